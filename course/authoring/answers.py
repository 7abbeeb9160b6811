"""Carry a trainee's answers out of the kernel as plain data, never as code.

The grader runs a submission in a Jupyter kernel, then :func:`collect` (run
in that kernel, after the trainee's cells) writes each named answer into a
folder in a *neutral form*: a JSON tree of tagged plain values, with numeric
arrays beside it as ``.npy`` files. :func:`load` (run in the grader's own
process) rebuilds the answers from that form with ``json`` and
``numpy.load(allow_pickle=False)`` only -- nothing is unpickled, and no
method of the trainee's objects runs in the grader.

What crosses: ``None``, ``...``, bool, int, float, str, numpy scalars and
arrays of plain dtypes, lists, tuples, sets, dicts, dates and times
(``datetime``, ``pandas.Timestamp``, ``Timedelta``, ``Period``), pandas
``Index`` (incl. range, categorical, datetime, period and multi-indexes),
``Series`` and ``DataFrame`` whose columns are numeric, boolean, datetime,
timedelta, period, categorical, string, nullable (``Int64``…) or objects of
those scalars. A subclass crosses as its plain base type; anything else is
recorded as unsupported, and the grader fails that question with a message.

Examples
--------
>>> import tempfile, pandas as pd
>>> answers = {"share": 0.25, "by_tier": pd.Series([3, 1], index=pd.Index(["a", "b"], name="tier")), "blank": ...}
>>> with tempfile.TemporaryDirectory() as folder:
...     collect(answers, ["share", "by_tier", "blank", "missing"], folder)
...     back = load(folder)
>>> back["share"], back["blank"], back["by_tier"].equals(answers["by_tier"]), back["missing"]
(0.25, Ellipsis, True, Missing(reason='not defined'))
"""

from __future__ import annotations

import datetime as _dt
import json
import math
import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

__all__ = ["MANIFEST", "MAX_BYTES", "Missing", "AnswerTransferError", "collect", "load"]

#: The JSON file :func:`collect` writes (arrays go beside it, as ``N.npy``).
MANIFEST = "answers.json"
#: The most bytes of answers the grader reads from one submission.
MAX_BYTES = 200 * 2**20
_MAX_DEPTH = 40
_ARRAY_KINDS = "biufcmMU"  # dtypes numpy stores without pickling
_MASKED = {"Int8", "Int16", "Int32", "Int64", "UInt8", "UInt16", "UInt32", "UInt64", "Float32", "Float64", "boolean"}
_STRINGS = {"str", "string"}


class AnswerTransferError(ValueError):
    """An answer could not be written in the neutral form, or read back from it."""


@dataclass(frozen=True)
class Missing:
    """An answer the grader did not get: not defined in the notebook, or of a type that cannot cross."""

    reason: str


# --------------------------------------------------------------------------- in the kernel


