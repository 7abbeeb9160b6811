"""The key-account charts of course.plots (lesson 08, the archive, the report) in both languages, and readable.

Readable: no legend over the data, no name over another, every box's text inside its box, nothing below
the course's smallest text size. Every chart draws with ``lang="zh"`` from the glossary's labels.
"""

from __future__ import annotations

import itertools
import warnings

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import pandas as pd
import pytest

import course.plots as plots
from course import kam, pareto
from course.glossary import label
from course.validation import CourseInputError

ASOF = "2025-12-31"
WALLET = pd.DataFrame({"wallet": [300.0, 150.0, 60.0], "revenue": [250.0, 0.0, 60.0]}, index=["A", "B", "C"])
FUNNEL = pd.DataFrame(
    {"deals": [100, 60, 30], "from_lead": [1.0, 0.6, 0.3]}, index=pd.Index(["lead", "contract", "payment"])
)
SHARES = pd.DataFrame(
    {
        "share of revenue": [0.5, 0.3, 0.2],
        "share of profit": [0.8, 0.3, -0.1],
        "share of hours (playbook)": [0.1, 0.3, 0.6],
    },
    index=["strategic", "important", "general"],
)
SPLIT = pd.Series([900.0, 150.0, -250.0], index=["top 20%", "middle 60%", "bottom 20%"])


@pytest.fixture(autouse=True)
def _course_style():
    with matplotlib.rc_context():
        plots.use_course_style()
        yield
    plt.close("all")
    plots._reset_for_tests()


def _overlap(a, b) -> float:
    return max(0.0, min(a.x1, b.x1) - max(a.x0, b.x0)) * max(0.0, min(a.y1, b.y1) - max(a.y0, b.y0))


def _busiest_account(b2b) -> str:
    return b2b.contacts["customer_id"].value_counts().index[0]


@pytest.mark.parametrize("account", ["C00001", "most contacts"])
def test_relationship_map_names_overlap_no_other_name(b2b, account):
    """At the size of the lesson and the archive (8 × 5.2 in)."""
    account = _busiest_account(b2b) if account == "most contacts" else account
    rmap = kam.relationship_map(b2b, account, ASOF)
    fig, ax = plt.subplots(figsize=(8, 5.2))
    plots.relationship_grid_chart(rmap, ax=ax)
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    boxes = [t.get_window_extent(renderer) for t in ax.texts]
    legend = ax.get_legend().get_window_extent(renderer)
    axes = ax.get_window_extent(renderer)
    assert len(boxes) == len(rmap)
    assert all(_overlap(a, b) == 0 for a, b in itertools.combinations(boxes, 2))
    assert _overlap(legend, axes) == 0, "the legend sits outside the chart"


def test_wallet_legend_does_not_cover_the_bars():
    ax = plots.wallet_chart(WALLET, 2025)
    ax.figure.canvas.draw()
    renderer = ax.figure.canvas.get_renderer()
    legend = ax.get_legend().get_window_extent(renderer)
    bars = [patch.get_window_extent(renderer) for patch in ax.patches]
    assert len(bars) == 6
    assert all(_overlap(legend, bar) == 0 for bar in bars)
    assert [t.get_text() for t in ax.get_legend().get_texts()] == [
        "bought from us",
        "spent with other suppliers (white space)",
    ]
    # the grey part of each bar is the white space: wallet - revenue, never below 0
    white = [patch.get_width() for patch in ax.patches[3:]]
    assert white == [50.0, 150.0, 0.0]


@pytest.mark.parametrize("account", ["C00001", "most contacts"])
def test_org_map_texts_stay_inside_their_boxes(b2b, account):
    """A role with many people takes several lines: every box's text fits its box, and no two boxes overlap."""
    account = _busiest_account(b2b) if account == "most contacts" else account
    rmap = kam.relationship_map(b2b, account, ASOF)
    ax = plots.org_map_chart(rmap)
    ax.figure.canvas.draw()
    renderer = ax.figure.canvas.get_renderer()
    boxes = [patch.get_window_extent(renderer) for patch in ax.patches]
    texts = [
        text.get_window_extent(renderer) for text in ax.texts if text.get_text().split("\n")[0] in set(rmap["name"])
    ]
    assert len(boxes) == len(texts) == len(rmap)
    for box, text in zip(boxes, texts, strict=True):
        assert box.x0 <= text.x0 and text.x1 <= box.x1 and box.y0 <= text.y0 and text.y1 <= box.y1
    assert all(_overlap(a, b) == 0 for a, b in itertools.combinations(boxes, 2))


def test_portfolio_counts_each_recommendation_and_draws_the_cuts(b2b):
    table = kam.portfolio(kam.account_table(b2b, ASOF))
    ax = plots.portfolio_chart(table, cuts=kam.CUTS)
    counts = table["investment"].value_counts()
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    expected = [f"{name} ({counts.get(name, 0):,})" for name in plots.INVESTMENT_COLOURS if name != "invest to grow"]
    assert legend == [*expected, f"invest to grow ({counts.get('invest to grow', 0):,})"]
    assert sorted({line.get_xdata()[0] for line in ax.lines if line.get_xdata()[0] == line.get_xdata()[1]}) == list(
        kam.CUTS
    )
    assert "low < 40 <= medium < 70 <= high" in ax.get_xlabel()


