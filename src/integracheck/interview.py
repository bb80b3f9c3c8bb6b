"""`integracheck interview`: ask the facts a profile lacks one at a time, the one that would
close the most of the overall score's range first, and write each answer into the profile."""

from __future__ import annotations

import datetime as dt
import functools
import itertools
import json
import math
import os
import re
import types
import typing
from collections import Counter
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

import yaml
from pydantic import BaseModel

from integracheck.api import assess_loaded, checklists
from integracheck.loading.checklist import LoadedChecklist
from integracheck.loading.errors import InputError, InputProblem
from integracheck.loading.profile import load_profile_text
from integracheck.loading.roundtrip import EditError, Step, add_item, set_value
from integracheck.models.fields import field_annotations, literal_values
from integracheck.models.report import NotStated, Report
from integracheck.output import write_atomically
from integracheck.questionnaire import department
from integracheck.render.labels import field_label, words
from integracheck.render.view import range_text

_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

# Answers a person may give to any question, besides the answer itself.
NOT_KNOWN = ("?", "not known", "unknown", "dk")
SKIP = ("skip", "s")
BACK = ("back", "b")
STOP = ("stop", "q", "quit")

# Facts ranked by the range they span are then measured by trying the answers they allow:
# this many of the first are measured before each question.
MEASURED = 6
# And each measured with at most this many answers.
PROBES = 5

_UNIT = re.compile(r"\bin (per cent|minutes|hours|days|weeks|months|years|euros?)\b")
_ITEM = re.compile(
    r"^(?P<list>[a-z_.]+)\[(?:id=(?P<id>[^\]]+)|(?P<index>\d+))\](?:\.(?P<rest>.+))?$"
)


class Prompt(Protocol):
    """Where questions go and answers come from: a terminal, or a script in tests."""

    def say(self, text: str) -> None: ...

    def ask(self, text: str) -> str | None:
        """The answer typed, or None when input has ended."""


@dataclass(frozen=True)
class Form:
    """What an answer looks like: its kind and, for a choice, the values allowed."""

    kind: str  # yes/no, choice, choices, integer, number, date, text, texts, item
    choices: tuple[str, ...] = ()
    unit: str = ""
    fields: tuple[str, ...] = ()  # for an item: the fields asked to describe it
    of: str = ""  # for an item: the list it goes to

    def describe(self) -> str:
        if self.kind == "item":
            return "yes to add one (its name and kind are asked next), or no"
        return self._describe()

    def _describe(self) -> str:
        if self.kind == "yes/no":
            return "yes or no"
        if self.kind == "choice":
            return "one of the numbers or values above"
        if self.kind == "choices":
            return "numbers or values above, separated by commas; 'none' for none of them"
        if self.kind in ("integer", "number"):
            return f"a {'whole ' if self.kind == 'integer' else ''}number" + (
                f", {self.unit}" if self.unit else ""
            )
        if self.kind == "date":
            return "a date, YYYY-MM-DD"
        if self.kind == "texts":
            return "items separated by commas; 'none' for an empty list"
        return "text"


@dataclass(frozen=True)
class Target:
    """One fact on one place of the profile: `services[id=start-wien].stage`."""

    fact: str  # as the report names it: services[].stage
    steps: tuple[Step, ...]  # where it goes in the document
    address: str  # how answers files and messages name it
    item: str  # "the service 'Start Wien'", or "" for a fact of the city


@dataclass(frozen=True)
class Question:
    target: Target
    label: str
    form: Form
    department: str
    rule_ids: tuple[str, ...]
    points: float  # the part of the range the rules needing the fact span
    closing: float | None  # what answering is expected to close, where measured
    example: str = ""

    @property
    def address(self) -> str:
        return self.target.address


@dataclass(frozen=True)
class Standing:
    lower: float | None
    upper: float | None
    coverage: float | None

    @property
    def width(self) -> float:
        if self.lower is None or self.upper is None:
            return 100.0
        return self.upper - self.lower

    def text(self) -> str:
        if self.lower is None or self.upper is None:
            return "not scored yet"
        coverage = "–" if self.coverage is None else f"{self.coverage:.0f}%"
        if range_text(self.lower, self.upper).find("-") < 0:
            return f"{range_text(self.lower, self.upper)} on {coverage} of the evidence"
        return f"between {self.lower:.0f} and {self.upper:.0f} on {coverage} of the evidence"


class AnswerError(ValueError):
    """An answer that cannot be written, with the reason."""


# --- the schema -----------------------------------------------------------------------------


