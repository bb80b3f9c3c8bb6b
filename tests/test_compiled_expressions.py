"""The compiled evaluator gives what jmespath's own interpreter gives: the same value (of the
same type) or the same kind of error, for every expression of the built-in checklists over every
bundled profile and variants of them, and for the corners of the language on small data."""

from __future__ import annotations

import copy
import datetime as dt
import random
from pathlib import Path
from typing import Any

import jmespath
import pytest

from integracheck.analysis import analyse, derived_facts
from integracheck.api import checklists
from integracheck.loading.checklist import checklist_expressions
from integracheck.loading.expressions import BoundedSearch
from integracheck.loading.profile import load_profile

PROFILES = sorted((Path(__file__).resolve().parent.parent / "city_profiles").glob("*.yaml"))
TODAY = dt.date(2026, 6, 1)


def _builtin_expressions() -> list[str]:
    found: set[str] = set()
    for loaded in checklists():
        found.update(checklist_expressions(loaded.checklist))
    return sorted(found)


def _outcome(run: Any, expression: str, data: Any) -> tuple[str, Any]:
    try:
        value = run(expression, data)
    except (jmespath.exceptions.JMESPathError, TypeError, ValueError) as exc:
        return ("error", type(exc).__name__)
    return ("value", (type(value).__name__, value))


def _variants(data: dict[str, Any], seed: int, count: int) -> list[dict[str, Any]]:
    """The profile with facts flipped, emptied or left out, and lists cut: the values rules see
    on profiles other than the bundled ones."""
    rng = random.Random(seed)
    out = []
    for _ in range(count):
        variant = copy.deepcopy(data)
        stack: list[Any] = [variant]
        while stack:
            current = stack.pop()
            items = list(current.items()) if isinstance(current, dict) else enumerate(current)
            for key, value in items:
                roll = rng.random()
                if isinstance(value, bool) and roll < 0.3:
                    current[key] = not value
                elif isinstance(value, dict | list):
                    if roll < 0.05 and isinstance(current, dict):
                        del current[key]
                        continue
                    if isinstance(value, list) and roll < 0.15:
                        del value[rng.randint(0, len(value)) :]
                    elif roll < 0.2:
                        current[key] = type(value)()
                        continue
                    stack.append(value)
                elif isinstance(current, dict) and roll < 0.08:
                    current[key] = None if roll < 0.04 else 0
        out.append(variant)
    return out


@pytest.mark.parametrize("path", PROFILES, ids=[p.stem for p in PROFILES])
def test_every_builtin_expression_agrees_with_jmespath(path: Path) -> None:
    loaded = load_profile(str(path))
    facts = derived_facts(analyse(loaded), loaded.profile, TODAY)
    data = {**loaded.document.data, "derived": facts}
    expressions = _builtin_expressions()
    assert len(expressions) > 500
    compared = 0
    for variant in [data, *_variants(data, seed=len(path.stem), count=4)]:
        search = BoundedSearch()
        for expression in expressions:
            expected = _outcome(jmespath.search, expression, variant)
            assert _outcome(search, expression, variant) == expected, expression
            compared += 1
    assert compared == 5 * len(expressions)


