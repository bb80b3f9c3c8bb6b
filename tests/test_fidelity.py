"""Faithful to the evidence: every profile field is read, every rule reads only real fields,
no example text is cut, and each bundled city reaches the level its sources credit it with."""

from __future__ import annotations

import datetime as dt
import re
import types
import typing
from functools import cache
from pathlib import Path

import pytest
import yaml
from pydantic import BaseModel

from integracheck.api import assess
from integracheck.loading.checklist import load_builtins
from integracheck.loading.expressions import fields_read
from integracheck.models.profile import Profile
from integracheck.models.report import Report
from integracheck.models.vocabulary import Domain

ROOT = Path(__file__).resolve().parent.parent
SRC = ROOT / "src" / "integracheck"
CHECKLISTS = SRC / "checklists"
AS_OF = dt.date(2026, 6, 1)

# Fields that describe a thing rather than judge it: names, ids, citations, free text and the
# years that date a fact. No rule needs to read them.
DESCRIPTIVE = {
    "city.name",
    "city.country",
    "city.region",
    "city.population",
    "evidence.as_of",
    "strategy.title",
    "strategy.year",
    "coordination_bodies[].id",
    "coordination_bodies[].name",
    "coordination_bodies[].since",
    "leadership.commissioner.since",
    "leadership.mayor_vision.statement",
    "services[].id",
    "services[].name",
    "services[].since",
    "services[].evaluation.last_year",
    "services[].issues_documents[].to_statuses",
    "entry_points[].id",
    "entry_points[].name",
    "entry_points[].since",
    "entry_points[].partners[].name",
    "entry_points[].issues_documents[].to_statuses",
    "partnerships.civil_society_mapping.year",
    "partnerships.inter_municipal_cluster.municipalities",
    "workforce.knowledge_pools[].name",
    "representation.neighbourhood_assemblies.neighbourhoods",
    "space.shared_spaces[].name",
    "space.bottom_up.examples",
    # A single funding amount judges nothing: the seeds give amounts by year (Berlin's guides,
    # Amsterdam's budget), whose change a rule could read only with amounts per year.
    "services[].funding.amount_eur",
}

# Fields read in Python by the engine or an analysis rather than by a rule's expression:
# each with the module that reads it (the test checks the module names the field).
READ_IN_CODE = {
    "city.migrant_share": "analysis/space.py",
    "city.main_languages": "analysis/space.py",
    "evidence.inventories": "models/profile.py",
    "evidence.complete_lists": "models/profile.py",
    "evidence.fictional": "api.py",
    "services[].central": "analysis/space.py",
    "services[].hours[].days": "analysis/conflicts.py",
    "services[].hours[].start": "analysis/conflicts.py",
    "services[].hours[].end": "analysis/conflicts.py",
    "entry_points[].hours[].days": "analysis/conflicts.py",
    "entry_points[].hours[].start": "analysis/conflicts.py",
    "entry_points[].hours[].end": "analysis/conflicts.py",
    "services[].enrolment.rolling": "analysis/conflicts.py",
    "services[].enrolment.window_opens": "analysis/conflicts.py",
    "services[].enrolment.window_closes": "analysis/conflicts.py",
    "services[].starts": "analysis/conflicts.py",
    "services[].depends_on": "analysis/conflicts.py",
    "services[].requires_documents": "analysis/conflicts.py",
    "services[].requires_residence_registration": "analysis/conflicts.py",
    "services[].issues_documents[].document": "analysis/conflicts.py",
    "entry_points[].issues_documents[].document": "analysis/conflicts.py",
    "services[].funding.ends": "analysis/derived.py",
    "space.neighbourhoods[].name": "analysis/space.py",
    "space.neighbourhoods[].central": "analysis/space.py",
    "space.shared_spaces[].neighbourhood": "analysis/space.py",
    "waivers[].rule": "engine.py",
    "waivers[].reason": "engine.py",
    "waivers[].expires": "engine.py",
}


def _leaves(model: type[BaseModel], prefix: str = "") -> list[str]:
    """Every leaf field of the profile schema, as `services[].hours[].days`."""
    out = []
    for name, field in model.model_fields.items():
        if name == "source":
            continue
        path = f"{prefix}{name}"
        annotation = field.annotation
        if typing.get_origin(annotation) in (typing.Union, types.UnionType):
            annotation = next(a for a in typing.get_args(annotation) if a is not type(None))
        origin, args = typing.get_origin(annotation), typing.get_args(annotation)
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            out += _leaves(annotation, path + ".")
        elif origin is list and isinstance(args[0], type) and issubclass(args[0], BaseModel):
            out += _leaves(args[0], path + "[].")
        elif origin is dict and isinstance(args[1], type) and issubclass(args[1], BaseModel):
            out += _leaves(args[1], path + ".*.")
        else:
            out.append(path)
    return out


