"""SARIF 2.1.0 for code-scanning tools: one descriptor per rule, results at profile positions."""

from __future__ import annotations

from typing import Any

from integracheck.models.inert_text import json_text
from integracheck.models.report import Location, Report, RiskResult, RuleResult
from integracheck.render.options import RenderOptions

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
# Severity to SARIF level: only what must be fixed is an error.
LEVELS = {"critical": "error", "high": "error", "medium": "warning", "low": "note"}
SECURITY_SEVERITY = {"critical": "9.0", "high": "7.0", "medium": "5.0", "low": "2.0"}


def render(report: Report, options: RenderOptions | None = None) -> str:
    options = options or RenderOptions()
    descriptors: list[dict[str, Any]] = []
    index: dict[str, int] = {}
    for result in report.results:
        if result.rule_id not in index:
            index[result.rule_id] = len(descriptors)
            descriptors.append(_rule_descriptor(result, options.docs_url))
    for risk in report.risks:
        if risk.risk_id not in index:
            index[risk.risk_id] = len(descriptors)
            descriptors.append(_risk_descriptor(risk, options.docs_url))
    results = [
        _rule_result(r, index[r.rule_id])
        for r in report.results
        if r.is_gap or r.status == "waived"
    ]
    results += [_risk_result(k, index[k.risk_id]) for k in report.risks]
    document = {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "integracheck",
                        "version": report.tool_version,
                        "semanticVersion": report.tool_version,
                        "rules": descriptors,
                    }
                },
                "automationDetails": {"id": f"integracheck/{report.profile_file}"},
                "artifacts": [{"location": {"uri": _uri(report.profile_file)}}],
                # Present even when nothing fails: code-scanning uploads reject a run without it.
                "results": results,
                # Unknown rules are left out of `results` (a code-scanning alert must be a
                # finding); how much could be decided is told here, as coverage.
                "properties": {
                    "score": report.score,
                    "coverage": report.coverage,
                    "band": report.band,
                    "city": report.city,
                    "unknown": report.counts()["unknown"],
                    "strict": report.strict,
                },
            }
        ],
    }
    return json_text(document)


def _uri(path: str) -> str:
    return path.replace("\\", "/").removeprefix("./")


def _help_uri(base: str, identifier: str) -> str:
    return f"{base}#{identifier}"


def _rule_descriptor(result: RuleResult, docs_url: str) -> dict[str, Any]:
    full = result.rationale or result.title
    help_text = f'{result.recommendation}\n\nSource: {result.source}: "{result.quote}"'
    return {
        "id": result.rule_id,
        "name": _camel(result.title),
        "shortDescription": {"text": result.title},
        "fullDescription": {"text": full},
        "help": {"text": help_text, "markdown": help_text},
        "helpUri": _help_uri(docs_url, result.rule_id),
        "defaultConfiguration": {"level": LEVELS.get(result.severity, "warning")},
        "properties": {
            "tags": ["integration-policy", result.checklist_id, result.group_id],
            "precision": "high",
            "security-severity": SECURITY_SEVERITY.get(result.severity, "5.0"),
            "severity": result.severity,
            "weight": result.weight,
        },
    }


def _risk_descriptor(risk: RiskResult, docs_url: str) -> dict[str, Any]:
    help_text = f'{risk.remedy}\n\nSource: {risk.source}: "{risk.quote}"'
    return {
        "id": risk.risk_id,
        "name": _camel(risk.title),
        "shortDescription": {"text": risk.title},
        "fullDescription": {"text": risk.message},
        "help": {"text": help_text, "markdown": help_text},
        "helpUri": _help_uri(docs_url, risk.risk_id),
        "defaultConfiguration": {"level": LEVELS.get(risk.severity, "warning")},
        "properties": {"tags": ["governance-risk", risk.checklist_id], "severity": risk.severity},
    }


def _location(location: Location) -> dict[str, Any]:
    return {
        "physicalLocation": {
            "artifactLocation": {"uri": _uri(location.file), "index": 0},
            "region": {"startLine": location.line, "startColumn": location.column},
        },
        "logicalLocations": [{"fullyQualifiedName": location.path, "kind": "member"}],
    }


def _rule_result(result: RuleResult, rule_index: int) -> dict[str, Any]:
    message = f"{result.title}: {result.status}: {result.message}. {result.recommendation}"
    out: dict[str, Any] = {
        "ruleId": result.rule_id,
        "ruleIndex": rule_index,
        "level": LEVELS.get(result.severity, "warning"),
        "kind": "fail",
        "message": {"text": message},
        "locations": [_location(result.location)],
        "partialFingerprints": {"ruleAndPath/v1": f"{result.rule_id}:{result.location.path}"},
        "properties": {
            "status": result.status,
            "level": result.level,
            "not_stated": list(result.not_stated),
        },
    }
    if result.status == "waived":
        out["suppressions"] = [{"kind": "inSource", "justification": result.waiver_reason}]
    return out


def _risk_result(risk: RiskResult, rule_index: int) -> dict[str, Any]:
    return {
        "ruleId": risk.risk_id,
        "ruleIndex": rule_index,
        "level": LEVELS.get(risk.severity, "warning"),
        "kind": "fail",
        "message": {"text": f"{risk.title}: {risk.message} {risk.remedy}"},
        "locations": [_location(risk.location)],
        "partialFingerprints": {"ruleAndPath/v1": f"{risk.risk_id}:{risk.location.path}"},
    }


def _camel(title: str) -> str:
    words = "".join(c if c.isalnum() else " " for c in title).split()
    return "".join(word[:1].upper() + word[1:] for word in words[:8])
