"""How a report is to be rendered: the few choices a renderer needs besides the report."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class RenderOptions:
    color: bool = False
    width: int = 100
    explain: bool = False  # show how each group score was reached
    details: bool = False  # every result, not only the first screen (terminal)
    template: Path | None = None  # a user's own Jinja2 template (Markdown, HTML)
    # Absolute base URL of the rule documentation (anchor = rule id); SARIF links to it only
    # when given, as `helpUri` must be an absolute URI.
    docs_url: str | None = None
    # The repository root that SARIF artifact URIs are relative to (default: the working
    # directory).
    base_dir: str | None = None
    # The SARIF run's category (`automationDetails.id`); default: one made of the checklists'
    # ids, the same whatever profiles a run holds.
    sarif_category: str | None = None


class TemplateProblem(ValueError):
    """A user's template failed to load or render (raised instead of Jinja2's own errors, so
    that callers need not import Jinja2)."""

    def __init__(self, message: str, file: str | None, line: int) -> None:
        super().__init__(message)
        self.file = file
        self.line = line
