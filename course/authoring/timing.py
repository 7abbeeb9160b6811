"""Execute many notebooks in parallel and report how long each took (``make course``).

Every lesson and solution runs in its own kernel, ``jobs`` at a time, without being written back: this
is the check that the whole course runs from top to bottom, and the table says where the minutes go.

Examples
--------
>>> runs = [Timing("notebooks/03_rfm.ipynb", 4.2, ""), Timing("solutions/03_rfm.ipynb", 3.1, "")]
>>> print(format_table(runs, 5.0))
| notebook | seconds | result |
|---|---:|---|
| notebooks/03_rfm.ipynb | 4.2 | ok |
| solutions/03_rfm.ipynb | 3.1 | ok |
| **2 notebooks** | **7.3** (sum) · **5.0** (wall) | all ok |
"""

from __future__ import annotations

import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

__all__ = ["Timing", "time_notebooks", "format_table"]


@dataclass(frozen=True)
class Timing:
    """One notebook's run: its path, wall seconds and the error (empty when it ran through)."""

    path: str
    seconds: float
    error: str


def _run(path: str, attempts: int = 3) -> Timing:
    from course.authoring.notebooks import execute

    start = time.perf_counter()
    for attempt in range(attempts):
        try:
            execute(path)
        except Exception as error:  # a failing notebook is reported in the table, not raised
            message = str(error).strip().splitlines()[-1][:200] if str(error).strip() else type(error).__name__
            # two kernels started at the same moment can pick the same port: that is no fault of the notebook
            if "Address already in use" in f"{error!r}{message}" and attempt + 1 < attempts:
                time.sleep(0.5 * (attempt + 1))
                start = time.perf_counter()
                continue
            return Timing(path, time.perf_counter() - start, message)
        break
    return Timing(path, time.perf_counter() - start, "")


def time_notebooks(paths: list[str | Path], jobs: int = 2) -> tuple[list[Timing], float]:
    """Execute ``paths`` ``jobs`` at a time; return each notebook's timing (in the given order) and the wall time."""
    start = time.perf_counter()
    with ProcessPoolExecutor(max_workers=max(1, int(jobs))) as pool:
        timings = list(pool.map(_run, [str(p) for p in paths]))
    return timings, time.perf_counter() - start


def format_table(timings: list[Timing], wall: float) -> str:
    """The markdown table of the timings, with the totals."""
    rows = ["| notebook | seconds | result |", "|---|---:|---|"]
    rows += [f"| {t.path} | {t.seconds:.1f} | {'ok' if not t.error else 'FAILED: ' + t.error} |" for t in timings]
    failed = sum(1 for t in timings if t.error)
    total = sum(t.seconds for t in timings)
    verdict = "all ok" if not failed else f"{failed} failed"
    rows.append(f"| **{len(timings)} notebooks** | **{total:.1f}** (sum) · **{wall:.1f}** (wall) | {verdict} |")
    return "\n".join(rows)
