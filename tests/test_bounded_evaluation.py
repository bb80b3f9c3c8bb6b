"""An untrusted checklist cannot hang or crash a run: evaluation is bounded in size, time and
depth, and a rule past a bound is an `error` result that names it."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from integracheck.api import assess
from integracheck.loading.errors import InputError
from integracheck.loading.expressions import MAX_DEPTH, BoundedSearch, EvaluationBound

MINI = (Path(__file__).parent / "data" / "mini-checklist.yaml").read_text(encoding="utf-8")
EXAMPLE = Path(__file__).resolve().parent.parent / "city_profiles" / "example.yaml"
ERRING = "contains(city.population, 'x')"


def _with_condition(tmp_path: Path, condition: str) -> str:
    path = tmp_path / "hostile.yaml"
    path.write_text(MINI.replace(ERRING, condition.replace('"', '\\\\"')), encoding="utf-8")
    return str(path)


@pytest.mark.parametrize(
    "condition",
    [
        # Doubling a flattened list forty times: 2**40 items.
        "length(city.name" + "".join(" | [@, @][]" for _ in range(40)) + ")",
        # Doubling a nested list forty times: two items that stand for 2**40, then serialised.
        "length(to_string([city]" + "".join(" | [@, @]" for _ in range(40)) + "))",
        # The same, compared with itself.
        "([city]"
        + "".join(" | [@, @]" for _ in range(40))
        + ") == ([city]"
        + "".join(" | [@, @]" for _ in range(40))
        + ")",
    ],
    ids=["flat", "nested", "compared"],
)
def test_a_doubling_condition_is_an_error_result_within_a_second(
    tmp_path: Path, condition: str
) -> None:
    started = time.monotonic()
    report = assess(str(EXAMPLE), [_with_condition(tmp_path, condition)])
    assert time.monotonic() - started < 5  # a second for the rule, the rest the assessment
    result = next(r for r in report.results if r.rule_id == "MINI-4")
    assert result.status == "error"
    assert "could not be evaluated" in result.message
    assert any(word in result.message for word in ("items", "characters", "longer than"))


def test_a_long_or_chain_is_refused_on_load_or_bounded(tmp_path: Path) -> None:
    chain = " || ".join(["city.x"] * 1300)
    with pytest.raises(InputError):
        assess(str(EXAMPLE), [_with_condition(tmp_path, chain)])


def test_depth_is_refused_when_the_checklist_is_loaded(tmp_path: Path) -> None:
    deep = "abs(" * (MAX_DEPTH + 5) + "city.population" + ")" * (MAX_DEPTH + 5)
    nested = "!" * (MAX_DEPTH + 5) + "city.name"
    for condition in (deep, nested):
        with pytest.raises(InputError) as caught:
            assess(str(EXAMPLE), [_with_condition(tmp_path, condition)])
        assert "condition" in str(caught.value)


def test_the_bounded_search_agrees_with_jmespath_on_ordinary_values() -> None:
    import jmespath

    data = {"a": [{"b": 1}, {"b": 2}], "c": "text"}
    search = BoundedSearch()
    for expression in ("a[].b", "a[?b > `1`]", "length(c)", "to_string(a)", "a[0].b", "c"):
        assert search(expression, data) == jmespath.search(expression, data)


def test_a_bound_is_its_own_error() -> None:
    search = BoundedSearch()
    with pytest.raises(EvaluationBound):
        search("[@, @][]" + "".join(" | [@, @][]" for _ in range(30)), [1])


def test_checklist_ids_with_control_characters_keep_junit_well_formed(tmp_path: Path) -> None:
    import xml.etree.ElementTree as ET

    from integracheck.render import RENDERERS

    text = MINI.replace(
        "{id: G1, title: Strategy}", '{id: "G1\\u0001\\u001b[31m", title: Strategy}'
    )
    text = text.replace("group: G1\n", 'group: "G1\\u0001\\u001b[31m"\n')
    path = tmp_path / "ids.yaml"
    path.write_text(text, encoding="utf-8")
    report = assess(str(EXAMPLE), [str(path)])
    xml = RENDERERS["junit"](report, None)
    ET.fromstring(xml.split("\n", 1)[1])  # parses: no raw control character in it
    assert "\\x01" in xml


def test_a_user_html_template_cannot_reach_python(tmp_path: Path) -> None:
    from integracheck.render import RENDERERS, RenderOptions
    from integracheck.render.options import TemplateProblem

    evil = tmp_path / "evil.html.j2"
    evil.write_text("{{ cycler.__init__.__globals__.os.popen('id').read() }}", encoding="utf-8")
    report = assess(str(EXAMPLE))
    with pytest.raises(TemplateProblem):
        RENDERERS["html"](report, RenderOptions(template=evil))
