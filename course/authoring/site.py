"""The course website (``make site`` → ``_site/``): a Jupyter Book 1 built offline from the executed notebooks.

Jupyter Book 1 is Sphinx with MyST-NB and the sphinx-book-theme, the tooling
of QuantEcon and the INRIA MOOC. The site has two editions, each a book of
its own: the English one in ``_site/`` and the Chinese one (中文版) in
``_site/zh/`` (:data:`EDITIONS`). Their pages come from the repository as it is:

1. :func:`stage_book` writes an edition's sources into ``_build/book/`` (the
   Chinese: ``_build/book-zh/``) with the repository's own layout --
   ``notebooks/``, ``solutions/`` (the Chinese notebooks come from ``zh/``,
   which mirrors them), for the English edition ``data/README.md`` and
   ``INSTRUCTORS.md``, for the Chinese one ``INSTRUCTORS.zh-CN.md`` -- so
   relative links resolve as they do on GitHub (a link to the other edition
   becomes a link to its site: :func:`edition_links`), plus
   generated pages: the home page with the course map (from ``syllabus.toml``),
   the glossary (from :mod:`course.glossary`) and the ``_toc.yml`` /
   ``_config.yml`` (navigation from ``syllabus.toml``), in the edition's language;
2. :func:`build_site` runs ``jupyter-book build -W --keep-going`` for both
   editions side by side, from the site's own environment ``.venv-site``
   (``requirements-site.txt``): every warning fails the build, and notebooks
   are **not** re-executed (``execute_notebooks: "off"``): the pages show the
   outputs the tests checked. A Chinese notebook the syllabus lists but ``zh/``
   lacks stops the build before it starts, naming the files.

Every page has a language switch to the same page in the other edition, and
the Chinese edition's search splits Chinese into words (both in
:mod:`course.authoring.site_sphinx`, the book's Sphinx extension).

Nothing is loaded from a CDN: MathJax comes from npm (``web-assets/``, copied
into each edition's ``mathjax/``), the theme's fonts and icons from its Python
package, Chinese text uses the reader's own CJK fonts; thebe, comments and
launch buttons are off. Search is Sphinx's own, a JavaScript index that works
from the file system.
"""

from __future__ import annotations

import contextlib
import html
import os
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

import yaml

from course import REPO_ROOT
from course.glossary import TERMS
from course.plots import PALETTE
from course.syllabus import lessons
from course.validation import CourseInputError