@cache
def _read_by_rules() -> frozenset[str]:
    reads: set[str] = set()
    for loaded in load_builtins():
        for item in (*loaded.checklist.rules, *loaded.checklist.risks):
            expressions = [*item.facts]
            for name in ("condition", "applies_when"):
                if getattr(item, name, None):
                    expressions.append(getattr(item, name))
            for level in getattr(item, "levels", None) or []:
                expressions += [level.when, *(level.facts or [])]
            for advice in getattr(item, "typed_advice", None) or []:
                if advice.unless:
                    expressions.append(advice.unless)
            for expression in expressions:
                reads |= fields_read(expression)
    return frozenset(reads)


def test_every_profile_field_is_read_or_declared_descriptive() -> None:
    unread = [
        path
        for path in _leaves(Profile)
        if path not in _read_by_rules() and path not in DESCRIPTIVE and path not in READ_IN_CODE
    ]
    assert not unread, f"fields no rule, risk or analysis reads: {unread}"


@pytest.mark.parametrize(("path", "module"), sorted(READ_IN_CODE.items()))
def test_a_field_read_in_code_is_named_there(path: str, module: str) -> None:
    leaf = re.split(r"[.\[\]*]+", path.strip("[]"))[-1] or path
    assert re.search(rf"\b{leaf}\b", (SRC / module).read_text(encoding="utf-8")), (path, module)


def test_the_lists_of_descriptive_and_code_read_fields_name_real_fields() -> None:
    leaves = set(_leaves(Profile))
    assert not (DESCRIPTIVE | set(READ_IN_CODE)) - leaves


def test_every_path_a_rule_reads_exists_in_the_profile_or_the_derived_facts() -> None:
    leaves = set(_leaves(Profile))
    # A rule may read a whole object or list (its parents), a leaf, or a derived fact.
    known = {re.sub(r"(\[\]|\.\*)$", "", p) for p in leaves}
    for leaf in leaves:
        parts = re.split(r"(?=\.|\[\])", leaf)
        for end in range(1, len(parts)):
            known.add("".join(parts[:end]))
    known |= {p.removesuffix("[]") for p in list(known)}
    domains = "|".join(typing.get_args(Domain))
    wrong = sorted(
        path
        for path in _read_by_rules()
        if not path.startswith("derived")
        # city.competences is keyed by policy area: `city.competences.housing` is one entry.
        and re.sub(rf"^city\.competences\.({domains})", "city.competences.*", path)
        .removesuffix("[]")
        .removesuffix(".*")
        not in known
    )
    assert not wrong, f"rules read paths the profile schema does not have: {wrong}"


def test_no_quoted_text_or_example_is_cut_by_a_yaml_comment() -> None:
    cut = []
    for file in sorted(CHECKLISTS.glob("*.yaml")):
        for number, line in enumerate(file.read_text(encoding="utf-8").splitlines(), 1):
            stripped = line.lstrip()
            if stripped.startswith("#") or ": " not in stripped:
                continue
            value = stripped.split(": ", 1)[1]
            if value[:1] in "\"'>|" or " #" not in value:
                continue
            cut.append(f"{file.name}:{number}: {stripped[:80]}")
    assert not cut, cut


@cache
def _city_profiles() -> dict[str, Path]:
    out = {}
    for path in sorted((ROOT / "city_profiles").glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        if not (data.get("evidence") or {}).get("fictional"):
            out[data["city"]["name"].casefold()] = path
    return out


def _flagships() -> list[tuple[str, str, int]]:
    cities = _city_profiles()
    found = []
    for loaded in load_builtins():
        for rule in loaded.checklist.rules:
            for example in rule.examples:
                if example.level is not None and example.place.casefold() in cities:
                    found.append((rule.id, example.place, example.level))
    return found


_REPORTS: dict[str, Report] = {}


def _report(place: str) -> Report:
    path = _city_profiles()[place.casefold()]
    if place not in _REPORTS:
        _REPORTS[place] = assess(str(path), today=AS_OF)
    return _REPORTS[place]


FLAGSHIPS = _flagships()


@pytest.mark.parametrize(
    ("rule_id", "place", "level"), FLAGSHIPS, ids=[f"{r}:{p}" for r, p, _ in FLAGSHIPS]
)
def test_a_city_the_sources_hold_up_reaches_the_level_they_describe(
    rule_id: str, place: str, level: int
) -> None:
    result = next(r for r in _report(place).results if r.rule_id == rule_id)
    assert result.status in ("pass", "partial"), result.message
    assert result.level >= level, result.message


def test_there_are_flagships_for_the_bundled_cities() -> None:
    assert len({place for _, place, _ in FLAGSHIPS}) >= 8
