"""Evaluate checklist rules and risks against one profile: pure functions, no printing."""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from jmespath.exceptions import JMESPathError

from integracheck.loading.checklist import LoadedChecklist
from integracheck.loading.document import Positions
from integracheck.loading.expressions import BoundedSearch, fields_read
from integracheck.loading.partial_evidence import Shown, shown, stated
from integracheck.loading.profile import LoadedProfile

if TYPE_CHECKING:
    from integracheck.models.checklist import Citation, Level, Risk, Rule
from integracheck.models.report import (
    Example,
    Location,
    RiskResult,
    RuleResult,
    Status,
    UncheckedRisk,
)
from integracheck.models.vocabulary import EVIDENCE_LISTS, inventory_of
from integracheck.models.weights import score_weight


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
    derived_from: Callable[[str], tuple[str, ...]] | None = None,
) -> Evaluation:
    """Evaluate every rule and risk; `derived` holds what the analyses found, under `derived`.
    In strict mode a rule that cannot be decided fails, as for a complete profile in CI."""
    today = today or dt.date.today()
    data = loaded.document.data
    if derived is not None:
        # The profile model refuses a top-level `derived` key, so this cannot shadow a fact.
        data = {**data, "derived": derived}
    waivers, expired = _waivers(loaded, use_waivers, today)
    partial = frozenset(
        name for name in EVIDENCE_LISTS if not loaded.profile.inventory_complete(inventory_of(name))
    )
    context = _Context(data, loaded.document.positions, loaded.file, partial, strict)
    context.derived_from = derived_from
    results: list[RuleResult] = []
    risks: list[RiskResult] = []
    unchecked: list[UncheckedRisk] = []
    for item in checklists:
        departments = {g.id: g.department or "" for g in item.checklist.groups}
        for rule in item.checklist.rules:
            department = _domain_department(rule.requires_competence) or departments.get(rule.group)
            results.append(
                context.rule(
                    item.checklist.id,
                    rule,
                    waivers.get(rule.id),
                    department or "",
                    score_weight(item.checklist, rule),
                )
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


@dataclass(frozen=True, slots=True)
class _Condition:
    """A yes/no rule read as a graded rule's one level, at 100 (the fields of `Level`)."""

    when: str
    level: int = 100
    label: str = "met"
    facts: list[str] | None = None
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


def _top(rule: Rule) -> int:
    """The highest level a rule can reach."""
    return rule.levels[0].level if rule.levels else 100


def _domain_department(domain: str | None) -> str:
    """A policy area as the department that holds it: `social_welfare` -> "Social welfare"."""
    if not domain:
        return ""
    words = domain.replace("_", " ")
    return words[:1].upper() + words[1:]


def _places(place: str) -> set[str]:
    """'Tampere, Vienna', 'Berlin and Hamburg' or 'Utrecht (Netherlands)' as the set of places
    it names (the country in brackets only situates the place)."""
    bare = re.sub(r"\([^)]*\)", "", place)
    return {p.strip().casefold() for p in re.split(r",|;|/| and ", bare) if p.strip()}


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:] if text[1:2].islower() else text


def _list_name(path: str) -> str:
    """A list's path in words: `services[].offers` -> "offers of the services"."""
    *holders, own = path.split("[].")
    name = own.split(".")[-1].replace("_", " ")
    if holders:
        name += " of the " + holders[-1].split(".")[-1].replace("_", " ")
    return name


