"""GitHub Actions workflow commands: one annotation per gap and risk, at its profile line."""

from __future__ import annotations

from integracheck.models.report import Location, Report
from integracheck.render import view
from integracheck.render.options import RenderOptions
from integracheck.render.safe_text import clean

COMMANDS = {"critical": "error", "high": "error", "medium": "warning", "low": "notice"}


def _data(text: str) -> str:
    text = clean(text)
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    # The legacy `##[command]` form is obeyed anywhere in a line: break it up.
    return text.replace("##[", "##%5B")


def _property(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")


def _annotation(severity: str, location: Location, title: str, message: str) -> str:
    command = COMMANDS.get(severity, "warning")
    properties = (
        f"file={_property(location.file)},line={location.line},"
        f"col={location.column},title={_property(title)}"
    )
    return f"::{command} {properties}::{_data(message)}"


def render(report: Report, options: RenderOptions | None = None) -> str:
    lines = []
    for result in view.gaps(report):
        lines.append(
            _annotation(
                result.severity,
                result.location,
                f"{result.rule_id} {result.title}",
                f"{result.status}: {result.message}. What could be done: {result.recommendation}",
            )
        )
    for risk in view.risks(report):
        lines.append(
            _annotation(
                risk.severity,
                risk.location,
                f"{risk.risk_id} {risk.title}",
                f"{risk.message} What would reduce it: {risk.remedy}",
            )
        )
    return "\n".join(lines) + ("\n" if lines else "")
