"""`integracheck interview`: the order of questions, answers written without damage, the range
as it closes, scripted answers, and a real terminal session."""

from __future__ import annotations

import datetime as dt
import difflib
import importlib.util
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pexpect
import pytest
import yaml
from conftest import EXAMPLES, ROOT

from integracheck.interview import (
    AnswerError,
    Form,
    Session,
    _probes,
    _with_value,
    _writable_alone,
    form_of,
    interview,
    interview_scripted,
    match_department,
    parse_answer,
    resolve,
    targets,
)
from integracheck.loading.errors import InputError
from integracheck.loading.profile import load_profile_text
from integracheck.loading.roundtrip import EditError, set_value

TODAY = dt.date(2026, 12, 1)
SOURCE = "Interview with the integration office, 2026-12-07"
PROFILES = sorted(EXAMPLES.glob("*.yaml"))
STARTER = ROOT / "src" / "integracheck" / "templates" / "starter-profile.yaml"
EXE = str(Path(sys.executable).with_name("integracheck"))


def _copy(tmp_path: Path, name: str = "vienna.yaml") -> Path:
    target = tmp_path / name
    shutil.copyfile(EXAMPLES / name, target)
    return target


def _session(path: Path, **options: object) -> Session:
    session = Session.open(str(path), SOURCE, today=TODAY, **options)  # type: ignore[arg-type]
    session.measured = 2  # enough to exercise the measuring; the suite stays fast
    return session


class Script:
    """A prompt that answers from a list and keeps what it was told."""

    def __init__(self, answers: list[str]) -> None:
        self.answers = list(answers)
        self.said: list[str] = []

    def say(self, text: str) -> None:
        self.said.append(text)

    def ask(self, text: str) -> str | None:
        return self.answers.pop(0) if self.answers else None


def _only_added(before: str, after: str, allowed_changed: int = 0) -> list[str]:
    """The lines `after` adds; fails when a line of `before` is gone, except a `source:` line
    turned into a list that still holds its citation, or a `key: null` answered."""
    added, removed = [], []
    for line in difflib.ndiff(before.splitlines(), after.splitlines()):
        if line.startswith("+ "):
            added.append(line[2:])
        elif line.startswith("- "):
            removed.append(line[2:])
    for line in removed:
        key, _, citation = line.strip().partition(": ")
        if citation.startswith("null"):
            # A fact written `null` (not stated) and now answered: its comment stays.
            comment = citation.partition("#")[2]
            assert any(
                a.startswith(line[: line.index(key)] + key + ": ") and a.endswith(comment)
                for a in added
            ), f"line lost: {line!r}"
            continue
        assert key == "source", f"line lost: {line!r}"
        assert any(a.strip() == f"- {citation}" for a in added), f"citation lost: {line!r}"
    assert len(removed) <= allowed_changed
    return added


# --- answers read -----------------------------------------------------------------------------


def test_answers_are_read_by_the_kind_of_the_field() -> None:
    assert parse_answer(Form("yes/no"), "Yes") is True
    assert parse_answer(Form("yes/no"), "2") is False
    status = form_of("strategy.status")
    assert status is not None and status.kind == "choice"
    assert parse_answer(status, "3") == "adopted"
    assert parse_answer(status, "in preparation") == "in_preparation"
    statuses = form_of("services[].eligible_statuses")
    assert statuses is not None and statuses.kind == "choices"
    assert parse_answer(statuses, "refugee, 1") == ["refugee", "all"]
    assert parse_answer(statuses, "none") == []
    share = form_of("city.migrant_share", "Share of residents ..., in per cent.")
    assert share is not None and share.kind == "number" and share.unit == "in per cent"
    assert parse_answer(share, "12,5") == 12.5
    assert parse_answer(Form("date"), "2026-03-01") == dt.date(2026, 3, 1)
    for form, raw in [(status, "7"), (Form("yes/no"), "maybe"), (share, "lots"), (share, "nan")]:
        with pytest.raises(AnswerError):
            parse_answer(form, raw)
    # Objects and lists of objects are asked through their own fields.
    assert form_of("services[].hours") is None
    assert form_of("city.competences") is None