def _unwrap(annotation: object) -> object:
    """The type inside Optional[...] and Annotated[...]."""
    while True:
        origin = typing.get_origin(annotation)
        if origin in (typing.Union, types.UnionType):
            args = [a for a in typing.get_args(annotation) if a is not type(None)]
            if len(args) != 1:
                return annotation
            annotation = args[0]
        elif origin is typing.Annotated:
            annotation = typing.get_args(annotation)[0]
        else:
            return annotation


def schema_path(fact: str) -> str | None:
    """The schema's name of a fact: a key of a mapping by area (`competences.housing`) reads
    as `*`."""
    annotations = field_annotations()
    if fact in annotations:
        return fact
    parts = fact.split(".")
    for index in range(1, len(parts)):
        candidate = ".".join([*parts[:index], "*", *parts[index + 1 :]])
        if candidate in annotations:
            return candidate
    return None


def form_of(fact: str, description: str = "") -> Form | None:
    """How a fact is answered, or None for one that is not a single value or a list of
    values (an object, a list of objects: asked through their own fields)."""
    path = schema_path(fact)
    if path is None:
        return None
    annotation = _unwrap(field_annotations()[path])
    unit_match = _UNIT.search(description)
    unit = f"in {unit_match.group(1)}" if unit_match else ""
    origin = typing.get_origin(annotation)
    if origin is typing.Literal:
        return Form("choice", tuple(str(v) for v in literal_values(annotation)))
    if origin is list:
        inner = _unwrap(typing.get_args(annotation)[0])
        if typing.get_origin(inner) is typing.Literal:
            return Form("choices", tuple(str(v) for v in literal_values(inner)))
        if inner is str:
            return Form("texts")
        return None
    if annotation is bool:
        return Form("yes/no")
    if annotation is int:
        return Form("integer", unit=unit)
    if annotation is float:
        return Form("number", unit=unit)
    if annotation is dt.date:
        return Form("date")
    if annotation is str:
        return Form("text")
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return None
    return None


def parse_answer(form: Form, raw: str) -> Any:
    """The value an answer typed as text stands for; AnswerError with the reason otherwise."""
    text = raw.strip()
    if not text:
        raise AnswerError("no answer given")
    if form.kind == "yes/no":
        lowered = text.lower()
        if lowered in ("y", "yes", "true", "1"):
            return True
        if lowered in ("n", "no", "false", "2"):
            return False
        raise AnswerError("answer yes or no")
    if form.kind == "choice":
        return _choice(form, text)
    if form.kind == "choices":
        if text.lower() == "none":
            return []
        values = [_choice(form, part.strip()) for part in text.split(",") if part.strip()]
        return list(dict.fromkeys(values))
    if form.kind in ("integer", "number"):
        try:
            number = float(text.replace(",", "."))
        except ValueError:
            raise AnswerError(f"'{text}' is not a number") from None
        if not math.isfinite(number):
            raise AnswerError(f"'{text}' is not a number")
        if form.kind == "integer":
            if number != int(number):
                raise AnswerError(f"'{text}' is not a whole number")
            return int(number)
        return number
    if form.kind == "date":
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            raise AnswerError(f"'{text}' is not a date written YYYY-MM-DD") from None
    if form.kind == "texts":
        if text.lower() == "none":
            return []
        return [part.strip() for part in text.split(",") if part.strip()]
    return text


def _choice(form: Form, text: str) -> str:
    if text.isdigit() and 1 <= int(text) <= len(form.choices):
        return form.choices[int(text) - 1]
    wanted = text.lower().replace(" ", "_")
    if wanted in form.choices:
        return wanted
    raise AnswerError(f"'{text}' is not one of the choices (1-{len(form.choices)})")


def scripted_value(form: Form, value: Any) -> Any:
    """An answer from an answers file: YAML values as they are; text through the same reading
    as a typed answer (so 'yes', '2' or 'in preparation' work there too)."""
    if isinstance(value, str) and form.kind not in ("text",):
        return parse_answer(form, value)
    if isinstance(value, list) and form.kind == "choices":
        return [_choice(form, str(v)) for v in value]
    return value


# Lists a person can extend from the interview: items with an id and a name.
LISTS = ("services", "entry_points", "coordination_bodies")


def item_form(list_name: str) -> Form:
    """What adding an item asks: its name, then the fields that say what it is."""
    from integracheck.models.profile import Profile

    model = typing.get_args(_unwrap(Profile.model_fields[list_name].annotation))[0]
    fields = ["name"] + [
        name
        for name, info in model.model_fields.items()
        if name not in ("id", "name", "source") and (info.is_required() or name == "kind")
    ]
    return Form("item", fields=tuple(fields), of=list_name)


