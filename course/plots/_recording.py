"""The smallest text of each figure, written into its PNG, so tests can read it from stored outputs."""

from __future__ import annotations

import io

import matplotlib as mpl
from matplotlib.figure import Figure
from matplotlib.text import Text

from course import i18n
from course.plots._constants import DISPLAY_WIDTH_PX, MIN_FONT_KEY


def _register_png_formatter() -> None:
    """In IPython, show figures through :func:`figure_png`, so each PNG records its smallest text.

    The inline backend installs its own PNG formatter when it is first loaded
    (at the first figure) and whenever it is configured again, so the course's
    formatter is put back before every cell runs.
    """
    try:
        from IPython import get_ipython
    except ImportError:  # pragma: no cover - IPython is always there with Jupyter
        return
    shell = get_ipython()
    if shell is None:
        return
    backend = getattr(mpl.rcParams, "_get_backend_or_none", lambda: None)()  # without resolving it
    if "inline" in str(backend or ""):
        import matplotlib_inline.backend_inline  # noqa: F401 - loading it installs the inline formatter now

    def install(*_: object) -> None:
        shell.display_formatter.formatters["image/png"].for_type(Figure, figure_png)

    install()
    if not getattr(shell, "_course_png_formatter", False):
        shell.events.register("pre_run_cell", install)
        shell._course_png_formatter = True


def smallest_text(fig: Figure) -> tuple[float, str] | None:
    """The size in points and the content of the smallest visible text of ``fig`` (None when it has none).

    Tick labels count only when their tick is inside the axis limits (those
    are the ones drawn). The figure is laid out first, so tick labels exist.
    """
    fig.draw_without_rendering()
    drawn = set()
    for ax in fig.axes:
        for axis in (ax.xaxis, ax.yaxis):
            low, high = sorted(axis.get_view_interval())
            for tick in axis.get_major_ticks() + axis.get_minor_ticks():
                if low - 1e-9 * abs(high - low) <= tick.get_loc() <= high + 1e-9 * abs(high - low):
                    drawn.update({id(tick.label1), id(tick.label2)})
    tick_labels = {
        id(text)
        for ax in fig.axes
        for axis in (ax.xaxis, ax.yaxis)
        for tick in axis.get_major_ticks() + axis.get_minor_ticks()
        for text in (tick.label1, tick.label2)
    }
    found = None
    for text in fig.findobj(Text):
        if not text.get_visible() or not text.get_text().strip():
            continue
        if id(text) in tick_labels and id(text) not in drawn:
            continue
        size = float(text.get_fontsize())
        if found is None or size < found[0]:
            found = (size, text.get_text())
    return found


def figure_png(fig: Figure) -> bytes:
    """The figure as PNG bytes, as Jupyter shows it (tight bounding box), with its smallest text size recorded.

    The size goes into the PNG's own text chunk under :data:`MIN_FONT_KEY`,
    with the text itself under ``course:min-font-text``; a figure without text
    records nothing. In a Chinese lesson (``course.set_language("zh")``) its
    texts are first translated (:func:`course.i18n._display.translate_figure`).
    """
    if i18n.language() != "en":
        from course.i18n._display import translate_figure

        translate_figure(fig)
    smallest = smallest_text(fig)
    metadata = {"Software": None}
    if smallest is not None:
        metadata[MIN_FONT_KEY] = f"{smallest[0]:.2f}"
        metadata["course:min-font-text"] = smallest[1][:80]
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=fig.dpi, bbox_inches="tight", metadata=metadata)
    return buffer.getvalue()


def png_info(png: bytes) -> dict[str, object]:
    """What a stored PNG says about its text: pixel size, dpi, the recorded smallest font and its shown size.

    ``shown_min_font_pt`` is the smallest text as a reader sees it: a PNG of
    ``dpi`` is shown at one image pixel per CSS pixel (1/96 in), shrunk to
    :data:`DISPLAY_WIDTH_PX` when wider, so ``s`` points become
    ``s * dpi / 96 * min(1, DISPLAY_WIDTH_PX / width)``. It is None when the
    PNG records no font size (a figure not drawn through :func:`figure_png`).

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import matplotlib.pyplot as plt
    >>> fig, ax = plt.subplots(figsize=(4, 3), dpi=100)
    >>> _ = ax.set_title("t", fontsize=12)
    >>> info = png_info(figure_png(fig))
    >>> info["dpi"], info["min_font_pt"] <= 12
    (100.0, True)
    >>> plt.close(fig)
    """
    from PIL import Image

    with Image.open(io.BytesIO(png)) as image:
        width, height = image.size
        dpi = float(image.info.get("dpi", (72.0, 72.0))[0])
        text = dict(getattr(image, "text", {}))
    recorded = text.get(MIN_FONT_KEY)
    min_font = float(recorded) if recorded is not None else None
    shown = None if min_font is None else min_font * dpi / 96.0 * min(1.0, DISPLAY_WIDTH_PX / width)
    return {
        "width": width,
        "height": height,
        "dpi": round(dpi, 1),
        "min_font_pt": min_font,
        "min_font_text": text.get("course:min-font-text"),
        "shown_min_font_pt": shown,
    }
