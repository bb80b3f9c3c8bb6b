"""Compare two assessments (pure): snapshot each report, then diff scores, gaps and risks."""

from __future__ import annotations

from typing import Any

from integracheck.models.comparison import (
    Comparison,
    Gap,
    RuleSet,
    RuleSetChange,
    RuleSetState,
    ScoreChange,
    Snapshot,
)
from integracheck.models.report import Report


def snapshot(report: Report) -> Snapshot:
    return Snapshot(
        source=report.profile_file,
        city=report.city,
        score=report.score,
        groups={g.id: (g.title, g.score) for g in report.groups},
        gaps={
            r.rule_id: Gap(r.rule_id, r.title, r.severity, r.status, r.level)
            for r in report.results
            if r.is_gap
        },
        risks={k.risk_id: k.title for k in report.risks},
        coverage=report.coverage,
        group_coverage={g.id: g.coverage for g in report.groups},
        lower=report.lower,
        upper=report.upper,
        group_bounds={g.id: (g.lower, g.upper) for g in report.groups},
        unknown={r.rule_id: r.title for r in report.results if r.status == "unknown"},
        rule_sets={
            c.id: RuleSet(
                version=c.version,
                rule_ids=tuple(r.rule_id for r in report.results if r.checklist_id == c.id),
                fingerprint=c.fingerprint or None,
                rule_fingerprints=dict(c.rule_fingerprints) if c.fingerprint else None,
            )
            for c in report.checklists
        },
        **_analysis_keys(report),
    )


def _analysis_keys(report: Report) -> dict[str, Any]:
    analysis = report.analysis
    if analysis is None:
        return {}
    cells = (
        {f"{c.status} × {c.domain}": c.state for c in analysis.pathways.cells}
        if analysis.pathways is not None
        else {}
    )
    transitions = {t.id: (t.title, t.state) for t in analysis.transitions or ()}
    conflicts = {
        _conflict_key(c.id, [x for x in (c.first, c.second) if x]): c.message
        for c in analysis.conflicts
    }
    space = {
        f"underserved: {h.name}": f"{h.name} lacks {' and '.join(h.lacks)}"
        for h in analysis.space.underserved
    }
    space |= {
        f"hard to reach: {r.id}": f"{r.name} is {r.reason}" for r in analysis.space.hard_to_reach
    }
    space |= {
        f"language: {c.language}": f"{c.language} is spoken at no entry point"
        for c in analysis.space.languages
        if c.state == "missing"
    }
    needs = frozenset(
        f"{t.title}: {n.label}" for t in analysis.transitions or () for n in t.missing
    )
    return {
        "cells": cells,
        "transitions": transitions,
        "conflicts": conflicts,
        "space": space,
        "needs_missing": needs,
    }


def _conflict_key(kind: str, ids: list[str]) -> str:
    return f"{kind}: {', '.join(ids)}"


def _analysis_keys_from_json(data: dict[str, Any]) -> dict[str, Any]:
    paths = data.get("pathways") or {}
    cells = {
        f"{c['status']} × {c['domain']}": str(c.get("state") or ("gap" if c["gap"] else "served"))
        for c in paths.get("cells", [])
    }
    transitions = {
        str(t["id"]): (
            str(t["title"]),
            str(t.get("state") or ("covered" if t["covered"] else "uncovered")),
        )
        for t in data.get("transitions") or []
    }
    conflicts = {
        _conflict_key(str(c["id"]), [str(x) for x in c.get("services", [])]): str(c["message"])
        for c in data.get("conflicts") or []
    }
    space_data = data.get("space") or {}
    space = {
        f"underserved: {h['name']}": f"{h['name']} lacks {' and '.join(h.get('lacks', []))}"
        for h in space_data.get("underserved_neighbourhoods", [])
    }
    space |= {
        f"hard to reach: {r['id']}": f"{r['name']} is {r['reason']}"
        for r in space_data.get("hard_to_reach", [])
    }
    space |= {
        f"language: {c['language']}": f"{c['language']} is spoken at no entry point"
        for c in space_data.get("languages", [])
        if c.get("state") == "missing"
    }
    needs = frozenset(
        f"{t['title']}: {n['need']}"
        for t in data.get("transitions") or []
        for n in t.get("needs", [])
        if n.get("met") is False
    )
    return {
        "cells": cells,
        "transitions": transitions,
        "conflicts": conflicts,
        "space": space,
        "needs_missing": needs,
    }


