"""Size a workshop server: trainees running a lesson at once on the classroom hub, on 127.0.0.1.

Run as root after ``make env``:
``python benchmarks/bench_hub.py [lesson] [n_trainees …]`` (default ``03 2 4 8 12``).

For each class size N, a fresh classroom (``python -m course classroom setup``,
N trainees with their own seeds) is started; all N trainees log in at once,
start their servers and run every code cell of the lesson in their kernel,
together, as a class following the instructor does. Printed per N: the median
and slowest time to start a server, the median and slowest cell, the slowest
lesson, and the memory each trainee's processes hold after the lesson (RSS of
every process of the unix user: the single-user server and its kernel). Then
everything is removed. Bounded: one lesson per trainee, 120 s per cell,
loopback only. The figures go to INSTRUCTORS.md's sizing table.
"""

from __future__ import annotations

import csv
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from course import REPO_ROOT
from course.authoring.notebooks import read_notebook
from course.syllabus import lesson

sys.path.insert(0, str(REPO_ROOT))
from tests.hub_client import Trainee, free_ports, missing_requirement


def _course(*args: str) -> None:
    env = {**os.environ, "PYTHONPATH": str(REPO_ROOT)}
    subprocess.run([sys.executable, "-m", "course", *args], check=True, capture_output=True, timeout=600, env=env)


def _rss_mib(user: str) -> float:
    done = subprocess.run(["ps", "-o", "rss=", "-u", user], capture_output=True, text=True)
    return sum(int(x) for x in done.stdout.split()) / 1024


def _trainee(url: str, name: str, password: str, notebook: dict) -> dict:
    trainee = Trainee.log_in(url, name, password)
    start = trainee.start_server(deadline=300)
    kernel = trainee.kernel()
    cells, began = [], time.monotonic()
    try:
        for cell in (c for c in notebook["cells"] if c["cell_type"] == "code"):
            outputs, seconds = kernel.execute("".join(cell["source"]), timeout=120)
            cells.append(seconds)
            errors = [o for o in outputs if o["output_type"] == "error"]
            if errors:
                raise RuntimeError(f"{name}: {errors[0]['ename']}: {errors[0]['evalue']}")
        lesson_seconds = time.monotonic() - began
        memory = _rss_mib(name)
    finally:
        kernel.close()
    return {"start": start, "cells": cells, "lesson": lesson_seconds, "memory": memory}


def run(number: str, n_trainees: int) -> dict:
    notebook = read_notebook(REPO_ROOT / lesson(number).notebook)
    folder = Path(tempfile.mkdtemp(prefix="course-bench-hub-", dir="/tmp"))
    os.chmod(folder, 0o755)
    names = [f"bh{os.getpid() % 10000}t{i:02d}" for i in range(n_trainees)]
    roster = folder / "roster.csv"
    roster.write_text("trainee\n" + "\n".join(names) + "\n", encoding="utf-8")
    args = ["--dir", str(folder / "room")]
    try:
        _course("classroom", "setup", str(roster), *args, "--home-base", str(folder / "homes"),
                "--port", str(free_ports(3)), "--instructor", f"bh{os.getpid() % 10000}teach")  # fmt: skip
        _course("classroom", "start", *args)
        settings = (folder / "room" / "hub" / "classroom.json").read_text()
        port = __import__("json").loads(settings)["port"]
        with (folder / "room" / "hub" / "passwords.csv").open(newline="") as handle:
            passwords = {row["user"]: row["password"] for row in csv.DictReader(handle)}
        url = f"http://127.0.0.1:{port}"
        with ThreadPoolExecutor(max_workers=n_trainees) as pool:
            results = list(pool.map(lambda name: _trainee(url, name, passwords[name], notebook), names))
    finally:
        subprocess.run([sys.executable, "-m", "course", "classroom", "remove", *args, "--homes"],
                       capture_output=True, timeout=300, env={**os.environ, "PYTHONPATH": str(REPO_ROOT)})  # fmt: skip
        shutil.rmtree(folder, ignore_errors=True)
    cells = [c for r in results for c in r["cells"]]
    return {
        "n": n_trainees,
        "start_median": statistics.median(r["start"] for r in results),
        "start_max": max(r["start"] for r in results),
        "cell_median": statistics.median(cells),
        "cell_max": max(cells),
        "lesson_max": max(r["lesson"] for r in results),
        "memory_median": statistics.median(r["memory"] for r in results),
        "memory_max": max(r["memory"] for r in results),
    }


def main(argv: list[str]) -> None:
    reason = missing_requirement()
    if reason:
        raise SystemExit(f"bench_hub: {reason}")
    number = argv[0] if argv else "03"
    sizes = [int(n) for n in argv[1:]] or [2, 4, 8, 12]
    print(f"lesson {number}, {os.cpu_count()} cores; times in s, memory in MiB per trainee")
    print("| trainees | start median | start max | cell median | cell max | lesson max | memory median | memory max |")
    print("|---:|---:|---:|---:|---:|---:|---:|---:|")
    for n in sizes:
        r = run(number, n)
        print(
            f"| {r['n']} | {r['start_median']:.1f} | {r['start_max']:.1f} | {r['cell_median']:.2f} | "
            f"{r['cell_max']:.1f} | {r['lesson_max']:.0f} | {r['memory_median']:.0f} | {r['memory_max']:.0f} |",
            flush=True,
        )


if __name__ == "__main__":
    main(sys.argv[1:])
