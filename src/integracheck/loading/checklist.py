"""Load checklists, built in (by id, from package data) or custom (by path), and check them."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from importlib import resources
from importlib.abc import Traversable
from pathlib import Path
from typing import TYPE_CHECKING

from integracheck.loading.checklist_store import build_store, checklist_files, read_store
from integracheck.loading.document import Document, parse_document, read_text
from integracheck.loading.errors import MAX_PROBLEMS, InputError, InputProblem
from integracheck.loading.expressions import compile_expression, remember_tree
from integracheck.loading.fingerprint import ChecklistFingerprint, fingerprint
from integracheck.loading.validation import suggest, validate_document

if TYPE_CHECKING:
    from integracheck.models.checklist import Checklist, Risk, Rule


@dataclass(frozen=True)
class LoadedChecklist:
    checklist: Checklist
    file: str
    builtin: bool
    fingerprint: ChecklistFingerprint  # what a report says it was assessed against


def builtin_ids() -> list[str]:
    """Ids of the checklists shipped with the package, in report order."""
    return [loaded.checklist.id for loaded in _builtins()]


def load_builtins() -> list[LoadedChecklist]:
    return list(_builtins())


@functools.cache
def _builtins() -> tuple[LoadedChecklist, ...]:
    stored = read_store()
    if stored is not None:
        checklists, trees = stored
        for text, tree in trees.items():
            remember_tree(text, tree)
        loaded = [
            LoadedChecklist(
                checklist=checklist, file=f"checklists/{name}", builtin=True, fingerprint=prints
            )
            for name, checklist, prints in checklists
        ]
    else:  # a checklist file changed since the store was built: read the YAML itself
        loaded = [_load_builtin(entry) for entry in checklist_files()]
    return tuple(sorted(loaded, key=lambda item: (item.checklist.order, item.checklist.id)))


def _load_builtin(entry: Traversable) -> LoadedChecklist:
    with resources.as_file(entry) as path:
        return _load_file(str(path), builtin=True, shown=f"checklists/{entry.name}")


def built_store() -> str:
    """The store of the built-in checklists, built from their YAML files as they are now."""
    loaded = [_load_builtin(entry) for entry in checklist_files()]
    trees = {
        text: compile_expression(text).parsed
        for item in loaded
        for text in checklist_expressions(item.checklist)
    }
    named = [(item.file.removeprefix("checklists/"), item.checklist) for item in loaded]
    return build_store(named, trees)


def load_checklist(reference: str) -> LoadedChecklist:
    """A built-in checklist by id, or a custom checklist file by path."""
    for loaded in _builtins():
        if loaded.checklist.id == reference:
            return loaded
    if Path(reference).suffix in (".yaml", ".yml") or Path(reference).exists():
        return _load_file(reference, builtin=False, shown=reference)
    known = [loaded.checklist.id for loaded in _builtins()]
    hint = suggest(reference, known)
    message = f"no built-in checklist '{reference}' and no such file; built-ins: {', '.join(known)}"
    if hint:
        message += f"; did you mean '{hint}'?"
    raise InputError([InputProblem(reference, 1, 1, "", message)])


def _load_file(file: str, builtin: bool, shown: str) -> LoadedChecklist:
    from integracheck.models.checklist import Checklist  # a file, not the store: the model

    document = parse_document(read_text(file), shown)
    checklist = validate_document(document, Checklist)
    problems = _consistency_problems(checklist, document)
    if builtin:
        problems += seed_citation_problems(checklist, document)
    if problems:
        raise InputError(problems)
    return LoadedChecklist(
        checklist=checklist, file=shown, builtin=builtin, fingerprint=fingerprint(checklist)
    )


def _consistency_problems(checklist: Checklist, document: Document) -> list[InputProblem]:
    """What the schema alone cannot see: ids, prefixes, groups, and expressions that parse."""
    problems: list[InputProblem] = []

    def problem(path: str, message: str) -> None:
        line, column = document.positions.of_value(path)
        problems.append(InputProblem(document.file, line, column, path, message))

    group_ids = [group.id for group in checklist.groups]
    known_groups: set[str] = set()
    for index, group_id in enumerate(group_ids):
        if group_id in known_groups:
            problem(f"groups[{index}].id", f"group id '{group_id}' is used twice")
        known_groups.add(group_id)
    seen: dict[str, str] = {}
    items: list[tuple[str, int, Rule | Risk]] = [
        ("rules", i, rule) for i, rule in enumerate(checklist.rules)
    ]
    items += [("risks", i, risk) for i, risk in enumerate(checklist.risks)]
    for section, index, item in items:
        base = f"{section}[{index}]"
        if item.id in seen:
            problem(f"{base}.id", f"id '{item.id}' is already used at {seen[item.id]}")
        else:
            seen[item.id] = base
        if not item.id.startswith(checklist.prefix + "-"):
            problem(
                f"{base}.id", f"id '{item.id}' must start with the prefix '{checklist.prefix}-'"
            )
        group = getattr(item, "group", None)
        if group is not None and group not in known_groups:
            hint = suggest(group, group_ids) if len(problems) < MAX_PROBLEMS else None
            message = f"no group '{group}' in this checklist"
            problem(f"{base}.group", message + (f"; did you mean '{hint}'?" if hint else ""))
        for path, expression in _expressions(base, item):
            try:
                compile_expression(expression)
            except ValueError as exc:
                problem(path, f"condition does not parse as JMESPath: {exc}")
    return problems


def checklist_expressions(checklist: Checklist) -> list[str]:
    """Every expression of a checklist's rules and risks, once each, in checklist order."""
    items: list[Rule | Risk] = [*checklist.rules, *checklist.risks]
    found = (expression for item in items for _, expression in _expressions("", item))
    return list(dict.fromkeys(found))


