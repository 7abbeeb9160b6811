"""Tests of the customer table (course.customers) and of course.insight: product mix and distribution summary."""

from __future__ import annotations

import copy
import warnings
from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from course.customers import CUSTOMER_TABLE_COLUMNS, customer_table
from course.insight import distribution_summary, product_mix
from course.validation import CourseInputError


def small_db() -> SimpleNamespace:
    """Three customers: C1 buys twice, C2 once (plus a cancelled and a returned line), C3 is a prospect."""
    customers = pd.DataFrame(
        {
            "customer_id": ["C1", "C2", "C3"],
            "company_name": ["A", "B", "C"],
            "industry": pd.Categorical(["Retail", "Energy", "Retail"]),
            "region": pd.Categorical(["North", "East", "South"]),
            "employees": [50, 900, 10],
            "acquired_date": pd.to_datetime(["2023-01-01", "2023-06-01", "2024-03-01"]),
            "industry_influence": [2, 5, 1],
            "account_manager": ["AM01", "AM02", "AM01"],
        }
    )
    orders = pd.DataFrame(
        {
            "order_id": ["O1", "O1", "O2", "O3", "O3", "O4", "O5"],
            "line_no": [1, 2, 1, 1, 2, 1, 1],
            "customer_id": ["C1", "C1", "C1", "C2", "C2", "C2", "C2"],
            "order_date": pd.to_datetime(
                ["2024-01-10", "2024-01-10", "2024-06-30", "2024-03-01", "2024-03-01", "2024-09-01", "2024-12-30"]
            ),
            "product_line": ["Hardware", "Services", "Hardware", "Software", "Services", "Software", "Hardware"],
            "channel": ["Direct sales"] * 7,
            "quantity": [1, 1, 2, 1, 1, 1, 1],
            "revenue": [1000.0, 200.0, 800.0, 500.0, 100.0, 300.0, 9999.0],
            "cost": [700.0, 100.0, 600.0, 200.0, 50.0, 100.0, 1.0],
            "margin": [300.0, 100.0, 200.0, 300.0, 50.0, 200.0, 9998.0],
            "status": ["completed", "completed", "completed", "completed", "returned", "completed", "cancelled"],
        }
    )
    interactions = pd.DataFrame(
        {
            "interaction_id": ["I1", "I2", "I3", "I4"],
            "customer_id": ["C1", "C1", "C2", "C3"],
            "contact_id": ["P1", None, "P2", None],
            "date": pd.to_datetime(["2024-01-05", "2024-05-05", "2024-02-01", "2024-04-01"]),
            "type": ["visit", "email", "visit", "call"],
            "duration_minutes": [60, 5, 90, 10],
        }
    )
    contacts = pd.DataFrame({"contact_id": ["P1", "P2", "P3"], "customer_id": ["C1", "C2", "C2"]})
    surveys = pd.DataFrame(
        {
            "survey_id": ["S1", "S2", "S3"],
            "customer_id": ["C1", "C1", "C2"],
            "date": pd.to_datetime(["2024-02-01", "2024-08-01", "2024-04-01"]),
            "csat": [4, 5, 2],
            "nps": [8, 10, 3],
        }
    )
    tickets = pd.DataFrame(
        {
            "ticket_id": ["T1", "T2", "T3"],
            "customer_id": ["C2", "C2", "C1"],
            "opened_date": pd.to_datetime(["2024-03-05", "2024-09-10", "2024-07-01"]),
            "closed_date": pd.to_datetime(["2024-03-07", None, "2024-07-02"]),
            "category": ["customisation request", "complaint", "customisation request"],
        }
    )
    cost_to_serve = pd.DataFrame(
        {
            "customer_id": ["C1", "C1", "C2"],
            "year": [2023, 2024, 2024],
            "total": [50.0, 150.0, 400.0],
        }
    )
    return SimpleNamespace(
        customers=customers,
        orders=orders,
        interactions=interactions,
        contacts=contacts,
        surveys=surveys,
        tickets=tickets,
        cost_to_serve=cost_to_serve,
    )


# --------------------------------------------------------------------------- customer_table


def test_columns_index_and_order():
    table = customer_table(small_db())
    assert list(table.columns) == CUSTOMER_TABLE_COLUMNS
    assert table.index.name == "customer_id"
    assert list(table.index) == ["C1", "C2", "C3"]


