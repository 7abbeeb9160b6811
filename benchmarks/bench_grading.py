"""Time the grading of a workshop's submissions: 30 copies of a solved exercise, graded two at a time.

Run: ``python benchmarks/bench_grading.py [n_submissions] [jobs] [exercise]`` (default 30, 2, 03);
``python benchmarks/bench_grading.py overhead [repeats]`` times the sandbox alone (default 5 repeats).

Each copy of ``solutions/<exercise>.ipynb`` is written under another name
(with the exercise id in its metadata, as a trainee's copy has) into a
temporary folder, then ``python -m course check FOLDER -j JOBS`` grades them
all: a kernel per notebook, answers collected, the checks run in the
grader. The wall-clock time of the whole command is printed, and its exit
status must say that every question passed; whether the submissions ran in
the bubblewrap sandbox is printed with it. Results are recorded in
``benchmarks/README.md``.

``overhead`` grades one submission ``repeats`` times with the sandbox and
``repeats`` times without it (``COURSE_BWRAP=""``), alternating, and times
building and tearing down an empty sandbox (``/bin/true`` in it): medians,
so that a busy machine's outliers do not decide.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from course import REPO_ROOT
from course.authoring import sandbox
from course.authoring.notebooks import read_notebook, render_notebook
from course.syllabus import lesson


def main(n_submissions: int = 30, jobs: int = 2, exercise: str = "03") -> float:
    solution = read_notebook(REPO_ROOT / lesson(exercise).solution)
    solution.metadata["course"] = {"exercise": exercise}
    with tempfile.TemporaryDirectory() as folder:
        for number in range(n_submissions):
            (Path(folder) / f"trainee_{number:02d}.ipynb").write_text(render_notebook(solution), encoding="utf-8")
        start = time.perf_counter()
        result = subprocess.run(
            [sys.executable, "-m", "course", "check", folder, "-j", str(jobs)], capture_output=True, text=True
        )
        seconds = time.perf_counter() - start
    if result.returncode != 0:
        print(result.stdout[-2000:], result.stderr[-2000:])
        raise SystemExit(f"grading failed (exit {result.returncode})")
    mode = "in the bubblewrap sandbox" if sandbox.available() else "WITHOUT a sandbox (bwrap missing)"
    print(f"  {n_submissions} submissions of exercise {exercise}, -j {jobs}, {mode}: {seconds:6.1f} s")
    return seconds


def _check_once(path: Path, env: dict) -> float:
    start = time.perf_counter()
    result = subprocess.run([sys.executable, "-m", "course", "check", str(path)], capture_output=True, env=env)
    if result.returncode != 0:
        raise SystemExit(f"grading failed (exit {result.returncode}): {result.stderr[-500:]!r}")
    return time.perf_counter() - start


def overhead(repeats: int = 5, exercise: str = "03") -> dict[str, float]:
    """Median seconds of one submission graded with and without the sandbox, and of an empty sandbox."""
    if not sandbox.available():
        raise SystemExit("bubblewrap is not available here: nothing to compare")
    solution = read_notebook(REPO_ROOT / lesson(exercise).solution)
    solution.metadata["course"] = {"exercise": exercise}
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "trainee.ipynb"
        path.write_text(render_notebook(solution), encoding="utf-8")
        work = Path(folder) / "empty"
        (work / "work").mkdir(parents=True)
        empty = sandbox.sandbox_command(work, ["/bin/true"], bwrap_path=sandbox.bwrap())
        bare = []
        for _ in range(max(repeats, 1) * 4):
            start = time.perf_counter()
            subprocess.run(empty, check=True)
            bare.append(time.perf_counter() - start)
        with_box, without = [], []
        for _ in range(repeats):
            with_box.append(_check_once(path, dict(os.environ)))
            without.append(_check_once(path, {**os.environ, sandbox.BWRAP_ENV: ""}))
    medians = {
        "with sandbox": statistics.median(with_box),
        "without sandbox": statistics.median(without),
        "empty sandbox": statistics.median(bare),
    }
    print(f"  one submission of exercise {exercise}, median of {repeats} (busy machine: see the spread):")
    print(f"    with the sandbox    {medians['with sandbox']:6.2f} s  (runs {', '.join(f'{t:.1f}' for t in with_box)})")
    print(
        f"    without the sandbox {medians['without sandbox']:6.2f} s  (runs {', '.join(f'{t:.1f}' for t in without)})"
    )
    print(f"    difference          {medians['with sandbox'] - medians['without sandbox']:+6.2f} s")
    print(f"    empty sandbox {medians['empty sandbox'] * 1000:6.1f} ms (set up and torn down; median of {len(bare)})")
    return medians


if __name__ == "__main__":
    if sys.argv[1:2] == ["overhead"]:
        overhead(*(int(a) for a in sys.argv[2:3]))
    else:
        main(*(int(a) if i < 2 else a for i, a in enumerate(sys.argv[1:])))
