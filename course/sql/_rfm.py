"""RFM on DuckDB: the table, the scores, the eight classes and the named segments, as :mod:`course.rfm` gives them."""

from __future__ import annotations

import numpy as np
import pandas as pd

from course.rfm import EIGHT_CLASSES, SEGMENTS, _check_columns_numeric
from course.sql._lines import day_text, read_lines
from course.sql._queries import frequency_sql, render, rfm_steps
from course.sql._source import connect, open_source
from course.validation import CourseInputError, after_asof, describe_rows, warn_after_asof

__all__ = ["rfm_table", "rfm_scores", "eight_classes", "named_segments", "rfm_segments"]

_SCORES = ["r_score", "f_score", "m_score", "rfm_code"]
_FLAGS = ["recent", "frequent", "high_value"]


def _rfm_lines(transactions, customer, date, amount, order, asof, status, caller):
    """The checked lines and the RFM step, with the pandas function's warning and error about dropped rows."""
    lines = read_lines(
        transactions,
        table="transactions",
        customer=customer,
        date=date,
        amount=amount,
        order=order,
        status=status,
        asof=asof,
    )
    found = lines.checks
    late, non_positive = found.n_after, found.n_non_positive
    if late or non_positive:
        reasons = []
        if late:
            reasons.append(after_asof(late, day_text(lines.asof_day), ""))
        if non_positive:
            reasons.append(f"{non_positive:,} with {amount} <= 0 (returns, refunds or free items)")
        warn_after_asof(
            f"{caller} dropped {late + non_positive:,} of {found.n_purchases:,} rows: " + " and ".join(reasons) + ".",
            other_reasons=bool(non_positive),
            stacklevel=3,
        )
    if found.n_purchases - late - non_positive <= 0:
        lines.close()
        raise CourseInputError(
            f"table '{lines.source.table}': no purchase is left on or before asof {day_text(lines.asof_day)} with "
            f"{amount} > 0. Check the asof date and the filter applied before this call."
        )
    lines.steps.append(("rfm", render("rfm_table", asof_day=lines.asof_day, frequency=frequency_sql(order))))
    return lines


def _run_sorted(lines, steps: list[tuple[str, str]], final: str) -> pd.DataFrame:
    """Run an RFM statement whose final query sorts by ``customer_id`` (one row per customer).

    The sort by a unique key fixes the order of the result, so the order in which DuckDB's threads read and
    aggregate the lines does not matter: this connection lets DuckDB drop it (less memory, less waiting).
    """
    lines.con.execute("SET SESSION preserve_insertion_order = false")
    return lines.run(steps, final)


def _rfm_frame(result: pd.DataFrame, customer: str) -> pd.DataFrame:
    out = pd.DataFrame(
        {
            "recency": result["recency"].to_numpy().astype("int64"),
            "frequency": result["frequency"].to_numpy().astype("int64"),
            "monetary": result["monetary"].to_numpy().astype("float64"),
        },
        index=pd.Index(result["customer_id"], name=customer),
    )
    return out


def rfm_table(
    transactions: object,
    customer: str = "customer_id",
    date: str = "date",
    amount: str = "amount",
    order: str | None = None,
    asof: object = None,
    status: str | None = None,
) -> pd.DataFrame:
    """:func:`course.rfm.rfm_table` on DuckDB, from a DataFrame, a CSV or Parquet file, or a folder of them.

    Same definitions, warnings, errors and result as the pandas function. ``status`` names a status
    column when the table holds lines that are not purchases: only ``'completed'`` lines count (an
    unknown status is an error), which is ``rfm_table(completed_orders(orders), …)`` in pandas; the
    default as-of day is then the day after the latest line of any status (:mod:`course.purchases`).

    Examples
    --------
    >>> import pandas as pd
    >>> from course import sql
    >>> lines = pd.DataFrame({"customer_id": ["C1", "C1", "C2"], "order_id": ["O1", "O2", "O3"],
    ...                       "order_date": ["2025-12-01", "2025-12-21", "2025-06-30"],
    ...                       "revenue": [100.0, 80.0, 500.0]})
    >>> sql.rfm_table(lines, date="order_date", amount="revenue", order="order_id",
    ...               asof="2025-12-31")  # doctest: +NORMALIZE_WHITESPACE
                 recency  frequency  monetary
    customer_id
    C1                10          2     180.0
    C2               184          1     500.0
    """
    lines = _rfm_lines(transactions, customer, date, amount, order, asof, status, "rfm_table")
    try:
        result = _run_sorted(lines, [], "SELECT * FROM rfm ORDER BY customer_id")
    finally:
        lines.close()
    return _rfm_frame(result, customer)


