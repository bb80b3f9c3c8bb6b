"""The HTML report: one self-contained page (inline CSS and SVG, no script), autoescaped.

The page opens with an executive summary (the same first part as the Markdown report, plus the
city's strengths) that prints as its own page, and then gives the details. The charts are SVG
drawn in a `viewBox` and stretched to the width of the page, so they scale down to a phone and
up to A4 without clipping the 0-100 scale."""

from __future__ import annotations

import re
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import jinja2

from integracheck.models.report import Report, RuleResult
from integracheck.render import view
from integracheck.render.markdown import (
    REPORT_FILTERS,
    environment_class,
    render_template,
    shown_inert,
)
from integracheck.render.markdown import context as markdown_context
from integracheck.render.options import RenderOptions
from integracheck.scoring import band_of, severity_rank

# Okabe-Ito colours: told apart with the common colour-vision deficiencies, and every bar
# also carries its score as text, so colour is never the only signal.
BAND_COLOURS = {
    "advanced": "#0072B2",
    "established": "#009E73",
    "emerging": "#E69F00",
    "absent": "#D55E00",
    "not scored": "#999999",
    # Too little evidence for a band: grey, and the bar's label says so in words.
    "insufficient evidence": "#B0B0B0",
}
# A range that spans several bands ("emerging to advanced") has no band colour of its own: a
# neutral one, in the badges (CSS class `spans`).
SPANS_CLASS = "spans"


def band_class(band_name: str) -> str:
    """The CSS class of a band badge: the band's own ("advanced", "insufficient-evidence"), or
    the neutral `spans` for a range across several bands."""
    if band_name in BAND_COLOURS:
        return band_name.replace(" ", "-")
    return SPANS_CLASS


# Chart geometry, in the SVG's own units (the `viewBox`); the page scales the whole drawing
# to its width. Each group takes two lines: its short title and score above, the bar below,
# so neither the bar nor the peers' marker can cover a label.
CHART_WIDTH = 600
PAD = 8  # room at both ends for half a peer marker and the axis labels "0" and "100"
BAR_AREA = CHART_WIDTH - 2 * PAD
ROW = 46
TEXT_Y = 17  # baseline of the title line, from the top of the row
BAR_Y = 26  # top of the bar, from the top of the row
BAR = 14
AXIS = 30  # below the last row: tick labels

# How many strengths the summary lists.
STRENGTHS = 5

