"""The terminal report: rich tables and score bars, returned as a string (ANSI if coloured)."""

from __future__ import annotations

import io

from rich.console import Console, Group
from rich.panel import Panel
from rich.table import Table

from integracheck.models.analysis import Analysis, Pathways
from integracheck.models.report import GroupScore, Report, RuleResult
from integracheck.priorities import Priority
from integracheck.render import view
from integracheck.render.labels import field_label
from integracheck.render.options import RenderOptions
from integracheck.render.safe_text import Text, spaced, text_console
from integracheck.scoring import band_of

BAND_STYLES = {
    "advanced": "bold green",
    "established": "green",
    "emerging": "yellow",
    "absent": "red",
    "not scored": "dim",
    "insufficient evidence": "dim italic",
}
SEVERITY_STYLES = {"critical": "bold red", "high": "red", "medium": "yellow", "low": "cyan"}
STATUS_STYLES = {
    "pass": "green",
    "partial": "yellow",
    "fail": "red",
    "unknown": "blue",
    "not_applicable": "dim",
    "waived": "magenta",
    "error": "bold red",
}


LEGEND = (
    "Legend: ✓ pass · ~ partial · ✗ fail or error · ? not known (the profile does not state "
    "what decides it) · – not applicable or waived. Score = weighted mean of the rules the "
    "stated facts decide; Range = the least and the most score any answer to what is not "
    "stated could give (bar: █ guaranteed, ▒ not yet known); Evid. = share of the applicable "
    "rule weight that stated facts decide. A band is named only when the whole range lies in "
    "it."
)


def render(report: Report, options: RenderOptions | None = None) -> str:
    options = options or RenderOptions()
    buffer = io.StringIO()
    # Profile text is data: nothing in it may act as markup (the console parses none).
    console = text_console(buffer, options.color, options.width)
    if options.details:
        _print_details(console, report, options)
    else:
        _print_first_screen(console, report, options)
    # Rich pads table cells to the full width; trailing blanks only get in the way of a diff.
    return "\n".join(line.rstrip() for line in buffer.getvalue().split("\n"))


def _print_first_screen(console: Console, report: Report, options: RenderOptions) -> None:
    """Where the city stands and what to do first, in about a hundred lines."""
    console.print(_header(report))
    ranked = _print_priorities(console, report)
    _print_risks_compact(console, report)
    console.print(spaced("Where it stands", style="bold underline"))
    for section in view.sections(report):
        console.print(_group_table(section, options, report, caption=False))
    if options.explain:
        console.print(_explanation(report))
    found = view.findings(report)
    if found:
        console.print(spaced("What the time-and-space analyses found", style="bold underline"))
        for line in found:
            console.print(Text(f"• {line}"))
    _print_facts_to_collect(console, report)
    _print_advice_for_city_type(console, report, [p.result.rule_id for p in ranked])
    _print_waiver_notes(console, report)
    _print_gates(console, report)
    console.print(spaced(LEGEND, style="dim"))
    console.print(
        Text(
            "Every result, the pathway matrix and the full lists: integracheck assess "
            "--details; the action plan: integracheck plan.",
            style="dim",
        )
    )
    console.print(Text(view.summary_line(report), style="bold"))


def _print_priorities(console: Console, report: Report) -> list[Priority]:
    ranked = view.priorities(report)
    console.print(spaced("Priorities: what would raise the score most", style="bold underline"))
    if not ranked:
        console.print(
            Text(
                "No gap the stated facts establish: no rule is failed, or partly met with "
                "nothing undecided above it."
            )
        )
    for number, item in enumerate(ranked, start=1):
        result = item.result
        grid = Table.grid(padding=(0, 1))
        grid.add_column(width=3, no_wrap=True)
        grid.add_column(width=6, no_wrap=True, justify="right")
        grid.add_column(ratio=1)
        head = Text(f"{result.rule_id} ", style="bold")
        head.append(result.title)
        head.append(f" ({result.severity}, {view.STATUS_LABELS[result.status]})", style="dim")
        if result.may_not_apply:
            head.append(f"; {view.applies_note(result)}", style="dim")
        grid.add_row(Text(f"{number}."), Text(f"+{item.gain:.1f}", style="green"), head)
        advice = view.advice(result)
        grid.add_row(Text(""), Text(""), Text(f"→ {advice}", overflow="ellipsis", no_wrap=True))
        console.print(grid)
    if ranked:
        console.print(
            Text(
                "+N = points the guaranteed overall score (its lower bound) would gain were the "
                "rule met. Only gaps the stated facts establish are listed; a rule held down by "
                "an unstated fact is under Collect first.",
                style="dim",
            )
        )
    return ranked


