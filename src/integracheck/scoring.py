"""Turn rule results into group, checklist and overall scores, bands and gates: pure functions."""

from __future__ import annotations

import statistics
from collections.abc import Iterable, Sequence

from integracheck.engine import Evaluation
from integracheck.loading.checklist import LoadedChecklist
from integracheck.models.analysis import Analysis
from integracheck.models.report import (
    DECIDED,
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

REPORT_SCHEMA_VERSION = "2.0"

# Below this coverage (per cent of the applicable rule weight that could be decided) a score
# is shown with the band "insufficient evidence": too little is known to name a band.
MIN_COVERAGE_FOR_BAND = 30.0
INSUFFICIENT = "insufficient evidence"

# The one place the bands are defined: (lowest score of the band, name), highest first.
BANDS: tuple[tuple[int, str], ...] = (
    (75, "advanced"),
    (50, "established"),
    (25, "emerging"),
    (0, "absent"),
)


def band(score: float | None, coverage: float | None = 100.0) -> str:
    """The band of a score, or "insufficient evidence" when its coverage is too thin."""
    if score is None:
        return INSUFFICIENT if coverage is not None and coverage == 0 else "not scored"
    if coverage is not None and coverage < MIN_COVERAGE_FOR_BAND:
        return INSUFFICIENT
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
    """Score = weighted mean of the decided rules' levels; coverage = decided weight over the
    applicable weight (decided, unknown, error)."""
    by_group: dict[tuple[str, str], list[RuleResult]] = {}
    for result in results:
        by_group.setdefault((result.checklist_id, result.group_id), []).append(result)
    out = []
    for loaded in checklists:
        for group in loaded.checklist.groups:
            members = by_group.get((loaded.checklist.id, group.id), [])
            score, share = group_score_and_coverage(members)
            coverage = evidence_coverage(members)
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
                    band=band(score, coverage),
                    counts=counts,
                    steps=tuple(
                        ScoreStep(
                            rule_id=r.rule_id,
                            status=r.status,
                            level=r.level,
                            weight=r.weight_in_score,
                        )
                        for r in members
                    ),
                    coverage=coverage,
                    share=share,
                )
            )
    return tuple(out)


def group_score_and_coverage(
    members: Sequence[RuleResult],
) -> tuple[float | None, float | None]:
    """A group's score (weighted mean of its decided rules' levels) and the share of its
    applicable weight that weighs in it (per cent); None where nothing weighs or applies."""
    decided = [r for r in members if r.status in DECIDED]
    score = weighted_mean((r.level, r.weight) for r in decided)
    return score, _share(members, decided)


def evidence_coverage(members: Sequence[RuleResult]) -> float | None:
    """The share of the applicable weight that stated facts decide (a strict-mode fail that
    stands for an unknown rule is no evidence)."""
    return _share(members, [r for r in members if r.status in DECIDED and not r.assumed])


def _share(members: Sequence[RuleResult], counted: Sequence[RuleResult]) -> float | None:
    applicable = sum(r.weight for r in members if r.applicable)
    weight = sum(r.weight for r in counted)
    return round(100 * weight / applicable, 1) if applicable > 0 else None


def pooled(
    parts: Iterable[tuple[float | None, float | None, float]],
) -> tuple[float | None, float | None]:
    """Score and coverage of a whole from its parts' (score, coverage, weight).

    Each part's score counts in proportion to its weight times its coverage, so a part judged
    on little evidence moves the whole little; coverage is the weighted mean of the parts'
    coverage. Parts with nothing applicable (coverage None) are left out."""
    score_total = score_weight = coverage_total = coverage_weight = 0.0
    for score, coverage, weight in parts:
        if coverage is None:
            continue
        coverage_total += coverage * weight
        coverage_weight += weight
        if score is not None and coverage > 0:
            score_total += score * weight * coverage
            score_weight += weight * coverage
    score_out = round(score_total / score_weight, 1) if score_weight > 0 else None
    coverage_out = round(coverage_total / coverage_weight, 1) if coverage_weight > 0 else None
    return score_out, coverage_out


