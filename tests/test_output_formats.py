"""SARIF, JUnit, GitHub annotations and HTML: each read back as its consumer would read it."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import jsonschema
import pytest
import xmlschema
from junitparser import Error, Failure, JUnitXml, Skipped

from integracheck.api import assess
from integracheck.models.report import Report
from integracheck.render import RENDERERS, RenderOptions, render_many

ROOT = Path(__file__).resolve().parent.parent
SARIF_SCHEMA = Path(__file__).parent / "data" / "schemas" / "sarif-schema-2.1.0.json"
JUNIT_SCHEMA = Path(__file__).parent / "data" / "schemas" / "junit-10.xsd"
AS_OF = dt.date(2026, 6, 1)


@pytest.fixture(scope="module")
def report() -> Report:
    return assess(str(ROOT / "city_profiles" / "example.yaml"), today=AS_OF)


@pytest.fixture(scope="module")
def clean_report(tmp_path_factory: pytest.TempPathFactory) -> Report:
    path = tmp_path_factory.mktemp("clean") / "clean.yaml"
    path.write_text("city: {name: Blank}\n", encoding="utf-8")
    return assess(str(path), ["tests/data/mini-checklist.yaml"], today=AS_OF)


def _sarif(report: Report) -> dict[str, object]:
    return json.loads(RENDERERS["sarif"](report, RenderOptions()))  # type: ignore[no-any-return]


def test_sarif_is_valid_against_the_official_schema(report: Report) -> None:
    if not SARIF_SCHEMA.is_file():
        pytest.fail(f"the official SARIF schema is expected at {SARIF_SCHEMA}")
    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    jsonschema.validate(_sarif(report), schema)


def test_sarif_rules_levels_and_locations(report: Report) -> None:
    run = _sarif(report)["runs"][0]  # type: ignore[index]
    rules = run["tool"]["driver"]["rules"]
    ids = [rule["id"] for rule in rules]
    assert len(ids) == len(set(ids))
    assert "OECD-01.1" in ids and "MPI-R.3" in ids  # rule ids are the checklist's own
    first = next(rule for rule in rules if rule["id"] == "OECD-10.1")
    assert first["shortDescription"]["text"]
    assert first["fullDescription"]["text"]
    assert gap_recommendation(report, "OECD-10.1") in first["help"]["text"]
    assert "helpUri" not in first  # only with --docs-url: it must be an absolute URI
    levels = {result["level"] for result in run["results"]}
    assert levels >= {"error", "warning"}  # not every result at level "error"
    housing = next(r for r in run["results"] if r["ruleId"] == "OECD-10.1")
    region = housing["locations"][0]["physicalLocation"]["region"]
    gap = next(r for r in report.results if r.rule_id == "OECD-10.1")
    assert (region["startLine"], region["startColumn"]) == (gap.location.line, gap.location.column)
    assert run["tool"]["driver"]["rules"][housing["ruleIndex"]]["id"] == "OECD-10.1"


def gap_recommendation(report: Report, rule_id: str) -> str:
    return next(r.recommendation for r in report.results if r.rule_id == rule_id)


def test_sarif_has_a_results_array_even_when_nothing_fails(clean_report: Report) -> None:
    document = _sarif(clean_report)
    assert "results" in document["runs"][0]  # type: ignore[index]


def test_junit_parses_with_unique_case_names(report: Report, tmp_path: Path) -> None:
    path = tmp_path / "report.xml"
    path.write_text(RENDERERS["junit"](report, RenderOptions()), encoding="utf-8")
    xml = JUnitXml.fromfile(str(path))
    names, failures, skipped, errors = [], 0, 0, 0
    for suite in xml:
        for case in suite:
            names.append(case.name)
            for outcome in case.result:
                failures += isinstance(outcome, Failure)
                skipped += isinstance(outcome, Skipped)
                errors += isinstance(outcome, Error)
    assert len(names) == len(set(names))
    counts = report.counts()
    assert failures == counts["fail"] + counts["partial"] + len(report.risks)
    assert skipped == counts["not_applicable"] + counts["waived"] + counts["unknown"]
    assert errors == counts["error"]


def test_junit_is_valid_against_the_jenkins_xunit_schema(report: Report, tmp_path: Path) -> None:
    schema = xmlschema.XMLSchema(str(JUNIT_SCHEMA))
    second = assess(str(ROOT / "city_profiles" / "vienna.yaml"), today=AS_OF)
    for xml in (
        RENDERERS["junit"](report, RenderOptions()),
        render_many([report, second], "junit", RenderOptions()),
    ):
        errors = [str(error.reason) for error in schema.iter_errors(xml)]
        assert errors == []


def test_github_annotations_carry_real_lines_and_severity(report: Report) -> None:
    lines = RENDERERS["github"](report, RenderOptions()).splitlines()
    assert lines
    commands = {line.split(" ", 1)[0] for line in lines}
    assert commands <= {"::error", "::warning", "::notice"}
    assert len(commands) > 1
    housing = next(line for line in lines if "title=OECD-10.1" in line)
    gap = next(r for r in report.results if r.rule_id == "OECD-10.1")
    assert f"line={gap.location.line},col={gap.location.column}" in housing


def test_html_is_self_contained_and_says_which_gate_failed(tmp_path: Path) -> None:
    failing = assess(str(ROOT / "city_profiles" / "example.yaml"), fail_under=90, today=AS_OF)
    page = RENDERERS["html"](failing, RenderOptions())
    assert page.startswith("<!DOCTYPE html>")
    assert "<script" not in page.lower()
    assert "http://" not in page.replace('xmlns="http://www.w3.org/2000/svg"', "")
    assert "https://" not in page
    assert "Gate <code>--fail-under 90</code>: FAILED" in page
    assert page.count("<svg") == len(failing.checklists)
    assert "<title id=" in page and "<desc id=" in page  # text alternatives for the charts


def _outside_code(markdown: str) -> str:
    return re.sub(r"``.*?``|`[^`\n]*`", "", markdown)


def test_markdown_speaks_to_people_not_in_ids(report: Report) -> None:
    text = _outside_code(RENDERERS["markdown"](report, None))
    assert not re.findall(r"00[0-9]_[0-9a-f]{16}\.txt", text)
    paths = re.findall(r"(?<![\w./:-])[a-z_]+(?:\[\])?(?:\.[a-z_]+(?:\[\])?)+(?![\w/-])", text)
    assert [p for p in paths if p not in ("e.g", "i.e")] == []
