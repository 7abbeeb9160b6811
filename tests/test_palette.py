"""The palette is one constant: course.plots.PALETTE is the only place in the package that writes a hex colour."""

from __future__ import annotations

import re
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import seaborn as sns
from matplotlib.colors import to_hex

import course
import course.plots as plots

PACKAGE_DIR = Path(course.__file__).resolve().parent
HOME = PACKAGE_DIR / "plots" / "_constants.py"
#: A CSS / matplotlib hex colour: #rgb or #rrggbb, not followed by more hex digits.
HEX_COLOUR = re.compile(r"#(?:[0-9a-fA-F]{6}|[0-9a-fA-F]{3})\b")


def hex_colours(text: str) -> list[str]:
    return HEX_COLOUR.findall(text)


def test_the_pattern_finds_colours_and_nothing_else():
    assert hex_colours('color="#4c72b0"; border: 1px solid #ccc; fill="#FFF"') == ["#4c72b0", "#ccc", "#FFF"]
    assert hex_colours("# a comment, issue #17, #1234, x = 1  # 42 rows") == []


def test_no_module_but_the_palette_writes_a_hex_colour():
    found = {
        str(file.relative_to(PACKAGE_DIR.parent)): hex_colours(file.read_text(encoding="utf-8"))
        for file in sorted(PACKAGE_DIR.rglob("*.py"))
        if file != HOME
    }
    found = {file: colours for file, colours in found.items() if colours}
    assert not found, f"use course.plots.PALETTE instead of hex colours: {found}"
    assert set(hex_colours(HOME.read_text(encoding="utf-8"))) == set(plots.PALETTE.values())


def test_the_chart_colours_are_the_course_style_cycle():
    """ "C0" .. "C9" of every chart are the palette's first ten colours, seaborn's "deep"."""
    assert list(plots.CHART_COLOURS) == sns.color_palette("deep").as_hex()
    with matplotlib.rc_context():
        plots.use_course_style()
        cycle = [to_hex(colour) for colour in plt.rcParams["axes.prop_cycle"].by_key()["color"]]
    plots._reset_for_tests()
    assert cycle == list(plots.CHART_COLOURS)
    assert plots.PALETTE["blue"] == plots.CHART_COLOURS[0] and plots.PALETTE["red"] == plots.CHART_COLOURS[3]
