"""Pydantic errors turned into positioned messages, with "did you mean" for near misses."""

from __future__ import annotations

import re
import types
import typing
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

from pydantic_core import SchemaValidator, ValidationError

from integracheck.loading.document import Document, join_path
from integracheck.loading.errors import MAX_PROBLEMS, InputError, InputProblem

if TYPE_CHECKING:
    from pydantic import BaseModel

ModelT = TypeVar("ModelT", bound="BaseModel")


def validate_document(document: Document, model: type[ModelT]) -> ModelT:
    """Validate a parsed document against a model; every error carries its position."""
    validated: ModelT = _validate(document, model.model_validate, lambda: model)
    return validated


def validate_with(
    document: Document, validator: SchemaValidator, model: Callable[[], type[BaseModel]]
) -> Any:
    """Validate a parsed document with a stored schema's validator; only when it finds an
    error is the model (`model()`, imported then) asked for its field names."""
    return _validate(document, validator.validate_python, model)


def _validate(
    document: Document, run: Callable[[Any], Any], model: Callable[[], type[BaseModel]]
) -> Any:
    if not isinstance(document.data, dict):
        kind = type(document.data).__name__ if document.data is not None else "nothing"
        message = f"expected a mapping of sections at the top level, found {kind}"
        raise InputError([*document.problems, InputProblem(document.file, 1, 1, "", message)])
    try:
        validated = run(document.data)
    except ValidationError as exc:
        raise InputError(document.problems + problems_from(exc, document, model())) from None
    if document.problems:
        raise InputError(document.problems)
    return validated


def problems_from(
    exc: ValidationError, document: Document, model: type[BaseModel]
) -> list[InputProblem]:
    grouped: dict[tuple[str, str], list[str]] = {}
    anchors: dict[tuple[str, str], tuple[int, int]] = {}
    for number, error in enumerate(exc.errors(include_url=False)):
        path, kind, names = _resolve(error["loc"], document.data)
        # Suggestions for as many problems as are shown: thousands of unknown keys in one
        # mapping must cost linear time, not a "did you mean" search each.
        message = _message(error, names, model, path, suggesting=number < MAX_PROBLEMS)
        if error["type"] == "extra_forbidden":
            kind = "extra"
        key = (path, kind)
        if kind in ("extra", "key"):
            position = document.positions.of_key(path)
        else:
            position = document.positions.of_value(path)
        anchors[key] = position
        if message not in grouped.setdefault(key, []):
            grouped[key].append(message)
    problems = []
    for (path, _kind), messages in grouped.items():
        line, column = anchors[(path, _kind)]
        # Several messages on one path come from the branches of a union: any one would do.
        text = messages[0] if len(messages) == 1 else " or ".join(messages)
        problems.append(InputProblem(document.file, line, column, path, text))
    return problems


def _resolve(loc: tuple[int | str, ...], data: Any) -> tuple[str, str, list[str]]:
    """Follow a pydantic error location through the data; drop union-branch labels."""
    path = ""
    names: list[str] = []
    current = data
    for index, part in enumerate(loc):
        last = index == len(loc) - 1
        if part == "[key]":
            return path, "key", names
        if isinstance(current, dict) and isinstance(part, str) and part in current:
            path, current = join_path(path, part), current[part]
            names.append(part)
        elif isinstance(current, list) and isinstance(part, int) and part < len(current):
            path, current = join_path(path, part), current[part]
        elif last and isinstance(part, str) and isinstance(current, dict):
            return join_path(path, part), "missing", [*names, part]
    return path, "value", names


