"""course.plots: the course's style, its formatters, its standard charts in two languages, the CJK fallback."""

from __future__ import annotations

import copy
import logging
import os
import warnings

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import pandas as pd
import pytest
from matplotlib import font_manager

import course.plots as plots
from course.glossary import label, localise

TIER_SHARES = pd.DataFrame(
    {"customer_share": [0.05, 0.15, 0.80], "revenue_share": [0.40, 0.30, 0.30]},
    index=pd.Index(["strategic", "important", "general"], name="tier"),
)


@pytest.fixture(autouse=True)
def _clean_style():
    yield
    plt.close("all")
    plots._reset_for_tests()


@pytest.fixture
def no_cjk_fonts(monkeypatch):
    """matplotlib's font manager with every CJK font removed, and no system font file to add back."""
    manager = copy.copy(font_manager.fontManager)
    manager.ttflist = [entry for entry in manager.ttflist if "CJK" not in entry.name and "Hei" not in entry.name]
    monkeypatch.setattr(font_manager, "fontManager", manager)
    monkeypatch.setattr(font_manager, "findSystemFonts", lambda *args, **kwargs: [])
    plots._reset_for_tests()
    return manager


def _cjk_installed() -> bool:
    return plots.cjk_font() is not None


def _require_cjk():
    if _cjk_installed():
        return
    reason = "no CJK font installed (Debian: apt-get install fonts-noto-cjk)"
    if os.environ.get("CI"):
        pytest.fail(f"{reason}; .ci/run installs it, so CI must have it")
    pytest.skip(reason)


def _tick_texts(ax, axis="x"):
    ticks = ax.get_xticklabels() if axis == "x" else ax.get_yticklabels()
    return [tick.get_text() for tick in ticks]


# ------------------------------------------------------------------ the style


def test_style_has_no_axis_offset_and_readable_sizes():
    plots.use_course_style()
    rc = plt.rcParams
    assert rc["axes.formatter.useoffset"] is False
    assert min(plots.FONT_SIZES.values()) >= plots.MIN_FONT_PT
    assert rc["xtick.labelsize"] == plots.FONT_SIZES["ticks"]
    fig, ax = plt.subplots()
    ax.plot([0, 1], [1_000_000, 3_000_000])
    fig.canvas.draw()
    assert ax.yaxis.get_offset_text().get_text() == ""  # no "1e6" in the corner
    assert all("e" not in text for text in _tick_texts(ax, "y"))


def test_money_and_percent_axes():
    plots.use_course_style()
    fig, ax = plt.subplots()
    ax.plot([0, 1], [0, 2_500_000])
    plots.format_money_axis(ax, "y", currency="¥")
    plots.format_percent_axis(ax, "x")
    fig.canvas.draw()
    assert "¥2.5M" in _tick_texts(ax, "y") or "¥2M" in _tick_texts(ax, "y")
    assert _tick_texts(ax, "x")[-1].endswith("%")


def test_figure_png_records_the_smallest_text():
    plots.use_course_style()
    fig, ax = plt.subplots()
    ax.plot([0, 1], [0, 1])
    ax.set_title("a title")
    ax.text(0.5, 0.5, "small note", fontsize=7)
    info = plots.png_info(plots.figure_png(fig))
    assert info["min_font_pt"] == 7.0
    assert info["min_font_text"] == "small note"
    assert info["dpi"] == plots.FIGURE_DPI
    assert info["shown_min_font_pt"] < plots.MIN_FONT_PT


def test_a_wide_figure_is_shown_smaller():
    plots.use_course_style()
    narrow, wide = plt.subplots(figsize=(6, 3))[0], plt.subplots(figsize=(16, 3))[0]
    for fig in (narrow, wide):
        fig.axes[0].plot([0, 1], [0, 1])
    narrow_info, wide_info = (plots.png_info(plots.figure_png(fig)) for fig in (narrow, wide))
    assert narrow_info["min_font_pt"] == wide_info["min_font_pt"] == plots.FONT_SIZES["ticks"]
    assert wide_info["shown_min_font_pt"] < narrow_info["shown_min_font_pt"]


