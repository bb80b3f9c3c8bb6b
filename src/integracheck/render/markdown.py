"""The Markdown report, from a Jinja2 template; everything from the profile is escaped."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import jinja2
import markupsafe
from jinja2.sandbox import ImmutableSandboxedEnvironment

from integracheck.models.report import Report, RuleResult
from integracheck.questionnaire import department
from integracheck.render import view
from integracheck.render.labels import field_label, humane, source_text
from integracheck.render.options import RenderOptions, TemplateProblem
from integracheck.render.safe_text import clean, one_line
from integracheck.render.user_template import (
    Clock,
    OwnFileOnly,
    bound_environment,
    read_template,
    render_bounded,
)
from integracheck.scoring import BANDS

_SPECIAL = re.compile(r"([\\`*_\[\]<>#|~])")


def escape_markdown(value: object) -> str:
    """Make text inert in Markdown: no links, images, tables broken, or HTML let through."""
    text = clean(str(value).replace("\r\n", " ").replace("\n", " ").replace("\r", " "))
    text = text.replace("&", "&amp;")
    return _SPECIAL.sub(r"\\\1", text)


def code_span(value: object) -> str:
    """Text for inside a Markdown code span: one line (a line break in a file name would end
    the paragraph, and what follows a blank line can be a raw HTML block), no backtick."""
    return one_line(str(value)).replace("`", "'")


def shown_inert(value: object) -> object:
    """Every value a template prints (`finalize`): a string has its control characters shown
    as escapes (ESC, NUL, bidi overrides; line breaks and tabs stay); markup the environment
    itself made safe, and numbers, are left as they are."""
    if isinstance(value, str) and not isinstance(value, markupsafe.Markup):
        return clean(value)
    return value


def bar(score: float | None, width: int = 10) -> str:
    if score is None:
        return "·" * width
    filled = round(score / 100 * width)
    return "█" * filled + "░" * (width - filled)


def range_bar(lower: float | None, upper: float | None, width: int = 10) -> str:
    """What the stated facts guarantee (█, to the lower bound), what is not yet known (▒, to the
    upper bound) and what the facts rule out (░), as the terminal draws it."""
    if lower is None or upper is None:
        return "·" * width
    filled = round(lower / 100 * width)
    open_ = round(upper / 100 * width) - filled
    return "█" * filled + "▒" * open_ + "░" * (width - filled - open_)


# The filters both report templates use, each returning plain text (the HTML template's
# autoescape then escapes it); a user's template gets them too.
REPORT_FILTERS: dict[str, Any] = {
    "score": view.score_text,
    "coverage": view.coverage_text,
    "score_range": view.range_text,
    "level_text": view.level_text,
    "peer": view.peer_text,
    "peer_cell": view.peer_cell,
    "peers_overall": view.peers_overall_text,
    "peer_rules": view.peer_rules_text,
    "applies_note": view.applies_note,
    "typed_advice": view.typed_advice_text,
    "humane": humane,
    "source_text": source_text,
    "field_label": field_label,
}


def environment_class(template_dir: Path | None) -> type[jinja2.Environment]:
    """A user's template is untrusted (it may come with a consultant's report): it renders in
    Jinja2's immutable sandbox, where it can read the report but reach no Python internals."""
    return ImmutableSandboxedEnvironment if template_dir is not None else jinja2.Environment