def _print_advice_for_city_type(console: Console, report: Report, shown: list[str]) -> None:
    """Advice worded for the city's type on every rule not passed that the priorities do not
    already give: after the facts to collect, as most of it hangs on facts not yet stated
    (a rule not known gets its advice as "if this is not yet in place")."""
    advice = view.advice_for_city_type(report, leave_out=shown)
    if not advice:
        return
    console.print(
        spaced(f"For a city like yours ({view.city_type_text(report)})", style="bold underline")
    )
    grid = Table.grid(padding=(0, 1))
    grid.add_column(min_width=9, no_wrap=True)
    grid.add_column(ratio=1)
    # The known gaps come first; a city that states little can have a dozen rules not known,
    # whose advice --details gives under each.
    for item in advice[: view.FIRST_SCREEN]:
        grid.add_row(Text(item.result.rule_id, style="bold"), Text(f"→ {item.text}", style="cyan"))
        for own in item.result.own_examples:
            grid.add_row(Text(""), Text(view.own_example_text(own, False), style="green"))
    console.print(grid)
    more = advice[view.FIRST_SCREEN :]
    if more:
        ids = ", ".join(item.result.rule_id for item in more)
        console.print(
            Text(
                f"{len(more)} more for this city type ({ids}): integracheck assess --details",
                style="dim",
            )
        )


def _print_risks_compact(console: Console, report: Report) -> None:
    risks = view.risks(report)
    title = f"Risks ({len(risks)})"
    if report.unchecked_risks:
        title += f", {len(report.unchecked_risks)} not checked for lack of facts"
    console.print(spaced(title, style="bold underline"))
    if not risks:
        console.print(Text("No governance risk raised by the stated facts."))
    # One line a risk, so the first screen holds them all; --details gives each in full.
    grid = Table.grid(padding=(0, 1))
    grid.add_column(min_width=8, no_wrap=True)
    grid.add_column(ratio=1, no_wrap=True, overflow="ellipsis")
    for risk in risks:
        what = Text(f"{risk.risk_id} ", style="bold")
        what.append(risk.title)
        if risk.subjects:
            what.append(": " + "; ".join(risk.subjects))
        grid.add_row(
            Text(risk.severity.upper(), style=SEVERITY_STYLES.get(risk.severity, "")), what
        )
    if risks:
        console.print(grid)


def _print_waiver_notes(console: Console, report: Report) -> None:
    """Waivers that did not do what their author meant: expired, or naming no rule."""
    for rule, date in report.expired_waivers:
        console.print(
            spaced(f"Waiver for {rule} expired on {date}; the rule was assessed", style="yellow")
        )
    for rule in report.unmatched_waivers:
        console.print(
            spaced(f"Waiver for {rule} names no rule of the checklists assessed", style="yellow")
        )


def _print_facts_to_collect(console: Console, report: Report) -> None:
    facts = view.facts_to_collect(report)
    if not facts:
        return
    console.print(
        spaced(
            f"Collect first ({len(view.collect(report))} facts not stated; these could close the "
            "most of the range)",
            style="bold underline",
        )
    )
    for item in facts:
        line = Text(f"• {field_label(item.fact)}")
        line.append(f"  {item.fact}", style="dim")
        line.append(
            f"  up to {item.points:.1f} points of the range ({', '.join(item.rule_ids[:4])}"
            + (", ..." if len(item.rule_ids) > 4 else "")
            + ")",
            style="dim",
        )
        console.print(line)


def _print_details(console: Console, report: Report, options: RenderOptions) -> None:
    """Every result, as a reviewer wants it: the long form of the report."""
    console.print(_header(report))
    for section in view.sections(report):
        console.print(_group_table(section, options, report))
    if options.explain:
        console.print(_explanation(report))
    _print_gaps(console, report)
    _print_risks(console, report)
    if report.analysis is not None:
        _print_analysis(console, report.analysis)
    _print_not_applicable(console, report)
    _print_unknown(console, report)
    _print_not_stated(console, report)
    _print_gates(console, report)
    console.print(spaced(LEGEND, style="dim"))
    console.print(Text(view.summary_line(report), style="bold"))


