"""Rule listings and explanations, generated from the checklists (the one source of truth)."""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from rich.console import Console
from rich.table import Table

from integracheck.influence import FactInfluence
from integracheck.loading.checklist import LoadedChecklist
from integracheck.models.listing import RuleEntry

if TYPE_CHECKING:
    from integracheck.models.checklist import Risk
from integracheck.models.inert_text import json_text
from integracheck.render.condition_words import condition_in_words
from integracheck.render.labels import source_text
from integracheck.render.safe_text import Text, spaced, text_console


def _console(buffer: io.StringIO, color: bool, width: int = 120) -> Console:
    return text_console(buffer, color, width)


def rule_data(entry: RuleEntry) -> dict[str, Any]:
    rule = entry.rule
    return {
        "id": rule.id,
        "checklist": entry.checklist_id,
        "group": rule.group,
        "group_title": entry.group_title,
        "title": rule.title,
        "severity": rule.severity,
        "weight": rule.weight,
        "score_weight": entry.score_weight,
        "requires_competence": rule.requires_competence,
        "applies_when": rule.applies_when,
        "facts": list(rule.facts),
        "condition": rule.condition,
        "levels": [
            {
                "level": lv.level,
                "when": lv.when,
                "label": lv.label,
                "facts": list(lv.facts) if lv.facts is not None else list(rule.facts),
            }
            for lv in rule.levels or []
        ],
        "locate": rule.locate,
        "rationale": rule.rationale,
        "citation": {
            "file": rule.citation.file,
            "section": rule.citation.section,
            "quote": rule.citation.quote,
        },
        "recommendation": rule.recommendation,
        "examples": [{"place": e.place, "text": e.text, "kind": e.kind} for e in rule.examples],
        "typed_advice": [
            {"city_types": list(a.city_types), "text": a.text, "why": a.why}
            for a in rule.typed_advice
        ],
    }


def render_rule_list_json(entries: Sequence[RuleEntry]) -> str:
    return json_text([rule_data(e) for e in entries])


def render_rule_list(entries: Sequence[RuleEntry], color: bool = False) -> str:
    buffer = io.StringIO()
    console = _console(buffer, color)
    table = Table(expand=True)
    table.add_column("Rule", no_wrap=True)
    table.add_column("Severity", no_wrap=True)
    table.add_column("Weight", justify="right", no_wrap=True)
    table.add_column("Title", ratio=1)
    table.add_column("Source", ratio=1, style="dim")
    group = None
    for entry in entries:
        if (entry.checklist_id, entry.rule.group) != group:
            group = (entry.checklist_id, entry.rule.group)
            table.add_section()
            table.add_row(
                Text(entry.rule.group, style="bold"),
                Text(""),
                Text(""),
                Text(entry.group_title, style="bold"),
                Text(entry.checklist_id),
            )
        rule = entry.rule
        table.add_row(
            Text(rule.id),
            Text(rule.severity),
            Text(f"{entry.score_weight:g}"),
            Text(rule.title),
            Text(f"{rule.citation.file}, {rule.citation.section}"),
        )
    console.print(table)
    console.print(Text(f"{len(entries)} rules", style="bold"))
    return buffer.getvalue()


