"""ACLED and UCDP GED files in and out, mapped onto our columns without losing their own.

Detection reads the header: ACLED exports carry ``event_id_cnty`` (older ones ``data_id`` or
``event_id_no_cnty``), UCDP GED files ``side_a``, ``date_start`` and ``where_prec``. Every source column
that has no native equivalent is kept as an extra column, so ACLED in, ACLED out gives the same rows and
values, and UCDP's precision codes survive next to the ACLED-style codes derived from them.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import pandas as pd

from .names import canonical_region

#: ACLED's current export columns, in ACLED's order.
ACLED_COLUMNS = [
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type", "sub_event_type",
    "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2", "interaction", "civilian_targeting",
    "iso", "region", "country", "admin1", "admin2", "admin3", "location", "latitude", "longitude", "geo_precision",
    "source", "source_scale", "notes", "fatalities", "tags", "timestamp",
]
ACLED_IDS = ("event_id_cnty", "data_id", "event_id_no_cnty")
UCDP_VIOLENCE = {"1": "Battles", "2": "Battles", "3": "Violence against civilians"}
#: UCDP date_prec (1 exact day .. 5 more than a month) -> ACLED time_precision (1 day, 2 week, 3 month).
UCDP_DATE_PREC = {"1": "1", "2": "2", "3": "2", "4": "3", "5": "3"}
#: UCDP where_prec (1 exact .. 7 international waters) -> ACLED geo_precision (1 place, 2 near, 3 region).
UCDP_WHERE_PREC = {"1": "1", "2": "2", "3": "2", "4": "3", "5": "3", "6": "3", "7": "3"}
FORMATS = ("auto", "native", "acled", "ucdp")


def detect(header: list[str]) -> str:
    names = set(header)
    if names & set(ACLED_IDS) and "actor1" in names:
        return "acled"
    if {"side_a", "date_start", "where_prec"} <= names:
        return "ucdp"
    return "native"


def _acled(record: dict[str, str]) -> dict[str, str]:
    out = dict(record)
    out["event_id"] = next((record[k] for k in ACLED_IDS if record.get(k, "").strip()), "")
    # We normalise admin1 (Menaka -> Ménaka); ACLED out needs it as written.
    out["admin1_source"] = record.get("admin1", "")
    return out


def _ucdp_date(value: str) -> str:
    return value.strip()[:10]


def _ucdp(record: dict[str, str]) -> dict[str, str]:
    out = {f"ucdp_{k}" if k in _UCDP_CLASHES else k: v for k, v in record.items()}
    start, end = _ucdp_date(record.get("date_start", "")), _ucdp_date(record.get("date_end", ""))
    region = re.sub(r"\s+(region|province|district)$", "", record.get("adm_1", "").strip(), flags=re.I)
    out.update(
        event_id=f"UCDP-{record.get('id', '').strip()}",
        event_date=start,
        date_end=end if end and end != start else "",
        time_precision=UCDP_DATE_PREC.get(record.get("date_prec", "").strip(), ""),
        event_type=UCDP_VIOLENCE.get(record.get("type_of_violence", "").strip(), "Battles"),
        sub_event_type=record.get("conflict_name", ""),
        actor1=record.get("side_a", ""),
        actor2=record.get("side_b", ""),
        admin1=canonical_region(region) or region,
        location=record.get("where_coordinates", "") or record.get("adm_2", ""),
        latitude=record.get("latitude", ""),
        longitude=record.get("longitude", ""),
        geo_precision=UCDP_WHERE_PREC.get(record.get("where_prec", "").strip(), ""),
        fatalities=record.get("best", ""),
        source=record.get("source_office", "") or "UCDP GED",
        notes=record.get("source_headline", "") or record.get("where_description", ""),
    )
    return out


#: UCDP columns whose names we reuse with another meaning; the originals are kept under ucdp_<name>.
_UCDP_CLASHES = {"date_end", "latitude", "longitude"}


def mapper(header: list[str], fmt: str = "auto") -> tuple[str, list[str], Callable[[dict[str, str]], dict[str, str]]]:
    """(format, header in our terms, record mapper) for a file's header."""
    fmt = detect(header) if fmt == "auto" else fmt
    if fmt == "acled":
        return fmt, ["event_id", *header, "admin1_source"], _acled
    if fmt == "ucdp":
        from .schema import COLUMNS

        kept = [f"ucdp_{h}" if h in _UCDP_CLASHES else h for h in header]
        return fmt, [*COLUMNS, *[h for h in kept if h not in COLUMNS]], _ucdp
    return "native", header, lambda record: record


def to_acled(events: pd.DataFrame) -> pd.DataFrame:
    """Events as an ACLED table: a file read from ACLED gets its own columns back, in its own order and
    date style; anything else gets ACLED's current columns (event_id_cnty from our event_id)."""
    from_acled = events.attrs.get("source_format") == "acled"
    columns = events.attrs.get("source_columns", ACLED_COLUMNS) if from_acled else ACLED_COLUMNS
    style = events.attrs.get("acled_date_style", "%Y-%m-%d")
    out = pd.DataFrame(index=events.index)
    for col in columns:
        if col == "event_date":
            out[col] = events["event_date"].dt.strftime(style)
        elif col == "admin1" and "admin1_source" in events:
            out[col] = events["admin1_source"]
        elif col == "event_id_cnty" and col not in events:
            out[col] = events["event_id"]
        elif col == "year" and col not in events:
            out[col] = events["event_date"].dt.year.astype(str)
        elif col in ("fatalities", "time_precision", "geo_precision"):
            out[col] = events[col].astype("Int64").astype(str).replace("<NA>", "")
        elif col in events:
            out[col] = events[col]
        else:
            out[col] = ""
    return out.reset_index(drop=True)
