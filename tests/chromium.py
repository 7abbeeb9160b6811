"""Headless Chromium for the browser tests: Debian's chromium driven by Selenium through chromedriver.

Nothing is downloaded: Selenium is given the driver's path, so its own
browser manager never runs. Without chromium the tests skip and say how to
install it -- except in CI (``CI`` set), where ``.ci/run`` installs it, so a
missing browser fails instead of hiding behind a skip.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from course import REPO_ROOT

#: Screenshots and other evidence the browser tests leave behind (git-ignored).
ARTIFACTS = REPO_ROOT / "test-artifacts"

#: Chromium flags for a closed network: no first-run, sync, component or background requests.
FLAGS = (
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
    "--lang=en-GB",
)

#: Which characters of the page's text the browser draws as a missing-glyph box ("tofu"): each
#: character other than ASCII, spaces, format characters and combining marks is drawn on a canvas
#: in the font of its element, as is a character no font has (U+10FFFD, private use), whose picture
#: is that font's box; a character drawn exactly like it has no glyph. Returns the number of
#: distinct Chinese characters checked (per font) and the missing ones.
MISSING_GLYPHS_JS = r"""
const canvas = document.createElement("canvas");
canvas.width = canvas.height = 48;
const ctx = canvas.getContext("2d", { willReadFrequently: true });
const picture = (font, text) => {
  ctx.clearRect(0, 0, 48, 48);
  ctx.font = font;
  ctx.textBaseline = "top";
  ctx.fillText(text, 4, 4);
  return ctx.getImageData(0, 0, 48, 48).data;
};
const same = (a, b) => a.every((value, i) => value === b[i]);
const boxes = new Map();  // font -> [width, picture] of its missing-glyph box
const seen = new Set();
const missing = [];
let chinese = 0;
const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
while (walker.nextNode()) {
  const element = walker.currentNode.parentElement;
  if (!element || !element.getClientRects().length) continue;  // not shown
  const style = getComputedStyle(element);
  const font = `${style.fontStyle} ${style.fontWeight} 32px ${style.fontFamily}`;
  for (const ch of walker.currentNode.data) {
    if (ch.codePointAt(0) < 0x80 || /[\p{White_Space}\p{Cf}\p{M}]/u.test(ch) || seen.has(font + ch)) continue;
    seen.add(font + ch);
    if (/\p{Script=Han}/u.test(ch)) chinese += 1;
    ctx.font = font;
    if (!boxes.has(font)) {
      const probe = String.fromCodePoint(0x10fffd);
      boxes.set(font, [ctx.measureText(probe).width, picture(font, probe)]);
    }
    const [width, box] = boxes.get(font);
    // a glyph of another width is no box; only one of the box's width is compared pixel by pixel
    if (ctx.measureText(ch).width === width && same(picture(font, ch), box)) {
      missing.push(`${ch} (U+${ch.codePointAt(0).toString(16).toUpperCase()}) in ${style.fontFamily}`);
    }
  }
}
return [chinese, missing];
"""


INSTALL_HINT = "install it with `apt-get install -y chromium chromium-driver fonts-noto-cjk` (Debian)"


def browser_paths() -> tuple[str, str] | None:
    """The paths of chromium and chromedriver, or None when either is missing."""
    browser = next(filter(None, map(shutil.which, ("chromium", "chromium-browser", "google-chrome"))), None)
    driver = shutil.which("chromedriver")
    return (browser, driver) if browser and driver else None


def require_browser() -> tuple[str, str]:
    """The browser and driver paths; skip the test (fail in CI) when they are missing."""
    paths = browser_paths()
    if paths is None:
        reason = f"headless Chromium and chromedriver are not installed: {INSTALL_HINT}"
        if os.environ.get("CI"):
            pytest.fail(f"{reason}. .ci/run installs them, so CI must have them.")
        pytest.skip(reason)
    try:
        import selenium  # noqa: F401
    except ImportError:
        pytest.skip("selenium is not installed: pip install -r requirements.txt")
    return paths


def free_port() -> int:
    """A free TCP port on the loopback interface."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def chromium(width: int = 1366, height: int = 900) -> Iterator[object]:
    """A headless Chromium WebDriver with a fresh profile, its console and network logs recorded."""
    browser, driver_path = require_browser()
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    with tempfile.TemporaryDirectory(prefix="course-chromium-") as profile:
        options = webdriver.ChromeOptions()
        options.binary_location = browser
        for flag in FLAGS:
            options.add_argument(flag)
        options.add_argument(f"--user-data-dir={profile}")
        options.add_argument(f"--window-size={width},{height}")
        options.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
        driver = webdriver.Chrome(options=options, service=Service(executable_path=driver_path))
        try:
            yield driver
        finally:
            driver.quit()


def console_errors(driver) -> list[str]:
    """The browser console's errors since the last call (SEVERE entries)."""
    return [entry["message"] for entry in driver.get_log("browser") if entry["level"] == "SEVERE"]


def requested_urls(driver) -> list[str]:
    """The URLs the page requested since the last call (from Chromium's performance log)."""
    import json

    urls = []
    for entry in driver.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message.get("method") == "Network.requestWillBeSent":
            urls.append(message["params"]["request"]["url"])
    return urls


def screenshot(driver, name: str, folder: str) -> Path:
    """Save a screenshot as test-artifacts/<folder>/<name>.png and return its path."""
    target = ARTIFACTS / folder
    target.mkdir(parents=True, exist_ok=True)
    path = target / f"{name}.png"
    driver.save_screenshot(str(path))
    return path
