"""A rule's level in words, as every format shows it; light enough for the JSON report, which
imports nothing the human formats need."""

from __future__ import annotations

from integracheck.models.report import RuleResult


def level_text(result: RuleResult) -> str:
    """A rule's level as the stated facts establish it: "50", "at least 50", "not known"."""
    if result.status in ("not_applicable", "waived"):
        return "–"
    if result.status in ("unknown", "error") or result.assumed:
        return "not known" if result.floor == 0 else f"at least {result.floor}"
    if result.floor < result.ceiling:
        return f"at least {result.floor}, up to {result.ceiling}"
    return str(result.level)
