"""Reports say which rules they were assessed against, and `diff` says when two reports were
assessed against different rules, and which rules differ."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from integracheck.api import assess, checklists
from integracheck.cli import app
from integracheck.render import RENDERERS, RenderOptions

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "city_profiles" / "example.yaml"
MINI = ROOT / "tests" / "data" / "mini-checklist.yaml"
AS_OF = dt.date(2026, 6, 1)
runner = CliRunner()


def _json_report(profile: Path, checklist_refs: list[str]) -> dict[str, object]:
    report = assess(str(profile), checklist_refs, today=AS_OF)
    data: dict[str, object] = json.loads(RENDERERS["json"](report, RenderOptions()))
    return data


def test_json_report_carries_each_checklists_version_and_fingerprints() -> None:
    data = _json_report(EXAMPLE, [])
    loaded = {item.checklist.id: item for item in checklists()}
    written = data["checklists"]
    assert isinstance(written, list)
    assert [c["id"] for c in written] == list(loaded)
    for entry in written:
        item = loaded[entry["id"]]
        assert entry["version"] == item.checklist.version
        assert entry["fingerprint"] == item.fingerprint.checklist
        assert entry["rule_fingerprints"] == item.fingerprint.rules
        assert list(entry["rule_fingerprints"]) == [r.id for r in item.checklist.rules]


def test_the_report_model_carries_them_for_every_renderer() -> None:
    report = assess(str(EXAMPLE), [str(MINI)], today=AS_OF)
    (mini,) = report.checklists
    assert mini.version == "1.0.0"
    assert len(mini.fingerprint) == 16  # a custom checklist read from a path has one too
    assert set(mini.rule_fingerprints) == {f"MINI-{n}" for n in range(1, 8)}


def _mini_copy(tmp_path: Path, *edits: tuple[str, str]) -> Path:
    text = MINI.read_text(encoding="utf-8")
    for old, new in edits:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    path = tmp_path / "mini-edited.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def _write(tmp_path: Path, name: str, data: dict[str, object]) -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


@pytest.fixture
def reports_across_an_edit(tmp_path: Path) -> tuple[Path, Path]:
    """The example assessed against the mini checklist, then against an edited copy: MINI-2's
    condition changed, MINI-7 removed, a version bumped."""
    start = MINI.read_text(encoding="utf-8").index("  - id: MINI-7")
    end = MINI.read_text(encoding="utf-8").index("risks:")
    seventh = MINI.read_text(encoding="utf-8")[start:end]
    edited = _mini_copy(
        tmp_path,
        ("version: 1.0.0", "version: 1.1.0"),
        (
            "condition: strategy.monitoring.measurable_goals",
            "condition: strategy.monitoring.measurable_goals == `true`",
        ),
        (seventh, ""),
    )
    old = _write(tmp_path, "old.json", _json_report(EXAMPLE, [str(MINI)]))
    new = _write(tmp_path, "new.json", _json_report(EXAMPLE, [str(edited)]))
    return old, new


def test_diff_names_the_rules_that_differ(reports_across_an_edit: tuple[Path, Path]) -> None:
    old, new = reports_across_an_edit
    terminal = runner.invoke(app, ["diff", str(old), str(new)])
    assert terminal.exit_code == 0, terminal.output
    assert (
        "The two sides were assessed against different rules: mini 1.0.0 → 1.1.0 "
        "(removed: MINI-7; changed: MINI-2)." in terminal.stdout
    )
    markdown = runner.invoke(app, ["diff", str(old), str(new), "-f", "markdown"])
    assert "different rules: mini 1.0.0 → 1.1.0 (removed: MINI-7; changed: MINI-2)" in (
        markdown.stdout
    )
    data = json.loads(runner.invoke(app, ["diff", str(old), str(new), "-f", "json"]).stdout)
    assert data["rules"] == {
        "state": "different",
        "checklists": [
            {
                "id": "mini",
                "old_version": "1.0.0",
                "new_version": "1.1.0",
                "state": "different",
                "fingerprints_known": True,
                "added": [],
                "removed": ["MINI-7"],
                "changed": ["MINI-2"],
                "other_content_changed": False,
            }
        ],
    }
    # Reversed, the removed rule is an added one.
    back = json.loads(runner.invoke(app, ["diff", str(new), str(old), "-f", "json"]).stdout)
    assert back["rules"]["checklists"][0]["added"] == ["MINI-7"]


def test_diff_of_the_same_rules_says_so(tmp_path: Path) -> None:
    old = _write(tmp_path, "old.json", _json_report(EXAMPLE, [str(MINI)]))
    result = runner.invoke(app, ["diff", str(old), str(EXAMPLE), "--checklist", str(MINI)])
    assert "Both sides were assessed against the same rules (mini 1.0.0)." in result.stdout
    data = json.loads(
        runner.invoke(
            app, ["diff", str(old), str(EXAMPLE), "--checklist", str(MINI), "-f", "json"]
        ).stdout
    )
    assert data["rules"]["state"] == "same"


def test_a_group_weight_changed_alone_is_named_as_such(tmp_path: Path) -> None:
    edited = _mini_copy(
        tmp_path,
        ("{id: G2, title: Housing, weight: 1}", "{id: G2, title: Housing, weight: 2}"),
    )
    old = _write(tmp_path, "old.json", _json_report(EXAMPLE, [str(MINI)]))
    new = _write(tmp_path, "new.json", _json_report(EXAMPLE, [str(edited)]))
    result = runner.invoke(app, ["diff", str(old), str(new)])
    assert (
        "different rules: mini 1.0.0 on both sides (no rule changed, but its groups, weights "
        "or risks did)." in result.stdout
    )


def _old_format(data: dict[str, object]) -> dict[str, object]:
    """A JSON report as written before fingerprints."""
    for entry in data["checklists"]:  # type: ignore[attr-defined]
        del entry["fingerprint"], entry["rule_fingerprints"]
    return data


def test_diff_against_a_report_of_old_format_cannot_tell(tmp_path: Path) -> None:
    old = _write(tmp_path, "old.json", _old_format(_json_report(EXAMPLE, [str(MINI)])))
    args = ["diff", str(old), str(EXAMPLE), "--checklist", str(MINI)]
    terminal = runner.invoke(app, args)
    assert (
        "Whether the two sides were assessed against the same rules cannot be told: "
        f"{old} states no rule fingerprints (a report written before they were recorded); "
        "mini 1.0.0 on both sides." in terminal.stdout
    )
    assert "same rules" not in terminal.stdout.replace("against the same rules cannot", "")
    data = json.loads(runner.invoke(app, [*args, "-f", "json"]).stdout)
    assert data["rules"]["state"] == "unknown"
    (mini,) = data["rules"]["checklists"]
    assert mini["fingerprints_known"] is False and mini["changed"] is None


def test_an_old_format_report_still_shows_the_rules_added_or_removed(tmp_path: Path) -> None:
    """Its results name the rules it assessed, so those added or removed since are known even
    without fingerprints; which others changed is not."""
    start = MINI.read_text(encoding="utf-8").index("  - id: MINI-7")
    end = MINI.read_text(encoding="utf-8").index("risks:")
    edited = _mini_copy(
        tmp_path,
        (MINI.read_text(encoding="utf-8")[start:end], ""),
        ("version: 1.0.0", "version: 2.0.0"),
    )
    old = _write(tmp_path, "old.json", _old_format(_json_report(EXAMPLE, [str(MINI)])))
    result = runner.invoke(app, ["diff", str(old), str(EXAMPLE), "--checklist", str(edited)])
    assert (
        "The two sides were assessed against different rules: mini 1.0.0 → 2.0.0 (removed: "
        "MINI-7; other rules may have changed too: one side states no fingerprints)."
        in result.stdout
    )


def _health_rule_edited(tmp_path: Path) -> tuple[Path, Path]:
    """Reports of the example before and after MINI-6 (which it passes) was made to fail, with
    a version bump."""
    edited = _mini_copy(
        tmp_path,
        ("version: 1.0.0", "version: 1.1.0"),
        ("condition: \"services[?domain == 'health']\"", "condition: \"services[?domain == 'x']\""),
    )
    old = _write(tmp_path, "old.json", _json_report(EXAMPLE, [str(MINI)]))
    return old, _write(tmp_path, "new.json", _json_report(EXAMPLE, [str(edited)]))


def test_a_regression_across_different_rules_still_fails_and_says_why(
    tmp_path: Path,
) -> None:
    """A drop fails the gate whatever the rules: a gate that passed because the rule base moved
    would hide a real drop. The message says the rules differ."""
    old, new = _health_rule_edited(tmp_path)
    result = runner.invoke(app, ["diff", str(old), str(new), "--fail-on-regression"])
    assert result.exit_code == 1
    assert "regression: guaranteed score (lower bound) dropped for overall, G3." in result.stderr
    assert "assessed against different rules: mini 1.0.0 → 1.1.0 (changed: MINI-6)" in (
        result.stderr
    )


def test_peers_are_compared_on_the_same_rules_and_say_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Peers are assessed against the city's own checklists; one assessed against other rules
    (a custom checklist edited during the run) is left out, never compared."""
    import integracheck.batch as batch

    base = EXAMPLE.read_text(encoding="utf-8").replace("fictional: true", "fictional: false")
    for name in ("a", "b", "c"):
        (tmp_path / f"{name}.yaml").write_text(base, encoding="utf-8")
    own = tmp_path / "self.yaml"
    own.write_text(base, encoding="utf-8")
    real_row = batch.assess_row

    def row_of_other_rules(file: str, plan: batch.BatchPlan) -> batch.BatchRow:
        row = real_row(file, plan)
        if file.endswith("c.yaml"):
            return dataclasses.replace(row, rule_sets=(("oecd-12", "0" * 16),))
        return row

    monkeypatch.setattr(batch, "assess_row", row_of_other_rules)
    report = batch.assess_with_peers(str(own), str(tmp_path), [], jobs=1, today=AS_OF)
    assert report.peers is not None
    assert report.peers.n == 2 and report.peers.other_rules_left_out == 1
    assert report.peers.rules == tuple((c.id, c.version, c.fingerprint) for c in report.checklists)
    data = json.loads(RENDERERS["json"](report, RenderOptions()))
    assert data["peers"]["other_rules_left_out"] == 1
    assert [c["fingerprint"] for c in data["peers"]["checklists"]] == [
        c.fingerprint for c in report.checklists
    ]
    versions = ", ".join(f"{c.id} {c.version}" for c in report.checklists)
    said = (
        f"all assessed against the same rules as this city ({versions}); 1 assessed against "
        "other rules left out"
    )
    assert said in RENDERERS["markdown"](report, RenderOptions())
    assert said in RENDERERS["html"](report, RenderOptions())
    terminal = RENDERERS["terminal"](report, RenderOptions(width=400))
    assert said in terminal


def test_a_report_with_malformed_checklists_is_refused_not_a_traceback(tmp_path: Path) -> None:
    data = _json_report(EXAMPLE, [str(MINI)])
    data["checklists"] = ["mini"]
    old = _write(tmp_path, "old.json", data)
    result = runner.invoke(app, ["diff", str(old), str(EXAMPLE), "--checklist", str(MINI)])
    assert result.exit_code == 2
    assert "not an integracheck JSON report" in result.stderr


def test_a_gap_that_comes_from_a_changed_rule_says_so(tmp_path: Path) -> None:
    old, new = _health_rule_edited(tmp_path)
    terminal = runner.invoke(app, ["diff", str(old), str(new)]).stdout
    assert (
        "MINI-6 A health service for migrants (high, fail, level 0); the rule itself changed"
        in terminal
    )
    data = json.loads(runner.invoke(app, ["diff", str(old), str(new), "-f", "json"]).stdout)
    assert [(g["rule_id"], g["rule_change"]) for g in data["new_gaps"]] == [("MINI-6", "changed")]