def environment(template_dir: Path | None = None) -> jinja2.Environment:
    loader: jinja2.BaseLoader
    if template_dir is not None:
        loader = jinja2.FileSystemLoader(str(template_dir))
    else:
        loader = jinja2.FunctionLoader(_builtin_template)
    env = environment_class(template_dir)(
        loader=loader,
        autoescape=False,  # Markdown is escaped explicitly with the `md` filter
        finalize=shown_inert,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(REPORT_FILTERS)
    env.filters["md"] = escape_markdown
    env.filters["code"] = code_span
    env.filters["bar"] = bar
    env.filters["range_bar"] = range_bar
    return env


def _builtin_template(name: str) -> str:
    return (resources.files("integracheck") / "templates" / name).read_text(encoding="utf-8")


def template_problem(exc: Exception, template: Path | None) -> TemplateProblem:
    """Where in the template it went wrong: a syntax error knows its line; an error while
    rendering is found in the traceback, which Jinja2 maps back to template lines."""
    line = getattr(exc, "lineno", None)
    file = getattr(exc, "filename", None)
    if line is None:
        trace = exc.__traceback__
        while trace is not None:
            name = trace.tb_frame.f_code.co_filename
            if template is not None and name == str(template):
                file, line = name, trace.tb_lineno
            trace = trace.tb_next
    message = str(exc) if isinstance(exc, jinja2.TemplateError) else f"{type(exc).__name__}: {exc}"
    if isinstance(exc, RecursionError):
        message = "the template calls or includes itself too deeply"
    return TemplateProblem(message, file or (str(template) if template else None), line or 1)


@dataclass(frozen=True)
class PriorityView:
    """A priority as templates show it: the rule's result, its gain, the department."""

    result: RuleResult
    gain: float
    department: str
    advice: str  # for the city's type where the checklist has it, else the recommendation


def context(report: Report) -> dict[str, object]:
    """The names a Markdown or HTML template can use (documented in the README)."""
    priorities = [
        PriorityView(
            p.result,
            p.gain,
            p.result.department or department(p.result.location.path),
            view.advice(p.result),
        )
        for p in view.priorities(report)
    ]
    return {
        "report": report,
        "sections": view.sections(report),
        "gaps": view.gaps(report),
        "risks": view.risks(report),
        "not_applicable": view.not_applicable(report),
        "unknown": view.unknown(report),
        "priorities": priorities,
        # Advice for the city's type that the priorities do not already give as their action.
        "advice_for_city_type": view.advice_for_city_type(
            report, leave_out=[p.result.rule_id for p in priorities]
        ),
        "city_type": view.city_type_text(report),
        "findings": view.findings(report),
        "facts_to_collect": view.facts_to_collect(report),
        "not_stated": view.collect(report),
        "headline": view.report_headline(report),
        "summary": view.summary_line(report),
        "bands": BANDS,
        "analysis": report.analysis,
    }


def render_template(
    options: RenderOptions,
    builtin: str,
    make_environment: Callable[[Path | None], jinja2.Environment],
    names: dict[str, object],
) -> str:
    """Render the user's template if one was given, else the built-in one; shared by the
    Markdown and HTML formats, which differ only in environment and context."""
    if options.template is None:
        try:
            return make_environment(None).get_template(builtin).render(**names)
        except jinja2.TemplateError as exc:
            raise template_problem(exc, None) from None
    path = options.template
    source = read_template(path)
    clock = Clock()
    try:
        env = make_environment(path.parent)
        env.loader = OwnFileOnly(path, source)  # the template itself, nothing beside it
        bound_environment(env, clock)
        return render_bounded(env.get_template(path.name), names, clock)
    except (jinja2.TemplateError, RecursionError, ArithmeticError, MemoryError) as exc:
        raise template_problem(exc, path) from None
    except (TypeError, ValueError, LookupError, AttributeError) as exc:
        raise template_problem(exc, path) from None


def render(report: Report, options: RenderOptions | None = None) -> str:
    return render_template(options or RenderOptions(), "report.md.j2", environment, context(report))


def render_step_summary(reports: list[Report]) -> str:
    """For a CI job's summary page (GITHUB_STEP_SUMMARY): each profile's headline with its
    coverage, and its priorities."""
    lines = []
    for report in reports:
        file = code_span(report.profile_file)
        lines += [
            f"### integracheck: {escape_markdown(report.city)}",
            "",
            f"**{escape_markdown(view.report_headline(report))}** (`{file}`)",
            "",
        ]
        for number, item in enumerate(view.priorities(report), start=1):
            lines.append(
                f"{number}. {escape_markdown(item.result.title)} "
                f"(+{item.gain:.1f} points, {item.result.severity})"
            )
        failed = report.gates_failed
        if failed:
            lines += ["", "Gate failed: " + "; ".join(escape_markdown(g.detail) for g in failed)]
        lines.append("")
    return "\n".join(lines) + "\n"
