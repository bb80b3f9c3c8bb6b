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


@pytest.mark.parametrize(("name", "case"), CASES, ids=[name for name, _ in CASES])
def test_rule_case(name: str, case: dict[str, Any]) -> None:
    loaded = load_profile_text(yaml.safe_dump(case["profile"], sort_keys=False), f"{name}.yaml")
    _, evaluation = evaluate_loaded(CHECKLISTS, loaded, today=TODAY)
    if "rule" in case:
        result = next(r for r in evaluation.results if r.rule_id == case["rule"])
        assert result.status == case["expect"], result.message
        if "level" in case:
            assert result.level == case["level"]
    else:
        raised = {risk.risk_id for risk in evaluation.risks}
        assert (case["risk"] in raised) == (case["expect"] == "raised")


def test_every_rule_has_a_passing_and_a_failing_case() -> None:
    seen: dict[str, set[str]] = defaultdict(set)
    for _, case in CASES:
        seen[case.get("rule") or case.get("risk")].add(case["expect"])
    missing = []
    for loaded in CHECKLISTS:
        for rule in loaded.checklist.rules:
            if not {"pass", "fail"} <= seen[rule.id]:
                missing.append(rule.id)
        for risk in loaded.checklist.risks:
            if not {"raised", "not_raised"} <= seen[risk.id]:
                missing.append(risk.id)
    assert not missing, f"rules or risks without both outcomes in tests/rule_cases: {missing}"
