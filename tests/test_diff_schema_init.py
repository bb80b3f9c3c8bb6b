"""`diff`, `schema` and `init`: what a CI job and a new user rely on."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import jsonschema
import yaml
from typer.testing import CliRunner

from integracheck.cli import app

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "city_profiles" / "example.yaml"
runner = CliRunner()


def _without_housing_advice(tmp_path: Path) -> Path:
    text = EXAMPLE.read_text(encoding="utf-8")
    start = text.index("  - id: housing-advice")
    end = text.index("  - id: unaccompanied-minors")
    text = (
        (text[:start] + text[end:])
        .replace(", housing-advice]", "]")
        .replace("housing-advice, ", "")
    )
    path = tmp_path / "less.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_diff_reports_the_drop_and_fails_on_regression(tmp_path: Path) -> None:
    less = _without_housing_advice(tmp_path)
    result = runner.invoke(
        app, ["diff", str(EXAMPLE), str(less), "--format", "json", "--fail-on-regression"]
    )
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert data["overall"]["delta"] < 0
    assert "OECD-10" in data["regressions"]
    assert {g["rule_id"] for g in data["new_gaps"]} >= {"OECD-10.2"}
    assert "guaranteed score (lower bound) dropped for overall" in result.stderr


def test_diff_without_the_flag_exits_0_and_reads_json_reports(tmp_path: Path) -> None:
    old_report = tmp_path / "old.json"
    assert runner.invoke(app, ["assess", str(EXAMPLE), "-o", str(old_report), "-q"]).exit_code == 0
    result = runner.invoke(app, ["diff", str(old_report), str(EXAMPLE)])
    assert result.exit_code == 0
    score = json.loads(old_report.read_text(encoding="utf-8"))["score"]
    assert f"overall {score:g} → {score:g} (+0), range" in result.stdout
    assert "(lower +0, upper +0), coverage" in result.stdout
    assert "Rules no longer decidable (now unknown) (0)" in result.stdout


def test_diff_of_a_broken_json_report_is_exit_2_with_position(tmp_path: Path) -> None:
    broken = tmp_path / "broken.json"
    broken.write_text('{"score": 1,\n  "groups": [}\n', encoding="utf-8")
    result = runner.invoke(app, ["diff", str(broken), str(EXAMPLE)])
    assert result.exit_code == 2
    assert result.stderr.startswith(f"{broken}:2:")


def test_schema_is_valid_json_schema_and_accepts_every_bundled_profile() -> None:
    result = runner.invoke(app, ["schema"])
    assert result.exit_code == 0
    schema = json.loads(result.stdout)
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema)
    for profile in sorted((ROOT / "city_profiles").glob("*.yaml")):
        data = json.loads(
            json.dumps(yaml.safe_load(profile.read_text(encoding="utf-8")), default=_iso)
        )
        errors = [e.message for e in validator.iter_errors(data)]
        assert not errors, f"{profile.name}: {errors[:3]}"
    misspelt = {"city": {"name": "X", "populaton": 3}}
    assert list(validator.iter_errors(misspelt))


def _iso(value: object) -> str:
    if isinstance(value, dt.date):
        return value.isoformat()
    raise TypeError(type(value).__name__)


def test_init_writes_a_valid_starter_and_never_overwrites_without_force(tmp_path: Path) -> None:
    target = tmp_path / "city.yaml"
    assert runner.invoke(app, ["init", str(target)]).exit_code == 0
    assert runner.invoke(app, ["validate", str(target)]).exit_code == 0
    target.write_text("mine\n", encoding="utf-8")
    refused = runner.invoke(app, ["init", str(target)])
    assert refused.exit_code == 2
    assert "use --force" in refused.stderr
    assert target.read_text(encoding="utf-8") == "mine\n"
    assert runner.invoke(app, ["init", str(target), "--force"]).exit_code == 0
    assert target.read_text(encoding="utf-8").startswith("# A starter integracheck profile")


def test_rules_reference_is_up_to_date() -> None:
    from integracheck.api import rules_reference

    current = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    assert rules_reference() == current, "run `make docs` to regenerate docs/rules.md"


def _without(tmp_path: Path, service_id: str) -> Path:
    """The example less one service (its whole list item)."""
    text = EXAMPLE.read_text(encoding="utf-8")
    start = text.index(f"  - id: {service_id}\n")
    # The item ends where the next item or the next section begins.
    end = min(text.index("\n  - id: ", start + 1), text.index("\n\n", start)) + 1
    path = tmp_path / f"without-{service_id}.yaml"
    path.write_text(text[:start] + text[end:], encoding="utf-8")
    return path


def test_diff_shows_what_the_analyses_lost(tmp_path: Path) -> None:
    # The only service for unaccompanied minors: the turning-18 transition loses its social
    # worker, and the risk that read it goes.
    result = runner.invoke(
        app, ["diff", str(EXAMPLE), str(_without(tmp_path, "unaccompanied-minors")), "-f", "json"]
    )
    data = json.loads(result.stdout)
    assert (
        "An unaccompanied minor turning 18: a continuing social worker"
        in (data["transitions"]["needs_lost"])
    )
    # The volunteers' clinic, open to all: health cells close for the statuses only it served.
    result = runner.invoke(
        app, ["diff", str(EXAMPLE), str(_without(tmp_path, "health-clinic")), "-f", "json"]
    )
    data = json.loads(result.stdout)
    assert "irregular_migrant × health" in data["pathways"]["cells_closed"]
    assert data["pathways"]["gaps"]["new"] > data["pathways"]["gaps"]["old"]
    terminal = runner.invoke(app, ["diff", str(EXAMPLE), str(_without(tmp_path, "health-clinic"))])
    assert "Pathway cells closed" in terminal.stdout
    assert "irregular_migrant × health" in terminal.stdout
