"""The built-in checklists' version lock: for each checklist, every released version's fingerprint.

Reports are compared over time by checklist version, so a version must name one content. The
lock (`checklists/versions.lock.json`) keeps, for each built-in checklist, the fingerprint each
version was released with; a test holds the checklists to it, so a change to a checklist
without a new `version` fails, and so does a version without an entry in
`checklists/CHANGELOG.md`. `make checklist-versions` records the current versions.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from importlib import resources
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from integracheck.loading.checklist import LoadedChecklist

LOCK = "versions.lock.json"
CHANGELOG = "CHANGELOG.md"
# A changelog entry's heading: "## oecd-12 1.1.0 (2026-12-07)".
_ENTRY = re.compile(r"^## ([a-z0-9][a-z0-9-]*) ([0-9]+\.[0-9]+\.[0-9]+)\b", re.MULTILINE)

Lock = dict[str, dict[str, str]]  # checklist id -> version -> checklist fingerprint


def lock_text() -> str:
    return (resources.files("integracheck") / "checklists" / LOCK).read_text(encoding="utf-8")


def changelog_text() -> str:
    return (resources.files("integracheck") / "checklists" / CHANGELOG).read_text(encoding="utf-8")


def parse_lock(text: str) -> Lock:
    data = json.loads(text)
    return {str(c): {str(v): str(f) for v, f in versions.items()} for c, versions in data.items()}


def version_key(version: str) -> tuple[int, ...]:
    return tuple(int(part) for part in version.split("."))


def lock_problems(checklists: Sequence[LoadedChecklist], lock: Lock) -> list[str]:
    """Where the checklists disagree with the lock, each as a sentence saying what to do."""
    problems = []
    for loaded in checklists:
        cid, version = loaded.checklist.id, loaded.checklist.version
        current = loaded.fingerprint.checklist
        versions = lock.get(cid, {})
        recorded = versions.get(version)
        if recorded is None:
            problems.append(
                f"{cid} {version} is not recorded in checklists/{LOCK} (fingerprint {current}): "
                "run `make checklist-versions` and add a changelog entry"
            )
        elif recorded != current:
            problems.append(
                f"{cid} rules changed (fingerprint {current}) but version {version} already "
                f"recorded as {recorded}: bump `version` and add a changelog entry"
            )
        later = [v for v in versions if version_key(v) > version_key(version)]
        if later:
            problems.append(
                f"{cid} is at version {version}, below the recorded {', '.join(sorted(later))}"
            )
    return problems


def changelog_problems(lock: Lock, changelog: str) -> list[str]:
    """Versions in the lock that have no entry in the changelog."""
    entries = set(_ENTRY.findall(changelog))
    return [
        f"{cid} {version} has no entry in checklists/{CHANGELOG} (a heading '## {cid} {version}')"
        for cid, versions in lock.items()
        for version in versions
        if (cid, version) not in entries
    ]


def recorded_lock(text: str, checklists: Sequence[LoadedChecklist]) -> str:
    """The lock's text with each checklist's current version recorded. Raises ValueError when a
    version is already recorded with another content: it needs a new version, not a record."""
    lock = parse_lock(text)
    for loaded in checklists:
        cid, version = loaded.checklist.id, loaded.checklist.version
        versions = lock.setdefault(cid, {})
        recorded = versions.get(version)
        if recorded is not None and recorded != loaded.fingerprint.checklist:
            raise ValueError(
                f"{cid} {version} is already recorded as {recorded}, and its content is now "
                f"{loaded.fingerprint.checklist}: bump `version` first"
            )
        versions[version] = loaded.fingerprint.checklist
    ordered = {
        cid: dict(sorted(versions.items(), key=lambda item: version_key(item[0])))
        for cid, versions in sorted(lock.items())
    }
    return json.dumps(ordered, indent=2) + "\n"
