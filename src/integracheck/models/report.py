"""The results of an assessment: frozen values that every renderer reads and none changes."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:  # analysis results refer to Location, defined here
    from integracheck.models.analysis import Analysis

Status = Literal["pass", "partial", "fail", "unknown", "not_applicable", "waived", "error"]
STATUSES: tuple[Status, ...] = (
    "pass",
    "partial",
    "fail",
    "unknown",
    "not_applicable",
    "waived",
    "error",
)
# The statuses that are a judgement on the city, and so carry weight in a score.
DECIDED: frozenset[str] = frozenset({"pass", "partial", "fail"})


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
    # "model": a practice to follow; "cautionary": what went wrong there, never a model.
    kind: str = "model"
    source: str = ""  # "file, section" of its citation; the rule's seed file when it has none


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
    examples: tuple[Example, ...] = ()  # other places: models, and what went wrong
    # What the sources cite the assessed city itself for under this rule: shown as what the
    # city is cited as doing, never as a model for it to follow.
    own_examples: tuple[Example, ...] = ()
    not_stated: tuple[str, ...] = ()  # profile facts the rule needed and the profile leaves out
    # Levels above the one reached that could not be decided (partial results), as labels.
    undecided_above: tuple[str, ...] = ()
    # Lists given as partial evidence, among which the kind of item looked for is absent.
    partial_lists: tuple[str, ...] = ()
    # A strict-mode fail standing for a rule the stated facts do not decide: it weighs in the
    # score but is no evidence, so it does not count towards coverage.
    assumed: bool = False
    # The least and the most level the rule can still reach, given the stated facts: equal for
    # a rule the facts decide (pass, fail, a partial level with nothing undecided above it);
    # `floor` below `ceiling` for an unknown rule, or a partial one "at least" at its level.
    floor: int = 0
    ceiling: int = 0
    # Whether it applies rests on facts not stated (a competence, an `applies_when`): any
    # completion of the facts may leave it out of the score.
    may_not_apply: bool = False
    rationale: str = ""
    typed_advice: str = ""  # advice worded for the city's type, when the checklist has one
    typed_advice_why: str = ""
    waiver_reason: str = ""
    department: str = ""  # the department that acts on it (the group's), when the checklist says

    @property
    def settled(self) -> bool:
        """The stated facts fix its level: nothing a further fact says can move it."""
        return self.floor == self.ceiling and not self.may_not_apply

    @property
    def weight_in_score(self) -> float:
        """Only decided rules weigh: unknown, not-applicable, waived and error results are no
        judgement on the city."""
        return self.weight if self.status in DECIDED else 0.0

    @property
    def applicable(self) -> bool:
        """Counts towards coverage: decided, or applicable but undecided (unknown, error)."""
        return self.status in DECIDED or self.status in ("unknown", "error")

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
    subjects: tuple[str, ...] = ()  # what it concerns: services, bodies ... by name


@dataclass(frozen=True)
class UncheckedRisk:
    """A risk that could not be checked: the facts it needs are not stated, or it failed."""

    risk_id: str
    title: str
    severity: str
    not_stated: tuple[str, ...]
    error: str = ""


@dataclass(frozen=True)
class NotStated:
    """A fact the profile leaves out, with the rules that needed it."""

    fact: str
    rule_ids: tuple[str, ...]
    weight: float = 0.0  # rule weight the fact would decide (undecided rules that need it)
    # Points of the overall score's range (upper minus lower) that the rules needing it span:
    # the most that stating it could close.
    points: float = 0.0


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
    coverage: float | None = None  # per cent of applicable weight decided; None: none applicable
    # The least and the most score any completion of the unstated facts could give.
    lower: float | None = None
    upper: float | None = None


@dataclass(frozen=True)
class ChecklistScore:
    id: str
    title: str
    version: str
    weight: float
    score: float | None
    band: str
    coverage: float | None = None
    lower: float | None = None  # the least score any completion of the unstated facts gives
    upper: float | None = None  # the most
    # Whether every applicable rule may turn out not to apply (the overall bounds may then
    # leave the whole checklist out).
    may_not_apply: bool = False
    # Which rules the report was assessed against: the checklist's content (all but its
    # version) and each rule's, as short SHA-256 digests (`loading/fingerprint.py`).
    fingerprint: str = ""
    rule_fingerprints: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Gate:
    """A threshold the user asked for and whether the assessment met it."""

    name: str  # "fail-under", "fail-on" or "min-coverage"
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
    n: int  # profiles assessed as peers (real cities only)
    overall: PeerStat | None  # over the peers whose overall range lies within one band
    groups: dict[str, PeerStat]  # per group, over the peers whose range there lies in one band
    fictional_left_out: int = 0  # profiles marked fictional, never counted as peers
    # The rules every peer counted was assessed against, as the city itself was:
    # (checklist id, version, fingerprint) each.
    rules: tuple[tuple[str, str, str], ...] = ()
    other_rules_left_out: int = 0  # peers assessed against other rules, never compared
    # Every peer's bounds, whatever its evidence: what the stated facts guarantee (lower) and
    # the most they allow (upper), overall and per group. Thin evidence leaves few scores to
    # compare, but a range always says where the peers can stand.
    lower: PeerStat | None = None
    upper: PeerStat | None = None
    group_lower: dict[str, PeerStat] = field(default_factory=dict)
    group_upper: dict[str, PeerStat] = field(default_factory=dict)


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
    coverage: float | None
    checklists: tuple[ChecklistScore, ...]
    groups: tuple[GroupScore, ...]
    results: tuple[RuleResult, ...]
    risks: tuple[RiskResult, ...]
    not_stated: tuple[NotStated, ...]
    gates: tuple[Gate, ...] = ()
    expired_waivers: tuple[tuple[str, str], ...] = ()  # (rule id, expiry date)
    unmatched_waivers: tuple[str, ...] = ()  # waived ids that name no rule assessed
    analysis: Analysis | None = None  # time and space: pathways, transitions, space, conflicts
    peers: Peers | None = None  # the city's scores beside its peers' (assess --peers)
    unchecked_risks: tuple[UncheckedRisk, ...] = ()  # risks whose facts are not stated
    strict: bool = False  # unknown counted as fail
    as_of: str = ""  # the date the assessment was made as of (ISO)
    fictional: bool = False  # a made-up city: never a peer of a real one
    # The least and the most overall score any completion of the unstated facts could give;
    # `score` lies between them. In strict mode `score` is `lower`.
    lower: float | None = None
    upper: float | None = None
    # The evidence-based overall score (the mean of what is decided): `score` except in strict
    # mode, where `score` is the lower bound.
    evidence_score: float | None = None

    @property
    def gates_failed(self) -> tuple[Gate, ...]:
        return tuple(gate for gate in self.gates if not gate.passed)

    def counts(self) -> dict[str, int]:
        out: dict[str, int] = {status: 0 for status in STATUSES}
        for result in self.results:
            out[result.status] += 1
        return out
