"""CSV rows a spreadsheet reads as data: no formula, no field that breaks a row."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Sequence

# A cell starting with one of these is a formula to a spreadsheet (a tab, carriage return or
# NUL before it too, and the full-width signs some spreadsheets read as the ASCII ones):
# prefix a quote so it stays text.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\x00", "\uff1d", "\uff0b", "\uff0d", "\uff20")
# Control characters other than tab and line breaks have no place in a cell (a NUL ends a C
# string): shown as `\xNN`.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def cell(value: str) -> str:
    """A value as spreadsheet text: a leading formula sign is neutralised (numbers stay), and
    control characters are written as escapes."""
    if value[:1] in _FORMULA_START and not _number(value):
        value = "'" + value
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", value)


def csv_line(values: Sequence[str]) -> str:
    """One CSV record ending in a newline; a field holding a CR or LF is always quoted, so no
    value can start a new row."""
    buffer = io.StringIO()
    risky = any("\r" in v or "\n" in v for v in values)
    # The csv module quotes LF but not a bare CR when rows end in LF alone.
    writer = (
        csv.writer(buffer, lineterminator="\n", quoting=csv.QUOTE_ALL)
        if risky
        else csv.writer(buffer, lineterminator="\n")
    )
    writer.writerow([cell(v) for v in values])
    return buffer.getvalue()


def _number(value: str) -> bool:
    try:
        float(value)
    except ValueError:
        return False
    return True
