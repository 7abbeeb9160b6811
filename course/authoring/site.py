"""The course website (``make site`` → ``_site/``): a Jupyter Book 1 built offline from the executed notebooks.

Jupyter Book 1 is Sphinx with MyST-NB and the sphinx-book-theme, the tooling
of QuantEcon and the INRIA MOOC. Its pages come from the repository as it is:

1. :func:`stage_book` writes the book's sources into ``_build/book/`` with the
   repository's own layout -- ``notebooks/``, ``solutions/``, ``data/README.md``,
   ``INSTRUCTORS.md`` -- so relative links resolve as they do on GitHub, plus
   three generated pages: the home page with the course map (from
   ``syllabus.toml``), the glossary (from :mod:`course.glossary`) and the
   ``_toc.yml`` / ``_config.yml`` (navigation from ``syllabus.toml``);
2. :func:`build_site` runs ``jupyter-book build -W --keep-going`` from the site's
   own environment ``.venv-site`` (``requirements-site.txt``): every warning
   fails the build, and notebooks are **not** re-executed
   (``execute_notebooks: "off"``): the pages show the outputs the tests checked.

Nothing is loaded from a CDN: MathJax comes from npm (``web-assets/``, copied
into the site's ``mathjax/``), the theme's fonts and icons from its Python
package; thebe, comments and launch buttons are off. Search is Sphinx's own,
a JavaScript index that works from the file system.
"""

from __future__ import annotations

import html
import os
import re
import shutil
import subprocess
from pathlib import Path

import yaml

from course import REPO_ROOT
from course.glossary import TERMS
from course.plots import PALETTE
from course.syllabus import lessons

__all__ = [
    "SITE_DIR",
    "STAGE_DIR",
    "SITE_VENV",
    "WEB_ASSETS",
    "MATHJAX_FILES",
    "book_config",
    "book_toc",
    "index_page",
    "glossary_page",
    "reader_notebook",
    "plain_fences",
    "stage_book",
    "build_site",
]

#: Where ``make site`` writes the website.
SITE_DIR = REPO_ROOT / "_site"
#: Where the book's sources are staged.
STAGE_DIR = REPO_ROOT / "_build" / "book"
#: The environment holding Jupyter Book (``make site`` creates it from requirements-site.txt).
SITE_VENV = REPO_ROOT / ".venv-site"
#: The npm packages of the site and the slides (``npm ci`` in web-assets/).
WEB_ASSETS = REPO_ROOT / "web-assets" / "node_modules"
#: The parts of MathJax 3 (es5 build) the pages load: the TeX-to-HTML component, its fonts and the
#: extensions it loads on demand.
MATHJAX_FILES = ("tex-chtml.js", "output", "input", "ui", "a11y", "adaptors")

TITLE = "Customer tiering and key-account management · 客户分级分类管理"


def _ready():
    return [lesson for lesson in lessons() if lesson.ready]


def _doc(path: str) -> str:
    """A repository path as a Jupyter Book toc entry (no suffix)."""
    return str(Path(path).with_suffix(""))


def book_config() -> dict:
    """The book's ``_config.yml``."""
    return {
        "title": TITLE,
        "author": "the course's authors",
        "copyright": "2026",
        "only_build_toc_files": True,
        "exclude_patterns": ["_build", "**.ipynb_checkpoints"],
        "execute": {"execute_notebooks": "off"},
        "parse": {"myst_enable_extensions": ["dollarmath", "colon_fence", "deflist"]},
        "html": {
            "use_repository_button": False,
            "use_issues_button": False,
            "use_edit_page_button": False,
            "use_multitoc_numbering": False,
            "home_page_in_navbar": True,
            "comments": {"hypothesis": False, "utterances": False},
        },
        "launch_buttons": {"notebook_interface": "jupyterlab", "thebe": False},
        "sphinx": {
            "local_extensions": {"course_site": "_ext"},
            "config": {
                "language": "en",
                # MathJax goes to the site's root through html_extra_path: Jupyter Book would add every .js
                # file under a static path to every page; the path is relative to _static.
                "html_extra_path": ["_extra"],
                "mathjax_path": "../mathjax/tex-chtml.js",
                "html_show_copyright": False,
                "html_favicon": "_static/favicon.svg",
                "html_context": {"default_mode": "light"},
                "html_last_updated_fmt": None,
                "nb_execution_mode": "off",
                "nb_output_stderr": "show",
                "nb_merge_streams": True,
                "html_theme_options": {
                    "show_toc_level": 2,
                    "use_download_button": True,
                    "use_fullscreen_button": False,
                    "repository_url": "",
                    "use_repository_button": False,
                },
            },
        },
    }


