"""What the analyses share: status sets, entry-point domains, evidence checks and locations."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from integracheck.loading.profile import LoadedProfile
from integracheck.models.report import Location
from integracheck.models.vocabulary import LEGAL_STATUSES

if TYPE_CHECKING:
    from integracheck.models.profile import EntryPoint, Profile, Service

SRC_000_OBJ4 = "000_4425345120a0e79b.txt, Objective 4"
SRC_000_OBJ5 = "000_4425345120a0e79b.txt, Objective 5"
SRC_001_P2 = "001_837918b8378d623e.txt, 2. Improving the coherence of integration policies"
SRC_001_P11 = "001_837918b8378d623e.txt, 11. Aligning social welfare services with migrant needs"
SRC_002_2 = "002_d70082e247f36e6a.txt, 2. Common Roadblocks"
SRC_002_2E = "002_d70082e247f36e6a.txt, 2.E What governance choices are behind these challenges?"
SRC_002_3D = "002_d70082e247f36e6a.txt, 3.D Designing inclusive services"
SRC_003_S1 = "003_b3961ffb33dce9cb.txt, Session 1: Housing young refugees"


def statuses(declared: Sequence[str] | None) -> set[str]:
    """The legal statuses a stated `eligible_statuses` names (`all` for every one). Callers
    must tell "not stated" (None) apart themselves: here it gives the empty set."""
    if not declared:
        return set()
    return set(LEGAL_STATUSES) if "all" in declared else set(declared)


def serving(services: Sequence[Service] | None) -> list[Service]:
    """The services that serve people today: a planned or ended one serves no one (a pilot
    does). A service whose stage is not stated is taken to run, as the profile lists it."""
    return [s for s in services or [] if s.stage not in ("planned", "ended")]


def service_domains(service: Service) -> set[str]:
    """The domains a service serves: its own, and those it also spans."""
    return {service.domain, *(service.also_domains or [])}


def entry_domains(entry: EntryPoint) -> set[str]:
    """The domains an entry point serves: any entry point informs, and it serves what it holds
    in house (as far as `in_house` is stated)."""
    return {"information", *(entry.in_house or [])}


def both(
    first: Sequence[Service | EntryPoint], second: Sequence[Service | EntryPoint]
) -> list[Service | EntryPoint]:
    return [*first, *second]


def complete(profile: Profile, inventory: str, items: Sequence[object] | None) -> bool:
    """Whether a list is a complete inventory, so that a kind of item absent from it means the
    city has none. A list the profile leaves out is not stated, even under complete evidence."""
    return items is not None and profile.inventory_complete(inventory)


class Locator:
    """Finds the line and column of a profile path, for findings that point into the file."""

    def __init__(self, loaded: LoadedProfile) -> None:
        self.positions = loaded.document.positions
        self.file = loaded.file

    def __call__(self, path: str) -> Location:
        line, column = self.positions.of_key(path)
        return Location(path=path, line=line, column=column, file=self.file)
