"""No profile, checklist or file name can forge a CI workflow command, in any command or format:
no output line starts (after blanks) with `::` unless it is one of our own annotations, and
no line carries the legacy `##[` form."""

from __future__ import annotations

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
EXAMPLE = ROOT / "city_profiles" / "example.yaml"
MINI = Path(__file__).parent / "data" / "mini-checklist.yaml"
HOSTILE = "x\n::error::forged\r::warning::also\u2028::notice::too ##[error]legacy\n  ::debug::x"
OUR_ANNOTATION = re.compile(r"^::(error|warning|notice) file=")
runner = CliRunner()


def _hostile_profile(folder: Path) -> Path:
    data = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))
    data["evidence"]["fictional"] = False
    data["city"]["name"] = "City " + HOSTILE
    data["city"]["main_languages"] = ["Urdu " + HOSTILE]
    for service in data["services"]:
        service["name"] = "Service " + HOSTILE
    for hood in data["space"]["neighbourhoods"]:
        hood["name"] = hood["name"] + " " + HOSTILE
    data["waivers"] = [{"rule": "OECD-01.1", "reason": "Waived because " + HOSTILE}]
    # A file name that starts a line on stderr and in `validate`.
    path = folder / "::error::named.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def _hostile_checklist(folder: Path) -> Path:
    data = yaml.safe_load(MINI.read_text(encoding="utf-8"))
    data["title"] = "Checklist " + HOSTILE
    for group in data["groups"]:
        group["title"] = "Group " + HOSTILE
    for rule in data["rules"]:
        rule["title"] = "Rule " + HOSTILE
        rule["rationale"] = HOSTILE
        rule["recommendation"] = "Do " + HOSTILE
    path = folder / "hostile-checklist.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def _run(*args: str, cwd: Path) -> str:
    previous = Path.cwd()
    os.chdir(cwd)  # file names relative to the folder, as a CI job would give them
    try:
        result = runner.invoke(
            app, list(args), env={"GITHUB_ACTIONS": "true", "NO_COLOR": "1", "COLUMNS": "120"}
        )
    finally:
        os.chdir(previous)
    assert "internal error" not in result.stderr, result.stderr
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.stdout + "\n" + result.stderr


def test_the_console_entry_point_is_guarded_too(tmp_path: Path) -> None:
    profile = _hostile_profile(tmp_path)
    completed = subprocess.run(
        [sys.executable, "-m", "integracheck", "validate", profile.name],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env={**os.environ, "GITHUB_ACTIONS": "true"},
        check=False,
    )
    assert _forged(completed.stdout + completed.stderr) == []


def _forged(output: str) -> list[str]:
    bad = []
    for line in output.splitlines():
        if (
            "##[" in line
            or (line.lstrip().startswith("::") and not OUR_ANNOTATION.match(line))
            or (OUR_ANNOTATION.match(line) and "\r" in line)
        ):
            bad.append(line)
    return bad


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, Path]:
    folder = tmp_path_factory.mktemp("hostile")
    return folder, _hostile_profile(folder), _hostile_checklist(folder)


COMMANDS = {
    "validate": ["validate", "{profile}"],
    "validate-folder": ["validate", "{folder}"],
    "validate-unknown-key": ["validate", "{broken}"],
    "assess": ["assess", "{profile}"],
    "assess-details": ["assess", "{profile}", "--details", "--explain"],
    "assess-quiet": ["assess", "{profile}", "-q"],
    "assess-gates": ["assess", "{profile}", "--fail-under", "99", "--fail-on", "low"],
    "assess-checklist": ["assess", "{profile}", "-c", "{checklist}", "--details"],
    **{
        f"assess-{name}": ["assess", "{profile}", "-c", "oecd-12", "-c", "{checklist}", "-f", name]
        for name in ("json", "markdown", "html", "sarif", "junit", "github")
    },
    **{
        f"plan-{name}": ["plan", "{profile}", "-f", name]
        for name in ("terminal", "markdown", "json", "csv")
    },
    **{
        f"gather-{name}": ["gather", "{profile}", "-f", name]
        for name in ("markdown", "yaml", "json")
    },
    **{
        f"diff-{name}": ["diff", str(EXAMPLE), "{profile}", "-f", name]
        for name in ("terminal", "markdown", "json")
    },
    "batch": ["batch", "{folder}", "--jobs", "1"],
    "rules-list": ["rules", "list", "-c", "{checklist}"],
    "rules-explain": ["rules", "explain", "MINI-1", "-c", "{checklist}"],
}


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_no_output_line_can_forge_a_workflow_command(
    name: str, hostile: tuple[Path, Path, Path]
) -> None:
    folder, profile, checklist = hostile
    broken = folder / "broken.yaml.txt"
    broken.write_text('city:\n  name: X\n  "bad\\n::error::key": 1\n', encoding="utf-8")
    args = [
        a.format(profile=profile, folder=folder, checklist=checklist, broken=broken)
        for a in COMMANDS[name]
    ]
    output = _run(*args, cwd=folder)
    assert _forged(output) == []


def test_annotations_are_capped_per_type_with_a_closing_notice() -> None:
    result = runner.invoke(app, ["assess", str(EXAMPLE), "-f", "github"])
    lines = [line for line in result.stdout.splitlines() if OUR_ANNOTATION.match(line)]
    kinds = [line.split(" ", 1)[0] for line in lines]
    assert all(kinds.count(kind) <= 10 for kind in set(kinds))
    assert "more finding(s) than GitHub shows" in lines[-1]
    # The most severe first: every error before the first warning.
    assert kinds.index("::warning") > max(i for i, k in enumerate(kinds) if k == "::error")


def test_the_step_summary_gets_the_headline_and_priorities(tmp_path: Path) -> None:
    summary = tmp_path / "summary.md"
    summary.write_text("earlier step\n", encoding="utf-8")
    runner.invoke(app, ["assess", str(EXAMPLE), "-q"], env={"GITHUB_STEP_SUMMARY": str(summary)})
    text = summary.read_text(encoding="utf-8")
    assert text.startswith("earlier step\n")  # appended, never replaced
    assert "of the evidence" in text and "1. " in text


def test_the_action_passes_inputs_through_the_environment() -> None:
    action = yaml.safe_load((ROOT / "action.yml").read_text(encoding="utf-8"))
    assert action["runs"]["using"] == "composite"
    for step in action["runs"]["steps"]:
        assert "${{" not in step.get("run", ""), step  # no input spliced into a script
    assert {"profiles", "fail-on", "fail-under", "min-coverage", "strict"} <= set(action["inputs"])
