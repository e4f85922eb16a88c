"""Read, validate and write events files.

Input is hostile: any CSV a user uploads. The loader never raises on bad content; it returns the valid
rows and a list of :class:`Problem`, one per problem, naming the row (spreadsheet numbering: the header is
row 1), column and value. Only :class:`EventsFileError` is raised, for files that cannot be read at all
(binary, over an upload limit, no header). The steps live in ``geo.io``: reading (streamed, any size),
the ACLED and UCDP layouts, vectorised checks; regions and cercles then come from the points (geo.admin).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

import pandas as pd

from .io.problems import EventsFileError, Problem
from .io.values import parse_date
from .schema import REQUIRED

__all__ = ["EventsFileError", "LoadResult", "Problem", "load_events", "parse_date", "MAX_UPLOAD_BYTES"]

#: Uploads through the dashboard above this size are refused before parsing (GEO_MAX_UPLOAD_MB overrides);
#: the command line reads files of any size.
MAX_UPLOAD_BYTES = int(float(os.environ.get("GEO_MAX_UPLOAD_MB", "50")) * 1024 * 1024)
#: How the counted warnings are named in summaries.
COUNT_LABELS = {"outside_mali": "points outside Mali", "outside_own_country": "points outside their row's country",
                "admin1_disagreements": "admin1 disagreements over 10 km",
                "admin2_disagreements": "admin2 (cercle) disagreements over 10 km"}


@dataclass
class LoadResult:
    """Valid events plus every problem found. ``rows_read`` counts data rows in the file; every one of them
    is a kept event, a row merged into an earlier row's event (monadic ACLED: one row per actor), or dropped."""

    events: pd.DataFrame
    problems: list[Problem] = field(default_factory=list)
    rows_read: int = 0
    format: str = "native"
    counts: dict[str, int] = field(default_factory=dict)
    dropped: int = 0
    merged: int = 0
    unlisted_warnings: int = 0

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> int:
        """Rows warned about: listed ones plus those only counted in a summary line."""
        listed = sum(1 for p in self.problems if p.severity == "warning" and p.row is not None)
        return listed + self.unlisted_warnings

    @property
    def ok(self) -> bool:
        return not self.problems

    def summary(self) -> str:
        merged = f", {self.merged} rows merged into monadic events as further actors" if self.merged else ""
        details = "".join(f"; {n:,} {COUNT_LABELS.get(k, k)}" for k, n in self.counts.items())
        return (f"{self.rows_read:,} rows read: {len(self.events):,} events kept{merged}, {self.dropped:,} rows "
                f"dropped ({len(self.errors):,} errors); {self.warnings:,} warnings{details}")


def load_events(source: str | Path | bytes | BinaryIO, max_bytes: int | None = None, fmt: str = "auto",
                boundaries: object = None) -> LoadResult:
    """Load an events file (path, bytes or binary file object) into valid rows and problems.

    ``fmt`` is native, acled or ucdp; auto detects it from the header. ``max_bytes`` refuses larger input
    before parsing (the dashboard's upload limit); ``boundaries`` (geo.regions.Boundaries) are the outlines
    admin1/admin2 are derived from (default: the bundled OCHA cercles).
    """
    from .admin import assign_admin
    from .io import acled, ucdp
    from .io.checks import check
    from .io.csvread import read_table
    from .regions import load_boundaries

    table = read_table(source, max_bytes)
    keys = acled.normalise_header(table.header)
    if fmt == "auto":  # our own files (and our exports of ACLED or UCDP files) have event_id
        own = "event_id" in [h.strip() for h in table.header]
        fmt = "native" if own else "acled" if acled.detect(keys) else "ucdp" if ucdp.detect(table.header) else "native"
    merged = 0
    if fmt == "acled":
        rec, rows, merged, attrs = acled.from_acled(table)
    elif fmt == "ucdp":
        (rec, attrs), rows = ucdp.from_ucdp(table), table.rows
    else:
        rec, rows = table.frame, table.rows
        attrs = {"source_format": "native", "source_columns": list(table.header)}
    missing = [c for c in REQUIRED if c not in rec.columns]
    if missing and acled.is_aggregated(keys):
        raise EventsFileError(
            "this is ACLED's aggregated data (event counts per admin-1 region and week, with region centroids), "
            "not events: each row stands for many events with no date, place or actor of their own. Export "
            "event-level data from ACLED's data export tool (one row per event, with event_id_cnty) instead")
    if missing:
        raise EventsFileError(
            f"missing required column(s) {', '.join(missing)}; the header has "
            f"{', '.join(table.header) or 'nothing'} (is the delimiter a comma, semicolon or tab?)"
        )
    checked = check(rec, rows, assume_mali=fmt == "native")
    events = checked.frame
    if fmt == "acled":
        events = acled.keep_raw_strings(events, rec.reset_index(drop=True)[checked.keep])
    events, admin_problems, admin_counts, admin_unlisted = assign_admin(events, boundaries or load_boundaries(),
                                                                        checked.rows)
    problems = table.problems + checked.problems + admin_problems
    if table.rows_read == 0:
        problems.append(Problem(None, None, "", "the file has a header but no data rows"))
    problems.sort(key=lambda p: -1 if p.row is None else p.row)  # file first, then rows in order
    events.attrs.update(attrs)
    unreadable = sum(1 for p in table.problems if p.severity == "error")
    return LoadResult(events, problems, table.rows_read, fmt, {**checked.counts, **admin_counts},
                      checked.dropped + unreadable, merged, checked.unlisted_warnings + admin_unlisted)


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


def merge_events(base: pd.DataFrame | None, extra: pd.DataFrame | None) -> pd.DataFrame:
    """Rows of ``extra`` appended to ``base``; an event_id already present gets a "-dupN" suffix (kept, not lost)."""
    if extra is None or extra.empty:
        return base
    if base is None or base.empty:
        return extra.reset_index(drop=True)
    ids = extra["event_id"].astype(str)
    seen = set(base["event_id"])
    clash = ids.isin(seen) | ids.duplicated()
    if clash.any():
        new = ids.copy()
        taken = seen | set(ids)
        for i in clash[clash].index:
            n = 1
            while f"{ids[i]}-dup{n}" in taken:
                n += 1
            new[i] = f"{ids[i]}-dup{n}"
            taken.add(new[i])
        extra = extra.assign(event_id=new)
    return pd.concat([base, extra], ignore_index=True)
