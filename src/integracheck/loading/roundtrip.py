"""Set one value in a profile's YAML text, keeping every comment, key order, quoting and
indentation of everything else (ruamel.yaml round trip, never hand-edited YAML)."""

from __future__ import annotations

import copy
import difflib
import io
import itertools
import re
from collections.abc import Sequence
from typing import Any

import yaml
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq

# A step into the document: a mapping key or a list index.
Step = str | int

# Indentations profiles are written with: (mapping, sequence, offset of the dash). The one
# whose plain round trip reproduces the file is used; the first is the bundled profiles' own.
_INDENTS: tuple[tuple[int, int, int], ...] = ((2, 4, 2), (2, 2, 0), (4, 4, 2), (4, 6, 4), (4, 4, 0))


class EditError(Exception):
    """The value cannot be placed where asked (a list item that does not exist, a scalar in
    the way)."""


def _yaml(indent: tuple[int, int, int]) -> YAML:
    rt = YAML(typ="rt")
    rt.preserve_quotes = True
    rt.width = 4096  # never fold a long line that was one line
    mapping, sequence, offset = indent
    rt.indent(mapping=mapping, sequence=sequence, offset=offset)
    return rt


def _dump(rt: YAML, data: Any) -> str:
    out = io.StringIO()
    rt.dump(data, out)
    return out.getvalue()


def _guess(text: str) -> tuple[int, int, int]:
    """The indentation a text is written with, read off its first nested key and its first
    block list."""
    mapping, offset = 2, 2
    lines = text.splitlines()
    for line, following in itertools.pairwise(lines):
        match = re.match(r"^( *)[^\s#-][^:#]*:\s*(#.*)?$", line)
        if match is None:
            continue
        deeper = re.match(r"^( *)(- )?\S", following)
        if deeper is None or len(deeper.group(1)) < len(match.group(1)):
            continue
        step = len(deeper.group(1)) - len(match.group(1))
        if deeper.group(2):
            offset = step
            break
        if step > 0:
            mapping = step
    return mapping, mapping + offset, offset


