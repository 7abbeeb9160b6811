"""Time course.pareto on 5 million customers' values.

Run: ``python benchmarks/bench_pareto.py [n_customers]`` (default 5,000,000).
Values are log-normal revenues (a skewed, realistic shape); profits are the
revenues minus a cost-to-serve, so about a fifth of them are negative.
Each function is timed once, on a fresh call (input validation included).
"""

from __future__ import annotations

import sys
import time

import numpy as np
import pandas as pd

from course import pareto


def main(n: int = 5_000_000) -> None:
    rng = np.random.default_rng(0)
    ids = pd.Index([f"C{i:07d}" for i in range(n)], name="customer_id")
    revenue = pd.Series(rng.lognormal(10, 1.5, n).round(2), index=ids, name="revenue")
    profit = (0.3 * revenue - rng.lognormal(8.5, 1.0, n)).round(2).rename("profit")
    print(f"course.pareto on {n:,} customers (numpy {np.__version__}, pandas {pd.__version__})")
    calls = [
        ("concentration_table", lambda: pareto.concentration_table(revenue)),
        ("lorenz_curve", lambda: pareto.lorenz_curve(revenue)),
        ("top_share", lambda: pareto.top_share(revenue)),
        ("share_of_customers_for", lambda: pareto.share_of_customers_for(revenue)),
        ("gini", lambda: pareto.gini(revenue)),
        ("concentration_summary", lambda: pareto.concentration_summary(revenue)),
        ("abc_classes", lambda: pareto.abc_classes(revenue)),
        ("whale_curve", lambda: pareto.whale_curve(profit)),
        ("whale_peak", lambda: pareto.whale_peak(profit)),
        ("split_20_60_20", lambda: pareto.split_20_60_20(profit)),
        ("split_summary", lambda: pareto.split_summary(profit)),
    ]
    for name, call in calls:
        start = time.perf_counter()
        call()
        print(f"  {name:<24} {time.perf_counter() - start:6.2f} s")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 5_000_000)
