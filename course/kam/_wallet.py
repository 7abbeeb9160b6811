"""White space and share of wallet (钱包份额) per key account and product line, against the peers of its industry.

The wallet table estimates what each account spends per product line, in a
year, with all its suppliers together. Set against what it bought from us it
shows where we are strong, where a competitor holds the spend and where we
sell nothing at all (white space, 空白点) -- where to grow.

Definitions
-----------
Share of wallet (SoW)
    Our completed revenue from the account and product line in the year /
    the account's wallet for that line and year.
White space
    Wallet - our revenue (the spend that goes to other suppliers).
Peers
    The accounts of the same industry that buy from us; their *typical*
    share is the median SoW per industry and product line, their *best*
    share the 75th percentile (``best_quantile``).
Growth potential
    What we would sell if we reached the peers' best share where we are
    below it: ``max(0, best share × wallet - our revenue)``.

:func:`white_space_by_class` adds the growth potential up per class of
source 001 (big / high-potential / ordinary customers): where the money is,
not only where the big customers are.

Examples
--------
>>> from course.data import load_b2b
>>> sow = share_of_wallet(load_b2b(), year=2025)
>>> sow.columns.tolist()
['industry', 'wallet', 'revenue', 'share', 'white_space']
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from course.kam._inputs import get_table, require_rows
from course.purchases import completed_orders
from course.validation import CourseInputError, require_columns

__all__ = ["share_of_wallet", "peer_benchmark", "growth_potential", "white_space_by_class"]


def share_of_wallet(db: object, year: int, customers: Iterable[str] | None = None) -> pd.DataFrame:
    """Wallet, our revenue, share of wallet and white space per customer and product line in ``year``.

    Returns
    -------
    DataFrame
        Indexed by (``customer_id``, ``product_line``): ``industry``,
        ``wallet``, ``revenue``, ``share``, ``white_space``.
    """
    wallet = get_table(db, "wallet", ["customer_id", "year", "product_line", "wallet"], purpose="share of wallet")
    require_rows(wallet, "wallet", purpose="share of wallet")
    this = wallet[wallet["year"] == year]
    if this.empty:
        years = sorted(wallet["year"].unique().tolist())
        raise CourseInputError(f"table 'wallet' has no estimate for {year}; it covers the years {years}.")
    if customers is not None:
        this = this[this["customer_id"].isin(list(customers))]
    orders = get_table(
        db, "orders", ["customer_id", "order_date", "product_line", "revenue", "status"], purpose="share of wallet"
    )
    lines = completed_orders(orders)
    lines = lines[lines["order_date"].dt.year == year]
    ours = lines.groupby(["customer_id", lines["product_line"].astype("object")])["revenue"].sum()
    table = this.assign(product_line=this["product_line"].astype("object")).set_index(["customer_id", "product_line"])
    industry = get_table(db, "customers", ["customer_id", "industry"], purpose="peers").set_index("customer_id")
    out = pd.DataFrame(index=table.index)
    out["industry"] = industry["industry"].astype("object").reindex(table.index.get_level_values(0)).to_numpy()
    out["wallet"] = table["wallet"]
    out["revenue"] = ours.reindex(table.index, fill_value=0.0)
    out["share"] = out["revenue"] / out["wallet"].where(out["wallet"] > 0)
    out["white_space"] = (out["wallet"] - out["revenue"]).clip(lower=0.0)
    return out


def peer_benchmark(sow: pd.DataFrame, best_quantile: float = 0.75) -> pd.DataFrame:
    """Typical (median) and best (``best_quantile``) share of wallet per industry and product line, among buyers."""
    if not 0.5 <= best_quantile < 1:
        raise CourseInputError(f"best_quantile must be between 0.5 and 1, got {best_quantile!r}.")
    buyers = sow[sow["revenue"] > 0]
    grouped = buyers.groupby(["industry", buyers.index.get_level_values("product_line")])["share"]
    return pd.DataFrame(
        {"peers": grouped.size(), "typical_share": grouped.median(), "best_share": grouped.quantile(best_quantile)}
    ).rename_axis(["industry", "product_line"])


def growth_potential(sow: pd.DataFrame, peers: pd.DataFrame) -> pd.DataFrame:
    """Each account and line against its industry's peers: the gap to the best share and the revenue it is worth.

    Returns ``sow`` with ``typical_share``, ``best_share`` and ``potential``
    (:math:`\\max(0, best\\_share \\times wallet - revenue)`), largest potential first.
    """
    keys = list(zip(sow["industry"], sow.index.get_level_values("product_line"), strict=True))
    out = sow.copy()
    out["typical_share"] = peers["typical_share"].reindex(keys).to_numpy()
    out["best_share"] = peers["best_share"].reindex(keys).to_numpy()
    out["potential"] = (out["best_share"] * out["wallet"] - out["revenue"]).clip(lower=0.0).fillna(0.0)
    return out.sort_values("potential", ascending=False)


def white_space_by_class(
    db: object, classes: pd.DataFrame, year: int, by_line: bool = False, best_quantile: float = 0.75
) -> pd.DataFrame:
    """Wallet, our revenue and growth potential at the peers' best share, per customer class (and product line).

    Parameters
    ----------
    db : B2BDatabase
    classes : DataFrame
        Indexed by ``customer_id`` with a ``class`` column, e.g. from
        :func:`course.kam.customer_classes` (big / high-potential / ordinary).
    year : int
        The wallet year (that of the classes' as-of date).
    by_line : bool, default False
        Split each class by product line.
    best_quantile : float, default 0.75
        The peers' best share (:func:`peer_benchmark`); the peers are all the
        accounts of the industry that buy the line, whatever their class.

    Returns
    -------
    DataFrame
        Indexed by ``class`` (and ``product_line``), highest class first:
        ``accounts``, ``wallet``, ``revenue``, ``share`` (revenue / wallet)
        and ``potential`` (the sum of :func:`growth_potential`).

    Examples
    --------
    >>> from course.data import load_b2b
    >>> from course.kam import account_table, customer_classes
    >>> db = load_b2b()
    >>> table = white_space_by_class(db, customer_classes(account_table(db, "2025-12-31")), 2025)
    >>> table.index.tolist()
    ['big', 'high-potential', 'ordinary']
    """
    require_columns(classes, ["class"], table="classes")
    sow = share_of_wallet(db, year)
    lines = growth_potential(sow, peer_benchmark(sow, best_quantile))
    ids = lines.index.get_level_values("customer_id")
    label = classes["class"].astype("object").reindex(ids)
    if label.isna().any():
        missing = sorted(set(ids[label.isna().to_numpy()]))
        raise CourseInputError(
            f"table 'classes' has no class for {len(missing)} customers of the wallet (e.g. {missing[:3]}); "
            "pass the classes of every customer (course.kam.customer_classes of account_table)."
        )
    keys = [label.to_numpy(), lines.index.get_level_values("product_line")] if by_line else [label.to_numpy()]
    grouped = lines.groupby(keys)
    out = grouped[["wallet", "revenue", "potential"]].sum()
    out.insert(0, "accounts", lines.assign(customer=ids).groupby(keys)["customer"].nunique())
    out.insert(3, "share", out["revenue"] / out["wallet"])
    out = out.rename_axis(["class", "product_line"] if by_line else "class")
    order = [c for c in ("big", "high-potential", "ordinary") if c in set(label)]
    return out.reindex(order, level=0) if by_line else out.reindex(order)