def _fitting(text: str) -> tuple[YAML, Any, str]:
    """The round-trip loader whose indentation reproduces the text best, the data it loaded,
    and that data dumped unchanged (the base the edit is measured against)."""
    guessed = _guess(text)
    rt = _yaml(guessed)
    data = rt.load(text)
    base = _dump(rt, data)
    if base == text:
        return rt, data, base
    best: tuple[int, YAML, Any, str] = (_changed(text, base), rt, data, base)
    if best[0] <= max(5, text.count("\n") // 20):
        return rt, data, base  # a few lines ruamel lays out its own way: the merge keeps them
    for indent in _INDENTS:
        if indent == guessed:
            continue
        rt = _yaml(indent)
        data = rt.load(text)
        base = _dump(rt, data)
        if base == text:
            return rt, data, base
        changed = _changed(text, base)
        if changed < best[0]:
            best = (changed, rt, data, base)
    return best[1], best[2], best[3]


def _changed(text: str, base: str) -> int:
    matcher = difflib.SequenceMatcher(None, text.splitlines(), base.splitlines(), False)
    return sum(
        max(i2 - i1, j2 - j1) for tag, i1, i2, j1, j2 in matcher.get_opcodes() if tag != "equal"
    )


def _tail_holder(node: Any) -> tuple[Any, Step, int] | None:
    """Where the comment after a collection's last entry is kept: (collection, key or index,
    slot). ruamel keeps the comment lines that follow a block on its deepest last entry."""
    if isinstance(node, CommentedMap) and node:
        last = list(node.keys())[-1]
        entry = node.ca.items.get(last)
        if entry and entry[2] is not None:
            return node, last, 2
        return _tail_holder(node[last])
    if isinstance(node, CommentedSeq) and node:
        last_index = len(node) - 1
        entry = node.ca.items.get(last_index)
        if entry and entry[0] is not None:
            return node, last_index, 0
        return _tail_holder(node[last_index])
    return None


def _detach_tail(node: Any) -> Any:
    """Take the comment lines that follow a collection's last entry from the first blank line
    on (those are about what comes next); a comment on that entry's own line, and comment
    lines right below it, stay where they are."""
    held = _tail_holder(node)
    if held is None:
        return None
    collection, key, slot = held
    token = collection.ca.items[key][slot]
    value = str(token.value)
    blank = value.find("\n\n")
    if blank < 0:
        return None
    if blank == 0:
        collection.ca.items[key][slot] = None
        return token
    moved = copy.copy(token)
    token.value = value[: blank + 1]
    moved.value = "\n" + value[blank + 1 :]
    return moved


def _attach_tail(node: Any, token: Any) -> None:
    """Give the comment that followed a collection back to its new last entry, so a comment
    about what comes next stays before what comes next."""
    if isinstance(node, CommentedMap) and node:
        last = list(node.keys())[-1]
        value = node[last]
        if isinstance(value, CommentedMap | CommentedSeq) and value and not value.fa.flow_style():
            _attach_tail(value, token)
            return
        entry = node.ca.items.setdefault(last, [None, None, None, None])
        entry[2] = token
    elif isinstance(node, CommentedSeq) and node:
        last_index = len(node) - 1
        value = node[last_index]
        if isinstance(value, CommentedMap | CommentedSeq) and value and not value.fa.flow_style():
            _attach_tail(value, token)
            return
        entry = node.ca.items.setdefault(last_index, [None, None])
        entry[0] = token


def _put(mapping: CommentedMap, key: str, value: Any) -> None:
    """Set a key: in place when it exists, else at the end, before the comment that closed
    the mapping."""
    if key in mapping:
        mapping[key] = value
        return
    token = _detach_tail(mapping)
    mapping[key] = value
    if token is not None:
        _attach_tail(mapping, token)


def _styled(value: Any) -> Any:
    """A list of plain values as a flow list (`[a, b]`), the way profiles write them."""
    if isinstance(value, list):
        out = CommentedSeq(_styled(v) for v in value)
        if all(not isinstance(v, dict | list) for v in value):
            out.fa.set_flow_style()
        return out
    if isinstance(value, dict):
        mapping = CommentedMap()
        for key, item in value.items():
            mapping[key] = _styled(item)
        return mapping
    return value


def _cite(mapping: CommentedMap, source: str) -> None:
    """Add a citation to the object the value was written in: `source` holds one citation or a
    list of them."""
    current = mapping.get("source")
    if current is None:
        _put(mapping, "source", source)
    elif isinstance(current, list):
        if source not in current:
            current.append(source)
    elif str(current) != source:
        cited = CommentedSeq([current, source])
        _put(mapping, "source", cited)


def set_value(text: str, steps: Sequence[Step], value: Any, *, source: str | None = None) -> str:
    """The text with `value` at `steps` (missing mappings created) and, when `source` is given,
    the citation added to the mapping that holds the value; every other line as it was.
    EditError when the value cannot be placed so."""
    if not steps:
        raise EditError("no place to write to")
    rt, data, base = _fitting(text)
    if data is None:
        data = CommentedMap()
    if not isinstance(data, CommentedMap):
        raise EditError("the profile is not a mapping")
    node: Any = data
    at = 0
    # Down to the deepest mapping that exists.
    while at < len(steps) - 1:
        step = steps[at]
        if isinstance(step, int):
            if not isinstance(node, CommentedSeq) or not 0 <= step < len(node):
                raise EditError(f"no list item {step}")
        elif not isinstance(node, CommentedMap):
            raise EditError(f"'{step}' is not inside a mapping")
        elif node.get(step) is None:
            break
        node = node[step]
        at += 1
    if not isinstance(node, CommentedMap) or any(isinstance(s, int) for s in steps[at:]):
        raise EditError(f"no list item at '{'.'.join(str(s) for s in steps[: at + 1])}'")
    # What is missing below it is built whole, then put in once (so a comment that closed the
    # mapping moves below all of it).
    subtree: Any = _styled(value)
    holder = node
    if at < len(steps) - 1:
        innermost = CommentedMap()
        innermost[steps[-1]] = subtree
        if source:
            innermost["source"] = source
        subtree = innermost
        for step in reversed(steps[at + 1 : -1]):
            outer = CommentedMap()
            outer[step] = subtree
            subtree = outer
        _put(node, str(steps[at]), subtree)
    else:
        _put(holder, str(steps[-1]), subtree)
        if source:
            _cite(holder, source)
    return _finished(text, base, _dump(rt, data))


def add_item(text: str, steps: Sequence[str], item: dict[str, Any]) -> str:
    """The text with `item` added at the end of the list at `steps` (the list created when
    absent); every other line as it was. EditError when it cannot be placed so."""
    rt, data, base = _fitting(text)
    node: Any = data
    for step in steps:
        if not isinstance(node, CommentedMap):
            raise EditError(f"'{step}' is not inside a mapping")
        if node.get(step) is None:
            return set_value(text, steps, [item])
        node = node[step]
    if not isinstance(node, CommentedSeq) or node.fa.flow_style():
        raise EditError(f"'{'.'.join(steps)}' is not a list of entries")
    token = _detach_tail(node)
    node.append(_styled(item))
    if token is not None:
        _attach_tail(node, token)
    return _finished(text, base, _dump(rt, data))


def _finished(text: str, base: str, edited: str) -> str:
    if base == text:
        return edited
    merged = _merge(text, base, edited)
    if merged is None or not _same_data(merged, edited):
        # ruamel would lay out lines around this place differently (a flow mapping folded
        # over lines): writing its layout would change lines the answer is not about.
        raise EditError("this place cannot be written without changing other lines")
    return merged


def _same_data(left: str, right: str) -> bool:
    try:
        return bool(yaml.safe_load(left) == yaml.safe_load(right))
    except yaml.YAMLError:
        return False


def _merge(original: str, base: str, edited: str) -> str | None:
    """Apply the change from `base` (the file as ruamel lays it out) to `edited` onto the
    original text, so lines ruamel would lay out differently (a folded flow mapping) stay as
    they were; None when the change touches such a line."""
    ours = original.splitlines(keepends=True)
    base_lines = base.splitlines(keepends=True)
    theirs = edited.splitlines(keepends=True)
    # Each line of the base and the original line it stands for: equal lines, and lines ruamel
    # writes differently one for one (`key: null  # note` written `key:  # note`).
    where: dict[int, int] = {}
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, base_lines, ours, False).get_opcodes():
        if tag == "equal" or (tag == "replace" and i2 - i1 == j2 - j1):
            for k in range(i2 - i1):
                where[i1 + k] = j1 + k
    edits: list[tuple[int, int, list[str]]] = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(
        None, base_lines, theirs, False
    ).get_opcodes():
        if tag == "equal":
            continue
        if i1 < i2:
            span = [where.get(i) for i in range(i1, i2)]
            if None in span:
                return None
            start = where[i1]
            if span != list(range(start, start + len(span))):
                return None
            edits.append((start, start + len(span), theirs[j1:j2]))
        elif i1 > 0 and i1 - 1 in where:
            at = where[i1 - 1] + 1
            edits.append((at, at, theirs[j1:j2]))
        elif i1 in where:
            at = where[i1]
            edits.append((at, at, theirs[j1:j2]))
        else:
            return None
    for start, end, lines in sorted(edits, key=lambda e: (e[0], e[1]), reverse=True):
        ours[start:end] = lines
    return "".join(ours)