class _Writer:
    def __init__(self, folder: Path) -> None:
        self.folder, self.count = folder, 0

    def array(self, values: np.ndarray) -> dict:
        values = np.ascontiguousarray(values)
        if values.dtype.kind not in _ARRAY_KINDS:
            return {"t": "objects", "shape": list(values.shape), "items": [self.value(v, 1) for v in values.ravel()]}
        self.count += 1
        name = f"{self.count}.npy"
        np.save(self.folder / name, values, allow_pickle=False)
        return {"t": "ndarray", "file": name}

    def values(self, data: object) -> dict:
        """A column, a Series' values or an Index's values (numpy or pandas extension array)."""
        dtype = getattr(data, "dtype", None)
        if isinstance(dtype, pd.CategoricalDtype):
            return {
                "t": "categorical",
                "categories": self.index(data.categories),
                "codes": self.array(np.asarray(data.codes)),
                "ordered": bool(dtype.ordered),
            }
        if isinstance(dtype, pd.DatetimeTZDtype):
            return {"t": "datetimetz", "tz": str(dtype.tz), "values": self.array(data.asi8), "unit": dtype.unit}
        if isinstance(dtype, pd.PeriodDtype):
            return {"t": "periods", "dtype": str(dtype), "ordinals": self.array(data.asi8)}
        if isinstance(dtype, pd.StringDtype):
            items = [None if pd.isna(v) else str(v) for v in data]
            return {"t": "strings", "dtype": "string" if dtype.na_value is pd.NA else "str", "items": items}
        if str(dtype) in _MASKED:
            return {
                "t": "masked",
                "dtype": str(dtype),
                "data": self.array(np.asarray(data._data)),
                "mask": self.array(np.asarray(data._mask)),
            }
        if isinstance(data, np.ndarray | pd.arrays.NumpyExtensionArray) or isinstance(dtype, np.dtype):
            return self.array(np.asarray(data))
        raise AnswerTransferError(f"a column of dtype {dtype}")

    def index(self, index: pd.Index) -> dict:
        if isinstance(index, pd.MultiIndex):
            levels = [self.index(index.get_level_values(i)) for i in range(index.nlevels)]
            return {"t": "multiindex", "levels": levels, "names": [self.label(n) for n in index.names]}
        if type(index) is pd.RangeIndex:
            return {
                "t": "range",
                "start": index.start,
                "stop": index.stop,
                "step": index.step,
                "name": self.label(index.name),
            }
        return {"t": "index", "values": self.values(index.array), "name": self.label(index.name)}

    def label(self, label: object) -> object:
        """A Series / Index name: a plain value, or ``None`` when it cannot cross (names do not affect the checks)."""
        try:
            return self.value(label, 1)
        except AnswerTransferError:
            return {"t": "none"}

    def value(self, value: object, depth: int = 0) -> dict:
        if depth > _MAX_DEPTH:
            raise AnswerTransferError("nested too deeply")
        if value is None:
            return {"t": "none"}
        if value is Ellipsis:
            return {"t": "ellipsis"}
        if value is pd.NaT:
            return {"t": "nat"}
        if value is pd.NA:
            return {"t": "na"}
        if isinstance(value, (bool, np.bool_)):
            return {"t": "bool", "v": bool(value), "numpy": isinstance(value, np.bool_)}
        if isinstance(value, np.generic) and value.dtype.kind in "iufc":
            return {"t": "npscalar", "dtype": value.dtype.str, "v": self.value(value.item(), depth + 1)}
        if isinstance(value, int):
            return {"t": "int", "v": int(value)}
        if isinstance(value, float):
            return {"t": "float", "v": float(value) if math.isfinite(value) else repr(float(value))}
        if isinstance(value, complex):
            return {"t": "complex", "v": [self.value(value.real), self.value(value.imag)]}
        if isinstance(value, str):
            return {"t": "str", "v": str(value)}
        if isinstance(value, pd.Timestamp):
            return {"t": "timestamp", "ns": int(value.value), "tz": None if value.tz is None else str(value.tz)}
        if isinstance(value, pd.Timedelta):
            return {"t": "timedelta", "ns": int(value.value)}
        if isinstance(value, pd.Period):
            return {"t": "period", "ordinal": int(value.ordinal), "freq": value.freqstr}
        if isinstance(value, np.datetime64 | np.timedelta64):
            return {"t": "npscalar", "dtype": value.dtype.str, "v": {"t": "int", "v": int(value.view("i8"))}}
        if isinstance(value, _dt.datetime):
            return {"t": "datetime", "v": value.isoformat()}
        if isinstance(value, _dt.date):
            return {"t": "date", "v": value.isoformat()}
        if isinstance(value, pd.DataFrame):
            columns = [self.values(value.iloc[:, i].array) for i in range(value.shape[1])]
            return {
                "t": "frame",
                "index": self.index(value.index),
                "columns": self.index(value.columns),
                "data": columns,
            }
        if isinstance(value, pd.Series):
            return {
                "t": "series",
                "index": self.index(value.index),
                "values": self.values(value.array),
                "name": self.label(value.name),
            }
        if isinstance(value, pd.Index):
            return self.index(value)
        if isinstance(value, np.ndarray):
            return self.array(np.asarray(value))
        for container, kind in ((list, "list"), (tuple, "tuple"), ((set, frozenset), "set")):
            if isinstance(value, container):
                return {"t": kind, "items": [self.value(item, depth + 1) for item in value]}
        if isinstance(value, Mapping):
            return {
                "t": "dict",
                "items": [[self.value(k, depth + 1), self.value(v, depth + 1)] for k, v in value.items()],
            }
        raise AnswerTransferError(f"a {type(value).__name__}")


