"""Engine and scoring semantics on a small custom checklist: statuses, weights, bands, gates."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml

from integracheck.engine import Evaluation, evaluate
from integracheck.loading.checklist import LoadedChecklist, load_checklist
from integracheck.loading.profile import load_profile_text
from integracheck.models.report import Report
from integracheck.scoring import band, build_report, weighted_mean

MINI = str(Path(__file__).parent / "data" / "mini-checklist.yaml")
TODAY = dt.date(2026, 6, 1)


def assess(profile: dict[str, object], **gates: object) -> tuple[Evaluation, Report]:
    checklists: list[LoadedChecklist] = [load_checklist(MINI)]
    loaded = load_profile_text(yaml.safe_dump(profile), "p.yaml")
    evaluation = evaluate(checklists, loaded, today=TODAY)
    report = build_report(
        profile_file="p.yaml",
        city="X",
        country="",
        city_type="",
        checklists=checklists,
        evaluation=evaluation,
        tool_version="t",
        **gates,
    )  # type: ignore[arg-type]
    return evaluation, report


def status(report: Report, rule_id: str) -> str:
    return next(r.status for r in report.results if r.rule_id == rule_id)


BASE: dict[str, object] = {
    "city": {"name": "X", "competences": {"housing": {"level": "full"}}},
    "strategy": {"status": "adopted", "monitoring": {"measurable_goals": True}},
    "policies": {"housing": {"equitable_social_housing_access": False}},
}


def test_graded_levels_and_weighted_group_score() -> None:
    _, report = assess(BASE)
    assert status(report, "MINI-1") == "partial"
    group = next(g for g in report.groups if g.id == "G1")
    assert group.score == pytest.approx((50 * 3 + 100 * 1) / 4, abs=0.05)


def test_not_stated_cannot_pass_and_is_listed() -> None:
    _, report = assess({"city": {"name": "X"}})
    result = next(r for r in report.results if r.rule_id == "MINI-2")
    assert result.status == "fail"
    assert result.not_stated == ("strategy.monitoring.measurable_goals",)
    facts = {n.fact: n.rule_ids for n in report.not_stated}
    assert facts["strategy.monitoring.measurable_goals"] == ("MINI-2",)
    assert "representation.migrant_council.budget" in facts  # the risk needed it too


def test_outside_competence_is_not_applicable_with_vertical_advice() -> None:
    profile = dict(
        BASE,
        city={"name": "X", "competences": {"housing": {"level": "none", "held_by": "regional"}}},
    )
    _, report = assess(profile)
    result = next(r for r in report.results if r.rule_id == "MINI-3")
    assert result.status == "not_applicable"
    assert result.weight_in_score == 0
    assert "regional level of government" in result.recommendation
    assert "vertical coordination" in result.recommendation
    # G2 then holds only the errored rule: nothing weighs, so it has no score.
    group = next(g for g in report.groups if g.id == "G2")
    assert group.score is None
    assert group.band == "not scored"


def test_runtime_error_is_a_result_not_a_crash_and_weighs_nothing() -> None:
    _, report = assess(BASE)
    result = next(r for r in report.results if r.rule_id == "MINI-4")
    assert result.status == "error"
    assert "could not be evaluated" in result.message
    group = next(g for g in report.groups if g.id == "G2")
    assert group.score == 0.0  # only MINI-3 (fail) weighs


def test_waiver_with_reason_and_expired_waiver() -> None:
    profile = dict(
        BASE,
        waivers=[
            {"rule": "MINI-3", "reason": "Social housing reform is scheduled for 2027."},
            {
                "rule": "MINI-2",
                "reason": "Goals are being drafted with the council.",
                "expires": "2026-01-31",
            },
        ],
    )
    _, report = assess(profile)
    waived = next(r for r in report.results if r.rule_id == "MINI-3")
    assert waived.status == "waived"
    assert waived.waiver_reason.startswith("Social housing reform")
    assert status(report, "MINI-2") == "pass"  # expired waiver: the rule is assessed
    assert report.expired_waivers == (("MINI-2", "2026-01-31"),)


def test_typed_advice_follows_the_city_type() -> None:
    _, plain = assess(BASE)
    typed_profile = dict(BASE, city={"name": "X", "city_type": "newer_destination"})
    _, typed = assess(typed_profile)
    assert next(r for r in plain.results if r.rule_id == "MINI-1").typed_advice == ""
    assert next(r for r in typed.results if r.rule_id == "MINI-1").typed_advice == "Start small."


def test_risks_raised_only_when_their_condition_holds() -> None:
    with_budget = dict(BASE, representation={"migrant_council": {"exists": True, "budget": True}})
    without = dict(BASE, representation={"migrant_council": {"exists": True, "budget": False}})
    assert assess(with_budget)[1].risks == ()
    assert [k.risk_id for k in assess(without)[1].risks] == ["MINI-R.1"]


def test_gates() -> None:
    without = dict(BASE, representation={"migrant_council": {"exists": True, "budget": False}})
    _, report = assess(without, fail_under=80.0, fail_on="high")
    gates = {g.name: g for g in report.gates}
    assert not gates["fail-under"].passed
    assert not gates["fail-on"].passed
    assert "MINI-R.1" in gates["fail-on"].detail
    _, report = assess(BASE, fail_under=10.0, fail_on="critical")
    gates = {g.name: g for g in report.gates}
    assert gates["fail-under"].passed
    assert not gates["fail-on"].passed  # MINI-3 (critical) fails
    assert "MINI-3" in gates["fail-on"].detail


def test_locations_point_into_the_profile() -> None:
    _, report = assess(BASE)
    result = next(r for r in report.results if r.rule_id == "MINI-2")
    assert result.location.path == "strategy.monitoring"
    assert result.location.line > 1


@pytest.mark.parametrize(
    ("score", "expected"),
    [
        (100, "advanced"),
        (75, "advanced"),
        (74.9, "established"),
        (50, "established"),
        (49.9, "emerging"),
        (25, "emerging"),
        (24.9, "absent"),
        (0, "absent"),
        (None, "not scored"),
    ],
)
def test_bands(score: float | None, expected: str) -> None:
    assert band(score) == expected


def test_weighted_mean() -> None:
    assert weighted_mean([(100, 3), (0, 1)]) == 75.0
    assert weighted_mean([]) is None
    assert weighted_mean([(50, 0)]) is None


def test_a_negation_that_jmespath_would_bind_to_the_first_field_is_refused(
    tmp_path: Path,
) -> None:
    from integracheck.loading.errors import InputError

    text = (
        Path(MINI)
        .read_text(encoding="utf-8")
        .replace(
            "!(representation.migrant_council.budget)", "!representation.migrant_council.budget"
        )
    )
    bad = tmp_path / "bad.yaml"
    bad.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_checklist(str(bad))
    assert "negates only 'a'" in str(caught.value)
    assert "risks[0].condition" in str(caught.value)
