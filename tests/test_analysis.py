"""Time-and-space analyses on fixture profiles: each finding, and a clean counterpart."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from integracheck.analysis import analyse, derived_facts
from integracheck.loading.profile import load_profile
from integracheck.models.analysis import Analysis

FIXTURES = Path(__file__).parent / "data" / "analysis"


def run(name: str) -> Analysis:
    return analyse(load_profile(str(FIXTURES / f"{name}.yaml")))


def transition(analysis: Analysis, transition_id: str) -> object:
    assert analysis.transitions is not None
    return next(t for t in analysis.transitions if t.id == transition_id)


def test_turning_18_without_support_is_named_with_its_missing_needs() -> None:
    found = transition(run("turning-18-uncovered"), "turning-18")
    assert not found.covered  # type: ignore[attr-defined]
    missing = [n.label for n in found.needs if not n.met]  # type: ignore[attr-defined]
    # The child services' social worker is there; what ends at 18 is everything else.
    assert missing == ["housing", "education or training", "legal advice"]


def test_turning_18_covered() -> None:
    found = transition(run("turning-18-covered"), "turning-18")
    assert found.covered  # type: ignore[attr-defined]
    by_need = {n.label: n.providers for n in found.needs}  # type: ignore[attr-defined]
    assert by_need["housing"] == ("after-care",)


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


def test_high_share_neighbourhood_without_services_or_spaces() -> None:
    space = run("neighbourhood-unserved").space
    assert [n.name for n in space.underserved] == ["Hillside"]
    assert space.underserved[0].lacks == ("services", "shared public spaces")
    assert space.underserved[0].location.line == 15
    assert [r.id for r in space.hard_to_reach] == ["far-desk"]
    assert [c.language for c in space.languages if not c.covered] == ["Urdu"]


def test_served_neighbourhood_and_covered_languages_report_nothing() -> None:
    space = run("neighbourhood-served").space
    assert space.underserved == ()
    assert space.hard_to_reach == ()
    assert all(c.covered for c in space.languages)


def test_referral_to_a_service_refusing_the_status_and_a_document_gap() -> None:
    analysis = run("referral-and-documents")
    kinds = {(c.id, c.first, c.second) for c in analysis.conflicts}
    assert ("referral-status", "hub", "jobs") in kinds
    assert ("document-gap", "clinic", "registry") in kinds
    document = next(c for c in analysis.conflicts if c.id == "document-gap")
    assert "asylum_seeker" in document.message


def test_pathway_matrix_cells_and_benchmarks() -> None:
    analysis = run("neighbourhood-unserved")
    paths = analysis.pathways
    assert paths is not None
    assert len(paths.cells) == len(paths.statuses) * len(paths.domains)
    assert paths.cell("irregular_migrant", "information").providers == ("centre-advice",)
    assert paths.cell("refugee", "housing").gap
    benchmarks = {b.id: b for b in paths.benchmarks}
    assert benchmarks["day-one"].met  # an advice centre open to all
    assert not benchmarks["basic-services"].met
    assert set(paths.unknown_eligibility) == {"desk", "far-desk"}


def test_derived_facts_are_not_stated_when_their_inputs_are_not() -> None:
    loaded = load_profile(str(FIXTURES / "turning-18-uncovered.yaml"))
    facts = derived_facts(analyse(loaded), loaded.profile, dt.date(2026, 1, 1))
    assert "underserved_neighbourhoods" not in facts["space"]  # no neighbourhoods stated
    assert facts["transitions"]["uncovered"] >= 1
    assert "conflicts" not in facts  # no hours, windows, referrals or documents to compare
    clean = load_profile(str(FIXTURES / "working-hours-clean.yaml"))
    checked = derived_facts(analyse(clean), clean.profile, dt.date(2026, 1, 1))
    assert checked["conflicts"] == {"count": 0, "kinds": []}
    assert "hard_to_reach" not in checked["space"]  # no entry point states where it is
