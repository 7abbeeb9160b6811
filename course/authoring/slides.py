"""Slides of every lesson (``make slides`` → ``_slides/``): reveal.js decks that work offline.

Each ready lesson is exported with nbconvert's ``SlidesExporter`` and the
course's template (``templates/course_reveal``): reveal.js, require.js and
MathJax 3 come from npm (``web-assets/``) and are copied next to the decks, so
a deck opens from a USB stick in a room without internet. The outputs are the
stored ones (nothing is executed) and the tooling comments of the code cells
are dropped, as on the website.

Which cells make a slide is the lesson's choice, in each cell's
``slideshow.slide_type`` metadata (JupyterLab: the property inspector;
``jupyterlab-rise`` presents the same marks live): ``slide``, ``subslide``,
``fragment``, ``skip`` or ``notes``. A lesson with no mark at all is cut by its
headings instead (:func:`mark_by_headings`: ``#``/``##`` start a slide, ``###``
a sub-slide), so every lesson has a usable deck from its first commit.

An instructor can also present live from JupyterLab with RISE
(``jupyterlab-rise``), on the same marks.
"""

from __future__ import annotations

import html
import shutil
from pathlib import Path

from course import REPO_ROOT
from course.authoring.site import WEB_ASSETS, reader_notebook
from course.syllabus import lessons

__all__ = [
    "SLIDES_DIR",
    "TEMPLATE_DIR",
    "SLIDE_TYPES",
    "slide_type",
    "has_slide_marks",
    "mark_by_headings",
    "export_slides",
]

#: Where ``make slides`` writes the decks.
SLIDES_DIR = REPO_ROOT / "_slides"
#: The course's nbconvert templates.
TEMPLATE_DIR = Path(__file__).with_name("templates")
#: The slide types reveal.js knows ("-" continues the current slide).
SLIDE_TYPES = ("slide", "subslide", "fragment", "skip", "notes", "-")
#: What is copied next to the decks, from web-assets/node_modules.
ASSETS = {
    "reveal.js/dist": "reveal.js/dist",
    "reveal.js/plugin/notes": "reveal.js/plugin/notes",
    "requirejs/require.js": "require.js",
    "mathjax/es5/tex-chtml.js": "mathjax/tex-chtml.js",
    "mathjax/es5/output/chtml": "mathjax/output/chtml",
    "mathjax/es5/input/tex/extensions": "mathjax/input/tex/extensions",
    "mathjax/es5/ui": "mathjax/ui",
    "mathjax/es5/a11y": "mathjax/a11y",
    "mathjax/es5/adaptors": "mathjax/adaptors",
}


def slide_type(cell) -> str:
    """A cell's slide type ("-" when it has none)."""
    return cell.get("metadata", {}).get("slideshow", {}).get("slide_type", "-")


def has_slide_marks(nb) -> bool:
    """Whether any cell of ``nb`` says what kind of slide it is."""
    return any(slide_type(cell) != "-" for cell in nb.cells)


def mark_by_headings(nb):
    """Mark ``nb``'s slides by its headings (in place; returned): ``#``/``##`` → slide, ``###`` → sub-slide.

    A markdown cell with a heading below its first line is split there first,
    so the prose above the heading stays on the previous slide.
    """
    import nbformat

    cells = []
    for cell in nb.cells:
        if cell.cell_type != "markdown":
            cells.append(cell)
            continue
        part: list[str] = []
        for line in cell.source.splitlines():
            if line.startswith(("# ", "## ", "### ")) and part and any(p.strip() for p in part):
                cells.append(nbformat.v4.new_markdown_cell("\n".join(part).strip("\n")))
                part = []
            part.append(line)
        cells.append(nbformat.v4.new_markdown_cell("\n".join(part).strip("\n"), metadata=cell.metadata))
    for cell in cells:
        kind = "-"
        if cell.cell_type == "markdown":
            first = cell.source.lstrip().split("\n", 1)[0]
            if first.startswith(("# ", "## ")):
                kind = "slide"
            elif first.startswith("### "):
                kind = "subslide"
        cell.metadata["slideshow"] = {"slide_type": kind}
    nb.cells = cells
    return nb


