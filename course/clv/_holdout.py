"""Holdout test of a purchase model: forecast versus what customers actually did.

Fit the model on the calibration period only, forecast each customer's
repeat purchases over the holdout period, and compare with the purchases
that were actually made, customer group by customer group. Grouping by the
number of repeat purchases in the calibration period (0, 1, …, 7+) is Fader,
Hardie & Lee's (2005) test of the *conditional* forecast: does the model
tell heavy from light buyers, and does it see that some have left?

Examples
--------
>>> import pandas as pd
>>> from course.clv import BetaGeoModel, holdout_comparison
>>> split = pd.DataFrame({"frequency_cal": [0, 0, 1, 3], "recency_cal": [0.0, 0.0, 20.0, 30.0],
...                       "T_cal": [39.0, 39.0, 39.0, 39.0], "frequency_holdout": [0, 1, 1, 2],
...                       "duration_holdout": [39.0] * 4})
>>> model = BetaGeoModel.from_params(r=0.243, alpha=4.414, a=0.793, b=2.426,
...                                  frequency="frequency_cal", recency="recency_cal", T="T_cal")
>>> holdout_comparison(model, split, max_frequency=2).round(2)  # doctest: +NORMALIZE_WHITESPACE
               customers  actual  predicted
frequency_cal
0                      2     0.5       0.19
1                      1     1.0       0.57
2+                     1     2.0       1.73
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from course.clv._bgnbd import BetaGeoModel
from course.clv._fitting import read_columns
from course.validation import CourseInputError

__all__ = ["holdout_comparison"]


def holdout_comparison(
    model: BetaGeoModel,
    split: pd.DataFrame,
    max_frequency: int = 7,
    actual: str = "frequency_holdout",
    duration: str = "duration_holdout",
) -> pd.DataFrame:
    """Mean actual and predicted holdout purchases per calibration-frequency group.

    Parameters
    ----------
    model : BetaGeoModel
        Fitted on the calibration columns of ``split`` (its ``frequency``,
        ``recency`` and ``T`` attributes name them).
    split : DataFrame
        From :func:`course.clv.calibration_holdout`. Not modified.
    max_frequency : int, default 7
        Customers with at least this many calibration repeat purchases form
        the last group, labelled ``"7+"``.
    actual, duration : str
        Columns with the holdout purchases and the holdout length (the same
        for every customer; the forecast is for that many periods).

    Returns
    -------
    DataFrame
        Index: the groups ``"0"``, ``"1"``, …, ``"7+"`` (named after the
        model's frequency column; empty groups are left out). Columns:
        ``customers``, ``actual`` (mean holdout purchases), ``predicted``
        (mean of :meth:`BetaGeoModel.predict_purchases`).
    """
    if not isinstance(model, BetaGeoModel):
        raise CourseInputError(f"model must be a fitted BetaGeoModel, got {type(model).__name__}.")
    if isinstance(max_frequency, bool) or not isinstance(max_frequency, (int, np.integer)) or max_frequency < 1:
        raise CourseInputError(f"max_frequency must be a whole number >= 1, got {max_frequency!r}.")
    cols = read_columns(split, {"frequency": model.frequency, "holdout purchases": actual, "holdout length": duration})
    length = np.unique(cols["holdout length"])
    if len(length) != 1:
        raise CourseInputError(
            f"table 'summary', column '{duration}' must hold one holdout length for every customer; "
            f"it holds {len(length)} different values."
        )
    predicted = model.predict_purchases(float(length[0]), split).to_numpy()
    group = np.minimum(cols["frequency"], max_frequency).astype(int)
    labels = [str(k) for k in range(max_frequency)] + [f"{max_frequency}+"]
    frame = pd.DataFrame({"group": group, "actual": cols["holdout purchases"], "predicted": predicted})
    out = frame.groupby("group").agg(
        customers=("actual", "size"), actual=("actual", "mean"), predicted=("predicted", "mean")
    )
    out.index = pd.Index([labels[k] for k in out.index], name=model.frequency)
    return out