def render_rule_explanation(
    entry: RuleEntry,
    color: bool = False,
    shared: dict[str, tuple[str, ...]] | None = None,
    share: float | None = None,
    jmespath: bool = False,
) -> str:
    """A rule in full; `shared` names, per field it reads, the other rules reading that field,
    and `share` is its part of the overall score in per cent. Conditions are given in words;
    `jmespath` adds each expression as written (and what each level is decided on)."""
    rule = entry.rule
    buffer = io.StringIO()
    console = _console(buffer, color, width=100)
    console.print(Text(f"{rule.id}: {rule.title}", style="bold"))
    console.print(Text(f"{entry.checklist_title} · {rule.group}: {entry.group_title}", style="dim"))
    console.print(
        Text(
            f"severity {rule.severity} · {entry.weight_text()}"
            + (
                f" · applies where the city holds competence over {rule.requires_competence}"
                if rule.requires_competence
                else ""
            )
        )
    )
    sections: list[tuple[str, str]] = [
        ("Why", rule.rationale),
        ("Source", f'{rule.citation.file}, {rule.citation.section}: "{rule.citation.quote}"'),
        ("What could be done", rule.recommendation),
    ]
    for example in rule.examples:
        label = "What went wrong in" if example.kind == "cautionary" else "Example:"
        sections.append((f"{label} {example.place}", example.text))
    for advice in rule.typed_advice:
        types = ", ".join(t.replace("_", " ") for t in advice.city_types)
        sections.append((f"For {types}", f"{advice.text} ({advice.why})"))
    facts = "\n".join(f"  {fact}" for fact in rule.facts)
    sections.append(("Facts that decide it (not stated = unknown)", facts))
    sections.append(
        (
            "How lists are read",
            "  a list given as partial evidence may lack items (or values) the city has: a kind "
            "of item found, or a listed item that breaks a claim about every item, decides the "
            "rule; an item or value not found, or a claim the listed items bear out, is unknown",
        )
    )
    if rule.applies_when:
        sections.append(("Applies when", _condition(rule.applies_when, jmespath)))
    if rule.condition:
        sections.append(("Passes when", _condition(rule.condition, jmespath)))
    for level in rule.levels or []:
        body = _condition(level.when, jmespath)
        if jmespath and level.facts is not None:
            body += "\n  decided on: " + ", ".join(level.facts)
        sections.append((f"Level {level.level}: {level.label}", body))
    sections.append(("Finding points at", f"  {rule.locate}"))
    if share is not None:
        sections.append(
            (
                "Weight in the overall score",
                f"  {share:.2f}% when every rule is applicable and decided",
            )
        )
    if shared is not None:
        body = (
            "\n".join(f"  {fact}: also {', '.join(ids)}" for fact, ids in shared.items())
            if shared
            else "  none: no other rule reads the facts that decide this one"
        )
        sections.append(("Other rules decided by the same facts", body))
    for heading, body in sections:
        console.print(spaced(heading, style="bold underline"))
        # Each line passes `Text` on its own: a line break in a checklist's text becomes a
        # line that cannot start a CI command.
        for line in body.split("\n"):
            console.print(Text(line))
    return buffer.getvalue()


def render_fact_influence_markdown(influence: Sequence[FactInfluence], top: int = 15) -> list[str]:
    """The facts that decide the most of the overall score, for docs/rules.md."""
    lines = [
        "## Facts that carry the most weight",
        "",
        "A fact read by several rules decides all of them: these overlaps are deliberate where "
        "a practice answers several points of the sources, and visible here. Share = the part "
        "of the overall score the rules reading the fact carry, when every rule is applicable "
        "and decided.",
        "",
        "| Fact | Share of the overall score | Rules |",
        "|---|---:|---|",
    ]
    for item in influence[:top]:
        lines.append(f"| {_code(item.fact)} | {item.share:.2f}% | {', '.join(item.rule_ids)} |")
    return [*lines, ""]


def _condition(expression: str, jmespath: bool) -> str:
    """A condition in words, and as written when asked."""
    body = f"  in words: {condition_in_words(expression)}"
    return body + (f"\n  JMESPath: {expression}" if jmespath else "")


def render_risk_explanation(risk: Risk, color: bool = False, jmespath: bool = False) -> str:
    buffer = io.StringIO()
    console = _console(buffer, color, width=100)
    console.print(Text(f"{risk.id}: {risk.title}", style="bold"))
    console.print(Text(f"governance risk · severity {risk.severity} · does not enter the score"))
    sections = [
        ("Why it matters", risk.rationale),
        ("Source", f'{risk.citation.file}, {risk.citation.section}: "{risk.citation.quote}"'),
        ("What would reduce it", risk.remedy),
        ("Facts needed (not stated = not raised)", "\n".join(f"  {f}" for f in risk.facts)),
        ("Raised when", _condition(risk.condition, jmespath)),
        ("Finding points at", f"  {risk.locate}"),
    ]
    for heading, body in sections:
        console.print(spaced(heading, style="bold underline"))
        # Each line passes `Text` on its own: a line break in a checklist's text becomes a
        # line that cannot start a CI command.
        for line in body.split("\n"):
            console.print(Text(line))
    return buffer.getvalue()


