"""What the evidence guarantees: each rule's range, the bounds of every score, the gate on the
lower bound, priorities that are known gaps, and weights in which severity matters."""

from __future__ import annotations

import datetime as dt
import itertools
import random
from pathlib import Path

import pytest
import yaml

from integracheck.api import assess as assess_file
from integracheck.api import checklists
from integracheck.engine import evaluate
from integracheck.loading.checklist import load_checklist
from integracheck.loading.profile import load_profile_text
from integracheck.models.report import Report
from integracheck.models.weights import score_weight
from integracheck.priorities import known_gap, priorities
from integracheck.render import view
from integracheck.scoring import build_report, extreme

ROOT = Path(__file__).resolve().parent.parent
MINI = str(ROOT / "tests" / "data" / "mini-checklist.yaml")
TODAY = dt.date(2026, 6, 1)


def mini(profile: dict[str, object], **gates: object) -> Report:
    selected = [load_checklist(MINI)]
    loaded = load_profile_text(yaml.safe_dump(profile), "p.yaml")
    evaluation = evaluate(selected, loaded, today=TODAY)
    return build_report(
        profile_file="p.yaml",
        city="X",
        country="",
        city_type="",
        checklists=selected,
        evaluation=evaluation,
        tool_version="t",
        **gates,  # type: ignore[arg-type]
    )


def result(report: Report, rule_id: str):  # type: ignore[no-untyped-def]
    return next(r for r in report.results if r.rule_id == rule_id)


def test_extreme_is_the_least_and_most_mean_over_every_choice() -> None:
    """The greedy choice against every subset of the parts that may be left out."""
    rng = random.Random(19)
    for _ in range(400):
        parts = [
            (float(rng.choice([0, 25, 50, 75, 100])), float(rng.randint(1, 4)), rng.random() < 0.4)
            for _ in range(rng.randint(1, 6))
        ]
        must = [(v, w) for v, w, o in parts if not o]
        may = [(v, w) for v, w, o in parts if o]
        means = []
        for size in range(len(may) + 1):
            for chosen in itertools.combinations(may, size):
                taken = must + list(chosen)
                if taken:
                    means.append(sum(v * w for v, w in taken) / sum(w for _, w in taken))
        assert extreme(parts, lowest=True) == pytest.approx(min(means))
        assert extreme(parts, lowest=False) == pytest.approx(max(means))


def test_a_partial_level_with_a_higher_level_undecided_is_at_least_that_level() -> None:
    report = mini({"city": {"name": "X"}, "representation": {"migrant_council": {"exists": True}}})
    council = result(report, "MINI-5")
    assert (council.status, council.level) == ("partial", 50)
    assert (council.floor, council.ceiling) == (50, 100)
    assert not council.settled
    assert view.level_text(council) == "at least 50, up to 100"
    assert not known_gap(council)  # held down only by an unstated fact: collect it first
    assert "representation.migrant_council.formal_role" in {n.fact for n in report.not_stated}


def test_decided_rules_are_exact_and_unknown_ones_span_their_scale() -> None:
    report = mini(
        {
            "city": {"name": "X"},
            "representation": {"migrant_council": {"exists": True, "formal_role": False}},
        }
    )
    council = result(report, "MINI-5")
    assert (council.floor, council.ceiling, council.settled) == (50, 50, True)
    assert view.level_text(council) == "50"
    unknown = result(report, "MINI-2")
    assert unknown.status == "unknown"
    assert (unknown.floor, unknown.ceiling) == (0, 100)
    assert view.level_text(unknown) == "not known"


def test_an_unstated_competence_may_take_its_rules_out_and_is_a_fact_to_collect() -> None:
    stated = mini(
        {
            "city": {"name": "X", "competences": {"housing": {"level": "full"}}},
            "policies": {"housing": {"equitable_social_housing_access": True}},
        }
    )
    unstated = mini(
        {"city": {"name": "X"}, "policies": {"housing": {"equitable_social_housing_access": True}}}
    )
    assert not result(stated, "MINI-3").may_not_apply
    housing = result(unstated, "MINI-3")
    assert housing.status == "pass" and housing.may_not_apply
    assert "city.competences.housing.level" in {n.fact for n in unstated.not_stated}
    # Leaving the competence out can only widen the bounds.
    assert unstated.lower is not None and stated.lower is not None
    assert unstated.lower <= stated.lower and unstated.upper >= stated.upper  # type: ignore[operator]


def test_every_score_lies_within_its_bounds_on_every_bundled_profile() -> None:
    for path in sorted((ROOT / "city_profiles").glob("*.yaml")):
        report = assess_file(str(path), today=TODAY)
        for part in (report, *report.checklists, *report.groups):
            if part.score is None:
                continue
            assert part.lower is not None and part.upper is not None, (path.name, part)
            assert part.lower <= part.score <= part.upper, (path.name, part)