def test_ipython_shows_figures_through_the_recording_formatter():
    from IPython.core.interactiveshell import InteractiveShell

    shell = InteractiveShell.instance()
    try:
        plots.use_course_style()
        fig, ax = plt.subplots()
        ax.plot([0, 1], [0, 1])
        data, _ = shell.display_formatter.format(fig)
        import base64

        info = plots.png_info(
            base64.b64decode(data["image/png"]) if isinstance(data["image/png"], str) else data["image/png"]
        )
        assert info["min_font_pt"] == plots.FONT_SIZES["ticks"]
    finally:
        InteractiveShell.clear_instance()


@pytest.mark.notebook
def test_a_jupyter_kernel_records_font_sizes_in_figure_pngs():
    """In a real kernel the inline backend installs its own PNG formatter at the first figure; ours must win."""
    import base64

    import nbclient
    import nbformat

    nb = nbformat.v4.new_notebook(
        cells=[
            nbformat.v4.new_code_cell(
                "import matplotlib.pyplot as plt\nimport course.plots\ncourse.plots.use_course_style()"
            ),
            nbformat.v4.new_code_cell("fig, ax = plt.subplots()\nax.plot([0, 1], [0, 1])\n_ = ax.set_title('first')"),
            nbformat.v4.new_code_cell("%matplotlib inline\nfig, ax = plt.subplots()\n_ = ax.plot([0, 1], [1, 0])"),
        ]
    )
    nbclient.NotebookClient(nb, kernel_name="python3", timeout=120).execute()
    pngs = [
        base64.b64decode(output["data"]["image/png"])
        for cell in nb.cells
        for output in cell.get("outputs", [])
        if "image/png" in output.get("data", {})
    ]
    assert len(pngs) == 2
    assert all(plots.png_info(png)["min_font_pt"] == plots.FONT_SIZES["ticks"] for png in pngs)


# ------------------------------------------------------------------ standard charts


@pytest.mark.parametrize("horizontal", [False, True])
def test_category_bars_in_english_read_codes_as_words(horizontal):
    plots.use_course_style()
    ax = plots.category_bars(TIER_SHARES, kind="tier", percent=True, horizontal=horizontal)
    categories = _tick_texts(ax, "y" if horizontal else "x")
    assert categories == ["strategic", "important", "general"]
    assert [text.get_text() for text in ax.get_legend().get_texts()] == ["share of customers", "share of revenue"]


def test_category_bars_in_chinese():
    _require_cjk()
    plots.use_course_style()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        ax = plots.category_bars(TIER_SHARES, kind="tier", lang="zh", percent=True, title="share of customers")
        ax.figure.canvas.draw()
    assert _tick_texts(ax) == [label(t, "zh") for t in TIER_SHARES.index]
    assert ax.get_xlabel() == "客户层级"
    assert ax.get_title(loc="left") == "客户占比"
    # the Chinese text is drawn with the CJK font, behind DejaVu Sans for Latin text
    families = plt.rcParams["font.family"]
    assert families[0] == "DejaVu Sans" and families[1] == plots.cjk_font()
    paths = font_manager.fontManager._find_fonts_by_props(ax.get_xticklabels()[0].get_fontproperties())
    assert any("CJK" in str(path) or "Hei" in str(path) for path in paths)


def test_chinese_falls_back_to_english_without_a_cjk_font(no_cjk_fonts, caplog):
    assert plots.cjk_font() is None
    assert plots.chart_language("zh") == "en"
    plots.use_course_style()
    assert plt.rcParams["font.family"] == ["DejaVu Sans"]
    with caplog.at_level(logging.DEBUG, logger="matplotlib"), warnings.catch_warnings():
        warnings.simplefilter("error")
        ax = plots.category_bars(TIER_SHARES, kind="tier", lang="zh", percent=True)
        png = plots.figure_png(ax.figure)
    assert _tick_texts(ax) == ["strategic", "important", "general"]
    assert ax.get_xlabel() == "tier"
    assert not [r for r in caplog.records if r.levelno >= logging.WARNING], caplog.text
    assert plots.png_info(png)["min_font_pt"] >= plots.MIN_FONT_PT


