"""A user's own template (`--template`): untrusted, so read alone and rendered within bounds.

A template may come with a consultant's report or a pull request. It renders in Jinja2's
immutable sandbox (no Python internals); besides, it reads only its own file (no include,
import or extends of another, no symlink: a CI checkout keeps a token in `.git/config`), its
loops and its values are bounded, its whole rendering has a deadline, and every failure is a
TemplateProblem with the template's file and line.
"""

from __future__ import annotations

import math
import os
import signal
import stat
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import jinja2
from jinja2.exceptions import SecurityError

from integracheck.render.options import TemplateProblem

MAX_TEMPLATE_BYTES = 1024 * 1024
MAX_RENDER_SECONDS = 10.0
MAX_OUTPUT_CHARACTERS = 50_000_000
MAX_VALUE_SIZE = 10_000_000  # characters or items of a value a template builds with * or +
MAX_LOOP_STEPS = 10_000_000  # iterations of all the `range` loops of one rendering


def read_template(path: Path) -> str:
    """The template's text: a regular file, not a symlink, at most MAX_TEMPLATE_BYTES, UTF-8
    (a byte that is not is reported at its line and column)."""
    where = str(path)
    try:
        info = os.lstat(path)
        if stat.S_ISLNK(info.st_mode):
            raise TemplateProblem("a template may not be a symbolic link", where, 1)
        if not stat.S_ISREG(info.st_mode):
            raise TemplateProblem("a template must be a regular file", where, 1)
        with open(path, "rb") as stream:
            raw = stream.read(MAX_TEMPLATE_BYTES + 1)
    except OSError as exc:
        raise TemplateProblem(f"cannot read template: {exc.strerror or exc}", where, 1) from None
    if len(raw) > MAX_TEMPLATE_BYTES:
        raise TemplateProblem(f"template larger than {MAX_TEMPLATE_BYTES} bytes", where, 1)
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        raise TemplateProblem(
            f"column {column}: byte 0x{raw[exc.start]:02x} is not UTF-8", where, line
        ) from None


class OwnFileOnly(jinja2.BaseLoader):
    """Serves the template itself, once; any other name (an include, import or extends, of
    another file or of itself) is refused."""

    def __init__(self, path: Path, source: str) -> None:
        self.name = path.name
        self.filename = str(path)
        self.source: str | None = source

    def get_source(
        self, environment: jinja2.Environment, template: str
    ) -> tuple[str, str, Callable[[], bool]]:
        if template != self.name or self.source is None:
            raise jinja2.TemplateNotFound(
                template, "a template may not include, import or extend another template"
            )
        source, self.source = self.source, None
        return source, self.filename, lambda: True


def bound_environment(env: jinja2.Environment, clock: Clock) -> None:
    """Bound what a sandboxed environment lets a template build and loop over."""
    env.cache = None  # every load goes through the loader (which serves one file once)
    env.globals["range"] = clock.numbers
    env.intercepted_binops = frozenset({"*", "**", "+"})  # type: ignore[attr-defined]
    env.call_binop = _bounded_binop  # type: ignore[attr-defined]


def _bounded_binop(context: Any, operator: str, left: Any, right: Any) -> Any:
    if operator == "**":
        numbers = isinstance(left, int | float) and isinstance(right, int | float)
        if numbers and abs(left) > 1 and right > 0 and right * math.log2(abs(left)) > 4096:
            raise SecurityError("a power this large is not computed in a template")
        return left**right
    if operator == "*":
        for sized, count in ((left, right), (right, left)):
            repeated = isinstance(sized, str | list | tuple) and isinstance(count, int)
            if repeated and len(sized) * count > MAX_VALUE_SIZE:
                raise SecurityError(f"a value of more than {MAX_VALUE_SIZE} items")
        return left * right
    joined = isinstance(left, str | list | tuple) and isinstance(right, str | list | tuple)
    if joined and len(left) + len(right) > MAX_VALUE_SIZE:
        raise SecurityError(f"a value of more than {MAX_VALUE_SIZE} items")
    return left + right


class Clock:
    """The deadline of one rendering, and the loop steps it has taken."""

    def __init__(self) -> None:
        self.deadline = time.monotonic() + MAX_RENDER_SECONDS
        self.steps = 0

    def check(self) -> None:
        if time.monotonic() > self.deadline:
            raise SecurityError(f"the template took longer than {MAX_RENDER_SECONDS:g} s")

    def numbers(self, *args: int) -> Iterator[int]:
        """The template's `range`: the sandbox's bound on one range, and a count of steps."""
        numbers = range(*args)
        if len(numbers) > MAX_LOOP_STEPS:
            raise SecurityError(f"a range of more than {MAX_LOOP_STEPS} numbers")
        return self._counted(numbers)

    def _counted(self, numbers: range) -> Iterator[int]:
        for number in numbers:
            self.steps += 1
            if self.steps > MAX_LOOP_STEPS:
                raise SecurityError(f"the template's loops took more than {MAX_LOOP_STEPS} steps")
            if not self.steps % 1024:
                self.check()
            yield number


class _Late(Exception):
    """Raised by the alarm when a rendering passes its deadline (loops that call nothing)."""


def render_bounded(template: jinja2.Template, names: dict[str, object], clock: Clock) -> str:
    """The rendered text, its size and time bounded. In the main thread an alarm also ends
    loops that never reach a bounded `range` (nested loops over the report's own lists)."""
    alarm = threading.current_thread() is threading.main_thread() and hasattr(signal, "SIGALRM")
    previous: Any = None
    if alarm:
        previous = signal.signal(signal.SIGALRM, _raise_late)
        signal.setitimer(signal.ITIMER_REAL, MAX_RENDER_SECONDS)
    try:
        parts: list[str] = []
        size = 0
        for part in template.generate(**names):
            size += len(part)
            if size > MAX_OUTPUT_CHARACTERS:
                raise SecurityError(f"the output is longer than {MAX_OUTPUT_CHARACTERS} characters")
            parts.append(part)
            clock.check()
        return "".join(parts)
    except _Late:
        raise SecurityError(f"the template took longer than {MAX_RENDER_SECONDS:g} s") from None
    finally:
        if alarm:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, previous)


def _raise_late(signum: int, frame: object) -> None:
    raise _Late
