"""A custom checklist cites any source file (a consultant's own report); a bundled one cites
the bundled seed documents by their file names, so that every quote can be checked."""

from __future__ import annotations

from pathlib import Path

import pytest

from integracheck.api import assess
from integracheck.loading.checklist import _load_file
from integracheck.loading.errors import InputError

DATA = Path(__file__).parent / "data"
OWN_SOURCE = "Lindmark council, Integration review 2025.pdf"


def _custom(tmp_path: Path) -> Path:
    text = (DATA / "mini-checklist.yaml").read_text(encoding="utf-8")
    path = tmp_path / "own.yaml"
    path.write_text(text.replace("001_837918b8378d623e.txt", f'"{OWN_SOURCE}"'), encoding="utf-8")
    return path


def test_a_custom_checklist_may_cite_its_own_source_file(tmp_path: Path) -> None:
    profile = tmp_path / "city.yaml"
    profile.write_text("city: {name: Lindmark}\n", encoding="utf-8")
    report = assess(str(profile), [str(_custom(tmp_path))])
    assert any(result.source.startswith(OWN_SOURCE) for result in report.results)


def test_a_bundled_checklist_must_cite_seed_files(tmp_path: Path) -> None:
    with pytest.raises(InputError) as caught:
        _load_file(str(_custom(tmp_path)), builtin=True, shown="checklists/own.yaml")
    assert "a bundled checklist cites seed files" in str(caught.value)
    assert "rules[0].citation.file" in str(caught.value)


def test_a_source_file_is_one_line(tmp_path: Path) -> None:
    text = (DATA / "mini-checklist.yaml").read_text(encoding="utf-8")
    path = tmp_path / "odd.yaml"
    path.write_text(text.replace("001_837918b8378d623e.txt", '"a\\nb"', 1), encoding="utf-8")
    with pytest.raises(InputError):
        _load_file(str(path), builtin=False, shown=str(path))
