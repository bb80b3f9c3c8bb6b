"""Positions looked up in the node tree when asked for are those a full walk of the document
records for every key and value, on every bundled profile and on awkward documents."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from integracheck.loading.document import join_path, parent_path, parse_document

ROOT = Path(__file__).resolve().parent.parent
PROFILES = sorted((ROOT / "city_profiles").glob("*.yaml"))


def _every_position(text: str) -> tuple[dict[str, tuple[int, int]], dict[str, tuple[int, int]]]:
    """Every value's and key's position by path, recorded in one walk (first of duplicates)."""
    values: dict[str, tuple[int, int]] = {}
    keys: dict[str, tuple[int, int]] = {}

    def walk(node: yaml.Node, path: str) -> None:
        values[path] = (node.start_mark.line + 1, node.start_mark.column + 1)
        if isinstance(node, yaml.MappingNode):
            seen: set[str] = set()
            for key_node, value_node in node.value:
                if not isinstance(key_node, yaml.ScalarNode) or key_node.tag.endswith(":merge"):
                    continue
                key = str(key_node.value)
                if key in seen:
                    continue
                seen.add(key)
                child = join_path(path, key)
                keys[child] = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
                walk(value_node, child)
        elif isinstance(node, yaml.SequenceNode):
            for index, item in enumerate(node.value):
                walk(item, join_path(path, index))

    walk(yaml.compose(text, Loader=yaml.SafeLoader), "")
    return values, keys


def _nearest(path: str, table: dict[str, tuple[int, int]]) -> tuple[int, int]:
    while path and path not in table:
        path = parent_path(path)
    return table.get(path, (1, 1))


def _check(text: str, extra_paths: list[str]) -> int:
    values, keys = _every_position(text)
    positions = parse_document(text, "t.yaml").positions
    paths = sorted({*values, *extra_paths})
    for path in paths:
        assert positions.of_value(path) == _nearest(path, values), path
        expected_key = keys[path] if path in keys else _nearest(path, values)
        assert positions.of_key(path) == expected_key, path
    return len(paths)


@pytest.mark.parametrize("path", PROFILES, ids=[p.stem for p in PROFILES])
def test_every_position_of_a_bundled_profile(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    checked = _check(text, ["services[99].id", "city.nowhere.deeper", "strategy.year.x"])
    assert checked > 20


AWKWARD = """\
a:
  b: 1
  b: 2
  "h.i": 3
  c: {d: 4}
  list:
    - x
    - [y, {z: 5}]
    - {}
  ? [complex, key]
  : 6
  7: seven
  ~: nothing
  e: &anchor {f: 8}
  g: *anchor
"""


def test_duplicates_dotted_keys_aliases_and_odd_keys() -> None:
    # A key with a dot in it is found whole (`a.h.i`); a path that two keys could spell is
    # ambiguous in any table of paths, so none is tried here.
    _check(AWKWARD, ["a.list[1][1].z", "a.list[5]", "a.h.i", "a.c.d", "a.g.f", "a.7", "a.~", ""])
