"""INSTRUCTORS.md's per-lesson notes, generated so that they cannot drift from the lessons and the checks.

For each ready lesson the section lists

- its **discussion questions**, read from the lesson notebook (the numbered
  list under "Discussion questions"), each with the instructor's note from
  ``instructor_notes.toml``;
- the **common trainee errors** of its exercise and their fixes, read from the
  check module ``course.checks.lessonNN``: every known mistake a check
  recognises (``mistake_hint`` variants, ``mistakes=`` lists, ``fail(...)``
  for a recognised wrong shape), with the hint the trainee gets.

``python -m course map --update`` writes it between the ``lesson-notes``
markers of INSTRUCTORS.md; a test fails when the file is stale.

Examples
--------
>>> errors = common_errors("03")
>>> errors[0].question, "distinct purchase days" in " ".join(e.fix for e in errors if e.question == "2")
('1', True)
"""

from __future__ import annotations

import ast
import importlib
import inspect
import re
import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from course import REPO_ROOT
from course.authoring.notebooks import read_notebook
from course.i18n import N_, using
from course.i18n import gettext as _
from course.syllabus import lessons

__all__ = [
    "NOTES_FILE",
    "Mistake",
    "discussion_questions",
    "instructor_notes",
    "common_errors",
    "lesson_notes_markdown",
]

NOTES_FILE = Path(__file__).with_name("instructor_notes.toml")
#: What joins a known mistake to the check's fix in the lesson notes.
_FIX = N_(" Fix: ")
_HEADING = re.compile(r"^#+\s*Discussion questions\s*$", re.MULTILINE)
_ITEM = re.compile(r"^(\d+)\.\s+(.*)$")


@dataclass(frozen=True)
class Mistake:
    """A known trainee error of one question, as its check recognises it."""

    question: str
    label: str
    fix: str


def discussion_questions(notebook: str | Path) -> list[str]:
    """The numbered discussion questions of a lesson notebook, each on one line."""
    nb = read_notebook(REPO_ROOT / notebook)
    for cell in nb.cells:
        if cell.cell_type != "markdown":
            continue
        found = _HEADING.search(cell.source)
        if not found:
            continue
        items: list[str] = []
        for line in cell.source[found.end() :].splitlines():
            item = _ITEM.match(line)
            if item:
                items.append(item.group(2).strip())
            elif line.startswith((" ", "\t")) and items and line.strip():
                items[-1] += " " + line.strip()
            elif line.strip() and items:
                break
        return items
    return []


@cache
def _notes() -> dict[str, list[dict]]:
    with NOTES_FILE.open("rb") as handle:
        data = tomllib.load(handle)
    return {entry["number"]: entry.get("question", []) for entry in data["lesson"]}


def instructor_notes(number: str) -> list[tuple[str, str | None]]:
    """The lesson's discussion questions paired with their notes (None where a question has none)."""
    lesson = next(entry for entry in lessons() if entry.number == number)
    notes = _notes().get(number, [])
    paired = []
    for text in discussion_questions(lesson.notebook):
        note = next((n["note"] for n in notes if text.startswith(n["starts"])), None)
        paired.append((text, " ".join(note.split()) if note else None))
    return paired


def unmatched_notes(number: str) -> list[str]:
    """The ``starts`` of notes that match no discussion question of the lesson (stale notes)."""
    lesson = next(entry for entry in lessons() if entry.number == number)
    texts = discussion_questions(lesson.notebook)
    return [n["starts"] for n in _notes().get(number, []) if not any(t.startswith(n["starts"]) for t in texts)]


# ---------------------------------------------------------------- the checks' known mistakes


def _text(node: ast.AST, namespace: dict) -> str | None:
    """The text of a hint expression: literals, module constants, ``+`` and f-strings (values shown as …).

    A message marked for translation is read in the current language: ``_("…")`` and ``N_("…")`` as their
    argument's translation (English: the argument), and
    ``_("… {field} …").format(field=value)`` as the template with each field filled as an f-string's would be.
    """
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if _marked(node):  # in the current language (course.i18n.using): INSTRUCTORS.zh-CN.md lists them in Chinese
        english = _text(node.args[0], namespace)
        return None if english is None else _(english)
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "format":
        template = _text(node.func.value, namespace) if _marked(node.func.value) else None
        if template is None or node.args:
            return None
        values = {k.arg: _text(k.value, namespace) or "…" for k in node.keywords if k.arg}
        return re.sub(r"\{(\w+)\}", lambda field: values.get(field[1], "…"), template)
    if isinstance(node, ast.Name) and isinstance(namespace.get(node.id), str):
        return namespace[node.id]
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        left, right = _text(node.left, namespace), _text(node.right, namespace)
        return left + right if left is not None and right is not None else None
    if isinstance(node, ast.JoinedStr):
        parts = []
        for value in node.values:
            if isinstance(value, ast.Constant):
                parts.append(str(value.value))
            elif isinstance(value, ast.FormattedValue) and not value.format_spec and _text(value.value, namespace):
                parts.append(_text(value.value, namespace))  # a module constant: the text the trainee reads
            else:
                parts.append("…")
        return "".join(parts)
    return None


