"""Build the exercise notebooks from their solution masters.

``solutions/NN_topic.ipynb`` is the only file an author edits; the trainee's
``exercises/NN_topic.ipynb`` is derived from it, so the two cannot drift:

* in code cells, each block between ``### BEGIN SOLUTION`` and
  ``### END SOLUTION`` becomes ``# your code here`` followed by
  ``name = ...`` for every name the block assigns at its top level — the
  check cell after it then fails with its own message until the trainee
  replaces the dots;
* markdown cells tagged ``solution`` (written answers) become a prompt;
* the title "Solution for Exercise" becomes "Exercise";
* in the Chinese edition (a solution under ``zh/``, ``course.lang`` "zh" in its
  metadata) the same, in Chinese: ``# 在这里写你的代码``, a Chinese prompt, and
  "参考答案" taken out of the title -- ``zh/exercises/`` is built from
  ``zh/solutions/`` as ``exercises/`` is from ``solutions/``;
* outputs and execution counts are cleared;
* the notebook's metadata records its exercise id (``course.exercise``,
  e.g. ``"03"``), so that the grader knows it even after a trainee renames
  the file.

Examples
--------
>>> print(blank_code("x = 1\\n### BEGIN SOLUTION\\ntop_share = s.head(2).sum()\\n### END SOLUTION\\ncheck(top_share)"))
x = 1
# your code here
top_share = ...
check(top_share)
"""

from __future__ import annotations

import ast
import copy
import re
import textwrap
from pathlib import Path

from nbformat import NotebookNode

from course import REPO_ROOT
from course.authoring.notebooks import read_notebook, render_notebook, tagged
from course.authoring.translations import EDITION_DIR
from course.syllabus import lessons

__all__ = [
    "BEGIN",
    "END",
    "ANSWER_PROMPT",
    "ANSWER_PROMPTS",
    "blank_code",
    "build_exercise",
    "build_all",
    "ExerciseBuildError",
]

BEGIN = "### BEGIN SOLUTION"
END = "### END SOLUTION"
ANSWER_PROMPT = "✏️ *Write your answer here (double-click to edit this cell).*"
#: The prompt of a written answer in each language of the course.
ANSWER_PROMPTS = {"en": ANSWER_PROMPT, "zh": "✏️ *请在这里写下你的答案（双击本单元格即可编辑）。*"}
#: The comment that stands where the solution's code was, in each language.
_YOUR_CODE = {"en": "# your code here", "zh": "# 在这里写你的代码"}
#: The words of a solution's title that its exercise drops (Chinese: only in the title, 参考答案 is also prose).
_SOLUTION_TITLE = {"en": re.compile(r"Solution for Exercise"), "zh": re.compile(r"\s*参考答案")}
_TITLE_WORDS = {"en": "Exercise", "zh": ""}

_BLOCK = re.compile(
    rf"^(?P<indent>[ \t]*){re.escape(BEGIN)}[ \t]*\n(?P<body>.*?)^[ \t]*{re.escape(END)}[ \t]*(?:\n|$)",
    re.MULTILINE | re.DOTALL,
)


class ExerciseBuildError(ValueError):
    """A solution notebook is not in the form the builder expects."""


def _assigned_names(body: str) -> list[str]:
    """Names assigned at the top level of ``body``, in order of first assignment."""
    try:
        tree = ast.parse(textwrap.dedent(body))
    except SyntaxError as error:
        raise ExerciseBuildError(f"the solution block does not parse: {error}") from None
    names: list[str] = []

    def collect(target: ast.expr) -> None:
        if isinstance(target, ast.Name) and target.id not in names:
            names.append(target.id)
        elif isinstance(target, (ast.Tuple, ast.List)):
            for element in target.elts:
                collect(element)

    for node in tree.body:
        if isinstance(node, ast.Assign):
            for target in node.targets:
                collect(target)
        elif isinstance(node, (ast.AnnAssign, ast.AugAssign)):
            collect(node.target)
        elif isinstance(node, (ast.FunctionDef, ast.ClassDef)) and node.name not in names:
            names.append(node.name)
    return names


