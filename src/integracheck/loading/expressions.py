"""JMESPath expressions, compiled once per process and shared by every profile assessed."""

from __future__ import annotations

import functools
import os
import time
from dataclasses import dataclass
from typing import Any, cast

import jmespath
from jmespath.exceptions import JMESPathError

from integracheck.loading.compiler import (
    MAX_DEPTH,
    MAX_SECONDS,
    MAX_TOTAL_BUILT,
    MAX_TOTAL_SECONDS,
    MAX_VALUE_SIZE,
    Budget,
    EvaluationBound,
    Evaluator,
    compile_tree,
)

__all__ = [
    "MAX_DEPTH",
    "MAX_SECONDS",
    "MAX_TOTAL_BUILT",
    "MAX_TOTAL_SECONDS",
    "MAX_VALUE_SIZE",
    "BoundedSearch",
    "CompiledExpression",
    "EvaluationBound",
    "compile_expression",
    "fields_read",
    "parse_tree",
    "remember_tree",
]


@dataclass(frozen=True, slots=True)
class CompiledExpression:
    """An expression's text, its jmespath syntax tree, and the closure that evaluates it."""

    text: str
    parsed: dict[str, Any]
    evaluate: Evaluator


_COMPILED: dict[str, CompiledExpression] = {}


def parse_tree(text: str) -> dict[str, Any]:
    """jmespath's syntax tree of an expression, checked; raises ValueError with the reason."""
    try:
        parsed = cast(dict[str, Any], jmespath.compile(text).parsed)
    except JMESPathError as exc:
        raise ValueError(_first_line(exc)) from None
    except (RecursionError, MemoryError):
        raise ValueError("expression is too deeply nested") from None
    if _depth(parsed) > MAX_DEPTH:
        raise ValueError(f"expression is nested more than {MAX_DEPTH} levels deep")
    trap = _negation_trap(parsed)
    if trap:
        raise ValueError(trap)
    return parsed


# Trees taken as parsed and checked (the built-in checklists store theirs), compiled on first
# use: a run evaluates only the expressions its rules reach.
_TREES: dict[str, dict[str, Any]] = {}


def remember_tree(text: str, parsed: dict[str, Any]) -> None:
    """Take an expression's tree as already parsed and checked, so that it is compiled without
    running jmespath's parser again."""
    _TREES.setdefault(text, parsed)


def compile_expression(text: str) -> CompiledExpression:
    """Compile (or fetch the compiled) expression; raises ValueError with the parser's reason."""
    compiled = _COMPILED.get(text)
    if compiled is None:
        parsed = _TREES.get(text)
        if parsed is None:
            parsed = parse_tree(text)
        compiled = CompiledExpression(text, parsed, compile_tree(parsed))
        _COMPILED[text] = compiled
    return compiled


def total_seconds() -> float:
    """The time all expressions over one profile may take: INTEGRACHECK_MAX_EVALUATION_SECONDS
    if set to a positive number, else MAX_TOTAL_SECONDS."""
    raw = os.environ.get("INTEGRACHECK_MAX_EVALUATION_SECONDS", "")
    try:
        seconds = float(raw)
    except ValueError:
        return MAX_TOTAL_SECONDS
    return seconds if 0 < seconds < float("inf") else MAX_TOTAL_SECONDS


class BoundedSearch:
    """Evaluates expressions over one profile within the bounds, each expression within its
    own and all of them within the profile's total (its clock starts at the first one); what
    it has measured of the profile, and the values of parts that read it directly, are kept
    for the next expression. So the data must not change while one instance reads it; other
    data starts afresh."""

    __slots__ = ("_budget", "_ends", "_total")

    def __init__(self) -> None:
        self._budget = Budget()
        self._total = total_seconds()
        self._ends: float | None = None

    def __call__(self, text: str, data: Any) -> Any:
        compiled = _COMPILED.get(text) or compile_expression(text)
        budget = self._budget
        budget.read(data)
        now = time.monotonic()
        if self._ends is None:
            self._ends = now + self._total
        if now + MAX_SECONDS < self._ends:
            budget.deadline = now + MAX_SECONDS
            budget.late = f"evaluation took longer than {MAX_SECONDS:g} s"
        else:
            budget.deadline = self._ends
            budget.late = (
                f"the checklist's evaluation took longer than {self._total:g} s in total for "
                "this profile"
            )
            if now > self._ends:
                raise EvaluationBound(budget.late)
        try:
            return compiled.evaluate(data, budget)
        except RecursionError:
            raise EvaluationBound("evaluation nested too deeply") from None

    def part(self, node: dict[str, Any], data: Any) -> Any:
        """Evaluate one node of a compiled expression's syntax tree (a part of a condition)."""
        found = _PARTS.get(id(node))
        if found is None or found[0] is not node:
            found = _PARTS[id(node)] = (node, compile_tree(node))
        budget = self._budget
        budget.read(data)
        budget.deadline = time.monotonic() + MAX_SECONDS
        try:
            return found[1](data, budget)
        except RecursionError:
            raise EvaluationBound("evaluation nested too deeply") from None


