"""From "not stated" to a data request: the facts a profile lacks, as questions by department."""

from __future__ import annotations

import typing
from dataclasses import dataclass

from pydantic import BaseModel

from integracheck.models.fields import field_annotations, field_descriptions, literal_values
from integracheck.models.report import Report
from integracheck.scoring import facts_to_collect

# Who in a city would know the answer, by the start of the field's path (longest match wins).
DEPARTMENTS: tuple[tuple[str, str], ...] = (
    ("policies.housing", "Housing"),
    ("policies.health", "Health"),
    ("policies.education", "Education"),
    ("policies.employment", "Employment"),
    ("policies.welfare", "Social welfare"),
    ("services", "Service providers (each service)"),
    ("entry_points", "Front offices (welcome desks, registration, websites)"),
    ("coordination_bodies", "Integration office (coordination)"),
    ("partnerships.funding", "Finance and funding"),
    ("partnerships", "Integration office (partnerships and contracts)"),
    ("workforce", "Human resources"),
    ("representation", "Participation and the migrant council"),
    ("data", "Statistics and research"),
    ("space", "Urban planning"),
    ("strategy", "Mayor's office and the integration strategy"),
    ("leadership", "Mayor's office and the integration strategy"),
    ("mainstreaming", "Mayor's office and the integration strategy"),
    ("city", "City administration"),
)


@dataclass(frozen=True)
class Question:
    """One fact to collect: what to ask, who would know, and why it matters."""

    path: str  # the profile field, e.g. services[].refers_to
    label: str  # the field's description, in plain words
    answer: str  # what kind of answer: yes or no, a number, one of ..., a list of ...
    department: str
    weight: float  # rule weight the answer would decide
    rule_ids: tuple[str, ...]
    points: float = 0.0  # points of the overall score's range the answer could close


def _named(path: str) -> str:
    """A field with no description, by its name: `coordination_bodies` -> "Coordination bodies"."""
    name = path.replace("[]", "").split(".")[-1].replace("_", " ")
    return name[:1].upper() + name[1:]


def department(path: str) -> str:
    matches = [(prefix, name) for prefix, name in DEPARTMENTS if path.startswith(prefix)]
    return max(matches, key=lambda m: len(m[0]))[1] if matches else "Integration office"


def _label(path: str, descriptions: dict[str, str]) -> str:
    """The question in words: the field's description, naming the policy area for a
    competence ("Housing: how much power the municipality has here.")."""
    described = descriptions.get(path) or descriptions.get(schema_path(path))
    if not described:
        return _named(path)
    if schema_path(path) != path:
        area = path.split(".")[2].replace("_", " ")
        return f"{area[:1].upper()}{area[1:]}: {described[:1].lower()}{described[1:]}"
    return described


def schema_path(path: str) -> str:
    """The field's path in the schema: a map keyed by policy area is `*` there
    (`city.competences.housing.level` -> `city.competences.*.level`)."""
    parts = path.split(".")
    if parts[:2] == ["city", "competences"] and len(parts) > 3:
        parts[2] = "*"
    return ".".join(parts)


def answer_kind(path: str) -> str:
    """What an answer looks like, from the field's type in the schema."""
    annotation = field_annotations().get(schema_path(path))
    if annotation is None:
        return "see the profile reference"
    return _kind(annotation)


def _kind(annotation: object) -> str:
    args = [a for a in typing.get_args(annotation) if a is not type(None)]
    origin = typing.get_origin(annotation)
    if origin is typing.Literal:
        # The values as they are written in the profile.
        return "one of: " + ", ".join(str(v) for v in literal_values(annotation))
    if origin is list and args:
        if isinstance(args[0], type) and issubclass(args[0], BaseModel):
            return "a list of entries, each as the profile reference describes"
        return "a list of " + _kind(args[0]).removeprefix("a ").removeprefix("one of: ")
    if args and origin is not list and len(args) == 1 and origin is not None:
        return _kind(args[0])
    if annotation is bool:
        return "yes or no"
    if annotation in (int, float):
        return "a number"
    if typing.get_origin(annotation) is typing.Annotated:
        return _kind(typing.get_args(annotation)[0])
    return "text"


def questions(report: Report) -> tuple[Question, ...]:
    """Every fact to collect, those that could close the most of the range first (then the
    rule weight they decide)."""
    descriptions = field_descriptions()
    out = [
        Question(
            path=item.fact,
            label=_label(item.fact, descriptions),
            answer=answer_kind(item.fact),
            department=department(item.fact),
            weight=item.weight,
            rule_ids=item.rule_ids,
            points=item.points,
        )
        for item in facts_to_collect(report)
    ]
    return tuple(sorted(out, key=lambda q: (-q.points, -q.weight, q.path)))


def by_department(items: tuple[Question, ...]) -> list[tuple[str, list[Question]]]:
    """Departments in the order of the most decisive question each holds."""
    groups: dict[str, list[Question]] = {}
    for item in items:
        groups.setdefault(item.department, []).append(item)
    return sorted(groups.items(), key=lambda g: (-g[1][0].points, -g[1][0].weight, g[0]))