def collect(namespace: Mapping[str, object], names: Iterable[str], folder: str | os.PathLike[str]) -> None:
    """Write the answers ``names`` of ``namespace`` (the kernel's ``globals()``) into ``folder``.

    Run by the grader in the trainee's kernel after the last cell. One answer
    that cannot be written is recorded as unsupported; the others are kept.
    """
    target = Path(folder)
    target.mkdir(parents=True, exist_ok=True)
    writer, manifest = _Writer(target), {}
    for name in names:
        if name not in namespace:
            manifest[name] = {"t": "missing", "reason": "not defined"}
            continue
        try:
            manifest[name] = writer.value(namespace[name])
        except Exception as error:  # a trainee's object may fail in any way; that answer alone is lost
            detail = error if isinstance(error, AnswerTransferError) else f"a {type(namespace[name]).__name__}"
            manifest[name] = {"t": "missing", "reason": f"unsupported: {detail}"}
    scratch = target / f"{MANIFEST}.partial"
    scratch.write_text(json.dumps(manifest, allow_nan=False), encoding="utf-8")
    scratch.replace(target / MANIFEST)


# --------------------------------------------------------------------------- in the grader


class _Reader:
    def __init__(self, folder: Path) -> None:
        self.folder, self.budget = folder, MAX_BYTES

    def array(self, node: dict) -> np.ndarray:
        if node.get("t") == "objects":
            shape = tuple(int(n) for n in node["shape"])
            out = np.empty(len(node["items"]), dtype=object)
            out[:] = [self.value(item, 1) for item in node["items"]]
            return out.reshape(shape)
        _expect(node, "ndarray")
        name = str(node["file"])
        if Path(name).name != name or not name.endswith(".npy"):
            raise AnswerTransferError(f"bad array file name {name!r}")
        path = self.folder / name
        if path.is_symlink() or not path.is_file():
            raise AnswerTransferError(f"array file {name} missing")
        self.budget -= path.stat().st_size
        if self.budget < 0:
            raise AnswerTransferError(f"answers larger than {MAX_BYTES // 2**20} MB")
        values = np.load(path, allow_pickle=False)
        if values.dtype.kind not in _ARRAY_KINDS:
            raise AnswerTransferError(f"array of dtype {values.dtype}")
        return values

    def values(self, node: dict) -> object:
        kind = node.get("t")
        if kind == "categorical":
            categories = self.index(node["categories"])
            return pd.Categorical.from_codes(
                self.array(node["codes"]), categories=categories, ordered=bool(node["ordered"])
            )
        if kind == "datetimetz":
            stamps = pd.to_datetime(self.array(node["values"]).astype("int64"), unit=str(node["unit"]), utc=True)
            return pd.array(stamps.tz_convert(str(node["tz"])).as_unit(str(node["unit"])))
        if kind == "periods":
            return pd.arrays.PeriodArray(
                self.array(node["ordinals"]).astype("int64"),
                dtype=pd.PeriodDtype.construct_from_string(str(node["dtype"])),
            )
        if kind == "strings":
            dtype = str(node["dtype"])
            if dtype not in _STRINGS or not all(item is None or isinstance(item, str) for item in node["items"]):
                raise AnswerTransferError("bad string column")
            return pd.array(node["items"], dtype="str" if dtype == "str" else "string")
        if kind == "masked":
            dtype = str(node["dtype"])
            if dtype not in _MASKED:
                raise AnswerTransferError(f"bad nullable dtype {dtype!r}")
            data, mask = self.array(node["data"]), self.array(node["mask"]).astype(bool)
            return (
                pd.array(np.where(mask, None, data.astype(object)), dtype=dtype)
                if mask.any()
                else pd.array(data, dtype=dtype)
            )
        return self.array(node)

    def index(self, node: dict) -> pd.Index:
        kind = node.get("t")
        if kind == "multiindex":
            levels = [self.index(level) for level in node["levels"]]
            return pd.MultiIndex.from_arrays(levels, names=[self.value(n, 1) for n in node["names"]])
        if kind == "range":
            return pd.RangeIndex(
                int(node["start"]), int(node["stop"]), int(node["step"]), name=self.value(node["name"], 1)
            )
        _expect(node, "index")
        values = self.values(node["values"])
        return pd.Index(values, name=self.value(node["name"], 1), tupleize_cols=False, dtype=_dtype_of(values))

    def value(self, node: object, depth: int = 0) -> object:
        if depth > _MAX_DEPTH or not isinstance(node, dict):
            raise AnswerTransferError("malformed answer")
        kind, v = node.get("t"), node.get("v")
        simple = {"none": None, "ellipsis": Ellipsis, "nat": pd.NaT, "na": pd.NA}
        if kind in simple:
            return simple[kind]
        if kind == "missing":
            return Missing(str(node.get("reason", "not collected")))
        if kind == "bool":
            return np.bool_(v) if node.get("numpy") else bool(v)
        if kind == "int" and isinstance(v, int) and not isinstance(v, bool):
            return v
        if kind == "float" and (isinstance(v, int | float) or v in ("nan", "inf", "-inf")):
            return float(v)
        if kind == "complex":
            real, imag = (self.value(part, depth + 1) for part in v)
            return complex(real, imag)
        if kind == "str" and isinstance(v, str):
            return v
        if kind == "npscalar":
            dtype = np.dtype(str(node["dtype"]))
            if dtype.kind not in "iufcmM":
                raise AnswerTransferError(f"bad scalar dtype {dtype}")
            plain = self.value(v, depth + 1)
            return np.array(plain).view(dtype)[()] if dtype.kind in "mM" else dtype.type(plain)
        if kind == "timestamp":
            stamp = pd.Timestamp(int(node["ns"]), unit="ns")
            return stamp if node.get("tz") is None else stamp.tz_localize("UTC").tz_convert(str(node["tz"]))
        if kind == "timedelta":
            return pd.Timedelta(int(node["ns"]), unit="ns")
        if kind == "period":
            return pd.Period(ordinal=int(node["ordinal"]), freq=str(node["freq"]))
        if kind == "datetime":
            return _dt.datetime.fromisoformat(str(v))
        if kind == "date":
            return _dt.date.fromisoformat(str(v))
        if kind == "frame":
            index, columns = self.index(node["index"]), self.index(node["columns"])
            data = [self.values(column) for column in node["data"]]
            if len(data) != len(columns):
                raise AnswerTransferError("frame columns do not match their labels")
            frame = pd.DataFrame({i: _series(values, index) for i, values in enumerate(data)}, index=index)
            frame.columns = columns
            return frame
        if kind == "series":
            series = _series(self.values(node["values"]), self.index(node["index"]))
            series.name = self.value(node["name"], 1)
            return series
        if kind in ("index", "range", "multiindex"):
            return self.index(node)
        if kind in ("ndarray", "objects"):
            return self.array(node)
        if kind in ("list", "tuple", "set"):
            items = [self.value(item, depth + 1) for item in node["items"]]
            return {"list": list, "tuple": tuple, "set": set}[kind](items)
        if kind == "dict":
            return {self.value(k, depth + 1): self.value(item, depth + 1) for k, item in node["items"]}
        raise AnswerTransferError(f"unknown kind {kind!r}")


