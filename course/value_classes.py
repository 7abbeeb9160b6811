"""Source 003's value-based classification (基于客户价值的分类): four classes from four value criteria.

Source 003 judges a customer's value by its **purchase amount** (购买金额),
**purchase frequency** (购买频率), **profit contribution** (利润贡献) and
**customer lifetime value** (客户终身价值), and sorts customers into four
classes. The source describes them in words; the course's written rule makes
each word a comparison with the other buyers. A value is *high* when its
percentile rank among the customers given (ties share their average rank) is
above ``high`` -- with the default 0.5, above the median. Then, first match:

====================================  ===================================================
class                                 rule (the source's words)
====================================  ===================================================
重要价值客户 Important value          amount, frequency **and** profit high
                                      (购买金额高、购买频率高且利润贡献大)
重要发展客户 Important development    amount high, frequency not high, lifetime value high
                                      (购买金额较高、购买频率较低,但具有较大发展潜力)
低价值客户 Low value                  amount, frequency **and** profit not high
                                      (购买金额低、购买频率低且利润贡献小)
一般价值客户 General value            everyone else: moderate on the criteria
                                      (购买金额和购买频率适中,利润贡献一般)
====================================  ===================================================

A customer who has stopped buying is not a customer of low value: it is
**lost** (流失客户), and the four classes are for current customers. With
``recency`` (days since the last purchase on the as-of date), a customer
with more than ``lost_days`` (365, the course's churn rule of lessons 06 and
09) goes to the fifth class *Lost* before any ranking, and the medians are
those of the current customers only -- a lost account would otherwise pull
every median down and sit in 低价值 (or, on its past profit, in 重要价值).

The RFM model of lesson 03 borrows three of these names for its eight
classes, but it is built from recency, frequency and spend only: no profit,
no future value. This is the classification the source means.

Examples
--------
>>> import pandas as pd
>>> customers = pd.DataFrame({"revenue": [900.0, 800.0, 50.0, 60.0], "n_orders": [30, 4, 2, 25],
...                           "profit": [200.0, 90.0, -5.0, 10.0], "clv": [300.0, 400.0, 1.0, 20.0]},
...                          index=["A", "B", "C", "D"])
>>> value_classes(customers)["class_en"].tolist()
['Important value', 'Important development', 'Low value', 'General value']
>>> value_classes(customers.assign(recency=[10, 500, 30, 40]), recency="recency")["class_en"].tolist()
['Important value', 'Lost', 'Low value', 'Important value']

B has not bought for 500 days: lost, and out of the ranks, so D is now above
the median of the three current customers on every criterion.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from course.glossary import zh
from course.validation import (
    CourseInputError,
    describe_rows,
    parse_numbers,
    require_columns,
    require_frame,
    require_not_empty,
)

__all__ = ["VALUE_CLASSES", "value_classes"]

#: The four classes, in order of value, with their Chinese names and the rule in words.
VALUE_CLASSES = pd.DataFrame(
    [
        ("Important value", "amount, frequency and profit high"),
        ("Important development", "amount high, frequency not high, lifetime value high"),
        ("General value", "moderate: every other combination"),
        ("Low value", "amount, frequency and profit not high"),
        ("Lost", "no purchase for more than 365 days: a win-back list, not a value class"),
    ],
    columns=["class_en", "rule"],
)
VALUE_CLASSES.insert(1, "class_zh", VALUE_CLASSES["class_en"].map(zh))

_TABLE = "customers"


def value_classes(
    customers: pd.DataFrame,
    *,
    amount: str = "revenue",
    frequency: str = "n_orders",
    profit: str = "profit",
    clv: str = "clv",
    high: float = 0.5,
    recency: str | None = None,
    lost_days: float = 365,
) -> pd.DataFrame:
    """Sort customers into source 003's four value classes, the lost apart (see the module docstring).

    Parameters
    ----------
    customers : DataFrame
        One row per customer (buyers: a prospect would pull every median
        down), with the four criteria. Not modified.
    amount, frequency, profit, clv : str
        The columns holding purchase amount, purchase frequency, profit
        contribution and lifetime value -- over the same period for the first
        three (e.g. the last 24 months).
    high : float, default 0.5
        A value is high when its percentile rank among the current customers
        is above this (0.5: above the median; 0.75: in the top quarter).
    recency : str, optional
        Column of days since the last purchase on the as-of date. Given, a
        customer above ``lost_days`` is *Lost* and left out of the ranks;
        ``None`` when every customer given is current (you filtered them).
    lost_days : float, default 365
        The course's rule: more than a year without a purchase is lost.

    Returns
    -------
    DataFrame
        A copy of ``customers`` with the bool columns ``high_amount``,
        ``high_frequency``, ``high_profit``, ``high_clv`` and the categorical
        ``class_en`` and ``class_zh`` (categories in the order of
        :data:`VALUE_CLASSES`); the flags are False for a lost customer.

    Raises
    ------
    CourseInputError
        ``customers`` is not a non-empty DataFrame, a column is missing, not
        numeric or has empty cells (the message names the rows), ``high``
        is not strictly between 0 and 1, or no customer is current.
    """
    if isinstance(high, bool) or not isinstance(high, (int, float, np.integer, np.floating)) or not 0 < high < 1:
        raise CourseInputError(f"high must be a share strictly between 0 and 1 (0.5 = above the median), got {high!r}.")
    require_not_empty(require_frame(customers, table=_TABLE), table=_TABLE)
    columns = {"amount": amount, "frequency": frequency, "profit": profit, "clv": clv}
    require_columns(customers, list(columns.values()) + ([recency] if recency else []), table=_TABLE)
    lost = np.zeros(len(customers), dtype=bool)
    if recency is not None:
        if isinstance(lost_days, bool) or not isinstance(lost_days, (int, float, np.integer, np.floating)):
            raise CourseInputError(f"lost_days must be a number of days (365: the course's rule), got {lost_days!r}.")
        days = _values(customers, recency, "recency")
        lost = (days > lost_days).to_numpy()
        if lost.all():
            raise CourseInputError(
                f"table '{_TABLE}', column '{recency}': every customer has more than {lost_days:g} days since "
                "the last purchase, so none is current to classify: check the as-of date and the column."
            )
    flags = {}
    for role, column in columns.items():
        values = _values(customers, column, role).where(~lost)  # the lost take no part in the ranks
        flags[f"high_{role}"] = (values.rank(method="average", pct=True) > high).to_numpy()
    a, f, p, v = (flags[f"high_{role}"] for role in columns)
    position = np.select([lost, a & f & p, a & ~f & v, ~a & ~f & ~p], [4, 0, 1, 3], default=2)
    result = customers.copy()
    for name, flag in flags.items():
        result[name] = flag
    for column in ("class_en", "class_zh"):
        result[column] = pd.Categorical.from_codes(position, categories=VALUE_CLASSES[column].tolist())
    return result


def _values(customers: pd.DataFrame, column: str, role: str) -> pd.Series:
    """The numbers of ``column``, every row filled (the message names empty rows)."""
    values = parse_numbers(customers, column, table=_TABLE, allow_missing=True)
    if values.isna().any():
        detail = describe_rows(customers, values.isna(), column, ("is empty", "are empty"))
        raise CourseInputError(
            f"table '{_TABLE}', column '{column}' ({role}): {detail}. Every customer needs a value: fill "
            "it (e.g. 0 for no purchase in the period) or keep the buyers only."
        )
    return values
