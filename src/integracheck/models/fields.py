"""The profile schema as paths: every field's description, for labels and questionnaires."""

from __future__ import annotations

import functools
import types
import typing

from pydantic import BaseModel

from integracheck.models.profile import Profile


@functools.cache
def field_descriptions() -> dict[str, str]:
    """Every profile field's description, by path (`services[].public_transport`)."""
    out: dict[str, str] = {}
    _describe(Profile, "", out, {})
    return out


@functools.cache
def field_annotations() -> dict[str, object]:
    """Every profile field's type, by path."""
    out: dict[str, object] = {}
    _describe(Profile, "", {}, out)
    return out


def _describe(
    model: type[BaseModel], prefix: str, out: dict[str, str], types_out: dict[str, object]
) -> None:
    for name, field in model.model_fields.items():
        path = f"{prefix}{name}"
        types_out[path] = field.annotation
        if field.description:
            out[path] = field.description
        annotation = field.annotation
        if typing.get_origin(annotation) in (typing.Union, types.UnionType):
            annotation = next(a for a in typing.get_args(annotation) if a is not type(None))
        origin, args = typing.get_origin(annotation), typing.get_args(annotation)
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            out.setdefault(path, (annotation.__doc__ or "").strip())
            _describe(annotation, path + ".", out, types_out)
        elif origin is list and isinstance(args[0], type) and issubclass(args[0], BaseModel):
            _describe(args[0], path + "[].", out, types_out)
        elif origin is dict and isinstance(args[1], type) and issubclass(args[1], BaseModel):
            _describe(args[1], path + ".*.", out, types_out)


def literal_values(annotation: object) -> list[object]:
    """The values a `Literal` annotation allows, nested Literals flattened."""
    values: list[object] = []
    for value in typing.get_args(annotation):
        if typing.get_origin(value) is typing.Literal:
            values += literal_values(value)
        else:
            values.append(value)
    return values
