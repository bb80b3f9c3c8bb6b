"""JSON Lines: one report a line, for streams and tools that read a profile at a time."""

from __future__ import annotations

from collections.abc import Sequence

from integracheck.models.inert_text import json_text
from integracheck.models.report import Report
from integracheck.render.json import as_data
from integracheck.render.options import RenderOptions


def render(report: Report, options: RenderOptions | None = None) -> str:
    return json_text(as_data(report), indent=None)


def render_many(reports: Sequence[Report], options: RenderOptions | None = None) -> str:
    return "".join(render(report, options) for report in reports)
