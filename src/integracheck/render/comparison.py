"""Renderers for `integracheck diff`: terminal, Markdown and JSON views of a comparison."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from integracheck.models.comparison import Comparison, Gap, RuleSetChange, ScoreChange
from integracheck.models.inert_text import json_text, one_line
from integracheck.render.markdown import escape_markdown as md


def score_text(score: float | None) -> str:
    """One decimal, as scores are computed: a diff is about small moves."""
    return "–" if score is None else f"{score:g}"


def _delta(change: ScoreChange) -> str:
    if change.delta is None:
        return "new" if change.old is None else "removed" if change.new is None else "–"
    return f"{change.delta:+g}"


_RULE_CHANGE = {
    "added": "a rule new since the old side",
    "removed": "a rule the new side no longer has",
    "changed": "the rule itself changed",
}


def _gap(gap: Gap, comparison: Comparison) -> str:
    text = f"{gap.rule_id} {gap.title} ({gap.severity}, {gap.status}, level {gap.level})"
    change = comparison.rule_change(gap.rule_id)
    return text + (f"; {_RULE_CHANGE[change]}" if change else "")


def _coverage(value: float | None) -> str:
    return "–" if value is None else f"{value:g}%"


def range_text(lower: float | None, upper: float | None) -> str:
    """ "5.8-99.8", one figure when the bounds meet, a dash when not known (an old report)."""
    if lower is None or upper is None:
        return "–"
    return score_text(lower) if lower == upper else f"{lower:g}-{upper:g}"


def _range_change(lower: ScoreChange, upper: ScoreChange) -> str:
    """ "5.8-99.8 → 10-95 (lower +4.2, upper -4.8)"."""
    text = f"{range_text(lower.old, upper.old)} → {range_text(lower.new, upper.new)}"
    if lower.delta is not None and upper.delta is not None:
        text += f" (lower {_delta(lower)}, upper {_delta(upper)})"
    return text


def _ranges_changed(comparison: Comparison) -> list[tuple[ScoreChange, ScoreChange]]:
    return [
        (low, high)
        for low, high in zip(comparison.group_lower, comparison.group_upper, strict=True)
        if low.old != low.new or high.old != high.new
    ]


def _lines(comparison: Comparison) -> list[tuple[str, list[str]]]:
    changed = [g for g in comparison.groups if g.delta not in (None, 0.0) or g.old != g.new]
    covered = [g for g in comparison.group_coverage if g.old != g.new]
    return [
        (
            "Groups whose range changed (the least and most score the unstated facts allow)",
            [
                f"{low.id} {low.title}: {_range_change(low, high)}"
                for low, high in _ranges_changed(comparison)
            ],
        ),
        (
            "Groups whose score changed",
            [
                f"{g.id} {g.title}: {score_text(g.old)} → {score_text(g.new)} ({_delta(g)})"
                for g in changed
            ],
        ),
        (
            "Groups whose coverage changed",
            [
                f"{g.id} {g.title}: {_coverage(g.old)} → {_coverage(g.new)} ({_delta(g)})"
                for g in covered
            ],
        ),
        (
            "Rules no longer decidable (now unknown)",
            [f"{k} {t}" for k, t in comparison.now_unknown],
        ),
        ("Rules now decided", [f"{k} {t}" for k, t in comparison.now_decided]),
        ("New gaps", [_gap(g, comparison) for g in comparison.new_gaps]),
        ("Closed gaps", [_gap(g, comparison) for g in comparison.closed_gaps]),
        (
            "Gaps that got worse",
            [f"{_gap(new, comparison)}, was level {old.level}" for old, new in comparison.worse],
        ),
        (
            "Gaps that improved",
            [f"{_gap(new, comparison)}, was level {old.level}" for old, new in comparison.better],
        ),
        ("New risks", [f"{k} {t}" for k, t in comparison.new_risks]),
        ("Resolved risks", [f"{k} {t}" for k, t in comparison.resolved_risks]),
        (
            "Pathway cells closed (served before, not now; decided gaps "
            f"{comparison.gaps_before_after[0]} → {comparison.gaps_before_after[1]})",
            list(comparison.cells_closed),
        ),
        ("Pathway cells opened", list(comparison.cells_opened)),
        ("Transitions where people now fall through", list(comparison.transitions_uncovered)),
        ("Transitions now covered", list(comparison.transitions_covered)),
        ("Transition needs no longer met", list(comparison.needs_lost)),
        ("Transition needs now met", list(comparison.needs_met)),
        ("New coherence conflicts", list(comparison.conflicts_new)),
        ("Resolved coherence conflicts", list(comparison.conflicts_resolved)),
        ("New space findings", list(comparison.space_new)),
        ("Resolved space findings", list(comparison.space_resolved)),
    ]


def _headline(comparison: Comparison) -> str:
    o = comparison.overall
    line = f"{comparison.new.city}: overall {score_text(o.old)} → {score_text(o.new)} ({_delta(o)})"
    if comparison.lower is not None and comparison.upper is not None:
        line += f", range {_range_change(comparison.lower, comparison.upper)}"
    c = comparison.coverage
    if c is not None:
        line += f", coverage {_coverage(c.old)} → {_coverage(c.new)} ({_delta(c)})"
    regressions = comparison.regressions
    if regressions:
        line += f"; {len(regressions)} regression(s), guaranteed score dropped: " + ", ".join(
            c.id for c in regressions
        )
    return line


def _versions(change: RuleSetChange) -> str:
    if change.old_version is None:
        return f"{change.checklist_id} {change.new_version} assessed on the new side only"
    if change.new_version is None:
        return f"{change.checklist_id} {change.old_version} assessed on the old side only"
    if change.old_version == change.new_version:
        return f"{change.checklist_id} {change.new_version} on both sides"
    return f"{change.checklist_id} {change.old_version} → {change.new_version}"


def _rule_set_text(change: RuleSetChange) -> str:
    """One checklist's difference: its versions, then which rules differ."""
    if change.old_version is None or change.new_version is None:
        return _versions(change)
    parts = []
    if change.added:
        parts.append("rules added: " + ", ".join(change.added))
    if change.removed:
        parts.append("removed: " + ", ".join(change.removed))
    if change.changed:
        parts.append("changed: " + ", ".join(change.changed))
    if change.other_content:
        parts.append("no rule changed, but its groups, weights or risks did")
    if not change.fingerprints_known:
        maybe = "other rules may have changed too" if parts else "which rules differ is not known"
        parts.append(f"{maybe}: one side states no fingerprints")
    return _versions(change) + (f" ({'; '.join(parts)})" if parts else "")


