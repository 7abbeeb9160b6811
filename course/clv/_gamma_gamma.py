"""The Gamma-Gamma model of spend per purchase (Fader & Hardie 2013), and model-based CLV.

BG/NBD forecasts *how many* purchases; Gamma-Gamma forecasts *how much* each
purchase is worth. Assumptions:

1. A customer's purchase amounts vary around the customer's own mean: each
   amount is gamma distributed with shape ``p`` and rate ``nu_i``, so the
   mean is ``p / nu_i``.
2. Across customers, ``nu`` is gamma distributed with shape ``q`` and rate
   ``v``.
3. Spend per purchase is independent of how often the customer buys (check
   it: the correlation of frequency and monetary value should be small).

The data are each repeat buyer's number of repeat purchases ``x`` and their
mean amount ``m`` (``frequency`` and ``monetary_value`` of
:func:`course.clv.summary`); one-time buyers (``x = 0``) carry no
information on spend and are left out of the fit. The log-likelihood of one
customer (Fader & Hardie 2013, eq. 1a) is::

    ln f = lnG(p x + q) - lnG(p x) - lnG(q) + q ln v + (p x - 1) ln m + p x ln x - (p x + q) ln(x m + v)

The expected mean spend of a customer, given their history, is a weighted
average of the population mean ``p v / (q - 1)`` and their own mean ``m``
(eq. 5)::

    E[M | x, m] = (q - 1) / (p x + q - 1) * p v / (q - 1) + p x / (p x + q - 1) * m

Examples
--------
>>> import pandas as pd
>>> from course.clv import GammaGammaModel
>>> model = GammaGammaModel.from_params(p=6.25, q=3.74, v=15.44)
>>> round(model.population_mean(), 2)          # dollars per purchase
35.22
>>> history = pd.DataFrame({"frequency": [0, 1, 10], "monetary_value": [0.0, 100.0, 100.0]})
>>> model.conditional_expected_average_profit(history).round(2).tolist()
[35.22, 80.26, 97.28]
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy.special import gammaln

from course.clv._bgnbd import BetaGeoModel
from course.clv._fitting import is_number, maximise, read_columns, require_repeat_buyers
from course.validation import CourseInputError

__all__ = ["GammaGammaModel", "MONTH_IN"]

_MODEL = "Gamma-Gamma"

#: Length of one month in the time unit of the summary, as in ``lifetimes``' CLV.
MONTH_IN = {"W": 4.345, "D": 30.0, "M": 1.0}


def monthly_purchases(purchase_model: BetaGeoModel, summary: pd.DataFrame, months: int, time_unit: str):
    """Purchases each customer is expected to make in month ``k = 1 .. months``: one array per month.

    ``E[Y(k u)] - E[Y((k - 1) u)]`` with ``u`` periods a month: the one schedule on which both the margin
    CLV and the projected cost to serve are discounted, so that the two always share a horizon.

    Examples
    --------
    >>> bg = BetaGeoModel.from_params(r=0.243, alpha=4.414, a=0.793, b=2.426)
    >>> one = pd.DataFrame({"frequency": [2], "recency": [30.4], "T": [38.9]})
    >>> [round(float(month[0]), 3) for month in monthly_purchases(bg, one, 3, "W")]
    [0.159, 0.152, 0.146]
    """
    unit = MONTH_IN[time_unit]
    before = np.zeros(len(summary))
    for k in range(1, months + 1):
        cumulative = purchase_model.predict_purchases(k * unit, summary).to_numpy()
        yield cumulative - before
        before = cumulative


def check_horizon(purchase_model: object, months: object, discount_rate: object, time_unit: object) -> None:
    """Refuse a projection that cannot be made: the one check of every month-by-month CLV projection.

    Both the margin CLV (:meth:`GammaGammaModel.clv`) and the projected cost
    to serve (:func:`course.clv.projected_cost_to_serve`) step through the
    same horizon with the same purchase model, so they validate it here.

    Examples
    --------
    >>> check_horizon(BetaGeoModel.from_params(r=0.243, alpha=4.414, a=0.793, b=2.426), 12, 0.01, "W")
    >>> check_horizon(None, 12, 0.01, "W")
    Traceback (most recent call last):
    ...
    course.validation.CourseInputError: purchase_model must be a fitted BetaGeoModel, got NoneType.
    """
    if not isinstance(purchase_model, BetaGeoModel):
        raise CourseInputError(f"purchase_model must be a fitted BetaGeoModel, got {type(purchase_model).__name__}.")
    if time_unit not in MONTH_IN:
        raise CourseInputError(
            f"time_unit={time_unit!r} is not supported; use 'W' (weeks), 'D' (days) or 'M' (months)."
        )
    if isinstance(months, bool) or not isinstance(months, (int, np.integer)) or months < 1:
        raise CourseInputError(f"months must be a positive whole number, got {months!r}.")
    if not is_number(discount_rate) or not discount_rate > -1:
        raise CourseInputError(f"discount_rate must be a number above -1 (e.g. 0.01 a month), got {discount_rate!r}.")


def _loglik(params: np.ndarray, x: np.ndarray, m: np.ndarray) -> np.ndarray:
    p, q, v = params
    px = p * x
    return (
        gammaln(px + q)
        - gammaln(px)
        - gammaln(q)
        + q * np.log(v)
        + (px - 1) * np.log(m)
        + px * np.log(x)
        - (px + q) * np.log(x * m + v)
    )


class GammaGammaModel:
    """Gamma-Gamma model: the expected spend per purchase of each customer.

    Parameters
    ----------
    frequency, monetary_value : str
        Column names of the summary table.

    Attributes
    ----------
    params_ : dict
        ``{"p": ..., "q": ..., "v": ...}`` after :meth:`fit`; ``v`` is in
        money units.
    log_likelihood_ : float
        Total log-likelihood of the repeat buyers at the fitted parameters.
    n_customers_ : int
        Number of repeat buyers the model was fitted on.

    Examples
    --------
    >>> from course.clv import GammaGammaModel
    >>> GammaGammaModel.from_params(p=6.25, q=3.74, v=15.44)
    GammaGammaModel(p=6.25, q=3.74, v=15.44)
    """

    def __init__(self, frequency: str = "frequency", monetary_value: str = "monetary_value") -> None:
        self.frequency = frequency
        self.monetary_value = monetary_value

    def __repr__(self) -> str:
        if hasattr(self, "params_"):
            shown = ", ".join(f"{k}={v:.4g}" for k, v in self.params_.items())
            return f"GammaGammaModel({shown})"
        return "GammaGammaModel()"

    @classmethod
    def from_params(cls, p: float, q: float, v: float, **columns: str) -> GammaGammaModel:
        """A model with given parameters (e.g. published ones), without fitting."""
        params = {"p": p, "q": q, "v": v}
        for name, value in params.items():
            if not is_number(value) or not value > 0:
                raise CourseInputError(f"Gamma-Gamma parameter {name} must be a positive number, got {value!r}.")
        model = cls(**columns)
        model.params_ = {k: float(v) for k, v in params.items()}
        return model

    def _read(self, summary: object, *, repeat_only: bool) -> tuple[np.ndarray, np.ndarray]:
        cols = read_columns(summary, {"frequency": self.frequency, "monetary value": self.monetary_value})
        x, m = cols["frequency"], cols["monetary value"]
        bad = (x > 0) & (m <= 0)
        if bad.any():
            assert isinstance(summary, pd.DataFrame)
            label = summary.index[np.argmax(bad)]
            raise CourseInputError(
                f"table 'summary': {int(bad.sum())} repeat buyer(s) have {self.monetary_value} <= 0, e.g. row "
                f"{label!r}. Gamma-Gamma models positive amounts only: use completed sales (no returns or credit "
                "notes), or a margin that is positive, or drop those customers."
            )
        if repeat_only:
            keep = x > 0
            return x[keep], m[keep]
        return x, m

    def _params(self) -> tuple[float, float, float]:
        if not hasattr(self, "params_"):
            raise CourseInputError("this GammaGammaModel is not fitted yet: call .fit(summary) first.")
        p = self.params_
        return p["p"], p["q"], p["v"]

    def fit(self, summary: pd.DataFrame) -> GammaGammaModel:
        """Fit ``p``, ``q``, ``v`` by maximum likelihood on the repeat buyers of ``summary``.

        Rows with ``frequency == 0`` are ignored (by definition they have no
        repeat spend). Amounts are divided by their mean during the fit (the
        model is scale-free: ``v`` scales with the currency), starting from
        ``p = q = v = 1``.

        Raises
        ------
        CourseInputError
            Missing columns, negative values, non-positive monetary value of
            a repeat buyer, fewer than 10 repeat buyers, or no convergence.
        """
        x, m = self._read(summary, repeat_only=False)
        require_repeat_buyers(x, model=_MODEL, column=self.frequency)
        x, m = x[x > 0], m[x > 0]
        scale = float(np.mean(m))
        patterns, weights = np.unique(np.column_stack([x, m / scale]), axis=0, return_counts=True)
        total = weights.sum()

        def negative_mean_loglik(log_params: np.ndarray) -> float:
            return -float(np.dot(weights, _loglik(np.exp(log_params), patterns[:, 0], patterns[:, 1]))) / total

        log_params, _ = maximise(
            negative_mean_loglik,
            np.zeros(3),
            model=_MODEL,
            hint="spend must vary from purchase to purchase and from customer to customer (constant or "
            "identical amounts cannot be fitted); check the monetary values, or use more customers.",
        )
        p, q, v = np.exp(log_params)
        self.params_ = {"p": float(p), "q": float(q), "v": float(v * scale)}
        self.log_likelihood_ = float(_loglik(np.array([p, q, v * scale]), x, m).sum())
        self.n_customers_ = int(total)
        return self

    def population_mean(self) -> float:
        """Mean spend per purchase across customers, ``p v / (q - 1)`` (needs ``q > 1``)."""
        p, q, v = self._params()
        if q <= 1:
            raise CourseInputError(
                f"the fitted q = {q:.3g} is not above 1, so the population mean spend p v / (q - 1) does not "
                "exist (spend is too heavy-tailed for the model). Check the monetary values for outliers."
            )
        return p * v / (q - 1)

    def conditional_expected_average_profit(self, summary: pd.DataFrame) -> pd.Series:
        """Expected spend per future purchase of each customer, shrunk towards the population mean.

        ``(q - 1) / (p x + q - 1) * p v / (q - 1) + p x / (p x + q - 1) * m``:
        the more repeat purchases ``x``, the more weight on the customer's own
        mean ``m``. One-time buyers get the population mean.

        Returns
        -------
        Series
            Named ``expected_spend``, indexed like ``summary``.
        """
        x, m = self._read(summary, repeat_only=False)
        p, q, _v = self._params()
        mean = self.population_mean()
        weight = p * x / (p * x + q - 1)
        value = (1 - weight) * mean + weight * m
        return pd.Series(value, index=summary.index, name="expected_spend")

    def clv(
        self,
        purchase_model: BetaGeoModel,
        summary: pd.DataFrame,
        months: int = 12,
        discount_rate: float = 0.01,
        time_unit: str = "W",
    ) -> pd.Series:
        """Discounted customer lifetime value over the next ``months`` months (``lifetimes``' formula).

        For each month ``k = 1 .. months``, the purchases expected in that
        month (the difference of BG/NBD's cumulative forecast at the end and
        at the start of the month) times the expected spend per purchase,
        discounted by ``(1 + discount_rate)^k``::

            CLV = sum_k E[spend] * (E[Y(k * u)] - E[Y((k - 1) * u)]) / (1 + d)^k

        where ``u`` is one month in the summary's time unit (4.345 weeks, 30
        days, 1 month).

        Parameters
        ----------
        purchase_model : BetaGeoModel
            A fitted BG/NBD model (same time unit as ``summary``).
        summary : DataFrame
            Frequency, recency, T and monetary value per customer.
        months : int, default 12
            Horizon.
        discount_rate : float, default 0.01
            Discount rate **per month** (0.01 a month is about 12.7% a year).
        time_unit : {"W", "D", "M"}, default "W"
            The time unit of recency and T in ``summary``.

        Returns
        -------
        Series
            Named ``clv``, indexed like ``summary``, in the money unit of
            ``monetary_value``.

        Examples
        --------
        >>> import pandas as pd
        >>> from course.clv import BetaGeoModel, GammaGammaModel
        >>> bg = BetaGeoModel.from_params(r=0.243, alpha=4.414, a=0.793, b=2.426)
        >>> gg = GammaGammaModel.from_params(p=6.25, q=3.74, v=15.44)
        >>> one = pd.DataFrame({"frequency": [2], "recency": [30.4], "T": [38.9], "monetary_value": [22.35]})
        >>> gg.clv(bg, one, months=12).round(2).tolist()
        [36.22]
        """
        check_horizon(purchase_model, months, discount_rate, time_unit)
        spend = self.conditional_expected_average_profit(summary).to_numpy()
        value = np.zeros(len(summary))
        for k, purchases in enumerate(monthly_purchases(purchase_model, summary, months, time_unit), start=1):
            value += spend * purchases / (1 + discount_rate) ** k
        return pd.Series(value, index=summary.index, name="clv")