def test_hand_computed_values():
    table = customer_table(small_db())
    # asof = day after the latest order_date of any status (the cancelled 2024-12-30 line)
    asof = pd.Timestamp("2024-12-31")
    c1, c2, c3 = table.loc["C1"], table.loc["C2"], table.loc["C3"]

    assert (c1["n_orders"], c1["n_lines"], c1["n_product_lines"]) == (2, 3, 2)
    assert (c1["revenue"], c1["cost"], c1["margin"]) == (2000.0, 1400.0, 600.0)
    assert c1["margin_rate"] == pytest.approx(0.3)
    assert c1["avg_order_value"] == pytest.approx(1000.0)
    assert c1["cost_to_serve"] == 200.0 and c1["profit"] == 400.0
    assert c1["first_purchase"] == pd.Timestamp("2024-01-10")
    assert c1["last_purchase"] == pd.Timestamp("2024-06-30")
    assert c1["recency_days"] == (asof - pd.Timestamp("2024-06-30")).days
    assert c1["tenure_years"] == pytest.approx((asof - pd.Timestamp("2024-01-10")).days / 365.25)
    assert (c1["n_interactions"], c1["n_visits"], c1["n_tickets"], c1["customisation_requests"]) == (2, 1, 1, 1)
    assert c1["mean_csat"] == 4.5 and c1["mean_nps"] == 9.0 and c1["n_contacts"] == 1

    # the returned and cancelled lines do not count
    assert (c2["n_orders"], c2["n_lines"], c2["n_product_lines"]) == (2, 2, 1)
    assert (c2["revenue"], c2["cost"], c2["margin"]) == (800.0, 300.0, 500.0)
    assert c2["avg_order_value"] == 400.0
    assert c2["profit"] == 100.0
    assert c2["last_purchase"] == pd.Timestamp("2024-09-01")
    assert (c2["n_tickets"], c2["customisation_requests"], c2["n_contacts"]) == (2, 1, 2)
    assert c2["mean_csat"] == 2.0 and c2["mean_nps"] == 3.0

    # the prospect
    assert (c3["n_orders"], c3["n_lines"], c3["revenue"], c3["profit"], c3["cost_to_serve"]) == (0, 0, 0.0, 0.0, 0.0)
    assert pd.isna(c3["first_purchase"]) and pd.isna(c3["last_purchase"])
    for column in ("margin_rate", "avg_order_value", "tenure_years", "recency_days", "mean_csat", "mean_nps"):
        assert np.isnan(c3[column]), column
    assert c3["n_interactions"] == 1 and c3["n_visits"] == 0


def test_copied_columns_and_dtypes():
    db = small_db()
    table = customer_table(db)
    assert table["industry"].dtype == db.customers["industry"].dtype
    assert list(table["employees"]) == [50, 900, 10]
    assert list(table["industry_influence"]) == [2, 5, 1]
    assert list(table["account_manager"]) == ["AM01", "AM02", "AM01"]
    for column in (
        "n_orders",
        "n_lines",
        "n_product_lines",
        "n_interactions",
        "n_visits",
        "n_tickets",
        "customisation_requests",
        "n_contacts",
    ):
        assert table[column].dtype == "int64", column
    for column in ("first_purchase", "last_purchase", "acquired_date"):
        assert table[column].dtype == "datetime64[ns]", column
    for column in ("revenue", "margin_rate", "recency_days", "tenure_years", "mean_csat"):
        assert table[column].dtype == "float64", column


def test_input_not_modified():
    db = small_db()
    before = copy.deepcopy(db)
    customer_table(db, asof="2024-12-31")
    with pytest.warns(UserWarning, match="ignored"):
        customer_table(db, asof="2024-05-01")  # with dropped rows
    for name in vars(before):
        pd.testing.assert_frame_equal(getattr(db, name), getattr(before, name))


def test_explicit_asof_drops_later_rows_with_one_warning():
    db = small_db()
    with pytest.warns(UserWarning, match=r"ignored (\d+) rows dated after asof 2024-05-01") as record:
        table = customer_table(db, asof="2024-05-01")
    assert len(record) == 1
    # orders after 2024-05-01: O2, O4, O5 (3 lines); interactions: I2; surveys: S2;
    # tickets: T2, T3; cost_to_serve: none (2024 is asof's year)
    message = str(record[0].message)
    assert "ignored 7 rows" in message and "orders: 3" in message and "tickets: 2" in message
    assert table.loc["C1", "n_orders"] == 1 and table.loc["C1", "revenue"] == 1200.0
    assert table.loc["C2", "revenue"] == 500.0
    assert table.loc["C1", "recency_days"] == (pd.Timestamp("2024-05-01") - pd.Timestamp("2024-01-10")).days
    assert table.loc["C1", "n_interactions"] == 1 and table.loc["C1", "mean_csat"] == 4.0
    assert table.loc["C2", "n_tickets"] == 1 and table.loc["C1", "n_tickets"] == 0


