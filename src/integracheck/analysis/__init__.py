"""Time-and-space analyses a yes/no rule cannot see: pathways, transitions, space, conflicts.

One module per analysis (pathways, transitions, space, conflicts, funding), what they share
in `common`, and in `derived` the facts they hand to the rules. Each analysis is
unknown-aware: a fact a profile does not state, or a kind of item absent from a list given as
partial evidence, leaves a finding not known rather than negative.
"""

from __future__ import annotations

import datetime as dt

from integracheck.analysis.common import Locator
from integracheck.analysis.conflicts import conflicts
from integracheck.analysis.derived import derived_facts
from integracheck.analysis.funding import funding
from integracheck.analysis.pathways import CORE_DOMAINS, pathways
from integracheck.analysis.space import KEY_DOMAINS, space
from integracheck.analysis.transitions import TRANSITIONS, transitions
from integracheck.loading.profile import LoadedProfile
from integracheck.models.analysis import Analysis

__all__ = [
    "CORE_DOMAINS",
    "KEY_DOMAINS",
    "TRANSITIONS",
    "analyse",
    "conflicts",
    "derived_facts",
    "funding",
    "pathways",
    "space",
    "transitions",
]


def analyse(loaded: LoadedProfile, today: dt.date | None = None) -> Analysis:
    profile = loaded.profile
    locate = Locator(loaded)
    return Analysis(
        pathways=pathways(profile),
        transitions=transitions(profile),
        space=space(profile, locate),
        conflicts=conflicts(profile, locate),
        funding=funding(profile, locate, today or dt.date.today()),
    )
