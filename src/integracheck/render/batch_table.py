"""Rows of a batch run: CSV and JSON Lines for analysts, and the ranking table for a person."""

from __future__ import annotations

import io
from collections.abc import Sequence

from rich.table import Table

from integracheck.models.batch import BatchRow
from integracheck.models.inert_text import json_text
from integracheck.render.safe_text import Text, text_console
from integracheck.render.spreadsheet import csv_line
from integracheck.render.view import coverage_text, range_text, score_text


def csv_header(group_ids: Sequence[str]) -> str:
    # Each group's score, its bounds, then its coverage: the numbers every score carries.
    per_group = [
        name
        for group_id in group_ids
        for name in (group_id, f"{group_id} lower", f"{group_id} upper", f"{group_id} coverage")
    ]
    return csv_line(
        [
            "file",
            "city",
            "country",
            "city_type",
            "overall",
            "lower",
            "upper",
            "coverage",
            "band",
            *per_group,
            "unknown",
            "gaps",
            "risks",
        ]
    )


def _number_text(value: float | None) -> str:
    return "" if value is None else f"{value:g}"


def csv_row(row: BatchRow, group_ids: Sequence[str]) -> str:
    per_group = [
        _number_text(value)
        for values in zip(
            row.groups, row.group_lower, row.group_upper, row.group_coverage, strict=True
        )
        for value in values
    ]
    return csv_line(
        [
            row.file,
            row.city,
            row.country,
            row.city_type,
            _number_text(row.score),
            _number_text(row.lower),
            _number_text(row.upper),
            _number_text(row.coverage),
            row.band,
            *per_group,
            str(row.unknown),
            str(row.gaps),
            " ".join(row.risks),
        ]
    )


def jsonl_row(row: BatchRow, group_ids: Sequence[str]) -> str:
    data = {
        "file": row.file,
        "city": row.city,
        "country": row.country,
        "city_type": row.city_type,
        "score": row.score,
        "lower": row.lower,
        "upper": row.upper,
        "coverage": row.coverage,
        "band": row.band,
        "groups": dict(zip(group_ids, row.groups, strict=True)),
        "group_lower": dict(zip(group_ids, row.group_lower, strict=True)),
        "group_upper": dict(zip(group_ids, row.group_upper, strict=True)),
        "group_coverage": dict(zip(group_ids, row.group_coverage, strict=True)),
        "unknown": row.unknown,
        "fictional": row.fictional,
        "gaps": row.gaps,
        "risks": list(row.risks),
    }
    return json_text(data, indent=None)


# Room a column takes besides its text: a space of padding each side and a rule.
_COLUMN_EDGES = 3
_GROUP_CELL = len("100/100")
_CITY_MOST = 24
_BAND_MOST = len("insufficient")  # "insufficient evidence" wraps after its first word


def fitting_groups(width: int, city_width: int, rank_width: int, group_count: int) -> int:
    """How many group columns fit beside the fixed ones (rank, city, overall, coverage, band)
    in `width` characters."""
    fixed = [rank_width, city_width, len("Overall"), len("Cov."), _BAND_MOST]
    room = width - 1 - sum(w + _COLUMN_EDGES for w in fixed)
    return max(0, min(group_count, room // (_GROUP_CELL + _COLUMN_EDGES)))


def render_ranking(
    rows: Sequence[BatchRow],
    group_ids: Sequence[str],
    total: int,
    failed: int,
    color: bool = False,
    width: int = 120,
) -> str:
    """The ranking as a table that fits `width` (the terminal's): group columns that do not
    fit are left out, and the caption says so (the CSV or JSON Lines output has them all)."""
    buffer = io.StringIO()
    console = text_console(buffer, color, width)
    city_width = min(_CITY_MOST, max((len(r.city) + 2 for r in rows), default=4))
    shown = list(
        group_ids[: fitting_groups(width, city_width, len(str(len(rows))), len(group_ids))]
    )
    title = f"Ranking of {total - failed} assessed profile(s)"
    if len(rows) < total - failed:
        title += f" (top {len(rows)})"
    left_out = ""
    if len(shown) < len(group_ids):
        left_out = (
            f" {len(group_ids) - len(shown)} of {len(group_ids)} group columns are left out to "
            f"fit {width} columns: `--output results.csv` has every one."
        )
    columns = (" Columns: " + ", ".join(f"{_short(g)} = {g}" for g in shown) + ".") if shown else ""
    table = Table(
        title=Text(title, style="bold"),
        title_justify="left",
        # Text, like every value here: group ids come from a checklist (no markup, no ESC).
        caption=Text(
            "Overall: score on the stated facts; range: the least and the most score any "
            "completion of the unstated facts could give; coverage: the share of the rule weight "
            "the stated facts decide; groups: score/coverage per cent. Ranked by the lower bound "
            "(what the stated facts guarantee), then the upper bound, then the score. * fictional "
            "profile." + columns + left_out
        ),
        caption_justify="left",
    )
    table.add_column("#", justify="right", no_wrap=True)
    table.add_column("City", no_wrap=True, max_width=_CITY_MOST, overflow="ellipsis")
    table.add_column("Overall", justify="right", no_wrap=True)
    table.add_column("Range", justify="right", no_wrap=True)
    table.add_column("Cov.", justify="right", no_wrap=True)
    table.add_column("Band", max_width=_BAND_MOST)
    for group_id in shown:
        table.add_column(Text(_short(group_id)), justify="right", no_wrap=True)
    for rank, row in enumerate(rows, start=1):
        table.add_row(
            str(rank),
            Text(row.city + (" *" if row.fictional else "")),
            score_text(row.score),
            range_text(row.lower, row.upper),
            coverage_text(row.coverage),
            row.band,
            *[
                f"{score_text(s)}/{coverage_text(c).rstrip('%')}"
                for s, c in list(zip(row.groups, row.group_coverage, strict=True))[: len(shown)]
            ],
        )
    console.print(table)
    if failed:
        console.print(
            Text(f"{failed} profile(s) could not be assessed (see above)", style="bold red")
        )
    return "\n".join(line.rstrip() for line in buffer.getvalue().split("\n"))


def _short(group_id: str) -> str:
    """OECD-01 -> O01, MPI-A -> MA, THEME-3 -> T3: column headers that fit."""
    prefix, _, rest = group_id.partition("-")
    return (prefix[:1] + rest) if rest else group_id[:4]
