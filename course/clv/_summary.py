"""From transactions to the RFM-style summary the lifetime-value models need.

The BG/NBD and Gamma-Gamma models (:class:`course.clv.BetaGeoModel`,
:class:`course.clv.GammaGammaModel`) do not read transactions. They read, for each
customer, four numbers -- the same "sufficient statistics" as the
``lifetimes`` package's ``summary_data_from_transaction_data``, with exactly
its definitions:

Period
    Time is cut into periods of length ``freq`` (``"D"`` day, ``"W"`` week
    Monday-Sunday as pandas' ``to_period("W")``, ``"M"`` calendar month).
    Several purchases in the same period count as **one** purchase period;
    their amounts are summed.
frequency (购买频率)
    The number of *repeat* purchase periods: periods with a purchase, minus 1
    (the first purchase is what makes someone a customer, so it is not
    counted). 0 for a one-time buyer.
recency
    The customer's age at the last purchase: last purchase period minus
    first purchase period, in periods (divided by ``freq_multiplier``). 0
    when there is no repeat purchase. (Beware: the opposite direction of RFM
    recency, which counts the time *since* the last purchase.)
T
    The customer's age at the as-of date: the as-of date's period minus the
    first purchase period, in the same units.
monetary_value
    The mean amount per repeat purchase period: amounts are summed within
    each period first, then averaged over the repeat periods (the first
    period is left out). 0 for a one-time buyer.

``freq_multiplier`` divides the period counts, as in ``lifetimes``:
``freq="D", freq_multiplier=7`` measures time in weeks with day precision
(recency 30.43 weeks), which is how Fader, Hardie and Lee set up the CDNOW
data; ``freq="W"`` counts whole calendar weeks instead and merges purchases
made in the same week.

:func:`calibration_holdout` splits the history at a calibration date and adds
what happened afterwards (``frequency_holdout``), to test a model's forecast.

Examples
--------
>>> import pandas as pd
>>> from course.clv import summary
>>> tx = pd.DataFrame({
...     "customer_id": ["A", "A", "A", "A", "B"],
...     "date": pd.to_datetime(["2024-01-01", "2024-01-01", "2024-01-05", "2024-01-11", "2024-01-08"]),
...     "amount": [10.0, 5.0, 20.0, 40.0, 7.0]})
>>> summary(tx, asof="2024-01-15")  # doctest: +NORMALIZE_WHITESPACE
             frequency  recency     T  monetary_value
customer_id
A                    2     10.0  14.0            30.0
B                    0      0.0   7.0             0.0
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd

from course.purchases import factorize_present, resolve_asof, sorted_codes
from course.validation import (
    CourseInputError,
    after_asof,
    parse_date_parameter,
    parse_dates,
    parse_numbers,
    require_frame,
    require_no_missing,
    require_not_empty,
    warn_after_asof,
)

__all__ = ["FREQUENCIES", "summary", "calibration_holdout"]

#: The period lengths :func:`summary` understands.
FREQUENCIES = {"D": "day", "W": "week (Monday to Sunday)", "M": "calendar month"}

_TABLE = "transactions"


def _period_numbers(dates: pd.Series | pd.Timestamp, freq: str) -> np.ndarray:
    """Number each date's period: consecutive periods get consecutive integers.

    Equal to pandas' ``Period.ordinal`` for ``to_period(freq)``: days since
    1970-01-01, weeks (Monday to Sunday) counted from the week of 1970-01-01,
    months since January 1970.
    """
    values = np.asarray(pd.Series(dates).to_numpy(dtype="datetime64[ns]"))
    if freq == "M":
        return values.astype("datetime64[M]").astype(np.int64)
    days = values.astype("datetime64[D]").astype(np.int64)
    if freq == "D":
        return days
    # 1970-01-01 was a Thursday; the Monday that starts its week is day -3.
    return np.floor_divide(days + 3, 7)


def _check_options(freq: object, freq_multiplier: object) -> tuple[str, float]:
    if freq not in FREQUENCIES:
        choices = ", ".join(f"{k!r} ({v})" for k, v in FREQUENCIES.items())
        raise CourseInputError(f"freq={freq!r} is not supported; use one of {choices}.")
    if isinstance(freq_multiplier, bool) or not isinstance(freq_multiplier, (int, float, np.integer, np.floating)):
        raise CourseInputError(f"freq_multiplier must be a positive number, got {freq_multiplier!r}.")
    if not freq_multiplier > 0:
        raise CourseInputError(
            f"freq_multiplier must be positive, got {freq_multiplier!r} (e.g. 7 turns days into weeks)."
        )
    return str(freq), float(freq_multiplier)


def _parse_date(value: object, name: str) -> pd.Timestamp:
    return parse_date_parameter(value, name=name, example="1997-09-30")


def _read(
    transactions: object, customer: str, date: str, amount: str | None
) -> tuple[pd.Series, pd.Series, np.ndarray | None]:
    """Validate the transactions and return ids, dates and amounts (or None)."""
    frame = require_frame(transactions, table=_TABLE)
    require_not_empty(frame, table=_TABLE)
    require_no_missing(frame, customer, table=_TABLE)
    dates = parse_dates(frame, date, table=_TABLE).dt.normalize()  # the course counts days (course.purchases)
    amounts = None if amount is None else parse_numbers(frame, amount, table=_TABLE).to_numpy()
    return frame[customer], dates, amounts


def _aggregate(
    ids: pd.Series | tuple[np.ndarray, pd.Index], periods: np.ndarray, amounts: np.ndarray | None
) -> tuple[pd.Index, np.ndarray, np.ndarray, np.ndarray, np.ndarray | None, np.ndarray | None]:
    """Collapse rows to (customer, period) cells, vectorised.

    ``ids`` are the customer ids of the rows, or already their codes into the sorted customers
    (:func:`course.purchases.sorted_codes`). Returns the customers (sorted), and per customer: number of
    purchase periods, first and last period, total amount and first-period amount.
    """
    codes, customers = ids if isinstance(ids, tuple) else pd.factorize(ids, sort=True)
    start = periods.min()
    span = int(periods.max() - start) + 1
    cell = codes.astype(np.int64) * span + (periods - start)
    cells, inverse = np.unique(cell, return_inverse=True)
    owner = cells // span
    period = cells % span + start
    n = len(customers)
    count = np.bincount(owner, minlength=n)
    first_idx = np.searchsorted(owner, np.arange(n), side="left")
    last_idx = first_idx + count - 1
    if amounts is None:
        return pd.Index(customers), count, period[first_idx], period[last_idx], None, None
    cell_amount = np.bincount(inverse.ravel(), weights=amounts, minlength=len(cells))
    total = np.bincount(owner, weights=cell_amount, minlength=n)
    return pd.Index(customers), count, period[first_idx], period[last_idx], total, cell_amount[first_idx]


def _summarise(
    ids: pd.Series | tuple[np.ndarray, pd.Index],
    periods: np.ndarray,
    amounts: np.ndarray | None,
    asof_period: int,
    multiplier: float,
    customer: str,
) -> pd.DataFrame:
    customers, count, first, last, total, first_amount = _aggregate(ids, periods, amounts)
    frequency = count - 1
    out = pd.DataFrame(
        {
            "frequency": frequency.astype(np.int64),
            "recency": (last - first) / multiplier,
            "T": (asof_period - first) / multiplier,
        },
        index=customers.rename(customer),
    )
    if amounts is not None:
        repeat_total = total - first_amount
        with np.errstate(invalid="ignore", divide="ignore"):
            out["monetary_value"] = np.where(frequency > 0, repeat_total / np.maximum(frequency, 1), 0.0)
    return out


def _drop_after(dates: pd.Series, asof: pd.Timestamp) -> np.ndarray:
    """Mask of rows up to ``asof``; warn once with the number of rows dropped."""
    keep = (dates <= asof).to_numpy()
    dropped = int((~keep).sum())
    if dropped:
        warn_after_asof(f"{after_asof(dropped, asof, 'transaction row(s)')} were left out.", stacklevel=3)
    if not keep.any():
        raise CourseInputError(
            f"table '{_TABLE}': no transaction is dated on or before asof {asof.date()} "
            f"(the first is {dates.min().date()}). Choose a later date."
        )
    return keep


def summary(
    transactions: pd.DataFrame,
    customer: str = "customer_id",
    date: str = "date",
    amount: str | None = "amount",
    asof: object = None,
    freq: str = "D",
    freq_multiplier: float = 1,
) -> pd.DataFrame:
    """Summarise transactions into frequency, recency, T and monetary value per customer.

    The definitions (see the module docstring) are those of ``lifetimes``'
    ``summary_data_from_transaction_data``, so results can be compared with
    the literature.

    Parameters
    ----------
    transactions : DataFrame
        One row per purchase (or order line). Not modified.
    customer, date, amount : str
        Column names. ``amount=None`` leaves out ``monetary_value``.
    asof : date-like, optional
        The end of the observation period (T is measured up to it). Default:
        the day after the last transaction date, as everywhere in the course
        (:mod:`course.purchases`); ``lifetimes``' default is the last date
        itself -- pass ``asof`` to match it. Rows dated after ``asof`` are
        left out with one ``UserWarning`` (``lifetimes`` keeps rows after
        ``asof`` that fall in ``asof``'s own period; the course does not).
    freq : {"D", "W", "M"}, default "D"
        Period length; purchases in one period count once.
    freq_multiplier : float, default 1
        Divide recency and T by this (``freq="D", freq_multiplier=7`` gives
        weeks with day precision).

    Returns
    -------
    DataFrame
        Indexed by customer (sorted, named ``customer``), columns
        ``frequency`` (int64), ``recency``, ``T`` and, unless ``amount`` is
        None, ``monetary_value`` (float64).

    Raises
    ------
    CourseInputError
        Missing or misspelt column, empty table, empty customer ids,
        unparsable dates, non-numeric amounts, bad ``asof`` / ``freq``.

    Examples
    --------
    >>> import pandas as pd
    >>> tx = pd.DataFrame({"customer_id": ["A", "A", "B"],
    ...                    "date": ["2024-01-01", "2024-01-15", "2024-01-08"],
    ...                    "amount": [10.0, 30.0, 5.0]})
    >>> summary(tx, asof="2024-01-29", freq="W")  # doctest: +NORMALIZE_WHITESPACE
                 frequency  recency    T  monetary_value
    customer_id
    A                    1      2.0  4.0            30.0
    B                    0      0.0  3.0             0.0
    """
    freq, multiplier = _check_options(freq, freq_multiplier)
    frame = require_frame(transactions, table=_TABLE)
    require_not_empty(frame, table=_TABLE)
    # the ids are hashed once (an empty one is named by the check); only the distinct ids are sorted
    codes, uniques = factorize_present(frame, customer, table=_TABLE)
    dates = parse_dates(frame, date, table=_TABLE).dt.normalize()  # the course counts days (course.purchases)
    amounts = None if amount is None else parse_numbers(frame, amount, table=_TABLE).to_numpy()
    stamp = resolve_asof(asof, dates)
    keep = _drop_after(dates, stamp)
    ids = sorted_codes(codes, uniques, keep)
    if not keep.all():
        dates = dates[keep]
        amounts = None if amounts is None else amounts[keep]
    periods = _period_numbers(dates, freq)
    asof_period = int(_period_numbers(pd.Series([stamp]), freq)[0])
    return _summarise(ids, periods, amounts, asof_period, multiplier, customer)


def calibration_holdout(
    transactions: pd.DataFrame,
    calibration_end: object,
    customer: str = "customer_id",
    date: str = "date",
    amount: str | None = "amount",
    asof: object = None,
    freq: str = "D",
    freq_multiplier: float = 1,
) -> pd.DataFrame:
    """Split each customer's history into a calibration and a holdout period.

    Like ``lifetimes``' ``calibration_and_holdout_data``: the calibration
    summary is :func:`summary` of the rows dated up to ``calibration_end``
    (inclusive) with ``asof=calibration_end``, its columns suffixed ``_cal``;
    the holdout is the rows after ``calibration_end`` up to ``asof``.

    Parameters
    ----------
    transactions : DataFrame
        One row per purchase. Not modified.
    calibration_end : date-like
        Last day of the calibration period.
    customer, date, amount, freq, freq_multiplier
        As in :func:`summary`.
    asof : date-like, optional
        End of the holdout period; default the day after the last
        transaction date (:mod:`course.purchases`). Rows after it are left
        out with one ``UserWarning``.

    Returns
    -------
    DataFrame
        One row per customer whose first purchase is in the calibration
        period: ``frequency_cal``, ``recency_cal``, ``T_cal``
        [``monetary_value_cal``], then ``frequency_holdout`` (number of
        periods with a purchase in the holdout; as in ``lifetimes``, a period
        that straddles ``calibration_end`` can count in both),
        [``monetary_value_holdout``: mean amount per holdout purchase period,
        amounts summed within a period first -- ``lifetimes`` averages the
        raw rows instead; 0 without holdout purchases] and
        ``duration_holdout`` (asof's period minus calibration_end's period,
        divided by ``freq_multiplier``). Customers who first buy in the
        holdout have no calibration history and are left out (counted in
        the same warning).

    Examples
    --------
    >>> import pandas as pd
    >>> tx = pd.DataFrame({"customer_id": ["A", "A", "A", "B"],
    ...                    "date": ["2024-01-01", "2024-01-03", "2024-01-20", "2024-01-02"],
    ...                    "amount": [10.0, 20.0, 12.0, 5.0]})
    >>> split = calibration_holdout(tx, "2024-01-10", asof="2024-01-31")
    >>> split.columns.tolist()  # doctest: +NORMALIZE_WHITESPACE
    ['frequency_cal', 'recency_cal', 'T_cal', 'monetary_value_cal',
     'frequency_holdout', 'monetary_value_holdout', 'duration_holdout']
    >>> split.loc["A"].tolist()
    [1.0, 2.0, 9.0, 20.0, 1.0, 12.0, 21.0]
    >>> split["monetary_value_holdout"].tolist()
    [12.0, 0.0]
    """
    freq, multiplier = _check_options(freq, freq_multiplier)
    ids, dates, amounts = _read(transactions, customer, date, amount)
    cal_end = _parse_date(calibration_end, "calibration_end")
    stamp = resolve_asof(asof, dates)
    if stamp <= cal_end:
        raise CourseInputError(
            f"asof ({stamp.date()}) must come after calibration_end ({cal_end.date()}): the holdout period "
            "is the time between them. Choose an earlier calibration_end."
        )
    periods = _period_numbers(dates, freq)
    in_cal = (dates <= cal_end).to_numpy()
    in_hold = ((dates > cal_end) & (dates <= stamp)).to_numpy()
    after = int((dates > stamp).sum())
    if not in_cal.any():
        raise CourseInputError(
            f"table '{_TABLE}': no transaction is dated on or before calibration_end {cal_end.date()} "
            f"(the first is {dates.min().date()}). Choose a later calibration_end."
        )
    cal_ids = pd.Index(ids[in_cal].unique())
    new_in_holdout = pd.Index(ids[in_hold].unique()).difference(cal_ids)
    messages = []
    if after:
        messages.append(f"{after_asof(after, stamp, 'transaction row(s)')} were left out")
    if len(new_in_holdout):
        messages.append(
            f"{len(new_in_holdout):,} customer(s) whose first purchase comes after calibration_end "
            f"{cal_end.date()} were left out"
        )
    if after:  # the as-of cut, and in the same sentence any customer left out for another reason
        warn_after_asof("; ".join(messages) + ".", other_reasons=len(messages) > 1)
    elif messages:
        warnings.warn("; ".join(messages) + ".", UserWarning, stacklevel=2)

    cal_amounts = None if amounts is None else amounts[in_cal]
    cal_period = int(_period_numbers(pd.Series([cal_end]), freq)[0])
    out = _summarise(ids[in_cal], periods[in_cal], cal_amounts, cal_period, multiplier, customer)
    out.columns = [f"{c}_cal" for c in out.columns]

    hold = in_hold & ids.isin(cal_ids).to_numpy()
    holdout = pd.DataFrame(index=out.index)
    if hold.any():
        hold_amounts = None if amounts is None else amounts[hold]
        customers, count, _, _, total, _ = _aggregate(ids[hold], periods[hold], hold_amounts)
        position = out.index.get_indexer(customers)
        n_hold = np.zeros(len(out), dtype=np.int64)
        n_hold[position] = count
        holdout["frequency_holdout"] = n_hold
        if amounts is not None:
            money = np.zeros(len(out))
            money[position] = total / count
            holdout["monetary_value_holdout"] = money
    else:
        holdout["frequency_holdout"] = np.zeros(len(out), dtype=np.int64)
        if amounts is not None:
            holdout["monetary_value_holdout"] = 0.0
    out = out.join(holdout)
    asof_period = int(_period_numbers(pd.Series([stamp]), freq)[0])
    out["duration_holdout"] = (asof_period - cal_period) / multiplier
    return out
