"""Slides: every lesson is a reveal.js deck that works offline, cut into slides by its marks (or headings).

The deck tests read what ``make slides`` wrote to ``_slides/`` and, for the
Chinese edition, ``_slides/zh/`` (skipped when it is missing, failed in CI,
where .ci/run builds it); the browser test opens each deck in headless
Chromium and keeps a screenshot of its first slide in ``test-artifacts/slides/``.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import nbformat
import pytest
from chromium import MISSING_GLYPHS_JS, chromium, console_errors, requested_urls, require_browser, screenshot
from test_site import ASSET

from course import REPO_ROOT
from course.authoring import slides
from course.syllabus import lessons

READY = [lesson for lesson in lessons() if lesson.ready]
#: The folder of each edition's decks under _slides/.
EDITION_FOLDERS = {"en": "", "zh": "zh"}


def _built() -> Path:
    if not (slides.SLIDES_DIR / "index.html").exists():
        reason = "the slides are not built (_slides/ is missing): run `make slides` first"
        if os.environ.get("CI"):
            pytest.fail(f"{reason}. .ci/run builds them before the tests.")
        pytest.skip(reason)
    return slides.SLIDES_DIR


def test_mark_by_headings_makes_a_slide_per_section():
    nb = nbformat.v4.new_notebook(
        cells=[
            nbformat.v4.new_markdown_cell("# Lesson 01\nWhat you will learn"),
            nbformat.v4.new_code_cell("x = 1"),
            nbformat.v4.new_markdown_cell("## Revenue\ntext"),
            nbformat.v4.new_markdown_cell("### A detail"),
            nbformat.v4.new_markdown_cell("plain text"),
            nbformat.v4.new_markdown_cell("Discussion of the figure.\n\n## Next section\nmore"),
        ]
    )
    assert not slides.has_slide_marks(nb)
    slides.mark_by_headings(nb)
    assert [slides.slide_type(cell) for cell in nb.cells] == ["slide", "-", "slide", "subslide", "-", "-", "slide"]
    assert nb.cells[-2].source == "Discussion of the figure." and nb.cells[-1].source == "## Next section\nmore"
    assert slides.has_slide_marks(nb)


def test_every_lesson_mark_is_a_known_slide_type():
    for lesson in READY:
        nb = nbformat.read(str(REPO_ROOT / lesson.notebook), as_version=4)
        unknown = {slides.slide_type(cell) for cell in nb.cells} - set(slides.SLIDE_TYPES)
        assert not unknown, f"{lesson.notebook}: unknown slide types {unknown}"


@pytest.mark.parametrize("lang", list(EDITION_FOLDERS))
def test_a_deck_per_lesson_with_its_libraries_beside_it(lang):
    out = _built()
    folder = out / EDITION_FOLDERS[lang]
    for lesson in READY:
        deck = folder / f"{Path(lesson.notebook).stem}.slides.html"
        assert deck.exists(), deck
        text = deck.read_text(encoding="utf-8")
        assert not ASSET.search(text), f"{deck.name} loads something from outside: {ASSET.search(text).group(0)}"
        libraries = re.findall(r'(?:src|href)="((?:\.\./)?assets/[^"]+)"', text)
        assert any("require.js" in library for library in libraries)
        for library in libraries:
            assert (folder / library).resolve().exists(), f"{deck.name} needs {library}"
        assert "NBVAL_CHECK_OUTPUT" not in text
        assert f'<html lang="{lang}">' in text
        if lang == "zh":
            assert lesson.title_zh in text  # the footer names the lesson in Chinese
    assert (out / "assets" / "reveal.js" / "dist" / "reveal.js").exists()


def test_each_editions_index_lists_its_decks_and_links_to_the_other():
    out = _built()
    english = (out / "index.html").read_text(encoding="utf-8")
    chinese = (out / "zh" / "index.html").read_text(encoding="utf-8")
    for lesson in READY:
        stem = Path(lesson.notebook).stem
        assert f'href="{stem}.slides.html"' in english and f'href="{stem}.slides.html"' in chinese
        assert f"第 {lesson.number} 课 · {lesson.title_zh}" in chinese
    assert 'href="zh/index.html"' in english and 'href="../index.html"' in chinese


def test_deck_language_follows_the_folder():
    assert slides.deck_language(REPO_ROOT / "zh" / "notebooks" / "03_rfm.ipynb") == "zh"
    assert slides.deck_language("zh/notebooks/03_rfm.ipynb") == "zh"
    assert slides.deck_language(REPO_ROOT / "notebooks" / "03_rfm.ipynb") == "en"


def test_a_missing_chinese_lesson_stops_the_export_naming_it(tmp_path, monkeypatch):
    monkeypatch.setattr(slides, "REPO_ROOT", tmp_path)
    with pytest.raises(FileNotFoundError, match="translations generate") as error:
        slides.export_slides(out=tmp_path / "out", assets=tmp_path, languages=("zh",))
    assert all(f"zh/{lesson.notebook}" in str(error.value) for lesson in READY)


def test_decks_open_offline_as_talks():
    require_browser()
    out = _built()
    problems = []
    decks = [
        out / folder / f"{Path(lesson.notebook).stem}.slides.html"
        for folder in EDITION_FOLDERS.values()
        for lesson in READY
    ]
    with chromium(width=1280, height=800) as driver:
        for deck in decks:
            driver.get(deck.as_uri())
            driver.set_script_timeout(30)
            total = driver.execute_async_script(
                "const done = arguments[arguments.length - 1];"
                "const wait = () => (window.Reveal && Reveal.isReady && Reveal.isReady())"
                " ? done(Reveal.getTotalSlides()) : setTimeout(wait, 100); wait();"
            )
            screenshot(driver, ("zh_" if deck.parent.name == "zh" else "") + deck.name.split(".")[0], "slides")
            chinese, missing = driver.execute_script(MISSING_GLYPHS_JS)  # the first slide's text
            problems += [f"{deck.name}: no glyph for {character}" for character in missing]
            if deck.parent.name == "zh" and chinese < 10:
                problems.append(f"zh/{deck.name}: only {chinese} Chinese characters on its first slide")
            if not 5 <= total <= 80:
                problems.append(f"{deck.name}: {total} slides (a talk has between 5 and 80)")
            for error in console_errors(driver):
                problems.append(f"{deck.name}: console error {error}")
            for url in requested_urls(driver):
                if url.startswith(("http:", "https:", "ws:")):
                    problems.append(f"{deck.name}: requested {url}")
    assert not problems, "\n".join(problems)
