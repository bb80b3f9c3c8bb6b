"""A JSON report read back for `diff`: strict JSON, a known schema, the shape diff reads.

A report file arrives like any other input (a pull request can hold it), so it is checked
before use: NaN and Infinity are not JSON (and NaN would pass every comparison), a report of
an unknown major schema version may mean anything, and every field diff reads must have its
type. Each problem is positioned (file:line:column and the field's path); none reaches the
comparison as an internal error.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable
from typing import Any

from integracheck.loading.errors import InputError, InputProblem

# Major versions of the report schema this version of diff reads (1.x has no coverage).
READABLE_MAJORS = frozenset({"1", "2", "3"})

# A JSON string, or one of the constants Python's reader accepts but JSON does not.
_STRING_OR_CONSTANT = re.compile(r'"(?:[^"\\]|\\.)*"|(-?(?:NaN|Infinity))')

Check = Callable[[Any, str, list[str]], None]


def read_report(text: str, file: str) -> dict[str, Any]:
    """The report in `text`, or InputError with every problem found positioned."""
    try:
        data = json.loads(text, parse_constant=_refuse_constant)
    except _NotJson as exc:
        line, column = _position(text, _first_constant(text))
        raise InputError(
            [InputProblem(file, line, column, "", f"JSON: {exc} is not a JSON number")]
        ) from None
    except json.JSONDecodeError as exc:
        raise InputError(
            [InputProblem(file, exc.lineno, exc.colno, "", f"JSON: {exc.msg}")]
        ) from None
    except RecursionError:
        raise InputError([InputProblem(file, 1, 1, "", "JSON: nested too deeply")]) from None
    problems: list[str] = []
    _report(data, "", problems)
    if problems:
        raise InputError(
            [
                InputProblem(file, 1, 1, "", f"not an integracheck JSON report: {p}")
                for p in problems
            ]
        )
    return data  # type: ignore[no-any-return]


class _NotJson(ValueError):
    pass


def _refuse_constant(name: str) -> Any:
    raise _NotJson(name)


def _first_constant(text: str) -> int:
    for match in _STRING_OR_CONSTANT.finditer(text):
        if match.group(1):
            return match.start(1)
    return 0


def _position(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


# --- the shape diff reads ------------------------------------------------------------------------


def _string(value: Any, path: str, problems: list[str]) -> None:
    if not isinstance(value, str):
        problems.append(f"{path}: expected a string, found {_kind(value)}")


def _number_or_null(value: Any, path: str, problems: list[str]) -> None:
    if value is None:
        return
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        problems.append(f"{path}: expected a finite number or null, found {_kind(value)}")


def _level(value: Any, path: str, problems: list[str]) -> None:
    if value is None:  # an undecided rule has none
        return
    if isinstance(value, bool) or not isinstance(value, int) or not -1000 <= value <= 1000:
        problems.append(f"{path}: expected a level (an integer) or null, found {_kind(value)}")


def _boolean_or_null(value: Any, path: str, problems: list[str]) -> None:
    if value is not None and not isinstance(value, bool):
        problems.append(f"{path}: expected true, false or null, found {_kind(value)}")


def _mapping(fields: dict[str, Check], required: frozenset[str] = frozenset()) -> Check:
    def check(value: Any, path: str, problems: list[str]) -> None:
        if not isinstance(value, dict):
            problems.append(f"{path or 'the report'}: expected an object, found {_kind(value)}")
            return
        for key in sorted(required - value.keys()):
            problems.append(f"{_join(path, key)}: missing")
        for key, field_check in fields.items():
            if key in value and (key in required or value[key] is not None):
                field_check(value[key], _join(path, key), problems)

    return check


def _list_of(item: Check) -> Check:
    def check(value: Any, path: str, problems: list[str]) -> None:
        if not isinstance(value, list):
            problems.append(f"{path}: expected a list, found {_kind(value)}")
            return
        for index, element in enumerate(value):
            item(element, f"{path}[{index}]", problems)
            if len(problems) >= 20:  # enough to say the file is not a report
                return

    return check


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def _kind(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a number" if math.isfinite(value) else "a number out of range"
    names: dict[type, str] = {str: "a string", list: "a list", dict: "an object"}
    return names.get(type(value), "a value")


def _schema_version(value: Any, path: str, problems: list[str]) -> None:
    if not isinstance(value, str):
        problems.append(f"{path}: expected a version string, found {_kind(value)}")
        return
    major = value.split(".", 1)[0]
    if major not in READABLE_MAJORS:
        readable = ", ".join(f"{m}.x" for m in sorted(READABLE_MAJORS))
        problems.append(f"{path}: schema {value!r} is not one this version reads ({readable})")


_strings = _list_of(_string)

_report = _mapping(
    {
        "schema_version": _schema_version,
        "city": _mapping({"name": _string}, frozenset({"name"})),
        "score": _number_or_null,
        "coverage": _number_or_null,
        "lower": _number_or_null,
        "upper": _number_or_null,
        "groups": _list_of(
            _mapping(
                {
                    "id": _string,
                    "title": _string,
                    "score": _number_or_null,
                    "coverage": _number_or_null,
                    "lower": _number_or_null,
                    "upper": _number_or_null,
                },
                frozenset({"id", "title", "score"}),
            )
        ),
        "results": _list_of(
            _mapping(
                {
                    "rule_id": _string,
                    "title": _string,
                    "status": _string,
                    "severity": _string,
                    "level": _level,
                },
                frozenset({"rule_id", "status", "severity", "level"}),
            )
        ),
        "risks": _list_of(_mapping({"id": _string, "title": _string}, frozenset({"id", "title"}))),
        "pathways": _mapping(
            {
                "cells": _list_of(
                    _mapping(
                        {
                            "status": _string,
                            "domain": _string,
                            "state": _string,
                            "gap": _boolean_or_null,
                        },
                        frozenset({"status", "domain"}),
                    )
                )
            }
        ),
        "transitions": _list_of(
            _mapping(
                {
                    "id": _string,
                    "title": _string,
                    "state": _string,
                    "covered": _boolean_or_null,
                    "needs": _list_of(_mapping({"need": _string, "met": _boolean_or_null})),
                },
                frozenset({"id", "title"}),
            )
        ),
        "conflicts": _list_of(
            _mapping(
                {"id": _string, "message": _string, "services": _strings},
                frozenset({"id", "message"}),
            )
        ),
        "space": _mapping(
            {
                "underserved_neighbourhoods": _list_of(
                    _mapping({"name": _string, "lacks": _strings}, frozenset({"name"}))
                ),
                "hard_to_reach": _list_of(
                    _mapping(
                        {"id": _string, "name": _string, "reason": _string},
                        frozenset({"id", "name", "reason"}),
                    )
                ),
                "languages": _list_of(
                    _mapping({"language": _string, "state": _string}, frozenset({"language"}))
                ),
            }
        ),
    },
    frozenset({"schema_version", "city", "score", "groups", "results"}),
)
