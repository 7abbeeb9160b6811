"""Your own customers: the course's tiering report on a company's own order export.

- :mod:`course.own_data._figures` -- :func:`own_data_figures`, every figure
  of the report computed by the lessons' functions on the purchase table of
  :func:`course.data.read_orders`;
- :mod:`course.own_data._page` -- :func:`own_data_report` (the HTML page) and
  :func:`write_own_data_report` (read the file, write the page).

Examples
--------
>>> from course.data import load_cdnow
>>> html = own_data_report(load_cdnow(sample=True))
>>> "Pareto" in html and "http" not in html
True
"""

from course.own_data._figures import MIN_REPEAT_BUYERS, OwnDataFigures, own_data_figures
from course.own_data._page import own_data_report, write_own_data_report

__all__ = ["MIN_REPEAT_BUYERS", "OwnDataFigures", "own_data_figures", "own_data_report", "write_own_data_report"]
