"""Region boundaries, the offline basemap, and interim-authority status per region.

The bundled outlines are OCHA's 50 cercles (admin-2, pre-2016 frame), dissolved into regions: the Ménaka
cercle is the 2016 region of Ménaka, so it is drawn as its own region, while Taoudénit (carved out of
Tombouctou below cercle level) cannot be drawn and stays inside Tombouctou. A status is computed per 2016
region and carried by whichever polygon contains it. Users may load their own file (admin-1 or admin-2).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path

import geopandas as gpd
import pandas as pd

from . import DATA_DIR
from .names import NORTHERN_REGIONS, PARENT_PRE2016, canonical_region

BOUNDARIES = DATA_DIR / "boundaries" / "ocha_mali_adm2.geojson"
BASEMAP = DATA_DIR / "boundaries" / "neighbours.geojson"
#: Region (admin-1) name fields tried, case-insensitively and in order, when no --name-field is given.
NAME_FIELDS = ("region", "ADM1_FR", "admin1Name_fr", "ADM1_EN", "adm1", "admin1Name", "admin1", "NAME_1",
               "shapeName", "name", "NAME", "nom")
#: Cercle (admin-2) name fields: a file with one of these (or P-codes at level 2) is an admin-2 file.
CERCLE_FIELDS = ("ADM2_FR", "admin2Name_fr", "ADM2_EN", "adm2", "admin2Name", "admin2", "NAME_2", "cercle")
PCODE2_FIELDS = ("ADM2_PCODE", "adm2_pcode", "admin2Pcode")


class BoundaryError(ValueError):
    """A boundary file cannot be used (unreadable, no usable name field, no Mali region)."""


def _field(columns: list[str], candidates: tuple[str, ...]) -> str | None:
    """The file's own spelling of the first candidate field present (compared case-insensitively)."""
    lower = {c.lower(): c for c in columns}
    return next((lower[c.lower()] for c in candidates if c.lower() in lower), None)


@dataclass(frozen=True)
class Boundaries:
    """Region polygons (dissolved from cercles when the file is admin-2) and, for admin-2 files, the cercles."""

    regions: gpd.GeoDataFrame
    cercles: gpd.GeoDataFrame | None


def _cercle_region(cercles: gpd.GeoDataFrame, region_field: str | None) -> pd.Series:
    """2016 region of each cercle: the file's admin-1 name, except that a cercle named like a 2016 region
    carved out of its admin-1 (the Ménaka cercle of Gao) is that region. Without an admin-1 field the
    region comes from the bundled outlines (representative point)."""
    if region_field is not None:
        region = cercles[region_field].map(canonical_region)
    else:
        bundled = load_boundaries().regions
        points = gpd.GeoDataFrame(geometry=cercles.representative_point(), crs="EPSG:4326")
        joined = gpd.sjoin(points, bundled[["region", "geometry"]], how="left", predicate="within")
        region = joined["region"][~joined.index.duplicated()].reindex(cercles.index)
    own = cercles["name"].map(canonical_region)
    carved = own.notna() & (own.map(PARENT_PRE2016.get) == region)
    return region.where(~carved, own)


@lru_cache(maxsize=8)
def _read(path: str, name_field: str | None, mtime: float) -> Boundaries:
    try:
        gdf = gpd.read_file(path)
    except Exception as exc:  # pyogrio raises several types for unreadable files
        raise BoundaryError(f"cannot read boundary file {path}: {exc}") from None
    if gdf.crs is not None and not gdf.crs.equals("EPSG:4326"):
        gdf = gdf.to_crs("EPSG:4326")
    columns = [c for c in gdf.columns if c != "geometry"]
    if name_field and name_field not in gdf.columns:
        name_field = _field(columns, (name_field,))
        if name_field is None:
            raise BoundaryError(f"{path}: field {name_field!r} not found; fields present: {', '.join(columns)}")
    level2 = gdf["shapeType"].astype(str).str.upper().eq("ADM2").all() if "shapeType" in gdf else False
    cercle_field = _field(columns, CERCLE_FIELDS) or (_field(columns, ("shapeName",)) if level2 else None)
    # An admin-2 file is dissolved into regions unless the user named an admin-1 field of it.
    is_admin2 = cercle_field is not None and name_field in (None, cercle_field)
    if is_admin2:
        region_field = next((f for f in (_field(columns, NAME_FIELDS[:8]),) if f and f != cercle_field), None)
        cercles = gpd.GeoDataFrame({"name": gdf[cercle_field].astype(str)}, geometry=gdf.geometry, crs="EPSG:4326")
        pcode = _field(columns, PCODE2_FIELDS)
        cercles["pcode"] = gdf[pcode].astype(str) if pcode else ""
        with_region = cercles.assign(**{region_field: gdf[region_field]}) if region_field else cercles
        cercles["region"] = _cercle_region(with_region, region_field)
        if cercles["region"].isna().all():
            raise BoundaryError(f"{path}: cannot tell which Mali region each of its cercles belongs to")
        regions = cercles.dissolve("region", as_index=False)[["region", "geometry"]]
        regions.insert(0, "name", regions["region"])
        regions = gpd.GeoDataFrame(regions, geometry="geometry", crs="EPSG:4326")
    else:
        field = name_field or _field(columns, NAME_FIELDS)
        if field is None:
            raise BoundaryError(f"{path}: no region name field (tried {', '.join(NAME_FIELDS)}, any case); "
                                f"fields present: {', '.join(columns)}")
        regions = gpd.GeoDataFrame({"name": gdf[field].astype(str), "region": gdf[field].map(canonical_region)},
                                   geometry=gdf.geometry, crs="EPSG:4326")
        if regions["region"].isna().all():
            raise BoundaryError(f"{path}: none of the names in field {field!r} is a Mali region")
        cercles = None
    regions["display"] = drawing_geometry(regions.geometry)
    if cercles is not None:
        cercles["display"] = drawing_geometry(cercles.geometry)
    present = set(regions["region"].dropna())
    regions.attrs["frame"] = "2016" if set(PARENT_PRE2016) <= present else (
        "mixed" if set(PARENT_PRE2016) & present else "pre-2016")
    regions.attrs["inside"] = {child: parent for child, parent in PARENT_PRE2016.items() if child not in present}
    regions.attrs["source"] = str(path)
    return Boundaries(regions, cercles)