def rules_sentence(comparison: Comparison) -> str:
    """Whether the two sides were assessed against the same rules, and if not, which differ."""
    state = comparison.rules_state
    if state == "same":
        versions = ", ".join(
            f"{change.checklist_id} {change.new_version}" for change in comparison.rule_sets
        )
        return f"Both sides were assessed against the same rules ({versions})."
    changes = comparison.rule_set_changes
    if state == "different":
        details = "; ".join(_rule_set_text(change) for change in changes)
        return f"The two sides were assessed against different rules: {details}."
    unstated = [
        side.source
        for side in (comparison.old, comparison.new)
        if not side.rule_sets
        or any(rule_set.fingerprint is None for rule_set in side.rule_sets.values())
    ]
    reason = (
        f"{' and '.join(unstated)} states no rule fingerprints (a report written before they "
        "were recorded)"
    )
    versions = ", ".join(_versions(change) for change in changes)
    return (
        "Whether the two sides were assessed against the same rules cannot be told: "
        f"{reason}" + (f"; {versions}" if versions else "") + "."
    )


def render_terminal(comparison: Comparison) -> str:
    out = [
        f"Comparing {one_line(comparison.old.source)} → {one_line(comparison.new.source)}",
        one_line(_headline(comparison)),
        one_line(rules_sentence(comparison)),
    ]
    for heading, items in _lines(comparison):
        out.append(f"\n{heading} ({len(items)})")
        out += [f"  {one_line(item)}" for item in items] or ["  none"]
    return "\n".join(out) + "\n"


