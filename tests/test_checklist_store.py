"""The stored built-in checklists are what their YAML files say, and a run never uses a store
that its YAML files no longer match."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from integracheck.loading import checklist as checklist_loading
from integracheck.loading import checklist_store
from integracheck.loading.checklist import built_store, checklist_expressions
from integracheck.loading.expressions import parse_tree
from integracheck.loading.fingerprint import fingerprint
from integracheck.loading.schema_store import plain_data

STORE = Path(checklist_loading.__file__).resolve().parent.parent / "artefacts" / "checklists.json"


def test_the_store_is_rebuilt_byte_for_byte_from_the_yaml() -> None:
    assert STORE.read_text(encoding="utf-8") == built_store(), (
        "src/integracheck/artefacts/checklists.json is out of date: run `make artefacts`"
    )


def test_stored_checklists_equal_the_ones_read_from_yaml() -> None:
    stored = checklist_store.read_store()
    assert stored is not None
    from_store, trees = stored
    from_yaml = [
        checklist_loading._load_builtin(entry) for entry in checklist_store.checklist_files()
    ]
    # The store gives plain classes standing for the models: the same fields, the same values.
    assert [plain_data(c) for _, c, _ in from_store] == [
        plain_data(item.checklist) for item in from_yaml
    ]
    # The stored fingerprints are those of the YAML, and of the stored data alike.
    assert [prints for _, _, prints in from_store] == [item.fingerprint for item in from_yaml]
    assert [fingerprint(c) for _, c, _ in from_store] == [item.fingerprint for item in from_yaml]
    expressions = {e for _, c, _ in from_store for e in checklist_expressions(c)}
    assert set(trees) == expressions
    for text in sorted(expressions)[::25]:  # the trees are jmespath's own
        assert trees[text] == parse_tree(text)


def test_a_store_that_no_longer_matches_its_yaml_is_not_used(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    real = checklist_store._digests

    def edited(files: list[object]) -> dict[str, str]:
        digests = real(files)  # type: ignore[arg-type]
        first = sorted(digests)[0]
        digests[first] = hashlib.sha256(b"edited since").hexdigest()
        return digests

    monkeypatch.setattr(checklist_store, "_digests", edited)
    assert checklist_store.read_store() is None
    checklist_loading._builtins.cache_clear()
    try:
        ids = checklist_loading.builtin_ids()  # read from the YAML instead
    finally:
        checklist_loading._builtins.cache_clear()
    assert ids == [c["data"]["id"] for c in _stored_checklists_in_report_order()]


def _stored_checklists_in_report_order() -> list[dict[str, dict[str, object]]]:
    items: list[dict[str, dict[str, object]]] = json.loads(STORE.read_text(encoding="utf-8"))[
        "checklists"
    ]
    return sorted(items, key=lambda item: (item["data"].get("order", 100), item["data"]["id"]))
