"""The terminal report: rich tables and score bars, returned as a string (ANSI if coloured)."""

from __future__ import annotations

import io

from rich.console import Console, Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from integracheck.models.report import GroupScore, Report, RuleResult
from integracheck.render import view
from integracheck.render.options import RenderOptions
from integracheck.scoring import band

BAND_STYLES = {
    "advanced": "bold green",
    "established": "green",
    "emerging": "yellow",
    "absent": "red",
    "not scored": "dim",
}
SEVERITY_STYLES = {"critical": "bold red", "high": "red", "medium": "yellow", "low": "cyan"}
STATUS_STYLES = {
    "pass": "green",
    "partial": "yellow",
    "fail": "red",
    "not_applicable": "dim",
    "waived": "magenta",
    "error": "bold red",
}


def render(report: Report, options: RenderOptions | None = None) -> str:
    options = options or RenderOptions()
    buffer = io.StringIO()
    console = Console(
        file=buffer,
        width=options.width,
        force_terminal=options.color,
        no_color=not options.color,
        color_system="standard" if options.color else None,
        highlight=False,
        emoji=False,
        markup=False,  # profile text is data: nothing in it may act as markup
        legacy_windows=False,
    )
    console.print(_header(report))
    for section in view.sections(report):
        console.print(_group_table(section, options))
    if options.explain:
        console.print(_explanation(report))
    _print_gaps(console, report)
    _print_risks(console, report)
    _print_not_applicable(console, report)
    _print_not_stated(console, report)
    _print_gates(console, report)
    console.print(Text(view.summary_line(report), style="bold"), soft_wrap=True)
    # Rich pads table cells to the full width; trailing blanks only get in the way of a diff.
    return "\n".join(line.rstrip() for line in buffer.getvalue().split("\n"))


def _header(report: Report) -> Panel:
    title = Text(report.city, style="bold")
    if report.country:
        title.append(f" ({report.country})")
    if report.city_type:
        title.append(f" · {report.city_type.replace('_', ' ')}", style="dim")
    score = Text("Overall ")
    score.append(view.score_text(report.score), style="bold")
    score.append("/100  ")
    score.append(report.band, style=BAND_STYLES.get(report.band, ""))
    lines: list[Text] = [title, score]
    for checklist in report.checklists:
        line = Text(f"  {checklist.title} ", style="dim")
        line.append(f"{view.score_text(checklist.score)} ({checklist.band})")
        lines.append(line)
    lines.append(Text(f"Profile: {report.profile_file}", style="dim"))
    return Panel(Group(*lines), title="integracheck", title_align="left", expand=True)


def _bar(score: float | None, width: int = 20) -> Text:
    if score is None:
        return Text("·" * width, style="dim")
    filled = round(score / 100 * width)
    bar = Text("█" * filled, style=BAND_STYLES.get(band(score), ""))
    bar.append("░" * (width - filled), style="dim")
    return bar


def _group_table(section: view.ChecklistSection, options: RenderOptions) -> Table:
    table = Table(
        title=Text(
            f"{section.title} · {view.score_text(section.score)} ({section.band})", style="bold"
        ),
        title_justify="left",
        expand=True,
        show_lines=False,
    )
    table.add_column("Point", no_wrap=True)
    table.add_column("Title", ratio=1, overflow="ellipsis", no_wrap=options.width < 120)
    table.add_column("Score", justify="right", no_wrap=True)
    table.add_column("", no_wrap=True)
    table.add_column("✓ ~ ✗ –", no_wrap=True, justify="right")
    for group in section.groups:
        table.add_row(
            Text(group.id),
            Text(group.title),
            Text(view.score_text(group.score), style=BAND_STYLES.get(group.band, "")),
            _bar(group.score),
            Text(_counts(group), style="dim"),
        )
    return table


def _counts(group: GroupScore) -> str:
    c = group.counts
    return (
        f"{c.get('pass', 0)} {c.get('partial', 0)} {c.get('fail', 0) + c.get('error', 0)} "
        f"{c.get('not_applicable', 0) + c.get('waived', 0)}"
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
        "Checklist score = weighted mean of its group scores; overall = weighted mean "
        "of checklist scores."
    )
    return table


def _print_gaps(console: Console, report: Report) -> None:
    gaps = view.gaps(report)
    console.print(Text(f"\nGaps ({len(gaps)})", style="bold underline"))
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
    lines = [
        Text(f"{result.status}: {result.message}", style=STATUS_STYLES[result.status]),
        Text(f"{where.file}:{where.line}:{where.column} ({where.path})", style="dim"),
    ]
    if result.typed_advice:
        lines.append(Text(f"→ for this city type: {result.typed_advice}", style="cyan"))
    lines.append(Text(f"→ {result.recommendation}"))
    if result.examples:
        example = result.examples[0]
        lines.append(Text(f"e.g. {example.place}: {example.text}", style="dim"))
    lines.append(Text(f"source: {result.source}", style="dim"))
    return _entry(result.severity, result.rule_id, result.title, lines)


def _print_risks(console: Console, report: Report) -> None:
    risks = view.risks(report)
    console.print(Text(f"\nRisks ({len(risks)})", style="bold underline"))
    if not risks:
        console.print(Text("No governance risk raised by the stated facts."))
    for risk in risks:
        where = risk.location
        lines = [
            Text(f"{where.file}:{where.line}:{where.column} ({where.path})", style="dim"),
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
        Text(f"\nNot applicable or waived ({len(skipped)}), weight 0", style="bold underline")
    )
    for result in skipped:
        text = Text(f"{result.rule_id} ", style="bold")
        text.append(f"{result.status}: {result.message}", style=STATUS_STYLES[result.status])
        if result.status == "not_applicable" and "vertical coordination" in result.recommendation:
            text.append(f"\n         → {result.recommendation}")
        console.print(text)
    for rule, date in report.expired_waivers:
        console.print(
            Text(f"waiver for {rule} expired on {date}; the rule was assessed", style="yellow")
        )


def _print_not_stated(console: Console, report: Report) -> None:
    if not report.not_stated:
        return
    console.print(
        Text(f"\nNot stated: collect this ({len(report.not_stated)})", style="bold underline")
    )
    for item in report.not_stated:
        text = Text(f"  {item.fact}", style="bold")
        text.append(f"  needed by {', '.join(item.rule_ids)}", style="dim")
        console.print(text)


def _print_gates(console: Console, report: Report) -> None:
    for gate in report.gates:
        style = "green" if gate.passed else "bold red"
        verdict = "passed" if gate.passed else "FAILED"
        console.print(
            Text(f"\nGate --{gate.name} {gate.threshold}: {verdict} ({gate.detail})", style=style)
        )
