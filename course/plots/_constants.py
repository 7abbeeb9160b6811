"""Sizes of the course look: the smallest text, the figure size and resolution, the fonts."""

from __future__ import annotations

#: No text of a course figure may be smaller than this, in points at the figure's saved size.
MIN_FONT_PT = 8.0
#: Resolution of the course's figures: 100 dpi, so 1 pt of text is 1.04 CSS pixels at natural size.
FIGURE_DPI = 100
#: Default figure size in inches: 800 × 450 px, one slide's width.
FIGURE_SIZE = (8.0, 4.5)
#: The style's text sizes in points.
FONT_SIZES = {
    "base": 12.0,
    "title": 14.0,
    "suptitle": 15.0,
    "label": 12.0,
    "ticks": 11.0,
    "legend": 11.0,
    "annotation": 10.0,
}
#: Chinese-capable font families, in order of preference (the first installed one is used).
CJK_FONTS = (
    "Noto Sans CJK SC",
    "Noto Sans SC",
    "Source Han Sans SC",
    "Source Han Sans CN",
    "WenQuanYi Zen Hei",
    "WenQuanYi Micro Hei",
    "Microsoft YaHei",
    "PingFang SC",
    "SimHei",
    "Noto Sans CJK JP",
)
#: The Latin font: shipped with matplotlib, so it is there on every machine.
_LATIN_FONT = "DejaVu Sans"
#: The PNG text key holding the smallest font size of a figure.
MIN_FONT_KEY = "course:min-font-pt"
#: The widest a figure is shown, in CSS pixels: the article column of the course website in a
#: 1440-px window and the width of a slide. A wider PNG is shrunk to it, and its text with it.
DISPLAY_WIDTH_PX = 800
#: The course's colours, by name: the one place a hex colour is written. The first ten are seaborn's "deep"
#: palette in its order, the colour cycle of every chart ("C0" is ``blue`` ... "C9" is ``cyan``); then the
#: white space of a wallet bar, and the colours of the HTML pages (text, rules, boxes, warnings).
PALETTE: dict[str, str] = {
    "blue": "#4c72b0",
    "orange": "#dd8452",
    "green": "#55a868",
    "red": "#c44e52",
    "purple": "#8172b3",
    "brown": "#937860",
    "pink": "#da8bc3",
    "grey": "#8c8c8c",
    "olive": "#ccb974",
    "cyan": "#64b5cd",
    "light_grey": "#dddddd",
    "ink": "#222",
    "muted": "#555",
    "faint": "#777",
    "rule": "#ccc",
    "box_rule": "#ccd",
    "header": "#eef2f8",
    "box": "#fafbfd",
    "warning": "#a0281e",
    "white": "#fff",
}
#: The colour cycle of the charts ("C0" .. "C9"): the first ten colours of :data:`PALETTE`.
CHART_COLOURS: tuple[str, ...] = tuple(PALETTE.values())[:10]
