"""Grade exercise notebooks: the course's masters decide, the submissions only answer.

For each notebook, :func:`grade`

1. reads it (an unreadable file gets rows saying so, the others go on);
2. finds its exercise -- the ``course.exercise`` id that ``exercises build``
   and ``exercises handout`` write into the metadata, else the ``NN_``
   prefix of its file name -- and takes that exercise's questions, labels and
   answer names from the check registry (:func:`course.checks.questions`),
   never from the notebook: a deleted check cell or a removed tag changes
   nothing;
3. runs a copy in a kernel of its own, inside a sandbox of its own (its
   scratch folder the only place it can write; the course and the data
   read-only; no network; every process it starts killed when it ends; a
   memory limit), on the grader's parameters (the master's defaults, ``-p``
   values, the trainee's seed from a roster), and collects each named answer
   from the kernel as plain data (:mod:`course.authoring.sandbox`,
   :mod:`course.authoring.answers`);
4. rebuilds the database from the same parameters **in the grader's
   process** -- from the shipped data no submission can write, or generated
   afresh -- and runs each question's check there on the collected answers:
   what the notebook printed, and anything its code did to the checks in the
   kernel, does not count.

Without bubblewrap the sandbox is missing: :func:`grade` then runs one
submission at a time (the command line says so).

Examples
--------
>>> exercise_of({"metadata": {"course": {"exercise": "03"}}}, "renamed.ipynb"), exercise_of({}, "03_rfm_ann.ipynb")
('03', '03')
"""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
import warnings
from collections.abc import Iterable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from multiprocessing import get_context
from pathlib import Path

import nbformat

from course import i18n
from course.authoring import parameters as params
from course.authoring.answers import Missing
from course.authoring.notebooks import tagged
from course.authoring.roster import Trainee, match_trainee
from course.authoring.sandbox import TIMEOUT, available, run_submission
from course.checks import AnswerError, Question, questions
from course.checks.registry import exercise_data, exercises
from course.i18n import gettext as _
from course.validation import AsofWarning, CourseInputError

__all__ = [
    "QuestionResult",
    "GradedNotebook",
    "exercise_of",
    "submission_language",
    "expand",
    "grade",
    "printable",
    "MISSING",
]

_PREFIX = re.compile(r"^(?P<exercise>\d{2})_")
#: The message of the rows of a roster trainee without a submission.
MISSING = "missing: no submission of this trainee was found."


@dataclass(frozen=True)
class QuestionResult:
    """The grader's verdict on one question of one notebook."""

    notebook: str
    trainee: str
    exercise: str
    question: str
    label: str
    passed: bool
    message: str
    hint: str = ""


@dataclass
class GradedNotebook:
    """One submission: its rows, what happened to it, and its written answers for the instructor."""

    notebook: str
    trainee: str
    exercise: str
    results: list[QuestionResult]
    notes: list[str] = field(default_factory=list)
    written: list[tuple[str, str]] = field(default_factory=list)
    executed: str | None = None
    lang: str = "en"  # the submission's language: its feedback is written in it

    @property
    def score(self) -> int:
        return sum(r.passed for r in self.results)

    @property
    def maximum(self) -> int:
        return len(self.results)


def exercise_of(nb: dict, path: str | Path) -> str | None:
    """The exercise a notebook belongs to: its metadata's ``course.exercise``, else its file name's ``NN_`` prefix."""
    known = exercises()
    claimed = nb.get("metadata", {}).get("course", {}).get("exercise") if isinstance(nb, dict) else None
    if isinstance(claimed, str) and claimed in known:
        return claimed
    match = _PREFIX.match(Path(path).name)
    return match["exercise"] if match and match["exercise"] in known else None


def expand(paths: Iterable[str | Path]) -> list[Path]:
    """The notebooks named, folders expanded (sorted, checkpoints left out); a clear error for a bad path.

    A folder without a single ``.ipynb`` file is an error that says what it
    holds instead (archives, ``.ipynb.txt`` or ``.IPYNB`` copies…) and what
    is expected, so that nothing is graded and no output written.
    """
    expanded: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found = sorted(p for p in path.rglob("*.ipynb") if ".ipynb_checkpoints" not in p.parts)
            if not found:
                raise CourseInputError(_no_notebooks(path))
            expanded.extend(found)
        elif path.suffix == ".ipynb" and path.is_file():
            expanded.append(path)
        else:
            raise CourseInputError(f"{path}: not a notebook or a folder of notebooks; give .ipynb files or folders.")
    return expanded