def _marked(node: ast.AST) -> bool:
    """Whether ``node`` is a message marked for translation, ``_("…")`` or ``N_("…")`` (:mod:`course.i18n`)."""
    return (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id in {"_", "N_"}
        and len(node.args) == 1
        and not node.keywords
    )


def _pairs(node: ast.AST) -> list[ast.AST]:
    """The hints of a list of ``(test, hint)`` pairs."""
    if not isinstance(node, ast.List):
        return []
    return [item.elts[1] for item in node.elts if isinstance(item, ast.Tuple) and len(item.elts) == 2]


def _hint_of(call: ast.Call, assigned: dict[str, ast.AST], namespace: dict) -> ast.AST | None:
    """The ``hint=`` a check call gives with its ``mistakes``: the fix the trainee reads under the mistake.

    A local name (``hint=hint``) stands for the text assigned to it in the function; a fix whose text cannot be
    read from the source (``hint=mistake_hint(...)``) is left out, and the mistakes are listed without it.
    """
    fix = next((keyword.value for keyword in call.keywords if keyword.arg == "hint"), None)
    if isinstance(fix, ast.Name) and fix.id in assigned:
        fix = assigned[fix.id]
    return fix if fix is not None and _text(fix, namespace) is not None else None


def _passes_mistakes(call: ast.Call) -> bool:
    """Whether ``call`` hands the function's ``mistakes`` list on (``mistakes=mistakes`` or positionally)."""
    arguments = [*call.args, *(keyword.value for keyword in call.keywords if keyword.arg == "mistakes")]
    return any(isinstance(argument, ast.Name) and argument.id == "mistakes" for argument in arguments)


def _with_fix(hints: list[ast.AST], fix: ast.AST | None) -> list[ast.AST]:
    """Each mistake's message followed by the check's fix, as the trainee sees them (``Hint:`` in the check)."""
    if fix is None:
        return hints
    joiner = ast.Call(func=ast.Name(id="_", ctx=ast.Load()), args=[ast.Constant(_FIX)], keywords=[])  # _(" Fix: ")
    return [ast.BinOp(ast.BinOp(hint, ast.Add(), joiner), ast.Add(), fix) for hint in hints]


def _function_mistakes(function: ast.FunctionDef, namespace: dict, answer: str | None = None) -> list[str]:
    """The known mistakes of one check function, each with its fix; ``answer`` fills a message's ``{name}``.

    Whether a message names a mistake at all is judged on its text with ``name`` unfilled (``…``).
    """
    hints: list[ast.AST] = []
    assigned: dict[str, ast.AST] = {}
    for node in ast.walk(function):
        if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
            assigned[node.targets[0].id] = node.value
    calls = [node for node in ast.walk(function) if isinstance(node, ast.Call)]
    if "mistakes" in assigned:  # `mistakes = [...]`, passed on to a check or a helper with its hint
        consumer = next((call for call in calls if _passes_mistakes(call)), None)
        hints += _with_fix(_pairs(assigned["mistakes"]), _hint_of(consumer, assigned, namespace) if consumer else None)
    for node in calls:
        name = node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", "")
        if name == "mistake_hint" and node.args:  # the variants are hints already: each names its own fix
            hints += _pairs(node.args[0])
        for keyword in node.keywords:
            if keyword.arg == "mistakes" and not isinstance(keyword.value, ast.Name):
                hints += _with_fix(_pairs(keyword.value), _hint_of(node, assigned, namespace))
        if name == "fail" and node.args:
            fix = node.args[1] if len(node.args) > 1 and _text(node.args[1], namespace) else None
            hints += _with_fix([node.args[0]], fix)
    shown = {**namespace, "name": answer} if answer else namespace
    unique: list[str] = []
    for hint in hints:
        with using("en"):  # whether a message names a mistake is judged on its English, in every edition
            text = _text(hint, namespace)
        if text is None or _generic(text):
            continue
        text = " ".join(_text(hint, shown).split())
        if text not in unique:
            unique.append(text)
    return unique