__all__ = [
    "SITE_DIR",
    "STAGE_DIR",
    "SITE_VENV",
    "WEB_ASSETS",
    "MATHJAX_FILES",
    "Edition",
    "EDITIONS",
    "edition_of",
    "book_config",
    "book_toc",
    "book_pages",
    "index_page",
    "glossary_page",
    "search_dictionary",
    "missing_notebooks",
    "reader_notebook",
    "edition_links",
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
TITLE_ZH = "客户分级分类管理 · 中文版"


@dataclass(frozen=True)
class Edition:
    """One language edition of the website.

    Attributes
    ----------
    lang : str
        The course's language code (``"en"``, ``"zh"``), as in ``course.plots``' ``lang``.
    sphinx_language : str
        Sphinx's ``language`` (its own words -- "Search", "Next" -- and the search's language).
    hreflang : str
        The language as HTML names it (``<html lang>``, ``hreflang``).
    subdir : str
        Where in the site the edition lives (``""``: the root; ``"zh"``: ``_site/zh/``).
    source : str
        The folder of its notebooks, relative to the repository (``""`` or ``"zh"``, which mirrors it).
    switch_label : str
        The language switch's text on the *other* edition's pages, leading here.
    switch_title : str
        The switch's tooltip.

    Examples
    --------
    >>> zh = EDITIONS["zh"]
    >>> zh.out(Path("_site")).as_posix(), zh.stage(Path("_build/book")).as_posix(), zh.sphinx_language
    ('_site/zh', '_build/book-zh', 'zh_CN')
    """

    lang: str
    sphinx_language: str
    hreflang: str
    subdir: str
    source: str
    switch_label: str
    switch_title: str

    def stage(self, base: Path = STAGE_DIR) -> Path:
        """Where this edition's sources are staged (``_build/book``, ``_build/book-zh``)."""
        return base if not self.subdir else base.with_name(f"{base.name}-{self.lang}")

    def out(self, site: Path = SITE_DIR) -> Path:
        """Where this edition's HTML goes in the site."""
        return site / self.subdir if self.subdir else site


#: The website's editions: English at the root, Chinese in ``zh/``.
EDITIONS = {
    "en": Edition("en", "en", "en", "", "", "English", "Read this page in English"),
    "zh": Edition("zh", "zh_CN", "zh-CN", "zh", "zh", "中文", "阅读本页的中文版"),
}


def edition_of(lang: str) -> Edition:
    """The edition of language ``lang``; a :class:`CourseInputError` naming the editions otherwise.

    Examples
    --------
    >>> edition_of("zh").subdir
    'zh'
    >>> edition_of("fr")
    Traceback (most recent call last):
    ...
    course.validation.CourseInputError: the website has no edition lang='fr': use one of en, zh.
    """
    if lang not in EDITIONS:
        raise CourseInputError(f"the website has no edition lang={lang!r}: use one of {', '.join(EDITIONS)}.")
    return EDITIONS[lang]


def _other(lang: str) -> Edition:
    edition_of(lang)
    return next(edition for code, edition in EDITIONS.items() if code != lang)


def _root_to(source: Edition, target: Edition) -> str:
    """The relative path from ``source``'s root to ``target``'s root (``"zh/"``, ``"../"``)."""
    up = "../" if source.subdir else ""
    return f"{up}{target.subdir}/" if target.subdir else up


def _ready():
    return [lesson for lesson in lessons() if lesson.ready]


def _doc(path: str) -> str:
    """A repository path as a Jupyter Book toc entry (no suffix)."""
    return str(Path(path).with_suffix(""))


#: The article header: the theme's buttons, the language switch before them.
_HEADER_END = ["course-language-switch.html", "article-header-buttons.html"]


def book_config(lang: str = "en") -> dict:
    """The ``_config.yml`` of the edition ``lang``."""
    edition = edition_of(lang)
    zh = lang == "zh"
    other = _other(lang)
    return {
        "title": TITLE_ZH if zh else TITLE,
        "author": "本课程作者" if zh else "the course's authors",
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
                "language": edition.sphinx_language,
                # MathJax goes to the site's root through html_extra_path: Jupyter Book would add every .js
                # file under a static path to every page; the path is relative to _static.
                "html_extra_path": ["_extra"],
                "mathjax_path": "../mathjax/tex-chtml.js",
                "html_show_copyright": False,
                "html_favicon": "_static/favicon.svg",
                "html_context": {"default_mode": "light"},
                "html_last_updated_fmt": None,
                "templates_path": ["_templates"],
                "nb_execution_mode": "off",
                "nb_output_stderr": "show",
                "nb_merge_streams": True,
                "html_theme_options": {
                    "show_toc_level": 2,
                    "use_download_button": True,
                    "use_fullscreen_button": False,
                    "repository_url": "",
                    "use_repository_button": False,
                    "article_header_end": _HEADER_END,
                    **({"search_bar_text": "搜索本书…"} if zh else {}),
                },
                # read by site_sphinx: every page links to its twin in the other edition
                "course_language_switch": {
                    "root": _root_to(edition, other),
                    "pages": sorted(book_pages(other.lang)),
                    "label": other.switch_label,
                    "title": other.switch_title,
                    "hreflang": other.hreflang,
                },
                # the glossary's Chinese terms as jieba's user dictionary (written by stage_book)
                **({"html_search_options": {"dict": SEARCH_DICTIONARY}} if zh else {}),
            },
        },
    }


#: The Chinese search's user dictionary, in the Chinese book's stage (its absolute path is set by stage_book).
SEARCH_DICTIONARY = "_search_dictionary.txt"


