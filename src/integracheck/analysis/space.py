"""Space: underserved neighbourhoods, places hard to reach, main languages no entry point speaks.

Each finding is decided or listed apart as not known:
- A neighbourhood is underserved when its stated migrant share is above the city's and it
  decidedly lacks services (the services and entry-point lists are complete, and no listed place
  that does not state its neighbourhoods could be there) or shared spaces (the shared-spaces list
  is complete and each space states its neighbourhood). Where the share or those lists leave it
  open it is undecided. The city's share, when not stated, is the neighbourhoods' mean only when
  the neighbourhood list is complete and each one states its share.
- A place is hard to reach when it is stated both outside the centre and off public transport;
  a place stating neither enough to tell is listed as not known.
- A main language is missing when the entry-point list is complete, each entry point states its
  languages, and none speaks it; otherwise, with no entry point found that speaks it, it is
  not known.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from integracheck.analysis.common import Locator, both, complete, service_domains, serving
from integracheck.models.analysis import (
    LanguageCoverage,
    NeighbourhoodFinding,
    ReachFinding,
    SpaceFindings,
)

if TYPE_CHECKING:
    from integracheck.models.profile import EntryPoint, Neighbourhood, Profile, Service

# Domains whose services carry the city's main languages (besides the entry points).
KEY_DOMAINS = frozenset({"information", "legal", "health", "mental_health", "social_welfare"})
HARD_TO_REACH = "outside the centre and not served by public transport"


def _city_share(profile: Profile, neighbourhoods: list[Neighbourhood]) -> float | None:
    if profile.city.migrant_share is not None:
        return profile.city.migrant_share
    listed = profile.space.neighbourhoods if profile.space else None
    shares = [n.migrant_share for n in neighbourhoods if n.migrant_share is not None]
    if not shares or len(shares) < len(neighbourhoods):
        return None
    if not complete(profile, "space.neighbourhoods", listed):
        return None  # the mean of the neighbourhoods a source happens to name is not the city's
    return round(sum(shares) / len(shares), 1)


def _may_be_in(item: Service | EntryPoint, hood: Neighbourhood) -> bool:
    """Whether a listed place whose neighbourhoods are not stated could lie in `hood`: not when
    one is stated central and the other not."""
    # A service has no `kind`; an entry point that is a website stands in no neighbourhood.
    if item.neighbourhoods is not None or getattr(item, "kind", None) == "website":
        return False
    return item.central is None or hood.central is None or item.central == hood.central


def _reach(item: Service | EntryPoint) -> bool | None:
    """True: reachable (central, or on public transport); False: stated neither; None: open."""
    if item.central or item.public_transport:
        return True
    if item.central is False and item.public_transport is False:
        return False
    return None


def space(profile: Profile, locate: Locator) -> SpaceFindings:
    listed_hoods = profile.space.neighbourhoods if profile.space else None
    listed_spaces = profile.space.shared_spaces if profile.space else None
    neighbourhoods = listed_hoods or []
    spaces = listed_spaces or []
    services = serving(profile.services)
    entries = profile.entry_points or []
    city_share = _city_share(profile, neighbourhoods)
    places_listed = complete(profile, "services", profile.services) and complete(
        profile, "entry_points", profile.entry_points
    )
    spaces_listed = complete(profile, "space.shared_spaces", listed_spaces)

    underserved: list[NeighbourhoodFinding] = []
    undecided: list[NeighbourhoodFinding] = []
    for index, hood in enumerate(neighbourhoods):
        share = hood.migrant_share
        if share is not None and city_share is not None and share <= city_share:
            continue
        found_here = [s.id for s in services if hood.name in (s.neighbourhoods or [])]
        found_here += [e.id for e in entries if hood.name in (e.neighbourhoods or [])]
        places = [p.name for p in spaces if p.neighbourhood == hood.name]
        finding = NeighbourhoodFinding(
            hood.name,
            share,
            city_share,
            tuple(found_here),
            tuple(places),
            locate(f"space.neighbourhoods[{index}]"),
            services_known=places_listed
            and not any(_may_be_in(x, hood) for x in both(services, entries)),
            spaces_known=spaces_listed and all(p.neighbourhood is not None for p in spaces),
        )
        if finding.above_average and finding.lacks:
            underserved.append(finding)
        elif finding.lacks or finding.may_lack:
            undecided.append(finding)

    reach: list[ReachFinding] = []
    reach_unknown: list[str] = []
    for index, entry in enumerate(entries):
        if entry.kind == "website":
            continue
        reachable = _reach(entry)
        if reachable is False:
            reach.append(
                ReachFinding(
                    entry.id,
                    entry.name,
                    "entry point",
                    HARD_TO_REACH,
                    locate(f"entry_points[{index}]"),
                )
            )
        elif reachable is None:
            reach_unknown.append(entry.id)
    for index, service in enumerate(services):
        reachable = _reach(service)
        if reachable is False:
            reach.append(
                ReachFinding(
                    service.id, service.name, "service", HARD_TO_REACH, locate(f"services[{index}]")
                )
            )
        elif reachable is None:
            reach_unknown.append(service.id)

    languages = []
    entries_listed = complete(profile, "entry_points", profile.entry_points) and all(
        e.languages is not None for e in entries
    )
    for language in profile.city.main_languages or []:
        wanted = language.casefold()
        at_entries = tuple(
            e.id for e in entries if wanted in {x.casefold() for x in e.languages or []}
        )
        at_services = tuple(
            s.id
            for s in services
            if service_domains(s) & KEY_DOMAINS
            and wanted in {x.casefold() for x in s.languages or []}
        )
        languages.append(LanguageCoverage(language, at_entries, at_services, entries_listed))

    return SpaceFindings(
        city_share,
        tuple(underserved),
        tuple(reach),
        tuple(languages),
        undecided_neighbourhoods=tuple(undecided),
        reach_unknown=tuple(reach_unknown),
        neighbourhoods_decided=complete(profile, "space.neighbourhoods", listed_hoods)
        and not undecided,
        reach_decided=places_listed and not reach_unknown,
    )
