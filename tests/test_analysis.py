"""Time-and-space analyses on fixture profiles: each finding, a clean counterpart, and the
unknown case (partial evidence, or a field a listed item does not state)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from integracheck.analysis import analyse, derived_facts
from integracheck.loading.profile import load_profile
from integracheck.models.analysis import Analysis, TransitionResult

FIXTURES = Path(__file__).parent / "data" / "analysis"
TODAY = dt.date(2026, 1, 1)


def run(name: str) -> Analysis:
    return analyse(load_profile(str(FIXTURES / f"{name}.yaml")))


def facts(name: str) -> dict[str, Any]:
    loaded = load_profile(str(FIXTURES / f"{name}.yaml"))
    return derived_facts(analyse(loaded), loaded.profile, TODAY)


def transition(analysis: Analysis, transition_id: str) -> TransitionResult:
    assert analysis.transitions is not None
    return next(t for t in analysis.transitions if t.id == transition_id)


def _negatives(found: Any, path: str = "derived") -> list[str]:
    """Every derived value that says "no" or counts a problem: false, a non-empty list, or a
    non-zero count (coverage and shares are positive by nature)."""
    if isinstance(found, dict):
        return [bad for key, value in found.items() for bad in _negatives(value, f"{path}.{key}")]
    count = isinstance(found, int | float) and not isinstance(found, bool)
    share = path.endswith(("coverage", "covered_share"))
    problem = found is False or (isinstance(found, list) and bool(found))
    return [path] if problem or (count and found and not share) else []


# --- transitions ------------------------------------------------------------------------------


def test_turning_18_without_support_is_named_with_its_missing_needs() -> None:
    found = transition(run("turning-18-uncovered"), "turning-18")
    assert found.covered is False
    assert found.state == "uncovered"
    # The child services' social worker is there; what ends at 18 is everything else.
    assert [n.label for n in found.missing] == ["housing", "education or training", "legal advice"]
    assert found.unknown_needs == ()


def test_turning_18_under_partial_evidence_is_unknown_not_uncovered() -> None:
    found = transition(run("turning-18-partial"), "turning-18")
    assert found.covered is None
    assert found.state == "unknown"
    assert found.missing == ()
    assert [n.label for n in found.unknown_needs] == [
        "housing",
        "education or training",
        "legal advice",
    ]
    assert all("partial evidence" in n.unknown_because for n in found.unknown_needs)
    worker = next(n for n in found.needs if n.label == "a continuing social worker")
    assert worker.met is True and worker.providers == ("minors-care",)


def test_turning_18_covered() -> None:
    found = transition(run("turning-18-covered"), "turning-18")
    assert found.covered is True
    by_need = {n.label: n.providers for n in found.needs}
    assert by_need["housing"] == ("after-care",)


def test_a_policy_not_stated_is_unknown_never_false() -> None:
    found = transition(run("limbo-policy-not-stated"), "limbo")
    tracking = next(n for n in found.needs if n.label.startswith("tracking"))
    assert tracking.met is None
    assert "policies.welfare.tracks_people_in_limbo not stated" in tracking.unknown_because
    # Legal advice and information are there; the transition is not known, not uncovered.
    assert [n.met for n in found.needs] == [True, True, None]
    assert found.covered is None


def test_a_policy_stated_false_is_a_missing_need() -> None:
    found = transition(run("limbo-policy-false"), "limbo")
    assert [n.label for n in found.missing] == ["tracking of people in limbo by the city"]
    assert found.covered is False


def test_an_item_with_unstated_eligibility_leaves_a_need_open() -> None:
    # Complete lists, but the legal aid service does not say whom it serves.
    found = transition(run("pathways-complete"), "limbo")
    legal = next(n for n in found.needs if n.label == "legal or regularisation advice")
    assert legal.met is None
    assert "lawyers" in legal.unknown_because


# --- pathways ---------------------------------------------------------------------------------


def test_pathway_gaps_under_complete_inventories() -> None:
    paths = run("pathways-complete").pathways
    assert paths is not None
    assert len(paths.cells) == len(paths.statuses) * len(paths.domains)
    assert paths.cell("irregular_migrant", "health").providers == ("clinic",)
    assert paths.cell("irregular_migrant", "health").state == "served"
    assert paths.cell("refugee", "housing").state == "gap"
    benchmarks = {b.id: b for b in paths.benchmarks}
    assert benchmarks["day-one"].met is True  # a welcome desk open to all
    assert benchmarks["basic-services"].met is False
    assert benchmarks["basic-services"].missing == (
        "irregular_migrant × social_welfare",
        "asylum_seeker × social_welfare",
    )


def test_items_with_unstated_fields_cannot_make_a_gap() -> None:
    paths = run("pathways-complete").pathways
    assert paths is not None
    # Legal aid states no eligibility: no legal cell is a gap.
    assert all(paths.cell(s, "legal").state == "unknown" for s in paths.statuses)
    assert paths.unknown_eligibility == ("lawyers",)
    # The registry states no in-house services: beyond information, its status is open.
    assert paths.cell("eu_mobile_citizen", "housing").state == "unknown"
    assert paths.cell("family_migrant", "housing").state == "gap"


def test_partial_inventory_gives_unknown_cells_not_gaps() -> None:
    paths = run("pathways-partial").pathways
    assert paths is not None
    assert paths.gaps == 0
    assert paths.cell("refugee", "housing").state == "unknown"
    assert paths.unknown == len(paths.cells) - paths.served
    benchmarks = {b.id: b for b in paths.benchmarks}
    assert benchmarks["day-one"].met is True  # served cells are decided whatever the evidence
    assert benchmarks["basic-services"].met is None
    assert benchmarks["basic-services"].missing == ()
    assert len(benchmarks["basic-services"].unknown) == 2


# --- space ------------------------------------------------------------------------------------


def test_high_share_neighbourhood_without_services_or_spaces() -> None:
    space = run("neighbourhood-unserved").space
    assert [n.name for n in space.underserved] == ["Hillside"]
    assert space.underserved[0].lacks == ("services", "shared public spaces")
    assert space.underserved[0].location.line == 16
    assert space.undecided_neighbourhoods == ()
    assert [r.id for r in space.hard_to_reach] == ["far-desk"]
    assert space.missing_languages == ("Urdu",)


def test_served_neighbourhood_and_covered_languages_report_nothing() -> None:
    space = run("neighbourhood-served").space
    assert space.underserved == ()
    assert space.undecided_neighbourhoods == ()
    assert space.hard_to_reach == ()
    assert all(c.state == "covered" for c in space.languages)
    assert facts("neighbourhood-served")["space"] == {
        "underserved_neighbourhoods": 0,
        "hard_to_reach": 0,
        "missing_languages": [],
    }


def test_partial_evidence_leaves_neighbourhood_and_language_unknown() -> None:
    space = run("neighbourhood-partial").space
    assert space.underserved == ()
    [hillside] = space.undecided_neighbourhoods
    assert hillside.name == "Hillside" and hillside.lacks == ()
    assert hillside.may_lack == ("services", "shared public spaces")
    assert [c.state for c in space.languages] == ["covered", "unknown"]
    assert space.missing_languages == ()
    # Stated outside the centre and off public transport: decided whatever the evidence.
    assert [r.id for r in space.hard_to_reach] == ["far-desk"]
    # None of the counts is exact, so none is handed to the rules.
    assert facts("neighbourhood-partial")["space"] == {}


def test_unstated_fields_of_listed_places_leave_space_findings_open() -> None:
    space = run("neighbourhood-open-fields").space
    assert space.underserved == ()
    assert [n.name for n in space.undecided_neighbourhoods] == ["Hillside"]
    assert space.reach_unknown == ("mobile-team",)
    assert not space.reach_decided
    assert [c.state for c in space.languages] == ["unknown"]  # the desk states no languages
    assert facts("neighbourhood-open-fields")["space"] == {}


# --- conflicts --------------------------------------------------------------------------------


def test_language_class_only_in_the_working_day_is_a_conflict_naming_both_services() -> None:
    analysis = run("working-hours-clash")
    [conflict] = [c for c in analysis.conflicts if c.id == "working-hours-only"]
    assert (conflict.first, conflict.second) == ("day-class", "job-programme")
    assert [loc.line for loc in conflict.locations] == [4, 9]
    assert "Job programme" in conflict.message


def test_an_evening_alternative_removes_the_conflict() -> None:
    assert not [c for c in run("working-hours-clean").conflicts if c.id == "working-hours-only"]


def test_enrolment_window_closing_before_the_programme_starts() -> None:
    analysis = run("enrolment-too-early")
    [conflict] = [c for c in analysis.conflicts if c.id == "enrolment-window"]
    assert (conflict.first, conflict.second) == ("mothers-jobs", "daycare")
    assert "03-15" in conflict.message and "09-15" in conflict.message
    assert len(conflict.locations) == 2


def test_rolling_enrolment_is_no_conflict() -> None:
    assert not [c for c in run("enrolment-rolling").conflicts if c.id == "enrolment-window"]


def test_referral_to_a_service_refusing_the_status_and_a_document_gap() -> None:
    analysis = run("referral-and-documents")
    kinds = {(c.id, c.first, c.second) for c in analysis.conflicts}
    assert ("referral-status", "hub", "jobs") in kinds
    referral = next(c for c in analysis.conflicts if c.id == "referral-status")
    assert "asylum_seeker" in referral.message and "refugee" not in referral.message
    assert ("document-gap", "clinic", "registry") in kinds
    document = next(c for c in analysis.conflicts if c.id == "document-gap")
    assert "asylum_seeker" in document.message


def test_referrals_open_to_all_or_covered_together_are_no_conflict() -> None:
    # A welcome office for all referring to a service for refugees only is normal practice;
    # a hub's two job services together take both statuses it serves; the registry does not
    # state to whom it issues the number, so it may issue it to asylum seekers.
    assert run("referral-open-to-all").conflicts == ()
    # A partial list: the conflicts found are a lower bound, so no exact count is given.
    assert facts("referral-open-to-all")["conflicts"] == {"found": 0, "kinds": []}


# --- derived facts ----------------------------------------------------------------------------


def test_sparse_profile_gives_no_derived_negative() -> None:
    found = facts("sparse")
    assert not _negatives(found), _negatives(found)
    assert "basic_services_for_all" not in found["pathways"]
    assert "day_one_for_all" not in found["pathways"]
    assert found["transitions"] == {}
    assert found["space"] == {}
    assert "conflicts" not in found  # no hours, windows, referrals or documents to compare


def test_derived_facts_are_given_only_when_decided() -> None:
    partial = facts("turning-18-partial")
    assert "uncovered" not in partial["transitions"]
    assert "underserved_neighbourhoods" not in partial["space"]  # no neighbourhoods stated
    # Transitions decided uncovered beside an undecided one (limbo, its policy not stated)
    # make no exact count: a lower bound would pass for the count in a graded rule.
    analysis = run("limbo-policy-not-stated")
    assert analysis.transitions is not None
    assert [t.id for t in analysis.transitions if t.covered is None] == ["limbo"]
    assert any(t.covered is False for t in analysis.transitions)
    assert "uncovered" not in facts("limbo-policy-not-stated")["transitions"]
    decided = facts("transitions-decided")["transitions"]
    assert decided["uncovered"] == 8
    assert decided["covered_share"] == 0.0
    assert "turning-18" in decided["uncovered_ids"]
    assert "hard_to_reach" not in facts("working-hours-clean")["space"]


def test_derived_pathway_facts_follow_the_benchmarks() -> None:
    complete = facts("pathways-complete")["pathways"]
    assert complete["basic_services_for_all"] is False
    assert complete["day_one_for_all"] is True
    assert "gaps" not in complete  # some cells are not known: no exact count of gaps
    partial = facts("pathways-partial")["pathways"]
    assert "basic_services_for_all" not in partial
    assert partial["day_one_for_all"] is True


def test_a_planned_service_serves_no_one_and_a_multi_domain_one_serves_each() -> None:
    paths = run("planned-service").pathways
    assert paths is not None
    assert paths.cell("family_migrant", "employment").gap
    assert paths.cell("refugee", "education").providers == ("wish",)
    assert paths.cell("refugee", "health").providers == ("wish",)


def test_funding_that_ended_or_ends_within_a_year_is_named() -> None:
    from integracheck.analysis import analyse
    from integracheck.loading.profile import load_profile

    loaded = load_profile(str(Path(__file__).parent.parent / "city_profiles" / "example.yaml"))
    soon = analyse(loaded, dt.date(2026, 6, 1)).funding
    assert [(f.name, f.state, f.ends) for f in soon] == [
        ("Job Start programme for new residents", "ending", "2026-12-31")
    ]
    later = analyse(loaded, dt.date(2027, 6, 1)).funding
    assert [(f.id, f.state) for f in later] == [("job-start", "ended")]
    assert later[0].location.line > 1