def _header(report: Report) -> Panel:
    title = Text(report.city, style="bold")
    if report.country:
        title.append(f" ({report.country})")
    if report.city_type:
        title.append(f" · {report.city_type.replace('_', ' ')}", style="dim")
    score = Text("Overall ", style="bold")
    score.append(view.report_headline(report))
    lines: list[Text] = [title, score]
    for checklist in report.checklists:
        line = Text(f"  {checklist.title} ", style="dim")
        line.append(
            f"{view.score_text(checklist.score)}, range "
            f"{view.range_text(checklist.lower, checklist.upper)}, on "
            f"{view.coverage_text(checklist.coverage)} ({checklist.band})"
        )
        lines.append(line)
    if report.peers is not None:
        # Said even when no peer's range names a band: their bounds still say where they stand.
        lines.append(
            Text(
                f"Peers in {report.peers.source} (n={report.peers.n} real cities; "
                f"{view.peer_rules_text(report.peers)}): {view.peers_overall_text(report.peers)}",
                style="dim",
            )
        )
    line = Text(f"Profile: {report.profile_file}", style="dim")
    if report.as_of:
        line.append(f" · assessed as of {report.as_of}", style="dim")
    lines.append(line)
    return Panel(Group(*lines), title="integracheck", title_align="left", expand=True)


def _bar(lower: float | None, upper: float | None, width: int = 20) -> Text:
    """What the stated facts guarantee (█), what is not yet known (▒), and what the facts rule
    out (░)."""
    if lower is None or upper is None:
        return Text("·" * width, style="dim")
    filled = round(lower / 100 * width)
    open_ = round(upper / 100 * width) - filled
    bar = Text("█" * filled, style=BAND_STYLES.get(band_of(lower), ""))
    bar.append("▒" * open_, style="blue")
    bar.append("░" * (width - filled - open_), style="dim")
    return bar


def _group_table(
    section: view.ChecklistSection, options: RenderOptions, report: Report, caption: bool = True
) -> Table:
    table = Table(
        title=Text(
            f"{section.title} · {view.score_text(section.score)}, range "
            f"{view.range_text(section.lower, section.upper)}, on "
            f"{view.coverage_text(section.coverage)} of the evidence ({section.band})",
            style="bold",
        ),
        title_justify="left",
        caption="Range = least-most score over what is not stated; Evid. = share of the "
        "applicable rule weight decided by stated facts; ✓ pass · ~ partial · ✗ fail or error "
        "· ? unknown (not stated) · – n/a or waived"
        if caption
        else None,
        caption_justify="left",
        expand=True,
        show_lines=False,
    )
    table.add_column("Point", no_wrap=True)
    table.add_column("Title", ratio=1, overflow="ellipsis", no_wrap=options.width < 120)
    table.add_column("Score", justify="right", no_wrap=True)
    table.add_column("Range", justify="right", no_wrap=True)
    table.add_column("Evid.", justify="right", no_wrap=True)
    table.add_column("", no_wrap=True)
    table.add_column("✓ ~ ✗ ? –", no_wrap=True, justify="right")
    peers = report.peers
    if peers is not None:
        table.add_column(f"Peers (n={peers.n})", no_wrap=True)
    for group in section.groups:
        row = [
            Text(group.id),
            Text(group.title),
            Text(view.score_text(group.score), style=BAND_STYLES.get(group.band, "")),
            Text(view.range_text(group.lower, group.upper)),
            Text(view.coverage_text(group.coverage), style="dim"),
            _bar(group.lower, group.upper),
            Text(_counts(group), style="dim"),
        ]
        if peers is not None:
            row.append(Text(view.peer_cell(peers, group.id)))
        table.add_row(*row)
    return table


def _counts(group: GroupScore) -> str:
    c = group.counts
    return (
        f"{c.get('pass', 0)} {c.get('partial', 0)} {c.get('fail', 0) + c.get('error', 0)} "
        f"{c.get('unknown', 0)} {c.get('not_applicable', 0) + c.get('waived', 0)}"
    )


