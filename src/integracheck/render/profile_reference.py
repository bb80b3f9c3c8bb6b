"""The profile reference (every section and field), generated from the model for the README."""

from __future__ import annotations

import types
import typing
from typing import Any

from pydantic import BaseModel
from pydantic.fields import FieldInfo

from integracheck.models.profile import Profile

BEGIN = "<!-- profile-reference:begin (generated from the model; do not edit by hand) -->"
END = "<!-- profile-reference:end -->"


def render_profile_reference() -> str:
    """Markdown: one table per object type, in the order a profile is read."""
    lines: list[str] = [BEGIN, ""]
    seen: set[str] = set()
    queue: list[tuple[str, type[BaseModel]]] = [("(top level)", Profile)]
    while queue:
        path, model = queue.pop(0)
        if model.__name__ in seen:
            continue
        seen.add(model.__name__)
        doc = (model.__doc__ or "").strip().splitlines()[0] if model.__doc__ else ""
        lines.append(f"#### `{path}`" + (f": {doc}" if doc and model is Profile else ""))
        if model is Profile:
            lines += ["", "Every object below may also carry `source`, like the top level."]
        lines.append("")
        lines.append("| Field | Type | Meaning |")
        lines.append("|---|---|---|")
        for name, info in model.model_fields.items():
            if name == "source" and model is not Profile:
                continue  # every object has it; said once, under the top level
            kind = _type(info.annotation)
            for inner in _models(info.annotation):
                child = f"{path}.{name}" if model is not Profile else name
                if _is_list(info.annotation):
                    child += "[]"
                elif _is_dict(info.annotation):
                    child += ".<area>"
                queue.append((child, inner))
                kind = kind.replace("object", f"object (see `{child}`)", 1)
            lines.append(f"| `{name}` | {kind} | {_meaning(info)} |")
        lines.append("")
    lines.append(END)
    return "\n".join(lines)


def update_readme(text: str) -> str:
    """Replace the generated block of a README (between the markers) with a fresh one."""
    start, end = text.index(BEGIN), text.index(END) + len(END)
    return text[:start] + render_profile_reference() + text[end:]


def _meaning(info: FieldInfo) -> str:
    text = info.description or ""
    if info.is_required():
        text = ("**Required.** " + text).strip()
    return text.replace("|", "\\|")


def _type(annotation: Any) -> str:
    origin = typing.get_origin(annotation)
    args = typing.get_args(annotation)
    if origin is typing.Annotated:
        return _type(args[0])
    if origin in (typing.Union, types.UnionType):
        parts = [_type(arg) for arg in args if arg is not type(None)]
        return " or ".join(dict.fromkeys(parts))
    if origin is typing.Literal:
        return "one of " + ", ".join(f"`{arg}`" for arg in args)
    if origin is list:
        return f"list of {_type(args[0])}"
    if origin is dict:
        return f"map from {_type(args[0])} to {_type(args[1])}"
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return "object"
    names = {str: "text", int: "integer", float: "number", bool: "true/false"}
    if isinstance(annotation, type):
        return names.get(annotation, annotation.__name__)
    return str(annotation)


def _models(annotation: Any) -> list[type[BaseModel]]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    return [m for arg in typing.get_args(annotation) for m in _models(arg)]


def _is_list(annotation: Any) -> bool:
    if typing.get_origin(annotation) is list:
        return True
    return any(
        _is_list(arg)
        for arg in typing.get_args(annotation)
        if typing.get_origin(annotation) in (typing.Union, types.UnionType)
    )


def _is_dict(annotation: Any) -> bool:
    if typing.get_origin(annotation) is dict:
        return True
    return any(
        _is_dict(arg)
        for arg in typing.get_args(annotation)
        if typing.get_origin(annotation) in (typing.Union, types.UnionType)
    )
