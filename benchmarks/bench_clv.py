"""Time course.clv: the summary on ~2 million transactions, the model fits on the full CDNOW data.

Run: ``python benchmarks/bench_clv.py [n_transactions]`` (default 2,000,000).

* ``summary`` / ``calibration_holdout`` on synthetic transactions: 200,000
  customers, dates over three years, log-normal amounts, string ids (as read
  from a CSV), timed for freq "D" and "W";
* ``BetaGeoModel.fit`` and ``GammaGammaModel.fit`` on the full CDNOW master
  file (23,570 customers), calibrated to 1997-09-30 in weeks, as in the
  lesson; then the predictions and the 12-month CLV of every customer.

Each call is timed once, on a fresh call (input validation included).
"""

from __future__ import annotations

import sys
import time
import warnings

import numpy as np
import pandas as pd

from course.clv import BetaGeoModel, GammaGammaModel, calibration_holdout, summary
from course.data.cdnow import load_cdnow


def _timed(label: str, call):
    start = time.perf_counter()
    result = call()
    print(f"  {label:<52} {time.perf_counter() - start:6.2f} s")
    return result


def main(n: int = 2_000_000) -> None:
    rng = np.random.default_rng(0)
    n_customers = max(n // 10, 1)
    ids = pd.Series([f"C{i:07d}" for i in range(n_customers)], dtype="str")
    start = np.datetime64("2022-01-01")
    tx = pd.DataFrame(
        {
            "customer_id": ids.to_numpy()[rng.integers(0, n_customers, n)],
            "date": (start + rng.integers(0, 3 * 365, n).astype("timedelta64[D]")).astype("datetime64[ns]"),
            "amount": rng.lognormal(4, 1, n).round(2),
        }
    )
    print(f"course.clv (numpy {np.__version__}, pandas {pd.__version__})")
    print(f"synthetic transactions: {n:,} rows, {n_customers:,} customers")
    _timed("summary(freq='D')", lambda: summary(tx, asof="2024-12-31"))
    _timed("summary(freq='W')", lambda: summary(tx, asof="2024-12-31", freq="W"))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the documented "customers left out" warning is not what we time
        _timed(
            "calibration_holdout(freq='D', freq_multiplier=7)",
            lambda: calibration_holdout(tx, "2024-06-30", asof="2024-12-31", freq_multiplier=7),
        )

    master = load_cdnow()
    print(f"CDNOW master: {len(master):,} rows, {master['customer_id'].nunique():,} customers")
    cal = _timed(
        "summary (calibration to 1997-09-30, weeks)",
        lambda: summary(master[master["date"] <= "1997-09-30"], asof="1997-09-30", freq="D", freq_multiplier=7),
    )
    bg = _timed("BetaGeoModel().fit", lambda: BetaGeoModel().fit(cal))
    print(f"    {bg}")
    repeat = cal[cal["monetary_value"] > 0]  # one repeat buyer spent $0: Gamma-Gamma needs positive amounts
    gg = _timed("GammaGammaModel().fit", lambda: GammaGammaModel().fit(repeat))
    print(f"    {gg}")
    _timed(
        "predict_purchases(39) + probability_alive", lambda: (bg.predict_purchases(39, cal), bg.probability_alive(cal))
    )
    _timed("clv(months=12)", lambda: gg.clv(bg, repeat, months=12))


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 2_000_000)
