"""The benchmark script still runs end to end (at a tiny N; no timing is asserted)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_bench_script_runs_at_a_tiny_n(tmp_path: Path) -> None:
    spec = importlib.util.spec_from_file_location("bench_run", ROOT / "bench" / "run.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    output = tmp_path / "benchmarks.md"
    assert (
        module.main(
            [
                *("--n", "4", "--validate-n", "2", "--repeat", "1"),
                *("--output", str(output), "--no-byte-compile"),
            ]
        )
        == 0
    )
    table = [
        line for line in output.read_text(encoding="utf-8").splitlines() if line.startswith("| (")
    ]
    assert [line[:5] for line in table] == ["| (a)", "| (b)", "| (c)", "| (d)", "| (e)"]
    generated = module.generate(tmp_path, 3)
    from integracheck.api import validate

    assert all(outcome.valid for outcome in validate(str(p) for p in generated))


def test_version_and_help_do_not_import_the_heavy_parts() -> None:
    import subprocess
    import sys

    for args in (["--version"], ["--help"]):
        completed = subprocess.run(
            [sys.executable, "-X", "importtime", "-m", "integracheck", *args],
            capture_output=True,
            text=True,
            check=True,
        )
        imported = {
            line.split("|")[-1].strip()
            for line in completed.stderr.splitlines()
            if line.startswith("import time:")
        }
        heavy = {
            name
            for name in imported
            if name.split(".")[0] in ("pydantic", "jinja2", "jmespath")
            or name.startswith(("integracheck.engine", "integracheck.models"))
        }
        assert not heavy, f"{args}: {sorted(heavy)[:5]}"
