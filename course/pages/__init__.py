"""The course's HTML pages (管理报告 · 客户档案): self-contained files a manager opens offline.

One package for everything the course writes as a page, above the
analytics it shows (``kam``, ``management``) and below the commands that
write it (``python -m course report`` / ``archive``, in ``course.authoring``):

- ``_html`` -- the page helpers: :func:`page`, :func:`section`,
  :func:`table_html`, :func:`facts_html`, :func:`figure_html` (a chart as an
  embedded PNG), :func:`escape`, and :data:`GENERATOR` with
  :func:`is_course_page` / :func:`written_by_course` (is a file one of ours?);
- ``_report`` -- the one-page management report of lesson 09:
  :func:`management_report`, :func:`write_report`, :func:`report_frames`;
- ``_archive`` -- the customer archive of lesson 08, one account's profile:
  :func:`customer_archive`, :func:`write_archive`.

Every chart on a page is a :mod:`course.plots` function, every colour one of
:data:`course.plots.PALETTE`. A new page is a module here that builds its
sections with the helpers and ends in :func:`page`.

Examples
--------
>>> import pandas as pd
>>> from course.pages import page, section, table_html, is_course_page
>>> html = page("Test", [section("Numbers", table_html(pd.DataFrame({"a": [1.5]})))])
>>> is_course_page(html), "<script" in html
(True, False)
"""

from course.pages._archive import customer_archive, customer_archives, write_archive
from course.pages._html import (
    GENERATOR,
    escape,
    facts_html,
    figure_html,
    is_course_page,
    page,
    section,
    table_html,
    written_by_course,
)
from course.pages._own_data import own_data_report, write_own_data_report
from course.pages._report import management_report, report_frames, write_report

__all__ = [
    "GENERATOR",
    "escape",
    "figure_html",
    "table_html",
    "facts_html",
    "section",
    "page",
    "is_course_page",
    "written_by_course",
    "management_report",
    "write_report",
    "report_frames",
    "customer_archive",
    "customer_archives",
    "write_archive",
    "own_data_report",
    "write_own_data_report",
]