def _nav_title(lesson) -> str:
    return f"{lesson.number} · {lesson.title} · {lesson.title_zh}"


def book_toc() -> dict:
    """The book's ``_toc.yml``: the home page, the lessons, the worked solutions, the reference pages."""
    ready = _ready()
    return {
        "format": "jb-book",
        "root": "index",
        "parts": [
            {
                "caption": "Lessons",
                "chapters": [{"file": _doc(lesson.notebook), "title": _nav_title(lesson)} for lesson in ready],
            },
            {
                "caption": "Worked solutions (self-study)",
                "chapters": [
                    {"file": _doc(lesson.solution), "title": f"{lesson.number} · Solutions: {lesson.title}"}
                    for lesson in ready
                    if lesson.solution
                ],
            },
            {
                "caption": "Reference",
                "chapters": [
                    {"file": "glossary"},
                    {"file": "data/README", "sections": [{"file": "data/cdnow/README"}]},
                    {"file": "INSTRUCTORS"},
                ],
            },
        ],
    }


def _link(path: str, text: str) -> str:
    return f"[{text}]({path})"


def index_page() -> str:
    """The home page: what the course is, the two commands and the course map (from ``syllabus.toml``)."""
    rows = [
        "| # | lesson | 中文 | minutes | after | worked solution |",
        "|---|---|---|---|---|---|",
    ]
    for lesson in lessons():
        after = ", ".join(lesson.prerequisites) or "—"
        if lesson.ready:
            title = _link(lesson.notebook, html.escape(lesson.title))
            solution = _link(lesson.solution, "solution") if lesson.solution else "—"
        else:
            title, solution = f"{html.escape(lesson.title)} *(in preparation)*", "—"
        rows.append(f"| {lesson.number} | {title} | {lesson.title_zh} | {lesson.minutes} | {after} | {solution} |")
    total = sum(lesson.minutes for lesson in lessons())
    return "\n".join(
        [
            f"# {TITLE}",
            "",
            "A hands-on course on how a company tells its strategic customers from its ordinary ones,",
            "scores and segments them (RFM, Pareto, clustering, lifecycle, lifetime value) and plans",
            "the relationship with its key accounts. Every lesson runs on the customer database of a",
            "fictional B2B company and, where published figures exist, on the real CDNOW purchase history.",
            "",
            "- **Trainees** follow a lesson here or in JupyterLab, then work its exercise notebook",
            "  (`exercises/` in the repository), whose checks say what is wrong and hint at the fix.",
            "- **Self-study readers** read the lessons in order, then compare their answers with the",
            "  worked solutions in the menu.",
            "- **Instructors** find agendas, discussion notes and grading in the [instructor guide](INSTRUCTORS.md).",
            "",
            "## Two commands",
            "",
            "From a clone of the repository, with Python 3.11 and `make`:",
            "",
            "```bash",
            "make lab     # JupyterLab on the course map, every folder in reach",
            "make test    # the whole test suite",
            "```",
            "",
            "## Course map",
            "",
            *rows,
            "",
            f"{len(lessons())} lessons, {total} minutes of teaching. Terms and their Chinese names are in the",
            "[glossary](glossary.md); the tables of the customer database in the [data dictionary](data/README.md).",
            "",
        ]
    )


