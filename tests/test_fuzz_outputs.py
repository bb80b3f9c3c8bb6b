"""A seeded fuzz target: mutated profiles (node, dict and byte mutations, hostile file names)
through every command's formats, each output checked by a validator for its format.

A profile is either refused with positioned problems, or assessed; then JSON must parse
strictly (no NaN, no Infinity, no raw character a line reader splits on), JSON Lines must
keep one record a line under `splitlines()`, SARIF must satisfy its schema, JUnit must parse
as XML, Markdown and HTML must hold no markup from the input (through markdown-it-py and the
standard HTML parser), CSV must read back with `csv` to rows of the header's width, the gather
fragment must be YAML, and no line-oriented output may start a CI workflow command or carry a
terminal control. No case may end in an exception.

CI runs FUZZ_CASES cases (a few seconds); `make fuzz` runs many more, with another seed if
INTEGRACHECK_FUZZ_SEED is set.
"""

from __future__ import annotations

import copy
import csv
import io
import json
import os
import random
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml
from markdown_it import MarkdownIt

from integracheck.api import assess
from integracheck.loading.errors import InputError
from integracheck.render import RENDERERS, RenderOptions, render_many
from integracheck.render.gather import GATHER_RENDERERS
from integracheck.render.plan import PLAN_RENDERERS

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE_TEXT = (ROOT / "city_profiles" / "example.yaml").read_text(encoding="utf-8")
EXAMPLE = yaml.safe_load(EXAMPLE_TEXT)
SARIF = jsonschema.Draft7Validator(
    json.loads(
        (Path(__file__).parent / "data" / "schemas" / "sarif-schema-2.1.0.json").read_text(
            encoding="utf-8"
        )
    )
)
CASES = int(os.environ.get("INTEGRACHECK_FUZZ_CASES", "8"))
SEED = int(os.environ.get("INTEGRACHECK_FUZZ_SEED", "20261207"))
SHARDS = max(1, min(CASES, int(os.environ.get("INTEGRACHECK_FUZZ_SHARDS", "4"))))

# Text an attacker would put anywhere: line breaks of every kind, terminal controls (CSI,
# OSC 8 links), bidi overrides, CI workflow commands, markup, formula signs.
HOSTILE_TEXT = [
    "a\x85b", "a\u2028b\u2029c", "x\r\n::error::forged", "##[error]legacy", "\x1b[31mred\x1b[0m",
    "\x1b]8;;http://evil\x07link\x1b]8;;\x07", "\x00nul", "\u202eevil\u2066", "\ufeffbom",
    "<img src=x onerror=alert(1)>", "</script><script>alert(1)</script>", "[x](javascript:y)",
    "=HYPERLINK(\"http://evil\")", "\uff1d1+1", "@SUM(A1)", "| table | break |", "`code`",
    "\n\n<div>block</div>\n\n", "{{ 7*7 }}", "%s%n", "\t\v\f\x1c\x1d\x1e", "😀" * 50,
]  # fmt: skip
HOSTILE_VALUES: list[Any] = [
    *HOSTILE_TEXT, None, True, 0, -1, 10**30, 1e308, -1e-308, [], {}, [None], {"": None},
    [[[[1]]]], {"x": {"y": {"z": "\x85"}}}, "2027-02-30", "99:99", "yes", "~",
]  # fmt: skip
FILE_NAMES = [
    "p.yaml",
    "p\x85.yaml",
    "p\u2028.yaml",
    "::error::p.yaml",
    "p\n\n<img onerror=x>.yaml",
]