def _message(
    error: Any, names: list[str], model: type[BaseModel], path: str, suggesting: bool = True
) -> str:
    kind = error["type"]
    given = error.get("input")
    if kind == "extra_forbidden":
        field = names[-1] if names else path
        hint = suggest(field, _field_names(model, names[:-1])) if suggesting else None
        return f"unknown key '{field}'" + (f"; did you mean '{hint}'?" if hint else "")
    if kind == "missing":
        return f"required key '{names[-1] if names else path}' is missing"
    if kind in ("literal_error", "enum"):
        expected = re.findall(r"'([^']*)'", str(error.get("ctx", {}).get("expected", "")))
        hint = suggest(str(given), expected) if suggesting and isinstance(given, str) else None
        shown = ", ".join(expected[:20]) + (", ..." if len(expected) > 20 else "")
        found = f"'{given}' is not one of: {shown}"
        return found + (f"; did you mean '{hint}'?" if hint else "")
    message = str(error["msg"])
    if kind == "string_pattern_mismatch":
        pattern = str(error.get("ctx", {}).get("pattern", ""))
        words = _PATTERN_WORDS.get(pattern)
        if words:
            return f"{words} (found {given!r})"
    if kind == "number_as_written" and isinstance(given, str) and _looks_numeric(given):
        return f"'{given}' is text, not a number: write it without quotes"
    if kind == "number_as_written" and isinstance(given, bool):
        return f"{'true' if given else 'false'} is a boolean, not a number"
    if kind == "bool_type" and isinstance(given, str):
        word = "true" if given.lower() in ("yes", "on", "y", "true", "1") else "false"
        return f"'{given}' is text, not a boolean; write {word}"
    if isinstance(given, str | int | float | bool) and not isinstance(given, dict):
        shown = repr(given) if len(repr(given)) <= 60 else repr(given)[:57] + "..."
        if isinstance(given, bool):
            shown = "true" if given else "false"  # as the YAML has it
        message += f" (found {shown})"
    return message[0].lower() + message[1:] if message else kind


def _looks_numeric(text: str) -> bool:
    try:
        float(text.strip())
    except ValueError:
        return False
    return True


# Beyond this many options a suggestion looks only at likely ones: difflib compares each
# option in turn, and a hostile file may ask for thousands of suggestions.
MAX_SUGGESTION_OPTIONS = 100


# What a constrained text field expects, in words rather than as its pattern.
_PATTERN_WORDS = {
    r"^([01][0-9]|2[0-3]):[0-5][0-9]$": "a time of day written HH:MM, from 00:00 to 23:59",
    r"^(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$": "a day of the year written MM-DD",
    r"^[a-z0-9][a-z0-9_-]*$": "an id of lower-case letters, digits, '-' and '_'",
}


def suggest(word: str, options: list[str]) -> str | None:
    """The option closest to `word`, if one is close: 'did you mean'. Bounded in cost."""
    if len(word) > 100:
        return None
    if len(options) > MAX_SUGGESTION_OPTIONS:
        near = [o for o in options if o[:1] == word[:1] and abs(len(o) - len(word)) <= 3]
        options = near[:MAX_SUGGESTION_OPTIONS]
    import difflib  # only when something is misspelt

    matches = difflib.get_close_matches(word, options, n=1, cutoff=0.6)
    return matches[0] if matches else None


def _field_names(model: type[BaseModel], names: list[str]) -> list[str]:
    """Field names of the nested model reached by following `names` from `model`."""
    current: type[BaseModel] | None = model
    key_next = False  # the name after a dict-typed field is a key of that dict, not a field
    for name in names:
        if key_next:
            key_next = False
            continue
        if current is None or name not in current.model_fields:
            return []
        annotation = current.model_fields[name].annotation
        key_next = _is_dict(annotation)
        current = _inner_model(annotation)
    return list(current.model_fields) if current is not None else []


def _is_dict(annotation: Any) -> bool:
    origin = typing.get_origin(annotation)
    if origin is dict:
        return True
    if origin in (typing.Union, types.UnionType):
        return any(_is_dict(arg) for arg in typing.get_args(annotation))
    return False


def _inner_model(annotation: Any) -> type[BaseModel] | None:
    from pydantic import BaseModel  # only to explain an error

    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    origin = typing.get_origin(annotation)
    args = typing.get_args(annotation)
    if origin is typing.Annotated:
        return _inner_model(args[0])
    if origin in (list, tuple, typing.Union, types.UnionType):
        for arg in args:
            found = _inner_model(arg)
            if found is not None:
                return found
    if origin is dict and len(args) == 2:
        return _inner_model(args[1])
    return None
