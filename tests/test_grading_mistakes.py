"""Mistakes an instructor makes with `python -m course check` (issue 18, points 4-6): said, never silently lost.

None of these tests runs a kernel: every case is refused or decided before a notebook would execute.
"""

from __future__ import annotations

import os

import nbformat
import pytest

from course import REPO_ROOT
from course.authoring.cli import main
from course.authoring.grading import GradedNotebook, QuestionResult, grade
from course.authoring.reports import feedback_names, format_report, format_summary, write_feedback
from course.authoring.roster import Trainee, handout, read_roster
from course.validation import CourseInputError

SCORES = "notebook,trainee\nan earlier run\n"


def _scores(tmp_path):
    scores = tmp_path / "scores.csv"
    scores.write_text(SCORES, encoding="utf-8")
    return scores


@pytest.mark.parametrize(
    ("files", "said"),
    [
        ([], "the folder is empty"),
        (["03_rfm_alice.zip"], "unpack the archives"),
        (["03_rfm_alice.ipynb.txt"], "rename the .ipynb.txt files"),
        (["03_rfm_alice.IPYNB"], "lower-case .ipynb"),
    ],
)
def test_a_folder_without_notebooks_says_what_it_found_and_writes_nothing(tmp_path, capsys, files, said):
    folder = tmp_path / "submissions"
    folder.mkdir()
    for name in files:
        (folder / name).write_text("{}", encoding="utf-8")
    scores = _scores(tmp_path)
    code = main(["check", str(folder), "--csv", str(scores), "--force"])
    error = capsys.readouterr().err
    assert code == 2 and said in error and "expected" in error.lower()
    assert all(name in error for name in files)
    assert scores.read_text(encoding="utf-8") == SCORES


def test_an_output_that_cannot_be_written_is_refused_before_grading(tmp_path, capsys):
    folder = tmp_path / "submissions"
    folder.mkdir()
    (folder / "03_rfm_alice.ipynb").write_text('{"cells": [', encoding="utf-8")
    blocker = tmp_path / "a-file"
    blocker.write_text("x", encoding="utf-8")
    for option, target in [
        ("--csv", blocker / "scores.csv"),  # a file where a folder should be
        ("--summary", "/proc/course-no-such-folder/summary.csv"),  # a place nobody can write
        ("--feedback", blocker),  # a file given as the feedback folder
    ]:
        code = main(["check", str(folder), option, str(target)])
        error = capsys.readouterr()
        assert code == 2 and "Nothing was graded" in error.err, error
        assert "questions passed" not in error.out  # refused before grading


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only folders")
def test_a_read_only_folder_is_refused_before_grading(tmp_path, capsys):
    folder, out = tmp_path / "submissions", tmp_path / "out"
    folder.mkdir()
    out.mkdir(mode=0o500)
    (folder / "03_rfm_alice.ipynb").write_text('{"cells": [', encoding="utf-8")
    assert main(["check", str(folder), "--csv", str(out / "scores.csv")]) == 2
    assert "cannot write" in capsys.readouterr().err


def _graded(trainee, notebook="x.ipynb"):
    row = QuestionResult(notebook, trainee, "03", "Question 1", "a label", True, "right")
    return GradedNotebook(notebook, trainee, "03", [row])


def test_colliding_trainee_ids_never_overwrite_a_feedback_file(tmp_path):
    graded = [
        _graded(t, f"{i}.ipynb") for i, t in enumerate(["alice", "alice", "alice_2", "Alice", "al ice", "al_ice"])
    ]
    names = feedback_names(graded)
    assert len({n.lower() for n in names}) == len(graded)
    assert names[:3] == ["alice.md", "alice_3.md", "alice_2.md"]  # alice_2 keeps its own name
    assert feedback_names(graded) == names  # deterministic
    written = write_feedback(graded, tmp_path, force=False)
    assert len({p.name for p in written}) == len(list(tmp_path.iterdir())) == len(graded)


def test_a_long_id_gets_a_short_distinct_file_name(tmp_path):
    graded = [_graded("a" * 300 + "x"), _graded("a" * 300 + "y")]
    written = write_feedback(graded, tmp_path, force=False)
    assert len(set(written)) == 2 and all(len(p.name) < 100 for p in written)


def test_an_id_with_a_newline_cannot_forge_a_line_of_the_summary(tmp_path):
    nb = nbformat.v4.new_notebook(metadata={"course": {"exercise": "00", "trainee": "mallory\nalice      7/7"}})
    nb.cells = [nbformat.v4.new_code_cell("x = 1")]
    path = tmp_path / "00_warmup_mallory\x1b[2K.ipynb"
    path.write_text(nbformat.writes(nb), encoding="utf-8")
    (graded,) = grade([path], exercise="03")  # the wrong exercise: decided without a kernel
    summary, report = format_summary([graded]), format_report([graded])
    assert len(summary.splitlines()) == 2 and "alice" not in summary.splitlines()[0]
    assert "\n" not in graded.trainee and "\x1b" not in report


def test_a_roster_trainee_without_a_submission_gets_a_missing_row(tmp_path):
    folder = tmp_path / "submissions"
    folder.mkdir()
    (folder / "03_rfm_alice.ipynb").write_text('{"cells": [', encoding="utf-8")  # unreadable: no kernel runs
    roster = [Trainee("alice", 1), Trainee("bob", 2)]
    graded = grade([folder], roster=roster, exercise="03")
    bob = [g for g in graded if g.trainee == "bob"]
    assert len(bob) == 1 and bob[0].score == 0 and bob[0].maximum == 7
    assert all(r.message.startswith("missing") for r in bob[0].results)
    assert "missing" in format_summary(graded).splitlines()[-1] or "bob" in format_summary(graded)


def test_a_300_character_id_or_a_file_at_out_is_a_clear_error(tmp_path):
    roster = tmp_path / "roster.csv"
    roster.write_text("trainee\n" + "a" * 300 + "\n", encoding="utf-8")
    with pytest.raises(CourseInputError, match="300 characters"):
        read_roster(roster)
    blocker = tmp_path / "out"
    blocker.write_text("x", encoding="utf-8")
    with pytest.raises(CourseInputError, match="a file is there"):
        handout("03", [Trainee("alice", 1)], blocker)
    assert main(["exercises", "handout", "03", "--roster", str(roster), "--out", str(tmp_path / "o")]) == 2
    assert REPO_ROOT.exists()


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030"])
def test_a_roster_saved_by_a_chinese_excel_is_read(tmp_path, encoding):
    roster = tmp_path / "roster.csv"
    roster.write_text("trainee,name,seed\nwang.fang,王芳,11\nli-lei,李雷,\n", encoding=encoding)
    assert [t.id for t in read_roster(roster)] == ["wang.fang", "li-lei"]