#: Drawing tolerance (degrees, about 500 m) and coordinate grid (about 10 m): maps stay light, shared edges shared.
DRAW_TOLERANCE, DRAW_GRID = 0.005, 1e-4


def drawing_geometry(geometry: gpd.GeoSeries) -> gpd.GeoSeries:
    """Lighter outlines for the map (the spatial join keeps the full detail)."""
    import shapely

    try:
        simple = geometry.simplify_coverage(DRAW_TOLERANCE)
    except Exception:  # not a clean coverage (overlaps): simplify each polygon on its own
        simple = geometry.simplify(DRAW_TOLERANCE, preserve_topology=True)
    return gpd.GeoSeries(shapely.set_precision(simple.to_numpy(), DRAW_GRID), index=geometry.index, crs=geometry.crs)


def for_drawing(gdf: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """The outlines to send to a browser: the light ``display`` geometry when there is one."""
    if "display" not in gdf:
        return gdf
    return gdf.drop(columns="geometry").set_geometry("display").rename_geometry("geometry")


def load_boundaries(path: str | Path | None = None, name_field: str | None = None) -> Boundaries:
    """Regions and cercles from a boundary file of any usual kind (GeoJSON, TopoJSON, shapefile, GPKG;
    admin-1 or admin-2; OCHA, geoBoundaries, GADM or Natural Earth field names). Default: OCHA's cercles."""
    path = Path(path) if path else BOUNDARIES
    if not path.exists():
        raise BoundaryError(f"no such boundary file: {path}")
    return _read(str(path), name_field, path.stat().st_mtime)


def load_regions(path: str | Path | None = None, name_field: str | None = None) -> gpd.GeoDataFrame:
    """Region polygons in EPSG:4326 with a canonical 2016-frame ``region`` name and the outline's ``frame``."""
    return load_boundaries(path, name_field).regions


def load_cercles(path: str | Path | None = None, name_field: str | None = None) -> gpd.GeoDataFrame | None:
    """Cercle polygons (``name``, ``region``, ``pcode``) when the boundary file is admin-2, else None."""
    return load_boundaries(path, name_field).cercles


@lru_cache(maxsize=1)
def _mali_outline():  # noqa: ANN202 - a prepared shapely geometry
    from shapely import prepare

    # ~10 km of slack; simplified first (to ~1 km), which makes the buffer ten times cheaper to build
    outline = load_regions().union_all().simplify(0.01).buffer(0.1)
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
    """Latest installed/blocked event per northern region up to ``as_of`` (inclusive); ties on the day go to
    the larger event_id. Vectorised: large files carry thousands of such rows and this runs on every rerun."""
    cutoff = pd.Timestamp(as_of)
    rel = events[(events["category"] == "interim_authority") & (events["event_date"] <= cutoff)
                 & events["ia_status"].isin(("installed", "blocked"))]
    status = {r: RegionStatus(r, "none") for r in NORTHERN_REGIONS}
    if rel.empty:
        return status
    rel = rel.sort_values(["event_date", "event_id"], kind="stable")
    long = rel[["ia_status", "event_id", "event_date", "location"]].assign(
        region=rel["ia_regions"].astype(str).str.split("|")).explode("region")
    long = long[long["region"].notna() & (long["region"] != "")].drop_duplicates("region", keep="last")
    for region, kind, event_id, day, location in zip(long["region"], long["ia_status"], long["event_id"],
                                                      long["event_date"], long["location"], strict=True):
        status[region] = RegionStatus(region, kind, event_id, day.strftime("%Y-%m-%d"), location)
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
            notes.append(f"These outlines cannot draw the 2016 region(s) {subs}: they lie inside this polygon, "
                         "whose shading carries their status too.")
        records.append({"status": fill, "notes": notes, "members": members})
    return pd.DataFrame(records, index=regions.index)