def test_addresses_name_items_by_id_or_by_index() -> None:
    data = yaml.safe_load((EXAMPLES / "vienna.yaml").read_text(encoding="utf-8"))
    by_id = resolve("services[id=start-wien-modules].delivered_by", data)
    by_index = resolve("services[1].delivered_by", data)
    assert by_id is not None and by_index is not None
    assert by_id.steps == by_index.steps == ("services", 1, "delivered_by")
    assert by_index.address == "services[id=start-wien-modules].delivered_by"
    assert by_id.item.startswith("the service 'Start Wien training modules (labour, housing,")
    assert resolve("services[id=nothing].stage", data) is None
    assert match_department("human") == "Human resources"
    assert match_department("office") is None  # more than one


# --- written without damage -------------------------------------------------------------------


@pytest.mark.parametrize("profile", PROFILES, ids=[p.stem for p in PROFILES])
def test_answers_keep_every_other_line_of_every_bundled_profile(
    profile: Path, tmp_path: Path
) -> None:
    """Three answers to the first open questions of three different facts: the diff shows only
    added lines (and a `source:` turned into a list that keeps its citation); every comment
    is still there."""
    path = _copy(tmp_path, profile.name)
    original = path.read_text(encoding="utf-8")
    session = _session(path)
    written = 0
    facts: set[str] = set()
    for question in session.candidates():
        if written == 3:
            break
        if question.target.fact in facts:
            continue
        for value in _probes(question.form):
            try:
                session.answer(question, value)
            except AnswerError:
                continue
            facts.add(question.target.fact)
            written += 1
            break
    assert written == 3
    after = path.read_text(encoding="utf-8")
    assert after == session.text
    _only_added(original, after, allowed_changed=3)
    comments = [line for line in original.splitlines() if line.lstrip().startswith("#")]
    kept = after.splitlines()
    assert all(line in kept for line in comments)
    load_profile_text(after, str(path))
    # Back to the start, answer by answer: the file is again what it was, byte for byte.
    while session.back() is not None:
        pass
    assert path.read_bytes() == original.encode("utf-8")


def test_a_starter_profile_takes_its_first_answers(tmp_path: Path) -> None:
    path = tmp_path / "city.yaml"
    shutil.copyfile(STARTER, path)
    original = path.read_text(encoding="utf-8")
    session = _session(path)
    question = next(q for q in session.candidates() if q.address == "strategy.status")
    session.answer(question, "adopted")
    added = _only_added(original, path.read_text(encoding="utf-8"))
    assert added == ["strategy:", "  status: adopted", f"  source: {SOURCE}"]


def test_a_comment_that_closes_a_block_stays_before_what_follows(tmp_path: Path) -> None:
    text = (EXAMPLES / "vienna.yaml").read_text(encoding="utf-8")
    new = set_value(text, ["coordination_bodies", 0, "permanent"], False)
    lines = new.splitlines()
    at = lines.index("    permanent: false")
    assert lines[at + 1] == ""
    assert lines[at + 2].startswith("# Start Wien. Who may use it")


def test_a_folded_flow_mapping_stays_folded() -> None:
    """example.yaml folds flow mappings over two lines, which ruamel would join: they stay."""
    text = (EXAMPLES / "example.yaml").read_text(encoding="utf-8")
    new = set_value(text, ["partnerships", "co_design_note"], "x")
    assert "  civil_society_mapping: {done: true, year: 2019, kept_up_to_date: false,\n" in new
    _only_added(text, new)
    # A null with a comment, which ruamel writes without the null: the comment stays.
    new = set_value(text, ["workforce", "diversity", "target_share"], 5)
    assert "    target_share: 5              # null is the same as leaving" in new
    # Inside a folded flow mapping the answer is refused rather than the mapping rewritten.
    with pytest.raises(EditError):
        set_value(text, ["partnerships", "civil_society_mapping", "x"], True)


# --- the range ------------------------------------------------------------------------------


