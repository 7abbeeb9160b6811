"""The orders table: one row per order line, with its product, channel, quantity, revenue, cost, margin and status.

Order frequency grows only slowly with the value propensity, order size
much faster; the discount grows with negotiating power and tenure, so old
big accounts buy at thin margins. The order rate falls before churn and once
dormant.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from course.data.b2b_generator._columns import _cat, _ids, _str
from course.data.b2b_generator._draws import _choice, _choice_n, _events
from course.data.b2b_generator._handover import OrderLineEvents
from course.data.b2b_generator._latent import LatentCustomers
from course.data.b2b_generator._parameters import (
    DECLINE_MULT,
    DORMANT_MULT,
    FREQ_EXP,
    INTRO_DISCOUNT,
    LINE_SIGMA,
    LINE_VALUE,
    LINES_P,
    LIST_MARGIN,
    MAX_DISCOUNT,
    MIX_BIG,
    MIX_SMALL,
    ORDERS_PER_YEAR,
    P_CANCEL_ORDER,
    P_RETURN_LINE,
    SIZE_EXP,
    SPECIAL_DISCOUNT,
    UNIT_PRICE,
    YEAR,
)
from course.data.b2b_schema import CHANNELS, ORDER_STATUSES, PRODUCT_LINES


def build_orders(
    rng: np.random.Generator, latent: LatentCustomers, customer_ids: np.ndarray
) -> tuple[pd.DataFrame, OrderLineEvents]:
    """Draw the orders table; return it and its lines' owners, times, revenue and status, for the cost to serve.

    Parameters
    ----------
    rng : numpy.random.Generator
    latent : LatentCustomers
    customer_ids : numpy.ndarray
        From :func:`~course.data.b2b_generator._customers.build_customers`.

    Returns
    -------
    orders : pandas.DataFrame
        The columns of the schema's ``orders`` table, in date order.
    lines : OrderLineEvents

    Examples
    --------
    >>> from course.data.b2b_generator._latent import draw_latent
    >>> from course.data.b2b_generator._period import Period
    >>> rng = np.random.default_rng(0)
    >>> latent = draw_latent(rng, 50, Period.covering("2020-01-01", "2025-12-31"))
    >>> orders, lines = build_orders(rng, latent, np.array([f"C{i:05d}" for i in range(1, 51)]))
    >>> orders["customer_id"].nunique() == int(latent.buyer.sum()), len(lines.t) == len(orders)
    (True, True)
    """
    owner, t, is_first = _order_times(rng, latent)
    n_orders = owner.size
    channel = _channels(rng, latent, owner)
    cancelled = (rng.random(n_orders) < P_CANCEL_ORDER) & ~is_first  # the first order is always completed
    n_lines = 1 + _choice_n(rng, LINES_P, n_orders)
    line_order = np.repeat(np.arange(n_orders), n_lines)
    starts = np.concatenate([[0], np.cumsum(n_lines)[:-1]])
    line_no = np.arange(line_order.size) - starts[line_order] + 1
    line_owner, line_t = owner[line_order], t[line_order]
    product, quantity, revenue, cost = _line_amounts(rng, latent, line_owner, line_t)
    returned = (rng.random(line_order.size) < P_RETURN_LINE) & ~is_first[line_order]
    status = np.where(cancelled[line_order], 1, np.where(returned, 2, 0))
    orders = pd.DataFrame(
        {
            "order_id": _str(_ids("O", line_order + 1, 6)),
            "line_no": line_no.astype(np.int64),
            "customer_id": _str(customer_ids[line_owner]),
            "order_date": latent.period.dates(line_t),
            "product_line": _cat(product, PRODUCT_LINES),
            "channel": _cat(channel[line_order], CHANNELS),
            "quantity": quantity,
            "revenue": revenue,
            "cost": cost,
            "margin": np.round(revenue - cost, 2),
            "status": _cat(status, ORDER_STATUSES),
        }
    )
    return orders, OrderLineEvents(owner=line_owner, t=line_t, revenue=revenue, status=status, product=product)


def _order_times(rng: np.random.Generator, latent: LatentCustomers) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Owner, time and first-order flag of every order, sorted by day, customer and time.

    Poisson orders between the first purchase and the end of buying, thinned
    before churn and once dormant, plus the first order of every buyer.
    """
    rate = ORDERS_PER_YEAR * latent.v**FREQ_EXP / YEAR
    lo = np.where(latent.buyer, latent.first, 0.0)
    hi = np.where(latent.buyer, latent.stop, 0.0)
    owner, t = _events(rng, lo, hi, rate)
    mult = np.where(latent.in_decline(owner, t), DECLINE_MULT, 1.0)
    mult = np.where(t >= latent.dormant_from[owner], mult * DORMANT_MULT, mult)
    keep = rng.random(owner.size) < mult
    buyers = np.flatnonzero(latent.buyer)
    owner = np.concatenate([buyers, owner[keep]])  # every buyer orders on its first-purchase date
    t = np.concatenate([latent.first[buyers], t[keep]])
    is_first = np.concatenate([np.ones(buyers.size, dtype=bool), np.zeros(int(keep.sum()), dtype=bool)])
    sort = np.lexsort((t, owner, np.floor(t).astype(np.int64)))
    return owner[sort], t[sort], is_first[sort]


def _channels(rng: np.random.Generator, latent: LatentCustomers, owner: np.ndarray) -> np.ndarray:
    """Channel of each order: mostly the customer's preferred one (big customers buy direct)."""
    p_direct = 0.15 + 0.8 * latent.p
    preferred = _choice(rng, np.column_stack([p_direct, (1 - p_direct) * 0.55, (1 - p_direct) * 0.45]))
    other = rng.integers(0, 3, owner.size)
    return np.where(rng.random(owner.size) < 0.85, preferred[owner], other)


def _line_amounts(
    rng: np.random.Generator, latent: LatentCustomers, owner: np.ndarray, t: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Product, quantity, revenue and cost of each order line (``owner`` and time ``t`` of its order)."""
    m = owner.size
    p = latent.p[owner]
    product = _choice(rng, (1 - p)[:, None] * np.array(MIX_SMALL) + p[:, None] * np.array(MIX_BIG))
    unit_price = np.array([UNIT_PRICE[k] for k in PRODUCT_LINES])[product] * np.exp(rng.normal(0.0, 0.08, m))
    value = LINE_VALUE * latent.v[owner] ** SIZE_EXP * np.exp(rng.normal(-(LINE_SIGMA**2) / 2, LINE_SIGMA, m))
    quantity = np.maximum(1, np.round(value / unit_price)).astype(np.int64)
    list_amount = quantity * unit_price
    tenure = (t - latent.acq[owner]) / YEAR
    discount = (
        MAX_DISCOUNT * p * np.minimum(1.0, tenure / 3.0)
        + INTRO_DISCOUNT * p * (tenure < 1.0)
        + SPECIAL_DISCOUNT * (latent.special[owner] & (tenure >= 1.0))
    )
    revenue = np.round(list_amount * (1.0 - discount), 2)
    list_margin = np.array([LIST_MARGIN[k] for k in PRODUCT_LINES])[product]
    cost = np.round(list_amount * (1.0 - list_margin) * np.exp(rng.normal(0.0, 0.04, m)), 2)
    return product, quantity, revenue, cost
