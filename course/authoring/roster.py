"""A dataset per trainee: the roster, each trainee's seed, and handing out one notebook per trainee.

A roster is a CSV file with a ``trainee`` column (an id: letters, digits,
``.``, ``-``, ``_``) and, optionally, a ``seed`` column; other columns (name,
e-mail…) are ignored. A trainee without a seed gets one derived from the id
(:func:`derived_seed`), so the same roster always gives the same data.

``python -m course exercises handout 03 --roster trainees.csv --out DIR``
writes ``DIR/03_rfm_<trainee>.ipynb`` for each trainee, with the trainee's
seed in the parameters cell and ``course.trainee`` in the metadata;
``python -m course check DIR --roster trainees.csv`` grades each submission
on the seed the roster gives its trainee, whatever the notebook says.

Examples
--------
>>> derived_seed("alice") == derived_seed("alice") != derived_seed("bob")
True
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
from dataclasses import dataclass
from pathlib import Path

from course import REPO_ROOT
from course.authoring import parameters as params
from course.authoring.files import write_new
from course.authoring.notebooks import read_notebook, render_notebook
from course.syllabus import lesson
from course.validation import CourseInputError

__all__ = ["Trainee", "derived_seed", "read_roster", "match_trainee", "handout"]

_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")
#: The longest trainee id (ids become parts of file names, which may have 255 bytes).
MAX_ID = 64


def derived_seed(trainee: str) -> int:
    """A seed from the trainee id alone (SHA-256, below one million): stable across runs and machines."""
    return int.from_bytes(hashlib.sha256(trainee.encode("utf-8")).digest()[:8], "big") % 1_000_000


@dataclass(frozen=True)
class Trainee:
    """One row of the roster."""

    id: str
    seed: int

    def parameters(self, known: dict[str, object]) -> dict[str, object]:
        """The trainee's values among the exercise's parameters."""
        return {"seed": self.seed} if "seed" in known else {}


def read_roster(path: str | Path) -> list[Trainee]:
    """Read and check a roster; a :class:`CourseInputError` names the file, row, column and value to fix."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise CourseInputError(f"{path}: roster not found.") from None
    for encoding in ("utf-8-sig", "gb18030"):  # what Excel writes: UTF-8 (with a BOM), or GBK on a Chinese Windows
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise CourseInputError(
            f"{path}: not a CSV file in UTF-8 or GB18030 (GBK); in Excel, save it as 'CSV UTF-8 (Comma delimited)'."
        )
    try:
        reader = csv.DictReader(io.StringIO(text, newline=""))
        rows = list(reader)
        columns = [(c or "").strip() for c in reader.fieldnames or []]
    except csv.Error as error:
        raise CourseInputError(f"{path}: not a readable CSV file ({error}); save it as CSV, UTF-8.") from None
    if "trainee" not in columns:
        raise CourseInputError(f"{path}: no 'trainee' column; the columns are {', '.join(columns) or 'none'}.")
    trainees, seen = [], set()
    for number, row in enumerate(rows, start=2):
        row = {(k or "").strip(): (v or "").strip() for k, v in row.items()}
        where = f"{path}, row {number}"
        trainee = row["trainee"]
        if not _ID.match(trainee):
            raise CourseInputError(
                f"{where}, column 'trainee': {trainee!r} is not an id (letters, digits, '.', '-', '_'; no spaces)."
            )
        if len(trainee) > MAX_ID:
            raise CourseInputError(
                f"{where}, column 'trainee': the id {trainee[:20]!r}… has {len(trainee)} characters; "
                f"give at most {MAX_ID} (it becomes part of file names)."
            )
        if trainee in seen:
            raise CourseInputError(f"{where}, column 'trainee': {trainee!r} appears twice; ids must be unique.")
        seen.add(trainee)
        seed = row.get("seed", "")
        if seed:
            seed = params.checked({"seed": seed}, known={"seed": None}, where=f"{where}, column")["seed"]
        trainees.append(Trainee(trainee, seed if seed != "" else derived_seed(trainee)))
    if not trainees:
        raise CourseInputError(f"{path}: the roster has no trainees.")
    return trainees


def match_trainee(roster: list[Trainee], claimed: object, path: Path) -> Trainee | None:
    """The roster entry of a submission: the id in its metadata, else the one its file name ends with."""
    by_id = {t.id: t for t in roster}
    if isinstance(claimed, str) and claimed in by_id:
        return by_id[claimed]
    stem = path.stem
    candidates = [t for t in roster if stem == t.id or stem.endswith((f"_{t.id}", f"-{t.id}"))]
    return max(candidates, key=lambda t: len(t.id)) if candidates else None


def edition_path(path: str, lang: str = "en") -> Path:
    """A notebook of the repository (``exercises/03_rfm.ipynb``) in the edition ``lang``: ``zh/…`` in Chinese.

    Examples
    --------
    >>> edition_path("exercises/03_rfm.ipynb", "zh").relative_to(REPO_ROOT).as_posix()
    'zh/exercises/03_rfm.ipynb'
    >>> edition_path("exercises/03_rfm.ipynb", "fr")
    Traceback (most recent call last):
    ...
    course.validation.CourseInputError: language 'fr': the exercises are in en or zh.
    """
    if lang == "en":
        return REPO_ROOT / path
    if lang != "zh":
        raise CourseInputError(f"language {lang!r}: the exercises are in en or zh.")
    from course.authoring.translations._paths import chinese_path

    return chinese_path(path)


def handout(
    exercise: str, roster: list[Trainee], out: str | Path, *, force: bool = False, lang: str = "en"
) -> list[Path]:
    """Write one exercise notebook per trainee into ``out``, in the edition ``lang``; return the files written.

    A Chinese notebook keeps its language in its metadata: the grader judges it
    in Chinese and writes the feedback in Chinese.
    """
    entry = lesson(exercise)
    if not (entry.ready and entry.exercise):
        raise CourseInputError(f"exercise {exercise} is not ready to hand out.")
    source = edition_path(entry.exercise, lang)
    if not source.exists():
        raise CourseInputError(
            f"{source.relative_to(REPO_ROOT)} is missing: build the exercises with `python -m course exercises build`."
        )
    master = read_notebook(source)
    known = params.defaults(exercise)
    folder = Path(out)
    if folder.exists() and not folder.is_dir():
        raise CourseInputError(f"--out {folder}: a file is there; give a folder to write the notebooks into.")
    written = []
    for trainee in roster:
        nb = read_notebook(source)
        nb.metadata["course"] = {**master.metadata.get("course", {}), "exercise": exercise, "trainee": trainee.id}
        params.set_parameters(nb, trainee.parameters(known))
        target = folder / f"{Path(entry.exercise).stem}_{trainee.id}.ipynb"
        try:
            write_new(target, render_notebook(nb), force=force, ours=lambda old, new: old == new)
        except OSError as error:
            raise CourseInputError(f"could not write {target}: {error.strerror}.") from None
        written.append(target)
    return written
