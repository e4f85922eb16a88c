"""Vectorised validation: string records in our column names -> typed valid rows and every problem.

Each check runs on whole columns (250,000 rows in about a second); problems still name the row (spreadsheet
numbering), column and value. Errors drop the row; warnings keep it. Warnings that can concern most rows of
a world-wide file (points outside Mali, outside the row's own country) are listed row by row up to
:data:`LIST_UP_TO` rows and summarised in one line beyond that; their full counts are in ``counts``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ..names import canonical_region
from ..schema import CATEGORIES, COLUMNS, EVENT_TYPES, IA_STATUSES, IN_ARTICLE, REQUIRED, category_from_event_type
from .problems import LIST_UP_TO, Problem, row_warnings
from .values import DATE_FORMATS
from .vector import map_unique

MALI = "466"
_TYPES = {t.casefold(): t for t in EVENT_TYPES}


@dataclass
class Checked:
    frame: pd.DataFrame
    rows: np.ndarray
    problems: list[Problem] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    dropped: int = 0
    keep: np.ndarray | None = None
    unlisted_warnings: int = 0


class _Report:
    """Problems found column-wise, each tied to its row number."""

    def __init__(self, rec: pd.DataFrame, rows: np.ndarray) -> None:
        self.rec, self.rows = rec, rows
        self.problems: list[Problem] = []
        self.bad = np.zeros(len(rec), dtype=bool)
        self.counts: dict[str, int] = {}
        self.unlisted = 0

    def add(self, mask: np.ndarray | pd.Series, column: str | None, message: str | Callable[[int], str],
            severity: str = "error", values: pd.Series | np.ndarray | None = None) -> None:
        """One problem per masked row; ``message`` may be a function of the row's position."""
        mask = np.asarray(mask, dtype=bool)
        if not mask.any():
            return
        if values is None:
            values = self.rec[column] if column in self.rec else pd.Series("", index=self.rec.index)
        vals = np.asarray(values, dtype=object)
        for i in np.flatnonzero(mask):
            text = message(i) if callable(message) else message
            self.problems.append(Problem(int(self.rows[i]), column, str(vals[i]), text, severity))
        if severity == "error":
            self.bad |= mask

    def mass_warning(self, key: str, mask: np.ndarray, column: str, message: str, values: np.ndarray,
                     summary: str) -> None:
        """A warning that may concern most rows: per row up to LIST_UP_TO rows, else one summary line."""
        problems, unlisted = row_warnings(self.rows, mask, column, values, message, summary)
        if problems:
            self.counts[key] = int(np.asarray(mask, dtype=bool).sum())
        self.problems += problems
        self.unlisted += unlisted


def text(rec: pd.DataFrame, col: str) -> pd.Series:
    """A column as stripped strings ("" when the file has no such column)."""
    if col not in rec:
        return pd.Series("", index=rec.index, dtype=object)
    return rec[col].astype(str).str.strip()


def parse_dates(values: pd.Series) -> pd.Series:
    """Dates in any of :data:`DATE_FORMATS` (day first), NaT where none fits."""
    out = pd.Series(pd.NaT, index=values.index, dtype="datetime64[ns]")
    todo = values != ""
    for fmt in DATE_FORMATS:
        if not todo.any():
            break
        parsed = pd.to_datetime(values[todo], format=fmt, errors="coerce")
        out[todo] = parsed
        todo &= out.isna()
    return out


def _numbers(values: pd.Series) -> np.ndarray:
    nums = pd.to_numeric(values.str.replace(",", ".", regex=False), errors="coerce").to_numpy(dtype=float, copy=True)
    nums[~np.isfinite(nums)] = np.nan
    return nums