def item_id(name: str, data: Any) -> str:
    """An id for a new item from its name, unique among the profile's services and entry
    points."""
    base = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")[:60] or "item"
    if not base[0].isalnum():
        base = "item-" + base
    taken = {
        item.get("id")
        for list_name in LISTS
        for item in (_get(data, [list_name]) or [])
        if isinstance(item, dict)
    }
    found, number = base, 2
    while found in taken:
        found, number = f"{base}-{number}", number + 1
    return found


# --- where a fact is asked ------------------------------------------------------------------


def _get(data: Any, steps: Sequence[Step]) -> Any:
    node = data
    for step in steps:
        if isinstance(step, int):
            if not isinstance(node, list) or not 0 <= step < len(node):
                return None
            node = node[step]
        else:
            if not isinstance(node, dict):
                return None
            node = node.get(step)
        if node is None:
            return None
    return node


def _singular(name: str) -> str:
    last = words(name.split(".")[-1])
    if last.endswith("ies"):
        return last[:-3] + "y"
    return last[:-1] if last.endswith("s") else last


def targets(fact: str, data: Any) -> list[Target]:
    """The places a fact not stated is asked: itself, or each listed item (each key of a
    mapping by area) that does not state it."""
    if fact.count("[]") > 1:
        return []  # lists inside list items: left to the file
    if "[]" in fact:
        list_path, rest = fact.split("[]", 1)
        rest = rest.lstrip(".")
        items = _get(data, list_path.split("."))
        if not isinstance(items, list) or not rest:
            return []
        out = []
        for index, item in enumerate(items):
            steps: tuple[Step, ...] = (*list_path.split("."), index, *rest.split("."))
            if not isinstance(item, dict) or _get(data, steps) is not None:
                continue
            identifier = item.get("id")
            where = f"id={identifier}" if isinstance(identifier, str) else str(index)
            name = item.get("name") or identifier or f"number {index + 1}"
            out.append(
                Target(
                    fact=fact,
                    steps=steps,
                    address=f"{list_path}[{where}].{rest}",
                    item=f"the {_singular(list_path)} '{name}'",
                )
            )
        return out
    if ".*." in fact:
        head, rest = fact.split(".*.", 1)
        keyed = _get(data, head.split("."))
        if not isinstance(keyed, dict):
            return []
        return [
            t
            for key in keyed
            for t in targets(f"{head}.{key}.{rest}", data)
            if _get(data, t.steps) is None
        ]
    steps = tuple(fact.split("."))
    if _get(data, steps) is not None:
        return []
    return [Target(fact=fact, steps=steps, address=fact, item="")]


def _writable_alone(target: Target, data: Any) -> bool:
    """Whether the fact can be written by itself: not when the object it belongs to is absent
    and needs another field first (`held_by` of a policy area whose `level` is not stated)."""
    if len(target.steps) < 2 or _get(data, target.steps[:-1]) is not None:
        return True
    annotations = field_annotations()
    parent = schema_path(".".join(str(s) for s in target.steps[:-1]))
    if parent is not None:
        model = _unwrap(annotations[parent])
    else:  # an entry of a mapping by area: the mapping's value type
        keyed = _unwrap(annotations.get(schema_path(".".join(map(str, target.steps[:-2]))) or ""))
        model = _unwrap(typing.get_args(keyed)[1]) if typing.get_origin(keyed) is dict else None
    if not (isinstance(model, type) and issubclass(model, BaseModel)):
        return True
    return all(
        name == target.steps[-1] or not info.is_required()
        for name, info in model.model_fields.items()
    )


def resolve(address: str, data: Any) -> Target | None:
    """The place an answers file names: `strategy.status`, `services[id=job-start].stage`,
    `services[0].stage`, or `services[+]` for items to add."""
    if address.endswith("[+]") and address[:-3] in LISTS:
        return Target(address[:-3], (address[:-3],), address, "")
    match = _ITEM.match(address)
    if match is None:
        if "[" in address:
            return None
        return Target(address, tuple(address.split(".")), address, "")
    list_path = match.group("list")
    rest = match.group("rest") or ""
    items = _get(data, list_path.split("."))
    if not isinstance(items, list) or not rest:
        return None
    for index, item in enumerate(items):
        if not isinstance(item, dict):
            continue
        wanted = match.group("id")
        if (wanted is not None and item.get("id") == wanted) or (
            match.group("index") is not None and int(match.group("index")) == index
        ):
            fact = f"{list_path}[].{rest}"
            found = [t for t in targets(fact, data) if t.steps[len(list_path.split("."))] == index]
            if found:
                return found[0]
            steps: tuple[Step, ...] = (*list_path.split("."), index, *rest.split("."))
            return Target(fact, steps, address, "")
    return None


