"""A batch stopped by a signal leaves no worker behind and no temporary file."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "city_profiles" / "example.yaml"

pytestmark = pytest.mark.skipif(not Path("/proc").is_dir(), reason="reads /proc")


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.append(int(entry.name))
    return found


def _alive(pid: int) -> bool:
    try:
        state = (Path("/proc") / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def _start_batch(tmp_path: Path) -> tuple[subprocess.Popen[bytes], Path, list[int]]:
    folder = tmp_path / "profiles"
    folder.mkdir()
    for index in range(400):
        shutil.copy(EXAMPLE, folder / f"city-{index:03d}.yaml")
    out = tmp_path / "rows.csv"
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "integracheck",
            "batch",
            str(folder),
            "--jobs",
            "2",
            "-q",
            "-o",
            str(out),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 30
    workers: list[int] = []
    while time.monotonic() < deadline and len(workers) < 2:
        workers = [w for w in _children(process.pid) if _alive(w)]
        time.sleep(0.05)
    assert workers, "the batch started no worker"
    return process, tmp_path, workers


def _gone(pids: list[int], within: float = 10) -> bool:
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        if not any(_alive(pid) for pid in pids):
            return True
        time.sleep(0.05)
    return False


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP])
def test_a_stopped_batch_ends_its_workers_and_removes_its_temporary_file(
    tmp_path: Path, signum: int
) -> None:
    process, folder, workers = _start_batch(tmp_path)
    process.send_signal(signum)
    process.wait(timeout=30)
    assert _gone(workers)
    assert not list(folder.glob(".rows.csv.*.tmp"))
    assert not (folder / "rows.csv").exists()


def test_workers_die_with_a_killed_batch(tmp_path: Path) -> None:
    process, _, workers = _start_batch(tmp_path)
    os.kill(process.pid, signal.SIGKILL)
    process.wait(timeout=30)
    assert _gone(workers)
