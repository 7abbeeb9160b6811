"""The BG/NBD model of repeat purchasing (Fader, Hardie & Lee 2005).

"Buy till you die": while a customer is *alive* (active), purchases arrive at
random at the customer's own rate; after each purchase the customer may drop
out for good. Nobody announces that they have left, so whether a quiet
customer is still alive is itself a prediction.

Assumptions (for customer *i*):

1. While alive, repeat purchases follow a Poisson process with rate
   ``lambda_i``.
2. Across customers, ``lambda`` follows a gamma distribution with shape ``r``
   and rate ``alpha`` (``alpha`` is in the summary's time unit).
3. After each purchase, the customer becomes inactive with probability
   ``p_i``.
4. Across customers, ``p`` follows a beta distribution with parameters ``a``
   and ``b``.
5. ``lambda_i`` and ``p_i`` are independent.

The model reads the summary of :func:`course.clv.summary`: ``frequency``
(``x``), ``recency`` (``t_x``) and ``T``. Its log-likelihood for one customer
is (FHL 2005, eq. 6, written in logs so that large frequencies cannot
overflow)::

    ln L = lnG(r + x) - lnG(r) + r ln(alpha) + lnB(a, b + x) - lnB(a, b)
           + ln[ (alpha + T)^-(r + x)
                 + [x > 0] a / (b + x - 1) (alpha + t_x)^-(r + x) ]

and the four parameters maximise its sum (``scipy.optimize``, parameters on
the log scale, time rescaled so that the longest ``T`` is 1, fixed starting
values ``r = alpha = a = b = 1``).

Examples
--------
>>> from course.clv import BetaGeoModel
>>> model = BetaGeoModel().fit(cdnow_summary)  # doctest: +SKIP
>>> {k: round(v, 3) for k, v in model.params_.items()}  # doctest: +SKIP
{'r': 0.243, 'alpha': 4.414, 'a': 0.793, 'b': 2.426}

A fitted model predicts from the parameters alone:

>>> model = BetaGeoModel.from_params(r=0.243, alpha=4.414, a=0.793, b=2.426)
>>> round(model.expected_purchases(39.0), 3)     # a new customer, 39 weeks
1.197
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy.special import betaln, expit, gammaln, hyp2f1
from scipy.stats import beta as beta_distribution

from course.clv._fitting import is_number, maximise, read_columns, require_repeat_buyers
from course.validation import CourseInputError

__all__ = ["BetaGeoModel"]

_MODEL = "BG/NBD"


def _loglik(params: np.ndarray, x: np.ndarray, t_x: np.ndarray, T: np.ndarray) -> np.ndarray:
    """Log-likelihood of each customer (FHL 2005, eq. 6), in log space."""
    r, alpha, a, b = params
    common = gammaln(r + x) - gammaln(r) + r * np.log(alpha) + betaln(a, b + x) - betaln(a, b)
    still_alive = -(r + x) * np.log(alpha + T)
    with np.errstate(divide="ignore", invalid="ignore"):
        died = np.where(
            x > 0,
            np.log(a) - np.log(np.maximum(b + x - 1, 1e-300)) - (r + x) * np.log(alpha + t_x),
            -np.inf,
        )
    return common + np.logaddexp(still_alive, died)


def _check_t(t: object) -> float:
    if not is_number(t) or not np.isfinite(t) or t < 0:
        raise CourseInputError(f"t must be a non-negative number of periods (e.g. 39 for 39 weeks), got {t!r}.")
    return float(t)


class BetaGeoModel:
    """BG/NBD model: how many purchases will a customer make, and is the customer still alive?

    Parameters
    ----------
    frequency, recency, T : str
        Column names of the summary table (``"frequency_cal"`` … for a
        :func:`course.clv.calibration_holdout` table).
    penalizer : float, default 0.0
        Strength of an L2 penalty on the parameters, exactly as
        ``lifetimes``' ``penalizer_coef``: the fit minimises the mean negative
        log-likelihood plus ``penalizer * (r² + alpha'² + a² + b²)``, where
        ``alpha'`` is alpha on the rescaled time (longest T = 1). 0 gives the
        maximum-likelihood estimates. A small value (0.0001-0.001) keeps
        ``a`` and ``b`` finite when the data show almost the same dropout
        probability for everyone (then the unpenalised fit runs off to
        infinity); it pulls all parameters towards 0, so report it.

    Attributes
    ----------
    params_ : dict
        ``{"r": ..., "alpha": ..., "a": ..., "b": ...}`` after :meth:`fit`;
        ``alpha`` is in the time unit of the summary.
    log_likelihood_ : float
        Total log-likelihood at the fitted parameters.
    n_customers_ : int
        Number of customers the model was fitted on.

    Examples
    --------
    >>> import pandas as pd
    >>> from course.clv import BetaGeoModel
    >>> model = BetaGeoModel.from_params(r=0.25, alpha=4.0, a=0.8, b=2.5)
    >>> one = pd.DataFrame({"frequency": [0, 2, 2], "recency": [0.0, 30.0, 5.0], "T": [38.0, 38.0, 38.0]},
    ...                    index=["new", "recent", "quiet"])
    >>> model.probability_alive(one).round(3)
    new       1.000
    recent    0.731
    quiet     0.120
    Name: probability_alive, dtype: float64
    >>> model.predict_purchases(52, one).round(2)
    new       0.27
    recent    1.61
    quiet     0.27
    Name: predicted_purchases, dtype: float64
    """

    def __init__(
        self, frequency: str = "frequency", recency: str = "recency", T: str = "T", penalizer: float = 0.0
    ) -> None:
        self.frequency = frequency
        self.recency = recency
        self.T = T
        self.penalizer = penalizer

    def __repr__(self) -> str:
        if hasattr(self, "params_"):
            shown = ", ".join(f"{k}={v:.4g}" for k, v in self.params_.items())
            if self.penalizer:
                shown += f", penalizer={self.penalizer:g}"
            return f"BetaGeoModel({shown})"
        return "BetaGeoModel()"

    @classmethod
    def from_params(cls, r: float, alpha: float, a: float, b: float, **columns: str) -> BetaGeoModel:
        """A model with given parameters (e.g. published ones), without fitting."""
        params = {"r": r, "alpha": alpha, "a": a, "b": b}
        for name, value in params.items():
            if not is_number(value) or not value > 0:
                raise CourseInputError(f"BG/NBD parameter {name} must be a positive number, got {value!r}.")
        model = cls(**columns)
        model.params_ = {k: float(v) for k, v in params.items()}
        return model

    # ------------------------------------------------------------------ data

    def _read(self, summary: object) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        cols = read_columns(summary, {"frequency": self.frequency, "recency": self.recency, "T": self.T})
        x, t_x, T = cols["frequency"], cols["recency"], cols["T"]
        frame = summary  # validated above
        assert isinstance(frame, pd.DataFrame)
        late = t_x > T * (1 + 1e-12) + 1e-12
        if late.any():
            label = frame.index[np.argmax(late)]
            raise CourseInputError(
                f"table 'summary': {int(late.sum())} row(s) have {self.recency} > {self.T}, e.g. row {label!r} "
                f"({t_x[late][0]:g} > {T[late][0]:g}). A customer cannot buy after the as-of date: build the "
                "table with course.clv.summary and one as-of date."
            )
        odd = (x == 0) & (t_x > 0)
        if odd.any():
            label = frame.index[np.argmax(odd)]
            raise CourseInputError(
                f"table 'summary': {int(odd.sum())} row(s) have {self.frequency} 0 but {self.recency} > 0, "
                f"e.g. row {label!r}. recency is the age at the last repeat purchase, so it is 0 without repeat "
                "purchases: are the columns swapped, or is this RFM recency (time since the last purchase)?"
            )
        return x, t_x, T

    def _params(self) -> tuple[float, float, float, float]:
        if not hasattr(self, "params_"):
            raise CourseInputError("this BetaGeoModel is not fitted yet: call .fit(summary) first.")
        p = self.params_
        return p["r"], p["alpha"], p["a"], p["b"]

    # ------------------------------------------------------------------ fit

    def fit(self, summary: pd.DataFrame) -> BetaGeoModel:
        """Fit the four parameters by maximum likelihood.

        Parameters
        ----------
        summary : DataFrame
            One row per customer with the frequency, recency and T columns
            (see :func:`course.clv.summary`). Not modified.

        Returns
        -------
        BetaGeoModel
            ``self``, with ``params_``, ``log_likelihood_``, ``n_customers_``.

        Raises
        ------
        CourseInputError
            Missing columns, negative or non-integer values, recency > T,
            fewer than 10 repeat buyers, or no convergence.
        """
        penalizer = self.penalizer
        if not is_number(penalizer) or not penalizer >= 0:
            raise CourseInputError(f"penalizer must be a number >= 0 (e.g. 0.001), got {penalizer!r}.")
        x, t_x, T = self._read(summary)
        require_repeat_buyers(x, model=_MODEL, column=self.frequency)
        if not np.max(T) > 0:
            raise CourseInputError("BG/NBD cannot be fitted: every customer has T = 0 (no time observed).")
        # Identical histories share one likelihood term: fit on the distinct rows, weighted.
        patterns, weights = np.unique(np.column_stack([x, t_x, T]), axis=0, return_counts=True)
        scale = 1.0 / np.max(T)
        px, pt_x, pT = patterns[:, 0], patterns[:, 1] * scale, patterns[:, 2] * scale
        total = weights.sum()

        def negative_mean_loglik(log_params: np.ndarray) -> float:
            params = np.exp(log_params)
            penalty = penalizer * float(np.sum(params**2))
            return -float(np.dot(weights, _loglik(params, px, pt_x, pT))) / total + penalty

        log_params, _fun = maximise(
            negative_mean_loglik,
            np.zeros(4),
            model=_MODEL,
            hint="if a and b run off together, customers hardly differ in their dropout probability: fit "
            "with a small penalty, BetaGeoModel(penalizer=0.001); otherwise check for implausible histories "
            "(e.g. everyone buying every period up to T) or try another freq.",
        )
        r, alpha, a, b = np.exp(log_params)
        self.params_ = {"r": float(r), "alpha": float(alpha / scale), "a": float(a), "b": float(b)}
        self.log_likelihood_ = float(self.log_likelihood(summary))
        self.n_customers_ = int(total)
        return self

    def dropout_summary(self) -> pd.Series:
        """How the dropout probability after a purchase, ``p``, is spread across customers: Beta(a, b).

        ``a / (a + b)`` is only the *mean* of that distribution. With ``a < 1``
        the density is J-shaped: most customers almost never drop out and a
        few drop out easily, so the median lies far below the mean.

        Returns
        -------
        Series
            ``mean``, ``median``, ``q10`` and ``q90`` of ``p``, and
            ``share_below_1pct`` (the share of customers with ``p < 0.01``).

        Examples
        --------
        >>> BetaGeoModel.from_params(r=0.243, alpha=4.414, a=0.793, b=2.426).dropout_summary().round(3)
        mean                0.246
        median              0.191
        q10                 0.022
        q90                 0.563
        share_below_1pct    0.054
        Name: dropout, dtype: float64
        """
        _r, _alpha, a, b = self._params()
        spread = beta_distribution(a, b)
        values = {
            "mean": a / (a + b),
            "median": spread.median(),
            "q10": spread.ppf(0.1),
            "q90": spread.ppf(0.9),
            "share_below_1pct": spread.cdf(0.01),
        }
        return pd.Series({k: float(v) for k, v in values.items()}, name="dropout")

    def log_likelihood(self, summary: pd.DataFrame) -> float:
        """Total log-likelihood of ``summary`` under the model's parameters."""
        x, t_x, T = self._read(summary)
        return float(_loglik(np.array(self._params()), x, t_x, T).sum())

    # ------------------------------------------------------------------ predictions

    def expected_purchases(self, t: float) -> float:
        """Expected repeat purchases of a *new* customer in their first ``t`` periods (FHL eq. 9)::

        E[X(t)] = (a + b - 1) / (a - 1) * [1 - (alpha / (alpha + t))^r * 2F1(r, b; a + b - 1; t / (alpha + t))]
        """
        t = _check_t(t)
        r, alpha, a, b = self._params()
        hyp = hyp2f1(r, b, a + b - 1, t / (alpha + t))
        return float((a + b - 1) / (a - 1) * (1 - hyp * (alpha / (alpha + t)) ** r))

    def predict_purchases(self, t: float, summary: pd.DataFrame) -> pd.Series:
        """Expected repeat purchases of each customer in the next ``t`` periods (FHL eq. 10).

        Given a customer's history (x, t_x, T)::

            E[Y(t) | x, t_x, T] = (a + b + x - 1) / (a - 1)
                * [1 - ((alpha + T) / (alpha + T + t))^(r + x) * 2F1(r + x, b + x; a + b + x - 1; t / (alpha + T + t))]
                / [1 + [x > 0] a / (b + x - 1) * ((alpha + T) / (alpha + t_x))^(r + x)]

        Parameters
        ----------
        t : float
            Length of the forecast window, in the summary's time unit.
        summary : DataFrame
            The customers to predict for (frequency, recency, T columns).

        Returns
        -------
        Series
            Named ``predicted_purchases``, indexed like ``summary``.
        """
        t = _check_t(t)
        x, t_x, T = self._read(summary)
        r, alpha, a, b = self._params()
        ra, rb, rc = r + x, b + x, a + b + x - 1
        z = t / (alpha + T + t)
        with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
            log_hyp = np.log(hyp2f1(ra, rb, rc, z))
            # Euler's transformation where 2F1 overflows: 2F1(a,b;c;z) = (1-z)^(c-a-b) 2F1(c-a, c-b; c; z)
            alt = np.log(hyp2f1(rc - ra, rc - rb, rc, z)) + (rc - ra - rb) * np.log1p(-z)
            log_hyp = np.where(np.isfinite(log_hyp), log_hyp, alt)
            remaining = 1 - np.exp(log_hyp + (r + x) * np.log((alpha + T) / (alpha + T + t)))
            numerator = (a + b + x - 1) / (a - 1) * remaining
            odds_dead = np.where(
                x > 0, a / np.maximum(b + x - 1, 1e-300) * np.exp((r + x) * np.log((alpha + T) / (alpha + t_x))), 0.0
            )
        value = numerator / (1 + odds_dead)
        return pd.Series(value, index=summary.index, name="predicted_purchases")

    def probability_alive(self, summary: pd.DataFrame, t: float = 0.0) -> pd.Series:
        """Probability that each customer is still alive (active) at T, or ``t`` periods after T.

        At T (Fader, Hardie & Lee 2008 note)::

            P(alive at T | x, t_x, T) = 1 / (1 + [x > 0] a / (b + x - 1) * ((alpha + T) / (alpha + t_x))^(r + x))

        A customer without repeat purchases has probability 1: in BG/NBD,
        dropping out happens only right after a purchase. Later, a customer
        alive at T with rate ``lambda`` and dropout probability ``p`` is
        still alive ``t`` periods on with probability ``exp(-lambda p t)``
        (each of the Poisson(``lambda t``) purchases is survived with
        probability ``1 - p``). Given alive at T, ``lambda`` is
        Gamma(r + x, alpha + T) and ``p`` is Beta(a, b + x), so::

            P(alive at T + t) = P(alive at T) * 2F1(r + x, a; a + b + x; -t / (alpha + T))

        (the Euler integral of 2F1; computed through Pfaff's transformation,
        whose argument ``s / (1 + s)``, ``s = t / (alpha + T)``, lies in [0, 1)).

        Parameters
        ----------
        summary : DataFrame
            The customers (frequency, recency, T columns).
        t : float, default 0
            How many periods after T (in the summary's time unit).

        Returns
        -------
        Series
            Named ``probability_alive``, indexed like ``summary``.

        Examples
        --------
        >>> model = BetaGeoModel.from_params(r=0.25, alpha=4.0, a=0.8, b=2.5)
        >>> one = pd.DataFrame({"frequency": [2], "recency": [30.0], "T": [38.0]})
        >>> [round(float(model.probability_alive(one, t=w).iloc[0]), 3) for w in (0, 52, 520)]
        [0.731, 0.531, 0.194]
        """
        t = _check_t(t)
        x, t_x, T = self._read(summary)
        r, alpha, a, b = self._params()
        with np.errstate(divide="ignore"):
            log_odds = (r + x) * np.log((alpha + T) / (alpha + t_x)) + np.log(a) - np.log(np.maximum(b + x - 1, 1e-300))
        value = np.where(x > 0, expit(-log_odds), 1.0)
        if t > 0:
            s = t / (alpha + T)
            # Pfaff: 2F1(A, B; C; -s) = (1 + s)^-B * 2F1(B, C - A; C; s / (1 + s)), with A = r + x, B = a, C = a + b + x
            value = value * (1 + s) ** (-a) * hyp2f1(a, a + b - r, a + b + x, s / (1 + s))
        return pd.Series(value, index=summary.index, name="probability_alive")
