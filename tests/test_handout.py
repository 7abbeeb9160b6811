"""A dataset per trainee: handout → grade round trip, and the roster and numbers a user types are checked."""

from __future__ import annotations

import csv
import subprocess
import sys

import nbformat
import pytest

from course import REPO_ROOT
from course.authoring.cli import main
from course.authoring.notebooks import read_notebook
from course.authoring.parameters import parameters_cell
from course.authoring.roster import derived_seed, handout, read_roster
from course.validation import CourseInputError


def run(*args: str, cwd=REPO_ROOT) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "course", *args], capture_output=True, text=True, cwd=cwd)


def call(capsys, *args: str) -> tuple[int, str]:
    """Run the command line in this process (fast): its exit status and what it wrote to stderr."""
    try:
        status = main(list(args))
    except SystemExit as exit:  # argparse's own errors
        status = exit.code
    return status, capsys.readouterr().err


def _roster(path, rows):
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


def test_roster_seeds_from_the_file_or_the_id(tmp_path):
    roster = read_roster(_roster(tmp_path / "r.csv", ["trainee,name,seed", "ann,Ann,11", "bo,Bo,"]))
    assert [(t.id, t.seed) for t in roster] == [("ann", 11), ("bo", derived_seed("bo"))]


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        (["name", "Ann"], "no 'trainee' column; the columns are name"),
        (["trainee,seed", "ann,x"], "row 2, column seed=x: the seed must be a whole number"),
        (["trainee,seed", "ann,-1"], "the seed must be a whole number of at least 0"),
        (["trainee", "ann", "ann"], "row 3, column 'trainee': 'ann' appears twice"),
        (["trainee", "Ann Lee"], "'Ann Lee' is not an id"),
    ],
)
def test_bad_rosters_are_named(tmp_path, rows, message):
    with pytest.raises(CourseInputError, match=message):
        read_roster(_roster(tmp_path / "r.csv", rows))


def test_handout_writes_the_trainees_seed_and_refuses_to_overwrite(tmp_path):
    roster = read_roster(_roster(tmp_path / "r.csv", ["trainee,seed", "ann,11", "bo,"]))
    written = handout("03", roster, tmp_path / "out")
    assert [p.name for p in written] == ["03_rfm_ann.ipynb", "03_rfm_bo.ipynb"]
    nb = read_notebook(written[0])
    assert nb.metadata["course"] == {"exercise": "03", "trainee": "ann"}
    assert "seed = 11" in parameters_cell(nb).source and "n_customers = 2000" in parameters_cell(nb).source
    assert handout("03", roster, tmp_path / "out") == written  # the same handout again: nothing to protect
    written[0].write_text(written[0].read_text(encoding="utf-8").replace("# your code here", "x = 1"))
    with pytest.raises(CourseInputError, match="pass --force"):
        handout("03", roster, tmp_path / "out")


