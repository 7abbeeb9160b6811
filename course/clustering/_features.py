"""Features for clustering: the customer table as a numeric matrix (log1p, signed log, scaling)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator, OneToOneFeatureMixin, TransformerMixin
from sklearn.compose import ColumnTransformer
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import FunctionTransformer, StandardScaler
from sklearn.utils.validation import check_is_fitted, validate_data

from course.clustering._common import FEATURES, LOG_COLUMNS, SIGNED_COLUMNS, column_list, numeric_features, threads
from course.validation import (
    CourseInputError,
    describe_rows,
)

__all__ = ["FEATURES", "LOG_COLUMNS", "SIGNED_COLUMNS", "SignedLog", "make_feature_pipeline", "prepare_features"]


def _transform_lists(
    columns: list[str], log_columns: Iterable[str] | None, signed_columns: Iterable[str] | None
) -> tuple[list[str], list[str]]:
    """Resolve the ``log1p`` and ``arcsinh`` column lists against ``columns``."""
    log = [c for c in columns if c in LOG_COLUMNS] if log_columns is None else list(log_columns)
    signed = [c for c in columns if c in SIGNED_COLUMNS] if signed_columns is None else list(signed_columns)
    for name, chosen in (("log_columns", log), ("signed_columns", signed)):
        unknown = [c for c in chosen if c not in columns]
        if unknown:
            raise CourseInputError(
                f"{name} names {', '.join(map(repr, unknown))}, which is not among the features "
                f"{columns}. Add it to the features or remove it from {name}."
            )
    both = [c for c in log if c in signed]
    if both:
        raise CourseInputError(
            f"column(s) {', '.join(map(repr, both))} appear in both log_columns and signed_columns; "
            "choose one transform per column (signed_columns for values that can be negative)."
        )
    return log, signed


class SignedLog(OneToOneFeatureMixin, TransformerMixin, BaseEstimator):
    """Sign-preserving log transform of money that can be negative: ``arcsinh(x / s)``.

    ``s`` is the *typical size* of the column, the median of ``|x|`` over the
    rows seen by ``fit`` (1 if that median is 0). The transform is about
    ``x / s`` for ``|x|`` below ``s`` and about ``sign(x) * log(2|x| / s)``
    above it: like ``log1p`` it pulls in the long tail of huge accounts, but
    it keeps losses negative and treats a small loss and a small profit as
    close. (Plain ``arcsinh(x)`` in yuan would put a gap of about 14 between
    a loss of 500 and a profit of 500, splitting the customers on the sign of
    an amount that is economically zero.)

    Attributes
    ----------
    scale_ : ndarray
        ``s`` for each column.

    Examples
    --------
    >>> SignedLog().fit_transform(np.array([[-100.0], [0.0], [100.0], [10_000.0]])).round(3)
    array([[-0.881],
           [ 0.   ],
           [ 0.881],
           [ 5.298]])
    """

    def fit(self, X, y=None):
        values = validate_data(self, X, reset=True, dtype="float64")
        scale = np.median(np.abs(values), axis=0)
        self.scale_ = np.where(scale > 0, scale, 1.0)
        return self

    def transform(self, X):
        check_is_fitted(self, "scale_")
        values = validate_data(self, X, reset=False, dtype="float64")
        return np.arcsinh(values / self.scale_)


def make_feature_pipeline(
    columns: Sequence[str] = FEATURES,
    log_columns: Iterable[str] | None = None,
    signed_columns: Iterable[str] | None = None,
) -> Pipeline:
    """Build the scikit-learn pipeline that turns customer columns into clustering features.

    Step ``transform`` (a ``ColumnTransformer``) picks ``columns`` from the
    table and applies ``log1p`` (``log(1 + x)``) to ``log_columns`` and the
    sign-preserving :class:`SignedLog` (``arcsinh(x / s)``, ``s`` the median
    of ``|x|``) to ``signed_columns``; the other columns pass through
    unchanged. Step
    ``scale`` (``StandardScaler``) then gives every feature mean 0 and
    standard deviation 1, so that each counts equally in the k-means distance.
    Other columns of the table are dropped. The pipeline outputs a DataFrame
    whose columns come in the order log columns, signed columns, the rest.

    Parameters
    ----------
    columns : sequence of str, default :data:`FEATURES`
        The features.
    log_columns : iterable of str, optional
        Columns for ``log1p``; they must never be negative. Default: the
        features that are in :data:`LOG_COLUMNS` (skewed money and counts,
        and recency).
    signed_columns : iterable of str, optional
        Columns for :class:`SignedLog` (money that can be negative). Default:
        the features in :data:`SIGNED_COLUMNS` (profit).

    Returns
    -------
    sklearn.pipeline.Pipeline
        Unfitted; call ``fit_transform(customers)``. Input validation happens
        in :func:`prepare_features`, which is the safer entry point.

    Examples
    --------
    >>> pipe = make_feature_pipeline(["revenue", "profit", "margin_rate"])
    >>> [name for name, _ in pipe.steps]
    ['transform', 'scale']
    >>> df = pd.DataFrame({"revenue": [0.0, 99.0, 9999.0], "profit": [-10.0, 0.0, 10.0],
    ...                    "margin_rate": [0.1, 0.2, 0.3]})
    >>> pipe.fit_transform(df).round(3) + 0.0
       revenue  profit  margin_rate
    0   -1.225  -1.225       -1.225
    1    0.000   0.000        0.000
    2    1.225   1.225        1.225
    """
    columns = column_list(columns, what="columns")
    log, signed = _transform_lists(columns, log_columns, signed_columns)
    rest = [c for c in columns if c not in log and c not in signed]
    parts = []
    if log:
        parts.append(("log1p", FunctionTransformer(np.log1p, feature_names_out="one-to-one"), log))
    if signed:
        parts.append(("signed_log", SignedLog(), signed))
    if rest:
        parts.append(("keep", "passthrough", rest))
    transform = ColumnTransformer(parts, remainder="drop", verbose_feature_names_out=False)
    return Pipeline([("transform", transform), ("scale", StandardScaler())]).set_output(transform="pandas")


def prepare_features(
    customers: pd.DataFrame,
    features: Sequence[str] = FEATURES,
    *,
    log_columns: Iterable[str] | None = None,
    signed_columns: Iterable[str] | None = None,
) -> pd.DataFrame:
    """Return the scaled feature matrix of ``customers`` (one row per customer).

    Validates the columns, then runs :func:`make_feature_pipeline`
    (``log1p`` of ``log_columns``, :class:`SignedLog` of ``signed_columns``,
    standard scaling of all features).

    Parameters
    ----------
    customers : DataFrame
        One row per customer, e.g. ``course.customers.customer_table(db)``
        restricted to buying customers (prospects have no recency, tenure or
        margin rate, and would all pile up in one cluster of their own).
    features : sequence of str, default :data:`FEATURES`
    log_columns, signed_columns : iterable of str, optional
        See :func:`make_feature_pipeline`.

    Returns
    -------
    DataFrame
        Same index as ``customers``, columns ``features`` in the given order,
        each with mean 0 and (population) standard deviation 1.

    Raises
    ------
    CourseInputError
        A feature is missing, not numeric, empty (NaN, e.g. for prospects) or
        infinite, or a ``log1p`` column holds negative values.

    Examples
    --------
    >>> df = pd.DataFrame({"n_orders": [1, 3, 15], "margin_rate": [0.1, 0.2, 0.3]},
    ...                   index=pd.Index(["C1", "C2", "C3"], name="customer_id"))
    >>> prepare_features(df, ["n_orders", "margin_rate"]).round(3) + 0.0  # doctest: +NORMALIZE_WHITESPACE
                 n_orders  margin_rate
    customer_id
    C1             -1.069       -1.225
    C2             -0.267        0.000
    C3              1.336        1.225
    """
    columns = column_list(features, what="features")
    log, signed = _transform_lists(columns, log_columns, signed_columns)
    values = numeric_features(customers, columns, table="customers")
    for column in log:
        negative = values[column] < 0
        if negative.any():
            detail = describe_rows(values, negative, column, ("is negative", "are negative"))
            raise CourseInputError(
                f"table 'customers', column '{column}': {detail}. log1p needs values >= 0; "
                f"put '{column}' in signed_columns (SignedLog keeps the sign) or leave it unlogged."
            )
    pipeline = make_feature_pipeline(columns, log_columns=log, signed_columns=signed)
    with threads(len(values)):
        matrix = pipeline.fit_transform(values)
    return matrix[columns].set_axis(customers.index, axis=0)