def snapshot_from_json(data: dict[str, Any], source: str) -> Snapshot:
    """A JSON report (schema 1.x to 3.x) as a snapshot; raises KeyError or TypeError when
    malformed. Reports of schema 1.x have no coverage, and those before 3.0 no range (lower
    and upper bounds): they read as not known."""
    return Snapshot(
        source=source,
        city=str(data["city"]["name"]),
        score=data["score"],
        groups={str(g["id"]): (str(g["title"]), g["score"]) for g in data["groups"]},
        gaps={
            str(r["rule_id"]): Gap(
                str(r["rule_id"]),
                str(r.get("title", "")),
                str(r["severity"]),
                str(r["status"]),
                int(r["level"]),
            )
            for r in data["results"]
            if r["status"] in ("fail", "partial", "error")
        },
        risks={str(k["id"]): str(k["title"]) for k in data.get("risks", [])},
        coverage=data.get("coverage"),
        group_coverage={str(g["id"]): g.get("coverage") for g in data["groups"]},
        lower=data.get("lower"),
        upper=data.get("upper"),
        group_bounds={str(g["id"]): (g.get("lower"), g.get("upper")) for g in data["groups"]},
        unknown={
            str(r["rule_id"]): str(r.get("title", ""))
            for r in data["results"]
            if r["status"] == "unknown"
        },
        rule_sets=_rule_sets_from_json(data),
        **_analysis_keys_from_json(data),
    )


def _rule_sets_from_json(data: dict[str, Any]) -> dict[str, RuleSet]:
    """Each checklist's rules as the report states them. A report written before fingerprints
    has none: its rules are then known only by the ids of its results."""
    assessed: dict[str, list[str]] = {}
    for result in data["results"]:
        if not isinstance(result, dict):
            raise TypeError("results")
        if result.get("checklist") is not None:
            assessed.setdefault(str(result["checklist"]), []).append(str(result["rule_id"]))
    out = {}
    for item in data.get("checklists") or []:
        if not isinstance(item, dict):
            raise TypeError("checklists")
        checklist_id = str(item["id"])
        fingerprint, prints = item.get("fingerprint"), item.get("rule_fingerprints")
        if isinstance(fingerprint, str) and fingerprint and isinstance(prints, dict):
            rule_prints = {str(rule): str(digest) for rule, digest in prints.items()}
            out[checklist_id] = RuleSet(
                version=str(item.get("version", "")),
                rule_ids=tuple(rule_prints),
                fingerprint=fingerprint,
                rule_fingerprints=rule_prints,
            )
        else:
            out[checklist_id] = RuleSet(
                version=str(item.get("version", "")),
                rule_ids=tuple(dict.fromkeys(assessed.get(checklist_id, []))),
            )
    return out


def compare_rule_sets(
    old: dict[str, RuleSet], new: dict[str, RuleSet]
) -> tuple[RuleSetChange, ...]:
    """For each checklist on either side, whether its rules are the same on both, and which
    differ: added, removed, and (where both sides state fingerprints) changed."""
    out = []
    for checklist_id in [*new, *(c for c in old if c not in new)]:
        before, after = old.get(checklist_id), new.get(checklist_id)
        if before is None or after is None:
            old_version = before.version if before else None
            new_version = after.version if after else None
            out.append(RuleSetChange(checklist_id, old_version, new_version, "different"))
            continue
        out.append(_rule_set_change(checklist_id, before, after))
    return tuple(out)


def _rule_set_change(checklist_id: str, before: RuleSet, after: RuleSet) -> RuleSetChange:
    kept = set(before.rule_ids) & set(after.rule_ids)
    added = tuple(r for r in after.rule_ids if r not in kept)
    removed = tuple(r for r in before.rule_ids if r not in kept)
    changed: tuple[str, ...] = ()
    old_prints, new_prints = before.rule_fingerprints, after.rule_fingerprints
    known = old_prints is not None and new_prints is not None
    if old_prints is not None and new_prints is not None:
        changed = tuple(r for r in after.rule_ids if r in kept and old_prints[r] != new_prints[r])
        differs = before.fingerprint != after.fingerprint
        state: RuleSetState = "different" if differs else "same"
    else:
        # Without fingerprints only what both sides state can differ: a version, a rule id.
        differs = before.version != after.version or bool(added or removed)
        state = "different" if differs else "unknown"
    return RuleSetChange(
        checklist_id,
        old_version=before.version,
        new_version=after.version,
        state=state,
        added=added,
        removed=removed,
        changed=changed,
        other_content=known and differs and not (added or removed or changed),
        fingerprints_known=known,
    )


