"""The key-account charts: the relationship grid and org map of an account, the portfolio, the LTC funnel.

Each function draws on a matplotlib ``Axes`` (a new figure when none is
given, at most 8 in wide: the course's 800-px slide) and returns the ``Axes``;
text is English only (the default fonts have no Chinese glyphs). The charts
use the course look of :mod:`course.plots` -- its palette ("C0" .. "C9"), its
text sizes and nothing smaller than :data:`course.plots.MIN_FONT_PT` -- so a
lesson calls :func:`course.plots.use_course_style` first.

Examples
--------
>>> import matplotlib
>>> matplotlib.use("Agg")
>>> from course.data import load_b2b
>>> from course.kam import relationship_map
>>> ax = plot_relationship_grid(relationship_map(load_b2b(), "C00001", asof="2025-12-31"))
>>> ax.get_xlabel()
'attitude towards us'
"""

from __future__ import annotations

import textwrap

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.patches import FancyBboxPatch

from course.kam._selection import CUTS, FIX_FIRST
from course.plots import FONT_SIZES, MIN_FONT_PT, format_money_axis
from course.validation import require_columns, require_frame

__all__ = [
    "ATTITUDE_COLOURS",
    "INVESTMENT_COLOURS",
    "plot_relationship_grid",
    "plot_org_map",
    "plot_wallet",
    "plot_portfolio",
    "plot_funnel",
]

#: Colour of each attitude in the relationship charts: the course palette's green, grey and red.
ATTITUDE_COLOURS = {"supporter": "C2", "neutral": "C7", "opponent": "C3"}
#: Colour of each investment recommendation of the portfolio, from green (grow) to red (withdraw).
INVESTMENT_COLOURS = {
    "invest to grow": "C2",
    "invest selectively": "C9",
    "maintain": "C0",
    "harvest": "C8",
    "withdraw": "C3",
    FIX_FIRST: "C1",
}
#: Size of the texts written into a chart (names, boxes, bar values), in points.
_NOTE_PT = max(MIN_FONT_PT, FONT_SIZES["annotation"])
_LAYER_MARKERS = {"key-person": "D", "broad": "o", "organisational": "s"}
_LEVEL_OF_ROLE = {"decision maker": 0, "influencer": 1, "coach": 1, "user": 2, "gatekeeper": 2}
#: The most boxes on one line of the org map; a role with more people takes several lines.
_BOXES_PER_LINE = 6


def _axes(ax: Axes | None, size: tuple[float, float]) -> Axes:
    return plt.subplots(figsize=size)[1] if ax is None else ax


def _check_map(rmap: pd.DataFrame) -> None:
    require_frame(rmap, table="relationship map")
    require_columns(
        rmap,
        [
            "name",
            "title",
            "decision_role",
            "influence",
            "attitude",
            "support",
            "relationship_layer",
            "interactions_12m",
            "days_since_contact",
        ],
        table="relationship map",
    )


#: Where a name may go around its marker, in points (x, y), tried in this order.
_NAME_SPOTS = [
    (0, 10),
    (0, -13),
    (0, 22),
    (0, -25),
    (14, 0),
    (-14, 0),
    (16, 12),
    (-16, 12),
    (16, -14),
    (-16, -14),
    (0, 34),
    (0, -37),
    (26, 24),
    (-26, 24),
    (26, -27),
    (-26, -27),
]


