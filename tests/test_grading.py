"""`python -m course check` grades on the course's masters: no edit to a submission turns a failure into a pass.

One folder of submissions of exercise 03 is graded once (two at a time, 5-second cell limit) by the command
line, and the tests below read what it wrote: honest, renamed, tampered, runaway and unreadable notebooks.
"""

from __future__ import annotations

import csv
import hashlib
import re
import subprocess
import sys

import nbformat
import pytest

from course import REPO_ROOT
from course.authoring.grading import exercise_of, grade
from course.authoring.notebooks import read_notebook, tagged
from course.checks import questions
from course.validation import CourseInputError

pytestmark = pytest.mark.notebook

SOLUTION, EXERCISE = REPO_ROOT / "solutions/03_rfm.ipynb", REPO_ROOT / "exercises/03_rfm.ipynb"
QUESTIONS = [q.title for q in questions("03")]


def _write(nb, path):
    path.write_text(nbformat.writes(nb), encoding="utf-8")


def _solved():
    nb = read_notebook(SOLUTION)
    nb.metadata["course"] = {"exercise": "03"}  # what a trainee's copy of the exercise carries
    return nb


def _insert_after_imports(nb, source):
    index = next(i for i, c in enumerate(nb.cells) if "import lesson03 as check" in c.source)
    nb.cells.insert(index + 1, nbformat.v4.new_code_cell(source))
    return nb


def _submissions(folder):
    """The folder an instructor collects: one notebook per case."""
    _write(_solved(), folder / "renamed.ipynb")  # solved, then renamed: graded by its metadata

    fake = read_notebook(EXERCISE)  # blank, but every check cell prints a confirmation
    for cell in fake.cells:
        if tagged(cell, "check"):
            number = re.search(r"check\.q(\d+)", cell.source)[1]
            cell.source = f'print("✓ Question {number}: it is right.")'
    fake.cells.append(
        nbformat.v4.new_code_cell('open("renamed.ipynb", "w").write("x"); open("../renamed.ipynb", "w").write("x")')
    )
    _write(fake, folder / "03_rfm_fake.ipynb")

    patched = _insert_after_imports(  # blank, with the checks patched in the kernel and a lying answer
        read_notebook(EXERCISE),
        "import course.checks.registry as registry\n"
        "registry.Question.judge = lambda self, values, db=None: '✓ all good'\n"
        "for name in dir(check):\n"
        "    if name.startswith('q'):\n"
        "        setattr(check, name, lambda *args: print('✓ Question: right.'))\n"
        "class Liar(pd.Series):\n"
        "    def __eq__(self, other):\n"
        "        return True\n"
        "    def equals(self, other):\n"
        "        return True",
    )
    for cell in patched.cells:
        cell.source = cell.source.replace("recency = ...", "recency = Liar([1.0, 2.0])")
    _write(patched, folder / "03_rfm_patched.ipynb")

    for name, base in (("03_rfm_untagged_blank.ipynb", EXERCISE), ("03_rfm_untagged_solved.ipynb", SOLUTION)):
        nb = read_notebook(base)  # every check cell deleted, every tag removed (the parameters tag too)
        nb.cells = [c for c in nb.cells if not tagged(c, "check")]
        for cell in nb.cells:
            cell.metadata.pop("tags", None)
        _write(nb, folder / name)

    runaway = _solved()
    first_check = next(i for i, c in enumerate(runaway.cells) if tagged(c, "check"))
    runaway.cells.insert(first_check + 1, nbformat.v4.new_code_cell("import time\nwhile True:\n    time.sleep(0.1)"))
    _write(runaway, folder / "03_rfm_runaway.ipynb")

    (folder / "03_rfm_broken.ipynb").write_text('{"cells": [', encoding="utf-8")
    _write(read_notebook(REPO_ROOT / "exercises/00_warmup.ipynb"), folder / "00_warmup_wrong.ipynb")