def _explanation(report: Report) -> Table:
    table = Table(
        title=Text("How the scores were reached", style="bold"), title_justify="left", expand=True
    )
    table.add_column("Group", no_wrap=True)
    table.add_column("Sum of level × weight ÷ sum of weights", ratio=1)
    table.add_column("Score", justify="right")
    for group in report.groups:
        terms = [f"{s.level}×{s.weight:g}" for s in group.steps if s.weight > 0]
        weights = sum(s.weight for s in group.steps if s.weight > 0)
        excluded = [f"{s.rule_id} ({s.status})" for s in group.steps if s.weight == 0]
        text = f"({' + '.join(terms)}) ÷ {weights:g}" if terms else "no weighted rule"
        if excluded:
            text += "; weight 0: " + ", ".join(excluded)
        table.add_row(Text(group.id), Text(text), Text(view.score_text(group.score)))
    table.caption = (
        "Group score = weighted mean of the decided rules' levels; group coverage = decided "
        "weight ÷ applicable weight. Checklist and overall: mean of the parts' scores weighted "
        "by weight × coverage; coverage: mean of the parts' coverage weighted by weight."
    )
    return table


def _print_gaps(console: Console, report: Report) -> None:
    gaps = view.gaps(report)
    console.print(spaced(f"Gaps ({len(gaps)})", style="bold underline"))
    if not gaps:
        console.print(Text("No rule fails or is only partly met."))
    for result in gaps:
        console.print(_gap(result))
        console.print()


def _entry(severity: str, identifier: str, title: str, lines: list[Text]) -> Table:
    """One finding: severity in a narrow column, then its lines, wrapped under each other."""
    grid = Table.grid(padding=(0, 1))
    grid.add_column(width=8, no_wrap=True)
    grid.add_column(ratio=1)
    head = Text(f"{identifier} ", style="bold")
    head.append(title)
    grid.add_row(Text(severity.upper(), style=SEVERITY_STYLES.get(severity, "")), head)
    for line in lines:
        grid.add_row(Text(""), line)
    return grid


def _gap(result: RuleResult) -> Table:
    where = result.location
    level = view.level_text(result)
    shown = f"{result.status} (level {level})" if level not in ("–", "not known") else result.status
    lines = [
        Text(f"{shown}: {result.message}", style=STATUS_STYLES[result.status]),
        Text(f"{where.file}:{where.line}:{where.column} ({where.path})", style="dim"),
    ]
    if result.typed_advice:
        lines.append(
            Text(
                f"→ for this city type: {view.typed_advice_text(result)} "
                f"({result.typed_advice_why})",
                style="cyan",
            )
        )
    lines.append(Text(f"→ {result.recommendation}"))
    lines += _example_lines(result)
    lines.append(Text(f"source: {result.source}", style="dim"))
    return _entry(result.severity, result.rule_id, result.title, lines)


def _example_lines(result: RuleResult) -> list[Text]:
    """What the city is cited for itself, one model to follow, and what went wrong elsewhere:
    a problem is never shown as an example to follow."""
    lines = [Text(view.own_example_text(e), style="green") for e in result.own_examples]
    models = view.model_examples(result)
    if models:
        lines.append(Text(f"e.g. {models[0].place}: {models[0].text}", style="dim"))
    lines += [Text(view.example_text(e), style="dim") for e in view.cautionary_examples(result)]
    return lines


def _print_risks(console: Console, report: Report) -> None:
    risks = view.risks(report)
    console.print(spaced(f"Risks ({len(risks)})", style="bold underline"))
    if not risks:
        console.print(Text("No governance risk raised by the stated facts."))
    for risk in risks:
        where = risk.location
        lines = [
            Text(f"{where.file}:{where.line}:{where.column} ({where.path})", style="dim"),
            *([Text("concerns: " + "; ".join(risk.subjects))] if risk.subjects else []),
            Text(f"why: {risk.message}"),
            Text(f"→ {risk.remedy}"),
            Text(f"source: {risk.source}", style="dim"),
        ]
        console.print(_entry(risk.severity, risk.risk_id, risk.title, lines))


def _print_not_applicable(console: Console, report: Report) -> None:
    skipped = view.not_applicable(report)
    if not skipped:
        return
    console.print(
        spaced(f"Not applicable or waived ({len(skipped)}), weight 0", style="bold underline")
    )
    for result in skipped:
        text = Text(f"{result.rule_id} ", style="bold")
        text.append(f"{result.status}: {result.message}", style=STATUS_STYLES[result.status])
        if result.status == "not_applicable" and "vertical coordination" in result.recommendation:
            text.new_line().append(f"         → {result.recommendation}")
        console.print(text)
    for rule, date in report.expired_waivers:
        console.print(
            Text(f"waiver for {rule} expired on {date}; the rule was assessed", style="yellow")
        )