# --- examples from the bundled cities -------------------------------------------------------


def bundled_folder() -> Path | None:
    """The repository's `city_profiles/`, beside the source (a checkout or an editable
    install); None when the package runs without it."""
    folder = Path(__file__).resolve().parents[2] / "city_profiles"
    return folder if folder.is_dir() else None


@functools.cache
def _bundled(folder: str) -> tuple[tuple[str, Any], ...]:
    out = []
    for path in sorted(Path(folder).glob("*.yaml")):
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
        except (OSError, yaml.YAMLError):
            continue
        if isinstance(data, dict):
            city = (data.get("city") or {}).get("name") or path.stem
            fictional = bool((data.get("evidence") or {}).get("fictional"))
            out.append((str(path.resolve()), (city, fictional, data)))
    return tuple(out)


def _values(fact: str, data: Any) -> Iterator[Any]:
    """Every value a profile states for a fact (each item's, each area's)."""
    head, _, rest = fact.partition("[]")
    if rest:
        for item in _get(data, head.split(".")) or []:
            if isinstance(item, dict):
                yield from _values(rest.lstrip("."), item)
        return
    head, star, rest = fact.partition(".*.")
    if star:
        keyed = _get(data, head.split("."))
        if isinstance(keyed, dict):
            for value in keyed.values():
                yield from _values(rest, value)
        return
    value = _get(data, fact.split("."))
    if value is not None:
        yield value


def bundled_values(fact: str, folder: Path | None, exclude: str = "") -> list[tuple[str, Any]]:
    """(city, value) for each bundled profile that states the fact, real cities first."""
    if folder is None:
        return []
    path = schema_path(fact) or fact
    out: list[tuple[bool, str, Any]] = []
    for file, (city, fictional, data) in _bundled(str(folder)):
        if file == exclude:
            continue
        out += [(fictional, city, value) for value in _values(path, data)]
    return [(city, value) for fictional, city, value in sorted(out, key=lambda v: v[0])]


def most_common(fact: str, folder: Path | None, exclude: str = "") -> Any:
    """The value the bundled profiles state most often for a fact (the first met on a tie);
    None when none states it."""
    values = [value for _, value in bundled_values(fact, folder, exclude)]
    if not values:
        return None
    counts = Counter(repr(v) for v in values)
    best = max(counts.values())
    return next(v for v in values if counts[repr(v)] == best)


def _shown(value: Any) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        return ", ".join(_shown(v) for v in value) or "none"
    return words(str(value)) if isinstance(value, str) and "_" in value else str(value)


# --- the interview --------------------------------------------------------------------------


