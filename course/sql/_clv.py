"""The lifetimes-style summary on DuckDB, as :func:`course.clv.summary` gives it."""

from __future__ import annotations

import pandas as pd

from course.clv._summary import _check_options
from course.sql._lines import day_text, read_lines
from course.sql._queries import clv_params, render
from course.validation import CourseInputError, after_asof, warn_after_asof

__all__ = ["summary"]


def summary(
    transactions: object,
    customer: str = "customer_id",
    date: str = "date",
    amount: str | None = "amount",
    asof: object = None,
    freq: str = "D",
    freq_multiplier: float = 1,
    status: str | None = None,
) -> pd.DataFrame:
    """:func:`course.clv.summary` on DuckDB: frequency, recency, T and monetary value per customer.

    ``status`` names a status column when the table holds lines that are not purchases (only
    ``'completed'`` lines count).

    Examples
    --------
    >>> import pandas as pd
    >>> from course import sql
    >>> tx = pd.DataFrame({"customer_id": ["A", "A", "B"],
    ...                    "date": ["2024-01-01", "2024-01-15", "2024-01-08"],
    ...                    "amount": [10.0, 30.0, 5.0]})
    >>> sql.summary(tx, asof="2024-01-29", freq="W")  # doctest: +NORMALIZE_WHITESPACE
                 frequency  recency    T  monetary_value
    customer_id
    A                    1      2.0  4.0            30.0
    B                    0      0.0  3.0             0.0
    """
    freq, multiplier = _check_options(freq, freq_multiplier)
    lines = read_lines(
        transactions,
        table="transactions",
        customer=customer,
        date=date,
        amount=amount,
        order=None,
        status=status,
        asof=asof,
    )
    try:
        found = lines.checks
        if found.n_after:
            warn_after_asof(
                f"{after_asof(found.n_after, day_text(lines.asof_day), 'transaction row(s)')} were left out."
            )
        if found.n_after >= found.n_purchases:
            raise CourseInputError(
                f"table '{lines.source.table}': no transaction is dated on or before asof {day_text(lines.asof_day)} "
                f"(the first is {day_text(found.first_day)}). Choose a later date."
            )
        body = render("clv_summary", **clv_params(freq, multiplier, lines.asof))
        result = lines.run([("summary", body)], "SELECT * FROM summary ORDER BY customer_id")
    finally:
        lines.close()
    out = pd.DataFrame(
        {
            "frequency": result["frequency"].to_numpy().astype("int64"),
            "recency": result["recency"].to_numpy().astype("float64"),
            "T": result["T"].to_numpy().astype("float64"),
        },
        index=pd.Index(result["customer_id"], name=customer),
    )
    if amount is not None:
        out["monetary_value"] = result["monetary_value"].to_numpy().astype("float64")
    return out
