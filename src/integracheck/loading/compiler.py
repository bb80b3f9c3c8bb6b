"""JMESPath syntax trees compiled into Python closures: jmespath's semantics, within bounds.

jmespath's own interpreter walks the tree and dispatches on each node's type for every value
it visits; a rule set is evaluated over thousands of profiles, so each tree is turned once into
nested closures that do only the work its nodes ask for. Every node follows jmespath's
`TreeInterpreter` (truth, equality, projections dropping nulls, functions by jmespath's own
`Functions`), and a differential test holds the two equal over every built-in expression.

The trees come from jmespath's parser, or from the built-in checklists' stored trees; nothing
here parses text or evaluates Python.
"""

from __future__ import annotations

import operator
import time
from collections.abc import Callable
from numbers import Number
from typing import Any

from jmespath import functions

# Bounds on evaluating one expression: a checklist is untrusted input, and a short condition
# can double a list forty times. Past a bound the rule becomes an `error` result naming it.
# Items (expanded) or characters of a value built on the way; above the largest profile.
MAX_VALUE_SIZE = 1_000_000
MAX_SECONDS = 1.0  # per expression
MAX_DEPTH = 200  # nesting of the expression itself
# Bounds on all the expressions evaluated over one profile: a checklist of N distinct slow
# conditions would otherwise cost N seconds (and the values they build) per profile, times the
# profiles of a batch. Past either, every further expression is an `error` result at once.
MAX_TOTAL_SECONDS = 5.0  # INTEGRACHECK_MAX_EVALUATION_SECONDS overrides it
MAX_TOTAL_BUILT = 50 * MAX_VALUE_SIZE  # items and characters of every value built
# Values kept between expressions only to save work (sizes measured, parts over the profile
# shared): dropped past this many items, so what a profile's evaluation holds stays bounded.
MAX_REMEMBERED = 2 * MAX_VALUE_SIZE


class EvaluationBound(ValueError):
    """An expression went past one of the evaluation bounds."""


class Budget:
    """What one profile's evaluations may spend: a deadline per expression, and the expanded
    sizes of the values built so far (memoised by object, so shared parts count once)."""

    __slots__ = ("built", "deadline", "late", "remembered", "root", "shared", "sizes")

    def __init__(self) -> None:
        self.deadline = 0.0
        self.late = f"evaluation took longer than {MAX_SECONDS:g} s"  # said past the deadline
        self.built = 0  # items and characters built by this profile's expressions so far
        self.remembered = 0  # items held in `shared`
        self.sizes: dict[int, tuple[Any, int]] = {}  # id -> (the object, kept alive; size)
        # The document the expressions read, and the values of the parts of expressions that
        # read it directly, by part: rules filter the same lists the same way many times.
        self.root: Any = None
        self.shared: dict[int, Any] = {}

    def read(self, root: Any) -> None:
        """Evaluate the next expressions over `root`; what was shared about another is gone."""
        if root is not self.root or self.remembered > MAX_REMEMBERED:
            self.root = root
            self.shared = {}
            self.remembered = 0
        if len(self.sizes) > MAX_REMEMBERED:
            self.sizes = {}

    def check(self, result: Any) -> None:
        """Stop when time is up or a built value is too large.

        A value's size is its size once expanded: `[@, @]` forty times builds a list of two that
        stands for 2**40 items (each half is the same object), which `to_string` or `==` would
        then walk."""
        if time.monotonic() > self.deadline:
            raise EvaluationBound(self.late)
        kind = type(result)
        if kind is str or kind is list or kind is dict:
            self.built += len(result)
            if self.built > MAX_TOTAL_BUILT:
                raise EvaluationBound(
                    f"the checklist built more than {MAX_TOTAL_BUILT} items in total for this "
                    "profile"
                )
        if kind is str:
            if len(result) > MAX_VALUE_SIZE:
                raise EvaluationBound(
                    f"a string of more than {MAX_VALUE_SIZE} characters was built"
                )
        elif kind is list or kind is dict:
            if len(result) < MAX_VALUE_SIZE:
                # A list or object of plain values counts itself and its items: no walk.
                for child in result.values() if kind is dict else result:
                    if type(child) is list or type(child) is dict:
                        break
                else:
                    return
            if self.size(result) > MAX_VALUE_SIZE:
                raise EvaluationBound(f"a value of more than {MAX_VALUE_SIZE} items was built")

    def size(self, value: Any) -> int:
        """Items once expanded, iteratively and memoised; stops counting past the bound."""
        sizes = self.sizes
        known = sizes.get(id(value))
        if known is not None:
            return known[1]
        pending: list[Any] = [value]
        order: list[Any] = []
        while pending:
            current = pending.pop()
            if id(current) in sizes:
                continue
            order.append(current)
            for child in current.values() if type(current) is dict else current:
                if (type(child) is list or type(child) is dict) and id(child) not in sizes:
                    pending.append(child)
            if len(order) > MAX_VALUE_SIZE:
                return MAX_VALUE_SIZE + 1
        for current in reversed(order):  # children before parents
            total = 1
            for child in current.values() if type(current) is dict else current:
                if type(child) is list or type(child) is dict:
                    total += sizes.get(id(child), (None, 1))[1]
                else:
                    total += 1
                if total > MAX_VALUE_SIZE:
                    break
            sizes[id(current)] = (current, total)
        return sizes[id(value)][1]


