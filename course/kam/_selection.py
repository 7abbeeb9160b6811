"""From customer insight to selection (客户选择与分类): big, potential and ordinary customers, and the portfolio.

Source 001 classifies customers into **big customers** (大客户: a large share
of our sales, to maintain and manage closely), **high-potential customers**
(潜力客户: little purchasing from us today, but able to become important) and
**ordinary customers** (普通客户: low purchase frequency and amount, to be
developed by marketing). With the wallet estimates we can make "able to
become important" measurable.

Definitions
-----------
Wallet year
    The calendar year of the as-of date when it is 31 December, else the year
    before (a wallet is a yearly estimate).
Share of wallet (SoW)
    Our completed revenue from the account in the wallet year / the
    account's wallet that year (all product lines); white space = wallet -
    our revenue.
Big customer
    Among buying customers, the top ``big_share`` (default 5 %) by revenue of
    the last 365 days.
High-potential customer (潜力客户, label ``"high-potential"``)
    Not big and not lost, but its wallet is at least the median wallet of
    the big customers: it spends as much as a typical big customer, mostly
    with our competitors, so it could become a big customer. Current
    customers and prospects (潜在客户, never bought) can be high-potential;
    a lost account (no purchase for more than 365 days, the course's
    lifecycle rule) belongs on a win-back list, not here.
Ordinary customer
    Every other customer.
Current customer
    Bought in the 365 days up to the as-of date (lifecycle state active or
    dormant, :func:`course.lifecycle.lifecycle_states`). Only current
    customers are placed in the portfolio: a plan for current customers.
Profit of the year (``profit_year``)
    Completed margin of the wallet year minus that year's cost to serve (all
    of its parts, marketing included): what the account earned us after the
    cost of serving it, in the last complete year known on the as-of date.
    On 31 December it is the last twelve months.

The **portfolio** (GE-McKinsey style) places each current customer on two
scores from 0 to 100, each the weighted mean of percentile ranks among the
current customers (:func:`course.tiers.tier_score`): *attractiveness* of the
account (:data:`ATTRACTIVENESS`: wallet, wallet growth, industry influence,
our profit of the year there) and *our strength* at it (:data:`STRENGTH`:
share of wallet, relationship health, years of cooperation, recent CSAT).
Each score is cut at fixed levels (:data:`CUTS`: low below 40, high from 70),
not at its terciles, so how many accounts are "high" depends on the data, not
on the method. The nine cells get an investment recommendation
(:data:`INVESTMENT`), with two rules a manager would apply on top:

- an account that lost money in the year (``profit_year < 0``) is never an
  investment case: in an *invest* cell it gets ``"fix cost to serve first"``;
- *invest to grow* is a **short list**: at most ``short_list_share`` (5 %) of
  the current customers, the team's capacity for a plan of their own (as many
  as the big customers), highest attractiveness + strength first; the other
  profitable accounts of the green cells get ``"invest selectively"``.

Examples
--------
>>> from course.data import load_b2b
>>> accounts = account_table(load_b2b(), asof="2025-12-31")
>>> customer_classes(accounts)["class"].value_counts().to_dict()
{'ordinary': 1893, 'big': 64, 'high-potential': 43}
"""

from __future__ import annotations

import math
from collections.abc import Mapping

import numpy as np
import pandas as pd

from course.glossary import zh
from course.kam._health import relationship_health
from course.kam._inputs import DAY, as_of, customer_table_at, get_table, purchases_of
from course.lifecycle import lifecycle_states
from course.tiers import tier_score
from course.validation import CourseInputError, require_columns, require_frame

__all__ = [
    "CLASSES",
    "ATTRACTIVENESS",
    "STRENGTH",
    "LEVELS",
    "CUTS",
    "INVESTMENT",
    "FIX_FIRST",
    "wallet_year",
    "account_table",
    "customer_classes",
    "portfolio",
    "weight_sensitivity",
]

