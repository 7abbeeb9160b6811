"""The data parameters of an exercise (``seed``, ``n_customers``): their defaults, and checking what a user typed.

Every exercise's first code cell is tagged ``parameters`` and assigns plain
values (``seed = 42``, ``n_customers = 2000``, and the language, ``lang = "en"``,
which the grader sets to the submission's); the solution master's cell is
the list of parameters the exercise knows and their defaults.

Examples
--------
>>> defaults("03")
{'seed': 42, 'n_customers': 2000, 'lang': 'en'}
>>> checked({"seed": "7"}, known=defaults("03"), where="-p")
{'seed': 7}
>>> checked({"n_customers": 0}, known=defaults("03"), where="-p")
Traceback (most recent call last):
...
course.validation.CourseInputError: -p n_customers=0: the number of customers must be a whole number of at least 1.
"""

from __future__ import annotations

import argparse
import ast
import re
from collections.abc import Callable
from functools import cache
from typing import TYPE_CHECKING

from course import REPO_ROOT
from course.syllabus import lesson
from course.validation import CourseInputError

if TYPE_CHECKING:  # nbformat (and jsonschema under it) takes a second to import: not for `whole_number`
    from nbformat import NotebookNode

__all__ = ["whole_number", "defaults", "checked", "parse_value", "parameters_cell", "set_parameters", "data_arguments"]

#: Rules for the parameters every exercise has: (smallest value, what it is).
_RULES = {"seed": (0, "the seed"), "n_customers": (1, "the number of customers")}


def parameters_cell(nb: NotebookNode) -> NotebookNode:
    """The cell tagged ``parameters``, else the first code cell."""
    from course.authoring.notebooks import tagged

    code = [cell for cell in nb.cells if cell.cell_type == "code"]
    if not code:
        raise CourseInputError("the notebook has no code cell, so no parameters cell")
    return next((cell for cell in code if tagged(cell, "parameters")), code[0])


@cache
def defaults(exercise: str) -> dict[str, object]:
    """The parameters of ``exercise`` and their values in its solution master."""
    from course.authoring.notebooks import read_notebook

    path = REPO_ROOT / lesson(exercise).solution
    values: dict[str, object] = {}
    for node in ast.parse(parameters_cell(read_notebook(path)).source).body:
        if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
            values[node.targets[0].id] = ast.literal_eval(node.value)
    return values


def parse_value(text: str) -> object:
    """A typed value: a Python literal (``7``, ``0.5``, ``'x'``) or else the text itself."""
    try:
        return ast.literal_eval(text)
    except (ValueError, SyntaxError):
        return text


def checked(values: dict[str, object], *, known: dict[str, object], where: str) -> dict[str, object]:
    """``values`` with seeds and sizes as whole numbers; a clear error for an unknown name or a bad number.

    ``where`` names the origin in the message (``"-p"``, ``"trainees.csv, row 3"``).
    """
    out = {}
    for name, raw in values.items():
        if name not in known:
            raise CourseInputError(
                f"{where} {name}: unknown parameter; this exercise's parameters are {', '.join(known)}."
            )
        value = parse_value(raw) if isinstance(raw, str) else raw
        if name in _RULES:
            least, what = _RULES[name]
            if isinstance(value, float) and value.is_integer():
                value = int(value)
            if isinstance(value, bool) or not isinstance(value, int) or value < least:
                raise CourseInputError(f"{where} {name}={raw}: {what} must be a whole number of at least {least}.")
        out[name] = value
    return out


def set_parameters(nb: NotebookNode, values: dict[str, object]) -> None:
    """Rewrite the assignments ``name = …`` of ``nb``'s parameters cell with ``values`` (in place)."""
    cell = parameters_cell(nb)
    source = cell.source
    for name, value in values.items():
        pattern = re.compile(rf"^{re.escape(name)}\s*=.*$", re.MULTILINE)
        line = f"{name} = {value!r}"
        source = pattern.sub(line, source, count=1) if pattern.search(source) else f"{source}\n{line}"
    cell.source = source


def data_arguments(values: dict[str, object]) -> dict[str, object]:
    """The arguments of :func:`course.data.b2b_database` among ``values``."""
    return {name: values[name] for name in ("seed", "n_customers") if name in values}


def whole_number(least: int, what: str) -> Callable[[str], int]:
    """An argparse ``type=`` for a whole number of at least ``least``; the error names the option (``what``).

    Examples
    --------
    >>> whole_number(1, "--n-customers")("200")
    200
    >>> whole_number(0, "--seed")("x")
    Traceback (most recent call last):
    ...
    argparse.ArgumentTypeError: --seed must be a whole number, got 'x'
    """

    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{what} must be a whole number, got {text!r}") from None
        if value < least:
            raise argparse.ArgumentTypeError(f"{what} must be at least {least}, got {value}")
        return value

    return parse
