"""The bundled city profiles validate, cite their sources, and give the findings their facts imply.

Each file in tests/city_findings/ names a profile and the findings that follow directly from
its cited facts: a rule's status, a risk raised or not, a pathway cell, a transition. A finding
may carry `seed` and `quote`: the sentence of the seed it comes from, checked verbatim.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
import yaml
from seed_text import SEEDS, SEEDS_MISSING, normalise

from integracheck.api import assess, validate
from integracheck.models.report import Report

ROOT = Path(__file__).resolve().parent.parent
PROFILES = sorted((ROOT / "city_profiles").glob("*.yaml"))
FINDINGS = sorted((Path(__file__).parent / "city_findings").glob("*.yaml"))
AS_OF = dt.date(2026, 6, 1)


@pytest.mark.parametrize("profile", PROFILES, ids=[p.stem for p in PROFILES])
def test_bundled_profile_validates(profile: Path) -> None:
    [outcome] = list(validate([str(profile)]))
    assert outcome.valid, "\n".join(str(p) for p in outcome.problems)


REAL = [p for p in PROFILES if p.stem != "example"]


@pytest.mark.parametrize("profile", REAL, ids=[p.stem for p in REAL])
def test_real_city_profile_cites_a_seed_for_its_facts(profile: Path) -> None:
    text = profile.read_text(encoding="utf-8")
    assert "describe what the 2018 and 2020 reports found" in text.split("\n\n", 1)[0]
    data = yaml.safe_load(text)
    uncited = [
        section
        for section, value in data.items()
        # Waivers and the kind of evidence describe the profile, not the city.
        if section not in ("waivers", "evidence") and not _cited(value)
    ]
    assert not uncited, f"sections without a source citing a seed: {uncited}"


def _cited(value: Any) -> bool:
    """A section is cited when it, or every object inside it, carries a seed citation."""
    if isinstance(value, dict):
        source = value.get("source")
        if source and ("00" in str(source)):
            return True
        children = [v for v in value.values() if isinstance(v, dict | list)]
        return bool(children) and all(_cited(v) for v in children)
    if isinstance(value, list):
        return bool(value) and all(_cited(v) for v in value)
    return False


def _cases() -> list[tuple[str, str, dict[str, Any]]]:
    out = []
    for file in FINDINGS:
        spec = yaml.safe_load(file.read_text(encoding="utf-8"))
        for index, finding in enumerate(spec["findings"]):
            out.append((f"{file.stem}:{index}", spec["profile"], finding))
    return out


CASES = _cases()
_REPORTS: dict[str, Report] = {}


def _report(profile: str) -> Report:
    if profile not in _REPORTS:
        _REPORTS[profile] = assess(str(ROOT / profile), today=AS_OF)
    return _REPORTS[profile]


@pytest.mark.parametrize(("name", "profile", "finding"), CASES, ids=[c[0] for c in CASES])
def test_city_finding(name: str, profile: str, finding: dict[str, Any]) -> None:
    report = _report(profile)
    because = finding.get("because", "")
    if "rule" in finding:
        result = next(r for r in report.results if r.rule_id == finding["rule"])
        assert result.status == finding["status"], f"{because}: {result.message}"
    elif "risk" in finding:
        raised = {k.risk_id for k in report.risks}
        assert (finding["risk"] in raised) is finding["raised"], because
    elif "cell" in finding:
        assert report.analysis is not None and report.analysis.pathways is not None
        cell = report.analysis.pathways.cell(finding["cell"]["status"], finding["cell"]["domain"])
        assert finding["served_by"] in cell.providers, because
    elif "transition" in finding:
        assert report.analysis is not None and report.analysis.transitions is not None
        found = next(t for t in report.analysis.transitions if t.id == finding["transition"])
        assert found.covered is finding["covered"], because
    elif "conflict" in finding:
        assert report.analysis is not None
        kinds = {c.id for c in report.analysis.conflicts}
        assert (finding["conflict"] in kinds) is finding.get("present", True), because
    else:
        raise AssertionError(f"unknown finding kind in {name}: {finding}")


def test_every_real_profile_has_findings() -> None:
    named = {yaml.safe_load(f.read_text(encoding="utf-8"))["profile"] for f in FINDINGS}
    missing = [p.name for p in REAL if f"city_profiles/{p.name}" not in named]
    assert not missing, f"profiles without findings in tests/city_findings/: {missing}"


QUOTED = [(name, finding) for name, _, finding in CASES if "quote" in finding]


@pytest.mark.skipif(SEEDS_MISSING, reason="the seed documents are in ../shared/seeds")
@pytest.mark.parametrize(("name", "finding"), QUOTED, ids=[name for name, _ in QUOTED])
def test_a_finding_quotes_its_seed_verbatim(name: str, finding: dict[str, Any]) -> None:
    seed = normalise((SEEDS / finding["seed"]).read_text(encoding="utf-8"))
    assert normalise(finding["quote"]) in seed, f"{name}: quote not found in {finding['seed']}"
