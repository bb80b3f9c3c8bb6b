"""What changed between two assessments: scores per group, gaps opened and closed, risks."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Gap:
    rule_id: str
    title: str
    severity: str
    status: str
    level: int


@dataclass(frozen=True)
class Snapshot:
    """The parts of a report a comparison needs; built from a report or its JSON."""

    source: str
    city: str
    score: float | None
    groups: dict[str, tuple[str, float | None]]  # id -> (title, score)
    gaps: dict[str, Gap]
    risks: dict[str, str]  # id -> title
    coverage: float | None = None
    group_coverage: dict[str, float | None] = field(default_factory=dict)
    unknown: dict[str, str] = field(default_factory=dict)  # rules not decided: id -> title


@dataclass(frozen=True)
class ScoreChange:
    id: str
    title: str
    old: float | None
    new: float | None

    @property
    def delta(self) -> float | None:
        if self.old is None or self.new is None:
            return None
        return round(self.new - self.old, 1)

    @property
    def dropped(self) -> bool:
        return self.delta is not None and self.delta < 0


@dataclass(frozen=True)
class Comparison:
    old: Snapshot
    new: Snapshot
    overall: ScoreChange
    groups: tuple[ScoreChange, ...]
    new_gaps: tuple[Gap, ...]
    closed_gaps: tuple[Gap, ...]
    worse: tuple[tuple[Gap, Gap], ...]  # (old, new): still a gap, at a lower level
    better: tuple[tuple[Gap, Gap], ...]
    new_risks: tuple[tuple[str, str], ...]
    resolved_risks: tuple[tuple[str, str], ...]
    coverage: ScoreChange | None = None  # overall coverage, old -> new
    group_coverage: tuple[ScoreChange, ...] = ()
    now_unknown: tuple[tuple[str, str], ...] = ()  # decided before, not decidable now
    now_decided: tuple[tuple[str, str], ...] = ()

    @property
    def regressions(self) -> tuple[ScoreChange, ...]:
        """The overall score and the groups whose score dropped."""
        return tuple(change for change in (self.overall, *self.groups) if change.dropped)
