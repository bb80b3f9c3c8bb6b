"""Results of the time-and-space analyses: pathways, transitions, space and coherence conflicts."""

from __future__ import annotations

from dataclasses import dataclass

from integracheck.models.report import Location


@dataclass(frozen=True)
class Cell:
    """One status-by-domain cell of the pathway matrix: what serves that status in that domain."""

    status: str
    domain: str
    providers: tuple[str, ...]  # ids of services and entry points

    @property
    def gap(self) -> bool:
        return not self.providers


@dataclass(frozen=True)
class Benchmark:
    """A cell pattern the sources hold up as a minimum, and whether the profile meets it."""

    id: str
    title: str
    met: bool
    missing: tuple[str, ...]  # statuses or cells that fall short
    source: str


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
        return sum(cell.gap for cell in self.cells)


@dataclass(frozen=True)
class NeedResult:
    label: str
    met: bool
    providers: tuple[str, ...]


@dataclass(frozen=True)
class TransitionResult:
    id: str
    title: str
    who: str
    needs: tuple[NeedResult, ...]
    source: str

    @property
    def covered(self) -> bool:
        return all(need.met for need in self.needs)


@dataclass(frozen=True)
class NeighbourhoodFinding:
    name: str
    migrant_share: float
    city_share: float
    services: tuple[str, ...]
    shared_spaces: tuple[str, ...]
    location: Location

    @property
    def lacks(self) -> tuple[str, ...]:
        missing = []
        if not self.services:
            missing.append("services")
        if not self.shared_spaces:
            missing.append("shared public spaces")
        return tuple(missing)


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

    @property
    def covered(self) -> bool:
        return bool(self.entry_points)


@dataclass(frozen=True)
class SpaceFindings:
    city_share: float | None
    underserved: tuple[NeighbourhoodFinding, ...]
    hard_to_reach: tuple[ReachFinding, ...]
    languages: tuple[LanguageCoverage, ...]


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
class Analysis:
    pathways: Pathways | None  # None when the profile states no services or entry points
    transitions: tuple[TransitionResult, ...] | None
    space: SpaceFindings
    conflicts: tuple[Conflict, ...]