# A compiled node: the value it is applied to, and the budget of the evaluation.
Evaluator = Callable[[Any, Budget], Any]

_FUNCTIONS = functions.Functions()


def _is_actual_number(value: Any) -> bool:
    kind = type(value)
    if kind is int or kind is float:
        return True
    if kind is bool or kind is str or kind is list or kind is dict or value is None:
        return False
    return isinstance(value, Number)


def _is_false(value: Any) -> bool:
    # jmespath's falsiness: equality, not Python truth (0 is true, so is 0.0).
    return value is None or value is False or value == "" or value == [] or value == {}


def _equals(left: Any, right: Any) -> bool:
    # 0 and 1 equal False and True in Python, never in jmespath.
    if type(left) is str or type(right) is str:
        return bool(left == right)
    if _is_actual_number(left) and left in (0, 1):
        if isinstance(right, bool):
            return False
    elif _is_actual_number(right) and right in (0, 1) and isinstance(left, bool):
        return False
    return bool(left == right)


def _comparable(value: Any) -> bool:
    return _is_actual_number(value) or isinstance(value, str)


_ORDERING: dict[str, Callable[[Any, Any], Any]] = {
    "lt": operator.lt,
    "gt": operator.gt,
    "lte": operator.le,
    "gte": operator.ge,
}


class _Expression:
    """An `&expr` argument, as jmespath's functions expect it (they type-check by this class
    name and call `visit(expression, value)`)."""

    __slots__ = ("budget", "evaluator", "expression")

    def __init__(self, evaluator: Evaluator, budget: Budget) -> None:
        self.evaluator = evaluator
        self.budget = budget
        self.expression = evaluator

    def visit(self, node: Any, value: Any) -> Any:
        return self.evaluator(value, self.budget)


# The node types that build a new value (and so may build a large one, or take long): the
# compiled node is checked against the budget after it runs. Every loop runs inside one of
# them, so the deadline is checked often enough without counting steps.
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


# Compiled functions that return a number, a truth value or one of their arguments: nothing
# new to measure, and no loop of their own over a value that was not measured already.
_BUILDS_NOTHING = frozenset({"contains", "contains_word", "length", "not_null"})


def compile_tree(node: dict[str, Any]) -> Evaluator:
    """The closure that evaluates a jmespath syntax tree (as `jmespath.compile(...).parsed`)."""
    _ON_ROOT.update(_reading_root(node))
    try:
        return _compile(node)
    finally:
        _ON_ROOT.clear()


def _compile(node: dict[str, Any]) -> Evaluator:
    build = _COMPILERS.get(node["type"])
    if build is None:
        raise ValueError(f"unknown expression node '{node['type']}'")
    evaluator = build(node)
    if (
        node["type"] not in _BUILDERS
        or isinstance(evaluator, _Words)
        or getattr(evaluator, "__name__", "") in _BUILDS_NOTHING
    ):
        return evaluator

    def checked(value: Any, budget: Budget) -> Any:
        result = evaluator(value, budget)
        budget.check(result)
        return result

    if id(node) not in _ON_ROOT:
        return checked
    key = _SHARED_KEYS.setdefault(repr(node), len(_SHARED_KEYS))

    def shared(value: Any, budget: Budget) -> Any:
        # A part's value depends only on what it reads: over the document itself it is the
        # same in every expression that holds it.
        if value is not budget.root:
            return checked(value, budget)
        known = budget.shared
        if key in known:
            return known[key]
        result = known[key] = checked(value, budget)
        if type(result) is list or type(result) is dict:
            budget.remembered += len(result)
        return result

    return shared


