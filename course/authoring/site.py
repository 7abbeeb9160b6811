"""Render the executed lessons to a static HTML site (``make site`` → ``_site/``).

The lessons are stored executed, so rendering needs no kernel: it takes
seconds and shows exactly what the tests checked.
"""

from __future__ import annotations

import html
from pathlib import Path

from course import REPO_ROOT
from course.authoring.notebooks import read_notebook
from course.authoring.syllabus import lessons

__all__ = ["build_site"]


def build_site(out: Path = REPO_ROOT / "_site") -> list[Path]:
    """Write one HTML page per ready lesson and an index; return the pages written."""
    from nbconvert import HTMLExporter  # imported here: only this command needs it

    exporter = HTMLExporter(template_name="lab")
    out.mkdir(parents=True, exist_ok=True)
    written, items = [], []
    for lesson in lessons():
        if not lesson.ready:
            items.append(f"<li>{lesson.number} {html.escape(lesson.title)} ({lesson.title_zh}) — in preparation</li>")
            continue
        body, _ = exporter.from_notebook_node(read_notebook(REPO_ROOT / lesson.notebook))
        page = out / f"{Path(lesson.notebook).stem}.html"
        page.write_text(body, encoding="utf-8")
        written.append(page)
        items.append(
            f'<li><a href="{page.name}">{lesson.number} {html.escape(lesson.title)}</a> '
            f"({lesson.title_zh}), {lesson.minutes} min</li>"
        )
    index = out / "index.html"
    index.write_text(
        "<!doctype html><meta charset='utf-8'><title>Customer tiering course</title>"
        "<h1>Customer tiering and key-account management · 客户分级分类管理</h1><ol start='0'>"
        + "".join(items)
        + "</ol>",
        encoding="utf-8",
    )
    return [index, *written]
