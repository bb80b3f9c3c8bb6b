"""Renderers: one module per format, each `render(report, options) -> str`, one registry."""

from __future__ import annotations

from collections.abc import Callable

from integracheck.models.report import Report
from integracheck.render import github, html, json, junit, markdown, sarif, terminal
from integracheck.render.options import RenderOptions

Renderer = Callable[[Report, RenderOptions | None], str]

# The one registry: the CLI offers these names and dispatches through this table.
RENDERERS: dict[str, Renderer] = {
    "terminal": terminal.render,
    "json": json.render,
    "markdown": markdown.render,
    "html": html.render,
    "sarif": sarif.render,
    "junit": junit.render,
    "github": github.render,
}

# Formats guessed from an output file's extension.
EXTENSIONS: dict[str, str] = {
    ".json": "json",
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


__all__ = ["EXTENSIONS", "RENDERERS", "RenderOptions", "render"]
