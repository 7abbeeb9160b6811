"""No figure in a stored output has text below 8 pt at the size a reader sees it.

What a stored PNG can prove: its pixel size and dpi are in its header, but the
size of its text is not -- finding text in pixels would be guesswork. So the
course's figure formatter (``course.plots.use_course_style``) measures every
text of the figure when it is drawn (matplotlib's own font sizes, in points)
and writes the smallest one into the PNG's text chunk
(``course:min-font-pt``). This test reads that record and the PNG's size and
dpi from each stored image and computes the size a reader sees: ``s`` points
at ``dpi``, shown one image pixel per CSS pixel and shrunk to the display
width (800 px: the website's article column, a slide) when wider,
``s * dpi / 96 * min(1, 800 / width)``. A figure without the record was not
drawn in the course style, which fails too.
"""

from __future__ import annotations

import base64
import re

import nbformat
import pytest

from course import REPO_ROOT
from course.plots import DISPLAY_WIDTH_PX, MIN_FONT_PT, png_info
from course.syllabus import lessons

NOTEBOOKS = [path for lesson in lessons() if lesson.ready for path in (lesson.notebook, lesson.solution) if path]


def _figures(path: str):
    nb = nbformat.read(str(REPO_ROOT / path), as_version=4)
    for index, cell in enumerate(nb.cells):
        for output in cell.get("outputs", []):
            png = output.get("data", {}).get("image/png")
            if png:
                yield index, png_info(base64.b64decode(png))


@pytest.mark.parametrize("path", NOTEBOOKS)
def test_stored_figures_have_readable_text(path):
    figures = list(_figures(path))
    unrecorded = [index for index, info in figures if info["min_font_pt"] is None]
    assert not unrecorded, (
        f"{path}: the figures of cells {unrecorded} were not drawn in the course style: "
        "call course.plots.use_course_style() at the top and re-run the notebook"
    )
    small = [
        f"cell {index}: {info['min_font_text']!r} is {info['min_font_pt']:.1f} pt in a {info['width']}-px figure "
        f"at {info['dpi']:.0f} dpi, shown at {info['shown_min_font_pt']:.1f} pt"
        for index, info in figures
        if info["shown_min_font_pt"] < MIN_FONT_PT
    ]
    assert not small, f"{path}: text below {MIN_FONT_PT} pt (display width {DISPLAY_WIDTH_PX} px):\n" + "\n".join(small)


def test_every_lesson_is_marked_as_a_talk():
    """Every lesson (in the course look) says which of its cells are slides, sub-slides or skipped."""
    from course.authoring.slides import has_slide_marks

    restyled = [path for path in NOTEBOOKS if path.startswith("notebooks/")]
    unmarked = [path for path in restyled if not has_slide_marks(nbformat.read(str(REPO_ROOT / path), as_version=4))]
    assert restyled and not unmarked, f"{unmarked}: mark the slides (cell metadata slideshow.slide_type)"


def test_a_lesson_shows_one_chart_in_both_languages():
    """Some lesson draws one standard chart twice, in English and with lang="zh", both figures stored."""
    charts = re.compile(r"\b(category_bars|lorenz_chart|whale_chart|heatmap|survival_chart)\(")

    def drawn(path: str) -> dict[str, set[str]]:
        nb = nbformat.read(str(REPO_ROOT / path), as_version=4)
        found: dict[str, set[str]] = {"en": set(), "zh": set()}
        for cell in nb.cells:
            if cell.cell_type == "code" and any("image/png" in out.get("data", {}) for out in cell.get("outputs", [])):
                lang = "zh" if re.search(r"lang\s*=\s*[\"']zh[\"']", cell.source) else "en"
                found[lang].update(charts.findall(cell.source))
        return found

    both = [path for path in NOTEBOOKS if path.startswith("notebooks/") and (lambda d: d["en"] & d["zh"])(drawn(path))]
    assert both, "no lesson draws the same standard chart with lang='en' and with lang='zh'"
