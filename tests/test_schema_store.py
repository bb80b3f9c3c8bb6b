"""The stored schemas validate as the models do: the same data in classes of the same names,
and the same errors at the same places; and the store is what the models give today."""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError

from integracheck.loading.document import parse_document
from integracheck.loading.errors import InputError
from integracheck.loading.schema_store import (
    build_schema_store,
    plain_data,
    profile_validator,
)
from integracheck.models.profile import Profile

ROOT = Path(__file__).resolve().parent.parent
STORE = ROOT / "src" / "integracheck" / "artefacts" / "schemas.json"
PROFILES = sorted((ROOT / "city_profiles").glob("*.yaml"))


def test_the_store_is_rebuilt_byte_for_byte_from_the_models() -> None:
    assert STORE.read_text(encoding="utf-8") == build_schema_store(), (
        "src/integracheck/artefacts/schemas.json is out of date: run `make artefacts`"
    )


def _both(data: Any) -> tuple[Any, Any]:
    """What the model and the stored schema make of the same data: plain data, or errors."""
    outcomes = []
    for run in (Profile.model_validate, profile_validator().validate_python):
        try:
            outcomes.append(("valid", plain_data(run(data))))
        except ValidationError as exc:
            outcomes.append(("invalid", exc.errors(include_url=False)))
    return outcomes[0], outcomes[1]


@pytest.mark.parametrize("path", PROFILES, ids=[p.stem for p in PROFILES])
def test_bundled_profiles_validate_alike(path: Path) -> None:
    data = parse_document(path.read_text(encoding="utf-8"), path.name).data
    by_model, by_store = _both(data)
    assert by_model[0] == "valid"
    assert by_store == by_model


def _mutations(data: dict[str, Any], rng: random.Random, count: int) -> list[Any]:
    """Copies of a profile's data with one value replaced by one of the wrong kind, a key
    misspelt, or a list item of the wrong shape."""
    wrong: list[Any] = ["text", 7, -1, 2.5, True, None, [], {}, ["a"], {"x": 1}, "2027-02-30"]
    paths: list[tuple[Any, ...]] = []
    stack: list[tuple[Any, tuple[Any, ...]]] = [(data, ())]
    while stack:
        node, path = stack.pop()
        children = node.items() if isinstance(node, dict) else enumerate(node)
        for key, value in children:
            paths.append((*path, key))
            if isinstance(value, dict | list):
                stack.append((value, (*path, key)))
    out = []
    for _ in range(count):
        copy = _deep_copy(data)
        path = rng.choice(paths)
        parent = copy
        for key in path[:-1]:
            parent = parent[key]
        roll = rng.random()
        if roll < 0.15 and isinstance(parent, dict):
            parent[str(path[-1]) + "s"] = parent.pop(path[-1])  # a near miss of a key
        else:
            parent[path[-1]] = rng.choice(wrong)
        out.append(copy)
    return out


def _deep_copy(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _deep_copy(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_deep_copy(v) for v in value]
    return value


def test_five_hundred_mutations_give_the_same_data_or_the_same_errors() -> None:
    rng = random.Random(20261124)
    invalid = 0
    for path in PROFILES:
        data = parse_document(path.read_text(encoding="utf-8"), path.name).data
        for mutated in _mutations(data, rng, 500 // len(PROFILES) + 1):
            by_model, by_store = _both(mutated)
            assert by_store == by_model
            invalid += by_model[0] == "invalid"
    assert invalid > 300  # most mutations are errors: the errors were compared


def test_an_invalid_profile_is_explained_with_the_models_field_names(tmp_path: Path) -> None:
    from integracheck.loading.profile import load_profile

    path = tmp_path / "typo.yaml"
    path.write_text("city:\n  name: X\n  populaton: 5\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_profile(str(path))
    (problem,) = caught.value.problems
    assert (problem.line, problem.column) == (3, 3)
    assert "did you mean 'population'?" in problem.message
