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

REPORT_SCHEMA_VERSION = "3.0"

INSUFFICIENT = "insufficient evidence"

# The one place the bands are defined: (lowest score of the band, name), highest first.
BANDS: tuple[tuple[int, str], ...] = (
    (75, "advanced"),
    (50, "established"),
    (25, "emerging"),
    (0, "absent"),
)


def band_of(score: float) -> str:
    """The band a single score falls in."""
    for floor, name in BANDS:
        if score >= floor:
            return name
    return BANDS[-1][1]


def band(lower: float | None, upper: float | None) -> str:
    """The band a score's range lies in: named only when the whole range lies in one band;
    "emerging to advanced" when it spans several; "insufficient evidence" when it spans every
    band, so the evidence cannot tell."""
    if lower is None or upper is None:
        return "not scored"
    low, high = band_of(lower), band_of(upper)
    if low == high:
        return low
    if low == BANDS[-1][1] and high == BANDS[0][1]:
        return INSUFFICIENT
    return f"{low} to {high}"


def weighted_mean(pairs: Iterable[tuple[float, float]]) -> float | None:
    """Mean of (value, weight) pairs; None when nothing carries weight."""
    total = weight_sum = 0.0
    for value, weight in pairs:
        total += value * weight
        weight_sum += weight
    return round(total / weight_sum, 1) if weight_sum > 0 else None


# A part of a score's bounds: (value, weight, may be left out). A part that may be left out is
# one whose applicability rests on unstated facts.
Part = tuple[float, float, bool]


def extreme(parts: Iterable[Part], *, lowest: bool) -> float | None:
    """The least (or most) weighted mean over every choice of the parts that may be left out.

    The parts that must count give a mean; among the others, those below it (above it, for the
    most) pull it further, the farthest first, and the rest are left out. Sorted so, the best
    choice is a prefix, and the first part that no longer pulls ends it. With nothing that must
    count, at least one part does (a score exists only when something applies)."""
    total = weight = 0.0
    optional: list[tuple[float, float]] = []
    for value, part_weight, may_leave in parts:
        if part_weight <= 0:
            continue
        if may_leave:
            optional.append((value, part_weight))
        else:
            total += value * part_weight
            weight += part_weight
    optional.sort(key=lambda part: part[0], reverse=not lowest)
    for value, part_weight in optional:
        if weight > 0:
            mean = total / weight
            if (value >= mean) if lowest else (value <= mean):
                break
        total += value * part_weight
        weight += part_weight
    return total / weight if weight > 0 else None


def rule_bounds(results: Iterable[RuleResult]) -> tuple[float | None, float | None, bool]:
    """The least and the most weighted mean of these rules' levels over every completion of
    the unstated facts, and whether every one of them may be left out."""
    applicable = [r for r in results if r.applicable]
    lower = extreme(((r.floor, r.weight, r.may_not_apply) for r in applicable), lowest=True)
    upper = extreme(((r.ceiling, r.weight, r.may_not_apply) for r in applicable), lowest=False)
    optional = bool(applicable) and all(r.may_not_apply for r in applicable)
    return lower, upper, optional


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 1)


def _rounded(bounds: tuple[float | None, float | None, bool]) -> tuple[float | None, float | None]:
    return _round(bounds[0]), _round(bounds[1])


def _within(value: float | None, lower: float | None, upper: float | None) -> float | None:
    """The evidence-based score held within the bounds: a mean of the decided rules alone may
    lie outside them (an undecided rule can top out below it), and no score may claim more
    than the stated facts allow."""
    if value is None or lower is None or upper is None:
        return value
    return min(max(value, lower), upper)


def evidence_score(members: Sequence[RuleResult]) -> float | None:
    """The weighted mean of the levels of the rules the stated facts decide."""
    return weighted_mean(
        (r.level, r.weight) for r in members if r.status in DECIDED and not r.assumed
    )


def evidence_coverage(members: Sequence[RuleResult]) -> float | None:
    """The share of the applicable weight that stated facts decide (a strict-mode fail that
    stands for an unknown rule is no evidence)."""
    applicable = sum(r.weight for r in members if r.applicable)
    decided = sum(r.weight for r in members if r.status in DECIDED and not r.assumed)
    return round(100 * decided / applicable, 1) if applicable > 0 else None


def _counts(members: Sequence[RuleResult]) -> dict[str, int]:
    counts: dict[str, int] = {status: 0 for status in STATUSES}
    for result in members:
        counts[result.status] += 1
    return counts


