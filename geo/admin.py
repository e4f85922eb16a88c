"""Regions and cercles from where events are, not from what a file says.

Each placed event's ``admin1`` (2016 frame) and ``admin2`` (cercle) come from a GeoPandas spatial join of its
point against the outlines in use; the file's own values stay in ``admin1_source``/``admin2_source``. A file
value that names another unit whose outline lies more than :data:`DISAGREE_KM` from the point is a warning.
Two frame differences are not disagreements: a pre-2016 name for a 2016 region (Gao for a point in Ménaka),
and a 2016 region these outlines cannot draw (Taoudénit inside Tombouctou), whose name is kept.
"""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd

from .cache import by_identity
from .io.problems import LIST_UP_TO, Problem, row_warnings
from .io.vector import map_unique
from .names import PARENT_PRE2016, canonical_region, fold
from .regions import Boundaries

DISAGREE_KM = 10.0
#: Equidistant projection centred on Mali: distances within the country are off by well under 1%.
METRIC = "+proj=aeqd +lat_0=17 +lon_0=-2 +units=m"
#: Spatial-join slack for points just outside every outline (river banks, coarse borders), in degrees.
NEAREST_DEG = 0.1


def _units(bounds: Boundaries) -> gpd.GeoDataFrame:
    """The finest outlines: cercles (with their region) if the file has them, else regions."""
    if bounds.cercles is not None:
        return bounds.cercles[["name", "region", "geometry"]].reset_index(drop=True)
    return bounds.regions.assign(name="")[["name", "region", "geometry"]].reset_index(drop=True)


def locate(lat: np.ndarray, lon: np.ndarray, bounds: Boundaries) -> tuple[np.ndarray, np.ndarray]:
    """(region, cercle) of each point ("" outside the outlines): within, else nearest within NEAREST_DEG."""
    units = _units(bounds)
    region = np.full(len(lat), "", dtype=object)
    cercle = np.full(len(lat), "", dtype=object)
    placed = np.flatnonzero(~np.isnan(lat) & ~np.isnan(lon))
    if not len(placed):
        return region, cercle
    points = gpd.GeoDataFrame(geometry=gpd.points_from_xy(lon[placed], lat[placed]), crs="EPSG:4326")
    hit = gpd.sjoin(points, units, how="left", predicate="within")
    hit = hit[~hit.index.duplicated(keep="first")]
    missing = hit["index_right"].isna().to_numpy()
    if missing.any():  # just outside every outline: the nearest unit within NEAREST_DEG (degrees: a small slack)
        from shapely import STRtree

        away = hit.index.to_numpy()[missing]  # positions in `points` (a RangeIndex)
        tree = STRtree(units.geometry.to_numpy())
        (which, unit), _ = tree.query_nearest(points.geometry.to_numpy()[away], max_distance=NEAREST_DEG,
                                              return_distance=True, all_matches=False)
        rows = away[which]
        hit.loc[rows, ["name", "region"]] = units[["name", "region"]].to_numpy()[unit]
    region[placed] = hit["region"].fillna("").astype(str).to_numpy()
    cercle[placed] = hit["name"].fillna("").astype(str).to_numpy()
    return region, cercle


@by_identity(size=8)
def _metric_units(units: gpd.GeoDataFrame, key: str) -> pd.Series:
    """Outlines dissolved by folded name and projected to metres, once per outline table."""
    return units.assign(_k=units[key].map(fold)).dissolve("_k")["geometry"].to_crs(METRIC)


def _distance_km(lat: np.ndarray, lon: np.ndarray, polygons: np.ndarray) -> np.ndarray:
    import shapely
    from pyproj import Transformer

    x, y = Transformer.from_crs("EPSG:4326", METRIC, always_xy=True).transform(lon, lat)
    return shapely.distance(shapely.points(x, y), polygons) / 1000