def glossary_page() -> str:
    """The glossary page: every term of :mod:`course.glossary` with its Chinese name, by lesson."""
    by_lesson = {lesson.number: lesson for lesson in lessons()}
    lines = [
        "# Glossary · 术语表",
        "",
        "Every key term of the course with its Chinese name, grouped by the lesson that introduces it.",
        "The course's code reads the Chinese names from the same list (`course.glossary`), so tables,",
        "charts and this page always agree.",
        "",
    ]
    for number in sorted({term.lesson for term in TERMS}):
        lesson = by_lesson.get(number)
        if lesson is None:
            heading = f"Lesson {number}"
        elif lesson.ready:
            heading = f"Lesson {number}: [{lesson.title}]({lesson.notebook}) · {lesson.title_zh}"
        else:
            heading = f"Lesson {number}: {lesson.title} · {lesson.title_zh} (in preparation)"
        lines += [
            f"## {heading}",
            "",
            ":::{container} course-glossary",
            "",
            "| term | 中文 | meaning |",
            "|---|---|---|",
        ]
        for term in TERMS:
            if term.lesson == number:
                meaning = term.meaning.replace("|", "\\|")
                lines.append(f"| {term.en} | {term.zh} | {meaning} |")
        lines += ["", ":::", ""]
    return "\n".join(lines)


#: A small Sphinx extension of the course's book, staged as _ext/course_site.py.
SITE_EXTENSION = '''"""The course website's fixes to its pages' scripts (staged by course.authoring.site).

- Sphinx 7.4 lists some inline scripts twice (once per priority an extension gave them);
  ``const THEBE_JS_URL`` twice is a SyntaxError in the browser. Keep the first of each.
- thebe (live code on Binder) is off for this offline site: drop its scripts, whose inline
  configuration also names a CDN.
"""


def _tidy_scripts(app, pagename, templatename, context, doctree):
    seen, kept = set(), []
    for script in context.get("script_files", []):
        body = script.attributes.get("body", "")
        if "THEBE_JS_URL" in body or (script.filename or "").endswith("sphinx-thebe.js"):
            continue
        key = (script.filename, body)
        if key not in seen:
            seen.add(key)
            kept.append(script)
    context["script_files"] = kept


def setup(app):
    app.connect("html-page-context", _tidy_scripts, priority=900)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
'''

COURSE_CSS = """\
/* The course's look on the website: the article column holds an 800-px figure at its natural
   size in a 1440-px window (course.plots.DISPLAY_WIDTH_PX; the browser test measures it). */
.bd-page-width { max-width: 96rem; }
.bd-main .bd-content .bd-article-container { max-width: 62rem; }
.cell_output img { max-width: 100%; height: auto; }
.course-glossary td:nth-child(2) { white-space: nowrap; }
"""

#: Lines of a code cell that serve the tests or the exercise builder, not the reader.
TOOLING_LINES = (
    "# NBVAL_CHECK_OUTPUT",
    "# NBVAL_IGNORE_OUTPUT",
    "# NBVAL_SKIP",
    "### BEGIN SOLUTION",
    "### END SOLUTION",
)


