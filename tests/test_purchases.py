"""One definition of a purchase (course.purchases), and every analysis keeping to it.

The conventions -- completed lines only, unknown statuses rejected, days
counted without the time of day, the day after the last order as the default
as-of date -- are tested once on the module and then across the modules that
use it, so that no module can drift back to a private copy.
"""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest

from course import churn, clv, lifecycle, rfm, tiers
from course.customers import customer_table
from course.insight import product_mix
from course.purchases import (
    PURCHASE_STATUS,
    completed_orders,
    day_number,
    day_numbers,
    default_asof,
    is_purchase,
    purchases,
    resolve_asof,
)
from course.validation import CourseInputError


def orders(status=("completed", "completed", "cancelled", "completed"), times=("00:00",) * 4):
    return pd.DataFrame(
        {
            "order_id": ["O1", "O2", "O3", "O4"],
            "customer_id": ["A", "A", "B", "C"],
            "order_date": pd.to_datetime(
                [
                    f"{d} {t}"
                    for d, t in zip(["2024-03-01", "2024-06-30", "2024-05-01", "2024-06-01"], times, strict=True)
                ]
            ),
            "product_line": ["Hardware"] * 4,
            "quantity": [1, 1, 1, 1],
            "revenue": [100.0, 50.0, 70.0, 20.0],
            "cost": [60.0, 30.0, 40.0, 10.0],
            "margin": [40.0, 20.0, 30.0, 10.0],
            "status": list(status),
        }
    )


def customers():
    return pd.DataFrame(
        {
            "customer_id": ["A", "B", "C", "D"],
            "industry": ["Retail"] * 4,
            "region": ["North"] * 4,
            "account_manager": ["AM01"] * 4,
            "employees": [10] * 4,
            "industry_influence": [1] * 4,
            "acquired_date": pd.to_datetime(["2024-01-01"] * 4),
        }
    )


# --------------------------------------------------------------------------- the module


def test_only_completed_lines_are_purchases():
    assert PURCHASE_STATUS == "completed"
    assert is_purchase(orders()).tolist() == [True, True, False, True]
    assert completed_orders(orders())["order_id"].tolist() == ["O1", "O2", "O4"]
    assert is_purchase(orders(), None).all()


@pytest.mark.parametrize("bad", ["Completed", "done", " completed"])
def test_an_unknown_status_is_an_error_naming_the_row(bad):
    with pytest.raises(CourseInputError, match=rf"row 1 \('{bad}'\).*Allowed values are 'completed'"):
        is_purchase(orders(status=("completed", bad, "cancelled", "completed")))


def test_a_missing_status_column_or_value_is_an_error():
    with pytest.raises(CourseInputError, match="column 'status' .*not found.*status=None"):
        is_purchase(orders().drop(columns="status"))
    with pytest.raises(CourseInputError, match="column 'status'.*empty"):
        is_purchase(orders(status=("completed", None, "cancelled", "completed")))


def test_days_drop_the_time_of_day():
    stamps = pd.to_datetime(pd.Series(["2024-06-30 00:00", "2024-06-30 23:59"]))
    assert day_numbers(stamps).tolist() == [day_number(pd.Timestamp("2024-06-30"))] * 2
    assert day_number(pd.Timestamp("1970-01-01")) == 0


def test_default_asof_is_the_day_after_the_latest_row_of_any_status():
    frame = orders(status=("completed", "cancelled", "completed", "completed"))
    assert default_asof(frame["order_date"]) == pd.Timestamp("2024-07-01")
    assert purchases(frame).asof == pd.Timestamp("2024-07-01")
    assert resolve_asof("2024-06-30 18:00") == pd.Timestamp("2024-06-30")
    with pytest.raises(CourseInputError, match="asof='soon' is not a valid date"):
        resolve_asof("soon", frame["order_date"])


def test_purchases_after_asof_are_counted_and_left_out():
    bought = purchases(orders(), asof="2024-05-31")
    assert len(bought) == 1 and bought.n_after == 2 and bought.n_rows_after == 2
    assert list(bought.ids) == ["A", "B", "C"]  # every customer of the table, whatever the status
    assert bought.ids[bought.code].tolist() == ["A"]
    assert bought.rows.tolist() == [0]


def test_the_input_is_not_modified():
    frame = orders()
    before = frame.copy()
    purchases(frame, asof="2024-05-31")
    completed_orders(frame)
    pd.testing.assert_frame_equal(frame, before)


# --------------------------------------------------------------------------- every module keeps to it


def _db(frame):
    return SimpleNamespace(customers=customers(), orders=frame)


ENTRY_POINTS = {
    "customer_table": lambda o: customer_table(_db(o), asof="2024-12-31"),
    "product_mix": lambda o: product_mix(o),
    "recent_revenue": lambda o: tiers.recent_revenue(o, "2024-12-31"),
    "lifecycle_states": lambda o: lifecycle.lifecycle_states(o, "2024-12-31"),
    "cohort_retention": lambda o: lifecycle.cohort_retention(o, asof="2024-12-31"),
    "time_to_churn": lambda o: lifecycle.time_to_churn(o, "2024-12-31"),
    "churn_features": lambda o: churn.churn_features(SimpleNamespace(orders=o), "2024-12-31"),
    "churn_labels": lambda o: churn.churn_labels(SimpleNamespace(orders=o), "2024-01-31", 30),
}


@pytest.mark.parametrize("name", ENTRY_POINTS)
def test_every_analysis_rejects_an_unknown_status(name):
    frame = orders(status=("completed", "Completed", "cancelled", "completed"))
    with pytest.raises(CourseInputError, match=r"unknown status: row 1 \('Completed'\)"):
        ENTRY_POINTS[name](frame)


def test_every_analysis_counts_an_order_late_on_the_asof_day():
    frame = orders(times=("00:00", "23:59", "00:00", "00:00"))
    asof = "2024-06-30"
    assert customer_table(_db(frame), asof=asof).loc["A", "n_orders"] == 2
    assert tiers.recent_revenue(frame, asof).loc["A"] == 150.0
    assert lifecycle.lifecycle_states(frame, asof).loc["A", "recency_days"] == 0
    assert (
        rfm.rfm_table(completed_orders(frame), date="order_date", amount="revenue", asof=asof).loc["A", "recency"] == 0
    )
    summary = clv.summary(completed_orders(frame), date="order_date", amount="revenue", asof=asof)
    assert summary.loc["A", "frequency"] == 1


def test_every_analysis_has_the_same_default_asof():
    frame = orders()  # latest order 2024-06-30: the default as-of date is 2024-07-01
    completed = completed_orders(frame)
    recency = {
        "customer_table": customer_table(_db(frame)).loc["A", "recency_days"],
        "lifecycle_states": lifecycle.lifecycle_states(frame).loc["A", "recency_days"],
        "purchase_summary": lifecycle.purchase_summary(frame).loc["A", "recency_days"],
        "rfm_table": rfm.rfm_table(completed, date="order_date", amount="revenue").loc["A", "recency"],
        "clv.summary (T - recency)": np.diff(
            clv.summary(completed, date="order_date", amount="revenue").loc["A", ["recency", "T"]]
        )[0],
    }
    assert set(recency.values()) == {1}, recency
