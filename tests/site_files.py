"""The built website (``_site/``) for the site tests: where it is, and what its pages hold."""

from __future__ import annotations

import html
import os
import re
from functools import cache
from pathlib import Path

import pytest

from course.authoring.site import SITE_DIR


def built_site() -> Path:
    """The folder ``make site`` wrote; skip when it is missing (fail in CI, where .ci/run builds it)."""
    if not (SITE_DIR / "index.html").exists():
        reason = f"the course website is not built ({SITE_DIR.name}/ is missing): run `make site` first"
        if os.environ.get("CI"):
            pytest.fail(f"{reason}. .ci/run builds it before the tests.")
        pytest.skip(reason)
    return SITE_DIR


#: An element's ``id``, an old-style anchor's ``name`` (as BeautifulSoup found them on every page, 100 times faster).
_ID = re.compile(r"""<[^>]*?\sid\s*=\s*(["'])(.*?)\1""", re.DOTALL)
_NAME = re.compile(r"""<a\s[^>]*?\bname\s*=\s*(["'])(.*?)\1""", re.DOTALL | re.IGNORECASE)


@cache
def page_ids(page: Path) -> frozenset[str]:
    """Every ``id`` (and old-style ``name``) anchor of an HTML page.

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     page = Path(folder) / "p.html"
    ...     _ = page.write_text('<h2 id="a&amp;b">x</h2><a name="old"></a><p data-id="no">id</p>')
    ...     sorted(page_ids(page))
    ['a&b', 'old']
    """
    text = page.read_text(encoding="utf-8")
    return frozenset(html.unescape(match[1]) for pattern in (_ID, _NAME) for match in pattern.findall(text))


#: The language switch of a page, as course.authoring.site's template writes it.
_SWITCH = re.compile(r'<a class="[^"]*\bcourse-language-switch\b[^"]*" href="([^"]+)"')


@cache
def language_switch(page: Path) -> str | None:
    """The ``href`` of a page's language switch (the link to the same page in the other edition)."""
    found = _SWITCH.findall(page.read_text(encoding="utf-8"))
    assert len(found) <= 1, f"{page}: {len(found)} language switches"
    return found[0] if found else None