def _unknown_message(missing: list[str], open_lists: list[str]) -> str:
    parts = []
    if missing:
        parts.append("not stated: " + ", ".join(missing))
    if open_lists:
        parts.append(
            "the "
            + ", ".join(_list_name(name) for name in open_lists)
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
        self, data: Any, positions: Positions, file: str, partial: frozenset[str], strict: bool
    ) -> None:
        self.data = data
        self.positions = positions
        self.file = file
        self.partial = partial  # the lists given as partial evidence (EVIDENCE_LISTS paths)
        self.strict = strict
        self._search = BoundedSearch()
        # Rules share facts (a field is asked about by every level that needs it): each
        # expression is evaluated once per profile.
        self._values: dict[str, Any] = {}
        self.not_stated: dict[str, list[str]] = {}
        self.derived_from: Callable[[str], tuple[str, ...]] | None = None
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
        named = unstated or list(fields)
        if self.derived_from is None:
            return named
        # What the analyses work out is no fact a profile may state: name what it comes from.
        out: list[str] = []
        for field in named:
            sources = self.derived_from(field) if field.startswith("derived.") else ()
            if not sources:
                out.append(field)
                continue
            missing = [f for f in sources if not self.stated_everywhere(f)]
            complete = [f for f in sources if f == "evidence.complete_lists"]
            out += [f for f in (missing or complete or list(sources)) if f not in out]
        return out

    def stated_everywhere(self, field: str) -> bool:
        """Whether a field is stated: for a field of list items, by every item."""
        values = self.value(field)
        if values in (None, []):
            return False
        if "[]" not in field:
            return True
        items = self.value(field.rsplit("[]", 1)[0] + "[]")
        return not isinstance(items, list) or len(values) >= len(items)

    def shown(self, expression: str, unknown: frozenset[str] = frozenset()) -> Shown:
        """What the stated facts show of a condition: whether it holds, and whether every
        completion of the partial lists (and every value of the fields in `unknown`) agrees (an
        item absent from a partial list is not known to be absent)."""
        return shown(
            expression,
            self.partial,
            self.value,
            lambda node: self._search.part(node, self.data),
            truthy,
            unknown,
        )

    def applies(self, expression: str) -> Shown:
        """Whether a rule applies, as the stated facts show it: a field it reads that is not
        stated may take any value (`city_type != 'x'` holds for a city whose type nobody
        stated, and may not once it is)."""
        unknown = frozenset(
            field
            for field in leaf_fields(expression)
            if "[" not in field and "*" not in field and self.value(field) is None
        )
        return self.shown(expression, unknown)

    def open_facts(self, facts: list[str]) -> list[str]:
        """The partial lists that leave open whether these (stated) facts are stated: a fact
        that holds now but may not once the lists are complete."""
        found: list[str] = []
        for fact in facts:
            seen = stated(
                fact,
                self.partial,
                self.value,
                lambda node: self._search.part(node, self.data),
                truthy,
            )
            if not seen.settled:
                found += [name for name in sorted(seen.open_lists) if name not in found]
        return found

    def examples(self, rule: Rule) -> dict[str, tuple[Example, ...]]:
        """The rule's examples, split: a city is never offered itself as the model to follow;
        what the sources cite it for is kept apart, to be shown as its own practice. What went
        wrong in the city itself stays among the examples: it is no model."""
        others: list[Example] = []
        own: list[Example] = []
        for example in rule.examples:
            shown = Example(
                place=example.place,
                text=example.text,
                kind=example.kind,
                # Without a citation of its own, the example comes from the rule's seed, though
                # not necessarily from the section the rule cites: the file alone is named.
                source=_source(example.citation) if example.citation else rule.citation.file,
            )
            if example.kind == "model" and self.city_name in _places(example.place):
                own.append(shown)
            else:
                others.append(shown)
        return {"examples": tuple(others), "own_examples": tuple(own)}

    def rule(
        self, checklist_id: str, rule: Rule, waiver: str | None, department: str, weight: float
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
            "weight": weight,
            "location": self.location(rule.locate),
            "recommendation": rule.recommendation,
            "source": _source(rule.citation),
            "quote": rule.citation.quote,
            "rationale": rule.rationale,
            **self.examples(rule),
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
            # Nothing is known of a rule that could not be evaluated: its range is its scale.
            return RuleResult(
                status="error",
                level=0,
                message=f"rule could not be evaluated: {exc}",
                floor=0,
                ceiling=_top(rule),
                **base,
            )

    def _judge(self, rule: Rule, base: dict[str, Any]) -> RuleResult:
        may_not_apply = False
        if rule.requires_competence is not None:
            held = self.competences.get(rule.requires_competence)
            level = held.get("level") if isinstance(held, dict) else None
            if level == "none":
                holder = held.get("held_by") if isinstance(held, dict) else None
                base["recommendation"] = (
                    f"{rule.requires_competence.replace('_', ' ').capitalize()} lies with the "
                    f"{holder or 'higher'} level of government, not the city: raise this with "
                    f"it through vertical coordination (OECD point 1). What that level could "
                    f"do: {rule.recommendation}"
                )
                return RuleResult(
                    status="not_applicable",
                    level=0,
                    message=f"outside the city's competences ({rule.requires_competence})",
                    **base,
                )
            # A competence not stated may be none: the rule is judged, but its bounds may
            # leave it out, and the competence is a fact to collect.
            may_not_apply = level is None
            if may_not_apply:
                self.missing_facts(rule.id, [f"city.competences.{rule.requires_competence}.level"])
        applies = self.applies(rule.applies_when) if rule.applies_when is not None else None
        # What leaves open whether it applies: partial lists, and fields nobody stated.
        open_lists = sorted(applies.open_lists & self.partial) if applies else []
        unstated = sorted(applies.open_lists - self.partial) if applies else []
        if unstated:
            self.missing_facts(rule.id, unstated)
        if applies is not None and not applies.settled:
            # It is judged, but its bounds may leave it out.
            may_not_apply = True
        if applies is not None and not applies.holds:
            missing = list(dict.fromkeys([*unstated, *self.missing_facts(rule.id, rule.facts)]))
            if not missing and not open_lists:
                return RuleResult(
                    status="not_applicable",
                    level=0,
                    message="does not apply to this profile",
                    **base,
                )
            # Whether the rule applies rests on facts nobody stated: that is not known. Were
            # it to apply, the stated facts would grade it as below: that is its range.
            graded = self._grade(rule, base)
            return replace(
                graded,
                status="fail" if self.strict else "unknown",
                level=0,
                message=("strict mode counts what is not known as not met: " if self.strict else "")
                + "not known whether it applies ("
                + _unknown_message(missing, open_lists).removeprefix("not known: ")
                + ")",
                not_stated=tuple(dict.fromkeys([*missing, *graded.not_stated])),
                partial_lists=tuple(dict.fromkeys([*open_lists, *graded.partial_lists])),
                assumed=self.strict,
                may_not_apply=True,
            )
        graded = self._grade(rule, base)
        if not may_not_apply:
            return graded
        graded = replace(
            graded,
            may_not_apply=True,
            not_stated=tuple(dict.fromkeys([*graded.not_stated, *unstated])),
            partial_lists=tuple(dict.fromkeys([*graded.partial_lists, *open_lists])),
        )
        if rule.requires_competence is None or self._competence_level(rule) is not None:
            return graded
        competence = f"city.competences.{rule.requires_competence}.level"
        return replace(graded, not_stated=(*graded.not_stated, competence))

    def _competence_level(self, rule: Rule) -> Any:
        held = self.competences.get(rule.requires_competence or "")
        return held.get("level") if isinstance(held, dict) else None

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
            veto_text = level.ruled_out_by or rule.ruled_out_by
            veto = self.shown(veto_text) if veto_text is not None else None
            if veto is not None and veto.holds and veto.settled:
                continue  # stated facts rule this level out, whatever the lists hold
            facts = level.facts if level.facts is not None else rule.facts
            missing = self.missing_facts(rule.id, facts)
            if missing:
                undecided.append(level)
                missing_all += [fact for fact in missing if fact not in missing_all]
                continue
            # A fact stated only as far as a partial list goes (a disjunct that rules the
            # level out because a list lacks a value) decides nothing: with the value, the
            # level would rest on a fact not stated.
            open_facts = self.open_facts(facts)
            # A veto the partial lists leave open decides nothing but a level not met anyway.
            open_veto = [] if veto is None or veto.settled else sorted(veto.open_lists)
            met = self.shown(level.when)
            if met.settled and not open_facts and not (met.holds and open_veto):
                if met.holds:
                    return self._reached(rule, level, undecided, missing_all, open_all, base)
                continue
            open_lists = [*sorted(met.open_lists), *open_facts, *open_veto]
            # An item absent from a partial list may be there: a kind of item not found, or a
            # claim about every item that the listed ones bear out, is not known.
            undecided.append(level)
            for name in open_lists:
                if name not in open_all:
                    open_all.append(name)
        if undecided:
            # No level is met among those decided; the undecided ones may be met or not.
            ceiling = max(level.level for level in undecided)
            if self.strict:
                return RuleResult(
                    status="fail",
                    level=0,
                    message="strict mode counts what is not known as not met: "
                    + _unknown_message(missing_all, open_all),
                    not_stated=tuple(missing_all),
                    assumed=True,
                    floor=0,
                    ceiling=ceiling,
                    **base,
                )
            return RuleResult(
                status="unknown",
                level=0,
                message=_unknown_message(missing_all, open_all),
                not_stated=tuple(missing_all),
                partial_lists=tuple(open_all),
                floor=0,
                ceiling=ceiling,
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
        assumed = False
        if status == "fail" and undecided:
            # The lowest level holds and every level above it is undecided: nothing is shown,
            # and a missing fact never makes a fail (strict mode assumes one).
            status, assumed = ("fail", True) if self.strict else ("unknown", False)
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
            assumed=assumed,
            floor=level.level,
            ceiling=max([level.level, *(above.level for above in undecided)]),
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
