"""Evidence-aware assessment end to end: coverage everywhere, unknown never a fail, real cities
judged on what their sources state, and the gates and formats that carry it."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path

import pytest
from junitparser import JUnitXml, Skipped
from typer.testing import CliRunner

from integracheck.api import assess
from integracheck.cli import app
from integracheck.models.report import Report
from integracheck.scoring import band_of

ROOT = Path(__file__).resolve().parent.parent
PROFILES = ROOT / "city_profiles"
EXAMPLE = PROFILES / "example.yaml"
REAL = sorted(p for p in PROFILES.glob("*.yaml") if p.name != "example.yaml")
AS_OF = dt.date(2026, 6, 1)
runner = CliRunner()

_REPORTS: dict[tuple[str, bool], Report] = {}


def report_of(path: Path, strict: bool = False) -> Report:
    key = (str(path), strict)
    if key not in _REPORTS:
        _REPORTS[key] = assess(str(path), today=AS_OF, strict=strict)
    return _REPORTS[key]


@pytest.mark.parametrize("path", REAL, ids=[p.stem for p in REAL])
def test_a_real_city_is_never_failed_for_what_its_sources_do_not_state(path: Path) -> None:
    report = report_of(path)
    # A fail may rest on an unstated competence only as "fails if it applies": its shortfall
    # is stated, whether it counts is not (it may be left out of the bounds).
    wrongly = [
        r.rule_id
        for r in report.results
        if r.status == "fail"
        and [f for f in r.not_stated if not (r.may_not_apply and f.startswith("city.competences."))]
    ]
    assert not wrongly
    assert report.coverage is not None and report.coverage < 100
    # A band is named only where the whole range lies in it: thin evidence never earns one.
    for part in (report, *report.checklists, *report.groups):
        if part.lower is None or part.upper is None:
            continue
        if band_of(part.lower) != band_of(part.upper):
            assert part.band not in ("advanced", "established", "emerging", "absent")


@pytest.mark.parametrize("path", [*REAL, EXAMPLE], ids=[p.stem for p in [*REAL, EXAMPLE]])
def test_strict_mode_scores_the_lower_bound(path: Path) -> None:
    default, strict = report_of(path), report_of(path, strict=True)
    assert strict.counts()["unknown"] == 0
    assert strict.score is not None
    assert strict.score == default.lower
    assert (strict.lower, strict.upper) == (default.lower, default.upper)
    assert default.score is None or strict.score <= default.score


def test_the_fictional_example_is_nearly_complete_evidence() -> None:
    report = report_of(EXAMPLE)
    assert report.fictional
    assert report.coverage is not None and report.coverage > 80
    assert report.lower is not None and report.upper is not None
    assert report.upper - report.lower < 10


def test_vienna_json_has_coverage_at_every_level_and_unknown_results() -> None:
    result = runner.invoke(app, ["assess", str(PROFILES / "vienna.yaml"), "-f", "json"])
    data = json.loads(result.stdout)
    assert data["schema_version"].startswith("3.")
    assert isinstance(data["coverage"], float)
    assert all("coverage" in c for c in data["checklists"])
    assert all("coverage" in g for g in data["groups"])
    unknown = [r for r in data["results"] if r["status"] == "unknown"]
    assert unknown
    assert all(r["not_stated"] or r["partial_lists"] for r in unknown)
    assert data["summary"]["unknown"] == len(unknown)
    points = [n["points"] for n in data["not_stated"]]
    assert points == sorted(points, reverse=True)


def test_the_terminal_headline_gives_the_score_with_its_coverage() -> None:
    result = runner.invoke(app, ["assess", str(EXAMPLE), "-q"])
    report = report_of(EXAMPLE)
    assert (
        f"{report.score:g}/100 on the stated facts, between {report.lower:g} and "
        f"{report.upper:g} on what is not yet known ({report.coverage:.0f}% of the evidence"
    ) in " ".join(result.stdout.split())


def test_init_writes_a_starter_that_states_nothing(tmp_path: Path) -> None:
    path = tmp_path / "city.yaml"
    assert runner.invoke(app, ["init", str(path)]).exit_code == 0
    report = assess(str(path), today=AS_OF)
    assert report.coverage == 0
    assert report.score is None
    assert report.band == "insufficient evidence"
    assert {r.status for r in report.results} <= {"unknown", "not_applicable"}
    assert report.risks == ()


def test_min_coverage_and_strict_gates_on_the_command_line() -> None:
    vienna = str(PROFILES / "vienna.yaml")
    assert runner.invoke(app, ["assess", vienna, "-q", "--min-coverage", "50"]).exit_code == 1
    assert runner.invoke(app, ["assess", vienna, "-q", "--min-coverage", "1"]).exit_code == 0
    # Strict mode counts unknown rules as failed in the score, but they are no evidence.
    strict_gate = runner.invoke(app, ["assess", vienna, "-q", "--strict", "--min-coverage", "50"])
    assert strict_gate.exit_code == 1
    assert "evidence coverage" in strict_gate.stderr
    default = runner.invoke(app, ["assess", vienna, "-q"])
    strict = runner.invoke(app, ["assess", vienna, "-q", "--strict"])
    assert "strict" in strict.stdout and "strict" not in default.stdout
    # The gate reads what the stated facts guarantee (the lower bound), in both modes: Vienna's
    # many unknown rules leave it far below its evidence-based score.
    report = report_of(PROFILES / "vienna.yaml")
    assert report.lower is not None and report.score is not None
    between = (report.lower + report.score) / 2
    for mode in ([], ["--strict"]):
        gate = ["--fail-under", f"{between:.1f}"]
        assert runner.invoke(app, ["assess", vienna, "-q", *mode, *gate]).exit_code == 1
        low = ["--fail-under", f"{report.lower:g}"]
        assert runner.invoke(app, ["assess", vienna, "-q", *mode, *low]).exit_code == 0


def test_the_bundled_real_profiles_meet_the_pre_commit_gate() -> None:
    hooks = (ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8")
    assert "args: [--fail-on, critical]" in hooks
    result = runner.invoke(app, ["assess", *map(str, REAL), "-q", "--fail-on", "critical"])
    assert result.exit_code == 0, result.stdout + result.stderr


def test_batch_has_coverage_columns_and_marks_the_fictional_example(tmp_path: Path) -> None:
    out = tmp_path / "rows.csv"
    result = runner.invoke(app, ["batch", str(PROFILES), "-o", str(out), "--jobs", "1"])
    assert result.exit_code == 0, result.stderr
    assert "Cov." in result.stdout
    assert "Lindmark *" in result.stdout
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert len(rows) == len(REAL) + 1
    assert {"coverage", "OECD-01 coverage", "unknown"} <= set(rows[0])
    for row in rows:
        if row["city"] != "Lindmark":
            # Thin evidence leaves a range too wide for one band.
            one_band = row["band"] in ("absent", "emerging", "established", "advanced")
            assert not one_band or float(row["coverage"]) > 50


def test_peers_leave_out_the_fictional_example() -> None:
    result = runner.invoke(
        app, ["assess", str(PROFILES / "vienna.yaml"), "--peers", str(PROFILES), "-f", "json"]
    )
    peers = json.loads(result.stdout)["peers"]
    assert peers["n"] == len(REAL) - 1  # every real city but Vienna itself
    assert peers["fictional_left_out"] == 1


def test_diff_reports_the_change_in_coverage(tmp_path: Path) -> None:
    thinner = tmp_path / "thinner.yaml"
    text = EXAMPLE.read_text(encoding="utf-8")
    start = text.index("\nrepresentation:")
    end = text.index("\n", text.index("\ndata:") + 1)
    thinner.write_text(text[:start] + "\ndata:\n" + text[end:], encoding="utf-8")
    result = runner.invoke(app, ["diff", str(EXAMPLE), str(thinner), "-f", "json"])
    data = json.loads(result.stdout)
    assert data["coverage"]["new"] < data["coverage"]["old"]
    assert data["now_unknown"]


def test_junit_reports_an_unknown_rule_as_skipped(tmp_path: Path) -> None:
    out = tmp_path / "report.xml"
    runner.invoke(app, ["assess", str(PROFILES / "vienna.yaml"), "-o", str(out), "-q"])
    skipped = [
        case
        for suite in JUnitXml.fromfile(str(out))
        for case in suite
        if any(isinstance(r, Skipped) and "not stated" in (r.message or "") for r in case.result)
    ]
    assert len(skipped) == report_of(PROFILES / "vienna.yaml").counts()["unknown"]


def test_sarif_leaves_unknown_rules_out_and_states_coverage(tmp_path: Path) -> None:
    out = tmp_path / "report.sarif"
    runner.invoke(app, ["assess", str(PROFILES / "vienna.yaml"), "-o", str(out), "-q"])
    run = json.loads(out.read_text(encoding="utf-8"))["runs"][0]
    report = report_of(PROFILES / "vienna.yaml")
    unknown = {r.rule_id for r in report.results if r.status == "unknown"}
    assert not unknown & {r["ruleId"] for r in run["results"]}
    assert run["properties"]["profiles"][0]["coverage"] == report.coverage