def group_scores(
    checklists: Sequence[LoadedChecklist], results: Sequence[RuleResult], strict: bool = False
) -> tuple[GroupScore, ...]:
    """Each group's evidence-based score (weighted mean of its decided rules' levels), its
    bounds and its coverage (decided weight over applicable weight)."""
    by_group: dict[tuple[str, str], list[RuleResult]] = {}
    for result in results:
        by_group.setdefault((result.checklist_id, result.group_id), []).append(result)
    out = []
    for loaded in checklists:
        for group in loaded.checklist.groups:
            members = by_group.get((loaded.checklist.id, group.id), [])
            lower, upper = _rounded(rule_bounds(members))
            score = lower if strict else _within(evidence_score(members), lower, upper)
            out.append(
                GroupScore(
                    id=group.id,
                    title=group.title,
                    checklist_id=loaded.checklist.id,
                    weight=group.weight,
                    score=score,
                    band=band(lower, upper),
                    counts=_counts(members),
                    steps=tuple(
                        ScoreStep(
                            rule_id=r.rule_id,
                            status=r.status,
                            level=r.level,
                            weight=r.weight_in_score,
                        )
                        for r in members
                    ),
                    coverage=evidence_coverage(members),
                    lower=lower,
                    upper=upper,
                )
            )
    return tuple(out)


def checklist_scores(
    checklists: Sequence[LoadedChecklist], results: Sequence[RuleResult], strict: bool = False
) -> tuple[ChecklistScore, ...]:
    """Each checklist's scores: weighted means over all its rules (groups only sort them), so a
    rule's share of its checklist is its weight over the checklist's total."""
    by_checklist: dict[str, list[RuleResult]] = {}
    for result in results:
        by_checklist.setdefault(result.checklist_id, []).append(result)
    out = []
    for loaded in checklists:
        members = by_checklist.get(loaded.checklist.id, [])
        lower, upper = _rounded(rule_bounds(members))
        optional = rule_bounds(members)[2]
        score = lower if strict else _within(evidence_score(members), lower, upper)
        out.append(
            ChecklistScore(
                id=loaded.checklist.id,
                title=loaded.checklist.title,
                version=loaded.checklist.version,
                weight=loaded.checklist.weight,
                score=score,
                band=band(lower, upper),
                coverage=evidence_coverage(members),
                lower=lower,
                upper=upper,
                may_not_apply=optional,
                fingerprint=loaded.fingerprint.checklist,
                rule_fingerprints=loaded.fingerprint.rules,
            )
        )
    return tuple(out)


def overall_bounds(parts: Sequence[ChecklistScore]) -> tuple[float | None, float | None]:
    """The overall score's bounds: the checklists' bounds, weighted by checklist weight."""
    scored = [c for c in parts if c.lower is not None and c.upper is not None]
    lower = extreme(((c.lower or 0.0, c.weight, c.may_not_apply) for c in scored), lowest=True)
    upper = extreme(((c.upper or 0.0, c.weight, c.may_not_apply) for c in scored), lowest=False)
    return _round(lower), _round(upper)


def guaranteed(results: Iterable[RuleResult], checklists: Sequence[ChecklistScore]) -> float:
    """The overall lower bound these results give, unrounded: what the stated facts guarantee
    (0 when nothing applies)."""
    by_checklist: dict[str, list[RuleResult]] = {}
    for result in results:
        by_checklist.setdefault(result.checklist_id, []).append(result)
    parts = []
    for checklist in checklists:
        lower, _, optional = rule_bounds(by_checklist.get(checklist.id, []))
        if lower is not None:
            parts.append((lower, checklist.weight, optional))
    return extreme(parts, lowest=True) or 0.0


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
        # The least score the stated facts guarantee: leaving a fact out can then never pass a
        # gate that stating it would fail.
        out.append(
            _at_least("fail-under", "guaranteed overall score (lower bound)", score, fail_under, "")
        )
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
    """Score an evaluation: groups, checklists and the whole, each with its evidence-based
    score, its bounds and its coverage."""
    results = evaluation.results
    strict = evaluation.strict
    groups = group_scores(checklists, results, strict)
    per_checklist = checklist_scores(checklists, results, strict)
    lower, upper = overall_bounds(per_checklist)
    evidence_parts = checklist_scores(checklists, results) if strict else per_checklist
    evidence, coverage = pooled((c.score, c.coverage, c.weight) for c in evidence_parts)
    evidence = _within(evidence, lower, upper)
    score = lower if strict else evidence
    not_stated = rank_not_stated(evaluation, per_checklist)
    return Report(
        schema_version=REPORT_SCHEMA_VERSION,
        tool_version=tool_version,
        profile_file=profile_file,
        city=city,
        country=country,
        city_type=city_type,
        score=score,
        band=band(lower, upper),
        coverage=coverage,
        strict=strict,
        as_of=as_of,
        fictional=fictional,
        checklists=per_checklist,
        groups=groups,
        results=results,
        risks=evaluation.risks,
        not_stated=not_stated,
        gates=gates(lower, results, evaluation, fail_under, fail_on, coverage, min_coverage),
        expired_waivers=evaluation.expired_waivers,
        unmatched_waivers=evaluation.unmatched_waivers,
        unchecked_risks=evaluation.unchecked_risks,
        analysis=analysis,
        lower=lower,
        upper=upper,
        evidence_score=evidence,
    )


