import pytest

from geo.cli import main
from geo.events import EventsFileError, load_events, to_csv_bytes

HEADER = "event_id,event_date,date_end,event_type,actor1,latitude,longitude,notes\n"


def load(text: str, encoding: str = "utf-8"):
    return load_events(text.encode(encoding))


def test_bundled_file_is_valid(bundled):
    assert bundled.ok and bundled.rows_read == len(bundled.events) == 34


def test_each_problem_names_row_column_and_value_and_valid_rows_survive():
    result = load(
        HEADER
        + "A,2017-03-02,,Battles,CJA,16.77,-3.0,ok\n"
        + "B,2017-13-45,,Battles,CJA,16.77,-3.0,bad date\n"
        + "C,2017-03-06,2017-03-01,Battles,CJA,16.77,-3.0,end before start\n"
        + "D,2017-03-06,,Battles,CJA,-3.0,16.77,swapped\n"
        + "A,2017-03-07,,Battles,CJA,16.77,-3.0,duplicate id\n"
        + "E,06/03/2017,,Battles,CJA,abc,-3.0,not a number\n"
    )
    assert list(result.events["event_id"]) == ["A"]
    text = [str(p) for p in result.problems]
    assert any("row 3" in t and "event_date" in t and "2017-13-45" in t for t in text)
    assert any("row 4" in t and "date_end" in t and "before" in t for t in text)
    assert any("row 5" in t and "swapped" in t for t in text)
    assert any("row 6" in t and "duplicates row 2" in t for t in text)
    assert any("row 7" in t and "latitude" in t and "abc" in t for t in text)
    assert "6 rows read: 1 events kept, 5 rows dropped (5 errors)" in result.summary()


def test_outside_mali_is_a_warning_and_the_row_is_kept():
    result = load(HEADER + "A,2017-03-02,,Protests,Protesters,48.85,2.35,Paris\n")
    assert len(result.events) == 1
    assert result.problems[0].severity == "warning" and "outside Mali" in result.problems[0].message


def test_day_first_dates_semicolons_bom_and_latin1():
    text = "\ufeffevent_id;event_date;event_type;actor1;location\nX;06/03/2017;Protests;Protesters;Tombouctou é\n"
    result = load_events(text.encode("utf-8"))
    assert result.ok and result.events.loc[0, "event_date"].strftime("%Y-%m-%d") == "2017-03-06"
    latin = load("event_id,event_date,event_type,actor1,location\nY,2017-03-06,Protests,Protesters,Ménaka\n",
                 "cp1252")
    assert latin.events.loc[0, "location"] == "Ménaka"


def test_missing_columns_and_binary_files_are_refused_with_a_message():
    with pytest.raises(EventsFileError, match="missing required column"):
        load("id,date\n1,2017-01-01\n")
    with pytest.raises(EventsFileError, match="binary"):
        load_events(b"\x89PNG\r\n\x1a\n\x00\x00")
    with pytest.raises(EventsFileError, match="empty"):
        load_events(b"")


def test_csv_round_trip_keeps_every_value(events):
    again = load_events(to_csv_bytes(events))
    assert again.ok
    assert again.events.equals(events)


def test_cli_validate_exit_codes(tmp_path, capsys):
    assert main(["validate", "data/events.csv"]) == 0
    bad = tmp_path / "bad.csv"
    bad.write_text(HEADER + "A,not-a-date,,Battles,CJA,,,x\n", encoding="utf-8")
    assert main(["validate", str(bad)]) == 1
    assert "row 2, column event_date, value 'not-a-date'" in capsys.readouterr().out
    assert main(["validate", str(tmp_path / "missing.csv")]) == 2


def test_fatalities_must_be_a_plain_whole_number():
    result = load(HEADER.replace("notes", "fatalities") + "A,2017-03-02,,Battles,CJA,16.77,-3.0,²\n")
    assert result.events.empty and "whole number" in str(result.problems[0])
