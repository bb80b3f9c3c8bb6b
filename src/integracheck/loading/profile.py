"""Load a profile file: parse, validate, and check that its cross-references resolve."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from integracheck.loading.document import Document, parse_document, read_text
from integracheck.loading.errors import MAX_PROBLEMS, InputError, InputProblem
from integracheck.loading.schema_store import profile_validator
from integracheck.loading.validation import suggest, validate_with
from integracheck.models.inert_text import shown_file_name

if TYPE_CHECKING:
    from pydantic import BaseModel

    from integracheck.models.profile import Profile


@dataclass(frozen=True)
class LoadedProfile:
    """A valid profile with the document it came from (for positions and raw data)."""

    profile: Profile
    document: Document

    @property
    def file(self) -> str:
        return self.document.file


def load_profile(file: str) -> LoadedProfile:
    """Read and validate one profile; raise InputError with every problem found."""
    # Named in reports and messages as text every output can encode (bytes not UTF-8 in a
    # file name would otherwise stop every writer of a report or a batch row).
    return load_profile_text(read_text(file), shown_file_name(file))


def load_profile_text(text: str, file: str) -> LoadedProfile:
    """Validate profile text already read (tests, stdin); `file` names it in messages."""
    document = parse_document(text, file)
    # The references are checked on the data as written, so that a file with schema errors
    # gets its dangling references and duplicate ids reported in the same run (the README
    # promises every problem of a file at once).
    references = _reference_problems(document)
    try:
        # Validated by the stored schema of the `Profile` model: the same data and errors, in
        # plain classes of the same names (see `loading/schema_store.py`).
        profile: Profile = validate_with(document, profile_validator(), _profile_model)
    except InputError as exc:
        raise InputError([*exc.every_problem, *references]) from None
    if references:
        raise InputError(references)
    return LoadedProfile(profile=profile, document=document)


def _profile_model() -> type[BaseModel]:
    from integracheck.models.profile import Profile

    return Profile


def _reference_problems(document: Document) -> list[InputProblem]:
    """Ids must be unique, and referrals and dependencies must name a service that exists.
    Read from the parsed data, whatever else is wrong with it: an item or a field of the
    wrong shape is the schema's to report and is passed over here."""
    problems: list[InputProblem] = []
    data = document.data if isinstance(document.data, dict) else {}

    def problem(path: str, message: str) -> None:
        line, column = document.positions.of_value(path)
        problems.append(InputProblem(document.file, line, column, path, message))

    def items(section: str) -> list[tuple[int, dict[str, Any]]]:
        listed = data.get(section)
        if not isinstance(listed, list):
            return []
        return [(index, item) for index, item in enumerate(listed) if isinstance(item, dict)]

    sections = ("services", "entry_points")
    seen: dict[str, str] = {}
    for section in sections:
        for index, item in items(section):
            identifier = item.get("id")
            if not isinstance(identifier, str):
                continue
            path = f"{section}[{index}].id"
            if identifier in seen:
                problem(path, f"id '{identifier}' is already used at {seen[identifier]}")
            else:
                seen[identifier] = path
    service_ids = {item["id"] for _, item in items("services") if isinstance(item.get("id"), str)}
    ordered_ids = sorted(service_ids)
    for section in sections:
        for index, item in items(section):
            for field in ("refers_to", "depends_on", "builds_capacity_of"):
                targets = item.get(field)
                if not isinstance(targets, list):
                    continue
                for position, target in enumerate(targets):
                    if isinstance(target, str) and target not in service_ids:
                        path = f"{section}[{index}].{field}[{position}]"
                        # Past the problems a report shows, a suggestion would go unread.
                        hint = (
                            suggest(target, ordered_ids) if len(problems) < MAX_PROBLEMS else None
                        )
                        message = f"no service has the id '{target}'"
                        problem(path, message + (f"; did you mean '{hint}'?" if hint else ""))
    return problems
