"""What changed between two assessments: scores per group, gaps opened and closed, risks."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal


@dataclass(frozen=True)
class Gap:
    rule_id: str
    title: str
    severity: str
    status: str
    level: int


@dataclass(frozen=True)
class RuleSet:
    """Which rules one side was assessed against, for one checklist."""

    version: str
    rule_ids: tuple[str, ...]  # in checklist order; from the results in reports of old format
    fingerprint: str | None = None  # None: a report written before fingerprints
    rule_fingerprints: dict[str, str] | None = None  # rule id -> fingerprint, when known


# same: the same content on both sides; different: stated content differs (a version, a rule
# added or removed, a fingerprint); unknown: nothing differs that either side states, but one
# side states no fingerprint, so the rules may still differ.
RuleSetState = Literal["same", "different", "unknown"]


@dataclass(frozen=True)
class RuleSetChange:
    """How one checklist's rules differ between the two sides of a comparison."""

    checklist_id: str
    old_version: str | None  # None: the checklist was not assessed on that side
    new_version: str | None
    state: RuleSetState
    added: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()
    changed: tuple[str, ...] = ()  # rules on both sides with different content, when known
    # The checklist's fingerprints differ though no rule's does: its groups, weights or risks.
    other_content: bool = False
    fingerprints_known: bool = True  # both sides state fingerprints


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
    rule_sets: dict[str, RuleSet] = field(default_factory=dict)  # checklist id -> its rules


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
    # One per checklist assessed on either side, in the new side's order.
    rule_sets: tuple[RuleSetChange, ...] = ()

    @property
    def rules_state(self) -> RuleSetState:
        """Whether the two sides were assessed against the same rules: different as soon as one
        checklist differs; unknown when none is known to differ but some cannot be compared."""
        states = {change.state for change in self.rule_sets}
        if "different" in states:
            return "different"
        if "unknown" in states or not self.rule_sets:
            return "unknown"
        return "same"

    def rule_change(self, rule_id: str) -> str | None:
        """'added', 'removed' or 'changed' when the rule itself differs between the two sides:
        a gap it opens or closes may then come from the rules, not from the city."""
        for change in self.rule_sets:
            for kind, ids in (
                ("added", change.added),
                ("removed", change.removed),
                ("changed", change.changed),
            ):
                if rule_id in ids:
                    return kind
        return None

    @property
    def rule_set_changes(self) -> tuple[RuleSetChange, ...]:
        """The checklists whose rules differ or cannot be compared."""
        return tuple(change for change in self.rule_sets if change.state != "same")

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
