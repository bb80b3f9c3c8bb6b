"""Renderers: one module per format, each `render(report, options) -> str`, one registry."""

from __future__ import annotations

import importlib
from collections.abc import Callable
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
