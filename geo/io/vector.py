"""Column helpers that do per-value Python work once per distinct value, not once per row."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd


def map_unique(series: pd.Series, func: Callable[[Any], Any]) -> pd.Series:
    """``series.map(func)`` with ``func`` called once per distinct value (a 50,000-row column of 20 event types:
    20 calls); the result is an object column on the same index."""
    codes, uniques = pd.factorize(series, use_na_sentinel=False)
    table = np.empty(len(uniques), dtype=object)
    table[:] = [func(v) for v in uniques]
    return pd.Series(table[codes] if len(codes) else table[:0], index=series.index, dtype=object)
