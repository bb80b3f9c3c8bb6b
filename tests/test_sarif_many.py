"""Several profiles, one report: one SARIF log, one JSON document, one JUnit file; SARIF URIs
relative to the repository root, whatever the working directory."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

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
        assert run["automationDetails"]["id"] == "integracheck/mpi-governance+oecd-12+thematic/"
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
    assert run["tool"]["driver"]["informationUri"] == "https://example.org/rules"
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


def _run(text: str) -> dict[str, Any]:
    log = json.loads(text)
    jsonschema.validate(log, SCHEMA, format_checker=jsonschema.FormatChecker())
    run: dict[str, Any] = log["runs"][0]
    return run


def test_the_category_is_the_same_whatever_profiles_are_assessed(tmp_path: Path) -> None:
    # GitHub keys alerts by category: one that changed with the set of files would start a
    # new alert history at each change, and the old alerts would never close.
    repo = _repository(tmp_path)
    one = _run(_invoke(repo, "assess", "profiles/vienna.yaml", "-f", "sarif"))
    two = _run(
        _invoke(
            repo, "assess", "profiles/vienna.yaml", "profiles/north side/milan.yaml", "-f", "sarif"
        )
    )
    assert one["automationDetails"] == two["automationDetails"]
    only_oecd = _run(
        _invoke(repo, "assess", "profiles/vienna.yaml", "-c", "oecd-12", "-f", "sarif")
    )
    assert only_oecd["automationDetails"]["id"] == "integracheck/oecd-12/"
    chosen = _run(
        _invoke(repo, "assess", "profiles/vienna.yaml", "-f", "sarif", "--sarif-category", "cities")
    )
    assert chosen["automationDetails"]["id"] == "cities/"


def test_uris_are_relative_to_a_stated_base_outside_a_repository(tmp_path: Path) -> None:
    # No git repository here: the working directory is the base, and a profile outside it
    # gets a base of its own folder; no artifact or result URI is absolute.
    work, elsewhere = tmp_path / "work", tmp_path / "elsewhere"
    work.mkdir()
    elsewhere.mkdir()
    shutil.copy(ROOT / "city_profiles" / "vienna.yaml", work / "vienna.yaml")
    shutil.copy(ROOT / "city_profiles" / "milan.yaml", elsewhere / "milan.yaml")
    env = {**os.environ, "GIT_CEILING_DIRECTORIES": str(tmp_path)}
    previous = dict(os.environ)
    os.environ.update(env)
    try:
        run = _run(
            _invoke(work, "assess", "vienna.yaml", str(elsewhere / "milan.yaml"), "-f", "sarif")
        )
    finally:
        os.environ.clear()
        os.environ.update(previous)
    bases = run["originalUriBaseIds"]
    assert bases["SRCROOT"]["uri"] == work.resolve().as_uri() + "/"
    locations = [a["location"] for a in run["artifacts"]]
    assert locations[0] == {"uri": "vienna.yaml", "uriBaseId": "SRCROOT"}
    assert locations[1]["uri"] == "milan.yaml"
    assert bases[locations[1]["uriBaseId"]]["uri"] == elsewhere.resolve().as_uri() + "/"
    for result in run["results"]:
        artifact = result["locations"][0]["physicalLocation"]["artifactLocation"]
        assert not artifact["uri"].startswith("file:")
        assert artifact["uriBaseId"] in bases


def test_policy_findings_carry_no_security_severity(tmp_path: Path) -> None:
    # A security severity makes GitHub file a policy gap as a security alert with a CVSS
    # score; the rule's own severity is kept as `severity`.
    repo = _repository(tmp_path)
    run = _run(_invoke(repo, "assess", "profiles/vienna.yaml", "-f", "sarif"))
    for rule in run["tool"]["driver"]["rules"]:
        assert "security-severity" not in rule.get("properties", {})
        assert rule["properties"]["severity"] in {"critical", "high", "medium", "low"}
