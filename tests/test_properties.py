"""Property-based tests: random bytes and random cells never break the loader; valid rows round-trip unchanged."""

from __future__ import annotations

import csv
import io
from datetime import date

import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from geo.events import EventsFileError, load_events, to_csv_bytes
from geo.schema import COLUMNS, EVENT_TYPES

SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
cells = st.text(max_size=40)  # any unicode, NUL, newlines, quotes, RTL marks ...


def load_or_refuse(raw: bytes):
    try:
        return load_events(raw)
    except EventsFileError:
        return None


def round_trips(result) -> None:
    if result.events.empty:
        return
    again = load_events(to_csv_bytes(result.events))
    pd.testing.assert_frame_equal(again.events, result.events)
    assert not again.errors


@SETTINGS
@given(st.binary(max_size=2000))
def test_random_bytes_only_raise_the_documented_error(raw):
    result = load_or_refuse(raw)
    if result is not None:
        round_trips(result)


@SETTINGS
@given(st.lists(st.fixed_dictionaries({c: cells for c in COLUMNS}), min_size=1, max_size=6), st.sampled_from(",;\t"))
def test_random_cells_never_crash_and_kept_rows_round_trip(rows, delimiter):
    buf = io.StringIO()
    writer = csv.DictWriter(buf, COLUMNS, delimiter=delimiter, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    result = load_or_refuse(buf.getvalue().encode("utf-8"))
    if result is not None:
        assert len(result.events) <= len(rows)
        round_trips(result)


valid_rows = st.fixed_dictionaries({
    "event_date": st.dates(date(2012, 1, 1), date(2030, 12, 31)).map(date.isoformat),
    "event_type": st.sampled_from(EVENT_TYPES),
    "actor1": cells.filter(lambda s: s.strip() and "\x00" not in s),
    "notes": cells.filter(lambda s: "\x00" not in s),
    "location": cells.filter(lambda s: "\x00" not in s),
    "latitude": st.floats(14.0, 20.0),
    "longitude": st.floats(-4.0, 1.0),
})


@SETTINGS
@given(st.lists(valid_rows, min_size=1, max_size=8))
def test_every_valid_row_is_kept_and_survives_a_round_trip(rows):
    buf = io.StringIO()
    writer = csv.DictWriter(buf, ["event_id", *rows[0]], lineterminator="\r\n")
    writer.writeheader()
    writer.writerows({"event_id": f"R{i}", **row} for i, row in enumerate(rows))
    result = load_events(buf.getvalue().encode("utf-8"))
    assert not result.errors, [str(p) for p in result.problems]
    assert len(result.events) == len(rows)
    assert list(result.events["notes"]) == [r["notes"] for r in rows]
    assert list(result.events["actor1"]) == [r["actor1"] for r in rows]
    round_trips(result)
