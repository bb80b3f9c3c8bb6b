"""What a run imports: `--version` and `--help` need neither pydantic nor the models; an
assessment of a valid profile with the built-in checklists validates with the stored schemas
and never builds a pydantic model class."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

EXAMPLE = Path(__file__).resolve().parent.parent / "city_profiles" / "example.yaml"

REPORT = """
import sys
from integracheck.cli import main
sys.argv = ["integracheck", *sys.argv[1:]]
try:
    main()
except SystemExit:
    pass
loaded = sorted(
    name for name in sys.modules
    if name.split(".")[0] in ("pydantic", "integracheck", "rich", "jinja2")
)
sys.stderr.write("MODULES " + " ".join(loaded) + "\\n")
"""


def _modules(*args: str) -> set[str]:
    completed = subprocess.run(
        [sys.executable, "-c", REPORT, *args], capture_output=True, text=True, check=False
    )
    line = next(x for x in completed.stderr.splitlines() if x.startswith("MODULES "))
    return set(line.split()[1:])


def test_version_and_help_import_no_pydantic() -> None:
    for args in (["--version"], ["--help"], ["assess", "--help"]):
        modules = _modules(*args)
        assert not {m for m in modules if m.startswith("pydantic")}, args


def test_an_assessment_builds_no_model_class() -> None:
    modules = _modules("assess", str(EXAMPLE), "--format", "json", "--output", "/dev/null")
    assert "integracheck.engine" in modules  # it did assess
    assert "integracheck.loading.schema_store" in modules
    assert not {m for m in modules if m.startswith("pydantic.")} - {"pydantic_core"}
    assert "integracheck.models.profile" not in modules
    assert "integracheck.models.checklist" not in modules
    # What only other formats need.
    assert not {m for m in modules if m.split(".")[0] in ("rich", "jinja2")}


def test_an_invalid_profile_still_gets_the_models_words(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("city:\n  name: X\n  populaton: 5\n", encoding="utf-8")
    completed = subprocess.run(
        [sys.executable, "-m", "integracheck", "validate", str(bad)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert completed.returncode == 1
    assert f"{bad}:3:3: city.populaton: unknown key 'populaton'; did you mean" in completed.stderr
