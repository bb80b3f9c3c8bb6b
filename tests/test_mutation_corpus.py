"""Five thousand mutated profiles, hostile scalars among them: every one is either loaded or
refused with positioned problems; none ends in an internal error."""

from __future__ import annotations

import random
from pathlib import Path

from integracheck.api import evaluate_loaded
from integracheck.loading.checklist import load_builtins
from integracheck.loading.errors import InputError
from integracheck.loading.profile import load_profile_text

EXAMPLE = (Path(__file__).resolve().parent.parent / "city_profiles" / "example.yaml").read_text(
    encoding="utf-8"
)
LINES = EXAMPLE.splitlines()
# Values written where a scalar was: YAML 1.1 traps, bad dates and numbers, explicit tags on
# bad values, control characters, CI commands, structure where text was.
HOSTILE = [
    "yes", "no", "on", "off", "18:00", "~", "null", "''", '""', "[]", "{}", "-1", "0",
    "1e400", "-.inf", ".nan", "0o17", "0x1F", "9" * 5000, "2027-02-30", "0000-01-01",
    "2026-13-01", "!!int twelve", "!!float lots", "!!bool maybe", "!!timestamp 2027-13-01",
    "!!str 1", "!!binary aGVsbG8=", "!!python/name:os.system", "!!set {a}", "&a x", "*a",
    '"line\\n::error::forged"', '"\\u0000\\u001b[31m"', '"##[error] legacy"', "<script>",
    "[a, [b, [c, [d]]]]", "{x: {y: {z: 1}}}", "'unterminated", "- item", ": x", "@reserved",
]  # fmt: skip
MUTATIONS = 5000


def _mutate(rng: random.Random) -> str:
    lines = list(LINES)
    for _ in range(rng.randint(1, 3)):
        index = rng.randrange(len(lines))
        line = lines[index]
        kind = rng.random()
        if ": " in line and kind < 0.6:
            key, _, _ = line.partition(": ")
            lines[index] = f"{key}: {rng.choice(HOSTILE)}"
        elif kind < 0.7:
            del lines[index]
        elif kind < 0.8:
            lines.insert(index, lines[rng.randrange(len(lines))])  # a duplicate, out of place
        elif kind < 0.9:
            lines[index] = " " * rng.randint(0, 6) + line.lstrip()  # indentation broken
        else:
            lines[index] = line + " " + rng.choice(HOSTILE)
    return "\n".join(lines) + "\n"


def test_mutated_profiles_load_or_are_refused_and_none_crashes() -> None:
    rng = random.Random(20261124)  # fixed: the same corpus on every run
    checklists = load_builtins()
    loaded_count = refused = 0
    for number in range(MUTATIONS):
        text = _mutate(rng)
        try:
            loaded = load_profile_text(text, f"mutation-{number}.yaml")
        except InputError as exc:
            refused += 1
            assert exc.problems, number
            assert all(p.line >= 1 and p.column >= 1 for p in exc.problems), number
            continue
        loaded_count += 1
        if loaded_count % 50 == 1:  # and some of those that load go all the way through
            evaluate_loaded(checklists, loaded)
    assert loaded_count + refused == MUTATIONS
    assert loaded_count > 100 and refused > 1000  # the corpus exercises both ways
