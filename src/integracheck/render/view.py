"""What every renderer shows, worked out once: gaps in reading order, groups by checklist."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from integracheck import scoring
from integracheck.models.inert_text import one_line
from integracheck.models.report import (
    Example,
    GroupScore,
    NotStated,
    Peers,
    PeerStat,
    Report,
    RiskResult,
    RuleResult,
)
from integracheck.priorities import Priority
from integracheck.priorities import priorities as ranked_priorities
from integracheck.render.levels import level_text as level_text
from integracheck.scoring import severity_rank

# How many items the first screen shows of each list; `--details` shows them all.
FIRST_SCREEN = 5

STATUS_LABELS = {
    "pass": "pass",
    "partial": "partial",
    "fail": "fail",
    "unknown": "unknown",
    "not_applicable": "n/a",
    "waived": "waived",
    "error": "error",
}


@dataclass(frozen=True)
class ChecklistSection:
    id: str
    title: str
    version: str
    score: float | None
    band: str
    groups: tuple[GroupScore, ...]
    coverage: float | None = None
    lower: float | None = None
    upper: float | None = None


def gaps(report: Report) -> list[RuleResult]:
    """Failed, partial and errored rules: most severe first, then by checklist order and id."""
    order = {c.id: i for i, c in enumerate(report.checklists)}
    found = [r for r in report.results if r.is_gap]
    return sorted(
        found,
        # Within a severity, advice worded for the city's type comes first (002, section 2).
        key=lambda r: (
            severity_rank(r.severity),
            not r.typed_advice,
            order.get(r.checklist_id, 99),
            r.status != "fail",
            _natural(r.rule_id),
        ),
    )


def risks(report: Report) -> list[RiskResult]:
    return sorted(report.risks, key=lambda k: (severity_rank(k.severity), _natural(k.risk_id)))


def unknown(report: Report) -> list[RuleResult]:
    """Rules that could not be decided: most weight first, then severity and id."""
    found = [r for r in report.results if r.status == "unknown"]
    return sorted(found, key=lambda r: (-r.weight, severity_rank(r.severity), _natural(r.rule_id)))


def not_applicable(report: Report) -> list[RuleResult]:
    return [r for r in report.results if r.status in ("not_applicable", "waived")]


def sections(report: Report) -> list[ChecklistSection]:
    return [
        ChecklistSection(
            id=c.id,
            title=c.title,
            version=c.version,
            score=c.score,
            band=c.band,
            groups=tuple(g for g in report.groups if g.checklist_id == c.id),
            coverage=c.coverage,
            lower=c.lower,
            upper=c.upper,
        )
        for c in report.checklists
    ]


def score_text(score: float | None) -> str:
    return "–" if score is None else f"{score:.0f}"


def coverage_text(coverage: float | None) -> str:
    return "–" if coverage is None else f"{coverage:.0f}%"


def bound_text(value: float | None) -> str:
    return "–" if value is None else f"{value:.0f}"


def range_text(lower: float | None, upper: float | None) -> str:
    """ "14-95", or one figure when the stated facts settle the score."""
    if lower is None or upper is None:
        return "–"
    if bound_text(lower) == bound_text(upper):
        return bound_text(lower)
    return f"{bound_text(lower)}-{bound_text(upper)}"


def headline(
    score: float | None,
    coverage: float | None,
    band: str,
    lower: float | None = None,
    upper: float | None = None,
    strict: bool = False,
) -> str:
    """The way every format leads: "75/100 on the stated facts, between 14 and 95 on what is
    not yet known (18% of the evidence; emerging to advanced)"; one figure when the stated
    facts settle it."""
    if score is None:
        evidence = "no rule could be decided" if coverage == 0 else "nothing applicable"
        return f"not scored: {evidence} ({band})"
    evidence = f"{coverage_text(coverage)} of the evidence"
    if lower is None or upper is None or lower == upper:
        return f"{score:g}/100 on {evidence} ({band})"
    if strict:
        return (
            f"{score:g}/100 guaranteed by the stated facts (strict), up to {upper:g} on what is "
            f"not yet known ({evidence}; {band})"
        )
    return (
        f"{score:g}/100 on the stated facts, between {lower:g} and {upper:g} on what is not "
        f"yet known ({evidence}; {band})"
    )


def report_headline(report: Report) -> str:
    return headline(
        report.score, report.coverage, report.band, report.lower, report.upper, report.strict
    )


def applies_note(result: RuleResult) -> str:
    """For a gap whose rule may not apply: the condition its gain rests on, in words."""
    if not result.may_not_apply:
        return ""
    return (
        "if it applies: whether it does rests on a fact not stated, so meeting it guarantees little"
    )


def peer_text(stat: PeerStat | None) -> str:
    if stat is None:
        return "–"
    return f"{stat.median:.0f} [{stat.q1:.0f}-{stat.q3:.0f}]"


def peer_range_text(lower: PeerStat | None, upper: PeerStat | None) -> str:
    """The peers' median bounds: "range 8-97" (median lower bound to median upper bound)."""
    if lower is None or upper is None:
        return "–"
    return f"range {lower.median:.0f}-{upper.median:.0f}"


