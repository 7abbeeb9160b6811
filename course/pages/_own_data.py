"""The one-page tiering report on a company's own order export, as one self-contained HTML file.

It opens with what was read -- the file, its encoding, the lines read and
kept, and every line dropped or changed, by reason, with example lines --
then the figures of :func:`course.own_data.own_data_figures`: tiers by value,
RFM and the eight classes, Pareto / Lorenz / ABC, lifecycle states with a
win-back list, and lifetime value with the method used and why. Sections that
need data an order export lacks are named in one line each, with the column
that would enable them. Charts are embedded PNGs; nothing is fetched or sent.
"""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd
from matplotlib.figure import Figure

from course.data import read_orders
from course.own_data import (
    CLV_MONTHS,
    IMPORTANT_SHARE,
    MIN_REPEAT_BUYERS,
    MONTHLY_DISCOUNT,
    STRATEGIC_SHARE,
    YEARLY_DISCOUNT,
    OwnDataFigures,
    own_data_figures,
)
from course.pages._html import escape, facts_html, figure_html, page, section, table_html
from course.plots import category_bars, lorenz_chart, use_course_style

__all__ = ["own_data_report", "write_own_data_report"]

_SHARE, _MONEY = "{:.0%}", "{:,.0f}"
_ROLE_NAMES = {
    "customer": "customer id",
    "order": "order id",
    "date": "order date",
    "amount": "amount",
    "margin": "margin",
    "product": "product",
    "status": "status",
}


def _note(text: str) -> str:
    return f'<p class="note">{escape(text)}</p>'


def _read_section(report: object) -> str:
    if report is None:
        return section("What was read", _note("A table given in Python (no file): no load report."))
    facts = [
        ("file", Path(report.file).name),
        ("format", report.file_format + (f" · {report.encoding}" if report.encoding else "")),
        ("lines read", f"{report.rows_read:,}"),
        ("lines kept", f"{report.rows_kept:,}"),
    ]
    if report.sheet:
        facts.insert(2, ("sheet", report.sheet))
    mapping = pd.DataFrame(
        {"column in the file": list(report.columns.values())},
        index=pd.Index([_ROLE_NAMES[r] for r in report.columns], name="used as"),
    )
    rows = []
    for step in report.steps:
        shown = "; ".join(
            f"line {line}: " + " | ".join("–" if pd.isna(v) else str(v) for v in values)
            for line, values in zip(step.examples.index, step.examples.itertuples(index=False), strict=True)
        )
        rows.append((step.action, step.reason, step.rows, step.amount, shown))
    steps = pd.DataFrame(rows, columns=["action", "reason", "lines", "amount", "example lines (as in the file)"])
    body = (
        table_html(steps, {"lines": "{:,}", "amount": "{:,.2f}"}, index=False)
        if rows
        else _note("Every line was kept unchanged.")
    )
    order = " | ".join(report.columns.values())
    return section(
        "What was read",
        facts_html(facts),
        '<div class="grid"><div>',
        table_html(mapping),
        "</div><div>",
        body,
        _note(f"Example lines show the mapped cells in the order {order}. Rules: course.data.read_orders."),
        "</div></div>",
    )


def _tiers_section(figures: OwnDataFigures) -> str:
    value = figures.value_column
    basis = (
        "by profit (the sum of the margin column)"
        if value == "profit"
        else "by revenue (no margin column was mapped: --columns …,margin=<column> ranks by profit)"
    )
    shown = figures.tiers[(figures.tiers.index != "prospect") | (figures.tiers["customers"] > 0)]
    table = shown.rename(columns={"customers_share": "share of customers", f"{value}_share": f"share of {value}"})
    return section(
        "Tiers by value",
        _note(
            f"Ranked {basis}: the top {STRATEGIC_SHARE:.0%} of buyers are strategic, the next {IMPORTANT_SHARE:.0%} "
            "important, the rest general (course.tiers.tier_customers); prospect: no paid purchase."
        ),
        table_html(table, {value: _MONEY, "share of customers": _SHARE, f"share of {value}": _SHARE}),
    )


