"""How much a penalised BG/NBD fit owes to its penalty (:func:`penalty_path`).

When every customer seems to have about the same dropout probability, the
maximum-likelihood estimates of BG/NBD's ``a`` and ``b`` run off to infinity
together and the fit does not converge. A small L2 penalty
(``BetaGeoModel(penalizer=...)``, as ``lifetimes``' ``penalizer_coef``) keeps
them finite -- but it pulls every parameter towards 0, and the *shape* of the
fitted dropout distribution Beta(a, b) is then set by the penalty as much as
by the data. Refitting over a range of penalties shows how much.

Examples
--------
>>> import numpy as np, pandas as pd
>>> from course.clv import penalty_path
>>> rng = np.random.default_rng(0)
>>> x = rng.poisson(3, 300)
>>> T = np.full(300, 52.0)
>>> t_x = np.where(x > 0, np.minimum(T, rng.uniform(0, 52, 300)), 0.0)
>>> path = penalty_path(pd.DataFrame({"frequency": x, "recency": t_x, "T": T}), [0.001, 0.01])
>>> list(path.columns)  # doctest: +NORMALIZE_WHITESPACE
['converged', 'r', 'alpha', 'a', 'b', 'log_likelihood', 'dropout_mean', 'dropout_median']
>>> bool(path["converged"].all()), bool((path["a"].diff().dropna() < 0).all())   # more penalty, smaller a
(True, True)
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

from course.clv._bgnbd import BetaGeoModel
from course.clv._fitting import is_number
from course.validation import CourseInputError

__all__ = ["penalty_path"]

_COLUMNS = ["converged", "r", "alpha", "a", "b", "log_likelihood", "dropout_mean", "dropout_median"]


def penalty_path(
    summary: pd.DataFrame,
    penalizers: Iterable[float],
    *,
    frequency: str = "frequency",
    recency: str = "recency",
    T: str = "T",
) -> pd.DataFrame:
    """Fit BG/NBD once per penalty and report the parameters and the spread of dropout probabilities.

    Parameters
    ----------
    summary : DataFrame
        Frequency, recency and T per customer (:func:`course.clv.summary`).
        Not modified.
    penalizers : iterable of float
        The penalties to try, each >= 0 (0 is the plain maximum-likelihood
        fit), e.g. ``[1e-5, 1e-4, 1e-3, 1e-2]``.
    frequency, recency, T : str
        Column names of ``summary``.

    Returns
    -------
    DataFrame
        Indexed by ``penalizer`` (in the order given), columns
        ``converged`` (False where the fit ran off; the other columns are then
        NaN), ``r``, ``alpha``, ``a``, ``b``, ``log_likelihood`` (unpenalised,
        at the fitted parameters: how well the model fits the data) and the
        ``dropout_mean`` ``a / (a + b)`` and ``dropout_median`` of Beta(a, b).

    Raises
    ------
    CourseInputError
        ``penalizers`` is empty or holds a value that is not a number >= 0,
        or the summary itself is unusable (as in :meth:`BetaGeoModel.fit`).
    """
    values = list(penalizers) if not isinstance(penalizers, (str, bytes)) else [penalizers]
    if not values or not all(is_number(p) and np.isfinite(p) and p >= 0 for p in values):
        raise CourseInputError(
            f"penalizers must be a non-empty list of numbers >= 0, e.g. [1e-5, 1e-4, 1e-3]; got {penalizers!r}."
        )
    rows = []
    for penalizer in values:
        model = BetaGeoModel(frequency, recency, T, penalizer=float(penalizer))
        try:
            model.fit(summary)
        except CourseInputError as error:
            if "did not converge" not in str(error):
                raise  # the summary itself is wrong: say so, whatever the penalty
            rows.append({"converged": False} | dict.fromkeys(_COLUMNS[1:], np.nan))
            continue
        spread = model.dropout_summary()
        rows.append(
            {"converged": True}
            | model.params_
            | {
                "log_likelihood": model.log_likelihood_,
                "dropout_mean": spread["mean"],
                "dropout_median": spread["median"],
            }
        )
    index = pd.Index([float(p) for p in values], name="penalizer")
    return pd.DataFrame(rows, index=index, columns=_COLUMNS).astype({"converged": "bool"})