def _nav_title(lesson, lang: str) -> str:
    if lang == "zh":
        return f"{lesson.number} · {lesson.title_zh}"
    return f"{lesson.number} · {lesson.title} · {lesson.title_zh}"


def _reference_pages(lang: str) -> list[dict]:
    if lang == "zh":
        return [{"file": "glossary"}, {"file": "INSTRUCTORS"}]
    return [
        {"file": "glossary"},
        {"file": "data/README", "sections": [{"file": "data/cdnow/README"}]},
        {"file": "INSTRUCTORS"},
    ]


def book_toc(lang: str = "en") -> dict:
    """The ``_toc.yml`` of the edition ``lang``: home page, lessons, worked solutions, reference pages."""
    edition_of(lang)
    ready = _ready()
    zh = lang == "zh"
    solution_title = "{n} · 参考答案：{t}" if zh else "{n} · Solutions: {t}"
    return {
        "format": "jb-book",
        "root": "index",
        "parts": [
            {
                "caption": "课程" if zh else "Lessons",
                "chapters": [{"file": _doc(lesson.notebook), "title": _nav_title(lesson, lang)} for lesson in ready],
            },
            {
                "caption": "参考答案（自学）" if zh else "Worked solutions (self-study)",
                "chapters": [
                    {
                        "file": _doc(lesson.solution),
                        "title": solution_title.format(n=lesson.number, t=lesson.title_zh if zh else lesson.title),
                    }
                    for lesson in ready
                    if lesson.solution
                ],
            },
            {"caption": "参考资料" if zh else "Reference", "chapters": _reference_pages(lang)},
        ],
    }


def book_pages(lang: str = "en") -> set[str]:
    """Every page (Sphinx docname) of the edition ``lang``, from its toc, with Sphinx's search page."""

    def walk(entries):
        for entry in entries:
            yield entry["file"]
            yield from walk(entry.get("sections", []))

    toc = book_toc(lang)
    pages = {toc["root"], "search", "genindex"}
    for part in toc["parts"]:
        pages.update(walk(part["chapters"]))
    return pages


def _link(path: str, text: str) -> str:
    return f"[{text}]({path})"


#: The course map's words per edition: its header, the joiner of prerequisites, a solution's link, a lesson to come.
_MAP_WORDS = {
    "en": ("| # | lesson | 中文 | minutes | after | worked solution |", ", ", "solution", " *(in preparation)*"),
    "zh": ("| 课 | 课程 | English | 时长（分钟） | 先修 | 参考答案 |", "、", "参考答案", "（准备中）"),
}


def _course_map_rows(lang: str) -> list[str]:
    """The course map of the home page, a Markdown table: each lesson titled in ``lang``, then in the other."""
    header, joiner, solution_link, to_come = _MAP_WORDS[lang]
    rows = [header, "|---|---|---|---|---|---|"]
    for lesson in lessons():
        own, other = (lesson.title_zh, lesson.title) if lang == "zh" else (lesson.title, lesson.title_zh)
        after = joiner.join(lesson.prerequisites) or "—"
        if lesson.ready:
            title = _link(lesson.notebook, html.escape(own))
            solution = _link(lesson.solution, solution_link) if lesson.solution else "—"
        else:
            title, solution = f"{html.escape(own)}{to_come}", "—"
        rows.append(f"| {lesson.number} | {title} | {other} | {lesson.minutes} | {after} | {solution} |")
    return rows


def index_page(lang: str = "en") -> str:
    """The home page of the edition ``lang``: what the course is, the two commands, the course map."""
    if edition_of(lang).lang == "zh":
        return _index_page_zh()
    rows = _course_map_rows("en")
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


def _english_page(path: str, text: str) -> str:
    """A link from the Chinese edition's root to an English-only page (raw HTML: it is outside the book)."""
    return f'<a href="../{path}" hreflang="en">{text}</a>'


