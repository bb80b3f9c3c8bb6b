"""Report files: never over an input, never a device or a link replaced, modes as the user's."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
from typer.testing import CliRunner

from integracheck.cli import app
from integracheck.output import output_problems, write_atomically

EXAMPLE = Path(__file__).resolve().parent.parent / "city_profiles" / "example.yaml"
runner = CliRunner()


@pytest.fixture
def profile(tmp_path: Path) -> Path:
    path = tmp_path / "city.yaml"
    path.write_text(EXAMPLE.read_text(encoding="utf-8"), encoding="utf-8")
    return path


def test_an_output_that_is_the_profile_is_refused_and_the_profile_kept(profile: Path) -> None:
    before = profile.read_bytes()
    for args in (
        ["assess", str(profile), "-f", "json", "-o", str(profile)],
        ["assess", str(profile), "-o", f"json={profile.parent / '.' / profile.name}"],
        ["plan", str(profile), "-o", str(profile)],
        ["gather", str(profile), "-o", str(profile)],
        ["diff", str(EXAMPLE), str(profile), "-o", str(profile)],
    ):
        result = runner.invoke(app, args)
        assert result.exit_code == 2, args
        assert "is an input" in result.stderr
    assert profile.read_bytes() == before


def test_a_checklist_or_template_is_an_input_too(profile: Path, tmp_path: Path) -> None:
    checklist = tmp_path / "mine.yaml"
    source = Path(__file__).parent / "data" / "mini-checklist.yaml"
    checklist.write_text(source.read_text(encoding="utf-8"), encoding="utf-8")
    result = runner.invoke(
        app, ["assess", str(profile), "-c", str(checklist), "-f", "json", "-o", str(checklist)]
    )
    assert result.exit_code == 2
    assert checklist.read_text(encoding="utf-8") == source.read_text(encoding="utf-8")


def test_one_path_named_for_two_formats_is_refused(profile: Path, tmp_path: Path) -> None:
    out = tmp_path / "report.out"
    result = runner.invoke(
        app, ["assess", str(profile), "-o", f"json={out}", "-o", f"markdown={out}"]
    )
    assert result.exit_code == 2
    assert "named more than once" in result.stderr
    assert not out.exists()


def test_a_symlink_keeps_pointing_where_it_did(tmp_path: Path) -> None:
    real = tmp_path / "real.json"
    real.write_text("old\n", encoding="utf-8")
    link = tmp_path / "link.json"
    link.symlink_to(real)
    write_atomically(link, "new\n")
    assert link.is_symlink()
    assert real.read_text(encoding="utf-8") == "new\n"


def test_a_device_is_written_through_not_replaced() -> None:
    write_atomically(Path(os.devnull), "nothing\n")
    assert stat.S_ISCHR(os.stat(os.devnull).st_mode)


def test_a_fifo_is_written_through(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    reader = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)
    try:
        write_atomically(fifo, "through\n")
        assert os.read(reader, 100) == b"through\n"
    finally:
        os.close(reader)
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)


def test_a_new_file_gets_the_umask_mode_and_an_old_one_keeps_its_mode(tmp_path: Path) -> None:
    previous = os.umask(0o022)
    try:
        fresh = tmp_path / "fresh.json"
        write_atomically(fresh, "{}\n")
        assert stat.S_IMODE(fresh.stat().st_mode) == 0o644
        kept = tmp_path / "kept.json"
        kept.write_text("{}\n", encoding="utf-8")
        kept.chmod(0o640)
        write_atomically(kept, "[]\n")
        assert stat.S_IMODE(kept.stat().st_mode) == 0o640
    finally:
        os.umask(previous)


def test_output_problems_tell_an_input_by_identity_not_by_spelling(tmp_path: Path) -> None:
    source = tmp_path / "a.yaml"
    source.write_text("x\n", encoding="utf-8")
    alias = tmp_path / "alias.yaml"
    alias.symlink_to(source)
    assert output_problems([alias], [source])
    (tmp_path / "sub").mkdir()
    assert output_problems([tmp_path / "sub" / ".." / "a.yaml"], [source])
    assert not output_problems([tmp_path / "b.json"], [source])


def test_batch_into_a_missing_folder_is_a_positioned_error(tmp_path: Path) -> None:
    out = tmp_path / "missing" / "rows.csv"
    result = runner.invoke(app, ["batch", str(EXAMPLE), "-o", str(out), "--jobs", "1"])
    assert result.exit_code == 2
    assert result.stderr.startswith(f"{out}:1:1: cannot write")