CORNERS = [
    "a",
    "a.b.c",
    "a[0]",
    "a[-1].b",
    "a[5]",
    "a[1:]",
    "a[::-1]",
    "a[::2].b",
    "a[*].b",
    "a[].b",
    "a[][]",
    "nested[]",
    "nested[][]",
    "obj.*",
    "obj.*.x",
    "a[?b > `1`].b",
    "a[?b >= `1`] | [0]",
    "a[?b < 'x']",
    "a[?b == `1`]",
    "a[?b != `true`]",
    "flags[?@ == `1`]",
    "flags[?@ == `0`]",
    "`0` == `false`",
    "`1` == `true`",
    "`1.0` == `1`",
    "!zero",
    "!`0.0`",
    "!empty",
    "!a",
    "zero || `5`",
    "empty || text",
    "empty && text",
    "text && a[0]",
    "missing || missing2 || `3`",
    "a && text && obj",
    "{x: a[0].b, y: text}",
    "[text, missing]",
    "missing.{x: a}",
    "missing.[a]",
    "length(text)",
    "length(a)",
    "length(obj)",
    "length(missing)",
    "length(zero)",
    "contains(text, 'ex')",
    "contains(a[].b, `2`)",
    "contains(flags, `1`)",
    "contains(obj, 'x')",
    "contains(missing, 'x')",
    "not_null(missing, empty, text)",
    "not_null(missing)",
    "keys(obj)",
    "values(obj)",
    "keys(a)",
    "sort(a[].b)",
    "sort_by(a, &b)[].b",
    "max_by(a, &b).b",
    "min_by(a, &b).b",
    "map(&b, a)",
    "to_string(a)",
    "to_array(text)",
    "to_number('12')",
    "type(zero)",
    "join(', ', words)",
    "starts_with(text, 'te')",
    "merge(obj, {z: `1`})",
    "sum(a[].b)",
    "avg(a[].b)",
    "abs(neg)",
    "a[?contains(tags, 'x')].b",
    "a[?!(b > `1`)].b",
    "a | [?b > `1`] | length(@)",
    "@.text",
    "@",
    "`[1, 2]`[0]",
    "'literal'",
    "a[0].b.c.d",
    "text.b",
    "text[0]",
    "obj[0]",
    "a.b",
    "unknown_function(a)",
    "length(a, text)",
]

CORNER_DATA: dict[str, Any] = {
    "a": [{"b": 1, "tags": ["x"]}, {"b": 2, "tags": []}, {"b": 3}, {"c": 1}],
    "nested": [[1, [2]], 3, [4]],
    "obj": {"x": {"x": 1}, "y": {"x": None}, "z": [1]},
    "flags": [True, False, 1, 0, 1.0],
    "zero": 0,
    "neg": -4,
    "empty": [],
    "text": "text",
    "words": ["a", "b"],
}


@pytest.mark.parametrize("expression", CORNERS)
def test_the_corners_of_the_language_agree_with_jmespath(expression: str) -> None:
    expected = _outcome(jmespath.search, expression, CORNER_DATA)
    assert _outcome(BoundedSearch(), expression, CORNER_DATA) == expected


def test_every_node_jmespath_interprets_has_a_compiled_form() -> None:
    from jmespath.visitor import TreeInterpreter

    from integracheck.loading.compiler import compile_tree

    kinds = {name.removeprefix("visit_") for name in dir(TreeInterpreter) if "visit_" in name}
    assert "value_projection" in kinds
    for kind in kinds - {"index", "slice", "literal", "field"}:
        try:
            compile_tree({"type": kind, "children": []})
        except ValueError as exc:
            assert "unknown expression node" not in str(exc), kind
        except (TypeError, KeyError, IndexError):
            pass  # known, but needs its children


WORDS = [
    "contains(['a', 'b'], text)",
    "contains(['a', 'text'], text)",
    "contains(['a', 'b'], zero)",
    "contains(['a', 'b'], empty)",
    'contains(`["a", "text"]`, text)',
    'contains(`["a", "b"]`, a)',
    "missing.contains(['a'], @)",
    "['a', 'b']",
    "missing.['a', 'b']",
    "a[?contains(['x', 'y'], tags[0])].b",
    "a[?b == 'x' || 'y' != b].b",
    "text == 'text'",
    "'text' != text",
    "zero == 'x'",
]


@pytest.mark.parametrize("expression", WORDS)
def test_text_comparisons_and_word_lists_agree_with_jmespath(expression: str) -> None:
    expected = _outcome(jmespath.search, expression, CORNER_DATA)
    assert _outcome(BoundedSearch(), expression, CORNER_DATA) == expected


def test_parts_shared_between_expressions_never_cross_from_one_document_to_another() -> None:
    first = {"s": [{"k": "a", "n": 1}, {"k": "b", "n": 2}]}
    second = {"s": [{"k": "b", "n": 3}]}
    search = BoundedSearch()
    expressions = ["s[?k == 'b'].n", "length(s[?k == 'b'])", "sort_by(s, &n)[?k == 'b'].n"]
    for data in (first, second, first):
        for expression in expressions:
            assert search(expression, data) == jmespath.search(expression, data)
