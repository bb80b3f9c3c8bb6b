"""Issue 19, item 8: `diff` on ranges. A rule that becomes unknown is never a closed gap; the
range and coverage are compared beside the score; a regression is a drop of the lower bound."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from typer.testing import CliRunner

from integracheck.api import assess, compare_files
from integracheck.cli import app
from integracheck.comparison import compare, snapshot, snapshot_from_json
from integracheck.loading.errors import InputError
from integracheck.models.comparison import Gap, Snapshot
from integracheck.render import json as json_render
from integracheck.render.comparison import render_json, render_markdown, render_terminal
from tests.conftest import EXAMPLES

TODAY = dt.date(2026, 1, 15)
runner = CliRunner()


def _snapshot(**fields: object) -> Snapshot:
    base: dict[str, object] = {
        "source": "x.yaml",
        "city": "X",
        "score": 50.0,
        "groups": {"G": ("Group", 50.0)},
        "gaps": {},
        "risks": {},
        "coverage": 50.0,
        "group_coverage": {"G": 50.0},
        "lower": 20.0,
        "upper": 80.0,
        "group_bounds": {"G": (20.0, 80.0)},
    }
    base.update(fields)
    return Snapshot(**base)  # type: ignore[arg-type]


def test_a_gap_that_becomes_unknown_is_not_closed() -> None:
    failing = Gap("R-1", "A rule", "high", "fail", 0)
    partial = Gap("R-2", "Another", "low", "partial", 50)
    met = Gap("R-3", "A third", "low", "fail", 0)
    old = _snapshot(gaps={"R-1": failing, "R-2": partial, "R-3": met})
    new = _snapshot(gaps={}, unknown={"R-1": "A rule", "R-2": "Another"})
    comparison = compare(old, new)
    assert [g.rule_id for g in comparison.closed_gaps] == ["R-3"]  # decided met: closed
    assert {k for k, _ in comparison.now_unknown} == {"R-1", "R-2"}
    data = json.loads(render_json(comparison))
    assert [g["rule_id"] for g in data["closed_gaps"]] == ["R-3"]
    assert {u["id"] for u in data["now_unknown"]} == {"R-1", "R-2"}
    text = render_terminal(comparison)
    closed = text.split("Closed gaps (1)")[1].split("\n\n")[0]
    assert "R-3" in closed and "R-1" not in closed and "R-2" not in closed


def _failed_rule_made_unknown(tmp_path: Path) -> tuple[Path, str]:
    """The example with the block of a failed rule's fact removed, so that the rule goes
    unknown; and the rule's id."""
    source = EXAMPLES / "example.yaml"
    report = assess(str(source), today=TODAY)
    lines = source.read_text(encoding="utf-8").splitlines()
    for result in (r for r in report.results if r.status == "fail"):
        line = result.location.line
        key = lines[line - 1].split(":")[0]
        if not key.strip() or key.strip().startswith("-"):
            continue
        indent = len(key) - len(key.lstrip())
        end = line
        while end < len(lines) and (
            not lines[end].strip() or len(lines[end]) - len(lines[end].lstrip()) > indent
        ):
            end += 1
        edited = tmp_path / "edited.yaml"
        edited.write_text("\n".join(lines[: line - 1] + lines[end:]) + "\n", encoding="utf-8")
        try:
            after = assess(str(edited), today=TODAY)
        except InputError:
            continue
        if {r.rule_id: r.status for r in after.results}.get(result.rule_id) == "unknown":
            return edited, result.rule_id
    raise AssertionError("no failed rule of the example could be made unknown")


def test_a_rule_whose_fact_is_removed_is_no_closed_gap_end_to_end(tmp_path: Path) -> None:
    edited, rule_id = _failed_rule_made_unknown(tmp_path)
    before = assess(str(EXAMPLES / "example.yaml"), today=TODAY)
    after = assess(str(edited), today=TODAY)
    comparison = compare(snapshot(before), snapshot(after))
    assert rule_id in {k for k, _ in comparison.now_unknown}
    assert rule_id not in {g.rule_id for g in comparison.closed_gaps}


def test_fail_on_regression_reads_the_lower_bound(tmp_path: Path) -> None:
    """Stating a fact that shows a gap may lower the evidence-based score, never the
    guaranteed one: no regression. Leaving it out again is no regression either (the bound
    cannot rise by hiding a fact), and `diff` says the gap is not known rather than closed."""
    edited, rule_id = _failed_rule_made_unknown(tmp_path)
    stated = runner.invoke(
        app, ["diff", str(edited), str(EXAMPLES / "example.yaml"), "--fail-on-regression"]
    )
    assert stated.exit_code == 0, stated.stderr
    hidden = runner.invoke(
        app,
        ["diff", str(EXAMPLES / "example.yaml"), str(edited), "-f", "json"],
    )
    data = json.loads(hidden.stdout)
    assert data["lower"]["new"] <= data["lower"]["old"]
    assert rule_id not in {g["rule_id"] for g in data["closed_gaps"]}


