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
    # The least and the most overall score any completion of the unstated facts could give;
    # None from a report older than schema 3.0, which has no range.
    lower: float | None = None
    upper: float | None = None
    group_bounds: dict[str, tuple[float | None, float | None]] = field(default_factory=dict)
    unknown: dict[str, str] = field(default_factory=dict)  # rules not decided: id -> title
    # What the analyses found, as comparable keys:
    cells: dict[str, str] = field(default_factory=dict)  # "status x domain" -> state
    transitions: dict[str, tuple[str, str]] = field(default_factory=dict)  # id -> (title, state)
    conflicts: dict[str, str] = field(default_factory=dict)  # "kind: first, second" -> title
    space: dict[str, str] = field(default_factory=dict)  # finding key -> text
    needs_missing: frozenset[str] = frozenset()  # "transition title: need", decided unmet


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
    # The bounds of the overall score and of each group, old -> new.
    lower: ScoreChange | None = None
    upper: ScoreChange | None = None
    group_lower: tuple[ScoreChange, ...] = ()
    group_upper: tuple[ScoreChange, ...] = ()
    now_unknown: tuple[tuple[str, str], ...] = ()  # decided before, not decidable now
    now_decided: tuple[tuple[str, str], ...] = ()
    cells_opened: tuple[str, ...] = ()  # pathway cells served now, not before
    cells_closed: tuple[str, ...] = ()  # served before, not now
    gaps_before_after: tuple[int, int] = (0, 0)  # decided empty cells
    transitions_covered: tuple[str, ...] = ()  # titles
    transitions_uncovered: tuple[str, ...] = ()
    needs_lost: tuple[str, ...] = ()  # "transition: need", met or not known before, unmet now
    needs_met: tuple[str, ...] = ()
    conflicts_new: tuple[str, ...] = ()
    conflicts_resolved: tuple[str, ...] = ()
    space_new: tuple[str, ...] = ()
    space_resolved: tuple[str, ...] = ()

    @property
    def analyses_changed(self) -> bool:
        return bool(
            self.cells_opened
            or self.cells_closed
            or self.transitions_covered
            or self.transitions_uncovered
            or self.needs_lost
            or self.needs_met
            or self.conflicts_new
            or self.conflicts_resolved
            or self.space_new
            or self.space_resolved
        )

    @property
    def regressions(self) -> tuple[ScoreChange, ...]:
        """The overall score and the groups whose guaranteed score (lower bound) dropped.

        The lower bound, as `--fail-under` reads it: it moves only with what the stated facts
        establish, so a rule that becomes unknown can lower it (a guarantee is lost) while a
        fact newly stated never can. Where a side has no range (a report older than schema
        3.0), the score is the only figure both carry, and its drop counts."""
        lower = {change.id: change for change in (self.lower, *self.group_lower) if change}
        out = []
        for change in (self.overall, *self.groups):
            bound = lower.get(change.id)
            reading = bound if bound is not None and bound.delta is not None else change
            if reading.dropped:
                out.append(reading)
        return tuple(out)
