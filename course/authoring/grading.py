"""Run exercise notebooks and report their checks question by question.

A notebook is executed with papermill, every cell running even after an
error, so that one wrong answer does not hide the others. Its questions come
from the check registry (:func:`course.checks.questions`) of its exercise --
the ``course.exercise`` id that ``exercises build`` writes into the
notebook's metadata, or else the ``NN_`` prefix of its file name -- never
from the notebook itself; a question whose check cell (the cell calling
``check.qN(...)``) is missing is reported as failed.

Examples
--------
>>> exercise_of({"metadata": {"course": {"exercise": "03"}}}, "renamed.ipynb"), exercise_of({}, "03_rfm_ann.ipynb")
('03', '03')
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from nbformat import NotebookNode

from course.authoring.notebooks import execute, tagged
from course.checks import PASS_MARK, Question, questions
from course.checks.registry import exercises

__all__ = ["QuestionResult", "exercise_of", "results_of", "grade", "write_csv", "format_report"]

_ANSI = re.compile(r"\x1b\[[0-9;]*m")
_PREFIX = re.compile(r"^(?P<exercise>\d{2})_")


@dataclass(frozen=True)
class QuestionResult:
    """The outcome of one check cell."""

    notebook: str
    question: str
    passed: bool
    message: str


def exercise_of(nb: dict, path: str | Path) -> str | None:
    """The exercise a notebook belongs to: its metadata's ``course.exercise``, else its file name's ``NN_`` prefix."""
    known = exercises()
    claimed = nb.get("metadata", {}).get("course", {}).get("exercise")
    if isinstance(claimed, str) and claimed in known:
        return claimed
    match = _PREFIX.match(Path(path).name)
    return match["exercise"] if match and match["exercise"] in known else None


def _check_cell(nb: NotebookNode, question: Question) -> NotebookNode | None:
    call = re.compile(rf"\bq{re.escape(question.number.replace('.', '_'))}\s*\(")
    for cell in nb.cells:
        if cell.cell_type == "code" and tagged(cell, "check") and call.search(cell.source):
            return cell
    return None


def _error_text(output: NotebookNode) -> str:
    name, value = output.get("ename", "Error"), output.get("evalue", "")
    text = value if name == "AnswerError" else f"{name}: {value}"
    if name == "NameError":
        text += " (run the cells above, or define the name the question asks for)"
    return _ANSI.sub("", text)


def results_of(nb: NotebookNode, notebook: str) -> list[QuestionResult]:
    """Report each registered question of an executed notebook's exercise."""
    exercise = exercise_of(nb, notebook)
    if exercise is None:
        return [QuestionResult(notebook, "no exercise", False, "cannot tell which exercise this notebook is")]
    results = []
    for question in questions(exercise):
        label, cell = question.title, _check_cell(nb, question)
        if cell is None:
            message = (
                f"the check cell of {label} is missing (a cell tagged 'check' calling check.q{question.number}(...))"
            )
            results.append(QuestionResult(notebook, label, False, message))
            continue
        outputs = cell.get("outputs", [])
        errors = [o for o in outputs if o.get("output_type") == "error"]
        printed = "".join(o.get("text", "") for o in outputs if o.get("output_type") == "stream")
        confirmation = [line for line in printed.splitlines() if line.startswith(f"{PASS_MARK} {label}:")]
        if errors:
            message = _error_text(errors[0]).removeprefix(f"{label}: ")
            results.append(QuestionResult(notebook, label, False, message))
        elif confirmation:
            results.append(QuestionResult(notebook, label, True, confirmation[0].strip()))
        else:
            results.append(
                QuestionResult(notebook, label, False, "the check did not run (an earlier cell stopped the notebook?)")
            )
    return results


def grade(paths: Iterable[str | Path], parameters: dict | None = None) -> list[QuestionResult]:
    """Execute each notebook (or every notebook in a folder) and collect its question results."""
    results: list[QuestionResult] = []
    for path in _expand(paths):
        executed = execute(path, parameters=parameters, allow_errors=True)
        results.extend(results_of(executed, str(path)))
    return results


def _expand(paths: Iterable[str | Path]) -> list[Path]:
    expanded: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            expanded.extend(sorted(p for p in path.rglob("*.ipynb") if ".ipynb_checkpoints" not in p.parts))
        elif path.suffix == ".ipynb" and path.exists():
            expanded.append(path)
        else:
            raise FileNotFoundError(f"{path}: not a notebook or a folder of notebooks")
    return expanded


def format_report(results: list[QuestionResult]) -> str:
    """A plain-text report: one block per notebook, one line per question, then a score."""
    lines: list[str] = []
    for notebook in dict.fromkeys(r.notebook for r in results):
        mine = [r for r in results if r.notebook == notebook]
        score = sum(r.passed for r in mine)
        lines.append(f"{notebook}: {score}/{len(mine)} questions passed")
        for r in mine:
            mark = PASS_MARK if r.passed else "✗"
            first, *rest = r.message.splitlines() or [""]
            lines.append(f"  {mark} {r.question}: {first}" if not r.passed else f"  {mark} {r.question}")
            lines.extend(f"      {line}" for line in rest if not r.passed)
    return "\n".join(lines)


def write_csv(results: list[QuestionResult], path: str | Path) -> None:
    """One row per notebook and question, for an instructor's spreadsheet."""
    with Path(path).open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["notebook", "question", "passed", "message"])
        for r in results:
            writer.writerow([r.notebook, r.question, int(r.passed), r.message])