def _place_names(ax: Axes, names: list[str], x: np.ndarray, y: np.ndarray) -> None:
    """Write each name next to its marker where it overlaps no other name and no marker, measured as drawn.

    Each name takes the first spot of :data:`_NAME_SPOTS` whose text box
    stays clear of the names already placed and of every marker (boxes
    measured with the figure's renderer); a name with no free spot takes the
    spot that overlaps least. A name further off than just above or below its
    marker is tied to it by a thin line.
    """
    fig = ax.figure
    renderer = fig.canvas.get_renderer()
    to_pixels = ax.transData.transform
    marker_boxes = []
    for px, py in to_pixels(np.column_stack([x, y])):
        marker_boxes.append((px - 6, py - 6, px + 6, py + 6))
    placed: list[tuple[float, float, float, float]] = []

    def overlap(box, others) -> float:
        return sum(
            max(0.0, min(box[2], o[2]) - max(box[0], o[0])) * max(0.0, min(box[3], o[3]) - max(box[1], o[1]))
            for o in others
        )

    order = np.lexsort((x, -y))  # top rows first, left to right
    for i in order:
        best = None
        for dx, dy in _NAME_SPOTS:
            ha = "center" if dx == 0 else ("left" if dx > 0 else "right")
            text = ax.annotate(
                names[i],
                (x[i], y[i]),
                xytext=(dx, dy),
                textcoords="offset points",
                fontsize=_NOTE_PT,
                ha=ha,
                va="center",
                zorder=4,
                # a name set further off is tied to its marker by a thin line
                arrowprops=None if (dx, dy) in _NAME_SPOTS[:2] else {"arrowstyle": "-", "color": "0.45", "lw": 0.6},
            )
            extent = text.get_window_extent(renderer).expanded(1.06, 1.1)
            box = (extent.x0, extent.y0, extent.x1, extent.y1)
            score = overlap(box, placed) + overlap(box, marker_boxes)
            if best is None or score < best[0]:
                if best is not None:
                    best[1].remove()
                best = (score, text, box)
            else:
                text.remove()
            if score == 0:
                break
        placed.append(best[2])


def plot_relationship_grid(rmap: pd.DataFrame, ax: Axes | None = None, title: str | None = None) -> Axes:
    """Influence (1-5) against attitude (opponent / neutral / supporter) of each contact of a relationship map.

    Marker shape shows the layer, size the interactions of the last year;
    the top left (influential opponents) is where relationships need work.
    """
    _check_map(rmap)
    ax = _axes(ax, (8, 5.2))
    ax.axhspan(3.5, 5.6, xmin=0, xmax=1 / 3, color=ATTITUDE_COLOURS["opponent"], alpha=0.08)
    ax.axhspan(3.5, 5.6, xmin=2 / 3, xmax=1, color=ATTITUDE_COLOURS["supporter"], alpha=0.08)
    rank = rmap.groupby(["support", "influence"]).cumcount().to_numpy()
    crowd = rmap.groupby(["support", "influence"])["name"].transform("size").to_numpy()
    # A crowded cell (five people or more) spreads its markers over the width of the cell, on two staggered
    # lines, so that each marker keeps room for its name.
    staggered = crowd >= 5
    spacing = np.where(staggered, 1.1 / np.maximum(crowd - 1, 1), np.minimum(0.26, 0.9 / np.maximum(crowd, 1)))
    x = rmap["support"].to_numpy() + (rank - (crowd - 1) / 2) * spacing
    y = rmap["influence"].to_numpy().astype(float) + np.where(staggered, np.where(rank % 2 == 0, 0.14, -0.14), 0.0)
    for layer, marker in _LAYER_MARKERS.items():
        sel = (rmap["relationship_layer"].astype("object") == layer).to_numpy()
        if sel.any():
            ax.scatter(
                x[sel],
                y[sel],
                s=30 + 8 * rmap["interactions_12m"].to_numpy()[sel],
                c=[ATTITUDE_COLOURS[a] for a in rmap["attitude"].astype("object")[sel]],
                marker=marker,
                edgecolors="black",
                linewidths=0.6,
                label=layer,
                zorder=3,
            )
    ax.set_xticks([-1, 0, 1], ["opponent", "neutral", "supporter"])
    ax.set_xlim(-1.6, 1.6)
    ax.set_ylim(0.5, 5.6)
    ax.set_xlabel("attitude towards us")
    ax.set_ylabel("influence on the decision (1-5)")
    # The legend sits under the chart, so that it never covers a contact or a name.
    legend = ax.legend(
        title="layer", loc="upper center", bbox_to_anchor=(0.5, -0.2), ncol=3, markerscale=0.7, frameon=False
    )
    for handle in legend.legend_handles:
        handle.set_color("white")
        handle.set_edgecolor("black")
    _place_names(ax, rmap["name"].astype(str).tolist(), x, y)
    ax.set_title(title or "Relationship map: influence and attitude")
    return ax