def _dtype_of(values: object) -> object:
    """``object`` for an object array (so that pandas keeps it as it was, without inferring strings), else None."""
    return object if isinstance(values, np.ndarray) and values.dtype == object else None


def _series(values: object, index: pd.Index) -> pd.Series:
    if len(values) != len(index):
        raise AnswerTransferError("values and index differ in length")
    return pd.Series(values, index=index, dtype=_dtype_of(values))


def _expect(node: dict, kind: str) -> None:
    if node.get("t") != kind:
        raise AnswerTransferError(f"expected {kind}, got {node.get('t')!r}")


def load(folder: str | os.PathLike[str]) -> dict[str, object]:
    """Read back what :func:`collect` wrote: ``{name: value}``, a :class:`Missing` for an answer that did not cross.

    Raises
    ------
    AnswerTransferError
        When the folder holds no readable answers at all (the collector never ran, or its output was tampered with).
    """
    reader = _Reader(Path(folder))
    path = reader.folder / MANIFEST
    if path.is_symlink() or not path.is_file():
        raise AnswerTransferError("no answers were collected (the notebook stopped before the grader's last cell)")
    if path.stat().st_size > MAX_BYTES:
        raise AnswerTransferError(f"answers larger than {MAX_BYTES // 2**20} MB")
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise AnswerTransferError(f"the answers file is not readable: {error}") from None
    if not isinstance(manifest, dict):
        raise AnswerTransferError("the answers file is malformed")
    answers: dict[str, object] = {}
    for name, node in manifest.items():
        try:
            answers[str(name)] = reader.value(node)
        except (AnswerTransferError, KeyError, TypeError, ValueError, OverflowError) as error:
            answers[str(name)] = Missing(f"unreadable: {error}")
    return answers
