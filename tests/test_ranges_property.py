"""The range invariants of DESIGN section 5, as properties over mutated profiles.

Each case starts from a bundled profile (or the example), changes it at random (values
changed, list items added, facts removed), then removes stated facts one to three at a time:
a mapping key anywhere (but `city.name`, which a profile needs, `evidence`, which says what the
lists are rather than what the city has, and `waivers`, decisions rather than facts), or an
item of a list given as partial evidence. Every profile assessed must keep its evidence-based
scores within their bounds, with strict mode at the lower bound; every removal must widen each
rule's range and each score's bounds, never narrow them: stating a true fact can never cost a
city its guaranteed score.

Seeded, so a failure is found again. `INTEGRACHECK_PROPERTY_CASES` sets the number of cases per
shard, `INTEGRACHECK_SINGLE_STRIDE` which single removals are tried (every n-th),
`INTEGRACHECK_PARTIAL_SWEEP` how many items the partial-list sweep adds per list (`all`): the
defaults keep the suite fast; `make property` runs them all, larger.
"""

from __future__ import annotations

import copy
import datetime as dt
import functools
import json
import os
import random
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml

from integracheck.api import checklists, evaluate_loaded
from integracheck.loading.errors import InputError
from integracheck.loading.profile import load_profile_text
from integracheck.models.report import Report, RuleResult
from integracheck.models.vocabulary import EVIDENCE_LISTS, INVENTORIES, inventory_of
from integracheck.scoring import build_report

PROFILES = sorted((Path(__file__).resolve().parent.parent / "city_profiles").glob("*.yaml"))
TODAY = dt.date(2026, 12, 7)
SHARDS = 8
# Each case assesses a changed profile and, after each of its two to four removals, a smaller
# one: about 3.5 mutated profiles a case. The suite's default (40 a shard, about 1,100
# profiles) keeps it within its time; `make property` runs 400 a shard (over 11,000), and
# INTEGRACHECK_PROPERTY_CASES=75 the 2,000 the ranges issue names.
CASES = int(os.environ.get("INTEGRACHECK_PROPERTY_CASES", "40"))
EPSILON = 1e-9

Path_ = tuple[str | int, ...]


def _pattern(path: Path_) -> str:
    """A concrete path as the list paths of EVIDENCE_LISTS write it: `services[].offers`."""
    out = ""
    for step in path:
        if isinstance(step, int):
            out += "[]"
        else:
            out += f".{step}" if out else step
    return out


def _partial_lists(data: dict[str, Any]) -> frozenset[str]:
    """The lists this profile gives as partial evidence."""
    evidence = data.get("evidence") or {}
    if evidence.get("inventories") == "complete":
        return frozenset()
    complete = set(evidence.get("complete_lists") or [])
    return frozenset(name for name in EVIDENCE_LISTS if inventory_of(name) not in complete)


