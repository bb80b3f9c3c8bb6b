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
from integracheck.scoring import band, band_of, build_report, weighted_mean

MINI = str(Path(__file__).parent / "data" / "mini-checklist.yaml")
TODAY = dt.date(2026, 6, 1)


def assess(
    profile: dict[str, object], strict: bool = False, **gates: object
) -> tuple[Evaluation, Report]:
    checklists: list[LoadedChecklist] = [load_checklist(MINI)]
    loaded = load_profile_text(yaml.safe_dump(profile), "p.yaml")
    evaluation = evaluate(checklists, loaded, today=TODAY, strict=strict)
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


def test_not_stated_is_unknown_weighs_nothing_and_is_listed() -> None:
    _, report = assess({"city": {"name": "X"}})
    result = next(r for r in report.results if r.rule_id == "MINI-2")
    assert result.status == "unknown"
    assert result.weight_in_score == 0
    assert "not stated: strategy.monitoring.measurable_goals" in result.message
    assert result.not_stated == ("strategy.monitoring.measurable_goals",)
    group = next(g for g in report.groups if g.id == "G1")
    assert group.score is None
    assert group.coverage == 0
    assert group.band == "insufficient evidence"
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
    # G2 then holds only the errored rule: nothing is decided, so it has no score.
    group = next(g for g in report.groups if g.id == "G2")
    assert group.score is None
    assert group.coverage == 0
    assert group.band == "insufficient evidence"


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


def test_typed_advice_is_not_given_for_what_the_city_already_does() -> None:
    typed_profile = dict(
        BASE,
        city={"name": "X", "city_type": "newer_destination"},
        strategy={"status": "adopted", "action_plan": {"exists": True}},
    )
    _, report = assess(typed_profile)
    assert next(r for r in report.results if r.rule_id == "MINI-1").typed_advice == ""


def test_a_city_is_never_its_own_example() -> None:
    _, report = assess(BASE)  # the city is called X
    result = next(r for r in report.results if r.rule_id == "MINI-1")
    assert [e.place for e in result.examples] == ["Othertown"]
    # What the sources cite the city for is kept, as its own practice, with where it is cited.
    assert [(e.place, e.source) for e in result.own_examples] == [("X", "001_837918b8378d623e.txt")]


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
    assert band(score, score) == expected
    if score is not None:
        assert band_of(score) == expected


@pytest.mark.parametrize(
    ("lower", "upper", "expected"),
    [
        (76, 90, "advanced"),
        (60, 90, "established to advanced"),
        (20, 60, "absent to established"),
        (0, 100, "insufficient evidence"),
        (10, 80, "insufficient evidence"),
        (None, None, "not scored"),
    ],
)
def test_a_band_is_named_only_when_the_whole_range_lies_in_it(
    lower: float | None, upper: float | None, expected: str
) -> None:
    assert band(lower, upper) == expected


COUNCIL = {"city": {"name": "X"}, "representation": {"migrant_council": {"exists": True}}}


@pytest.mark.parametrize(
    ("council", "expected", "level"),
    [
        ({"exists": True, "formal_role": True}, "pass", 100),
        ({"exists": True, "formal_role": False}, "partial", 50),
        ({"exists": True}, "partial", 50),  # the top level undecided: a lower bound
        ({"exists": False, "formal_role": False}, "fail", 0),
        ({"exists": False}, "unknown", 0),  # level 100 undecided, level 50 not met
        ({"formal_role": False}, "unknown", 0),  # level 50 undecided
    ],
)
def test_graded_rules_are_decided_level_by_level(
    council: dict[str, object], expected: str, level: int
) -> None:
    _, report = assess({"city": {"name": "X"}, "representation": {"migrant_council": council}})
    result = next(r for r in report.results if r.rule_id == "MINI-5")
    assert (result.status, result.level) == (expected, level)


def test_a_partial_result_says_what_is_not_known_above_it() -> None:
    _, report = assess(COUNCIL)
    result = next(r for r in report.results if r.rule_id == "MINI-5")
    assert result.undecided_above == ("a council with a formal role in decisions",)
    assert "not known whether a council with a formal role" in result.message
    assert "representation.migrant_council.formal_role" in result.message
    facts = {n.fact: n for n in report.not_stated}
    # The undecided level could still add half of the rule's weight of 2.
    assert facts["representation.migrant_council.formal_role"].weight == 1.0


LEGAL_DESK = {"id": "desk", "name": "Legal desk", "domain": "legal"}


@pytest.mark.parametrize(
    ("evidence", "expected"),
    [
        (None, "unknown"),  # partial evidence by default: an absent kind of item is not known
        ({"inventories": "partial"}, "unknown"),
        ({"inventories": "complete"}, "fail"),
        ({"complete_lists": ["services"]}, "fail"),
        ({"complete_lists": ["entry_points"]}, "unknown"),
    ],
)
def test_an_absent_kind_of_item_is_unknown_under_partial_evidence(
    evidence: dict[str, object] | None, expected: str
) -> None:
    profile: dict[str, object] = {"city": {"name": "X"}, "services": [LEGAL_DESK]}
    if evidence is not None:
        profile["evidence"] = evidence
    _, report = assess(profile)
    result = next(r for r in report.results if r.rule_id == "MINI-6")
    assert result.status == expected
    if expected == "unknown":
        assert "partial evidence" in result.message
        assert result.partial_lists == ("services",)