def check(rec: pd.DataFrame, rows: np.ndarray, assume_mali: bool = True) -> Checked:
    """Validate every row of ``rec`` (strings, our column names). ``assume_mali``: rows with no ``country``
    or ``iso`` are taken to be in Mali (our own files); otherwise their country is unknown."""
    rec = rec.reset_index(drop=True)
    rep = _Report(rec, rows)
    out = pd.DataFrame(index=rec.index)
    for col in REQUIRED:
        rep.add(text(rec, col) == "", col, "is empty; a value is required")
    _dates(rec, rep, out)
    for col in ("time_precision", "geo_precision"):
        raw = text(rec, col)
        rep.add(~raw.isin(["", "1", "2", "3"]), col, "must be 1, 2 or 3 (ACLED precision code)")
        out[col] = pd.to_numeric(raw.where(raw.isin(["1", "2", "3"]), "1").replace("", "1")).astype("Int64")
    fat = text(rec, "fatalities")
    whole = fat.str.fullmatch(r"[0-9]{1,9}")
    rep.add((fat != "") & ~whole, "fatalities", "must be a whole number of 0 or more (at most 9 digits)")
    out["fatalities"] = pd.to_numeric(fat.where(whole), errors="coerce").astype("Int64")
    _vocabularies(rec, rep, out)
    _coordinates(rec, rep, out, assume_mali)
    ids = text(rec, "event_id")
    dup = ids.duplicated(keep="first") & ~rep.bad & (ids != "")
    if dup.any():
        firsts = pd.Series(rows).where(~rep.bad).groupby(ids.to_numpy()).transform("first").to_numpy()
        rep.add(dup, "event_id", lambda i: f"duplicates row {int(firsts[i])}; row dropped", values=ids)
    keep = ~rep.bad
    frame = _typed(rec, out)[keep].reset_index(drop=True)
    dropped = int(rep.bad.sum())
    rep.problems.sort(key=lambda p: -1 if p.row is None else p.row)
    return Checked(frame, rows[keep], rep.problems, rep.counts, dropped, keep, rep.unlisted)


def _dates(rec: pd.DataFrame, rep: _Report, out: pd.DataFrame) -> None:
    raw = text(rec, "event_date")
    start = parse_dates(raw)
    expected = "expected YYYY-MM-DD, DD/MM/YYYY or DD Month YYYY"
    rep.add((raw != "") & start.isna(), "event_date", f"is not a date; {expected}")
    raw_end = text(rec, "date_end")
    end = parse_dates(raw_end)
    rep.add((raw_end != "") & end.isna(), "date_end", f"is not a date; {expected}")
    rep.add((end < start).to_numpy(), "date_end", lambda i: f"is before event_date {start.iloc[i]:%Y-%m-%d}")
    out["event_date"], out["date_end"] = start, end


def _vocabularies(rec: pd.DataFrame, rep: _Report, out: pd.DataFrame) -> None:
    etype = text(rec, "event_type")
    canon = etype.str.casefold().map(_TYPES)
    rep.add((etype != "") & canon.isna(), "event_type", f"is not an ACLED event type ({', '.join(EVENT_TYPES)})")
    out["event_type"] = canon.fillna(etype)
    category = text(rec, "category")
    category = category.where(category != "", map_unique(out["event_type"], category_from_event_type))
    rep.add(~category.isin(list(CATEGORIES)), "category", f"must be one of {', '.join(CATEGORIES)}")
    out["category"] = category
    rep.add(~text(rec, "in_article").isin(["", *IN_ARTICLE]), "in_article",
            f"must be empty or one of {', '.join(IN_ARTICLE)}")
    rep.add(~text(rec, "ia_status").isin(["", *IA_STATUSES]), "ia_status", "must be empty, installed or blocked")
    ia = text(rec, "ia_regions")
    uniq = {v: [canonical_region(r) for r in v.split("|") if r.strip()] for v in ia.unique()}
    rep.add(map_unique(ia, lambda v: any(c is None for c in uniq[v])).astype(bool), "ia_regions",
            "names a region outside the 2016 frame")
    out["ia_regions"] = map_unique(ia, lambda v: "|".join(c for c in uniq[v] if c))
    urls = text(rec, "source_urls")
    has_bad = urls.str.contains(r"(?:^|\s)(?!https?://)\S", case=False, regex=True)
    for i in np.flatnonzero(has_bad.to_numpy()):
        for url in urls.iloc[i].split():
            if not url.lower().startswith(("http://", "https://")):
                rep.problems.append(Problem(int(rep.rows[i]), "source_urls", url,
                                            "is not an http(s) link; shown as text, not as a link", "warning"))