def test_portfolio_colours_every_recommendation_of_kam():
    """plots cannot import kam (it is below it): the colours are keyed by kam's labels, checked here."""
    assert set(plots.INVESTMENT_COLOURS) == {*kam.INVESTMENT.values(), kam.FIX_FIRST}


def test_portfolio_rejects_an_investment_without_a_colour():
    table = pd.DataFrame({"strength": [50.0], "attractiveness": [50.0], "investment": ["buy the company"]})
    with pytest.raises(CourseInputError, match="investment.*buy the company"):
        plots.portfolio_chart(table, cuts=kam.CUTS)


def test_funnel_writes_deals_and_share_of_leads():
    ax = plots.funnel_chart(FUNNEL)
    assert [t.get_text() for t in ax.get_yticklabels()] == ["payment", "contract", "lead"]  # first stage on top
    assert [t.get_text() for t in ax.texts] == [" 30 (30%)", " 60 (60%)", " 100 (100%)"]
    assert [patch.get_width() for patch in ax.patches] == [30, 60, 100]


def test_funnel_names_a_missing_column():
    with pytest.raises(CourseInputError, match="from_lead"):
        plots.funnel_chart(FUNNEL.drop(columns="from_lead"))


def test_report_charts_draw_their_numbers():
    ax = plots.tier_effort_chart(SHARES)
    assert [t.get_text() for t in ax.get_yticklabels()] == ["general", "important", "strategic"]
    assert [t.get_text() for t in ax.get_legend().get_texts()] == list(SHARES.columns)[::-1]  # as the bars stack
    assert [round(p.get_width(), 2) for p in ax.patches[:3]] == [0.2, 0.3, 0.5]  # revenue, general first
    ax = plots.decision_chart(SPLIT)
    assert [p.get_height() for p in ax.patches] == SPLIT.tolist()
    profit = pd.Series([50.0, 30, 10, -20])
    ax = plots.whale_split_chart(pareto.whale_curve(profit))
    assert ax.lines[0].get_ydata().max() == pytest.approx(90 / 70)  # the peak: 90 of a 70 total


def test_yearly_revenue_chart_one_bar_per_year():
    ax = plots.yearly_revenue_chart(pd.Series([1200.0, 0.0, 3400.0], index=[2023, 2024, 2025]))
    assert [t.get_text() for t in ax.get_xticklabels()] == ["2023", "2024", "2025"]
    assert [p.get_height() for p in ax.patches] == [1200.0, 0.0, 3400.0]


def _every_chart(b2b, lang: str) -> list:
    rmap = kam.relationship_map(b2b, "C00001", ASOF)
    table = kam.portfolio(kam.account_table(b2b, ASOF))
    return [
        plots.relationship_grid_chart(rmap, lang=lang),
        plots.org_map_chart(rmap, lang=lang),
        plots.portfolio_chart(table, cuts=kam.CUTS, highlight=table.index[:5], lang=lang),
        plots.wallet_chart(WALLET, 2025, lang=lang),
        plots.funnel_chart(FUNNEL, lang=lang),
        plots.yearly_revenue_chart(pd.Series([1.0, 2.0], index=[2024, 2025]), lang=lang),
        plots.tier_effort_chart(SHARES, lang=lang),
        plots.decision_chart(SPLIT, lang=lang),
        plots.whale_split_chart(pareto.whale_curve(pd.Series([5.0, 3, -1])), lang=lang),
    ]


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_every_key_account_chart_draws_in_both_languages_and_readable(b2b, lang):
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a missing glyph would warn
        charts = _every_chart(b2b, lang)
        for ax in charts:
            info = plots.png_info(plots.figure_png(ax.figure))
            assert info["min_font_pt"] >= plots.MIN_FONT_PT
    shown = plots.chart_language(lang)
    grid, org, portfolio, wallet, funnel, yearly, tiers, split, whale = charts
    assert grid.get_xlabel() == label("attitude towards us", shown, readable=True)
    assert [t.get_text() for t in grid.get_xticklabels()] == [
        label(a, shown) for a in ("opponent", "neutral", "supporter")
    ]
    assert org.get_title(loc="left") == label("Org map of the account", shown)
    assert portfolio.get_ylabel() == label("attractiveness of the account (0-100)", shown)
    assert wallet.get_xlabel() == label("spend in {year} (CNY)", shown).format(year=2025)
    assert [t.get_text() for t in funnel.get_yticklabels()][-1] == label("lead", shown)
    assert yearly.get_ylabel() == label("revenue (CNY)", shown)
    assert [t.get_text() for t in tiers.get_yticklabels()][-1] == label("strategic", shown)
    assert [t.get_text() for t in split.get_xticklabels()] == [label(g, shown) for g in SPLIT.index]
    assert whale.get_ylabel() == label("cumulative profit", shown)


def test_chinese_labels_are_chinese():
    """With a CJK font, lang="zh" writes the glossary's Chinese, not the English label."""
    if plots.cjk_font() is None:
        pytest.skip("no CJK font installed (Debian: apt-get install fonts-noto-cjk)")
    ax = plots.funnel_chart(FUNNEL, lang="zh")
    assert [t.get_text() for t in ax.get_yticklabels()] == ["回款", "签约", "线索"]
    assert ax.get_xlabel() == "项目数（占线索的比例）"
    ax = plots.decision_chart(SPLIT, lang="zh")
    assert [t.get_text() for t in ax.get_xticklabels()] == ["前 20%", "中间 60%", "后 20%"]
