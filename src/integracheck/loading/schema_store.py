"""The profile and checklist models' validation schemas, stored as data and run without them.

Building the pydantic model classes took the largest share of a cold run, though a run needs
only what pydantic-core makes of them: a schema. The models stay the source of truth; at build
time their core schemas are written out as JSON (a model class becomes its name), and at run
time pydantic-core validates against that schema into plain classes of the same names, with the
same data and the same errors. The models are imported only to explain an error, to export the
JSON Schema, and for custom checklists. `make artefacts` rebuilds the store; a test rebuilds it
and compares.
"""

from __future__ import annotations

import functools
import json
from importlib import resources
from typing import Any

from pydantic_core import SchemaValidator

from integracheck.models.behaviour import BEHAVIOUR

STORE = "schemas.json"
FORMAT = 1


# --- build time --------------------------------------------------------------------------------


def build_schema_store() -> str:
    """The store's text, from the models as they are now."""
    from integracheck.models.checklist import Checklist
    from integracheck.models.profile import Profile

    store = {
        "format": FORMAT,
        "profile": _as_data(Profile.__pydantic_core_schema__),
        "checklist": _as_data(Checklist.__pydantic_core_schema__),
    }
    return json.dumps(store, ensure_ascii=False, indent=None, separators=(",", ":")) + "\n"


_FACTORIES: dict[Any, str] = {list: "list", dict: "dict"}


def _as_data(node: Any) -> Any:
    """A core schema with its Python objects named: a model class by its name, a factory of an
    empty list or dict by `list` or `dict`, a validator function by its qualified name."""
    if isinstance(node, dict):
        out: dict[str, Any] = {}
        for key, value in node.items():
            if key == "metadata":
                continue  # JSON Schema hooks: only the models' own JSON Schema needs them
            if key == "cls":
                out[key] = value.__name__
            elif key == "default_factory":
                if value not in _FACTORIES:
                    raise ValueError(f"cannot store the default factory {value!r}")
                out[key] = _FACTORIES[value]
            elif key == "function" and callable(value):
                out[key] = value.__qualname__
            elif key in ("ref", "schema_ref") and isinstance(value, str):
                # pydantic ends a model's reference with the id of its class: not the same twice
                out[key] = value.rsplit(":", 1)[0] if value.rpartition(":")[2].isdigit() else value
            else:
                out[key] = _as_data(value)
        return out
    if isinstance(node, list | tuple):
        return [_as_data(item) for item in node]
    if node is None or isinstance(node, str | int | float | bool):
        return node
    raise ValueError(f"cannot store {node!r} in a schema")


# --- run time ----------------------------------------------------------------------------------


@functools.cache
def _store() -> dict[str, Any]:
    entry = resources.files("integracheck") / "artefacts" / STORE
    store: dict[str, Any] = json.loads(entry.read_bytes())
    if store.get("format") != FORMAT:
        raise RuntimeError(f"artefacts/{STORE} has format {store.get('format')}, not {FORMAT}")
    return store


@functools.cache
def model_class(name: str) -> type:
    """The plain class standing for the model `name`: its fields as attributes, plus the few
    methods the models define (`models/behaviour.py`)."""
    base = BEHAVIOUR.get(name, object)
    return type(name, (base,), {"__module__": "integracheck.models.stored", "__repr__": _repr})


def _repr(self: object) -> str:
    fields = ", ".join(
        f"{key}={value!r}" for key, value in vars(self).items() if not key.startswith("__")
    )
    return f"{type(self).__name__}({fields})"


def _with_classes(node: Any, trusted: bool) -> Any:
    """A stored schema with names turned back into objects. For data validated when it was
    stored (`trusted`), a model's own check functions are left out; otherwise such a function
    cannot be run without its model, so one is refused."""
    if isinstance(node, dict):
        if node.get("type", "").startswith("function-"):
            if not trusted:
                raise RuntimeError(f"stored schema calls {node['function']}; use the model")
            return _with_classes(node["schema"], trusted)
        out: dict[str, Any] = {}
        for key, value in node.items():
            if key == "cls":
                out[key] = model_class(value)
            elif key == "default_factory":
                out[key] = {"list": list, "dict": dict}[value]
            else:
                out[key] = _with_classes(value, trusted)
        return out
    if isinstance(node, list):
        return [_with_classes(item, trusted) for item in node]
    return node


@functools.cache
def profile_validator() -> SchemaValidator:
    """Validates a profile's data as the `Profile` model would, into plain classes."""
    return SchemaValidator(_with_classes(_store()["profile"], trusted=False))


@functools.cache
def stored_checklist_validator() -> SchemaValidator:
    """Turns the stored, already validated, built-in checklists into plain classes."""
    return SchemaValidator(_with_classes(_store()["checklist"], trusted=True))


def plain_data(value: Any) -> Any:
    """A validated object (a model or its plain stand-in) as lists, dicts and scalars: what the
    tests compare."""
    if isinstance(value, list | tuple):
        return [plain_data(item) for item in value]
    if isinstance(value, dict):
        return {key: plain_data(item) for key, item in value.items()}
    if hasattr(value, "__dict__") and not isinstance(value, type):
        fields = {
            key: item for key, item in vars(value).items() if not key.startswith("__pydantic")
        }
        return {"__class__": type(value).__name__, **{k: plain_data(v) for k, v in fields.items()}}
    return value