@dataclass
class Session:
    """One profile under interview: its text as written, the answers given, what is left."""

    file: str
    text: str
    source: str
    checklists: Sequence[LoadedChecklist]
    department: str | None = None
    today: dt.date = field(default_factory=dt.date.today)
    examples: Path | None = None
    measured: int = MEASURED
    write: bool = True
    not_known: set[str] = field(default_factory=set)
    skipped: list[str] = field(default_factory=list)
    history: list[tuple[Question, str]] = field(default_factory=list)
    stated: list[str] = field(default_factory=list)
    _standings: dict[str, Standing] = field(default_factory=dict, repr=False)

    @classmethod
    def open(
        cls,
        file: str,
        source: str,
        *,
        checklist_refs: Sequence[str] = (),
        department: str | None = None,
        today: dt.date | None = None,
        examples: Path | None = None,
    ) -> Session:
        """Read the profile; InputError with its problems when it does not validate."""
        from integracheck.loading.document import read_text

        text = read_text(file)
        load_profile_text(text, file)
        return cls(
            file=file,
            text=text,
            source=source,
            checklists=checklists(checklist_refs),
            department=department,
            today=today or dt.date.today(),
            examples=examples,
        )

    # The report of a text, and its range.
    def report(self, text: str | None = None) -> Report:
        loaded = load_profile_text(self.text if text is None else text, self.file)
        return assess_loaded(loaded, self.checklists, today=self.today)

    def standing(self, text: str | None = None) -> Standing:
        text = self.text if text is None else text
        found = self._standings.get(text)
        if found is None:
            report = self.report(text)
            found = Standing(report.lower, report.upper, report.coverage)
            if len(self._standings) > 512:
                self._standings.clear()
            self._standings[text] = found
        return found

    def data(self) -> Any:
        return yaml.load(self.text, Loader=_LOADER)  # a safe loader

    # Which question next.
    def candidates(self, report: Report | None = None) -> list[Question]:
        """Every question open, ranked by the part of the range its fact spans."""
        report = report or self.report()
        data = self.data()
        out = []
        for item in report.not_stated:
            out += self._questions(item, data)
        return out

    def _questions(self, item: NotStated, data: Any) -> list[Question]:
        if item.fact.startswith("derived") or schema_path(item.fact) is None:
            return []
        if self.department and department(item.fact) != self.department:
            return []
        if item.fact in LISTS:
            singular = _singular(item.fact)
            target = Target(item.fact, (item.fact,), f"{item.fact}[+]", "")
            if target.address in self.not_known:
                return []
            label = f"Is there a {singular} to add to the profile (`{item.fact}` lists none yet)"
            return [
                Question(
                    target=target,
                    label=label,
                    form=item_form(item.fact),
                    department=department(item.fact),
                    rule_ids=item.rule_ids,
                    points=item.points,
                    closing=None,
                )
            ]
        # The item is named in the question itself, not as "for each of the services".
        label = re.sub(r" \(for each of the [^)]*\)$", "", field_label(item.fact))
        form = form_of(item.fact, label)
        if form is None:
            return []
        example = ""
        found = bundled_values(item.fact, self.examples, os.path.realpath(self.file))
        if found:
            city, value = found[0]
            example = f"{city}: {_shown(value)}"
        return [
            Question(
                target=target,
                label=label,
                form=form,
                department=department(item.fact),
                rule_ids=item.rule_ids,
                points=item.points,
                closing=None,
                example=example,
            )
            for target in targets(item.fact, data)
            if target.address not in self.not_known and _writable_alone(target, data)
        ]

    def ranked(self, limit: int | None = None, only: set[str] | None = None) -> list[Question]:
        """The open questions (those at `only`'s addresses, when given), the one expected to
        close the most of the range first: the first `measured` by the range their fact spans
        are measured by trying each answer they allow (the mean width after it); the rest
        follow by the range they span."""
        report = self.report()
        width = Standing(report.lower, report.upper, report.coverage).width
        found = self.candidates(report)
        if only is not None:
            found = [q for q in found if q.address in only]
        # One question per fact is measured: its first item (items are asked in list order).
        later = [q for q in found if q.address in self.skipped]
        seen: set[str] = set()
        firsts = []
        for question in found:
            if question.target.fact not in seen and question.address not in self.skipped:
                seen.add(question.target.fact)
                firsts.append(question)
        data = self.data()
        measured = [self._measure(q, width, data) for q in firsts[: self.measured]]
        measured.sort(key=lambda q: (-(q.closing or 0.0), -q.points))
        rest = firsts[self.measured :]
        ordered = measured + rest + sorted(later, key=lambda q: self.skipped.index(q.address))
        return ordered[:limit] if limit is not None else ordered

    def _measure(self, question: Question, width: float, data: Any) -> Question:
        widths = []
        for value in _probes(question.form):
            probe = _with_value(data, question.target.steps, value)
            if probe is None:
                continue
            try:
                widths.append(self.standing(probe).width)
            except InputError:
                continue  # an answer the profile does not allow
        if not widths:
            return question
        closing = width - sum(widths) / len(widths)
        return Question(**{**question.__dict__, "closing": round(closing, 2)})

    # Answers.
    def answer(self, question: Question, value: Any) -> Standing:
        """Write an answer: checked as `validate` checks a profile, then written whole."""
        address = question.address
        try:
            if question.form.kind == "item":
                if not isinstance(value, dict) or not isinstance(value.get("name"), str):
                    raise AnswerError("an item to add is a mapping with at least a name")
                item = {"id": item_id(value["name"], self.data()), **value}
                item.setdefault("source", self.source)
                list_name = question.target.fact
                text = add_item(self.text, [list_name], item)
                address = f"{list_name}[id={item['id']}]"
            else:
                text = set_value(self.text, question.target.steps, value, source=self.source)
        except EditError as exc:
            raise AnswerError(str(exc)) from None
        try:
            load_profile_text(text, self.file)
        except InputError as exc:
            reasons = "; ".join(p.message for p in exc.problems[:3])
            raise AnswerError(reasons) from None
        self._write(text)
        self.history.append((question, self.text))
        self.text = text
        self.stated.append(address)
        if question.address in self.skipped:
            self.skipped.remove(question.address)
        return self.standing()

    def back(self) -> Question | None:
        """Undo the last answer written: the file as it was before it; the question undone."""
        if not self.history:
            return None
        question, before = self.history.pop()
        self._write(before)
        self.text = before
        self.stated.pop()
        return question

    def skip(self, question: Question) -> None:
        if question.address in self.skipped:
            self.skipped.remove(question.address)
        self.skipped.append(question.address)

    def _write(self, text: str) -> None:
        if self.write:
            write_atomically(Path(self.file), text)