def _copy_assets(out: Path, assets: Path) -> None:
    missing = [source for source in ASSETS if not (assets / source).exists()]
    if missing:
        raise FileNotFoundError(
            f"{', '.join(missing)} missing from {assets}. Run `make slides` (it runs `npm ci` in web-assets/)."
        )
    for source, target in ASSETS.items():
        destination = out / "assets" / target
        destination.parent.mkdir(parents=True, exist_ok=True)
        if (assets / source).is_dir():
            shutil.copytree(assets / source, destination, dirs_exist_ok=True)
        else:
            shutil.copy2(assets / source, destination)


def _exporter():
    from nbconvert import SlidesExporter  # imported here: only this command needs it

    return SlidesExporter(
        template_name="course_reveal",
        extra_template_basedirs=[str(TEMPLATE_DIR)],
        reveal_url_prefix="assets/reveal.js",
        require_js_url="assets/require.js",
        reveal_theme="white",
        reveal_transition="none",
        reveal_width="1024",
        reveal_height="768",
        exclude_input_prompt=True,
        exclude_output_prompt=True,
    )


def export_slides(
    notebooks: list[str | Path] | None = None, out: Path = SLIDES_DIR, *, assets: Path = WEB_ASSETS
) -> list[Path]:
    """Export lessons to ``out/<notebook>.slides.html`` with an index; return the decks written.

    Parameters
    ----------
    notebooks : paths, optional
        Lesson notebooks to export (default: every ready lesson of the syllabus).
    out : Path
        Folder of the decks; the libraries go to ``out/assets/``.
    """
    ready = {Path(lesson.notebook).name: lesson for lesson in lessons() if lesson.ready}
    paths = [Path(p) for p in notebooks] if notebooks else [REPO_ROOT / lesson.notebook for lesson in ready.values()]
    out.mkdir(parents=True, exist_ok=True)
    _copy_assets(out, assets)
    exporter = _exporter()
    decks = []
    for path in paths:
        nb = reader_notebook(path)
        if not has_slide_marks(nb):
            mark_by_headings(nb)
        lesson = ready.get(path.name)
        footer = f"{lesson.number} · {lesson.title} · {lesson.title_zh}" if lesson else path.stem
        body, _ = exporter.from_notebook_node(
            nb, resources={"course_assets": "assets", "course_footer": footer, "metadata": {"name": footer}}
        )
        deck = out / f"{path.stem}.slides.html"
        deck.write_text(body, encoding="utf-8")
        decks.append(deck)
    _write_index(out, decks)
    return decks


def _write_index(out: Path, decks: list[Path]) -> None:
    by_name = {Path(lesson.notebook).stem: lesson for lesson in lessons()}
    items = []
    for deck in sorted(out.glob("*.slides.html")):
        lesson = by_name.get(deck.name.removesuffix(".slides.html"))
        text = f"{lesson.number} · {lesson.title} · {lesson.title_zh}" if lesson else deck.stem
        items.append(f'<li><a href="{html.escape(deck.name)}">{html.escape(text)}</a></li>')
    (out / "index.html").write_text(
        "<!doctype html><html lang='en'><meta charset='utf-8'><title>Slides · 课件</title>"
        "<style>body{font-family:sans-serif;max-width:44rem;margin:3rem auto;line-height:1.6}</style>"
        "<h1>Customer tiering and key-account management · slides</h1>"
        "<p>One deck per lesson; arrows or space to move, <kbd>S</kbd> for the speaker view, "
        "<kbd>Esc</kbd> for the overview. Everything is in this folder: it works offline.</p>"
        f"<ul>{''.join(items)}</ul></html>\n",
        encoding="utf-8",
    )
