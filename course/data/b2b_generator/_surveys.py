"""The surveys table: CSAT, NPS and the topic of the comment, from a month after the first purchase.

Satisfaction falls in the months before churn, and the comments move to
service and process.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from course.data.b2b_generator._columns import _cat, _ids, _str
from course.data.b2b_generator._draws import _choice_n, _events
from course.data.b2b_generator._latent import LatentCustomers
from course.data.b2b_generator._parameters import CSAT_DROP, YEAR
from course.data.b2b_schema import VOC_CATEGORIES

# shares of the comment topics (VOC_CATEGORIES), usually and in the months before churn
_VOC_MIX = (0.25, 0.2, 0.2, 0.15, 0.12, 0.08)
_VOC_MIX_DECLINE = (0.06, 0.06, 0.1, 0.3, 0.18, 0.3)


def build_surveys(rng: np.random.Generator, latent: LatentCustomers, customer_ids: np.ndarray) -> pd.DataFrame:
    """Draw the surveys table (no later table needs its events).

    Parameters
    ----------
    rng : numpy.random.Generator
    latent : LatentCustomers
    customer_ids : numpy.ndarray
        From :func:`~course.data.b2b_generator._customers.build_customers`.

    Returns
    -------
    pandas.DataFrame
        The columns of the schema's ``surveys`` table, in date order.

    Examples
    --------
    >>> from course.data.b2b_generator._latent import draw_latent
    >>> from course.data.b2b_generator._period import Period
    >>> rng = np.random.default_rng(0)
    >>> latent = draw_latent(rng, 50, Period.covering("2020-01-01", "2025-12-31"))
    >>> surveys = build_surveys(rng, latent, np.array([f"C{i:05d}" for i in range(1, 51)]))
    >>> bool(surveys["csat"].between(1, 5).all() and surveys["nps"].between(0, 10).all())
    True
    """
    T = latent.period.length
    rate = (1.0 + 1.0 * latent.p + 2.0 * latent.strategic) / YEAR
    lo = np.where(latent.buyer, latent.first + 30.0, 0.0)
    hi = np.where(latent.buyer, np.minimum(latent.churn_at + 45.0, T), 0.0)
    owner, t = _events(rng, lo, hi, rate)
    sort = np.lexsort((owner, np.floor(t)))
    owner, t = owner[sort], t[sort]
    m = owner.size
    decline = latent.in_decline(owner, t) | (t >= latent.churn_at[owner])
    score = 4.0 + latent.satisfaction[owner] + rng.normal(0.0, 0.7, m) - CSAT_DROP * decline
    csat = np.clip(np.round(score), 1, 5).astype(np.int64)
    nps = np.clip(np.round(7.4 + 2.0 * (score - 4.0) + rng.normal(0.0, 1.0, m)), 0, 10).astype(np.int64)
    voc = np.where(decline, _choice_n(rng, _VOC_MIX_DECLINE, m), _choice_n(rng, _VOC_MIX, m))
    return pd.DataFrame(
        {
            "survey_id": _str(_ids("S", np.arange(1, m + 1), 6)),
            "customer_id": _str(customer_ids[owner]),
            "date": latent.period.dates(t),
            "csat": csat,
            "nps": nps,
            "voc_category": _cat(voc, VOC_CATEGORIES),
        }
    )