def _md(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _code(text: str) -> str:
    """A code span that may itself hold backticks (JMESPath literals)."""
    return f"`` {_md(text)} ``"


def render_rules_markdown(entries: Sequence[RuleEntry], risks: Sequence[tuple[str, Risk]]) -> str:
    """docs/rules.md: every rule and risk, anchored by id (SARIF helpUri points here)."""
    lines = [
        "# Rule reference",
        "",
        "Generated from the checklists by `make docs`; do not edit by hand. Each rule's anchor "
        "is its id.",
        "",
    ]
    checklist = group = None
    for entry in entries:
        rule = entry.rule
        if entry.checklist_id != checklist:
            checklist = entry.checklist_id
            lines += [f"## {entry.checklist_title} (`{checklist}`)", ""]
        if rule.group != group:
            group = rule.group
            lines += [f"### {rule.group}: {entry.group_title}", ""]
        lines += [
            f'<a id="{rule.id}"></a>',
            f"#### {rule.id}: {rule.title}",
            "",
            f"Severity **{rule.severity}** · {entry.weight_text()}"
            + (
                f" · applies where the city holds competence over {rule.requires_competence}"
                if rule.requires_competence
                else ""
            ),
            "",
            f"**Why.** {rule.rationale}",
            "",
            f'**Source.** {rule.citation.file}, {rule.citation.section}: "{rule.citation.quote}"',
            "",
            f"**What could be done.** {rule.recommendation}",
            "",
        ]
        for example in rule.examples:
            went_wrong = "what went wrong in " if example.kind == "cautionary" else ""
            lines += [f"- {went_wrong}*{example.place}*: {example.text}"]
        if rule.examples:
            lines.append("")
        for advice in rule.typed_advice:
            types = ", ".join(t.replace("_", " ") for t in advice.city_types)
            lines += [f"- For {types}: {advice.text} ({advice.why})"]
        if rule.typed_advice:
            lines.append("")
        lines += ["| Reads | Passes when |", "|---|---|"]
        passes = (
            _code(rule.condition)
            if rule.condition
            else "<br>".join(
                f"{lv.level}: {_code(lv.when)}"
                + (f" (decided on {', '.join(_code(f) for f in lv.facts)})" if lv.facts else "")
                for lv in rule.levels or []
            )
        )
        lines += [f"| {', '.join(_code(f) for f in rule.facts)} | {passes} |", ""]
    if risks:
        lines += ["## Governance risks", ""]
        for checklist_id, risk in risks:
            lines += [
                f'<a id="{risk.id}"></a>',
                f"#### {risk.id}: {risk.title}",
                "",
                f"Severity **{risk.severity}** · `{checklist_id}` · does not enter the score",
                "",
                f"**Why it matters.** {risk.rationale}",
                "",
                f"**Source.** {risk.citation.file}, {risk.citation.section}: "
                f'"{risk.citation.quote}"',
                "",
                f"**What would reduce it.** {risk.remedy}",
                "",
                f"Raised when {_code(risk.condition)}.",
                "",
            ]
    return "\n".join(lines).rstrip("\n") + "\n"


CHECKLISTS_BEGIN = "<!-- checklists:begin (generated from the checklists by `make docs`) -->"
CHECKLISTS_END = "<!-- checklists:end -->"


def render_checklist_coverage(loaded: Sequence[LoadedChecklist]) -> str:
    """The README's table of built-in checklists: how many rules and risks each has, and the
    seed sections its rules cite, so a reader sees what of the sources is covered."""
    lines = [
        CHECKLISTS_BEGIN,
        "",
        "| Id | Rules | Risks | Seed sections cited |",
        "|---|---:|---:|---|",
    ]
    for item in loaded:
        checklist = item.checklist
        sections: dict[str, list[str]] = {}
        citations = [r.citation for r in checklist.rules] + [k.citation for k in checklist.risks]
        for citation in citations:
            title = source_text(citation.file)
            names = sections.setdefault(title, [])
            # "3.A Defining target groups: mainstreaming ..." counts as section 3.A.
            section = citation.section.split(":")[0].split(";")[0].strip()
            if section not in names:
                names.append(section)
        cited_text = " · ".join(
            f"{title}: {'; '.join(sorted(names, key=_natural_section))}"
            for title, names in sections.items()
        )
        lines.append(
            f"| `{checklist.id}` | {len(checklist.rules)} | {len(checklist.risks)} | "
            f"{_md(cited_text)} |"
        )
    return "\n".join([*lines, "", CHECKLISTS_END])


def _natural_section(section: str) -> tuple[object, ...]:
    return tuple(int(p) if p.isdigit() else p for p in re.split(r"(\d+)", section))


def update_readme_checklists(text: str, loaded: Sequence[LoadedChecklist]) -> str:
    start = text.index(CHECKLISTS_BEGIN)
    end = text.index(CHECKLISTS_END) + len(CHECKLISTS_END)
    return text[:start] + render_checklist_coverage(loaded) + text[end:]