def plot_org_map(rmap: pd.DataFrame, ax: Axes | None = None, title: str | None = None) -> Axes:
    """An org-chart style map: decision makers on top, influencers and coaches below, users and gatekeepers last.

    Box colour shows the attitude; a solid border a contact in the last 90
    days, a dashed one none for a year. A role with more than
    :data:`_BOXES_PER_LINE` people takes several lines, so that every box
    keeps room for its text; without ``ax`` the figure grows with the lines.
    The box texts are written at the course's annotation size, and at
    :data:`course.plots.MIN_FONT_PT` when a line holds more than five people.
    """
    _check_map(rmap)
    level = rmap["decision_role"].astype("object").map(_LEVEL_OF_ROLE).fillna(2).astype(int)
    members = [list(rmap.index[level == lvl]) for lvl in range(3)]
    lines = [
        [group[i : i + _BOXES_PER_LINE] for i in range(0, len(group), _BOXES_PER_LINE)] or [[]] for group in members
    ]
    n_lines = sum(len(block) for block in lines)
    ax = _axes(ax, (8, 1.3 * n_lines + 0.9))
    width = max(min(int(level.value_counts().max()), _BOXES_PER_LINE), 1)
    size = _NOTE_PT if width <= 5 else MIN_FONT_PT
    pos, ticks, y = {}, [], n_lines - 1
    for block in lines:  # decision makers on top, each role on its lines
        first = y
        for line in block:
            for i, contact in enumerate(line):
                pos[contact] = ((i + 0.5) * width / len(line), y)
            y -= 1
        ticks.append((first + y + 1) / 2)
    top = [c for c in rmap.index if level[c] == 0] or list(rmap.index[:1])
    middle = [c for c in rmap.index if level[c] == 1]
    for contact in rmap.index:
        lvl = level[contact]
        if lvl == 0:
            continue
        peers = (
            [m for m in middle if rmap.loc[m, "department"] == rmap.loc[contact, "department"]]
            if (lvl == 2 and "department" in rmap.columns)
            else []
        )
        anchors = peers or top
        parent = min(anchors, key=lambda a: abs(pos[a][0] - pos[contact][0]))
        (x0, y0), (x1, y1) = pos[parent], pos[contact]
        ax.plot([x0, x1], [y0 - 0.3, y1 + 0.3], color="C7", linewidth=0.8, zorder=1)
    for contact, (x, y) in pos.items():
        row = rmap.loc[contact]
        days = row["days_since_contact"]
        style = "solid" if days <= 90 else ("dashed" if not days <= 365 else "dotted")
        box = FancyBboxPatch(
            (x - 0.46, y - 0.3),
            0.92,
            0.6,
            boxstyle="round,pad=0.02",
            linestyle=style,
            facecolor=ATTITUDE_COLOURS[str(row["attitude"])],
            alpha=0.85,
            edgecolor="black",
            linewidth=1.4 if row.get("key_decision_maker", False) else 0.8,
            zorder=2,
        )
        ax.add_patch(box)
        ax.text(
            x,
            y,
            f"{row['name']}\n{textwrap.fill(str(row['title']), 14)}\ninfluence {row['influence']}",
            ha="center",
            va="center",
            fontsize=size,
            color="white",
            zorder=3,
        )
    ax.set_xlim(-0.05, width + 0.05)
    ax.set_ylim(-0.5, n_lines - 0.5)
    ax.set_yticks(ticks, ["decision\nmakers", "influencers,\ncoaches", "users,\ngatekeepers"])
    ax.set_ylabel("role in the decision")
    ax.set_xticks([])
    ax.grid(False)
    ax.text(
        0.0,
        -0.04,
        "colour: green supporter, grey neutral, red opponent; thick border: key decision maker\n"
        "border: solid = contacted in the last 90 days, dotted = 3-12 months ago,\n"
        "dashed = not for a year",
        transform=ax.transAxes,
        fontsize=_NOTE_PT,
        va="top",
    )
    ax.set_title(title or "Org map of the account")
    return ax


