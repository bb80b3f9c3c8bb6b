"""What to do first: each known gap ranked by how much meeting it would raise the guaranteed
score (the overall lower bound)."""

from __future__ import annotations

from dataclasses import dataclass, replace

from integracheck.models.report import Report, RuleResult
from integracheck.scoring import guaranteed, severity_rank


@dataclass(frozen=True)
class Priority:
    """A rule whose shortfall the stated facts establish, and the points the guaranteed overall
    score (its lower bound) would gain were it met."""

    result: RuleResult
    gain: float  # points on the 0-100 overall score


def known_gap(result: RuleResult) -> bool:
    """A shortfall the facts establish: a fail, or a partial level with nothing undecided above
    it. A rule held down only by an unstated fact is a fact to collect, not a gap."""
    return (
        result.status in ("fail", "partial")
        and not result.assumed
        and result.floor == (result.ceiling)
    )


def priorities(report: Report) -> tuple[Priority, ...]:
    """Every known gap with its gain, the largest first; severity breaks ties."""
    base = guaranteed(report.results, report.checklists)
    out = []
    for index, result in enumerate(report.results):
        if not known_gap(result):
            continue
        met = replace(result, status="pass", level=100, floor=100, ceiling=100)
        changed = [*report.results[:index], met, *report.results[index + 1 :]]
        gain = guaranteed(changed, report.checklists) - base
        out.append(Priority(result, round(gain, 2)))
    return tuple(
        sorted(
            out,
            key=lambda p: (-p.gain, severity_rank(p.result.severity), p.result.rule_id),
        )
    )
