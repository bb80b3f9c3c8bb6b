"""`plan` and `gather` on every bundled profile, in every format they offer, and the first
screen of the terminal report."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from integracheck.cli import app

ROOT = Path(__file__).resolve().parent.parent
PROFILES = sorted((ROOT / "city_profiles").glob("*.yaml"))
EXAMPLE = ROOT / "city_profiles" / "example.yaml"
runner = CliRunner()


@pytest.mark.parametrize("profile", PROFILES, ids=[p.stem for p in PROFILES])
def test_plan_in_every_format(profile: Path) -> None:
    outputs = {}
    for name in ("terminal", "markdown", "json", "csv"):
        result = runner.invoke(app, ["plan", str(profile), "-f", name])
        assert result.exit_code == 0, result.stderr
        outputs[name] = result.stdout
    actions = json.loads(outputs["json"])["actions"]
    gains = [a["gain"] for a in actions]
    assert gains == sorted(gains, reverse=True)
    rows = list(csv.DictReader(io.StringIO(outputs["csv"])))
    assert [r["rule"] for r in rows] == [a["rule"] for a in actions]
    assert all(a["department"] and a["where"].startswith(str(profile)) for a in actions)
    assert outputs["markdown"].count("\n| ") == len(actions) + 1  # header and one row each


def test_plan_top_n_and_what_it_holds() -> None:
    result = runner.invoke(app, ["plan", str(EXAMPLE), "-f", "json", "--top", "3"])
    actions = json.loads(result.stdout)["actions"]
    assert len(actions) == 3
    assert {"gain", "action", "example", "department", "where", "source"} <= set(actions[0])
    assert ".txt" not in actions[0]["source"]  # seed files read as titles


@pytest.mark.parametrize("profile", PROFILES, ids=[p.stem for p in PROFILES])
def test_gather_in_every_format(profile: Path) -> None:
    data = json.loads(runner.invoke(app, ["gather", str(profile), "-f", "json"]).stdout)
    questions = data["questions"]
    # The facts that could close the most of the range first, then the weight they decide.
    keys = [(q["points"], q["weight"]) for q in questions]
    assert keys == sorted(keys, reverse=True)
    markdown = runner.invoke(app, ["gather", str(profile)]).stdout
    assert markdown.count("- [ ] ") == len(questions)
    fragment = runner.invoke(app, ["gather", str(profile), "-f", "yaml"]).stdout
    assert yaml.safe_load(fragment) is None  # all commented out: pasting it changes nothing
    for question in questions[:5]:
        assert f"{question['path'].split('.')[-1].removesuffix('[]')}:" in fragment


def test_gather_asks_in_plain_words_by_department() -> None:
    data = json.loads(
        runner.invoke(
            app, ["gather", str(ROOT / "city_profiles" / "vienna.yaml"), "-f", "json"]
        ).stdout
    )
    first = data["questions"][0]
    assert first["question"][0].isupper() and "." not in first["question"][:-1].split()[0]
    assert first["department"]
    assert first["answer"] in ("yes or no", "a number") or first["answer"].startswith(
        ("one of", "a list of", "text")
    )


def test_the_first_screen_fits_and_leads_with_what_matters() -> None:
    completed = subprocess.run(
        [sys.executable, "-m", "integracheck", "assess", str(EXAMPLE)],
        capture_output=True,
        text=True,
        env={**os.environ, "COLUMNS": "100", "NO_COLOR": "1"},
        check=True,
    )
    lines = completed.stdout.splitlines()
    assert len(lines) <= 150
    head = "\n".join(lines[:40])
    assert "on the stated facts, between" in head
    assert "Priorities" in head and "1." in head
    assert "Risks (" in head
    from integracheck.api import assess

    report = assess(str(EXAMPLE))
    assert report.risks
    assert all(risk.risk_id in head for risk in report.risks)
    assert "Legend" in completed.stdout
    assert all(len(line) <= 100 for line in lines)


def test_details_shows_every_result() -> None:
    result = runner.invoke(app, ["assess", str(EXAMPLE), "--details"])
    assert "Pathway coverage" in result.stdout
    assert result.stdout.count("\n") > 500


def test_columns_is_respected_when_piped() -> None:
    completed = subprocess.run(
        [sys.executable, "-m", "integracheck", "assess", str(EXAMPLE)],
        capture_output=True,
        text=True,
        env={**os.environ, "COLUMNS": "80", "NO_COLOR": "1"},
        check=True,
    )
    assert max(len(line) for line in completed.stdout.splitlines()) <= 80


@pytest.mark.parametrize("profile", PROFILES, ids=[p.stem for p in PROFILES])
def test_the_gather_fragment_uncommented_is_yaml_without_duplicate_keys(profile: Path) -> None:
    from integracheck.loading.document import parse_document

    fragment = runner.invoke(app, ["gather", str(profile), "-f", "yaml"]).stdout
    # Uncomment the fields (a line "# key:" or "#   key:"), keep the questions as comments.
    lines = []
    for line in fragment.splitlines():
        body = line[2:] if line.startswith("# ") else line
        field = re.match(r"^\s*(- #.*|[a-z_]+:.*)$", body)
        lines.append(body if field else line)
    document = parse_document("\n".join(lines) + "\n", "fragment.yaml")
    assert not [p for p in document.problems if "duplicate key" in p.message]
