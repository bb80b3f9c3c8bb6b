"""Fingerprints of a checklist's content: which rules a report was assessed against.

A version number says what a checklist's authors meant to release; a fingerprint says what the
content is. The checklist's fingerprint covers everything a result or a report can depend on,
that is everything in the file but `version` itself (groups and their weights, the checklist's
weight, every field of every rule and risk); each rule has its own, so that two reports can
name the rules that differ. Both are short SHA-256 digests of a canonical JSON text: keys
sorted, and a field left empty (null, an empty list) counts as absent, so that a new optional
field in the models does not change every fingerprint. They work on the models and on the
plain classes the store gives alike (fields are read as attributes), so a built-in checklist
read from the store and the same file read from YAML have the same fingerprint.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from integracheck.models.checklist import Checklist

CHECKLIST_DIGITS = 16
RULE_DIGITS = 12


@dataclass(frozen=True)
class ChecklistFingerprint:
    """A checklist's fingerprint, and each rule's, by rule id."""

    checklist: str
    rules: dict[str, str] = field(default_factory=dict)

    def as_data(self) -> dict[str, Any]:
        return {"checklist": self.checklist, "rules": dict(self.rules)}

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> ChecklistFingerprint:
        return cls(checklist=str(data["checklist"]), rules=dict(data["rules"]))


def fingerprint(checklist: Checklist) -> ChecklistFingerprint:
    content = _canonical(checklist)
    content.pop("version", None)
    return ChecklistFingerprint(
        checklist=_digest(content, CHECKLIST_DIGITS),
        rules={rule.id: _digest(_canonical(rule), RULE_DIGITS) for rule in checklist.rules},
    )


def _digest(content: Any, digits: int) -> str:
    text = json.dumps(content, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:digits]


def _canonical(value: Any) -> Any:
    """Lists, dicts and scalars, with empty fields left out; a model's (or its plain
    stand-in's) fields are its public attributes."""
    if isinstance(value, list | tuple):
        return [_canonical(item) for item in value]
    if isinstance(value, dict):
        fields = dict(value)
    elif hasattr(value, "__dict__") and not isinstance(value, type):
        fields = {key: item for key, item in vars(value).items() if not key.startswith("_")}
    else:
        return value
    return {str(key): _canonical(item) for key, item in fields.items() if not _empty(item)}


def _empty(value: Any) -> bool:
    return value is None or (isinstance(value, list | tuple | dict) and not value)
