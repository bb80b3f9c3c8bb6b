"""The built-in checklists stored as validated data with their expressions' syntax trees.

Reading 400 KB of YAML with positions and parsing some 600 expressions took most of a cold
run. The store holds what that work produced, as JSON (data, never code), with the SHA-256 of
each YAML file it was built from: a file edited since the store was built no longer matches,
and the checklists are then read from YAML as before. It also holds each checklist's
fingerprints (`loading/fingerprint.py`), which would take a cold run some 30 ms to compute.
`make artefacts` rebuilds the store; a test rebuilds it and compares.
"""

from __future__ import annotations

import hashlib
import json
from importlib import resources
from importlib.abc import Traversable
from typing import TYPE_CHECKING, Any

from integracheck.loading.fingerprint import ChecklistFingerprint, fingerprint
from integracheck.loading.schema_store import stored_checklist_validator

if TYPE_CHECKING:
    from integracheck.models.checklist import Checklist

FORMAT = 2  # 2: with fingerprints
STORE = "checklists.json"


def checklist_files() -> list[Traversable]:
    """The built-in checklist files, by name."""
    folder = resources.files("integracheck") / "checklists"
    return sorted(
        (entry for entry in folder.iterdir() if entry.name.endswith(".yaml")),
        key=lambda entry: entry.name,
    )


def _digests(files: list[Traversable]) -> dict[str, str]:
    return {entry.name: hashlib.sha256(entry.read_bytes()).hexdigest() for entry in files}


def build_store(checklists: list[tuple[str, Checklist]], trees: dict[str, Any]) -> str:
    """The store's text: each checklist (file name, validated data, fingerprints) and each
    expression's tree, for the files as they are now."""
    store = {
        "format": FORMAT,
        "sources": _digests(checklist_files()),
        "checklists": [
            {
                "file": name,
                "data": checklist.model_dump(mode="json", exclude_unset=True),
                "fingerprint": fingerprint(checklist).as_data(),
            }
            for name, checklist in checklists
        ],
        "trees": dict(sorted(trees.items())),
    }
    return json.dumps(store, ensure_ascii=False, separators=(",", ":"), sort_keys=False) + "\n"


StoredChecklist = tuple[str, "Checklist", ChecklistFingerprint]  # file name, data, fingerprint


def read_store() -> tuple[list[StoredChecklist], dict[str, Any]] | None:
    """The stored checklists (with their fingerprints) and trees, or None when there is no
    store or a checklist file differs from the one it was built from."""
    entry = resources.files("integracheck") / "artefacts" / STORE
    try:
        store = json.loads(entry.read_bytes())
    except (OSError, ValueError):
        return None
    if not isinstance(store, dict) or store.get("format") != FORMAT:
        return None
    if store.get("sources") != _digests(checklist_files()):
        return None
    # Validated when the store was built: the stored schema only makes the objects (plain
    # classes standing for the models, see `loading/schema_store.py`).
    make = stored_checklist_validator().validate_python
    checklists = [
        (item["file"], make(item["data"]), ChecklistFingerprint.from_data(item["fingerprint"]))
        for item in store["checklists"]
    ]
    trees: dict[str, Any] = store["trees"]
    return checklists, trees
