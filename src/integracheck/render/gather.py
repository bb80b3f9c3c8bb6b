"""`integracheck gather`: the questionnaire of facts not stated, as Markdown, YAML or JSON."""

from __future__ import annotations

from collections.abc import Callable

from integracheck.models.inert_text import json_text, one_line
from integracheck.models.report import Report
from integracheck.questionnaire import Question, by_department, questions
from integracheck.render import view
from integracheck.render.markdown import escape_markdown as md

SELF = ""  # the key under which a field asked for itself sits beside its own fields


def _why(item: Question) -> str:
    rules = ", ".join(item.rule_ids[:6]) + (", ..." if len(item.rule_ids) > 6 else "")
    return (
        f"could close {item.points:g} points of the overall range; decides rule weight "
        f"{item.weight:g} ({rules})"
    )


def render_markdown(report: Report) -> str:
    items = questions(report)
    lines = [
        f"# Facts to collect: {md(report.city)}",
        "",
        f"**{md(view.report_headline(report))}.**",
        "",
        f"The profile does not state {len(items)} facts that the rules need. Each answer "
        "decides the rules listed beside it; the questions that could close the most of the "
        "range (the points between the least and the most score the facts not stated allow) "
        "come first in each department, and the departments are in the order of their most "
        "decisive question. Answer only what is known: a fact left out stays unknown, and "
        "never counts as no.",
        "",
    ]
    for number, (name, group) in enumerate(by_department(items), start=1):
        lines += [f"## {number}. {md(name)}", ""]
        for item in group:
            lines.append(f"- [ ] **{md(item.label.rstrip('.'))}**: {md(item.answer)}.")
            lines.append(f"  Why it matters: {md(_why(item))}. Field: `{item.path}`.")
        lines.append("")
    return "\n".join(lines)


def render_yaml(report: Report) -> str:
    """A fragment to paste back into the profile, nested as the profile is, every line
    commented out: uncomment a field when its answer is known, leave the rest."""
    items = questions(report)
    lines = [
        f"# Facts the profile of {_comment(report.city)} does not state, by section, the most",
        "# decisive first.",
        f"# The score now: {_comment(view.report_headline(report))}.",
        "# Merge the sections into the profile and uncomment a field when you",
        "# know its answer; leave it commented when you do not (not stated is unknown, never",
        "# no). A field under `- ...` belongs to each item of that list.",
    ]
    sections: dict[str, list[Question]] = {}
    for item in items:
        sections.setdefault(item.path.split(".")[0].removesuffix("[]"), []).append(item)
    for group in sections.values():
        lines.append("")
        tree: dict[str, object] = {}
        for item in group:
            node = tree
            parts = item.path.split(".")
            for part in parts[:-1]:
                # `services` and `services[]` are one key of the profile.
                if part.removesuffix("[]") + "[]" in node and not part.endswith("[]"):
                    part += "[]"
                elif part.endswith("[]") and part.removesuffix("[]") in node:
                    node[part] = {SELF: node.pop(part.removesuffix("[]"))}
                child = node.setdefault(part, {})
                if isinstance(child, Question):  # asked for itself and for what it holds
                    child = node[part] = {SELF: child}
                assert isinstance(child, dict)
                node = child
            last = parts[-1]
            if last + "[]" in node:
                last += "[]"
            if isinstance(node.get(last), dict):
                node[last][SELF] = item  # type: ignore[index]
            else:
                node[last] = item
        lines += _yaml_lines(tree, 0)
    return "\n".join(lines) + "\n"


def _yaml_lines(tree: dict[str, object], depth: int) -> list[str]:
    out = []
    pad = "  " * depth
    for key, value in tree.items():
        if key == SELF:
            continue
        # A map keyed by policy area (`city.competences.*`): one entry per area.
        name = "policy_area" if key == "*" else key.removesuffix("[]")
        question = value if isinstance(value, Question) else None
        if isinstance(value, dict) and isinstance(value.get(SELF), Question):
            question = value[SELF]
        if question is not None:
            out.append(
                f"# {pad}# {_comment(question.label.rstrip('.'))} ({_comment(question.answer)}); "
                f"{_comment(question.department)}; {_comment(_why(question))}"
            )
        out.append(f"# {pad}{name}:")
        if not isinstance(value, dict):
            continue
        if key.endswith("[]"):
            out.append(f"# {pad}  - # for each item of the list:")
            out += _yaml_lines(value, depth + 2)
        else:
            out += _yaml_lines(value, depth + 1)
    return out


def _comment(text: str) -> str:
    """One comment line: no line break may end the comment and start YAML, and no control
    character (which YAML does not allow anywhere, and a terminal obeys) stands raw in it."""
    return one_line(" ".join(text.split()))


def render_json(report: Report) -> str:
    data = {
        "profile": report.profile_file,
        "city": report.city,
        "score": report.score,
        "lower": report.lower,
        "upper": report.upper,
        "coverage": report.coverage,
        "questions": [
            {
                "path": q.path,
                "question": q.label,
                "answer": q.answer,
                "department": q.department,
                "points": q.points,
                "weight": q.weight,
                "rules": list(q.rule_ids),
            }
            for q in questions(report)
        ],
    }
    return json_text(data)


GATHER_RENDERERS: dict[str, Callable[[Report], str]] = {
    "markdown": render_markdown,
    "yaml": render_yaml,
    "json": render_json,
}