def _with_value(data: Any, steps: Sequence[Step], value: Any) -> str | None:
    """The profile with one value set (for measuring only: layout does not matter here)."""
    import copy

    probe = copy.deepcopy(data) if data is not None else {}
    node = probe
    for step, following in itertools.pairwise(steps):
        if isinstance(step, int):
            if not isinstance(node, list) or not 0 <= step < len(node):
                return None
            node = node[step]
            continue
        if not isinstance(node, dict):
            return None
        if node.get(step) is None:
            if isinstance(following, int):
                return None
            node[step] = {}
        node = node[step]
    if not isinstance(node, dict):
        return None
    node[steps[-1]] = value
    # JSON is YAML, and far quicker to write than YAML.
    return json.dumps(probe, default=str)


def _probes(form: Form) -> list[Any]:
    """Answers that stand for what a fact could be: every choice, and a few of each kind."""
    if form.kind == "yes/no":
        return [True, False]
    if form.kind == "choice":
        step = max(1, math.ceil(len(form.choices) / PROBES))
        return list(form.choices[::step])
    if form.kind == "choices":
        return [[], list(form.choices), *([c] for c in form.choices[: PROBES - 2])]
    if form.kind in ("integer", "number"):
        return [0, 1, 10, 50, 100]
    if form.kind == "date":
        return [dt.date(2000, 1, 1), dt.date(2100, 1, 1)]
    if form.kind == "texts":
        return [[], ["a"], ["a", "b", "c"]]
    if form.kind == "item":
        return [[sample] for sample in _samples(form)]
    return ["a"]


def _samples(form: Form) -> list[dict[str, Any]]:
    """Items that stand for what could be added: one for each of a few of its kinds."""
    samples: list[dict[str, Any]] = []
    for number in range(3):
        sample: dict[str, Any] = {"id": f"probe-{number}", "name": "probe"}
        for name in form.fields[1:]:
            choices = _field_forms(form).get(name)
            if choices is not None and choices.choices:
                sample[name] = choices.choices[number % len(choices.choices)]
        samples.append(sample)
    return samples


def _field_forms(form: Form) -> dict[str, Form]:
    return {
        name: found for name in form.fields if (found := form_of(f"{form.of}[].{name}")) is not None
    }


# --- talking to a person --------------------------------------------------------------------


def question_text(question: Question, number: int) -> str:
    lines = [f"Question {number} · {question.department}"]
    label = question.label.rstrip(".")
    where = f" — for {question.target.item}" if question.target.item else ""
    lines.append(f"{label}{where}:")
    lines.append(f"  ({question.address})")
    if question.form.kind in ("choice", "choices"):
        for index, choice in enumerate(question.form.choices, start=1):
            lines.append(f"  {index:>2}  {words(choice)}")
    elif question.form.kind == "yes/no":
        lines.append("   1  yes\n   2  no")
    lines.append(f"  Answer with {question.form.describe()}.")
    if question.example:
        lines.append(f"  For example {question.example}.")
    rules = ", ".join(question.rule_ids[:5]) + (", ..." if len(question.rule_ids) > 5 else "")
    closing = (
        f"expected to close {question.closing:g} points of the range"
        if question.closing is not None
        else f"the rules needing it span {question.points:g} points of the range"
    )
    lines.append(f"  Decides {rules}; {closing}.")
    return "\n".join(lines)


CHOICES_LINE = "? = not known, skip, back, stop"


def progress_text(after: Standing, before: Standing) -> str:
    return f"Now {after.text()}; was {range_text(before.lower, before.upper)}."


