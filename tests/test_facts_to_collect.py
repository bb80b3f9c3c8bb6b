"""Issue 19: `assess`, `plan` and `gather` agree on the facts to collect, ask only for facts a
profile can state, and rank them by the points of the range they could close."""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest

from integracheck.api import assess
from integracheck.questionnaire import questions
from integracheck.render import gather, markdown, plan, terminal
from integracheck.render import json as json_render
from integracheck.render.options import RenderOptions
from integracheck.render.view import summary_line
from integracheck.scoring import facts_to_collect
from tests.conftest import EXAMPLES

TODAY = dt.date(2026, 1, 15)


@pytest.mark.parametrize("name", ["vienna.yaml", "kufstein.yaml", "example.yaml"])
def test_assess_plan_and_gather_count_the_same_facts(name: str) -> None:
    report = assess(str(EXAMPLES / name), today=TODAY)
    count = len(facts_to_collect(report))
    assert count == len(questions(report))
    assert f"· {count} fact(s) to collect" in summary_line(report)
    first_screen = terminal.render(report, RenderOptions())
    if count:
        assert f"Collect first ({count} facts not stated" in " ".join(first_screen.split())
    assert f"Not stated: collect this ({count})" in markdown.render(report)
    assert f"{count} fact(s) to collect" in plan.render_terminal(report)
    assert json.loads(plan.render_json(report))["facts_to_collect"] == count
    assert f"does not state {count} facts" in gather.render_markdown(report)
    assert len(json.loads(gather.render_json(report))["questions"]) == count
    asked = re.findall(r"Field: `([^`]+)`", gather.render_markdown(report))
    assert len(asked) == count


def test_no_derived_fact_is_asked_for() -> None:
    report = assess(str(EXAMPLES / "vienna.yaml"), today=TODAY)
    # The rules need derived facts; the stated facts they come from are named instead.
    assert not any(n.fact.startswith("derived.") for n in report.not_stated)
    assert "evidence.complete_lists" in {n.fact for n in report.not_stated}
    assert not any(n.fact.startswith("derived.") for n in facts_to_collect(report))
    assert "derived." not in markdown.render(report).split("## Not stated")[1]


def test_gather_ranks_by_the_points_of_the_range() -> None:
    report = assess(str(EXAMPLES / "vienna.yaml"), today=TODAY)
    asked = questions(report)
    keys = [(-q.points, -q.weight, q.path) for q in asked]
    assert keys == sorted(keys)
    data = json.loads(gather.render_json(report))
    assert data["questions"][0]["points"] == asked[0].points
    assert (data["lower"], data["upper"]) == (report.lower, report.upper)
    assert "could close" in gather.render_markdown(report)


def test_plan_and_gather_lead_with_the_range() -> None:
    from integracheck.render.view import report_headline

    report = assess(str(EXAMPLES / "vienna.yaml"), today=TODAY)
    headline = report_headline(report)
    assert "between" in headline
    assert headline in plan.render_terminal(report)
    assert headline in gather.render_markdown(report)
    assert headline in gather.render_yaml(report)
    data = json.loads(json_render.render(report))
    assert len(data["not_stated"]) == len(report.not_stated)  # the JSON keeps every fact
