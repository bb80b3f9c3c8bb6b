"""The results of an assessment: frozen values that every renderer reads and none changes."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:  # analysis results refer to Location, defined here
    from integracheck.models.analysis import Analysis

Status = Literal["pass", "partial", "fail", "not_applicable", "waived", "error"]
STATUSES: tuple[Status, ...] = ("pass", "partial", "fail", "not_applicable", "waived", "error")


@dataclass(frozen=True)
class Location:
    """Where a finding points in a file (1-based line and column) and by which profile path."""

    path: str
    line: int
    column: int
    file: str = ""


@dataclass(frozen=True)
class Example:
    place: str
    text: str


@dataclass(frozen=True)
class RuleResult:
    rule_id: str
    title: str
    checklist_id: str
    group_id: str
    severity: str
    weight: float
    status: Status
    level: int  # 0-100; meaningful for pass / partial / fail
    message: str
    location: Location
    recommendation: str
    source: str  # "file, section"
    quote: str
    examples: tuple[Example, ...] = ()
    not_stated: tuple[str, ...] = ()  # profile facts the rule needed and the profile leaves out
    rationale: str = ""
    typed_advice: str = ""  # advice worded for the city's type, when the checklist has one
    typed_advice_why: str = ""
    waiver_reason: str = ""

    @property
    def weight_in_score(self) -> float:
        """Not-applicable and waived rules weigh nothing (their level is not a judgement)."""
        return 0.0 if self.status in ("not_applicable", "waived") else self.weight

    @property
    def is_gap(self) -> bool:
        return self.status in ("fail", "partial", "error")


@dataclass(frozen=True)
class RiskResult:
    risk_id: str
    title: str
    checklist_id: str
    severity: str
    message: str
    location: Location
    remedy: str
    source: str
    quote: str


@dataclass(frozen=True)
class NotStated:
    """A fact the profile leaves out, with the rules that needed it."""

    fact: str
    rule_ids: tuple[str, ...]


@dataclass(frozen=True)
class ScoreStep:
    """One rule's contribution to its group score, for `assess --explain`."""

    rule_id: str
    status: Status
    level: int
    weight: float


@dataclass(frozen=True)
class GroupScore:
    id: str
    title: str
    checklist_id: str
    weight: float
    score: float | None  # None when every rule is not applicable or waived
    band: str
    counts: dict[str, int] = field(default_factory=dict)
    steps: tuple[ScoreStep, ...] = ()


@dataclass(frozen=True)
class ChecklistScore:
    id: str
    title: str
    version: str
    weight: float
    score: float | None
    band: str


@dataclass(frozen=True)
class Gate:
    """A threshold the user asked for and whether the assessment met it."""

    name: str  # "fail-under" or "fail-on"
    threshold: str
    passed: bool
    detail: str


@dataclass(frozen=True)
class PeerStat:
    """A score among peers: median and quartiles over the peers that have one."""

    n: int
    median: float
    q1: float
    q3: float


@dataclass(frozen=True)
class Peers:
    source: str  # the folder the peers came from
    n: int  # profiles assessed as peers
    overall: PeerStat | None
    groups: dict[str, PeerStat]


@dataclass(frozen=True)
class Report:
    schema_version: str
    tool_version: str
    profile_file: str
    city: str
    country: str
    city_type: str
    score: float | None
    band: str
    checklists: tuple[ChecklistScore, ...]
    groups: tuple[GroupScore, ...]
    results: tuple[RuleResult, ...]
    risks: tuple[RiskResult, ...]
    not_stated: tuple[NotStated, ...]
    gates: tuple[Gate, ...] = ()
    expired_waivers: tuple[tuple[str, str], ...] = ()  # (rule id, expiry date)
    analysis: Analysis | None = None  # time and space: pathways, transitions, space, conflicts
    peers: Peers | None = None  # the city's scores beside its peers' (assess --peers)

    @property
    def gates_failed(self) -> tuple[Gate, ...]:
        return tuple(gate for gate in self.gates if not gate.passed)

    def counts(self) -> dict[str, int]:
        out: dict[str, int] = {status: 0 for status in STATUSES}
        for result in self.results:
            out[result.status] += 1
        return out
