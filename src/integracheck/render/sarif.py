"""SARIF 2.1.0 for code-scanning tools: one descriptor per rule, results at profile positions."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any
from urllib.parse import quote

from integracheck.models.inert_text import json_text
from integracheck.models.report import Location, Report, RiskResult, RuleResult
from integracheck.render.options import RenderOptions

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
# Severity to SARIF level: only what must be fixed is an error.
LEVELS = {"critical": "error", "high": "error", "medium": "warning", "low": "note"}
SECURITY_SEVERITY = {"critical": "9.0", "high": "7.0", "medium": "5.0", "low": "2.0"}


def render(report: Report, options: RenderOptions | None = None) -> str:
    return render_many([report], options)


def render_many(reports: Sequence[Report], options: RenderOptions | None = None) -> str:
    """One SARIF log for one or several profiles: one run, one artifact per profile, results
    at their positions, and artifact URIs relative to the repository root."""
    options = options or RenderOptions()
    descriptors: list[dict[str, Any]] = []
    index: dict[str, int] = {}
    artifacts: list[dict[str, Any]] = []
    results: list[dict[str, Any]] = []
    for report in reports:
        uri = artifact_uri(report.profile_file, options.base_dir)
        artifact = len(artifacts)
        artifacts.append({"location": _artifact_location(uri, options.base_dir)})
        for result in report.results:
            if result.rule_id not in index:
                index[result.rule_id] = len(descriptors)
                descriptors.append(_rule_descriptor(result, options.docs_url))
        for risk in report.risks:
            if risk.risk_id not in index:
                index[risk.risk_id] = len(descriptors)
                descriptors.append(_risk_descriptor(risk, options.docs_url))
        where = (uri, artifact, options.base_dir)
        results += [
            _rule_result(r, index[r.rule_id], where)
            for r in report.results
            if r.is_gap or r.status == "waived"
        ]
        results += [_risk_result(k, index[k.risk_id], where) for k in report.risks]
    run: dict[str, Any] = {
        "tool": {
            "driver": {
                "name": "integracheck",
                "version": reports[0].tool_version if reports else "",
                "semanticVersion": reports[0].tool_version if reports else "",
                "rules": descriptors,
            }
        },
        # A category per set of profiles, so runs over profiles of one folder never collide.
        "automationDetails": {"id": _category([a["location"]["uri"] for a in artifacts])},
        "artifacts": artifacts,
        # Present even when nothing fails: code-scanning uploads reject a run without it.
        "results": results,
        # Unknown rules are left out of `results` (a code-scanning alert must be a finding);
        # how much could be decided is told here, as coverage, per profile.
        "properties": {
            "profiles": [
                {
                    "uri": artifact_uri(r.profile_file, options.base_dir),
                    "city": r.city,
                    "score": r.score,
                    "coverage": r.coverage,
                    "band": r.band,
                    "unknown": r.counts()["unknown"],
                    "strict": r.strict,
                }
                for r in reports
            ]
        },
    }
    if options.base_dir is not None:
        run["originalUriBaseIds"] = {
            BASE_ID: {"uri": Path(options.base_dir).resolve().as_uri() + "/"}
        }
    document = {"$schema": SARIF_SCHEMA, "version": "2.1.0", "runs": [run]}
    return json_text(document)


BASE_ID = "SRCROOT"


def artifact_uri(profile_file: str, base_dir: str | None) -> str:
    """The profile as a URI reference relative to the repository root (percent-encoded),
    whatever the working directory or an absolute path given; outside the root, a file URI."""
    path = Path(os.path.abspath(profile_file))
    if base_dir is not None:
        root = Path(os.path.abspath(base_dir))
        try:
            relative = path.relative_to(root)
        except ValueError:
            return path.as_uri()
        return quote(relative.as_posix())
    return quote(profile_file.replace("\\", "/").removeprefix("./"))


def _artifact_location(uri: str, base_dir: str | None) -> dict[str, Any]:
    location: dict[str, Any] = {"uri": uri}
    if base_dir is not None and not uri.startswith("file:"):
        location["uriBaseId"] = BASE_ID
    return location


def _category(uris: list[str]) -> str:
    """`integracheck/<profile>/` for one profile; for several, a digest of their URIs."""
    if len(uris) == 1:
        return f"integracheck/{uris[0]}/"
    digest = hashlib.sha256("\n".join(sorted(uris)).encode()).hexdigest()[:12]
    return f"integracheck/profiles-{digest}/"


def _help_uri(base: str | None, identifier: str) -> dict[str, str]:
    """`helpUri` must be an absolute URI: given only when a documentation base URL is."""
    return {"helpUri": f"{base}#{identifier}"} if base else {}


def _rule_descriptor(result: RuleResult, docs_url: str | None) -> dict[str, Any]:
    full = result.rationale or result.title
    help_text = f'{result.recommendation}\n\nSource: {result.source}: "{result.quote}"'
    return {
        "id": result.rule_id,
        "name": _camel(result.title),
        "shortDescription": {"text": result.title},
        "fullDescription": {"text": full},
        "help": {"text": help_text, "markdown": help_text},
        **_help_uri(docs_url, result.rule_id),
        "defaultConfiguration": {"level": LEVELS.get(result.severity, "warning")},
        "properties": {
            # Once each: a checklist id may equal a group id, and SARIF tags are unique.
            "tags": list(
                dict.fromkeys(["integration-policy", result.checklist_id, result.group_id])
            ),
            "precision": "high",
            "security-severity": SECURITY_SEVERITY.get(result.severity, "5.0"),
            "severity": result.severity,
            "weight": result.weight,
        },
    }


def _risk_descriptor(risk: RiskResult, docs_url: str | None) -> dict[str, Any]:
    help_text = f'{risk.remedy}\n\nSource: {risk.source}: "{risk.quote}"'
    return {
        "id": risk.risk_id,
        "name": _camel(risk.title),
        "shortDescription": {"text": risk.title},
        "fullDescription": {"text": risk.message},
        "help": {"text": help_text, "markdown": help_text},
        **_help_uri(docs_url, risk.risk_id),
        "defaultConfiguration": {"level": LEVELS.get(risk.severity, "warning")},
        "properties": {
            "tags": list(dict.fromkeys(["governance-risk", risk.checklist_id])),
            "severity": risk.severity,
        },
    }


Where = tuple[str, int, "str | None"]  # the artifact's URI, its index, the base folder


def _location(location: Location, where: Where) -> dict[str, Any]:
    uri, index, base_dir = where
    artifact = {**_artifact_location(uri, base_dir), "index": index}
    return {
        "physicalLocation": {
            "artifactLocation": artifact,
            "region": {"startLine": location.line, "startColumn": location.column},
        },
        "logicalLocations": [{"fullyQualifiedName": location.path, "kind": "member"}],
    }


def _rule_result(result: RuleResult, rule_index: int, where: Where) -> dict[str, Any]:
    message = f"{result.title}: {result.status}: {result.message}. {result.recommendation}"
    out: dict[str, Any] = {
        "ruleId": result.rule_id,
        "ruleIndex": rule_index,
        "level": LEVELS.get(result.severity, "warning"),
        "kind": "fail",
        "message": {"text": message},
        "locations": [_location(result.location, where)],
        "partialFingerprints": {
            "ruleAndPath/v1": f"{result.rule_id}:{where[0]}:{result.location.path}"
        },
        "properties": {
            "status": result.status,
            "level": result.level,
            "not_stated": list(result.not_stated),
        },
    }
    if result.status == "waived":
        out["suppressions"] = [{"kind": "inSource", "justification": result.waiver_reason}]
    return out


def _risk_result(risk: RiskResult, rule_index: int, where: Where) -> dict[str, Any]:
    return {
        "ruleId": risk.risk_id,
        "ruleIndex": rule_index,
        "level": LEVELS.get(risk.severity, "warning"),
        "kind": "fail",
        "message": {"text": f"{risk.title}: {risk.message} {risk.remedy}"},
        "locations": [_location(risk.location, where)],
        "partialFingerprints": {
            "ruleAndPath/v1": f"{risk.risk_id}:{where[0]}:{risk.location.path}"
        },
    }


def _camel(title: str) -> str:
    words = "".join(c if c.isalnum() else " " for c in title).split()
    return "".join(word[:1].upper() + word[1:] for word in words[:8])
