"""The period a database covers: times are float days since its first day, turned into dates at the end.

Examples
--------
>>> period = Period.covering("2020-01-01", "2025-12-31")
>>> period.length
2192.0
>>> period.dates(np.array([0.0, 31.9])).astype(str).tolist()
['2020-01-01T00:00:00.000000000', '2020-02-01T00:00:00.000000000']
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class Period:
    """The days ``day0 .. day0 + length - 1``; a time ``t`` is a float number of days since ``day0``.

    Attributes
    ----------
    day0 : numpy.datetime64
        First day (unit ``D``).
    length : float
        Number of days covered; times of the period are in ``[0, length)``.
    """

    day0: np.datetime64
    length: float

    @classmethod
    def covering(cls, first_day: object, last_day: object) -> Period:
        """The period from ``first_day`` to ``last_day``, both included (dates or ``YYYY-MM-DD`` text).

        Examples
        --------
        >>> Period.covering("2024-01-01", "2024-12-31").length
        366.0
        """
        day0 = np.datetime64(first_day, "D")
        n_days = int((np.datetime64(last_day, "D") - day0).astype(int)) + 1
        return cls(day0, float(n_days))

    def dates(self, t: np.ndarray) -> np.ndarray:
        """The day (``datetime64[ns]``) of each time ``t``."""
        days = np.floor(np.asarray(t, dtype=float)).astype(np.int64)
        return (self.day0 + days.astype("timedelta64[D]")).astype("datetime64[ns]")

    def dates_or_nat(self, reached: np.ndarray, t: np.ndarray) -> np.ndarray:
        """Dates of the milestones reached, ``NaT`` for the others (whose time may be infinite)."""
        return np.where(reached, self.dates(np.where(reached, t, 0.0)), np.datetime64("NaT", "ns"))

    def years(self, t: np.ndarray) -> np.ndarray:
        """The calendar year of each time ``t``."""
        return self.dates(t).astype("datetime64[Y]").astype(np.int64) + 1970
