"""Vectorised random draws shared by the builders: categories and Poisson event times for many customers at once.

Each helper makes a fixed number of calls on the generator it is given, in a
fixed order, so that a builder's draws (and therefore the data) depend only
on the seed and on the order in which the builders run.

Examples
--------
>>> import numpy as np
>>> rng = np.random.default_rng(0)
>>> _choice_n(rng, (0.5, 0.5), 6).tolist()
[1, 0, 0, 0, 1, 1]
"""

from __future__ import annotations

import numpy as np


def _choice(rng: np.random.Generator, probs: np.ndarray) -> np.ndarray:
    """Draw one category index per row of the matrix ``probs`` (each row sums to 1).

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> _choice(rng, np.array([[1.0, 0.0], [0.0, 1.0], [0.5, 0.5]])).tolist()
    [0, 1, 0]
    """
    cum = np.cumsum(probs, axis=-1)
    u = rng.random(cum.shape[0])[:, None]
    return np.minimum((u > cum).sum(axis=1), cum.shape[1] - 1)


def _choice_n(rng: np.random.Generator, probs: tuple[float, ...] | np.ndarray, size: int) -> np.ndarray:
    """Draw ``size`` category indices from one probability vector.

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> _choice_n(rng, (0.0, 1.0), 3).tolist()
    [1, 1, 1]
    """
    cum = np.cumsum(np.asarray(probs, dtype=float))
    cum /= cum[-1]
    return np.minimum(np.searchsorted(cum, rng.random(size), side="right"), len(cum) - 1)


def _events(
    rng: np.random.Generator, lo: np.ndarray, hi: np.ndarray, rate: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Homogeneous Poisson events with ``rate`` per day on ``[lo, hi)`` for every customer.

    Returns the owner (customer index) and the time (float days) of each
    event, grouped by owner but not sorted in time.

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> owner, t = _events(rng, np.array([0.0, 10.0]), np.array([0.0, 20.0]), np.array([1.0, 1.0]))
    >>> bool((owner == 1).all() and (t >= 10).all() and (t < 20).all())
    True
    """
    span = np.clip(hi - lo, 0.0, None)
    counts = rng.poisson(rate * span)
    owner = np.repeat(np.arange(lo.size), counts)
    t = lo[owner] + rng.random(owner.size) * span[owner]
    return owner, t
