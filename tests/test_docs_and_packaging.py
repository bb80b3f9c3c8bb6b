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


def test_the_example_profile_is_package_data_with_one_copy_in_the_repo(tmp_path: Path) -> None:
    # `init --example` must work where the repository is not: after a pipx install.
    shipped = resources.files("integracheck") / "examples" / "example.yaml"
    assert shipped.is_file()
    link = ROOT / "city_profiles" / "example.yaml"
    assert link.is_symlink()
    assert link.resolve() == (ROOT / "src" / "integracheck" / "examples" / "example.yaml")

    from typer.testing import CliRunner

    from integracheck.cli import app

    target = tmp_path / "example.yaml"
    result = CliRunner().invoke(app, ["init", "--example", str(target)])
    assert result.exit_code == 0, result.stderr
    assert target.read_text(encoding="utf-8") == shipped.read_text(encoding="utf-8")


def test_usage_lines_name_the_arguments_plainly() -> None:
    from typer.testing import CliRunner

    from integracheck.cli import app

    runner = CliRunner()
    for command in (["assess"], ["validate"], ["batch"], ["diff"], ["rules", "explain"]):
        usage = runner.invoke(app, [*command, "--help"], env={"COLUMNS": "120"}).stdout
        line = next(line for line in usage.splitlines() if "Usage:" in line)
        assert "{" not in line and line.split()[-1].isupper(), line


def test_shell_completion_is_offered() -> None:
    from typer.testing import CliRunner

    from integracheck.cli import app

    result = CliRunner().invoke(app, ["--show-completion", "bash"], env={"SHELL": "/bin/bash"})
    assert "_INTEGRACHECK_COMPLETE" in result.stdout


def test_make_test_prints_why_tests_are_skipped() -> None:
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    recipe = makefile.split("\ntest:", 1)[1].split("\n\n", 1)[0]
    assert "pytest -rs" in recipe


def test_the_version_comes_from_one_place_and_the_pins_name_its_tag() -> None:
    import re

    from integracheck import __version__

    changelog = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    assert f"\n## {__version__} " in changelog, "CHANGELOG.md has no entry for this version"
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    hooks = (ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8")
    pins = re.findall(r"integracheck@(v[0-9][^\s]*)", readme)
    pins += re.findall(r"rev: (v[0-9][^\s]*)", readme + hooks)
    assert pins and set(pins) == {f"v{__version__}"}, pins
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert 'dynamic = ["version"]' in pyproject and "\nversion =" not in pyproject


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