def peer_cell(peers: Peers | None, group_id: str) -> str:
    """A group's peers: their scores' median and quartiles where enough peers' ranges name a
    band, else the median of their bounds."""
    if peers is None:
        return "–"
    stat = peers.groups.get(group_id)
    if stat is not None:
        return peer_text(stat)
    return peer_range_text(peers.group_lower.get(group_id), peers.group_upper.get(group_id))


def peers_overall_text(peers: Peers) -> str:
    """The peers overall: their scores where their ranges name a band, and their bounds."""
    scores = (
        f"median score [Q1-Q3] {peer_text(peers.overall)} ({peers.overall.n} with a band)"
        if peers.overall is not None
        else "no peer's range names a band"
    )
    if peers.lower is None or peers.upper is None:
        return scores
    return (
        f"{scores}; guaranteed (lower bound) median {peers.lower.median:g} "
        f"[{peers.lower.q1:g}-{peers.lower.q3:g}], most possible (upper bound) median "
        f"{peers.upper.median:g}"
    )


def peer_rules_text(peers: Peers) -> str:
    """The rules the peers were assessed against: the report's own, always."""
    if not peers.rules:
        return "assessed against the same rules as this city"
    versions = ", ".join(f"{checklist_id} {version}" for checklist_id, version, _ in peers.rules)
    text = f"all assessed against the same rules as this city ({versions})"
    if peers.other_rules_left_out:
        text += f"; {peers.other_rules_left_out} assessed against other rules left out"
    return text


def summary_line(report: Report) -> str:
    counts = report.counts()
    rules = sum(counts.values())
    parts = [
        f"{counts['pass']} pass",
        f"{counts['partial']} partial",
        f"{counts['fail']} fail",
        f"{counts['unknown']} unknown",
    ]
    for status in ("not_applicable", "waived", "error"):
        if counts[status]:
            parts.append(f"{counts[status]} {STATUS_LABELS[status]}")
    score = report_headline(report)
    line = f"{one_line(report.city)}: {score} · {rules} rules: {', '.join(parts)}"
    line += f" · {len(report.risks)} risk(s)"
    if report.unchecked_risks:
        line += f" ({len(report.unchecked_risks)} not checked)"
    line += f" · {len(collect(report))} fact(s) to collect"
    failed = report.gates_failed
    if failed:
        line += " · gate failed: " + "; ".join(f"--{g.name} {g.threshold}" for g in failed)
    return line


def _natural(identifier: str) -> tuple[object, ...]:
    """Sort OECD-2.10 after OECD-2.9."""
    parts: list[object] = []
    for chunk in identifier.replace("-", ".").split("."):
        parts.append((0, int(chunk), "") if chunk.isdigit() else (1, 0, chunk))
    return tuple(parts)


def priorities(report: Report, top: int | None = FIRST_SCREEN) -> list[Priority]:
    """The gaps whose closing would raise the overall score most, severity breaking ties."""
    ranked = list(ranked_priorities(report))
    return ranked if top is None else ranked[:top]


# The statuses for which advice worded for the city's type is shown: every rule not passed
# that applies (a rule not known may not be in place, so its advice is worded as conditional).
_ADVISED = ("fail", "partial", "error", "unknown")


@dataclass(frozen=True)
class TypedAdvice:
    """Advice worded for the city's type (002, section 2) on a rule the city has not passed."""

    result: RuleResult
    text: str  # for a rule not known: "If this is not yet in place: ..."
    why: str


def typed_advice_text(result: RuleResult) -> str:
    """The advice for the city's type as the rule's status allows: the stated facts do not
    show whether a rule not known is met, nor whether a partial one falls short of the levels
    above it that they leave undecided, so such advice is conditional."""
    if result.status == "unknown" or (result.status == "partial" and result.undecided_above):
        return "If this is not yet in place: " + _lower_first(result.typed_advice)
    return result.typed_advice


