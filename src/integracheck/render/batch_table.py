"""Rows of a batch run: CSV and JSON Lines for analysts, and the ranking table for a person."""

from __future__ import annotations

import io
from collections.abc import Sequence

from rich.table import Table

from integracheck.models.batch import BatchRow
from integracheck.models.inert_text import json_text
from integracheck.render.safe_text import Text, text_console
from integracheck.render.spreadsheet import csv_line
from integracheck.render.view import coverage_text, score_text


def csv_header(group_ids: Sequence[str]) -> str:
    # Each group's score, then its coverage: the two numbers every score carries.
    per_group = [name for group_id in group_ids for name in (group_id, f"{group_id} coverage")]
    return csv_line(
        [
            "file",
            "city",
            "country",
            "city_type",
            "overall",
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
        for pair in zip(row.groups, row.group_coverage, strict=True)
        for value in pair
    ]
    return csv_line(
        [
            row.file,
            row.city,
            row.country,
            row.city_type,
            _number_text(row.score),
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
        "coverage": row.coverage,
        "band": row.band,
        "groups": dict(zip(group_ids, row.groups, strict=True)),
        "group_coverage": dict(zip(group_ids, row.group_coverage, strict=True)),
        "unknown": row.unknown,
        "fictional": row.fictional,
        "gaps": row.gaps,
        "risks": list(row.risks),
    }
    return json_text(data, indent=None)


def render_ranking(
    rows: Sequence[BatchRow],
    group_ids: Sequence[str],
    total: int,
    failed: int,
    color: bool = False,
    width: int = 120,
) -> str:
    buffer = io.StringIO()
    # Wide enough for every group column: a ranking is read across, not wrapped.
    # "100/100" and its padding in every group column: a ranking is read across, not cut.
    width = max(width, 80 + 10 * len(group_ids) + max((len(r.city) for r in rows), default=4))
    console = text_console(buffer, color, width)
    title = f"Ranking of {total - failed} assessed profile(s)"
    if len(rows) < total - failed:
        title += f" (top {len(rows)})"
    table = Table(
        title=Text(title, style="bold"),
        title_justify="left",
        # Text, like every value here: group ids come from a checklist (no markup, no ESC).
        caption=Text(
            "Overall: score and coverage (share of the rule weight the stated facts "
            "decide); groups: score/coverage per cent. Profiles with too little evidence for a "
            "band come last, the most evidence first. * fictional profile. Columns: "
            + ", ".join(f"{_short(g)} = {g}" for g in group_ids)
            + "."
        ),
        caption_justify="left",
    )
    table.add_column("#", justify="right", no_wrap=True)
    table.add_column("City", no_wrap=True)
    table.add_column("Overall", justify="right", no_wrap=True)
    table.add_column("Cov.", justify="right", no_wrap=True)
    table.add_column("Band", no_wrap=True)
    for group_id in group_ids:
        table.add_column(Text(_short(group_id)), justify="right", no_wrap=True)
    for rank, row in enumerate(rows, start=1):
        table.add_row(
            str(rank),
            Text(row.city + (" *" if row.fictional else "")),
            score_text(row.score),
            coverage_text(row.coverage),
            row.band,
            *[
                f"{score_text(s)}/{coverage_text(c).rstrip('%')}"
                for s, c in zip(row.groups, row.group_coverage, strict=True)
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
