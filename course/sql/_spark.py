"""The same statements on Spark SQL: what changes when the data live on a cluster (almost nothing)."""

from __future__ import annotations

import pandas as pd

from course.sql._queries import query

__all__ = ["on_spark"]


def on_spark(spark: object, concept: str, table: str, **options: object) -> pd.DataFrame:
    """Run :func:`course.sql.query` ``(concept, …)`` on a Spark session over the table or view ``table``.

    The statement is the one DuckDB runs, with Spark's backticks around the source's column names.
    Spark is not a dependency of the course: pass a session you created (``pyspark`` and Java
    installed), e.g. ``SparkSession.builder.master("local[2]").getOrCreate()``, and a view made with
    ``spark.read.parquet(path).createOrReplaceTempView(table)``.

    Returns
    -------
    DataFrame
        The rows Spark collected, one column per result column (a plain RangeIndex).

    Examples
    --------
    >>> class FakeSpark:  # what a Spark session is asked to do, without Java
    ...     def sql(self, statement):
    ...         print(next(line.strip() for line in statement.splitlines() if "AS day" in line))
    ...         raise SystemExit
    >>> try:
    ...     on_spark(FakeSpark(), "rfm_table", "orders", date="order_date")
    ... except SystemExit:
    ...     pass
    CAST(CAST(`order_date` AS DATE) - DATE '1970-01-01' AS INTEGER) AS day,
    """
    result = spark.sql(query(concept, source=table, dialect="spark", **options))
    rows = result.collect()
    return pd.DataFrame([row.asDict() for row in rows], columns=result.columns)