#: Source 001's three classes, highest first.
CLASSES: tuple[str, ...] = ("big", "high-potential", "ordinary")
#: Default criteria and weights of the account's attractiveness.
ATTRACTIVENESS: dict[str, float] = {"wallet": 0.4, "wallet_growth": 0.2, "industry_influence": 0.2, "profit_year": 0.2}
#: Default criteria and weights of our strength at the account.
STRENGTH: dict[str, float] = {"share_of_wallet": 0.35, "health": 0.35, "tenure_years": 0.15, "csat_12m": 0.15}
#: The levels of each axis, lowest first.
LEVELS: tuple[str, ...] = ("low", "medium", "high")
#: Where each axis (0-100) is cut: low below the first value, high from the second (fixed, not terciles).
CUTS: tuple[float, float] = (40.0, 70.0)
#: The recommendation of a loss-making account in an *invest* cell.
FIX_FIRST = "fix cost to serve first"
#: Recommended investment per cell (attractiveness, strength) of the nine-cell portfolio.
INVESTMENT: dict[tuple[str, str], str] = {
    ("high", "high"): "invest to grow",
    ("high", "medium"): "invest to grow",
    ("medium", "high"): "invest to grow",
    ("high", "low"): "invest selectively",
    ("medium", "medium"): "invest selectively",
    ("low", "high"): "maintain",
    ("medium", "low"): "harvest",
    ("low", "medium"): "harvest",
    ("low", "low"): "withdraw",
}


def wallet_year(asof: pd.Timestamp) -> int:
    """The year whose wallet estimate goes with ``asof`` (see the module's definitions).

    Examples
    --------
    >>> wallet_year(pd.Timestamp("2025-12-31")), wallet_year(pd.Timestamp("2025-06-30"))
    (2025, 2024)
    """
    return asof.year if (asof.month, asof.day) == (12, 31) else asof.year - 1


def account_table(
    db: object, asof: object = None, health: pd.Series | None = None, *, table: pd.DataFrame | None = None
) -> pd.DataFrame:
    """One row per customer with what selection needs: revenue, wallet, share of wallet, health, satisfaction.

    Returns
    -------
    DataFrame
        Indexed by ``customer_id``: ``industry``, ``industry_influence``,
        ``n_orders``, ``tenure_years``, ``margin_rate`` (lifetime, 0 for
        prospects), ``revenue_12m``, ``revenue_year`` (wallet year),
        ``wallet``, ``wallet_growth`` (vs the year before; 0 when unknown),
        ``share_of_wallet``, ``white_space``, ``health`` (relationship health),
        ``csat_12m`` (mean CSAT of the last 365 days; NaN without survey),
        ``state`` (lifecycle state: potential = prospect, active, dormant,
        churned), ``current`` (bought in the 365 days up to ``asof``),
        ``margin_year``, ``cost_to_serve_year`` and ``profit_year`` (margin -
        cost to serve, of the wallet year).
        ``health`` may pass the relationship-health scores for the same
        ``asof`` (from :func:`relationship_health`), to save computing them again;
        ``table`` likewise the customer table for the same ``asof``
        (:func:`course.customers.customer_table`).
    """
    day = as_of(db, asof)
    year = wallet_year(day)
    base = customer_table_at(db, day) if table is None else table
    table = base[["industry", "industry_influence", "n_orders", "tenure_years", "margin_rate"]].copy()
    table["margin_rate"] = table["margin_rate"].fillna(0.0)
    lines = purchases_of(db, day)
    table["revenue_12m"] = _sum_by(lines[lines["order_date"] > day - 365 * DAY], table.index, "revenue")
    table["revenue_year"] = _sum_by(lines[lines["order_date"].dt.year == year], table.index, "revenue")
    wallet = get_table(db, "wallet", ["customer_id", "year", "wallet"], purpose="share of wallet")
    this = _sum_by(wallet[wallet["year"] == year], table.index, "wallet")
    before = _sum_by(wallet[wallet["year"] == year - 1], table.index, "wallet")
    table["wallet"] = this
    table["wallet_growth"] = np.where(before > 0, this / np.where(before > 0, before, 1) - 1, 0.0)
    with np.errstate(invalid="ignore", divide="ignore"):
        table["share_of_wallet"] = np.where(this > 0, table["revenue_year"] / np.where(this > 0, this, 1), np.nan)
    table["white_space"] = (this - table["revenue_year"]).clip(lower=0.0)
    if health is None:
        health = relationship_health(db, day)["health"]
    table["health"] = health.reindex(table.index)
    surveys = get_table(db, "surveys", ["customer_id", "date", "csat"], purpose="satisfaction")
    recent = surveys[(surveys["date"] > day - 365 * DAY) & ~(surveys["date"] > day)]
    table["csat_12m"] = recent.groupby("customer_id")["csat"].mean().reindex(table.index)
    table["state"] = lifecycle_states(base, asof=day)["state"].astype(str).reindex(table.index)
    table["current"] = table["state"].isin(["active", "dormant"])
    table["margin_year"] = _sum_by(lines[lines["order_date"].dt.year == year], table.index, "margin")
    costs = get_table(db, "cost_to_serve", ["customer_id", "year", "total"], purpose="profit after cost to serve")
    table["cost_to_serve_year"] = _sum_by(costs[costs["year"] == year], table.index, "total")
    table["profit_year"] = table["margin_year"] - table["cost_to_serve_year"]
    return table


