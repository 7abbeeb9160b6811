"""The course website in headless Chromium: every page loads, every internal link resolves, nothing from outside.

The site is the one ``make site`` wrote to ``_site/`` (.ci/run builds it
before the tests), served on loopback. One screenshot per lesson goes to
``test-artifacts/site/``.
"""

from __future__ import annotations

import functools
import http.server
import threading
from pathlib import Path
from urllib.parse import unquote, urldefrag, urlparse

import pytest
from chromium import chromium, console_errors, requested_urls, require_browser, screenshot
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


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


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
        Path(lesson.notebook).with_suffix(".html").as_posix(): lesson for lesson in lessons() if lesson.ready
    }
    assert set(lesson_pages) <= set(pages)
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
                name = Path(page).stem
                shots.append(screenshot(driver, name, "site"))
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


def test_search_finds_lessons_offline(served_site):
    require_browser()
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    _, base = served_site
    with chromium() as driver:
        driver.get(f"{base}/search.html?q=whale+curve")
        WebDriverWait(driver, 30).until(
            lambda d: (
                d.find_elements(By.CSS_SELECTOR, "#search-results ul.search li")
                or "did not match" in d.find_element(By.ID, "search-results").text
            )
        )
        results = [item.text for item in driver.find_elements(By.CSS_SELECTOR, "#search-results ul.search li")]
        screenshot(driver, "search", "site")
        assert any("Pareto" in result for result in results), results
        assert not console_errors(driver)
