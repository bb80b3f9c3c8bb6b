"""Results of the time-and-space analyses: pathways, transitions, space and coherence conflicts.

Every finding that depends on what a profile states is three-valued: decided yes, decided no,
or not known. A fact the profile does not state, or a kind of item absent from a list given only
as partial evidence, leaves a finding "unknown", never "no": an empty cell is a gap only when
the lists it searches are complete inventories.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from integracheck.models.report import Location

# served: someone serves it; gap: decided that no one does; unknown: not known either way.
CellState = Literal["served", "gap", "unknown"]
TransitionState = Literal["covered", "uncovered", "unknown"]
LanguageState = Literal["covered", "missing", "unknown"]


@dataclass(frozen=True)
class Cell:
    """One status-by-domain cell of the pathway matrix: what serves that status in that domain."""

    status: str
    domain: str
    providers: tuple[str, ...]  # ids of services and entry points
    state: CellState

    @property
    def gap(self) -> bool:
        """Decided that nothing serves this status in this domain."""
        return self.state == "gap"

    @property
    def unknown(self) -> bool:
        """No listed provider, but the lists or the listed items' fields leave it open."""
        return self.state == "unknown"


@dataclass(frozen=True)
class Benchmark:
    """A cell pattern the sources hold up as a minimum, and whether the profile meets it."""

    id: str
    title: str
    met: bool | None  # None: not known (no cell decided short, some cell not known)
    missing: tuple[str, ...]  # statuses or cells decided to fall short
    source: str
    unknown: tuple[str, ...] = ()  # statuses or cells not known


@dataclass(frozen=True)
class Pathways:
    statuses: tuple[str, ...]
    domains: tuple[str, ...]
    cells: tuple[Cell, ...]
    benchmarks: tuple[Benchmark, ...]
    unknown_eligibility: tuple[str, ...]  # providers whose eligible statuses are not stated

    def cell(self, status: str, domain: str) -> Cell:
        return next(c for c in self.cells if c.status == status and c.domain == domain)

    @property
    def gaps(self) -> int:
        """Cells decided to be gaps."""
        return sum(cell.gap for cell in self.cells)

    @property
    def unknown(self) -> int:
        """Cells with no listed provider that cannot be called gaps."""
        return sum(cell.unknown for cell in self.cells)

    @property
    def served(self) -> int:
        return sum(cell.state == "served" for cell in self.cells)


@dataclass(frozen=True)
class NeedResult:
    label: str
    met: bool | None  # None: no provider listed, and the evidence cannot say there is none
    providers: tuple[str, ...]
    unknown_because: str = ""  # why it is not known, when met is None

    @property
    def unknown(self) -> bool:
        return self.met is None


@dataclass(frozen=True)
class TransitionResult:
    id: str
    title: str
    who: str
    needs: tuple[NeedResult, ...]
    source: str

    @property
    def covered(self) -> bool | None:
        """True when every need is met, False when one is decided unmet, else None."""
        if any(need.met is False for need in self.needs):
            return False
        if all(need.met for need in self.needs):
            return True
        return None

    @property
    def state(self) -> TransitionState:
        covered = self.covered
        return "unknown" if covered is None else "covered" if covered else "uncovered"

    @property
    def missing(self) -> tuple[NeedResult, ...]:
        """Needs decided to be unmet."""
        return tuple(need for need in self.needs if need.met is False)

    @property
    def unknown_needs(self) -> tuple[NeedResult, ...]:
        return tuple(need for need in self.needs if need.met is None)


@dataclass(frozen=True)
class NeighbourhoodFinding:
    """A neighbourhood with an above-average migrant share (or an unstated share), what is
    found there, and what it decidedly lacks or may lack."""

    name: str
    migrant_share: float | None  # None: not stated, so whether it is above average is not known
    city_share: float | None
    services: tuple[str, ...]
    shared_spaces: tuple[str, ...]
    location: Location
    services_known: bool = True  # False: none listed there, but the evidence leaves it open
    spaces_known: bool = True

    @property
    def lacks(self) -> tuple[str, ...]:
        """What it decidedly lacks."""
        missing = []
        if not self.services and self.services_known:
            missing.append("services")
        if not self.shared_spaces and self.spaces_known:
            missing.append("shared public spaces")
        return tuple(missing)

    @property
    def may_lack(self) -> tuple[str, ...]:
        """What none is listed for, where the evidence cannot say there is none."""
        missing = []
        if not self.services and not self.services_known:
            missing.append("services")
        if not self.shared_spaces and not self.spaces_known:
            missing.append("shared public spaces")
        return tuple(missing)

    @property
    def above_average(self) -> bool | None:
        if self.migrant_share is None or self.city_share is None:
            return None
        return self.migrant_share > self.city_share


@dataclass(frozen=True)
class ReachFinding:
    id: str
    name: str
    kind: str  # "entry point" or "service"
    reason: str
    location: Location


@dataclass(frozen=True)
class LanguageCoverage:
    language: str
    entry_points: tuple[str, ...]
    services: tuple[str, ...]
    known: bool = True  # False: no listed entry point speaks it, but the evidence leaves it open

    @property
    def covered(self) -> bool:
        """An entry point is found that speaks it."""
        return bool(self.entry_points)

    @property
    def state(self) -> LanguageState:
        if self.entry_points:
            return "covered"
        return "missing" if self.known else "unknown"


@dataclass(frozen=True)
class SpaceFindings:
    city_share: float | None
    underserved: tuple[NeighbourhoodFinding, ...]  # decided: above average and lacking
    hard_to_reach: tuple[ReachFinding, ...]  # decided: stated neither central nor on transport
    languages: tuple[LanguageCoverage, ...]
    # Not known: a neighbourhood that may be underserved (share or lists leave it open).
    undecided_neighbourhoods: tuple[NeighbourhoodFinding, ...] = ()
    # Not known: listed places that state neither enough of `central` nor `public_transport`.
    reach_unknown: tuple[str, ...] = ()
    # Whether the lists and fields the findings read were complete enough to decide each count.
    neighbourhoods_decided: bool = False
    reach_decided: bool = False

    @property
    def missing_languages(self) -> tuple[str, ...]:
        return tuple(c.language for c in self.languages if c.state == "missing")

    @property
    def unknown_languages(self) -> tuple[str, ...]:
        return tuple(c.language for c in self.languages if c.state == "unknown")


@dataclass(frozen=True)
class Conflict:
    """Two parts of the set-up that each exist but do not fit together."""

    id: str  # kind of conflict, e.g. "enrolment-window"
    title: str
    message: str
    first: str
    second: str  # "" when the conflict is the absence of a counterpart
    locations: tuple[Location, ...]
    source: str


@dataclass(frozen=True)
class FundingFinding:
    """A running service whose funding has ended, or ends within a year as project money."""

    id: str
    name: str
    ends: str  # ISO date
    state: str  # "ended" or "ending"
    location: Location


@dataclass(frozen=True)
class Analysis:
    pathways: Pathways | None  # None when the profile states no services or entry points
    transitions: tuple[TransitionResult, ...] | None
    space: SpaceFindings
    conflicts: tuple[Conflict, ...]
    funding: tuple[FundingFinding, ...] = ()
