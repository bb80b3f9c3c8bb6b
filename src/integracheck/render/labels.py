"""Words for people: profile fields, vocabulary ids and seed files as a reader would name them."""

from __future__ import annotations

import functools
import re
import typing

from integracheck.models import vocabulary
from integracheck.models.fields import field_descriptions, literal_values

# The one table of source titles every human format uses instead of a seed's file name.
SOURCE_TITLES = {
    "000_4425345120a0e79b.txt": "OECD (2018), Time and space",
    "001_837918b8378d623e.txt": "OECD / European Commission (2018), the 12-point checklist",
    "002_d70082e247f36e6a.txt": "MPI Europe / IOM (2020), European Cities on the Front Line",
    "003_b3961ffb33dce9cb.txt": "EU conference on regions, cities and rural areas (2019)",
    "004_38dbaa4283a78c4b.txt": "European Commission (2018), the 12 points",
}
_SEED_FILE = re.compile(r"\b00[0-9]_[0-9a-f]{16}\.txt\b")


def source_text(source: str) -> str:
    """'001_….txt, 2. Improving …' as 'OECD / European Commission (2018), …, 2. Improving …'."""
    return _SEED_FILE.sub(lambda m: SOURCE_TITLES.get(m.group(), m.group()), source)


def words(identifier: str) -> str:
    """A vocabulary id as words: 'irregular_migrant' -> 'irregular migrant'."""
    return identifier.replace("_", " ")


_COMPETENCE = re.compile(r"^city\.competences\.([a-z_]+)\.(level|held_by)$")


def field_label(path: str) -> str:
    """A field for a reader: its description, with where it sits ('for each service')."""
    competence = _COMPETENCE.match(path)
    if competence is not None:
        # One description for every policy area: say which area it is asked for.
        area, what = competence.groups()
        if what == "level":
            return f"How much power the city has over {words(area)} (full, shared or none)"
        return f"Which level of government holds the power over {words(area)} the city lacks"
    description = field_descriptions().get(path)
    where = ""
    if "[]" in path:
        owner = path.split("[]", 1)[0].rsplit(".", 1)[-1]
        where = f" (for each of the {words(owner)})"
    if description:
        return description.rstrip(".") + where
    return words(path.replace("[]", "").split(".")[-1]).capitalize() + where


_PATH = re.compile(r"(?<![\w.`])[a-z_]+(?:\[\])?(?:\.[a-z_*]+(?:\[\])?)+(?![\w`])")
_IDENTIFIER = re.compile(r"(?<![\w.`/-])[a-z]+(?:_[a-z0-9]+)+(?![\w`/-])")


@functools.cache
def _vocabulary() -> frozenset[str]:
    """Every snake_case id of the profile's vocabularies (statuses, domains, offers, ...)."""
    values: set[str] = set()
    for name in dir(vocabulary):
        annotation = getattr(vocabulary, name)
        if typing.get_origin(annotation) is typing.Literal:
            values |= {str(v) for v in literal_values(annotation)}
    return frozenset(v for v in values if "_" in v)


def humane(text: str) -> str:
    """Text for a person: a seed file becomes its title, a profile field its description, a
    vocabulary id its words. JSON, SARIF and `--details` keep the raw ids."""
    text = source_text(text)
    descriptions = field_descriptions()

    def field(match: re.Match[str]) -> str:
        path = match.group()
        if path in descriptions:
            return f"“{_lower_first(field_label(path))}”"
        return path

    text = _PATH.sub(field, text)
    vocabulary_ids = _vocabulary()
    return _IDENTIFIER.sub(
        lambda m: words(m.group()) if m.group() in vocabulary_ids else m.group(), text
    )


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:] if text[1:2].islower() else text
