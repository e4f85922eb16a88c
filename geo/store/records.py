"""Events as the store keeps them: every cell as the text an events CSV would hold, one JSON object per row.

A revision's values are that object (empty cells left out, keys sorted), so two revisions are equal exactly when
their texts are: an unchanged row is found by comparing strings, with no parsing. The current table of the
store has our columns typed (for QGIS and SQL) and any other column (ACLED's own, ``*_source`` strings) in one
JSON ``extra`` cell, so files of different layouts live in one table and nothing is dropped.
"""

from __future__ import annotations

import json

import numpy as np
import pandas as pd

from ..schema import COLUMNS

DATES = ("event_date", "date_end")
INTEGERS = ("time_precision", "geo_precision", "fatalities")
FLOATS = ("latitude", "longitude")
#: Our columns other than the id, in table order; the store's current table has one SQL column for each.
FIELDS: tuple[str, ...] = tuple(c for c in COLUMNS if c != "event_id")
#: Columns ``load_events`` always adds (the file's own admin names): kept even when every cell is empty.
DERIVED = ("admin1_source", "admin2_source")
#: Columns a loaded table carries that are views of a session, not values of an event.
SESSION_COLUMNS = frozenset({"source_file", "possible_duplicate_of"})


def as_text(events: pd.DataFrame) -> pd.DataFrame:
    """Every column as text: ISO dates, integers without ".0", coordinates as their shortest repr, "" for empty."""
    out = {}
    for col in events.columns:
        if col in SESSION_COLUMNS:
            continue
        values = events[col]
        if col in DATES:
            text = pd.to_datetime(values, errors="coerce").dt.strftime("%Y-%m-%d")
        elif col in INTEGERS:
            text = pd.to_numeric(values, errors="coerce").astype("Int64").astype(str)
        elif col in FLOATS:
            number = pd.to_numeric(values, errors="coerce")
            text = number.astype(str).where(number.notna(), "")
        else:
            text = values.astype(object)
        out[col] = text.where(values.notna(), "").fillna("").astype(str).to_numpy(dtype=object)
    return pd.DataFrame(out, index=events.index)


def row_json(text: pd.DataFrame) -> list[str]:
    """One canonical JSON object per row (non-empty cells, sorted keys): equal texts mean equal events."""
    cols = sorted(text.columns)
    values = text[cols].to_numpy(dtype=object)
    dumps = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
    return [dumps({c: v for c, v in zip(cols, row, strict=True) if v}) for row in values]


def changed_fields(old: dict[str, str], new: dict[str, str]) -> list[str]:
    """Columns whose text differs, in table order (our columns first, then others alphabetically)."""
    keys = set(old) | set(new)
    order = [c for c in COLUMNS if c in keys] + sorted(keys - set(COLUMNS))
    return [c for c in order if old.get(c, "") != new.get(c, "")]


def frame_from_arrow(table: object) -> pd.DataFrame:
    """The current table as Arrow columns (``event_id``, our fields, ``extra``: dates as ISO text) to the typed
    events table ``geo.events.load_events`` gives: our columns first in schema order, then every extra column
    any row has ("" where a row has none), parsed by Arrow's JSON reader; no per-cell Python work."""
    import pyarrow as pa
    import pyarrow.compute as pc
    import pyarrow.json as pajson

    n = table.num_rows
    arrays, names = [], []
    for name in table.column_names:
        if name == "extra":
            continue
        column = table[name]
        if name in DATES:
            column = pc.strptime(column.cast(pa.string()), format="%Y-%m-%d", unit="ns", error_is_null=True)
        elif name in INTEGERS:
            column = column.cast(pa.int64())
        elif name in FLOATS:
            column = column.cast(pa.float64())
        else:
            column = pc.fill_null(column.cast(pa.string()), "")
        arrays.append(column)
        names.append(name)
    extra = table["extra"].cast(pa.string()) if "extra" in table.column_names else None
    if extra is not None and pc.any(pc.and_(pc.is_valid(extra), pc.not_equal(extra, ""))).as_py():
        lines = pc.fill_null(pc.if_else(pc.equal(extra, ""), "{}", extra), "{}")
        text = "\n".join(lines.to_pylist()).encode("utf-8")
        # one block: a row's JSON may be longer than the reader's default block (1 MB)
        block = min(max(len(text) + 1, 1 << 20), 2**31 - 1)
        parsed = pajson.read_json(pa.BufferReader(text), read_options=pajson.ReadOptions(block_size=block))
        for name in parsed.column_names:
            arrays.append(pc.fill_null(parsed[name].cast(pa.string()), ""))
            names.append(name)
    for key in DERIVED:
        if key not in names:
            arrays.append(pa.array([""] * n, pa.string()))
            names.append(key)
    # text straight into pandas' Arrow-backed "str" columns: no Python object per cell
    types = {pa.int64(): pd.Int64Dtype(), pa.string(): pd.StringDtype(na_value=np.nan),
             pa.large_string(): pd.StringDtype(na_value=np.nan)}
    frame = pa.table(arrays, names=names).to_pandas(types_mapper=types.get)
    for name in DATES:
        if name in frame:
            frame[name] = frame[name].astype("datetime64[ns]")
    for name in names:
        if frame[name].dtype == object:
            frame[name] = frame[name].astype("str")
    return frame
