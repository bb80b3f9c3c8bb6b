"""Coherence conflicts: parts of the set-up that each exist but do not fit together.

Conflicts are found between the listed items, from what they state, so they stay decidable
under partial evidence; a field an item does not state never makes a conflict:
- a class offered only in working hours is no conflict while another listed language or
  training offer does not state its hours (it may run in the evening);
- a referral conflicts only when a status the referring item names has no referred service of
  the domain that accepts it (all the item's referral targets in that domain taken together). An
  item open to every status (`all`) signposts whoever qualifies: its referral to a service for
  refugees only is normal practice, and conflicts only when the referred services of a domain
  accept nobody. A target whose statuses are not stated leaves its domain undecided;
- a document no listed item issues to a status is a gap, but not when an issuer's statuses are
  not stated (it may issue it to them).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING

from integracheck.analysis.common import (
    SRC_001_P2,
    SRC_002_2,
    SRC_002_2E,
    SRC_002_3D,
    Locator,
    both,
    statuses,
)
from integracheck.models.analysis import Conflict

if TYPE_CHECKING:
    from integracheck.models.profile import EntryPoint, Profile, Service, TimeSlot

WORKDAY = frozenset({"mon", "tue", "wed", "thu", "fri"})
WORK_START, WORK_END = "08:00", "18:00"


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


def _learning(service: Service) -> bool:
    return service.domain == "language" or bool(
        set(service.offers or []) & {"language_course", "vocational_training"}
    )


def conflicts(profile: Profile, locate: Locator) -> tuple[Conflict, ...]:
    services = profile.services or []
    entries = profile.entry_points or []
    where = {s.id: f"services[{i}]" for i, s in enumerate(services)}
    where.update({e.id: f"entry_points[{i}]" for i, e in enumerate(entries)})
    by_id: dict[str, Service] = {s.id: s for s in services}
    found: list[Conflict] = []

    def add(kind: str, title: str, message: str, first: str, second: str, source: str) -> None:
        spots = tuple(locate(where[x]) for x in (first, second) if x)
        found.append(Conflict(kind, title, message, first, second, spots, source))

    learning = [s for s in services if s.hours and _learning(s)]
    untimed = [s for s in services if s.hours is None and _learning(s)]
    evening = [s for s in learning if s.hours and not _working_hours_only(s.hours)]
    jobs = [s for s in services if s.domain == "employment" and s.hours]
    for offer in learning:
        if offer.hours and _working_hours_only(offer.hours) and not evening and not untimed:
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
                # Fixed windows whose dates are not stated: the dependency itself is the
                # conflict the sources describe (Milan's child care, 002 section 2.C).
                add(
                    "enrolment-window",
                    "A programme waits on a service with fixed enrolment windows",
                    f"'{service.name}' needs '{target.name}', which enrols only in fixed windows: "
                    "a newcomer who arrives outside a window waits for the next one before the "
                    "programme can start",
                    service.id,
                    target.id,
                    SRC_002_2E,
                )
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

    for source_item in both(entries, services):
        for domain, targets, refused in referral_gaps(source_item, by_id):
            names = ", ".join(f"'{t.name}'" for t in targets)
            add(
                "referral-status",
                "A referral to a service that does not accept the status",
                f"'{source_item.name}' serves and refers {', '.join(refused)} for "
                f"{domain.replace('_', ' ')}, but "
                + (
                    f"{names} does not accept {'it' if len(refused) == 1 else 'them'}"
                    if len(targets) == 1
                    else f"none of {names} accepts {'it' if len(refused) == 1 else 'them'}"
                ),
                source_item.id,
                targets[0].id,
                SRC_002_3D,
            )

    issuers = _document_issuers(services, entries)
    for service in services:
        required = list(service.requires_documents or [])
        if service.requires_residence_registration:
            required.append("residence registration")
        for document in required:
            wanted = statuses(service.eligible_statuses)
            givers = issuers.get(document.casefold(), [])
            if any(given is None for _, given in givers):
                continue  # an issuer does not state to whom: it may issue it to them
            covered: set[str] = set()
            for _, given in givers:
                covered |= given or set()
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


def referral_gaps(
    item: Service | EntryPoint, by_id: dict[str, Service]
) -> list[tuple[str, list[Service], list[str]]]:
    """For each domain the item refers people to: (domain, the referred services of that
    domain, the statuses the item serves that none of them accepts), where some are refused.
    Domains with a referred service whose statuses are not stated are left out (not known)."""
    if not item.refers_to or not item.eligible_statuses:
        return []
    by_domain: dict[str, list[Service]] = {}
    for target_id in item.refers_to:
        target = by_id.get(target_id)
        if target is not None and target not in by_domain.get(target.domain, []):
            by_domain.setdefault(target.domain, []).append(target)
    open_to_all = "all" in item.eligible_statuses
    out = []
    for domain, targets in by_domain.items():
        if any(t.eligible_statuses is None for t in targets):
            continue
        accepted: set[str] = set()
        for target in targets:
            accepted |= statuses(target.eligible_statuses)
        if open_to_all:
            # Signposting for whoever qualifies: only a referral that takes nobody conflicts.
            refused = [] if accepted else ["every status"]
        else:
            refused = sorted(statuses(item.eligible_statuses) - accepted)
        if refused:
            out.append((domain, targets, refused))
    return out


def by_name(item_id: str, services: Sequence[Service], entries: Sequence[EntryPoint]) -> str:
    return next((x.name for x in both(services, entries) if x.id == item_id), item_id)


def _document_issuers(
    services: Sequence[Service], entries: Sequence[EntryPoint]
) -> dict[str, list[tuple[str, set[str] | None]]]:
    """Document name -> (issuer id, statuses it issues it to, None when not stated)."""
    issuers: dict[str, list[tuple[str, set[str] | None]]] = {}
    for item in both(services, entries):
        for issued in item.issues_documents or []:
            declared = issued.to_statuses or item.eligible_statuses
            given = statuses(declared) if declared is not None else None
            issuers.setdefault(issued.document.casefold(), []).append((item.id, given))
    for entry in entries:
        if entry.kind == "resident_registration":
            declared_entry = entry.eligible_statuses
            issuers.setdefault("residence registration", []).append(
                (entry.id, statuses(declared_entry) if declared_entry is not None else None)
            )
    return issuers