def assign_admin(events: pd.DataFrame, bounds: Boundaries, rows: np.ndarray | None = None
                 ) -> tuple[pd.DataFrame, list[Problem], dict[str, int], int]:
    """``events`` with admin1/admin2 derived from their points and the file's values in *_source columns;
    plus the warnings for disagreements over DISAGREE_KM, their counts, and how many were only counted."""
    out = events.copy()
    for col in ("admin1", "admin2"):
        if f"{col}_source" not in out:  # our own exports already carry it: the file's value stays as it was
            out[f"{col}_source"] = out[col].astype(str) if col in out else ""
    lat, lon = out["latitude"].to_numpy(dtype=float), out["longitude"].to_numpy(dtype=float)
    region, cercle = locate(lat, lon, bounds)
    given1 = out["admin1_source"].astype(str).str.strip()
    canon = map_unique(given1, lambda v: canonical_region(v) or v)
    found = region != ""
    kept_name = canon.map(PARENT_PRE2016.get).to_numpy() == region  # Taoudénit named, point in Tombouctou
    inside = bounds.regions.attrs.get("inside", {})
    kept_name &= canon.isin(list(inside)).to_numpy()
    out["admin1"] = np.where(found & ~kept_name, region, canon)
    out["admin2"] = np.where(cercle != "", cercle, out["admin2_source"].astype(str))
    problems: list[Problem] = []
    counts: dict[str, int] = {}
    rows = rows if rows is not None else np.arange(2, len(out) + 2)
    parent = np.array([PARENT_PRE2016.get(r, "") for r in region], dtype=object)
    agrees = (region == canon.to_numpy()) | kept_name | (parent == canon.to_numpy())  # same, or a frame change
    check1 = found & (canon.to_numpy() != "") & ~agrees
    unlisted = 0
    found1, n1 = _disagreements(out, check1, canon, "admin1", bounds.regions, "region", lat, lon, rows, counts)
    problems += found1
    unlisted += n1
    if bounds.cercles is not None:
        given2 = out["admin2_source"].astype(str)
        keys2 = map_unique(given2, lambda v: fold(canonical_region(v) or v)).to_numpy(dtype=object)
        mine = map_unique(pd.Series(cercle), fold).to_numpy(dtype=object)
        check2 = (cercle != "") & (keys2 != "") & (keys2 != mine)
        found2, n2 = _disagreements(out, check2, given2, "admin2", bounds.cercles, "name", lat, lon, rows, counts)
        problems += found2
        unlisted += n2
    return out, problems, counts, unlisted


def _disagreements(out: pd.DataFrame, mask: np.ndarray, given: pd.Series, column: str, units: gpd.GeoDataFrame,
                   key: str, lat: np.ndarray, lon: np.ndarray, rows: np.ndarray, counts: dict[str, int]
                   ) -> tuple[list[Problem], int]:
    """Rows whose file value names a unit lying more than DISAGREE_KM from the point (or no unit at all)."""
    idx = np.flatnonzero(mask)
    if not len(idx):
        return [], 0
    metric = _metric_units(units, key)
    names = given.iloc[idx]
    keys = map_unique(names, fold).to_numpy(dtype=object)
    known = np.isin(keys, metric.index.to_numpy())
    dist = np.full(len(idx), np.inf)
    if known.any():
        polygons = metric.reindex(keys[known]).to_numpy()
        dist[known] = _distance_km(lat[idx[known]], lon[idx[known]], polygons)
    far = np.zeros(len(out), dtype=bool)
    far[idx[dist > DISAGREE_KM]] = True
    if not far.any():
        return [], 0
    counts[f"{column}_disagreements"] = int(far.sum())
    derived = out[column].to_numpy(dtype=object)
    dist_all = np.full(len(out), np.inf)
    dist_all[idx] = dist
    listed = np.flatnonzero(far)[:LIST_UP_TO + 1]
    how = [f"{dist_all[i]:.0f} km from the point" if np.isfinite(dist_all[i]) else "not a unit of these outlines"
           for i in listed]
    messages = [f"disagrees with where the point is ({derived[i]}): {h}; {column} set from the point, the file's "
                f"value kept in {column}_source" for i, h in zip(listed, how, strict=True)]
    values = out[f"{column}_source"].to_numpy(dtype=object)
    return row_warnings(rows, far, f"{column}_source", values, messages,
                        f"give a {column} that disagrees with where the point is by more than {DISAGREE_KM:.0f} km "
                        f"(or that is not a unit of these outlines); {column} set from the point")
