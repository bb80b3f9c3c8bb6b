"""What a condition over lists given as partial evidence shows, and what it leaves open.

A list given as partial evidence holds what the sources happen to mention: the city may have
more items, or an item more values (a service more offers, a strategy more areas). A condition
read over such a list is shown only where every completion of the lists agrees with it: a kind
of item found stays found, a listed item that breaks a claim about every item keeps breaking it,
but a kind of item not found, or a claim about every item that the listed ones bear out, is not
known.

Which way a value can move as the lists gain items follows from the expression alone (its
syntax tree and which lists are partial), so it is worked out once per expression: a list that
gains items *rises* (a superset), and so do its length, `contains` over it, a filter over it
(whose condition on an item does not fall), `>` against a fixed value; `!`, `<` turn a rise into
a fall; `==` between moving values, or parts that move both ways, may go *either* way. A
condition decided by a rising part holds for every completion when it is true now; by a falling
part, when it is false now; by a fixed part, always; `&&`, `||` and `!` combine what their parts
show (three-valued logic), so `kind found && !(a listed item breaks it)` is false for good once
a listed item breaks it, and open while none does.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal

from integracheck.loading.expressions import compile_expression, item_path, joined_path

Growth = Literal["fixed", "rises", "falls", "either"]

_FLIPPED: dict[Growth, Growth] = {
    "fixed": "fixed",
    "rises": "falls",
    "falls": "rises",
    "either": "either",
}

# Functions whose result moves as their (list) argument does: a longer list, a larger set.
_FOLLOWS_ARGUMENT = frozenset({"length", "to_array", "sort", "values", "keys", "not_null"})


# Nodes whose value is a list (or null): a member list of a multi-select that rises gains items.
_LISTS = frozenset({"projection", "filter_projection", "flatten", "value_projection"})


def _both(first: Growth, second: Growth) -> Growth:
    """How a value made of two parts can move: as the moving part, or either way if both move
    and not alike."""
    if first == "fixed" or first == second:
        return second
    if second == "fixed":
        return first
    return "either"


def _members(growth: Growth) -> Growth:
    """How a list can move when each of its members moves so: members that rise (a list that
    gains values) keep it rising; members that can fall leave nothing certain."""
    return growth if growth in ("fixed", "rises") else "either"


class _Walk:
    """How the value of each node moves as the partial lists gain items; also the partial lists
    each node reads."""

    def __init__(self, partial: frozenset[str], unknown: frozenset[str] = frozenset()) -> None:
        self.partial = partial
        self.unknown = unknown
        self.read: set[str] = set()

    def stays_stated(self, node: dict[str, Any], path: str | None, moves: Growth) -> bool:
        """Whether a node's value stays stated, or not stated, as the lists gain items: a field,
        a filter, a comparison always do; `a || b` and `a && b` when a's truth is fixed and
        both parts do (otherwise which of them is the value may change)."""
        kind = node["type"]
        if kind in ("and_expression", "or_expression"):
            first, second = node["children"]
            return (
                self.node(first, path, moves)[0] == "fixed"
                and self.stays_stated(first, path, moves)
                and self.stays_stated(second, path, moves)
            )
        if kind == "function_expression" and node.get("value") == "not_null":
            return all(
                self.stays_stated(child, path, moves) for child in node.get("children") or []
            )
        return True

    def node(
        self, node: dict[str, Any], path: str | None, moves: Growth
    ) -> tuple[Growth, str | None]:
        """(how the node's value moves, the profile path it stands for) when applied to a value
        at `path` that moves as `moves`."""
        kind = node["type"]
        children = node.get("children") or []
        if kind == "literal":
            return "fixed", None
        if kind in ("current", "identity"):
            return moves, path
        if kind == "field":
            here = joined_path(path, node["value"])
            if here is not None and here in self.partial:
                self.read.add(here)
                return "rises", here
            if here is not None and here in self.unknown:
                self.read.add(here)
                return "either", here
            # A field of a fixed value is fixed; of a moving one, it may move any way.
            return ("fixed" if moves == "fixed" else "either"), here
        if kind in ("subexpression", "pipe"):
            for child in children:
                moves, path = self.node(child, path, moves)
            return moves, path
        if kind in ("projection", "value_projection"):
            listed, where = self.node(children[0], path, moves)
            item = item_path(where)
            each, _ = self.node(children[1], item, "fixed" if listed != "either" else "either")
            return _projected(listed, each), None if item is None else item
        if kind == "filter_projection":
            item_moves: Growth
            if children[0]["type"] == "multi_select_list":
                # `[a, b, c][?@]`: a list of fixed length whose members move as a, b and c do
                # (the kinds of entry point found, counted).
                listed, where, item_moves = "fixed", None, "fixed"
                for member in children[0].get("children") or []:
                    item_moves = _both(item_moves, self.node(member, path, moves)[0])
            else:
                listed, where = self.node(children[0], path, moves)
                item_moves = "fixed" if listed != "either" else "either"
            item = item_path(where)
            passes, _ = self.node(children[2], item, item_moves)
            each, _ = self.node(children[1], item, item_moves)
            chosen: Growth
            if listed == "fixed" and passes == "fixed":
                chosen = "fixed"
            elif listed in ("fixed", "rises") and passes in ("fixed", "rises"):
                # New items, or listed items whose lists gain values, may pass the filter.
                chosen = "rises"
            else:
                chosen = "either"
            return _projected(chosen, each), item
        if kind == "flatten":
            moves, where = self.node(children[0], path, moves)
            return _members(moves), where
        if kind == "not_expression":
            moves, _ = self.node(children[0], path, moves)
            return _FLIPPED[moves], None
        if kind in ("and_expression", "or_expression"):
            first, first_path = self.node(children[0], path, moves)
            second, second_path = self.node(children[1], path, moves)
            return _both(first, second), first_path or second_path
        if kind == "comparator":
            left, _ = self.node(children[0], path, moves)
            right, _ = self.node(children[1], path, moves)
            operator = node["value"]
            if operator in ("eq", "ne") and _is_null(children[0]) != _is_null(children[1]):
                other = children[1] if _is_null(children[0]) else children[0]
                if self.stays_stated(other, path, moves):
                    # Whether a value is stated: completing a list never states or unstates one.
                    return "fixed", None
            if operator == "ne" and _least_and_most(children[0], children[1]):
                # `sort(x)[0] != sort(x)[-1]`, two different values: the least can only fall and
                # the most only rise as x gains values, so once different they stay so.
                values, _ = self.node(children[0]["children"][0], path, moves)
                return (values if values in ("fixed", "rises") else "either"), None
            if operator in ("gt", "gte"):
                return _both(left, _FLIPPED[right]), None
            if operator in ("lt", "lte"):
                return _both(_FLIPPED[left], right), None
            return ("fixed" if left == right == "fixed" else "either"), None
        if kind == "function_expression":
            arguments = [self.node(child, path, moves) for child in children]
            name = node["value"]
            if name == "contains" and len(arguments) == 2:
                searched = arguments[1][0]
                subject = children[0]
                members = (
                    subject["children"] if subject["type"] == "multi_select_list" else [subject]
                )
                if _is_null(children[1]) and all(
                    self.stays_stated(member, path, moves) for member in members
                ):
                    # `contains([a, b], null)`: whether a and b are stated.
                    return "fixed", None
                return (arguments[0][0] if searched == "fixed" else "either"), None
            if name in _FOLLOWS_ARGUMENT and len(arguments) == 1:
                return arguments[0][0], arguments[0][1]
            if name == "not_null":
                growth: Growth = "fixed"
                for moved, _ in arguments:
                    growth = _both(growth, moved)
                return growth, None
            fixed = all(moved == "fixed" for moved, _ in arguments)
            return ("fixed" if fixed else "either"), None
        if kind == "index_expression" and children[1].get("type") == "index":
            listed, where = self.node(children[0], path, moves)
            if children[1].get("value", -1) >= 0 and listed in ("fixed", "rises"):
                # A list completed gains items after those listed: its first item, once there,
                # stays.
                return listed, item_path(where)
            return ("fixed" if listed == "fixed" else "either"), None
        if kind == "multi_select_list":
            members = [self.node(child, path, moves) for child in children]
            combined: Growth = "fixed"
            for moved, _ in members:
                combined = _both(combined, moved)
            if combined == "fixed":
                return "fixed", None
            lists = all(child["type"] in _LISTS for child in children)
            # `[a[], b[]][]`: lists that only gain items, flattened, only gain items.
            return ("rises" if lists and combined == "rises" else "either"), None
        # Indexing, slices, multi-selects, expression references: fixed only when every part is.
        parts = [self.node(child, path, moves)[0] for child in children if isinstance(child, dict)]
        fixed = moves == "fixed" and all(moved == "fixed" for moved in parts)
        return ("fixed" if fixed else "either"), None


def _least_and_most(first: dict[str, Any], second: dict[str, Any]) -> bool:
    """Whether two nodes are `sort(x)[0]` and `sort(x)[-1]` of the same x."""

    def end(node: dict[str, Any]) -> tuple[str, Any] | None:
        children = node.get("children") or []
        if node["type"] != "index_expression" or len(children) != 2:
            return None
        ordered, index = children
        if ordered.get("type") != "function_expression" or ordered.get("value") != "sort":
            return None
        return repr(ordered), index.get("value")

    ends = end(first), end(second)
    return (
        ends[0] is not None
        and ends[1] is not None
        and ends[0][0] == ends[1][0]
        and {ends[0][1], ends[1][1]} == {0, -1}
    )


def _is_null(node: dict[str, Any]) -> bool:
    return node["type"] == "literal" and node.get("value") is None


def _projected(listed: Growth, each: Growth) -> Growth:
    """How a projection moves: its list as it moves, each member as the right-hand side does."""
    if listed == "fixed":
        return _members(each)
    if listed == "rises" and each in ("fixed", "rises"):
        return "rises"
    return "either"


@functools.cache
def growth(
    text: str, partial: frozenset[str], unknown: frozenset[str] = frozenset()
) -> tuple[Growth, frozenset[str]]:
    """How an expression's value moves as the lists in `partial` (paths as `services`,
    `services[].offers`) gain items and the fields in `unknown` take any value, and which of
    those lists and fields it reads."""
    walk = _Walk(partial, unknown)
    moved, _ = walk.node(compile_expression(text).parsed, "", "fixed")
    return moved, frozenset(walk.read)


def shown(
    text: str,
    partial: frozenset[str],
    value: Callable[[str], Any],
    part: Callable[[dict[str, Any]], Any],
    truthy: Callable[[Any], bool],
    unknown: frozenset[str] = frozenset(),
) -> Shown:
    """What the stated facts show of a condition: its truth now, whether every completion of
    the partial lists (and every value of the fields in `unknown`) agrees, and if not, the lists
    and fields that leave it open.

    `value` evaluates the whole expression, `part` one node of its syntax tree; both over the
    profile."""
    moved, _ = growth(text, partial, unknown)
    holds = truthy(value(text))
    if _settled(moved, holds):
        return Shown(holds, True, frozenset())
    return _settle(compile_expression(text).parsed, (partial, unknown), part, truthy)


@dataclass(frozen=True, slots=True)
class Shown:
    """A condition as the stated facts show it."""

    holds: bool  # its value on the profile as stated
    settled: bool  # every completion of the partial lists gives the same
    open_lists: frozenset[str]  # the partial lists that leave it open, when not settled


def _settled(moved: Growth, holds: bool) -> bool:
    return moved == "fixed" or (moved == "rises" and holds) or (moved == "falls" and not holds)


def _settle(
    node: dict[str, Any],
    partial: tuple[frozenset[str], frozenset[str]],
    part: Callable[[dict[str, Any]], Any],
    truthy: Callable[[Any], bool],
) -> Shown:
    """Kleene's three-valued logic over `&&`, `||` and `!`; any other node is settled by how
    it moves."""
    kind = node["type"]
    if kind == "not_expression":
        inner = _settle(node["children"][0], partial, part, truthy)
        return Shown(not inner.holds, inner.settled, inner.open_lists)
    if kind in ("and_expression", "or_expression"):
        # A settled false part settles `&&`, a settled true one `||`.
        deciding = kind == "or_expression"
        first = _settle(node["children"][0], partial, part, truthy)
        if first.settled and first.holds == deciding:
            return first
        second = _settle(node["children"][1], partial, part, truthy)
        if second.settled and second.holds == deciding:
            return second
        holds = (first.holds or second.holds) if deciding else (first.holds and second.holds)
        settled = first.settled and second.settled
        return Shown(
            holds, settled, frozenset() if settled else first.open_lists | second.open_lists
        )
    moved, read = _node_growth(node, *partial)
    holds = truthy(part(node))
    if _settled(moved, holds):
        return Shown(holds, True, frozenset())
    return Shown(holds, False, read)


# Keyed by the node's identity: the trees are those of compiled expressions, kept for the
# process, and the node is kept beside its result so an identity is never read for another.
_NODE_GROWTH: dict[
    tuple[int, frozenset[str], frozenset[str]], tuple[dict[str, Any], Growth, frozenset[str]]
] = {}


def _node_growth(
    node: dict[str, Any], partial: frozenset[str], unknown: frozenset[str]
) -> tuple[Growth, frozenset[str]]:
    key = (id(node), partial, unknown)
    found = _NODE_GROWTH.get(key)
    if found is None or found[0] is not node:
        walk = _Walk(partial, unknown)
        moved, _ = walk.node(node, "", "fixed")
        found = _NODE_GROWTH[key] = (node, moved, frozenset(walk.read))
    return found[1], found[2]


def stated(
    text: str,
    partial: frozenset[str],
    value: Callable[[str], Any],
    part: Callable[[dict[str, Any]], Any],
    truthy: Callable[[Any], bool],
) -> Shown:
    """What the stated facts show of a fact expression being stated (not null): a field stays
    stated or not stated whatever the lists gain, but `a || b || null` is stated only while a
    part holds, and a part may hold only as far as a partial list goes (`areas lacks health`)."""
    if value(text) is None:
        return Shown(False, True, frozenset())
    moved, _ = growth(text, partial)
    if moved == "fixed":
        return Shown(True, True, frozenset())
    return _stated(compile_expression(text).parsed, (partial, frozenset()), part, truthy)


def _stated(
    node: dict[str, Any],
    partial: tuple[frozenset[str], frozenset[str]],
    part: Callable[[dict[str, Any]], Any],
    truthy: Callable[[Any], bool],
) -> Shown:
    kind = node["type"]
    children = node.get("children") or []
    if kind == "or_expression":
        # `a || b` is a when a holds, else b.
        first = _settle(children[0], partial, part, truthy)
        if first.settled and first.holds:
            return Shown(True, True, frozenset())
        second = _stated(children[1], partial, part, truthy)
        if first.settled:
            return second
        holds = first.holds or second.holds
        # Stated for good when both ways give a value.
        if second.settled and second.holds:
            return Shown(True, True, frozenset())
        return Shown(holds, False, first.open_lists | second.open_lists)
    if kind == "function_expression" and node["value"] == "not_null":
        parts = [_stated(child, partial, part, truthy) for child in children]
        if any(p.settled and p.holds for p in parts):
            return Shown(True, True, frozenset())
        holds = any(p.holds for p in parts)
        if all(p.settled for p in parts):
            return Shown(holds, True, frozenset())
        opened: frozenset[str] = frozenset()
        for p in parts:
            opened |= p.open_lists
        return Shown(holds, False, opened)
    if kind == "literal":
        return Shown(node.get("value") is not None, True, frozenset())
    if kind == "and_expression":
        # `a && b` is a when a does not hold, else b: read as a condition.
        return _settle(node, partial, part, truthy)
    # A field, a filter, a comparison, a count: stated or not whatever the lists gain.
    return Shown(part(node) is not None, True, frozenset())
