"""The course website: sources from the syllabus and the glossary; the built site loads nothing from outside.

The first tests need no Jupyter Book (they check what :mod:`course.authoring.site`
stages, for the English edition and the Chinese one); the last ones read the
site ``make site`` built in ``_site/`` and ``_site/zh/`` (skipped when it is
missing, failed in CI where .ci/run builds it).
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import nbformat
import pytest
from site_files import built_site, language_switch

from course import REPO_ROOT
from course.authoring import site as book
from course.authoring import site_sphinx
from course.glossary import TERMS
from course.syllabus import lessons

READY = [lesson for lesson in lessons() if lesson.ready]
HAN = re.compile(r"[\u3400-\u9fff]")


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_navigation_follows_the_syllabus(lang):
    toc = book.book_toc(lang)
    lessons_part, solutions_part, reference = toc["parts"]
    assert [entry["file"] for entry in lessons_part["chapters"]] == [f"notebooks/{x.number}_{x.slug}" for x in READY]
    assert all(lesson.title_zh in entry["title"] for lesson, entry in zip(READY, lessons_part["chapters"], strict=True))
    assert [entry["file"] for entry in solutions_part["chapters"]] == [
        lesson.solution.removesuffix(".ipynb") for lesson in READY if lesson.solution
    ]
    if lang == "en":
        assert {entry["file"] for entry in reference["chapters"]} == {"glossary", "data/README", "INSTRUCTORS"}
    else:  # the Chinese navigation is Chinese: no English lesson title in it
        assert [entry["file"] for entry in reference["chapters"]] == ["glossary", "INSTRUCTORS"]
        captions = [part["caption"] for part in toc["parts"]]
        titles = [entry["title"] for entry in lessons_part["chapters"] + solutions_part["chapters"]]
        assert all(HAN.search(text) for text in captions + titles)
        assert not any(lesson.title in title for lesson in READY for title in titles if len(lesson.title) > 3)


def test_the_chinese_book_is_a_chinese_sphinx_book_with_chinese_search():
    config = book.book_config("zh")["sphinx"]["config"]
    assert config["language"] == "zh_CN"
    assert config["html_search_options"] == {"dict": book.SEARCH_DICTIONARY}
    assert book.book_config("en")["sphinx"]["config"]["language"] == "en"
    assert "html_search_options" not in book.book_config("en")["sphinx"]["config"]


def test_each_edition_links_every_page_to_the_other():
    english, chinese = book.book_pages("en"), book.book_pages("zh")
    assert chinese < english  # the data dictionary and the instructor guide are English only
    for lang, other, root in (("en", chinese, "zh/"), ("zh", english, "../")):
        switch = book.book_config(lang)["sphinx"]["config"]["course_language_switch"]
        assert switch["root"] == root and switch["pages"] == sorted(other)
    assert book.book_config("en")["sphinx"]["config"]["course_language_switch"]["label"] == "中文"
    assert book.book_config("zh")["sphinx"]["config"]["course_language_switch"]["label"] == "English"


@pytest.mark.parametrize(
    ("page", "root", "expected"),
    [
        ("index", "zh/", "zh/index.html"),
        ("notebooks/03_rfm", "zh/", "../zh/notebooks/03_rfm.html"),
        ("notebooks/03_rfm", "../", "../../notebooks/03_rfm.html"),
        ("solutions/08_key_accounts", "../", "../../solutions/08_key_accounts.html"),
        ("data/cdnow/README", "zh/", "../../zh/index.html"),  # no Chinese twin: the Chinese home page
        ("search", "../", "../search.html"),
    ],
)
def test_switch_href_is_the_same_page_in_the_other_edition(page, root, expected):
    pages = book.book_pages("zh") if root == "zh/" else book.book_pages("en")
    assert site_sphinx.switch_href(page, pages, root) == expected


def test_the_book_is_not_executed_and_warnings_are_errors():
    config = book.book_config()
    assert config["execute"]["execute_notebooks"] == "off"
    assert config["sphinx"]["config"]["nb_execution_mode"] == "off"
    assert config["launch_buttons"]["thebe"] is False
    assert "://" not in config["sphinx"]["config"]["mathjax_path"]
    source = (REPO_ROOT / "course" / "authoring" / "site.py").read_text(encoding="utf-8")
    assert '"-W", "--keep-going"' in source


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_home_page_lists_every_lesson(lang):
    page = book.index_page(lang)
    for lesson in lessons():
        assert lesson.title_zh in page
        if lesson.ready:
            assert f"({lesson.notebook})" in page
        else:
            assert ("准备中" if lang == "zh" else "in preparation") in page
    if lang == "zh":
        assert page.startswith(f"# {book.TITLE_ZH}") and "## 课程地图" in page
        assert not re.search(r"[\u3000-\u9fff，。；：）]\n[ \t]*[\u3000-\u9fff（]", page), "a line break inside Chinese"
        assert "[术语表](glossary.md)" in page
        assert '<a href="../data/README.html" hreflang="en">' in page  # English-only pages: links out of the book


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_glossary_page_has_every_term(lang):
    page = book.glossary_page(lang)
    for term in TERMS:
        assert (f"| {term.zh} | {term.en} |" if lang == "zh" else f"| {term.en} | {term.zh} |") in page
    if lang == "zh":  # Markdown would show a line break inside a Chinese sentence as a space
        assert not re.search(r"[\u3000-\u9fff，。；：）]\n[ \t]*[\u3000-\u9fff（]", page)


def test_search_dictionary_holds_the_glossarys_chinese_words():
    words = book.search_dictionary().splitlines()
    assert len(words) == len(set(words))
    assert {"铁三角", "回款", "从线索到回款", "战略客户", "客户档案", "重要价值客户"} <= set(words)
    assert all(len(word) >= 2 and all(HAN.match(ch) for ch in word) for word in words)
    # "ABC 分类" gives its Chinese part only; every lesson title is a word too
    assert "分类" in words and not any("ABC" in word for word in words)


def test_reader_notebook_drops_tooling_comments_and_keeps_outputs():
    path = REPO_ROOT / READY[1].notebook
    original = nbformat.read(str(path), as_version=4)
    shown = book.reader_notebook(path)
    assert not any(line in cell.source for cell in shown.cells for line in book.TOOLING_LINES)
    assert [cell.get("outputs") for cell in shown.cells] == [cell.get("outputs") for cell in original.cells]


def test_stage_book_writes_the_sources(tmp_path):
    assets = tmp_path / "node_modules"
    (assets / "mathjax" / "es5").mkdir(parents=True)
    (assets / "mathjax" / "es5" / "tex-chtml.js").write_text("// MathJax")
    stage = book.stage_book(tmp_path / "book", assets=assets)
    for lesson in READY:
        assert (stage / lesson.notebook).exists()
        assert (stage / lesson.solution).exists()
    for name in ("index.md", "glossary.md", "_toc.yml", "_config.yml", "data/README.md", "INSTRUCTORS.md"):
        assert (stage / name).exists(), name
    assert (stage / "_extra" / "mathjax" / "tex-chtml.js").exists()


def test_stage_book_says_how_to_get_mathjax(tmp_path):
    with pytest.raises(FileNotFoundError, match="npm ci"):
        book.stage_book(tmp_path / "book", assets=tmp_path / "nothing")


def _fake_assets(tmp_path: Path) -> Path:
    assets = tmp_path / "node_modules"
    (assets / "mathjax" / "es5").mkdir(parents=True)
    (assets / "mathjax" / "es5" / "tex-chtml.js").write_text("// MathJax")
    return assets


def _root_with_chinese_notebooks(tmp_path: Path, leave_out: tuple[str, ...] = ()) -> Path:
    """A repository root whose zh/ holds every lesson and solution (the English ones stand in) but ``leave_out``."""
    root = tmp_path / "repo"
    for lesson in READY:
        for path in (lesson.notebook, lesson.solution):
            if path and path not in leave_out:
                (root / "zh" / path).parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(REPO_ROOT / path, root / "zh" / path)
    shutil.copyfile(REPO_ROOT / "INSTRUCTORS.zh-CN.md", root / "INSTRUCTORS.zh-CN.md")
    return root


def test_stage_book_writes_the_chinese_edition(tmp_path):
    root = _root_with_chinese_notebooks(tmp_path)
    stage = book.stage_book(tmp_path / "book-zh", assets=_fake_assets(tmp_path), lang="zh", root=root)
    for lesson in READY:
        assert (stage / lesson.notebook).exists() and (stage / lesson.solution).exists()
    assert not (stage / "data").exists()  # the data dictionary is English only: the home page links to it
    # the instructors' guide is INSTRUCTORS.zh-CN.md, its link to the English guide a link between the sites
    guide = (stage / "INSTRUCTORS.md").read_text(encoding="utf-8")
    assert guide.startswith('<a href="../INSTRUCTORS.html" hreflang="en">English</a>') and "# 讲师指南" in guide
    assert "## 课程地图" in (stage / "index.md").read_text(encoding="utf-8")
    config = (stage / "_config.yml").read_text(encoding="utf-8")
    dictionary = stage / book.SEARCH_DICTIONARY
    assert f"dict: {dictionary.resolve()}" in config and "language: zh_CN" in config
    assert dictionary.read_text(encoding="utf-8") == book.search_dictionary()
    assert (stage / "_ext" / "course_site.py").read_text() == book.SITE_EXTENSION.read_text()
    assert "course_switch" in (stage / "_templates" / "course-language-switch.html").read_text()


def test_a_missing_chinese_notebook_stops_the_build_naming_it(tmp_path):
    gone = (READY[-1].notebook, READY[0].solution)
    root = _root_with_chinese_notebooks(tmp_path, leave_out=gone)
    assert book.missing_notebooks("zh", root=root) == [f"zh/{READY[0].solution}", f"zh/{READY[-1].notebook}"]
    with pytest.raises(FileNotFoundError, match="translations generate") as error:
        book.stage_book(tmp_path / "book-zh", assets=_fake_assets(tmp_path), lang="zh", root=root)
    assert all(f"zh/{path}" in str(error.value) for path in gone)
    assert not (tmp_path / "book-zh").exists()


# ------------------------------------------------------------------ the built site

#: Tags and attributes that make a browser fetch something (links to other pages are not assets).
ASSET = re.compile(
    r"<(?:script|img|iframe|source|video|audio|embed)\b[^>]*\bsrc\s*=\s*[\"']?(https?:)?//"
    r"|<link\b(?=[^>]*\brel\s*=\s*[\"']?(?:stylesheet|preload|icon|modulepreload|manifest))[^>]*\bhref\s*=\s*[\"']?(https?:)?//",
    re.IGNORECASE,
)


def test_built_site_has_search_glossary_and_a_page_per_lesson():
    site = built_site()
    for name in ("index.html", "search.html", "searchindex.js", "glossary.html", "data/README.html"):
        assert (site / name).exists(), name
    for lesson in READY:
        assert (site / lesson.notebook.replace(".ipynb", ".html")).exists()
        assert (site / lesson.solution.replace(".ipynb", ".html")).exists()
    assert (site / "mathjax" / "tex-chtml.js").exists()


def test_built_site_has_a_chinese_edition_with_a_page_per_lesson():
    site = built_site() / "zh"
    for name in ("index.html", "search.html", "searchindex.js", "glossary.html", "mathjax/tex-chtml.js"):
        assert (site / name).exists(), name
    for lesson in READY:
        for path in (lesson.notebook, lesson.solution):
            page = site / path.replace(".ipynb", ".html")
            assert page.exists(), page
            text = page.read_text(encoding="utf-8")
            assert '<html lang="zh-CN"' in text
            # a figure drawn without a CJK font: matplotlib's warning would be among the cell's outputs
            assert "missing from font" not in text, f"{page}: a figure lacks a glyph"
    home = (site / "index.html").read_text(encoding="utf-8")
    assert all(lesson.title_zh in home for lesson in lessons())


def _pages(site: Path) -> list[Path]:
    return sorted(page for page in site.rglob("*.html") if "_static" not in page.parts and "mathjax" not in page.parts)


def test_every_page_switches_language_to_its_twin_and_back():
    site = built_site()
    problems = []
    for page in _pages(site):
        href = language_switch(page)
        if href is None:
            problems.append(f"{page.relative_to(site)}: no language switch")
            continue
        target = (page.parent / href).resolve()
        chinese = page.is_relative_to(site / "zh")
        twin = (site / page.relative_to(site / "zh")) if chinese else (site / "zh" / page.relative_to(site))
        if not target.exists():
            problems.append(f"{page.relative_to(site)}: the switch leads to a missing {href}")
        elif twin.exists() and target != twin.resolve():
            problems.append(f"{page.relative_to(site)}: the switch leads to {href}, not to its twin")
        elif twin.exists() and (twin.parent / language_switch(twin)).resolve() != page.resolve():
            problems.append(f"{twin.relative_to(site)}: the switch does not lead back to {page.relative_to(site)}")
        elif not twin.exists() and target.name != "index.html":
            problems.append(f"{page.relative_to(site)}: no twin, yet the switch leads to {href}, not the home page")
    assert not problems, "\n".join(problems[:20])
    for lesson in READY:  # every lesson has its twin
        assert (site / "zh" / lesson.notebook.replace(".ipynb", ".html")).exists()


def test_the_links_between_the_editions_in_the_text_reach_the_twin():
    """The course maps and the instructors' guides link to each other in the repository; on the site too."""
    site = built_site()
    link = re.compile(r'<a href="([^"#]+)" hreflang="(en|zh-CN)">')  # edition_links' links (no class)
    for page, twin in [
        ("notebooks/00_course_map.html", "zh/notebooks/00_course_map.html"),
        ("INSTRUCTORS.html", "zh/INSTRUCTORS.html"),
    ]:
        for source, target in [(page, twin), (twin, page)]:
            hrefs = link.findall((site / source).read_text(encoding="utf-8"))
            assert hrefs, f"{source}: no link to the other edition in its text"
            for href, _ in hrefs:
                assert ((site / source).parent / href).resolve() == (site / target).resolve(), (source, href)


