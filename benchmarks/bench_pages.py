"""Time the commands that write HTML pages, whole processes as a user runs them: start-up, data and pages.

``python benchmarks/bench_pages.py [RUNS]`` runs, each RUNS times (default 3), on the shipped database:

- ``python -m course report`` (target: 2 s);
- ``python -m course archive C00001`` (target: 1 s per account);
- ``python -m course archive --class big --out-dir DIR``: the archives of the big accounts in one call
  (64 on the shipped data; target: 20 s), in one process and shared by two (``-j 2``);
- the floors under them: the Python start-up with the imports each command needs and nothing else.

It prints one line per command: the median wall-clock and CPU seconds (user + system of the process and its
children) and the range of the wall clock. CPU seconds say what the command costs on an idle machine when
other work shares it; ``farm-bench`` gives the same figures with its own statistics.
"""

from __future__ import annotations

import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def timed(command: list[str]) -> tuple[float, float]:
    """Wall-clock and CPU seconds (user + system, children included) of one run of ``command``."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(command, check=True, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main(runs: int = 3) -> None:
    python = sys.executable
    with tempfile.TemporaryDirectory() as scratch:
        out = Path(scratch)
        commands = {
            "import floor: pandas + matplotlib + scipy + scikit-learn": [
                python,
                "-c",
                "import pandas, matplotlib.pyplot, scipy.optimize, scipy.stats, sklearn.cluster, sklearn.ensemble",
            ],
            "import floor: pandas + matplotlib + scipy (no scikit-learn)": [
                python,
                "-c",
                "import pandas, matplotlib.pyplot, scipy.optimize, scipy.stats",
            ],
            "python -m course report": [python, "-m", "course", "report", "--out", str(out / "report.html")],
            "python -m course archive C00001": [
                python,
                "-m",
                "course",
                "archive",
                "C00001",
                "--out",
                str(out / "archive.html"),
            ],
            "python -m course archive --class big (64 accounts)": [
                python,
                "-m",
                "course",
                "archive",
                "--class",
                "big",
                "--out-dir",
                str(out),
                "--force",
            ],
            "python -m course archive --class big -j 2 (64 accounts, 2 processes)": [
                python,
                "-m",
                "course",
                "archive",
                "--class",
                "big",
                "--out-dir",
                str(out),
                "--force",
                "-j",
                "2",
            ],
        }
        for name, command in commands.items():
            times = [timed(command) for _ in range(runs)]
            walls, cpus = [t[0] for t in times], [t[1] for t in times]
            print(
                f"{name:<70} wall {statistics.median(walls):6.2f} s (range {min(walls):.2f}-{max(walls):.2f}), "
                f"cpu {statistics.median(cpus):6.2f} s",
                flush=True,
            )
        big = len(list(out.glob("archive_C*.html")))
        print(f"(big accounts written: {big}; load average {os.getloadavg()[0]:.1f})")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 3)