def _walk(node: Any, path: Path_ = ()) -> Iterator[tuple[Path_, Any]]:
    yield path, node
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _walk(value, (*path, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _walk(value, (*path, index))


# A service's `stage`: rules read an unstated stage as a service that serves people (`stage !=
# 'planned'` holds for null), so removing `stage: planned` can raise a rule. Left out of the
# sweep until the reading of an unstated stage is decided; the test marked xfail below keeps
# the gap in view.
def _is_stage(path: Path_) -> bool:
    return len(path) == 3 and path[0] == "services" and path[2] == "stage"


# A list inside an item of a complete inventory (a service's offers, in the example): many
# thematic rules ask only that *some* listed service state its offers (`services[?offers !=
# null] | [0]`), so unstating one service's offers can narrow THEME-8.2 and THEME-7.3 on the
# example. Left out of the sweep like the stage, with an xfail below.
def _unstates_an_items_list(data: dict[str, Any], path: Path_) -> bool:
    if len(path) < 3 or isinstance(path[-1], int) or not isinstance(path[-2], int):
        return False
    pattern = _pattern(path)
    return "[]" in pattern and pattern in EVIDENCE_LISTS and pattern not in _partial_lists(data)


def removable(data: dict[str, Any], stage: bool = False, items_lists: bool = False) -> list[Path_]:
    """Every stated fact whose removal leaves less known: a mapping key, or an item of a list
    given as partial evidence (a service's stage, and a list of a complete inventory's item,
    only when asked for)."""
    partial = _partial_lists(data)
    out: list[Path_] = []
    for path, _ in _walk(data):
        if not path or path[0] in ("evidence", "waivers") or path == ("city", "name"):
            continue
        if _is_stage(path) and not stage:
            continue
        if not items_lists and _unstates_an_items_list(data, path):
            continue
        if isinstance(path[-1], int):
            if _pattern(path[:-1]) in partial:
                out.append(path)
        else:
            out.append(path)
    return out


def _parent(data: Any, path: Path_) -> Any:
    node = data
    for step in path[:-1]:
        node = node[step]
    return node


def remove(data: dict[str, Any], path: Path_) -> dict[str, Any]:
    smaller = copy.deepcopy(data)
    del _parent(smaller, path)[path[-1]]
    return smaller


@dataclass
class Pool:
    """Values seen at each path pattern in the bundled profiles: what a change or an added
    item may take, so that mutated profiles stay mostly valid."""

    scalars: dict[str, list[Any]]
    items: dict[str, list[Any]]


def _pool(profiles: list[dict[str, Any]]) -> Pool:
    scalars: dict[str, list[Any]] = {}
    items: dict[str, list[Any]] = {}
    for data in profiles:
        for path, value in _walk(data):
            if not path or path[0] in ("evidence", "waivers"):
                continue
            if isinstance(path[-1], int):
                found = items.setdefault(_pattern(path[:-1]), [])
                if value not in found:
                    found.append(value)
            elif isinstance(value, (bool, int, float, str)):
                found = scalars.setdefault(_pattern(path), [])
                if value not in found:
                    found.append(value)
    return Pool(scalars, items)


def change(data: dict[str, Any], pool: Pool, rng: random.Random) -> dict[str, Any]:
    """One random change: a value changed (a flag flipped, a number moved, a word swapped for
    one seen at the same place), or an item added to a list (one seen in the same list)."""
    changed = copy.deepcopy(data)
    spots = [
        (path, value)
        for path, value in _walk(changed)
        if path and path[0] not in ("evidence", "waivers") and path != ("city", "name")
    ]
    rng.shuffle(spots)
    for path, value in spots:
        if isinstance(value, list):
            candidates = [x for x in pool.items.get(_pattern(path), []) if x not in value]
            if candidates:
                value.append(copy.deepcopy(rng.choice(candidates)))
                return changed
        elif isinstance(value, bool):
            _parent(changed, path)[path[-1]] = not value
            return changed
        elif isinstance(value, (int, float)):
            _parent(changed, path)[path[-1]] = type(value)(value * rng.choice((0, 0.5, 2)))
            return changed
        elif isinstance(value, str):
            candidates = [x for x in pool.scalars.get(_pattern(path), []) if x != value]
            if candidates:
                _parent(changed, path)[path[-1]] = rng.choice(candidates)
                return changed
    return changed


CHECKLISTS = checklists()


_BUNDLED: dict[int, Report] = {}


def assess(data: dict[str, Any], strict: bool = False) -> Report | None:
    """The report on a profile, through the library; None when the mutation made it invalid.
    A bundled profile, unchanged, is assessed once."""
    if not strict and id(data) in _BUNDLED:
        return _BUNDLED[id(data)]
    try:
        loaded = load_profile_text(json.dumps(data, default=str), "mutated.yaml")
    except InputError:
        return None
    analysis, evaluation = evaluate_loaded(CHECKLISTS, loaded, today=TODAY, strict=strict)
    return build_report(
        profile_file="mutated.yaml",
        city="",
        country="",
        city_type="",
        checklists=CHECKLISTS,
        evaluation=evaluation,
        tool_version="0",
        analysis=analysis,
    )


def _scores(report: Report) -> dict[str, tuple[float | None, float | None, float | None]]:
    """(lower, score, upper) of the overall score, each checklist and each group."""
    out = {"overall": (report.lower, report.score, report.upper)}
    for checklist in report.checklists:
        out[checklist.id] = (checklist.lower, checklist.score, checklist.upper)
    for group in report.groups:
        out[f"{group.checklist_id}/{group.id}"] = (group.lower, group.score, group.upper)
    return out


def check_bounds(report: Report, strict: Report | None, where: str) -> list[str]:
    """Evidence-based scores within the bounds; strict mode at the lower bound; a rule that
    rests on nothing unstated has one level."""
    problems = []
    scores = _scores(report)
    for part, (lower, score, upper) in scores.items():
        if lower is None or upper is None:
            if not (lower is None and upper is None):
                problems.append(f"{where}: {part} has one bound only ({lower}, {upper})")
            continue
        if score is not None and not lower - EPSILON <= score <= upper + EPSILON:
            problems.append(f"{where}: {part} score {score} outside [{lower}, {upper}]")
    if strict is not None:
        for part, (_, strict_score, _) in _scores(strict).items():
            if strict_score != scores[part][0]:
                problems.append(
                    f"{where}: {part} strict score {strict_score} != lower bound {scores[part][0]}"
                )
    for result in report.results:
        if (
            result.applicable
            and result.status != "error"  # nothing is known of a rule that could not run
            and not result.not_stated
            and not result.partial_lists
            and result.floor != result.ceiling
        ):
            problems.append(
                f"{where}: {result.rule_id} rests on nothing unstated yet spans "
                f"{result.floor}-{result.ceiling} ({result.status})"
            )
    return problems


def _span(result: RuleResult) -> tuple[int, int, bool] | None:
    return (result.floor, result.ceiling, result.may_not_apply) if result.applicable else None


def check_widened(before: Report, after: Report, where: str) -> list[str]:
    """After a removal: every rule's range and every score's bounds at least as wide."""
    problems = []
    earlier = {r.rule_id: r for r in before.results}
    for result in after.results:
        first = earlier[result.rule_id]
        if "waived" in (first.status, result.status):
            continue
        was, now = _span(first), _span(result)
        if was is None and now is None:
            continue
        if was is None:
            # A rule that did not apply may come to apply only as one that may not.
            if now is not None and not now[2]:
                problems.append(f"{where}: {result.rule_id} became applicable ({result.status})")
        elif now is None:
            problems.append(f"{where}: {result.rule_id} stopped applying ({first.status})")
        elif now[0] > was[0] or now[1] < was[1] or (was[2] and not now[2]):
            problems.append(
                f"{where}: {result.rule_id} {first.status} {was} -> {result.status} {now}"
            )
    then = _scores(before)
    for part, (lower, _, upper) in _scores(after).items():
        lower_was, _, upper_was = then.get(part, (None, None, None))
        if lower_was is None or upper_was is None:
            continue
        if lower is None or upper is None:
            problems.append(f"{where}: {part} lost its bounds")
        elif lower > lower_was + EPSILON or upper < upper_was - EPSILON:
            problems.append(f"{where}: {part} [{lower_was}, {upper_was}] -> [{lower}, {upper}]")
    return problems


@functools.cache
def _bundled() -> tuple[tuple[str, dict[str, Any]], ...]:
    return tuple((p.stem, yaml.safe_load(p.read_text(encoding="utf-8"))) for p in PROFILES)


def _profiles() -> list[tuple[str, dict[str, Any]]]:
    """The bundled profiles, each held once for the process (mutations copy them), with its
    report remembered."""
    profiles = list(_bundled())
    for _, data in profiles:
        if id(data) not in _BUNDLED:
            report = assess(data)
            assert report is not None
            _BUNDLED[id(data)] = report
    return profiles


def _order(path: Path_) -> list[tuple[int, int, str]]:
    return [(0, s, "") if isinstance(s, int) else (1, 0, s) for s in path]


@dataclass
class Tally:
    profiles: int = 0


def run_case(
    name: str, data: dict[str, Any], pool: Pool, rng: random.Random, tally: Tally
) -> list[str]:
    """One case: changes, then removals one at a time, each profile checked on its own and
    each removal against the profile before it."""
    base = data
    for _ in range(rng.choice((0, 0, 1, 2, 3))):
        base = change(base, pool, rng)
    for _ in range(rng.choice((0, 0, 1, 2))):
        paths = removable(base)
        if paths:
            base = remove(base, rng.choice(paths))
    report = assess(base)
    if report is None:
        base, report = data, assess(data)
        assert report is not None, name
    tally.profiles += base is not data
    problems = check_bounds(report, None, f"{name}+changes")
    for step in range(rng.choice((2, 3, 4))):
        paths = removable(base)
        if not paths:
            break
        # A removal that leaves the profile invalid (an item's id, a referral's target) is
        # drawn again; several facts go at once now and then: the invariant holds for any
        # removal.
        for _ in range(4):
            chosen = rng.sample(paths, k=min(len(paths), rng.choice((1, 1, 1, 2, 4))))
            smaller = base
            # The later items of a list first, so that the earlier ones keep their index.
            for path in sorted(chosen, key=_order, reverse=True):
                try:
                    smaller = remove(smaller, path)
                except (KeyError, IndexError, TypeError):
                    continue  # an earlier removal took it with its parent
            after = assess(smaller)
            if after is not None:
                break
        else:
            continue
        tally.profiles += 1
        where = f"{name}+changes-{'+'.join('.'.join(map(str, p)) for p in chosen)} (step {step})"
        # Strict mode on every third profile: a second assessment each would double the time.
        strict = assess(smaller, strict=True) if tally.profiles % 10 == 0 else None
        problems += check_bounds(after, strict, where)
        problems += check_widened(report, after, where)
        base, report = smaller, after
    return problems


@pytest.mark.parametrize("shard", range(SHARDS))
def test_removing_a_stated_fact_only_widens_ranges(shard: int) -> None:
    profiles = _profiles()
    pool = _pool([data for _, data in profiles])
    rng = random.Random(19_000 + shard)
    tally = Tally()
    problems: list[str] = []
    for _ in range(CASES):
        name, data = rng.choice(profiles)
        problems += run_case(name, data, pool, rng, tally)
    # The sweep must keep its size (a mutation that always made profiles invalid would pass):
    # about 3.5 mutated profiles a case, and never fewer than 3 on average in a shard.
    assert tally.profiles >= CASES * 3, tally.profiles
    assert not problems, "\n".join(problems[:40])


def test_every_single_removal_from_the_bundled_profiles_only_widens_ranges() -> None:
    """Each stated fact of each bundled profile, removed on its own (the issue's done-when)."""
    problems: list[str] = []
    for name, data in _profiles():
        report = assess(data)
        assert report is not None, name
        for path in removable(data)[:: int(os.environ.get("INTEGRACHECK_SINGLE_STRIDE", "12"))]:
            after = assess(remove(data, path))
            if after is not None:
                problems += check_widened(report, after, f"{name}-{'.'.join(map(str, path))}")
    assert not problems, "\n".join(problems[:40])


# --- partial lists are partial everywhere (issue 19, item 9) ------------------------------------
def test_the_evidence_lists_are_the_profile_models_lists() -> None:
    """EVIDENCE_LISTS names every list of the profile model that is evidence of the city: none
    forgotten (it would be read as complete under partial evidence), none that is not a list."""
    import types
    import typing

    from pydantic import BaseModel

    from integracheck.models.profile import Profile
    from integracheck.models.vocabulary import EVIDENCE_LISTS

    def kinds(annotation: object) -> list[object]:
        origin = typing.get_origin(annotation)
        if origin in (typing.Union, types.UnionType):
            return [k for arg in typing.get_args(annotation) for k in kinds(arg)]
        if origin is typing.Annotated:
            return kinds(typing.get_args(annotation)[0])
        return [annotation]

    found: set[str] = set()

    def walk(model: type[BaseModel], prefix: str) -> None:
        for name, field in model.model_fields.items():
            path = f"{prefix}.{name}" if prefix else name
            for kind in kinds(field.annotation):
                if typing.get_origin(kind) is list:
                    found.add(path)
                    for item in kinds(typing.get_args(kind)[0]):
                        if isinstance(item, type) and issubclass(item, BaseModel):
                            walk(item, path + "[]")
                elif isinstance(kind, type) and issubclass(kind, BaseModel):
                    walk(kind, path)

    walk(Profile, "")
    # Citations, waivers and the evidence declaration itself say nothing of the city.
    evidence = {
        path
        for path in found
        if not path.endswith("source")
        and not path.startswith(("waivers", "evidence."))
        and path != "source"
    }
    assert set(EVIDENCE_LISTS) == evidence


EXAMPLE = next(p for p in PROFILES if p.stem == "example")
# Values tried per list by default: enough for every kind of item in the short vocabularies;
# `INTEGRACHECK_PARTIAL_SWEEP=all` tries every value seen in the bundled profiles.
SWEEP = os.environ.get("INTEGRACHECK_PARTIAL_SWEEP", "10")


def _declared_partial(data: dict[str, Any], evidence_list: str) -> dict[str, Any]:
    """The profile with this list given as partial evidence and, as far as `evidence` can
    say so, every other inventory complete."""
    declared = copy.deepcopy(data)
    inventory = inventory_of(evidence_list)
    declared["evidence"] = {
        "inventories": "partial",
        "complete_lists": [name for name in INVENTORIES if name != inventory],
        "fictional": True,
    }
    return declared


def _instances(data: Any, pattern: str) -> list[Any]:
    """The lists at a pattern (`services[].offers`: the offers of every service listed)."""
    return [
        value
        for path, value in _walk(data)
        if path
        and isinstance(path[-1], str)
        and isinstance(value, list)
        and _pattern(path) == pattern
    ]


@pytest.mark.parametrize("evidence_list", EVIDENCE_LISTS)
def test_no_fail_on_the_example_rests_on_an_item_absent_from_a_partial_list(
    evidence_list: str,
) -> None:
    """Each list of the example given as partial evidence: no rule that fails may stop failing
    when an item, taken from the same list in any bundled profile, is added to it."""
    example = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))
    declared = _declared_partial(example, evidence_list)
    if not _instances(declared, evidence_list):
        pytest.skip(f"the example states no {evidence_list}")
    report = assess(declared)
    assert report is not None
    failing = {r.rule_id for r in report.results if r.status == "fail"}
    pool = _pool([data for _, data in _profiles()])
    candidates = pool.items.get(evidence_list, [])
    if SWEEP != "all":
        candidates = random.Random(evidence_list).sample(
            candidates, k=min(len(candidates), int(SWEEP))
        )
    problems = []
    assessed = 0
    for candidate in candidates:
        added = copy.deepcopy(declared)
        for listed in _instances(added, evidence_list):
            if candidate not in listed:
                item = copy.deepcopy(candidate)
                if isinstance(item, dict) and "id" in item:
                    item["id"] = f"added-{item['id']}"
                    for reference in ("refers_to", "depends_on", "builds_capacity_of"):
                        item.pop(reference, None)
                listed.append(item)
        after = assess(added)
        if after is None:
            continue
        assessed += 1
        for result in after.results:
            if result.rule_id in failing and result.status != "fail":
                problems.append(
                    f"{result.rule_id} fails on the example with {evidence_list} partial, and "
                    f"is {result.status} with {json.dumps(candidate, default=str)[:80]} added"
                )
    assert assessed or not candidates, "no added item gave a valid profile"
    assert not problems, "\n".join(problems[:30])