@dataclass
class Outcome:
    before: Standing
    after: Standing
    stated: list[str]
    rejected: list[tuple[str, str]] = field(default_factory=list)  # (address, reason)
    unused: list[tuple[str, str]] = field(default_factory=list)
    next_questions: list[Question] = field(default_factory=list)
    stopped: bool = False


def summary_text(outcome: Outcome) -> str:
    lines = [
        "",
        f"Facts stated ({len(outcome.stated)})"
        + (": " + ", ".join(outcome.stated) if outcome.stated else ""),
        f"Range before: {outcome.before.text()}.",
        f"Range after:  {outcome.after.text()}.",
    ]
    if outcome.next_questions:
        lines.append("Next questions for another time:")
        for question in outcome.next_questions:
            where = f" ({question.target.item})" if question.target.item else ""
            lines.append(f"  - {question.label.rstrip('.')}{where}: {question.address}")
    return "\n".join(lines)


def interview(session: Session, prompt: Prompt, max_questions: int | None = None) -> Outcome:
    """Ask, write, show the range; until the questions, the count or the person stop."""
    start = session.standing()
    current = start
    asked = 0
    redo: Question | None = None
    stopped = False
    while max_questions is None or asked < max_questions:
        if redo is not None:
            question, redo = redo, None
        else:
            ranked = session.ranked(limit=1)
            if not ranked:
                prompt.say("No more questions: every fact the rules need here is stated or left.")
                break
            question = ranked[0]
        prompt.say("")
        prompt.say(question_text(question, asked + 1))
        while True:
            raw = prompt.ask(f"Answer ({CHOICES_LINE}): ")
            if raw is None:
                stopped = True
                break
            word = raw.strip().lower()
            if word in STOP:
                stopped = True
                break
            if word in NOT_KNOWN:
                session.not_known.add(question.address)
                prompt.say("Left unstated; not asked again in this run.")
                asked += 1
                break
            if word in SKIP:
                session.skip(question)
                prompt.say("Skipped for now.")
                asked += 1
                break
            if word in BACK:
                undone = session.back()
                if undone is None:
                    prompt.say("Nothing to undo yet.")
                    continue
                previous = current
                current = session.standing()
                prompt.say(f"Undid {undone.address}. {progress_text(current, previous)}")
                asked = max(0, asked - 1)
                redo = undone
                break
            if question.form.kind == "item":
                added = _add_items(session, question, prompt, raw)
                if added is None:
                    continue
                if not added:
                    session.not_known.add(question.address)
                    prompt.say("None added; not asked again in this run.")
                else:
                    previous, current = current, session.standing()
                    prompt.say(f"Written to {session.file}. {progress_text(current, previous)}")
                asked += 1
                break
            try:
                value = parse_answer(question.form, raw)
                previous = current
                current = session.answer(question, value)
            except AnswerError as exc:
                prompt.say(f"Not written: {exc}. Please answer again.")
                continue
            prompt.say(f"Written to {session.file}. {progress_text(current, previous)}")
            asked += 1
            break
        if stopped:
            break
    return Outcome(
        before=start,
        after=session.standing(),
        stated=list(session.stated),
        next_questions=session.ranked(limit=5),
        stopped=stopped,
    )


def _add_items(session: Session, question: Question, prompt: Prompt, raw: str) -> int | None:
    """Items added on a yes (each described by its fields, then "another?"); None when the
    answer was neither yes nor no."""
    try:
        wanted = parse_answer(Form("yes/no"), raw)
    except AnswerError as exc:
        prompt.say(f"Not written: {exc}. Please answer again.")
        return None
    added = 0
    singular = _singular(question.form.of)
    forms = _field_forms(question.form)
    while wanted:
        item: dict[str, Any] = {}
        for name in question.form.fields:
            form = forms.get(name, Form("text"))
            lines = [f"  {words(name).capitalize()} of the {singular}:"]
            lines += [f"  {i:>2}  {words(c)}" for i, c in enumerate(form.choices, start=1)]
            prompt.say("\n".join(lines))
            while name not in item:
                reply = prompt.ask(f"  ({form.describe()}; stop to add nothing): ")
                if reply is None or reply.strip().lower() in STOP:
                    return added
                try:
                    item[name] = parse_answer(form, reply)
                except AnswerError as exc:
                    prompt.say(f"  {exc}; please answer again.")
        try:
            session.answer(question, item)
        except AnswerError as exc:
            prompt.say(f"Not written: {exc}.")
            return added
        added += 1
        prompt.say(f"Added {session.stated[-1]}.")
        reply = prompt.ask(f"Another {singular} to add? (yes or no): ")
        wanted = reply is not None and reply.strip().lower() in ("y", "yes", "1")
    return added