def _rfm_section(figures: OwnDataFigures) -> str:
    classes = figures.classes.reset_index(level="class_en").rename(
        columns={"class_en": "class", "customers_share": "share of customers", "monetary_share": "share of revenue"}
    )
    fig = Figure(figsize=(5.0, 3.0))
    category_bars(
        figures.classes["customers"].droplevel("class_zh").rename("customers"),
        kind="RFM class",
        ax=fig.subplots(),
        horizontal=True,
        title="Customers per RFM class",
        value_label="customers",
    )
    return section(
        "RFM and the eight classes",
        _note(
            "Recency, frequency and monetary value per buyer (course.rfm.rfm_table); each is high or low against "
            "its mean (course.rfm.eight_classes)."
        ),
        '<div class="grid"><div>',
        table_html(classes, {"monetary": _MONEY, "share of customers": _SHARE, "share of revenue": _SHARE}),
        "</div><div>",
        figure_html(fig, "Customers per RFM class", dpi=90),
        "</div></div>",
    )


def _pareto_section(figures: OwnDataFigures) -> str:
    summary = figures.concentration
    fig = Figure(figsize=(4.0, 3.2))
    lorenz_chart(figures.lorenz, ax=fig.subplots(), mark_share=0.8, title="Lorenz curve of revenue")
    abc = figures.abc.rename(columns={"customers_share": "share of customers", "revenue_share": "share of revenue"})
    return section(
        "Pareto, Lorenz and ABC",
        facts_html(
            [
                ("revenue of the top 20 % of customers", f"{summary['top_share']:.1%}"),
                ("customers making 80 % of revenue", f"{summary['customers_for_share']:.1%}"),
                ("Gini coefficient", f"{summary['gini']:.3f}"),
                ("customers", f"{int(summary['customers']):,}"),
            ]
        ),
        '<div class="grid"><div>',
        table_html(abc, {"revenue": _MONEY, "share of customers": _SHARE, "share of revenue": _SHARE}),
        _note("A: the customers making the first 80 % of revenue, B the next 15 %, C the last 5 % (course.pareto)."),
        "</div><div>",
        figure_html(fig, "Lorenz curve of revenue", dpi=90),
        "</div></div>",
    )


def _lifecycle_section(figures: OwnDataFigures) -> str:
    states = figures.states.assign(share=lambda f: f["customers"] / f["customers"].sum())
    states = states[states.index != "potential"]  # an order export holds buyers only
    value = figures.value_column
    win_back = figures.win_back.assign(last_purchase=figures.win_back["last_purchase"].dt.strftime("%Y-%m-%d"))
    listed = (
        table_html(win_back.rename(columns={"n_orders": "purchases"}), {"revenue": _MONEY, "profit": _MONEY})
        if len(win_back)
        else _note("No churned customer: nobody to win back.")
    )
    return section(
        "Lifecycle and win-back",
        _note(
            "Active: last purchase at most 180 days before the as-of date; dormant: 181-365 days; churned: longer "
            "(course.lifecycle.lifecycle_states)."
        ),
        '<div class="grid"><div>',
        table_html(states, {"share": _SHARE}),
        "</div><div>",
        f"<h3>Win back first: the {len(win_back)} most valuable churned customers (by {value})</h3>",
        listed,
        "</div></div>",
    )


