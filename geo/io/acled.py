"""ACLED exports of every vintage and layout, mapped onto our columns and written back unchanged.

Vintages: current exports (``event_id_cnty``, ``sub_event_type``, ``disorder_type``), 2019-2020 API files
(``data_id``, ``event_id_no_cnty``, numeric ``inter`` codes, "22 February 2019" dates), and the pre-2019
Africa files with upper-case headers (``GWNO``, ``EVENT_ID_CNTY``, ``ALLY_ACTOR_1``, ``EVENT_DATE`` as
dd/mm/yyyy) and the old event types ("Battle-No change of territory", "Remote violence", "Riots/Protests",
...). Old types are mapped onto the current ``event_type``/``sub_event_type`` following ACLED's 2019
taxonomy change, and the file's own value stays in ``event_type_source``.

Layouts: dyadic (one row per event, actor1 and actor2) and monadic (one row per actor: ``actor1``,
``assoc_actor_1``, ``inter1``, no ``actor2``). Monadic rows sharing an event id become one event: the
second actor goes to actor2/assoc_actor_2/inter2, any further ones to assoc_actor_2, and
``monadic_rows`` records each original row (its number and the cells that differ from the first row), so
that writing back gives the original rows.

ACLED in, ACLED out: the same header, rows in the same order, the same cell strings. Where we derive or
type a value (dates, numbers, event types, admin1/admin2), the file's own string is kept in
``<column>_source`` whenever formatting ours back would not reproduce it.
"""

from __future__ import annotations

import json

import numpy as np
import pandas as pd

from ..schema import EVENT_TYPES
from .csvread import RawTable
from .vector import map_unique

#: ACLED's current export columns, in ACLED's order (used for tables that did not come from ACLED).
ACLED_COLUMNS = [
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type", "sub_event_type",
    "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2", "interaction", "civilian_targeting",
    "iso", "region", "country", "admin1", "admin2", "admin3", "location", "latitude", "longitude", "geo_precision",
    "source", "source_scale", "notes", "fatalities", "tags", "timestamp",
]
ACLED_IDS = ("event_id_cnty", "data_id", "event_id_no_cnty")
#: Header spellings of older exports -> the current name.
HEADER_ALIASES = {"ally_actor_1": "assoc_actor_1", "ally_actor_2": "assoc_actor_2", "geo_precis": "geo_precision"}
#: Typed columns whose file strings are kept in <column>_source when ours would not format back identically.
TYPED = ("event_date", "time_precision", "geo_precision", "latitude", "longitude", "fatalities")
DATE_STYLES = ("%Y-%m-%d", "%d %B %Y", "%d/%m/%Y", "%d-%m-%Y", "%d-%B-%Y", "%d %b %Y", "%Y/%m/%d")

#: Pre-2019 event types -> (event_type, sub_event_type); "" = decided from inter codes or notes below.
OLD_TYPES: dict[str, tuple[str, str]] = {
    "battle-no change of territory": ("Battles", "Armed clash"),
    "battle-non-state actor overtakes territory": ("Battles", "Non-state actor overtakes territory"),
    "battle-government regains territory": ("Battles", "Government regains territory"),
    "headquarters or base established": ("Strategic developments", "Headquarters or base established"),
    "strategic development": ("Strategic developments", "Other"),
    "non-violent activity by a conflict actor": ("Strategic developments", "Other"),
    "non-violent transfer of territory": ("Strategic developments", "Non-violent transfer of territory"),
    "remote violence": ("Explosions/Remote violence", ""),
    "riots/protests": ("Protests", ""),
    "violence against civilians": ("Violence against civilians", ""),
}
#: Notes keywords that decide an old "Remote violence" / "Violence against civilians" row's sub-event type.
_REMOTE_SUBTYPES = (
    (r"suicide", "Suicide bomb"),
    (r"air ?strike|air raid|drone|helicopter|bombard", "Air/drone strike"),
    (r"mortar|shell|rocket|artillery|missile", "Shelling/artillery/missile attack"),
    (r"grenade", "Grenade"),
    (r"\bIEDs?\b|land ?mine|explosive device|roadside bomb|\bmined?\b(?! (?:site|worker))",
     "Remote explosive/landmine/IED"),
)
_VAC_SUBTYPES = ((r"abduct|kidnap|hostage|disappear", "Abduction/forced disappearance"),
                 (r"\brape|sexual", "Sexual violence"))