def plot_wallet(lines: pd.DataFrame, year: int, ax: Axes | None = None, title: str | None = None) -> Axes:
    """Wallet by product line: what the account bought from us and what it spent with other suppliers.

    ``lines`` has one row per product line (the index) with ``wallet`` and
    ``revenue``; the grey part of each bar is the white space. The legend sits
    under the chart, so that it never covers a bar.
    """
    frame = require_frame(lines, table="wallet lines")
    require_columns(frame, ["wallet", "revenue"], table="wallet lines")
    ax = _axes(ax, (8, 3.2))
    labels = frame.index.astype(str)
    ax.barh(labels, frame["revenue"], color="C0", label="bought from us")
    ax.barh(
        labels,
        (frame["wallet"] - frame["revenue"]).clip(lower=0),
        left=frame["revenue"],
        color="#dddddd",
        label="spent with other suppliers (white space)",
    )
    format_money_axis(ax, "x")
    ax.set_xlabel(f"spend in {year} (CNY)")
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.24), ncol=2, frameon=False)
    ax.set_title(title or "Wallet by product line: our share and the white space")
    return ax


def plot_portfolio(
    table: pd.DataFrame,
    ax: Axes | None = None,
    highlight: pd.Index | None = None,
    cuts: tuple[float, float] = CUTS,
) -> Axes:
    """The nine-cell portfolio (from :func:`course.kam.portfolio`): strength (x) against attractiveness (y).

    The lines are the ``cuts`` of the levels (the same as the portfolio's);
    the short list (*invest to grow*) is drawn last, on top.
    """
    require_columns(table, ["attractiveness", "strength", "investment"], table="portfolio")
    ax = _axes(ax, (8, 5))
    order = [label for label in INVESTMENT_COLOURS if label != "invest to grow"] + ["invest to grow"]
    for label in order:
        part = table[table["investment"] == label]
        size = 22 if label == "invest to grow" else 10
        ax.scatter(
            part["strength"],
            part["attractiveness"],
            s=size,
            color=INVESTMENT_COLOURS[label],
            alpha=0.7,
            label=f"{label} ({len(part):,})",
        )
    if highlight is not None:
        part = table.loc[table.index.intersection(highlight)]
        ax.scatter(
            part["strength"], part["attractiveness"], s=40, facecolors="none", edgecolors="black", label="big customers"
        )
    for cut in cuts:
        ax.axvline(cut, color="black", linewidth=0.7)
        ax.axhline(cut, color="black", linewidth=0.7)
    ax.set_xlim(0, 100)
    ax.set_ylim(0, 100)
    ax.set_xlabel(f"our strength at the account (0-100; low < {cuts[0]:g} <= medium < {cuts[1]:g} <= high)")
    ax.set_ylabel("attractiveness of the account (0-100)")
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.14), ncol=3, markerscale=1.5)
    ax.set_title("Key-account portfolio: where to invest")
    return ax


def plot_funnel(funnel: pd.DataFrame, ax: Axes | None = None, title: str | None = None) -> Axes:
    """Horizontal bars of the LTC funnel (from :func:`course.kam.ltc_funnel`), with the share of leads at each stage."""
    require_columns(funnel, ["deals", "from_lead"], table="funnel")
    ax = _axes(ax, (8, 3.6))
    stages = list(funnel.index)[::-1]
    ax.barh(stages, funnel["deals"].to_numpy()[::-1], color="C0")
    for y, (deals_, share) in enumerate(
        zip(funnel["deals"].to_numpy()[::-1], funnel["from_lead"].to_numpy()[::-1], strict=True)
    ):
        ax.text(deals_, y, f" {deals_:,} ({share:.0%})", va="center", fontsize=_NOTE_PT)
    ax.set_xlim(0, float(np.max(funnel["deals"])) * 1.25)
    ax.xaxis.set_major_formatter("{x:,.0f}")
    ax.set_xlabel("deals (share of leads)")
    ax.set_ylabel("stage of the deal")
    ax.set_title(title or "Lead to cash: deals reaching each stage")
    return ax