def _clv_section(figures: OwnDataFigures) -> str:
    clv = figures.clv.dropna()
    params = figures.clv_params
    if figures.clv_method == "BG/NBD + Gamma-Gamma":
        how = (
            f"Expected value of each buyer's purchases over the next {CLV_MONTHS} months, discounted "
            f"{MONTHLY_DISCOUNT:.0%} a month (course.clv: BetaGeoModel, GammaGammaModel; time in weeks)."
        )
        shown = ", ".join(f"{k} = {v:.3f}" for k, v in params.items())
    else:
        how = f"CLV = m r / (1 + d - r) per buyer, d = {YEARLY_DISCOUNT:.0%} a year (course.clv.simple_clv)."
        shown = ", ".join(f"{k} = {v:,.3f}" for k, v in params.items())
    if figures.value_column == "profit":
        how += " In margin: the revenue CLV times the file's margin rate." * (figures.clv_method != "simple CLV")
    by_tier = figures.customers.groupby("tier", observed=True)["clv"].agg(["size", "mean", "sum"]).iloc[::-1]
    by_tier.columns = ["customers", "mean CLV", "total CLV"]
    parts = [
        facts_html(
            [
                ("method", figures.clv_method),
                ("mean CLV per buyer", f"{clv.mean():,.2f}" if len(clv) else "–"),
                ("total CLV", f"{clv.sum():,.0f}" if len(clv) else "–"),
            ]
        ),
        _note(f"Why: {figures.clv_reason} (threshold: {MIN_REPEAT_BUYERS} repeat buyers). {how}"),
    ]
    if shown:
        parts.append(_note(f"Parameters: {shown}."))
    if len(clv):
        parts.append(table_html(by_tier, {"mean CLV": "{:,.2f}", "total CLV": _MONEY}))
    return section("Customer lifetime value", *parts)


def _missing_section(figures: OwnDataFigures, columns: dict[str, str]) -> str:
    lines = []
    if "margin" not in columns:
        lines.append("Tiers and CLV by profit: need a margin column (--columns …,margin=毛利).")
    if "order" not in columns:
        lines.append("Netting returns against their orders and dropping lines exported twice: need an order id column.")
    lines += [
        "Profit after cost to serve and the whale curve: need a cost-to-serve column per customer "
        "(account management, logistics, support), which an order export does not hold.",
        "Key-account relationships and the call list: need the contacts table (contact, role, last contact date).",
        "Satisfaction and NPS per tier: need a survey column (score 0-10 per customer).",
    ]
    return section("Not in this file", "".join(_note(line) for line in lines))


def own_data_report(table: pd.DataFrame, asof: object = None, *, title: str = "Customer tiering report") -> str:
    """The report as an HTML page, from a purchase table (:func:`course.data.read_orders`).

    Parameters
    ----------
    table : DataFrame
        The purchase table; its ``attrs["load_report"]``, when present, fills
        the section "What was read".
    asof : date-like, optional
        The day of the analysis; default the day after the last purchase.
    title : str
        The page's title.
    """
    use_course_style()
    figures = own_data_figures(table, asof=asof)
    report = table.attrs.get("load_report")
    columns = report.columns if report is not None else {c: c for c in ("customer", "date", "amount")}
    if report is None and "margin" in table:
        columns = {**columns, "margin": "margin"}
    n = len(figures.customers)
    subtitle = (
        f"As of {figures.asof:%Y-%m-%d}: {n:,} customers, {len(table):,} purchase lines from "
        f"{table['date'].min():%Y-%m-%d} to {table['date'].max():%Y-%m-%d}; value = {figures.value_column}."
    )
    notes = "".join(_note(text[0].upper() + text[1:]) for text in figures.notes)
    sections = [
        _read_section(report),
        _tiers_section(figures),
        _rfm_section(figures),
        _pareto_section(figures),
        _lifecycle_section(figures),
        _clv_section(figures),
        _missing_section(figures, columns),
    ]
    if notes:
        sections.append(section("Notes", notes))
    footer = "Computed on this machine by python -m course report --orders; nothing was sent anywhere."
    return page(title, sections, subtitle=subtitle, footer=footer)


def write_own_data_report(
    orders: str | os.PathLike[str],
    columns: dict[str, str],
    out: str | os.PathLike[str],
    *,
    sheet: str | None = None,
    decimal: str = ".",
    dayfirst: bool | None = None,
    encoding: str | None = None,
    asof: object = None,
) -> Path:
    """Read ``orders`` with :func:`course.data.read_orders` and write the report to ``out``; return its path."""
    table = read_orders(orders, columns, sheet=sheet, decimal=decimal, dayfirst=dayfirst, encoding=encoding)
    html = own_data_report(table, asof=asof, title=f"Customer tiering report: {Path(orders).name}")
    path = Path(out)
    path.write_text(html, encoding="utf-8")
    return path
