"""Library entry points: validate and assess profiles, list and explain rules. No CLI imports."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from integracheck import __version__
from integracheck.analysis import analyse, derived_facts
from integracheck.analysis.derived import derived_sources
from integracheck.collector import started
from integracheck.engine import Evaluation, evaluate
from integracheck.influence import fact_influence, rule_shares, sharing_rules
from integracheck.loading.checklist import LoadedChecklist, load_builtins, load_checklist
from integracheck.loading.document import read_text
from integracheck.loading.errors import InputError, InputProblem
from integracheck.loading.profile import LoadedProfile, load_profile
from integracheck.loading.report_json import read_report
from integracheck.models.analysis import Analysis
from integracheck.models.listing import RuleEntry
from integracheck.models.report import Report
from integracheck.models.weights import score_weight
from integracheck.scoring import build_report

if TYPE_CHECKING:
    from integracheck.models.checklist import Risk
    from integracheck.models.comparison import Comparison, Snapshot


@dataclass(frozen=True)
class ValidationOutcome:
    """One file's validation: valid, invalid (problems in the profile) or unreadable."""

    file: str
    problems: tuple[InputProblem, ...]
    unreadable: bool = False

    @property
    def valid(self) -> bool:
        return not self.problems


def validate(files: Iterable[str]) -> Iterator[ValidationOutcome]:
    """Validate each file in turn, yielding its outcome as soon as it is known."""
    started()
    for file in files:
        try:
            load_profile(file)
        except InputError as exc:
            unreadable = any(p.message.startswith("cannot read file") for p in exc.problems)
            yield ValidationOutcome(file, tuple(exc.problems), unreadable)
        else:
            yield ValidationOutcome(file, ())


def checklists(references: Sequence[str] = ()) -> list[LoadedChecklist]:
    """The built-in checklists, or those named (built-in ids or paths), in report order."""
    if not references:
        return load_builtins()
    loaded = [load_checklist(reference) for reference in references]
    ids = [item.checklist.id for item in loaded]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    if duplicates:
        message = f"checklist id(s) given more than once: {', '.join(duplicates)}"
        raise InputError([InputProblem(references[0], 1, 1, "", message)])
    # A rule or risk id names one result in every format (a JUnit case, a SARIF rule): two
    # checklists may not both define it.
    owner: dict[str, str] = {}
    for item in loaded:
        for rule_id in [r.id for r in item.checklist.rules] + [k.id for k in item.checklist.risks]:
            if rule_id in owner and owner[rule_id] != item.file:
                message = f"rule id '{rule_id}' is already defined in {owner[rule_id]}"
                raise InputError([InputProblem(item.file, 1, 1, "", message)])
            owner[rule_id] = item.file
    return sorted(loaded, key=lambda item: (item.checklist.order, item.checklist.id))


def assess(
    file: str,
    checklist_refs: Sequence[str] = (),
    *,
    fail_under: float | None = None,
    fail_on: str | None = None,
    min_coverage: float | None = None,
    strict: bool = False,
    use_waivers: bool = True,
    today: dt.date | None = None,
) -> Report:
    """Load, evaluate and score one profile. Raises InputError for unusable input.

    `strict` counts every rule that cannot be decided as failed (for a city gating its own,
    complete profile); `min_coverage` adds a gate on the share of evidence decided."""
    return assess_loaded(
        load_profile(file),
        checklists(checklist_refs),
        fail_under=fail_under,
        fail_on=fail_on,
        min_coverage=min_coverage,
        strict=strict,
        use_waivers=use_waivers,
        today=today,
    )


def assess_loaded(
    loaded: LoadedProfile,
    selected: Sequence[LoadedChecklist],
    *,
    fail_under: float | None = None,
    fail_on: str | None = None,
    min_coverage: float | None = None,
    strict: bool = False,
    use_waivers: bool = True,
    today: dt.date | None = None,
) -> Report:
    """Evaluate and score a profile already loaded (a file, or text being edited)."""
    today = today or dt.date.today()
    analysis, evaluation = evaluate_loaded(
        selected, loaded, use_waivers=use_waivers, today=today, strict=strict
    )
    city = loaded.profile.city
    return build_report(
        profile_file=loaded.file,
        city=city.name,
        country=city.country or "",
        city_type=city.city_type or "",
        checklists=selected,
        evaluation=evaluation,
        tool_version=__version__,
        fail_under=fail_under,
        fail_on=fail_on,
        min_coverage=min_coverage,
        analysis=analysis,
        as_of=today.isoformat(),
        fictional=bool(loaded.profile.evidence and loaded.profile.evidence.fictional),
    )


