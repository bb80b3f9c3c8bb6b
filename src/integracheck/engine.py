"""Evaluate checklist rules and risks against one profile: pure functions, no printing."""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from jmespath.exceptions import JMESPathError

from integracheck.loading.checklist import LoadedChecklist
from integracheck.loading.document import Positions
from integracheck.loading.expressions import BoundedSearch, fields_read
from integracheck.loading.profile import LoadedProfile

if TYPE_CHECKING:
    from integracheck.models.checklist import Citation, Judges, Level, Risk, Rule
from integracheck.models.report import (
    Example,
    Location,
    RiskResult,
    RuleResult,
    Status,
    UncheckedRisk,
)
from integracheck.models.vocabulary import INVENTORIES


@dataclass(frozen=True)
class Evaluation:
    """Everything the engine found for one profile, before scoring."""

    results: tuple[RuleResult, ...]
    risks: tuple[RiskResult, ...]
    not_stated: dict[str, tuple[str, ...]]  # fact -> ids of the rules and risks that needed it
    expired_waivers: tuple[tuple[str, str], ...]  # (rule id, expiry date)
    unchecked_risks: tuple[UncheckedRisk, ...] = ()
    strict: bool = False  # unknown counted as fail
    unmatched_waivers: tuple[str, ...] = ()  # waived ids that name no rule of the checklists


def evaluate(
    checklists: Iterable[LoadedChecklist],
    loaded: LoadedProfile,
    *,
    use_waivers: bool = True,
    today: dt.date | None = None,
    derived: dict[str, Any] | None = None,
    strict: bool = False,
) -> Evaluation:
    """Evaluate every rule and risk; `derived` holds what the analyses found, under `derived`.
    In strict mode a rule that cannot be decided fails, as for a complete profile in CI."""
    today = today or dt.date.today()
    data = loaded.document.data
    if derived is not None:
        # The profile model refuses a top-level `derived` key, so this cannot shadow a fact.
        data = {**data, "derived": derived}
    waivers, expired = _waivers(loaded, use_waivers, today)
    complete = frozenset(name for name in INVENTORIES if loaded.profile.inventory_complete(name))
    context = _Context(data, loaded.document.positions, loaded.file, complete, strict)
    results: list[RuleResult] = []
    risks: list[RiskResult] = []
    unchecked: list[UncheckedRisk] = []
    for item in checklists:
        departments = {g.id: g.department or "" for g in item.checklist.groups}
        for rule in item.checklist.rules:
            department = _domain_department(rule.requires_competence) or departments.get(rule.group)
            results.append(
                context.rule(item.checklist.id, rule, waivers.get(rule.id), department or "")
            )
        for risk in item.checklist.risks:
            raised = context.risk(item.checklist.id, risk)
            if isinstance(raised, RiskResult):
                risks.append(raised)
            elif raised is not None:
                unchecked.append(raised)
    known = {r.rule_id for r in results}
    unmatched = tuple(sorted(rule_id for rule_id in waivers if rule_id not in known))
    return Evaluation(
        unmatched_waivers=unmatched,
        results=tuple(results),
        risks=tuple(risks),
        not_stated={fact: tuple(ids) for fact, ids in context.not_stated.items()},
        expired_waivers=tuple(expired),
        unchecked_risks=tuple(unchecked),
        strict=strict,
    )


def _waivers(
    loaded: LoadedProfile, use_waivers: bool, today: dt.date
) -> tuple[dict[str, str], list[tuple[str, str]]]:
    active: dict[str, str] = {}
    expired: list[tuple[str, str]] = []
    if not use_waivers:
        return active, expired
    for waiver in loaded.profile.waivers or []:
        rule_id = waiver.rule.upper()  # ids are written upper case; `oecd-03.8` means the same
        if waiver.expires is not None and waiver.expires < today:
            expired.append((rule_id, waiver.expires.isoformat()))
        else:
            active[rule_id] = waiver.reason
    return active, expired


def _source(citation: Citation) -> str:
    return f"{citation.file}, {citation.section}"


@functools.cache
def leaf_fields(fact: str) -> tuple[str, ...]:
    """The deepest profile fields a fact expression reads, as JMESPath paths
    (`services[].public_transport`), in a stable order."""
    reads = fields_read(fact)
    leaves = [
        path
        for path in reads
        if not any(other.startswith((path + ".", path + "[")) for other in reads)
    ]
    return tuple(sorted(re.sub(r"\[\]$", "", path) for path in leaves))


def _reads(fact: str, inventory: str) -> bool:
    """Whether a fact is about the list `inventory`: it starts with the list's path
    (`services`, `services[?x]`, `services[].y`). A checklist says a level looks for a kind of
    item in a list by naming such a fact; a fact that only consults a list on the way (`x ==
    false || services[?y]`) does not make the level depend on how complete the list is."""
    return fact == inventory or fact.startswith((inventory + "[", inventory + "."))


@dataclass(frozen=True, slots=True)
class _Condition:
    """A yes/no rule read as a graded rule's one level, at 100 (the fields of `Level`)."""

    when: str
    level: int = 100
    label: str = "met"
    facts: list[str] | None = None
    judges: Judges | None = None
    ruled_out_by: str | None = None


