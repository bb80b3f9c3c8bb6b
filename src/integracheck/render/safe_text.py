"""Rich text that shows control characters instead of sending them to the terminal."""

from __future__ import annotations

from typing import Any

from rich.console import Console
from rich.text import Text as RichText

from integracheck.models.inert_text import clean, guard_lines, one_line

__all__ = ["Text", "clean", "guard_lines", "one_line", "spaced", "text_console"]


class Text(RichText):
    """rich.text.Text for data from a profile or checklist: markup is never parsed (Text never
    parses it), and control characters and line breaks are made visible (`one_line`), so a
    value cannot start a line. Blank lines between parts come from `spaced`."""

    def __init__(self, text: str = "", *args: Any, **kwargs: Any) -> None:
        super().__init__(one_line(text), *args, **kwargs)

    def append(self, text: str | RichText, *args: Any, **kwargs: Any) -> Text:
        if isinstance(text, str):
            text = one_line(text)
        super().append(text, *args, **kwargs)
        return self

    def new_line(self) -> Text:
        """A line break of the report's own, between parts."""
        RichText.append(self, "\n")
        return self


def spaced(text: str, *args: Any, **kwargs: Any) -> Text:
    """A heading or line that follows a blank line."""
    out = Text("", *args, **kwargs).new_line()
    out.append(text)
    return out


def text_console(buffer: Any, color: bool, width: int) -> Console:
    """A console that writes to `buffer`: styles only when colour is asked for, and no markup,
    highlighting or emoji codes read from the text."""
    return Console(
        file=buffer,
        width=width,
        force_terminal=color,
        no_color=not color,
        color_system="standard" if color else None,
        highlight=False,
        markup=False,
        emoji=False,
        legacy_windows=False,
    )
