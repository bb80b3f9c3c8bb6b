"""JUnit XML for CI servers: a suite per checklist, a uniquely named test case per rule.

The shape is the one the Jenkins xUnit plugin's `junit-10.xsd` allows, the strictest published
JUnit schema (tests/data/schemas): a test case has no `file` or `line` (the position is in the
failure's text), and the root carries no `skipped` count (each suite does)."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections import defaultdict
from collections.abc import Sequence

from integracheck.models.inert_text import one_line
from integracheck.models.report import ChecklistScore, Report, RuleResult
from integracheck.render.options import RenderOptions


def render(report: Report, options: RenderOptions | None = None) -> str:
    return render_many([report], options)


def render_many(reports: Sequence[Report], options: RenderOptions | None = None) -> str:
    """One JUnit file: a suite per checklist of each profile (named after the profile when
    there are several), a uniquely named case per rule."""
    name = f"integracheck: {reports[0].city}" if len(reports) == 1 else "integracheck"
    root = ET.Element("testsuites", name=_x(name))
    totals = {"tests": 0, "failures": 0, "errors": 0, "skipped": 0}
    for report in reports:
        prefix = "" if len(reports) == 1 else f"{report.profile_file}: "
        _add_suites(root, report, totals, prefix)
    # The schema allows no `skipped` on <testsuites>: the suites carry it.
    del totals["skipped"]
    _set_counts(root, totals)
    ET.indent(root)
    body = ET.tostring(root, encoding="unicode").replace("##[", "##&#91;")  # the same text
    # Line breaks other than LF (NEL, U+2028, U+2029) as character references: the same text
    # once parsed, and no reader of the file or log splits a line inside a value.
    body = _OTHER_BREAKS.sub(lambda m: f"&#{ord(m.group())};", body)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + body + "\n"


def _add_suites(root: ET.Element, report: Report, totals: dict[str, int], prefix: str) -> None:
    by_checklist: dict[str, list[RuleResult]] = defaultdict(list)
    for result in report.results:
        by_checklist[result.checklist_id].append(result)
    for checklist in report.checklists:
        results = by_checklist.get(checklist.id, [])
        suite = ET.SubElement(root, "testsuite", name=_x(prefix + checklist.id))
        _add_properties(suite, report, checklist)
        counts = {"tests": len(results), "failures": 0, "errors": 0, "skipped": 0}
        for result in results:
            case = _case(
                suite,
                result.rule_id,
                result.title,
                f"integracheck.{result.checklist_id}.{result.group_id}",
            )
            where = f"{result.location.file}:{result.location.line}:{result.location.column}"
            if result.status in ("fail", "partial"):
                counts["failures"] += 1
                failure = ET.SubElement(
                    case,
                    "failure",
                    type=result.status,
                    message=_x(f"{result.status}: {result.message}"),
                )
                # Each value on its own line (`one_line`): a line break in one cannot start a
                # line of the CI log that shows this text.
                failure.text = _x(
                    f"{one_line(where)} ({one_line(result.location.path)})"
                    f"\nseverity: {result.severity}"
                    f"\nwhat could be done: {one_line(result.recommendation)}"
                    f"\nsource: {one_line(result.source)}"
                )
            elif result.status == "error":
                counts["errors"] += 1
                ET.SubElement(case, "error", type="error", message=_x(result.message))
            elif result.status == "unknown":
                # Not a failure of the city: the profile does not state what decides it.
                counts["skipped"] += 1
                ET.SubElement(case, "skipped", message=_x(f"not stated: {result.message}"))
            elif result.status in ("not_applicable", "waived"):
                counts["skipped"] += 1
                ET.SubElement(case, "skipped", message=_x(f"{result.status}: {result.message}"))
        _set_counts(suite, counts)
        for key in totals:
            totals[key] += counts[key]
    if report.risks:
        suite = ET.SubElement(root, "testsuite", name=_x(prefix + "risks"))
        _add_properties(suite, report, None)
        for risk in report.risks:
            case = _case(
                suite,
                risk.risk_id,
                risk.title,
                f"integracheck.{risk.checklist_id}.risks",
            )
            failure = ET.SubElement(case, "failure", type="risk", message=_x(risk.title))
            where = f"{risk.location.file}:{risk.location.line}:{risk.location.column}"
            failure.text = _x(
                f"{one_line(where)}"
                f"\n{one_line(risk.message)}\nwhat would reduce it: {one_line(risk.remedy)}"
            )
        counts = {
            "tests": len(report.risks),
            "failures": len(report.risks),
            "errors": 0,
            "skipped": 0,
        }
        _set_counts(suite, counts)
        for key in totals:
            totals[key] += counts[key]


def _add_properties(suite: ET.Element, report: Report, checklist: ChecklistScore | None) -> None:
    """The scores a suite belongs to, as `<properties>` (which come before the test cases):
    the checklist's score, its bounds and coverage, then the profile's overall ones. A value
    that does not exist (nothing decided, nothing applicable) is left out."""
    values: list[tuple[str, object]] = []
    if checklist is not None:
        values += [
            ("score", checklist.score),
            ("lower", checklist.lower),
            ("upper", checklist.upper),
            ("coverage", checklist.coverage),
            ("band", checklist.band),
        ]
    values += [
        ("overall.score", report.score),
        ("overall.evidence_score", report.evidence_score),
        ("overall.lower", report.lower),
        ("overall.upper", report.upper),
        ("overall.coverage", report.coverage),
        ("overall.band", report.band),
        ("strict", str(report.strict).lower()),
    ]
    properties = ET.SubElement(suite, "properties")
    for name, value in values:
        if value is not None:
            text = f"{value:g}" if isinstance(value, float) else str(value)
            ET.SubElement(properties, "property", name=name, value=_x(text))


_OTHER_BREAKS = re.compile("[\x85\u2028\u2029]")
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _x(text: str) -> str:
    """XML 1.0 cannot carry control characters (an ANSI escape in a name, say): spell them."""
    return _XML_INVALID.sub(lambda m: f"\\x{ord(m.group()):02x}", text)


def _case(suite: ET.Element, identifier: str, title: str, classname: str) -> ET.Element:
    # The id makes each name unique; the title makes it readable.
    return ET.SubElement(
        suite, "testcase", name=_x(f"{identifier} {title}"), classname=_x(classname), time="0"
    )


def _set_counts(element: ET.Element, counts: dict[str, int]) -> None:
    for key, value in counts.items():
        element.set(key, str(value))
    element.set("time", "0")