def interview_scripted(
    session: Session,
    answers: Mapping[str, Any],
    say: Callable[[str], None],
    max_questions: int | None = None,
) -> Outcome:
    """Answers from a file, asked in the same order as a person would be asked them; a null
    answer or 'not known' leaves the fact unstated."""
    start = session.standing()
    current = start
    data = session.data()
    pending: dict[str, Any] = {}
    given: dict[str, str] = {}  # each address as the file wrote it
    for address, value in answers.items():
        found = resolve(str(address), data)
        pending[found.address if found else str(address)] = value
        given[found.address if found else str(address)] = str(address)
    rejected: list[tuple[str, str]] = []
    asked = 0
    while pending and (max_questions is None or asked < max_questions):
        ranked = session.ranked(limit=1, only=set(pending))
        question = ranked[0] if ranked else None
        if question is None:
            break
        value = pending.pop(question.address)
        asked += 1
        if value is None or (isinstance(value, str) and value.strip().lower() in NOT_KNOWN):
            session.not_known.add(question.address)
            say(f"{question.address}: left unstated")
            continue
        try:
            previous = current
            if question.form.kind == "item":
                for item in value if isinstance(value, list) else [value]:
                    current = session.answer(question, item)
            else:
                current = session.answer(question, scripted_value(question.form, value))
        except AnswerError as exc:
            rejected.append((given[question.address], str(exc)))
            continue
        say(f"{question.address}: {_shown(value)}. {progress_text(current, previous)}")
    why = "not a fact still open here (stated already, or no rule needs it)"
    if max_questions is not None and asked >= max_questions:
        why = f"not asked (--max {max_questions})"
    unused = [(given[address], why) for address in pending]
    return Outcome(
        before=start,
        after=session.standing(),
        stated=list(session.stated),
        rejected=rejected,
        unused=unused,
        next_questions=session.ranked(limit=5),
    )


@dataclass(frozen=True)
class LinePrompt:
    """A prompt on lines of text: `say` writes one, `read` reads an answer (input())."""

    say_line: Callable[[str], None]
    read: Callable[[str], str]

    def say(self, text: str) -> None:
        self.say_line(text)

    def ask(self, text: str) -> str | None:
        try:
            return self.read(text)
        except EOFError:
            return None


def departments() -> list[str]:
    """The departments `plan` and `gather` use, in their order."""
    from integracheck.questionnaire import DEPARTMENTS

    names = [name for _, name in DEPARTMENTS] + ["Integration office"]
    return list(dict.fromkeys(names))


def match_department(name: str) -> str | None:
    """The department a name means: exact, or the one department whose name contains it
    (case ignored)."""
    wanted = name.strip().lower()
    names = departments()
    exact = [n for n in names if n.lower() == wanted]
    if exact:
        return exact[0]
    found = [n for n in names if wanted and wanted in n.lower()]
    return found[0] if len(found) == 1 else None


def read_answers(file: str) -> dict[str, Any]:
    """An answers file: a YAML mapping of fact address to value; InputError otherwise."""
    from integracheck.loading.document import read_text

    text = read_text(file)
    try:
        data = yaml.load(text, Loader=_LOADER)  # a safe loader
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        raise InputError([InputProblem(file, line, column, "", f"YAML: {exc}")]) from None
    if not isinstance(data, dict) or not all(isinstance(k, str) for k in data):
        message = "an answers file is a mapping of fact address to value"
        raise InputError([InputProblem(file, 1, 1, "", message)])
    return data


def answer_problems(file: str, outcome: Outcome) -> tuple[list[InputProblem], list[InputProblem]]:
    """The answers not written (rejected, with the reason) and not used, each at the line of
    the answers file that gives it."""
    from integracheck.loading.document import read_text

    positions: dict[str, tuple[int, int]] = {}
    try:
        node = yaml.compose(read_text(file), Loader=_LOADER)  # a safe loader
    except (InputError, yaml.YAMLError):
        node = None
    if isinstance(node, yaml.MappingNode):
        for key, _ in node.value:
            positions[str(key.value)] = (key.start_mark.line + 1, key.start_mark.column + 1)

    def problems(items: list[tuple[str, str]]) -> list[InputProblem]:
        return [
            InputProblem(file, *positions.get(address, (1, 1)), address, message)
            for address, message in items
        ]

    return problems(outcome.rejected), problems(outcome.unused)
