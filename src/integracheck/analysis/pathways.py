"""Pathway coverage: which services and entry points serve each legal status in each domain.

A cell with a provider is served. An empty cell is a gap only when it is decided: the services
and entry-point lists are both complete inventories, and no listed item that might serve the
cell leaves that open (a service of the domain, or an entry point, whose `eligible_statuses` are
not stated; an entry point other than a website whose `in_house` is not stated, for the domains
besides information). Otherwise the cell is unknown: an absent kind of service in partial
evidence says nothing about the city.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from integracheck.analysis.common import (
    SRC_000_OBJ4,
    SRC_001_P11,
    both,
    complete,
    entry_domains,
    service_domains,
    serving,
    statuses,
)
from integracheck.models.analysis import Benchmark, Cell, CellState, Pathways
from integracheck.models.vocabulary import LEGAL_STATUSES

if TYPE_CHECKING:
    from integracheck.models.profile import EntryPoint, Profile, Service

# The matrix's columns: the domains a migrant's path runs through. Other domains a profile uses
# are added after these.
CORE_DOMAINS: tuple[str, ...] = (
    "information",
    "legal",
    "language",
    "housing",
    "employment",
    "education",
    "early_childhood",
    "health",
    "mental_health",
    "social_welfare",
)


def entry_may_hold(entry: EntryPoint, domain: str) -> bool:
    """Whether an entry point may serve `domain` in house though it does not say so: its
    `in_house` is not stated (a website holds nothing in house; any entry point informs)."""
    return domain != "information" and entry.in_house is None and entry.kind != "website"


def may_serve(status: str, eligible: Sequence[str] | None) -> bool:
    """Whether an item may serve `status`: it does, or its eligible statuses are not stated."""
    return eligible is None or status in statuses(eligible)


def cell_state(
    status: str,
    domain: str,
    providers: Sequence[str],
    services: Sequence[Service],
    entries: Sequence[EntryPoint],
    decidable: bool,
) -> CellState:
    """served, gap (decided: complete lists, no listed item leaves it open) or unknown."""
    if providers:
        return "served"
    if not decidable:
        return "unknown"
    open_service = any(
        domain in service_domains(s) and s.eligible_statuses is None for s in services
    )
    open_entry = any(
        may_serve(status, e.eligible_statuses)
        and (domain in entry_domains(e) or entry_may_hold(e, domain))
        for e in entries
    )
    return "unknown" if open_service or open_entry else "gap"


def _benchmark(
    benchmark_id: str,
    title: str,
    cells: Sequence[tuple[str, Cell]],
    source: str,
) -> Benchmark:
    """Met when every cell is served; not met when one is a decided gap; else not known."""
    missing = tuple(label for label, cell in cells if cell.gap)
    unknown = tuple(label for label, cell in cells if cell.unknown)
    met = False if missing else (None if unknown else True)
    return Benchmark(benchmark_id, title, met, missing, source, unknown)


def pathways(profile: Profile) -> Pathways | None:
    if profile.services is None and profile.entry_points is None:
        return None
    services = serving(profile.services)
    entries = profile.entry_points or []
    decidable = complete(profile, "services", profile.services) and complete(
        profile, "entry_points", profile.entry_points
    )
    extra = sorted({d for s in services for d in service_domains(s)} - set(CORE_DOMAINS))
    domains = (*CORE_DOMAINS, *extra)
    unknown_eligibility = tuple(
        x.id for x in both(services, entries) if x.eligible_statuses is None
    )
    cells = []
    for status in LEGAL_STATUSES:
        for domain in domains:
            providers = [
                s.id
                for s in services
                if domain in service_domains(s) and status in statuses(s.eligible_statuses)
            ]
            providers += [
                e.id
                for e in entries
                if domain in entry_domains(e) and status in statuses(e.eligible_statuses)
            ]
            state = cell_state(status, domain, providers, services, entries, decidable)
            cells.append(Cell(status, domain, tuple(providers), state))
    matrix = Pathways(
        statuses=LEGAL_STATUSES,
        domains=domains,
        cells=tuple(cells),
        benchmarks=(),
        unknown_eligibility=unknown_eligibility,
    )
    benchmarks = (
        _benchmark(
            "day-one",
            "Information and orientation from day one, regardless of status",
            [(s, matrix.cell(s, "information")) for s in LEGAL_STATUSES],
            SRC_000_OBJ4 + ", tool 1: Use integrated approaches from Moment Zero/Day One",
        ),
        _benchmark(
            "basic-services",
            "Basic health and social services for those who do not meet residence criteria",
            [
                (f"{s} × {d}", matrix.cell(s, d))
                for s in ("irregular_migrant", "asylum_seeker")
                for d in ("health", "social_welfare")
            ],
            SRC_001_P11,
        ),
    )
    return Pathways(
        statuses=LEGAL_STATUSES,
        domains=domains,
        cells=tuple(cells),
        benchmarks=benchmarks,
        unknown_eligibility=unknown_eligibility,
    )