# Facts whose answer widens the range today: rules whose range is wrong while the fact is
# unstated (found by this test; reported to the scoring's maintainers, not hidden). Berlin:
# `stage: planned` takes OECD-04.1 from "at least 60" and THEME-7.1 from "at least 50" to
# unknown, so the lower bound falls (6.2 -> 4.4). Paris: stating `also_domains` lifts
# OECD-02.6's ceiling from 50 to 100, so the upper bound rises (99.9 -> 100); Berlin too.
# An unstated `stage` counts as running (the checklists' convention), so stating `planned`
# takes a service out of rules it counted in; tests/test_ranges_property.py marks the same.
KNOWN_WIDENING = {
    "berlin.yaml": {"services[].stage"},
}


@pytest.mark.parametrize("name", ["vienna.yaml", "berlin.yaml", "paris.yaml"])
def test_no_answer_widens_the_range(name: str, tmp_path: Path) -> None:
    """Property: for the first open questions and every answer they are measured with, the
    range after the answer lies within the range before it."""
    session = _session(_copy(tmp_path, name))
    session.write = False
    before = session.standing()
    assert before.lower is not None and before.upper is not None
    data = session.data()
    tried = 0
    widening: set[str] = set()
    for question in session.candidates()[:12]:
        for value in _probes(question.form):
            text = _with_value(data, question.target.steps, value)
            assert text is not None
            try:
                after = session.standing(text)
            except InputError:  # an answer the profile refuses
                continue
            assert after.lower is not None and after.upper is not None
            if after.lower < before.lower - 0.05 or after.upper > before.upper + 0.05:
                widening.add(question.target.fact)
            tried += 1
    assert tried >= 20
    assert widening == KNOWN_WIDENING.get(name, set())


def test_the_first_question_is_the_one_measured_to_close_the_most(tmp_path: Path) -> None:
    session = _session(_copy(tmp_path))
    session.measured = 4
    ranked = session.ranked()
    measured = [q for q in ranked if q.closing is not None]
    assert len(measured) == 4
    assert measured == ranked[:4]
    assert [q.closing for q in measured] == sorted((q.closing for q in measured), reverse=True)


def test_a_fact_is_not_asked_before_the_field_its_object_needs(tmp_path: Path) -> None:
    """`held_by` of a policy area whose `level` is not stated could not be written alone."""
    path = tmp_path / "city.yaml"
    path.write_text(
        "city:\n  name: X\n  competences:\n    housing: {level: shared}\n", encoding="utf-8"
    )
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    held_by = targets("city.competences.*.held_by", data)
    assert [t.address for t in held_by] == ["city.competences.housing.held_by"]
    assert _writable_alone(held_by[0], data)
    absent = resolve("city.competences.health.held_by", data)
    assert absent is not None and not _writable_alone(absent, data)


def test_a_department_keeps_to_its_facts(tmp_path: Path) -> None:
    session = _session(_copy(tmp_path), department="Human resources")
    found = session.candidates()
    assert found and all(q.address.startswith("workforce.") for q in found)


# --- a session, scripted --------------------------------------------------------------------


def test_not_known_skip_back_and_stop(tmp_path: Path) -> None:
    path = _copy(tmp_path)
    original = path.read_text(encoding="utf-8")
    session = _session(path)
    first = session.ranked(limit=1)[0]
    prompt = Script(["?", "1", "back", "stop"])
    outcome = interview(session, prompt, max_questions=5)
    said = "\n".join(prompt.said)
    assert first.address in said
    assert "Left unstated; not asked again in this run." in said
    assert "Undid " in said and "was " in said
    assert outcome.stopped and outcome.stated == []
    assert path.read_text(encoding="utf-8") == original
    assert first.address in session.not_known
    assert len(outcome.next_questions) == 5
    assert all(q.address != first.address for q in outcome.next_questions)


def test_a_bad_answer_is_asked_again_with_the_reason(tmp_path: Path) -> None:
    path = _copy(tmp_path)
    session = _session(path)
    prompt = Script(["maybe", "2", "stop"])
    outcome = interview(session, prompt, max_questions=1)
    said = "\n".join(prompt.said)
    assert "Not written: 'maybe'" in said
    assert len(outcome.stated) == 1
    assert outcome.after.width <= outcome.before.width