def _index_page_zh() -> str:
    rows = _course_map_rows("zh")
    total = sum(lesson.minutes for lesson in lessons())
    return "\n".join(
        [
            f"# {TITLE_ZH}",
            "",
            # a Chinese paragraph is one line: Markdown turns a line break into a space
            "一门动手实践的课程：企业如何把战略客户与普通客户区分开，如何为客户打分、做客户细分"
            "（RFM、二八法则、聚类分群、客户生命周期、客户终身价值），以及如何经营与大客户的关系。"
            "每一课都在一家虚构 B2B 企业的客户数据库上进行；有公开结果可对照的地方，也使用真实的 CDNOW 购买记录。",
            "",
            "- **学员**：在本站或 JupyterLab 中学习一课，再完成这一课的练习笔记本（仓库中的 `zh/exercises/`），"
            "检查会指出哪里不对，并提示如何改正。",
            "- **自学读者**：按顺序学习各课，再与左侧目录中的参考答案对照。",
            "- **讲师**：授课安排、讨论要点与评分方法见[讲师指南](INSTRUCTORS.md)。",
            "",
            "## 两条命令",
            "",
            "在仓库的克隆中（需要 Python 3.11 和 `make`）：",
            "",
            "```bash",
            "make lab-zh  # 在中文界面的 JupyterLab 中打开中文课程导览，所有文件夹都可访问",
            "make test    # 运行全部测试",
            "```",
            "",
            "中文版的笔记本在 `zh/` 文件夹中，课程导览是 `zh/notebooks/00_course_map.ipynb`。",
            "",
            "## 课程地图",
            "",
            *rows,
            "",
            f"共 {len(lessons())} 课，授课时间 {total} 分钟。各课的术语及其英文原名见[术语表](glossary.md)；"
            f"客户数据库各表的说明见{_english_page('data/README.html', '数据字典（英文）')}。",
            "",
        ]
    )


def _glossary_heading(number: str, lesson, zh: bool) -> str:
    """A lesson's heading on the glossary page: its number, then its title linked (the English one also in Chinese)."""
    label, joiner, to_come = ("第 {} 课", "：", "（准备中）") if zh else ("Lesson {}", ": ", " (in preparation)")
    if lesson is None:
        return label.format(number)
    title = lesson.title_zh if zh else lesson.title
    shown = f"[{title}]({lesson.notebook})" if lesson.ready else title
    also = "" if zh else f" · {lesson.title_zh}"
    return f"{label.format(number)}{joiner}{shown}{also}{'' if lesson.ready else to_come}"


def glossary_page(lang: str = "en") -> str:
    """The glossary page: every term of :mod:`course.glossary` with its Chinese name, by lesson."""
    by_lesson = {lesson.number: lesson for lesson in lessons()}
    zh = edition_of(lang).lang == "zh"
    if zh:
        lines = [
            "# 术语表 · Glossary",
            "",
            "课程的每个关键术语及其英文原名，按首次介绍它的课分组。课程代码中的中文名称（表格、图表）"
            "都来自同一份术语表（`course.glossary`），所以表格、图表与本页始终一致。释义目前只有英文。",
            "",
        ]
    else:
        lines = [
            "# Glossary · 术语表",
            "",
            "Every key term of the course with its Chinese name, grouped by the lesson that introduces it.",
            "The course's code reads the Chinese names from the same list (`course.glossary`), so tables,",
            "charts and this page always agree.",
            "",
        ]
    for number in sorted({term.lesson for term in TERMS}):
        heading = _glossary_heading(number, by_lesson.get(number), zh)
        header = ["| 中文 | English | 释义（英文） |"] if zh else ["| term | 中文 | meaning |"]
        lines += [f"## {heading}", "", ":::{container} course-glossary", "", *header, "|---|---|---|"]
        for term in TERMS:
            if term.lesson == number:
                meaning = term.meaning.replace("|", "\\|")
                lines.append(
                    f"| {term.zh} | {term.en} | {meaning} |" if zh else f"| {term.en} | {term.zh} | {meaning} |"
                )
        lines += ["", ":::", ""]
    return "\n".join(lines)


_HAN_RUN = re.compile(r"[\u3400-\u9fff]{2,}")