def evaluate_loaded(
    selected: Sequence[LoadedChecklist],
    loaded: LoadedProfile,
    *,
    use_waivers: bool = True,
    today: dt.date | None = None,
    strict: bool = False,
) -> tuple[Analysis, Evaluation]:
    """Run the analyses, then the rules, which may read what the analyses found."""
    today = today or dt.date.today()
    analysis = analyse(loaded, today)
    derived = derived_facts(analysis, loaded.profile, today)
    evaluation = evaluate(
        selected,
        loaded,
        use_waivers=use_waivers,
        today=today,
        derived=derived,
        strict=strict,
        derived_from=derived_sources,
    )
    return analysis, evaluation


def rules(checklist_refs: Sequence[str] = ()) -> list[RuleEntry]:
    out = []
    for loaded in checklists(checklist_refs):
        titles = {group.id: group.title for group in loaded.checklist.groups}
        for rule in loaded.checklist.rules:
            out.append(
                RuleEntry(
                    checklist_id=loaded.checklist.id,
                    checklist_title=loaded.checklist.title,
                    group_title=titles[rule.group],
                    rule=rule,
                    score_weight=score_weight(loaded.checklist, rule),
                )
            )
    return out


def risks(checklist_refs: Sequence[str] = ()) -> list[tuple[str, Risk]]:
    return [
        (loaded.checklist.id, risk)
        for loaded in checklists(checklist_refs)
        for risk in loaded.checklist.risks
    ]


def rules_reference() -> str:
    """docs/rules.md, generated from the built-in checklists."""
    from integracheck.render.rules import render_fact_influence_markdown, render_rules_markdown

    influence = render_fact_influence_markdown(fact_influence(checklists()))
    return render_rules_markdown(rules(), risks()) + "\n" + "\n".join(influence)


def weights_reference(files: Sequence[str], today: dt.date) -> str:
    """docs/weights.md: the weighting's rationale and these profiles under both weightings,
    assessed as of `today`."""
    from integracheck.render.weights import render_weights_markdown

    reports = [assess(file, today=today) for file in sorted(files)]
    return render_weights_markdown(checklists(), reports)


def rule_overlaps(
    rule_id: str, checklist_refs: Sequence[str] = ()
) -> tuple[dict[str, tuple[str, ...]], float]:
    """For a rule: per field it reads, the other rules reading it; and its share of the
    overall score (per cent)."""
    selected = checklists(checklist_refs)
    entry = find_rule(rule_id, checklist_refs)
    if entry is None:
        return {}, 0.0
    return sharing_rules(entry.rule, selected), round(rule_shares(selected)[entry.rule.id], 2)


def profile_schema() -> dict[str, object]:
    """The JSON Schema of a profile, for editors (YAML language server) and other tools."""
    from integracheck.models.profile import Profile

    schema = Profile.model_json_schema()
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "integracheck city profile",
        **schema,
    }


def compare_files(
    old: str,
    new: str,
    checklist_refs: Sequence[str] = (),
    *,
    today: dt.date | None = None,
) -> Comparison:
    """Compare two profiles, two JSON reports, or one of each."""
    from integracheck.comparison import compare  # only `diff` compares

    return compare(_snapshot(old, checklist_refs, today), _snapshot(new, checklist_refs, today))


def _snapshot(file: str, checklist_refs: Sequence[str], today: dt.date | None) -> Snapshot:
    from integracheck.comparison import snapshot, snapshot_from_json

    if not file.endswith(".json"):
        return snapshot(assess(file, checklist_refs, today=today))
    data = read_report(read_text(file), file)
    try:
        return snapshot_from_json(data, file)
    except (KeyError, TypeError, ValueError, AttributeError, OverflowError) as exc:
        message = f"not an integracheck JSON report (missing or wrong {exc})"
        raise InputError([InputProblem(file, 1, 1, "", message)]) from None


def find_risk(risk_id: str, checklist_refs: Sequence[str] = ()) -> Risk | None:
    wanted = risk_id.upper()
    for loaded in checklists(checklist_refs):
        for risk in loaded.checklist.risks:
            if risk.id == wanted:
                return risk
    return None


def find_rule(rule_id: str, checklist_refs: Sequence[str] = ()) -> RuleEntry | None:
    wanted = rule_id.upper()
    return next((entry for entry in rules(checklist_refs) if entry.rule.id == wanted), None)
