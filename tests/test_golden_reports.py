"""Golden reports of the example profile: any change to them is a change to review.

Regenerate with `UPDATE_GOLDEN=1 pytest tests/test_golden_reports.py`, then read the diff.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest

from integracheck.api import assess
from integracheck.render import RENDERERS, RenderOptions

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = Path(__file__).parent / "golden"
AS_OF = dt.date(2026, 6, 1)  # fixed, so funding ends and waiver expiry do not drift


@pytest.mark.parametrize(
    ("format_name", "suffix", "details"),
    [
        ("json", "json", False),
        ("markdown", "md", False),
        ("terminal", "txt", False),  # the first screen
        ("terminal", "details.txt", True),  # --details
    ],
)
def test_example_report_matches_golden(
    format_name: str, suffix: str, details: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(ROOT)
    report = assess("city_profiles/example.yaml", today=AS_OF)
    options = RenderOptions(color=False, width=100, details=details)
    rendered = RENDERERS[format_name](report, options)
    golden = GOLDEN / f"example.{suffix}"
    if os.environ.get("UPDATE_GOLDEN"):
        golden.write_text(rendered, encoding="utf-8")
    assert rendered == golden.read_text(encoding="utf-8")


def test_rendering_twice_gives_identical_bytes(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    for name, render in RENDERERS.items():
        first = render(assess("city_profiles/example.yaml", today=AS_OF), None)
        second = render(assess("city_profiles/example.yaml", today=AS_OF), None)
        assert first == second, name