def advice_for_city_type(report: Report, leave_out: Iterable[str] = ()) -> list[TypedAdvice]:
    """Every rule not passed that has advice for the city's type: the known gaps first (most
    severe first), then the rules the stated facts cannot decide. `leave_out`: rule ids whose
    advice is shown already (the priorities give it as their action)."""
    skip = set(leave_out)
    order = {c.id: i for i, c in enumerate(report.checklists)}
    found = [
        r
        for r in report.results
        if r.typed_advice and r.status in _ADVISED and r.rule_id not in skip
    ]
    found.sort(
        key=lambda r: (
            r.status == "unknown",
            severity_rank(r.severity),
            order.get(r.checklist_id, 99),
            _natural(r.rule_id),
        )
    )
    return [TypedAdvice(r, typed_advice_text(r), r.typed_advice_why) for r in found]


def advice(result: RuleResult) -> str:
    """What to do about a rule: the advice for the city's type where there is one, else the
    checklist's recommendation."""
    return typed_advice_text(result) if result.typed_advice else result.recommendation


def city_type_text(report: Report) -> str:
    return report.city_type.replace("_", " ")


def example_text(example: Example) -> str:
    """An example as a report shows it: a model to follow, or what went wrong there."""
    if example.kind == "cautionary":
        return f"What went wrong in {example.place}: {example.text}"
    return f"Example, {example.place}: {example.text}"


def own_example_text(example: Example, with_source: bool = True) -> str:
    """What the sources cite the assessed city itself for: its own practice, not a model."""
    where = f" ({example.source})" if with_source and example.source else ""
    return f"Your city is cited for this practice{where}: {example.text}"


def model_examples(result: RuleResult) -> list[Example]:
    return [e for e in result.examples if e.kind == "model"]


def cautionary_examples(result: RuleResult) -> list[Example]:
    return [e for e in result.examples if e.kind == "cautionary"]


def _lower_first(text: str) -> str:
    # labels has the same, but importing it loads the profile model (pydantic) on every run.
    return text[:1].lower() + text[1:] if text[1:2].islower() else text


def facts_to_collect(report: Report, top: int = FIRST_SCREEN) -> list[NotStated]:
    """The facts to collect that could close the most of the overall range."""
    return [n for n in collect(report) if n.points > 0 or n.weight > 0][:top]


def collect(report: Report) -> tuple[NotStated, ...]:
    """Every fact to collect (those a profile can state): what every format counts."""
    return scoring.facts_to_collect(report)


def findings(report: Report) -> list[str]:
    """What the time-and-space analyses found for this city, one line per kind: the
    city-specific part of the report."""
    analysis = report.analysis
    if analysis is None:
        return []
    lines = []
    paths = analysis.pathways
    if paths is not None and (paths.gaps or paths.unknown):
        gaps = [
            f"{c.status.replace('_', ' ')} × {c.domain.replace('_', ' ')}"
            for c in paths.cells
            if c.gap
        ]
        text = f"Pathways: {paths.gaps} of {len(paths.cells)} status × domain cells have no service"
        if gaps:
            text += " (" + ", ".join(gaps[:6]) + (", ..." if len(gaps) > 6 else "") + ")"
        if paths.unknown:
            text += f"; {paths.unknown} not known"
        lines.append(text)
    if analysis.transitions is not None:
        falling = [t for t in analysis.transitions if t.covered is False]
        if falling:
            lines.append(
                "Transitions where people fall through: "
                + "; ".join(
                    f"{t.title.lower()} (missing: {'; '.join(n.label for n in t.missing)})"
                    for t in falling
                )
            )
    space = analysis.space
    if space.underserved:
        lines.append(
            "Neighbourhoods above the city's migrant share that lack support: "
            + "; ".join(f"{h.name} (no {' and no '.join(h.lacks)})" for h in space.underserved)
        )
    if space.hard_to_reach:
        lines.append(
            "Hard to reach (outside the centre, no public transport): "
            + ", ".join(place.name for place in space.hard_to_reach)
        )
    missing = [c.language for c in space.languages if c.state == "missing"]
    if missing:
        lines.append("Main migrant languages spoken at no entry point: " + ", ".join(missing))
    ended = [f for f in analysis.funding if f.state == "ended"]
    ending = [f for f in analysis.funding if f.state == "ending"]
    if ended:
        lines.append(
            "Funding already ended: " + "; ".join(f"{f.name} (on {f.ends})" for f in ended)
        )
    if ending:
        lines.append(
            "Project funding ends within a year: "
            + "; ".join(f"{f.name} (on {f.ends})" for f in ending)
        )
    if analysis.conflicts:
        titles = sorted({c.title.lower() for c in analysis.conflicts})
        lines.append(f"Coherence conflicts ({len(analysis.conflicts)}): " + "; ".join(titles))
    return lines
