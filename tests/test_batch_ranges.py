"""Issue 19 in `batch` and `--peers`: rows carry the range, the ranking reads the lower bound,
and a peer's score counts where its range lies within one band."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import shutil
from pathlib import Path

from integracheck.api import assess
from integracheck.batch import assess_row, assess_with_peers, band_named, plan, rank_key
from integracheck.models.batch import BatchRow
from integracheck.render.batch_table import csv_header, csv_row, jsonl_row, render_ranking
from tests.conftest import EXAMPLES

TODAY = dt.date(2026, 1, 15)


def _row(city: str, score: float | None, lower: float | None, upper: float | None) -> BatchRow:
    return BatchRow(file=f"{city}.yaml", city=city, score=score, lower=lower, upper=upper)


def test_ranking_reads_the_lower_bound_then_the_upper_then_the_score() -> None:
    rows = [
        _row("thin-high", 90.0, 5.0, 99.0),  # a high score on little evidence guarantees little
        _row("settled", 60.0, 55.0, 65.0),
        _row("same-floor-wider", 70.0, 55.0, 90.0),
        _row("same-range-higher", 80.0, 55.0, 90.0),
        _row("unscored", None, None, None),
    ]
    ranked = sorted(rows, key=rank_key, reverse=True)
    assert [r.city for r in ranked] == [
        "same-range-higher",
        "same-floor-wider",
        "settled",
        "thin-high",
        "unscored",
    ]


def test_rows_carry_overall_and_group_bounds_in_csv_and_jsonl() -> None:
    batch = plan(today=TODAY)
    row = assess_row(str(EXAMPLES / "vienna.yaml"), batch)
    report = assess(str(EXAMPLES / "vienna.yaml"), today=TODAY)
    assert (row.lower, row.upper) == (report.lower, report.upper)
    groups = {g.id: g for g in report.groups}
    assert row.group_lower == tuple(groups[g].lower for g in batch.group_ids)
    assert row.group_upper == tuple(groups[g].upper for g in batch.group_ids)
    table = list(
        csv.DictReader(io.StringIO(csv_header(batch.group_ids) + csv_row(row, batch.group_ids)))
    )
    assert float(table[0]["lower"]) == report.lower
    assert float(table[0]["upper"]) == report.upper
    first = batch.group_ids[0]
    assert table[0][f"{first} lower"] == (
        "" if groups[first].lower is None else f"{groups[first].lower:g}"
    )
    data = json.loads(jsonl_row(row, batch.group_ids))
    assert (data["lower"], data["upper"]) == (report.lower, report.upper)
    assert data["group_lower"][first] == groups[first].lower
    assert data["group_upper"][first] == groups[first].upper


def test_ranking_table_shows_the_range_beside_the_score() -> None:
    rows = [_row("Settled", 60.0, 55.0, 65.0), _row("Thin", 90.0, 5.0, 99.0)]
    text = render_ranking(rows, [], total=2, failed=0)
    line = next(line for line in text.splitlines() if "Thin" in line)
    assert "90" in line and "5-99" in line
    assert "Ranked by the lower bound" in " ".join(text.split())


def test_band_named_only_when_the_range_lies_in_one_band() -> None:
    assert band_named(55.0, 70.0)
    assert not band_named(45.0, 55.0)  # emerging to established
    assert not band_named(5.0, 99.0)  # insufficient evidence
    assert not band_named(None, None)


def test_peers_count_only_scores_whose_range_lies_in_one_band(tmp_path: Path) -> None:
    """A complete profile (narrow ranges) and a desk-research one (ranges spanning bands): the
    statistics count each peer's score exactly where its range names a band."""
    peers = tmp_path / "peers"
    peers.mkdir()
    complete = EXAMPLES.joinpath("example.yaml").read_text(encoding="utf-8")
    (peers / "complete.yaml").write_text(
        complete.replace("fictional: true", "fictional: false"), encoding="utf-8"
    )
    shutil.copy(EXAMPLES / "paris.yaml", peers / "paris.yaml")
    own = EXAMPLES / "vienna.yaml"
    report = assess_with_peers(str(own), str(peers), jobs=1, today=TODAY)
    assert report.peers is not None and report.peers.n == 2
    peer_reports = [assess(str(p), today=TODAY) for p in sorted(peers.glob("*.yaml"))]
    overall = [r.score for r in peer_reports if band_named(r.lower, r.upper)]
    if overall:
        assert report.peers.overall is not None and report.peers.overall.n == len(overall)
    else:
        assert report.peers.overall is None
    for group_id in {g.id for g in peer_reports[0].groups}:
        counted = [
            g.score
            for r in peer_reports
            for g in r.groups
            if g.id == group_id and g.score is not None and band_named(g.lower, g.upper)
        ]
        stat = report.peers.groups.get(group_id)
        assert (stat.n if stat else 0) == len(counted), group_id
    paris = assess(str(EXAMPLES / "paris.yaml"), today=TODAY)
    assert not band_named(paris.lower, paris.upper)  # Paris on 2% of the evidence: left out
    assert any(band_named(g.lower, g.upper) for g in peer_reports[0].groups)


def test_peers_on_thin_evidence_still_say_where_they_stand() -> None:
    """No bundled real city's range names a band, so no peer's score is compared; their bounds
    are: the median of the peers' lower and upper bounds, overall and per group."""
    from integracheck.batch import assess_with_peers
    from integracheck.render import view

    root = Path(__file__).resolve().parent.parent / "city_profiles"
    report = assess_with_peers(str(root / "vienna.yaml"), str(root), jobs=1)
    peers = report.peers
    assert peers is not None and peers.lower is not None and peers.upper is not None
    assert peers.lower.n == peers.n
    assert peers.lower.median <= peers.upper.median
    text = view.peers_overall_text(peers)
    assert f"guaranteed (lower bound) median {peers.lower.median:g}" in text
    group = report.groups[0].id
    if group not in peers.groups:
        assert view.peer_cell(peers, group).startswith("range ")
