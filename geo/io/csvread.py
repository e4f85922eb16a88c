"""Any delimited text file to string columns, with spreadsheet row numbers.

The file is decoded as UTF-8 (BOM allowed), falling back to cp1252 when it is not UTF-8; the delimiter is
sniffed from the header line (comma, semicolon, tab or pipe). A regular UTF-8 file is read in one go by
Arrow's C++ reader (the file's bytes plus its Arrow columns in memory: about three times the file). Anything
irregular (ragged rows, blank lines, NUL bytes, quoting Arrow rejects, cp1252) is read with the csv module,
streamed in chunks, so that quoted newlines count as one record and each problem row is reported; memory
then stays bounded by the chunk plus the columns. Either way every record keeps the row number a
spreadsheet would show (header = row 1), and both readers give the same cells (a test checks it).
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

import numpy as np
import pandas as pd

from .problems import EventsFileError, Problem

CHUNK_ROWS = 50_000
_BINARY_MAGIC = (b"\x89PNG", b"GIF8", b"\xff\xd8\xff", b"%PDF", b"PK\x03\x04", b"\x1f\x8b", b"7z\xbc\xaf",
                 b"\x7fELF", b"SQLite format 3", b"\xd0\xcf\x11\xe0")
csv.field_size_limit(2**31 - 1)  # a 1 MB note is a valid cell


@dataclass
class RawTable:
    """Every data record as strings: ``frame`` has one column per header cell (made unique), ``rows`` the
    spreadsheet row number of each record; ``header`` is the file's own header, as written."""

    header: list[str]
    frame: pd.DataFrame
    rows: np.ndarray
    problems: list[Problem] = field(default_factory=list)
    rows_read: int = 0


def open_source(source: str | Path | bytes | BinaryIO, max_bytes: int | None) -> BinaryIO:
    """A seekable binary stream over the source; a size limit (uploads) is checked before anything is parsed."""
    if isinstance(source, bytes):
        stream: BinaryIO = io.BytesIO(source)
        size = len(source)
    elif isinstance(source, (str, Path)):
        path = Path(source)
        if not path.is_file():
            raise EventsFileError(f"no such file: {path}")
        size = path.stat().st_size
        if max_bytes is not None and size > max_bytes:
            raise EventsFileError(f"the file is {size:,} bytes; the limit is {max_bytes:,}")
        stream = path.open("rb")
    else:
        raw = source.read() if max_bytes is None else source.read(max_bytes + 1)
        stream, size = io.BytesIO(raw), len(raw)
    if max_bytes is not None and size > max_bytes:
        raise EventsFileError(f"the file is larger than the {max_bytes:,}-byte limit")
    return stream