def _print_unknown(console: Console, report: Report) -> None:
    undecided = view.unknown(report)
    unchecked = report.unchecked_risks
    if not undecided and not unchecked:
        return
    console.print(
        spaced(
            f"Not known: rules that stated facts cannot decide ({len(undecided)}): no weight in "
            "the evidence-based score, their whole range in the bounds",
            style="bold underline",
        )
    )
    for result in undecided:
        text = Text(f"{result.rule_id} ", style="bold")
        text.append(result.message, style=STATUS_STYLES["unknown"])
        if result.ceiling < 100 or result.may_not_apply:
            reach = f"can reach at most {result.ceiling}" if result.ceiling < 100 else ""
            may = "may not apply" if result.may_not_apply else ""
            text.append(f" ({'; '.join(x for x in (reach, may) if x)})", style="dim")
        if result.typed_advice:
            text.new_line().append(
                f"         → for this city type: {view.typed_advice_text(result)} "
                f"({result.typed_advice_why})",
                style="cyan",
            )
        for own in result.own_examples:
            text.new_line().append(f"         {view.own_example_text(own)}", style="green")
        console.print(text)
    if unchecked:
        errored = sum(1 for risk in unchecked if risk.error)
        heading = "Risks not checked for lack of facts"
        if errored:
            heading = f"Risks not checked: facts not stated, or {errored} failed to evaluate"
        console.print(spaced(f"{heading} ({len(unchecked)})"))
        for risk in unchecked:
            reason = risk.error or "not stated: " + ", ".join(risk.not_stated)
            text = Text(f"{risk.risk_id} ", style="bold")
            text.append(f"{risk.title}: {reason}", style="dim")
            console.print(text)


def _print_not_stated(console: Console, report: Report) -> None:
    facts = view.collect(report)
    if not facts:
        return
    console.print(
        spaced(
            f"Not stated: collect this, what could close the most of the range first "
            f"({len(facts)})",
            style="bold underline",
        )
    )
    for item in facts:
        text = Text(f"  {item.fact}", style="bold")
        text.append(f"  up to {item.points:g} points of the range", style="")
        text.append(f"  needed by {', '.join(item.rule_ids)}", style="dim")
        console.print(text)


def _print_gates(console: Console, report: Report) -> None:
    for gate in report.gates:
        style = "green" if gate.passed else "bold red"
        verdict = "passed" if gate.passed else "FAILED"
        console.print(
            spaced(f"Gate --{gate.name} {gate.threshold}: {verdict} ({gate.detail})", style=style)
        )


STATUS_SHORT = {
    "asylum_seeker": "asylum seeker",
    "refugee": "refugee",
    "irregular_migrant": "irregular",
    "eu_mobile_citizen": "EU mobile",
    "family_migrant": "family",
    "labour_migrant": "labour",
    "unaccompanied_minor": "unacc. minor",
    "long_term_resident": "long-term res.",
}
DOMAIN_SHORT = {
    "information": "info",
    "legal": "legal",
    "language": "lang",
    "housing": "hous",
    "employment": "empl",
    "education": "educ",
    "early_childhood": "ecec",
    "health": "hlth",
    "mental_health": "mntl",
    "social_welfare": "welf",
    "civic_orientation": "civc",
    "culture_and_sport": "sprt",
    "youth": "yout",
}


def _matrix(paths: Pathways) -> Table:
    table = Table(
        title=Text(
            f"Pathway coverage: legal status × domain ({paths.gaps} gaps, "
            f"{paths.unknown} not known)",
            style="bold",
        ),
        title_justify="left",
        caption="number of services and entry points serving each cell; ✗ = none (a gap: the "
        "lists are complete); ? = not known (none listed, but the lists are partial evidence "
        "or a listed item does not state whom it serves or what it holds in house). "
        + ", ".join(f"{DOMAIN_SHORT.get(d, d[:4])} = {d.replace('_', ' ')}" for d in paths.domains),
        caption_justify="left",
        box=None,
        pad_edge=False,
    )
    table.add_column("", no_wrap=True)
    for domain in paths.domains:
        table.add_column(DOMAIN_SHORT.get(domain, domain[:4]), justify="center", no_wrap=True)
    for status in paths.statuses:
        row = [Text(STATUS_SHORT.get(status, status))]
        for domain in paths.domains:
            cell = paths.cell(status, domain)
            row.append(
                Text("✗", style="bold red")
                if cell.gap
                else Text("?", style="blue")
                if cell.unknown
                else Text(str(len(cell.providers)), style="green")
            )
        table.add_row(*row)
    return table


