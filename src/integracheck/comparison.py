"""Compare two assessments (pure): snapshot each report, then diff scores, gaps and risks."""

from __future__ import annotations

from typing import Any

from integracheck.models.comparison import Comparison, Gap, ScoreChange, Snapshot
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
        unknown={r.rule_id: r.title for r in report.results if r.status == "unknown"},
    )


def snapshot_from_json(data: dict[str, Any], source: str) -> Snapshot:
    """A JSON report (schema 1.x or 2.x) as a snapshot; raises KeyError or TypeError when
    malformed. Reports of schema 1.x have no coverage: it reads as not known."""
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
        unknown={
            str(r["rule_id"]): str(r.get("title", ""))
            for r in data["results"]
            if r["status"] == "unknown"
        },
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
    return Comparison(
        old=old,
        new=new,
        overall=ScoreChange("overall", "Overall score", old.score, new.score),
        groups=groups,
        new_gaps=tuple(gap for rule, gap in new.gaps.items() if rule not in old.gaps),
        closed_gaps=tuple(gap for rule, gap in old.gaps.items() if rule not in new.gaps),
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
        now_unknown=tuple((k, t) for k, t in new.unknown.items() if k not in old.unknown),
        now_decided=tuple((k, t) for k, t in old.unknown.items() if k not in new.unknown),
    )
