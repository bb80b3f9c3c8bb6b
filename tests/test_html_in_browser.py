"""The HTML report opened in a real headless Chromium: no console errors, a visible chart,
a screenshot that is not blank; nothing wider than a phone or a desktop window; and printed
to A4, no page that ends on a heading."""

from __future__ import annotations

import datetime as dt
import io
import os
import re
import shutil
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from integracheck.api import assess
from integracheck.models.report import Peers, PeerStat, Report
from integracheck.render import RENDERERS, RenderOptions

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
HOW = "install Debian's chromium (apt-get install chromium); .ci/run does this in CI"
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
WIDTHS = (390, 1280)  # a phone and a desktop window


@pytest.fixture(scope="module")
def chromium() -> str:
    if CHROMIUM is None:
        if os.environ.get("CI"):
            pytest.fail(f"Chromium is missing in CI: {HOW}")
        pytest.skip(f"Chromium not found: {HOW}")
    return CHROMIUM


@pytest.fixture(scope="module")
def report() -> Report:
    return assess(
        str(ROOT / "city_profiles" / "example.yaml"), fail_under=90, today=dt.date(2026, 6, 1)
    )


@pytest.fixture(scope="module")
def page_file(report: Report, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("html") / "report.html"
    path.write_text(RENDERERS["html"](report, RenderOptions()), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def browser(chromium: str) -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as driver:
        launched = driver.chromium.launch(executable_path=chromium, args=LAUNCH_ARGS)
        try:
            yield launched
        finally:
            launched.close()


def _open(browser: Any, path: Path, width: int, height: int = 1400) -> tuple[Any, list[str]]:
    """A page showing the file, and the list its console errors and failed requests go to."""
    problems: list[str] = []
    page = browser.new_page(viewport={"width": width, "height": height})
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(str(e)))
    page.on("requestfailed", lambda r: problems.append(f"request failed: {r.url}"))
    page.goto(path.as_uri())
    return page, problems


def test_html_report_renders_in_chromium(browser: Any, report: Report, page_file: Path) -> None:
    from PIL import Image

    page, problems = _open(browser, page_file, 1100)
    try:
        chart = page.locator("svg.chart").first
        assert chart.is_visible()
        box = chart.bounding_box()
        bars = page.locator("svg.chart rect.guaranteed")  # one per group, to its lower bound
        assert bars.count() == len(report.groups)
        heading = page.locator("h1").inner_text()
        shot = page.screenshot(full_page=False)
    finally:
        page.close()
    assert problems == []
    assert box is not None and box["width"] > 100 and box["height"] > 100
    assert heading == "Integration policy assessment: Lindmark"
    image = Image.open(io.BytesIO(shot)).convert("RGB")
    colours = image.getcolors(maxcolors=1 << 22)
    assert colours is None or len(colours) > 20, "the screenshot is blank"
    # The bands' colours appear on screen: the chart was painted, not just laid out.
    painted = {colour for _, colour in colours or []}
    assert (0, 158, 115) in painted or (230, 159, 0) in painted


# Every chart's box, and for each group the boxes of its label, its score and its peer
# marker, in CSS pixels of the viewport.
_GEOMETRY = """() => [...document.querySelectorAll('svg.chart')].map(svg => {
  const box = e => { const r = e.getBoundingClientRect();
                     return {left: r.left, right: r.right, top: r.top, bottom: r.bottom}; };
  return {
    svg: box(svg),
    rows: [...svg.querySelectorAll('g.group')].map(g => ({
      texts: [...g.querySelectorAll('text')].map(box),
      peer: g.querySelector('path.peer') ? box(g.querySelector('path.peer')) : null,
    })),
  };
})"""


def _overlap(a: dict[str, float], b: dict[str, float]) -> bool:
    return (
        a["left"] < b["right"]
        and b["left"] < a["right"]
        and a["top"] < b["bottom"]
        and b["top"] < a["bottom"]
    )


@pytest.mark.parametrize("width", WIDTHS)
def test_nothing_overflows_the_viewport(browser: Any, page_file: Path, width: int) -> None:
    page, problems = _open(browser, page_file, width, 900)
    try:
        scroll_width = page.evaluate("document.documentElement.scrollWidth")
        inner_width = page.evaluate("window.innerWidth")
        charts = page.evaluate(_GEOMETRY)
        # Every table wider than the page scrolls inside its own box, never the page.
        loose = page.evaluate(
            "[...document.querySelectorAll('table')]"
            ".filter(t => !t.parentElement.classList.contains('scroll')).length"
        )
    finally:
        page.close()
    assert problems == []
    assert scroll_width <= inner_width, f"the page scrolls sideways: {scroll_width}px"
    assert loose == 0
    assert charts
    for chart in charts:
        svg = chart["svg"]
        assert svg["left"] >= 0 and svg["right"] <= inner_width, svg
        for row in chart["rows"]:
            label, value = row["texts"]
            assert svg["left"] <= label["left"] and value["right"] <= svg["right"] + 0.5
            assert label["right"] < value["left"], "the group's name runs into its score"


def test_a_peer_marker_never_hides_a_label(browser: Any, report: Report, tmp_path: Path) -> None:
    """Peers' medians at 0 and at 100, the places where a marker met the score's label."""
    groups = {
        g.id: PeerStat(3, 0.0 if i % 2 else 100.0, 0.0, 100.0) for i, g in enumerate(report.groups)
    }
    with_peers = replace(report, peers=Peers("peers", 3, PeerStat(3, 50, 40, 60), groups))
    path = tmp_path / "peers.html"
    path.write_text(RENDERERS["html"](with_peers, RenderOptions()), encoding="utf-8")
    for width in WIDTHS:
        page, problems = _open(browser, path, width, 900)
        try:
            charts = page.evaluate(_GEOMETRY)
        finally:
            page.close()
        assert problems == []
        markers = 0
        for chart in charts:
            for row in chart["rows"]:
                assert row["peer"] is not None
                markers += 1
                assert chart["svg"]["left"] <= row["peer"]["left"]
                assert row["peer"]["right"] <= chart["svg"]["right"]
                for text in row["texts"]:
                    assert not _overlap(row["peer"], text), (width, row)
        assert markers == len(report.groups)


def _heading_texts(page: Any) -> list[str]:
    texts = page.evaluate(
        "[...document.querySelectorAll('h1, h2, h3, h4')].map(h => h.textContent)"
    )
    return [" ".join(t.split()) for t in texts]


@pytest.fixture(scope="module")
def printed(browser: Any, page_file: Path) -> dict[str, Any]:
    """The report as Chromium prints it to A4: the PDF, headings and their computed breaks."""
    # As wide as an A4 page between the report's margins (184 mm), for the table's width.
    page, problems = _open(browser, page_file, 695)
    try:
        page.emulate_media(media="print")
        breaks = page.evaluate(
            "[...document.querySelectorAll('h2, h3')].map(h => {"
            " const s = getComputedStyle(h); return [h.textContent, s.breakAfter]; })"
        )
        summary = page.evaluate("getComputedStyle(document.querySelector('.summary')).breakAfter")
        wide = page.evaluate(
            "(() => { const t = document.querySelector('table.heat');"
            " return t ? [t.scrollWidth, t.parentElement.clientWidth] : null; })()"
        )
        headings = _heading_texts(page)
        pdf = page.pdf(format="A4")
    finally:
        page.close()
    return {
        "problems": problems,
        "breaks": breaks,
        "summary": summary,
        "wide": wide,
        "headings": headings,
        "pdf": pdf,
    }


def test_printed_headings_stay_with_what_follows(printed: dict[str, Any]) -> None:
    assert printed["problems"] == []
    assert printed["pdf"].startswith(b"%PDF")
    loose = [text for text, after in printed["breaks"] if after != "avoid"]
    assert printed["breaks"] and loose == []
    assert printed["summary"] == "page"  # the summary ends its own page
    if printed["wide"] is not None:  # the pathway table fits the width of the page
        table, room = printed["wide"]
        assert table <= room


_PAGE_NUMBER = re.compile(r"^\d+ / \d+$")


def test_no_printed_page_ends_with_a_heading(printed: dict[str, Any]) -> None:
    pypdf = pytest.importorskip("pypdf", reason="pypdf is not installed: PDF text not checked")
    reader = pypdf.PdfReader(io.BytesIO(printed["pdf"]))
    assert len(reader.pages) > 2  # the summary, then the details
    headings = [h for h in printed["headings"] if h]
    first = " ".join((reader.pages[0].extract_text() or "").split())
    assert "Priorities" in first and "Details" not in first
    for number, pdf_page in enumerate(reader.pages, start=1):
        lines = [
            " ".join(line.split())
            for line in (pdf_page.extract_text() or "").splitlines()
            if line.strip() and not _PAGE_NUMBER.match(line.strip())
        ]
        if not lines:
            continue
        last = lines[-1]
        ends = [
            h
            for h in headings
            if last == h or (len(last) >= 6 and (h.endswith(last) or h.startswith(last)))
        ]
        assert ends == [], f"page {number} ends with the heading {ends[0]!r}"


@pytest.fixture(scope="module")
def vienna_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Vienna: a profile from reports, thin evidence, so its bands read "insufficient evidence"
    and most of its rules are not known."""
    report = assess(str(ROOT / "city_profiles" / "vienna.yaml"), today=dt.date(2026, 6, 1))
    path = tmp_path_factory.mktemp("vienna") / "vienna.html"
    path.write_text(RENDERERS["html"](report, RenderOptions()), encoding="utf-8")
    return path


# Badges whose box runs past the box that clips them, or whose text runs past the badge.
_CUT_BADGES = """[...document.querySelectorAll('.band')].filter(e => {
  const r = e.getBoundingClientRect();
  const clip = e.closest('.scroll');
  const right = clip ? clip.getBoundingClientRect().right : window.innerWidth;
  return r.right > right + 0.5 || e.scrollWidth > e.clientWidth + 1;
}).map(e => e.textContent)"""

# Each box that scrolls sideways: whether it shows edge shadows and can take the keyboard.
_SCROLLERS = """[...document.querySelectorAll('.scroll')]
  .filter(e => e.scrollWidth > e.clientWidth + 1)
  .map(e => [getComputedStyle(e).backgroundImage.includes('gradient'), e.tabIndex])"""


def test_at_phone_width_badges_are_whole_and_wide_tables_show_they_scroll(
    browser: Any, vienna_file: Path, page_file: Path
) -> None:
    for path in (vienna_file, page_file):
        page, problems = _open(browser, path, 390, 900)
        try:
            cut = page.evaluate(_CUT_BADGES)
            scrollers = page.evaluate(_SCROLLERS)
            dated = page.locator("header time").inner_text()
        finally:
            page.close()
        assert problems == []
        assert cut == [], f"{path.name}: badges cut off at 390 px: {cut}"
        assert all(shadowed and focusable == 0 for shadowed, focusable in scrollers), scrollers
        assert re.fullmatch(r"\d{4}-\d\d-\d\d", dated)


_GRID_ACROSS_TEXT = """[...document.querySelectorAll('svg.chart')].flatMap(svg => {
  const texts = [...svg.querySelectorAll('text')].map(t => t.getBoundingClientRect());
  return [...svg.querySelectorAll('line.grid')].map(l => l.getBoundingClientRect())
    .filter(l => texts.some(t => l.left < t.right && t.left < l.right
                              && l.top < t.bottom && t.top < l.bottom)).length;
}).reduce((a, b) => a + b, 0)"""


@pytest.mark.parametrize("width", WIDTHS)
def test_chart_grid_lines_never_cross_a_label(browser: Any, page_file: Path, width: int) -> None:
    page, problems = _open(browser, page_file, width, 900)
    try:
        crossing = page.evaluate(_GRID_ACROSS_TEXT)
        lines = page.locator("svg.chart line.grid").count()
    finally:
        page.close()
    assert problems == []
    assert lines > 0 and crossing == 0


def test_print_is_dated_and_leaves_out_the_lists_of_unknowns(
    browser: Any, vienna_file: Path
) -> None:
    pypdf = pytest.importorskip("pypdf", reason="pypdf is not installed: PDF text not checked")
    page, problems = _open(browser, vienna_file, 695)
    try:
        page.emulate_media(media="print")
        hidden = page.evaluate(
            "[...document.querySelectorAll('.not-in-print')]"
            ".every(e => getComputedStyle(e).display === 'none')"
        )
        pdf = page.pdf(format="A4")
    finally:
        page.close()
    assert problems == []
    assert hidden
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    first = " ".join((reader.pages[0].extract_text() or "").split())
    assert "assessedasof2026-06-01" in first.replace(" ", ""), first[:300]  # lines may wrap
    # 30 pages when the lists of unknown rules and facts were printed; 12 without them.
    assert len(reader.pages) <= 15
