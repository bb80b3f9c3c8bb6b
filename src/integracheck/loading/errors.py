"""Positioned input errors: each problem reads file:line:column: path: message."""

from __future__ import annotations

from dataclasses import dataclass

from integracheck.models.inert_text import one_line as _inert


@dataclass(frozen=True, order=True)
class InputProblem:
    """One problem found in an input file (1-based line and column)."""

    file: str
    line: int
    column: int
    path: str
    message: str

    def __str__(self) -> str:
        # One line on stderr whatever the file name, path or echoed value hold (CI runners
        # obey a workflow command that starts a line).
        where = f"{_inert(self.file)}:{self.line}:{self.column}"
        message = _inert(self.message)
        return f"{where}: {_inert(self.path)}: {message}" if self.path else f"{where}: {message}"


# More problems than this in one file are summed up: a hostile file cannot flood the output.
MAX_PROBLEMS = 100


class InputError(Exception):
    """Raised when a file cannot be used; carries the problems found, sorted by position (the
    first MAX_PROBLEMS, then one saying how many more)."""

    def __init__(self, problems: list[InputProblem]) -> None:
        # Every problem, for a caller that adds its own and raises again (the count of the
        # ones left out must stay that of the whole file).
        self.every_problem = problems
        found = sorted(set(problems))
        if len(found) > MAX_PROBLEMS:
            last = found[MAX_PROBLEMS - 1]
            more = len(found) - MAX_PROBLEMS
            found = [
                *found[:MAX_PROBLEMS],
                InputProblem(last.file, last.line, last.column, "", f"and {more} more problems"),
            ]
        self.problems = found
        super().__init__("\n".join(str(problem) for problem in self.problems))
