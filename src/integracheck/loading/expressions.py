"""JMESPath expressions, compiled once per process and shared by every profile assessed."""

from __future__ import annotations

import functools
import time
from typing import Any

import jmespath
from jmespath import visitor
from jmespath.exceptions import JMESPathError

# Bounds on evaluating one expression: a checklist is untrusted input, and a short condition
# can double a list forty times. Past a bound the rule becomes an `error` result naming it.
# Items (expanded) or characters of a value built on the way; above the largest profile.
MAX_VALUE_SIZE = 1_000_000
MAX_SECONDS = 1.0  # per expression
MAX_DEPTH = 200  # nesting of the expression itself

_COMPILED: dict[str, Any] = {}


def compile_expression(text: str) -> Any:
    """Compile (or fetch the compiled) expression; raises ValueError with the parser's reason."""
    compiled = _COMPILED.get(text)
    if compiled is None:
        try:
            compiled = jmespath.compile(text)
        except JMESPathError as exc:
            raise ValueError(_first_line(exc)) from None
        except (RecursionError, MemoryError):
            raise ValueError("expression is too deeply nested") from None
        if _depth(compiled.parsed) > MAX_DEPTH:
            raise ValueError(f"expression is nested more than {MAX_DEPTH} levels deep")
        trap = _negation_trap(compiled.parsed)
        if trap:
            raise ValueError(trap)
        _COMPILED[text] = compiled
    return compiled


class EvaluationBound(ValueError):
    """An expression went past one of the evaluation bounds."""


# The node types that build a new value (and so may build a large one).
_BUILDERS = frozenset(
    {
        "multi_select_list",
        "multi_select_dict",
        "flatten",
        "function_expression",
        "projection",
        "filter_projection",
        "value_projection",
        "slice",
    }
)


class _BoundedInterpreter(visitor.TreeInterpreter):
    """JMESPath's own interpreter, stopped when a value grows too large or time runs out.

    A value's size is its size once expanded: `[@, @]` forty times builds a list of two that
    stands for 2**40 items (each half is the same object), which `to_string` or `==` would
    then walk. Sizes are memoised by object, so shared parts are measured once."""

    def __init__(self) -> None:
        super().__init__()
        self.deadline = 0.0
        self._steps = 0
        self._sizes: dict[int, tuple[Any, int]] = {}  # id -> (the object, kept alive; size)

    def visit(self, node: Any, *args: Any, **kwargs: Any) -> Any:
        result = super().visit(node, *args, **kwargs)
        self._steps += 1
        if node["type"] not in _BUILDERS:
            # A field, index or literal returns what the profile holds, already bounded by
            # the loader; only nodes that build values need measuring.
            if self._steps % 256 == 0 and time.monotonic() > self.deadline:
                raise EvaluationBound(f"evaluation took longer than {MAX_SECONDS:g} s")
            return result
        if time.monotonic() > self.deadline:
            raise EvaluationBound(f"evaluation took longer than {MAX_SECONDS:g} s")
        if isinstance(result, str):
            if len(result) > MAX_VALUE_SIZE:
                raise EvaluationBound(
                    f"a string of more than {MAX_VALUE_SIZE} characters was built"
                )
        elif isinstance(result, list | dict) and self._size(result) > MAX_VALUE_SIZE:
            raise EvaluationBound(f"a value of more than {MAX_VALUE_SIZE} items was built")
        return result

    def _size(self, value: Any) -> int:
        """Items once expanded, iteratively and memoised; stops counting past the bound."""
        known = self._sizes.get(id(value))
        if known is not None:
            return known[1]
        total = 0
        pending: list[tuple[Any, bool]] = [(value, False)]
        order: list[Any] = []
        while pending:
            current, done = pending.pop()
            if done or id(current) in self._sizes:
                continue
            order.append(current)
            children = current.values() if isinstance(current, dict) else current
            for child in children:
                if isinstance(child, list | dict) and id(child) not in self._sizes:
                    pending.append((child, False))
            if len(order) > MAX_VALUE_SIZE:
                return MAX_VALUE_SIZE + 1
        for current in reversed(order):  # children before parents
            children = current.values() if isinstance(current, dict) else current
            total = 1
            for child in children:
                if isinstance(child, list | dict):
                    total += self._sizes.get(id(child), (None, 1))[1]
                else:
                    total += 1
                if total > MAX_VALUE_SIZE:
                    break
            self._sizes[id(current)] = (current, total)
        return self._sizes[id(value)][1]


class BoundedSearch:
    """Evaluates expressions over one profile within the bounds; what it has measured of the
    profile is kept for the next expression."""

    def __init__(self) -> None:
        self._interpreter = _BoundedInterpreter()

    def __call__(self, text: str, data: Any) -> Any:
        compiled = compile_expression(text)
        self._interpreter.deadline = time.monotonic() + MAX_SECONDS
        try:
            return self._interpreter.visit(compiled.parsed, data)
        except RecursionError:
            raise EvaluationBound("evaluation nested too deeply") from None


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


def _join(context: str | None, name: str) -> str | None:
    if context is None:
        return None
    return f"{context}.{name}" if context else name


def _items(path: str | None) -> str | None:
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
        path = _join(context, node["value"])
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
        item = _items(_walk(children[0], context, found))
        return _walk(children[1], item, found)
    if kind == "filter_projection":
        item = _items(_walk(children[0], context, found))
        _walk(children[2], item, found)
        return _walk(children[1], item, found)
    if kind in ("flatten", "index_expression"):
        left = _walk(children[0], context, found)
        for child in children[1:]:
            _walk(child, context, found)
        return left if kind == "flatten" else _items(left)
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