def test_the_fail_under_gate_reads_the_lower_bound() -> None:
    profile = {"city": {"name": "X"}, "strategy": {"status": "legally_binding"}}
    report = mini(profile, fail_under=60.0)
    assert report.score == 100.0  # on the one rule decided
    assert report.lower is not None and report.lower < 60
    (gate,) = report.gates
    assert not gate.passed
    assert "lower bound" in gate.detail
    assert mini(profile, fail_under=report.lower).gates[0].passed


def test_vienna_is_not_told_to_build_the_monitoring_the_sources_praise() -> None:
    """Seed 002, Box 3: Vienna's Integration and Diversity Monitoring since the mid-2000s.
    MPI-F.3 is held at 50 only because `data.measures_evaluated` is not stated."""
    report = assess_file(str(ROOT / "city_profiles" / "vienna.yaml"), today=TODAY)
    monitoring = result(report, "MPI-F.3")
    assert monitoring.floor == 50 and monitoring.ceiling > 50
    assert "MPI-F.3" not in {p.result.rule_id for p in priorities(report)}
    assert any("MPI-F.3" in n.rule_ids for n in report.not_stated)
    line = view.report_headline(report)
    assert f"between {report.lower:g} and {report.upper:g}" in line


def test_priorities_are_known_gaps_and_gains_raise_the_lower_bound() -> None:
    report = assess_file(str(ROOT / "city_profiles" / "example.yaml"), today=TODAY)
    ranked = priorities(report)
    assert ranked
    for item in ranked:
        assert known_gap(item.result)
        assert item.gain >= 0
    gains = [p.gain for p in ranked]
    assert gains == sorted(gains, reverse=True)


@pytest.mark.parametrize("loaded", checklists(), ids=lambda c: c.checklist.id)
def test_no_critical_rule_weighs_less_than_a_low_one(loaded) -> None:  # type: ignore[no-untyped-def]
    """Issue 19, point 6: in each checklist, a critical rule's share of the overall score is
    never smaller than a low one's (scores are weighted means over a checklist's rules)."""
    checklist = loaded.checklist
    weights: dict[str, list[float]] = {}
    for rule in checklist.rules:
        weights.setdefault(rule.severity, []).append(score_weight(checklist, rule))
    if "critical" in weights and "low" in weights:
        assert min(weights["critical"]) >= max(weights["low"])
    order = ["critical", "high", "medium", "low"]
    means = [sum(weights[s]) / len(weights[s]) for s in order if s in weights]
    assert means == sorted(means, reverse=True)


def _schema_has(schema: dict[str, object], path: str) -> bool:
    """Whether a fact path (`services[].funding.ends`) names a field of the profile schema."""
    defs = schema.get("$defs", {})
    assert isinstance(defs, dict)

    def resolve(node: object) -> list[dict[str, object]]:
        if not isinstance(node, dict):
            return []
        if "$ref" in node:
            return resolve(defs[str(node["$ref"]).rsplit("/", 1)[-1]])
        found = [node]
        for key in ("anyOf", "oneOf", "allOf"):
            for option in node.get(key, []) or []:
                found += resolve(option)
        if "items" in node:
            found += resolve(node["items"])
        if isinstance(node.get("additionalProperties"), dict):
            found += resolve(node["additionalProperties"])
        return found

    nodes = resolve(schema)
    for step in path.replace("[]", "").split("."):
        # A mapping keyed by a vocabulary (`city.competences.housing`) holds its values under
        # `additionalProperties`.
        nodes = [
            child
            for node in nodes
            for child in resolve(
                (node.get("properties") or {}).get(step)  # type: ignore[union-attr]
                or node.get("additionalProperties")
            )
        ]
        if not nodes:
            return False
    return True


def test_facts_to_collect_are_facts_a_profile_can_state() -> None:
    """No `derived.*` fact (worked out by the analyses) is asked for: the stated facts it comes
    from are named instead; and `assess`, `plan` and `gather` count the same facts."""
    from integracheck.api import profile_schema
    from integracheck.questionnaire import questions

    schema = profile_schema()
    for path in sorted((ROOT / "city_profiles").glob("*.yaml")):
        report = assess_file(str(path), today=TODAY)
        facts = [n.fact for n in report.not_stated]
        assert not [f for f in facts if f.startswith("derived")], path.name
        unknown = [f for f in facts if not _schema_has(schema, f)]
        assert not unknown, (path.name, unknown)
        asked = questions(report)
        assert len(asked) == len(report.not_stated), path.name


def test_the_weights_page_is_up_to_date() -> None:
    from integracheck.api import weights_reference

    files = [str(p) for p in (ROOT / "city_profiles").glob("*.yaml")]
    current = (ROOT / "docs" / "weights.md").read_text(encoding="utf-8")
    assert weights_reference(files, dt.date(2026, 12, 1)) == current, "run `make docs`"
