"""GitHub annotations: escaped by GitHub's workflow-command rules, and written in a GitHub
Actions job whatever else the run writes (a SARIF file, JSON on stdout)."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from integracheck.cli import app
from integracheck.models.report import Location
from integracheck.render.github import _annotation

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "city_profiles" / "example.yaml"
runner = CliRunner()
IN_ACTIONS = {"GITHUB_ACTIONS": "true", "NO_COLOR": "1"}


def _annotations(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.startswith("::")]


def test_line_breaks_and_percent_follow_the_workflow_command_rules() -> None:
    where = Location(path="city.name", line=3, column=5, file="city.yaml")
    line = _annotation("high", where, "T", "one\rtwo\nthree 50% \x1b[31m")
    assert line.endswith("::one%0Dtwo%0Athree 50%25 \\x1b[31m")
    assert "\r" not in line and "\n" not in line and "\\x0d" not in line


def test_annotations_follow_a_sarif_file_in_a_github_job(tmp_path: Path) -> None:
    sarif = tmp_path / "x.sarif"
    result = runner.invoke(
        app,
        ["assess", str(EXAMPLE), "-o", f"sarif={sarif}", "--fail-on", "critical"],
        env=IN_ACTIONS,
    )
    assert result.exit_code in (0, 1), result.stderr
    assert len(_annotations(result.stdout)) > 0
    assert json.loads(sarif.read_text(encoding="utf-8"))["runs"]


def test_a_document_on_stdout_keeps_its_annotations_on_stderr() -> None:
    result = runner.invoke(app, ["assess", str(EXAMPLE), "-f", "json"], env=IN_ACTIONS)
    json.loads(result.stdout)  # still one JSON document
    assert len(_annotations(result.stderr)) > 0


def test_the_flag_decides_over_the_environment(tmp_path: Path) -> None:
    sarif = tmp_path / "x.sarif"
    asked = runner.invoke(
        app,
        ["assess", str(EXAMPLE), "-o", str(sarif), "--annotations"],
        env={"GITHUB_ACTIONS": "", "NO_COLOR": "1"},
    )
    assert len(_annotations(asked.stdout)) > 0
    declined = runner.invoke(
        app, ["assess", str(EXAMPLE), "-o", str(sarif), "--no-annotations"], env=IN_ACTIONS
    )
    assert _annotations(declined.stdout + declined.stderr) == []
