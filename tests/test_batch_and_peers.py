"""`batch` over many profiles and `assess --peers`: rows stream out, one bad file stops nothing."""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from integracheck.cli import app

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "city_profiles" / "example.yaml"
runner = CliRunner()


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """Three profiles that differ, and one that is broken. They are copies of the fictional
    example made to stand for real cities, so that they count as each other's peers."""
    base = EXAMPLE.read_text(encoding="utf-8").replace("fictional: true", "fictional: false")
    (tmp_path / "a.yaml").write_text(base, encoding="utf-8")
    (tmp_path / "b.yaml").write_text(
        base.replace("name: Lindmark", "name: Lowtown").replace("status: adopted", "status: none"),
        encoding="utf-8",
    )
    nested = tmp_path / "more"
    nested.mkdir()
    (nested / "c.yml").write_text(
        base.replace("name: Lindmark", "name: Hightown").replace(
            "equitable_social_housing_access: false", "equitable_social_housing_access: true"
        ),
        encoding="utf-8",
    )
    (tmp_path / "broken.yaml").write_text("city:\n  name: [Broken\n", encoding="utf-8")
    (tmp_path / "notes.txt").write_text("not a profile\n", encoding="utf-8")
    return tmp_path


def test_batch_ranks_writes_csv_and_reports_the_broken_file(folder: Path) -> None:
    out = folder / "results.csv"
    result = runner.invoke(app, ["batch", str(folder), "--jobs", "1", "-o", str(out)])
    assert result.exit_code == 2  # one profile failed; the others were still assessed
    assert f"{folder / 'broken.yaml'}:3:1: YAML:" in result.stderr
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert sorted(r["city"] for r in rows) == ["Hightown", "Lindmark", "Lowtown"]
    assert {"OECD-01", "OECD-12", "MPI-A", "THEME-9"} <= set(rows[0])
    ranking = [line for line in result.stdout.splitlines() if line.startswith("│")]
    cities = [line.split("│")[2].strip() for line in ranking]
    # A long band wraps onto a second line of its row, with the city cell empty.
    assert [city for city in cities if city] == ["Hightown", "Lindmark", "Lowtown"]
    assert "1 profile(s) could not be assessed" in result.stdout


def test_batch_in_parallel_gives_the_same_rows_as_one_process(folder: Path) -> None:
    (folder / "broken.yaml").unlink()
    one, two = folder / "one.jsonl", folder / "two.jsonl"
    assert (
        runner.invoke(app, ["batch", str(folder), "-j", "1", "-o", str(one), "-q"]).exit_code == 0
    )
    assert (
        runner.invoke(app, ["batch", str(folder), "-j", "2", "-o", str(two), "-q"]).exit_code == 0
    )
    assert one.read_text(encoding="utf-8") == two.read_text(encoding="utf-8")
    first = json.loads(one.read_text(encoding="utf-8").splitlines()[0])
    assert set(first) >= {"file", "city", "score", "band", "groups", "risks"}


def test_batch_output_must_be_csv_or_jsonl(folder: Path) -> None:
    result = runner.invoke(app, ["batch", str(folder), "-o", str(folder / "r.json")])
    assert result.exit_code == 2


def test_assess_with_peers_shows_median_and_quartiles(folder: Path) -> None:
    (folder / "broken.yaml").unlink()
    shutil.copy(EXAMPLE, folder / "self.yaml")
    result = runner.invoke(
        app, ["assess", str(folder / "self.yaml"), "--peers", str(folder), "-f", "json", "-j", "1"]
    )
    assert result.exit_code == 0
    report = json.loads(result.stdout)
    assert report["peers"]["n"] == 3  # the profile itself is not its own peer
    group = next(g for g in report["groups"] if g["id"] == "OECD-10")
    assert group["peers"]["q1"] <= group["peers"]["median"] <= group["peers"]["q3"]
    terminal = runner.invoke(
        app, ["assess", str(folder / "self.yaml"), "--peers", str(folder)], env={"COLUMNS": "120"}
    )
    assert "Peers (n=3)" in terminal.stdout
    markdown = runner.invoke(
        app, ["assess", str(folder / "self.yaml"), "--peers", str(folder), "-f", "markdown"]
    )
    assert "Peers: median [Q1-Q3]" in markdown.stdout
    html = runner.invoke(
        app, ["assess", str(folder / "self.yaml"), "--peers", str(folder), "-f", "html"]
    )
    assert 'class="peer"' in html.stdout


def test_batch_of_the_bundled_profiles_gives_one_row_per_city(tmp_path: Path) -> None:
    out = tmp_path / "cities.csv"
    result = runner.invoke(app, ["batch", str(ROOT / "city_profiles"), "-o", str(out)])
    assert result.exit_code == 0, result.stderr
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert len(rows) == len(list((ROOT / "city_profiles").glob("*.yaml")))
    assert {"Amsterdam", "Milan", "Thessaloniki", "Malaga", "Altena"} <= {r["city"] for r in rows}
    assert "Ranking of" in result.stdout


def test_a_folder_is_walked_as_os_walk_would_in_sorted_order(tmp_path: Path) -> None:
    import os

    from integracheck.batch import expand

    for name in ("b.yaml", "a.YML", "c.txt", "sub/z.yaml", "sub/deeper/y.yml", "a2/x.yaml"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("city: {name: X}\n", encoding="utf-8")
    (tmp_path / "linked").symlink_to(tmp_path / "sub", target_is_directory=True)
    (tmp_path / "dangling.yaml").symlink_to(tmp_path / "nowhere.yaml")
    expected = []
    for folder, subfolders, files in os.walk(tmp_path):
        subfolders.sort()
        expected += [
            str(Path(folder) / f)
            for f in sorted(files)
            if Path(f).suffix.lower() in (".yaml", ".yml")
        ]
    assert list(expand([str(tmp_path)])) == expected
    assert str(tmp_path / "dangling.yaml") in expected  # reported later as unreadable
    assert not any("linked" in path for path in expected)  # a link to a folder is not followed


@pytest.mark.parametrize("columns", [60, 80, 120])
def test_the_ranking_fits_the_terminal(columns: int) -> None:
    result = runner.invoke(
        app, ["batch", str(ROOT / "city_profiles"), "-j", "2"], env={"COLUMNS": str(columns)}
    )
    assert result.exit_code == 0, result.stderr
    widest = max(len(line) for line in result.stdout.splitlines())
    assert widest <= columns, f"{widest} characters wide on a {columns}-column terminal"
    caption = " ".join(result.stdout.split())
    assert "group columns are left out to fit" in caption and "results.csv" in caption


def test_a_wide_terminal_shows_every_group_column() -> None:
    from integracheck.models.batch import BatchRow
    from integracheck.render.batch_table import fitting_groups, render_ranking

    groups = ["OECD-01", "OECD-02", "MPI-A"]
    assert fitting_groups(400, 12, 1, len(groups)) == 3
    assert fitting_groups(60, 12, 1, len(groups)) == 0
    row = BatchRow(
        file="x.yaml",
        city="Lindmark",
        country="",
        city_type="",
        score=50.0,
        coverage=60.0,
        band="established",
        groups=(50.0, 40.0, None),
        group_coverage=(60.0, 50.0, 0.0),
        unknown=1,
        fictional=True,
        gaps=2,
        risks=(),
    )
    text = render_ranking([row], groups, 1, 0, width=200)
    assert "left out" not in text and "MA = MPI-A" in " ".join(text.split())
