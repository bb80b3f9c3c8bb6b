"""Evaluate checklist rules and risks against one profile: pure functions, no printing."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from jmespath.exceptions import JMESPathError

from integracheck.loading.checklist import LoadedChecklist
from integracheck.loading.document import Positions
from integracheck.loading.expressions import compile_expression
from integracheck.loading.profile import LoadedProfile
from integracheck.models.checklist import Citation, Risk, Rule
from integracheck.models.report import Example, Location, RiskResult, RuleResult, Status


@dataclass(frozen=True)
class Evaluation:
    """Everything the engine found for one profile, before scoring."""

    results: tuple[RuleResult, ...]
    risks: tuple[RiskResult, ...]
    not_stated: dict[str, tuple[str, ...]]  # fact -> ids of the rules and risks that needed it
    expired_waivers: tuple[tuple[str, str], ...]  # (rule id, expiry date)


def evaluate(
    checklists: Iterable[LoadedChecklist],
    loaded: LoadedProfile,
    *,
    use_waivers: bool = True,
    today: dt.date | None = None,
    derived: dict[str, Any] | None = None,
) -> Evaluation:
    """Evaluate every rule and risk; `derived` holds what the analyses found, under `derived`."""
    today = today or dt.date.today()
    data = loaded.document.data
    if derived is not None:
        # The profile model refuses a top-level `derived` key, so this cannot shadow a fact.
        data = {**data, "derived": derived}
    waivers, expired = _waivers(loaded, use_waivers, today)
    context = _Context(data, loaded.document.positions, loaded.file)
    results: list[RuleResult] = []
    risks: list[RiskResult] = []
    for item in checklists:
        for rule in item.checklist.rules:
            results.append(context.rule(item.checklist.id, rule, waivers.get(rule.id)))
        for risk in item.checklist.risks:
            raised = context.risk(item.checklist.id, risk)
            if raised is not None:
                risks.append(raised)
    return Evaluation(
        results=tuple(results),
        risks=tuple(risks),
        not_stated={fact: tuple(ids) for fact, ids in context.not_stated.items()},
        expired_waivers=tuple(expired),
    )


def _waivers(
    loaded: LoadedProfile, use_waivers: bool, today: dt.date
) -> tuple[dict[str, str], list[tuple[str, str]]]:
    active: dict[str, str] = {}
    expired: list[tuple[str, str]] = []
    if not use_waivers:
        return active, expired
    for waiver in loaded.profile.waivers or []:
        if waiver.expires is not None and waiver.expires < today:
            expired.append((waiver.rule, waiver.expires.isoformat()))
        else:
            active[waiver.rule] = waiver.reason
    return active, expired


def _source(citation: Citation) -> str:
    return f"{citation.file}, {citation.section}"


def search(expression: str, data: Any) -> Any:
    """Run a (cached, compiled) JMESPath expression."""
    return compile_expression(expression).search(data)


def truthy(value: Any) -> bool:
    """JMESPath's notion of truth: false, null, and empty strings, lists and objects are false."""
    return value not in (None, False, "", [], {})


class _Context:
    def __init__(self, data: Any, positions: Positions, file: str) -> None:
        self.data = data
        self.positions = positions
        self.file = file
        self.not_stated: dict[str, list[str]] = {}
        competences = (data.get("city") or {}).get("competences") or {}
        self.competences: dict[str, Any] = competences if isinstance(competences, dict) else {}
        self.city_type = (data.get("city") or {}).get("city_type")

    def location(self, path: str) -> Location:
        line, column = self.positions.of_key(path)
        return Location(path=path, line=line, column=column, file=self.file)

    def missing_facts(self, item_id: str, facts: list[str]) -> list[str]:
        missing = [fact for fact in facts if search(fact, self.data) is None]
        for fact in missing:
            self.not_stated.setdefault(fact, []).append(item_id)
        return missing

    def rule(self, checklist_id: str, rule: Rule, waiver: str | None) -> RuleResult:
        typed = next((a for a in rule.typed_advice if self.city_type in a.city_types), None)
        base: dict[str, Any] = {
            "rule_id": rule.id,
            "title": rule.title,
            "checklist_id": checklist_id,
            "group_id": rule.group,
            "severity": rule.severity,
            "weight": rule.weight,
            "location": self.location(rule.locate),
            "recommendation": rule.recommendation,
            "source": _source(rule.citation),
            "quote": rule.citation.quote,
            "rationale": rule.rationale,
            "examples": tuple(Example(place=e.place, text=e.text) for e in rule.examples),
            "typed_advice": typed.text if typed else "",
            "typed_advice_why": typed.why if typed else "",
        }
        if waiver is not None:
            return RuleResult(
                status="waived", level=0, message=f"waived: {waiver}", waiver_reason=waiver, **base
            )
        try:
            return self._judge(rule, base)
        except (JMESPathError, TypeError, ValueError) as exc:
            return RuleResult(
                status="error", level=0, message=f"rule could not be evaluated: {exc}", **base
            )

    def _judge(self, rule: Rule, base: dict[str, Any]) -> RuleResult:
        if rule.requires_competence is not None:
            held = self.competences.get(rule.requires_competence)
            if isinstance(held, dict) and held.get("level") == "none":
                holder = held.get("held_by") or "higher"
                base["recommendation"] = (
                    f"{rule.requires_competence.replace('_', ' ').capitalize()} lies with the "
                    f"{holder} level of government, not the city: raise this with it through "
                    f"vertical coordination (OECD point 1). What that level could do: "
                    f"{rule.recommendation}"
                )
                return RuleResult(
                    status="not_applicable",
                    level=0,
                    message=f"outside the city's competences ({rule.requires_competence})",
                    **base,
                )
        if rule.applies_when is not None and not truthy(search(rule.applies_when, self.data)):
            return RuleResult(
                status="not_applicable", level=0, message="does not apply to this profile", **base
            )
        missing = self.missing_facts(rule.id, rule.facts)
        if missing:
            return RuleResult(
                status="fail",
                level=0,
                message="cannot pass: not stated: " + ", ".join(missing),
                not_stated=tuple(missing),
                **base,
            )
        level, label = self._grade(rule)
        status: Status = "pass" if level == 100 else "fail" if level == 0 else "partial"
        return RuleResult(status=status, level=level, message=label, **base)

    def _grade(self, rule: Rule) -> tuple[int, str]:
        if rule.levels is None:
            assert rule.condition is not None  # the model guarantees one of the two
            met = truthy(search(rule.condition, self.data))
            return (100, "met") if met else (0, "not met")
        for level in rule.levels:
            if truthy(search(level.when, self.data)):
                return level.level, level.label
        return 0, "not met"

    def risk(self, checklist_id: str, risk: Risk) -> RiskResult | None:
        if self.missing_facts(risk.id, risk.facts):
            return None
        try:
            raised = truthy(search(risk.condition, self.data))
        except (JMESPathError, TypeError, ValueError):
            raised = False
        if not raised:
            return None
        return RiskResult(
            risk_id=risk.id,
            title=risk.title,
            checklist_id=checklist_id,
            severity=risk.severity,
            message=risk.rationale,
            location=self.location(risk.locate),
            remedy=risk.remedy,
            source=_source(risk.citation),
            quote=risk.citation.quote,
        )
