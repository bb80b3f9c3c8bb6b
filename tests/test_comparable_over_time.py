"""Reports say which rules they were assessed against."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from integracheck.api import assess, checklists
from integracheck.render import RENDERERS, RenderOptions

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "city_profiles" / "example.yaml"
MINI = ROOT / "tests" / "data" / "mini-checklist.yaml"
AS_OF = dt.date(2026, 6, 1)


def _json_report(profile: Path, checklist_refs: list[str]) -> dict[str, object]:
    report = assess(str(profile), checklist_refs, today=AS_OF)
    data: dict[str, object] = json.loads(RENDERERS["json"](report, RenderOptions()))
    return data


def test_json_report_carries_each_checklists_version_and_fingerprints() -> None:
    data = _json_report(EXAMPLE, [])
    loaded = {item.checklist.id: item for item in checklists()}
    written = data["checklists"]
    assert isinstance(written, list)
    assert [c["id"] for c in written] == list(loaded)
    for entry in written:
        item = loaded[entry["id"]]
        assert entry["version"] == item.checklist.version
        assert entry["fingerprint"] == item.fingerprint.checklist
        assert entry["rule_fingerprints"] == item.fingerprint.rules
        assert list(entry["rule_fingerprints"]) == [r.id for r in item.checklist.rules]


def test_the_report_model_carries_them_for_every_renderer() -> None:
    report = assess(str(EXAMPLE), [str(MINI)], today=AS_OF)
    (mini,) = report.checklists
    assert mini.version == "1.0.0"
    assert len(mini.fingerprint) == 16  # a custom checklist read from a path has one too
    assert set(mini.rule_fingerprints) == {f"MINI-{n}" for n in range(1, 8)}