def test_cost_to_serve_years_after_asof_are_dropped():
    db = small_db()
    with pytest.warns(UserWarning, match="cost_to_serve: 2"):
        table = customer_table(db, asof="2023-12-31")
    assert table.loc["C1", "cost_to_serve"] == 50.0 and table.loc["C2", "cost_to_serve"] == 0.0


def test_default_asof_gives_no_warning():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        customer_table(small_db())


def test_asof_on_an_order_day_keeps_that_day():
    table = customer_table(small_db(), asof=pd.Timestamp("2024-12-30"))
    assert table.loc["C2", "recency_days"] == (pd.Timestamp("2024-12-30") - pd.Timestamp("2024-09-01")).days


def test_optional_tables_may_be_missing_or_empty():
    db = small_db()
    bare = SimpleNamespace(customers=db.customers, orders=db.orders)
    table = customer_table(bare)
    assert (table[["n_interactions", "n_visits", "n_tickets", "customisation_requests", "n_contacts"]] == 0).all().all()
    assert table["cost_to_serve"].eq(0).all() and table["mean_csat"].isna().all()
    pd.testing.assert_series_equal(table["profit"], table["margin"], check_names=False)

    empty = SimpleNamespace(**{name: getattr(db, name).iloc[0:0] for name in vars(db)})
    empty.customers, empty.orders = db.customers, db.orders
    pd.testing.assert_frame_equal(customer_table(empty), table)


def test_string_and_categorical_ids():
    db = small_db()
    db.customers["customer_id"] = db.customers["customer_id"].astype("string")
    db.orders["customer_id"] = db.orders["customer_id"].astype("category")
    db.orders["status"] = db.orders["status"].astype("category")
    db.interactions["type"] = db.interactions["type"].astype("category")
    table = customer_table(db)
    assert table.loc["C1", "revenue"] == 2000.0 and table.loc["C1", "n_visits"] == 1


def independent_table(db: SimpleNamespace, asof: pd.Timestamp) -> pd.DataFrame:
    """The same table with groupby / merge, written separately from the module."""
    done = db.orders[(db.orders["status"] == "completed") & (db.orders["order_date"] <= asof)]
    g = done.groupby("customer_id")
    out = pd.DataFrame(index=pd.Index(db.customers["customer_id"], name="customer_id"))
    out["n_orders"] = g["order_id"].nunique()
    out["n_lines"] = g.size()
    out["revenue"] = g["revenue"].sum()
    out["margin"] = g["margin"].sum()
    out["n_product_lines"] = g["product_line"].nunique()
    out["last_purchase"] = g["order_date"].max().astype("datetime64[ns]")
    out = out.fillna({"n_orders": 0, "n_lines": 0, "revenue": 0.0, "margin": 0.0, "n_product_lines": 0})
    out["avg_order_value"] = out["revenue"] / out["n_orders"].replace(0, np.nan)
    out["recency_days"] = (asof - out["last_purchase"]).dt.days.astype("float64")
    inter = db.interactions[db.interactions["date"] <= asof]
    out["n_interactions"] = inter.groupby("customer_id").size().reindex(out.index, fill_value=0)
    out["mean_csat"] = db.surveys[db.surveys["date"] <= asof].groupby("customer_id")["csat"].mean()
    return out


