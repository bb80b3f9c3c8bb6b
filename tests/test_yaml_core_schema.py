"""One YAML for the tool, the editor and check-jsonschema: YAML 1.2 core-schema scalars, and
every scalar error a positioned problem, never a crash."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from integracheck.api import profile_schema, validate
from integracheck.loading.errors import InputError
from integracheck.loading.profile import load_profile_text

HEAD = "city:\n  name: Testville\n"
# Each case: a profile body after the city, and whether it is valid.
CORPUS = {
    "clock-time-unquoted": (
        "services:\n  - {id: a, name: A, domain: language,\n"
        "     hours: [{days: [mon], start: 18:00, end: 20:00}]}\n",
        True,
    ),
    "yes-unquoted": ("strategy:\n  cross_sectoral: yes\n", False),
    "yes-quoted": ('strategy:\n  cross_sectoral: "yes"\n', False),
    "on-unquoted": ("data:\n  published: on\n", False),
    "true": ("strategy:\n  cross_sectoral: true\n", True),
    "tilde-null": ("strategy:\n  cross_sectoral: ~\n", True),
    "date": (
        "waivers:\n  - {rule: OECD-01.1, reason: a long enough reason, expires: 2027-01-31}\n",
        True,
    ),
    "octal-population": ("  population: 0o17\n", True),
    "number-as-name": ("coordination_bodies:\n  - {id: b, name: 2024}\n", False),
    "float-share": ("  migrant_share: 12.5\n", True),
    # Where pydantic's lax mode once took what the JSON Schema refuses (issue 22): numbers
    # as text or booleans, dates as timestamps or date-times. An integer written 4.0 is an
    # integer to JSON Schema, and so to the tool.
    "quoted-population": ('  population: "250000"\n', False),
    "quoted-share": ('  migrant_share: "12.5"\n', False),
    "boolean-population": ("  population: true\n", False),
    "boolean-share": ("  migrant_share: false\n", False),
    "quoted-year": ('strategy:\n  year: "2019"\n', False),
    "quoted-meetings": (
        'coordination_bodies:\n  - {id: b, name: B, meetings_per_year: "4"}\n',
        False,
    ),
    "quoted-review-cycle": ('strategy:\n  monitoring: {review_every_years: "2"}\n', False),
    "timestamp-expiry": (
        "waivers:\n  - {rule: OECD-01.1, reason: a long enough reason, expires: 1798675200}\n",
        False,
    ),
    "date-time-expiry": (
        "waivers:\n  - {rule: OECD-01.1, reason: a long enough reason,\n"
        '     expires: "2027-01-31T00:00:00"}\n',
        False,
    ),
    "integer-written-as-float": ("  population: 250000.0\n", True),
    "fractional-population": ("  population: 250000.5\n", False),
}


def _text(body: str) -> str:
    # A body starting with two spaces continues the city mapping.
    return HEAD + body


@pytest.mark.parametrize("name", sorted(CORPUS))
def test_the_tool_reads_yaml_12(name: str) -> None:
    body, valid = CORPUS[name]
    try:
        load_profile_text(_text(body), f"{name}.yaml")
    except InputError:
        assert not valid, name
    else:
        assert valid, name


def test_yes_gets_a_hint_to_write_true() -> None:
    with pytest.raises(InputError) as caught:
        load_profile_text(_text("strategy:\n  cross_sectoral: yes\n"), "p.yaml")
    assert "p.yaml:4:19: strategy.cross_sectoral: 'yes' is text, not a boolean; write true" in str(
        caught.value
    )


def test_a_quoted_number_is_told_to_lose_its_quotes() -> None:
    with pytest.raises(InputError) as caught:
        load_profile_text(_text('  population: "250000"\n'), "p.yaml")
    assert "city.population: '250000' is text, not a number: write it without quotes" in str(
        caught.value
    )


def test_check_jsonschema_agrees_on_the_corpus(tmp_path: Path) -> None:
    # The one disagreement left is by nature: a JSON Schema cannot say that `refers_to` names
    # a service of the same file, so only the tool reports a dangling reference.
    tool = shutil.which("check-jsonschema") or str(Path(sys.executable).parent / "check-jsonschema")
    schema = tmp_path / "schema.json"
    schema.write_text(json.dumps(profile_schema()), encoding="utf-8")
    files = []
    for name, (body, _) in sorted(CORPUS.items()):
        path = tmp_path / f"{name}.yaml"
        path.write_text(_text(body), encoding="utf-8")
        files.append(path)
    completed = subprocess.run(
        [tool, "--schemafile", str(schema), "-o", "json", *map(str, files)],
        capture_output=True,
        text=True,
        check=False,
    )
    report = json.loads(completed.stdout)
    theirs = {Path(e["filename"]).stem for e in report["errors"]} | {
        Path(e["filename"]).stem for e in report["parse_errors"]
    }
    ours = {Path(o.file).stem for o in validate(map(str, files)) if not o.valid}
    assert ours == theirs


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("  population: " + "9" * 5000, "too long"),
        ("  population: !!int twelve", "not an integer"),
        ("  migrant_share: !!float lots", "not a number"),
        ("strategy:\n  cross_sectoral: !!bool maybe", "not a boolean"),
        ("waivers:\n  - {rule: X-1, reason: a long enough reason, expires: 2027-02-30}", "date"),
        ("waivers:\n  - {rule: X-1, reason: a long enough reason, expires: 0000-01-01}", "date"),
        (
            "waivers:\n  - {rule: X-1, reason: a long enough reason,\n"
            "     expires: !!timestamp 2027-13-01}",
            "date",
        ),
        ("  population: !!binary aGVsbG8=", "not allowed"),
    ],
)
def test_a_bad_scalar_is_a_positioned_problem(line: str, message: str) -> None:
    with pytest.raises(InputError) as caught:
        load_profile_text(HEAD + line + "\n", "p.yaml")
    problems = caught.value.problems
    assert any(message in p.message for p in problems), [p.message for p in problems]
    assert all(p.line >= 3 for p in problems)


def test_odd_inputs_are_reported_not_skipped_or_waited_on(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from integracheck.cli import app

    runner = CliRunner()
    empty = tmp_path / "empty"
    empty.mkdir()
    result = runner.invoke(app, ["validate", str(empty)])
    assert result.exit_code == 2
    assert "no profile" in result.stderr
    folder = tmp_path / "profiles"
    folder.mkdir()
    (folder / "UPPER.YAML").write_text(HEAD, encoding="utf-8")
    (folder / "dangling.yaml").symlink_to(tmp_path / "nowhere.yaml")
    result = runner.invoke(app, ["validate", str(folder)])
    assert "UPPER.YAML" in result.stdout
    assert "dangling.yaml:1:1: cannot read file" in result.stderr
    assert result.exit_code == 2
    fifo = tmp_path / "pipe.yaml"
    os.mkfifo(fifo)
    result = runner.invoke(app, ["assess", str(fifo)])
    assert result.exit_code == 2
    assert "not a regular file" in result.stderr


def test_a_custom_checklist_may_not_reuse_a_built_in_rule_id(tmp_path: Path) -> None:
    from integracheck.api import checklists

    source = (Path(__file__).parent / "data" / "mini-checklist.yaml").read_text(encoding="utf-8")
    clash = tmp_path / "clash.yaml"
    clash.write_text(
        source.replace("prefix: MINI", "prefix: OECD")
        .replace("MINI-", "OECD-")
        .replace("OECD-1\n", "OECD-01.1\n"),
        encoding="utf-8",
    )
    with pytest.raises(InputError) as caught:
        checklists(["oecd-12", str(clash)])
    assert "already defined" in str(caught.value)
