"""Read, validate and write events files.

Input is hostile: any CSV a user uploads. The loader never raises on bad
content; it returns the valid rows and a list of :class:`Problem`, one per
problem, naming the row (spreadsheet numbering: the header is row 1), column
and value. Only :class:`EventsFileError` is raised, for files that cannot be
read at all (binary, too large, no header).
"""

from __future__ import annotations

import csv
import io
import math
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import BinaryIO

import pandas as pd

from .names import canonical_region
from .schema import (
    CATEGORIES,
    COLUMNS,
    EVENT_TYPES,
    IA_STATUSES,
    IN_ARTICLE,
    REQUIRED,
    category_from_event_type,
)

#: Files above this size are refused before parsing (documented in the README).
MAX_BYTES = 50 * 1024 * 1024
_DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%d %B %Y", "%Y/%m/%d")


class EventsFileError(ValueError):
    """The file cannot be read as an events table at all."""


@dataclass(frozen=True)
class Problem:
    """One problem in one cell (or the file, when row is None)."""

    row: int | None
    column: str | None
    value: str
    message: str
    severity: str = "error"  # "error" drops the row, "warning" keeps it

    def __str__(self) -> str:
        where = f"row {self.row}" if self.row is not None else "file"
        col = f", column {self.column}" if self.column else ""
        val = f", value {_short(self.value)!r}" if self.value != "" else ""
        return f"{self.severity}: {where}{col}{val}: {self.message}"


@dataclass
class LoadResult:
    """Valid rows plus every problem found; ``rows_read`` counts data rows in the file."""

    events: pd.DataFrame
    problems: list[Problem] = field(default_factory=list)
    rows_read: int = 0
    format: str = "native"

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def ok(self) -> bool:
        return not self.problems

    def summary(self) -> str:
        dropped = self.rows_read - len(self.events)
        return (
            f"{len(self.events)} of {self.rows_read} rows kept, {dropped} dropped; "
            f"{len(self.errors)} errors, {len(self.problems) - len(self.errors)} warnings"
        )


def _short(value: str, limit: int = 80) -> str:
    return value if len(value) <= limit else value[:limit] + "…"


_BINARY_MAGIC = (b"\x89PNG", b"GIF8", b"\xff\xd8\xff", b"%PDF", b"PK\x03\x04", b"\x1f\x8b", b"7z\xbc\xaf",
                 b"\x7fELF", b"SQLite format 3", b"\xd0\xcf\x11\xe0")
csv.field_size_limit(max(csv.field_size_limit(), MAX_BYTES))  # a 1 MB note is a valid cell


