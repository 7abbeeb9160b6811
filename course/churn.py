"""Churn risk (流失风险): a leakage-free dataset, a model, its evaluation and a call list.

To predict which customers will stop buying we stand at a *cutoff date* and
look both ways:

- **features** describe each customer using only what was known on or
  before the cutoff (orders, surveys, tickets, interactions dated ≤ cutoff);
- the **label** ``churned`` says whether the customer bought nothing in the
  ``horizon_days`` after the cutoff (dates in (cutoff, cutoff + horizon]).

Nothing after the cutoff enters a feature and nothing before it enters the
label, so the model cannot "see the future" (no leakage, 数据泄漏). Models
are validated in time: fit on one cutoff, test on a later one.

The population at a cutoff is the customers who are *active or dormant*
(:mod:`course.lifecycle`, fixed rule): at least one completed purchase, the
last one at most ``churn_days`` (365) days before the cutoff. Customers
already churned or never bought are not scored.

Features (``FEATURES``; windows count back from the cutoff, a date is in
the last ``window_days`` when ``0 ≤ cutoff - date < window_days``):

=================  =====================================================
recency_days       days from the last completed purchase to the cutoff
tenure_days        days from the first completed purchase to the cutoff
orders_12m         distinct completed orders in the window (frequency)
revenue_12m        completed revenue in the window (monetary)
order_trend        orders in the recent half of the window minus orders
                   in the earlier half (negative = slowing down)
price_index_12m    mean over completed lines in the window of
                   (revenue / quantity) divided by the median of that
                   ratio for the product line (all customers, ≤ cutoff):
                   below 1 = buys at a discount
csat_12m, nps_12m  mean survey scores in the window (NaN if no survey)
csat_change        csat_12m minus the mean CSAT before the window
tickets_12m        service tickets opened in the window
complaints_12m     of which category "complaint"
interactions_12m   calls, emails, visits and events in the window
=================  =====================================================

Examples
--------
>>> from course.data import load_b2b                       # doctest: +SKIP
>>> from course.churn import churn_dataset, churn_model, FEATURES, score_report
>>> db = load_b2b()                                        # doctest: +SKIP
>>> train = churn_dataset(db, "2024-06-30")                # doctest: +SKIP
>>> test = churn_dataset(db, "2025-06-30")                 # doctest: +SKIP
>>> model = churn_model().fit(train[FEATURES], train["churned"])  # doctest: +SKIP
>>> risk = model.predict_proba(test[FEATURES])[:, 1]       # doctest: +SKIP
>>> score_report(test["churned"], {"model": risk, "recency": test["recency_days"]})  # doctest: +SKIP
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd
from sklearn.compose import ColumnTransformer
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.impute import SimpleImputer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score
from sklearn.pipeline import Pipeline, make_pipeline
from sklearn.preprocessing import FunctionTransformer, StandardScaler

from course.purchases import Purchases, day_number, day_numbers, purchases
from course.validation import (
    CourseInputError,
    parse_date_parameter,
    parse_dates,
    parse_numbers,
    require_columns,
    require_frame,
    require_no_missing,
    require_not_empty,
)

__all__ = [
    "FEATURES",
    "churn_features",
    "churn_labels",
    "churn_dataset",
    "churn_model",
    "lift_at",
    "score_report",
    "calibration_table",
    "churn_drivers",
    "call_list",
]

#: The model's input columns, in order.
FEATURES = [
    "recency_days",
    "tenure_days",
    "orders_12m",
    "revenue_12m",
    "order_trend",
    "price_index_12m",
    "csat_12m",
    "csat_change",
    "nps_12m",
    "tickets_12m",
    "complaints_12m",
    "interactions_12m",
]

# skewed non-negative features, log-transformed by the logistic model
_LOG_FEATURES = [
    "recency_days",
    "tenure_days",
    "orders_12m",
    "revenue_12m",
    "tickets_12m",
    "complaints_12m",
    "interactions_12m",
]

_COLUMNS = {
    "orders": ["order_id", "customer_id", "order_date", "product_line", "quantity", "revenue", "status"],
    "surveys": ["customer_id", "date", "csat", "nps"],
    "tickets": ["customer_id", "opened_date", "category"],
    "interactions": ["customer_id", "date"],
}


# --------------------------------------------------------------------------- helpers
def _cutoff(value: object, name: str = "cutoff") -> pd.Timestamp:
    return parse_date_parameter(value, name=name, example="2024-12-31")


def _positive(value: object, name: str) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)) or not value > 0:
        raise CourseInputError(f"{name}={value!r} must be a positive number of days.")
    return float(value)


def _table(db: object, name: str, *, required: bool) -> pd.DataFrame | None:
    """``db.<name>`` checked for its columns; None when an optional table is absent or empty."""
    if not hasattr(db, name):
        if required:
            raise CourseInputError(
                f"the database has no table '{name}' (got a {type(db).__name__}). "
                "Pass the object returned by course.data.load_b2b() or course.data.b2b_database()."
            )
        return None
    frame = require_frame(getattr(db, name), table=name)
    require_columns(frame, _COLUMNS[name], table=name)
    if required:
        require_not_empty(frame, table=name)
    if len(frame) == 0:
        return None
    require_no_missing(frame, "customer_id", table=name)
    return frame


def _completed_orders(
    db: object, *, details: bool = True, bought: Purchases | None = None
) -> tuple[pd.DataFrame, pd.Index, pd.Timestamp]:
    """Completed order lines with integer codes, the customer ids the codes index, and the latest order date.

    Columns: ``code`` (position of the customer in the ids), ``order`` (order
    code), ``day`` (day number, :func:`course.purchases.day_numbers`),
    ``product`` (product-line code), ``quantity``, ``revenue``. Customers are
    factorised once (:func:`course.purchases.purchases`), so that every later
    group-by runs on integers (fast on millions of lines). With
    ``details=False`` only ``code`` and ``day`` are returned (enough for a label).
    ``bought`` passes ``purchases(db.orders)`` when the caller has it already.
    """
    orders = _table(db, "orders", required=True)
    assert orders is not None
    bought = purchases(orders) if bought is None else _whole_history(bought, orders)
    lines = pd.DataFrame({"code": bought.code, "day": bought.day})
    if details:
        revenue = parse_numbers(orders, "revenue", table="orders").to_numpy()
        quantity = parse_numbers(orders, "quantity", table="orders").to_numpy()
        require_no_missing(orders, "order_id", table="orders")
        lines["order"] = pd.factorize(orders["order_id"])[0][bought.rows]
        lines["product"] = pd.factorize(orders["product_line"])[0][bought.rows]
        lines["quantity"] = quantity[bought.rows]
        lines["revenue"] = revenue[bought.rows]
    return lines, bought.ids, bought.asof - pd.Timedelta(days=1)


def _whole_history(bought: object, orders: pd.DataFrame) -> Purchases:
    """``bought`` if it is ``purchases(orders)`` with the default as-of date (every purchase, none cut)."""
    if (
        not isinstance(bought, Purchases)
        or len(bought.row_days) != len(orders)
        or bought.n_rows_after
        or bought.asof_day != int(bought.row_days.max()) + 1
    ):
        raise CourseInputError(
            "bought must be course.purchases.purchases(db.orders) of this database, without an as-of date (the "
            f"labels need the purchases after the cutoff), got {type(bought).__name__}; or leave it out."
        )
    return bought


def _dated(db: object, name: str, column: str, cutoff: pd.Timestamp, ids: pd.Index) -> pd.DataFrame | None:
    """Rows of an optional table dated on or before ``cutoff``, with ``code`` (customer) and ``days_before``.

    Rows of customers without any order line cannot concern a scored customer and are left out.
    """
    frame = _table(db, name, required=False)
    if frame is None:
        return None
    when = parse_dates(frame, column, table=name)
    days_before = day_number(cutoff) - day_numbers(when)
    code = ids.get_indexer(frame["customer_id"])
    keep = (days_before >= 0) & (code >= 0)
    out = frame.loc[keep].copy()
    out["code"] = code[keep]
    out["days_before"] = days_before[keep]
    return out


# --------------------------------------------------------------------------- dataset
def churn_features(
    db: object,
    cutoff: object,
    *,
    window_days: float = 365,
    churn_days: float = 365,
    bought: Purchases | None = None,
) -> pd.DataFrame:
    """Features of the customers active or dormant at ``cutoff``, from data dated ≤ cutoff only.

    Parameters
    ----------
    db : B2BDatabase
        ``course.data.load_b2b()`` or any object with an ``orders`` table;
        ``surveys``, ``tickets`` and ``interactions`` are optional (their
        features are then NaN or 0).
    cutoff : date-like
        The date we stand at. Rows dated after it are ignored (no warning:
        that is the point).
    window_days : float, default 365
        Length of the feature window ("12m").
    churn_days : float, default 365
        A customer whose last purchase is more than ``churn_days`` before
        the cutoff is already churned and is not scored.
    bought : Purchases, optional
        ``course.purchases.purchases(db.orders)`` (no as-of date), when the
        caller has validated the orders already; default: validated here.

    Returns
    -------
    DataFrame
        Indexed by ``customer_id`` (sorted), columns ``FEATURES`` (see the
        module docstring for the definitions).

    Examples
    --------
    >>> from types import SimpleNamespace
    >>> orders = pd.DataFrame({"order_id": ["O1", "O2", "O2", "O3", "O4"],
    ...     "customer_id": ["A", "A", "A", "B", "A"],
    ...     "order_date": pd.to_datetime(["2024-03-01", "2024-11-01", "2024-11-01", "2022-01-01", "2025-02-01"]),
    ...     "product_line": ["Hardware"] * 5, "quantity": [1, 1, 1, 1, 1],
    ...     "revenue": [100.0, 80.0, 20.0, 50.0, 90.0], "status": ["completed"] * 5})
    >>> features = churn_features(SimpleNamespace(orders=orders), "2024-12-31")
    >>> features[["recency_days", "orders_12m", "revenue_12m", "order_trend"]]  # doctest: +NORMALIZE_WHITESPACE
                 recency_days  orders_12m  revenue_12m  order_trend
    customer_id
    A                    60.0         2.0        200.0          0.0
    """
    cutoff_ts = _cutoff(cutoff)
    window = _positive(window_days, "window_days")
    churn = _positive(churn_days, "churn_days")
    lines, ids, _ = _completed_orders(db, bought=bought)
    lines = lines.loc[(lines["day"] <= day_number(cutoff_ts)).to_numpy()]
    if len(lines) == 0:
        raise CourseInputError(f"no completed order on or before cutoff {cutoff_ts.date()}: choose a later cutoff.")
    lines = lines.assign(days_before=day_number(cutoff_ts) - lines["day"])
    by_customer = lines.groupby("code", sort=True)["days_before"]
    recency, tenure = by_customer.min(), by_customer.max()
    population = recency.index[(recency <= churn).to_numpy()].to_numpy()
    if len(population) == 0:
        raise CourseInputError(f"no customer is active or dormant at cutoff {cutoff_ts.date()}: choose another cutoff.")

    out = pd.DataFrame(index=pd.Index(ids[population], name="customer_id"))
    out["recency_days"] = recency.reindex(population).to_numpy(dtype="float64")
    out["tenure_days"] = tenure.reindex(population).to_numpy(dtype="float64")

    # reference unit price per product line, from lines on or before the cutoff
    with np.errstate(divide="ignore", invalid="ignore"):
        unit = lines["revenue"] / lines["quantity"].where(lines["quantity"] > 0)
    reference = unit.groupby(lines["product"].to_numpy()).transform("median")
    lines = lines.assign(price_index=(unit / reference.where(reference > 0)).to_numpy())

    in_window = lines.loc[(lines["days_before"] < window).to_numpy()]
    orders = in_window.drop_duplicates(["code", "order"])
    recent = (orders["days_before"] < window / 2).to_numpy()

    def counts(frame: pd.DataFrame) -> np.ndarray:
        return frame.groupby("code").size().reindex(population, fill_value=0).to_numpy(dtype="float64")

    out["orders_12m"] = counts(orders)
    out["revenue_12m"] = (
        in_window.groupby("code")["revenue"].sum().reindex(population, fill_value=0.0).round(2).to_numpy()
    )
    out["order_trend"] = counts(orders.loc[recent]) - counts(orders.loc[~recent])
    out["price_index_12m"] = in_window.groupby("code")["price_index"].mean().reindex(population).to_numpy()

    def mean_of(frame: pd.DataFrame, values: pd.Series) -> np.ndarray:
        return values.groupby(frame["code"].to_numpy()).mean().reindex(population).to_numpy(dtype="float64")

    surveys = _dated(db, "surveys", "date", cutoff_ts, ids)
    if surveys is not None:
        csat = parse_numbers(surveys, "csat", table="surveys", allow_missing=True)
        nps = parse_numbers(surveys, "nps", table="surveys", allow_missing=True)
        inside = (surveys["days_before"] < window).to_numpy()
        out["csat_12m"] = mean_of(surveys.loc[inside], csat[inside])
        out["csat_change"] = out["csat_12m"].to_numpy() - mean_of(surveys.loc[~inside], csat[~inside])
        out["nps_12m"] = mean_of(surveys.loc[inside], nps[inside])
    else:
        out["csat_12m"] = out["csat_change"] = out["nps_12m"] = np.nan

    tickets = _dated(db, "tickets", "opened_date", cutoff_ts, ids)
    if tickets is not None:
        recent_tickets = tickets.loc[(tickets["days_before"] < window).to_numpy()]
        complaint = (recent_tickets["category"].astype("object") == "complaint").to_numpy()
        out["tickets_12m"] = counts(recent_tickets)
        out["complaints_12m"] = counts(recent_tickets.loc[complaint])
    else:
        out["tickets_12m"] = out["complaints_12m"] = 0.0

    interactions = _dated(db, "interactions", "date", cutoff_ts, ids)
    if interactions is not None:
        out["interactions_12m"] = counts(interactions.loc[(interactions["days_before"] < window).to_numpy()])
    else:
        out["interactions_12m"] = 0.0
    return out[FEATURES]


def churn_labels(
    db: object, cutoff: object, horizon_days: float = 180, *, bought: Purchases | None = None
) -> pd.Series:
    """Whether each buyer made no completed purchase in (cutoff, cutoff + horizon_days].

    Uses order lines dated after the cutoff only. Raises when the data end
    before the horizon does (the label would be unknown). ``bought`` as in
    :func:`churn_features`.

    Returns
    -------
    Series
        Boolean, named ``"churned"``, indexed by ``customer_id`` for every
        customer with a completed line in the orders (sorted). Select the
        population with ``.reindex(features.index)``.

    Examples
    --------
    >>> from types import SimpleNamespace
    >>> orders = pd.DataFrame({"order_id": ["O1", "O2", "O3", "O4"], "customer_id": ["A", "B", "A", "C"],
    ...     "order_date": pd.to_datetime(["2024-06-01", "2024-06-01", "2025-02-01", "2025-12-31"]),
    ...     "product_line": ["Hardware"] * 4, "quantity": [1] * 4, "revenue": [10.0] * 4,
    ...     "status": ["completed"] * 4})
    >>> churn_labels(SimpleNamespace(orders=orders), "2024-12-31", 180).to_dict()
    {'A': False, 'B': True, 'C': True}
    """
    cutoff_ts = _cutoff(cutoff)
    horizon = _positive(horizon_days, "horizon_days")
    lines, ids, latest = _completed_orders(db, details=False, bought=bought)
    end = cutoff_ts + pd.Timedelta(days=horizon)
    if latest < end:
        raise CourseInputError(
            f"cutoff {cutoff_ts.date()} + horizon of {horizon:g} days ends on {end.date()}, after the last order date "
            f"{latest.date()}: the label would be unknown. Choose a cutoff at least {horizon:g} days before "
            f"{latest.date()}, or use churn_features() to score customers without a label."
        )
    day = lines["day"].to_numpy()
    code = lines["code"].to_numpy()
    after = (day > day_number(cutoff_ts)) & (day <= day_number(end))
    has_line = np.bincount(code, minlength=len(ids)) > 0
    bought_after = np.bincount(code[after], minlength=len(ids)) > 0
    buyers = pd.Index(ids[has_line], name="customer_id")
    bought = bought_after[has_line]
    return pd.Series(~bought, index=buyers, name="churned")


def churn_dataset(
    db: object,
    cutoff: object,
    horizon_days: float = 180,
    *,
    window_days: float = 365,
    churn_days: float = 365,
    bought: Purchases | None = None,
) -> pd.DataFrame:
    """Features known at ``cutoff`` plus the label ``churned`` from the ``horizon_days`` after it.

    :func:`churn_features` joined with :func:`churn_labels`: one row per
    customer active or dormant at the cutoff, columns ``FEATURES`` and
    ``churned`` (bool: no completed purchase in (cutoff, cutoff + horizon]).
    ``bought`` as in :func:`churn_features` (the orders are validated once).

    Examples
    --------
    >>> from course.data import load_b2b                          # doctest: +SKIP
    >>> data = churn_dataset(load_b2b(), "2024-12-31", 180)        # doctest: +SKIP
    >>> data["churned"].mean()                                    # doctest: +SKIP
    """
    if bought is None:  # validate the orders once for the features and the labels (the arguments first)
        _cutoff(cutoff), _positive(window_days, "window_days"), _positive(churn_days, "churn_days")
        _positive(horizon_days, "horizon_days")
        bought = purchases(_table(db, "orders", required=True))
    features = churn_features(db, cutoff, window_days=window_days, churn_days=churn_days, bought=bought)
    labels = churn_labels(db, cutoff, horizon_days, bought=bought)
    return features.assign(churned=labels.reindex(features.index).astype("bool").to_numpy())


# --------------------------------------------------------------------------- model
def churn_model(kind: str = "logistic", *, random_state: int = 0, features: Sequence[str] = FEATURES) -> Pipeline:
    """An unfitted scikit-learn pipeline that predicts ``churned`` from ``features``.

    Parameters
    ----------
    kind : {"logistic", "boosting"}
        ``"logistic"``: median imputation (with missing-value indicators),
        log(1 + x) of the skewed counts and amounts, standardisation and a
        logistic regression -- transparent, its coefficients can be read.
        ``"boosting"``: a histogram gradient-boosting classifier, which
        handles missing values and non-linear effects by itself.
    random_state : int, default 0
    features : list of str
        The columns the model will be fitted on (default ``FEATURES``).

    Examples
    --------
    >>> model = churn_model()
    >>> [name for name, _ in model.steps]
    ['prepare', 'scale', 'classify']
    """
    features = list(features)
    if kind == "logistic":
        logged = [f for f in features if f in _LOG_FEATURES]
        other = [f for f in features if f not in _LOG_FEATURES]
        prepare = ColumnTransformer(
            [
                (
                    "log",
                    make_pipeline(
                        SimpleImputer(strategy="median"), FunctionTransformer(np.log1p, feature_names_out="one-to-one")
                    ),
                    logged,
                ),
                ("other", SimpleImputer(strategy="median", add_indicator=True), other),
            ]
        )
        return Pipeline(
            [
                ("prepare", prepare),
                ("scale", StandardScaler()),
                ("classify", LogisticRegression(max_iter=2000, random_state=random_state)),
            ]
        )
    if kind == "boosting":
        select = ColumnTransformer([("select", "passthrough", features)])
        return Pipeline(
            [
                ("prepare", select),
                (
                    "classify",
                    HistGradientBoostingClassifier(
                        max_iter=150,
                        learning_rate=0.05,
                        max_leaf_nodes=15,
                        min_samples_leaf=30,
                        random_state=random_state,
                    ),
                ),
            ]
        )
    raise CourseInputError(f"kind={kind!r} is not known; use 'logistic' or 'boosting'.")


# --------------------------------------------------------------------------- evaluation
def _as_arrays(y_true: object, score: object, *, name: str) -> tuple[np.ndarray, np.ndarray]:
    y = np.asarray(y_true)
    s = np.asarray(score, dtype="float64")
    if y.ndim != 1 or s.ndim != 1 or len(y) != len(s):
        raise CourseInputError(
            f"{name}: y_true and the scores must be one-dimensional and of the same length ({len(y)} vs {len(s)})."
        )
    if len(y) == 0:
        raise CourseInputError(f"{name}: no customers to evaluate.")
    if np.isnan(s).any():
        raise CourseInputError(f"{name}: {int(np.isnan(s).sum())} scores are missing (NaN); fill or drop them first.")
    try:
        y = y.astype("float64")
    except (TypeError, ValueError):
        raise CourseInputError(f"{name}: y_true must be True/False or 1/0.") from None
    if not np.isin(y, [0.0, 1.0]).all():
        raise CourseInputError(f"{name}: y_true must be True/False or 1/0.")
    return y, s


def lift_at(y_true: object, score: object, fraction: float = 0.1) -> float:
    """Lift of the top ``fraction`` by score: churn rate there / overall churn rate.

    Customers are ranked by score, highest first. Ties at the boundary are
    shared proportionally (as if ordered at random), so the result does not
    depend on row order. A lift of 3 means the top decile holds three times
    the average share of churners.

    Examples
    --------
    >>> lift_at([1, 1, 0, 0, 0, 0, 0, 0, 0, 0], [9, 8, 7, 6, 5, 4, 3, 2, 1, 0], fraction=0.2)
    5.0
    >>> lift_at([1, 0, 0, 0], [1, 1, 1, 1], fraction=0.5)   # all tied: no better than average
    1.0
    """
    y, s = _as_arrays(y_true, score, name="lift_at")
    if not (0 < fraction <= 1):
        raise CourseInputError(f"fraction={fraction!r} must be in (0, 1], e.g. 0.1 for the top decile.")
    base = y.mean()
    if base == 0:
        raise CourseInputError("lift_at: no churner in y_true, the lift is undefined.")
    k = fraction * len(y)
    # churners among the top k, ties at the threshold shared proportionally
    _levels, inverse = np.unique(-s, return_inverse=True)
    count = np.bincount(inverse).astype("float64")
    positives = np.bincount(inverse, weights=y)
    before = np.concatenate([[0.0], np.cumsum(count)[:-1]])
    take = np.clip(k - before, 0.0, count)
    top_positives = float((positives * take / count).sum())
    return float((top_positives / k) / base)


def score_report(y_true: object, scores: Mapping[str, object], fraction: float = 0.1) -> pd.DataFrame:
    """ROC AUC and top-``fraction`` lift of one or more risk scores.

    Parameters
    ----------
    y_true : array-like of bool
        The observed labels.
    scores : dict name -> array-like
        Higher = more at risk (e.g. predicted probabilities, or
        ``recency_days`` as a naive baseline).
    fraction : float, default 0.1

    Returns
    -------
    DataFrame
        One row per score: ``roc_auc``, ``top_churn_rate`` (churn rate in the
        top fraction), ``lift``.

    Examples
    --------
    >>> score_report([1, 0, 1, 0], {"perfect": [0.9, 0.1, 0.8, 0.2], "coin": [0.5, 0.5, 0.5, 0.5]}, fraction=0.5)
             roc_auc  top_churn_rate  lift
    perfect      1.0             1.0   2.0
    coin         0.5             0.5   1.0
    """
    if not isinstance(scores, Mapping) or not scores:
        raise CourseInputError("scores must be a non-empty dict such as {'model': risk, 'recency': recency_days}.")
    rows = {}
    for name, score in scores.items():
        y, s = _as_arrays(y_true, score, name=f"score_report[{name!r}]")
        if y.min() == y.max():
            raise CourseInputError("score_report: y_true holds one class only; the ROC AUC is undefined.")
        lift = lift_at(y, s, fraction)
        rows[name] = {"roc_auc": float(roc_auc_score(y, s)), "top_churn_rate": lift * float(y.mean()), "lift": lift}
    return pd.DataFrame.from_dict(rows, orient="index")


def calibration_table(y_true: object, probability: object, n_bins: int = 10) -> pd.DataFrame:
    """Predicted versus observed churn rate in bins of equal size (a calibration curve).

    Customers are sorted by predicted probability and cut into ``n_bins``
    groups of (nearly) equal size. A calibrated model has ``predicted`` ≈
    ``observed`` in every bin.

    Returns
    -------
    DataFrame
        One row per bin (1 = lowest risk): ``customers``, ``predicted``
        (mean predicted probability), ``observed`` (share that churned).

    Examples
    --------
    >>> calibration_table([0, 0, 1, 1], [0.1, 0.2, 0.7, 0.9], n_bins=2)  # doctest: +NORMALIZE_WHITESPACE
         customers  predicted  observed
    bin
    1            2       0.15       0.0
    2            2       0.80       1.0
    """
    y, p = _as_arrays(y_true, probability, name="calibration_table")
    if isinstance(n_bins, bool) or not isinstance(n_bins, (int, np.integer)) or n_bins < 1:
        raise CourseInputError(f"n_bins={n_bins!r} must be a positive integer.")
    order = np.argsort(p, kind="stable")
    bins = np.empty(len(p), dtype="int64")
    bins[order] = np.arange(len(p)) * min(n_bins, len(p)) // len(p) + 1
    frame = pd.DataFrame({"bin": bins, "p": p, "y": y})
    grouped = frame.groupby("bin")
    return pd.DataFrame(
        {"customers": grouped.size(), "predicted": grouped["p"].mean(), "observed": grouped["y"].mean()}
    )


def churn_drivers(dataset: pd.DataFrame, label: str = "churned", features: Sequence[str] | None = None) -> pd.DataFrame:
    """Why customers leave: each feature's mean for churners and for retained customers.

    Both groups are described over the same window (the year before the
    cutoff of :func:`churn_dataset`), so the comparison is fair.

    Returns
    -------
    DataFrame
        One row per feature: ``retained`` and ``churned`` means (NaN values
        ignored), ``difference`` (churned - retained) and ``effect_size``
        (difference / standard deviation of the feature over both groups),
        sorted by the absolute effect size, largest first.

    Examples
    --------
    >>> data = pd.DataFrame({"csat_12m": [4.0, 5.0, 2.0, 3.0], "churned": [False, False, True, True]})
    >>> churn_drivers(data, features=["csat_12m"]).round(2)  # doctest: +NORMALIZE_WHITESPACE
              retained  churned  difference  effect_size
    csat_12m       4.5      2.5        -2.0        -1.55
    """
    require_frame(dataset, table="dataset")
    require_not_empty(dataset, table="dataset")
    columns = [c for c in FEATURES if c in dataset.columns] if features is None else list(features)
    require_columns(dataset, [*columns, label], table="dataset")
    require_no_missing(dataset, label, table="dataset")
    flag = dataset[label].astype("bool").to_numpy()
    if flag.all() or not flag.any():
        raise CourseInputError(f"table 'dataset', column '{label}' holds one class only: nothing to compare.")
    values = pd.DataFrame({c: parse_numbers(dataset, c, table="dataset", allow_missing=True) for c in columns})
    out = pd.DataFrame({"retained": values.loc[~flag].mean(), "churned": values.loc[flag].mean()})
    out["difference"] = out["churned"] - out["retained"]
    out["effect_size"] = out["difference"] / values.std()
    return out.sort_values("effect_size", key=np.abs, ascending=False, kind="stable")


def call_list(
    scored: pd.DataFrame,
    n: int = 20,
    *,
    risk: str = "churn_risk",
    value: str = "revenue_12m",
) -> pd.DataFrame:
    """The accounts to call first: highest churn risk × value (expected revenue at risk).

    Parameters
    ----------
    scored : DataFrame
        One row per customer with a risk (probability) column and a value
        column (e.g. revenue of the last 12 months).
    n : int, default 20
        How many accounts to list.
    risk, value : str
        Column names.

    Returns
    -------
    DataFrame
        The top ``n`` rows of ``scored`` by ``at_risk`` = risk × value, with
        the column ``at_risk`` added; ties keep the order of ``scored``.

    Examples
    --------
    >>> scored = pd.DataFrame({"churn_risk": [0.9, 0.2, 0.5], "revenue_12m": [100.0, 5000.0, 800.0]},
    ...                       index=["A", "B", "C"])
    >>> call_list(scored, n=2)  # doctest: +NORMALIZE_WHITESPACE
       churn_risk  revenue_12m  at_risk
    B         0.2       5000.0   1000.0
    C         0.5        800.0    400.0
    """
    require_frame(scored, table="scored")
    require_not_empty(scored, table="scored")
    if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or n < 1:
        raise CourseInputError(f"n={n!r} must be a positive integer.")
    p = parse_numbers(scored, risk, table="scored")
    v = parse_numbers(scored, value, table="scored")
    outside = ((p < 0) | (p > 1)).to_numpy()
    if outside.any():
        raise CourseInputError(
            f"table 'scored', column '{risk}': {int(outside.sum())} values are not probabilities in [0, 1]."
        )
    out = scored.assign(at_risk=(p * v).to_numpy())
    return out.sort_values("at_risk", ascending=False, kind="stable").head(n)
