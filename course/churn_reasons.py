"""Reading the logistic churn model: its coefficients in plain words, and the reasons behind one account's score.

:func:`course.churn.churn_model` prepares the features before the logistic
regression sees them: the skewed counts and amounts are logged, survey scores
that are missing are filled with the median *and* flagged by a 0/1
"missing-indicator" column, and everything is standardised (mean 0, standard
deviation 1 over the training customers). scikit-learn names the prepared
columns after those steps (``log__orders_12m``,
``other__missingindicator_csat_12m``); :data:`LABELS` says what each measures,
and a missing-indicator column reads "no survey answered …".

Because the inputs are standardised, a coefficient is the change in the
log-odds of churning for a one-standard-deviation move of its feature, the
others held equal. For one account, *coefficient × its standardised value*
is how far that feature moves the account's score away from the average
account's: the largest positive ones are the reasons its risk is high
(:func:`risk_reasons`). They are reasons of the model -- associations in the
training data -- not proven causes.

Examples
--------
>>> import numpy as np, pandas as pd
>>> from course.churn import FEATURES, churn_model
>>> rng = np.random.default_rng(0)
>>> X = pd.DataFrame(rng.normal(5, 1, (200, len(FEATURES))).clip(0), columns=FEATURES)
>>> y = X["complaints_12m"] + rng.normal(0, 0.5, 200) > 5.5
>>> model = churn_model().fit(X, y)
>>> model_coefficients(model).index[0]
'complaints in the last 12 months'
>>> most_complaints = X.loc[[X["complaints_12m"].idxmax()]]
>>> risk_reasons(model, most_complaints, n=1)["reason_1"].tolist()
['high: complaints in the last 12 months']
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from sklearn.pipeline import Pipeline

from course.validation import CourseInputError, require_frame

__all__ = ["LABELS", "model_coefficients", "risk_reasons"]

#: What each feature of :data:`course.churn.FEATURES` measures, in words.
LABELS = {
    "recency_days": "days since the last order",
    "tenure_days": "time as a customer (log of days)",
    "orders_12m": "orders in the last 12 months",
    "revenue_12m": "revenue in the last 12 months",
    "order_trend": "order trend (last 6 months minus the 6 before)",
    "price_index_12m": "price paid relative to the product line's median",
    "csat_12m": "satisfaction (CSAT) in the last 12 months",
    "csat_change": "change of CSAT against earlier surveys",
    "nps_12m": "willingness to recommend (NPS)",
    "tickets_12m": "service tickets in the last 12 months",
    "complaints_12m": "complaints in the last 12 months",
    "interactions_12m": "contacts with us in the last 12 months",
}


def _plain(name: str) -> str:
    """``log__orders_12m`` -> its label; ``other__missingindicator_csat_12m`` -> "no survey: ..."."""
    feature = name.split("__", 1)[-1]
    if feature.startswith("missingindicator_"):
        base = feature.removeprefix("missingindicator_")
        return f"no survey answered in the last 12 months (the filled-in {base} is a guess)"
    return LABELS.get(feature, feature)


def _logistic_parts(model: object) -> tuple[Pipeline, np.ndarray, list[str]]:
    if not isinstance(model, Pipeline) or "classify" not in model.named_steps:
        raise CourseInputError("model must be a fitted pipeline from course.churn.churn_model().")
    classifier = model.named_steps["classify"]
    if not hasattr(classifier, "coef_"):
        raise CourseInputError(
            "model has no coefficients: fit it first, and use churn_model('logistic') (a boosting model has none)."
        )
    names = list(model.named_steps["prepare"].get_feature_names_out())
    return model, classifier.coef_[0], names


def model_coefficients(model: Pipeline) -> pd.DataFrame:
    """The coefficients of a fitted logistic churn model, with the prepared column and its meaning.

    Returns
    -------
    DataFrame
        Indexed by the feature's meaning (:data:`LABELS`; a missing-indicator
        reads "no survey answered …"), sorted by the size of the coefficient,
        largest first, with columns ``coefficient`` (on the standardised
        scale; positive = more risk), ``direction`` ("more risk" / "less
        risk") and ``column`` (scikit-learn's name of the prepared column).
    """
    _, coef, names = _logistic_parts(model)
    table = pd.DataFrame(
        {"coefficient": coef, "direction": np.where(coef > 0, "more risk", "less risk"), "column": names},
        index=pd.Index([_plain(n) for n in names], name="feature"),
    )
    return table.iloc[np.argsort(-np.abs(coef), kind="stable")]


def risk_reasons(model: Pipeline, features: pd.DataFrame, n: int = 2) -> pd.DataFrame:
    """The ``n`` features that push each account's churn risk up the most, in words.

    Parameters
    ----------
    model : Pipeline
        A fitted ``churn_model("logistic")``.
    features : DataFrame
        The accounts to explain, with the columns the model was fitted on.
        Not modified.
    n : int, default 2

    Returns
    -------
    DataFrame
        Indexed like ``features``, columns ``reason_1`` … ``reason_n``: "high"
        or "low" and the feature's meaning (e.g. "low: orders in the last 12
        months"), the feature with the largest contribution first; a slot is
        empty when fewer than ``n`` features raise the risk.

    Raises
    ------
    CourseInputError
        The model is not a fitted logistic churn model, ``features`` is not
        a DataFrame or lacks a column the model needs, or ``n`` is not a
        whole number between 1 and the number of prepared columns.
    """
    model, coef, names = _logistic_parts(model)
    require_frame(features, table="features")
    needed = list(getattr(model, "feature_names_in_", []))
    missing = [c for c in needed if c not in features.columns]
    if missing:
        raise CourseInputError(f"table 'features' lacks the model's column(s) {', '.join(map(repr, missing))}.")
    if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or not 1 <= n <= len(names):
        raise CourseInputError(f"n must be a whole number from 1 to {len(names)}, got {n!r}.")
    standardised = model[:-1].transform(features[needed] if needed else features)
    contribution = standardised * coef
    order = np.argsort(-contribution, axis=1, kind="stable")[:, :n]
    result = {}
    for slot in range(n):
        column = order[:, slot]
        raises = contribution[np.arange(len(features)), column] > 0
        above = standardised[np.arange(len(features)), column] > 0
        words = [
            (_plain(names[c]) if "missingindicator_" in names[c] else f"{'high' if up else 'low'}: {_plain(names[c])}")
            if ok
            else ""
            for c, up, ok in zip(column, above, raises, strict=True)
        ]
        result[f"reason_{slot + 1}"] = words
    return pd.DataFrame(result, index=features.index)
