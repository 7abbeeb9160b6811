"""The invoices table: one invoice per order, for its completed lines, and when the customer paid it (回款).

An order is invoiced on its order date for the revenue of its completed
lines: cancelled orders are not invoiced and returned lines are netted out
(credited before the invoice), so the invoices of a customer and year add up
to its completed order revenue of that year. Payment terms are 30 days, 60
for strategic accounts.

Each customer has a payment habit, drawn once: most pay on time (at or a
few days before the due date, late now and then), about a fifth are often
late, a few are chronically late; bigger accounts are more often among the
late payers (they stretch their suppliers). The habit drifts: from about half
a year before a leaving customer's orders start to fall (its decline) to its
last order, invoices are paid later and more often late, and a quarter of
them go to collection: paid three to nine months late. An invoice not paid
by the end of the period is open (empty ``paid_date``).

The table draws from a stream of its own (``default_rng([seed, 17])``), so it
moves no byte of any other table.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from course.data.b2b_generator._columns import _ids, _str
from course.data.b2b_generator._latent import LatentCustomers

#: The second entropy word of the invoices' generator: ``default_rng([seed, INVOICE_STREAM])``.
INVOICE_STREAM = 17
#: Payment terms in days: other accounts, strategic accounts.
TERMS_DAYS = (30, 60)
#: Payment habits: punctual, often late, chronically late -- chance that an invoice is paid late, and the
#: mean days late when it is.
P_LATE = (0.08, 0.45, 0.85)
MEAN_DAYS_LATE = (6.0, 14.0, 35.0)
#: In the decline before a customer leaves: extra chance of paying late, days-late multiplier, share that goes to
#: collection (paid COLLECTION_DAYS[0] to COLLECTION_DAYS[1] days late).
DECLINE_EXTRA_LATE, DECLINE_SLOWER, DECLINE_COLLECTION = 0.5, 2.0, 0.25
COLLECTION_DAYS = (90, 270)
#: Payments slow down this many days before the orders start to fall (money trouble shows first).
DECLINE_LEAD_DAYS = 180.0


def payment_habits(rng: np.random.Generator, latent: LatentCustomers) -> np.ndarray:
    """Each customer's payment habit: 0 punctual, 1 often late, 2 chronically late (drawn once per customer)."""
    u = rng.random(latent.n)
    p_chronic = 0.05 + 0.08 * latent.p
    p_often = 0.15 + 0.15 * latent.p
    return np.where(u < p_chronic, 2, np.where(u < p_chronic + p_often, 1, 0))


def build_invoices(seed: int, latent: LatentCustomers, customer_ids: np.ndarray, orders: pd.DataFrame) -> pd.DataFrame:
    """Draw the invoices table from the orders.

    Parameters
    ----------
    seed : int
        The database's seed (the table's own stream is ``default_rng([seed, INVOICE_STREAM])``).
    latent : LatentCustomers
    customer_ids : numpy.ndarray
    orders : pandas.DataFrame
        The orders table (raw, one row per line, in order-id order).

    Returns
    -------
    pandas.DataFrame
        The columns of the schema's ``invoices`` table, one row per order with completed revenue.

    Examples
    --------
    >>> from course.data import generate_b2b
    >>> db = generate_b2b(n_customers=80, seed=3)
    >>> done = db.orders[db.orders["status"] == "completed"]
    >>> bool(abs(db.invoices["amount"].sum() - done["revenue"].sum()) < 0.01 * len(db.invoices))
    True
    >>> bool((db.invoices["due_date"] > db.invoices["invoice_date"]).all())
    True
    """
    rng = np.random.default_rng([seed, INVOICE_STREAM])
    habit = payment_habits(rng, latent)
    completed = (orders["status"].astype("object") == "completed").to_numpy()
    lines = orders.loc[completed, ["order_id", "customer_id", "order_date", "revenue"]]
    per_order = lines.groupby("order_id", sort=True).agg(
        customer_id=("customer_id", "first"), invoice_date=("order_date", "first"), amount=("revenue", "sum")
    )
    m = len(per_order)
    owner = pd.Index(customer_ids).get_indexer(per_order["customer_id"])
    day0 = np.datetime64(latent.period.day0, "ns")
    t = (per_order["invoice_date"].to_numpy(dtype="datetime64[ns]") - day0) / np.timedelta64(1, "D")
    terms = np.where(latent.strategic[owner], TERMS_DAYS[1], TERMS_DAYS[0])
    declining = latent.churner[owner] & (t >= latent.decline_from[owner] - DECLINE_LEAD_DAYS)
    p_late = np.minimum(np.take(P_LATE, habit[owner]) + DECLINE_EXTRA_LATE * declining, 0.95)
    mean_late = np.take(MEAN_DAYS_LATE, habit[owner]) * np.where(declining, DECLINE_SLOWER, 1.0)
    # fixed-size draws, in a fixed order: the stream's use depends only on the number of invoices
    u_late, u_days, u_early, u_unpaid = rng.random(m), rng.exponential(1.0, m), rng.random(m), rng.random(m)
    late = u_late < p_late
    days_late = 1 + np.floor(u_days * mean_late)
    days_early = np.minimum(np.floor(u_early * 8), terms - 1)
    collection = declining & (u_unpaid < DECLINE_COLLECTION)
    days_collected = COLLECTION_DAYS[0] + np.floor(u_early * (COLLECTION_DAYS[1] - COLLECTION_DAYS[0]))
    to_pay = terms + np.where(collection, days_collected, np.where(late, days_late, -days_early))
    paid_t = np.floor(t) + to_pay
    paid = paid_t < latent.period.length
    return pd.DataFrame(
        {
            "invoice_id": _str(_ids("V", np.arange(1, m + 1), 6)),
            "order_id": _str(per_order.index.to_numpy(dtype=object)),
            "customer_id": _str(per_order["customer_id"].to_numpy(dtype=object)),
            "invoice_date": per_order["invoice_date"].to_numpy(dtype="datetime64[ns]"),
            "due_date": latent.period.dates(np.floor(t) + terms),
            "amount": np.round(per_order["amount"].to_numpy(dtype=float), 2),
            "paid_date": latent.period.dates_or_nat(paid, paid_t),
        }
    )
