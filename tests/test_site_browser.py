"""The course website in headless Chromium: every page loads, every internal link resolves, nothing from outside.

The site is the one ``make site`` wrote to ``_site/`` with its Chinese edition
in ``_site/zh/`` (.ci/run builds it before the tests), served on loopback.
Every page of both editions is checked, and none may draw a missing-glyph box
(:data:`MISSING_GLYPHS_JS`); the language switch and the Chinese search are
driven as a reader would. One screenshot per lesson of each edition goes to
``test-artifacts/site/`` (the Chinese ones as ``zh_<lesson>.png``).
"""

from __future__ import annotations

import functools
import http.server
import threading
from pathlib import Path
from urllib.parse import unquote, urldefrag, urlparse

import pytest
from chromium import MISSING_GLYPHS_JS, chromium, console_errors, requested_urls, require_browser, screenshot
from site_files import built_site, page_ids

import course.plots
from course.syllabus import lessons

pytestmark = pytest.mark.notebook


@pytest.fixture(scope="module")
def served_site():
    site = built_site()
    handler = functools.partial(_QuietHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield site, f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="module")
def browser(served_site):
    """One headless Chromium for the tests below (each reads the console errors of its own pages)."""
    require_browser()
    with chromium() as driver:
        yield driver


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


#: Scroll the first figure of a page to the middle of the window; false when the page has none.
SHOW_FIRST_FIGURE_JS = (
    "const figure = document.querySelector('.cell_output img');"
    "if (figure) figure.scrollIntoView({block: 'center'}); return Boolean(figure);"
)


def _target(site: Path, base: str, url: str) -> tuple[Path, str]:
    """The file an internal URL points at, and its fragment."""
    address, fragment = urldefrag(url)
    path = unquote(urlparse(address).path).lstrip("/")
    file = site / path
    if not path or file.is_dir():
        file = file / "index.html"
    return file, fragment


def test_every_page_loads_with_no_error_and_every_internal_link_resolves(served_site):
    require_browser()
    site, base = served_site
    pages = sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html") if "_static" not in p.parts)
    lesson_pages = {
        f"{edition}{Path(lesson.notebook).with_suffix('.html').as_posix()}": lesson
        for lesson in lessons()
        if lesson.ready
        for edition in ("", "zh/")
    }
    assert set(lesson_pages) <= set(pages)
    assert sum(page.startswith("zh/") for page in pages) >= len(lesson_pages) // 2 + 3  # home, glossary, search
    problems: list[str] = []
    shots = []
    with chromium(width=1440, height=1000) as driver:
        for page in pages:
            driver.get(f"{base}/{page}")
            driver.execute_script("return document.readyState")
            if page in lesson_pages:
                # wait for MathJax where the page has maths, so the screenshot shows it typeset
                driver.execute_script(
                    "return window.MathJax && MathJax.startup ? MathJax.startup.promise.then(() => true) : true"
                )
                name = ("zh_" if page.startswith("zh/") else "") + Path(page).stem
                shots.append(screenshot(driver, name, "site"))
                # and a Chinese lesson's first figure, to look at its Chinese labels beside the page's text
                if page.startswith("zh/") and driver.execute_script(SHOW_FIRST_FIGURE_JS):
                    screenshot(driver, f"{name}_figure", "site")
            chinese, missing = driver.execute_script(MISSING_GLYPHS_JS)
            problems += [f"{page}: no glyph for {character}" for character in missing]
            if page.startswith("zh/") and chinese < 10:
                problems.append(f"{page}: only {chinese} Chinese characters: is this page Chinese?")
            for error in console_errors(driver):
                problems.append(f"{page}: console error {error}")
            for url in requested_urls(driver):
                if url.startswith(("http:", "https:", "ws:")) and not url.startswith(base):
                    problems.append(f"{page}: requested an outside address {url}")
            links = driver.execute_script("return Array.from(document.querySelectorAll('a[href]'), a => a.href)")
            for link in links:
                if not link.startswith(base):
                    continue
                file, fragment = _target(site, base, link)
                if not file.exists():
                    problems.append(f"{page}: broken link {link}")
                elif fragment and file.suffix == ".html" and fragment not in page_ids(file):
                    problems.append(f"{page}: link {link} names an anchor that {file.name} does not have")
            # figures are shown at their natural size (up to the display width the figure test assumes)
            # (figures drawn before the course style record no font size: test_figures lists them as pending)
            sizes = driver.execute_script(
                "return Array.from(document.querySelectorAll('.cell_output img'),"
                " i => [i.getAttribute('src'), i.naturalWidth, i.getBoundingClientRect().width, i.complete])"
            )
            for source, natural, shown, complete in sizes:
                if not complete or natural == 0:
                    problems.append(f"{page}: an image did not load: {source}")
                    continue
                styled = course.plots.png_info((site / Path(page).parent / source).read_bytes())["min_font_pt"]
                if styled is not None and shown + 1 < min(natural, course.plots.DISPLAY_WIDTH_PX):
                    problems.append(f"{page}: a {natural}-px figure is shrunk to {shown:.0f} px")
    assert not problems, "\n".join(problems[:40])
    assert len(shots) == len(lesson_pages)