def _sum_by(frame: pd.DataFrame, index: pd.Index, column: str) -> pd.Series:
    return frame.groupby("customer_id")[column].sum().reindex(index, fill_value=0.0).astype("float64")


def customer_classes(accounts: pd.DataFrame, big_share: float = 0.05) -> pd.DataFrame:
    """Big, potential and ordinary customers (大客户 / 潜力客户 / 普通客户) from :func:`account_table`.

    Returns
    -------
    DataFrame
        ``revenue_12m``, ``wallet``, ``share_of_wallet``, ``class`` (ordered
        categorical big > high-potential > ordinary) and ``class_zh``
        (大客户 / 潜力客户 / 普通客户). When ``accounts`` has a ``state``
        column, lost accounts (``"churned"``) are never high-potential.
    """
    require_frame(accounts, table="accounts")
    require_columns(accounts, ["revenue_12m", "wallet", "share_of_wallet", "n_orders"], table="accounts")
    if not 0 < big_share < 1:
        raise CourseInputError(f"big_share must be a share of customers between 0 and 1, got {big_share!r}.")
    buyers = accounts[accounts["revenue_12m"] > 0]
    if buyers.empty:
        raise CourseInputError("table 'accounts': nobody bought in the last 12 months, so there is no big customer.")
    n_big = math.ceil(big_share * len(buyers))
    order = buyers["revenue_12m"].sort_values(ascending=False, kind="stable")
    big = accounts.index.isin(order.index[:n_big])
    threshold = accounts.loc[big, "wallet"].median()
    lost = (accounts["state"] == "churned").to_numpy() if "state" in accounts else np.zeros(len(accounts), bool)
    potential = ~big & ~lost & (accounts["wallet"] >= threshold).to_numpy()
    label = np.select([big, potential], ["big", "high-potential"], "ordinary")
    out = accounts[["revenue_12m", "wallet", "share_of_wallet"]].copy()
    out["class"] = pd.Categorical(label, categories=list(CLASSES)[::-1], ordered=True)
    out["class_zh"] = out["class"].astype("object").map({c: zh(c) for c in CLASSES})
    return out


def _levels(score: pd.Series, cuts: tuple[float, float]) -> pd.Series:
    # side="right": a score equal to a cut is in the level above it (high from 70, not above 70)
    return pd.Series(np.array(LEVELS)[np.searchsorted(cuts, score.to_numpy(), side="right")], index=score.index)


def _check_cuts(cuts: object) -> tuple[float, float]:
    try:
        low, high = (float(c) for c in cuts)  # type: ignore[union-attr]
    except (TypeError, ValueError):
        low = high = math.nan
    if not 0 < low < high < 100:
        raise CourseInputError(f"cuts must be two scores 0 < low < high < 100, e.g. {CUTS}; got {cuts!r}.")
    return low, high