def test_a_rule_that_judges_the_listed_items_fails_on_one_but_passes_only_on_all() -> None:
    far = dict(LEGAL_DESK, id="far", public_transport=False)
    near = dict(LEGAL_DESK, id="near", public_transport=True)
    silent = dict(LEGAL_DESK)
    complete = {"inventories": "complete"}
    cases = [
        ("fail", [far, near], None),  # a stated counter-example decides, whatever the list
        ("unknown", [near], None),  # every listed one is reachable: the others are not known
        ("pass", [near], complete),
        ("unknown", [silent], complete),
    ]
    for expected, services, evidence in cases:
        profile: dict[str, object] = {"city": {"name": "X"}, "services": services}
        if evidence:
            profile["evidence"] = evidence
        _, report = assess(profile)
        assert status(report, "MINI-7") == expected, services


def test_coverage_is_decided_weight_over_applicable_weight() -> None:
    # G3: MINI-5 (weight 2) partial 50, MINI-6 (1) unknown, MINI-7 (1) unknown.
    _, report = assess(COUNCIL)
    group = next(g for g in report.groups if g.id == "G3")
    assert group.coverage == 50.0
    assert group.score == 50.0
    assert group.counts["unknown"] == 2


def test_a_checklist_scores_the_weighted_mean_of_all_its_decided_rules() -> None:
    profile = dict(BASE, representation={"migrant_council": {"exists": True}})
    _, report = assess(profile)
    groups = {g.id: g for g in report.groups}
    assert groups["G1"].coverage == 100.0
    assert groups["G2"].coverage == 50.0  # MINI-3 decided, MINI-4 an error
    assert groups["G3"].coverage == 50.0
    decided = [r for r in report.results if r.status in ("pass", "partial", "fail")]
    expected = sum(r.level * r.weight for r in decided) / sum(r.weight for r in decided)
    (checklist,) = report.checklists
    assert checklist.score == pytest.approx(expected, abs=0.05)
    applicable = sum(r.weight for r in report.results if r.applicable)
    assert checklist.coverage == pytest.approx(
        100 * sum(r.weight for r in decided) / applicable, abs=0.05
    )
    assert report.score == checklist.score
    assert report.coverage == checklist.coverage


def test_strict_mode_counts_unknown_as_fail_and_never_scores_higher() -> None:
    for profile in (COUNCIL, BASE, {"city": {"name": "X"}}, dict(BASE, services=[LEGAL_DESK])):
        _, default = assess(profile)
        _, strict = assess(profile, strict=True)
        assert strict.counts()["unknown"] == 0
        assert strict.strict
        if default.score is not None:
            assert strict.score is not None
            assert strict.score <= default.score
    _, strict = assess(COUNCIL, strict=True)
    assert status(strict, "MINI-6") == "fail"
    assert "strict mode" in next(r.message for r in strict.results if r.rule_id == "MINI-6")


def test_min_coverage_gate() -> None:
    _, report = assess(COUNCIL, min_coverage=60.0)
    gate = next(g for g in report.gates if g.name == "min-coverage")
    assert not gate.passed
    assert "evidence coverage" in gate.detail
    _, report = assess(BASE, min_coverage=10.0)
    assert next(g for g in report.gates if g.name == "min-coverage").passed


def test_risks_not_checked_for_lack_of_facts_are_listed() -> None:
    _, report = assess({"city": {"name": "X"}})
    assert report.risks == ()
    (unchecked,) = report.unchecked_risks
    assert unchecked.risk_id == "MINI-R.1"
    assert unchecked.not_stated == ("representation.migrant_council.budget",)


def test_facts_not_stated_are_ranked_by_the_weight_they_decide() -> None:
    _, report = assess({"city": {"name": "X"}})
    weights = [n.weight for n in report.not_stated]
    assert weights == sorted(weights, reverse=True)
    assert report.not_stated[0].fact == "strategy.status"  # MINI-1 weighs 3


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


def test_a_stated_fact_can_rule_a_level_out_whatever_the_lists_hold(tmp_path: Path) -> None:
    text = (
        Path(MINI)
        .read_text(encoding="utf-8")
        .replace(
            '''    condition: "services[?domain == 'health']"''',
            '''    ruled_out_by: "policies.health.outreach == `false`"
    condition: "services[?domain == 'health']"''',
        )
    )
    custom = tmp_path / "mini.yaml"
    custom.write_text(text, encoding="utf-8")
    loaded = load_profile_text(
        yaml.safe_dump(
            {
                "city": {"name": "X"},
                "services": [LEGAL_DESK],
                "policies": {"health": {"outreach": False}},
            }
        ),
        "p.yaml",
    )
    evaluation = evaluate([load_checklist(str(custom))], loaded, today=TODAY)
    result = next(r for r in evaluation.results if r.rule_id == "MINI-6")
    assert result.status == "fail"  # under partial evidence, yet decided


def test_a_waiver_is_matched_whatever_its_case_and_one_naming_no_rule_is_reported() -> None:
    profile = dict(
        BASE,
        waivers=[
            {"rule": "mini-3", "reason": "Social housing reform is scheduled for 2027."},
            {"rule": "MINI-99", "reason": "A rule that does not exist anywhere."},
        ],
    )
    _, report = assess(profile)
    assert status(report, "MINI-3") == "waived"
    assert report.unmatched_waivers == ("MINI-99",)
