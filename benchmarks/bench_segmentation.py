"""Time the per-customer analytics on millions of order lines.

Run: ``python benchmarks/bench_segmentation.py [n_lines]`` (default 3,000,000).

Synthetic order lines shaped like the B2B ``orders`` table (string ids as read
from a CSV, 300,000 customers over six years, 3% not completed) go through
RFM (table, tie-safe scores, the eight classes, named segments), lifecycle
states and cohort retention. Each call is timed once, input validation
included. Results are recorded in ``benchmarks/README.md``.
"""

from __future__ import annotations

import sys
import time
import warnings

import numpy as np
import pandas as pd

from course import lifecycle, rfm


def _timed(label: str, call):
    start = time.perf_counter()
    result = call()
    print(f"  {label:<40} {time.perf_counter() - start:6.2f} s")
    return result


def make_orders(n_lines: int, seed: int = 0) -> pd.DataFrame:
    """Order lines of ``n_lines // 10`` customers with skewed activity."""
    rng = np.random.default_rng(seed)
    n_customers = max(n_lines // 10, 1)
    weights = rng.lognormal(0, 1, n_customers)
    customer = rng.choice(n_customers, size=n_lines, p=weights / weights.sum())
    days = rng.integers(0, 6 * 365, n_lines)
    return pd.DataFrame(
        {
            "order_id": pd.Series(np.char.add("O", (np.arange(n_lines) // 2).astype(str)), dtype="str"),
            "customer_id": pd.Series(np.char.add("C", customer.astype(str)), dtype="str"),
            "order_date": np.datetime64("2020-01-01") + days.astype("timedelta64[D]"),
            "revenue": rng.lognormal(8, 1.2, n_lines).round(2),
            "status": np.where(rng.random(n_lines) < 0.97, "completed", "cancelled"),
        }
    )


def main(n_lines: int = 3_000_000) -> None:
    orders = make_orders(n_lines)
    completed = orders[orders["status"] == "completed"]
    print(
        f"{n_lines:,} order lines, {orders['customer_id'].nunique():,} customers "
        f"(numpy {np.__version__}, pandas {pd.__version__})"
    )
    asof = "2026-01-01"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the documented "rows dropped" warnings are not what we time
        table = _timed(
            "rfm.rfm_table (order ids)",
            lambda: rfm.rfm_table(completed, date="order_date", amount="revenue", order="order_id", asof=asof),
        )
        scores = _timed("rfm.rfm_scores", lambda: rfm.rfm_scores(table))
        _timed("rfm.eight_classes", lambda: rfm.eight_classes(table))
        _timed("rfm.named_segments", lambda: rfm.named_segments(scores))
        _timed("lifecycle.lifecycle_states", lambda: lifecycle.lifecycle_states(orders, asof))
        _timed("lifecycle.cohort_retention (quarters)", lambda: lifecycle.cohort_retention(orders, asof=asof))


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 3_000_000)