# The nodes of the tree being compiled that read the document itself, and a number for each
# distinct part of an expression that does (by its tree), under which its value is shared.
# Sharing is also guarded at run time (`value is budget.root`), so a node wrongly listed here
# would still be evaluated right.
_ON_ROOT: set[int] = set()
_SHARED_KEYS: dict[str, int] = {}

# The parts worth sharing: those that walk a list. (A function or a multi-select over the
# document costs less to evaluate again than to recognise.)
_WORTH_SHARING = frozenset({"projection", "filter_projection", "value_projection", "flatten"})

# Children that read the same value as their parent; the others read parts of it.
_SAME_VALUE = frozenset(
    {
        "and_expression",
        "or_expression",
        "not_expression",
        "comparator",
        "function_expression",
        "multi_select_list",
        "multi_select_dict",
        "key_val_pair",
    }
)
_FIRST_CHILD_ONLY = frozenset(
    {
        "subexpression",
        "pipe",
        "index_expression",
        "projection",
        "filter_projection",
        "value_projection",
        "flatten",
    }
)


def _reading_root(tree: dict[str, Any]) -> set[int]:
    """The builder nodes of a tree that are applied to the value the whole tree is applied to."""
    found: set[int] = set()
    pending = [tree]
    while pending:
        node = pending.pop()
        kind = node["type"]
        if kind in _WORTH_SHARING:
            found.add(id(node))
        children = node.get("children") or []
        if kind in _SAME_VALUE:
            pending.extend(
                child for child in children if isinstance(child, dict) and child["type"] != "expref"
            )
        elif kind in _FIRST_CHILD_ONLY and children:
            pending.append(children[0])
    return found


def _children(node: dict[str, Any]) -> list[Evaluator]:
    return [_compile(child) for child in node["children"]]


def _field(node: dict[str, Any]) -> Evaluator:
    name = node["value"]

    def field(value: Any, budget: Budget) -> Any:
        return value.get(name) if isinstance(value, dict) else None

    return field


def _chain(node: dict[str, Any]) -> Evaluator:
    """`a.b.c`, `a | b` and `a[0]`: each child reads what the one before returned."""
    children = node["children"]
    if all(child["type"] == "field" for child in children):
        names = tuple(child["value"] for child in children)

        def fields(value: Any, budget: Budget) -> Any:
            for name in names:
                if not isinstance(value, dict):
                    return None
                value = value.get(name)
            return value

        return fields
    steps = _children(node)
    if len(steps) == 2:
        first, second = steps

        def pair(value: Any, budget: Budget) -> Any:
            return second(first(value, budget), budget)

        return pair

    def chain(value: Any, budget: Budget) -> Any:
        for step in steps:
            value = step(value, budget)
        return value

    return chain


def _string_literal(node: dict[str, Any]) -> str | None:
    if node["type"] == "literal" and type(node["value"]) is str:
        return str(node["value"])
    return None


def _text_comparison(node: dict[str, Any]) -> Evaluator | None:
    """`kind == 'x'` and `'x' != kind`: with text on one side jmespath's equality is Python's,
    and a field read needs no call of its own."""
    first, second = node["children"]
    constant = _string_literal(second)
    other = first
    if constant is None:
        constant, other = _string_literal(first), second
    if constant is None:
        return None
    negate = node["value"] == "ne"
    if other["type"] == "field":
        name = other["value"]

        def field_is(value: Any, budget: Budget) -> Any:
            found = value.get(name) if isinstance(value, dict) else None
            return (found != constant) if negate else (found == constant)

        return field_is
    read = _compile(other)

    def value_is(value: Any, budget: Budget) -> Any:
        found = read(value, budget)
        return (found != constant) if negate else (found == constant)

    return value_is


def _comparator(node: dict[str, Any]) -> Evaluator:
    operation = node["value"]
    if operation in ("eq", "ne"):
        text = _text_comparison(node)
        if text is not None:
            return text
    left, right = _children(node)
    if operation == "eq":

        def equal(value: Any, budget: Budget) -> Any:
            return _equals(left(value, budget), right(value, budget))

        return equal
    if operation == "ne":

        def not_equal(value: Any, budget: Budget) -> Any:
            return not _equals(left(value, budget), right(value, budget))

        return not_equal
    compare = _ORDERING[operation]

    def ordering(value: Any, budget: Budget) -> Any:
        # Ordering is defined for numbers and strings only; anything else compares to null.
        first, second = left(value, budget), right(value, budget)
        if not (_comparable(first) and _comparable(second)):
            return None
        return compare(first, second)

    return ordering