def search_dictionary() -> str:
    """jieba's user dictionary for the Chinese search: every run of Chinese characters in a glossary term.

    One word a line (jieba then gives each a frequency that keeps it whole), so
    that 铁三角 and 从线索到回款 are words of the index, not only 三角 and 线索.

    Examples
    --------
    >>> words = search_dictionary().splitlines()
    >>> "铁三角" in words and "从线索到回款" in words and "战略客户" in words
    True
    """
    names = [term.zh for term in TERMS] + [lesson.title_zh for lesson in lessons()]
    words = dict.fromkeys(word for name in names for word in _HAN_RUN.findall(name))
    return "".join(f"{word}\n" for word in words)


#: The Sphinx extension of both books (staged as ``_ext/course_site.py``).
SITE_EXTENSION = Path(__file__).with_name("site_sphinx.py")

#: The language switch in the article header (site_sphinx puts ``course_switch`` into the page's context).
LANGUAGE_SWITCH_TEMPLATE = """\
{%- if course_switch %}
<a class="btn btn-sm course-language-switch" href="{{ course_switch.href }}" hreflang="{{ course_switch.hreflang }}" \
lang="{{ course_switch.hreflang }}" title="{{ course_switch.title }}">{{ course_switch.label }}</a>
{%- endif %}
"""

