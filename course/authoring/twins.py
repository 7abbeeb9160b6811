"""Text twins of the lessons and solutions: their cells as MyST markdown, for review.

A notebook's JSON mixes the lesson with its outputs (images are most of its
bytes), so a one-word change to the prose is hard to review. Every lesson and
solution therefore has a *text twin* under ``text/`` -- ``text/notebooks/03_rfm.md``
for ``notebooks/03_rfm.ipynb`` -- written by jupytext in the MyST markdown
format: the prose as markdown, each code cell as a ``{code-cell}`` block with
its tags, no outputs. The twin is what a reviewer reads; the notebook, with
its outputs, is what trainees open and the tests execute.

The two must say the same thing: :func:`out_of_sync` lists the twins that
differ from their notebook (a test runs it on every lesson and solution), and
``python -m course notebooks twins`` rewrites them from the notebooks (after
an edit in JupyterLab), ``python -m course notebooks from-text TWIN…`` the
other way round (after an edit of the text; the outputs of unchanged cells
are kept, run ``python -m course notebooks run`` to refresh the others).

Examples
--------
>>> import nbformat
>>> nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("# Title"),
...                                       nbformat.v4.new_code_cell("x = 1")])
>>> print(twin_text(nb).split("---")[-1].strip())
# Title
<BLANKLINE>
```{code-cell}
x = 1
```
>>> same_cells(nb, notebook_from_text(twin_text(nb)))
True
"""

from __future__ import annotations

from collections.abc import Iterable
from copy import deepcopy
from pathlib import Path

import jupytext
from nbformat import NotebookNode

from course import REPO_ROOT
from course.authoring.notebooks import KERNELSPEC, normalise, read_notebook, write_notebook

__all__ = [
    "TEXT_DIR",
    "FORMAT",
    "twin_path",
    "twin_text",
    "notebook_from_text",
    "same_cells",
    "write_twin",
    "out_of_sync",
    "update_from_text",
]

#: Where the twins live: the repository's folders mirrored under ``text/``.
TEXT_DIR = REPO_ROOT / "text"
#: jupytext's format of the twins.
FORMAT = "md:myst"
#: Cell metadata a twin keeps (what the course's tools and the slides read); run metadata is not content.
_KEPT_METADATA = ("tags", "slideshow")


def twin_path(notebook: str | Path, *, root: Path = REPO_ROOT) -> Path:
    """The twin of a notebook of the repository: ``notebooks/03_rfm.ipynb`` → ``text/notebooks/03_rfm.md``."""
    path = Path(notebook).resolve()
    try:
        relative = path.relative_to(root.resolve())
    except ValueError:
        raise ValueError(f"{notebook} is not inside the repository {root}; twins exist for its notebooks") from None
    return root / "text" / relative.with_suffix(".md")


def _content(cell: NotebookNode) -> tuple:
    """What a twin must agree on: the cell's type, source and the metadata the course uses."""
    kept = {key: cell.metadata[key] for key in _KEPT_METADATA if cell.metadata.get(key)}
    return cell.cell_type, cell.source, repr(sorted(kept.items()))


def _stripped(nb: NotebookNode) -> NotebookNode:
    """A copy of ``nb`` without outputs and run metadata: what a twin holds."""
    copy = deepcopy(nb)
    copy.metadata = {"kernelspec": dict(KERNELSPEC)}
    for cell in copy.cells:
        cell.metadata = {key: cell.metadata[key] for key in _KEPT_METADATA if cell.metadata.get(key)}
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
    return copy


def twin_text(nb: NotebookNode) -> str:
    """The MyST markdown twin of ``nb``."""
    return jupytext.writes(_stripped(nb), fmt=FORMAT)


def notebook_from_text(text: str) -> NotebookNode:
    """The cells (without outputs) a twin describes."""
    return jupytext.reads(text, fmt=FORMAT)


def same_cells(a: NotebookNode, b: NotebookNode) -> bool:
    """Whether two notebooks have the same cells (type, source, tags and slide marks), outputs aside."""
    return [_content(c) for c in a.cells] == [_content(c) for c in b.cells]


def write_twin(notebook: str | Path, *, root: Path = REPO_ROOT) -> Path:
    """Write (or rewrite) the twin of ``notebook``; return its path."""
    path = twin_path(notebook, root=root)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(twin_text(read_notebook(notebook)), encoding="utf-8")
    return path


def out_of_sync(notebooks: Iterable[str | Path], *, root: Path = REPO_ROOT) -> list[str]:
    """The notebooks whose twin is missing or says something else, each with the reason."""
    stale = []
    for notebook in notebooks:
        path = twin_path(notebook, root=root)
        if not path.exists():
            stale.append(f"{notebook}: no twin at {path.relative_to(root)}")
        elif not same_cells(read_notebook(notebook), notebook_from_text(path.read_text(encoding="utf-8"))):
            stale.append(f"{notebook}: {path.relative_to(root)} differs")
    return stale


def update_from_text(twin: str | Path, *, root: Path = REPO_ROOT) -> Path:
    """Take a twin's cells into its notebook, keeping the outputs of the cells whose source did not change.

    Returns the notebook's path. Cells that changed lose their outputs: run
    the notebook again (``python -m course notebooks run``) before committing.
    """
    twin = Path(twin).resolve()
    text_dir = (root / "text").resolve()
    try:
        relative = twin.relative_to(text_dir)
    except ValueError:
        raise ValueError(f"{twin} is not a twin: twins live under {text_dir}") from None
    notebook = root / relative.with_suffix(".ipynb")
    if not notebook.exists():
        raise FileNotFoundError(f"{twin}: its notebook {notebook.relative_to(root)} does not exist")
    old = read_notebook(notebook)
    new = notebook_from_text(twin.read_text(encoding="utf-8"))
    outputs = {(c.cell_type, c.source): c for c in old.cells if c.cell_type == "code"}
    for cell in new.cells:
        before = outputs.get((cell.cell_type, cell.source))
        if cell.cell_type == "code" and before is not None:
            cell.outputs, cell.execution_count = before.outputs, before.execution_count
    new.metadata = old.metadata
    write_notebook(normalise(new), notebook)
    return notebook
