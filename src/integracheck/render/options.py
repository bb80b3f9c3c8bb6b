"""How a report is to be rendered: the few choices a renderer needs besides the report."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class RenderOptions:
    color: bool = False
    width: int = 100
    explain: bool = False  # show how each group score was reached
    template: Path | None = None  # a user's own Jinja2 template (Markdown, HTML)
    docs_url: str = "docs/rules.md"  # where each rule's documentation lives (anchor = rule id)
