"""Run exercise notebooks and report their checks question by question.

A notebook is executed with papermill, every cell running even after an
error, so that one wrong answer does not hide the others. Each cell tagged
``check`` is one question; its first line is a docstring naming it
(``\"\"\"Question 2: share of revenue from the top 20%.\"\"\"``).

Examples
--------
>>> question_label('\"\"\"Question 2: top-20% share.\"\"\"\\ncheck.q2(top_share, db)')
'Question 2'
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from nbformat import NotebookNode

from course.checks import PASS_MARK
from course.notebooks import execute, tagged

__all__ = ["QuestionResult", "question_label", "results_of", "grade", "write_csv", "format_report"]

_LABEL = re.compile(r'^\s*(?:"""|\'\'\')\s*(?P<label>[^:"\']+)')
_ANSI = re.compile(r"\x1b\[[0-9;]*m")


@dataclass(frozen=True)
class QuestionResult:
    """The outcome of one check cell."""

    notebook: str
    question: str
    passed: bool
    message: str


def question_label(source: str) -> str:
    """The question a check cell names in its docstring (``"Question 2"``)."""
    match = _LABEL.match(source)
    return match["label"].strip().rstrip(".") if match else "unnamed check"


def _error_text(output: NotebookNode) -> str:
    name, value = output.get("ename", "Error"), output.get("evalue", "")
    text = value if name == "AnswerError" else f"{name}: {value}"
    if name == "NameError":
        text += " (run the cells above, or define the name the question asks for)"
    return _ANSI.sub("", text)


def results_of(nb: NotebookNode, notebook: str) -> list[QuestionResult]:
    """Read the check cells of an executed notebook."""
    results = []
    for cell in nb.cells:
        if cell.cell_type != "code" or not tagged(cell, "check"):
            continue
        label = question_label(cell.source)
        outputs = cell.get("outputs", [])
        errors = [o for o in outputs if o.get("output_type") == "error"]
        printed = "".join(o.get("text", "") for o in outputs if o.get("output_type") == "stream")
        if errors:
            message = _error_text(errors[0]).removeprefix(f"{label}: ")
            results.append(QuestionResult(notebook, label, False, message))
        elif PASS_MARK in printed:
            confirmation = next(line for line in printed.splitlines() if PASS_MARK in line)
            results.append(QuestionResult(notebook, label, True, confirmation.strip()))
        else:
            results.append(
                QuestionResult(notebook, label, False, "the check did not run (an earlier cell stopped the notebook?)")
            )
    if not results:
        results.append(QuestionResult(notebook, "no checks", False, "this notebook has no cell tagged 'check'"))
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
