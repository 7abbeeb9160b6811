"""Your own customers: the course's tiering report on a company's own order export.

- :mod:`course.own_data._figures` -- :func:`own_data_figures`, every figure
  of the report computed by the lessons' functions on the purchase table of
  :func:`course.data.read_orders`;
- the page itself is :func:`course.pages.own_data_report` (and
  :func:`course.pages.write_own_data_report`: read the file, write the page),
  beside the course's other HTML pages.

Examples
--------
>>> from course.data import load_cdnow
>>> figures = own_data_figures(load_cdnow(sample=True))
>>> figures.clv_method
'BG/NBD + Gamma-Gamma'
"""

from course.own_data._figures import (
    CLV_MONTHS,
    IMPORTANT_SHARE,
    MIN_REPEAT_BUYERS,
    MONTHLY_DISCOUNT,
    STRATEGIC_SHARE,
    YEARLY_DISCOUNT,
    OwnDataFigures,
    own_data_figures,
)

__all__ = [
    "STRATEGIC_SHARE",
    "IMPORTANT_SHARE",
    "MIN_REPEAT_BUYERS",
    "CLV_MONTHS",
    "MONTHLY_DISCOUNT",
    "YEARLY_DISCOUNT",
    "OwnDataFigures",
    "own_data_figures",
]
