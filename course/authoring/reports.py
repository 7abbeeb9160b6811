"""What the grader writes: the report on screen, the CSV of rows, the summary, feedback and written answers.

Every file starts with a recognisable first line (a CSV header, a Markdown
comment), so that grading again may replace its own earlier output but
never a file the instructor wrote (:mod:`course.authoring.files`).
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
import tempfile
from pathlib import Path

from course import i18n
from course.authoring.files import refuse_to_replace, write_new
from course.authoring.grading import GradedNotebook, printable
from course.checks import PASS_MARK
from course.i18n import gettext as _
from course.validation import CourseInputError

__all__ = [
    "format_report",
    "summary_rows",
    "format_summary",
    "csv_text",
    "summary_text",
    "write_feedback",
    "answers_text",
    "feedback_names",
    "check_writable",
    "check_folder",
]

_ROWS = ["notebook", "trainee", "exercise", "question", "label", "passed", "message", "hint"]
_SUMMARY = ["trainee", "notebook", "exercise", "score", "maximum", "percent", "failed", "notes"]
_FEEDBACK_MARK = "<!-- feedback written by python -m course check -->"
_ANSWERS_MARK = "<!-- written answers collected by python -m course check -->"


def format_report(graded: list[GradedNotebook]) -> str:
    """A plain-text report: one block per notebook, one line per question, its notes, then a score."""
    lines: list[str] = []
    for notebook in graded:
        shown = printable(notebook.notebook, 200) or f"(no submission of {printable(notebook.trainee)})"
        lines.append(f"{shown}: {notebook.score}/{notebook.maximum} questions passed")
        lines.extend(f"  ! {printable(note, 300)}" for note in notebook.notes)
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
        [printable(row[0]), f"{row[3]}/{row[4]}", f"{row[5]}%", str(row[6]) or "—"] for row in summary_rows(graded)
    ]
    widths = [max(len(row[i]) for row in table) for i in range(4)]
    return "\n".join(
        "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip() for row in table
    )


def _file_name(trainee: str) -> str:
    """A safe file-name stem for a trainee id: letters, digits, ``.``, ``-``, ``_``; long ids cut, with a hash."""
    stem = re.sub(r"[^A-Za-z0-9._-]+", "_", trainee).strip("._") or "trainee"
    if len(stem) > 80:  # file systems allow 255 bytes; ids past 80 are cut, and kept apart by a hash
        stem = f"{stem[:70]}_{hashlib.sha256(trainee.encode('utf-8')).hexdigest()[:8]}"
    return stem


def feedback_names(graded: list[GradedNotebook]) -> list[str]:
    """One distinct feedback file name per graded notebook, in order; deterministic.

    A trainee id that is unique keeps its own name; the second and later
    notebooks of an id (or ids that only differ in characters a file name
    cannot hold) get ``_2``, ``_3``… -- never a name another trainee has.

    >>> class N: pass
    >>> notebooks = [N(), N(), N()]
    >>> for n, t in zip(notebooks, ["alice", "alice", "alice_2"]): n.trainee = t
    >>> feedback_names(notebooks)
    ['alice.md', 'alice_3.md', 'alice_2.md']
    """
    stems = [_file_name(n.trainee) for n in graded]
    taken = {s.lower() for s in stems}  # case-insensitive file systems: Alice.md is alice.md
    used: set[str] = set()
    names = []
    for stem in stems:
        name, number = stem, 1
        while name.lower() in used or (name != stem and name.lower() in taken):
            number += 1
            name = f"{stem}_{number}"
        used.add(name.lower())
        names.append(f"{name}.md")
    return names


def feedback_text(notebook: GradedNotebook) -> str:
    """A trainee's feedback in Markdown, in the submission's language: each question's verdict, message and
    hint, nothing of the solution."""
    with i18n.using(notebook.lang):
        lines = [
            _FEEDBACK_MARK,
            _("# Feedback: exercise {exercise}, {trainee}").format(
                exercise=notebook.exercise or "?", trainee=notebook.trainee
            ),
            "",
            _("**Score: {score} of {maximum}** ({file}).").format(
                score=notebook.score, maximum=notebook.maximum, file=Path(notebook.notebook).name
            ),
            "",
        ]
        lines += [f"> {note}" for note in notebook.notes] + ([""] if notebook.notes else [])
        for r in notebook.results:
            question = _question_title(r.question)
            title = f"{question}: {_(r.label)}" if r.label else question
            lines += [f"## {'✓' if r.passed else '✗'} {title}", ""]
            lines.append(_("Right.") if r.passed else r.message)
            if r.hint and not r.passed:
                lines += ["", _("*Hint:* {hint}").format(hint=r.hint)]
            lines.append("")
    return "\n".join(lines)


def _question_title(title: str) -> str:
    """``Question 3`` in the current language (the registry's titles are English)."""
    found = re.fullmatch(r"Question (\S+)", title)
    return _("Question {number}").format(number=found[1]) if found else title


def write_feedback(graded: list[GradedNotebook], folder: str | Path, *, force: bool) -> list[Path]:
    """One Markdown file per graded notebook in ``folder`` (names: :func:`feedback_names`); return the files written."""
    folder = Path(folder)
    return [
        write_new(folder / name, feedback_text(notebook), force=force)
        for notebook, name in zip(graded, feedback_names(graded), strict=True)
    ]


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
    """Refuse now, before grading: a file ``render`` (``csv_text`` …) did not write, or a place not writable."""
    refuse_to_replace(path, render([]), force=force)
    check_folder(Path(path).parent, what=f"{path}")


def check_folder(folder: str | Path, *, what: str) -> None:
    """Raise a :class:`CourseInputError` unless ``folder`` exists or can be made, and a file can be written in it."""
    folder = Path(folder)
    existing = folder
    while not existing.exists() and existing != existing.parent:
        existing = existing.parent
    if not existing.is_dir():
        raise CourseInputError(
            f"{what}: {existing} is a file, not a folder; choose another place to write. Nothing was graded."
        )
    _probe(existing, what)


def _probe(folder: Path, what: str) -> None:
    try:
        with tempfile.NamedTemporaryFile(dir=folder, prefix=".course-check-"):
            pass
    except OSError as error:
        _refuse(folder, what, error.strerror)


def _refuse(folder: Path, what: str, reason: str = "Permission denied") -> None:
    raise CourseInputError(
        f"{what}: cannot write in {folder} ({reason}); choose a folder you can write to. Nothing was graded."
    )


def write_text(path: str | Path, text: str, *, force: bool) -> Path:
    """Write a report file (replacing only an earlier one of the same kind, unless ``force``)."""
    return write_new(path, text, force=force)
