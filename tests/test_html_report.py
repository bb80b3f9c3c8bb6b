"""The HTML report as a consultant hands it over, read without a browser: a summary first,
words for people, charts that scale, print rules for A4."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from integracheck.api import assess
from integracheck.models.fields import field_descriptions
from integracheck.models.report import Report
from integracheck.render import RENDERERS, RenderOptions
from integracheck.render.html import SHORT, SHORT_TITLES, short_title, strengths

ROOT = Path(__file__).resolve().parent.parent
SEED_FILE = re.compile(r"\b00[0-9]_[0-9a-f]{16}\.txt\b")
DOTTED = re.compile(r"(?<![\w.])[a-z][a-z_]*(?:\[\])?(?:\.[a-z*][a-z_]*(?:\[\])?)+")


@pytest.fixture(scope="module")
def report() -> Report:
    return assess(str(ROOT / "city_profiles" / "example.yaml"), today=dt.date(2026, 6, 1))


@pytest.fixture(scope="module")
def page(report: Report) -> str:
    return RENDERERS["html"](report, RenderOptions())


def _prose(page: str) -> str:
    """The page without its <code> elements and its style sheet."""
    page = re.sub(r"<code>.*?</code>", "", page, flags=re.S)
    return re.sub(r"<style>.*?</style>", "", page, flags=re.S)


def test_no_seed_file_or_profile_path_outside_code(page: str) -> None:
    prose = _prose(page)
    assert SEED_FILE.findall(prose) == []
    tops = {path.split(".")[0].replace("[]", "") for path in field_descriptions()}
    paths = {
        m.group()
        for m in DOTTED.finditer(prose)
        if m.group().split(".")[0].replace("[]", "") in tops
        or "_" in m.group()
        or "[]" in m.group()
    }
    assert paths == set()
    # The paths are still there for whoever edits the profile, as code.
    assert "<code>policies." in page


def test_the_summary_comes_first_and_the_details_after(page: str, report: Report) -> None:
    order = [
        'id="summary"',
        'id="priorities"',
        'id="strengths"',
        'id="risks-summary"',
        'id="findings"',
        'id="collect"',
        'id="details"',
        'id="scores"',
        'id="gaps"',
        'id="risks"',
        'id="time-space"',
        'id="not-stated"',
    ]
    where = [page.index(mark) for mark in order]
    assert where == sorted(where)
    summary = page[: page.index('id="details"')]
    # The risks come before the gap cards, and all of them are in the summary.
    assert summary.count('class="finding') == 0
    for risk in report.risks:
        assert risk.title.replace("'", "&#39;") in summary
    assert 'class="summary"' in summary


def test_strengths_are_passed_rules_of_most_weight(report: Report) -> None:
    found = strengths(report)
    assert 0 < len(found) <= 5
    assert all(s.result.status == "pass" for s in found)
    weights = [s.result.weight for s in found]
    assert weights == sorted(weights, reverse=True)
    heaviest = max(r.weight for r in report.results if r.status == "pass")
    assert weights[0] == heaviest


def test_charts_scale_and_are_labelled_by_name(page: str, report: Report) -> None:
    svgs = re.findall(r"<svg[^>]*>", page)
    assert len(svgs) == len(report.checklists)
    for svg in svgs:
        assert 'viewBox="0 0 ' in svg and 'width="100%"' in svg
        assert "height=" not in svg.replace("viewBox", "")  # the height follows the width
    labels = re.findall(r'<text class="label"[^>]*>([^<]*)<tspan class="gid">([^<]*)<', page)
    assert len(labels) == len(report.groups)
    for name, group_id in labels:
        assert name.strip() and name.strip() != group_id
        assert len(name.strip()) <= SHORT
    assert "Vertical coordination" in page
    assert "evidence</text>" in page  # the coverage stays on the chart


def test_the_chosen_short_titles_fit_a_chart_line(report: Report) -> None:
    assert all(len(name) <= SHORT for name in SHORT_TITLES.values())
    # Most bundled groups have a name chosen by hand (a new one falls back to `short_title`).
    chosen = [g for g in report.groups if g.title in SHORT_TITLES]
    assert len(chosen) >= len(report.groups) - 2


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("Secure access to jobs", "Secure access to jobs"),
        ("Secure access to adequate housing", "Housing"),
        ("Match skills with jobs, through training and mentoring", "Match skills with jobs"),
        ("Make sure that the council is heard", "Make sure that the council…"),
        ("Care: a long programme of work for the city", "Care: a long programme of…"),
        ("A very long title without any clause at all in it", "A very long title without…"),
    ],
)
def test_short_title_of_a_group_of_ones_own(title: str, expected: str) -> None:
    assert short_title(title) == expected
    assert len(short_title(title)) <= SHORT


def test_print_rules_for_a4(page: str) -> None:
    style = page[page.index("<style>") : page.index("</style>")]
    assert re.search(r"@page\s*{\s*size:\s*A4;\s*margin:", style)
    assert "break-after: avoid; page-break-after: avoid;" in style
    assert ".summary { break-after: page; page-break-after: always;" in style
    assert "table.heat { table-layout: fixed;" in style
    # Every table scrolls in its own box on a narrow screen.
    assert page.count("<table") == len(re.findall(r'<div class="scroll[ "][^>]*><table', page))


def test_the_page_is_dated_and_says_wide_tables_scroll(page: str, report: Report) -> None:
    # Waiver expiry and funding windows depend on the date: a printed report must carry it.
    assert f'assessed as of <time datetime="{report.as_of}">{report.as_of}</time>' in page
    style = page[page.index("<style>") : page.index("</style>")]
    assert "no-repeat local" in style and "no-repeat scroll" in style  # the edge shadows


def test_print_leaves_out_the_lists_of_what_is_not_known(page: str) -> None:
    style = page[page.index("<style>") : page.index("</style>")]
    print_rules = style[style.index("@media print") :]
    assert ".not-in-print { display: none; }" in print_rules
    assert page.count('class="scroll not-in-print"') == 2
    assert page.count('class="print-only"') == 2


def test_self_contained_and_colour_blind_safe(page: str) -> None:
    assert "<script" not in page.lower()
    assert "https://" not in page and "url(" not in page
    for colour in ("#0072B2", "#009E73", "#E69F00", "#D55E00"):
        assert colour in page
    # A legend in words beside the colours.
    for word in ("advanced", "established", "emerging", "absent"):
        assert f"</span>{word}," in page
