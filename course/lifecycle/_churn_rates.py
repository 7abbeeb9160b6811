"""Churn rate by group (流失率): which customers are being lost."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from course.glossary import localise
from course.lifecycle._rules import STATES
from course.validation import CourseInputError, require_columns, require_frame, require_no_missing, require_not_empty

__all__ = ["churn_rate_by"]


def churn_rate_by(
    frame: pd.DataFrame, by: str | Sequence[str], *, column: str = "state", lang: str = "en"
) -> pd.DataFrame:
    """Churn rate (流失率) by group: which customers are being lost.

    Parameters
    ----------
    frame : DataFrame
        One row per customer with the grouping column(s) ``by`` and
        ``column``, which is either a lifecycle state (then churned means
        state ``"churned"`` and ``"potential"`` customers, who never bought,
        are left out) or a churn flag (True/False or 1/0).
    by : str or list of str
        Grouping column(s), e.g. ``"tier"`` or ``["industry"]``.
    column : str, default "state"
    lang : "en" or "zh", default "en"
        Language of the labels: with "zh" the group names (tiers, groups, states) and the column names
        are the glossary's Chinese names (:func:`course.glossary.localise`).

    Returns
    -------
    DataFrame
        One row per group: ``customers`` (customers counted), ``churned``
        and ``churn_rate`` = churned / customers.

    Examples
    --------
    >>> frame = pd.DataFrame({"tier": ["A", "A", "B", "B", "B"],
    ...                       "state": ["active", "churned", "churned", "potential", "dormant"]})
    >>> churn_rate_by(frame, "tier")  # doctest: +NORMALIZE_WHITESPACE
          customers  churned  churn_rate
    tier
    A             2        1         0.5
    B             2        1         0.5
    """
    keys = [by] if isinstance(by, str) else list(by)
    require_frame(frame, table="frame")
    require_columns(frame, [*keys, column], table="frame")
    require_not_empty(frame, table="frame")
    values = frame[column]
    if pd.api.types.is_bool_dtype(values) or (
        pd.api.types.is_numeric_dtype(values) and values.dropna().isin([0, 1]).all()
    ):
        require_no_missing(frame, column, table="frame")
        flag = values.astype("bool").to_numpy()
        counted = np.ones(len(frame), dtype=bool)
    else:
        text = values.astype("object")
        unknown = ~text.isin(STATES)
        if unknown.any():
            raise CourseInputError(
                f"table 'frame', column '{column}' must hold lifecycle states {STATES} or a True/False churn flag; "
                f"found e.g. {text[unknown].iloc[0]!r}."
            )
        flag = (text == "churned").to_numpy()
        counted = (text != "potential").to_numpy()
    data = frame.loc[counted, keys].assign(_churned=flag[counted].astype("int64"))
    grouped = data.groupby(keys, observed=True, sort=True)["_churned"]
    out = pd.DataFrame({"customers": grouped.size(), "churned": grouped.sum()}).astype("int64")
    out["churn_rate"] = out["churned"] / out["customers"]
    return localise(out, lang)
