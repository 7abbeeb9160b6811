"""The latent customer model: the hidden traits from which every table of the database is drawn.

:func:`draw_latent` draws, for every customer, the traits described in the
package docstring (value propensity, negotiating power, segment, acquisition,
first purchase, churn, dormancy, satisfaction, service demand, special terms)
and returns them as a frozen :class:`LatentCustomers`. The builders of the
tables read it and never change it.

Examples
--------
>>> import numpy as np
>>> from course.data.b2b_generator._period import Period
>>> latent = draw_latent(np.random.default_rng(0), 200, Period.covering("2020-01-01", "2025-12-31"))
>>> latent.n, bool(np.all(np.diff(latent.acq) >= 0))
(200, True)
"""

from __future__ import annotations

from dataclasses import dataclass, fields

import numpy as np

from course.data.b2b_generator._parameters import (
    BIG_WIN_BOOST,
    DECLINE_DAYS,
    LIFE_SHAPE,
    LINE_VALUE,
    LINES_P,
    MEAN_LIFE_YEARS,
    ORDERS_PER_YEAR,
    P_BIG_WIN,
    P_DORMANT,
    P_EARLY,
    P_PROSPECT,
    P_SPECIAL,
    P_STRATEGIC,
    PURSUED_P,
    SIGMA_DEMAND,
    SIGMA_SELECTED,
    SIGMA_V,
    SPECIAL_DEMAND,
    STRATEGIC_BOOST,
    YEAR,
)
from course.data.b2b_generator._period import Period


@dataclass(frozen=True)
class LatentCustomers:
    """Hidden traits of every customer, one array each, indexed by customer in id order (account opening).

    Times are float days since the start of :attr:`period`; ``inf`` means
    "never". The arrays are read-only.

    Attributes
    ----------
    period : Period
        The period covered.
    prospect, strategic, big_win : bool arrays
        Never buys; strategic account (战略客户); big account won recently.
    log_v, v : float arrays
        Value propensity (lognormal) and its logarithm.
    p : float array
        Negotiating power / size in [0, 1], growing with ``log_v``.
    acq, lag, first : float arrays
        First contact, days from it to the first purchase, first purchase
        (at or after the end for prospects and late leads).
    buyer : bool array
        Makes a first purchase within the period.
    churner, churn_at, decline_from : arrays
        Leaves within the period; when (``inf`` otherwise); when its decline
        starts (8-12 months before).
    stop : float array
        End of buying: churn date or end of the period (``first`` for non-buyers).
    dormant_from : float array
        When the order rate drops (``inf`` for customers who never fall dormant).
    satisfaction : float array
        Latent satisfaction around 0, the basis of CSAT and NPS.
    demand : float array
        Service demand (calls, visits, tickets), mean 1; higher on special terms.
    special : bool array
        Big account on special terms from head office.
    annual : float array
        Expected yearly revenue at list price.
    pursued : bool array
        Account the company actively goes after (costly acquisition and onboarding).
    """

    period: Period
    prospect: np.ndarray
    strategic: np.ndarray
    big_win: np.ndarray
    log_v: np.ndarray
    v: np.ndarray
    p: np.ndarray
    acq: np.ndarray
    lag: np.ndarray
    first: np.ndarray
    buyer: np.ndarray
    churner: np.ndarray
    churn_at: np.ndarray
    decline_from: np.ndarray
    stop: np.ndarray
    dormant_from: np.ndarray
    satisfaction: np.ndarray
    demand: np.ndarray
    special: np.ndarray
    annual: np.ndarray
    pursued: np.ndarray

    def __post_init__(self) -> None:
        # builders share this object: read-only arrays make sure none of them passes state to another through it
        for field in fields(self):
            value = getattr(self, field.name)
            if isinstance(value, np.ndarray):
                value.flags.writeable = False

    @property
    def n(self) -> int:
        """Number of customers, prospects included."""
        return self.acq.size

    def in_decline(self, owner: np.ndarray, t: np.ndarray) -> np.ndarray:
        """Whether each event (customer index ``owner``, time ``t``) falls in its customer's months before churn."""
        return (t >= self.decline_from[owner]) & (t < self.churn_at[owner])


