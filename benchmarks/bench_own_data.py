"""Time the own-data report on a large export: ``python -m course report --orders FILE --columns ...``.

Run: ``python benchmarks/bench_own_data.py [rows] [csv|parquet]`` (default 10,000,000 lines, csv).

The export is the synthetic order history of :func:`course.data.transactions.write_transactions`
(one customer per ten lines, two lines an order, ~3 % cancelled and ~1 % returned orders),
written by DuckDB as a company's export would look: Chinese headers (订单号, 客户编号, 下单日期,
金额, 状态) and Chinese statuses (已完成, 已取消, 退货), UTF-8, in a temporary folder. The
report command then runs in a fresh process, as a user runs it, and the script prints its
wall-clock time and the process's peak memory (resident set, from ``getrusage``).
"""

from __future__ import annotations

import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import duckdb

from course.data.transactions import write_transactions

COLUMNS = "customer=客户编号,order=订单号,date=下单日期,amount=金额,status=状态"


def write_export(folder: Path, rows: int, kind: str) -> Path:
    """The synthetic order lines as a Chinese-headed export (CSV or Parquet)."""
    source = write_transactions(folder / "tx.parquet", rows=rows, seed=0)
    target = folder / f"订单导出.{kind}"
    select = f"""
        SELECT order_id AS 订单号, customer_id AS 客户编号, order_date AS 下单日期, revenue AS 金额,
               CASE status WHEN 'completed' THEN '已完成' WHEN 'cancelled' THEN '已取消' ELSE '退货' END AS 状态
        FROM read_parquet('{source}')"""
    options = "(FORMAT csv, HEADER true)" if kind == "csv" else "(FORMAT parquet)"
    duckdb.sql(f"COPY ({select}) TO '{target}' {options}")
    source.unlink()
    return target


def main(rows: int = 10_000_000, kind: str = "csv") -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        start = time.perf_counter()
        export = write_export(folder, rows, kind)
        print(
            f"  export written: {rows:,} lines, {export.stat().st_size / 1e6:,.0f} MB, "
            f"{time.perf_counter() - start:.1f} s"
        )
        command = [
            sys.executable,
            "-m",
            "course",
            "report",
            "--orders",
            str(export),
            "--columns",
            COLUMNS,
            "--out",
            str(folder / "report.html"),
        ]
        start = time.perf_counter()
        subprocess.run(command, check=True)
        elapsed = time.perf_counter() - start
        usage = resource.getrusage(resource.RUSAGE_CHILDREN)
        peak = usage.ru_maxrss / 1024  # kB -> MB (Linux)
        cpu = usage.ru_utime + usage.ru_stime  # the wall clock depends on what else runs; this does not
        print(f"  report on {rows:,} lines ({kind}): {elapsed:.1f} s, CPU {cpu:.1f} s, peak memory {peak:,.0f} MB")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 10_000_000, sys.argv[2] if len(sys.argv) > 2 else "csv")
