"""Region boundaries, the offline basemap, and interim-authority status per region.

The bundled polygons are Natural Earth's pre-2016 frame (nine units). The
events use the 2016 frame (Ménaka and Taoudénit are regions), so a status is
computed per 2016 region and then carried by whichever polygon contains it:
under the bundled outline, Gao carries Gao and Ménaka. A user may supply
their own boundary file (e.g. OCHA COD-AB) with the 2016 regions instead.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path

import geopandas as gpd
import pandas as pd

from . import DATA_DIR
from .names import NORTHERN_REGIONS, PARENT_PRE2016, canonical_region

BOUNDARIES = DATA_DIR / "boundaries" / "mali_admin1.geojson"
BASEMAP = DATA_DIR / "boundaries" / "neighbours.geojson"
#: Field names tried, in order, when a user's boundary file is loaded without --name-field.
NAME_FIELDS = ("region", "ADM1_FR", "admin1Name_fr", "ADM1_EN", "admin1Name", "NAME_1", "name", "NAME")


class BoundaryError(ValueError):
    """A boundary file cannot be used (unreadable, no usable name field, no Mali region)."""


def load_regions(path: str | Path | None = None, name_field: str | None = None) -> gpd.GeoDataFrame:
    """Region polygons in EPSG:4326 with a canonical 2016-frame ``region`` name and the file's ``frame``."""
    path = Path(path) if path else BOUNDARIES
    try:
        gdf = gpd.read_file(path)
    except Exception as exc:  # pyogrio raises several types for unreadable files
        raise BoundaryError(f"cannot read boundary file {path}: {exc}") from None
    fields = [name_field] if name_field else [f for f in NAME_FIELDS if f in gdf.columns]
    if not fields or fields[0] not in gdf.columns:
        raise BoundaryError(
            f"{path}: no region name field "
            f"({'field ' + repr(name_field) + ' not found' if name_field else 'tried ' + ', '.join(NAME_FIELDS)}); "
            f"fields present: {', '.join(c for c in gdf.columns if c != 'geometry')}"
        )
    if gdf.crs is not None and not gdf.crs.equals("EPSG:4326"):
        gdf = gdf.to_crs("EPSG:4326")
    out = gpd.GeoDataFrame(
        {"name": gdf[fields[0]].astype(str), "region": gdf[fields[0]].map(canonical_region)},
        geometry=gdf.geometry,
        crs="EPSG:4326",
    )
    if out["region"].isna().all():
        raise BoundaryError(f"{path}: none of the names in field {fields[0]!r} is a Mali region")
    out.attrs["frame"] = "2016" if set(PARENT_PRE2016) & set(out["region"].dropna()) else "pre-2016"
    out.attrs["source"] = str(path)
    return out


@lru_cache(maxsize=1)
def _mali_outline():  # noqa: ANN202 - a prepared shapely geometry
    from shapely import prepare
    from shapely.geometry import shape
    from shapely.ops import unary_union

    doc = json.loads(BOUNDARIES.read_text(encoding="utf-8"))
    outline = unary_union([shape(f["geometry"]) for f in doc["features"]]).buffer(0.1)  # ~10 km of slack
    prepare(outline)
    return outline


def in_mali(lat: float, lon: float) -> bool:
    """Whether a point lies in Mali (bundled outline plus ~10 km), for the outside-Mali and swapped checks."""
    return bool(in_mali_many(lat, lon))


def in_mali_many(lat, lon):  # noqa: ANN001, ANN201 - numpy arrays in, boolean array out
    """Vectorised :func:`in_mali`."""
    from shapely import contains_xy

    return contains_xy(_mali_outline(), lon, lat)


def load_basemap(path: Path = BASEMAP) -> gpd.GeoDataFrame:
    """Neighbouring countries' outlines, drawn under Mali when no tile server is reachable."""
    return gpd.read_file(path)


@dataclass(frozen=True)
class RegionStatus:
    """Interim-authority status of one 2016 region as of a date."""

    region: str
    status: str  # installed, blocked or none
    event_id: str = ""
    on: str = ""
    location: str = ""

    def describe(self) -> str:
        if self.status == "none":
            return f"{self.region}: no interim authority recorded yet"
        return f"{self.region}: {self.status} on {self.on} ({self.event_id}, {self.location})"


def interim_status(events: pd.DataFrame, as_of: date | pd.Timestamp) -> dict[str, RegionStatus]:
    """Latest installed/blocked event per northern region up to ``as_of`` (inclusive)."""
    cutoff = pd.Timestamp(as_of)
    rel = events[(events["category"] == "interim_authority") & (events["event_date"] <= cutoff)]
    rel = rel.sort_values(["event_date", "event_id"], kind="stable")
    status = {r: RegionStatus(r, "none") for r in NORTHERN_REGIONS}
    for _, row in rel.iterrows():
        if row["ia_status"] not in ("installed", "blocked"):
            continue
        for region in filter(None, row["ia_regions"].split("|")):
            status[region] = RegionStatus(
                region, row["ia_status"], row["event_id"], row["event_date"].strftime("%Y-%m-%d"), row["location"]
            )
    return status


def polygon_status(regions: gpd.GeoDataFrame, status: dict[str, RegionStatus]) -> pd.DataFrame:
    """Per polygon: fill status (installed / blocked / mixed / none / n/a), explanatory lines, and the 2016
    regions it stands for (``members``), so the export can recompute the shading for any date."""
    present = set(regions["region"].dropna())
    records = []
    for region in regions["region"]:
        members = [r for r in status if r == region or (PARENT_PRE2016.get(r) == region and r not in present)]
        kinds = {status[m].status for m in members}
        fill = "n/a" if not members else kinds.pop() if len(kinds) == 1 else "mixed"
        notes = [status[m].describe() for m in members]
        if len(members) > 1:
            subs = ", ".join(m for m in members if m != region)
            notes.append(f"Pre-2016 outline: this polygon also contains the 2016 region(s) {subs}, "
                         "whose status it carries.")
        records.append({"status": fill, "notes": notes, "members": members})
    return pd.DataFrame(records, index=regions.index)


