"""Answers cross from the kernel to the grader as plain data: faithfully, and never as code."""

from __future__ import annotations

import datetime as dt
import json

import numpy as np
import pandas as pd
import pytest

from course.authoring.answers import MANIFEST, Missing, collect, load

PLAIN = {
    "int": 3,
    "numpy_int": np.int64(4),
    "numpy_float": np.float64(0.5),
    "bool": True,
    "text": "new-big",
    "none": None,
    "blank": ...,
    "list": [1, "a", None, 2.5],
    "tuple": (1, 2),
    "set": {1, 2},
    "dict": {"a": 1, 2: [3]},
    "timestamp": pd.Timestamp("2025-12-31"),
    "aware": pd.Timestamp("2025-12-31", tz="Asia/Shanghai"),
    "timedelta": pd.Timedelta(days=3),
    "period": pd.Period("2022Q1"),
    "date": dt.date(2025, 1, 2),
}
PANDAS = {
    "series": pd.Series([1.0, 2.0], index=pd.Index(["C1", "C2"], name="customer_id"), name="revenue"),
    "objects": pd.Series(["x", 1], index=pd.Index(["a", "b"], dtype=object), dtype=object),
    "ordered": pd.Series(pd.Categorical(["general", "strategic"], categories=["general", "strategic"], ordered=True)),
    "timedeltas": pd.Series(pd.to_timedelta([1, 2], unit="D")),
    "nullable": pd.Series([1, None], dtype="Int64"),
    "dates": pd.Series(pd.to_datetime(["2025-01-01", None])),
    "aware_dates": pd.Series(pd.to_datetime(["2025-01-01"]).tz_localize("UTC")),
    "strings": pd.Series(["a", None]),
    "period_name": pd.Series([0.5, 0.2], name=pd.Period("2022Q1")),
    "category_index": pd.Series([1, 2], index=pd.CategoricalIndex(["A", "B"])),
    "period_index": pd.Series([1, 2], index=pd.period_range("2022Q1", periods=2, freq="Q")),
    "frame": pd.DataFrame({"k": [2, 3], "inertia": [9.0, 4.0], "label": ["a", "b"], "flag": [True, False]}),
    "multi": pd.DataFrame({"v": [1, 2]}, index=pd.MultiIndex.from_tuples([("a", 1), ("b", 2)], names=["x", "y"])),
    "index": pd.Index([1, 2, 3]),
    "range": pd.RangeIndex(5),
}


@pytest.fixture(scope="module")
def crossed(tmp_path_factory):
    class Liar(pd.Series):
        def __eq__(self, other):
            return True

    class Opaque:
        pass

    answers = {**PLAIN, **PANDAS, "array": np.arange(3.0), "liar": Liar([1.0, 2.0]), "opaque": Opaque()}
    folder = tmp_path_factory.mktemp("answers")
    collect(answers, [*answers, "undefined"], folder)
    return load(folder)


@pytest.mark.parametrize("name", PLAIN)
def test_plain_values_cross_unchanged(crossed, name):
    assert crossed[name] == PLAIN[name] and type(crossed[name]) is type(PLAIN[name])


@pytest.mark.parametrize("name", PANDAS)
def test_pandas_objects_cross_with_their_dtypes(crossed, name):
    value, back = PANDAS[name], crossed[name]
    assert back.equals(value)
    if isinstance(value, pd.Series):
        assert (back.dtype, back.index.dtype, back.name) == (value.dtype, value.index.dtype, value.name)
    if isinstance(value, pd.DataFrame):
        assert list(back.dtypes) == list(value.dtypes)


def test_a_subclass_crosses_as_its_plain_values(crossed):
    assert type(crossed["liar"]) is pd.Series and crossed["liar"].tolist() == [1.0, 2.0]
    np.testing.assert_array_equal(crossed["array"], np.arange(3.0))


def test_what_cannot_cross_is_missing_with_a_reason(crossed):
    assert crossed["undefined"] == Missing("not defined")
    assert isinstance(crossed["opaque"], Missing) and "Opaque" in crossed["opaque"].reason


def test_a_planted_pickle_is_refused_never_loaded(tmp_path):
    np.save(tmp_path / "1.npy", np.array([object()], dtype=object), allow_pickle=True)
    manifest = {"x": {"t": "ndarray", "file": "1.npy"}, "y": {"t": "ndarray", "file": "../1.npy"}, "z": {"t": "eval"}}
    (tmp_path / MANIFEST).write_text(json.dumps(manifest), encoding="utf-8")
    answers = load(tmp_path)
    assert all(isinstance(answers[name], Missing) and "unreadable" in answers[name].reason for name in "xyz")
