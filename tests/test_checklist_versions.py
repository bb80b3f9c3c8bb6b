"""Every change to a built-in checklist bumps its version: the content each version was
released with is locked by fingerprint, and each version has a changelog entry. Fingerprints
are stable for the same content and change with any rule."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from integracheck.loading.checklist import load_builtins, load_checklist
from integracheck.loading.checklist_versions import (
    changelog_problems,
    changelog_text,
    lock_problems,
    lock_text,
    parse_lock,
    recorded_lock,
)

DATA = Path(__file__).parent / "data"
MINI = DATA / "mini-checklist.yaml"
BUILTIN = Path(__file__).parent.parent / "src" / "integracheck" / "checklists"


def test_each_built_in_checklist_is_at_the_version_locked_for_its_content() -> None:
    problems = lock_problems(load_builtins(), parse_lock(lock_text()))
    assert not problems, "\n".join(problems)


def test_each_recorded_version_has_a_changelog_entry() -> None:
    lock = parse_lock(lock_text())
    assert {loaded.checklist.id for loaded in load_builtins()} <= set(lock)
    problems = changelog_problems(lock, changelog_text())
    assert not problems, "\n".join(problems)


def test_a_changelog_without_the_entry_is_caught() -> None:
    lock = {"oecd-12": {"1.1.0": "0" * 16, "1.2.0": "1" * 16}}
    assert changelog_problems(lock, "## oecd-12 1.1.0 (2026-12-07)\n") == [
        "oecd-12 1.2.0 has no entry in checklists/CHANGELOG.md (a heading '## oecd-12 1.2.0')"
    ]


def _edited_copy(tmp_path: Path, source: Path, old: str, new: str) -> Path:
    text = source.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path = tmp_path / source.name
    path.write_text(text.replace(old, new), encoding="utf-8")
    return path


def test_same_content_gives_the_same_fingerprint(tmp_path: Path) -> None:
    first = load_checklist(str(MINI)).fingerprint
    # Comments, layout and the version number are not content.
    copy = tmp_path / "copy.yaml"
    copy.write_text(
        "# another comment\n"
        + MINI.read_text(encoding="utf-8").replace("version: 1.0.0", "version: 9.9.9"),
        encoding="utf-8",
    )
    assert load_checklist(str(copy)).fingerprint == first
    assert len(first.checklist) == 16
    assert set(first.rules) == {f"MINI-{n}" for n in range(1, 8)}
    assert all(len(digest) == 12 for digest in first.rules.values())


def test_a_changed_condition_changes_that_rule_and_the_checklist(tmp_path: Path) -> None:
    before = load_checklist(str(MINI)).fingerprint
    edited = _edited_copy(
        tmp_path,
        MINI,
        "condition: strategy.monitoring.measurable_goals",
        "condition: strategy.monitoring.measurable_goals == `true`",
    )
    after = load_checklist(str(edited)).fingerprint
    assert after.checklist != before.checklist
    assert [r for r in before.rules if before.rules[r] != after.rules[r]] == ["MINI-2"]


def test_a_changed_group_weight_changes_the_checklist_not_the_rules(tmp_path: Path) -> None:
    before = load_checklist(str(MINI)).fingerprint
    edited = _edited_copy(
        tmp_path, MINI, "{id: G2, title: Housing, weight: 1}", "{id: G2, title: Housing, weight: 2}"
    )
    after = load_checklist(str(edited)).fingerprint
    assert after.checklist != before.checklist
    assert after.rules == before.rules


def test_a_built_in_rule_changed_without_a_new_version_fails_the_lock(tmp_path: Path) -> None:
    loaded = {item.checklist.id: item for item in load_builtins()}["thematic"]
    rule = loaded.checklist.rules[0]
    edited = _edited_copy(
        tmp_path,
        BUILTIN / "thematic.yaml",
        f"  - id: {rule.id}\n    title: {rule.title}\n",
        f"  - id: {rule.id}\n    title: {rule.title}, edited\n",
    )
    changed = load_checklist(str(edited))
    problems = lock_problems([changed], parse_lock(lock_text()))
    version = loaded.checklist.version
    assert problems == [
        f"thematic rules changed (fingerprint {changed.fingerprint.checklist}) but version "
        f"{version} already recorded as {loaded.fingerprint.checklist}: bump `version` and add "
        "a changelog entry"
    ]
    # Recording it under the same version is refused; under a new version it is kept beside
    # the old one.
    with pytest.raises(ValueError, match="bump `version` first"):
        recorded_lock(lock_text(), [changed])
    bumped = load_checklist(
        str(_edited_copy(tmp_path, edited, f"version: {version}", "version: 9.0.0"))
    )
    history = json.loads(recorded_lock(lock_text(), [bumped]))["thematic"]
    assert history[version] == loaded.fingerprint.checklist
    assert history["9.0.0"] == changed.fingerprint.checklist
    assert lock_problems([bumped], parse_lock(json.dumps({"thematic": history}))) == []


def test_a_version_below_one_recorded_is_caught() -> None:
    loaded = load_checklist(str(MINI))
    lock = {"mini": {"1.0.0": loaded.fingerprint.checklist, "1.1.0": "f" * 16}}
    assert lock_problems([loaded], lock) == ["mini is at version 1.0.0, below the recorded 1.1.0"]
