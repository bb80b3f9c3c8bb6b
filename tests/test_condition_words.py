"""`rules explain` reads each condition out in words; the JMESPath is behind --jmespath."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from integracheck.api import checklists
from integracheck.cli import app
from integracheck.loading.checklist import checklist_expressions
from integracheck.render.condition_words import condition_in_words

runner = CliRunner()


@pytest.mark.parametrize(
    ("expression", "expected"),
    [
        (
            "strategy.status == 'adopted' && strategy.endorsement.by_council == `true`",
            "strategy status is adopted and strategy endorsement by council: yes",
        ),
        (
            "coordination_bodies[?length(levels || `[]`) > `1` && formalised]",
            "at least one of the coordination bodies where the number of levels is more than 1 "
            "and formalised",
        ),
        (
            "entry_points[?contains(['one_stop_shop', 'welcome_office'], kind)]",
            "at least one of the entry points where kind is one of: one stop shop, welcome office",
        ),
        ("!(services[?stage == 'ended'])", "none of the services where stage is ended"),
        ("city.population == `null`", "city population is not stated"),
        ("services[].domain | contains(@, 'housing')", "each services domain include housing"),
    ],
)
def test_conditions_read_in_words(expression: str, expected: str) -> None:
    assert condition_in_words(expression) == expected


def test_every_built_in_condition_has_words() -> None:
    for item in checklists():
        for expression in checklist_expressions(item.checklist):
            text = condition_in_words(expression)
            assert "see --jmespath" not in text and "does not parse" not in text, expression
            assert "`" not in text and "&&" not in text and "[?" not in text, text


def test_explain_shows_words_and_the_jmespath_only_when_asked() -> None:
    plain = runner.invoke(app, ["rules", "explain", "OECD-01.1"], env={"COLUMNS": "200"})
    assert plain.exit_code == 0
    assert "in words: at least one of the coordination bodies" in plain.stdout
    assert "JMESPath:" not in plain.stdout and "[?" not in plain.stdout
    asked = runner.invoke(
        app, ["rules", "explain", "OECD-01.1", "--jmespath"], env={"COLUMNS": "200"}
    )
    assert "JMESPath: coordination_bodies[?" in asked.stdout
    assert "decided on:" in asked.stdout
