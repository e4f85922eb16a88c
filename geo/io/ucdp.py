"""UCDP GED files (``side_a``, ``date_start``, ``where_prec``) mapped onto our columns, their own kept.

UCDP's precision codes are mapped onto ACLED-style ones and kept next to them: ``date_prec`` (1 exact day
.. 5 more than a month) onto ``time_precision`` (1 day, 2 week, 3 month), ``where_prec`` (1 exact .. 7
international waters) onto ``geo_precision`` (1 place, 2 near, 3 region). UCDP columns whose names we use
with another meaning keep their values under ``ucdp_<name>``.
"""

from __future__ import annotations

import pandas as pd

from ..names import canonical_region
from ..schema import COLUMNS
from .csvread import RawTable

UCDP_VIOLENCE = {"1": "Battles", "2": "Battles", "3": "Violence against civilians"}
UCDP_DATE_PREC = {"1": "1", "2": "2", "3": "2", "4": "3", "5": "3"}
UCDP_WHERE_PREC = {"1": "1", "2": "2", "3": "2", "4": "3", "5": "3", "6": "3", "7": "3"}
#: UCDP columns whose names we reuse with another meaning; the originals are kept under ucdp_<name>.
CLASHES = ("date_end", "latitude", "longitude")


def detect(keys: list[str]) -> bool:
    return {"side_a", "date_start", "where_prec"} <= set(keys)


def from_ucdp(table: RawTable) -> tuple[pd.DataFrame, dict[str, object]]:
    keys = [h.strip() for h in table.frame.columns]
    src = table.frame.set_axis(keys, axis=1)

    def col(name: str) -> pd.Series:
        return src[name].astype(str).str.strip() if name in src else pd.Series("", index=src.index, dtype=object)

    start, end = col("date_start").str[:10], col("date_end").str[:10]
    region = col("adm_1").str.replace(r"\s+(region|province|district)$", "", regex=True, case=False)
    mapped = pd.DataFrame({
        "event_id": "UCDP-" + col("id"),
        "event_date": start,
        "date_end": end.where(end != start, ""),
        "time_precision": col("date_prec").map(UCDP_DATE_PREC).fillna(""),
        "event_type": col("type_of_violence").map(UCDP_VIOLENCE).fillna("Battles"),
        "sub_event_type": col("conflict_name"),
        "actor1": col("side_a"),
        "actor2": col("side_b"),
        "admin1": region.map(lambda r: canonical_region(r) or r),
        "location": col("where_coordinates").where(col("where_coordinates") != "", col("adm_2")),
        "latitude": col("latitude"),
        "longitude": col("longitude"),
        "geo_precision": col("where_prec").map(UCDP_WHERE_PREC).fillna(""),
        "fatalities": col("best"),
        "source": col("source_office").where(col("source_office") != "", "UCDP GED"),
        "notes": col("source_headline").where(col("source_headline") != "", col("where_description")),
    }, index=src.index)
    kept = src.rename(columns={c: f"ucdp_{c}" for c in CLASHES})
    rest = kept[[c for c in kept.columns if c not in mapped.columns]]
    rec = pd.concat([mapped, rest], axis=1)
    extra = [c for c in rec.columns if c not in COLUMNS]
    return rec[[c for c in COLUMNS if c in rec] + extra], {"source_format": "ucdp", "source_columns": list(keys)}
