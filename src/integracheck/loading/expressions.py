"""JMESPath expressions, compiled once per process and shared by every profile assessed."""

from __future__ import annotations

from typing import Any

import jmespath
from jmespath.exceptions import JMESPathError

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
        trap = _negation_trap(compiled.parsed)
        if trap:
            raise ValueError(trap)
        _COMPILED[text] = compiled
    return compiled


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
