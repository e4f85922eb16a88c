"""Events as the store keeps them: every cell as the text an events CSV would hold, one JSON object per row.

A revision's values are that object (empty cells left out, keys sorted), so two revisions are equal exactly when
their texts are: an unchanged row is found by comparing strings, with no parsing. The current table of the
store has our columns typed (for QGIS and SQL) and any other column (ACLED's own, ``*_source`` strings) in one
JSON ``extra`` cell, so files of different layouts live in one table and nothing is dropped.
"""

from __future__ import annotations

import json

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


def typed(text: pd.DataFrame) -> pd.DataFrame:
    """The table ``geo.events.load_events`` would give for these cells: dates, nullable integers, floats."""
    out = text.copy()
    for col in out.columns:
        values = out[col].fillna("").astype(str)
        if col in DATES:
            out[col] = pd.to_datetime(values.replace("", None), format="%Y-%m-%d", errors="coerce").astype(
                "datetime64[ns]")
        elif col in INTEGERS:
            out[col] = pd.to_numeric(values.replace("", None), errors="coerce").astype("Int64")
        elif col in FLOATS:
            out[col] = pd.to_numeric(values.replace("", None), errors="coerce").astype(float)
        else:
            out[col] = values.astype("str")
    return out


def frame_from_rows(rows: list[tuple], fields: list[str]) -> pd.DataFrame:
    """Rows of the current table (``event_id``, ``fields``..., ``extra``) as a typed events table, our columns
    first in schema order, then every extra column any row has ("" where a row has none). Built column by
    column in Arrow (the extra JSON cells parsed by Arrow's JSON reader), from the database's own types (text,
    numbers, ISO dates or date objects), with no per-cell Python conversion."""
    import pyarrow as pa
    import pyarrow.compute as pc
    import pyarrow.json as pajson

    names = ["event_id", *fields]
    n = len(rows)
    cells = list(zip(*rows, strict=True)) if rows else [() for _ in range(len(names) + 1)]
    arrays, out_names = [], []
    for name, values in zip(names, cells, strict=False):
        if name in DATES:
            text = pa.array([v if v is None or isinstance(v, str) else v.isoformat() for v in values], pa.string())
            arrays.append(pc.strptime(text, format="%Y-%m-%d", unit="ns", error_is_null=True))
        elif name in INTEGERS:
            arrays.append(pa.array(values, pa.int64()))
        elif name in FLOATS:
            arrays.append(pa.array(values, pa.float64()))
        else:
            arrays.append(pc.fill_null(pa.array(values, pa.string()), ""))
        out_names.append(name)
    extra = [e for e in cells[len(names)]] if n else []
    if any(extra):
        lines = "\n".join(e or "{}" for e in extra).encode("utf-8")
        options = pajson.ParseOptions(newlines_in_values=False)
        parsed = pajson.read_json(pa.BufferReader(lines), parse_options=options)
        for name in parsed.column_names:
            arrays.append(pc.fill_null(parsed[name].cast(pa.string()), ""))
            out_names.append(name)
    for key in DERIVED:
        if key not in out_names:
            arrays.append(pa.array([""] * n, pa.string()))
            out_names.append(key)
    table = pa.table(arrays, names=out_names)
    frame = table.to_pandas(types_mapper={pa.int64(): pd.Int64Dtype()}.get)
    for name in DATES:
        if name in frame:
            frame[name] = frame[name].astype("datetime64[ns]")
    for name in out_names:
        if frame[name].dtype == object:
            frame[name] = frame[name].astype("str")
    return frame