if TYPE_CHECKING:
    # A rule's grades: its levels, or its condition as one level.
    Grade = Level | _Condition

_CONDITION_LEVELS: dict[int, tuple[Rule, list[Grade]]] = {}


def _as_level(rule: Rule) -> list[Grade]:
    """A yes/no rule as one level at 100, built once per rule."""
    cached = _CONDITION_LEVELS.get(id(rule))
    if cached is None or cached[0] is not rule:
        cached = (rule, [_Condition(when=rule.condition or "")])
        _CONDITION_LEVELS[id(rule)] = cached
    return cached[1]


def _domain_department(domain: str | None) -> str:
    """A policy area as the department that holds it: `social_welfare` -> "Social welfare"."""
    if not domain:
        return ""
    words = domain.replace("_", " ")
    return words[:1].upper() + words[1:]


def _places(place: str) -> set[str]:
    """'Tampere, Vienna' or 'Berlin and Hamburg' as the set of places it names."""
    return {p.strip().casefold() for p in re.split(r",|;|/| and ", place) if p.strip()}


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:] if text[1:2].islower() else text


def _unknown_message(missing: list[str], open_lists: list[str]) -> str:
    parts = []
    if missing:
        parts.append("not stated: " + ", ".join(missing))
    if open_lists:
        parts.append(
            "the "
            + ", ".join(name.split(".")[-1].replace("_", " ") for name in open_lists)
            + " listed are partial evidence, not the whole city"
        )
    return "not known: " + "; ".join(parts)


def search(expression: str, data: Any) -> Any:
    """Run a (cached, compiled) JMESPath expression within the evaluation bounds."""
    return BoundedSearch()(expression, data)


def truthy(value: Any) -> bool:
    """JMESPath's notion of truth: false, null, and empty strings, lists and objects are false."""
    return value not in (None, False, "", [], {})


