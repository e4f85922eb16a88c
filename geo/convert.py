"""Write events as our CSV, ACLED CSV, GeoJSON or GeoPackage."""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import pandas as pd

from .events import to_csv_bytes
from .io.acled import to_acled
from .render.features import feature_collection_text


def to_geodataframe(events: pd.DataFrame) -> gpd.GeoDataFrame:
    """Points in EPSG:4326 (empty geometry for events with no place); dates as ISO text for GIS tools."""
    frame = events.copy()
    for col in ("event_date", "date_end"):
        frame[col] = frame[col].dt.strftime("%Y-%m-%d")
    geometry = gpd.points_from_xy(frame["longitude"], frame["latitude"])
    return gpd.GeoDataFrame(frame, geometry=geometry, crs="EPSG:4326")


def write_events(events: pd.DataFrame, path: Path, to: str) -> None:
    if to == "native":
        path.write_bytes(to_csv_bytes(events))
    elif to == "acled":
        path.write_bytes(to_acled(events).to_csv(index=False, lineterminator="\r\n").encode("utf-8"))
    elif to == "geojson":
        path.write_text(feature_collection_text(events), encoding="utf-8")
    elif to == "gpkg":
        to_geodataframe(events).to_file(path, driver="GPKG", layer="events")
    else:
        raise ValueError(f"unknown output format {to!r}")
