"""What the lesson checks share: the exercises' as-of date, completed lines, per-customer sums and common hints.

Every lesson's check module builds its expected answers from these, so that
"completed lines", "per customer" or "the buyers" mean the same in every
exercise (and the same as :mod:`course.purchases`, the one definition of a
purchase).

Examples
--------
>>> from course.data import load_b2b
>>> db = load_b2b()
>>> revenue = customer_sum(completed(db), "revenue")
>>> bool(revenue.index.is_monotonic_increasing), len(revenue) == len(buyers(customers(db)))
(True, True)
"""

from __future__ import annotations

import warnings
from collections.abc import Callable

import pandas as pd

from course.checks.registry import AnswerError
from course.customers import customer_table
from course.data import DEFAULT_ASOF
from course.i18n import N_
from course.purchases import completed_orders
from course.validation import AsofWarning

__all__ = [
    "ASOF",
    "COMPLETED_LINES",
    "COMPLETED_HINT",
    "FILTER_HINT",
    "PERCENT",
    "ALL_LINES",
    "completed",
    "order_lines",
    "ids",
    "all_ids",
    "per_customer",
    "customer_sum",
    "cost_to_serve",
    "customer_profit",
    "customers",
    "buyers",
    "hint_when_wrong",
]

#: The day of the analysis in every exercise database.
ASOF = pd.Timestamp(DEFAULT_ASOF)

# The shared hints and messages below are marked for the package catalogue (``N_``) and translated where
# a check uses them, ``_(COMPLETED_HINT)``: a constant is made once, in the language of no one.

#: The hint for an answer that kept cancelled and returned lines (a clause, and a sentence).
COMPLETED_LINES = N_("keep only the completed order lines: `db.orders[db.orders['status'] == 'completed']`")
COMPLETED_HINT = N_("keep only the completed order lines: `db.orders[db.orders['status'] == 'completed']`.")
#: The same hint in the RFM and CLV exercises' wording.
FILTER_HINT = N_("keep only completed order lines: db.orders[db.orders['status'] == 'completed'].")
#: The message for an answer computed on every order line.
ALL_LINES = N_("it includes cancelled and returned lines.")
#: The hint for a percentage given where a fraction is asked for.
PERCENT = N_("give a fraction between 0 and 1, not a percentage.")


def completed(db) -> pd.DataFrame:
    """The completed order lines of ``db`` (:func:`course.purchases.completed_orders`)."""
    return completed_orders(db.orders)


def order_lines(db, *, completed_only: bool = True) -> pd.DataFrame:
    """The completed order lines, or with ``completed_only=False`` all of them (to recompute a mistake)."""
    return completed(db) if completed_only else db.orders


def ids(series: pd.Series) -> pd.Series:
    """Customer ids as plain objects, so that answers with ``str`` or categorical ids align."""
    return series.astype("object")


def all_ids(db) -> pd.Index:
    """Every customer id of ``db.customers``, prospects included."""
    return pd.Index(ids(db.customers["customer_id"]))


def per_customer(lines: pd.DataFrame) -> pd.core.groupby.DataFrameGroupBy:
    """``lines`` grouped by customer id (sorted, plain ids)."""
    return lines.groupby(ids(lines["customer_id"]), sort=True)


def customer_sum(lines: pd.DataFrame, column: str) -> pd.Series:
    """The sum of ``column`` per customer of ``lines``."""
    return per_customer(lines)[column].sum()


def cost_to_serve(db) -> pd.Series:
    """Total cost to serve per customer that has a cost-to-serve record."""
    return customer_sum(db.cost_to_serve, "total")


def customer_profit(
    db, *, lines: pd.DataFrame | None = None, column: str = "margin", among: pd.Index | None = None
) -> pd.Series:
    """Margin (or ``column``) of ``lines`` minus cost to serve, per buyer of ``lines`` (or per customer of ``among``).

    ``lines`` are the completed lines by default; a customer without a
    cost-to-serve record has a cost of 0.
    """
    lines = completed(db) if lines is None else lines
    value = customer_sum(lines, column)
    among = value.index if among is None else among
    return value.reindex(among, fill_value=0.0) - cost_to_serve(db).reindex(among, fill_value=0.0)


def customers(db, asof: object = ASOF) -> pd.DataFrame:
    """:func:`course.customers.customer_table` as of ``asof``, without its warning about later rows."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", AsofWarning)  # rows after asof are left out on purpose
        return customer_table(db, asof=asof)


def buyers(table: pd.DataFrame) -> pd.DataFrame:
    """The customers of a customer table with at least one completed order."""
    return table[table["n_orders"] > 0]


def hint_when_wrong(check: Callable[[str], None], hint: Callable[[], str]) -> None:
    """Run ``check`` (which raises for a wrong answer) without a hint; only if it fails, work out the hint, run again.

    Hints recompute the likely mistakes (other filters, refitted models), so a
    right answer should not pay for them; the message of a wrong one is the same.
    """
    try:
        check("")
    except AnswerError:
        check(hint())
