"""A rule as listed: with the names of the checklist and group it belongs to."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from integracheck.models.checklist import Rule


@dataclass(frozen=True, slots=True)
class RuleEntry:
    """A rule with the names of the checklist and group it belongs to, for listings."""

    checklist_id: str
    checklist_title: str
    group_title: str
    rule: Rule
