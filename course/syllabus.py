"""The course structure, read from ``syllabus.toml``.

The README course map, the instructors' agendas, ``python -m course doctor``,
lesson 00's course map and the tests all read the lessons from here, so they
cannot drift apart. It lies in the base layer of the package (it imports
nothing of ``course`` but the repository root), so that a lesson may read it
without importing the authoring machinery.

Examples
--------
>>> from course.syllabus import lessons
>>> first = lessons()[0]
>>> first.number, first.title_zh
('00', '课程导览')
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from course import REPO_ROOT

SYLLABUS_FILE = Path(__file__).with_name("syllabus.toml")
STATUSES = ("ready", "planned")

__all__ = ["Lesson", "lessons", "lesson", "missing_files", "course_map_markdown", "agendas_markdown"]


@dataclass(frozen=True)
class Lesson:
    """One lesson of the course, as described in ``syllabus.toml``."""

    number: str
    slug: str
    title: str
    title_zh: str
    minutes: int
    prerequisites: tuple[str, ...]
    sources: tuple[str, ...]
    objectives: tuple[str, ...]
    notebook: str
    solution: str | None
    exercise: str | None
    status: str

    @property
    def ready(self) -> bool:
        """Whether the lesson's files are written and tested."""
        return self.status == "ready"

    def files(self) -> list[str]:
        """The repository-relative paths of the lesson's notebook, solution and exercise."""
        return [p for p in (self.notebook, self.solution, self.exercise) if p]


def _parse(entry: dict) -> Lesson:
    return Lesson(
        number=entry["number"],
        slug=entry["slug"],
        title=entry["title"],
        title_zh=entry["title_zh"],
        minutes=int(entry["minutes"]),
        prerequisites=tuple(entry.get("prerequisites", ())),
        sources=tuple(entry.get("sources", ())),
        objectives=tuple(entry["objectives"]),
        notebook=entry["notebook"],
        solution=entry.get("solution"),
        exercise=entry.get("exercise"),
        status=entry["status"],
    )


def _validate(parsed: list[Lesson]) -> None:
    numbers = [lesson.number for lesson in parsed]
    if len(set(numbers)) != len(numbers) or numbers != sorted(numbers):
        raise ValueError(f"{SYLLABUS_FILE}: lesson numbers must be unique and in order, got {numbers}")
    for lesson in parsed:
        if lesson.status not in STATUSES:
            raise ValueError(
                f"{SYLLABUS_FILE}: lesson {lesson.number} has status {lesson.status!r}; use one of {STATUSES}"
            )
        for required in lesson.prerequisites:
            if required not in numbers or required >= lesson.number:
                raise ValueError(
                    f"{SYLLABUS_FILE}: lesson {lesson.number} requires {required!r}, which is not an earlier lesson"
                )
        if not lesson.notebook.startswith(f"notebooks/{lesson.number}_"):
            raise ValueError(
                f"{SYLLABUS_FILE}: lesson {lesson.number}'s notebook must be notebooks/{lesson.number}_<topic>.ipynb"
            )
        if (lesson.solution is None) != (lesson.exercise is None):
            raise ValueError(
                f"{SYLLABUS_FILE}: lesson {lesson.number} names a solution without an exercise or vice versa"
            )
        if lesson.solution and Path(lesson.solution).name != Path(lesson.exercise).name:
            raise ValueError(f"{SYLLABUS_FILE}: lesson {lesson.number}'s solution and exercise must share a file name")


@cache
def _raw() -> dict:
    with SYLLABUS_FILE.open("rb") as handle:
        return tomllib.load(handle)


@cache
def lessons() -> tuple[Lesson, ...]:
    """All lessons, in order."""
    parsed = [_parse(entry) for entry in _raw()["lesson"]]
    _validate(parsed)
    return tuple(parsed)


def lesson(number: str) -> Lesson:
    """The lesson with this number (``"03"``)."""
    for candidate in lessons():
        if candidate.number == number:
            return candidate
    raise KeyError(f"no lesson {number!r}; lessons are {[entry.number for entry in lessons()]}")


def missing_files(root: Path = REPO_ROOT) -> list[str]:
    """Files that a ready lesson names but that are not on disk."""
    return [path for entry in lessons() if entry.ready for path in entry.files() if not (root / path).exists()]


def course_map_markdown(lang: str = "en") -> str:
    """The course map table for the README (``lang="zh"``: README.zh-CN.md's, linking the Chinese notebooks)."""
    from course.i18n import gettext as _  # only the generators need the catalogue
    from course.i18n import using

    with using(lang):
        prefix = "" if lang == "en" else f"{lang}/"
        rows = [
            _("| # | lesson | 中文 | minutes | after | notebook | exercise |"),
            "|---|---|---|---|---|---|---|",
        ]
        for entry in lessons():
            after = ", ".join(entry.prerequisites) or "—"
            if entry.ready:
                notebook = f"[{Path(entry.notebook).name}]({prefix}{entry.notebook})"
                exercise = f"[{Path(entry.exercise).name}]({prefix}{entry.exercise})" if entry.exercise else "—"
            else:
                notebook = exercise = _("*in preparation*")
            title = entry.title if lang == "en" else entry.title_zh
            second = entry.title_zh if lang == "en" else entry.title
            rows.append(
                f"| {entry.number} | {title} | {second} | {entry.minutes} | {after} | {notebook} | {exercise} |"
            )
    return "\n".join(rows)


#: Minutes of break added per 90 minutes of teaching in an agenda.
BREAK_EVERY, BREAK_MINUTES = 90, 15


def agendas_markdown(lang: str = "en") -> str:
    """The workshop agendas for INSTRUCTORS.md (``lang="zh"``: INSTRUCTORS.zh-CN.md's): lessons, minutes, breaks."""
    from course.i18n import gettext as _
    from course.i18n import gettext as translated  # for texts of syllabus.toml (not literals to extract)
    from course.i18n import using

    blocks = []
    with using(lang):
        for agenda in _raw()["agenda"]:
            chosen = [lesson(number) for number in agenda["lessons"]]
            teaching = sum(entry.minutes for entry in chosen)
            breaks = (teaching // BREAK_EVERY) * BREAK_MINUTES
            header = _("| lesson | minutes | exercise |")
            name, note = translated(agenda["name"]), translated(agenda["note"])  # data: see _data_messages
            rows = [f"### {name}", "", note, "", header, "|---|---|---|"]
            for entry in chosen:
                status = "" if entry.ready else " " + _("*(in preparation)*")
                title = f"{entry.title} ({entry.title_zh})" if lang == "en" else f"{entry.title_zh}（{entry.title}）"
                exercise = (f"{lang}/{entry.exercise}" if lang != "en" else entry.exercise) if entry.exercise else "—"
                rows.append(f"| {entry.number} {title}{status} | {entry.minutes} | {exercise} |")
            total = _("Teaching {teaching} min + breaks {breaks} min = **{hours} h**.")
            rows += ["", total.format(teaching=teaching, breaks=breaks, hours=f"{(teaching + breaks) / 60:.1f}")]
            blocks.append("\n".join(rows))
    return "\n\n".join(blocks)