def test_search_finds_lessons_offline(served_site, browser):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    _, base = served_site
    console_errors(browser)
    browser.get(f"{base}/search.html?q=whale+curve")
    WebDriverWait(browser, 30).until(
        lambda d: (
            d.find_elements(By.CSS_SELECTOR, "#search-results ul.search li")
            or "did not match" in d.find_element(By.ID, "search-results").text
        )
    )
    results = [item.text for item in browser.find_elements(By.CSS_SELECTOR, "#search-results ul.search li")]
    screenshot(browser, "search", "site")
    assert any("Pareto" in result for result in results), results
    assert not console_errors(browser)


def test_the_glyph_check_sees_a_missing_glyph(served_site, browser):
    _, base = served_site
    browser.get(f"{base}/zh/index.html")
    browser.execute_script("document.querySelector('article h1').append(String.fromCodePoint(0x10fffd))")
    chinese, missing = browser.execute_script(MISSING_GLYPHS_JS)
    assert chinese > 100, "the Chinese home page has Chinese text"
    assert [text.split(" ")[1] for text in missing] == ["(U+10FFFD)"]


def _lesson(number: str):
    return next(lesson for lesson in lessons() if lesson.number == number)


def _click_switch(driver, expected_suffix: str) -> str:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    driver.find_element(By.CSS_SELECTOR, "a.course-language-switch").click()
    WebDriverWait(driver, 10).until(lambda d: d.current_url.endswith(expected_suffix))
    return driver.current_url


@pytest.mark.parametrize("scheme", ["http", "file"])
def test_the_language_switch_lands_on_the_same_lesson(served_site, browser, scheme):
    site, base = served_site
    page = Path(_lesson("03").notebook).with_suffix(".html").as_posix()
    start = f"{base}/{page}" if scheme == "http" else (site / page).as_uri()
    console_errors(browser)  # forget the earlier tests' pages
    browser.get(start)
    chinese = _click_switch(browser, f"/zh/{page}")
    assert browser.find_element("tag name", "html").get_attribute("lang") == "zh-CN"
    assert _lesson("03").title_zh in browser.title
    english = _click_switch(browser, f"/{page}")
    assert english == start and "/zh/" in chinese
    browser.get(start.replace(page, "index.html"))
    _click_switch(browser, "/zh/index.html")
    assert not console_errors(browser)


def _search(driver, base: str, query: str) -> list[str]:
    """The addresses of the results of a search on the Chinese site."""
    from urllib.parse import quote

    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    driver.get(f"{base}/zh/search.html?q={quote(query)}")
    WebDriverWait(driver, 30).until(
        lambda d: (
            d.find_elements(By.CSS_SELECTOR, "#search-results ul.search li")
            or d.find_elements(By.CSS_SELECTOR, "#search-results p")
        )
    )
    links = driver.find_elements(By.CSS_SELECTOR, "#search-results ul.search li > a")
    return [unquote(urlparse(link.get_attribute("href")).path) for link in links]


def test_chinese_search_finds_lesson_08(served_site, browser):
    site, base = served_site
    lesson08 = "/zh/" + Path(_lesson("08").notebook).with_suffix(".html").as_posix()
    console_errors(browser)
    found = {}
    for query in ("铁三角", "回款", "客户铁三角的回款"):  # the last: a phrase as a reader types it
        found[query] = _search(browser, base, query)
        assert lesson08 in found[query], f"{query}: {found[query]}"
    # a page must hold every word of the phrase (Sphinx alone would not require 客户 and 回款)
    assert set(found["客户铁三角的回款"]) <= set(found["铁三角"]) & set(found["回款"])
    screenshot(browser, "zh_search", "site")
    # the query splitter cuts a phrase into the index's words and drops one-character fillers
    words = browser.execute_script("return splitQuery('客户铁三角的回款 RFM')")
    assert words == ["客户", "铁三角", "回款", "RFM"]
    # from the file system too (the index is a script, not a fetch)
    assert any(path.endswith(lesson08) for path in _search(browser, site.resolve().as_uri(), "铁三角"))
    # an unknown word stays a term, and no page has it
    assert browser.execute_script("return splitQuery('铁三角量子')") == ["铁三角", "量子"]
    assert _search(browser, base, "铁三角量子") == []
    assert not console_errors(browser)
