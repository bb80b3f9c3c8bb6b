"""One profile's outcome in a batch run, and what a run needs to know before it starts."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True)
class BatchRow:
    """One profile's outcome: its scores, or the problems that stopped it (never both)."""

    file: str
    city: str = ""
    country: str = ""
    city_type: str = ""
    score: float | None = None
    coverage: float | None = None  # per cent of the applicable rule weight decided
    band: str = ""
    groups: tuple[float | None, ...] = ()  # in the order of BatchPlan.group_ids
    group_coverage: tuple[float | None, ...] = ()  # likewise
    # The least and the most overall score any completion of the unstated facts could give.
    lower: float | None = None
    upper: float | None = None
    group_lower: tuple[float | None, ...] = ()  # in the order of BatchPlan.group_ids
    group_upper: tuple[float | None, ...] = ()  # likewise
    unknown: int = 0  # rules the stated facts cannot decide
    fictional: bool = False
    gaps: int = 0
    risks: tuple[str, ...] = ()
    # (checklist id, fingerprint) of each checklist it was assessed against, in report order.
    rule_sets: tuple[tuple[str, str], ...] = ()
    problems: tuple[str, ...] = ()  # file:line:column: message, one per problem

    @property
    def ok(self) -> bool:
        return not self.problems


@dataclass(frozen=True)
class BatchPlan:
    checklist_refs: tuple[str, ...]
    group_ids: tuple[str, ...]
    group_titles: tuple[str, ...]
    today: dt.date
    strict: bool = False
