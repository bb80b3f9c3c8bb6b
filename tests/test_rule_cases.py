"""Every rule and risk of every built-in checklist, run against its cases in tests/rule_cases/."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from pathlib import Path
from typing import Any

import pytest
import yaml

from integracheck.api import evaluate_loaded
from integracheck.loading.checklist import load_builtins
from integracheck.loading.profile import load_profile_text

CASES_DIR = Path(__file__).parent / "rule_cases"
TODAY = dt.date(2026, 1, 1)


def _cases() -> list[tuple[str, dict[str, Any]]]:
    out = []
    for file in sorted(CASES_DIR.glob("*.yaml")):
        for index, case in enumerate(yaml.safe_load(file.read_text(encoding="utf-8")) or []):
            item = case.get("rule") or case.get("risk")
            out.append((f"{file.stem}:{index}:{item}:{case['expect']}", case))
    return out


CASES = _cases()
CHECKLISTS = load_builtins()
OWNER = {
    item.id: loaded
    for loaded in CHECKLISTS
    for item in [*loaded.checklist.rules, *loaded.checklist.risks]
}


@pytest.mark.parametrize(("name", "case"), CASES, ids=[name for name, _ in CASES])
def test_rule_case(name: str, case: dict[str, Any]) -> None:
    loaded = load_profile_text(yaml.safe_dump(case["profile"], sort_keys=False), f"{name}.yaml")
    # Only the checklist that holds the rule or risk: the others cannot change its result.
    _, evaluation = evaluate_loaded([OWNER[case.get("rule") or case["risk"]]], loaded, today=TODAY)
    if "rule" in case:
        result = next(r for r in evaluation.results if r.rule_id == case["rule"])
        assert result.status == case["expect"], result.message
        if "level" in case:
            assert result.level == case["level"]
        # The most the rule can still reach given the stated facts (its range's top).
        if "ceiling" in case:
            assert result.ceiling == case["ceiling"], result.message
    else:
        raised = {risk.risk_id for risk in evaluation.risks}
        assert (case["risk"] in raised) == (case["expect"] == "raised")


def test_every_rule_has_a_passing_a_failing_and_an_unknown_case() -> None:
    seen: dict[str, set[str]] = defaultdict(set)
    for _, case in CASES:
        seen[case.get("rule") or case.get("risk")].add(case["expect"])
    missing = []
    for loaded in CHECKLISTS:
        for rule in loaded.checklist.rules:
            if not {"pass", "fail", "unknown"} <= seen[rule.id]:
                missing.append(rule.id)
        for risk in loaded.checklist.risks:
            if not {"raised", "not_raised"} <= seen[risk.id]:
                missing.append(risk.id)
    assert not missing, f"rules or risks without every outcome in tests/rule_cases: {missing}"


def test_every_graded_rule_has_a_case_per_level() -> None:
    seen: dict[str, set[int]] = defaultdict(set)
    for _, case in CASES:
        if "rule" in case and case["expect"] in ("pass", "partial", "fail"):
            level = case.get("level", {"pass": 100, "fail": 0}.get(case["expect"]))
            if level is not None:
                seen[case["rule"]].add(level)
    missing = []
    for loaded in CHECKLISTS:
        for rule in loaded.checklist.rules:
            wanted = {level.level for level in rule.levels or []}
            if not wanted <= seen[rule.id]:
                missing.append(f"{rule.id} {sorted(wanted - seen[rule.id])}")
    assert not missing, f"graded rules without a case for each level: {missing}"


# Profiles that state little: no rule may fail on them, since a missing fact never decides.
SPARSE_PROFILES = {
    "name only": {"city": {"name": "Testville"}},
    "one service, partial evidence": {
        "city": {"name": "Testville"},
        "services": [{"id": "desk", "name": "Help desk", "domain": "information"}],
    },
    "one item per list, partial evidence": {
        "city": {"name": "Testville"},
        "services": [{"id": "desk", "name": "Help desk", "domain": "legal"}],
        "entry_points": [{"id": "web", "name": "Website", "kind": "website"}],
        "coordination_bodies": [{"id": "board", "name": "Board"}],
        "space": {"shared_spaces": [{"name": "Park", "kind": "park"}]},
    },
}


@pytest.mark.parametrize("name", sorted(SPARSE_PROFILES))
def test_no_rule_fails_on_facts_a_profile_does_not_state(name: str) -> None:
    text = yaml.safe_dump(SPARSE_PROFILES[name], sort_keys=False)
    _, evaluation = evaluate_loaded(CHECKLISTS, load_profile_text(text, "sparse.yaml"), today=TODAY)
    failed = [f"{r.rule_id}: {r.message}" for r in evaluation.results if r.status == "fail"]
    assert not failed, failed
