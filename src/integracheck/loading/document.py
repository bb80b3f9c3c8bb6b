"""YAML text to plain data, keeping the line and column of every key and value."""

from __future__ import annotations

import datetime as dt
import math
import os
import re
import stat
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import yaml

from integracheck.loading.errors import InputError, InputProblem

try:  # The C loader is several times faster; its nodes carry the same marks.
    from yaml import CSafeLoader as _BaseLoader
except ImportError:  # pragma: no cover - PyYAML built without libyaml
    from yaml import SafeLoader as _BaseLoader  # type: ignore[assignment]


class _Loader(_BaseLoader):
    """Plain scalars resolved as YAML 1.2's core schema says, as editors and JSON Schema
    validators read them: `18:00` is text (not 1080), `yes` is text (not true), and a date is
    text that the profile model checks."""


# Start from no implicit resolver at all (PyYAML's are YAML 1.1's), then add the core schema's.
_Loader.yaml_implicit_resolvers = {}

# Which tag a plain scalar gets depends only on its text: keys and vocabulary words recur in
# every profile, so each is matched against the patterns once per process.
_RESOLVED: dict[tuple[type, str, tuple[bool, bool]], str] = {}
# Keys and vocabulary come with the first profile; what is unique to one profile (a name, a
# population) then fills the rest, and memory stays flat however many profiles follow.
_MAX_RESOLVED = 1_024
_MAX_RESOLVED_LENGTH = 80


def _resolve(self: Any, kind: type, value: str, implicit: tuple[bool, bool]) -> str:
    if kind is not yaml.ScalarNode or len(value) > _MAX_RESOLVED_LENGTH:
        return str(_resolve_anew(self, kind, value, implicit))
    key = (kind, value, implicit)
    tag = _RESOLVED.get(key)
    if tag is None:
        tag = str(_resolve_anew(self, kind, value, implicit))
        if len(_RESOLVED) < _MAX_RESOLVED:
            _RESOLVED[key] = tag
    return tag


_resolve_anew: Callable[[Any, type, str, tuple[bool, bool]], Any] = _Loader.resolve
_Loader.resolve = _resolve  # type: ignore[method-assign]


