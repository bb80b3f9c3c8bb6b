"""Rich text that shows control characters instead of sending them to the terminal."""

from __future__ import annotations

import re
from typing import Any

from rich.console import Console
from rich.text import Text as RichText

# C0 and C1 controls (not newline or tab), and the bidirectional overrides that can make a
# line read differently from what it holds.
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def clean(text: str) -> str:
    """`\\x1b[31m` in a city name is shown as the characters `\\x1b[31m`, not obeyed."""
    return _UNSAFE.sub(
        lambda m: (
            f"\\x{ord(m.group()):02x}" if ord(m.group()) < 0x100 else f"\\u{ord(m.group()):04x}"
        ),
        text,
    )


_LINE_BREAKING = re.compile("[\n\r\t\x85\u2028\u2029]")


def one_line(text: str) -> str:
    """Text for a line-oriented output: control characters shown, and line breaks too, so no
    value can start a line of its own (a CI runner obeys `::error::` at a line's start)."""
    return clean(
        _LINE_BREAKING.sub(
            lambda m: {"\n": "\\n", "\r": "\\r", "\t": "\\t"}.get(
                m.group(), f"\\u{ord(m.group()):04x}"
            ),
            text,
        )
    )


class Text(RichText):
    """rich.text.Text for data from a profile or checklist: markup is never parsed (Text never
    parses it) and control characters are made visible."""

    def __init__(self, text: str = "", *args: Any, **kwargs: Any) -> None:
        super().__init__(clean(text), *args, **kwargs)

    def append(self, text: str | RichText, *args: Any, **kwargs: Any) -> Text:
        if isinstance(text, str):
            text = clean(text)
        super().append(text, *args, **kwargs)
        return self


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
