"""Collect an exercise from every home, grade it with the course's grader, return the feedback.

A round of exercise ``NN`` lives in ``<classroom>/rounds/NN/`` (root only)::

    submissions/   one notebook per trainee, ``<exercise>_<trainee>.ipynb``
    collected.csv  trainee, status, file: ``collected``, ``not started`` (the
                   handout as it was given, graded all the same) or ``missing``
                   (no notebook in the home: nothing to grade)
    summary.csv    the grader's summary (``python -m course check --summary``)
    scores.csv     one row per roster trainee: status, score, maximum, percent
    feedback/      one Markdown file per trainee

Grading runs ``python -m course check`` as a command, on the roster's seeds,
so the scores are exactly the grader's (and its sandbox is used where the
grader has one). Returning copies each feedback file into the trainee's home
as ``feedback/<exercise>_feedback.md``, owned by the trainee.

Examples
--------
>>> merge_scores([("ann", "collected"), ("bob", "missing")],
...              [{"trainee": "ann", "score": "3", "maximum": "4", "percent": "75.0"}])[1]
{'trainee': 'bob', 'status': 'missing', 'score': '', 'maximum': '4', 'percent': ''}
"""

from __future__ import annotations

import csv
import hashlib
import os
import pwd
import shutil
import subprocess
import sys
from pathlib import Path

from course.syllabus import lesson
from course.validation import CourseInputError

__all__ = ["round_folder", "collect", "grade", "give_back", "merge_scores"]


def round_folder(classroom: Path, exercise: str) -> Path:
    """Where the round of ``exercise`` is kept."""
    return classroom / "rounds" / exercise


def _exercise_name(exercise: str) -> str:
    entry = lesson(exercise)
    if not entry.exercise:
        raise CourseInputError(f"lesson {exercise} has no exercise to collect.")
    return Path(entry.exercise).name


def _private_folder(path: Path) -> Path:
    path.mkdir(parents=True, exist_ok=True)
    os.chmod(path, 0o700)
    return path


def _write_csv(path: Path, header: list[str], rows: list[list[object]]) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)


def _read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def collect(classroom: Path, exercise: str, trainees: list[str], handouts: dict[str, str]) -> Path:
    """Copy ``exercise`` from each trainee's home into the round's ``submissions/``; return the round folder.

    ``handouts`` maps a trainee to the SHA-256 of the notebook setup gave them,
    to tell "not started" from "collected". A home's file is read as root and
    copied, never moved: the trainee keeps working on theirs.
    """
    name = _exercise_name(exercise)
    folder = _private_folder(round_folder(classroom, exercise))
    submissions = folder / "submissions"
    if submissions.exists():
        shutil.rmtree(submissions)  # a new collection replaces the last one, whole
    _private_folder(submissions)
    rows = []
    for trainee in trainees:
        source = _own_file(pwd.getpwnam(trainee), Path("exercises") / name)
        if source is None:
            rows.append([trainee, "missing", ""])
            continue
        target = submissions / f"{Path(name).stem}_{trainee}.ipynb"
        data = source.read_bytes()
        target.write_bytes(data)
        os.chmod(target, 0o600)
        started = hashlib.sha256(data).hexdigest() != handouts.get(trainee)
        rows.append([trainee, "collected" if started else "not started", target.name])
    _write_csv(folder / "collected.csv", ["trainee", "status", "file"], rows)
    return folder


def _own_file(entry: pwd.struct_passwd, relative: Path) -> Path | None:
    """The trainee's file at ``relative`` in their home, or None if absent or not theirs.

    Root reads the homes: a link (of the file or of a folder on its way) to a
    file outside the home, or a file owned by someone else, is not a submission.
    """
    home = Path(entry.pw_dir).resolve()
    path = (home / relative).resolve()
    if not path.is_relative_to(home) or not path.is_file():
        return None
    return path if path.stat().st_uid == entry.pw_uid else None


def merge_scores(statuses: list[tuple[str, str]], summary: list[dict[str, str]]) -> list[dict[str, str]]:
    """One row per roster trainee: the collection status beside the grader's score (none when missing)."""
    by_trainee = {row["trainee"]: row for row in summary}
    maximum = next((row["maximum"] for row in summary if row.get("maximum")), "")
    merged = []
    for trainee, status in statuses:
        row = by_trainee.get(trainee, {}) if status != "missing" else {}
        merged.append(
            {
                "trainee": trainee,
                "status": status,
                "score": row.get("score", ""),
                "maximum": row.get("maximum", maximum),
                "percent": row.get("percent", ""),
            }
        )
    return merged


def grade(classroom: Path, exercise: str, roster: Path, *, jobs: int | None = None, timeout: int = 120) -> Path:
    """Grade the round's submissions with ``python -m course check``; write ``scores.csv`` and feedback."""
    folder = round_folder(classroom, exercise)
    statuses = [(row["trainee"], row["status"]) for row in _read_csv(folder / "collected.csv")]
    feedback = folder / "feedback"
    if feedback.exists():
        shutil.rmtree(feedback)
    _private_folder(feedback)
    summary = folder / "summary.csv"
    submissions = folder / "submissions"
    if any(status != "missing" for _, status in statuses):
        command = [sys.executable, "-m", "course", "check", str(submissions), "--roster", str(roster)]
        command += ["--exercise", exercise, "--summary", str(summary), "--csv", str(folder / "questions.csv")]
        command += ["--feedback", str(feedback), "--force", "--timeout", str(timeout)]
        command += ["-j", str(jobs)] if jobs else []
        done = subprocess.run(command, capture_output=True, text=True)
        (folder / "grader.log").write_text(done.stdout + done.stderr, encoding="utf-8")
        if done.returncode not in (0, 1):  # 0: all passed, 1: some failed; anything else: no grades
            raise CourseInputError(f"the grader could not grade {submissions}:\n{done.stderr.strip()}")
    rows = merge_scores(statuses, _read_csv(summary) if summary.exists() else [])
    _write_csv(folder / "scores.csv", list(rows[0]), [list(row.values()) for row in rows])
    for trainee, status in statuses:
        note = feedback / f"{trainee}.md"
        if status == "missing" and not note.exists():
            note.write_text(
                f"# Exercise {exercise}\n\nNo notebook `exercises/{_exercise_name(exercise)}` was found in your "
                "home when the exercise was collected, so there is nothing to grade. Ask your instructor.\n",
                encoding="utf-8",
            )
    return folder


def give_back(classroom: Path, exercise: str) -> list[Path]:
    """Copy each trainee's feedback into ``~/feedback/`` of their home, owned by them; return the files."""
    folder = round_folder(classroom, exercise)
    stem = Path(_exercise_name(exercise)).stem
    written = []
    for row in _read_csv(folder / "collected.csv"):
        source = folder / "feedback" / f"{row['trainee']}.md"
        if not source.exists():
            continue
        entry = pwd.getpwnam(row["trainee"])
        target_folder = Path(entry.pw_dir) / "feedback"
        if target_folder.is_symlink():
            target_folder.unlink()  # never write through a trainee's link into someone else's folder
        target_folder.mkdir(exist_ok=True)
        os.chown(target_folder, entry.pw_uid, entry.pw_gid)
        os.chmod(target_folder, 0o700)
        target = target_folder / f"{stem}_feedback.md"
        target.unlink(missing_ok=True)
        # O_NOFOLLOW | O_EXCL: never through a link the trainee might slip in; root writes only this new file.
        handle = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600)
        with os.fdopen(handle, "wb") as out:
            out.write(source.read_bytes())
        os.chown(target, entry.pw_uid, entry.pw_gid)
        written.append(target)
    return written
