"""The course's analytics as SQL, run by DuckDB on data too large for pandas (lesson 10).

The functions mirror the pandas ones -- same names, parameters, definitions,
warnings, errors and results -- but read their data where it lies: a pandas
DataFrame, a CSV or Parquet file, or a folder of them, which DuckDB scans in
parallel without loading it into pandas first. Only the answer (one row per
customer) comes back, as a pandas DataFrame.

The SQL is text, one file per concept in ``course/sql/queries/``, readable in
a lesson (:func:`text`) and chained into one statement by :func:`query`; the
same statement runs on Spark SQL (:func:`on_spark`) or in a warehouse.

- :mod:`course.sql._queries` -- the SQL files, :func:`text`, :func:`query`;
- :mod:`course.sql._source` -- sources and the checks made before computing;
- :mod:`course.sql._rfm` -- :func:`rfm_table`, :func:`rfm_scores`,
  :func:`eight_classes`, :func:`named_segments`, :func:`rfm_segments`;
- :mod:`course.sql._pareto` -- :func:`top_share`, :func:`gini`,
  :func:`share_of_customers_for`, :func:`concentration_summary`, :func:`abc_classes`;
- :mod:`course.sql._lifecycle` -- :func:`lifecycle_states`;
- :mod:`course.sql._clv` -- :func:`summary` (as :func:`course.clv.summary`);
- :mod:`course.sql._spark` -- :func:`on_spark`.

Examples
--------
>>> import pandas as pd
>>> from course import sql
>>> sales = pd.DataFrame({"customer_id": ["A", "A", "B"], "date": ["2025-03-01", "2025-03-20", "2024-06-30"],
...                       "amount": [100.0, 50.0, 900.0]})
>>> sql.rfm_table(sales, asof="2025-03-31")  # doctest: +NORMALIZE_WHITESPACE
             recency  frequency  monetary
customer_id
A                 11          2     150.0
B                274          1     900.0
"""

from course.sql._clv import summary
from course.sql._lifecycle import lifecycle_states
from course.sql._pareto import abc_classes, concentration_summary, gini, share_of_customers_for, top_share
from course.sql._queries import names, query, text
from course.sql._rfm import eight_classes, named_segments, rfm_scores, rfm_segments, rfm_table
from course.sql._spark import on_spark

__all__ = [
    "names",
    "text",
    "query",
    "on_spark",
    "rfm_table",
    "rfm_scores",
    "eight_classes",
    "named_segments",
    "rfm_segments",
    "top_share",
    "share_of_customers_for",
    "gini",
    "concentration_summary",
    "abc_classes",
    "lifecycle_states",
    "summary",
]
