"""One rounding rule for every check helper: a number, each value of a Series and each cell of a column.

A right value rounded to at least ``ROUNDED_DIGITS`` significant digits passes whatever trailing zeros it
does not print; coarser rounding fails with the hint not to round; a count (an integer) must be exact.
"""

from __future__ import annotations

import pandas as pd
import pytest

from course.checks import ROUNDED_DIGITS, AnswerError, check_frame, check_number, check_series, rounded_digits


def test_trailing_zeros_do_not_count_against_a_rounded_number():
    assert ROUNDED_DIGITS == 3
    assert rounded_digits(0.2, 0.200114) == 3  # round(0.200114, 3) == 0.2 (printed 0.200)
    assert rounded_digits(0.26, 0.2598) == 3  # 0.260
    assert rounded_digits(0.25, 0.2549) == 2  # 0.255 at three digits: 0.25 keeps two
    assert rounded_digits(0.27, 0.2549) is None  # no rounding of 0.2549


@pytest.mark.parametrize("value", [0.2, 0.2001, round(0.200114, 3)])
def test_check_number_accepts_the_rounded_share(value):
    check_number(value, 0.200114, name="share", question="5")


def test_check_number_hints_at_coarse_rounding_and_rejects_wrong_and_blank():
    with pytest.raises(AnswerError, match="don't round"):
        check_number(0.25, 0.2549, name="share", question="5")
    with pytest.raises(AnswerError, match="is not right"):
        check_number(0.201, 0.200114, name="share", question="5")
    with pytest.raises(AnswerError, match="is still"):
        check_number(..., 0.200114, name="share", question="5")
    with pytest.raises(AnswerError, match="is not right"):
        check_number(1230, 1234.0, name="n", question="5")  # a count is never "rounded"


def test_series_and_frames_follow_the_same_rule():
    shares = pd.Series({"a": 0.203324, "b": 0.250165, "c": 0.159280, "d": 0.387231})
    check_series(shares.round(3), shares, name="mix", question="6")
    check_frame(shares.round(3).to_frame("share"), shares.to_frame("share"), name="mix", question="6")
    with pytest.raises(AnswerError, match="don't round"):
        check_series(shares.round(1), shares, name="mix", question="6")
    with pytest.raises(AnswerError, match="don't round"):
        check_frame(shares.round(1).to_frame("share"), shares.to_frame("share"), name="mix", question="6")
    with pytest.raises(AnswerError, match="values differ"):
        check_series(shares + 0.01, shares, name="mix", question="6")
    with pytest.raises(AnswerError, match="is still"):
        check_series(..., shares, name="mix", question="6")


def test_small_values_rounded_to_nothing_get_the_hint():
    shares = pd.Series({"a": 0.9996, "b": 0.0004})
    with pytest.raises(AnswerError, match="don't round"):
        check_series(shares.round(3), shares, name="mix", question="6")  # 0.0004 -> 0.0


def test_counts_in_a_series_must_be_exact():
    counts = pd.Series({"a": 1234, "b": 7})
    with pytest.raises(AnswerError, match="values differ"):
        check_series(pd.Series({"a": 1230, "b": 7}), counts, name="n", question="2")
