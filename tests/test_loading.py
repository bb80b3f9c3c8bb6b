"""Loading reports every problem of a file with its line, column and profile path."""

from __future__ import annotations

from pathlib import Path

import pytest

from integracheck.loading.errors import InputError
from integracheck.loading.profile import load_profile, load_profile_text


def problems(text: str) -> list[str]:
    with pytest.raises(InputError) as caught:
        load_profile_text(text, "city.yaml")
    return [str(problem) for problem in caught.value.problems]


def test_a_valid_minimal_profile_loads() -> None:
    loaded = load_profile_text("city:\n  name: Testville\n", "city.yaml")
    assert loaded.profile.city.name == "Testville"
    assert loaded.profile.strategy is None  # not stated, not "no"


def test_unknown_key_points_at_the_key_and_suggests_the_near_miss() -> None:
    found = problems("city:\n  name: X\n  populaton: 3\n")
    assert found == [
        "city.yaml:3:3: city.populaton: unknown key 'populaton'; did you mean 'population'?"
    ]


def test_unknown_key_inside_a_dict_valued_field_suggests_from_the_right_model() -> None:
    found = problems("city:\n  name: X\n  competences:\n    housing: {levle: full}\n")
    assert (
        "city.yaml:4:15: city.competences.housing.levle: unknown key 'levle'; did you mean "
        "'level'?" in found
    )
    assert (
        "city.yaml:4:14: city.competences.housing.level: required key 'level' is missing" in found
    )


def test_wrong_type_points_at_the_value_and_shows_it() -> None:
    found = problems("city:\n  name: X\n  population: many\n")
    assert found == ["city.yaml:3:15: city.population: expected a number (found 'many')"]


def test_value_outside_a_vocabulary_suggests_the_near_miss() -> None:
    found = problems("city:\n  name: X\n  city_type: frontlin\n")
    assert len(found) == 1
    assert found[0].startswith("city.yaml:3:14: city.city_type: 'frontlin' is not one of:")
    assert found[0].endswith("did you mean 'frontline'?")


def test_missing_required_field_points_at_its_parent() -> None:
    found = problems("city:\n  name: X\nservices:\n  - name: Advice\n    domain: legal\n")
    assert found == ["city.yaml:4:5: services[0].id: required key 'id' is missing"]


def test_malformed_yaml_reports_its_position() -> None:
    found = problems("city:\n  name: [Testville\n")
    assert len(found) == 1
    assert found[0].startswith("city.yaml:3:1: YAML: did not find expected ',' or ']'")
    assert "at 2:9" in found[0]


def test_duplicate_keys_are_errors_not_silently_dropped() -> None:
    found = problems("city:\n  name: A\n  name: B\n")
    assert found == [
        "city.yaml:3:3: city.name: duplicate key 'name' (first at line 2); "
        "YAML would silently keep only the last value"
    ]


def test_all_problems_of_a_file_are_reported_at_once_in_file_order() -> None:
    text = (
        "city:\n  name: X\n  name: Y\n  populaton: 1\nstrategy:\n  status: adoptd\n  year: soon\n"
    )
    found = problems(text)
    assert [line.split(":")[1] for line in found] == ["3", "4", "6", "7"]


def test_references_to_unknown_services_are_reported_with_a_suggestion() -> None:
    text = (
        "city: {name: X}\n"
        "services:\n"
        "  - {id: daycare, name: Day care, domain: early_childhood}\n"
        "  - {id: jobs, name: Jobs, domain: employment, depends_on: [daycar]}\n"
    )
    found = problems(text)
    assert found == [
        "city.yaml:4:61: services[1].depends_on[0]: no service has the id 'daycar'; "
        "did you mean 'daycare'?"
    ]


def test_duplicate_ids_across_services_and_entry_points() -> None:
    text = (
        "city: {name: X}\n"
        "services:\n  - {id: hub, name: A, domain: legal}\n"
        "entry_points:\n  - {id: hub, name: B}\n"
    )
    assert problems(text) == [
        "city.yaml:5:10: entry_points[0].id: id 'hub' is already used at services[0].id"
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", "the file holds no YAML document"),
        ("- a\n- b\n", "expected a mapping of sections at the top level, found list"),
        ("city: {name: X}\n---\ncity: {name: Y}\n", "a second YAML document starts here"),
        ("city: !!python/object/apply:os.system [echo hi]\n", "is not allowed"),
        ("city: {name: !!python/name:os.system ''}\n", "python/name:os.system is not allowed"),
        ("base: &b {name: X}\ncity:\n  <<: *b\n", "merge keys"),
    ],
)
def test_structural_problems_are_clear_errors(text: str, expected: str) -> None:
    found = problems(text)
    assert any(expected in line for line in found), found
    assert all(line.startswith("city.yaml:") for line in found)


def test_an_alias_bomb_is_refused_quickly() -> None:
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x]"]
    for level in range(1, 9):
        previous = f"*a{level - 1}"
        lines.append(f"a{level}: &a{level} [{', '.join([previous] * 9)}]")
    lines.append("city: {name: *a8}")
    found = problems("\n".join(lines) + "\n")
    assert "alias bomb" in found[0]


def test_binary_and_non_utf8_files_are_refused(tmp_path: Path) -> None:
    binary = tmp_path / "binary.yaml"
    binary.write_bytes(b"city:\x00\x01\x02")
    latin = tmp_path / "latin.yaml"
    latin.write_bytes("city:\n  name: Mál\xe1ga\n".encode("latin-1"))
    for path, expected in ((binary, "binary"), (latin, "not valid UTF-8")):
        with pytest.raises(InputError) as caught:
            load_profile(str(path))
        assert expected in str(caught.value)
    with pytest.raises(InputError) as caught:
        load_profile(str(latin))
    assert str(caught.value).startswith(f"{latin}:2:")


def test_references_and_duplicate_ids_come_with_the_schema_errors_in_one_run() -> None:
    # Once they came only after the schema errors were fixed: two rounds for one file.
    found = problems(
        "city:\n  name: X\n  population: many\n"
        "services:\n"
        "  - {id: lang, name: Language, domain: language, refers_to: [jobz]}\n"
        "  - {id: lang, name: Jobs, domain: employment, colour: blue}\n"
        "  - not a service\n"
        "  - {id: 3, name: Odd, domain: health, depends_on: lang}\n"
    )
    text = "\n".join(found)
    assert "city.population:" in text
    assert "services[1].colour: unknown key 'colour'" in text
    assert "services[0].refers_to[0]: no service has the id 'jobz'" in text
    assert "services[1].id: id 'lang' is already used at services[0].id" in text
    # What has the wrong shape is the schema's to report, once.
    assert not any("no service has the id" in line and "services[3]" in line for line in found)