def _expressions(base: str, item: object) -> list[tuple[str, str]]:
    found: list[tuple[str, str]] = []
    for name in ("condition", "applies_when", "subjects", "ruled_out_by"):
        value = getattr(item, name, None)
        if value is not None:
            found.append((f"{base}.{name}", value))
    for index, fact in enumerate(getattr(item, "facts", [])):
        found.append((f"{base}.facts[{index}]", fact))
    for index, level in enumerate(getattr(item, "levels", None) or []):
        found.append((f"{base}.levels[{index}].when", level.when))
        if level.ruled_out_by is not None:
            found.append((f"{base}.levels[{index}].ruled_out_by", level.ruled_out_by))
        for fact_index, fact in enumerate(level.facts or []):
            found.append((f"{base}.levels[{index}].facts[{fact_index}]", fact))
    for index, advice in enumerate(getattr(item, "typed_advice", None) or []):
        if advice.unless is not None:
            found.append((f"{base}.typed_advice[{index}].unless", advice.unless))
    return found


def seed_citation_problems(checklist: Checklist, document: Document) -> list[InputProblem]:
    """A bundled checklist cites the bundled seed documents by their file names (`SEED_FILE`),
    so every citation can be checked against the seeds; a custom one may cite any file."""
    import re

    from integracheck.models.checklist import SEED_FILE

    seed = re.compile(SEED_FILE)
    cited = [(f"sources[{i}].file", s.file) for i, s in enumerate(checklist.sources)]
    for index, risk in enumerate(checklist.risks):
        cited.append((f"risks[{index}].citation.file", risk.citation.file))
    for index, rule in enumerate(checklist.rules):
        cited.append((f"rules[{index}].citation.file", rule.citation.file))
        for number, example in enumerate(rule.examples):
            if example.citation is not None:
                path = f"rules[{index}].examples[{number}].citation.file"
                cited.append((path, example.citation.file))
    problems = []
    for path, file in cited:
        if not seed.match(file):
            line, column = document.positions.of_value(path)
            message = f"a bundled checklist cites seed files (NNN_<16 hex digits>.txt): '{file}'"
            problems.append(InputProblem(document.file, line, column, path, message))
    return problems