def test_scripted_answers(tmp_path: Path) -> None:
    path = _copy(tmp_path)
    session = _session(path)
    lines: list[str] = []
    outcome = interview_scripted(
        session,
        {
            "strategy.status": "adopted",
            "services[0].delivered_by": "municipal",
            "services[id=start-wien-modules].stage": "ended",  # already stated
            "representation.migrant_council.exists": None,
            "city.migrant_share": 250,
        },
        lines.append,
    )
    assert outcome.stated == [
        "strategy.status",
        "services[id=start-wien-counselling].delivered_by",
    ] or sorted(outcome.stated) == sorted(
        ["strategy.status", "services[id=start-wien-counselling].delivered_by"]
    )
    assert outcome.rejected[0][0] == "city.migrant_share"
    assert outcome.unused[0][0] == "services[id=start-wien-modules].stage"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert data["strategy"] == {"status": "adopted", "source": SOURCE}
    assert data["services"][0]["delivered_by"] == "municipal"


# --- the command ----------------------------------------------------------------------------


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [EXE, "interview", *args],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_refused_without_a_terminal(tmp_path: Path) -> None:
    path = _copy(tmp_path)
    completed = _run(str(path), "--source", SOURCE)
    assert completed.returncode == 2
    assert "--answers FILE" in completed.stderr
    assert path.read_bytes() == (EXAMPLES / "vienna.yaml").read_bytes()


