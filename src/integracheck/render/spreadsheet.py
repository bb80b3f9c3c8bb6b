"""CSV rows a spreadsheet reads as data: no formula, no field that breaks a row."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence

# A cell starting with one of these is a formula to a spreadsheet (a tab or carriage return
# before it too): prefix a quote so it stays text.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def cell(value: str) -> str:
    """A value as spreadsheet text: a leading formula sign is neutralised (numbers stay)."""
    if value[:1] in _FORMULA_START and not _number(value):
        return "'" + value
    return value


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