def test_every_standard_chart_draws_in_both_languages():
    import course.pareto as pareto

    plots.use_course_style()
    revenue = pd.Series([1.0, 2, 3, 5, 8, 13, 21, 34, 55, 89])
    profit = pd.Series([50.0, 30, 10, 5, -2, -8, -20])
    transitions = pd.DataFrame(
        [[0.8, 0.2, 0.0], [0.1, 0.7, 0.2], [0.0, 0.1, 0.9]],
        index=pd.Index(["strategic", "important", "general"], name="before"),
        columns=pd.Index(["strategic", "important", "general"], name="after"),
    )
    curves = pd.DataFrame(
        {
            "tier": ["general"] * 3 + ["strategic"] * 3,
            "time": [0, 365, 730] * 2,
            "survival": [1, 0.6, 0.4, 1, 0.9, 0.85],
        }
    )
    for lang in ("en", "zh"):
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            charts = [
                plots.lorenz_chart({"B2B": pareto.lorenz_curve(revenue)}, lang=lang, mark_share=0.8),
                plots.whale_chart(pareto.whale_curve(profit), pareto.whale_peak(profit), lang=lang),
                plots.heatmap(transitions, lang=lang, colorbar_label="share of the row"),
                plots.survival_chart(curves, by="tier", lang=lang),
            ]
            for ax in charts:
                info = plots.png_info(plots.figure_png(ax.figure))
                assert info["min_font_pt"] >= plots.MIN_FONT_PT
        expected = plots.chart_language(lang)
        assert _tick_texts(charts[2])[0] == label("strategic", expected)
        assert charts[3].get_legend().get_texts()[0].get_text() == label("general", expected)


def test_heatmap_cell_text_never_below_the_minimum():
    plots.use_course_style()
    ax = plots.heatmap(pd.DataFrame([[1, 2], [3, 4]]), fmt="{:,.0f}", annotation_size=5)
    sizes = [text.get_fontsize() for text in ax.texts]
    assert sizes and min(sizes) == plots.MIN_FONT_PT


# ------------------------------------------------------------------ summary tables


def test_localise_translates_labels_and_keeps_the_rest():
    table = pd.DataFrame(
        {"customers": [3, 9, 1], "revenue_share": [0.5, 0.4, 0.1]},
        index=pd.Index(["strategic", "general", "chemicals"], name="tier"),
    )
    chinese = localise(table, "zh")
    assert list(chinese.index) == ["战略客户", "一般客户", "chemicals"]
    assert chinese.index.name == "客户层级"
    assert list(chinese.columns) == ["客户数", "收入占比"]
    assert localise(table, "en").equals(table)
    assert list(table.index) == ["strategic", "general", "chemicals"]  # input untouched
    with pytest.raises(ValueError, match="lang='fr'"):
        localise(table, "fr")


def test_summary_tables_take_lang():
    from course.lifecycle import churn_rate_by, state_transitions
    from course.rfm import segment_profile
    from course.tiers import TIER_DTYPE, group_profit, tier_transitions

    customers = pd.DataFrame(
        {
            "tier": pd.Series(["strategic", "general", "general"], dtype=TIER_DTYPE),
            "revenue": [100.0, 10.0, 5.0],
            "margin": [20.0, 3.0, 1.0],
            "cost_to_serve": [5.0, 1.0, 2.0],
            "state": ["active", "churned", "dormant"],
        }
    )
    profit = group_profit(customers, by="tier", lang="zh")
    assert profit.index.name == "客户层级" and "战略客户" in profit.index and "收入占比" in profit.columns
    english = group_profit(customers, by="tier")
    pd.testing.assert_frame_equal(profit.set_axis(english.index).set_axis(english.columns, axis=1), english)
    moves = tier_transitions(customers["tier"], customers["tier"], lang="zh")
    assert moves.index.name == "之前" and moves.columns.name == "之后" and "一般客户" in moves.columns
    assert list(churn_rate_by(customers, "tier", lang="zh").index) == ["一般客户", "战略客户"]
    rfm = pd.DataFrame(
        {
            "class_en": ["Important value", "General win-back"],
            "recency": [1, 9],
            "frequency": [5, 1],
            "monetary": [9.0, 1],
        }
    )
    assert list(segment_profile(rfm, lang="zh").index) == ["一般挽留客户", "重要价值客户"]
    orders = pd.DataFrame(
        {"customer_id": ["A", "A", "B"], "order_date": pd.to_datetime(["2024-10-10", "2025-05-01", "2024-06-01"])}
    )
    states = state_transitions(orders, dates=["2024-12-31", "2025-12-31"], status=None, lang="zh")
    assert "尚未获客" in states.index and "活跃客户" in states.columns