# Short names for the bundled checklists' groups, for chart labels; a group not listed here
# (a checklist of your own) is shortened by `short_title`. Keyed by the full title, so a
# different group under the same id is never mislabelled.
SHORT_TITLES = {
    "Enhance effectiveness of migrant integration policy through improved vertical "
    "coordination across government levels and implementation at the relevant scale": (
        "Vertical coordination"
    ),
    "Seek policy coherence in addressing migrants' multi-dimensional needs of, and "
    "opportunities for, integration at the local level": "Policy coherence",
    "Access and effectively use financial resources that are adapted to local "
    "responsibilities for migrant integration": "Financial resources",
    "Design integration policies that take time into account throughout migrants' "
    "lifetimes and residence status evolution": "Time and status",
    "Create spaces where interaction brings migrants and the native population closer "
    "together": "Spaces for interaction",
    "Increase capacity and diversity in civil services, with a view to ensuring access to "
    "mainstream services for migrants and newcomers": "Civil service diversity",
    "Strengthen cooperation with non-state stakeholders, including through transparent and "
    "effective contracts": "Non-state stakeholders",
    "Intensify the assessment of integration results for migrants and host communities and "
    "their use for evidence-based policies": "Assessing results",
    "Match migrants' skills with economic and job opportunities": "Skills and jobs",
    "Secure access to adequate housing": "Housing",
    "Provide social welfare measures that are aligned with migrant inclusion": "Social welfare",
    "Establish education responses to address segregation and provide equitable paths to "
    "professional growth": "Education",
    "Defining target groups": "Target groups",
    "Improving coordination and collaboration within the municipality": "Coordination in the city",
    "Pursuing a multi-stakeholder strategy": "Multi-stakeholder strategy",
    "Designing inclusive services": "Inclusive services",
    "Improving migrant representation": "Migrant representation",
    "Conclusions and Recommendations": "Conclusions",
    "Common Roadblocks to Inclusive Local Communities": "Common roadblocks",
    "Housing young refugees: local challenges and good practices": "Housing young refugees",
    "First things first: Access to health services": "Access to health",
    "How to develop a local strategy for integration?": "Local strategy",
    "Dribbling past the hurdles of integration: how is sport facilitating the integration of "
    "refugees across Europe?": "Sport",
    "The local dimension of integration in EU urban and rural areas: How data and analyses "
    "can contribute to policy-making": "Data and analysis",
    "Narrative Matters: Communicating Integration on a Local Level": "Narrative",
    "Facilitating access to quality basic services for people with a migrant background": (
        "Basic services"
    ),
    "The Role of Young People in Migrant Integration": "Young people",
    "Innovative Financial Instruments": "Financial instruments",
}
# Where the long words of the pathway table's headers may break (a soft hyphen), so that
# the table fits the width of an A4 page; Chromium on Linux has no hyphenation dictionary.
SOFT_HYPHENS = {
    "information": "infor\u00admation",
    "language": "lan\u00adguage",
    "employment": "employ\u00adment",
    "education": "edu\u00adcation",
    "childhood": "child\u00adhood",
    "welfare": "wel\u00adfare",
    "housing": "hous\u00ading",
    "orientation": "orien\u00adtation",
    "healthcare": "health\u00adcare",
}


def soft_hyphens(text: str) -> str:
    """Text with soft hyphens in the long words `SOFT_HYPHENS` knows; shown only at a break."""
    return " ".join(SOFT_HYPHENS.get(word, word) for word in text.split(" "))


SHORT = 28  # the longest label a chart line has room for on a phone
_CLAUSE = re.compile(r":|\?|, | through | with a view | in order to | that | which ")


def short_title(title: str, limit: int = SHORT) -> str:
    """A group's title short enough for a chart label: the bundled groups have names chosen
    by hand; any other title is cut at its first clause, then at a word, with an ellipsis."""
    if title in SHORT_TITLES:
        return SHORT_TITLES[title]
    text = " ".join(title.split())
    head = _CLAUSE.split(text, maxsplit=1)[0].strip()
    if len(head) >= 12:  # a head as short as "Make sure" says too little: keep more
        text = head
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0].rstrip(",;:-– ")
    return (cut or text[: limit - 1]) + "…"


# The band as the chart line names it; "insufficient evidence" is too long for it.
BAND_WORDS = {"insufficient evidence": "no band"}


@dataclass(frozen=True)
class Bar:
    group_id: str
    title: str
    short_title: str
    score_text: str
    band: str
    band_word: str
    coverage_text: str
    y: int  # top of the row
    width: float  # to the lower bound: what the stated facts guarantee (solid)
    colour: str
    range_text: str = ""
    open_width: float = 0.0  # from the lower to the upper bound: not yet known (lighter)
    score_x: float | None = None  # where the evidence-based score lies (a marker)
    peer_x: float | None = None  # x of the peers' median, when peers were given
    peer_text: str = ""


@dataclass(frozen=True)
class Chart:
    checklist_id: str
    title: str
    height: int
    bars: tuple[Bar, ...]
    gridlines: tuple[tuple[int, float, str], ...]  # (score, x, text-anchor)
    description: str


@dataclass(frozen=True)
class Strength:
    """A rule the city passes, with the short name of its group."""

    result: RuleResult
    group: str


def _x(score: float) -> float:
    return round(PAD + max(0.0, min(score, 100.0)) / 100 * BAR_AREA, 1)