def _current(node: dict[str, Any]) -> Evaluator:
    def current(value: Any, budget: Budget) -> Any:
        return value

    return current


def _expref(node: dict[str, Any]) -> Evaluator:
    (inner,) = _children(node)

    def expref(value: Any, budget: Budget) -> Any:
        return _Expression(inner, budget)

    return expref


def _function(node: dict[str, Any]) -> Evaluator:
    name = node["value"]
    arguments = _children(node)
    call = _FUNCTIONS.call_function
    fast = _FAST_FUNCTIONS.get((name, len(arguments)))
    if fast is not None:
        return fast(arguments, call)

    def function(value: Any, budget: Budget) -> Any:
        return call(name, [argument(value, budget) for argument in arguments])

    return function


def _contains(arguments: list[Evaluator], call: Callable[..., Any]) -> Evaluator:
    subject_of, search_of = arguments
    if isinstance(subject_of, _Words):
        # `contains(['a', 'b'], kind)`: text is only ever equal to text, so a set answers.
        words = subject_of.words
        known = frozenset(words)

        def contains_word(value: Any, budget: Budget) -> Any:
            subject, search = subject_of(value, budget), search_of(value, budget)
            if subject is None:
                return call("contains", [subject, search])  # jmespath's own type error
            if type(search) is str:
                return search in known
            return search in words

        return contains_word

    def contains(value: Any, budget: Budget) -> Any:
        subject, search = subject_of(value, budget), search_of(value, budget)
        if type(subject) is list or type(subject) is str:
            return search in subject
        return call("contains", [subject, search])  # jmespath's own type error

    return contains


def _length(arguments: list[Evaluator], call: Callable[..., Any]) -> Evaluator:
    (argument,) = arguments

    def length(value: Any, budget: Budget) -> Any:
        subject = argument(value, budget)
        if type(subject) is list or type(subject) is str or type(subject) is dict:
            return len(subject)
        return call("length", [subject])

    return length


def _not_null(arguments: list[Evaluator], call: Callable[..., Any]) -> Evaluator:
    def not_null(value: Any, budget: Budget) -> Any:
        for argument in arguments:
            result = argument(value, budget)
            if result is not None:
                return result
        return None

    return not_null


# The functions the built-in checklists call most, for arguments of the types jmespath
# accepts; any other argument goes to jmespath's `Functions`, which raises its own error.
_FAST_FUNCTIONS: dict[
    tuple[str, int], Callable[[list[Evaluator], Callable[..., Any]], Evaluator]
] = {
    ("contains", 2): _contains,
    ("length", 1): _length,
    **{("not_null", count): _not_null for count in range(1, 9)},
}


def _filter_projection(node: dict[str, Any]) -> Evaluator:
    left, right, condition = _children(node)
    keep_all = node["children"][1]["type"] == "identity"

    def filter_projection(value: Any, budget: Budget) -> Any:
        base = left(value, budget)
        if not isinstance(base, list):
            return None
        collected = []
        for element in base:
            if not _is_false(condition(element, budget)):
                current = element if keep_all else right(element, budget)
                if current is not None:
                    collected.append(current)
        return collected

    return filter_projection


def _flatten(node: dict[str, Any]) -> Evaluator:
    (inner,) = _children(node)

    def flatten(value: Any, budget: Budget) -> Any:
        base = inner(value, budget)
        if not isinstance(base, list):
            return None
        merged: list[Any] = []
        for element in base:
            if isinstance(element, list):
                merged.extend(element)
            else:
                merged.append(element)
        return merged

    return flatten


def _index(node: dict[str, Any]) -> Evaluator:
    position = node["value"]

    def index(value: Any, budget: Budget) -> Any:
        if not isinstance(value, list):
            return None
        try:
            return value[position]
        except IndexError:
            return None

    return index


def _slice(node: dict[str, Any]) -> Evaluator:
    part = slice(*node["children"])

    def sliced(value: Any, budget: Budget) -> Any:
        return value[part] if isinstance(value, list) else None

    return sliced


def _key_val_pair(node: dict[str, Any]) -> Evaluator:
    (inner,) = _children(node)
    return inner


