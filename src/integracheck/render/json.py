"""The JSON report: stable field names (DESIGN section 6), deterministic bytes."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from integracheck.models.analysis import NeighbourhoodFinding
from integracheck.models.inert_text import json_text
from integracheck.models.report import Location, PeerStat, Report, RiskResult, RuleResult
from integracheck.render.levels import level_text
from integracheck.render.options import RenderOptions
from integracheck.scoring import BANDS, PEERS_COUNTED


def render(report: Report, options: RenderOptions | None = None) -> str:
    return json_text(as_data(report))


def render_many(reports: Sequence[Report], options: RenderOptions | None = None) -> str:
    """Several profiles: one JSON document, an array of reports."""
    return json_text([as_data(report) for report in reports])


def as_data(report: Report) -> dict[str, Any]:
    return {
        "schema_version": report.schema_version,
        "tool": {"name": "integracheck", "version": report.tool_version},
        "profile": report.profile_file,
        "city": {"name": report.city, "country": report.country, "city_type": report.city_type},
        "as_of": report.as_of or None,
        "strict": report.strict,
        "fictional": report.fictional,
        "score": report.score,
        # Schema 3.0: the evidence-based figure and the least and most score any completion of
        # the unstated facts could give; `score` is the evidence-based figure (the lower bound
        # in strict mode) and lies between them.
        "evidence_score": report.evidence_score,
        "lower": report.lower,
        "upper": report.upper,
        "coverage": report.coverage,
        "band": report.band,
        "bands": [{"name": name, "min": floor} for floor, name in BANDS],
        "summary": report.counts(),
        "checklists": [
            {
                "id": c.id,
                "title": c.title,
                "version": c.version,
                "weight": c.weight,
                "score": c.score,
                "lower": c.lower,
                "upper": c.upper,
                "coverage": c.coverage,
                "band": c.band,
                "fingerprint": c.fingerprint,
                "rule_fingerprints": c.rule_fingerprints,
            }
            for c in report.checklists
        ],
        "groups": [
            {
                "id": g.id,
                "title": g.title,
                "checklist": g.checklist_id,
                "weight": g.weight,
                "score": g.score,
                "lower": g.lower,
                "upper": g.upper,
                "coverage": g.coverage,
                "band": g.band,
                "counts": g.counts,
                "peers": _stat(report.peers.groups.get(g.id)) if report.peers else None,
            }
            for g in report.groups
        ],
        "results": [_result(r) for r in report.results],
        "risks": [_risk(k) for k in report.risks],
        "risks_not_checked": [
            {
                "id": k.risk_id,
                "title": k.title,
                "severity": k.severity,
                "not_stated": list(k.not_stated),
                "error": k.error or None,
            }
            for k in report.unchecked_risks
        ],
        "not_stated": [
            {"fact": n.fact, "weight": n.weight, "points": n.points, "rules": list(n.rule_ids)}
            for n in report.not_stated
        ],
        "gates": [
            {"name": g.name, "threshold": g.threshold, "passed": g.passed, "detail": g.detail}
            for g in report.gates
        ],
        "expired_waivers": [
            {"rule": rule, "expired": date} for rule, date in report.expired_waivers
        ],
        "unmatched_waivers": list(report.unmatched_waivers),
        **_analysis(report),
        "peers": _peers(report),
    }


def _location(location: Location) -> dict[str, Any]:
    return {
        "file": location.file,
        "path": location.path,
        "line": location.line,
        "column": location.column,
    }


def _neighbourhood(n: NeighbourhoodFinding) -> dict[str, Any]:
    return {
        "name": n.name,
        "migrant_share": n.migrant_share,
        "lacks": list(n.lacks),
        "may_lack": list(n.may_lack),
        "services": list(n.services),
        "shared_spaces": list(n.shared_spaces),
        "location": _location(n.location),
    }


def _result(result: RuleResult) -> dict[str, Any]:
    return {
        "rule_id": result.rule_id,
        "title": result.title,
        "checklist": result.checklist_id,
        "group": result.group_id,
        "status": result.status,
        # A level only where the rule was judged: unknown, not applicable and waived have none.
        "level": None if result.status in ("unknown", "not_applicable", "waived") else result.level,
        # The least and the most level the rule can still reach from the stated facts, and
        # the level in words ("at least 50", "not known").
        "floor": result.floor,
        "ceiling": result.ceiling,
        "may_not_apply": result.may_not_apply,
        "level_text": None if result.status in ("not_applicable", "waived") else level_text(result),
        "severity": result.severity,
        "weight": result.weight,
        "message": result.message,
        "location": _location(result.location),
        "recommendation": result.recommendation,
        "typed_advice": (
            {"text": result.typed_advice, "why": result.typed_advice_why}
            if result.typed_advice
            else None
        ),
        "source": result.source,
        "quote": result.quote,
        "examples": [{"place": e.place, "text": e.text, "kind": e.kind} for e in result.examples],
        # What the sources cite this city itself for: its own practice, never a model for it.
        "own_examples": [{"text": e.text, "source": e.source} for e in result.own_examples],
        "not_stated": list(result.not_stated),
        "partial_lists": list(result.partial_lists),
        "undecided_above": list(result.undecided_above),
        "waiver_reason": result.waiver_reason or None,
        "department": result.department or None,
    }


def _risk(risk: RiskResult) -> dict[str, Any]:
    return {
        "id": risk.risk_id,
        "title": risk.title,
        "checklist": risk.checklist_id,
        "severity": risk.severity,
        "message": risk.message,
        "location": _location(risk.location),
        "remedy": risk.remedy,
        "source": risk.source,
        "quote": risk.quote,
        "subjects": list(risk.subjects),
    }


def _analysis(report: Report) -> dict[str, Any]:
    analysis = report.analysis
    if analysis is None:
        return {"pathways": None, "transitions": None, "space": None, "conflicts": []}
    paths = analysis.pathways
    return {
        "pathways": None
        if paths is None
        else {
            "statuses": list(paths.statuses),
            "domains": list(paths.domains),
            "cells": [
                {
                    "status": c.status,
                    "domain": c.domain,
                    "providers": list(c.providers),
                    "state": c.state,
                    "gap": c.gap,
                }
                for c in paths.cells
            ],
            "gaps": paths.gaps,
            "unknown_cells": paths.unknown,
            "benchmarks": [
                {
                    "id": b.id,
                    "title": b.title,
                    "met": b.met,
                    "missing": list(b.missing),
                    "unknown": list(b.unknown),
                    "source": b.source,
                }
                for b in paths.benchmarks
            ],
            "unknown_eligibility": list(paths.unknown_eligibility),
        },
        "transitions": None
        if analysis.transitions is None
        else [
            {
                "id": t.id,
                "title": t.title,
                "who": t.who,
                "covered": t.covered,
                "state": t.state,
                "needs": [
                    {
                        "need": n.label,
                        "met": n.met,
                        "providers": list(n.providers),
                        "unknown_because": n.unknown_because or None,
                    }
                    for n in t.needs
                ],
                "source": t.source,
            }
            for t in analysis.transitions
        ],
        "space": {
            "city_migrant_share": analysis.space.city_share,
            "underserved_neighbourhoods": [_neighbourhood(n) for n in analysis.space.underserved],
            "undecided_neighbourhoods": [
                _neighbourhood(n) for n in analysis.space.undecided_neighbourhoods
            ],
            "hard_to_reach": [
                {
                    "id": r.id,
                    "name": r.name,
                    "kind": r.kind,
                    "reason": r.reason,
                    "location": _location(r.location),
                }
                for r in analysis.space.hard_to_reach
            ],
            "reach_unknown": list(analysis.space.reach_unknown),
            "languages": [
                {
                    "language": c.language,
                    # null: no listed entry point speaks it, and the evidence cannot say none does
                    "covered": None if c.state == "unknown" else c.covered,
                    "state": c.state,
                    "entry_points": list(c.entry_points),
                    "services": list(c.services),
                }
                for c in analysis.space.languages
            ],
        },
        "conflicts": [
            {
                "id": c.id,
                "title": c.title,
                "message": c.message,
                "services": [x for x in (c.first, c.second) if x],
                "locations": [_location(x) for x in c.locations],
                "source": c.source,
            }
            for c in analysis.conflicts
        ],
    }


def _stat(stat: PeerStat | None) -> dict[str, Any] | None:
    if stat is None:
        return None
    return {"n": stat.n, "median": stat.median, "q1": stat.q1, "q3": stat.q3}


def _peers(report: Report) -> dict[str, Any] | None:
    peers = report.peers
    if peers is None:
        return None
    return {
        "source": peers.source,
        "n": peers.n,
        "fictional_left_out": peers.fictional_left_out,
        "other_rules_left_out": peers.other_rules_left_out,
        "checklists": [
            {"id": checklist_id, "version": version, "fingerprint": fingerprint}
            for checklist_id, version, fingerprint in peers.rules
        ],
        "counted": PEERS_COUNTED,
        "overall": _stat(peers.overall),
        "groups": {group_id: _stat(stat) for group_id, stat in peers.groups.items()},
        "lower": _stat(peers.lower),
        "upper": _stat(peers.upper),
        "group_lower": {group_id: _stat(stat) for group_id, stat in peers.group_lower.items()},
        "group_upper": {group_id: _stat(stat) for group_id, stat in peers.group_upper.items()},
    }
