"""`make site` renders every ready lesson without a kernel."""

from course.authoring.site import build_site
from course.authoring.syllabus import lessons


def test_site_has_a_page_per_ready_lesson(tmp_path):
    pages = build_site(tmp_path)
    ready = [lesson for lesson in lessons() if lesson.ready]
    assert len(pages) == len(ready) + 1
    index = (tmp_path / "index.html").read_text(encoding="utf-8")
    assert all(lesson.title_zh in index for lesson in lessons())
    assert "What you will learn" in (tmp_path / "01_customer_insight.html").read_text(encoding="utf-8")
