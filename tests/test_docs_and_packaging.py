"""The README's generated parts are current, and package data ships with the package."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from integracheck.render.profile_reference import update_readme

ROOT = Path(__file__).resolve().parent.parent


def test_readme_profile_reference_is_up_to_date() -> None:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    assert update_readme(text) == text, "run `make docs` to regenerate the profile reference"


def test_readme_quick_start_has_exactly_two_commands() -> None:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    block = text.split("## Quick start", 1)[1].split("```sh", 1)[1].split("```", 1)[0]
    commands = [line.split("#")[0].strip() for line in block.strip().splitlines()]
    assert commands == ["make example", "make test"]
    assert "make test" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")


def test_checklists_and_templates_are_package_data_with_one_copy_in_the_repo() -> None:
    package = resources.files("integracheck")
    names = {entry.name for entry in (package / "checklists").iterdir()}
    assert "oecd-12.yaml" in names
    assert (package / "templates" / "report.md.j2").is_file()
    # The top-level folders are links to the package's folders, not copies.
    for folder in ("checklists", "templates"):
        assert (ROOT / folder).resolve() == (ROOT / "src" / "integracheck" / folder).resolve()


def test_readme_checklist_table_is_up_to_date() -> None:
    from integracheck.api import checklists
    from integracheck.render.rules import update_readme_checklists

    text = (ROOT / "README.md").read_text(encoding="utf-8")
    assert update_readme_checklists(text, checklists()) == text, "run `make docs`"


def test_readme_states_the_largest_share_a_policy_fact_carries() -> None:
    import re

    from integracheck.api import checklists
    from integracheck.influence import fact_influence

    text = (ROOT / "README.md").read_text(encoding="utf-8")
    shown = re.search(r"<!-- max-policy-share -->([0-9.]+)%", text)
    assert shown is not None
    policies = [f for f in fact_influence(checklists()) if f.fact.startswith("policies.")]
    top = max(policies, key=lambda f: f.share)
    assert float(shown.group(1)) == top.share, f"{top.fact} carries {top.share}%"


def test_the_pre_commit_hooks_match_profiles_and_not_config_files() -> None:
    import re

    import yaml

    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    for hook in hooks:
        pattern = re.compile(hook["files"])
        assert pattern.search("city_profiles/vienna.yaml")
        assert pattern.search("data/profiles/lindmark.yml")
        assert not pattern.search(".pre-commit-config.yaml")
        assert not pattern.search(".github/workflows/ci.yml")
        assert "types" not in hook or hook.get("files")