# Parts of compiled expressions' trees, compiled on their own when first evaluated alone; keyed
# by identity (the trees are kept for the process), the node kept beside its closure.
_PARTS: dict[int, tuple[dict[str, Any], Evaluator]] = {}


def _depth(node: Any) -> int:
    """How deeply an expression's tree nests (iteratively: a deep tree must not recurse)."""
    deepest = 0
    stack = [(node, 1)]
    while stack:
        current, depth = stack.pop()
        deepest = max(deepest, depth)
        if isinstance(current, dict):
            stack.extend((child, depth + 1) for child in current.get("children", []))
    return deepest


def _negation_trap(node: Any) -> str | None:
    """`!a.b` parses as `(!a).b`, `!a[?x]` as `(!a)[?x]`, `!a == b` as `(!a) == b`: silent
    bugs in a rule (the first two are always null), so refuse them."""
    if not isinstance(node, dict):
        return None
    children = node.get("children", [])
    first = children[0] if children else None
    if isinstance(first, dict) and first.get("type") == "not_expression":
        kind = node.get("type")
        if kind in ("subexpression", "filter_projection"):
            return "'!a.b' or '!a[?x]' negates only 'a' (JMESPath precedence); write '!(a.b)'"
        if kind == "comparator":
            return "'!a == b' compares '!a' (JMESPath precedence); write '!(a == b)' or 'a != b'"
    for child in children:
        found = _negation_trap(child)
        if found:
            return found
    return None


def _first_line(exc: Exception) -> str:
    text = str(exc).strip().splitlines()
    return text[0] if text else type(exc).__name__


@functools.cache
def fields_read(text: str) -> frozenset[str]:
    """The profile paths an expression reads, as `services[].languages` or
    `city.competences.*.level`: for the field-use check and for `rules explain`."""
    found: set[str] = set()
    _walk(compile_expression(text).parsed, "", found)
    return frozenset(found)


def joined_path(context: str | None, name: str) -> str | None:
    """`context.name`, or `name` at the top; None where the context is no path."""
    if context is None:
        return None
    return f"{context}.{name}" if context else name


def item_path(path: str | None) -> str | None:
    """The path of one item of a list (or of a dict's values, already marked `.*`)."""
    if path is None:
        return None
    # A projection's result already stands for its items (`services[?x]` is `services[]`).
    return path if path.endswith((".*", "[]")) else path + "[]"


def _walk(node: Any, context: str | None, found: set[str]) -> str | None:
    """Record the fields a node reads; return the path its result stands for, if any."""
    kind = node.get("type")
    children = node.get("children", [])
    if kind == "field":
        path = joined_path(context, node["value"])
        if path is not None:
            found.add(path)
        return path
    if kind in ("identity", "current"):
        return context
    if kind in ("subexpression", "pipe"):
        # `a.b.c` is one subexpression with three children: each reads from the one before.
        path = context
        for child in children:
            path = _walk(child, path, found)
        return path
    if kind == "projection":
        item = item_path(_walk(children[0], context, found))
        return _walk(children[1], item, found)
    if kind == "filter_projection":
        item = item_path(_walk(children[0], context, found))
        _walk(children[2], item, found)
        return _walk(children[1], item, found)
    if kind in ("flatten", "index_expression"):
        left = _walk(children[0], context, found)
        for child in children[1:]:
            _walk(child, context, found)
        return left if kind == "flatten" else item_path(left)
    if kind == "function_expression":
        paths = [_walk(child, context, found) for child in children]
        if node.get("value") == "values" and paths and paths[0] is not None:
            return paths[0] + ".*"
        if node.get("value") in ("not_null", "to_array") and paths:
            return paths[0]
        return None
    if kind in ("or_expression", "and_expression"):
        paths = [_walk(child, context, found) for child in children]
        return next((p for p in paths if p is not None), None)
    for child in children:
        if isinstance(child, dict):
            _walk(child, context, found)
    return None
