"""JMESPath expressions, compiled once per process and shared by every profile assessed."""

from __future__ import annotations

from typing import Any

import jmespath
from jmespath.exceptions import JMESPathError

_COMPILED: dict[str, Any] = {}


def compile_expression(text: str) -> Any:
    """Compile (or fetch the compiled) expression; raises ValueError with the parser's reason."""
    compiled = _COMPILED.get(text)
    if compiled is None:
        try:
            compiled = jmespath.compile(text)
        except JMESPathError as exc:
            raise ValueError(_first_line(exc)) from None
        except (RecursionError, MemoryError):
            raise ValueError("expression is too deeply nested") from None
        _COMPILED[text] = compiled
    return compiled


def _first_line(exc: Exception) -> str:
    text = str(exc).strip().splitlines()
    return text[0] if text else type(exc).__name__
