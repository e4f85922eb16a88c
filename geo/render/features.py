"""Events as GeoJSON: the one representation the map, the downloads and the export share."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from ..filters import actor_labels_text
from ..schema import CATEGORIES, CATEGORY_COLORS, GEO_PRECISION, IN_ARTICLE, TIME_PRECISION
from .columnar import write_block

_ORDER = {"context": 0, "political": 1, "joint_patrol": 2, "disruption": 3, "interim_authority": 4}


def draw_positions(events: pd.DataFrame) -> np.ndarray:
    """Row positions in drawing order: the most important categories last, on top (stable within one)."""
    return events["category"].map(_ORDER).fillna(0).to_numpy().argsort(kind="stable")


def map_columns(events: pd.DataFrame) -> tuple[pd.DataFrame, np.ndarray]:
    """The map table's columns (every column plus ``_actor_labels``, canonical actor names for the actor
    filter) in the events' own order, and the drawing order: the block encoder reorders each column's small
    integer codes instead of copying the whole table into drawing order."""
    return events.assign(_actor_labels=actor_labels_text(events)), draw_positions(events)


def map_table(events: pd.DataFrame) -> pd.DataFrame:
    """Every column of every event, in drawing order, plus ``_actor_labels``: what the export embeds and the
    dashboard's map draws."""
    frame, order = map_columns(events)
    return frame.iloc[order]


def map_block(events: pd.DataFrame, folder: Path) -> tuple[str, pd.Series]:
    """Every placed event's map table written once as a columnar block into ``folder`` (the dashboard's static
    files): the block's file name and each row's position in it, by row label. Each rerun then sends the map
    only a bitset of positions (columnar.visible_bits)."""
    frame, order = map_columns(events[events["latitude"].notna() & events["longitude"].notna()])
    positions = np.empty(len(order), dtype=np.int64)
    positions[order] = np.arange(len(order))
    return write_block(frame, folder, order=order), pd.Series(positions, index=frame.index)


def display_table(frame: pd.DataFrame) -> pd.DataFrame:
    """Cells as a table shows them: dates as ISO days, empty cells empty (not "None", "<NA>" or
    "2017-03-02 00:00:00"); numbers stay numbers (sortable) unless a missing value would show as "<NA>"."""
    out = frame.copy()
    for col in out.columns:
        if pd.api.types.is_datetime64_any_dtype(out[col].dtype):
            out[col] = out[col].dt.strftime("%Y-%m-%d").fillna("")
        elif pd.api.types.is_integer_dtype(out[col].dtype) and out[col].hasnans:
            out[col] = out[col].astype(object).where(out[col].notna(), "").astype(str)
        elif not pd.api.types.is_numeric_dtype(out[col].dtype):
            out[col] = out[col].astype(object).where(out[col].notna(), "")
    return out


def _iso(value: Any) -> str:
    return "" if pd.isna(value) else pd.Timestamp(value).strftime("%Y-%m-%d")


def when(row: pd.Series) -> str:
    """'2017-02-27 to 2017-03-01' for ranges, else the single day."""
    start, end = _iso(row["event_date"]), _iso(row["date_end"])
    return f"{start} to {end}" if end and end != start else start


def actors_text(row: pd.Series) -> str:
    main = " vs ".join(a for a in (row["actor1"], row["actor2"]) if a)
    return f"{main} (with {row['assoc_actor_1']})" if row["assoc_actor_1"] else main


def _labels(row: pd.Series) -> dict[str, Any]:
    gp = int(row["geo_precision"]) if not pd.isna(row["geo_precision"]) else 1
    tp = int(row["time_precision"]) if not pd.isna(row["time_precision"]) else 1
    geo_label = f"{row['location']} ({GEO_PRECISION.get(gp, '?')})"
    if row.get("geo_source"):
        geo_label += f"; coordinates: {row['geo_source']}"
    return {
        "_when": when(row),
        "_color": CATEGORY_COLORS.get(row["category"], "#000000"),
        "_category_label": CATEGORIES.get(row["category"], row["category"]),
        "_actors": actors_text(row),
        "_geo_label": geo_label,
        "_time_label": f"{when(row)} ({TIME_PRECISION.get(tp, '?')})",
        "_in_article_label": IN_ARTICLE.get(row["in_article"], row["in_article"] or "not stated"),
        "urls": row["source_urls"].split(),
    }


def feature_collection_chunks(events: pd.DataFrame, rows: int = 20_000) -> Iterator[str]:
    """GeoJSON FeatureCollection text in pieces (the GeoJSON download and ``convert --to geojson``); events
    without coordinates get ``geometry: null`` (never dropped).

    Built column-wise (pandas' C JSON writer for the properties, vectorised geometry strings), ``rows`` events
    at a time, with no Python dict per event: 250,000 events take a few seconds and memory stays bounded by
    the chunk.
    """
    yield '{"type":"FeatureCollection","features":['
    for start in range(0, len(events), rows):
        part = events.iloc[start:start + rows]
        props = part.copy()
        for col in ("event_date", "date_end"):
            props[col] = part[col].dt.strftime("%Y-%m-%d").fillna("")
        lines = props.to_json(orient="records", lines=True, force_ascii=False).rstrip("\n").split("\n")
        lon, lat = part["longitude"], part["latitude"]
        placed = (lon.notna() & lat.notna()).to_numpy()
        coords = ('{"type":"Point","coordinates":[' + lon.astype(str) + "," + lat.astype(str) + "]}").to_numpy()
        geometry = np.where(placed, coords, "null")
        ids = part["event_id"].map(lambda v: json.dumps(str(v), ensure_ascii=False)).to_numpy()
        yield ("," if start else "") + ",".join(
            f'{{"type":"Feature","id":{i},"properties":{p},"geometry":{g}}}'
            for i, p, g in zip(ids, lines, geometry, strict=True))
    yield "]}"


def feature_collection_text(events: pd.DataFrame) -> str:
    """The whole GeoJSON text (see feature_collection_chunks)."""
    return "".join(feature_collection_chunks(events))


def detail_rows(row: pd.Series) -> list[tuple[str, str]]:
    """Field/value pairs describing one event, for the dashboard's details panel (plain text)."""
    labels = _labels(row)
    return [
        ("Event", f"{row['event_id']}: {row['event_type']}" + (f" / {sub}" if (sub := row["sub_event_type"]) else "")),
        ("Category", labels["_category_label"]),
        ("When", labels["_time_label"]),
        ("Where", labels["_geo_label"] + (f", {row['admin1']}" if row["admin1"] else "")),
        ("Actors", labels["_actors"]),
        ("What happened", row["notes"]),
        ("Fatalities", str(row["fatalities"]) if not pd.isna(row["fatalities"]) else ""),
        ("In the article?", labels["_in_article_label"]),
        ("Source", row["source"]),
    ]


def web_links(urls: str) -> list[str]:
    """The http(s) URLs of a source_urls cell; anything else is not offered as a link."""
    return [u for u in urls.split() if u.lower().startswith(("http://", "https://"))]
