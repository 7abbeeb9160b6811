"""The SQL text of each concept (``course/sql/queries/*.sql``) and how it is put together.

Each file is one ``SELECT`` that reads relations named by the concept it
builds on -- ``order_lines`` → ``purchases`` → ``rfm`` → ``scores`` -- with
``{placeholders}`` for the parameters (the as-of day, the number of bins…).
:func:`pipeline` chains them with ``WITH``, so one statement goes from the
raw table to the answer, and the same statement runs on DuckDB, on Spark SQL
or in a warehouse: only the quoting of the source's own column names
differs (``"order"`` in DuckDB and most warehouses, ```order``` in Spark).

Examples
--------
>>> print(text("purchases"))  # doctest: +NORMALIZE_WHITESPACE
-- course.purchases: the purchases known on the as-of date -- completed lines dated on or before it.
SELECT customer_id, order_id, day, amount
FROM order_lines
WHERE purchase AND day <= {asof_day}
>>> sql = query("rfm_table", asof="2025-12-31", date="order_date", amount="revenue", order="order_id")
>>> sql.splitlines()[0]
'WITH order_lines AS ('
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pandas as pd

from course.purchases import PURCHASE_STATUS, day_number, resolve_asof
from course.validation import CourseInputError

__all__ = ["QUERIES_DIR", "CONCEPTS", "names", "text", "render", "pipeline", "query", "quote"]

#: The folder of the SQL files.
QUERIES_DIR = Path(__file__).with_name("queries")

#: Each concept and the relations it reads, in the order they are built.
CONCEPTS = {
    "order_lines": (),
    "purchases": ("order_lines",),
    "rfm_table": ("purchases",),
    "rfm_scores": ("rfm_table",),
    "eight_classes": ("rfm_table",),
    "named_segments": ("rfm_scores",),
    "lifecycle_states": ("purchases",),
    "clv_summary": ("purchases",),
    "ranked_values": (),
    "concentration": ("ranked_values",),
    "abc_classes": ("ranked_values",),
}
#: The name under which a concept's result is read by the next one.
RELATION = {"rfm_table": "rfm", "rfm_scores": "scores", "eight_classes": "classes", "named_segments": "segments"}

_QUOTES = {"duckdb": '"', "spark": "`"}


def frequency_sql(order: str | None) -> str:
    """The SQL of RFM frequency: distinct purchase days (a purchase is a customer-day, :mod:`course.purchases`),
    or distinct orders when an order column is given -- as :func:`course.rfm.rfm_table` counts.

    Examples
    --------
    >>> frequency_sql(None), frequency_sql("order_id")
    ('count(DISTINCT day)', 'count(DISTINCT order_id)')
    """
    return "count(DISTINCT order_id)" if order is not None else "count(DISTINCT day)"


def names() -> list[str]:
    """The concepts that have a SQL file, e.g. ``'rfm_table'``.

    Examples
    --------
    >>> "rfm_scores" in names()
    True
    """
    return sorted(path.stem for path in QUERIES_DIR.glob("*.sql"))


@cache
def text(name: str) -> str:
    """The SQL file of concept ``name``, as written (placeholders unfilled).

    Examples
    --------
    >>> text("rfm_table").splitlines()[0]
    '-- course.rfm.rfm_table: recency, frequency and monetary value of every customer.'
    """
    path = QUERIES_DIR / f"{name}.sql"
    if not path.exists():
        raise CourseInputError(f"no SQL file for {name!r}; the concepts are {', '.join(names())}.")
    return path.read_text(encoding="utf-8").rstrip("\n")


def render(name: str, **params: object) -> str:
    """The SQL of ``name`` with its placeholders filled in.

    Examples
    --------
    >>> render("purchases", asof_day=20453).splitlines()[-1]
    'WHERE purchase AND day <= 20453'
    """
    try:
        return text(name).format(**params)
    except KeyError as missing:
        raise CourseInputError(f"the SQL of {name!r} needs the parameter {missing}.") from None


def quote(identifier: str, dialect: str = "duckdb") -> str:
    """``identifier`` quoted for ``dialect`` ("duckdb" also suits most warehouses; "spark" uses backticks).

    Examples
    --------
    >>> quote("order"), quote("order", "spark")
    ('"order"', '`order`')
    """
    if dialect not in _QUOTES:
        raise CourseInputError(f"dialect={dialect!r} is not known; use 'duckdb' or 'spark'.")
    mark = _QUOTES[dialect]
    return f"{mark}{str(identifier).replace(mark, mark * 2)}{mark}"


def pipeline(steps: list[tuple[str, str]], final: str) -> str:
    """``WITH step AS (sql), … final``: the steps as ``(relation name, SQL)`` pairs, then the final query.

    Examples
    --------
    >>> print(pipeline([("a", "SELECT 1 AS x")], "SELECT * FROM a"))
    WITH a AS (
    SELECT 1 AS x
    )
    SELECT * FROM a
    """
    parts = [f"{name} AS (\n{sql}\n)" for name, sql in steps]
    return "WITH " + ",\n".join(parts) + f"\n{final}"


def union_table(rows: list[tuple], columns: list[str]) -> str:
    """A small lookup table as ``SELECT … UNION ALL SELECT …`` (portable across engines).

    Examples
    --------
    >>> print(union_table([(1, "a"), (2, "b")], ["k", "name"]))
        SELECT 1 AS k, 'a' AS name
        UNION ALL SELECT 2, 'b'
    """

    def literal(value: object) -> str:
        if isinstance(value, bool):
            return "TRUE" if value else "FALSE"
        if isinstance(value, str):
            return "'" + value.replace("'", "''") + "'"
        return str(int(value))

    lines = []
    for i, row in enumerate(rows):
        if i == 0:
            lines.append("    SELECT " + ", ".join(f"{literal(v)} AS {c}" for v, c in zip(row, columns, strict=True)))
        else:
            lines.append("    UNION ALL SELECT " + ", ".join(literal(v) for v in row))
    return "\n".join(lines)


@cache
def lookup_tables() -> dict[str, str]:
    """The eight classes and the segment grid of :mod:`course.rfm` as SQL lookup tables (one source of names)."""
    from course.rfm import EIGHT_CLASSES, SEGMENT_GRID, SEGMENTS

    columns = ["recent", "frequent", "high_value", "class_en", "class_zh"]
    classes = [
        (*(bool(v) for v in row[:3]), *row[3:], position)
        for position, row in enumerate(EIGHT_CLASSES[columns].itertuples(index=False))
    ]
    names = SEGMENTS["segment"].tolist()
    zh = SEGMENTS.set_index("segment")["segment_zh"]
    grid = [
        (r, f, SEGMENT_GRID.loc[r, f], zh[SEGMENT_GRID.loc[r, f]], names.index(SEGMENT_GRID.loc[r, f]))
        for r in range(1, 6)
        for f in range(1, 6)
    ]
    return {
        "eight_classes": union_table(classes, columns + ["class_position"]),
        "segment_grid": union_table(grid, ["r_score", "f_score", "segment", "segment_zh", "segment_position"]),
    }


#: Period expressions of :func:`course.clv.summary` on day numbers: days, Monday-Sunday weeks, calendar months.
PERIODS = {
    "D": "day",
    "W": "CAST(floor((day + 3) / 7) AS BIGINT)",
    "M": "(year(DATE '1970-01-01' + day) - 1970) * 12 + month(DATE '1970-01-01' + day) - 1",
}


def line_params(
    *,
    source: str,
    customer: str,
    date: str,
    amount: str | None,
    order: str | None,
    status: str | None,
    dialect: str = "duckdb",
    date_expr: str | None = None,
    amount_expr: str | None = None,
) -> dict[str, str]:
    """The parameters of ``order_lines.sql`` for a source relation and its column names."""
    q = lambda column: quote(column, dialect)  # noqa: E731 -- a one-line helper reads better here
    return {
        "source": source,
        "customer": q(customer),
        "order": q(order) if order is not None else "NULL",
        "date": date_expr or q(date),
        "amount": amount_expr or (f"CAST({q(amount)} AS DOUBLE)" if amount is not None else "CAST(NULL AS DOUBLE)"),
        "purchase": f"{q(status)} = '{PURCHASE_STATUS}'" if status is not None else "TRUE",
    }


def double(value: float) -> str:
    """A number as a DOUBLE literal: Spark reads ``7.0`` as a DECIMAL, whose division rounds to 6 decimals.

    Examples
    --------
    >>> double(7)
    'CAST(7.0 AS DOUBLE)'
    """
    return f"CAST({float(value)!r} AS DOUBLE)"


def _asof_day(asof: object) -> str:
    """An as-of date as a day number, or the default (the day after the latest line) computed in SQL."""
    if asof is None:
        return "(SELECT max(day) + 1 FROM order_lines)"
    return str(day_number(resolve_asof(asof)))


def query(
    concept: str,
    *,
    source: str = "source",
    dialect: str = "duckdb",
    customer: str = "customer_id",
    date: str = "date",
    amount: str | None = "amount",
    order: str | None = None,
    status: str | None = None,
    asof: object = None,
    bins: int = 5,
    reference: str = "mean",
    freq: str = "D",
    freq_multiplier: float = 1,
    rule: str = "fixed",
    active_days: float = 180,
    churn_days: float = 365,
    active_multiple: float = 2.0,
    churn_multiple: float = 4.0,
    top: float = 0.2,
    share: float = 0.8,
    thresholds: tuple[float, float] = (0.8, 0.95),
) -> str:
    """One self-contained statement computing ``concept`` from the order lines in the table ``source``.

    This is what runs on a warehouse or on Spark: the files of the concepts chained with ``WITH``. The
    parameters are those of the pandas functions; ``status`` names the status column when the table
    holds lines that are not purchases (only ``'completed'`` lines count). Without ``asof``, the as-of day
    is the day after the latest line, computed in the statement itself.

    Parameters
    ----------
    concept : {"rfm_table", "rfm_scores", "eight_classes", "named_segments", "rfm_segments",
               "concentration", "abc_classes", "lifecycle_states", "clv_summary"}
        ``rfm_segments`` is the RFM table with its scores, eight classes and named segments;
        ``concentration`` and ``abc_classes`` measure the concentration of revenue (the RFM
        monetary value), ties broken by customer id.
    source : str
        The table or view holding the order lines.
    dialect : {"duckdb", "spark"}
        How the source's column names are quoted.

    Examples
    --------
    >>> sql = query("rfm_segments", source="tx", dialect="spark", date="order_date", order="order_id")
    >>> "`order_date`" in sql and sql.rstrip().endswith("ORDER BY segments.customer_id")
    True
    """
    params = line_params(
        source=source, customer=customer, date=date, amount=amount, order=order, status=status, dialect=dialect
    )
    asof_day = _asof_day(asof)
    steps = [("order_lines", render("order_lines", **params)), ("purchases", render("purchases", asof_day=asof_day))]
    if concept in ("rfm_table", "rfm_scores", "eight_classes", "named_segments", "rfm_segments"):
        steps.append(("rfm", render("rfm_table", asof_day=asof_day, frequency=frequency_sql(order))))
        if concept == "rfm_table":
            return pipeline(steps, "SELECT * FROM rfm ORDER BY customer_id")
        more, final = rfm_steps(concept, bins=bins, reference=reference)
        return pipeline(steps + more, final)
    if concept in ("concentration", "abc_classes"):
        # the concentration of revenue: one value per customer, the RFM table's monetary value
        frequency = frequency_sql(order)
        values = "SELECT customer_id, monetary AS value, row_number() OVER (ORDER BY customer_id) AS position FROM rfm"
        ranked = render("ranked_values", top=double(top))
        body = render(concept, top=double(top), share=double(share), a=double(thresholds[0]), b=double(thresholds[1]))
        steps += [
            ("rfm", render("rfm_table", asof_day=asof_day, frequency=frequency)),
            ("customer_values", values),
            ("ranked_values", ranked),
            (concept, body),
        ]
        return pipeline(steps, f"SELECT * FROM {concept}" + (" ORDER BY rank" if concept == "abc_classes" else ""))
    if concept == "lifecycle_states":
        body = render(
            "lifecycle_states",
            **lifecycle_params(rule, active_days, churn_days, active_multiple, churn_multiple, asof_day),
        )
        return pipeline(steps + [("states", body)], "SELECT * FROM states ORDER BY customer_id")
    if concept == "clv_summary":
        if asof is None:
            raise CourseInputError("query('clv_summary') needs asof: T is measured up to it.")
        return pipeline(
            steps + [("summary", render("clv_summary", **clv_params(freq, freq_multiplier, asof)))],
            "SELECT * FROM summary ORDER BY customer_id",
        )
    raise CourseInputError(
        f"concept={concept!r} is not known; use one of rfm_table, rfm_scores, eight_classes, "
        "named_segments, rfm_segments, concentration, abc_classes, lifecycle_states, clv_summary."
    )


#: The final SELECT of each RFM concept; ``rfm_segments`` joins the classes to the scored segments.
_RFM_FINAL = {
    "rfm_scores": "SELECT * FROM scores ORDER BY customer_id",
    "eight_classes": "SELECT * FROM classes ORDER BY customer_id",
    "named_segments": "SELECT * FROM segments ORDER BY customer_id",
    "rfm_segments": (
        "SELECT segments.*, classes.recent, classes.frequent, classes.high_value, classes.class_en, classes.class_zh,\n"
        "       classes.class_position\n"
        "FROM segments JOIN classes ON classes.customer_id = segments.customer_id\n"
        "ORDER BY segments.customer_id"
    ),
}


def rfm_steps(concept: str, *, bins: int = 5, reference: str = "mean") -> tuple[list[tuple[str, str]], str]:
    """The steps after the RFM table ``rfm`` for ``concept`` (scores, classes, segments) and its final SELECT."""
    if reference not in ("mean", "median"):
        raise CourseInputError(f"reference={reference!r} is not supported; use 'mean' or 'median'.")
    if concept not in _RFM_FINAL:
        raise CourseInputError(f"concept={concept!r} is not an RFM step; use one of {', '.join(_RFM_FINAL)}.")
    tables = lookup_tables()
    scores = ("scores", render("rfm_scores", bins=int(bins)))
    classes = (
        "classes",
        render(
            "eight_classes", reference="avg" if reference == "mean" else "median", eight_classes=tables["eight_classes"]
        ),
    )
    segments = ("segments", render("named_segments", segment_grid=tables["segment_grid"]))
    steps = {
        "rfm_scores": [scores],
        "eight_classes": [classes],
        "named_segments": [scores, segments],
        "rfm_segments": [scores, segments, classes],
    }[concept]
    return steps, _RFM_FINAL[concept]


def lifecycle_params(rule, active_days, churn_days, active_multiple, churn_multiple, asof_day) -> dict[str, object]:
    """The parameters of ``lifecycle_states.sql`` (the rule checked as in :mod:`course.lifecycle`)."""
    from course.lifecycle._rules import check_rule

    check_rule(rule, active_days, churn_days, active_multiple, churn_multiple)
    return {
        "rhythm": "TRUE" if rule == "rhythm" else "FALSE",
        "active_days": double(active_days),
        "churn_days": double(churn_days),
        "active_multiple": double(active_multiple),
        "churn_multiple": double(churn_multiple),
        "asof_day": asof_day,
    }


def clv_params(freq: str, freq_multiplier: float, asof: object) -> dict[str, object]:
    """The parameters of ``clv_summary.sql`` (options checked as in :func:`course.clv.summary`)."""
    from course.clv._summary import FREQUENCIES, _check_options, _period_numbers

    freq, multiplier = _check_options(freq, freq_multiplier)
    stamp = resolve_asof(asof)
    return {
        "freq_name": FREQUENCIES[freq],
        "multiplier": double(multiplier),
        "asof_period": int(_period_numbers(pd.Series([stamp]), freq)[0]),
        "period": PERIODS[freq],
    }