def _no_notebooks(folder: Path) -> str:
    """Why a folder gives nothing to grade: what it holds, what was expected, and what to do."""
    files = sorted(p for p in folder.rglob("*") if p.is_file() and ".ipynb_checkpoints" not in p.parts)
    if not files:
        return f"{folder}: the folder is empty; expected the trainees' notebooks (.ipynb files) in it."
    shown = ", ".join(printable(p.relative_to(folder).as_posix(), 60) for p in files[:8])
    more = f" and {len(files) - 8} more" if len(files) > 8 else ""
    advice = []
    names = [p.name.lower() for p in files]
    if any(n.endswith((".zip", ".tar", ".gz", ".7z", ".rar")) for n in names):
        advice.append("unpack the archives into the folder")
    if any(n.endswith(".ipynb") for n in names):
        advice.append("rename the .IPYNB files to end in lower-case .ipynb")
    if any(n.endswith((".ipynb.txt", ".ipynb.json")) for n in names):
        advice.append("rename the .ipynb.txt files to .ipynb (a browser added .txt)")
    tip = f" ({'; '.join(advice)})" if advice else ""
    return (
        f"{folder}: no notebook to grade; found {len(files)} file(s): {shown}{more}. "
        f"Expected the trainees' notebooks as .ipynb files{tip}. Nothing was graded or written."
    )


_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def printable(text: str, limit: int = 100) -> str:
    """``text`` safe for one line of a terminal or a file name's stem: control characters shown as ``?``, cut short.

    >>> printable("alice\\n  ✓ bob: 7/7")
    'alice?  ✓ bob: 7/7'
    """
    text = _CONTROL.sub("?", str(text))
    return text if len(text) <= limit else text[: limit - 1] + "…"


# --------------------------------------------------------------------------- one notebook


@dataclass(frozen=True)
class _Task:
    path: str
    text: str
    trainee: str
    exercise: str
    parameters: dict
    timeout: int
    keep_executed: bool
    lang: str = "en"


def _failed_rows(notebook: str, trainee: str, exercise: str | None, message: str) -> list[QuestionResult]:
    """Every question of ``exercise`` failed with ``message`` (one row when the exercise is unknown)."""
    if exercise is None:
        return [QuestionResult(notebook, trainee, "", "notebook", "", False, message)]
    return [QuestionResult(notebook, trainee, exercise, q.title, q.label, False, message) for q in questions(exercise)]


def _written_answers(nb: nbformat.NotebookNode) -> list[tuple[str, str]]:
    """(the prompt before it, the text) of each markdown cell tagged ``answer``."""
    from course.authoring.exercises import ANSWER_PROMPTS

    found, prompt = [], ""
    for cell in nb.cells:
        if cell.cell_type != "markdown":
            continue
        if tagged(cell, "answer"):
            text = cell.source.strip()
            found.append((prompt, "*(not answered)*" if text in ("", *ANSWER_PROMPTS.values()) else text))
        else:
            prompt = cell.source.strip()
    return found


def _verdict(question: Question, answers: dict[str, object], db, notebook: str, trainee: str) -> QuestionResult:
    def row(passed: bool, message: str, hint: str = "") -> QuestionResult:
        return QuestionResult(
            notebook, trainee, question.exercise, question.title, question.label, passed, message, hint
        )

    values = []
    for name in question.answers:
        value = answers.get(name, Missing("not collected"))
        if isinstance(value, Missing):
            if value.reason == "not defined":
                return row(
                    False,
                    _("`{name}` is not defined: the notebook never assigns it.").format(name=name),
                    _("run every cell above."),
                )
            return row(
                False,
                _("`{name}` could not be collected for grading ({reason}).").format(name=name, reason=value.reason),
            )
        values.append(value)
    try:
        with warnings.catch_warnings():  # a check cuts the data at its as-of date on purpose
            warnings.simplefilter("ignore", AsofWarning)
            return row(True, question.judge(values, db))
    except AnswerError as error:
        return row(False, error.message, error.hint)
    except Exception as error:  # the check could not make sense of the answer at all
        return row(
            False, _("the check failed on this answer: {error}").format(error=f"{type(error).__name__}: {error}")
        )


def _grade_safely(task: _Task) -> GradedNotebook:
    """:func:`_grade_task`, with any failure of the grader itself reported on that notebook alone."""
    try:
        return _grade_task(task)
    except Exception as error:
        message = f"grading failed: {type(error).__name__}: {error}"
        return GradedNotebook(
            task.path, task.trainee, task.exercise, _failed_rows(task.path, task.trainee, task.exercise, message)
        )


