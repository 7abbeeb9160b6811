"""The course's pandas and DuckDB paths against their bounds and their peers, from 10 thousand to 10 million rows.

Run: ``make bench`` (or ``python benchmarks/bench_scale.py --peers benchmarks/.venv/bin/python``).
Writes ``benchmarks/RESULTS.md``. ``--sizes`` picks the sizes; ``--duckdb-sizes`` the larger ones at which
only the DuckDB calls run (default 30 million); ``--rows-100m`` adds 100 million rows read from Parquet (the
DuckDB calls, then ``rfm_segments`` with order ids and statuses; a few minutes, generation included).
``--data-dir`` keeps the generated files in a folder and reuses them in later runs.

The data: ``python -m course data transactions`` order lines (one customer per ten lines, text ids, dates
as DATE), written once per size to a temporary folder. Each size runs in its own processes: one in the
course's environment (pandas, DuckDB, the course), one in the peers' environment (lifetimes 0.11.3 with
its old pandas, polars), so the versions never mix. Every call is timed on the same data in the same
run; "peak" is the largest resident memory above what the process held before the call (sampled every
5 ms). The time is the median of ``--repeat`` calls (one call at 10 million rows and above).

What is compared (the same columns and aggregates: per customer the last date, the number of lines and
the total amount):

- ``plain pandas group-by``: ``groupby("customer_id", sort=False).agg(max, size, sum)`` on the frame, and the
  same for ``clv.summary``'s columns (first and last purchase day, distinct purchase days, sum);
- ``course pandas`` ``rfm_table`` (validation, as-of day, sorted ids included), ``lifecycle_states``,
  ``clv.summary``, ``pareto.concentration_table`` (against a plain sort + cumsum of the values);
- ``DuckDB group-by``: the plain ``GROUP BY`` on the Parquet file, fetched as pandas;
- ``course DuckDB``: ``course.sql.rfm_table`` and ``rfm_segments`` (RFM + scores + eight classes + named
  segments) on the same Parquet file, checks included; ``course.sql.summary``;
- ``polars group-by`` on a polars frame read from the file; ``lifetimes`` ``summary_data_from_transaction_data``;
- a naive per-customer Python loop (at 10 and 100 thousand rows only).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
HERE = Path(__file__).resolve().parent
SIZES = [10_000, 100_000, 1_000_000, 10_000_000]
#: Sizes at which only the DuckDB path runs (read from Parquet; a pandas frame of them would not fit).
DUCKDB_SIZES = [30_000_000]


def measure(call, repeat: int) -> dict:
    """Median seconds of ``repeat`` calls and the peak memory above the start (MB) of the first."""
    import threading

    import psutil

    process = psutil.Process()
    times, peak = [], 0.0
    for i in range(repeat):
        start_rss = process.memory_info().rss
        top = [start_rss]
        done = threading.Event()

        def sample(top=top, done=done):
            while not done.is_set():
                top[0] = max(top[0], process.memory_info().rss)
                done.wait(0.005)

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        t0 = time.perf_counter()
        call()
        times.append(time.perf_counter() - t0)
        done.set()
        sampler.join()
        if i == 0:
            peak = (top[0] - start_rss) / 2**20
    times.sort()
    return {"seconds": times[len(times) // 2], "peak_mb": round(peak, 1)}


def _repeat(rows: int, wanted: int) -> int:
    return 1 if rows >= 10_000_000 else wanted


# ---------------------------------------------------------------------------- the course's environment


def course_side(path: str, rows: int, repeat: int) -> dict:
    import warnings

    import duckdb
    import numpy as np
    import pandas as pd

    from course import lifecycle, pareto, rfm, sql
    from course.clv import summary

    warnings.simplefilter("ignore")
    repeat = _repeat(rows, repeat)
    tx = duckdb.sql(f"SELECT customer_id, order_date, revenue FROM '{path}'").df()
    tx["order_date"] = tx["order_date"].astype("datetime64[ns]")
    out = {}
    out["plain pandas group-by"] = measure(
        lambda: tx.groupby("customer_id", sort=False).agg(
            last=("order_date", "max"), n=("order_date", "size"), total=("revenue", "sum")
        ),
        repeat,
    )
    # clv.summary's own columns (first and last purchase day, distinct purchase days, total): its fair bound
    out["plain pandas group-by of clv.summary's columns"] = measure(
        lambda: (
            tx.assign(day=tx["order_date"].dt.floor("D"))
            .groupby("customer_id", sort=False)
            .agg(first=("day", "min"), last=("day", "max"), days=("day", "nunique"), total=("revenue", "sum"))
        ),
        repeat,
    )
    out["course pandas rfm_table"] = measure(lambda: rfm.rfm_table(tx, date="order_date", amount="revenue"), repeat)
    out["course pandas lifecycle_states"] = measure(lambda: lifecycle.lifecycle_states(tx, status=None), repeat)
    out["course pandas clv.summary"] = measure(lambda: summary(tx, date="order_date", amount="revenue"), repeat)
    table = rfm.rfm_table(tx, date="order_date", amount="revenue")
    out["course pandas RFM + scores + classes + segments"] = measure(
        lambda: rfm.named_segments(rfm.rfm_scores(rfm.rfm_table(tx, date="order_date", amount="revenue"))).join(
            rfm.eight_classes(table)[["class_zh"]]
        ),
        repeat,
    )
    values = table["monetary"]
    out["plain sort + cumsum of the values"] = measure(
        lambda: values.sort_values(ascending=False, kind="stable").cumsum(), repeat
    )
    out["course pandas concentration_table"] = measure(lambda: pareto.concentration_table(values), repeat)
    con = duckdb.connect()
    con.execute("SET enable_progress_bar = false")
    own = (
        f"SELECT customer_id, max(order_date) AS last, count(*) AS n, sum(revenue) AS total FROM '{path}' "
        "GROUP BY customer_id"
    )
    out["DuckDB group-by"] = measure(lambda: con.execute(own).df(), repeat)
    out["course DuckDB rfm_table"] = measure(lambda: sql.rfm_table(path, date="order_date", amount="revenue"), repeat)
    out["course DuckDB RFM + scores + classes + segments"] = measure(
        lambda: sql.rfm_segments(path, date="order_date", amount="revenue"), repeat
    )
    out["course DuckDB clv.summary"] = measure(lambda: sql.summary(path, date="order_date", amount="revenue"), repeat)
    if rows <= 100_000:
        out["naive per-customer loop"] = measure(lambda: _naive(tx), 1)
    out["_versions"] = {"pandas": pd.__version__, "numpy": np.__version__, "duckdb": duckdb.__version__}
    return out


def duckdb_side(path: str, rows: int, repeat: int) -> dict:
    """The DuckDB calls only (no pandas frame in memory): the sizes above 10 million rows."""
    import warnings

    import duckdb

    from course import sql

    warnings.simplefilter("ignore")
    repeat = _repeat(rows, repeat)
    con = duckdb.connect()
    con.execute("SET enable_progress_bar = false")
    own = (
        f"SELECT customer_id, max(order_date) AS last, count(*) AS n, sum(revenue) AS total FROM '{path}' "
        "GROUP BY customer_id"
    )
    out = {"DuckDB group-by": measure(lambda: con.execute(own).df(), repeat)}
    out["course DuckDB rfm_table"] = measure(lambda: sql.rfm_table(path, date="order_date", amount="revenue"), repeat)
    out["course DuckDB RFM + scores + classes + segments"] = measure(
        lambda: sql.rfm_segments(path, date="order_date", amount="revenue"), repeat
    )
    out["_versions"] = {"duckdb": duckdb.__version__}
    return out


def _naive(tx) -> dict:
    """What a first attempt looks like: a Python loop over the customers, one small table each."""
    asof = tx["order_date"].max() + __import__("pandas").Timedelta(days=1)
    result = {}
    for customer, rows in tx.groupby("customer_id"):
        result[customer] = ((asof - rows["order_date"].max()).days, len(rows), rows["revenue"].sum())
    return result


# ---------------------------------------------------------------------------- the peers' environment


def peers_side(path: str, rows: int, repeat: int) -> dict:
    import warnings

    import duckdb
    import pandas as pd
    import polars as pl
    from lifetimes.utils import summary_data_from_transaction_data

    warnings.simplefilter("ignore")
    repeat = _repeat(rows, repeat)
    frame = pl.read_parquet(path, columns=["customer_id", "order_date", "revenue"])
    out = {
        "polars group-by": measure(
            lambda: frame.group_by("customer_id").agg(pl.col("order_date").max(), pl.len(), pl.col("revenue").sum()),
            repeat,
        )
    }
    tx = duckdb.sql(f"SELECT customer_id, order_date, revenue FROM '{path}'").df()
    tx["order_date"] = pd.to_datetime(tx["order_date"])
    out["lifetimes summary"] = measure(
        lambda: summary_data_from_transaction_data(tx, "customer_id", "order_date", monetary_value_col="revenue"),
        repeat,
    )
    out["_versions"] = {"pandas (lifetimes)": pd.__version__, "polars": pl.__version__}
    return out


# ---------------------------------------------------------------------------- the driver


def _child(side: str, python: str, path: Path, rows: int, repeat: int) -> dict:
    code = (
        "import json, sys; sys.path.insert(0, sys.argv[1]); import bench_scale as b; "
        f"print('RESULT' + json.dumps(b.{side}_side(sys.argv[2], int(sys.argv[3]), int(sys.argv[4]))))"
    )
    env = {**os.environ, "PYTHONWARNINGS": "ignore"}
    done = subprocess.run(
        [python, "-c", code, str(HERE), str(path), str(rows), str(repeat)],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    lines = [line for line in done.stdout.splitlines() if line.startswith("RESULT")]
    if done.returncode or not lines:
        raise SystemExit(f"{side} side failed at {rows:,} rows:\n{done.stderr[-3000:]}")
    return json.loads(lines[-1][len("RESULT") :])


def machine() -> str:
    import psutil

    cpu = platform.processor() or platform.machine()
    try:
        model = next(
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        )
        cpu = model
    except (OSError, StopIteration):
        pass
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg()) if hasattr(os, "getloadavg") else "n/a"
    return (
        f"{os.cpu_count()} cores ({cpu}), {psutil.virtual_memory().total / 2**30:.0f} GiB, "
        f"{platform.system()} {platform.release()}, Python {platform.python_version()}; load average {load}"
    )


def write_data(folder: Path, rows: int, kept: Path | None = None) -> tuple[Path, float]:
    """The data file of ``rows`` lines: written to ``folder``, or found in ``kept`` (written there once, then kept)."""
    from course.data.transactions import write_transactions

    path = (kept or folder) / f"tx_{rows}.parquet"
    if kept is not None and path.exists():
        return path, float("nan")
    start = time.perf_counter()
    write_transactions(path, rows=rows, seed=0, force=True)
    return path, time.perf_counter() - start


def run_100m(path: Path, generated: float) -> dict:
    """100 million lines from Parquet through the DuckDB path; the resident memory of the whole process."""
    import resource
    import warnings

    from course import sql

    warnings.simplefilter("ignore")
    start = time.perf_counter()
    segments = sql.rfm_segments(path, date="order_date", amount="revenue", order="order_id", status="status")
    seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 2**10  # kB on Linux
    size = path.stat().st_size / 2**30
    return {"generated": generated, "seconds": seconds, "peak_mb": peak, "customers": len(segments), "gib": size}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="*", default=SIZES)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--peers", help="python of the peers' environment (lifetimes, polars)")
    parser.add_argument("--rows-100m", action="store_true", help="also run the DuckDB path on 100 million rows")
    parser.add_argument(
        "--duckdb-sizes",
        type=int,
        nargs="*",
        default=DUCKDB_SIZES,
        help="sizes at which only the DuckDB calls run (the pandas frame would not fit)",
    )
    parser.add_argument("--data-dir", help="keep the data files in this folder and reuse them (default: temporary)")
    parser.add_argument("--out", default=str(HERE / "RESULTS.md"))
    args = parser.parse_args(argv)
    started = time.perf_counter()
    results, generation, versions = {}, {}, {}
    kept = Path(args.data_dir) if args.data_dir else None
    if kept is not None:
        kept.mkdir(parents=True, exist_ok=True)
    big_sizes = [rows for rows in args.duckdb_sizes if rows not in args.sizes]
    if args.rows_100m and 100_000_000 not in big_sizes:
        big_sizes.append(100_000_000)
    big = None
    with tempfile.TemporaryDirectory(prefix="course-bench-") as tmp:
        for rows in args.sizes:
            path, generation[rows] = write_data(Path(tmp), rows, kept)
            results[rows] = _child("course", sys.executable, path, rows, args.repeat)
            versions.update(results[rows].pop("_versions", {}))
            if args.peers:
                results[rows].update(_child("peers", args.peers, path, rows, args.repeat))
                versions.update(results[rows].pop("_versions", {}))
            print(f"{rows:>12,} rows done ({time.perf_counter() - started:.0f} s)", flush=True)
            if kept is None:
                path.unlink()
        for rows in big_sizes:  # one size at a time, the DuckDB calls only
            path, generation[rows] = write_data(Path(tmp), rows, kept)
            results[rows] = _child("duckdb", sys.executable, path, rows, args.repeat)
            versions.update(results[rows].pop("_versions", {}))
            if rows == 100_000_000:
                big = run_100m(path, generation[rows])
            print(f"{rows:>12,} rows done, DuckDB only ({time.perf_counter() - started:.0f} s)", flush=True)
            if kept is None:
                path.unlink()
    from benchmarks_report import report  # the report lives next to this script

    text = report(results, generation, versions, machine(), big, time.perf_counter() - started)
    Path(args.out).write_text(text, encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(HERE))
    sys.exit(main())