def _paths(node: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [prefix]
    if isinstance(node, dict):
        for key, value in node.items():
            found += _paths(value, (*prefix, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            found += _paths(value, (*prefix, index))
    return found


def _at(document: Any, path: tuple[Any, ...]) -> Any:
    for step in path:
        document = document[step]
    return document


def _node_mutation(document: dict[str, Any], rng: random.Random) -> None:
    path = rng.choice(_paths(document)[1:])
    _at(document, path[:-1])[path[-1]] = copy.deepcopy(rng.choice(HOSTILE_VALUES))


def _text_mutation(document: dict[str, Any], rng: random.Random) -> None:
    """Hostile text where the profile holds free text (a name, a note): still a valid profile,
    so the text reaches every output."""
    texts = [
        p for p in _paths(document) if isinstance(_at(document, p), str) and " " in _at(document, p)
    ]
    path = rng.choice(texts)
    _at(document, path[:-1])[path[-1]] += rng.choice(HOSTILE_TEXT)


def _dict_mutation(document: dict[str, Any], rng: random.Random) -> None:
    mappings = [p for p in _paths(document) if isinstance(_at(document, p), dict)]
    mapping = _at(document, rng.choice(mappings))
    kind = rng.random()
    if mapping and kind < 0.4:
        del mapping[rng.choice(list(mapping))]
    elif mapping and kind < 0.7:
        key = rng.choice(list(mapping))
        mapping[key + rng.choice(HOSTILE_TEXT)] = mapping.pop(key)  # an unknown, hostile key
    else:
        for number in range(rng.randint(1, 50)):
            mapping[f"unknown{number}{rng.choice(HOSTILE_TEXT)}"] = rng.choice(HOSTILE_VALUES)


def _byte_mutation(raw: bytes, rng: random.Random) -> bytes:
    data = bytearray(raw)
    for _ in range(rng.randint(1, 4)):
        position = rng.randrange(len(data))
        kind = rng.random()
        if kind < 0.3:
            data[position] = rng.randrange(256)
        elif kind < 0.6:
            data[position:position] = rng.choice(
                [b"\xc2\x85", b"\xe2\x80\xa8", b"\x00", b"\xff", b"\x1b[2J", b"\n::error::x\n"]
            )
        else:
            del data[position : position + rng.randint(1, 20)]
    return bytes(data)


def _case(rng: random.Random) -> tuple[str, bytes]:
    document = copy.deepcopy(EXAMPLE)
    for _ in range(rng.randint(1, 4)):
        kind = rng.random()
        mutation = (
            _text_mutation if kind < 0.7 else _node_mutation if kind < 0.85 else _dict_mutation
        )
        mutation(document, rng)
    raw = yaml.safe_dump(document, allow_unicode=True, sort_keys=False).encode("utf-8")
    if rng.random() < 0.15:
        raw = _byte_mutation(raw, rng)
    return rng.choice(FILE_NAMES), raw


# --- validators, one per format -------------------------------------------------------------------

_SPLIT_LINES = re.compile("[\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def _refuse(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


def strict_json(text: str) -> Any:
    assert not re.search("[\x85\u2028\u2029]", text), "a raw line break other than LF"
    return json.loads(text, parse_constant=_refuse)


def json_lines(text: str) -> None:
    lines = text.splitlines()
    assert len(lines) == text.count("\n")
    for line in lines:
        strict_json(line)


def sarif(text: str) -> None:
    errors = sorted(SARIF.iter_errors(strict_json(text)), key=str)
    assert not errors, errors[0].message


def junit(text: str) -> None:
    ET.fromstring(text.encode("utf-8"))


def markdown(text: str) -> None:
    tokens = MarkdownIt("commonmark").parse(text)
    every = [*tokens, *(child for token in tokens for child in token.children or [])]
    for token in every:
        if token.type in ("html_block", "html_inline"):
            assert "onerror" not in token.content and "<script" not in token.content
        if token.type == "link_open":
            assert not str(token.attrs.get("href", "")).startswith("javascript:")
    assert "\x1b" not in text


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.found: list[tuple[str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.found.append((tag, attrs))


def html(text: str) -> None:
    parser = _Tags()
    parser.feed(text)
    for tag, attrs in parser.found:
        assert tag != "img" or not any(name.startswith("on") for name, _ in attrs), attrs
        assert not any(name.startswith("on") for name, _ in attrs), (tag, attrs)
    assert "\x1b" not in text


def lines_for_a_log(text: str, annotations: bool = False) -> None:
    for line in text.split("\n"):
        assert "##[" not in line, line
        if line.lstrip().startswith("::"):
            assert annotations and re.match(r"::(error|warning|notice) file=", line), line
        assert not _CONTROL.search(line) or annotations, repr(line)


def spreadsheet(text: str) -> None:
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert rows and all(len(row) == len(rows[0]) for row in rows)
    for row in rows[1:]:
        for value in row:
            assert (
                value[:1] not in ("=", "+", "@", "\uff1d", "\uff0b", "\uff20")
                or value[1:].replace(".", "", 1).isdigit()
            ), value


def yaml_fragment(text: str) -> None:
    assert yaml.safe_load(text) is None  # every line a comment
    assert not _CONTROL.search(text.replace("\t", ""))


ASSESS_FORMATS = {
    "json": strict_json,
    "jsonl": json_lines,
    "sarif": sarif,
    "junit": junit,
    "markdown": markdown,
    "html": html,
    "terminal": lines_for_a_log,
    "github": lambda text: lines_for_a_log(text, annotations=True),
}


def _check_refusal(file: str, exc: InputError) -> None:
    assert exc.problems
    for problem in exc.problems:
        assert problem.line >= 1 and problem.column >= 1
        shown = str(problem)
        assert "\n" not in shown and not _SPLIT_LINES.search(shown), repr(shown)


def run_case(folder: Path, number: int, rng: random.Random) -> str:
    name, raw = _case(rng)
    path = folder / f"{number}-{name}"
    path.write_bytes(raw)
    try:
        report = assess(str(path), today=None)
    except InputError as exc:
        _check_refusal(str(path), exc)
        return "refused"
    options = RenderOptions(color=False, width=100)
    for format_name, validate in ASSESS_FORMATS.items():
        validate(RENDERERS[format_name](report, options))
    json_lines(render_many([report, report], "jsonl", options))
    strict_json(PLAN_RENDERERS["json"](report, None))
    spreadsheet(PLAN_RENDERERS["csv"](report, None))
    lines_for_a_log(PLAN_RENDERERS["terminal"](report, None))
    markdown(PLAN_RENDERERS["markdown"](report, None))
    strict_json(GATHER_RENDERERS["json"](report))
    yaml_fragment(GATHER_RENDERERS["yaml"](report))
    markdown(GATHER_RENDERERS["markdown"](report))
    return "assessed"


@pytest.mark.parametrize("shard", range(SHARDS))
def test_fuzzed_profiles_give_valid_output_in_every_format(tmp_path: Path, shard: int) -> None:
    outcomes: dict[str, int] = {}
    for number in range(shard, CASES, SHARDS):
        rng = random.Random(f"{SEED}-{number}")  # each case reproducible on its own
        outcome = run_case(tmp_path, number, rng)
        outcomes[outcome] = outcomes.get(outcome, 0) + 1
    assert sum(outcomes.values()) == len(range(shard, CASES, SHARDS))