def draw_latent(rng: np.random.Generator, n: int, period: Period) -> LatentCustomers:
    """Draw the hidden traits of ``n`` customers over ``period``, numbered in order of account opening.

    Parameters
    ----------
    rng : numpy.random.Generator
        Consumed in a fixed order: segments and value, acquisition, then
        (in id order) first purchase, churn, dormancy and service.
    n : int
        Number of customers, prospects included.
    period : Period

    Returns
    -------
    LatentCustomers

    Examples
    --------
    >>> latent = draw_latent(np.random.default_rng(1), 1000, Period.covering("2020-01-01", "2025-12-31"))
    >>> bool(0.08 < latent.prospect.mean() < 0.16), bool((latent.first[latent.buyer] < latent.period.length).all())
    (True, True)
    """
    T = period.length
    prospect, strategic, big_win, log_v = _segments_and_value(rng, n)
    acq = _acquisition(rng, T, prospect, strategic, big_win)
    # customer ids follow account opening
    order = np.argsort(acq, kind="stable")
    prospect, strategic, big_win, log_v, acq = (
        prospect[order],
        strategic[order],
        big_win[order],
        log_v[order],
        acq[order],
    )
    v = np.exp(log_v)
    p = np.clip((log_v - 0.7) / 1.6, 0.0, 1.0)  # negotiating power / size
    lag = 7.0 + rng.gamma(2.0, 20.0, n)
    first = acq + lag
    buyer = ~prospect & (first < T)
    churner, churn_at, decline_from = _churn(rng, T, strategic, big_win, first, buyer)
    stop = np.where(buyer, np.minimum(churn_at, T), first)  # end of buying
    dormant_from = _dormancy(rng, strategic, first, buyer, stop)
    satisfaction = rng.normal(0.0, 0.45, n)
    # how much service the customer asks for, independent of its value (mean 1)
    demand = np.exp(rng.normal(-(SIGMA_DEMAND**2) / 2, SIGMA_DEMAND, n))
    # some big accounts obtain special terms from head office (source 004): little or no profit
    special = (p >= 0.5) & (rng.random(n) < P_SPECIAL)
    demand = np.where(special, SPECIAL_DEMAND * demand, demand)
    # expected yearly revenue at list price: orders per year * lines per order * line value
    lines_per_order = float(np.dot(LINES_P, (1, 2, 3)))
    annual = ORDERS_PER_YEAR * lines_per_order * LINE_VALUE * v
    # big accounts the company goes after (strategic accounts are long-standing relationships instead)
    pursued = ~strategic & (big_win | (p >= PURSUED_P))
    return LatentCustomers(
        period=period,
        prospect=prospect,
        strategic=strategic,
        big_win=big_win,
        log_v=log_v,
        v=v,
        p=p,
        acq=acq,
        lag=lag,
        first=first,
        buyer=buyer,
        churner=churner,
        churn_at=churn_at,
        decline_from=decline_from,
        stop=stop,
        dormant_from=dormant_from,
        satisfaction=satisfaction,
        demand=demand,
        special=special,
        annual=annual,
        pursued=pursued,
    )


def _segments_and_value(rng: np.random.Generator, n: int) -> tuple[np.ndarray, ...]:
    """Prospects, strategic accounts, big wins and the log value propensity (selected segments: larger, narrower)."""
    prospect = rng.random(n) < P_PROSPECT
    u = rng.random(n)
    strategic = ~prospect & (u < P_STRATEGIC)
    big_win = ~prospect & ~strategic & (u > 1 - P_BIG_WIN)
    z = rng.normal(0.0, 1.0, n)
    log_v = np.select(
        [strategic, big_win],
        [np.log(STRATEGIC_BOOST) + SIGMA_SELECTED * z, np.log(BIG_WIN_BOOST) + SIGMA_SELECTED * z],
        SIGMA_V * z,
    )
    return prospect, strategic, big_win, log_v


def _acquisition(
    rng: np.random.Generator, T: float, prospect: np.ndarray, strategic: np.ndarray, big_win: np.ndarray
) -> np.ndarray:
    """Day of first contact: early for the existing base and strategic accounts, late for big wins and prospects."""
    n = prospect.size
    r = rng.random(n)
    early = rng.random(n) < P_EARLY
    acq = np.where(early, r * min(365.0, T / 4), r * (T - 45.0))
    acq = np.where(strategic, r * min(540.0, T / 3), acq)
    recent = min(912.0, T / 2)
    acq = np.where(big_win, T - 270.0 - r * (recent - 270.0), acq)
    return np.where(prospect, (T - 1.0) * r**0.6, acq)


def _churn(
    rng: np.random.Generator,
    T: float,
    strategic: np.ndarray,
    big_win: np.ndarray,
    first: np.ndarray,
    buyer: np.ndarray,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Gamma-distributed lifetimes from the first purchase: who leaves in the period, when, and when decline starts."""
    mean_life = np.where(
        strategic,
        MEAN_LIFE_YEARS["strategic"],
        np.where(big_win, MEAN_LIFE_YEARS["big_win"], MEAN_LIFE_YEARS["ordinary"]),
    )
    churn_at = first + rng.gamma(LIFE_SHAPE, mean_life * YEAR / LIFE_SHAPE)
    churner = buyer & (churn_at < T)
    churn_at = np.where(churner, churn_at, np.inf)
    decline_from = churn_at - rng.uniform(DECLINE_DAYS[0], DECLINE_DAYS[1], first.size)
    return churner, churn_at, decline_from


def _dormancy(
    rng: np.random.Generator, strategic: np.ndarray, first: np.ndarray, buyer: np.ndarray, stop: np.ndarray
) -> np.ndarray:
    """When the order rate drops: a random date at least a year after the first purchase (``inf``: never)."""
    n = first.size
    dormant = buyer & ~strategic & (rng.random(n) < P_DORMANT) & (stop - first > YEAR)
    return np.where(dormant, first + YEAR + rng.uniform(0.0, 0.8, n) * (stop - first - YEAR), np.inf)
