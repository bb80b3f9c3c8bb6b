"""How much of the overall range ten answers close: `interview`'s adaptive order against the
first facts `gather` lists.

    python bench/interview_closing.py [city_profiles/vienna.yaml] [--answers 10]

Answers are decided without asking anyone: each fact takes the value the other bundled
profiles state most often for it (over all their items, for a fact of each list item; the
first met on a tie). A fact no other profile states has no answer and is left unstated: it
does not count as answered, in either order. Nothing is written to the profile.

- interview: ask as `interview` does (re-ranked after every answer), until ten answers are
  written; and the same ranked by the report's `points` alone, without measuring answers.
- gather (first ten): the first ten facts in `gather`'s order, each answered at every place it
  is asked (every listed item); facts with no answer stay unstated.
- gather (first ten answered): gather's facts in order until ten have been answered.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
from pathlib import Path

from integracheck.interview import (
    LISTS,
    AnswerError,
    Session,
    bundled_folder,
    form_of,
    item_form,
    most_common,
    scripted_value,
    targets,
)
from integracheck.questionnaire import by_department, questions
from integracheck.render.labels import field_label

TODAY = dt.date(2026, 12, 1)


def _session(profile: str) -> Session:
    session = Session.open(profile, "bench", today=TODAY, examples=None)
    session.write = False
    return session


def _oracle(fact: str, profile: str) -> object:
    if fact in LISTS:
        # An item to add: each field it is described by takes its most common value.
        item = {
            name: most_common(f"{fact}[].{name}", bundled_folder(), os.path.realpath(profile))
            for name in item_form(fact).fields
        }
        return item if all(v is not None for v in item.values()) else None
    return most_common(fact, bundled_folder(), os.path.realpath(profile))


def adaptive(profile: str, answers: int, measured: int = 6) -> tuple[Session, list[str]]:
    session = _session(profile)
    session.measured = measured
    log = []
    while len(session.stated) < answers:
        ranked = session.ranked(limit=1)
        if not ranked:
            break
        question = ranked[0]
        value = _oracle(question.target.fact, profile)
        try:
            if value is None:
                raise AnswerError("no bundled value")
            session.answer(question, scripted_value(question.form, value))
            log.append(f"{question.address} = {value!r}")
        except AnswerError:
            session.not_known.add(question.address)
    return session, log


def gather_order(profile: str, answers: int, *, only_answered: bool) -> tuple[Session, list[str]]:
    session = _session(profile)
    listed = [q.path for _, group in by_department(questions(session.report())) for q in group]
    log = []
    taken = 0
    for fact in listed:
        if taken >= answers:
            break
        value = _oracle(fact, profile)
        form = item_form(fact) if fact in LISTS else form_of(fact, field_label(fact))
        written = 0
        if value is not None and form is not None:
            found = [] if fact in LISTS else targets(fact, session.data())
            for target in found or [None]:
                address = f"{fact}[+]" if target is None else target.address
                question = next((q for q in session.candidates() if q.address == address), None)
                if question is None:
                    continue
                try:
                    session.answer(question, scripted_value(form, value))
                    written += 1
                except AnswerError:
                    pass
        if written or not only_answered:
            taken += 1
            log.append(f"{fact} = {value!r}" + ("" if written else " (no answer)"))
    return session, log


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("profile", nargs="?", default="city_profiles/vienna.yaml")
    parser.add_argument("--answers", type=int, default=10)
    args = parser.parse_args()
    start = _session(args.profile).standing()
    print(f"{Path(args.profile).name}: {start.text()} (width {start.width:.1f})")
    runs = {
        "interview": adaptive(args.profile, args.answers),
        "interview, ranked by points alone (no measuring)": adaptive(
            args.profile, args.answers, measured=0
        ),
        "gather (first ten)": gather_order(args.profile, args.answers, only_answered=False),
        "gather (first ten answered)": gather_order(args.profile, args.answers, only_answered=True),
    }
    for name, (session, log) in runs.items():
        after = session.standing()
        print(
            f"\n{name}: {after.text()}; closed {start.width - after.width:.1f} points "
            f"with {len(session.stated)} values written"
        )
        for line in log:
            print(f"  {line}")


if __name__ == "__main__":
    main()