def test_an_invalid_profile_is_refused_with_its_problems(tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text("city:\n  name: X\n  populaton: 3\n", encoding="utf-8")
    answers = tmp_path / "answers.yaml"
    answers.write_text("strategy.status: adopted\n", encoding="utf-8")
    completed = _run(str(path), "--answers", str(answers))
    assert completed.returncode == 2
    assert f"{path}:3:3:" in completed.stderr
    assert "populaton" in path.read_text(encoding="utf-8")


def test_the_command_takes_answers_from_a_file(tmp_path: Path) -> None:
    path = _copy(tmp_path)
    answers = tmp_path / "answers.yaml"
    answers.write_text(
        "strategy.status: adopted\nservices[id=start-wien-counselling].delivered_by: municipal\n",
        encoding="utf-8",
    )
    completed = _run(str(path), "--answers", str(answers), "--source", SOURCE)
    assert completed.returncode == 0, completed.stderr
    assert completed.stderr == ""
    assert "Range before: between " in completed.stdout
    assert "Facts stated (2)" in completed.stdout
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert data["strategy"]["status"] == "adopted"


def test_answers_not_written_are_reported_at_their_line(tmp_path: Path) -> None:
    path = _copy(tmp_path)
    answers = tmp_path / "answers.yaml"
    answers.write_text(
        "# collected by the statistics office\n"
        "strategy.status: adopted\n"
        "city.migrant_share: 250\n"
        "services[id=start-wien-modules].stage: ended\n",
        encoding="utf-8",
    )
    completed = _run(str(path), "--answers", str(answers))
    assert completed.returncode == 2
    assert f"{answers}:3:1: city.migrant_share: " in completed.stderr
    assert f"{answers}:4:1: services[id=start-wien-modules].stage: not a fact" in completed.stderr
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert data["strategy"] == {"status": "adopted", "source": "answers file answers.yaml"}


@pytest.mark.skipif(not hasattr(os, "openpty"), reason="needs a pseudo-terminal")
def test_a_session_on_a_real_terminal(tmp_path: Path) -> None:
    """Not known, an answer, back, an answer, stop: the file checked after each step."""
    path = _copy(tmp_path)
    original = path.read_text(encoding="utf-8")
    env = {**os.environ, "COLUMNS": "120", "NO_COLOR": "1"}
    child = pexpect.spawn(
        EXE,
        ["interview", str(path), "--max", "4"],
        cwd=str(tmp_path),
        env=env,
        encoding="utf-8",
        timeout=90,
    )
    try:
        child.expect_exact("Where do these answers come from?")
        child.sendline(SOURCE)
        child.expect_exact("Question 1")
        child.expect(r"\((\S+)\)")
        first = child.match.group(1)
        child.expect_exact("Answer (")
        child.sendline("?")
        child.expect_exact("Left unstated")
        assert path.read_text(encoding="utf-8") == original
        child.expect_exact("Question 2")
        child.expect(r"\((\S+)\)")
        second = child.match.group(1)
        assert second != first
        child.expect_exact("Answer (")
        child.sendline("1")
        child.expect_exact("Written to")
        child.expect(r"Now (between \d+ and \d+|\d+) on \d+% of the evidence; was [\d-]+\.")
        answered = path.read_text(encoding="utf-8")
        assert _only_added(original, answered, allowed_changed=1)
        load_profile_text(answered, str(path))
        child.expect_exact("Answer (")
        child.sendline("back")
        child.expect_exact(f"Undid {second}")
        assert path.read_text(encoding="utf-8") == original
        child.expect_exact(f"({second})")
        child.expect_exact("Answer (")
        child.sendline("stop")
        child.expect_exact("Range before:")
        child.expect_exact("Next questions for another time:")
        child.expect(pexpect.EOF)
    finally:
        child.close()
    assert child.exitstatus == 0
    assert path.read_text(encoding="utf-8") == original


# --- lists extended ---------------------------------------------------------------------------


def test_a_starter_profile_gets_its_first_items(tmp_path: Path) -> None:
    path = tmp_path / "city.yaml"
    shutil.copyfile(STARTER, path)
    original = path.read_text(encoding="utf-8")
    session = _session(path)
    question = next(q for q in session.candidates() if q.address == "services[+]")
    assert question.form.fields[:2] == ("name", "domain")
    session.answer(question, {"name": "Job Start programme", "domain": "employment"})
    session.answer(question, {"name": "Job Start programme", "domain": "language"})
    added = _only_added(original, path.read_text(encoding="utf-8"))
    assert added == [
        "services:",
        "  - id: job-start-programme",
        "    name: Job Start programme",
        "    domain: employment",
        f"    source: {SOURCE}",
        "  - id: job-start-programme-2",
        "    name: Job Start programme",
        "    domain: language",
        f"    source: {SOURCE}",
    ]
    # The new items' own facts are asked next, each for its item.
    addresses = {q.address for q in session.candidates()}
    assert "services[id=job-start-programme].stage" in addresses


def test_items_are_added_through_the_prompt_and_from_a_file(tmp_path: Path) -> None:
    path = tmp_path / "city.yaml"
    shutil.copyfile(STARTER, path)
    session = _session(path)
    session.department = "Front offices (welcome desks, registration, websites)"
    prompt = Script(["yes", "Welcome office", "9", "welcome_office", "no", "stop"])
    outcome = interview(session, prompt, max_questions=2)
    assert outcome.stated == ["entry_points[id=welcome-office]"]
    assert "not one of the choices" in "\n".join(prompt.said)
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    office = {"id": "welcome-office", "name": "Welcome office", "kind": "welcome_office"}
    assert data["entry_points"] == [{**office, "source": SOURCE}]
    lines: list[str] = []
    scripted = interview_scripted(
        _session(path),
        {"services[+]": [{"name": "Language course", "domain": "language"}, {"id": "x"}]},
        lines.append,
    )
    assert scripted.stated == ["services[id=language-course]"]
    assert scripted.rejected and "at least a name" in scripted.rejected[0][1]


def test_ten_answers_close_more_than_gathers_first_ten_facts() -> None:
    """The issue's measure (bench/interview_closing.py): on Vienna, ten answers in the
    interview's order close at least as much of the range as the first ten facts `gather`
    lists, each answered with the value the other bundled profiles state most often."""
    bench = ROOT / "bench" / "interview_closing.py"
    spec = importlib.util.spec_from_file_location("closing", bench)
    assert spec is not None and spec.loader is not None
    closing = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(closing)
    profile = str(EXAMPLES / "vienna.yaml")
    width = closing._session(profile).standing().width
    asked, _ = closing.adaptive(profile, 10)
    listed, _ = closing.gather_order(profile, 10, only_answered=False)
    assert len(asked.stated) == 10
    assert width - asked.standing().width >= width - listed.standing().width
