"""The archive's wallet chart and relationship map stay readable: no legend over the data, no name over another."""

from __future__ import annotations

import itertools

import matplotlib
import matplotlib.pyplot as plt
import pandas as pd
import pytest

from course import kam
from course.plots import use_course_style


def _overlap(a, b) -> float:
    return max(0.0, min(a.x1, b.x1) - max(a.x0, b.x0)) * max(0.0, min(a.y1, b.y1) - max(a.y0, b.y0))


@pytest.mark.parametrize("account", ["C00001", "most contacts"])
def test_relationship_map_names_overlap_no_other_name(b2b, account):
    """At the size of the lesson and the archive (8 × 5.2 in)."""
    if account == "most contacts":
        account = b2b.contacts["customer_id"].value_counts().index[0]
    with matplotlib.rc_context():
        use_course_style()
        fig, ax = plt.subplots(figsize=(8, 5.2))
        kam.plot_relationship_grid(kam.relationship_map(b2b, account, "2025-12-31"), ax)
        fig.canvas.draw()
        renderer = fig.canvas.get_renderer()
        boxes = [t.get_window_extent(renderer) for t in ax.texts]
        legend = ax.get_legend().get_window_extent(renderer)
        axes = ax.get_window_extent(renderer)
        plt.close(fig)
    assert len(boxes) == len(kam.relationship_map(b2b, account, "2025-12-31"))
    assert all(_overlap(a, b) == 0 for a, b in itertools.combinations(boxes, 2))
    assert _overlap(legend, axes) == 0, "the legend sits outside the chart"


def test_wallet_legend_does_not_cover_the_bars():
    lines = pd.DataFrame({"wallet": [300.0, 150.0, 60.0], "revenue": [250.0, 0.0, 60.0]}, index=["A", "B", "C"])
    with matplotlib.rc_context():
        use_course_style()
        ax = kam.plot_wallet(lines, 2025)
        ax.figure.canvas.draw()
        renderer = ax.figure.canvas.get_renderer()
        legend = ax.get_legend().get_window_extent(renderer)
        bars = [patch.get_window_extent(renderer) for patch in ax.patches]
        plt.close(ax.figure)
    assert len(bars) == 6
    assert all(_overlap(legend, bar) == 0 for bar in bars)
    assert [t.get_text() for t in ax.get_legend().get_texts()] == [
        "bought from us",
        "spent with other suppliers (white space)",
    ]


@pytest.mark.parametrize("account", ["C00001", "most contacts"])
def test_org_map_texts_stay_inside_their_boxes(b2b, account):
    """A role with many people takes several lines: every box's text fits its box, and no two boxes overlap."""
    if account == "most contacts":
        account = b2b.contacts["customer_id"].value_counts().index[0]
    rmap = kam.relationship_map(b2b, account, "2025-12-31")
    with matplotlib.rc_context():
        use_course_style()
        ax = kam.plot_org_map(rmap)
        ax.figure.canvas.draw()
        renderer = ax.figure.canvas.get_renderer()
        boxes = [patch.get_window_extent(renderer) for patch in ax.patches]
        texts = [
            text.get_window_extent(renderer) for text in ax.texts if text.get_text().split("\n")[0] in set(rmap["name"])
        ]
        plt.close(ax.figure)
    assert len(boxes) == len(texts) == len(rmap)
    for box, text in zip(boxes, texts, strict=True):
        assert box.x0 <= text.x0 and text.x1 <= box.x1 and box.y0 <= text.y0 and text.y1 <= box.y1
    assert all(_overlap(a, b) == 0 for a, b in itertools.combinations(boxes, 2))