def _coordinates(rec: pd.DataFrame, rep: _Report, out: pd.DataFrame, assume_mali: bool) -> None:
    from ..countries import contains_many, country_code, country_name
    from ..regions import in_mali_many

    raw_lat, raw_lon = text(rec, "latitude"), text(rec, "longitude")
    lat, lon = _numbers(raw_lat), _numbers(raw_lon)
    given = (raw_lat != "").to_numpy() | (raw_lon != "").to_numpy()
    numeric = ~np.isnan(lat) & ~np.isnan(lon)
    not_number = given & ~numeric
    rep.add(not_number & np.isnan(lat), "latitude", "is not a number (both latitude and longitude, or neither)")
    rep.add(not_number & ~np.isnan(lat), "longitude", "is not a number (both latitude and longitude, or neither)")
    in_range = numeric & (np.abs(lat) <= 90) & (np.abs(lon) <= 180)
    swap_range = numeric & (np.abs(lon) <= 90) & (np.abs(lat) <= 180)
    # The row's own country: ACLED's numeric iso or a country name; our own files are about Mali.
    if "iso" in rec or "country" in rec:
        pairs = text(rec, "country").str.cat(text(rec, "iso"), sep="\x1f")  # one key a row, looked up once a value
        codes = map_unique(pairs, lambda p: country_code(*p.split("\x1f", 1))).to_numpy(dtype=object)
    else:
        codes = np.full(len(rec), MALI if assume_mali else None, dtype=object)
    in_own = np.ones(len(rec), dtype=bool)
    swapped_in_own = np.zeros(len(rec), dtype=bool)
    for code in {c for c in codes if c is not None}:
        sel = (codes == code) & numeric
        idx = np.flatnonzero(sel & in_range)
        in_own[idx] = contains_many(code, lat[idx], lon[idx])
        cand = np.flatnonzero(sel & swap_range & ~(in_range & in_own))
        swapped_in_own[cand] = contains_many(code, lon[cand], lat[cand])
    known = np.array([c is not None for c in codes], dtype=bool)
    swapped = numeric & known & (~in_range | ~in_own) & swapped_in_own
    for i in np.flatnonzero(swapped):
        rep.problems.append(Problem(int(rep.rows[i]), "latitude", raw_lat.iloc[i],
                                    f"and longitude look swapped: ({lon[i]}, {lat[i]}) would be in "
                                    f"{country_name(codes[i])}, the row's country; row dropped"))
    rep.bad |= swapped
    rep.add(numeric & ~in_range & ~swapped, "latitude", "is out of range (latitude -90..90, longitude -180..180)",
            values=np.where(np.abs(lat) > 90, raw_lat, raw_lon))
    ok = in_range & ~swapped
    outside_own = ok & known & ~in_own & (codes != MALI)
    rep.mass_warning("outside_own_country", outside_own, "latitude",
                     "is outside the country named in the row (country/iso); kept", _points(lat, lon, outside_own),
                     "lie outside the country named in the row (country/iso); kept")
    mali = np.zeros(len(rec), dtype=bool)
    mali[ok] = in_mali_many(lat[ok], lon[ok])
    rep.mass_warning("outside_mali", ok & ~mali, "latitude", "is outside Mali; kept", _points(lat, lon, ok & ~mali),
                     "lie outside Mali; kept")
    out["latitude"] = np.where(ok, lat, np.nan)
    out["longitude"] = np.where(ok, lon, np.nan)


def _points(lat: np.ndarray, lon: np.ndarray, mask: np.ndarray) -> np.ndarray:
    """"(lat, lon)" for the masked rows, as problem values (only built when they will be listed)."""
    out = np.full(len(lat), "", dtype=object)
    idx = np.flatnonzero(mask)
    if len(idx) <= LIST_UP_TO:
        out[idx] = [f"({lat[i]}, {lon[i]})" for i in idx]
    return out


def _typed(rec: pd.DataFrame, out: pd.DataFrame) -> pd.DataFrame:
    """Every known column first (typed), then the file's other columns as strings."""
    data = {}
    typed = ("event_date", "date_end", "time_precision", "geo_precision", "fatalities", "latitude", "longitude")
    for col in COLUMNS:
        if col in typed:
            data[col] = out[col]
        elif col in out:
            data[col] = out[col].astype(str)
        elif col in rec:
            data[col] = rec[col].astype(str)
        else:
            data[col] = pd.Series("", index=rec.index, dtype=str)
    for col in rec.columns:
        if col not in data:
            data[col] = rec[col].astype(str)
    return pd.DataFrame(data)