def compare(old: Snapshot, new: Snapshot) -> Comparison:
    group_ids = list(old.groups) + [g for g in new.groups if g not in old.groups]
    groups = tuple(
        ScoreChange(
            id=group_id,
            title=(new.groups.get(group_id) or old.groups[group_id])[0],
            old=old.groups[group_id][1] if group_id in old.groups else None,
            new=new.groups[group_id][1] if group_id in new.groups else None,
        )
        for group_id in group_ids
    )
    both = [rule for rule in new.gaps if rule in old.gaps]
    # A gap whose rule the new facts no longer decide is not closed: it is not known (and is
    # listed as such); only a rule decided met, or no longer applicable, closes a gap.
    closed = tuple(
        gap for rule, gap in old.gaps.items() if rule not in new.gaps and rule not in new.unknown
    )
    return Comparison(
        old=old,
        new=new,
        overall=ScoreChange("overall", "Overall score", old.score, new.score),
        groups=groups,
        new_gaps=tuple(gap for rule, gap in new.gaps.items() if rule not in old.gaps),
        closed_gaps=closed,
        worse=tuple(
            (old.gaps[r], new.gaps[r]) for r in both if new.gaps[r].level < old.gaps[r].level
        ),
        better=tuple(
            (old.gaps[r], new.gaps[r]) for r in both if new.gaps[r].level > old.gaps[r].level
        ),
        new_risks=tuple((k, t) for k, t in new.risks.items() if k not in old.risks),
        resolved_risks=tuple((k, t) for k, t in old.risks.items() if k not in new.risks),
        coverage=ScoreChange("coverage", "Coverage of the evidence", old.coverage, new.coverage),
        group_coverage=tuple(
            ScoreChange(
                id=group_id,
                title=(new.groups.get(group_id) or old.groups[group_id])[0],
                old=old.group_coverage.get(group_id),
                new=new.group_coverage.get(group_id),
            )
            for group_id in group_ids
        ),
        lower=ScoreChange(
            "overall", "Guaranteed overall score (lower bound)", old.lower, new.lower
        ),
        upper=ScoreChange(
            "overall", "Highest overall score possible (upper bound)", old.upper, new.upper
        ),
        group_lower=_bound_changes(old, new, group_ids, 0),
        group_upper=_bound_changes(old, new, group_ids, 1),
        now_unknown=tuple((k, t) for k, t in new.unknown.items() if k not in old.unknown),
        now_decided=tuple((k, t) for k, t in old.unknown.items() if k not in new.unknown),
        cells_opened=tuple(
            k
            for k, state in new.cells.items()
            if state == "served" and old.cells.get(k) != "served"
        ),
        cells_closed=tuple(
            k
            for k, state in old.cells.items()
            if state == "served" and new.cells.get(k) != "served"
        ),
        gaps_before_after=(
            sum(state == "gap" for state in old.cells.values()),
            sum(state == "gap" for state in new.cells.values()),
        ),
        transitions_covered=tuple(
            title
            for key, (title, state) in new.transitions.items()
            if state == "covered" and old.transitions.get(key, ("", ""))[1] != "covered"
        ),
        transitions_uncovered=tuple(
            title
            for key, (title, state) in new.transitions.items()
            if state == "uncovered" and old.transitions.get(key, ("", ""))[1] != "uncovered"
        ),
        needs_lost=tuple(sorted(new.needs_missing - old.needs_missing)),
        needs_met=tuple(sorted(old.needs_missing - new.needs_missing)),
        conflicts_new=tuple(
            text for key, text in new.conflicts.items() if key not in old.conflicts
        ),
        conflicts_resolved=tuple(
            text for key, text in old.conflicts.items() if key not in new.conflicts
        ),
        space_new=tuple(text for key, text in new.space.items() if key not in old.space),
        space_resolved=tuple(text for key, text in old.space.items() if key not in new.space),
        rule_sets=compare_rule_sets(old.rule_sets, new.rule_sets),
    )


def _bound_changes(
    old: Snapshot, new: Snapshot, group_ids: list[str], side: int
) -> tuple[ScoreChange, ...]:
    """Each group's lower (side 0) or upper (side 1) bound, old -> new."""
    return tuple(
        ScoreChange(
            id=group_id,
            title=(new.groups.get(group_id) or old.groups[group_id])[0],
            old=old.group_bounds.get(group_id, (None, None))[side],
            new=new.group_bounds.get(group_id, (None, None))[side],
        )
        for group_id in group_ids
    )
