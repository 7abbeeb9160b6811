"""What the grader writes: the report on screen, the CSV of rows, the summary, feedback and written answers.

Every file starts with a recognisable first line (a CSV header, a Markdown
comment), so that grading again may replace its own earlier output but
never a file the instructor wrote (:mod:`course.authoring.files`).
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

from course.authoring.files import refuse_to_replace, write_new
from course.authoring.grading import GradedNotebook
from course.checks import PASS_MARK

__all__ = [
    "format_report",
    "summary_rows",
    "format_summary",
    "csv_text",
    "summary_text",
    "write_feedback",
    "answers_text",
]

_ROWS = ["notebook", "trainee", "exercise", "question", "label", "passed", "message", "hint"]
_SUMMARY = ["trainee", "notebook", "exercise", "score", "maximum", "percent", "failed", "notes"]
_FEEDBACK_MARK = "<!-- feedback written by python -m course check -->"
_ANSWERS_MARK = "<!-- written answers collected by python -m course check -->"


def format_report(graded: list[GradedNotebook]) -> str:
    """A plain-text report: one block per notebook, one line per question, its notes, then a score."""
    lines: list[str] = []
    for notebook in graded:
        lines.append(f"{notebook.notebook}: {notebook.score}/{notebook.maximum} questions passed")
        lines.extend(f"  ! {note}" for note in notebook.notes)
        for r in notebook.results:
            if r.passed:
                lines.append(f"  {PASS_MARK} {r.question}")
                continue
            first, *rest = r.message.splitlines() or [""]
            lines.append(f"  ✗ {r.question}: {first}")
            lines.extend(f"      {line}" for line in rest)
    return "\n".join(lines)


def _csv(header: list[str], rows: list[list[object]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue()


def csv_text(graded: list[GradedNotebook]) -> str:
    """One row per notebook and question, for a spreadsheet."""
    rows = [
        [r.notebook, r.trainee, r.exercise, r.question, r.label, int(r.passed), r.message, r.hint]
        for notebook in graded
        for r in notebook.results
    ]
    return _csv(_ROWS, rows)


def summary_rows(graded: list[GradedNotebook]) -> list[list[object]]:
    """One row per notebook: trainee, notebook, exercise, score, maximum, percent, failed questions, notes."""
    rows = []
    for notebook in graded:
        failed = ", ".join(r.question.removeprefix("Question ") for r in notebook.results if not r.passed)
        percent = round(100 * notebook.score / notebook.maximum) if notebook.maximum else 0
        rows.append(
            [notebook.trainee, notebook.notebook, notebook.exercise, notebook.score, notebook.maximum, percent, failed]
            + ["; ".join(notebook.notes)]
        )
    return rows


def summary_text(graded: list[GradedNotebook]) -> str:
    """The summary as CSV."""
    return _csv(_SUMMARY, summary_rows(graded))


def format_summary(graded: list[GradedNotebook]) -> str:
    """The summary as an aligned table for the terminal."""
    table = [["trainee", "score", "percent", "failed"]] + [
        [str(row[0]), f"{row[3]}/{row[4]}", f"{row[5]}%", str(row[6]) or "—"] for row in summary_rows(graded)
    ]
    widths = [max(len(row[i]) for row in table) for i in range(4)]
    return "\n".join(
        "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip() for row in table
    )


def _file_name(trainee: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]+", "_", trainee).strip("._") or "trainee"


def feedback_text(notebook: GradedNotebook) -> str:
    """A trainee's feedback in Markdown: each question's verdict, message and hint, nothing of the solution."""
    lines = [
        _FEEDBACK_MARK,
        f"# Feedback: exercise {notebook.exercise or '?'}, {notebook.trainee}",
        "",
        f"**Score: {notebook.score} of {notebook.maximum}** ({Path(notebook.notebook).name}).",
        "",
    ]
    lines += [f"> {note}" for note in notebook.notes] + ([""] if notebook.notes else [])
    for r in notebook.results:
        title = f"{r.question}: {r.label}" if r.label else r.question
        lines += [f"## {'✓' if r.passed else '✗'} {title}", ""]
        lines.append("Right." if r.passed else r.message)
        if r.hint and not r.passed:
            lines += ["", f"*Hint:* {r.hint}"]
        lines.append("")
    return "\n".join(lines)


def write_feedback(graded: list[GradedNotebook], folder: str | Path, *, force: bool) -> list[Path]:
    """One Markdown file per trainee in ``folder``; return the files written."""
    folder = Path(folder)
    names: dict[str, int] = {}
    written = []
    for notebook in graded:
        stem = _file_name(notebook.trainee)
        names[stem] = names.get(stem, 0) + 1
        name = stem if names[stem] == 1 else f"{stem}_{names[stem]}"
        written.append(write_new(folder / f"{name}.md", feedback_text(notebook), force=force))
    return written


def answers_text(graded: list[GradedNotebook]) -> str:
    """The written answers (cells tagged ``answer``) of every trainee, for the instructor to read."""
    lines = [_ANSWERS_MARK, "# Written answers", ""]
    for notebook in graded:
        lines += [f"## {notebook.trainee} ({Path(notebook.notebook).name})", ""]
        if not notebook.written:
            lines += ["*(no cell tagged 'answer' found)*", ""]
        for prompt, text in notebook.written:
            first = next((line for line in prompt.splitlines() if line.strip()), "")
            lines += [f"> {first}" if first else "> (answer)", "", text, ""]
    return "\n".join(lines)


def check_writable(path: str | Path, render, *, force: bool) -> None:
    """Refuse now, before grading, to replace a file that ``render`` (``csv_text`` …) did not write."""
    refuse_to_replace(path, render([]), force=force)


def write_text(path: str | Path, text: str, *, force: bool) -> Path:
    """Write a report file (replacing only an earlier one of the same kind, unless ``force``)."""
    return write_new(path, text, force=force)
