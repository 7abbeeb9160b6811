"""Shared plumbing of the lifetime-value models: reading a summary, maximising a likelihood."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd
from scipy import optimize

from course.validation import (
    CourseInputError,
    describe_rows,
    parse_numbers,
    require_frame,
    require_not_empty,
)

#: A model is not fitted on fewer repeat buyers than this: their purchases are what pins down the parameters.
MIN_REPEAT_BUYERS = 10

#: The fit has converged when the gradient of the mean log-likelihood (w.r.t. the log-parameters) is below this.
GRADIENT_TOLERANCE = 1e-5

#: A log-parameter beyond this (a parameter above e^20 or below e^-20) means the fit is running away.
RUNAWAY = 20.0

_TABLE = "summary"


def is_number(value: object) -> bool:
    """True for a real number (not a bool, not a string)."""
    return not isinstance(value, bool) and isinstance(value, (int, float, np.integer, np.floating))


def read_columns(summary: object, columns: dict[str, str], *, table: str = _TABLE) -> dict[str, np.ndarray]:
    """Return the named columns of ``summary`` as float arrays, checked non-negative.

    ``columns`` maps a role ("frequency") to a column name ("frequency_cal").
    """
    frame = require_frame(summary, table=table)
    require_not_empty(frame, table=table)
    out = {}
    for role, column in columns.items():
        values = parse_numbers(frame, column, table=table)
        bad = ~np.isfinite(values.to_numpy())
        if bad.any():
            detail = describe_rows(frame, pd.Series(bad, index=frame.index), column, ("is infinite", "are infinite"))
            raise CourseInputError(f"table '{table}', column '{column}': {detail}. Fix or drop those rows.")
        negative = values < 0
        if negative.any():
            detail = describe_rows(frame, negative, column, ("is negative", "are negative"))
            raise CourseInputError(
                f"table '{table}', column '{column}': {detail}. The {role} of a customer cannot be negative; "
                "check the dates (a purchase before the first one?) or the column passed."
            )
        out[role] = values.to_numpy(dtype=float)
    if "frequency" in out:
        frequency = out["frequency"]
        fractional = frequency != np.floor(frequency)
        if fractional.any():
            column = columns["frequency"]
            mask = pd.Series(fractional, index=frame.index)
            detail = describe_rows(frame, mask, column, ("is not a whole number", "are not whole numbers"))
            raise CourseInputError(
                f"table '{table}', column '{column}': {detail}. frequency counts repeat purchase periods; "
                "build the table with course.clv.summary."
            )
    return out


def require_repeat_buyers(frequency: np.ndarray, *, model: str, column: str) -> None:
    """Raise unless at least :data:`MIN_REPEAT_BUYERS` customers bought again."""
    repeat = int((frequency > 0).sum())
    if repeat < MIN_REPEAT_BUYERS:
        raise CourseInputError(
            f"{model} cannot be fitted: only {repeat} customer(s) have {column} > 0 (repeat buyers); at least "
            f"{MIN_REPEAT_BUYERS} are needed. Use a longer observation period, a shorter freq (e.g. 'D' instead "
            "of 'M') or more customers."
        )


def maximise(
    negative_mean_loglik: Callable[[np.ndarray], float],
    start: np.ndarray,
    *,
    model: str,
    hint: str,
) -> tuple[np.ndarray, float]:
    """Minimise ``negative_mean_loglik`` over log-parameters; raise if it does not converge.

    BFGS from the deterministic ``start``; if BFGS stops short (e.g. "precision
    loss"), Nelder-Mead polishes from where it stopped and BFGS runs again.
    Convergence is judged on the gradient, not on the optimiser's message.
    """

    def objective(x: np.ndarray) -> float:
        value = negative_mean_loglik(x)
        return value if np.isfinite(value) else 1e100

    x = np.asarray(start, dtype=float)
    with np.errstate(all="ignore"):
        for _ in range(2):
            result = optimize.minimize(objective, x, method="BFGS", options={"gtol": 1e-9, "maxiter": 1000})
            x = result.x
            if not np.all(np.isfinite(x)) or np.max(np.abs(x)) > RUNAWAY:
                break
            gradient = optimize.approx_fprime(x, objective, 1e-7)
            if np.max(np.abs(gradient)) < GRADIENT_TOLERANCE:
                return x, float(result.fun)
            polish = optimize.minimize(
                objective, x, method="Nelder-Mead", options={"xatol": 1e-10, "fatol": 1e-14, "maxiter": 4000}
            )
            x = polish.x
    raise CourseInputError(
        f"{model}: the maximum-likelihood fit did not converge (a parameter runs off towards 0 or infinity, "
        f"log-parameters {np.round(x, 2).tolist()}). The data probably do not follow the model: {hint}"
    )
