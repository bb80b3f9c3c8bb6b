"""Load a profile file: parse, validate, and check that its cross-references resolve."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from integracheck.loading.document import Document, parse_document, read_text
from integracheck.loading.errors import MAX_PROBLEMS, InputError, InputProblem
from integracheck.loading.schema_store import profile_validator
from integracheck.loading.validation import suggest, validate_with
from integracheck.models.inert_text import shown_file_name

if TYPE_CHECKING:
    from pydantic import BaseModel

    from integracheck.models.profile import EntryPoint, Profile, Service


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
    # Validated by the stored schema of the `Profile` model: the same data and errors, in
    # plain classes of the same names (see `loading/schema_store.py`).
    profile: Profile = validate_with(document, profile_validator(), _profile_model)
    problems = _reference_problems(profile, document)
    if problems:
        raise InputError(problems)
    return LoadedProfile(profile=profile, document=document)


def _profile_model() -> type[BaseModel]:
    from integracheck.models.profile import Profile

    return Profile


def _reference_problems(profile: Profile, document: Document) -> list[InputProblem]:
    """Ids must be unique, and referrals and dependencies must name a service that exists."""
    problems: list[InputProblem] = []

    def problem(path: str, message: str) -> None:
        line, column = document.positions.of_value(path)
        problems.append(InputProblem(document.file, line, column, path, message))

    services = profile.services or []
    entry_points = profile.entry_points or []
    sections: tuple[tuple[str, Sequence[Service | EntryPoint]], ...] = (
        ("services", services),
        ("entry_points", entry_points),
    )
    seen: dict[str, str] = {}
    for section, items in sections:
        for index, item in enumerate(items):
            path = f"{section}[{index}].id"
            if item.id in seen:
                problem(path, f"id '{item.id}' is already used at {seen[item.id]}")
            else:
                seen[item.id] = path
    service_ids = {service.id for service in services}
    ordered_ids = sorted(service_ids)
    for section, items in sections:
        for index, item in enumerate(items):
            for field in ("refers_to", "depends_on", "builds_capacity_of"):
                targets = getattr(item, field, None) or []
                for position, target in enumerate(targets):
                    if target not in service_ids:
                        path = f"{section}[{index}].{field}[{position}]"
                        # Past the problems a report shows, a suggestion would go unread.
                        hint = (
                            suggest(target, ordered_ids) if len(problems) < MAX_PROBLEMS else None
                        )
                        message = f"no service has the id '{target}'"
                        problem(path, message + (f"; did you mean '{hint}'?" if hint else ""))
    return problems
