"""Transitions: for each milestone of a migrant's path, whether the support it calls for exists.

Each need is met (a listed service or entry point provides it, or the policy it names is stated
true), not met (decided: the policy it names is stated false, the city's own word that it has
no such support; or the lists it searches are complete inventories and no listed item leaves
it open through an unstated field), or unknown. A
transition is covered when every need is met, uncovered when one need is decided unmet, and
unknown otherwise. A policy that is not stated is not known; it is never read as false.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from integracheck.analysis.common import (
    SRC_000_OBJ4,
    SRC_002_2,
    SRC_003_S1,
    complete,
    entry_domains,
    service_domains,
    serving,
    statuses,
)
from integracheck.models.analysis import NeedResult, TransitionResult

if TYPE_CHECKING:
    from integracheck.models.profile import EntryPoint, Profile, Service


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
            Need(
                "housing",
                ("housing",),
                ("transition_housing", "housing_search"),
                policy=("housing", "transition_support"),
            ),
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


def serves(service: Service, transition: Transition) -> bool | None:
    """Whether a service is open to the people of a transition (by status or by target group);
    None when the fields that would say so are not stated."""
    if statuses(service.eligible_statuses) & set(transition.statuses):
        return True
    if set(service.target_groups or []) & set(transition.target_groups):
        return True
    if service.eligible_statuses is None and transition.statuses:
        return None
    if service.target_groups is None and transition.target_groups:
        return None
    return False


def meets(service: Service, need: Need) -> bool | None:
    """Whether a service gives what a need asks for (by domain or by offer); None when its
    offers are not stated and could hold it."""
    if service_domains(service) & set(need.domains) or set(service.offers or []) & set(need.offers):
        return True
    if service.offers is None and need.offers:
        return None
    return False


def entry_serves(entry: EntryPoint, transition: Transition) -> bool | None:
    if statuses(entry.eligible_statuses) & set(transition.statuses):
        return True
    if entry.eligible_statuses is None and transition.statuses:
        return None
    return False


def entry_meets(entry: EntryPoint, need: Need) -> bool | None:
    if entry_domains(entry) & set(need.domains):
        return True
    beyond_information = set(need.domains) - {"information"}
    if beyond_information and entry.in_house is None and entry.kind != "website":
        return None
    return False


def policy(profile: Profile, section: str, field: str) -> bool | None:
    """A city-wide policy flag as stated: True, False, or None when not stated."""
    policies = profile.policies
    block = getattr(policies, section, None) if policies is not None else None
    value = getattr(block, field, None) if block is not None else None
    return None if value is None else bool(value)


def _open_list(profile: Profile, inventory: str, items: list[Any] | None, label: str) -> list[str]:
    """Why a list leaves a need open: it is not stated, or it is partial evidence."""
    if items is None:
        return [f"{label} not stated"]
    return (
        [] if complete(profile, inventory, items) else [f"the {label} listed are partial evidence"]
    )


def assess_need(profile: Profile, transition: Transition, need: Need) -> NeedResult:
    services = serving(profile.services)
    entries = profile.entry_points or []
    providers: list[str] = []
    open_items: list[str] = []  # listed items that may provide it: a field is not stated
    for service in services:
        opened, gives = serves(service, transition), meets(service, need)
        if opened and gives:
            providers.append(service.id)
        elif opened is not False and gives is not False:
            open_items.append(service.id)
    if need.domains:
        for entry in entries:
            opened, gives = entry_serves(entry, transition), entry_meets(entry, need)
            if opened and gives:
                providers.append(entry.id)
            elif opened is not False and gives is not False:
                open_items.append(entry.id)
    stated_policy = policy(profile, *need.policy) if need.policy is not None else None
    if need.policy is not None and stated_policy:
        providers.append(f"policies.{need.policy[0]}.{need.policy[1]}")
    if providers:
        return NeedResult(need.label, True, tuple(providers))
    if stated_policy is False:
        # The city itself states it has no such support: that decides it, whatever the lists.
        return NeedResult(need.label, False, ())
    reasons = []
    if need.policy is not None and stated_policy is None:
        reasons.append(f"policies.{need.policy[0]}.{need.policy[1]} not stated")
    if need.domains or need.offers:
        reasons += _open_list(profile, "services", profile.services, "services")
        if need.domains:
            reasons += _open_list(profile, "entry_points", profile.entry_points, "entry points")
    if open_items:
        verb = "provides" if len(open_items) == 1 else "provide"
        reasons.append(f"not stated whether {', '.join(open_items)} {verb} it")
    if reasons:
        return NeedResult(need.label, None, (), "; ".join(reasons))
    return NeedResult(need.label, False, ())


def transitions(profile: Profile) -> tuple[TransitionResult, ...] | None:
    if profile.services is None and profile.entry_points is None:
        return None
    return tuple(
        TransitionResult(
            transition.id,
            transition.title,
            transition.who,
            tuple(assess_need(profile, transition, need) for need in transition.needs),
            transition.source,
        )
        for transition in TRANSITIONS
    )