def blank_code(source: str, lang: str = "en") -> str:
    """Replace every solution block in a code cell's ``source`` by its placeholder."""
    if source.count(BEGIN) != source.count(END):
        raise ExerciseBuildError(f"unbalanced '{BEGIN}' / '{END}' markers in:\n{source}")

    def placeholder(match: re.Match) -> str:
        indent = match["indent"]
        lines = [f"{indent}{_YOUR_CODE[lang]}"]
        lines += [f"{indent}{name} = ..." for name in _assigned_names(match["body"])]
        return "\n".join(lines) + "\n"

    blanked = _BLOCK.sub(placeholder, source)
    if BEGIN in blanked or END in blanked:
        raise ExerciseBuildError(f"misplaced '{BEGIN}' / '{END}' markers (each on its own line) in:\n{source}")
    return blanked.rstrip("\n")


def build_exercise(solution: NotebookNode, exercise_id: str | None = None) -> NotebookNode:
    """Return the exercise notebook derived from a solution notebook (which is not modified).

    ``exercise_id`` (the lesson number, ``"03"``) goes into the metadata as ``course.exercise``. The
    language is the solution's (``course.lang`` in its metadata; English without).
    """
    exercise = copy.deepcopy(solution)
    lang = exercise.metadata.get("course", {}).get("lang", "en")
    if exercise_id is not None:
        exercise.metadata["course"] = {**exercise.metadata.get("course", {}), "exercise": exercise_id}
    has_block, titled = False, False
    for cell in exercise.cells:
        if cell.cell_type == "code":
            if BEGIN in cell.source:
                has_block = True
                cell.source = blank_code(cell.source, lang)
            cell.outputs = []
            cell.execution_count = None
        elif cell.cell_type == "markdown":
            if tagged(cell, "solution"):
                cell.source = ANSWER_PROMPTS[lang]
                cell.metadata["tags"] = [t for t in cell.metadata["tags"] if t != "solution"] + ["answer"]
            if lang == "en":
                cell.source = _SOLUTION_TITLE[lang].sub(_TITLE_WORDS[lang], cell.source)
            elif not titled and cell.source.lstrip().startswith("# "):
                title, _, rest = cell.source.partition("\n")
                cell.source = "\n".join(filter(None, [_SOLUTION_TITLE[lang].sub(_TITLE_WORDS[lang], title), rest]))
                titled = True
    if not has_block:
        raise ExerciseBuildError(f"no '{BEGIN}' block found: an exercise needs at least one task")
    return exercise


def build_all(root: Path = REPO_ROOT, *, check: bool = False) -> list[Path]:
    """Write (or, with ``check``, compare) every exercise named in the syllabus.

    Returns the exercises that were written, or with ``check`` the ones that are
    stale (missing or different from what their solution gives). A solution
    that does not exist yet is skipped when building and counts as stale when
    checking.
    """
    changed: list[Path] = []
    for lesson in lessons():
        if not (lesson.ready and lesson.solution):
            continue
        pairs = [(lesson.solution, lesson.exercise)]
        if (root / EDITION_DIR / lesson.solution).exists():  # the Chinese edition holds this solution
            pairs.append((f"{EDITION_DIR}/{lesson.solution}", f"{EDITION_DIR}/{lesson.exercise}"))
        for solution, exercise_file in pairs:
            solution_path, exercise_path = root / solution, root / exercise_file
            if not solution_path.exists():
                if check:
                    changed.append(exercise_path)
                continue
            try:
                exercise = build_exercise(read_notebook(solution_path), lesson.number)
            except ExerciseBuildError as error:
                raise ExerciseBuildError(f"{solution}: {error}") from None
            text = render_notebook(exercise)
            current = exercise_path.read_text(encoding="utf-8") if exercise_path.exists() else None
            if current != text:
                changed.append(exercise_path)
                if not check:
                    exercise_path.parent.mkdir(parents=True, exist_ok=True)
                    exercise_path.write_text(text, encoding="utf-8")
    return changed
