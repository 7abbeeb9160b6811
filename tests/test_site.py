"""The course website: sources from the syllabus and the glossary; the built site loads nothing from outside.

The first tests need no Jupyter Book (they check what :mod:`course.authoring.site`
stages); the last ones read the site ``make site`` built in ``_site/`` (skipped
when it is missing, failed in CI where .ci/run builds it).
"""

from __future__ import annotations

import re

import nbformat
import pytest
from site_files import built_site

from course import REPO_ROOT
from course.authoring import site as book
from course.glossary import TERMS
from course.syllabus import lessons

READY = [lesson for lesson in lessons() if lesson.ready]


def test_navigation_follows_the_syllabus():
    toc = book.book_toc()
    lessons_part, solutions_part, reference = toc["parts"]
    assert [entry["file"] for entry in lessons_part["chapters"]] == [f"notebooks/{x.number}_{x.slug}" for x in READY]
    assert all(lesson.title_zh in entry["title"] for lesson, entry in zip(READY, lessons_part["chapters"], strict=True))
    assert [entry["file"] for entry in solutions_part["chapters"]] == [
        lesson.solution.removesuffix(".ipynb") for lesson in READY if lesson.solution
    ]
    assert {entry["file"] for entry in reference["chapters"]} == {"glossary", "data/README", "INSTRUCTORS"}


def test_the_book_is_not_executed_and_warnings_are_errors():
    config = book.book_config()
    assert config["execute"]["execute_notebooks"] == "off"
    assert config["sphinx"]["config"]["nb_execution_mode"] == "off"
    assert config["launch_buttons"]["thebe"] is False
    assert "://" not in config["sphinx"]["config"]["mathjax_path"]
    source = (REPO_ROOT / "course" / "authoring" / "site.py").read_text(encoding="utf-8")
    assert '"-W", "--keep-going"' in source


def test_home_page_lists_every_lesson():
    page = book.index_page()
    for lesson in lessons():
        assert lesson.title_zh in page
        if lesson.ready:
            assert f"({lesson.notebook})" in page
        else:
            assert "in preparation" in page


def test_glossary_page_has_every_term():
    page = book.glossary_page()
    for term in TERMS:
        assert f"| {term.en} | {term.zh} |" in page


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
