"""From customer insight to selection (客户选择与分类): big, potential and ordinary customers, and the portfolio.

Source 001 classifies customers into **big customers** (大客户: a large share
of our sales, to maintain and manage closely), **potential customers**
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
Potential customer (label ``"high-potential"``)
    Not big, but its wallet is at least the median wallet of the big
    customers: it spends as much as a typical big customer, mostly with our
    competitors, so it could become a big customer. Prospects can be
    potential customers.
Ordinary customer
    Every other customer.

The **portfolio** (GE-McKinsey style) places each buying account on two
scores from 0 to 100, each the weighted mean of percentile ranks
(:func:`course.tiers.tier_score`): *attractiveness* of the account
(:data:`ATTRACTIVENESS`: wallet, wallet growth, industry influence, our
margin rate there) and *our strength* at it (:data:`STRENGTH`: share of
wallet, relationship health, years of cooperation, recent CSAT). Each score
is cut into low / medium / high at its terciles; the nine cells get an
investment recommendation (:data:`INVESTMENT`).

Examples
--------
>>> from course.data import load_b2b
>>> accounts = account_table(load_b2b(), asof="2025-12-31")
>>> customer_classes(accounts)["class"].value_counts().to_dict()
{'ordinary': 1880, 'big': 64, 'high-potential': 56}
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Mapping

import numpy as np
import pandas as pd

from course.customers import customer_table
from course.glossary import zh
from course.kam._health import relationship_health
from course.kam._inputs import DAY, as_of, get_table, purchases_of
from course.tiers import tier_score
from course.validation import CourseInputError, require_columns, require_frame

__all__ = [
    "CLASSES",
    "ATTRACTIVENESS",
    "STRENGTH",
    "LEVELS",
    "INVESTMENT",
    "wallet_year",
    "account_table",
    "customer_classes",
    "portfolio",
    "weight_sensitivity",
]

#: Source 001's three classes, highest first.
CLASSES: tuple[str, ...] = ("big", "high-potential", "ordinary")
#: Default criteria and weights of the account's attractiveness.
ATTRACTIVENESS: dict[str, float] = {"wallet": 0.4, "wallet_growth": 0.2, "industry_influence": 0.2, "margin_rate": 0.2}
#: Default criteria and weights of our strength at the account.
STRENGTH: dict[str, float] = {"share_of_wallet": 0.35, "health": 0.35, "tenure_years": 0.15, "csat_12m": 0.15}
#: The levels of each axis, lowest first.
LEVELS: tuple[str, ...] = ("low", "medium", "high")
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


def account_table(db: object, asof: object = None, health: pd.Series | None = None) -> pd.DataFrame:
    """One row per customer with what selection needs: revenue, wallet, share of wallet, health, satisfaction.

    Returns
    -------
    DataFrame
        Indexed by ``customer_id``: ``industry``, ``industry_influence``,
        ``n_orders``, ``tenure_years``, ``margin_rate`` (lifetime, 0 for
        prospects), ``revenue_12m``, ``revenue_year`` (wallet year),
        ``wallet``, ``wallet_growth`` (vs the year before; 0 when unknown),
        ``share_of_wallet``, ``white_space``, ``health`` (relationship health)
        and ``csat_12m`` (mean CSAT of the last 365 days; NaN without survey).
        ``health`` may pass the relationship-health scores for the same
        ``asof`` (from :func:`relationship_health`), to save computing them again.
    """
    day = as_of(db, asof)
    year = wallet_year(day)
    with warnings.catch_warnings():  # rows after the as-of day are left out: that is what "as of" means
        warnings.filterwarnings("ignore", message="customer_table: ignored", category=UserWarning)
        base = customer_table(db, asof=day)
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
        (大客户 / 潜力客户 / 普通客户).
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
    potential = ~big & (accounts["wallet"] >= threshold).to_numpy()
    label = np.select([big, potential], ["big", "high-potential"], "ordinary")
    out = accounts[["revenue_12m", "wallet", "share_of_wallet"]].copy()
    out["class"] = pd.Categorical(label, categories=list(CLASSES)[::-1], ordered=True)
    out["class_zh"] = out["class"].astype("object").map({c: zh(c) for c in CLASSES})
    return out


def _levels(score: pd.Series) -> pd.Series:
    cuts = score.quantile([1 / 3, 2 / 3]).to_numpy()
    return pd.Series(np.array(LEVELS)[np.searchsorted(cuts, score.to_numpy(), side="right")], index=score.index)


def portfolio(
    accounts: pd.DataFrame,
    attractiveness: Mapping[str, float] | None = None,
    strength: Mapping[str, float] | None = None,
) -> pd.DataFrame:
    """The nine-cell portfolio of the buying accounts: scores, levels, cell and recommended investment.

    Parameters
    ----------
    accounts : DataFrame
        From :func:`account_table` (or any table with the criteria as columns).
    attractiveness, strength : mapping {column: weight}, optional
        Defaults :data:`ATTRACTIVENESS` and :data:`STRENGTH`.

    Returns
    -------
    DataFrame
        For the accounts with ``n_orders > 0``: ``attractiveness`` and
        ``strength`` (0-100), ``attractiveness_level`` and ``strength_level``
        (low / medium / high, at the terciles), ``cell`` (e.g. ``"high/medium"``)
        and ``investment``. Missing criteria (no survey, no wallet) count as
        the median of the other accounts.
    """
    a_weights = dict(ATTRACTIVENESS if attractiveness is None else attractiveness)
    s_weights = dict(STRENGTH if strength is None else strength)
    require_frame(accounts, table="accounts")
    require_columns(accounts, ["n_orders", *a_weights, *s_weights], table="accounts")
    buyers = accounts[accounts["n_orders"] > 0]
    criteria = buyers[list(dict.fromkeys([*a_weights, *s_weights]))].astype("float64")
    criteria = criteria.fillna(criteria.median())
    out = pd.DataFrame(index=buyers.index)
    out["attractiveness"] = tier_score(criteria, a_weights, prospect_column=None)
    out["strength"] = tier_score(criteria, s_weights, prospect_column=None)
    out["attractiveness_level"] = _levels(out["attractiveness"])
    out["strength_level"] = _levels(out["strength"])
    out["cell"] = out["attractiveness_level"] + "/" + out["strength_level"]
    pairs = zip(out["attractiveness_level"], out["strength_level"], strict=True)
    out["investment"] = [INVESTMENT[pair] for pair in pairs]
    return out


def weight_sensitivity(
    accounts: pd.DataFrame,
    attractiveness: Mapping[str, float] | None = None,
    strength: Mapping[str, float] | None = None,
    change: float = 0.5,
    selected: str = "invest to grow",
) -> pd.DataFrame:
    """How much the selection moves when one weight moves: each weight raised and lowered by ``change``.

    Returns
    -------
    DataFrame
        One row per (axis, criterion, direction): the new weight (the others
        unchanged, all renormalised), ``moved`` = share of accounts whose
        recommendation changes and ``kept`` = share of the ``selected``
        accounts of the base portfolio still ``selected``.
    """
    base_a = dict(ATTRACTIVENESS if attractiveness is None else attractiveness)
    base_s = dict(STRENGTH if strength is None else strength)
    if not 0 < change < 1:
        raise CourseInputError(f"change must be a relative change between 0 and 1 (0.5 = ±50 %), got {change!r}.")
    base = portfolio(accounts, base_a, base_s)["investment"]
    chosen = base.index[base == selected]
    rows = []
    for axis, weights in (("attractiveness", base_a), ("strength", base_s)):
        for criterion, weight in weights.items():
            for direction, factor in (("up", 1 + change), ("down", 1 - change)):
                trial = dict(weights) | {criterion: weight * factor}
                args = (trial, base_s) if axis == "attractiveness" else (base_a, trial)
                moved = portfolio(accounts, *args)["investment"]
                kept = (moved.loc[chosen] == selected).mean() if len(chosen) else np.nan
                rows.append((axis, criterion, direction, trial[criterion], (moved != base).mean(), kept))
    columns = ["axis", "criterion", "direction", "weight", "moved", "kept"]
    return pd.DataFrame(rows, columns=columns).set_index(["axis", "criterion", "direction"])