def render_markdown(comparison: Comparison) -> str:
    out = [
        f"# What changed: {md(comparison.new.city)}",
        "",
        f"`{comparison.old.source}` → `{comparison.new.source}`",
        "",
        f"**{md(_headline(comparison))}**",
        "",
        md(rules_sentence(comparison)),
        "",
        "| Group | Title | Old | New | Change | Old range | New range | Old coverage "
        "| New coverage |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    coverage = {c.id: c for c in comparison.group_coverage}
    lower = {c.id: c for c in comparison.group_lower}
    upper = {c.id: c for c in comparison.group_upper}
    if comparison.coverage is not None:
        coverage["overall"] = comparison.coverage
    if comparison.lower is not None and comparison.upper is not None:
        lower["overall"], upper["overall"] = comparison.lower, comparison.upper
    for g in (comparison.overall, *comparison.groups):
        cov, low, high = coverage.get(g.id), lower.get(g.id), upper.get(g.id)
        old_range = range_text(low.old, high.old) if low and high else "–"
        new_range = range_text(low.new, high.new) if low and high else "–"
        out.append(
            f"| {md(g.id)} | {md(g.title)} | {score_text(g.old)} | {score_text(g.new)} "
            f"| {_delta(g)} | {old_range} | {new_range} "
            f"| {_coverage(cov.old if cov else None)} "
            f"| {_coverage(cov.new if cov else None)} |"
        )
    # The table above holds the score, range and coverage changes.
    for heading, items in _lines(comparison)[3:]:
        out += ["", f"## {heading} ({len(items)})", ""]
        out += [f"- {md(item)}" for item in items] or ["None."]
    return "\n".join(out) + "\n"


def _change(change: ScoreChange) -> dict[str, Any]:
    return {
        "id": change.id,
        "title": change.title,
        "old": change.old,
        "new": change.new,
        "delta": change.delta,
    }


def _gap_data(gap: Gap, comparison: Comparison) -> dict[str, Any]:
    return {
        "rule_id": gap.rule_id,
        "title": gap.title,
        "severity": gap.severity,
        "status": gap.status,
        "level": gap.level,
        # "added", "removed" or "changed" when the rule differs between the sides; else null
        "rule_change": comparison.rule_change(gap.rule_id),
    }


def _rule_set_data(change: RuleSetChange) -> dict[str, Any]:
    return {
        "id": change.checklist_id,
        "old_version": change.old_version,
        "new_version": change.new_version,
        "state": change.state,
        "fingerprints_known": change.fingerprints_known,
        "added": list(change.added),
        "removed": list(change.removed),
        # null: one side states no fingerprints, so which rules changed is not known
        "changed": list(change.changed) if change.fingerprints_known else None,
        "other_content_changed": change.other_content,
    }


def render_json(comparison: Comparison) -> str:
    data = {
        "old": comparison.old.source,
        "new": comparison.new.source,
        "rules": {
            "state": comparison.rules_state,
            "checklists": [_rule_set_data(change) for change in comparison.rule_sets],
        },
        "overall": _change(comparison.overall),
        "coverage": _change(comparison.coverage) if comparison.coverage else None,
        # The overall score's bounds, old -> new (null where a report before schema 3.0 has
        # none), and each group's.
        "lower": _change(comparison.lower) if comparison.lower else None,
        "upper": _change(comparison.upper) if comparison.upper else None,
        "groups": [_change(g) for g in comparison.groups],
        "group_coverage": [_change(g) for g in comparison.group_coverage],
        "group_lower": [_change(g) for g in comparison.group_lower],
        "group_upper": [_change(g) for g in comparison.group_upper],
        "now_unknown": [{"id": k, "title": t} for k, t in comparison.now_unknown],
        "now_decided": [{"id": k, "title": t} for k, t in comparison.now_decided],
        "new_gaps": [_gap_data(g, comparison) for g in comparison.new_gaps],
        "closed_gaps": [_gap_data(g, comparison) for g in comparison.closed_gaps],
        "worse": [
            {"old": _gap_data(o, comparison), "new": _gap_data(n, comparison)}
            for o, n in comparison.worse
        ],
        "better": [
            {"old": _gap_data(o, comparison), "new": _gap_data(n, comparison)}
            for o, n in comparison.better
        ],
        "new_risks": [{"id": k, "title": t} for k, t in comparison.new_risks],
        "resolved_risks": [{"id": k, "title": t} for k, t in comparison.resolved_risks],
        # Drops of the guaranteed score (the lower bound; the score where a side has none).
        "regressions": [c.id for c in comparison.regressions],
        "pathways": {
            "cells_opened": list(comparison.cells_opened),
            "cells_closed": list(comparison.cells_closed),
            "gaps": {
                "old": comparison.gaps_before_after[0],
                "new": comparison.gaps_before_after[1],
            },
        },
        "transitions": {
            "covered": list(comparison.transitions_covered),
            "uncovered": list(comparison.transitions_uncovered),
            "needs_lost": list(comparison.needs_lost),
            "needs_met": list(comparison.needs_met),
        },
        "conflicts": {
            "new": list(comparison.conflicts_new),
            "resolved": list(comparison.conflicts_resolved),
        },
        "space": {"new": list(comparison.space_new), "resolved": list(comparison.space_resolved)},
    }
    return json_text(data)


DIFF_RENDERERS: dict[str, Callable[[Comparison], str]] = {
    "terminal": render_terminal,
    "markdown": render_markdown,
    "json": render_json,
}
