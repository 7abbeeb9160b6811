"""Slides of every lesson (``make slides`` → ``_slides/``): reveal.js decks that work offline.

Each ready lesson is exported with nbconvert's ``SlidesExporter`` and the
course's template (``templates/course_reveal``): reveal.js, require.js and
MathJax 3 come from npm (``web-assets/``) and are copied next to the decks, so
a deck opens from a USB stick in a room without internet. The outputs are the
stored ones (nothing is executed) and the tooling comments of the code cells
are dropped, as on the website.

The Chinese edition (中文版) gets its own decks, from the Chinese notebooks of
``zh/notebooks/``, in ``_slides/zh/`` beside the English ones in ``_slides/``;
they share the libraries in ``_slides/assets/``, and the index of each edition
links to the other. A lesson the syllabus lists whose Chinese notebook is
missing stops the export, naming the file.

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
from course.authoring.site import EDITIONS, WEB_ASSETS, edition_of, reader_notebook
from course.syllabus import lessons

__all__ = [
    "SLIDES_DIR",
    "TEMPLATE_DIR",
    "SLIDE_TYPES",
    "slide_type",
    "has_slide_marks",
    "mark_by_headings",
    "deck_language",
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


def _exporter(lang: str = "en"):
    from nbconvert import SlidesExporter  # imported here: only this command needs it

    up = "../" if EDITIONS[lang].subdir else ""
    return SlidesExporter(
        template_name="course_reveal",
        extra_template_basedirs=[str(TEMPLATE_DIR)],
        reveal_url_prefix=f"{up}assets/reveal.js",
        require_js_url=f"{up}assets/require.js",
        reveal_theme="white",
        reveal_transition="none",
        reveal_width="1024",
        reveal_height="768",
        exclude_input_prompt=True,
        exclude_output_prompt=True,
        language_code=EDITIONS[lang].lang,  # <html lang>; nbconvert takes only ISO 639-1 codes
    )


def deck_language(path: str | Path, *, root: Path = REPO_ROOT) -> str:
    """The edition a lesson notebook belongs to: ``"zh"`` under ``zh/``, else ``"en"``.

    Examples
    --------
    >>> deck_language(REPO_ROOT / "zh" / "notebooks" / "03_rfm.ipynb"), deck_language("notebooks/03_rfm.ipynb")
    ('zh', 'en')
    """
    path = Path(path)
    path = (path if path.is_absolute() else root / path).resolve()
    return "zh" if path.is_relative_to((root / EDITIONS["zh"].subdir).resolve()) else "en"


def _lesson_notebooks(lang: str) -> list[Path]:
    """The ready lessons of the edition ``lang``; an error naming those its folder lacks."""
    folder = REPO_ROOT / edition_of(lang).source
    paths = [folder / lesson.notebook for lesson in lessons() if lesson.ready]
    missing = [str(path.relative_to(REPO_ROOT)) for path in paths if not path.exists()]
    if missing:
        raise FileNotFoundError(
            f"the {lang} slides need {len(missing)} lesson notebook(s) the syllabus lists: {', '.join(missing)}. "
            "Generate the Chinese ones with `python -m course translations generate`."
        )
    return paths


def export_slides(
    notebooks: list[str | Path] | None = None,
    out: Path = SLIDES_DIR,
    *,
    assets: Path = WEB_ASSETS,
    languages: tuple[str, ...] = tuple(EDITIONS),
) -> list[Path]:
    """Export lessons to reveal.js decks with an index per edition; return the decks written.

    Parameters
    ----------
    notebooks : paths, optional
        Lesson notebooks to export; one under ``zh/`` is a Chinese deck (default: every ready lesson
        of the syllabus in each of ``languages``).
    out : Path
        Folder of the English decks (``out/<notebook>.slides.html``); the Chinese ones go to ``out/zh/``,
        the libraries to ``out/assets/``.
    languages : tuple of str
        The editions exported when ``notebooks`` is not given.

    Raises
    ------
    FileNotFoundError
        When the libraries are not installed, or a lesson's Chinese notebook is missing.
    """
    if notebooks:
        paths = [Path(p) for p in notebooks]
    else:
        paths = [path for lang in languages for path in _lesson_notebooks(lang)]
    out.mkdir(parents=True, exist_ok=True)
    _copy_assets(out, assets)
    exporters = {}
    ready = {Path(lesson.notebook).name: lesson for lesson in lessons() if lesson.ready}
    decks = []
    for path in paths:
        lang = deck_language(path)
        if lang not in exporters:
            exporters[lang] = _exporter(lang)
        nb = reader_notebook(path)
        if not has_slide_marks(nb):
            mark_by_headings(nb)
        lesson = ready.get(path.name)
        footer = _deck_title(lesson, lang) if lesson else path.stem
        body, _ = exporters[lang].from_notebook_node(
            nb,
            resources={
                "course_assets": f"{'../' if EDITIONS[lang].subdir else ''}assets",
                "course_footer": footer,
                "metadata": {"name": footer},
            },
        )
        folder = out / EDITIONS[lang].subdir
        folder.mkdir(parents=True, exist_ok=True)
        deck = folder / f"{path.stem}.slides.html"
        deck.write_text(body, encoding="utf-8")
        decks.append(deck)
    for lang in EDITIONS:
        if (out / EDITIONS[lang].subdir).is_dir():
            _write_index(out / EDITIONS[lang].subdir, lang)
    return decks


def _deck_title(lesson, lang: str) -> str:
    if lang == "zh":
        return f"第 {lesson.number} 课 · {lesson.title_zh}"
    return f"{lesson.number} · {lesson.title} · {lesson.title_zh}"


#: The words of each edition's index page.
_INDEX_TEXT = {
    "en": {
        "title": "Slides · 课件",
        "heading": "Customer tiering and key-account management · slides",
        "help": "One deck per lesson; arrows or space to move, <kbd>S</kbd> for the speaker view, "
        "<kbd>Esc</kbd> for the overview. Everything is in this folder: it works offline.",
        "other": '<p lang="zh-CN"><a href="zh/index.html" hreflang="zh-CN">中文课件</a></p>',
    },
    "zh": {
        "title": "课件 · Slides",
        "heading": "客户分级分类管理 · 课件",
        "help": "每课一套课件：方向键或空格翻页，<kbd>S</kbd> 打开演讲者视图，<kbd>Esc</kbd> 查看全部幻灯片。"
        "所需文件都在本文件夹中，无需联网。",
        "other": '<p lang="en"><a href="../index.html" hreflang="en">Slides in English</a></p>',
    },
}


def _write_index(folder: Path, lang: str) -> None:
    by_name = {Path(lesson.notebook).stem: lesson for lesson in lessons()}
    items = []
    for deck in sorted(folder.glob("*.slides.html")):
        lesson = by_name.get(deck.name.removesuffix(".slides.html"))
        text = _deck_title(lesson, lang) if lesson else deck.stem
        items.append(f'<li><a href="{html.escape(deck.name)}">{html.escape(text)}</a></li>')
    words = _INDEX_TEXT[lang]
    (folder / "index.html").write_text(
        f"<!doctype html><html lang='{EDITIONS[lang].hreflang}'><meta charset='utf-8'><title>{words['title']}</title>"
        "<style>body{font-family:sans-serif;max-width:44rem;margin:3rem auto;line-height:1.6}</style>"
        f"<h1>{words['heading']}</h1><p>{words['help']}</p>"
        f"<ul>{''.join(items)}</ul>{words['other']}</html>\n",
        encoding="utf-8",
    )
