"""The HTML report opened in a real headless Chromium: no console errors, a visible chart,
a screenshot that is not blank."""

from __future__ import annotations

import datetime as dt
import io
import os
import shutil
from pathlib import Path

import pytest

from integracheck.api import assess
from integracheck.render import RENDERERS, RenderOptions

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
HOW = "install Debian's chromium (apt-get install chromium); .ci/run does this in CI"


@pytest.fixture(scope="module")
def chromium() -> str:
    if CHROMIUM is None:
        if os.environ.get("CI"):
            pytest.fail(f"Chromium is missing in CI: {HOW}")
        pytest.skip(f"Chromium not found: {HOW}")
    return CHROMIUM


def test_html_report_renders_in_chromium(chromium: str, tmp_path: Path) -> None:
    from PIL import Image
    from playwright.sync_api import sync_playwright

    report = assess(
        str(ROOT / "city_profiles" / "example.yaml"), fail_under=90, today=dt.date(2026, 6, 1)
    )
    page_file = tmp_path / "report.html"
    page_file.write_text(RENDERERS["html"](report, RenderOptions()), encoding="utf-8")
    problems: list[str] = []
    with sync_playwright() as driver:
        browser = driver.chromium.launch(
            executable_path=chromium,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        try:
            page = browser.new_page(viewport={"width": 1100, "height": 1400})
            page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
            page.on("pageerror", lambda e: problems.append(str(e)))
            page.on("requestfailed", lambda r: problems.append(f"request failed: {r.url}"))
            page.goto(page_file.as_uri())
            chart = page.locator("svg.chart").first
            assert chart.is_visible()
            box = chart.bounding_box()
            bars = page.locator("svg.chart rect")
            assert bars.count() == len(report.groups)
            heading = page.locator("h1").inner_text()
            shot = page.screenshot(full_page=False)
        finally:
            browser.close()
    assert problems == []
    assert box is not None and box["width"] > 100 and box["height"] > 100
    assert heading == "Integration policy assessment: Lindmark"
    image = Image.open(io.BytesIO(shot)).convert("RGB")
    colours = image.getcolors(maxcolors=1 << 22)
    assert colours is None or len(colours) > 20, "the screenshot is blank"
    # The bands' colours appear on screen: the chart was painted, not just laid out.
    painted = {colour for _, colour in colours or []}
    assert (0, 158, 115) in painted or (230, 159, 0) in painted