def portfolio(
    accounts: pd.DataFrame,
    attractiveness: Mapping[str, float] | None = None,
    strength: Mapping[str, float] | None = None,
    cuts: tuple[float, float] = CUTS,
    short_list_share: float = 0.05,
) -> pd.DataFrame:
    """The nine-cell portfolio of the current customers: scores, levels, cell and recommended investment.

    Parameters
    ----------
    accounts : DataFrame
        From :func:`account_table` (or any table with the criteria, ``current``
        and ``profit_year`` as columns).
    attractiveness, strength : mapping {column: weight}, optional
        Defaults :data:`ATTRACTIVENESS` and :data:`STRENGTH`.
    cuts : (low, high), default :data:`CUTS`
        Each score below ``low`` is low, from ``high`` on high, medium between.
    short_list_share : float, default 0.05
        The most *invest to grow* accounts there can be, as a share of the
        current customers (rounded up): the team's capacity for a plan per account.

    Returns
    -------
    DataFrame
        For the current customers: ``attractiveness`` and ``strength``
        (0-100), ``attractiveness_level`` and ``strength_level``, ``cell``
        (e.g. ``"high/medium"``), ``cell_investment`` (:data:`INVESTMENT` of
        the cell), ``profit_year`` and ``investment``: the cell's
        recommendation, except :data:`FIX_FIRST` for a loss-making account in
        an *invest* cell and *invest selectively* for the green-cell accounts
        beyond the short list. Missing criteria (no survey, no wallet) count
        as the median of the other accounts.

    Examples
    --------
    >>> from course.data import load_b2b
    >>> table = portfolio(account_table(load_b2b(), asof="2025-12-31"))
    >>> grow = table[table["investment"] == "invest to grow"]
    >>> bool((grow["profit_year"] > 0).all()), len(grow) <= math.ceil(0.05 * len(table))
    (True, True)
    """
    a_weights = dict(ATTRACTIVENESS if attractiveness is None else attractiveness)
    s_weights = dict(STRENGTH if strength is None else strength)
    levels_at = _check_cuts(cuts)
    if not 0 < short_list_share <= 1:
        raise CourseInputError(f"short_list_share must be a share of customers in (0, 1], got {short_list_share!r}.")
    require_frame(accounts, table="accounts")
    require_columns(accounts, ["current", "profit_year", *a_weights, *s_weights], table="accounts")
    current = accounts[accounts["current"].astype(bool)]
    if current.empty:
        raise CourseInputError("table 'accounts': no current customer (none bought in the last 365 days).")
    criteria = current[list(dict.fromkeys([*a_weights, *s_weights]))].astype("float64")
    criteria = criteria.fillna(criteria.median())
    out = pd.DataFrame(index=current.index)
    out["attractiveness"] = tier_score(criteria, a_weights, prospect_column=None)
    out["strength"] = tier_score(criteria, s_weights, prospect_column=None)
    out["attractiveness_level"] = _levels(out["attractiveness"], levels_at)
    out["strength_level"] = _levels(out["strength"], levels_at)
    out["cell"] = out["attractiveness_level"] + "/" + out["strength_level"]
    pairs = zip(out["attractiveness_level"], out["strength_level"], strict=True)
    out["cell_investment"] = [INVESTMENT[pair] for pair in pairs]
    out["profit_year"] = current["profit_year"].astype("float64")
    investing = out["cell_investment"].str.startswith("invest")
    loss = out["profit_year"] < 0
    grow = (out["cell_investment"] == "invest to grow") & ~loss
    capacity = math.ceil(short_list_share * len(out))
    ranked = (out["attractiveness"] + out["strength"])[grow].sort_values(ascending=False, kind="stable")
    beyond = out.index.isin(ranked.index[capacity:])
    out["investment"] = np.select(
        [investing & loss, beyond], [FIX_FIRST, "invest selectively"], out["cell_investment"].to_numpy()
    )
    return out


def weight_sensitivity(
    accounts: pd.DataFrame,
    attractiveness: Mapping[str, float] | None = None,
    strength: Mapping[str, float] | None = None,
    change: float = 0.5,
    selected: str = "invest to grow",
    **options: object,
) -> pd.DataFrame:
    """How much the selection moves when one weight moves: each weight raised and lowered by ``change``.

    Returns
    -------
    DataFrame
        One row per (axis, criterion, direction): the new weight (the others
        unchanged, all renormalised), ``moved`` = share of accounts whose
        recommendation changes and ``kept`` = share of the ``selected``
        accounts of the base portfolio still ``selected``. ``options`` go to
        :func:`portfolio` (``cuts``, ``short_list_share``).
    """
    base_a = dict(ATTRACTIVENESS if attractiveness is None else attractiveness)
    base_s = dict(STRENGTH if strength is None else strength)
    if not 0 < change < 1:
        raise CourseInputError(f"change must be a relative change between 0 and 1 (0.5 = ±50 %), got {change!r}.")
    base = portfolio(accounts, base_a, base_s, **options)["investment"]
    chosen = base.index[base == selected]
    rows = []
    for axis, weights in (("attractiveness", base_a), ("strength", base_s)):
        for criterion, weight in weights.items():
            for direction, factor in (("up", 1 + change), ("down", 1 - change)):
                trial = dict(weights) | {criterion: weight * factor}
                args = (trial, base_s) if axis == "attractiveness" else (base_a, trial)
                moved = portfolio(accounts, *args, **options)["investment"]
                kept = (moved.loc[chosen] == selected).mean() if len(chosen) else np.nan
                rows.append((axis, criterion, direction, trial[criterion], (moved != base).mean(), kept))
    columns = ["axis", "criterion", "direction", "weight", "moved", "kept"]
    return pd.DataFrame(rows, columns=columns).set_index(["axis", "criterion", "direction"])