def _encoding(stream: BinaryIO) -> str:
    """utf-8-sig if the whole file decodes as UTF-8, else cp1252 (read in 1 MB blocks: no full copy)."""
    head = stream.read(65536)
    if head.startswith(_BINARY_MAGIC) or head.count(b"\x00") > max(8, len(head) // 100):
        raise EventsFileError("this looks like a binary file (image, archive, spreadsheet?), not a CSV text file; "
                              "save it as CSV (UTF-8) first")
    import codecs

    decoder = codecs.getincrementaldecoder("utf-8")()
    stream.seek(0)
    try:
        while block := stream.read(1 << 20):
            decoder.decode(block)
        decoder.decode(b"", final=True)
        encoding = "utf-8-sig"
    except UnicodeDecodeError:
        encoding = "cp1252"
    stream.seek(0)
    return encoding


def _delimiter(first_line: str) -> str:
    try:
        return csv.Sniffer().sniff(first_line, delimiters=",;\t|").delimiter
    except csv.Error:
        return ","


def unique_names(header: list[str]) -> list[str]:
    """Header cells stripped, empty ones named, repeats suffixed (.1, .2) so every column has its own name."""
    seen: dict[str, int] = {}
    out = []
    for i, name in enumerate(header):
        name = name.strip() or f"column_{i + 1}"
        if name in seen:
            seen[name] += 1
            name = f"{name}.{seen[name]}"
        else:
            seen[name] = 0
        out.append(name)
    return out


def read_table(source: str | Path | bytes | BinaryIO, max_bytes: int | None = None) -> RawTable:
    """Read a delimited text file; unreadable records and ragged rows are reported, never fatal."""
    stream = open_source(source, max_bytes)
    with stream:
        encoding = _encoding(stream)
        text = io.TextIOWrapper(stream, encoding=encoding, errors="replace", newline="")
        first = text.readline()
        if not first.strip() and not text.read(1):
            raise EventsFileError("the file is empty")
        text.seek(0)
        nul = _NulWatch(text)
        reader = csv.reader(nul, type("Sniffed", (csv.excel,), {"delimiter": _delimiter(first.strip("\r\n"))}))
        try:
            header = [h.replace("\x00", "").strip() for h in next(reader)]
        except (StopIteration, csv.Error) as exc:
            raise EventsFileError(f"cannot read a header row: {exc}") from None
        names = unique_names(header)
        width = len(names)
        if encoding == "utf-8-sig" and (fast := _fast_read(stream, names, reader.dialect.delimiter)) is not None:
            return RawTable(header, *fast)
        problems: list[Problem] = []
        chunks: list[pd.DataFrame] = []
        rows: list[int] = []
        block: list[list[str]] = []
        row_no, rows_read = 1, 0
        while True:
            try:
                cells = next(reader)
            except StopIteration:
                break
            except csv.Error as exc:
                row_no += 1
                rows_read += 1
                problems.append(Problem(row_no, None, "", f"unreadable CSV record: {exc}"))
                continue
            row_no += 1
            if not "".join(cells).strip():
                continue
            rows_read += 1
            if len(cells) != width:
                problems.append(Problem(row_no, None, "", f"has {len(cells)} cells, the header has {width}",
                                        "warning"))
                cells = (cells + [""] * width)[:width]
            if nul.seen and any("\x00" in c for c in cells):
                nul.seen = False
                problems.append(Problem(row_no, None, "", "contains NUL characters; they were removed", "warning"))
                cells = [c.replace("\x00", "") for c in cells]
            block.append(cells)
            rows.append(row_no)
            if len(block) >= CHUNK_ROWS:
                chunks.append(_frame(block, names))
                block = []
        chunks.append(_frame(block, names))
    frame = pd.concat(chunks, ignore_index=True) if len(chunks) > 1 else chunks[0]
    return RawTable(header, frame, np.asarray(rows, dtype=np.int64), problems, rows_read)


def _fast_read(stream: BinaryIO, names: list[str], delimiter: str
               ) -> tuple[pd.DataFrame, np.ndarray, list[Problem], int] | None:
    """A regular UTF-8 file in one go with Arrow's C++ reader (ten times faster than the csv module); None when
    anything is irregular (ragged rows, blank lines, NUL bytes, quoting Arrow rejects), so that the careful
    reader above handles it and reports each row."""
    import pyarrow as pa
    import pyarrow.csv as pacsv

    position = stream.tell()  # the careful reader's text layer goes on from here if this returns None
    stream.seek(0)
    data = stream.read()
    stream.seek(position)
    if b"\x00" in data:
        return None
    try:
        table = pacsv.read_csv(
            pa.py_buffer(data),
            read_options=pacsv.ReadOptions(column_names=[f"c{i}" for i in range(len(names))], skip_rows=1,
                                           block_size=1 << 24),
            parse_options=pacsv.ParseOptions(delimiter=delimiter, newlines_in_values=True, ignore_empty_lines=False),
            convert_options=pacsv.ConvertOptions(column_types={f"c{i}": pa.string() for i in range(len(names))},
                                                 strings_can_be_null=False, quoted_strings_can_be_null=False))
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        return None
    frame = pd.DataFrame({n: pd.array(table.column(i), dtype="str") for i, n in enumerate(names)})
    rows = np.arange(2, len(frame) + 2, dtype=np.int64)
    if len(names) and len(frame):  # records of empty or blank cells only are skipped, as the careful reader does
        blank = np.ones(len(frame), dtype=bool)
        for col in frame.columns:  # only rows still blank so far are looked at in the next column
            candidates = np.flatnonzero(blank)
            if not len(candidates):
                break
            blank[candidates] = (frame[col].iloc[candidates].str.strip() == "").to_numpy()
        if blank.any():
            frame, rows = frame[~blank].reset_index(drop=True), rows[~blank]
    return frame, rows, [], len(frame)


class _NulWatch:
    """Lines of the text, noting NUL characters as they pass (one C-level test a line, not one a cell)."""

    def __init__(self, lines: io.TextIOBase) -> None:
        self.lines, self.seen = lines, False

    def __iter__(self) -> _NulWatch:
        return self

    def __next__(self) -> str:
        line = next(self.lines)
        if "\x00" in line:
            self.seen = True
        return line


def _frame(block: list[list[str]], names: list[str]) -> pd.DataFrame:
    if not block:
        return pd.DataFrame({n: pd.Series([], dtype="str") for n in names})
    columns = list(zip(*block, strict=True))
    return pd.DataFrame({n: pd.array(col, dtype="str") for n, col in zip(names, columns, strict=True)})