def _mark(value: bool | None) -> Text:
    """✓ yes, ✗ decided no, ? not known (never shown as a gap)."""
    if value is None:
        return Text("? ", style="blue")
    return Text("✓ ", style="green") if value else Text("✗ ", style="bold red")


def _share(value: float | None) -> str:
    return "share not stated" if value is None else f"{value:g}%"


def _print_analysis(console: Console, analysis: Analysis) -> None:
    console.print(spaced("Time and space", style="bold underline"))
    if analysis.pathways is not None:
        console.print(_matrix(analysis.pathways))
        for benchmark in analysis.pathways.benchmarks:
            mark = _mark(benchmark.met)
            mark.append(benchmark.title)
            if benchmark.missing:
                mark.append(f": missing for {', '.join(benchmark.missing)}", style="red")
            if benchmark.unknown:
                mark.append(f"; not known for {', '.join(benchmark.unknown)}", style="blue")
            console.print(mark)
    if analysis.transitions is not None:
        falling = [t for t in analysis.transitions if t.covered is False]
        open_ = [t for t in analysis.transitions if t.covered is None]
        console.print(
            spaced(
                f"Transitions where people fall through ({len(falling)} of "
                f"{len(analysis.transitions)}; {len(open_)} not known)",
                style="bold",
            )
        )
        for transition in analysis.transitions:
            line = _mark(transition.covered)
            line.append(f"{transition.title} ({transition.who})")
            if transition.missing:
                line.append(
                    f": no {'; no '.join(n.label for n in transition.missing)}", style="red"
                )
            if transition.unknown_needs:
                line.append(
                    f"; not known: {'; '.join(n.label for n in transition.unknown_needs)}",
                    style="blue",
                )
            console.print(line)
        if open_:
            console.print(
                Text(
                    "? = not known: no provider listed, but the lists are partial evidence, a "
                    "listed item does not state whom it serves or what it offers, or the policy "
                    "is not stated",
                    style="dim",
                )
            )
    space = analysis.space
    console.print(spaced("Space", style="bold"))
    for hood in space.underserved:
        line = Text(
            f"✗ {hood.name} ({_share(hood.migrant_share)} migrants, city "
            f"{_share(hood.city_share)}) has no {' and no '.join(hood.lacks)}  "
            f"{hood.location.file}:{hood.location.line}",
            style="red",
        )
        if hood.may_lack:
            line.append(f"; not known whether it has {' or '.join(hood.may_lack)}", style="blue")
        console.print(line)
    for hood in space.undecided_neighbourhoods:
        wanting = " or ".join((*hood.lacks, *hood.may_lack))
        console.print(
            Text(
                f"? {hood.name} ({_share(hood.migrant_share)} migrants, city "
                f"{_share(hood.city_share)}): not known whether it is underserved; none listed "
                f"there: {wanting}  {hood.location.file}:{hood.location.line}",
                style="blue",
            )
        )
    for place in space.hard_to_reach:
        console.print(
            Text(
                f"✗ {place.kind} '{place.name}' is {place.reason}  "
                f"{place.location.file}:{place.location.line}",
                style="red",
            )
        )
    if space.reach_unknown:
        console.print(
            Text(
                f"? not known whether {', '.join(space.reach_unknown)} can be reached: "
                "central and public transport not stated",
                style="blue",
            )
        )
    for language in space.languages:
        if language.state == "missing":
            console.print(
                Text(
                    f"✗ {language.language}, a main language of migrant residents, "
                    "is offered at no entry point",
                    style="red",
                )
            )
        elif language.state == "unknown":
            console.print(
                Text(
                    f"? {language.language}, a main language of migrant residents: no listed "
                    "entry point offers it; not known whether one does (the entry points are "
                    "partial evidence or do not all state their languages)",
                    style="blue",
                )
            )
    if not (
        space.underserved
        or space.undecided_neighbourhoods
        or space.hard_to_reach
        or space.reach_unknown
        or any(c.state != "covered" for c in space.languages)
    ):
        console.print(Text("No space finding from the stated facts."))
    console.print(spaced(f"Coherence conflicts ({len(analysis.conflicts)})", style="bold"))
    if not analysis.conflicts:
        console.print(Text("No conflict between the stated services."))
    for conflict in analysis.conflicts:
        spots = ", ".join(f"{x.file}:{x.line}" for x in conflict.locations)
        console.print(
            _entry(
                "conflict",
                conflict.id,
                conflict.title,
                [
                    Text(conflict.message),
                    Text(f"{spots} · source: {conflict.source}", style="dim"),
                ],
            )
        )