def random_db(rng: np.random.Generator, n_customers: int, n_lines: int) -> SimpleNamespace:
    ids = [f"C{i:04d}" for i in range(n_customers)]
    customers = pd.DataFrame(
        {
            "customer_id": ids,
            "industry": rng.choice(["Retail", "Energy"], n_customers),
            "region": rng.choice(["North", "East"], n_customers),
            "account_manager": rng.choice(["AM01", "AM02"], n_customers),
            "employees": rng.integers(1, 1000, n_customers),
            "industry_influence": rng.integers(1, 6, n_customers),
            "acquired_date": pd.Timestamp("2020-01-01") + pd.to_timedelta(rng.integers(0, 300, n_customers), "D"),
        }
    )
    order_no = rng.integers(0, max(1, n_lines // 2), n_lines)
    buyer = rng.integers(0, n_customers, n_lines)
    # an order belongs to one customer: take the customer of the order's first line
    first_buyer = pd.Series(buyer).groupby(order_no).transform("first").to_numpy()
    revenue = np.round(rng.uniform(1, 1000, n_lines), 2)
    cost = np.round(revenue * rng.uniform(0.3, 1.1, n_lines), 2)
    order_day = pd.Series(pd.Timestamp("2021-01-01") + pd.to_timedelta(rng.integers(0, 1000, order_no.max() + 1), "D"))
    orders = pd.DataFrame(
        {
            "order_id": [f"O{k:06d}" for k in order_no],
            "customer_id": [ids[k] for k in first_buyer],
            "order_date": order_day.iloc[order_no].to_numpy(),
            "product_line": rng.choice(["Hardware", "Software", "Services"], n_lines),
            "revenue": revenue,
            "cost": cost,
            "margin": np.round(revenue - cost, 2),
            "status": rng.choice(["completed", "cancelled", "returned"], n_lines, p=[0.8, 0.1, 0.1]),
        }
    )
    n_int = 3 * n_customers
    interactions = pd.DataFrame(
        {
            "customer_id": rng.choice(ids, n_int),
            "date": pd.Timestamp("2021-01-01") + pd.to_timedelta(rng.integers(0, 1000, n_int), "D"),
            "type": rng.choice(["visit", "call"], n_int),
        }
    )
    surveys = pd.DataFrame(
        {
            "customer_id": rng.choice(ids, n_customers),
            "date": pd.Timestamp("2021-01-01") + pd.to_timedelta(rng.integers(0, 1000, n_customers), "D"),
            "csat": rng.integers(1, 6, n_customers),
            "nps": rng.integers(0, 11, n_customers),
        }
    )
    return SimpleNamespace(customers=customers, orders=orders, interactions=interactions, surveys=surveys)


@pytest.mark.parametrize("asof", [None, "2022-06-30"])
def test_agrees_with_independent_groupby(asof):
    db = random_db(np.random.default_rng(3), n_customers=300, n_lines=3000)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        table = customer_table(db, asof=asof)
    stamp = db.orders["order_date"].max() + pd.Timedelta(days=1) if asof is None else pd.Timestamp(asof)
    expected = independent_table(db, stamp)
    for column in expected.columns:
        pd.testing.assert_series_equal(
            table[column], expected[column], check_names=False, check_dtype=False, check_index_type=False, rtol=1e-9
        )


@settings(max_examples=40, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), n_customers=st.integers(1, 30), n_lines=st.integers(1, 120))
def test_properties(seed, n_customers, n_lines):
    db = random_db(np.random.default_rng(seed), n_customers, n_lines)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # interactions after the last order
        table = customer_table(db)
    done = db.orders[db.orders["status"] == "completed"]
    assert len(table) == n_customers
    assert table["revenue"].sum() == pytest.approx(done["revenue"].sum(), abs=0.01)
    assert table["n_lines"].sum() == len(done)
    assert (table["n_orders"] <= table["n_lines"]).all()
    assert table["n_orders"].sum() == done["order_id"].nunique()
    np.testing.assert_allclose(table["margin"], table["revenue"] - table["cost"], atol=0.011)
    buyers = table["n_orders"] > 0
    assert (table.loc[buyers, "recency_days"] >= 1).all()
    assert (table.loc[buyers, "first_purchase"] <= table.loc[buyers, "last_purchase"]).all()
    assert table.loc[~buyers, "recency_days"].isna().all()
    assert (table["n_visits"] <= table["n_interactions"]).all()


# --------------------------------------------------------------------------- bad input


def test_missing_table():
    db = small_db()
    with pytest.raises(CourseInputError, match="no table 'orders'.*load_b2b"):
        customer_table(SimpleNamespace(customers=db.customers))


def test_table_not_a_frame():
    db = small_db()
    db.orders = db.orders.to_dict()
    with pytest.raises(CourseInputError, match="'orders' must be a pandas DataFrame"):
        customer_table(db)


def test_misspelt_column_lists_available_names():
    db = small_db()
    db.orders = db.orders.rename(columns={"revenue": "revenu"})
    with pytest.raises(
        CourseInputError, match=r"column 'revenue' not found; available columns: .*'revenu'.*did you mean"
    ):
        customer_table(db)


def test_missing_column_in_optional_table():
    db = small_db()
    db.surveys = db.surveys.drop(columns="csat")
    with pytest.raises(CourseInputError, match="table 'surveys': column 'csat' not found"):
        customer_table(db)


def test_non_numeric_amount():
    db = small_db()
    db.orders["revenue"] = db.orders["revenue"].astype(object)
    db.orders.loc[2, "revenue"] = "¥800"
    with pytest.raises(CourseInputError, match=r"'revenue': 1 row is not a number: row 2 \('¥800'\)"):
        customer_table(db)


def test_numbers_as_text_are_accepted():
    db = small_db()
    db.orders["revenue"] = db.orders["revenue"].astype(str)
    assert customer_table(db).loc["C1", "revenue"] == 2000.0


def test_unparsable_date():
    db = small_db()
    db.orders["order_date"] = db.orders["order_date"].dt.strftime("%Y-%m-%d").astype(object)
    db.orders.loc[1, "order_date"] = "2024-02-30"
    with pytest.raises(CourseInputError, match=r"'order_date': 1 row is not a valid date: row 1"):
        customer_table(db)


def test_unparsable_date_in_other_table():
    db = small_db()
    db.tickets["opened_date"] = ["2024-03-05", "soon", "2024-07-01"]
    with pytest.raises(CourseInputError, match=r"table 'tickets', column 'opened_date'.*'soon'"):
        customer_table(db)


@pytest.mark.parametrize("name", ["customers", "orders"])
def test_empty_required_table(name):
    db = small_db()
    setattr(db, name, getattr(db, name).iloc[0:0])
    with pytest.raises(CourseInputError, match=f"table '{name}' is empty"):
        customer_table(db)


def test_all_nan_customer_ids():
    db = small_db()
    db.customers["customer_id"] = np.nan
    with pytest.raises(CourseInputError, match="'customer_id' is empty in every row"):
        customer_table(db)


def test_all_nan_order_customer_ids():
    db = small_db()
    db.orders["customer_id"] = None
    with pytest.raises(CourseInputError, match="table 'orders', column 'customer_id' is empty in every row"):
        customer_table(db)


def test_some_missing_order_customer_ids():
    db = small_db()
    db.orders.loc[3, "customer_id"] = None
    with pytest.raises(CourseInputError, match=r"table 'orders', column 'customer_id': 1 row is empty: row 3"):
        customer_table(db)


def test_duplicate_customer_ids():
    db = small_db()
    db.customers.loc[2, "customer_id"] = "C1"
    with pytest.raises(CourseInputError, match="key 'customer_id' must be unique"):
        customer_table(db)


def test_unknown_customer_in_orders():
    db = small_db()
    db.orders.loc[0, "customer_id"] = "C9"
    with pytest.raises(
        CourseInputError, match=r"table 'orders', column 'customer_id': 1 row refers to an id missing from 'customers'"
    ):
        customer_table(db)


def test_unknown_status():
    db = small_db()
    db.orders.loc[4, "status"] = "Completed"
    with pytest.raises(
        CourseInputError, match=r"'status': 1 row has an unknown status: row 4 \('Completed'\).*'completed'"
    ):
        customer_table(db)


@pytest.mark.parametrize("asof", ["next year", "2024-13-01"])
def test_bad_asof(asof):
    with pytest.raises(CourseInputError, match="asof=.* is not a valid date"):
        customer_table(small_db(), asof=asof)


# --------------------------------------------------------------------------- product_mix


def test_product_mix_hand_computed():
    mix = product_mix(small_db().orders)
    assert list(mix.columns) == ["Hardware", "Services", "Software"]
    assert list(mix.index) == ["C1", "C2"]
    assert mix.loc["C1", "Hardware"] == pytest.approx(1800 / 2000)
    assert mix.loc["C1", "Services"] == pytest.approx(200 / 2000)
    assert mix.loc["C2"].tolist() == [0.0, 0.0, 1.0]  # the returned Services line does not count


def test_product_mix_category_order_and_status_none():
    orders = small_db().orders
    orders = orders[orders["status"] == "completed"].assign(
        product_line=lambda d: pd.Categorical(
            d["product_line"], categories=["Software", "Services", "Hardware", "Spare parts"]
        )
    )
    mix = product_mix(orders, status=None)
    assert list(mix.columns) == ["Software", "Services", "Hardware"]
    np.testing.assert_allclose(mix.sum(axis=1), 1.0)


def test_product_mix_drops_zero_revenue_customers_and_keeps_input():
    orders = small_db().orders
    orders.loc[[3, 5], "revenue"] = 0.0
    before = orders.copy()
    mix = product_mix(orders)
    assert list(mix.index) == ["C1"]
    pd.testing.assert_frame_equal(orders, before)


def test_product_mix_bad_input():
    orders = small_db().orders
    with pytest.raises(CourseInputError, match="column 'product' not found"):
        product_mix(orders, category="product")
    with pytest.raises(CourseInputError, match="unknown status"):
        product_mix(orders.assign(status="done"))
    with pytest.raises(CourseInputError, match="is empty"):
        product_mix(orders.iloc[0:0])
    with pytest.raises(CourseInputError, match="7 rows are not numbers"):
        product_mix(orders.assign(revenue=["x"] * len(orders)))
    with pytest.raises(CourseInputError, match="column 'customer_id' is empty in every row"):
        product_mix(orders.assign(customer_id=None))


@settings(max_examples=40, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), n_lines=st.integers(1, 80))
def test_product_mix_rows_sum_to_one(seed, n_lines):
    orders = random_db(np.random.default_rng(seed), 10, n_lines).orders
    mix = product_mix(orders)
    np.testing.assert_allclose(mix.sum(axis=1), 1.0)
    assert ((mix >= 0) & (mix <= 1)).all().all()
    done = orders[orders["status"] == "completed"]
    assert set(mix.index) == set(done.loc[done["revenue"] > 0, "customer_id"])


