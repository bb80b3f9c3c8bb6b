"""Issue 19: every format other than the terminal's first screen carries the score's range
(lower and upper bounds), each rule's floor and ceiling, and the points a fact could close."""

from __future__ import annotations

import datetime as dt
import json
from functools import cache

import pytest

from integracheck.api import assess
from integracheck.models.report import Report
from integracheck.render import json as json_render
from integracheck.render import jsonl as jsonl_render
from tests.conftest import EXAMPLES

TODAY = dt.date(2026, 1, 15)
PROFILES = sorted(p.name for p in EXAMPLES.glob("*.yaml"))


@cache
def report_of(name: str, strict: bool = False) -> Report:
    return assess(str(EXAMPLES / name), today=TODAY, strict=strict)


def _within(data: dict[str, object]) -> None:
    score, lower, upper = data["score"], data["lower"], data["upper"]
    if score is None:
        return
    assert isinstance(score, float | int) and isinstance(lower, float | int)
    assert isinstance(upper, float | int)
    assert lower <= score <= upper, data


@pytest.mark.parametrize("name", PROFILES)
def test_json_carries_consistent_ranges_on_every_bundled_profile(name: str) -> None:
    data = json.loads(json_render.render(report_of(name)))
    assert data["schema_version"] == "3.0"
    _within(data)
    assert data["evidence_score"] == data["score"]  # not strict: the score is the evidence's
    for checklist in data["checklists"]:
        _within(checklist)
    for group in data["groups"]:
        _within(group)
        assert "band" in group
    for result in data["results"]:
        assert result["floor"] <= result["ceiling"]
        assert isinstance(result["may_not_apply"], bool)
        if result["status"] in ("pass", "fail"):
            assert result["floor"] == result["ceiling"] == result["level"]
            assert result["level_text"] == str(result["level"])
        if result["status"] == "unknown":
            assert result["level_text"].startswith(("not known", "at least"))
        if result["status"] == "partial" and result["floor"] < result["ceiling"]:
            assert result["level_text"].startswith(f"at least {result['floor']}")
    for fact in data["not_stated"]:
        assert fact["points"] >= 0


@pytest.mark.parametrize("name", PROFILES)
def test_strict_json_scores_are_their_lower_bounds(name: str) -> None:
    data = json.loads(json_render.render(report_of(name, strict=True)))
    for part in [data, *data["checklists"], *data["groups"]]:
        assert part["score"] == part["lower"], part.get("id", "overall")
        _within(part)


def test_strict_json_score_is_the_lower_bound_and_keeps_the_evidence_score() -> None:
    data = json.loads(json_render.render(report_of("vienna.yaml", strict=True)))
    assert data["strict"] is True
    assert data["score"] == data["lower"]
    assert data["evidence_score"] == report_of("vienna.yaml").evidence_score


def test_a_partial_rule_with_undecided_levels_reads_at_least() -> None:
    data = json.loads(json_render.render(report_of("vienna.yaml")))
    at_least = [
        r for r in data["results"] if r["status"] == "partial" and r["floor"] < r["ceiling"]
    ]
    assert at_least, "Vienna has partial rules capped only by unknowns (MPI-F.3)"
    assert all(r["level_text"].startswith("at least") for r in at_least)


def test_jsonl_carries_the_same_fields() -> None:
    line = jsonl_render.render(report_of("gdansk.yaml"))
    data = json.loads(line)
    assert {"lower", "upper", "evidence_score"} <= set(data)
    assert {"floor", "ceiling", "may_not_apply", "level_text"} <= set(data["results"][0])


def test_sarif_run_properties_carry_the_range() -> None:
    from integracheck.render import sarif

    report = report_of("vienna.yaml")
    run = json.loads(sarif.render(report))["runs"][0]
    (profile,) = run["properties"]["profiles"]
    assert profile["score"] == report.score
    assert (profile["lower"], profile["upper"]) == (report.lower, report.upper)
    assert profile["coverage"] == report.coverage
    assert profile["lower"] <= profile["score"] <= profile["upper"]


def test_junit_suites_carry_score_bounds_and_coverage_before_their_cases() -> None:
    import xml.etree.ElementTree as ET

    from integracheck.render import junit

    report = report_of("vienna.yaml")
    root = ET.fromstring(junit.render(report))
    suites = root.findall("testsuite")
    assert suites
    by_id = {c.id: c for c in report.checklists}
    for suite in suites:
        assert suite[0].tag == "properties"  # the JUnit schema puts them first
        values = {p.get("name"): p.get("value") for p in suite[0]}
        assert float(values["overall.lower"]) == report.lower
        assert float(values["overall.upper"]) == report.upper
        assert float(values["overall.score"]) == report.score
        assert float(values["overall.coverage"]) == report.coverage
        checklist = by_id.get(suite.get("name", ""))
        if checklist is not None and checklist.score is not None:
            assert float(values["lower"]) <= float(values["score"]) <= float(values["upper"])
            assert float(values["coverage"]) == checklist.coverage


def test_markdown_leads_with_the_range_and_shows_it_in_every_table() -> None:
    from integracheck.render import markdown
    from integracheck.render.view import range_text, report_headline

    report = report_of("vienna.yaml")
    text = markdown.render(report)
    assert f"**Overall score: {report_headline(report)}**" in text
    assert "between" in report_headline(report)
    assert "| Checklist | Score | Range | Coverage | Band |" in text
    for checklist in report.checklists:
        assert f"| {range_text(checklist.lower, checklist.upper)} |" in text
    assert "| Point | Title | Score | Range | Coverage |" in text
    assert "Range is the least and the most score" in text
    # A partial rule capped only by what is not stated reads "at least" where it is shown.
    assert "level at least 50" in text
    assert "Points of the range" in text


def test_html_draws_the_range_and_styles_spanned_bands() -> None:
    import re

    from integracheck.render import html
    from integracheck.render.view import report_headline

    report = report_of("example.yaml")
    assert " to " in report.band  # the example's range spans two bands
    page = html.render(report)
    assert report_headline(report) in page
    assert f'<span class="band spans">{report.band}</span>' in page
    assert ".band.spans {" in page
    # Per group: the guaranteed bar, and a lighter segment where the range is open.
    assert page.count('rect class="guaranteed"') == len(report.groups)
    open_groups = [g for g in report.groups if (g.upper or 0) > (g.lower or 0)]
    assert page.count('rect class="open"') == len(open_groups)
    scored = [g for g in report.groups if g.score is not None]
    assert page.count('rect class="score-mark"') == len(scored)
    assert "the lighter segment reaches the upper bound" in page
    assert re.search(r'<th scope="col" class="num">Range</th>', page)
    charts = html.charts(report)
    for chart, section in zip(charts, html.view.sections(report), strict=True):
        for bar, group in zip(chart.bars, section.groups, strict=True):
            lower, upper = group.lower or 0.0, group.upper or group.lower or 0.0
            assert bar.width == pytest.approx(lower / 100 * html.BAR_AREA, abs=0.2)
            assert bar.open_width == pytest.approx((upper - lower) / 100 * html.BAR_AREA, abs=0.2)
            if group.score is not None:
                assert bar.score_x is not None
                assert html.PAD + bar.width - 0.2 <= bar.score_x
                assert bar.score_x <= html.PAD + bar.width + bar.open_width + 0.2


def test_band_class_is_neutral_for_spanned_bands() -> None:
    from integracheck.render.html import band_class

    assert band_class("advanced") == "advanced"
    assert band_class("insufficient evidence") == "insufficient-evidence"
    assert band_class("emerging to advanced") == "spans"
