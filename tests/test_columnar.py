"""The columnar block the maps embed: lossless for every column the loader produces, and compact."""

from __future__ import annotations

import base64

import numpy as np
import pandas as pd

from geo.events import load_events
from geo.render.columnar import decode, encode, pack


def same(a: pd.Series, b: pd.Series) -> bool:
    a, b = a.reset_index(drop=True), b.reset_index(drop=True)
    if pd.api.types.is_datetime64_any_dtype(a.dtype):
        return bool(((a.isna() & b.isna()) | (a == b)).all())
    if pd.api.types.is_numeric_dtype(a.dtype):
        x, y = a.astype("float64").to_numpy(), b.astype("float64").to_numpy()
        return bool(np.all((np.isnan(x) & np.isnan(y)) | (x == y)))
    def cells(s: pd.Series) -> list:
        return s.astype(object).where(s.notna(), None).tolist()

    return cells(a) == cells(b)


def test_every_column_of_the_bundled_events_round_trips(events):
    back = decode(encode(events))
    assert list(back.columns) == list(events.columns)
    assert [c for c in events.columns if not same(events[c], back[c])] == []


def test_awkward_values_round_trip_exactly():
    frame = pd.DataFrame({
        "text": ["", None, "é\u0301 👍", "</script>${x}", "a" * 10_000],
        "many_decimals": [16.123456789012345, -0.1, np.nan, 1e-12, 3.0],
        "scaled": [16.2667, -3.0, np.nan, 0.0001, 24.5],
        "big": [2**40, 0, -5, 7, 1],
        "nullable": pd.array([1, None, 3, None, 0], dtype="Int64"),
        "when": pd.to_datetime(["2017-03-02", None, "1969-12-31", "2030-01-01", "2012-01-01"]),
    })
    back = decode(encode(frame))
    assert [c for c in frame.columns if not same(frame[c], back[c])] == []


def test_text_codes_use_the_smallest_integer_type():
    def size(values: list[str]) -> int:
        return len(encode(pd.DataFrame({"col": values})))

    two, thousand = size(["a", "b"] * 35_000), size([f"n{i % 1000}" for i in range(70_000)])
    every = size([f"n{i}" for i in range(70_000)])
    assert two < 70_000 + 200 and thousand < 140_000 + 9_000 and every > 280_000  # u1, u2, i4 codes
    frame = pd.DataFrame({"col": [f"n{i}" for i in range(70_000)]})
    assert same(decode(encode(frame))["col"], frame["col"])


def test_large_blocks_are_gzip_compressed_and_still_decode(events):
    many = pd.concat([events] * 200, ignore_index=True)
    text, compressed = pack(many)
    assert compressed
    assert len(text) < len(base64.b64encode(encode(many))) / 5
    back = decode(base64.b64decode(text))
    assert same(back["notes"], many["notes"]) and same(back["latitude"], many["latitude"])


def test_a_synthetic_acled_file_round_trips(tmp_path):
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
    from synthetic import generate, write

    path = tmp_path / "acled.csv"
    write(generate(2000, seed=3), path, fmt="acled")
    events = load_events(path).events
    back = decode(encode(events))
    assert [c for c in events.columns if not same(events[c], back[c])] == []