def normalise_header(header: list[str]) -> list[str]:
    """Lower-case, stripped header names with the old spellings mapped onto today's (kept unique)."""
    out, seen = [], set()
    for name in header:
        key = name.strip().lower().replace(" ", "_")
        key = HEADER_ALIASES.get(key, key)
        while key in seen:
            key += "_"
        seen.add(key)
        out.append(key)
    return out


def is_aggregated(keys: list[str]) -> bool:
    """ACLED's weekly aggregated files (WEEK, EVENTS, CENTROID_LATITUDE ...): counts, not events."""
    return {"week", "events", "centroid_latitude"} <= set(keys)


def detect(keys: list[str]) -> bool:
    names = set(keys)
    return bool(names & set(ACLED_IDS)) and "actor1" in names and "event_type" in names


def is_monadic(keys: list[str]) -> bool:
    return "actor1" in keys and "actor2" not in keys


def _subtype_from_notes(notes: pd.Series, table: tuple[tuple[str, str], ...], default: str) -> pd.Series:
    out = pd.Series(default, index=notes.index, dtype=object)
    for pattern, sub in reversed(table):  # the first pattern of the table wins
        out[notes.str.contains(pattern, case=False, regex=True, na=False)] = sub
    return out


def map_taxonomy(rec: pd.DataFrame) -> pd.DataFrame:
    """Old event types onto the current ones (original kept in event_type_source); sub_event_type filled in
    where the file has none. Current types are only re-spelled (case) to ACLED's."""
    raw = rec["event_type"].astype(str)
    keys = map_unique(raw, lambda v: v.strip().lower())
    current = {t.lower(): t for t in EVENT_TYPES}
    new_type = map_unique(keys, lambda k: current.get(k) or OLD_TYPES.get(k, ("", ""))[0]).where(lambda s: s != "", raw)
    # A file without sub_event_type is of the old taxonomy (Violence against civilians included); in a newer
    # file only the old-only types are mapped.
    has_sub = "sub_event_type" in rec
    old = map_unique(keys, lambda k: k in OLD_TYPES and (k not in current or not has_sub)).astype(bool)
    sub = rec["sub_event_type"] if has_sub else pd.Series("", index=rec.index, dtype=object)
    sub = sub.astype(object)
    need = old & (sub.str.strip() == "")
    if need.any():
        fixed = map_unique(keys, lambda k: OLD_TYPES.get(k, ("", ""))[1])
        blank = pd.Series("", index=rec.index)
        notes = rec["notes"] if "notes" in rec else blank
        inter1 = rec["inter1"].astype(str).str.strip().str.lower() if "inter1" in rec else blank
        remote = need & (keys == "remote violence")
        fixed[remote] = _subtype_from_notes(notes[remote], _REMOTE_SUBTYPES, "")
        vac = need & (keys == "violence against civilians")
        fixed[vac] = _subtype_from_notes(notes[vac], _VAC_SUBTYPES, "Attack")
        riots = need & (keys == "riots/protests")
        rioters = riots & inter1.isin(["5", "rioters"])
        new_type[rioters] = "Riots"
        fixed[rioters] = "Violent demonstration"
        fixed[riots & ~rioters] = "Peaceful protest"
        sub = sub.where(~need, fixed)
    out = rec.assign(event_type=new_type, sub_event_type=sub)
    if (new_type != raw).any():
        out["event_type_source"] = raw
    if "sub_event_type" in rec and (sub != rec["sub_event_type"]).any():
        out["sub_event_type_source"] = rec["sub_event_type"]
    return out