def _grade_task(task: _Task) -> GradedNotebook:
    """Run and judge one readable submission (in a worker process when grading in parallel)."""
    nb = nbformat.reads(task.text, as_version=4)
    asked = questions(task.exercise)
    names = list(dict.fromkeys(name for q in asked for name in q.answers))
    run = run_submission(
        nb, parameters=task.parameters, names=names, timeout=task.timeout, keep_executed=task.keep_executed
    )
    graded = GradedNotebook(
        task.path, task.trainee, task.exercise, [], list(run.problems), _written_answers(nb), lang=task.lang
    )
    if task.keep_executed and run.executed is not None:
        graded.executed = nbformat.writes(run.executed)
    if run.answers is None:
        graded.results = _failed_rows(task.path, task.trainee, task.exercise, "; ".join(run.problems))
        return graded
    with tempfile.TemporaryDirectory(prefix="course-grading-data-") as scratch, i18n.using(task.lang):
        db = exercise_data(task.exercise, folder=Path(scratch), **params.data_arguments(task.parameters))
        graded.results = [_verdict(q, run.answers, db, task.path, task.trainee) for q in asked]  # in its language
    if run.problems:  # say why an answer may be missing
        note = "; ".join(run.problems)
        graded.results = [
            r if r.passed else QuestionResult(**{**r.__dict__, "message": f"{r.message} ({note})"})
            for r in graded.results
        ]
    return graded


def _prepare(
    path: Path,
    *,
    overrides: dict,
    roster: list[Trainee] | None,
    expected: str | None,
    timeout: int,
    keep_executed: bool,
) -> _Task | GradedNotebook:
    """A task to run, or the graded notebook already, when the file cannot be graded."""
    shown, trainee = str(path), printable(path.stem)
    try:
        text = path.read_text(encoding="utf-8")
        nb = nbformat.reads(text, as_version=4)
    except Exception as error:  # unreadable: not UTF-8, not JSON, not a notebook
        exercise = expected or exercise_of({}, path)
        detail = f"{type(error).__name__}: {str(error).splitlines()[0] if str(error) else ''}"
        message = f"the notebook could not be read ({detail}); ask for the file again."
        return GradedNotebook(shown, trainee, exercise or "", _failed_rows(shown, trainee, exercise, message))
    claimed = nb.get("metadata", {}).get("course", {}).get("trainee")
    if roster is not None:
        match = match_trainee(roster, claimed, path)
        if match is None:
            message = (
                "not on the roster: name the file <exercise>_<trainee id>.ipynb, or add the trainee to the roster."
            )
            return GradedNotebook(shown, trainee, expected or "", _failed_rows(shown, trainee, expected, message))
        trainee = match.id
    elif isinstance(claimed, str) and claimed.strip():
        trainee = printable(claimed.strip())
    exercise = exercise_of(nb, path)
    if exercise is None or (expected is not None and exercise != expected):
        message = (
            f"this is a notebook of exercise {exercise}, not {expected}."
            if exercise
            else "cannot tell which exercise this is (no course.exercise in its metadata, no NN_ prefix in its name)."
        )
        return GradedNotebook(shown, trainee, expected or "", _failed_rows(shown, trainee, expected, message))
    lang = submission_language(nb)
    values = {**params.defaults(exercise), "lang": lang, **overrides}  # the master's lang is "en": keep the trainee's
    if roster is not None:
        values.update(match.parameters(params.defaults(exercise)))
    return _Task(shown, text, trainee, exercise, values, timeout, keep_executed, lang=str(values["lang"]))


def submission_language(nb: dict) -> str:
    """The language a submission was written in: ``course.lang`` of its metadata, else the ``lang = "…"`` of
    its parameters cell, else English.

    Examples
    --------
    >>> submission_language({"metadata": {"course": {"lang": "zh"}}, "cells": []})
    'zh'
    >>> cell = {"cell_type": "code", "metadata": {"tags": ["parameters"]}, "source": 'seed = 1\\nlang = "zh"'}
    >>> submission_language({"metadata": {}, "cells": [cell]}), submission_language({"metadata": {}, "cells": []})
    ('zh', 'en')
    """
    claimed = nb.get("metadata", {}).get("course", {}).get("lang")
    if claimed in i18n.LANGUAGES:
        return claimed
    for cell in nb.get("cells", []):
        if cell.get("cell_type") == "code" and "parameters" in cell.get("metadata", {}).get("tags", []):
            found = re.search(r"^lang\s*=\s*[\"']([a-z]+)[\"']", "".join(cell.get("source", "")), re.MULTILINE)
            if found and found[1] in i18n.LANGUAGES:
                return found[1]
    return "en"


