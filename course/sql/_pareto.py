"""The Pareto figures on DuckDB: top share, customers for a share, Gini and ABC classes, as :mod:`course.pareto`."""

from __future__ import annotations

import os

import numpy as np
import pandas as pd

from course.pareto import _check_abc_arguments, _count_for_share, _values
from course.sql._queries import double, pipeline, render
from course.sql._source import connect, open_source
from course.validation import CourseInputError

__all__ = ["top_share", "share_of_customers_for", "gini", "concentration_summary", "abc_classes"]


def _checked(values: object, column: str | None, customer: str, what: str) -> tuple[np.ndarray, pd.Index]:
    """One non-negative value per customer, checked by :mod:`course.pareto` (a file is read by DuckDB first)."""
    if isinstance(values, (str, os.PathLike)):
        con = connect()
        try:
            open_source(con, values, table="values")
            values = con.execute("SELECT * FROM source").df()
        finally:
            con.close()
    return _values(values, column, customer, allow_negative=False, what=what)


def _run(x: np.ndarray, concept: str, **params: object) -> pd.DataFrame:
    """Run ``concept`` on the values ``x`` (row position = input order, which breaks ties)."""
    frame = pd.DataFrame({"customer_id": np.arange(len(x), dtype="int64"), "value": x})
    frame["position"] = frame["customer_id"]
    con = connect()
    try:
        con.register("customer_values", frame)
        params["top"] = double(params.get("top", 0.2))
        steps = [("ranked_values", render("ranked_values", **params)), (concept, render(concept, **params))]
        order = " ORDER BY rank" if concept == "abc_classes" else ""
        return con.execute(pipeline(steps, f"SELECT * FROM {concept}{order}")).df()
    finally:
        con.close()


def _check_share(share: object) -> float:
    if isinstance(share, bool) or not isinstance(share, (int, float, np.integer, np.floating)) or not 0 <= share <= 1:
        raise CourseInputError(f"share must be a share of value between 0 and 1 (e.g. 0.8 for 80%), got {share!r}.")
    return float(share)


def _figures(x: np.ndarray, top: float, share: float) -> pd.Series:
    _count_for_share(top, len(x), name="top")
    row = _run(x, "concentration", top=top, share=double(_check_share(share))).iloc[0]
    return row


def concentration_summary(
    values: object,
    top: float = 0.2,
    share: float = 0.8,
    *,
    column: str | None = None,
    customer: str = "customer_id",
) -> pd.Series:
    """:func:`course.pareto.concentration_summary` on DuckDB: customers, total, top share, customers for a share, Gini.

    Examples
    --------
    >>> from course import sql
    >>> sql.concentration_summary([50.0, 20.0, 10.0, 10.0, 5.0, 5.0]).round(3)
    customers                6.00
    total                  100.00
    top_share                0.70
    customers_for_share      0.50
    gini                     0.45
    dtype: float64
    """
    x, _ = _checked(values, column, customer, "concentration_summary")
    row = _figures(x, top, share)
    return pd.Series(
        {name: float(row[name]) for name in ("customers", "total", "top_share", "customers_for_share", "gini")}
    )


def top_share(values: object, top: float = 0.2, *, column: str | None = None, customer: str = "customer_id") -> float:
    """:func:`course.pareto.top_share` on DuckDB: the share of the total held by the top ``ceil(top * n)``.

    Examples
    --------
    >>> from course import sql
    >>> sql.top_share([50.0, 20.0, 10.0, 10.0, 5.0, 5.0])
    0.7
    """
    x, _ = _checked(values, column, customer, "top_share")
    return float(_figures(x, top, 0.8)["top_share"])


def share_of_customers_for(
    values: object, share: float = 0.8, *, column: str | None = None, customer: str = "customer_id"
) -> float:
    """:func:`course.pareto.share_of_customers_for` on DuckDB: the smallest share of customers holding ``share``.

    Examples
    --------
    >>> from course import sql
    >>> sql.share_of_customers_for([50.0, 20.0, 10.0, 10.0, 5.0, 5.0])
    0.5
    """
    x, _ = _checked(values, column, customer, "share_of_customers_for")
    return float(_figures(x, 0.2, share)["customers_for_share"])


def gini(values: object, *, column: str | None = None, customer: str = "customer_id") -> float:
    """:func:`course.pareto.gini` on DuckDB (no small-sample correction).

    Examples
    --------
    >>> from course import sql
    >>> sql.gini([0.0, 0.0, 0.0, 12.0])
    0.75
    """
    x, _ = _checked(values, column, customer, "gini")
    return float(_figures(x, 0.2, 0.8)["gini"])


def abc_classes(
    values: object,
    thresholds: tuple[float, float] = (0.8, 0.95),
    labels: tuple[str, str, str] = ("A", "B", "C"),
    *,
    column: str | None = None,
    customer: str = "customer_id",
) -> pd.DataFrame:
    """:func:`course.pareto.abc_classes` on DuckDB: customers ranked by value with their ABC class.

    Examples
    --------
    >>> import pandas as pd
    >>> from course import sql
    >>> abc = sql.abc_classes(pd.Series({"A1": 50.0, "A2": 20.0, "B1": 10.0, "B2": 10.0, "C1": 5.0, "C2": 5.0}))
    >>> abc["abc_class"].tolist()
    ['A', 'A', 'A', 'B', 'B', 'C']
    """
    _check_abc_arguments(thresholds, labels)
    x, names = _checked(values, column, customer, "concentration_table")
    ranked = _run(x, "abc_classes", a=double(thresholds[0]), b=double(thresholds[1]))
    order = ranked["customer_id"].to_numpy()
    table = pd.DataFrame(
        {
            "rank": ranked["rank"].to_numpy().astype("int64"),
            "value": ranked["value"].to_numpy(),
            "value_share": ranked["value_share"].to_numpy(),
            "cum_value": ranked["cum_value"].to_numpy(),
            "cum_value_share": ranked["cum_value_share"].to_numpy(),
            "cum_customer_share": ranked["cum_customer_share"].to_numpy(),
        },
        index=names[order],
    )
    code = ranked["abc_class"].map({"A": 0, "B": 1, "C": 2}).to_numpy()
    table["abc_class"] = pd.Categorical.from_codes(code, categories=list(labels), ordered=True)
    return table
