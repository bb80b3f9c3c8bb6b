"""Several profiles, one report: one SARIF log, one JSON document, one JUnit file; SARIF URIs
relative to the repository root, whatever the working directory."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import jsonschema
from junitparser import JUnitXml
from typer.testing import CliRunner

from integracheck.cli import app

ROOT = Path(__file__).resolve().parent.parent
SCHEMA = json.loads(
    (Path(__file__).parent / "data" / "schemas" / "sarif-schema-2.1.0.json").read_text(
        encoding="utf-8"
    )
)
runner = CliRunner()


def _repository(tmp_path: Path) -> Path:
    """A git repository with two profiles, one in a folder whose name needs encoding."""
    repo = tmp_path / "repo"
    (repo / "profiles" / "north side").mkdir(parents=True)
    shutil.copy(ROOT / "city_profiles" / "vienna.yaml", repo / "profiles" / "vienna.yaml")
    shutil.copy(
        ROOT / "city_profiles" / "milan.yaml", repo / "profiles" / "north side" / "milan.yaml"
    )
    subprocess.run(["git", "init", "-q", str(repo)], check=True)
    return repo


def _invoke(cwd: Path, *args: str) -> str:
    previous = Path.cwd()
    os.chdir(cwd)
    try:
        result = runner.invoke(app, list(args))
    finally:
        os.chdir(previous)
    assert result.exit_code == 0, result.stderr
    return result.stdout


def test_format_checking_knows_uris() -> None:
    # Without it, `format: uri` would pass anything (as a relative helpUri once did).
    assert "uri" in jsonschema.FormatChecker().checkers
    bad = {"$schema": SCHEMA["$schema"], "version": "2.1.0", "runs": []}
    jsonschema.validate(bad, SCHEMA, format_checker=jsonschema.FormatChecker())
    relative_help = {"type": "string", "format": "uri"}
    try:
        jsonschema.validate(
            "docs/rules.md#X", relative_help, format_checker=jsonschema.FormatChecker()
        )
    except jsonschema.ValidationError:
        return
    raise AssertionError("a relative helpUri passed `format: uri`")


def test_one_sarif_log_for_two_profiles_from_any_working_directory(tmp_path: Path) -> None:
    repo = _repository(tmp_path)
    vienna, milan = (
        repo / "profiles" / "vienna.yaml",
        repo / "profiles" / "north side" / "milan.yaml",
    )
    logs = [
        _invoke(
            repo, "assess", "profiles/vienna.yaml", "profiles/north side/milan.yaml", "-f", "sarif"
        ),
        _invoke(repo / "profiles", "assess", str(vienna), str(milan), "-f", "sarif"),
        _invoke(
            tmp_path, "assess", str(vienna), str(milan), "-f", "sarif", "--base-dir", str(repo)
        ),
    ]
    for text in logs:
        log = json.loads(text)
        jsonschema.validate(log, SCHEMA, format_checker=jsonschema.FormatChecker())
        (run,) = log["runs"]
        uris = [a["location"]["uri"] for a in run["artifacts"]]
        assert uris == ["profiles/vienna.yaml", "profiles/north%20side/milan.yaml"]
        assert all(a["location"]["uriBaseId"] == "SRCROOT" for a in run["artifacts"])
        assert run["originalUriBaseIds"]["SRCROOT"]["uri"].startswith("file://")
        indices = {
            r["locations"][0]["physicalLocation"]["artifactLocation"]["index"]
            for r in run["results"]
        }
        assert indices == {0, 1}
        assert run["automationDetails"]["id"].startswith("integracheck/profiles-")
    assert logs[0] == logs[1] == logs[2]


def test_help_uri_is_absolute_when_a_docs_url_is_given(tmp_path: Path) -> None:
    repo = _repository(tmp_path)
    text = _invoke(
        repo,
        "assess",
        "profiles/vienna.yaml",
        "-f",
        "sarif",
        "--docs-url",
        "https://example.org/rules",
    )
    run = json.loads(text)["runs"][0]
    assert run["tool"]["driver"]["rules"][0]["helpUri"].startswith("https://example.org/rules#")
    assert run["automationDetails"]["id"] == "integracheck/profiles/vienna.yaml/"
    jsonschema.validate(json.loads(text), SCHEMA, format_checker=jsonschema.FormatChecker())


def test_one_json_document_and_one_junit_file_for_two_profiles(tmp_path: Path) -> None:
    repo = _repository(tmp_path)
    args = ["profiles/vienna.yaml", "profiles/north side/milan.yaml"]
    data = json.loads(_invoke(repo, "assess", *args, "-f", "json"))
    assert [d["city"]["name"] for d in data] == ["Vienna", "Milan"]
    out = repo / "report.xml"
    _invoke(repo, "assess", *args, "-o", str(out), "-q")
    suites = [suite.name for suite in JUnitXml.fromfile(str(out))]
    assert any(name.startswith("profiles/vienna.yaml: ") for name in suites)
    assert any(name.startswith("profiles/north side/milan.yaml: ") for name in suites)
    names = [case.name for suite in JUnitXml.fromfile(str(out)) for case in suite]
    assert len(names) == len(data[0]["results"]) + len(data[1]["results"]) + sum(
        len(d["risks"]) for d in data
    )


def test_an_html_report_holds_one_profile(tmp_path: Path) -> None:
    repo = _repository(tmp_path)
    previous = Path.cwd()
    os.chdir(repo)
    try:
        result = runner.invoke(
            app, ["assess", "profiles/vienna.yaml", "profiles/north side/milan.yaml", "-f", "html"]
        )
    finally:
        os.chdir(previous)
    assert result.exit_code == 2
    assert "one profile" in result.stderr


def test_json_lines_when_asked(tmp_path: Path) -> None:
    repo = _repository(tmp_path)
    text = _invoke(
        repo, "assess", "profiles/vienna.yaml", "profiles/north side/milan.yaml", "-f", "jsonl"
    )
    lines = text.splitlines()
    assert [json.loads(line)["city"]["name"] for line in lines] == ["Vienna", "Milan"]