def _search_index(path: Path) -> dict:
    text = path.read_text(encoding="utf-8")
    return json.loads(text[text.index("(") + 1 : text.rindex(")")])


def _pages_with(index: dict, word: str) -> set[str]:
    found = set()
    for table in (index["terms"], index["titleterms"]):
        docs = table.get(word, [])
        found.update(index["docnames"][i] for i in ([docs] if isinstance(docs, int) else docs))
    return found


def test_the_chinese_search_index_knows_chinese_words():
    index = _search_index(built_site() / "zh" / "searchindex.js")
    lesson08 = next(f"notebooks/{x.number}_{x.slug}" for x in READY if x.number == "08")
    for word in ("铁三角", "回款"):
        assert lesson08 in _pages_with(index, word), f"{word} does not lead to {lesson08}"
    # jieba's search mode keeps a glossary term whole and indexes its parts: 战略客户, 战略, 客户
    for word in ("战略客户", "战略", "客户", "客户档案"):
        assert _pages_with(index, word), word
    assert "glossary" in _pages_with(index, "从线索到回款")


def test_built_site_loads_no_asset_from_outside():
    site = built_site()
    offenders = []
    for page in site.rglob("*.html"):
        for match in ASSET.finditer(page.read_text(encoding="utf-8")):
            offenders.append(f"{page.relative_to(site)}: {match.group(0)[:120]}")
    for sheet in site.rglob("*.css"):
        if re.search(r"url\(\s*[\"']?(https?:)?//", sheet.read_text(encoding="utf-8", errors="replace")):
            offenders.append(f"{sheet.relative_to(site)}: url(http…)")
    assert not offenders, "\n".join(offenders[:20])


def test_asset_pattern_catches_a_cdn_and_spares_a_link():
    assert ASSET.search('<script src="https://cdn.example/x.js"></script>')
    assert ASSET.search("<link rel='stylesheet' href='//fonts.example/x.css'>")
    assert not ASSET.search('<a href="https://scikit-learn.org/stable/">docs</a>')
    assert not ASSET.search('<script src="_static/x.js"></script>')


@pytest.mark.parametrize("make", [book.book_toc, book.book_config, book.index_page, book.glossary_page])
def test_an_unknown_edition_is_named(make):
    from course.validation import CourseInputError

    with pytest.raises(CourseInputError, match="no edition lang='fr': use one of en, zh"):
        make("fr")