def _decode(raw: bytes) -> str:
    head = raw[:65536]
    if head.startswith(_BINARY_MAGIC) or head.count(b"\x00") > max(8, len(head) // 100):
        raise EventsFileError("this looks like a binary file (image, archive, spreadsheet?), not a CSV text file; "
                              "save it as CSV (UTF-8) first")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace")


class _Dialect(csv.excel):
    """Standard CSV quoting ("" inside quotes); only the delimiter is sniffed."""


def _dialect(text: str) -> type[csv.Dialect]:
    first_line = text[:65536].splitlines()[0] if text else ""
    try:
        delimiter = csv.Sniffer().sniff(first_line, delimiters=",;\t|").delimiter
    except csv.Error:
        delimiter = ","
    return type("SniffedDialect", (_Dialect,), {"delimiter": delimiter})


def parse_date(value: str) -> date | None:
    """Parse ISO (YYYY-MM-DD) or day-first (DD/MM/YYYY) dates; None if neither."""
    value = value.strip()
    if len(value) == 10 and value[4] == "-" and value[7] == "-":
        try:
            return date.fromisoformat(value)
        except ValueError:
            return None
    for fmt in _DATE_FORMATS:
        try:
            return datetime.strptime(value.strip(), fmt).date()
        except ValueError:
            continue
    return None


def _number(value: str) -> float | None:
    try:
        number = float(value.replace(",", ".")) if value.strip() else None
    except ValueError:
        return None
    return number if number is not None and math.isfinite(number) else None


def _mali_flags(records: list[tuple[int, dict[str, str]]]) -> dict[int, tuple[bool, bool]]:
    """Row -> (point in Mali, point in Mali with lat/lon exchanged), for every row with two numbers:
    one vectorised test instead of two per row."""
    import numpy as np

    from .regions import in_mali_many

    rows, lats, lons = [], [], []
    for row_no, rec in records:
        lat, lon = _number(rec.get("latitude", "")), _number(rec.get("longitude", ""))
        if lat is not None and lon is not None:
            rows.append(row_no)
            lats.append(lat)
            lons.append(lon)
    if not rows:
        return {}
    lat_a, lon_a = np.array(lats), np.array(lons)
    direct, swapped = in_mali_many(lat_a, lon_a), in_mali_many(lon_a, lat_a)
    return {r: (bool(d), bool(w)) for r, d, w in zip(rows, direct, swapped, strict=True)}


class _RowChecker:
    """Checks one row, collecting problems; returns the typed record or None."""

    def __init__(self, row_no: int, record: dict[str, str], problems: list[Problem],
                 in_mali: tuple[bool, bool] | None = None):
        self.row_no, self.rec, self.problems = row_no, record, problems
        self.in_mali = in_mali
        self.fatal = False

    def report(self, column: str, message: str, severity: str = "error", value: str | None = None) -> None:
        cell = self.rec.get(column, "") if value is None else value
        self.problems.append(Problem(self.row_no, column, cell, message, severity))
        self.fatal = self.fatal or severity == "error"

    def check(self) -> dict[str, object] | None:
        rec = self.rec
        out: dict[str, object] = dict(rec)
        for col in REQUIRED:
            if not rec.get(col, "").strip():
                self.report(col, "is empty; a value is required")
        start = parse_date(rec.get("event_date", "")) if rec.get("event_date", "").strip() else None
        if rec.get("event_date", "").strip() and start is None:
            self.report("event_date", "is not a date; expected YYYY-MM-DD or DD/MM/YYYY")
        end = None
        if rec.get("date_end", "").strip():
            end = parse_date(rec["date_end"])
            if end is None:
                self.report("date_end", "is not a date; expected YYYY-MM-DD or DD/MM/YYYY")
            elif start is not None and end < start:
                self.report("date_end", f"is before event_date {start.isoformat()}")
        out["event_date"], out["date_end"] = start, end
        out["_raw_date"] = rec.get("event_date", "").strip()
        for col in ("time_precision", "geo_precision"):
            raw = rec.get(col, "").strip()
            out[col] = int(raw) if raw in {"1", "2", "3"} else (1 if not raw else None)
            if out[col] is None:
                self.report(col, "must be 1, 2 or 3 (ACLED precision code)")
        raw_fat = rec.get("fatalities", "").strip()
        whole = raw_fat.isascii() and raw_fat.isdigit()  # not "²", which str.isdigit() accepts
        out["fatalities"] = int(raw_fat) if whole else None  # empty stays empty (unknown), as in ACLED files
        if raw_fat and not whole:
            self.report("fatalities", "must be a whole number of 0 or more")
        self._check_vocab(out)
        self._check_coordinates(out)
        return None if self.fatal else out

    def _check_vocab(self, out: dict[str, object]) -> None:
        rec = self.rec
        etype = rec.get("event_type", "").strip()
        if etype and etype not in EVENT_TYPES:
            self.report("event_type", f"is not an ACLED event type ({', '.join(EVENT_TYPES)})")
        category = rec.get("category", "").strip() or category_from_event_type(etype)
        if category not in CATEGORIES:
            self.report("category", f"must be one of {', '.join(CATEGORIES)}")
        out["category"] = category
        if rec.get("in_article", "").strip() not in {"", *IN_ARTICLE}:
            self.report("in_article", f"must be empty or one of {', '.join(IN_ARTICLE)}")
        if rec.get("ia_status", "").strip() not in {"", *IA_STATUSES}:
            self.report("ia_status", "must be empty, installed or blocked")
        regions = [r for r in rec.get("ia_regions", "").split("|") if r.strip()]
        canon = [canonical_region(r) for r in regions]
        if any(c is None for c in canon):
            self.report("ia_regions", "names a region outside the 2016 frame")
        out["ia_regions"] = "|".join(c for c in canon if c)
        admin1 = rec.get("admin1", "").strip()
        if admin1:
            if canonical_region(admin1) is None:
                self.report("admin1", "is not a Mali region of the 2016 frame; kept as written", "warning")
            else:
                out["admin1"] = canonical_region(admin1)
        for url in rec.get("source_urls", "").split():
            if not url.lower().startswith(("http://", "https://")):
                self.report("source_urls", "is not an http(s) link; shown as text, not as a link", "warning", url)

    def _check_coordinates(self, out: dict[str, object]) -> None:
        rec = self.rec
        raw_lat, raw_lon = rec.get("latitude", "").strip(), rec.get("longitude", "").strip()
        out["latitude"] = out["longitude"] = None
        if not raw_lat and not raw_lon:
            return
        lat, lon = _number(raw_lat), _number(raw_lon)
        if lat is None or lon is None:
            col = "latitude" if lat is None else "longitude"
            self.report(col, "is not a number (both latitude and longitude, or neither)")
            return
        if not (-90 <= lat <= 90) or not (-180 <= lon <= 180):
            col = "latitude" if not -90 <= lat <= 90 else "longitude"
            self.report(col, "is out of range (latitude -90..90, longitude -180..180)")
            return
        direct, swapped = self.in_mali or (True, False)
        if not direct:
            if swapped:
                self.report("latitude", f"and longitude look swapped: ({lon}, {lat}) would be in Mali")
                return
            self.report("latitude", f"({lat}, {lon}) is outside Mali; kept", "warning")
        out["latitude"], out["longitude"] = lat, lon


def load_events(source: str | Path | bytes | BinaryIO, max_bytes: int = MAX_BYTES, fmt: str = "auto") -> LoadResult:
    """Load an events CSV (path, bytes or binary file object) into valid rows and problems.

    ``fmt`` is native, acled or ucdp; auto detects it from the header (see geo.formats).
    """
    from .formats import mapper
    raw = _read_bytes(source, max_bytes)
    text = _decode(raw)
    if not text.strip():
        raise EventsFileError("the file is empty")
    reader = csv.reader(io.StringIO(text, newline=""), _dialect(text))
    try:
        source_header = [h.strip() for h in next(reader)]
    except (StopIteration, csv.Error) as exc:
        raise EventsFileError(f"cannot read a header row: {exc}") from None
    fmt, header, to_native = mapper(source_header, fmt)
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        raise EventsFileError(
            f"missing required column(s) {', '.join(missing)}; the header has "
            f"{', '.join(source_header) or 'nothing'}"
            " (is the delimiter a comma, semicolon or tab?)"
        )
    problems: list[Problem] = []
    rows: list[dict[str, object]] = []
    records: list[tuple[int, dict[str, str]]] = []
    seen: dict[str, int] = {}
    rows_read = 0
    row_no = 1
    has_nul = "\x00" in text
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
        if not any(c.strip() for c in cells):
            continue
        rows_read += 1
        if len(cells) != len(source_header):
            problems.append(
                Problem(row_no, None, "", f"has {len(cells)} cells, the header has {len(source_header)}", "warning")
            )
        if has_nul and any("\x00" in c for c in cells):
            problems.append(Problem(row_no, None, "", "contains NUL characters; they were removed", "warning"))
            cells = [c.replace("\x00", "") for c in cells]
        padded = cells + [""] * (len(source_header) - len(cells))
        records.append((row_no, to_native(dict(zip(source_header, padded, strict=False)))))
    flags = _mali_flags(records)
    for row_no, record in records:
        checked = _RowChecker(row_no, record, problems, flags.get(row_no)).check()
        if checked is None:
            continue
        eid = str(checked["event_id"]).strip()
        if eid in seen:
            problems.append(Problem(row_no, "event_id", eid, f"duplicates row {seen[eid]}; row dropped"))
            continue
        seen[eid] = row_no
        rows.append(checked)
    if rows_read == 0:
        problems.append(Problem(None, None, "", "the file has a header but no data rows"))
    problems.sort(key=lambda p: -1 if p.row is None else p.row)  # file first, then rows in order
    frame = to_frame(rows, header)
    frame.attrs.update(source_format=fmt, source_columns=source_header)
    if fmt == "acled" and rows_read:
        first = next((str(r.get("_raw_date", "")) for r in rows[:1]), "")
        frame.attrs["acled_date_style"] = "%Y-%m-%d" if re.match(r"\d{4}-\d{2}-\d{2}$", first) else "%d %B %Y"
    return LoadResult(frame, problems, rows_read, fmt)


def _read_bytes(source: str | Path | bytes | BinaryIO, max_bytes: int) -> bytes:
    if isinstance(source, bytes):
        raw = source
    elif isinstance(source, (str, Path)):
        path = Path(source)
        if not path.is_file():
            raise EventsFileError(f"no such file: {path}")
        if path.stat().st_size > max_bytes:
            raise EventsFileError(f"the file is {path.stat().st_size:,} bytes; the limit is {max_bytes:,}")
        raw = path.read_bytes()
    else:
        raw = source.read(max_bytes + 1)
    if len(raw) > max_bytes:
        raise EventsFileError(f"the file is larger than the {max_bytes:,}-byte limit")
    return raw


def to_frame(rows: list[dict[str, object]], header: list[str] | None = None) -> pd.DataFrame:
    """Typed DataFrame with every known column first, then unknown extra columns."""
    extra = [h for h in dict.fromkeys(header or []) if h not in COLUMNS]
    frame = pd.DataFrame(rows, columns=[*COLUMNS, *extra])
    for col in frame.columns:
        if col in ("event_date", "date_end"):
            frame[col] = pd.to_datetime(frame[col])
        elif col in ("latitude", "longitude"):
            frame[col] = pd.to_numeric(frame[col]).astype("float64")
        elif col in ("time_precision", "geo_precision", "fatalities"):
            frame[col] = pd.to_numeric(frame[col]).astype("Int64")
        else:
            frame[col] = frame[col].astype(object).where(frame[col].notna(), "").astype(str)
    frame["geo_precision"] = frame["geo_precision"].fillna(1)
    frame["time_precision"] = frame["time_precision"].fillna(1)
    return frame.reset_index(drop=True)


def to_csv_bytes(events: pd.DataFrame) -> bytes:
    """Write events back in the file format load_events reads (UTF-8, ISO dates)."""
    out = events.copy()
    for col in ("event_date", "date_end"):
        out[col] = out[col].dt.strftime("%Y-%m-%d").fillna("")
    # CRLF (RFC 4180): the csv writer then quotes any cell holding a lone \r or \n, so it reads back unchanged.
    return out.to_csv(index=False, lineterminator="\r\n").encode("utf-8")


def is_context(events: pd.DataFrame) -> pd.Series:
    """Background and follow-up events: category context, or not from the article at all."""
    return (events["category"] == "context") | (events["in_article"] == "context")


def on_map(events: pd.DataFrame) -> pd.Series:
    """Rows that have a point to draw."""
    return events["latitude"].notna() & events["longitude"].notna()


def merge_events(base: pd.DataFrame, extra: pd.DataFrame | None) -> pd.DataFrame:
    """Rows of ``extra`` appended to ``base``; an event_id already present gets a "-dupN" suffix (kept, not lost)."""
    if extra is None or extra.empty:
        return base
    if base is None or base.empty:
        return extra.reset_index(drop=True)
    extra = extra.copy()
    seen = set(base["event_id"])
    ids = []
    for eid in extra["event_id"]:
        new, n = eid, 1
        while new in seen:
            new, n = f"{eid}-dup{n}", n + 1
        seen.add(new)
        ids.append(new)
    extra["event_id"] = ids
    return pd.concat([base, extra], ignore_index=True)
