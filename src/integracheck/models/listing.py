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
    # What the rule weighs in every score: its weight, times its severity's, times its group's.
    score_weight: float = 1.0

    def weight_text(self) -> str:
        """ "weight 2 (counts 6 in the score: times 3 for high)", or the bare weight where
        severity changes nothing."""
        rule = self.rule
        if self.score_weight == rule.weight:
            return f"weight {rule.weight:g}"
        factor = self.score_weight / rule.weight
        return (
            f"weight {rule.weight:g} (counts {self.score_weight:g} in the score: times {factor:g} "
            f"for {rule.severity})"
        )
