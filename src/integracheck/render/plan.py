"""`integracheck plan`: every gap ranked by the score it would add, as an action plan."""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import replace

from integracheck.models.inert_text import json_text
from integracheck.models.report import Report
from integracheck.priorities import Priority
from integracheck.questionnaire import department
from integracheck.render import view
from integracheck.render.labels import source_text
from integracheck.render.markdown import escape_markdown as md
from integracheck.render.safe_text import one_line
from integracheck.render.spreadsheet import csv_line


def _code(text: str) -> str:
    return one_line(text).replace("`", "'").replace("|", "\\|")


def _department(item: Priority) -> str:
    """The department a gap concerns: the rule's policy area or its group's department, else
    where the finding points in the profile."""
    result = item.result
    return result.department or department(result.location.path)


def _advice(item: Priority) -> str:
    result = item.result
    return view.advice(result)


def _example(item: Priority) -> tuple[str, str]:
    """What the city is cited for itself, else a model to follow, else what went wrong
    elsewhere (worded so, never as a model); with which of the three it is."""
    result = item.result
    if result.own_examples:
        own = result.own_examples[0]
        return "own", view.own_example_text(replace(own, source=source_text(own.source)))
    models = view.model_examples(result)
    if models:
        return "model", f"{models[0].place}: {models[0].text}"
    cautionary = view.cautionary_examples(result)
    return ("cautionary", view.example_text(cautionary[0])) if cautionary else ("", "")


def _rows(report: Report, top: int | None) -> list[dict[str, str]]:
    rows = []
    for rank, item in enumerate(view.priorities(report, top=top), start=1):
        result = item.result
        where = result.location
        example_kind, example = _example(item)
        rows.append(
            {
                "rank": str(rank),
                "gain": f"{item.gain:.2f}",
                "rule": result.rule_id,
                "title": result.title,
                "severity": result.severity,
                "status": result.status,
                "level": str(result.level),
                "department": _department(item),
                "action": _advice(item),
                "example": example,
                "example_kind": example_kind,
                "where": f"{where.file}:{where.line}:{where.column}",
                "path": where.path,
                "source": source_text(result.source),
            }
        )
    return rows


def render_terminal(report: Report, top: int | None = None) -> str:
    rows = _rows(report, top)
    out = [
        f"Action plan for {one_line(report.city)}: {view.report_headline(report)}",
        f"{len(rows)} action(s), the largest gain first (+N = points the guaranteed overall "
        "score, its lower bound, would gain were the rule met)",
        _collect_line(report),
    ]
    for row in rows:
        out += [
            "",
            f"{row['rank']}. +{float(row['gain']):.1f}  {one_line(row['rule'])}  "
            f"{one_line(row['title'])} ({row['severity']}, {row['status']})",
            f"   department: {one_line(row['department'])} · profile: {one_line(row['where'])}",
            f"   → {one_line(row['action'])}",
        ]
        if row["example"]:
            model = "e.g. " if row["example_kind"] == "model" else ""
            out.append(f"   {model}{one_line(row['example'])}")
    return "\n".join(out) + "\n"


def _collect_line(report: Report) -> str:
    """How many facts are to collect: the count `assess` and `gather` give too."""
    return (
        f"{len(view.collect(report))} fact(s) to collect, which could narrow the range "
        "(`integracheck gather` writes the questionnaire)"
    )


def render_markdown(report: Report, top: int | None = None) -> str:
    rows = _rows(report, top)
    lines = [
        f"# Action plan: {md(report.city)}",
        "",
        f"**{md(view.report_headline(report))}.** Every gap the stated facts establish, the "
        "largest gain to the guaranteed overall score (its lower bound) first (severity breaks "
        "ties).",
        "",
        _collect_line(report) + ".",  # no text from the profile: nothing to escape
        "",
        "| # | Gain | Action | Department | Severity | Rule | Example | Profile |",
        "|---:|---:|---|---|---|---|---|---|",
    ]
    for row in rows:
        lines.append(
            f"| {row['rank']} | +{float(row['gain']):.1f} | **{md(row['title'])}**: "
            f"{md(row['action'])} | {md(row['department'])} | {row['severity']} | "
            f"{row['rule']} | {md(row['example'])} | `{_code(row['where'])}` |"
        )
    return "\n".join(lines) + "\n"


def render_json(report: Report, top: int | None = None) -> str:
    data = {
        "profile": report.profile_file,
        "city": report.city,
        "score": report.score,
        "lower": report.lower,
        "upper": report.upper,
        "coverage": report.coverage,
        "facts_to_collect": len(view.collect(report)),
        "actions": [
            {
                **row,
                "rank": int(row["rank"]),
                "gain": float(row["gain"]),
                "level": int(row["level"]),
            }
            for row in _rows(report, top)
        ],
    }
    return json_text(data)


def render_csv(report: Report, top: int | None = None) -> str:
    buffer = io.StringIO()
    fields = [
        "rank",
        "gain",
        "rule",
        "title",
        "severity",
        "status",
        "level",
        "department",
        "action",
        "example",
        "where",
        "path",
        "source",
    ]
    buffer.write(csv_line(fields))
    for row in _rows(report, top):
        buffer.write(csv_line([row[key] for key in fields]))
    return buffer.getvalue()


PLAN_RENDERERS: dict[str, Callable[[Report, int | None], str]] = {
    "terminal": render_terminal,
    "markdown": render_markdown,
    "json": render_json,
    "csv": render_csv,
}
