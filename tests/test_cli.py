"""The command-line contract: exit codes 0 / 1 / 2, messages on stderr, files written whole."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from integracheck import __version__
from integracheck.cli import app

EXAMPLE = Path(__file__).resolve().parent.parent / "city_profiles" / "example.yaml"
runner = CliRunner()


def run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def misspelt(tmp_path: Path) -> Path:
    path = tmp_path / "misspelt.yaml"
    path.write_text("city:\n  name: Testville\n  populaton: 1000\n", encoding="utf-8")
    return path


def test_version() -> None:
    code, out, _ = run("--version")
    assert code == 0
    assert out.strip() == f"integracheck {__version__}"


def test_console_script_runs_end_to_end() -> None:
    completed = subprocess.run(
        [sys.executable, "-m", "integracheck", "validate", str(EXAMPLE)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr
    assert "ok" in completed.stdout


def test_validate_exit_0_when_all_valid() -> None:
    code, out, err = run("validate", str(EXAMPLE))
    assert code == 0
    assert f"ok  {EXAMPLE}" in out
    assert err == ""


def test_validate_exit_1_with_position_and_suggestion(misspelt: Path) -> None:
    code, _, err = run("validate", str(EXAMPLE), str(misspelt))
    assert code == 1
    assert (
        f"{misspelt}:3:3: city.populaton: unknown key 'populaton'; did you mean "
        "'population'?" in err
    )


def test_validate_exit_2_when_a_file_cannot_be_read(tmp_path: Path) -> None:
    code, _, err = run("validate", str(EXAMPLE), str(tmp_path / "missing.yaml"))
    assert code == 2
    assert f"{tmp_path / 'missing.yaml'}:1:1: cannot read file" in err


def test_usage_error_is_exit_2() -> None:
    code, _, _ = run("validate")
    assert code == 2
    code, _, _ = run("assess", str(EXAMPLE), "--format", "pdf")
    assert code == 2


def test_assess_exit_0_and_terminal_report() -> None:
    code, out, _ = run("assess", str(EXAMPLE))
    assert code == 0
    assert "Lindmark" in out
    assert "Priorities" in out
    # The one-line summary closes the report (wrapped to the width).
    assert any(line.startswith("Lindmark: ") for line in out.rstrip().splitlines()[-5:])


def test_assess_json_has_the_twelve_points() -> None:
    code, out, _ = run("assess", str(EXAMPLE), "--format", "json", "--checklist", "oecd-12")
    assert code == 0
    report = json.loads(out)
    groups = [g for g in report["groups"] if g["checklist"] == "oecd-12"]
    assert [g["id"] for g in groups] == [f"OECD-{n:02d}" for n in range(1, 13)]
    assert all(isinstance(g["score"], float) for g in groups)
    assert 0 <= report["score"] <= 100
    first = report["results"][0]
    assert {
        "rule_id",
        "status",
        "severity",
        "message",
        "location",
        "recommendation",
        "source",
    } <= set(first)
    assert {"line", "column"} <= set(first["location"])


def test_assess_gate_fail_under_exits_1_and_says_so() -> None:
    code, out, err = run("assess", str(EXAMPLE), "--fail-under", "99")
    assert code == 1
    assert "Gate --fail-under 99: FAILED" in out
    assert f"{EXAMPLE}: gate failed: --fail-under 99" in err


def test_assess_gate_fail_on_severity() -> None:
    code, out, _ = run(
        "assess", str(EXAMPLE), "-f", "json", "--fail-on", "critical", "--fail-under", "1"
    )
    report = json.loads(out)
    gates = {g["name"]: g for g in report["gates"]}
    assert gates["fail-under"]["passed"] is True
    failing_critical = [
        r
        for r in report["results"]
        if r["severity"] == "critical" and r["status"] in ("fail", "error")
    ]
    failing_critical += [k for k in report["risks"] if k["severity"] == "critical"]
    assert gates["fail-on"]["passed"] is (not failing_critical)
    assert code == (1 if failing_critical else 0)


def test_assess_invalid_profile_is_exit_2(misspelt: Path) -> None:
    code, out, err = run("assess", str(misspelt))
    assert code == 2
    assert out == ""
    assert f"{misspelt}:3:3: city.populaton: unknown key" in err


def test_assess_bad_custom_checklist_is_exit_2_with_position(tmp_path: Path) -> None:
    checklist = tmp_path / "mine.yaml"
    checklist.write_text(
        "id: mine\ntitle: Mine\nversion: 1.0.0\nprefix: MINE\n"
        "groups: [{id: access, title: Access}]\n"
        "rules:\n"
        "  - id: MINE-1\n    title: T\n    group: acess\n    severity: low\n"
        "    facts: [strategy]\n    condition: 'strategy.status =='\n    locate: strategy\n"
        "    rationale: R\n    recommendation: Do\n"
        "    citation: {file: 001_837918b8378d623e.txt, section: S, quote: Q}\n",
        encoding="utf-8",
    )
    code, _, err = run("assess", str(EXAMPLE), "--checklist", str(checklist))
    assert code == 2
    assert (
        f"{checklist}:9:12: rules[0].group: no group 'acess' in this checklist; did you "
        "mean 'access'?" in err
    )
    assert f"{checklist}:12:16: rules[0].condition: condition does not parse as JMESPath" in err


def test_assess_unknown_builtin_checklist_suggests(tmp_path: Path) -> None:
    code, _, err = run("assess", str(EXAMPLE), "--checklist", "oecd12")
    assert code == 2
    assert "did you mean 'oecd-12'?" in err


def test_assess_writes_outputs_atomically_with_formats_from_extensions(tmp_path: Path) -> None:
    md, js = tmp_path / "report.md", tmp_path / "report.json"
    code, out, _ = run("assess", str(EXAMPLE), "--output", str(md), "--output", str(js))
    assert code == 0
    assert md.read_text(encoding="utf-8").startswith("# Integration policy assessment: Lindmark")
    assert json.loads(js.read_text(encoding="utf-8"))["city"]["name"] == "Lindmark"
    assert out.startswith("Lindmark: ")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.json", "report.md"]


def test_assess_output_to_a_missing_directory_is_exit_2(tmp_path: Path) -> None:
    target = tmp_path / "nowhere" / "report.json"
    code, _, err = run("assess", str(EXAMPLE), "--output", str(target))
    assert code == 2
    assert f"{target}:1:1: cannot write report" in err
    assert not target.exists()


def test_assess_output_with_unknown_extension_needs_a_format(tmp_path: Path) -> None:
    code, _, err = run("assess", str(EXAMPLE), "--output", str(tmp_path / "report.pdf"))
    assert code == 2
    assert "cannot tell the format" in err
    code, _, _ = run("assess", str(EXAMPLE), "--output", f"json={tmp_path / 'r.out'}")
    assert code == 0
    assert json.loads((tmp_path / "r.out").read_text(encoding="utf-8"))["schema_version"]


def test_rules_list_json_has_citations() -> None:
    code, out, _ = run("rules", "list", "--format", "json")
    assert code == 0
    rules = json.loads(out)
    assert rules
    assert all(rule["citation"]["file"] and rule["citation"]["quote"] for rule in rules)


def test_rules_list_table() -> None:
    code, out, _ = run("rules", "list", "--checklist", "oecd-12")
    assert code == 0
    assert "OECD-01.1" in out


def test_rules_explain() -> None:
    code, out, _ = run("rules", "explain", "oecd-01.1")
    assert code == 0
    for heading in ("Why", "Source", "What could be done", "Facts that decide it", "Level 100"):
        assert heading in out


def test_rules_explain_unknown_rule_suggests() -> None:
    code, _, err = run("rules", "explain", "OECD-01.99")
    assert code == 2
    assert "no rule or risk 'OECD-01.99'" in err


def test_rules_explain_a_risk() -> None:
    code, out, _ = run("rules", "explain", "mpi-r.3")
    assert code == 0
    assert out.startswith("MPI-R.3: ")
    for heading in ("Why it matters", "Source", "What would reduce it", "Raised when"):
        assert heading in out


def test_a_waiver_with_a_reason_shows_as_waived_unless_waivers_are_refused(
    tmp_path: Path,
) -> None:
    profile = tmp_path / "waived.yaml"
    text = EXAMPLE.read_text(encoding="utf-8").replace(
        "waivers: []",
        "waivers:\n  - rule: OECD-10.1\n    reason: Allocation rules are under review with the "
        "region until 2027.\n",
    )
    profile.write_text(text, encoding="utf-8")
    code, out, _ = run("assess", str(profile), "-f", "json")
    assert code == 0
    result = next(r for r in json.loads(out)["results"] if r["rule_id"] == "OECD-10.1")
    assert result["status"] == "waived"
    assert result["waiver_reason"].startswith("Allocation rules are under review")
    code, out, _ = run("assess", str(profile), "-f", "json", "--no-waivers")
    result = next(r for r in json.loads(out)["results"] if r["rule_id"] == "OECD-10.1")
    assert result["status"] == "fail"


def test_template_errors_are_positioned_and_exit_2(tmp_path: Path) -> None:
    broken = tmp_path / "broken.md.j2"
    broken.write_text("# {{ report.city | md }}\n{{ report.nosuch }}\n", encoding="utf-8")
    code, out, err = run("assess", str(EXAMPLE), "-f", "markdown", "--template", str(broken))
    assert code == 2
    assert out == ""
    assert err.startswith(f"{broken}:2:1: template error:")
    custom = tmp_path / "mine.html.j2"
    custom.write_text("<h1>{{ report.city }}</h1><p>{{ summary }}</p>\n", encoding="utf-8")
    code, out, _ = run("assess", str(EXAMPLE), "-f", "html", "--template", str(custom))
    assert code == 0
    assert out.startswith("<h1>Lindmark</h1><p>Lindmark: ")


class _Terminal:
    def isatty(self) -> bool:
        return True


def test_colour_only_on_a_terminal_and_never_with_no_color(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from integracheck.cli import _use_color

    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.delenv("FORCE_COLOR", raising=False)
    assert _use_color(_Terminal()) is True
    assert _use_color(object()) is False  # piped: plain
    monkeypatch.setenv("NO_COLOR", "1")
    assert _use_color(_Terminal()) is False
    code, out, _ = run("assess", str(EXAMPLE))
    assert code == 0
    assert "\x1b[" not in out


def test_quiet_prints_only_the_summary() -> None:
    code, out, _ = run("assess", str(EXAMPLE), "--quiet")
    assert code == 0
    assert out.count("\n") == 1
    assert out.startswith("Lindmark: ")


def test_a_user_template_cannot_reach_python(tmp_path: Path) -> None:
    evil = tmp_path / "evil.md.j2"
    evil.write_text("{{ cycler.__init__.__globals__.os.popen('id').read() }}\n", encoding="utf-8")
    code, out, err = run("assess", str(EXAMPLE), "-f", "markdown", "--template", str(evil))
    assert code == 2
    assert out == ""
    assert err.startswith(f"{evil}:1:1: template error:")
    assert "unsafe" in err
    # The built-in template, given as the user's, renders the same in the sandbox.
    mine = tmp_path / "mine.md.j2"
    builtin = Path(__file__).resolve().parent.parent / "src/integracheck/templates/report.md.j2"
    mine.write_text(builtin.read_text(encoding="utf-8"), encoding="utf-8")
    _, sandboxed, _ = run("assess", str(EXAMPLE), "-f", "markdown", "--template", str(mine))
    _, plain, _ = run("assess", str(EXAMPLE), "-f", "markdown")
    assert sandboxed == plain