def _per_customer(source: object, columns: list[str], *, table: str) -> tuple[pd.DataFrame, dict[str, pd.Series]]:
    """A one-row-per-customer table as pandas (a file is read by DuckDB), checked as :mod:`course.rfm` does."""
    if not isinstance(source, pd.DataFrame):
        con = connect()
        try:
            open_source(con, source, table=table)
            source = con.execute("SELECT * FROM source").df()
        finally:
            con.close()
    return source, _check_columns_numeric(source, columns, table=table)


def _run_on_values(values: dict[str, pd.Series], steps: list[tuple[str, str]], final: str) -> pd.DataFrame:
    """Run RFM steps on a table of the canonical columns ``recency, frequency, monetary`` (+ the row order)."""
    from course.sql._queries import pipeline

    frame = pd.DataFrame({name: series.to_numpy() for name, series in values.items()})
    frame["customer_id"] = np.arange(len(frame), dtype="int64")  # the row position stands for the customer
    con = connect()
    try:
        con.register("rfm", frame)
        return con.execute(pipeline(steps, final)).df()
    finally:
        con.close()


def rfm_scores(
    rfm: object,
    bins: int = 5,
    recency: str = "recency",
    frequency: str = "frequency",
    monetary: str = "monetary",
) -> pd.DataFrame:
    """:func:`course.rfm.rfm_scores` on DuckDB (``rank()`` window functions): tie-safe scores 1 to ``bins``.

    Examples
    --------
    >>> import pandas as pd
    >>> from course import sql
    >>> rfm = pd.DataFrame({"recency": [5, 40, 40, 300], "frequency": [1, 1, 1, 6],
    ...                     "monetary": [10.0, 20.0, 30.0, 40.0]}, index=["A", "B", "C", "D"])
    >>> sql.rfm_scores(rfm, bins=4)["rfm_code"].tolist()
    ['411', '212', '213', '144']
    """
    if isinstance(bins, bool) or not isinstance(bins, (int, np.integer)) or not 2 <= bins <= 9:
        raise CourseInputError(f"bins={bins!r} must be a whole number from 2 to 9 (5 is usual).")
    frame, values = _per_customer(rfm, [recency, frequency, monetary], table="rfm")
    canonical = {"recency": values[recency], "frequency": values[frequency], "monetary": values[monetary]}
    steps, _ = rfm_steps("rfm_scores", bins=int(bins))
    scored = _run_on_values(canonical, steps, "SELECT * FROM scores ORDER BY customer_id")
    result = frame.copy()
    for column in _SCORES[:3]:
        result[column] = scored[column].to_numpy().astype("int64")
    result["rfm_code"] = pd.Series(scored["rfm_code"].to_numpy(), index=result.index, dtype="str")
    return result


def _add_classes(result: pd.DataFrame, classified: pd.DataFrame) -> pd.DataFrame:
    for column in _FLAGS:
        result[column] = classified[column].to_numpy().astype(bool)
    # the classes come back as their position in EIGHT_CLASSES: no million strings to convert
    codes = classified["class_position"].to_numpy().astype("int64")
    for column in ("class_zh", "class_en"):
        result[column] = pd.Categorical.from_codes(codes, categories=EIGHT_CLASSES[column].tolist())
    return result


#: The final queries of the DuckDB path: positions instead of names (DuckDB's EXCLUDE; the files keep both).
_CLASSES_FINAL = "SELECT * EXCLUDE (class_en, class_zh) FROM classes ORDER BY customer_id"
_SEGMENTS_FINAL = "SELECT * EXCLUDE (segment, segment_zh) FROM segments ORDER BY customer_id"
_ALL_FINAL = (
    "SELECT segments.* EXCLUDE (segment, segment_zh), classes.recent, classes.frequent, classes.high_value, "
    "classes.class_position FROM segments JOIN classes ON classes.customer_id = segments.customer_id "
    "ORDER BY segments.customer_id"
)


def eight_classes(
    rfm: object,
    recency: str = "recency",
    frequency: str = "frequency",
    monetary: str = "monetary",
    reference: str = "mean",
) -> pd.DataFrame:
    """:func:`course.rfm.eight_classes` on DuckDB: each raw value against its mean (or median).

    Examples
    --------
    >>> import pandas as pd
    >>> from course import sql
    >>> rfm = pd.DataFrame({"recency": [1, 200, 300], "frequency": [12, 2, 1],
    ...                     "monetary": [9000.0, 300.0, 100.0]}, index=["A", "B", "C"])
    >>> sql.eight_classes(rfm)["class_zh"].tolist()
    ['重要价值客户', '一般挽留客户', '一般挽留客户']
    """
    if reference not in ("mean", "median"):
        raise CourseInputError(f"reference={reference!r} is not supported; use 'mean' or 'median'.")
    frame, values = _per_customer(rfm, [recency, frequency, monetary], table="rfm")
    canonical = {"recency": values[recency], "frequency": values[frequency], "monetary": values[monetary]}
    steps, _ = rfm_steps("eight_classes", reference=reference)
    classified = _run_on_values(canonical, steps, _CLASSES_FINAL)
    return _add_classes(frame.copy(), classified)