def test_a_chinese_handout_is_the_chinese_exercise_with_the_trainees_seed(tmp_path, capsys):
    from course.authoring.grading import submission_language
    from course.authoring.translations import code_differences

    roster_file = _roster(tmp_path / "r.csv", ["trainee,seed", "bo,12"])
    (english,) = handout("03", read_roster(roster_file), tmp_path / "en")
    status, _ = call(
        capsys,
        "exercises",
        "handout",
        "03",
        "--roster",
        str(roster_file),
        "--out",
        str(tmp_path / "zh"),
        "--lang",
        "zh",
    )
    chinese = read_notebook(tmp_path / "zh" / "03_rfm_bo.ipynb")
    assert status == 0 and submission_language(chinese) == "zh"
    assert {k: chinese.metadata["course"][k] for k in ("exercise", "trainee")} == {"exercise": "03", "trainee": "bo"}
    assert "seed = 12" in parameters_cell(chinese).source and 'lang = "zh"' in parameters_cell(chinese).source
    assert code_differences(read_notebook(english), chinese) == []  # the same exercise, in Chinese
    assert "练习" in "".join(c.source for c in chinese.cells if c.cell_type == "markdown")
    with pytest.raises(CourseInputError, match="language 'fr': the exercises are in en or zh"):
        handout("03", read_roster(roster_file), tmp_path / "fr", lang="fr")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("data", "generate", "--n-customers", "0"), "--n-customers must be at least 1, got 0"),
        (("data", "generate", "--seed", "x"), "--seed must be a whole number, got 'x'"),
        (("check", "exercises", "-p", "seed"), "name=value"),
        (("check", "exercises", "-j", "0"), "-j must be at least 1"),
        (("check", "exercises", "--timeout", "soon"), "--timeout must be a whole number"),
    ],
)
def test_numbers_are_checked_by_the_command_line(args, message, capsys):
    status, err = call(capsys, *args)
    assert status == 2 and message in err, err


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("check", "exercises", "-p", "sed=7"), "-p sed: unknown parameter; this exercise's parameters are seed"),
        (
            ("check", "exercises", "-p", "n_customers=-5"),
            "the number of customers must be a whole number of at least 1",
        ),
        (("check", "nope.ipynb"), "nope.ipynb: not a notebook or a folder"),
        (("exercises", "handout", "42", "--roster", "r.csv", "--out", "o"), "r.csv: roster not found"),
    ],
)
def test_bad_input_gets_a_message_not_a_traceback(args, message, tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path if args[0] == "exercises" else REPO_ROOT)
    status, err = call(capsys, *args)
    assert status == 2 and message in err and "Traceback" not in err, err


def test_data_generate_does_not_replace_other_data_without_force(tmp_path):
    assert run("data", "generate", "--n-customers", "30", "--out", str(tmp_path)).returncode == 0
    assert run("data", "generate", "--n-customers", "30", "--out", str(tmp_path)).returncode == 0  # same bytes
    before = (tmp_path / "customers.csv").read_bytes()
    result = run("data", "generate", "--n-customers", "30", "--seed", "1", "--out", str(tmp_path))
    assert result.returncode == 2 and "--force" in result.stderr
    assert (tmp_path / "customers.csv").read_bytes() == before
    assert (
        run("data", "generate", "--n-customers", "30", "--seed", "1", "--out", str(tmp_path), "--force").returncode == 0
    )


@pytest.mark.notebook
def test_handout_then_grade_on_each_trainees_seed(tmp_path):
    """Three trainees, three datasets; the grader takes each seed from the roster, not from the notebook."""
    roster_path = _roster(tmp_path / "trainees.csv", ["trainee,seed", "ann,7", "bo,", "cy,2025"])
    assert (
        run("exercises", "handout", "03", "--roster", str(roster_path), "--out", str(tmp_path / "out")).returncode == 0
    )
    submissions = tmp_path / "in"
    submissions.mkdir()
    for path in sorted((tmp_path / "out").glob("*.ipynb")):
        handed = read_notebook(path)
        solved = read_notebook(REPO_ROOT / "solutions/03_rfm.ipynb")  # the trainee solves the handout
        solved.metadata["course"] = handed.metadata["course"]
        parameters_cell(solved).source = parameters_cell(handed).source
        if handed.metadata["course"]["trainee"] == "bo":  # bo copies a neighbour's numbers: the default data
            solved.cells.insert(2, nbformat.v4.new_code_cell("seed = 42"))
        name = {"ann": "ann.ipynb", "bo": "03_rfm_bo.ipynb", "cy": "renamed_by_cy.ipynb"}[
            solved.metadata["course"]["trainee"]
        ]
        (submissions / name).write_text(nbformat.writes(solved), encoding="utf-8")
    summary = tmp_path / "summary.csv"
    result = run("check", str(submissions), "--roster", str(roster_path), "-j", "2", "--summary", str(summary))
    with summary.open(encoding="utf-8") as handle:
        scores = {row["trainee"]: (row["score"], row["maximum"]) for row in csv.DictReader(handle)}
    assert scores == {"ann": ("7", "7"), "bo": ("0", "7"), "cy": ("7", "7")}, result.stdout + result.stderr
    seeds = {t.id: t.seed for t in read_roster(roster_path)}
    assert len(set(seeds.values())) == 3