# --------------------------------------------------------------------------- distribution_summary


def test_distribution_summary_against_numpy():
    values = np.random.default_rng(0).lognormal(8, 1.5, 500)
    summary = distribution_summary(pd.DataFrame({"revenue": values}), "revenue")
    assert summary["count"] == 500
    assert summary["mean"] == pytest.approx(values.mean())
    assert summary["median"] == pytest.approx(np.median(values))
    assert summary["mean_to_median"] == pytest.approx(values.mean() / np.median(values))
    assert summary["share_above_mean"] == pytest.approx((values > values.mean()).mean())
    assert summary["q90"] == pytest.approx(np.quantile(values, 0.9))
    assert summary["q99"] == pytest.approx(np.quantile(values, 0.99))
    assert summary["max"] == values.max()
    n = len(values)
    z = (values - values.mean()) / values.std(ddof=0)
    fisher = (z**3).mean() * np.sqrt(n * (n - 1)) / (n - 2)
    assert summary["skewness"] == pytest.approx(fisher)
    assert summary["skewness"] > 2 and summary["share_above_mean"] < 0.5


def test_distribution_summary_labels_and_nan_warning():
    frame = pd.DataFrame({"x": [1.0, np.nan, 3.0, np.nan]})
    before = frame.copy()
    with pytest.warns(UserWarning, match="dropped 2 rows where 'x' is missing") as record:
        summary = distribution_summary(frame, "x", quantiles=[0.025, 0.5])
    assert len(record) == 1
    assert list(summary.index) == [
        "count",
        "mean",
        "median",
        "mean_to_median",
        "share_above_mean",
        "skewness",
        "q2.5",
        "q50",
        "max",
    ]
    assert summary["count"] == 2 and np.isnan(summary["skewness"])
    pd.testing.assert_frame_equal(frame, before)


def test_distribution_summary_bad_input():
    with pytest.raises(CourseInputError, match="column 'revenue' not found"):
        distribution_summary(pd.DataFrame({"revenu": [1.0]}), "revenue")
    with pytest.raises(CourseInputError, match="is empty"):
        distribution_summary(pd.DataFrame({"x": []}), "x")
    with pytest.raises(CourseInputError, match="empty in every row"):
        distribution_summary(pd.DataFrame({"x": [np.nan, np.nan]}), "x")
    with pytest.raises(CourseInputError, match="not a number"):
        distribution_summary(pd.DataFrame({"x": ["1", "lots"]}), "x")
    with pytest.raises(CourseInputError, match="quantiles must lie between 0 and 1"):
        distribution_summary(pd.DataFrame({"x": [1.0, 2.0]}), "x", quantiles=[90])


def test_non_numeric_survey_score_fails_before_any_warning():
    db = small_db()
    db.surveys["csat"] = ["five", "5", "2"]
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with pytest.raises(
            CourseInputError, match=r"table 'surveys', column 'csat': 1 row is not a number: row 0 \('five'\)"
        ):
            customer_table(db, asof="2024-05-01")
