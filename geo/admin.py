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

from .io.problems import Problem
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
    if missing.any():
        import warnings

        with warnings.catch_warnings():  # distances in degrees are what we want here (a small slack)
            warnings.simplefilter("ignore", UserWarning)
            near = gpd.sjoin_nearest(points[missing], units, how="left", max_distance=NEAREST_DEG)
        near = near[~near.index.duplicated(keep="first")]
        hit.loc[near.index, ["name", "region"]] = near[["name", "region"]].to_numpy()
    region[placed] = hit["region"].fillna("").astype(str).to_numpy()
    cercle[placed] = hit["name"].fillna("").astype(str).to_numpy()
    return region, cercle


def _distance_km(lat: np.ndarray, lon: np.ndarray, polygons: gpd.GeoSeries) -> np.ndarray:
    points = gpd.GeoSeries(gpd.points_from_xy(lon, lat), crs="EPSG:4326").to_crs(METRIC)
    return points.distance(polygons.to_crs(METRIC), align=False).to_numpy() / 1000


def assign_admin(events: pd.DataFrame, bounds: Boundaries, rows: np.ndarray | None = None
                 ) -> tuple[pd.DataFrame, list[Problem], dict[str, int]]:
    """``events`` with admin1/admin2 derived from their points and the file's values in *_source columns;
    plus a warning per disagreement over DISAGREE_KM and their count."""
    out = events.copy()
    for col in ("admin1", "admin2"):
        if f"{col}_source" not in out:  # our own exports already carry it: the file's value stays as it was
            out[f"{col}_source"] = out[col].astype(str) if col in out else ""
    lat, lon = out["latitude"].to_numpy(dtype=float), out["longitude"].to_numpy(dtype=float)
    region, cercle = locate(lat, lon, bounds)
    given1 = out["admin1_source"].astype(str).str.strip()
    canon = given1.map(lambda v: canonical_region(v) or v)
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
    problems += _disagreements(out, check1, canon, "admin1", bounds.regions, "region", lat, lon, rows, counts)
    if bounds.cercles is not None:
        given2 = out["admin2_source"].astype(str).map(lambda v: canonical_region(v) or v)
        check2 = (cercle != "") & (given2 != "").to_numpy() & (given2.map(fold).to_numpy()
                                                               != pd.Series(cercle).map(fold).to_numpy())
        problems += _disagreements(out, check2, given2, "admin2", bounds.cercles, "name", lat, lon, rows, counts)
    return out, problems, counts


def _disagreements(out: pd.DataFrame, mask: np.ndarray, given: pd.Series, column: str, units: gpd.GeoDataFrame,
                   key: str, lat: np.ndarray, lon: np.ndarray, rows: np.ndarray, counts: dict[str, int]
                   ) -> list[Problem]:
    idx = np.flatnonzero(mask)
    if not len(idx):
        return []
    by_name = units.assign(_k=units[key].map(fold)).dissolve("_k")["geometry"]
    names = given.iloc[idx].map(fold)
    known = names.isin(by_name.index).to_numpy()
    dist = np.full(len(idx), np.inf)
    if known.any():
        polys = gpd.GeoSeries(by_name.reindex(names[known]).to_numpy(), crs="EPSG:4326")
        dist[known] = _distance_km(lat[idx[known]], lon[idx[known]], polys)
    far = dist > DISAGREE_KM
    problems = []
    for i, d in zip(idx[far], dist[far], strict=True):
        how = f"{d:.0f} km from the point" if np.isfinite(d) else "not a unit of these outlines"
        problems.append(Problem(int(rows[i]), f"{column}_source", str(out[f"{column}_source"].iloc[i]),
                                f"disagrees with where the point is ({out[column].iloc[i]}): {how}; "
                                f"{column} set from the point, the file's value kept in {column}_source",
                                "warning"))
    if problems:
        counts[f"{column}_disagreements"] = len(problems)
    return problems
