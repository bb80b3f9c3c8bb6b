"""A rule's JMESPath condition read out in words, for an analyst who does not read JMESPath.

The words follow jmespath's own syntax tree, so they say what the expression does, not what
its author meant; a construct without words here is named as such, and `rules explain
--jmespath` shows the expression itself."""

from __future__ import annotations

from typing import Any

from integracheck.loading.expressions import parse_tree
from integracheck.render.labels import words

_COMPARISONS = {
    "eq": "is",
    "ne": "is not",
    "gt": "is more than",
    "gte": "is at least",
    "lt": "is less than",
    "lte": "is at most",
}


def condition_in_words(expression: str) -> str:
    """The expression in words: 'strategy status is adopted and strategy endorsement by
    council is yes'."""
    try:
        tree = parse_tree(expression)
    except ValueError:
        return "a condition that does not parse"
    return _words(tree)


def _words(node: dict[str, Any], it: str = "it") -> str:
    """`it` names what `@` stands for (the left side of a pipe)."""
    kind = node["type"]
    children: list[Any] = node.get("children", [])
    if kind in ("field", "subexpression", "identity", "current", "index_expression"):
        return _path(node, it)
    if kind == "literal":
        return _literal(node["value"])
    if kind == "comparator":
        return _comparison(node["value"], children[0], children[1], it)
    if kind == "and_expression":
        return f"{_words(children[0], it)} and {_words(children[1], it)}"
    if kind == "or_expression":
        right = children[1]
        # `x || []` only gives a missing list a default: it reads as x.
        if right["type"] == "literal" and right["value"] in ([], {}, "", 0):
            return _words(children[0], it)
        return f"either {_words(children[0], it)} or {_words(right, it)}"
    if kind == "not_expression":
        inner = children[0]
        if inner["type"] == "filter_projection":
            return _filter(inner, "none of", it)
        return f"not ({_words(inner, it)})"
    if kind == "filter_projection":
        return _filter(node, "at least one of", it)
    if kind == "function_expression":
        return _function(node["value"], children, it)
    if kind in ("projection", "flatten"):
        return _path(node, it)
    if kind == "multi_select_list":
        return "the list of " + ", ".join(_words(child, it) for child in children)
    if kind == "pipe":
        return _words(children[1], _words(children[0], it))
    return f"a {words(kind)} (see --jmespath)"


def _path(node: dict[str, Any], it: str = "it") -> str:
    """A field path as words: `strategy.action_plan.exists` -> 'strategy action plan exists'."""
    kind = node["type"]
    children: list[Any] = node.get("children", [])
    if kind == "field":
        return words(str(node["value"]))
    if kind in ("identity", "current"):
        return it
    if kind == "subexpression":
        return " ".join(_path(child, it) for child in children if child["type"] != "identity")
    if kind in ("projection", "flatten"):
        parts = [_path(child, it) for child in children if child["type"] != "identity"]
        return "each " + " ".join(parts) if len(parts) > 1 else " ".join(parts)
    if kind == "index_expression":
        return " ".join(_path(child, it) for child in children if child["type"] != "index")
    return _words(node, it)


def _literal(value: Any) -> str:
    if value is True:
        return "yes"
    if value is False:
        return "no"
    if value is None:
        return "not stated"
    if isinstance(value, list):
        return "[" + ", ".join(_literal(item) for item in value) + "]" if value else "none"
    if isinstance(value, str):
        return words(value)
    return str(value)


def _comparison(operator: str, left: dict[str, Any], right: dict[str, Any], it: str) -> str:
    if right["type"] == "literal" and right["value"] is None:
        return f"{_words(left, it)} is {'not stated' if operator == 'eq' else 'stated'}"
    if right["type"] == "literal" and isinstance(right["value"], bool) and operator == "eq":
        return f"{_words(left, it)}: {_literal(right['value'])}"
    return f"{_words(left, it)} {_COMPARISONS.get(operator, operator)} {_words(right, it)}"


def _filter(node: dict[str, Any], quantity: str, it: str) -> str:
    listed, _, condition = node["children"]
    return f"{quantity} the {_path(listed, it)} where {_words(condition, it)}"


def _function(name: str, arguments: list[dict[str, Any]], it: str) -> str:
    if name == "contains" and len(arguments) == 2:
        options, value = arguments
        if options["type"] in ("multi_select_list", "literal") and isinstance(
            options.get("value", []), list
        ):
            # contains(['a', 'b'], kind): the value is one of a list written out.
            listed = options.get("children") or [
                {"type": "literal", "value": item} for item in options.get("value", [])
            ]
            named = ", ".join(_words(item, it) for item in listed)
            return f"{_words(value, it)} is one of: {named}"
        return f"{_words(options, it)} include {_words(value, it)}"
    if name == "length" and len(arguments) == 1:
        return f"the number of {_words(arguments[0], it)}"
    if name == "not_null":
        return "the first stated of " + ", ".join(_words(a, it) for a in arguments)
    if name in ("keys", "values", "sort") and len(arguments) == 1:
        return f"the {name} of {_words(arguments[0], it)}"
    return f"{name}({', '.join(_words(a, it) for a in arguments)})"
