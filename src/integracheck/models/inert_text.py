"""Input-derived text made inert for line-oriented outputs: shown, never obeyed."""

from __future__ import annotations

import json
import re

# C0 and C1 controls (not newline or tab), the Unicode line and paragraph separators (a line
# break to many readers), and the bidirectional overrides, isolates and marks that can make a
# line read differently from what it holds.
_UNSAFE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]"
)


def shown_file_name(name: str) -> str:
    """A file name as text every output can encode: the bytes of a name that are not UTF-8
    (which Python holds as lone surrogates, U+DC80-U+DCFF) written as `\\xNN`."""
    return _SURROGATE.sub(_surrogate_escape, name)


def _surrogate_escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code - 0xDC00:02x}" if 0xDC80 <= code <= 0xDCFF else f"\\u{code:04x}"


_SURROGATE = re.compile("[\ud800-\udfff]")


def clean(text: str) -> str:
    """`\\x1b[31m` in a city name is shown as the characters `\\x1b[31m`, not obeyed."""
    text = shown_file_name(text)
    return _UNSAFE.sub(
        lambda m: (
            f"\\x{ord(m.group()):02x}" if ord(m.group()) < 0x100 else f"\\u{ord(m.group()):04x}"
        ),
        text,
    )


_LINE_BREAKING = re.compile("[\n\r\t\x85\u2028\u2029]")
_BREAK_ESCAPES = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}
# What a CI runner obeys in a log: a workflow command at a line's start (`::error::`, after
# any blanks), and the legacy `##[error]` anywhere in a line.
_COMMAND_AT_START = re.compile(r"^(\s*):(?=:)")
_LEGACY_COMMAND = "##["
_OTHER_BREAKS = {"\r": "\\r", "\x85": "\\x85", "\u2028": "\\u2028", "\u2029": "\\u2029"}


def one_line(text: str) -> str:
    """Text for a line-oriented output: control characters and line breaks shown as escapes,
    so no value can start a line of its own, and a CI command in it made inert. Every piece
    of input-derived text passes through here on its way to a terminal, stderr or a table."""
    text = clean(_LINE_BREAKING.sub(_break_escape, text))
    text = _COMMAND_AT_START.sub(lambda m: m.group(1) + "\\x3a", text)
    return text.replace(_LEGACY_COMMAND, "##\\x5b")


def _break_escape(match: re.Match[str]) -> str:
    char = match.group()
    return _BREAK_ESCAPES.get(char, f"\\u{ord(char):04x}")


def guard_lines(text: str) -> str:
    """The last line of defence of a line-oriented output: no line may start a workflow
    command or carry a legacy one, whatever produced it."""
    # Breaks other than LF that some readers honour: never ours, so shown as escapes.
    for char, shown in _OTHER_BREAKS.items():
        text = text.replace(char, shown)
    lines = text.split("\n")
    for index, line in enumerate(lines):
        if _LEGACY_COMMAND in line or line.lstrip().startswith("::"):
            lines[index] = _COMMAND_AT_START.sub(lambda m: m.group(1) + "\\x3a", line).replace(
                _LEGACY_COMMAND, "##\\x5b"
            )
    return "\n".join(lines)


def json_text(data: object, indent: int | None = 2) -> str:
    """JSON for a file or a CI log: `##[` inside a string is written `##\\u005b`, which reads
    back as the same text but is no legacy CI command in the log."""
    text = json.dumps(data, indent=indent, ensure_ascii=False, allow_nan=False)
    # A lone surrogate (a file name's byte that is not UTF-8) cannot be written as UTF-8: it is
    # written as the text `\\xNN`, its backslash escaped for JSON.
    text = _SURROGATE.sub(lambda m: "\\" + _surrogate_escape(m), text)
    # What may stand raw in a JSON string but is a line break to some reader (NEL, U+2028,
    # U+2029: Python's splitlines() splits a JSON Lines record there), a terminal control (C1)
    # or a bidirectional override is written as its \uXXXX escape: the same value once parsed.
    # These characters occur only inside strings, so the escape is always well placed.
    text = _JSON_RAW_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
    return text.replace(_LEGACY_COMMAND, "##\\u005b") + "\n"


_JSON_RAW_UNSAFE = re.compile("[\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
