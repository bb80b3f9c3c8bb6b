"""The facts the analyses hand to the rules under `derived`, each given only when decidable.

A rule reading a fact that is absent is "unknown" (it weighs nothing and lowers coverage), so a
fact is left out whenever the profile cannot decide it; it is never filled in with a value
computed from what the profile does not state:

- `pathways.day_one_for_all`, `pathways.basic_services_for_all`: true when every cell of the
  benchmark is served, false when one is a decided gap, absent otherwise.
- `pathways.gaps`, `pathways.coverage`: given only when every cell is decided (served or gap).
- `transitions.uncovered`, `uncovered_ids`, `covered_share`: given only when every transition is
  decided (covered or uncovered). A count of the decided-uncovered transitions alone would be a
  lower bound, which graded rules misread: OECD-04.13 gives 50 for `uncovered <= 3`, so a
  lower bound of 1 with five transitions undecided would claim a level the city may not reach.
  Every count and list here is therefore exact or absent, never a bound.
- `space.underserved_neighbourhoods`: given when the neighbourhood list is complete and no
  neighbourhood is undecided (see integracheck.analysis.space).
- `space.hard_to_reach`: given when the services and entry-point lists are complete and every
  listed place states enough of `central` / `public_transport` to tell.
- `space.missing_languages`: given when the city states its main languages and each one is
  decided (an entry point speaks it, or the complete entry-point list decides none does).
- `conflicts.count`, `conflicts.kinds`: conflicts are found between listed items from what they
  state, so they are given whenever services are stated and some fact a conflict check reads is
  stated (hours, enrolment windows, required documents, referrals between stated statuses).
- `funding_ends_within_a_year`, `targeted_without_mainstream_link`: the listed services whose
  stated fields show it (for the risks, which ask whether any listed service does); a service
  that does not state its funding or referrals is never in them.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from integracheck.analysis.common import both
from integracheck.models.analysis import Analysis, Pathways, SpaceFindings, TransitionResult

if TYPE_CHECKING:
    from integracheck.models.profile import Profile


# The profile facts each derived fact is worked out from: what a person states to decide it. A
# rule that needs a derived fact the analyses could not give names these instead, since no
# profile may state `derived` itself. A complete list (`evidence.complete_lists`) is named
# where the analysis gives its figure only for a complete inventory.
DERIVED_FROM: dict[str, tuple[str, ...]] = {
    "derived.pathways": (
        "services[].domain",
        "services[].eligible_statuses",
        "entry_points[].eligible_statuses",
    ),
    "derived.transitions": (
        "services[].offers",
        "services[].eligible_statuses",
        "services[].target_groups",
        "policies.employment.requalification",
    ),
    "derived.space.underserved_neighbourhoods": (
        "city.migrant_share",
        "space.neighbourhoods[].migrant_share",
        "services[].neighbourhoods",
        "space.shared_spaces[].neighbourhood",
        "evidence.complete_lists",
    ),
    "derived.space.hard_to_reach": (
        "services[].central",
        "services[].public_transport",
        "entry_points[].central",
        "entry_points[].public_transport",
        "evidence.complete_lists",
    ),
    "derived.space.missing_languages": ("city.main_languages", "entry_points[].languages"),
    "derived.conflicts": (
        "services[].hours",
        "services[].enrolment",
        "services[].requires_documents",
        "services[].refers_to",
        "evidence.complete_lists",
    ),
    "derived.funding": ("services[].funding",),
    "derived.targeted_without_mainstream_link": (
        "services[].approach",
        "services[].refers_to",
    ),
}


def derived_sources(fact: str) -> tuple[str, ...]:
    """The profile facts a derived fact (`derived.space.hard_to_reach`, ...) is worked out
    from; empty for a fact that is not derived."""
    for prefix, sources in DERIVED_FROM.items():
        if fact == prefix or fact.startswith(prefix + ".") or fact.startswith(prefix + "_"):
            return sources
    return ()


def _pathways(paths: Pathways) -> dict[str, Any]:
    out: dict[str, Any] = {}
    benchmarks = {b.id: b.met for b in paths.benchmarks}
    if benchmarks["day-one"] is not None:
        out["day_one_for_all"] = benchmarks["day-one"]
    if benchmarks["basic-services"] is not None:
        out["basic_services_for_all"] = benchmarks["basic-services"]
    total = len(paths.cells)
    if paths.unknown == 0:
        out["gaps"] = paths.gaps
        out["coverage"] = round(100 * paths.served / total, 1) if total else 0.0
    return out


def _transitions(found: tuple[TransitionResult, ...]) -> dict[str, Any]:
    if any(t.covered is None for t in found):
        return {}
    uncovered = [t.id for t in found if t.covered is False]
    return {
        "uncovered": len(uncovered),
        "uncovered_ids": uncovered,
        "covered_share": round(100 * (len(found) - len(uncovered)) / len(found), 1)
        if found
        else 100.0,
    }


def _space(space: SpaceFindings, profile: Profile) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if space.neighbourhoods_decided:
        out["underserved_neighbourhoods"] = len(space.underserved)
    if space.reach_decided:
        out["hard_to_reach"] = len(space.hard_to_reach)
    if profile.city.main_languages is not None and not space.unknown_languages:
        out["missing_languages"] = list(space.missing_languages)
    return out


def _conflicts_checkable(profile: Profile) -> bool:
    """Whether the profile states any fact a coherence check reads (hours, enrolment dates,
    referrals between stated statuses, required documents)."""
    services = profile.services or []
    items = both(services, profile.entry_points or [])
    return (
        any(s.hours for s in services)
        or any(
            s.enrolment is not None and (s.enrolment.window_closes or s.enrolment.rolling is False)
            for s in services
        )
        or any(s.requires_documents or s.requires_residence_registration for s in services)
        or any(x.refers_to and x.eligible_statuses for x in items)
    )


def derived_facts(analysis: Analysis, profile: Profile, today: dt.date) -> dict[str, Any]:
    """What the analyses found, as data rules can query under `derived` (README, "Analyses")."""
    out: dict[str, Any] = {}
    if analysis.pathways is not None:
        out["pathways"] = _pathways(analysis.pathways)
    if analysis.transitions is not None:
        out["transitions"] = _transitions(analysis.transitions)
    out["space"] = _space(analysis.space, profile)
    if profile.services is not None and _conflicts_checkable(profile):
        # Conflicts are found between listed services: with a partial list that is a lower
        # bound (`found`); only a complete list gives the exact `count` a score may rest on.
        out["conflicts"] = {
            "found": len(analysis.conflicts),
            "kinds": sorted({c.id for c in analysis.conflicts}),
        }
        if profile.inventory_complete("services"):
            out["conflicts"]["count"] = len(analysis.conflicts)
    if profile.services is not None:
        out["funding_ends_within_a_year"] = [f.id for f in analysis.funding if f.state == "ending"]
        out["funding_ended"] = [f.id for f in analysis.funding if f.state == "ended"]
        # Names and dates, for risks that say which service they concern.
        out["funding_cliffs"] = [
            f"'{f.name}' ({'ended' if f.state == 'ended' else 'ends'} {f.ends})"
            for f in analysis.funding
        ]
        mainstream = {s.id for s in profile.services if s.approach == "mainstream"}
        out["targeted_without_mainstream_link"] = [
            s.id
            for s in profile.services
            if s.approach == "targeted"
            and s.refers_to is not None
            and not set(s.refers_to) & mainstream
            and all(
                target.approach is not None
                for target in profile.services
                if target.id in s.refers_to
            )
        ]
    return out
