"""How much of the overall score each profile fact can move: overlaps between rules made visible."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from integracheck.loading.checklist import LoadedChecklist
from integracheck.loading.expressions import fields_read
from integracheck.models.weights import score_weight

if TYPE_CHECKING:
    from integracheck.models.checklist import Rule


@dataclass(frozen=True)
class FactInfluence:
    """A profile field, the rules that read it, and the share of the overall score they carry
    (per cent, with every rule applicable and decided)."""

    fact: str
    rule_ids: tuple[str, ...]
    share: float


def rule_reads(rule: Rule) -> frozenset[str]:
    """The profile fields a rule's facts read (what decides whether it can be judged)."""
    reads: set[str] = set()
    for expression in [*rule.facts, *(f for lv in rule.levels or [] for f in lv.facts or [])]:
        reads |= fields_read(expression)
    # A field read is the leaf; the objects and lists leading to it say nothing of their own.
    leaves = {
        path
        for path in reads
        if not any(other.startswith((path + ".", path + "[")) for other in reads)
    }
    return frozenset(re.sub(r"\[\]$", "", path) for path in leaves)


def rule_shares(checklists: Sequence[LoadedChecklist]) -> dict[str, float]:
    """Each rule's share of the overall score, in per cent, as the README's formulas give it
    when every rule is applicable and decided: its checklist's share of the whole times its
    score weight over the checklist's total."""
    total_checklists = sum(c.checklist.weight for c in checklists) or 1.0
    shares: dict[str, float] = {}
    for loaded in checklists:
        checklist = loaded.checklist
        weights = {rule.id: score_weight(checklist, rule) for rule in checklist.rules}
        total_rules = sum(weights.values()) or 1.0
        for rule_id, weight in weights.items():
            shares[rule_id] = 100 * (checklist.weight / total_checklists) * weight / total_rules
    return shares


def fact_influence(checklists: Sequence[LoadedChecklist]) -> list[FactInfluence]:
    """Every field read by a rule, the rules reading it, and their summed share: the most
    influential first."""
    shares = rule_shares(checklists)
    readers: dict[str, list[str]] = {}
    for loaded in checklists:
        for rule in loaded.checklist.rules:
            for fact in rule_reads(rule):
                readers.setdefault(fact, []).append(rule.id)
    out = [
        FactInfluence(fact, tuple(ids), round(sum(shares[i] for i in ids), 2))
        for fact, ids in readers.items()
    ]
    return sorted(out, key=lambda item: (-item.share, item.fact))


def sharing_rules(rule: Rule, checklists: Sequence[LoadedChecklist]) -> dict[str, tuple[str, ...]]:
    """For each field the rule reads, the other rules that read it too."""
    mine = rule_reads(rule)
    out: dict[str, list[str]] = {fact: [] for fact in sorted(mine)}
    for loaded in checklists:
        for other in loaded.checklist.rules:
            if other.id == rule.id:
                continue
            for fact in mine & rule_reads(other):
                out[fact].append(other.id)
    return {fact: tuple(ids) for fact, ids in out.items() if ids}
