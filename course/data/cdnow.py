"""The real CDNOW purchase history (Fader & Hardie), shipped in ``data/cdnow/``.

CDNOW was an online CD shop. The dataset follows the 23,570 people who made
their first purchase there in the first quarter of 1997 and records every
purchase they made up to 30 June 1998: 69,659 transactions. It is the
classic test bed of customer-base analysis (Fader, Hardie & Lee 2005); the
course uses it as a real, external check on methods first shown on the
synthetic B2B database.

Two files are shipped, byte for byte as they appear in the ``lifetimes``
0.11.3 wheel (MIT licence; provenance and checksums in
``data/cdnow/README.md``):

- ``CDNOW_master.txt``: all 23,570 customers (one header line, then
  ``customer_id date number_of_cds dollar_value``, whitespace separated);
- ``CDNOW_sample.txt``: a 1/10 sample of 2,357 customers with **all** their
  transactions (6,919 rows, no header,
  ``master_id sample_id date number_of_cds dollar_value``). Its rows are
  exactly the master's rows for those customers.

:func:`load_cdnow` returns the same four columns for both, with the customer
id of the **master** file in both cases, so that a sample customer can be
looked up in the master.

Examples
--------
>>> from course.data.cdnow import load_cdnow
>>> cd = load_cdnow(sample=True)
>>> cd.columns.tolist()
['customer_id', 'date', 'cds', 'amount']
>>> len(cd), cd["customer_id"].nunique()
(6919, 2357)
>>> cd.head(2)
  customer_id       date  cds  amount
0       00004 1997-01-01    2   29.33
1       00004 1997-01-18    2   29.73
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from course.data.paths import shipped_path
from course.i18n import N_
from course.i18n import gettext as _
from course.validation import (
    NOT_A_DATE,
    CourseInputError,
    describe_rows,
    parse_numbers,
    require_no_missing,
    require_not_empty,
)

__all__ = ["load_cdnow", "MASTER_FILE", "SAMPLE_FILE", "COLUMNS"]

#: File names inside ``data/cdnow/`` (the names they have in the lifetimes wheel).
MASTER_FILE = "CDNOW_master.txt"
SAMPLE_FILE = "CDNOW_sample.txt"

#: Columns of the frame :func:`load_cdnow` returns.
COLUMNS = ["customer_id", "date", "cds", "amount"]

# Layout of each file: number of fields -> their names.
_LAYOUTS = {
    4: ["customer_id", "date", "cds", "amount"],  # master: id date cds dollars
    5: ["customer_id", "sample_id", "date", "cds", "amount"],  # sample: master id, sample id, ...
}


def load_cdnow(sample: bool = False, path: str | Path | None = None) -> pd.DataFrame:
    """Load the CDNOW transactions: one row per purchase.

    Parameters
    ----------
    sample : bool, default False
        ``False``: the full master file (23,570 customers, 69,659 rows).
        ``True``: the 1/10 sample (2,357 customers, 6,919 rows), i.e. every
        transaction of a random tenth of the customers.
    path : str or Path, optional
        Read this file instead of the shipped one. It must be in one of the
        two original layouts (whitespace separated; 4 fields
        ``customer_id date number_of_cds dollar_value`` with an optional
        header line, or the sample's 5 fields
        ``master_id sample_id date number_of_cds dollar_value``); the layout
        is detected from the number of fields.

    Returns
    -------
    DataFrame
        Columns ``customer_id`` (string, the master file's five-digit id, e.g.
        ``"00004"``), ``date`` (datetime64[ns], the day of the purchase),
        ``cds`` (int64, number of CDs bought) and ``amount`` (float64, US
        dollars paid). Rows sorted by customer and date (the original order
        within a day is kept), index 0..n-1. Several rows can share a
        customer and a day: they are separate purchases in the original data.

    Raises
    ------
    CourseInputError
        If the file is missing, has the wrong number of fields, or holds an
        unparsable date, a non-numeric amount, a non-integer CD count or an
        empty id.

    Examples
    --------
    >>> cd = load_cdnow()
    >>> len(cd), cd["customer_id"].nunique()
    (69659, 23570)
    >>> cd["date"].min().date(), cd["date"].max().date()
    (datetime.date(1997, 1, 1), datetime.date(1998, 6, 30))
    >>> cd.dtypes.astype(str).tolist()
    ['str', 'datetime64[ns]', 'int64', 'float64']
    """
    if path is None:
        file = shipped_path("cdnow", SAMPLE_FILE if sample else MASTER_FILE)
    else:
        file = Path(path)
        if not file.is_file():
            raise CourseInputError(
                _(
                    "CDNOW file not found at {file}. Pass the path of CDNOW_master.txt or CDNOW_sample.txt, "
                    "or leave path=None to use the copy shipped in data/cdnow/."
                ).format(file=file)
            )
    table = file.name
    try:
        raw = pd.read_csv(file, sep=r"\s+", header=None, dtype=str, skip_blank_lines=True)
    except pd.errors.EmptyDataError:
        raw = pd.DataFrame()
    except pd.errors.ParserError as exc:
        raise CourseInputError(
            _(
                "file '{file}' is not a CDNOW file: its lines have different numbers of fields ({error}). "
                "Each line must hold 'customer_id date number_of_cds dollar_value' separated by spaces."
            ).format(file=table, error=exc)
        ) from None
    require_not_empty(raw, table=table)
    layout = _LAYOUTS.get(raw.shape[1])
    if layout is None:
        raise CourseInputError(
            _(
                "file '{file}' has {fields} fields per line; a CDNOW file has 4 "
                "('customer_id date number_of_cds dollar_value') or, for the sample file, 5 "
                "('master_id sample_id date number_of_cds dollar_value'). Check that the right file was given."
            ).format(file=table, fields=raw.shape[1])
        )
    raw.columns = layout
    # The master file starts with a header line: drop it if the date field is not a number.
    if not str(raw.loc[0, "date"]).isdigit():
        raw = raw.iloc[1:].reset_index(drop=True)
        require_not_empty(raw, table=table)

    require_no_missing(raw, "customer_id", table=table)
    dates = pd.to_datetime(raw["date"], format="%Y%m%d", errors="coerce")
    bad = dates.isna()
    if bad.any():
        detail = describe_rows(raw, bad, "date", NOT_A_DATE)
        raise CourseInputError(
            _("file '{file}', column 'date': {detail}. CDNOW dates are written YYYYMMDD, e.g. 19970101.").format(
                file=table, detail=detail
            )
        )
    amount = parse_numbers(raw, "amount", table=table)
    cds = parse_numbers(raw, "cds", table=table)
    not_count = (cds < 0) | (cds != np.floor(cds))
    if not_count.any():
        problem = (N_("is not a whole number of CDs"), N_("are not whole numbers of CDs"))
        detail = describe_rows(raw, not_count, "cds", problem)
        raise CourseInputError(
            _("file '{file}', column 'cds': {detail}. Fix the file or drop those rows.").format(
                file=table, detail=detail
            )
        )

    frame = pd.DataFrame(
        {
            "customer_id": raw["customer_id"].astype("str"),
            "date": dates.astype("datetime64[ns]"),
            "cds": cds.astype("int64"),
            "amount": amount.astype("float64"),
        }
    )
    frame = frame.sort_values(["customer_id", "date"], kind="mergesort").reset_index(drop=True)
    return frame
