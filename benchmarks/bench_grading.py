"""Time the grading of a workshop's submissions: 30 copies of a solved exercise, graded two at a time.

Run: ``python benchmarks/bench_grading.py [n_submissions] [jobs] [exercise]`` (default 30, 2, 03).

Each copy of ``solutions/<exercise>.ipynb`` is written under another name
(with the exercise id in its metadata, as a trainee's copy has) into a
temporary folder, then ``python -m course check FOLDER -j JOBS`` grades them
all: a kernel per notebook, answers collected, the checks run in the
grader. The wall-clock time of the whole command is printed, and its exit
status must say that every question passed. Results are recorded in
``benchmarks/README.md``.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from pathlib import Path

from course import REPO_ROOT
from course.authoring.notebooks import read_notebook, render_notebook
from course.authoring.syllabus import lesson


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
    print(f"  {n_submissions} submissions of exercise {exercise}, -j {jobs}: {seconds:6.1f} s")
    return seconds


if __name__ == "__main__":
    main(*(int(a) if i < 2 else a for i, a in enumerate(sys.argv[1:])))
