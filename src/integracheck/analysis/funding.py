"""Funding over time: project-funded services whose money runs out soon, or already has."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from integracheck.analysis.common import Locator
from integracheck.models.analysis import FundingFinding

if TYPE_CHECKING:
    from integracheck.models.profile import Profile

# How far ahead a funding end counts as a cliff (002, section 3.B: project funding ends).
HORIZON = dt.timedelta(days=365)


def funding(profile: Profile, locate: Locator, today: dt.date) -> tuple[FundingFinding, ...]:
    """Each running service whose stated funding has ended, or is project funding (not a city
    budget line) that ends within a year of `today`; each named, with its date and line."""
    found = []
    for index, service in enumerate(profile.services or []):
        money = service.funding
        if money is None or money.ends is None or service.stage in ("planned", "ended"):
            continue
        if money.ends < today:
            state = "ended"
        elif (
            money.ends <= _plus(today, HORIZON)
            and money.project_based is True
            and money.sources is not None
            and "municipal" not in money.sources
        ):
            state = "ending"
        else:
            continue
        found.append(
            FundingFinding(
                service.id,
                service.name,
                money.ends.isoformat(),
                state,
                locate(f"services[{index}]"),
            )
        )
    return tuple(found)


def _plus(day: dt.date, span: dt.timedelta) -> dt.date:
    """`day + span`, kept within the calendar (an --as-of near year 9999 must not crash)."""
    try:
        return day + span
    except OverflowError:
        return dt.date.max