class _Context:
    def __init__(
        self, data: Any, positions: Positions, file: str, complete: frozenset[str], strict: bool
    ) -> None:
        self.data = data
        self.positions = positions
        self.file = file
        self.complete = complete
        self.strict = strict
        self._search = BoundedSearch()
        # Rules share facts (a field is asked about by every level that needs it): each
        # expression is evaluated once per profile.
        self._values: dict[str, Any] = {}
        self.not_stated: dict[str, list[str]] = {}
        self.noted: set[tuple[str, str]] = set()  # (field, rule or risk id) in not_stated
        competences = (data.get("city") or {}).get("competences") or {}
        self.competences: dict[str, Any] = competences if isinstance(competences, dict) else {}
        self.city_type = (data.get("city") or {}).get("city_type")
        self.city_name = str((data.get("city") or {}).get("name") or "").casefold()

    def value(self, expression: str) -> Any:
        """The expression's value over this profile, evaluated once."""
        values = self._values
        if expression in values:
            return values[expression]
        result = values[expression] = self._search(expression, self.data)
        return result

    def safe_search(self, expression: str) -> Any:
        try:
            return self.value(expression)
        except (JMESPathError, TypeError, ValueError):
            return None

    def location(self, path: str) -> Location:
        line, column = self.positions.of_key(path)
        return Location(path=path, line=line, column=column, file=self.file)

    def missing_facts(self, item_id: str, facts: list[str]) -> list[str]:
        """The profile fields, not stated, that keep these facts from being decided.

        A fact may be an expression over several fields (an either/or, a list filter); what a
        person can collect is a field, so the fields it reads that no item states are named."""
        missing: dict[str, None] = {}  # ordered and deduplicated in linear time
        for fact in facts:
            if self.value(fact) is not None:
                continue
            for field in self.unstated_fields(fact):
                missing.setdefault(field)
        for field in missing:
            if (field, item_id) not in self.noted:
                self.noted.add((field, item_id))
                self.not_stated.setdefault(field, []).append(item_id)
        return list(missing)

    def unstated_fields(self, fact: str) -> list[str]:
        fields = leaf_fields(fact)
        unstated = [f for f in fields if not self.stated_everywhere(f)]
        # Every field stated, yet the fact undecided (a combination it needs): name them all.
        return unstated or list(fields)

    def stated_everywhere(self, field: str) -> bool:
        """Whether a field is stated: for a field of list items, by every item."""
        values = self.value(field)
        if values in (None, []):
            return False
        if "[]" not in field:
            return True
        items = self.value(field.rsplit("[]", 1)[0] + "[]")
        return not isinstance(items, list) or len(values) >= len(items)

    def partial_inventories(self, expressions: list[str]) -> list[str]:
        """The lists these expressions read that the profile gives only as partial evidence."""
        found: list[str] = []
        for inventory in INVENTORIES:
            if inventory in self.complete:
                continue
            if any(_reads(expression, inventory) for expression in expressions):
                found.append(inventory)
        return found

    def rule(
        self, checklist_id: str, rule: Rule, waiver: str | None, department: str
    ) -> RuleResult:
        typed = next(
            (
                a
                for a in rule.typed_advice
                if self.city_type in a.city_types
                # Never advise a city to do what its profile shows it already does.
                and not (a.unless is not None and truthy(self.safe_search(a.unless)))
            ),
            None,
        )
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
            # A city is never offered itself as the example to follow.
            "examples": tuple(
                Example(place=e.place, text=e.text)
                for e in rule.examples
                if self.city_name not in _places(e.place)
            ),
            "typed_advice": typed.text if typed else "",
            "typed_advice_why": typed.why if typed else "",
            "department": department,
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
        if rule.applies_when is not None and not truthy(self.value(rule.applies_when)):
            missing = self.missing_facts(rule.id, rule.facts)
            if missing and not self.strict:
                # Whether the rule applies rests on facts nobody stated: that is not known.
                return RuleResult(
                    status="unknown",
                    level=0,
                    message="not known whether it applies ("
                    + _unknown_message(missing, []).removeprefix("not known: ")
                    + ")",
                    not_stated=tuple(missing),
                    **base,
                )
            return RuleResult(
                status="not_applicable", level=0, message="does not apply to this profile", **base
            )
        return self._grade(rule, base)

    def _grade(self, rule: Rule, base: dict[str, Any]) -> RuleResult:
        """Decide level by level, highest first: a level is met, not met, or undecided (its
        facts are not stated, or it looks for a kind of item in a list that is only partial
        evidence). The rule takes the highest met level; with none met it fails only when every
        level was decided, and is unknown otherwise."""
        levels: Sequence[Grade] = rule.levels or _as_level(rule)
        undecided: list[Grade] = []
        missing_all: list[str] = []  # facts not stated
        open_all: list[str] = []  # partial lists in which the kind of item looked for is absent
        for level in levels:
            veto = level.ruled_out_by or rule.ruled_out_by
            if veto is not None and truthy(self.value(veto)):
                continue  # stated facts rule this level out, whatever the lists hold
            facts = level.facts if level.facts is not None else rule.facts
            missing = self.missing_facts(rule.id, facts)
            if missing:
                undecided.append(level)
                missing_all += [fact for fact in missing if fact not in missing_all]
                continue
            judges = level.judges or rule.judges
            open_lists = self.partial_inventories(facts)
            if truthy(self.value(level.when)):
                if judges == "items" and open_lists:
                    # A claim about every item cannot be shown from a list that is only part
                    # of the city's: the listed items bear it out, the others are not known.
                    undecided.append(level)
                    open_all += [name for name in open_lists if name not in open_all]
                    continue
                return self._reached(rule, level, undecided, missing_all, open_all, base)
            if judges == "kind" and open_lists:
                undecided.append(level)
                open_all += [name for name in open_lists if name not in open_all]
        if undecided:
            if self.strict:
                return RuleResult(
                    status="fail",
                    level=0,
                    message="strict mode counts what is not known as not met: "
                    + _unknown_message(missing_all, open_all),
                    not_stated=tuple(missing_all),
                    assumed=True,
                    **base,
                )
            return RuleResult(
                status="unknown",
                level=0,
                message=_unknown_message(missing_all, open_all),
                not_stated=tuple(missing_all),
                partial_lists=tuple(open_all),
                **base,
            )
        looked_for = levels[-1].label if rule.levels else rule.title
        return RuleResult(
            status="fail",
            level=0,
            message="not met: the stated facts rule out "
            + ("even the lowest level, " if rule.levels else "")
            + f"“{_lower_first(looked_for)}”",
            **base,
        )

    def _reached(
        self,
        rule: Rule,
        level: Grade,
        undecided: list[Grade],
        missing: list[str],
        open_lists: list[str],
        base: dict[str, Any],
    ) -> RuleResult:
        status: Status = "pass" if level.level == 100 else "fail" if level.level == 0 else "partial"
        message = level.label if rule.levels else f"met: {_lower_first(rule.title)}"
        if undecided:
            message += "; not known whether " + "; or ".join(
                _lower_first(above.label) for above in undecided
            )
            message += (
                " (" + _unknown_message(missing, open_lists).removeprefix("not known: ") + ")"
            )
        return RuleResult(
            status=status,
            level=level.level,
            message=message,
            not_stated=tuple(missing),
            partial_lists=tuple(open_lists),
            undecided_above=tuple(above.label for above in undecided),
            **base,
        )

    def risk(self, checklist_id: str, risk: Risk) -> RiskResult | UncheckedRisk | None:
        """The risk raised, the risk that could not be checked (facts not stated, or its
        expressions fail), or None when stated facts show it is not present."""
        try:
            missing = self.missing_facts(risk.id, risk.facts)
            if missing:
                return UncheckedRisk(risk.id, risk.title, risk.severity, tuple(missing))
            raised = truthy(self.value(risk.condition))
        except (JMESPathError, TypeError, ValueError) as exc:
            return UncheckedRisk(risk.id, risk.title, risk.severity, (), f"{exc}")
        if not raised:
            return None
        named = self.safe_search(risk.subjects) if risk.subjects else None
        subjects = tuple(str(x) for x in named) if isinstance(named, list) else ()
        return RiskResult(
            subjects=subjects,
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
