"""Turn rule results into group, checklist and overall scores, bands and gates: pure functions."""

from __future__ import annotations

import statistics
from collections.abc import Iterable, Sequence

from integracheck.engine import Evaluation
from integracheck.loading.checklist import LoadedChecklist
from integracheck.models.analysis import Analysis
from integracheck.models.report import (
    STATUSES,
    ChecklistScore,
    Gate,
    GroupScore,
    NotStated,
    Peers,
    PeerStat,
    Report,
    RuleResult,
    ScoreStep,
)
from integracheck.models.vocabulary import SEVERITIES

REPORT_SCHEMA_VERSION = "1.0"

# The one place the bands are defined: (lowest score of the band, name), highest first.
BANDS: tuple[tuple[int, str], ...] = (
    (75, "advanced"),
    (50, "established"),
    (25, "emerging"),
    (0, "absent"),
)


def band(score: float | None) -> str:
    if score is None:
        return "not scored"
    for floor, name in BANDS:
        if score >= floor:
            return name
    return BANDS[-1][1]


def weighted_mean(pairs: Iterable[tuple[float, float]]) -> float | None:
    """Mean of (value, weight) pairs; None when nothing carries weight."""
    total = weight_sum = 0.0
    for value, weight in pairs:
        total += value * weight
        weight_sum += weight
    return round(total / weight_sum, 1) if weight_sum > 0 else None


def group_scores(
    checklists: Sequence[LoadedChecklist], results: Sequence[RuleResult]
) -> tuple[GroupScore, ...]:
    by_group: dict[tuple[str, str], list[RuleResult]] = {}
    for result in results:
        by_group.setdefault((result.checklist_id, result.group_id), []).append(result)
    out = []
    for loaded in checklists:
        for group in loaded.checklist.groups:
            members = by_group.get((loaded.checklist.id, group.id), [])
            # Errors weigh nothing: a rule that cannot be evaluated says nothing about the city.
            scored = [r for r in members if r.weight_in_score > 0 and r.status != "error"]
            score = weighted_mean((r.level, r.weight) for r in scored)
            counts: dict[str, int] = {status: 0 for status in STATUSES}
            for result in members:
                counts[result.status] += 1
            out.append(
                GroupScore(
                    id=group.id,
                    title=group.title,
                    checklist_id=loaded.checklist.id,
                    weight=group.weight,
                    score=score,
                    band=band(score),
                    counts=counts,
                    steps=tuple(
                        ScoreStep(
                            rule_id=r.rule_id,
                            status=r.status,
                            level=r.level,
                            weight=r.weight_in_score if r.status != "error" else 0.0,
                        )
                        for r in members
                    ),
                )
            )
    return tuple(out)


def checklist_scores(
    checklists: Sequence[LoadedChecklist], groups: Sequence[GroupScore]
) -> tuple[ChecklistScore, ...]:
    out = []
    for loaded in checklists:
        mine = [g for g in groups if g.checklist_id == loaded.checklist.id and g.score is not None]
        score = weighted_mean((g.score, g.weight) for g in mine if g.score is not None)
        out.append(
            ChecklistScore(
                id=loaded.checklist.id,
                title=loaded.checklist.title,
                version=loaded.checklist.version,
                weight=loaded.checklist.weight,
                score=score,
                band=band(score),
            )
        )
    return tuple(out)


def severity_rank(severity: str) -> int:
    """0 for critical, rising to 3 for low."""
    return SEVERITIES.index(severity) if severity in SEVERITIES else len(SEVERITIES)


def gates(
    score: float | None,
    results: Sequence[RuleResult],
    evaluation: Evaluation,
    fail_under: float | None,
    fail_on: str | None,
) -> tuple[Gate, ...]:
    out = []
    if fail_under is not None:
        passed = score is not None and score >= fail_under
        shown = "none" if score is None else f"{score:g}"
        out.append(
            Gate(
                "fail-under",
                f"{fail_under:g}",
                passed,
                f"overall score {shown} {'>=' if passed else '<'} {fail_under:g}",
            )
        )
    if fail_on is not None:
        limit = severity_rank(fail_on)
        failing = [
            r.rule_id
            for r in results
            if r.status in ("fail", "error") and severity_rank(r.severity) <= limit
        ]
        failing += [k.risk_id for k in evaluation.risks if severity_rank(k.severity) <= limit]
        detail = (
            f"{len(failing)} failed rule(s) or risk(s) at severity {fail_on} or above: "
            + ", ".join(failing[:10])
            + (", ..." if len(failing) > 10 else "")
            if failing
            else f"no failed rule or risk at severity {fail_on} or above"
        )
        out.append(Gate("fail-on", fail_on, not failing, detail))
    return tuple(out)


def build_report(
    *,
    profile_file: str,
    city: str,
    country: str,
    city_type: str,
    checklists: Sequence[LoadedChecklist],
    evaluation: Evaluation,
    tool_version: str,
    fail_under: float | None = None,
    fail_on: str | None = None,
    analysis: Analysis | None = None,
) -> Report:
    """Score an evaluation: groups, then checklists, then the weighted mean of checklists."""
    groups = group_scores(checklists, evaluation.results)
    per_checklist = checklist_scores(checklists, groups)
    overall = weighted_mean((c.score, c.weight) for c in per_checklist if c.score is not None)
    not_stated = tuple(
        NotStated(fact=fact, rule_ids=ids) for fact, ids in sorted(evaluation.not_stated.items())
    )
    return Report(
        schema_version=REPORT_SCHEMA_VERSION,
        tool_version=tool_version,
        profile_file=profile_file,
        city=city,
        country=country,
        city_type=city_type,
        score=overall,
        band=band(overall),
        checklists=per_checklist,
        groups=groups,
        results=evaluation.results,
        risks=evaluation.risks,
        not_stated=not_stated,
        gates=gates(overall, evaluation.results, evaluation, fail_under, fail_on),
        expired_waivers=evaluation.expired_waivers,
        analysis=analysis,
    )


def peer_stat(scores: Sequence[float]) -> PeerStat | None:
    """Median and quartiles (inclusive method, so two peers already give a spread)."""
    values = sorted(scores)
    if not values:
        return None
    if len(values) == 1:
        return PeerStat(n=1, median=values[0], q1=values[0], q3=values[0])
    q1, median, q3 = statistics.quantiles(values, n=4, method="inclusive")
    return PeerStat(n=len(values), median=round(median, 1), q1=round(q1, 1), q3=round(q3, 1))


def peers_summary(
    source: str, overall: Sequence[float], groups: dict[str, list[float]], count: int
) -> Peers:
    stats = {
        group_id: stat
        for group_id, scores in groups.items()
        if (stat := peer_stat(scores)) is not None
    }
    return Peers(source=source, n=count, overall=peer_stat(overall), groups=stats)