@pytest.mark.xfail(
    strict=True,
    reason="an unstated stage reads as a service in operation (`stage != 'planned'` holds for "
    "null): removing `stage: planned` raises OECD-05.12 (Gdansk), MPI-G.1 (Milan), OECD-04.15 "
    "(Vienna); the reading of an unstated stage is not decided yet",
)
def test_removing_a_services_stage_only_widens_ranges() -> None:
    problems: list[str] = []
    for name, data in _profiles():
        report = assess(data)
        assert report is not None, name
        for path in removable(data, stage=True):
            if _is_stage(path):
                after = assess(remove(data, path))
                if after is not None:
                    problems += check_widened(report, after, f"{name}-{'.'.join(map(str, path))}")
    assert not problems, "\n".join(problems[:40])


@pytest.mark.xfail(
    strict=True,
    reason="thematic rules ask only that some listed service state its offers (`services[?offers "
    "!= null] | [0]`): on the complete example, unstating one service's offers narrows THEME-8.2 "
    "(services.2.offers) and THEME-7.3 (services.6.offers)",
)
def test_unstating_a_list_of_a_complete_inventorys_item_only_widens_ranges() -> None:
    problems: list[str] = []
    name, data = next((n, d) for n, d in _profiles() if n == "example")
    report = assess(data)
    assert report is not None
    for path in removable(data, items_lists=True):
        if _unstates_an_items_list(data, path) and path[0] == "services":
            after = assess(remove(data, path))
            if after is not None:
                problems += check_widened(report, after, f"{name}-{'.'.join(map(str, path))}")
    assert not problems, "\n".join(problems[:40])
