"""The built-in checklists hold up: quotes are verbatim from the seeds, paths name real fields."""

from __future__ import annotations

import re
import typing
from typing import Any

import pytest
from pydantic import BaseModel
from seed_text import SEEDS, SEEDS_MISSING, normalise

from integracheck.loading.checklist import load_builtins
from integracheck.loading.expressions import compile_expression
from integracheck.models.profile import Profile
from integracheck.models.vocabulary import DOMAINS

CHECKLISTS = load_builtins()


def _all_field_names(model: type[BaseModel], seen: set[str] | None = None) -> set[str]:
    names: set[str] = set()
    seen = seen if seen is not None else set()
    if model.__name__ in seen:
        return names
    seen.add(model.__name__)
    for name, info in model.model_fields.items():
        names.add(name)
        for inner in _models_in(info.annotation):
            names |= _all_field_names(inner, seen)
    return names


def _models_in(annotation: Any) -> list[type[BaseModel]]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    return [m for arg in typing.get_args(annotation) for m in _models_in(arg)]


# What the analyses hand to the rules under `derived` (integracheck.analysis.derived_facts).
DERIVED = {
    "derived",
    "pathways",
    "gaps",
    "coverage",
    "day_one_for_all",
    "basic_services_for_all",
    "transitions",
    "uncovered",
    "uncovered_ids",
    "covered_share",
    "space",
    "underserved_neighbourhoods",
    "hard_to_reach",
    "missing_languages",
    "conflicts",
    "count",
    "kinds",
    "funding_ends_within_a_year",
    "funding_ended",
    "funding_cliffs",
    "found",
    "targeted_without_mainstream_link",
}
# Dict keys a rule may name: the policy areas of city.competences.
FIELDS = _all_field_names(Profile) | DERIVED | set(DOMAINS)


def _field_nodes(node: Any) -> list[str]:
    found = []
    if isinstance(node, dict):
        if node.get("type") == "field":
            found.append(node["value"])
        for child in node.get("children", []):
            found += _field_nodes(child)
    return found


ITEMS = [
    (loaded.checklist.id, item)
    for loaded in CHECKLISTS
    for item in [*loaded.checklist.rules, *loaded.checklist.risks]
]


@pytest.mark.skipif(SEEDS_MISSING, reason="the seed documents are in ../shared/seeds")
@pytest.mark.parametrize(("checklist", "item"), ITEMS, ids=[item.id for _, item in ITEMS])
def test_quote_is_verbatim_from_the_cited_seed(checklist: str, item: Any) -> None:
    seed = normalise((SEEDS / item.citation.file).read_text(encoding="utf-8"))
    assert normalise(item.citation.quote) in seed, f"{item.id}: quote not found in seed"


@pytest.mark.parametrize(("checklist", "item"), ITEMS, ids=[item.id for _, item in ITEMS])
def test_expressions_name_only_profile_fields(checklist: str, item: Any) -> None:
    expressions = [*item.facts]
    expressions += [
        e for e in (getattr(item, "condition", None), getattr(item, "applies_when", None)) if e
    ]
    expressions += [level.when for level in getattr(item, "levels", None) or []]
    unknown = set()
    for expression in expressions:
        unknown |= set(_field_nodes(compile_expression(expression).parsed)) - FIELDS
    locate_parts = set(re.sub(r"\[[0-9]+\]", "", item.locate).split("."))
    unknown |= locate_parts - FIELDS
    assert not unknown, f"{item.id} names fields the profile does not have: {sorted(unknown)}"


def test_rule_ids_are_unique_across_checklists() -> None:
    ids = [item.id for _, item in ITEMS]
    assert len(ids) == len(set(ids))