def _generic(text: str) -> bool:
    """A message made of placeholders (a helper's "`…` is not right: …"): it names no mistake."""
    return text.count("…") >= 2 and len(re.findall(r"[A-Za-z]{2,}", text)) < 6


def common_errors(number: str) -> list[Mistake]:
    """Every known mistake the checks of exercise ``number`` recognise, question by question."""
    from course.checks.registry import questions

    module = importlib.import_module(f"course.checks.lesson{number}")
    tree = ast.parse(inspect.getsource(module))
    namespace = {name: value for name, value in vars(module).items() if isinstance(value, str)}
    functions = {node.name: node for node in tree.body if isinstance(node, ast.FunctionDef)}
    found = []
    for entry in questions(number):
        function = functions.get(entry.body.__name__)
        if function is None:
            continue
        # helpers the check calls (``_explain_profit(...)``) hold mistakes too
        called = {
            node.func.id
            for node in ast.walk(function)
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in functions
        }
        # a helper's message names the answer through its ``name`` (`{name}` should be …): this question's answer
        answer = entry.answers[0] if len(entry.answers) == 1 else None
        texts = _function_mistakes(function, namespace, answer)
        for helper in sorted(called):
            texts += [t for t in _function_mistakes(functions[helper], namespace, answer) if t not in texts]
        found += [Mistake(entry.number, entry.label, text) for text in texts]
    return found


def _question_in(notebook: str, question: str, lang: str) -> str:
    """A discussion question in ``lang``: the English, or its translation in the notebook's catalogue."""
    if lang == "en":
        return question
    import polib

    # the module, not the package: translations reads the instructor notes from here for its catalogue
    from course.authoring.translations._paths import catalogue_path

    entries = {e.msgid: e.msgstr for e in polib.pofile(str(catalogue_path(notebook))) if e.msgstr and not e.msgctxt}
    return entries.get(question, question)


def lesson_notes_markdown(lang: str = "en") -> str:
    """The ``lesson-notes`` section of INSTRUCTORS.md (``lang="zh"``: of INSTRUCTORS.zh-CN.md, its words from
    the lessons' catalogues and the package catalogue)."""
    from course.checks.registry import exercises

    with_checks = set(exercises())
    out: list[str] = []
    with using(lang):
        for lesson in lessons():
            if not lesson.ready:
                continue
            title = f"{lesson.title} ({lesson.title_zh})" if lang == "en" else f"{lesson.title_zh}（{lesson.title}）"
            out += [f"### {lesson.number} {title}", "", _("**Discussion questions**"), ""]
            for index, (question, note) in enumerate(instructor_notes(lesson.number), start=1):
                shown = _question_in(lesson.notebook, question, lang)
                text = _(note) if note else _("(none yet)")
                out += [f"{index}. {shown}", "", "   " + _("*Note for the instructor:* {note}").format(note=text), ""]
            errors = common_errors(lesson.number) if lesson.number in with_checks else []
            if errors:
                out += ["", _("**Common errors in the exercise, and the fix the check gives**"), ""]
                out += _errors_markdown(errors)
            out.append("")
    return "\n".join(out).rstrip() + "\n"


def _errors_markdown(errors: list[Mistake]) -> list[str]:
    """The known mistakes, question by question, in the current language; a fix shared by several mistakes is
    said once."""
    out: list[str] = []
    joiner = _(_FIX)
    for question in dict.fromkeys(error.question for error in errors):
        mine = [error.fix for error in errors if error.question == question]
        label = _(next(error.label for error in errors if error.question == question))
        name = _("Question {number}").format(number=question)
        fixes = [text.rpartition(joiner)[2] for text in mine if joiner in text]
        shared = max(set(fixes), key=fixes.count) if fixes else None
        if shared is not None and fixes.count(shared) > 1:  # one fix for several mistakes: say it once
            out.append(
                _("- {question} ({label}). The check's fix: {fix}").format(question=name, label=label, fix=shared)
            )
            mine = [text.removesuffix(joiner + shared) for text in mine]
        else:
            out.append(_("- {question} ({label}):").format(question=name, label=label))
        out += [f"  - {text}" for text in mine]
    return out