def grade(
    paths: Iterable[str | Path],
    *,
    parameters: dict | None = None,
    roster: list[Trainee] | None = None,
    exercise: str | None = None,
    jobs: int | None = None,
    timeout: int = TIMEOUT,
    keep_executed: bool = False,
) -> list[GradedNotebook]:
    """Grade every notebook in ``paths`` (files or folders), ``jobs`` at a time; one result per notebook, in order.

    ``parameters`` override the masters' defaults for every notebook (checked:
    known names, whole seeds and sizes); with a ``roster``, each trainee's
    seed comes from it. ``exercise`` rejects notebooks of any other exercise.
    Without a working sandbox (:func:`course.authoring.sandbox.available`)
    the notebooks are graded one at a time, whatever ``jobs`` says.
    """
    if exercise is not None and exercise not in exercises():
        raise CourseInputError(f"--exercise {exercise}: no such exercise; exercises are {', '.join(exercises())}.")
    if jobs is not None and jobs < 1:
        raise CourseInputError(f"-j {jobs}: give at least 1 notebook at a time.")
    if timeout < 1:
        raise CourseInputError(f"--timeout {timeout}: give a number of seconds of at least 1.")
    known = (
        params.defaults(exercise) if exercise else {k: v for e in exercises() for k, v in params.defaults(e).items()}
    )
    overrides = params.checked(dict(parameters or {}), known=known, where="-p")
    prepared = [
        _prepare(p, overrides=overrides, roster=roster, expected=exercise, timeout=timeout, keep_executed=keep_executed)
        for p in expand(paths)
    ]
    tasks = [(i, item) for i, item in enumerate(prepared) if isinstance(item, _Task)]
    workers = min(jobs or os.cpu_count() or 1, max(len(tasks), 1))
    if workers > 1 and not available():  # unsandboxed submissions could reach each other: one at a time
        workers = 1
    done: dict[int, GradedNotebook] = {}
    if workers == 1:
        guard = None if available() else _Fingerprint()
        for i, task in tasks:
            done[i] = _grade_safely(task)
            changed = guard.changed() if guard else []
            if changed:  # without a sandbox: the next submission would be judged on what this one wrote
                raise CourseInputError(
                    f"{printable(task.path)} changed {', '.join(changed[:3])} while it was graded (there is no "
                    "sandbox without bubblewrap); grading stopped so that no one is judged on altered data. "
                    "Restore the course (git checkout -- data course), install bubblewrap and grade again."
                )
    else:
        with ProcessPoolExecutor(max_workers=workers, mp_context=get_context("spawn")) as pool:
            futures = {i: pool.submit(_grade_safely, task) for i, task in tasks}
            for i, future in futures.items():
                try:
                    done[i] = future.result()
                except Exception as error:  # a worker that crashed: that notebook alone fails
                    task = prepared[i]
                    message = f"grading failed: {type(error).__name__}: {error}"
                    done[i] = GradedNotebook(
                        task.path,
                        task.trainee,
                        task.exercise,
                        _failed_rows(task.path, task.trainee, task.exercise, message),
                    )
    graded = [done.get(i, item) for i, item in enumerate(prepared)]
    if roster is not None:
        present = {notebook.trainee for notebook in graded}
        graded += [
            GradedNotebook("", t.id, exercise or "", _failed_rows("", t.id, exercise, MISSING), ["missing"])
            for t in roster
            if t.id not in present
        ]
    _flag_duplicates(graded)
    return graded


class _Fingerprint:
    """The content of the course package and its shipped data, to notice a submission that changed them."""

    def __init__(self) -> None:
        self.digest = self._take()

    @staticmethod
    def _take() -> dict[str, str]:
        from course import REPO_ROOT
        from course.data.paths import DATA_DIR

        files = [*(DATA_DIR / "b2b").glob("*.csv"), *(REPO_ROOT / "course").rglob("*.py")]
        return {str(p): hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(files) if p.is_file()}

    def changed(self) -> list[str]:
        now = self._take()
        return sorted(path for path in self.digest.keys() | now.keys() if self.digest.get(path) != now.get(path))


def _flag_duplicates(graded: list[GradedNotebook]) -> None:
    """Note on each notebook when several submissions are graded as the same trainee."""
    by_trainee: dict[str, list[GradedNotebook]] = {}
    for notebook in graded:
        by_trainee.setdefault(notebook.trainee, []).append(notebook)
    for trainee, notebooks in by_trainee.items():
        if len(notebooks) > 1:
            names = ", ".join(Path(n.notebook).name for n in notebooks)
            for notebook in notebooks:
                notebook.notes.append(f"{len(notebooks)} submissions are graded as trainee {trainee}: {names}")