_CORE_SCHEMA = (
    ("tag:yaml.org,2002:null", r"^(?:~|null|Null|NULL|)$", "~nN"),
    ("tag:yaml.org,2002:bool", r"^(?:true|True|TRUE|false|False|FALSE)$", "tTfF"),
    ("tag:yaml.org,2002:int", r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$", "-+0123456789"),
    (
        "tag:yaml.org,2002:float",
        r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
        r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$",
        "-+0123456789.",
    ),
)
for _tag, _pattern, _first in _CORE_SCHEMA:
    _Loader.add_implicit_resolver(_tag, re.compile(_pattern), list(_first))
_Loader.add_implicit_resolver("tag:yaml.org,2002:null", re.compile(r"^$"), [""])
# `<<` is still recognised, so that a merge key is refused with a clear message.
_Loader.add_implicit_resolver("tag:yaml.org,2002:merge", re.compile(r"^<<$"), ["<"])

# Python refuses to turn more digits than this into an int (a denial-of-service guard).
MAX_INT_DIGITS = 4000

# Bounds that keep a hostile document (alias bomb, deep nesting) cheap to refuse.
MAX_NODES = 200_000  # the bundled profiles have about 2,000
MAX_DEPTH = 64
MAX_BYTES = 5 * 1024 * 1024


class Positions:
    """Line and column (1-based) of each value and each mapping key, by profile path.

    Looked up in the YAML node tree when asked for: a profile is read far more often than any
    of its positions is needed, and a run asks for a few hundred of its thousands."""

    def __init__(self, root: yaml.Node | None = None) -> None:
        self._root = root
        self._found: dict[tuple[str, bool], tuple[int, int]] = {}
        # Each mapping's keys by name, built the first time a path goes through it: a lookup
        # costs the length of its path, not the size of the mapping (20,000 unknown keys in
        # one mapping would otherwise cost 20,000 scans of 20,000 keys).
        self._keys: dict[int, dict[str, tuple[int, yaml.Node, yaml.Node]]] = {}

    def of_value(self, path: str) -> tuple[int, int]:
        """Position of the value at `path`, or of the nearest ancestor that exists."""
        return self._position(path, key=False)

    def of_key(self, path: str) -> tuple[int, int]:
        """Position of the key that introduces `path` (falls back to the value)."""
        return self._position(path, key=True)

    def _position(self, path: str, key: bool) -> tuple[int, int]:
        found = self._found.get((path, key))
        if found is None:
            found = self._found[(path, key)] = self._walk(path, key)
        return found

    def _walk(self, path: str, key: bool) -> tuple[int, int]:
        """Follow `path` from the root as the builder named it; where it leads nowhere, the
        deepest node reached (its nearest existing ancestor)."""
        node = self._root
        if node is None:
            return (1, 1)
        rest = path
        key_node: yaml.Node | None = None
        while rest:
            key_node = None
            if isinstance(node, yaml.SequenceNode) and node.tag in _PLAIN_TAGS:
                match = _INDEX.match(rest)
                if match is None or int(match.group(1)) >= len(node.value):
                    break
                node = node.value[int(match.group(1))]
                rest = rest[match.end() :]
            elif isinstance(node, yaml.MappingNode) and node.tag in _PLAIN_TAGS:
                step = _key_step(self._keys_of(node), rest.removeprefix("."))
                if step is None:
                    break
                key_node, node, rest = step
            else:
                break
        else:
            anchor = key_node if key and key_node is not None else node
            return (anchor.start_mark.line + 1, anchor.start_mark.column + 1)
        return (node.start_mark.line + 1, node.start_mark.column + 1)

    def _keys_of(self, node: yaml.MappingNode) -> dict[str, tuple[int, yaml.Node, yaml.Node]]:
        keys = self._keys.get(id(node))
        if keys is None:
            keys = self._keys[id(node)] = {}
            for order, (key_node, value_node) in enumerate(node.value):
                if isinstance(key_node, yaml.ScalarNode) and key_node.tag != _MERGE:
                    # The first of duplicate keys, as the builder reads them.
                    keys.setdefault(str(key_node.value), (order, key_node, value_node))
        return keys


_INDEX = re.compile(r"\[([0-9]+)\]")
_MERGE = "tag:yaml.org,2002:merge"


def _key_step(
    keys: dict[str, tuple[int, yaml.Node, yaml.Node]], rest: str
) -> tuple[yaml.Node, yaml.Node, str] | None:
    """The key of a mapping that `rest` starts with as a whole path step (the first in the
    mapping when several do: a key may itself hold '.' or '['), its value, and what of `rest`
    remains."""
    best: tuple[int, yaml.Node, yaml.Node] | None = None
    remainder = ""
    for end in [*(i for i, char in enumerate(rest) if char in ".[" and i), len(rest)]:
        found = keys.get(rest[:end])
        if found is not None and (best is None or found[0] < best[0]):
            best, remainder = found, rest[end:]
    if best is None:
        return None
    return best[1], best[2], remainder


@dataclass
class Document:
    """A parsed YAML file: its data and where each part of it stands."""

    file: str
    data: Any
    positions: Positions = field(default_factory=Positions)
    # Problems that did not stop the parse (duplicate keys, refused tags): reported together
    # with schema errors, so a user sees every problem of a file at once.
    problems: list[InputProblem] = field(default_factory=list)


def parent_path(path: str) -> str:
    """`a.b[2].c` -> `a.b[2]` -> `a.b` -> `a` -> ``."""
    if path.endswith("]"):
        return path[: path.rindex("[")]
    return path.rpartition(".")[0]


def join_path(base: str, part: str | int) -> str:
    if isinstance(part, int):
        return f"{base}[{part}]"
    return f"{base}.{part}" if base else part


def size_limit() -> int:
    """The largest input file accepted: INTEGRACHECK_MAX_BYTES if set, else MAX_BYTES."""
    raw = os.environ.get("INTEGRACHECK_MAX_BYTES", "")
    return int(raw) if raw.isdigit() and int(raw) > 0 else MAX_BYTES


def read_text(file: str, max_bytes: int | None = None) -> str:
    """Read a file as UTF-8 text, refusing what is too large, binary or not UTF-8."""
    max_bytes = max_bytes if max_bytes is not None else size_limit()
    if not file:
        raise InputError([InputProblem("''", 1, 1, "", "cannot read file: the name is empty")])
    if os.path.isdir(file):
        message = "cannot read file: it is a folder with no profile (*.yaml, *.yml) in it"
        raise InputError([InputProblem(file, 1, 1, "", message)])
    try:
        if os.path.exists(file) and not stat.S_ISREG(os.stat(file).st_mode):
            # A FIFO or a device would block the read, or never end.
            message = "cannot read file: not a regular file (a pipe or a device?)"
            raise InputError([InputProblem(file, 1, 1, "", message)])
        with open(file, "rb") as handle:
            raw = handle.read(max_bytes + 1)
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise InputError([InputProblem(file, 1, 1, "", f"cannot read file: {reason}")]) from None
    if len(raw) > max_bytes:
        message = (
            f"file is larger than the limit of {max_bytes} bytes "
            "(set INTEGRACHECK_MAX_BYTES to change it)"
        )
        raise InputError([InputProblem(file, 1, 1, "", message)])
    if b"\x00" in raw:
        raise InputError([InputProblem(file, 1, 1, "", "file is binary, not YAML text")])
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        message = "file is not valid UTF-8 text"
        raise InputError([InputProblem(file, line, column, "", message)]) from None


def parse_document(text: str, file: str) -> Document:
    """Parse one YAML document; raise InputError listing every structural problem."""
    loader = _Loader(text)
    try:
        try:
            node = loader.get_single_node()
        except yaml.MarkedYAMLError as exc:
            mark = exc.problem_mark or exc.context_mark
            line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
            problem = exc.problem or exc.context or "malformed YAML"
            if exc.context == "expected a single document in the stream":
                problem = "a second YAML document starts here; a profile is one document"
            elif exc.context and exc.context_mark and exc.problem:
                opened = exc.context_mark
                problem += f" ({exc.context} at {opened.line + 1}:{opened.column + 1})"
            raise InputError([InputProblem(file, line, column, "", f"YAML: {problem}")]) from None
        except yaml.YAMLError as exc:
            raise InputError([InputProblem(file, 1, 1, "", f"YAML: {exc}")]) from None
        if node is None:
            raise InputError([InputProblem(file, 1, 1, "", "the file holds no YAML document")])
        # Without an alias a document has no more nodes than characters; only a document
        # that may expand needs measuring before it is built.
        may_expand = "*" in text or len(text) > MAX_NODES
        size = _expanded_size(node, {}, 0) if may_expand else 0
        if size > MAX_NODES:
            # Measured on the node graph (aliases shared), so a bomb is refused before any
            # expansion: in time and memory proportional to the text, not to what it expands to.
            message = (
                f"document expands to more than {MAX_NODES} nodes through aliases "
                "(a YAML alias bomb?); refused"
                if _has_alias(text)
                else f"document has more than {MAX_NODES} nodes; refused"
            )
            raise InputError([InputProblem(file, 1, 1, "", message)])
        builder = _Builder(file, loader)
        data = builder.build(node, 0)
    finally:
        loader.dispose()
    return Document(file=file, data=data, positions=Positions(node), problems=builder.problems)


def _has_alias(text: str) -> bool:
    return re.search(r"(?:^|[\s,\[{:])\*[^\s,\]}]", text) is not None


def _expanded_size(node: yaml.Node, memo: dict[int, int], depth: int) -> int:
    """How many nodes the document has once every alias is expanded (memoised per node)."""
    key = id(node)
    if key in memo:
        return memo[key]
    if depth > MAX_DEPTH:
        return 1  # the builder reports the depth itself, with its position
    size = 1
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            size += _expanded_size(key_node, memo, depth + 1)
            size += _expanded_size(value_node, memo, depth + 1)
            if size > MAX_NODES:
                break
    elif isinstance(node, yaml.SequenceNode):
        for item in node.value:
            size += _expanded_size(item, memo, depth + 1)
            if size > MAX_NODES:
                break
    memo[key] = size
    return size


_PLAIN_TAGS = frozenset({"tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"})


class _Builder:
    """Walks the composed node graph: duplicate keys, tags and bounds are seen here, with the
    path of each problem; positions are looked up later, only when asked for."""

    def __init__(self, file: str, loader: Any) -> None:
        self.file = file
        self.loader = loader
        self.problems: list[InputProblem] = []
        self.nodes = 0
        self.steps: list[str | int] = []  # the path to the node being built, step by step

    def path(self, *more: str | int) -> str:
        path = ""
        for step in (*self.steps, *more):
            path = join_path(path, step)
        return path

    def _problem(self, node: yaml.Node, path: str, message: str) -> None:
        mark = node.start_mark
        self.problems.append(InputProblem(self.file, mark.line + 1, mark.column + 1, path, message))

    def build(self, node: yaml.Node, depth: int) -> Any:
        self.nodes += 1
        if self.nodes > MAX_NODES:
            self._problem(
                node,
                self.path(),
                f"document expands to more than {MAX_NODES} nodes (a YAML alias bomb?); refused",
            )
            raise InputError(self.problems)
        if depth > MAX_DEPTH:
            path = self.path()
            shown = path if len(path) <= 60 else path[:57] + "..."
            self._problem(node, shown, f"nesting deeper than {MAX_DEPTH} levels; refused")
            raise InputError(self.problems)
        kind = type(node)
        if kind is yaml.ScalarNode:
            return self._scalar(node)
        if node.tag not in _PLAIN_TAGS:
            # A tag on a collection is how YAML asks for a Python object; a profile never needs one.
            self._problem(node, self.path(), f"YAML tag {node.tag} is not allowed")
            return None
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, depth)
        steps = self.steps
        items = []
        for index, item in enumerate(node.value):
            steps.append(index)
            items.append(self.build(item, depth + 1))
            steps.pop()
        return items

    def _scalar(self, node: yaml.Node, key_of: str | None = None) -> Any:
        """A scalar as the YAML 1.2 core schema reads it; a value its tag cannot hold is a
        positioned problem, never a crash. (`key_of`: the path of the mapping it is a key of.)"""
        value = str(node.value)
        tag = node.tag
        if tag == "tag:yaml.org,2002:str":
            return value
        tag = tag.removeprefix("tag:yaml.org,2002:")
        try:
            if tag == "null":
                if value not in ("", "~", "null", "Null", "NULL"):
                    raise ValueError(f"'{value}' is not null")
                return None
            if tag == "bool":
                return _boolean(value)
            if tag == "int":
                return _integer(value)
            if tag == "float":
                return _float(value)
            if tag == "timestamp":
                return _date(value)
        except ValueError as exc:
            self._problem(node, self.path() if key_of is None else key_of, f"YAML: {exc}")
            return None
        where = self.path() if key_of is None else key_of
        self._problem(node, where, f"YAML tag {node.tag} is not allowed")
        return None

    def _mapping(self, node: yaml.MappingNode, depth: int) -> dict[str, Any]:
        out: dict[str, Any] = {}
        first_seen: dict[str, int] = {}
        steps = self.steps
        for key_node, value_node in node.value:
            if key_node.tag == _MERGE:
                self._problem(
                    key_node,
                    self.path(),
                    "YAML merge keys (<<) are not supported; write the keys out",
                )
                continue
            if type(key_node) is not yaml.ScalarNode:
                self._problem(key_node, self.path(), "a mapping key must be plain text")
                continue
            key = (
                key_node.value
                if key_node.tag == "tag:yaml.org,2002:str"
                else self._scalar(key_node, key_of=self.path())
            )
            if not isinstance(key, str):
                key = str(key_node.value)
            if key in first_seen:
                self._problem(
                    key_node,
                    self.path(key),
                    f"duplicate key '{key}' (first at line "
                    f"{first_seen[key]}); YAML would silently keep only the last value",
                )
                continue
            first_seen[key] = key_node.start_mark.line + 1
            steps.append(key)
            out[key] = self.build(value_node, depth + 1)
            steps.pop()
        return out