def _check_scores(scores: pd.DataFrame, values: dict[str, pd.Series]) -> None:
    for column, series in values.items():
        bad = ~series.isin([1, 2, 3, 4, 5])
        if bad.any():
            detail = describe_rows(scores, bad, column, ("is not a whole score 1-5", "are not whole scores 1-5"))
            raise CourseInputError(
                f"table 'scores', column '{column}': {detail}. Compute the scores with rfm_scores(rfm, bins=5)."
            )


def _add_segments(result: pd.DataFrame, segmented: pd.DataFrame) -> pd.DataFrame:
    codes = segmented["segment_position"].to_numpy().astype("int64")
    result["segment"] = pd.Categorical.from_codes(codes, categories=SEGMENTS["segment"].tolist())
    result["segment_zh"] = pd.Categorical.from_codes(codes, categories=SEGMENTS["segment_zh"].tolist())
    return result


def named_segments(scores: object, r: str = "r_score", f: str = "f_score") -> pd.DataFrame:
    """:func:`course.rfm.named_segments` on DuckDB: a join with the 5 x 5 grid of R and F scores.

    Examples
    --------
    >>> import pandas as pd
    >>> from course import sql
    >>> s = pd.DataFrame({"r_score": [5, 1, 3], "f_score": [5, 5, 3]}, index=["A", "B", "C"])
    >>> sql.named_segments(s)["segment"].tolist()
    ['Champions', "Can't lose them", 'Need attention']
    """
    frame, values = _per_customer(scores, [r, f], table="scores")
    _check_scores(frame, values)
    from course.sql._queries import lookup_tables, pipeline

    table = pd.DataFrame({"r_score": values[r].to_numpy().astype("int64"), "f_score": values[f].to_numpy()})
    table["f_score"] = table["f_score"].astype("int64")
    table["customer_id"] = np.arange(len(table), dtype="int64")
    con = connect()
    try:
        con.register("scores", table)
        body = render("named_segments", segment_grid=lookup_tables()["segment_grid"])
        segmented = con.execute(pipeline([("segments", body)], _SEGMENTS_FINAL)).df()
    finally:
        con.close()
    return _add_segments(frame.copy(), segmented)


def rfm_segments(
    transactions: object,
    customer: str = "customer_id",
    date: str = "date",
    amount: str = "amount",
    order: str | None = None,
    asof: object = None,
    status: str | None = None,
    reference: str = "mean",
) -> pd.DataFrame:
    """RFM table, scores (5 bins), eight classes and named segments of every customer, in one DuckDB statement.

    Equal to ``named_segments(rfm_scores(rfm))`` joined with the class columns of ``eight_classes(rfm)``,
    where ``rfm = rfm_table(…)``, without the round trips through pandas: the fast way to tier millions
    of order lines.

    Returns
    -------
    DataFrame
        Indexed by customer (sorted): ``recency``, ``frequency``, ``monetary``, ``r_score``, ``f_score``,
        ``m_score``, ``rfm_code``, ``segment``, ``segment_zh``, ``recent``, ``frequent``, ``high_value``,
        ``class_zh``, ``class_en``.

    Examples
    --------
    >>> import pandas as pd
    >>> from course import sql
    >>> sales = pd.DataFrame({"customer_id": ["A", "A", "B"], "date": ["2025-03-01", "2025-03-20", "2024-06-30"],
    ...                       "amount": [100.0, 50.0, 900.0]})
    >>> segments = sql.rfm_segments(sales, asof="2025-03-31")
    >>> segments[["rfm_code", "segment", "class_en"]]  # doctest: +NORMALIZE_WHITESPACE
                rfm_code         segment            class_en
    customer_id
    A                331  Need attention       General value
    B                113            Lost  Important win-back
    """
    lines = _rfm_lines(transactions, customer, date, amount, order, asof, status, "rfm_segments")
    try:
        steps, _ = rfm_steps("rfm_segments", reference=reference)
        result = _run_sorted(lines, steps, _ALL_FINAL)
    finally:
        lines.close()
    out = _rfm_frame(result, customer)
    for column in _SCORES[:3]:
        out[column] = result[column].to_numpy().astype("int64")
    out["rfm_code"] = pd.Series(result["rfm_code"].to_numpy(), index=out.index, dtype="str")
    out = _add_segments(out, result)
    return _add_classes(out, result)