def range_points(result: RuleResult, checklists: Sequence[ChecklistScore]) -> float:
    """The points of the overall score's range a rule spans: its weight's share of the overall
    score times the width of its own range (the whole rule's weight for one that may not
    apply)."""
    checklist_weight = {c.id: c.weight for c in checklists}
    total = sum(c.weight for c in checklists if c.lower is not None)
    if not total or result.checklist_id not in checklist_weight:
        return 0.0
    share = checklist_weight[result.checklist_id] / total
    width = 100 if result.may_not_apply else result.ceiling - result.floor
    return share * width * result.weight


def rank_not_stated(
    evaluation: Evaluation, checklists: Sequence[ChecklistScore] = ()
) -> tuple[NotStated, ...]:
    """The facts not stated, those that would close the most of the overall range first.

    A fact bears on the undecided rules that need it (an unknown rule, or the undecided levels
    above a partial one): `weight` is the share of their weight they could still add; `points`
    the part of the overall score's range they span, which stating the fact could close."""
    results = {r.rule_id: r for r in evaluation.results}
    totals: dict[str, float] = {}
    for result in evaluation.results:
        if result.applicable:
            totals[result.checklist_id] = totals.get(result.checklist_id, 0.0) + result.weight
    # As sets: a rule may need thousands of facts, and each is looked up in it.
    needs = {r.rule_id: frozenset(r.not_stated) for r in evaluation.results}
    ranked = []
    for fact, ids in evaluation.not_stated.items():
        weight = points = 0.0
        for rule_id in ids:
            found = results.get(rule_id)
            if found is None or fact not in needs[rule_id]:
                continue  # a risk, or a rule decided without this fact
            weight += found.weight * (100 - found.level) / 100
            if totals.get(found.checklist_id):
                points += range_points(found, checklists) / totals[found.checklist_id]
        ranked.append(
            NotStated(fact=fact, rule_ids=ids, weight=round(weight, 2), points=round(points, 2))
        )
    return tuple(sorted(ranked, key=lambda n: (-n.points, -n.weight, n.fact)))


# Which peers' scores enter their statistics (`assess --peers`): only a score whose range
# lies within one band, so that the stated facts settle where the peer stands; a score whose
# range spans bands could lie anywhere in them and would compare nothing.
PEERS_COUNTED = "a peer's score counts where its range lies within one band"


# What the analyses derive (pathways, transitions, space, conflicts) sits under this key; a
# profile cannot state it.
DERIVED = "derived."


def facts_to_collect(report: Report) -> tuple[NotStated, ...]:
    """The facts not stated that a profile can state, in the report's order (those that could
    close the most of the overall range first): the one list that `assess`, `plan` and
    `gather` count. A derived fact is left out: `validate` rejects it in a profile."""
    return tuple(item for item in report.not_stated if not item.fact.startswith(DERIVED))


def peer_stat(scores: Sequence[float]) -> PeerStat | None:
    """Median and quartiles (inclusive method, so two peers already give a spread)."""
    values = sorted(scores)
    if not values:
        return None
    if len(values) == 1:
        return PeerStat(n=1, median=values[0], q1=values[0], q3=values[0])
    q1, median, q3 = statistics.quantiles(values, n=4, method="inclusive")
    return PeerStat(n=len(values), median=round(median, 1), q1=round(q1, 1), q3=round(q3, 1))


def _stats(groups: dict[str, list[float]]) -> dict[str, PeerStat]:
    return {group_id: stat for group_id, scores in groups.items() if (stat := peer_stat(scores))}


def peers_summary(
    source: str,
    overall: Sequence[float],
    groups: dict[str, list[float]],
    count: int,
    bounds: tuple[list[float], list[float]] = ([], []),
    group_bounds: tuple[dict[str, list[float]], dict[str, list[float]]] = ({}, {}),
) -> Peers:
    """The peers' scores (where their range names a band) and every peer's bounds."""
    return Peers(
        source=source,
        n=count,
        overall=peer_stat(overall),
        groups=_stats(groups),
        lower=peer_stat(bounds[0]),
        upper=peer_stat(bounds[1]),
        group_lower=_stats(group_bounds[0]),
        group_upper=_stats(group_bounds[1]),
    )
