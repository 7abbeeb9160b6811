"""The wallet table: each account's estimated yearly spend per product line across all its suppliers.

Every account spends, with all its suppliers together, a multiple of what
it would buy from us at full relationship: our *share of wallet* (SoW) at
full relationship is drawn per account -- wide for strategic accounts
(Beta(4, 3), 20-90 %), lower and wider for the others. The spend is spread
over the product lines half by the account's industry (manufacturers buy
spare parts, banks software …), half like its purchases from us, with
account-level noise, and grows with the
industry from year to year. An estimate is never below what the account
actually bought from us that year. Prospects and lost accounts keep
spending -- with our competitors: their wallet is white space.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from course.data.b2b_generator._columns import _cat, _str
from course.data.b2b_generator._handover import OrderLineEvents
from course.data.b2b_generator._latent import LatentCustomers
from course.data.b2b_generator._parameters import MIX_BIG, MIX_SMALL
from course.data.b2b_schema import INDUSTRIES, PRODUCT_LINES

# spend mix over PRODUCT_LINES (Hardware, Software, Services, Spare parts, Consumables) by industry
_INDUSTRY_MIX = {
    "Manufacturing": (0.30, 0.12, 0.13, 0.28, 0.17),
    "Retail": (0.20, 0.25, 0.15, 0.10, 0.30),
    "Healthcare": (0.30, 0.20, 0.22, 0.13, 0.15),
    "Finance": (0.18, 0.42, 0.28, 0.04, 0.08),
    "Energy": (0.33, 0.12, 0.20, 0.25, 0.10),
    "Logistics": (0.25, 0.20, 0.18, 0.20, 0.17),
    "Public sector": (0.22, 0.28, 0.30, 0.08, 0.12),
    "Technology": (0.25, 0.35, 0.25, 0.07, 0.08),
}
assert set(_INDUSTRY_MIX) == set(INDUSTRIES) and all(abs(sum(m) - 1) < 1e-9 for m in _INDUSTRY_MIX.values())
INDUSTRY_GROWTH = (0.04, 0.03)  # mean and spread of an industry's yearly spend growth


def our_revenue(latent: LatentCustomers, lines: OrderLineEvents, first_year: int, n_years: int) -> np.ndarray:
    """Completed revenue per customer, calendar year and product line, as an array ``[customer, year, line]``."""
    done = lines.completed()
    year = latent.period.years(lines.t[done]) - first_year
    k = len(PRODUCT_LINES)
    cell = (lines.owner[done] * n_years + year) * k + lines.product[done]
    total = np.bincount(cell, weights=lines.revenue[done], minlength=latent.n * n_years * k)
    return total.reshape(latent.n, n_years, k)


def full_share(rng: np.random.Generator, latent: LatentCustomers) -> np.ndarray:
    """Each account's share of wallet when it buys from us at its usual rate (strategic, big, small)."""
    n = latent.n
    strategic, big = rng.beta(4.0, 3.0, n), rng.beta(2.0, 2.5, n)
    small = rng.beta(1.5, 3.0, n)
    return np.clip(np.where(latent.strategic, strategic, np.where(latent.p >= 0.5, big, small)), 0.04, 0.95)


def build_wallet(
    rng: np.random.Generator,
    latent: LatentCustomers,
    customer_ids: np.ndarray,
    customers: pd.DataFrame,
    lines: OrderLineEvents,
) -> pd.DataFrame:
    """Draw the wallet table: customers x years (from the account's opening) x product lines.

    Parameters
    ----------
    rng : numpy.random.Generator
    latent : LatentCustomers
    customer_ids : numpy.ndarray
    customers : pandas.DataFrame
        The customers table (industries).
    lines : OrderLineEvents
        The order lines (what each account bought from us).

    Returns
    -------
    pandas.DataFrame
        The columns of the schema's ``wallet`` table, by customer, year and product line.

    Examples
    --------
    >>> from course.data import generate_b2b
    >>> db = generate_b2b(n_customers=80, seed=1)
    >>> bought = db.orders[db.orders["status"] == "completed"]
    >>> ours = bought.groupby(["customer_id", bought["order_date"].dt.year.rename("year"), "product_line"],
    ...                       observed=True)["revenue"].sum()
    >>> estimate = db.wallet.set_index(["customer_id", "year", "product_line"])["wallet"]
    >>> bool((estimate.reindex(ours.index) >= ours).all())
    True
    """
    period = latent.period
    years = period.years(np.array([0.0, period.length - 1.0]))
    first_year, n_years = int(years[0]), int(years[1] - years[0] + 1)
    n, k = latent.n, len(PRODUCT_LINES)
    share = full_share(rng, latent)
    industry = customers["industry"].astype("object").to_numpy()
    own_mix = (1 - latent.p)[:, None] * np.array(MIX_SMALL) + latent.p[:, None] * np.array(MIX_BIG)
    base_mix = 0.5 * np.array([_INDUSTRY_MIX.get(name, (0.2,) * 5) for name in industry]) + 0.5 * own_mix
    mix = base_mix * np.exp(rng.normal(0.0, 0.45, (n, k)))
    mix /= mix.sum(axis=1, keepdims=True)
    growth = rng.normal(INDUSTRY_GROWTH[0], INDUSTRY_GROWTH[1], (len(INDUSTRIES), n_years))
    industry_code = pd.Categorical(industry, categories=list(INDUSTRIES)).codes
    level = np.cumprod(1.0 + np.where(np.arange(n_years) == 0, 0.0, growth), axis=1)[np.maximum(industry_code, 0)]
    noise = np.exp(rng.normal(0.0, 0.08, (n, n_years)))
    total = (latent.annual * (1.0 - 0.1 * latent.p) / share)[:, None] * level * noise
    estimate = total[:, :, None] * mix[:, None, :]
    ours = our_revenue(latent, lines, first_year, n_years)
    floor = ours * (1.05 + 0.25 * rng.random((n, n_years, k)))
    wallet = np.ceil(np.maximum(estimate, floor) / 100.0) * 100.0
    opened = period.years(latent.acq) - first_year
    owner, year, line = np.nonzero(np.arange(n_years)[None, :, None] >= opened[:, None, None] + np.zeros((1, 1, k)))
    return pd.DataFrame(
        {
            "customer_id": _str(customer_ids[owner]),
            "year": (first_year + year).astype(np.int64),
            "product_line": _cat(line, PRODUCT_LINES),
            "wallet": wallet[owner, year, line],
        }
    )
