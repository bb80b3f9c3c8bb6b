"""What to do first: each gap ranked by what meeting it would add to the overall score."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from integracheck.models.report import ChecklistScore, GroupScore, Report, RuleResult
from integracheck.scoring import group_score_and_coverage, pooled, severity_rank


@dataclass(frozen=True)
class Priority:
    """A failed or partly met rule and the points the overall score would gain were it met."""

    result: RuleResult
    gain: float  # points on the 0-100 overall score


def overall(
    results: Sequence[RuleResult],
    groups: Sequence[GroupScore],
    checklists: Sequence[ChecklistScore],
) -> float | None:
    """The overall score these results give, with the groups' and checklists' weights."""
    by_group: dict[tuple[str, str], list[RuleResult]] = {}
    for result in results:
        by_group.setdefault((result.checklist_id, result.group_id), []).append(result)
    parts = []
    for checklist in checklists:
        score, coverage = pooled(
            (*group_score_and_coverage(by_group.get((checklist.id, g.id), [])), g.weight)
            for g in groups
            if g.checklist_id == checklist.id
        )
        parts.append((score, coverage, checklist.weight))
    return pooled(parts)[0]


def priorities(report: Report) -> tuple[Priority, ...]:
    """Every gap (fail or partial) with its gain, the largest first; severity breaks ties."""
    base = overall(report.results, report.groups, report.checklists) or 0.0
    out = []
    for index, result in enumerate(report.results):
        if result.status not in ("fail", "partial"):
            continue
        met = replace(result, status="pass", level=100)
        changed = [*report.results[:index], met, *report.results[index + 1 :]]
        gain = (overall(changed, report.groups, report.checklists) or 0.0) - base
        out.append(Priority(result, round(gain, 2)))
    return tuple(
        sorted(
            out,
            key=lambda p: (-p.gain, severity_rank(p.result.severity), p.result.rule_id),
        )
    )