def checklist_scores(
    checklists: Sequence[LoadedChecklist], groups: Sequence[GroupScore]
) -> tuple[ChecklistScore, ...]:
    out = []
    for loaded in checklists:
        mine = [g for g in groups if g.checklist_id == loaded.checklist.id]
        score, share = pooled((g.score, g.share, g.weight) for g in mine)
        coverage = pooled((g.score, g.coverage, g.weight) for g in mine)[1]
        out.append(
            ChecklistScore(
                id=loaded.checklist.id,
                title=loaded.checklist.title,
                version=loaded.checklist.version,
                weight=loaded.checklist.weight,
                score=score,
                band=band(score, coverage),
                coverage=coverage,
                share=share,
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
    coverage: float | None = None,
    min_coverage: float | None = None,
) -> tuple[Gate, ...]:
    out = []
    if min_coverage is not None:
        out.append(_at_least("min-coverage", "evidence coverage", coverage, min_coverage, "%"))
    if fail_under is not None:
        out.append(_at_least("fail-under", "overall score", score, fail_under, ""))
    if fail_on is not None:
        limit = severity_rank(fail_on)
        failing = [
            r.rule_id
            for r in results
            if r.status in ("fail", "error") and severity_rank(r.severity) <= limit
        ]
        failing += [k.risk_id for k in evaluation.risks if severity_rank(k.severity) <= limit]
        # A risk whose condition fails to evaluate fails closed, as a rule that errors does.
        failing += [
            k.risk_id
            for k in evaluation.unchecked_risks
            if k.error and severity_rank(k.severity) <= limit
        ]
        detail = (
            f"{len(failing)} failed rule(s) or risk(s) at severity {fail_on} or above: "
            + ", ".join(failing[:10])
            + (", ..." if len(failing) > 10 else "")
            if failing
            else f"no failed rule or risk at severity {fail_on} or above"
        )
        out.append(Gate("fail-on", fail_on, not failing, detail))
    return tuple(out)


def _at_least(name: str, what: str, value: float | None, threshold: float, unit: str) -> Gate:
    """A gate that holds when a value reaches its threshold (no value never does)."""
    passed = value is not None and value >= threshold
    shown = "none" if value is None else f"{value:g}{unit}"
    sign = ">=" if passed else "<"
    return Gate(name, f"{threshold:g}", passed, f"{what} {shown} {sign} {threshold:g}{unit}")


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
    min_coverage: float | None = None,
    analysis: Analysis | None = None,
    as_of: str = "",
    fictional: bool = False,
) -> Report:
    """Score an evaluation: groups, then checklists, then the whole, each with its coverage."""
    groups = group_scores(checklists, evaluation.results)
    per_checklist = checklist_scores(checklists, groups)
    overall = pooled((c.score, c.share, c.weight) for c in per_checklist)[0]
    coverage = pooled((c.score, c.coverage, c.weight) for c in per_checklist)[1]
    not_stated = rank_not_stated(evaluation)
    return Report(
        schema_version=REPORT_SCHEMA_VERSION,
        tool_version=tool_version,
        profile_file=profile_file,
        city=city,
        country=country,
        city_type=city_type,
        score=overall,
        band=band(overall, coverage),
        coverage=coverage,
        strict=evaluation.strict,
        as_of=as_of,
        fictional=fictional,
        checklists=per_checklist,
        groups=groups,
        results=evaluation.results,
        risks=evaluation.risks,
        not_stated=not_stated,
        gates=gates(
            overall, evaluation.results, evaluation, fail_under, fail_on, coverage, min_coverage
        ),
        expired_waivers=evaluation.expired_waivers,
        unmatched_waivers=evaluation.unmatched_waivers,
        unchecked_risks=evaluation.unchecked_risks,
        analysis=analysis,
    )


def rank_not_stated(evaluation: Evaluation) -> tuple[NotStated, ...]:
    """The facts not stated, those that would decide the most rule weight first.

    A fact decides the weight of the undecided rules that need it (an unknown rule, or the
    undecided levels above a partial one: the share of the weight they could still add)."""
    results = {r.rule_id: r for r in evaluation.results}
    # As sets: a rule may need thousands of facts, and each is looked up in it.
    needs = {r.rule_id: frozenset(r.not_stated) for r in evaluation.results}
    ranked = []
    for fact, ids in evaluation.not_stated.items():
        weight = 0.0
        for rule_id in ids:
            result = results.get(rule_id)
            if result is None or fact not in needs[rule_id]:
                continue  # a risk, or a rule decided without this fact
            weight += result.weight * (100 - result.level) / 100
        ranked.append(NotStated(fact=fact, rule_ids=ids, weight=round(weight, 2)))
    return tuple(sorted(ranked, key=lambda n: (-n.weight, n.fact)))


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
