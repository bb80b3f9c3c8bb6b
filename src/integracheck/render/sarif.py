"""SARIF 2.1.0 for code-scanning tools: one descriptor per rule, results at profile positions."""

from __future__ import annotations

import os
import re
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
# No `security-severity`: GitHub would file policy findings as security alerts with a CVSS
# score, which they are not.


def render(report: Report, options: RenderOptions | None = None) -> str:
    return render_many([report], options)


def render_many(reports: Sequence[Report], options: RenderOptions | None = None) -> str:
    """One SARIF log for one or several profiles: one run, one artifact per profile, results
    at their positions, and artifact URIs relative to a base stated in `originalUriBaseIds`."""
    options = options or RenderOptions()
    bases = ArtifactBases(options.base_dir)
    descriptors: list[dict[str, Any]] = []
    index: dict[str, int] = {}
    artifacts: list[dict[str, Any]] = []
    results: list[dict[str, Any]] = []
    for report in reports:
        location = bases.location(report.profile_file)
        artifact = len(artifacts)
        artifacts.append({"location": location})
        for result in report.results:
            if result.rule_id not in index:
                index[result.rule_id] = len(descriptors)
                descriptors.append(_rule_descriptor(result, options.docs_url))
        for risk in report.risks:
            if risk.risk_id not in index:
                index[risk.risk_id] = len(descriptors)
                descriptors.append(_risk_descriptor(risk, options.docs_url))
        where = (location, artifact)
        results += [
            _rule_result(r, index[r.rule_id], where)
            for r in report.results
            if r.is_gap or r.status == "waived"
        ]
        results += [_risk_result(k, index[k.risk_id], where) for k in report.risks]
    driver: dict[str, Any] = {
        "name": "integracheck",
        "version": reports[0].tool_version if reports else "",
        "semanticVersion": reports[0].tool_version if reports else "",
        **_information_uri(options.docs_url),
        "rules": descriptors,
    }
    run: dict[str, Any] = {
        "tool": {"driver": driver},
        "automationDetails": {"id": category(reports, options.sarif_category)},
        "originalUriBaseIds": bases.declared(),
        "artifacts": artifacts,
        # Present even when nothing fails: code-scanning uploads reject a run without it.
        "results": results,
        # Unknown rules are left out of `results` (a code-scanning alert must be a finding);
        # how much could be decided is told here, as coverage, per profile.
        "properties": {
            "profiles": [
                {
                    "uri": artifacts[number]["location"]["uri"],
                    "uriBaseId": artifacts[number]["location"]["uriBaseId"],
                    "city": r.city,
                    "score": r.score,
                    # The least and the most score any completion of the unstated facts
                    # could give: a gate reads the lower bound.
                    "lower": r.lower,
                    "upper": r.upper,
                    "evidence_score": r.evidence_score,
                    "coverage": r.coverage,
                    "band": r.band,
                    "unknown": r.counts()["unknown"],
                    "strict": r.strict,
                }
                for number, r in enumerate(reports)
            ]
        },
    }
    document = {"$schema": SARIF_SCHEMA, "version": "2.1.0", "runs": [run]}
    return json_text(document)


BASE_ID = "SRCROOT"


class ArtifactBases:
    """Every artifact URI is relative to a base named in `originalUriBaseIds`, never absolute:
    SRCROOT is the repository root (the working directory when none is given); a profile
    outside it gets a base for its own folder (OUTSIDE1, OUTSIDE2, ...), so a log read
    elsewhere still holds no machine path in a result."""

    def __init__(self, base_dir: str | None) -> None:
        self.root = Path(os.path.abspath(base_dir if base_dir is not None else os.curdir))
        self.bases: dict[str, Path] = {BASE_ID: self.root}

    def location(self, profile_file: str) -> dict[str, str]:
        path = Path(os.path.abspath(profile_file))
        try:
            return {"uri": quote(path.relative_to(self.root).as_posix()), "uriBaseId": BASE_ID}
        except ValueError:
            pass
        folder = path.parent
        name = next((key for key, value in self.bases.items() if value == folder), None)
        if name is None:
            name = f"OUTSIDE{len(self.bases)}"
            self.bases[name] = folder
        return {"uri": quote(path.name), "uriBaseId": name}

    def declared(self) -> dict[str, dict[str, str]]:
        return {
            name: {"uri": folder.as_uri().rstrip("/") + "/"} for name, folder in self.bases.items()
        }


_CATEGORY_UNSAFE = re.compile(r"[^A-Za-z0-9._+-]+")


def category(reports: Sequence[Report], chosen: str | None = None) -> str:
    """The run's category. GitHub keys alerts by it, so it must not change with the set of
    profiles (a new category starts a new alert history and the old alerts never close): by
    default it is made of the checklists' ids alone, `integracheck/<id>+<id>/`. The trailing
    slash says the id is a category with no run instance."""
    if chosen:
        return chosen if chosen.endswith("/") else chosen + "/"
    ids = sorted({_CATEGORY_UNSAFE.sub("-", c.id) for r in reports for c in r.checklists})
    return f"integracheck/{'+'.join(ids) or 'none'}/"


def _information_uri(docs_url: str | None) -> dict[str, str]:
    """Where to read about the tool: the project's home page from the installed package's
    metadata, else the documentation base given; nothing (rather than a made-up address)
    when neither is known."""
    from importlib import metadata

    try:
        urls = metadata.metadata("integracheck").get_all("Project-URL") or []
    except metadata.PackageNotFoundError:
        urls = []
    for entry in urls:
        label, _, url = entry.partition(",")
        if label.strip().lower() in ("homepage", "home", "source", "repository"):
            return {"informationUri": url.strip()}
    return {"informationUri": docs_url.split("#", 1)[0]} if docs_url else {}


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


Where = tuple[dict[str, str], int]  # the artifact's location (URI and base), its index


def _location(location: Location, where: Where) -> dict[str, Any]:
    artifact_location, index = where
    return {
        "physicalLocation": {
            "artifactLocation": {**artifact_location, "index": index},
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
            "ruleAndPath/v1": f"{result.rule_id}:{where[0]['uri']}:{result.location.path}"
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
            "ruleAndPath/v1": f"{risk.risk_id}:{where[0]['uri']}:{risk.location.path}"
        },
    }


def _camel(title: str) -> str:
    words = "".join(c if c.isalnum() else " " for c in title).split()
    return "".join(word[:1].upper() + word[1:] for word in words[:8])
