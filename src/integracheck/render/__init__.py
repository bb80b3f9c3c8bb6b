"""Renderers: one module per format, each `render(report, options) -> str`, one registry."""

from __future__ import annotations

import importlib
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from integracheck.render.options import RenderOptions

if TYPE_CHECKING:
    from integracheck.models.report import Report

Renderer = Callable[["Report", RenderOptions | None], str]

# The one registry: the CLI offers these names and dispatches through this table. A format's
# module is imported on first use, so a JSON report never pays for rich or Jinja2.
_MODULES: dict[str, str] = {
    "terminal": "integracheck.render.terminal",
    "json": "integracheck.render.json",
    "jsonl": "integracheck.render.jsonl",
    "markdown": "integracheck.render.markdown",
    "html": "integracheck.render.html",
    "sarif": "integracheck.render.sarif",
    "junit": "integracheck.render.junit",
    "github": "integracheck.render.github",
}


def _lazy(module: str) -> Renderer:
    def render(report: Report, options: RenderOptions | None = None) -> str:
        function: Renderer = importlib.import_module(module).render
        return function(report, options)

    render.__qualname__ = f"render[{module}]"
    return render


RENDERERS: dict[str, Renderer] = {name: _lazy(module) for name, module in _MODULES.items()}

# Formats guessed from an output file's extension.
EXTENSIONS: dict[str, str] = {
    ".json": "json",
    ".jsonl": "jsonl",
    ".md": "markdown",
    ".markdown": "markdown",
    ".txt": "terminal",
    ".html": "html",
    ".htm": "html",
    ".sarif": "sarif",
    ".xml": "junit",
}


def render(report: Report, format_name: str, options: RenderOptions | None = None) -> str:
    return RENDERERS[format_name](report, options)


# Formats that hold several profiles in one document (one JSON array, one SARIF run, one
# JUnit file); the others are reports for a person, one after another.
COMBINED = frozenset({"json", "jsonl", "sarif", "junit"})


def render_many(
    reports: Sequence[Report], format_name: str, options: RenderOptions | None = None
) -> str:
    """Several profiles in one output: one document for the combined formats, the reports one
    after another for the others (HTML excepted: one page is one profile)."""
    if len(reports) == 1:
        return render(reports[0], format_name, options)
    if format_name in COMBINED:
        function = importlib.import_module(_MODULES[format_name]).render_many
        text: str = function(reports, options)
        return text
    if format_name == "html":
        raise ValueError("an HTML report holds one profile: write one file per profile")
    return "".join(render(report, format_name, options) for report in reports)


__all__ = ["COMBINED", "EXTENSIONS", "RENDERERS", "RenderOptions", "render", "render_many"]