def charts(report: Report) -> list[Chart]:
    out = []
    for section in view.sections(report):
        bars = []
        for index, group in enumerate(section.groups):
            score = group.score
            peer = report.peers.groups.get(group.id) if report.peers else None
            # The range drawn: solid to the lower bound (in the colour of the band the lower
            # bound lies in), lighter to the upper bound; the score is marked within it.
            lower = group.lower if group.lower is not None else 0.0
            upper = group.upper if group.upper is not None else lower
            bars.append(
                Bar(
                    group_id=group.id,
                    title=group.title,
                    short_title=short_title(group.title),
                    score_text=view.score_text(score),
                    band=group.band,
                    band_word=BAND_WORDS.get(group.band, group.band),
                    coverage_text=view.coverage_text(group.coverage),
                    y=index * ROW + 4,
                    width=round(_x(lower) - PAD, 1),
                    colour=(
                        BAND_COLOURS[band_of(lower)]
                        if group.lower is not None
                        else BAND_COLOURS["not scored"]
                    ),
                    range_text=view.range_text(group.lower, group.upper),
                    open_width=round(_x(upper) - _x(lower), 1),
                    score_x=None if score is None else _x(score),
                    peer_x=None if peer is None else _x(peer.median),
                    peer_text=view.peer_text(peer),
                )
            )
        description = "; ".join(
            f"{b.short_title} ({b.group_id}): {b.score_text}, range {b.range_text}, on "
            f"{b.coverage_text} of the evidence"
            for b in bars
        )
        out.append(
            Chart(
                checklist_id=section.id,
                title=section.title,
                height=len(bars) * ROW + 4 + AXIS,
                bars=tuple(bars),
                gridlines=tuple(
                    (s, _x(s), "start" if s == 0 else ("end" if s == 100 else "middle"))
                    for s in (0, 25, 50, 75, 100)
                ),
                description=description,
            )
        )
    return out


def strengths(report: Report, top: int = STRENGTHS) -> list[Strength]:
    """The passed rules of most weight (severity, then checklist order, breaking ties)."""
    order = {c.id: i for i, c in enumerate(report.checklists)}
    groups = {g.id: g.title for g in report.groups}
    passed = sorted(
        (r for r in report.results if r.status == "pass"),
        key=lambda r: (-r.weight, severity_rank(r.severity), order.get(r.checklist_id, 99)),
    )
    return [Strength(r, short_title(groups.get(r.group_id, r.group_id))) for r in passed[:top]]


def environment(template_dir: Path | None = None) -> jinja2.Environment:
    loader: jinja2.BaseLoader
    if template_dir is not None:
        loader = jinja2.FileSystemLoader(str(template_dir))
    else:
        loader = jinja2.FunctionLoader(
            lambda name: (resources.files("integracheck") / "templates" / name).read_text(
                encoding="utf-8"
            )
        )
    env = environment_class(template_dir)(  # a user's template renders in the sandbox
        loader=loader,
        autoescape=True,  # everything from a profile or checklist is text, never markup
        finalize=shown_inert,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(REPORT_FILTERS)
    env.filters["short_title"] = short_title
    env.filters["soft_hyphens"] = soft_hyphens
    env.filters["band_class"] = band_class
    return env


def context(report: Report) -> dict[str, object]:
    """The Markdown context plus the charts, colours, chart geometry and strengths."""
    return {
        **markdown_context(report),
        "charts": charts(report),
        "strengths": strengths(report),
        "band_colours": BAND_COLOURS,
        "chart": {
            "width": CHART_WIDTH,
            "pad": PAD,
            "area": BAR_AREA,
            "bar": BAR,
            "text_y": TEXT_Y,
            "bar_y": BAR_Y,
            "row": ROW,
        },
    }


def render(report: Report, options: RenderOptions | None = None) -> str:
    return render_template(
        options or RenderOptions(), "report.html.j2", environment, context(report)
    )