class _Words:
    """A list of text written in the expression (`['a', 'b']` or a JSON literal): evaluates to
    the list, and lets `contains` look a word up in a set. Written as `['a', 'b']` it is a
    multi-select, which gives null on null."""

    __slots__ = ("null_on_null", "words")

    def __init__(self, words: list[str], null_on_null: bool) -> None:
        self.words = words
        self.null_on_null = null_on_null

    def __call__(self, value: Any, budget: Budget) -> Any:
        if value is None and self.null_on_null:
            return None
        return self.words


def _literal(node: dict[str, Any]) -> Evaluator:
    constant = node["value"]
    if type(constant) is list and all(type(item) is str for item in constant):
        return _Words(constant, null_on_null=False)

    def literal(value: Any, budget: Budget) -> Any:
        return constant

    return literal


def _multi_select_dict(node: dict[str, Any]) -> Evaluator:
    pairs = [(child["value"], _compile(child)) for child in node["children"]]

    def multi_select_dict(value: Any, budget: Budget) -> Any:
        if value is None:
            return None
        return {key: evaluator(value, budget) for key, evaluator in pairs}

    return multi_select_dict


def _multi_select_list(node: dict[str, Any]) -> Evaluator:
    words = [_string_literal(child) for child in node["children"]]
    if words and all(word is not None for word in words):
        return _Words([str(word) for word in words], null_on_null=True)
    items = _children(node)

    def multi_select_list(value: Any, budget: Budget) -> Any:
        if value is None:
            return None
        return [item(value, budget) for item in items]

    return multi_select_list


def _operands(node: dict[str, Any]) -> list[Evaluator]:
    """`a || b || c` as [a, b, c]: jmespath nests the chain, either way round; taking the
    operands in order gives the same result with one call instead of one per operator."""
    flat: list[dict[str, Any]] = []
    pending = [node]
    while pending:
        current = pending.pop()
        if current["type"] == node["type"]:
            pending.extend(reversed(current["children"]))
        else:
            flat.append(current)
    return [_compile(child) for child in flat]


def _short_circuit(node: dict[str, Any], stops_on_false: bool) -> Evaluator:
    """`a || b || c` stops at the first value that is not false, `a && b && c` at the first
    that is; either way the last operand's value is the answer when none stops it."""
    operands = _operands(node)
    last = operands.pop()

    def short_circuit(value: Any, budget: Budget) -> Any:
        for operand in operands:
            matched = operand(value, budget)
            if _is_false(matched) is stops_on_false:
                return matched
        return last(value, budget)

    return short_circuit


def _or(node: dict[str, Any]) -> Evaluator:
    return _short_circuit(node, stops_on_false=False)


def _and(node: dict[str, Any]) -> Evaluator:
    return _short_circuit(node, stops_on_false=True)


def _not(node: dict[str, Any]) -> Evaluator:
    (inner,) = _children(node)

    def negation(value: Any, budget: Budget) -> Any:
        result = inner(value, budget)
        if _is_actual_number(result) and result == 0:
            return False  # !0 is false: 0 is not falsy in jmespath
        return not result

    return negation


def _projection(node: dict[str, Any]) -> Evaluator:
    left, right = _children(node)
    keep_all = node["children"][1]["type"] == "identity"

    def projection(value: Any, budget: Budget) -> Any:
        base = left(value, budget)
        if not isinstance(base, list):
            return None
        if keep_all:
            return [element for element in base if element is not None]
        collected = []
        for element in base:
            current = right(element, budget)
            if current is not None:
                collected.append(current)
        return collected

    return projection


def _value_projection(node: dict[str, Any]) -> Evaluator:
    left, right = _children(node)

    def value_projection(value: Any, budget: Budget) -> Any:
        base = left(value, budget)
        if not isinstance(base, dict):
            return None
        collected = []
        for element in base.values():
            current = right(element, budget)
            if current is not None:
                collected.append(current)
        return collected

    return value_projection


_COMPILERS: dict[str, Callable[[dict[str, Any]], Evaluator]] = {
    "and_expression": _and,
    "comparator": _comparator,
    "current": _current,
    "expref": _expref,
    "field": _field,
    "filter_projection": _filter_projection,
    "flatten": _flatten,
    "function_expression": _function,
    "identity": _current,
    "index": _index,
    "index_expression": _chain,
    "key_val_pair": _key_val_pair,
    "literal": _literal,
    "multi_select_dict": _multi_select_dict,
    "multi_select_list": _multi_select_list,
    "not_expression": _not,
    "or_expression": _or,
    "pipe": _chain,
    "projection": _projection,
    "slice": _slice,
    "subexpression": _chain,
    "value_projection": _value_projection,
}