def collapse_monadic(rec: pd.DataFrame, rows: np.ndarray, header: list[str], keys: list[str]
                     ) -> tuple[pd.DataFrame, np.ndarray, int]:
    """One row per event id: second actor to actor2/assoc_actor_2/inter2, further ones to assoc_actor_2,
    and each original row (number and differing cells) in ``monadic_rows``. Returns (events, their row
    numbers, how many rows were merged into an earlier row's event)."""
    ids = rec["event_id"]
    first = ~ids.duplicated(keep="first") | (ids.str.strip() == "")
    rank = rec.groupby(ids, sort=False).cumcount()
    base_pos = pd.Series(np.arange(len(rec)), index=rec.index)[first].groupby(ids[first]).first()
    out = rec[first].copy()
    out_rows = rows[first.to_numpy()]
    for col in ("actor2", "assoc_actor_2", "inter2"):
        out[col] = ""
    extra = rec[~first]
    second = extra[rank[~first] == 1].set_index("event_id")
    eid = out["event_id"]
    out["actor2"] = eid.map(second["actor1"]).fillna("").astype(str)
    out["assoc_actor_2"] = eid.map(second["assoc_actor_1"] if "assoc_actor_1" in second else pd.Series(dtype=str)
                                   ).fillna("").astype(str)
    if "inter1" in second:
        out["inter2"] = eid.map(second["inter1"]).fillna("").astype(str)
    more = extra[rank[~first] >= 2]
    if len(more):
        assoc = more["assoc_actor_1"].astype(str) if "assoc_actor_1" in more else pd.Series("", index=more.index)
        names = more["actor1"].astype(str) + np.where(assoc != "", "; " + assoc, "")
        joined = names.groupby(more["event_id"]).agg("; ".join)
        add = eid.map(joined).fillna("")
        out["assoc_actor_2"] = np.where(add == "", out["assoc_actor_2"],
                                        np.where(out["assoc_actor_2"] == "", add, out["assoc_actor_2"] + "; " + add))
    # What each merged row looked like, in the file's own column names, for ACLED out.
    by_key = dict(zip(keys, header, strict=True))
    base = rec.iloc[base_pos.reindex(extra["event_id"]).to_numpy()]
    base.index = extra.index
    cols = [k for k in keys if k in rec.columns]
    values = extra[cols].to_numpy(dtype=object)
    differs = values != base[cols].to_numpy(dtype=object)
    names = np.array([by_key[c] for c in cols], dtype=object)
    extra_rows = rows[(~first).to_numpy()]
    records: dict[str, list[dict[str, object]]] = {}
    # numpy rows, not iterrows: a 100,000-row monadic file merges 50,000 rows here
    for event_id, cells, mask, row_no in zip(extra["event_id"], values, differs, extra_rows, strict=True):
        cells_out = dict(zip(names[mask], cells[mask], strict=True))
        records.setdefault(event_id, []).append({"row": int(row_no), **cells_out})
    first_rows = dict(zip(out["event_id"], out_rows, strict=True))
    out["monadic_rows"] = [
        json.dumps([{"row": int(first_rows[e])}, *records.get(e, [])], ensure_ascii=False) for e in out["event_id"]
    ]
    return out.reset_index(drop=True), out_rows, int((~first).sum())


def from_acled(table: RawTable) -> tuple[pd.DataFrame, np.ndarray, int, dict[str, object]]:
    """The file's columns under their current ACLED names plus our event_id; returns (records, row numbers,
    rows merged into monadic events, attrs for writing back)."""
    keys = normalise_header(table.header)
    rec = table.frame.set_axis(keys, axis=1)
    ids = next((rec[k] for k in ACLED_IDS if k in rec), pd.Series("", index=rec.index))
    for k in ACLED_IDS[1:]:
        if k in rec:
            ids = ids.where(ids.str.strip() != "", rec[k])
    rec.insert(0, "event_id", ids.str.strip())
    rec = map_taxonomy(rec)
    layout = "monadic" if is_monadic(keys) else "dyadic"
    rows, merged = table.rows, 0
    if layout == "monadic":
        rec, rows, merged = collapse_monadic(rec, rows, table.header, keys)
    attrs = {"source_format": "acled", "source_columns": list(table.header), "source_keys": keys,
             "acled_layout": layout}
    return rec, rows, merged, attrs


