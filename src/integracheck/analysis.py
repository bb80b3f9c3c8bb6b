"""Time-and-space analyses a yes/no rule cannot see: pathways, transitions, space, conflicts."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from integracheck.loading.profile import LoadedProfile
from integracheck.models.analysis import (
    Analysis,
    Benchmark,
    Cell,
    Conflict,
    LanguageCoverage,
    NeedResult,
    NeighbourhoodFinding,
    Pathways,
    ReachFinding,
    SpaceFindings,
    TransitionResult,
)
from integracheck.models.profile import EntryPoint, Profile, Service, TimeSlot
from integracheck.models.report import Location
from integracheck.models.vocabulary import LEGAL_STATUSES

# The matrix's columns: the domains a migrant's path runs through. Other domains a profile uses
# are added after these.
CORE_DOMAINS: tuple[str, ...] = (
    "information",
    "legal",
    "language",
    "housing",
    "employment",
    "education",
    "early_childhood",
    "health",
    "mental_health",
    "social_welfare",
)
# Domains whose services carry the city's main languages (besides the entry points).
KEY_DOMAINS = frozenset({"information", "legal", "health", "mental_health", "social_welfare"})
WORKDAY = frozenset({"mon", "tue", "wed", "thu", "fri"})
WORK_START, WORK_END = "08:00", "18:00"

SRC_000_OBJ4 = "000_4425345120a0e79b.txt, Objective 4"
SRC_000_OBJ5 = "000_4425345120a0e79b.txt, Objective 5"
SRC_001_P2 = "001_837918b8378d623e.txt, 2. Improving the coherence of integration policies"
SRC_001_P11 = "001_837918b8378d623e.txt, 11. Aligning social welfare services with migrant needs"
SRC_002_2 = "002_d70082e247f36e6a.txt, 2. Common Roadblocks"
SRC_002_2E = "002_d70082e247f36e6a.txt, 2.E What governance choices are behind these challenges?"
SRC_002_3D = "002_d70082e247f36e6a.txt, 3.D Designing inclusive services"
SRC_003_S1 = "003_b3961ffb33dce9cb.txt, Session 1: Housing young refugees"


@dataclass(frozen=True)
class Need:
    """A kind of support a transition calls for: met by a service in one of `domains`,
    one offering one of `offers`, or a city-wide policy flag set to true."""

    label: str
    domains: tuple[str, ...] = ()
    offers: tuple[str, ...] = ()
    policy: tuple[str, str] | None = None  # (policies section, field)


@dataclass(frozen=True)
class Transition:
    id: str
    title: str
    who: str
    statuses: tuple[str, ...]
    target_groups: tuple[str, ...]
    needs: tuple[Need, ...]
    source: str


# The milestones the sources name, and the support each one calls for.
TRANSITIONS: tuple[Transition, ...] = (
    Transition(
        "arrival",
        "Arrival, before status recognition",
        "asylum seekers",
        ("asylum_seeker",),
        ("newcomers",),
        (
            Need(
                "information and orientation", ("information",), ("information", "case_management")
            ),
            Need("language training", ("language",), ("language_course", "on_the_job_language")),
            Need("legal advice", ("legal",), ("legal_advice",)),
            Need("health care", ("health",), ("health_care",)),
        ),
        SRC_000_OBJ4 + ", tool 1: Use integrated approaches from Moment Zero/Day One",
    ),
    Transition(
        "status-recognition",
        "Status recognition",
        "recognised refugees",
        ("refugee",),
        (),
        (
            Need("housing", ("housing",), ("housing_search", "transition_housing")),
            Need("work and skills", ("employment",), ("skills_assessment", "job_matching")),
            Need("language training", ("language",), ("language_course", "on_the_job_language")),
            Need("a case manager", (), ("case_management", "social_work")),
        ),
        SRC_003_S1,
    ),
    Transition(
        "leaving-reception",
        "Leaving reception",
        "refugees and asylum seekers leaving reception",
        ("refugee", "asylum_seeker"),
        (),
        (
            Need(
                "housing after reception",
                (),
                ("housing_search", "transition_housing", "rent_guarantee"),
            ),
            Need("access to benefits", ("social_welfare",), ("benefits_access",)),
        ),
        SRC_002_2,
    ),
    Transition(
        "turning-18",
        "An unaccompanied minor turning 18",
        "unaccompanied minors",
        ("unaccompanied_minor",),
        ("unaccompanied_minors", "young_adults_leaving_care"),
        (
            Need("housing", ("housing",), ("transition_housing", "housing_search")),
            Need(
                "education or training", ("education",), ("vocational_training", "apprenticeship")
            ),
            Need("legal advice", ("legal",), ("legal_advice", "regularisation_advice")),
            Need("a continuing social worker", (), ("case_management", "social_work")),
        ),
        SRC_003_S1,
    ),
    Transition(
        "limbo",
        "Expiry of a permit or a passport: administrative limbo",
        "people without status",
        ("irregular_migrant",),
        (),
        (
            Need(
                "legal or regularisation advice",
                ("legal",),
                ("legal_advice", "regularisation_advice"),
            ),
            Need("information", ("information",), ("information",)),
            Need(
                "tracking of people in limbo by the city",
                policy=("welfare", "tracks_people_in_limbo"),
            ),
        ),
        SRC_000_OBJ4,
    ),
    Transition(
        "job-change",
        "Change of job or requalification",
        "migrants in work",
        ("labour_migrant", "refugee", "long_term_resident"),
        (),
        (
            Need("requalification", (), ("vocational_training", "diploma_recognition")),
            Need(
                "a requalification policy beyond the first job",
                policy=("employment", "requalification"),
            ),
        ),
        SRC_000_OBJ4,
    ),
    Transition(
        "family-reunification",
        "Family reunification",
        "family migrants",
        ("family_migrant",),
        (),
        (
            Need("information and orientation", ("information",), ("information",)),
            Need("language training", ("language",), ("language_course",)),
            Need("child care or schooling", ("early_childhood", "education"), ("childcare",)),
            Need("housing", ("housing",), ("housing_search",)),
        ),
        SRC_000_OBJ4,
    ),
    Transition(
        "starting-school",
        "A child starting school",
        "migrant children",
        (),
        ("children",),
        (
            Need("support in mainstream school", policy=("education", "mainstream_school_support")),
            Need("language support for children", (), ("homework_support", "language_course")),
        ),
        SRC_000_OBJ4,
    ),
)


def analyse(loaded: LoadedProfile) -> Analysis:
    profile = loaded.profile
    locate = _Locator(loaded)
    return Analysis(
        pathways=pathways(profile),
        transitions=transitions(profile),
        space=space(profile, locate),
        conflicts=conflicts(profile, locate),
    )


def _both(
    first: Sequence[Service | EntryPoint], second: Sequence[Service | EntryPoint]
) -> list[Service | EntryPoint]:
    return [*first, *second]


# --- pathways -----------------------------------------------------------------------------


def _statuses(declared: Sequence[str] | None) -> set[str]:
    if not declared:
        return set()
    return set(LEGAL_STATUSES) if "all" in declared else set(declared)


def _entry_domains(entry: EntryPoint) -> set[str]:
    # Any entry point informs; the domains it holds in house it also serves.
    return {"information", *(entry.in_house or [])}


def pathways(profile: Profile) -> Pathways | None:
    services = profile.services or []
    entries = profile.entry_points or []
    if profile.services is None and profile.entry_points is None:
        return None
    extra = sorted({s.domain for s in services} - set(CORE_DOMAINS))
    domains = (*CORE_DOMAINS, *extra)
    unknown = tuple(x.id for x in _both(services, entries) if x.eligible_statuses is None)
    cells = []
    for status in LEGAL_STATUSES:
        for domain in domains:
            providers = [
                s.id
                for s in services
                if s.domain == domain and status in _statuses(s.eligible_statuses)
            ]
            providers += [
                e.id
                for e in entries
                if domain in _entry_domains(e) and status in _statuses(e.eligible_statuses)
            ]
            cells.append(Cell(status, domain, tuple(providers)))
    result = Pathways(
        statuses=LEGAL_STATUSES,
        domains=domains,
        cells=tuple(cells),
        benchmarks=(),
        unknown_eligibility=unknown,
    )
    day_one = [s for s in LEGAL_STATUSES if result.cell(s, "information").gap]
    basic = [
        f"{s} × {d}"
        for s in ("irregular_migrant", "asylum_seeker")
        for d in ("health", "social_welfare")
        if result.cell(s, d).gap
    ]
    benchmarks = (
        Benchmark(
            "day-one",
            "Information and orientation from day one, regardless of status",
            not day_one,
            tuple(day_one),
            SRC_000_OBJ4 + ", tool 1: Use integrated approaches from Moment Zero/Day One",
        ),
        Benchmark(
            "basic-services",
            "Basic health and social services for those who do not meet residence criteria",
            not basic,
            tuple(basic),
            SRC_001_P11,
        ),
    )
    return Pathways(
        statuses=LEGAL_STATUSES,
        domains=domains,
        cells=tuple(cells),
        benchmarks=benchmarks,
        unknown_eligibility=unknown,
    )


# --- transitions ------------------------------------------------------------------------------


def transitions(profile: Profile) -> tuple[TransitionResult, ...] | None:
    if profile.services is None and profile.entry_points is None:
        return None
    out = []
    for transition in TRANSITIONS:
        serving = [s for s in profile.services or [] if _serves(s, transition)]
        entries = [
            e
            for e in profile.entry_points or []
            if _statuses(e.eligible_statuses) & set(transition.statuses)
        ]
        needs = []
        for need in transition.needs:
            providers = [
                s.id
                for s in serving
                if s.domain in need.domains or set(s.offers or []) & set(need.offers)
            ]
            providers += [e.id for e in entries if _entry_domains(e) & set(need.domains)]
            if need.policy is not None and _policy(profile, *need.policy):
                providers.append(f"policies.{need.policy[0]}.{need.policy[1]}")
            needs.append(NeedResult(need.label, bool(providers), tuple(providers)))
        out.append(
            TransitionResult(
                transition.id, transition.title, transition.who, tuple(needs), transition.source
            )
        )
    return tuple(out)


def _serves(service: Service, transition: Transition) -> bool:
    if _statuses(service.eligible_statuses) & set(transition.statuses):
        return True
    return bool(set(service.target_groups or []) & set(transition.target_groups))


def _policy(profile: Profile, section: str, field: str) -> bool:
    policies = profile.policies
    block = getattr(policies, section, None) if policies is not None else None
    return bool(getattr(block, field, None)) if block is not None else False


# --- space --------------------------------------------------------------------------------------


class _Locator:
    def __init__(self, loaded: LoadedProfile) -> None:
        self.positions = loaded.document.positions
        self.file = loaded.file

    def __call__(self, path: str) -> Location:
        line, column = self.positions.of_key(path)
        return Location(path=path, line=line, column=column, file=self.file)


def space(profile: Profile, locate: _Locator) -> SpaceFindings:
    neighbourhoods = (profile.space.neighbourhoods if profile.space else None) or []
    shares = [n.migrant_share for n in neighbourhoods if n.migrant_share is not None]
    city_share = profile.city.migrant_share
    if city_share is None and shares:
        city_share = round(sum(shares) / len(shares), 1)
    services = profile.services or []
    entries = profile.entry_points or []
    spaces = (profile.space.shared_spaces if profile.space else None) or []
    underserved = []
    for index, hood in enumerate(neighbourhoods):
        if hood.migrant_share is None or city_share is None or hood.migrant_share <= city_share:
            continue
        serving = [s.id for s in services if hood.name in (s.neighbourhoods or [])]
        serving += [e.id for e in entries if hood.name in (e.neighbourhoods or [])]
        places = [p.name for p in spaces if p.neighbourhood == hood.name]
        finding = NeighbourhoodFinding(
            hood.name,
            hood.migrant_share,
            city_share,
            tuple(serving),
            tuple(places),
            locate(f"space.neighbourhoods[{index}]"),
        )
        if finding.lacks:
            underserved.append(finding)
    reach = []
    for index, entry in enumerate(entries):
        if entry.kind == "website":
            continue
        if entry.central is False and entry.public_transport is False:
            reach.append(
                ReachFinding(
                    entry.id,
                    entry.name,
                    "entry point",
                    "outside the centre and not served by public transport",
                    locate(f"entry_points[{index}]"),
                )
            )
    for index, service in enumerate(services):
        if service.central is False and service.public_transport is False:
            reach.append(
                ReachFinding(
                    service.id,
                    service.name,
                    "service",
                    "outside the centre and not served by public transport",
                    locate(f"services[{index}]"),
                )
            )
    languages = []
    for language in profile.city.main_languages or []:
        wanted = language.casefold()
        at_entries = tuple(
            e.id for e in entries if wanted in {x.casefold() for x in e.languages or []}
        )
        at_services = tuple(
            s.id
            for s in services
            if s.domain in KEY_DOMAINS and wanted in {x.casefold() for x in s.languages or []}
        )
        languages.append(LanguageCoverage(language, at_entries, at_services))
    return SpaceFindings(city_share, tuple(underserved), tuple(reach), tuple(languages))


# --- coherence conflicts ---------------------------------------------------------------


def _working_hours_only(slots: Sequence[TimeSlot]) -> bool:
    return all(
        set(slot.days) <= WORKDAY and slot.start >= WORK_START and slot.end <= WORK_END
        for slot in slots
    )


def _covers(outer: Sequence[TimeSlot], inner: Sequence[TimeSlot]) -> bool:
    """Every slot of `inner` lies within some slot of `outer` on each of its days."""
    for slot in inner:
        for day in slot.days:
            if not any(
                day in o.days and o.start <= slot.start and o.end >= slot.end for o in outer
            ):
                return False
    return True


def _day_of_year(month_day: str) -> int:
    month, day = (int(part) for part in month_day.split("-"))
    return dt.date(2001, month, min(day, 28 if month == 2 else day)).timetuple().tm_yday


def conflicts(profile: Profile, locate: _Locator) -> tuple[Conflict, ...]:
    services = profile.services or []
    entries = profile.entry_points or []
    where = {s.id: f"services[{i}]" for i, s in enumerate(services)}
    where.update({e.id: f"entry_points[{i}]" for i, e in enumerate(entries)})
    by_id: dict[str, Service] = {s.id: s for s in services}
    found: list[Conflict] = []

    def add(kind: str, title: str, message: str, first: str, second: str, source: str) -> None:
        spots = tuple(locate(where[x]) for x in (first, second) if x)
        found.append(Conflict(kind, title, message, first, second, spots, source))

    learning = [
        s
        for s in services
        if s.hours
        and (
            s.domain == "language"
            or set(s.offers or []) & {"language_course", "vocational_training"}
        )
    ]
    evening = [s for s in learning if s.hours and not _working_hours_only(s.hours)]
    jobs = [s for s in services if s.domain == "employment" and s.hours]
    for offer in learning:
        if offer.hours and _working_hours_only(offer.hours) and not evening:
            clash = next((j for j in jobs if j.id != offer.id), None)
            add(
                "working-hours-only",
                "Offered only during working hours",
                f"'{offer.name}' runs only on weekdays between {WORK_START} and {WORK_END}, and "
                "no language or training offer runs in the evening or at the weekend: people "
                "in work cannot attend"
                + (f" (nor can participants of '{clash.name}')" if clash else ""),
                offer.id,
                clash.id if clash else "",
                SRC_001_P2,
            )

    daycare = [
        s for s in services if s.domain == "early_childhood" or "childcare" in (s.offers or [])
    ]
    for service in services:
        for_parents = set(service.target_groups or []) & {"parents", "women"}
        if (
            not for_parents
            or service.childcare is not False
            or service.id in {d.id for d in daycare}
        ):
            continue
        if service.depends_on:
            continue  # handled as a dependency below
        care = next((d for d in daycare if d.hours), None)
        if care is None:
            add(
                "no-childcare",
                "A programme for parents without child care",
                f"'{service.name}' is meant for {', '.join(sorted(for_parents))} but offers no "
                "child care, and no day-care service states hours that would cover it",
                service.id,
                daycare[0].id if daycare else "",
                SRC_001_P2,
            )
        elif service.hours and care.hours and not _covers(care.hours, service.hours):
            add(
                "hours-clash",
                "Class hours outside day-care hours",
                f"'{service.name}' offers no child care and meets outside the hours of "
                f"'{care.name}'",
                service.id,
                care.id,
                SRC_001_P2,
            )

    for service in services:
        for target_id in service.depends_on or []:
            target = by_id.get(target_id)
            window = target.enrolment if target else None
            if target is None or window is None or window.rolling is not False:
                continue
            if not window.window_closes:
                continue
            closes = _day_of_year(window.window_closes)
            opens = _day_of_year(window.window_opens) if window.window_opens else None
            for start in service.starts or []:
                begins = _day_of_year(start)
                inside = opens is not None and opens <= begins <= closes
                if not inside and closes < begins:
                    add(
                        "enrolment-window",
                        "An enrolment window closes before a programme starts",
                        f"'{service.name}' starts on {start} and needs '{target.name}', whose "
                        f"enrolment closes on {window.window_closes}: a newcomer who arrives in "
                        f"between waits for the next window and misses the programme",
                        service.id,
                        target.id,
                        SRC_002_2E,
                    )

    for source_item in _both(entries, services):
        served = _statuses(source_item.eligible_statuses)
        for target_id in source_item.refers_to or []:
            target = by_id.get(target_id)
            if target is None or target.eligible_statuses is None or not served:
                continue
            refused = sorted(served - _statuses(target.eligible_statuses))
            if refused:
                add(
                    "referral-status",
                    "A referral to a service that does not accept the status",
                    f"'{source_item.name}' serves and refers {', '.join(refused)}, but "
                    f"'{target.name}' does not accept {'it' if len(refused) == 1 else 'them'}",
                    source_item.id,
                    target.id,
                    SRC_002_3D,
                )

    issuers = _document_issuers(services, entries)
    for service in services:
        required = list(service.requires_documents or [])
        if service.requires_residence_registration:
            required.append("residence registration")
        for document in required:
            wanted = _statuses(service.eligible_statuses)
            givers = issuers.get(document.casefold(), [])
            covered: set[str] = set()
            for _, statuses in givers:
                covered |= statuses
            lacking = sorted(wanted - covered)
            if lacking and (givers or document != "residence registration"):
                giver = givers[0][0] if givers else ""
                add(
                    "document-gap",
                    "A required document that cannot be obtained",
                    f"'{service.name}' requires {document}, which "
                    + (
                        f"'{by_name(giver, services, entries)}' does not issue"
                        if giver
                        else "no service or entry point issues"
                    )
                    + f" to {', '.join(lacking)}",
                    service.id,
                    giver,
                    SRC_002_2,
                )
    return tuple(found)


def by_name(item_id: str, services: Sequence[Service], entries: Sequence[EntryPoint]) -> str:
    return next((x.name for x in _both(services, entries) if x.id == item_id), item_id)


def _document_issuers(
    services: Sequence[Service], entries: Sequence[EntryPoint]
) -> dict[str, list[tuple[str, set[str]]]]:
    issuers: dict[str, list[tuple[str, set[str]]]] = {}
    for item in _both(services, entries):
        for issued in item.issues_documents or []:
            statuses = _statuses(issued.to_statuses or item.eligible_statuses)
            issuers.setdefault(issued.document.casefold(), []).append((item.id, statuses))
    for entry in entries:
        if entry.kind == "resident_registration":
            issuers.setdefault("residence registration", []).append(
                (entry.id, _statuses(entry.eligible_statuses))
            )
    return issuers


# --- facts for the rules ---------------------------------------------------------------


def _conflicts_checkable(profile: Profile) -> bool:
    """Whether the profile states any fact a coherence check reads (hours, enrolment dates,
    referrals between stated statuses, required documents)."""
    services = profile.services or []
    items = _both(services, profile.entry_points or [])
    return (
        any(s.hours for s in services)
        or any(s.enrolment is not None and s.enrolment.window_closes for s in services)
        or any(s.requires_documents or s.requires_residence_registration for s in services)
        or any(x.refers_to and x.eligible_statuses for x in items)
    )


def derived_facts(analysis: Analysis, profile: Profile, today: dt.date) -> dict[str, Any]:
    """What the analyses found, as data rules can query under `derived` (README, "Analyses")."""
    out: dict[str, Any] = {}
    if analysis.pathways is not None:
        paths = analysis.pathways
        benchmarks = {b.id: b.met for b in paths.benchmarks}
        total = len(paths.cells)
        out["pathways"] = {
            "gaps": paths.gaps,
            "coverage": round(100 * (total - paths.gaps) / total, 1) if total else 0.0,
            "day_one_for_all": benchmarks["day-one"],
            "basic_services_for_all": benchmarks["basic-services"],
        }
    if analysis.transitions is not None:
        uncovered = [t.id for t in analysis.transitions if not t.covered]
        out["transitions"] = {
            "uncovered": len(uncovered),
            "uncovered_ids": uncovered,
            "covered_share": round(
                100 * (len(analysis.transitions) - len(uncovered)) / len(analysis.transitions), 1
            ),
        }
    # A derived fact exists only when the facts it is computed from are stated: a count of 0
    # from facts nobody gave would read as "no problem" where the truth is "not known".
    space_facts: dict[str, Any] = {}
    neighbourhoods = (profile.space.neighbourhoods if profile.space else None) or []
    if analysis.space.city_share is not None and any(
        n.migrant_share is not None for n in neighbourhoods
    ):
        space_facts["underserved_neighbourhoods"] = len(analysis.space.underserved)
    places = [e for e in profile.entry_points or [] if e.kind != "website"]
    if any(e.central is not None or e.public_transport is not None for e in places):
        space_facts["hard_to_reach"] = len(analysis.space.hard_to_reach)
    if profile.city.main_languages is not None and profile.entry_points is not None:
        space_facts["missing_languages"] = [
            c.language for c in analysis.space.languages if not c.covered
        ]
    out["space"] = space_facts
    if profile.services is not None and _conflicts_checkable(profile):
        out["conflicts"] = {
            "count": len(analysis.conflicts),
            "kinds": sorted({c.id for c in analysis.conflicts}),
        }
    if profile.services is not None:
        out["funding_ends_within_a_year"] = [
            s.id
            for s in profile.services
            if s.funding is not None
            and s.funding.project_based
            and s.funding.ends is not None
            and "municipal" not in (s.funding.sources or [])
            and today <= s.funding.ends <= today + dt.timedelta(days=365)
        ]
        mainstream = {s.id for s in profile.services if s.approach == "mainstream"}
        out["targeted_without_mainstream_link"] = [
            s.id
            for s in profile.services
            if s.approach == "targeted"
            and s.refers_to is not None
            and not set(s.refers_to) & mainstream
        ]
    return out