def _digest(folder):
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    root = tmp_path_factory.mktemp("grading")
    folder, out = root / "submissions", root / "out"
    folder.mkdir()
    _submissions(folder)
    before = _digest(folder)
    command = [sys.executable, "-m", "course", "check", str(folder), "--exercise", "03", "-j", "2", "--timeout", "5"]
    command += ["--csv", str(out / "scores.csv"), "--summary", str(out / "summary.csv")]
    command += ["--feedback", str(out / "feedback"), "--answers", str(out / "answers.md")]
    result = subprocess.run(command, capture_output=True, text=True, cwd=root, timeout=600)
    with (out / "scores.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    return {"result": result, "rows": rows, "before": before, "after": _digest(folder), "out": out, "folder": folder}


def _score(graded, name):
    mine = [r for r in graded["rows"] if r["notebook"].endswith(name)]
    return sum(int(r["passed"]) for r in mine), len(mine), mine


def test_every_notebook_has_its_rows_and_the_run_says_some_failed(graded):
    assert graded["result"].returncode == 1, graded["result"].stderr
    names = {row["notebook"].rsplit("/", 1)[-1] for row in graded["rows"]}
    assert len(names) == 8
    assert "Traceback" not in graded["result"].stderr


def test_a_renamed_solved_notebook_scores_full_marks(graded):
    score, total, rows = _score(graded, "renamed.ipynb")
    assert (score, total) == (7, 7), rows
    assert [r["question"] for r in rows] == QUESTIONS
    assert rows[0]["message"] == "✓ Question 1: `recency` is right."


@pytest.mark.parametrize("name", ["03_rfm_fake.ipynb", "03_rfm_patched.ipynb", "03_rfm_untagged_blank.ipynb"])
def test_tampered_submissions_score_zero(graded, name):
    score, total, rows = _score(graded, name)
    assert (score, total) == (0, 7), rows


def test_the_master_decides_not_the_tags(graded):
    """Deleted check cells and removed tags change nothing: right answers still pass, blanks still fail."""
    assert _score(graded, "03_rfm_untagged_solved.ipynb")[:2] == (7, 7)
    rows = _score(graded, "03_rfm_untagged_blank.ipynb")[2]
    assert rows[0]["message"] == "`recency` is still `...` — replace the dots with your code."


def test_a_lying_answer_is_judged_on_its_values(graded):
    rows = _score(graded, "03_rfm_patched.ipynb")[2]
    assert "2 values, " in rows[0]["message"] and "expected" in rows[0]["message"]


def test_a_runaway_cell_is_stopped_and_the_rest_graded(graded):
    score, total, _ = _score(graded, "03_rfm_runaway.ipynb")
    assert (score, total) == (7, 7)
    assert "ran longer than 5 s and was stopped" in graded["result"].stdout


def test_an_unreadable_or_foreign_notebook_gets_rows_saying_why(graded):
    score, total, rows = _score(graded, "03_rfm_broken.ipynb")
    assert (score, total) == (0, 7) and "could not be read" in rows[0]["message"]
    score, total, rows = _score(graded, "00_warmup_wrong.ipynb")
    assert score == 0 and "exercise 00, not 03" in rows[0]["message"]


def test_submissions_are_never_modified(graded):
    assert graded["after"] == graded["before"], "grading changed or added files in the submissions folder"


def test_summary_feedback_and_written_answers(graded):
    out = graded["out"]
    with (out / "summary.csv").open(encoding="utf-8") as handle:
        summary = {row["trainee"]: row for row in csv.DictReader(handle)}
    assert summary["renamed"]["score"] == "7" and summary["renamed"]["percent"] == "100"
    assert summary["03_rfm_fake"]["failed"] == "1, 2, 3, 4, 5, 6, 7"
    feedback = (out / "feedback" / "03_rfm_fake.md").read_text(encoding="utf-8")
    assert "Score: 0 of 7" in feedback and "is still `...`" in feedback
    assert "*Hint:* recency = (asof" in (out / "feedback" / "03_rfm_patched.md").read_text(encoding="utf-8")
    solution_code = {c.source for c in read_notebook(SOLUTION).cells if "### BEGIN SOLUTION" in c.source}
    assert not any(code.split("\n")[1] in feedback for code in solution_code), "feedback shows the solution"
    answers = (out / "answers.md").read_text(encoding="utf-8")
    assert "## renamed" in answers and "not answered" in answers
    assert re.search(r"^renamed +7/7 +100%", graded["result"].stdout, re.MULTILINE)


def test_grading_again_replaces_its_own_outputs_but_nothing_else(graded, tmp_path):
    mine = tmp_path / "notes.csv"
    mine.write_text("my own notes\n", encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "course", "check", str(graded["folder"] / "03_rfm_broken.ipynb"), "--csv", str(mine)],
        capture_output=True,
        text=True,
        cwd=REPO_ROOT,
    )
    assert result.returncode == 2 and "pass --force" in result.stderr
    assert mine.read_text(encoding="utf-8") == "my own notes\n"


# --------------------------------------------------------------------------- no kernel needed


def test_exercise_from_metadata_or_file_name():
    assert exercise_of({"metadata": {"course": {"exercise": "03"}}}, "renamed.ipynb") == "03"
    assert exercise_of({}, "00_warmup_ann.ipynb") == "00"
    assert exercise_of({}, "ann.ipynb") is None


def test_bad_input_is_refused_before_grading(tmp_path):
    with pytest.raises(CourseInputError, match="not a notebook or a folder"):
        grade([tmp_path / "nope.ipynb"])
    with pytest.raises(CourseInputError, match="unknown parameter"):
        grade([tmp_path], parameters={"sed": "7"})
    with pytest.raises(CourseInputError, match="whole number of at least 1"):
        grade([tmp_path], parameters={"n_customers": "0"})
    with pytest.raises(CourseInputError, match="whole number of at least 0"):
        grade([tmp_path], parameters={"seed": "seven"})