def test_diff_reports_range_and_coverage_changes_overall_and_per_group() -> None:
    old = _snapshot()
    new = _snapshot(
        score=55.0,
        lower=30.0,
        upper=70.0,
        coverage=60.0,
        groups={"G": ("Group", 55.0)},
        group_bounds={"G": (30.0, 70.0)},
        group_coverage={"G": 60.0},
    )
    comparison = compare(old, new)
    assert comparison.lower is not None and comparison.lower.delta == 10.0
    assert comparison.upper is not None and comparison.upper.delta == -10.0
    assert [(c.id, c.delta) for c in comparison.group_lower] == [("G", 10.0)]
    assert [(c.id, c.delta) for c in comparison.group_upper] == [("G", -10.0)]
    data = json.loads(render_json(comparison))
    assert data["lower"]["delta"] == 10.0 and data["upper"]["delta"] == -10.0
    assert data["group_lower"][0]["new"] == 30.0 and data["group_upper"][0]["new"] == 70.0
    terminal = render_terminal(comparison)
    assert "range 20-80 → 30-70 (lower +10, upper -10)" in terminal
    assert "G Group: 20-80 → 30-70" in terminal
    markdown = render_markdown(comparison)
    assert "| overall | Overall score | 50 | 55 | +5 | 20-80 | 30-70 | 50% | 60% |" in markdown
    assert "| G | Group | 50 | 55 | +5 | 20-80 | 30-70 | 50% | 60% |" in markdown


def test_a_regression_is_a_drop_of_the_lower_bound() -> None:
    # The score rises but the guarantee falls (a rule once met is now unknown): a regression.
    lost_guarantee = compare(
        _snapshot(), _snapshot(score=60.0, lower=10.0, group_bounds={"G": (20.0, 80.0)})
    )
    assert [c.id for c in lost_guarantee.regressions] == ["overall"]
    assert lost_guarantee.regressions[0].title.startswith("Guaranteed")
    # The score falls as a newly stated fact shows a gap, but the guarantee holds: none.
    stated_a_gap = compare(
        _snapshot(), _snapshot(score=40.0, groups={"G": ("Group", 40.0)}, lower=25.0)
    )
    assert stated_a_gap.regressions == ()
    group_drop = compare(_snapshot(), _snapshot(group_bounds={"G": (15.0, 80.0)}))
    assert [c.id for c in group_drop.regressions] == ["G"]


def test_a_report_without_range_still_loads_and_regressions_read_its_score() -> None:
    report = assess(str(EXAMPLES / "vienna.yaml"), today=TODAY)
    data = json.loads(json_render.render(report))
    old_data = {**data, "schema_version": "2.0"}
    for key in ("lower", "upper", "evidence_score"):
        old_data.pop(key)
    old_data["groups"] = [
        {k: v for k, v in g.items() if k not in ("lower", "upper")} for g in data["groups"]
    ]
    old = snapshot_from_json(old_data, "old.json")
    assert old.lower is None and old.upper is None
    assert all(bounds == (None, None) for bounds in old.group_bounds.values())
    new = snapshot_from_json(data, "new.json")
    assert (new.lower, new.upper) == (report.lower, report.upper)
    comparison = compare(old, new)
    assert comparison.lower is not None and comparison.lower.delta is None
    assert comparison.regressions == ()
    assert "range – → " in render_terminal(comparison)
    lower_score = {**old_data, "score": (report.score or 0) + 5}
    assert [c.id for c in compare(snapshot_from_json(lower_score, "o"), new).regressions] == [
        "overall"
    ]


def test_diff_of_json_reports_reads_the_new_fields(tmp_path: Path) -> None:
    report = assess(str(EXAMPLES / "gdansk.yaml"), today=TODAY)
    first, second = tmp_path / "a.json", tmp_path / "b.json"
    first.write_text(json_render.render(report), encoding="utf-8")
    second.write_text(json_render.render(report), encoding="utf-8")
    comparison = compare_files(str(first), str(second))
    assert comparison.lower is not None and comparison.lower.new == report.lower
    assert comparison.upper is not None and comparison.upper.new == report.upper
    assert comparison.regressions == ()
