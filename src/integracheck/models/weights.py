"""What a rule weighs in a score: one definition, read by scoring, reports and the rule docs."""

from __future__ import annotations

from typing import Any


def severity_weight(checklist: Any, severity: str) -> float:
    """The weight a checklist gives a severity (1 when it declares none)."""
    weights = getattr(checklist, "severity_weights", None) or {}
    return float(weights.get(severity, 1.0))


def score_weight(checklist: Any, rule: Any) -> float:
    """A rule's weight in every score: its own weight, times its severity's weight, times its
    group's weight. Scores are weighted means over a checklist's rules with these weights, so a
    rule's share of its checklist is its score weight over the checklist's total."""
    group_weight = next((g.weight for g in checklist.groups if g.id == rule.group), 1.0)
    return float(rule.weight) * severity_weight(checklist, rule.severity) * float(group_weight)