def date_style(raw: pd.Series, typed: pd.Series) -> str | None:
    """The strftime style that writes ``typed`` back as ``raw`` for every row, if there is one."""
    sample = raw[raw.str.strip() != ""].head(1)
    for style in DATE_STYLES:
        if len(sample) and typed[sample.index].dt.strftime(style).iloc[0] == sample.iloc[0]:
            return style if (typed.dt.strftime(style).fillna("") == raw).all() else None
    return None


def format_typed(events: pd.DataFrame, col: str, style: str = "%Y-%m-%d") -> pd.Series:
    """Our typed column as text the way the file wrote it: dates in ``style``; coordinates as the shortest
    round-trip repr ("16.2717", "15.0"), or without ".0" when ``style`` is "short" ("15")."""
    values = events[col]
    if col == "event_date":
        return values.dt.strftime(style).fillna("")
    if col in ("latitude", "longitude"):
        text = values.astype(str)
        return (text.str.removesuffix(".0") if style == "short" else text).where(values.notna(), "")
    return values.astype("Int64").astype(str).where(values.notna(), "")


def keep_raw_strings(events: pd.DataFrame, raw: pd.DataFrame) -> pd.DataFrame:
    """Add <column>_source for typed columns whose strings ours would not reproduce exactly."""
    raw = raw.reset_index(drop=True)
    style = "%Y-%m-%d"
    if "event_date" in raw:
        style = date_style(raw["event_date"].astype(str), events["event_date"]) or "%Y-%m-%d"
        events.attrs["acled_date_style"] = style
    styles = events.attrs.setdefault("acled_styles", {})
    for col in TYPED:
        if col in raw and f"{col}_source" not in events:
            original = raw[col].astype(str).to_numpy()
            for candidate in ((style,) if col == "event_date" else ("repr", "short")):
                if (format_typed(events, col, candidate) == original).all():
                    styles[col] = candidate
                    break
            else:
                events[f"{col}_source"] = original
    return events


def _column(events: pd.DataFrame, key: str, style: str) -> pd.Series:
    if f"{key}_source" in events:
        return events[f"{key}_source"]
    if key in TYPED and key in events:
        return format_typed(events, key, style if key == "event_date" else
                            events.attrs.get("acled_styles", {}).get(key, "repr"))
    if key == "event_id_cnty" and key not in events:
        return events["event_id"]
    if key == "year" and key not in events:
        return map_unique(events["event_date"].dt.year, lambda v: "" if pd.isna(v) else str(int(v)))
    if key in events:
        return events[key].astype(str)
    return pd.Series("", index=events.index)


def to_acled(events: pd.DataFrame) -> pd.DataFrame:
    """Events as an ACLED table. A table read from one ACLED file gets its own header, layout (monadic rows
    expanded again), row order and cell strings back; anything else gets ACLED's current columns."""
    attrs = events.attrs
    from_acled_file = attrs.get("source_format") == "acled"
    header = attrs.get("source_columns", ACLED_COLUMNS) if from_acled_file else ACLED_COLUMNS
    keys = attrs.get("source_keys", ACLED_COLUMNS) if from_acled_file else ACLED_COLUMNS
    style = attrs.get("acled_date_style", "%Y-%m-%d")
    out = pd.DataFrame({h: _column(events, k, style).to_numpy() for h, k in zip(header, keys, strict=True)})
    if not from_acled_file or "monadic_rows" not in events or not (events["monadic_rows"] != "").any():
        return out
    parts, order = [], []
    for base, spec in zip(out.to_dict("records"), events["monadic_rows"].to_numpy(), strict=True):
        for entry in json.loads(spec) if spec else [{"row": 0}]:
            order.append(entry.pop("row"))
            parts.append({**base, **entry})
    expanded = pd.DataFrame(parts, columns=header)
    return expanded.iloc[np.argsort(np.asarray(order), kind="stable")].reset_index(drop=True)