def reader_notebook(path: Path):
    """The notebook as a reader sees it: outputs kept, tooling comments (:data:`TOOLING_LINES`) removed."""
    import nbformat

    nb = nbformat.read(str(path), as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "code":
            lines = cell.source.splitlines()
            cell.source = "\n".join(line for line in lines if line.strip() not in TOOLING_LINES)
    return nb


FAVICON = (
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64">\n'
    f'<rect width="64" height="64" rx="12" fill="{PALETTE["blue"]}"/>\n'
    f'<rect x="12" y="36" width="10" height="16" fill="{PALETTE["white"]}"/>'
    f'<rect x="27" y="24" width="10" height="28" fill="{PALETTE["white"]}"/>\n'
    f'<rect x="42" y="12" width="10" height="40" fill="{PALETTE["white"]}"/>\n'
    "</svg>\n"
)


_FENCE = re.compile(r"^(\s*```+)([\w+-]+)\s*$", re.MULTILINE)


def plain_fences(markdown: str) -> str:
    """``markdown`` with code fences in a language Pygments does not know (```csv) marked as plain text.

    Sphinx warns about an unknown lexer, and every warning fails the build.

    Examples
    --------
    >>> plain_fences("```csv\\na,b\\n```\\n```bash\\nmake\\n```")
    '```text\\na,b\\n```\\n```bash\\nmake\\n```'
    """
    from pygments.lexers import get_lexer_by_name
    from pygments.util import ClassNotFound

    def fence(match: re.Match) -> str:
        try:
            get_lexer_by_name(match.group(2))
        except ClassNotFound:
            return f"{match.group(1)}text"
        return match.group(0)

    return _FENCE.sub(fence, markdown)


def _copy(source: Path, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    if source.is_dir():
        shutil.copytree(source, target, dirs_exist_ok=True)
    else:
        shutil.copy2(source, target)


def stage_book(stage: Path = STAGE_DIR, *, assets: Path = WEB_ASSETS) -> Path:
    """Write the book's sources into ``stage`` (emptied first) and return it."""
    mathjax = assets / "mathjax" / "es5"
    if not (mathjax / "tex-chtml.js").exists():
        raise FileNotFoundError(
            f"MathJax is missing from {mathjax}. Run `make site` (it runs `npm ci` in web-assets/), "
            "or `npm ci --prefix web-assets`."
        )
    if stage.exists():
        shutil.rmtree(stage)
    stage.mkdir(parents=True)
    import nbformat

    for lesson in _ready():
        for path in (lesson.notebook, lesson.solution):
            if path:
                (stage / path).parent.mkdir(parents=True, exist_ok=True)
                nbformat.write(reader_notebook(REPO_ROOT / path), str(stage / path))
    for path in ("data/README.md", "data/cdnow/README.md", "INSTRUCTORS.md"):
        (stage / path).parent.mkdir(parents=True, exist_ok=True)
        (stage / path).write_text(plain_fences((REPO_ROOT / path).read_text(encoding="utf-8")), encoding="utf-8")
    (stage / "index.md").write_text(index_page(), encoding="utf-8")
    (stage / "glossary.md").write_text(glossary_page(), encoding="utf-8")
    (stage / "_config.yml").write_text(yaml.safe_dump(book_config(), allow_unicode=True, sort_keys=False), "utf-8")
    (stage / "_toc.yml").write_text(yaml.safe_dump(book_toc(), allow_unicode=True, sort_keys=False), "utf-8")
    (stage / "_ext").mkdir()
    (stage / "_ext" / "course_site.py").write_text(SITE_EXTENSION, encoding="utf-8")
    static = stage / "_static"
    static.mkdir()
    (static / "course.css").write_text(COURSE_CSS, encoding="utf-8")
    (static / "favicon.svg").write_text(FAVICON, encoding="utf-8")
    for name in MATHJAX_FILES:
        if (mathjax / name).exists():
            _copy(mathjax / name, stage / "_extra" / "mathjax" / name)
    return stage


def build_site(
    out: Path = SITE_DIR,
    *,
    stage: Path = STAGE_DIR,
    jupyter_book: Path | None = None,
    assets: Path = WEB_ASSETS,
) -> Path:
    """Stage the book, build it with ``jupyter-book build -W --keep-going`` and copy the HTML to ``out``.

    Raises
    ------
    FileNotFoundError
        When ``jupyter-book`` is not installed (run ``make site``, which creates ``.venv-site``).
    subprocess.CalledProcessError
        When the build fails; Sphinx has printed every warning, each of which fails it.
    """
    program = Path(jupyter_book) if jupyter_book else SITE_VENV / "bin" / "jupyter-book"
    if not program.exists():
        raise FileNotFoundError(
            f"{program} is not installed. `make site` creates {SITE_VENV.name} from requirements-site.txt."
        )
    stage_book(stage, assets=assets)
    build = stage.parent / "book-html"
    if build.exists():
        shutil.rmtree(build)
    env = {**os.environ, "PYDEVD_DISABLE_FILE_VALIDATION": "1"}
    subprocess.run(
        [str(program), "build", str(stage), "--path-output", str(build), "--builder", "html", "-W", "--keep-going"],
        check=True,
        env=env,
    )
    if out.exists():
        shutil.rmtree(out)
    shutil.copytree(build / "_build" / "html", out)
    (out / ".nojekyll").touch()
    return out
