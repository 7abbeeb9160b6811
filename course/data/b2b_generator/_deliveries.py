"""The deliveries table: when each signed contract was delivered and invoiced (the LTC step before 回款).

A contract is delivered between its signature and its payment (or due
date): on average 40 % of the way. Some unpaid contracts stall (15 %):
their delivery takes up to two and a half times as long, often past the due
date, so they show as signed but not delivered, or delivered late.
Contracts not delivered by the end of the period have no row.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from course.data.b2b_generator._columns import _str
from course.data.b2b_generator._latent import LatentCustomers

P_STALL = 0.15


def _days(dates: pd.Series, day0: np.datetime64) -> np.ndarray:
    """Days since ``day0`` of each date (NaN for a missing one)."""
    values = dates.to_numpy(dtype="datetime64[ns]")
    days = (values - day0.astype("datetime64[ns]")).astype("timedelta64[D]").astype(float)
    return np.where(np.isnat(values), np.nan, days)


def build_deliveries(rng: np.random.Generator, latent: LatentCustomers, opportunities: pd.DataFrame) -> pd.DataFrame:
    """Draw the deliveries table from the contracts of the opportunities table.

    Parameters
    ----------
    rng : numpy.random.Generator
    latent : LatentCustomers
    opportunities : pandas.DataFrame
        The opportunities table.

    Returns
    -------
    pandas.DataFrame
        The columns of the schema's ``deliveries`` table, in order of the opportunities.

    Examples
    --------
    >>> from course.data import generate_b2b
    >>> db = generate_b2b(n_customers=100, seed=1)
    >>> deals = db.opportunities.set_index("opportunity_id").loc[db.deliveries["opportunity_id"]]
    >>> bool((db.deliveries["delivery_date"].to_numpy() >= deals["contract_date"].to_numpy()).all())
    True
    """
    day0 = latent.period.day0
    contract = _days(opportunities["contract_date"], day0)
    due = _days(opportunities["payment_due_date"], day0)
    paid = _days(opportunities["payment_date"], day0)
    signed = ~np.isnan(contract)
    m = len(opportunities)
    share = rng.beta(2.0, 3.0, m)
    stall = np.isnan(paid) & (rng.random(m) < P_STALL)
    share = np.where(stall, share * 2.5, share)
    end = np.where(np.isnan(paid), due, np.fmin(paid, due))
    delivered = np.where(signed, contract + np.floor(share * (end - np.where(signed, contract, 0.0))), np.inf)
    keep = signed & (delivered <= latent.period.length - 1.0)
    rows = np.flatnonzero(keep)
    return pd.DataFrame(
        {
            "opportunity_id": _str(opportunities["opportunity_id"].to_numpy(dtype=object)[rows]),
            "customer_id": _str(opportunities["customer_id"].to_numpy(dtype=object)[rows]),
            "delivery_date": latent.period.dates(delivered[rows]),
        }
    )
