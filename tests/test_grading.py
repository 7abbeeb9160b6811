"""`python -m course check` reports question by question and never calls a failure a pass."""

import nbformat
import pytest

from course.grading import format_report, grade, question_label, results_of, write_csv

pytestmark = pytest.mark.notebook


def _notebook(tmp_path, answer_cells):
    nb = nbformat.v4.new_notebook()
    setup = nbformat.v4.new_code_cell("from course.checks import check_number")
    nb.cells = [setup]
    for number, answer in enumerate(answer_cells, start=1):
        nb.cells.append(nbformat.v4.new_code_cell(answer))
        check = nbformat.v4.new_code_cell(
            f'"""Question {number}: the answer is 42."""\ncheck_number(x{number}, 42, name="x{number}", question="{number}")'
        )
        check.metadata["tags"] = ["check"]
        nb.cells.append(check)
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    path = tmp_path / "submission.ipynb"
    nbformat.write(nb, path)
    return path


def test_question_label():
    assert question_label('"""Question 1.2: top share."""\ncheck.q12(x)') == "Question 1.2"
    assert question_label("check.q1(x)") == "unnamed check"


def test_grade_reports_each_question_after_a_failure(tmp_path):
    path = _notebook(tmp_path, ["x1 = ...", "x2 = 42", "raise RuntimeError('oops')\nx3 = 42"])
    results = grade([path])
    assert [r.passed for r in results] == [False, True, False]
    assert "`x1` is still `...`" in results[0].message
    assert "NameError" in results[2].message
    report = format_report(results)
    assert "1/3 questions passed" in report


def test_grade_writes_a_score_table(tmp_path):
    path = _notebook(tmp_path, ["x1 = 42"])
    results = grade([tmp_path])  # a folder of submissions
    out = tmp_path / "scores.csv"
    write_csv(results, out)
    assert out.read_text(encoding="utf-8").splitlines() == [
        "notebook,question,passed,message",
        f"{path},Question 1,1,✓ Question 1: `x1` is right.",
    ]


def test_a_notebook_without_checks_is_not_a_pass():
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("x = 1")])
    [result] = results_of(nb, "empty.ipynb")
    assert not result.passed


def test_a_check_that_never_ran_is_not_a_pass():
    nb = nbformat.v4.new_notebook()
    check = nbformat.v4.new_code_cell('"""Question 1: x."""\ncheck(x)')
    check.metadata["tags"] = ["check"]
    nb.cells = [check]
    [result] = results_of(nb, "unexecuted.ipynb")
    assert not result.passed and "did not run" in result.message


def test_missing_path_is_reported(tmp_path):
    with pytest.raises(FileNotFoundError, match="not a notebook"):
        grade([tmp_path / "nope.ipynb"])
