"""GitHub Actions workflow commands: one annotation per gap and risk, at its profile line."""

from __future__ import annotations

from integracheck.models.report import Location, Report
from integracheck.render import view
from integracheck.render.options import RenderOptions
from integracheck.render.safe_text import clean
from integracheck.scoring import severity_rank

COMMANDS = {"critical": "error", "high": "error", "medium": "warning", "low": "notice"}


def _data(text: str) -> str:
    # GitHub's workflow-command escaping first (`%` before what it introduces), so a line
    # break reaches the annotation as one; only then the other control characters are made
    # visible (`clean` would spell a carriage return `\x0d`).
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    text = clean(text)
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


# GitHub shows at most this many annotations of each type (error, warning, notice) per step.
MAX_PER_TYPE = 10


def render(report: Report, options: RenderOptions | None = None) -> str:
    """Annotations at the profile's lines, the most severe first (rules and risks together),
    at most MAX_PER_TYPE of each type, then one notice saying how many more there are."""
    found: list[tuple[int, str, Location, str, str]] = []
    for result in view.gaps(report):
        found.append(
            (
                severity_rank(result.severity),
                result.severity,
                result.location,
                f"{result.rule_id} {result.title}",
                f"{result.status}: {result.message}. What could be done: {result.recommendation}",
            )
        )
    for risk in view.risks(report):
        found.append(
            (
                severity_rank(risk.severity),
                risk.severity,
                risk.location,
                f"{risk.risk_id} {risk.title}",
                f"{risk.message} What would reduce it: {risk.remedy}",
            )
        )
    found.sort(key=lambda item: item[0])  # stable: within a severity, the report's order
    shown: dict[str, int] = {}
    lines = []
    left_out = 0
    for _, severity, location, title, message in found:
        command = COMMANDS.get(severity, "warning")
        # One place of each type is kept for the closing notice.
        limit = MAX_PER_TYPE - 1 if command == "notice" else MAX_PER_TYPE
        if shown.get(command, 0) >= limit:
            left_out += 1
            continue
        shown[command] = shown.get(command, 0) + 1
        lines.append(_annotation(severity, location, title, message))
    if left_out:
        where = Location(path="", line=1, column=1, file=report.profile_file)
        lines.append(
            _annotation(
                "low",
                where,
                "integracheck: more findings",
                f"{left_out} more finding(s) than GitHub shows as annotations: see the job log, "
                "the SARIF upload or `integracheck plan` for all of them.",
            )
        )
    return "\n".join(lines) + ("\n" if lines else "")
