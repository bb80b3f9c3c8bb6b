"""The HTML report: one self-contained page (inline CSS and SVG, no script), autoescaped."""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import jinja2

from integracheck.models.report import Report
from integracheck.render import view
from integracheck.render.markdown import context as markdown_context
from integracheck.render.markdown import render_template
from integracheck.render.options import RenderOptions

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

CHART_WIDTH = 720
LABEL_WIDTH = 90
BAR_AREA = 560
ROW = 26
BAR = 18


@dataclass(frozen=True)
class Bar:
    group_id: str
    title: str
    score_text: str
    band: str
    coverage_text: str
    y: int
    width: float
    colour: str
    peer_x: float | None = None  # x of the peers' median, when peers were given
    peer_text: str = ""


@dataclass(frozen=True)
class Chart:
    checklist_id: str
    title: str
    height: int
    bars: tuple[Bar, ...]
    gridlines: tuple[tuple[int, float], ...]  # (score, x)
    description: str


def charts(report: Report) -> list[Chart]:
    out = []
    for section in view.sections(report):
        bars = []
        for index, group in enumerate(section.groups):
            score = group.score
            peer = report.peers.groups.get(group.id) if report.peers else None
            bars.append(
                Bar(
                    group_id=group.id,
                    title=group.title,
                    score_text=view.score_text(score),
                    band=group.band,
                    coverage_text=view.coverage_text(group.coverage),
                    y=index * ROW + 8,
                    width=round((score or 0) / 100 * BAR_AREA, 1),
                    colour=BAND_COLOURS.get(group.band, BAND_COLOURS["not scored"]),
                    peer_x=None
                    if peer is None
                    else round(LABEL_WIDTH + peer.median / 100 * BAR_AREA, 1),
                    peer_text=view.peer_text(peer),
                )
            )
        description = "; ".join(
            f"{b.group_id}: {b.score_text} on {b.coverage_text} of the evidence" for b in bars
        )
        out.append(
            Chart(
                checklist_id=section.id,
                title=section.title,
                height=len(bars) * ROW + 34,
                bars=tuple(bars),
                gridlines=tuple(
                    (s, LABEL_WIDTH + s / 100 * BAR_AREA) for s in (0, 25, 50, 75, 100)
                ),
                description=description,
            )
        )
    return out


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
    env = jinja2.Environment(
        loader=loader,
        autoescape=True,  # everything from a profile or checklist is text, never markup
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["score"] = view.score_text
    env.filters["coverage"] = view.coverage_text
    env.filters["peer"] = view.peer_text
    return env


def context(report: Report) -> dict[str, object]:
    """The Markdown context plus the charts, colours and chart geometry."""
    return {
        **markdown_context(report),
        "charts": charts(report),
        "band_colours": BAND_COLOURS,
        "chart": {"width": CHART_WIDTH, "label": LABEL_WIDTH, "area": BAR_AREA, "bar": BAR},
    }


def render(report: Report, options: RenderOptions | None = None) -> str:
    return render_template(
        options or RenderOptions(), "report.html.j2", environment, context(report)
    )