def _boolean(value: str) -> bool:
    if value in ("true", "True", "TRUE"):
        return True
    if value in ("false", "False", "FALSE"):
        return False
    if value.lower() in ("yes", "no", "on", "off", "y", "n"):
        word = "true" if value.lower() in ("yes", "on", "y") else "false"
        raise ValueError(f"'{value}' is not a boolean in YAML 1.2; use {word}")
    raise ValueError(f"'{value}' is not a boolean; use true or false")


def _integer(value: str) -> int:
    digits = value.lstrip("+-")
    if len(digits) > MAX_INT_DIGITS:
        raise ValueError(f"an integer of {len(digits)} digits is too long")
    try:
        if digits.startswith("0o"):
            return int(value.replace("0o", "", 1), 8)
        if digits.startswith("0x"):
            return int(value.replace("0x", "", 1), 16)
        return int(value, 10)
    except ValueError:
        raise ValueError(f"'{value}' is not an integer") from None


def _float(value: str) -> float:
    lowered = value.lower()
    if lowered.lstrip("+-") == ".inf":
        return -math.inf if lowered.startswith("-") else math.inf
    if lowered == ".nan":
        return math.nan
    if len(value) > MAX_INT_DIGITS:
        raise ValueError(f"a number of {len(value)} characters is too long")
    try:
        return float(value)
    except ValueError:
        raise ValueError(f"'{value}' is not a number") from None


def _date(value: str) -> str:
    """An explicit !!timestamp: checked to be a real date, kept as text for the model."""
    try:
        dt.date.fromisoformat(value[:10])
    except ValueError:
        raise ValueError(f"'{value}' is not a valid date (YYYY-MM-DD)") from None
    return value
