"""Columns of the generated tables: fixed-width ids, text and categorical columns built from arrays.

Examples
--------
>>> import numpy as np
>>> _ids("O", np.array([1, 2]), 6).tolist()
['O000001', 'O000002']
"""

from __future__ import annotations

import numpy as np
import pandas as pd


def _ids(prefix: str, numbers: np.ndarray, width: int) -> np.ndarray:
    """Fixed-width ids such as ``C00042``, built with integer arithmetic (fast for millions).

    The ids widen when a number needs more than ``width`` digits, so that
    they stay unique and sort in number order.

    Examples
    --------
    >>> _ids("C", np.array([1, 42]), 5).tolist()
    ['C00001', 'C00042']
    """
    numbers = np.asarray(numbers, dtype=np.int64)
    width = max(width, len(str(int(numbers.max())))) if numbers.size else width
    powers = 10 ** np.arange(width - 1, -1, -1, dtype=np.int64)
    digits = (numbers[:, None] // powers) % 10 + ord("0")
    chars = np.empty((numbers.size, width + 1), dtype=np.uint8)
    chars[:, 0] = ord(prefix)
    chars[:, 1:] = digits
    return chars.view(f"S{width + 1}").ravel().astype(f"U{width + 1}")


def _str(values: np.ndarray) -> pd.Series:
    """A text column (pandas' ``str`` dtype); ``None`` cells stay missing."""
    return pd.Series(values, dtype="str")


def _cat(codes: np.ndarray, categories: tuple[str, ...]) -> pd.Categorical:
    """A categorical column from integer codes into ``categories``."""
    return pd.Categorical.from_codes(np.asarray(codes, dtype=np.int64), categories=list(categories))