COURSE_CSS = """\
/* The course's look on the website: the article column holds an 800-px figure at its natural
   size in a 1440-px window (course.plots.DISPLAY_WIDTH_PX; the browser test measures it). */
.bd-page-width { max-width: 96rem; }
.bd-main .bd-content .bd-article-container { max-width: 62rem; }
.cell_output img { max-width: 100%; height: auto; }
html:not([lang^="zh"]) .course-glossary td:nth-child(2) { white-space: nowrap; }
/* the language switch sits in a row with the theme's header buttons */
.header-article-items__end { display: flex; align-items: center; gap: 0.25rem; }
.course-language-switch { font-size: 0.9rem; font-weight: 600; white-space: nowrap; }
/* Chinese pages: the reader's own Simplified-Chinese fonts (nothing is downloaded). */
html[lang^="zh"] {
  --pst-font-family-base: system-ui, -apple-system, "Segoe UI", "Noto Sans CJK SC", "Source Han Sans SC",
    "PingFang SC", "Microsoft YaHei", "WenQuanYi Micro Hei", sans-serif;
  --pst-font-family-heading: var(--pst-font-family-base);
}
html[lang^="zh"] .course-glossary td:nth-child(1) { white-space: nowrap; }
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


#: The pages of the repository whose edition is not told by a ``zh/`` folder, and where they are on the site.
_SITE_PAGES = {"INSTRUCTORS.zh-CN.md": "zh/INSTRUCTORS.html"}

_MARKDOWN_LINK = re.compile(r"\[([^\]]+)\]\(([^)\s:#]+\.(?:ipynb|md))\)")


def _edition_of_path(repo_path: str) -> str:
    return "zh" if repo_path.startswith("zh/") or repo_path in _SITE_PAGES else "en"


def _site_path(repo_path: str) -> str:
    return _SITE_PAGES.get(repo_path, os.path.splitext(repo_path)[0] + ".html")


def edition_links(markdown: str, page: str) -> str:
    """``markdown`` of the repository page ``page`` with its links to the other edition as links between the sites.

    On GitHub and in JupyterLab the two editions are folders of one repository
    (``notebooks/``, ``zh/notebooks/``); on the website they are two books, and
    Sphinx resolves a link only within its own book. A link that crosses to the
    other edition becomes raw HTML to the page's place on the site.

    Examples
    --------
    >>> edition_links("[课程导览](../zh/notebooks/00_course_map.ipynb)", "notebooks/00_course_map.ipynb")
    '<a href="../zh/notebooks/00_course_map.html" hreflang="zh-CN">课程导览</a>'
    >>> edition_links("[Course map](../../notebooks/00_course_map.ipynb)", "zh/notebooks/00_course_map.ipynb")
    '<a href="../../notebooks/00_course_map.html" hreflang="en">Course map</a>'
    >>> edition_links("[English](INSTRUCTORS.md) [第 03 课](zh/notebooks/03_rfm.ipynb)", "INSTRUCTORS.zh-CN.md")
    '<a href="../INSTRUCTORS.html" hreflang="en">English</a> [第 03 课](zh/notebooks/03_rfm.ipynb)'
    """
    edition = _edition_of_path(page)

    def link(match: re.Match) -> str:
        target = os.path.normpath(os.path.join(os.path.dirname(page), match.group(2))).replace(os.sep, "/")
        other = _edition_of_path(target)
        if other == edition or target.startswith("../") or not target.endswith((".ipynb", ".md")):
            return match.group(0)
        href = os.path.relpath(_site_path(target), os.path.dirname(_site_path(page)) or ".").replace(os.sep, "/")
        return f'<a href="{href}" hreflang="{EDITIONS[other].hreflang}">{match.group(1)}</a>'

    return _MARKDOWN_LINK.sub(link, markdown)


def _copy(source: Path, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    if source.is_dir():
        shutil.copytree(source, target, dirs_exist_ok=True)
    else:
        shutil.copy2(source, target)


def _replace(target: Path, source: Path, *, keep: set[str]) -> None:
    """Empty ``target`` but for the folders named in ``keep`` (the other editions), then copy ``source`` into it."""
    if target.exists():
        for child in target.iterdir():
            if child.is_dir() and child.name in keep:
                continue
            shutil.rmtree(child) if child.is_dir() else child.unlink()
    shutil.copytree(source, target, dirs_exist_ok=True)


def missing_notebooks(lang: str = "en", *, root: Path = REPO_ROOT) -> list[str]:
    """The lessons and solutions the syllabus lists that edition ``lang`` does not have (repository paths).

    Examples
    --------
    >>> missing_notebooks("en")
    []
    """
    source = root / edition_of(lang).source
    paths = [path for lesson in _ready() for path in (lesson.notebook, lesson.solution) if path]
    return [(Path(EDITIONS[lang].source) / path).as_posix() for path in paths if not (source / path).exists()]


def stage_book(
    stage: Path | None = None, *, assets: Path = WEB_ASSETS, lang: str = "en", root: Path = REPO_ROOT
) -> Path:
    """Write the sources of the edition ``lang`` into ``stage`` (emptied first) and return it.

    ``stage`` defaults to the edition's folder under ``_build/`` (:meth:`Edition.stage`).

    Raises
    ------
    FileNotFoundError
        When MathJax is not installed, or a notebook the syllabus lists is missing from the
        edition (for the Chinese one: ``zh/…``, generated by ``python -m course translations generate``).
    """
    edition = edition_of(lang)
    stage = Path(stage) if stage is not None else edition.stage()
    mathjax = assets / "mathjax" / "es5"
    if not (mathjax / "tex-chtml.js").exists():
        raise FileNotFoundError(
            f"MathJax is missing from {mathjax}. Run `make site` (it runs `npm ci` in web-assets/), "
            "or `npm ci --prefix web-assets`."
        )
    missing = missing_notebooks(lang, root=root)
    if missing:
        how = (
            "Generate them from their catalogues with `python -m course translations generate` "
            "(the catalogues are locale/zh/notebooks/…)."
            if lang == "zh"
            else "Restore them from git."
        )
        raise FileNotFoundError(
            f"the {lang} website needs {len(missing)} notebook(s) the syllabus lists: {', '.join(missing)}. {how}"
        )
    if stage.exists():
        shutil.rmtree(stage)
    stage.mkdir(parents=True)
    import nbformat

    source = root / edition.source
    for lesson in _ready():
        for path in (lesson.notebook, lesson.solution):
            if path:
                (stage / path).parent.mkdir(parents=True, exist_ok=True)
                nb = reader_notebook(source / path)
                for cell in nb.cells:
                    if cell.cell_type == "markdown":
                        cell.source = edition_links(cell.source, (Path(edition.source) / path).as_posix())
                nbformat.write(nb, str(stage / path))
    # the pages of the repository: (the page in the book, its source)
    pages = (
        [("data/README.md",) * 2, ("data/cdnow/README.md",) * 2, ("INSTRUCTORS.md",) * 2]
        if lang == "en"
        else [("INSTRUCTORS.md", "INSTRUCTORS.zh-CN.md")]
    )
    for path, repo_path in pages:
        (stage / path).parent.mkdir(parents=True, exist_ok=True)
        text = (root / repo_path).read_text(encoding="utf-8")
        (stage / path).write_text(edition_links(plain_fences(text), repo_path), encoding="utf-8")
    (stage / "index.md").write_text(index_page(lang), encoding="utf-8")
    (stage / "glossary.md").write_text(glossary_page(lang), encoding="utf-8")
    config = book_config(lang)
    if lang == "zh":
        (stage / SEARCH_DICTIONARY).write_text(search_dictionary(), encoding="utf-8")
        # Sphinx opens the dictionary from the build's working directory: give it the absolute path
        config["sphinx"]["config"]["html_search_options"]["dict"] = str((stage / SEARCH_DICTIONARY).resolve())
    (stage / "_config.yml").write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), "utf-8")
    (stage / "_toc.yml").write_text(yaml.safe_dump(book_toc(lang), allow_unicode=True, sort_keys=False), "utf-8")
    (stage / "_ext").mkdir()
    shutil.copy2(SITE_EXTENSION, stage / "_ext" / "course_site.py")
    (stage / "_templates").mkdir()
    (stage / "_templates" / "course-language-switch.html").write_text(LANGUAGE_SWITCH_TEMPLATE, encoding="utf-8")
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
    languages: tuple[str, ...] = tuple(EDITIONS),
) -> Path:
    """Stage the editions, build them side by side (``jupyter-book build -W --keep-going``), copy the HTML to ``out``.

    The English edition goes to ``out``, the Chinese one to ``out/zh``. Both
    are staged before either is built, so a missing notebook stops the build
    at once. The two builds run at the same time (each is one Python process);
    the log of each is printed when it ends.

    Raises
    ------
    FileNotFoundError
        When ``jupyter-book`` is not installed (run ``make site``, which creates ``.venv-site``), or a
        notebook is missing (:func:`stage_book`).
    subprocess.CalledProcessError
        When a build fails; Sphinx has printed every warning, each of which fails it.
    """
    program = Path(jupyter_book) if jupyter_book else SITE_VENV / "bin" / "jupyter-book"
    if not program.exists():
        raise FileNotFoundError(
            f"{program} is not installed. `make site` creates {SITE_VENV.name} from requirements-site.txt."
        )
    stages = {lang: stage_book(edition_of(lang).stage(stage), assets=assets, lang=lang) for lang in languages}
    env = {**os.environ, "PYDEVD_DISABLE_FILE_VALIDATION": "1"}
    builds = {}
    failed = None
    with contextlib.ExitStack() as logs:
        for lang, source in stages.items():
            html_dir = source.with_name(f"{source.name}-html")
            if html_dir.exists():
                shutil.rmtree(html_dir)
            log = logs.enter_context(tempfile.TemporaryFile(mode="w+", encoding="utf-8"))
            command = [str(program), "build", str(source), "--path-output", str(html_dir), "--builder", "html"]
            command += ["-W", "--keep-going"]
            process = subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT)
            builds[lang] = (process, log, html_dir, command)
        for lang, (process, log, _, command) in builds.items():
            code = process.wait()
            log.seek(0)
            print(f"---- the {lang} edition (jupyter-book exited {code})\n{log.read()}", flush=True)
            if code and failed is None:
                failed = subprocess.CalledProcessError(code, command)
    if failed is not None:
        raise failed
    for lang, (_, _, html_dir, _) in builds.items():
        _replace(EDITIONS[lang].out(out), html_dir / "_build" / "html", keep={e.subdir for e in EDITIONS.values()})
    (out / ".nojekyll").touch()
    return out
