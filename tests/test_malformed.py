"""Every malformed file in tests/fixtures/malformed gets a clear answer, keeps its valid rows, never a traceback."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from geo.events import MAX_UPLOAD_BYTES, EventsFileError, load_events

FIXTURES = Path(__file__).parent / "fixtures" / "malformed"
ROOT = Path(__file__).resolve().parent.parent

# file -> (exit code of `validate`, rows kept (None: file refused), phrases the user must see)
CASES = {
    "empty.csv": (2, None, ["the file is empty"]),
    "header_only.csv": (1, 0, ["header but no data rows"]),
    "missing_columns.csv": (2, None, ["missing required column(s) event_id, event_date, event_type, actor1",
                                      "the header has id, date, what", "delimiter"]),
    "extra_columns.csv": (0, 1, []),
    "semicolon.csv": (0, 1, []),
    "tab.tsv": (0, 1, []),
    "bom_utf8.csv": (0, 1, []),
    "cp1252.csv": (0, 1, []),
    "mixed_line_endings.csv": (0, 2, []),
    "quoted_newlines.csv": (0, 2, []),
    "dates.csv": (1, 2, ["row 4, column event_date, value 'last Monday'", "YYYY-MM-DD, DD/MM/YYYY"]),
    "end_before_start.csv": (1, 0, ["row 2, column date_end, value '2017-03-01'", "before event_date 2017-03-06"]),
    "coordinates.csv": (1, 2, ["row 3, column latitude, value '96.5'", "out of range",
                               "row 4", "look swapped", "row 5", "outside Mali; kept",
                               "row 6, column latitude, value 'north'", "not a number"]),
    "duplicate_ids.csv": (1, 1, ["row 3, column event_id, value 'OK1'", "duplicates row 2"]),
    "binary.png": (2, None, ["binary file"]),
}


def run_validate(path: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "geo", "validate", str(path)], cwd=ROOT, capture_output=True,
                          text=True, timeout=60)


def test_every_fixture_has_a_case():
    assert {p.name for p in FIXTURES.iterdir()} == set(CASES)


@pytest.mark.parametrize("name", sorted(CASES))
def test_validate_answers_clearly(name):
    code, kept, phrases = CASES[name]
    proc = run_validate(FIXTURES / name)
    output = proc.stdout + proc.stderr
    assert proc.returncode == code, output
    assert "Traceback" not in output
    for phrase in phrases:
        assert phrase in output, (phrase, output)
    if kept is None:
        with pytest.raises(EventsFileError):
            load_events(FIXTURES / name)
    else:
        result = load_events(FIXTURES / name)
        assert len(result.events) == kept
        assert f"{kept} events kept" in proc.stderr
        assert len(result.problems) == len(set(result.problems))  # each problem once


def test_text_is_decoded_correctly():
    assert load_events(FIXTURES / "cp1252.csv").events.loc[0, "location"] == "Ménaka – rue de l'Indépendance"
    assert load_events(FIXTURES / "bom_utf8.csv").events.columns[0] == "event_id"
    notes = load_events(FIXTURES / "quoted_newlines.csv").events.loc[0, "notes"]
    assert notes == "first line\nsecond line, with comma"
    extra = load_events(FIXTURES / "extra_columns.csv").events
    assert extra.loc[0, "analyst_comment"] == "checked twice"  # unknown columns are kept


def test_uploads_over_the_limit_are_refused_before_they_are_read_but_the_cli_reads_any_size(tmp_path):
    big = tmp_path / "big.csv"
    row = "E{},2017-03-06,Protests,Protesters,16.27,-0.04,{}\n"
    with big.open("w", encoding="utf-8") as fh:
        fh.write("event_id,event_date,event_type,actor1,latitude,longitude,notes\n")
        filler = "x" * 400
        fh.writelines(row.format(i, filler) for i in range(140_000))  # about 60 MB, over the upload limit
    assert big.stat().st_size > MAX_UPLOAD_BYTES
    with big.open("rb") as fh:  # file objects (uploads) are read only up to the limit
        with pytest.raises(EventsFileError, match="limit"):
            load_events(fh, max_bytes=MAX_UPLOAD_BYTES)
    with pytest.raises(EventsFileError, match=f"the limit is {MAX_UPLOAD_BYTES:,}"):
        load_events(big, max_bytes=MAX_UPLOAD_BYTES)
    proc = run_validate(big)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert "140,000 events kept" in proc.stderr


def test_a_sparse_200_mb_file_is_refused_as_binary_without_reading_it_all(tmp_path):
    big = tmp_path / "big.csv"
    with big.open("wb") as fh:
        fh.write(b"event_id,event_date,event_type,actor1\n")
        fh.truncate(200 * 1024 * 1024)  # sparse: no 200 MB written to disk or read into memory
    proc = run_validate(big)
    assert proc.returncode == 2 and "binary" in proc.stderr


def test_a_one_megabyte_note_and_nul_bytes_are_kept_as_text():
    note = "x" * 1_000_000
    result = load_events(f"event_id,event_date,event_type,actor1,notes\nA,2017-03-06,Protests,Protesters,{note}\n"
                         f"B,2017-03-06,Protests,Pro\x00testers,ok\n".encode())
    assert len(result.events) == 2 and len(result.events.loc[0, "notes"]) == 1_000_000
    assert result.events.loc[1, "actor1"] == "Protesters"
    assert any("NUL" in p.message and p.row == 3 for p in result.problems)


def test_usage_errors_exit_2_without_traceback():
    proc = subprocess.run([sys.executable, "-m", "geo", "export"], cwd=ROOT, capture_output=True, text=True)
    assert proc.returncode == 2 and "Traceback" not in proc.stderr and "-o/--output" in proc.stderr
    proc = subprocess.run([sys.executable, "-m", "geo", "export", "-o", "/tmp/x.html", "--events",
                           str(FIXTURES / "binary.png")], cwd=ROOT, capture_output=True, text=True)
    assert proc.returncode == 2 and "binary file" in proc.stderr and "Traceback" not in proc.stderr


def test_the_fast_arrow_reader_gives_exactly_what_the_careful_reader_gives(monkeypatch):
    """Quoted newlines and delimiters, a BOM, semicolons, CRLF, blank records: same cells, same row numbers."""
    from geo.io import csvread

    samples = [
        '\ufeffevent_id,notes,actor1\r\nA,"line one\r\nline two",X\r\n,,\r\nB,"a, ""quoted"" note",Y\r\n',
        "event_id;notes;actor1\nA;plain;X\n ; ;\nB;\"semi;colon\";Y\nC;é ü 👍;Z\n",
        "event_id,notes\nA,x\n",
    ]
    for text in samples:
        fast = csvread.read_table(text.encode("utf-8"))
        monkeypatch.setattr(csvread, "_fast_read", lambda *a: None)
        careful = csvread.read_table(text.encode("utf-8"))
        monkeypatch.undo()
        assert fast.frame.equals(careful.frame), (text, fast.frame, careful.frame)
        assert fast.rows.tolist() == careful.rows.tolist() and fast.rows_read == careful.rows_read
        assert fast.header == careful.header
