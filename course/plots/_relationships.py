"""The relationship charts of one account: the influence × attitude grid and the org map (lesson 08, the archive).

Both take a relationship map (:func:`course.kam.relationship_map`): one row
per contact with its name, title, decision role, influence (1-5), attitude
(supporter / neutral / opponent, ``support`` +1 / 0 / -1), relationship
layer, interactions of the last year and days since the last contact.

Examples
--------
>>> import matplotlib
>>> matplotlib.use("Agg")
>>> from course.data import load_b2b
>>> from course.kam import relationship_map
>>> rmap = relationship_map(load_b2b(), "C00001", asof="2025-12-31")
>>> relationship_grid_chart(rmap).get_xlabel()
'attitude towards us'
>>> [t.get_text() for t in org_map_chart(rmap).get_yticklabels()][0]
'decision\\nmakers'
>>> import matplotlib.pyplot as plt
>>> plt.close("all")
"""

from __future__ import annotations

import textwrap

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.patches import FancyBboxPatch

from course.plots._charts import _axes, _text
from course.plots._constants import FONT_SIZES, MIN_FONT_PT
from course.plots._fonts import chart_language
from course.validation import require_columns, require_frame

__all__ = ["ATTITUDE_COLOURS", "relationship_grid_chart", "org_map_chart"]

#: Colour of each attitude in the relationship charts: the course palette's green, grey and red.
ATTITUDE_COLOURS = {"supporter": "C2", "neutral": "C7", "opponent": "C3"}
#: Size of the texts written into a chart (names, boxes), in points.
_NOTE_PT = max(MIN_FONT_PT, FONT_SIZES["annotation"])
_LAYER_MARKERS = {"key-person": "D", "broad": "o", "organisational": "s"}
_LEVEL_OF_ROLE = {"decision maker": 0, "influencer": 1, "coach": 1, "user": 2, "gatekeeper": 2}
#: The rows of the org map, top to bottom: a glossary label each.
_LEVEL_LABELS = ("decision makers", "influencers, coaches", "users, gatekeepers")
#: The most boxes on one line of the org map; a role with more people takes several lines.
_BOXES_PER_LINE = 6
_MAP_COLUMNS = [
    "name",
    "title",
    "decision_role",
    "influence",
    "attitude",
    "support",
    "relationship_layer",
    "interactions_12m",
    "days_since_contact",
]


def _check_map(rmap: pd.DataFrame) -> None:
    require_frame(rmap, table="relationship map")
    require_columns(rmap, _MAP_COLUMNS, table="relationship map")


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


def relationship_grid_chart(
    rmap: pd.DataFrame, *, lang: str | None = None, ax: Axes | None = None, title: str | None = None
) -> Axes:
    """Influence (1-5) against attitude (opponent / neutral / supporter) of each contact of a relationship map.

    Marker shape shows the layer, size the interactions of the last year;
    the top left (influential opponents) is where relationships need work.
    Names are placed where they cover no other name and no marker; the legend
    sits under the chart. Drawn at 8 × 5.2 in without ``ax``: room for every name.

    Parameters
    ----------
    rmap : DataFrame
        Result of :func:`course.kam.relationship_map`.
    lang : "en", "zh" or None (the lesson's language, :func:`course.set_language`)
        Language of the axes, ticks and legend (names are kept as they are).
    ax : Axes, optional
    title : str, optional
        Default: "Relationship map: influence and attitude".

    Returns
    -------
    Axes
    """
    _check_map(rmap)
    lang = chart_language(lang)
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
                label=_text(layer, lang),
                zorder=3,
            )
    ax.set_xticks([-1, 0, 1], [_text(a, lang) for a in ("opponent", "neutral", "supporter")])
    ax.set_xlim(-1.6, 1.6)
    ax.set_ylim(0.5, 5.6)
    ax.set_xlabel(_text("attitude towards us", lang))
    ax.set_ylabel(_text("influence on the decision (1-5)", lang))
    # The legend sits under the chart, so that it never covers a contact or a name.
    legend = ax.legend(
        title=_text("layer", lang),
        loc="upper center",
        bbox_to_anchor=(0.5, -0.2),
        ncol=3,
        markerscale=0.7,
        frameon=False,
    )
    for handle in legend.legend_handles:
        handle.set_color("white")
        handle.set_edgecolor("black")
    _place_names(ax, rmap["name"].astype(str).tolist(), x, y)
    ax.set_title(_text(title or "Relationship map: influence and attitude", lang))
    return ax


def org_map_chart(
    rmap: pd.DataFrame, *, lang: str | None = None, ax: Axes | None = None, title: str | None = None
) -> Axes:
    """An org-chart style map: decision makers on top, influencers and coaches below, users and gatekeepers last.

    Box colour shows the attitude; a solid border a contact in the last 90
    days, a dashed one none for a year. A role with more than
    :data:`_BOXES_PER_LINE` people takes several lines, so that every box
    keeps room for its text; without ``ax`` the figure (8 in wide) grows with
    the lines. The box texts are written at the course's annotation size, and
    at :data:`course.plots.MIN_FONT_PT` when a line holds more than five people.

    Parameters
    ----------
    rmap : DataFrame
        Result of :func:`course.kam.relationship_map` (a ``department`` column,
        when there, ties users to the influencers of their department).
    lang : "en", "zh" or None (the lesson's language, :func:`course.set_language`)
        Language of the rows, the key under the chart and the title (names and job titles are kept).
    ax : Axes, optional
    title : str, optional
        Default: "Org map of the account".

    Returns
    -------
    Axes
    """
    _check_map(rmap)
    lang = chart_language(lang)
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
    influence = _text("influence {value}", lang)
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
            f"{row['name']}\n{textwrap.fill(str(row['title']), 14)}\n{influence.format(value=row['influence'])}",
            ha="center",
            va="center",
            fontsize=size,
            color="white",
            zorder=3,
        )
    ax.set_xlim(-0.05, width + 0.05)
    ax.set_ylim(-0.5, n_lines - 0.5)
    ax.set_yticks(ticks, [_text(level_label, lang) for level_label in _LEVEL_LABELS])
    ax.set_ylabel(_text("role in the decision", lang))
    ax.set_xticks([])
    ax.grid(False)
    ax.text(0.0, -0.04, _text("org map key", lang), transform=ax.transAxes, fontsize=_NOTE_PT, va="top")
    ax.set_title(_text(title or "Org map of the account", lang))
    return ax
