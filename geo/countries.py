"""World country outlines, to tell a point outside its own country from a point that is merely outside Mali.

The outlines are Natural Earth's 1:50m countries as packaged by the npm package ``world-atlas`` (TopoJSON,
ids are ISO 3166-1 numeric codes), copied into data/ by scripts/build_countries.py. A row's country comes
from ACLED's numeric ``iso`` column or from a ``country`` name (ACLED's and UCDP's spellings included).
"""

from __future__ import annotations

import re
from functools import lru_cache

import geopandas as gpd
import numpy as np

from . import DATA_DIR
from .names import fold

WORLD = DATA_DIR / "boundaries" / "world_countries_50m.topojson"
#: Slack around a country outline (degrees, about 20 km): coarse coasts and borders never count against a row.
SLACK_DEG = 0.2
#: Spellings used by ACLED and UCDP that differ from Natural Earth's short names.
_ALIASES = {
    "democratic republic of congo": "dem rep congo", "dr congo": "dem rep congo", "drc": "dem rep congo",
    "democratic republic of the congo": "dem rep congo", "congo kinshasa": "dem rep congo",
    "republic of congo": "congo", "congo brazzaville": "congo", "republic of the congo": "congo",
    "ivory coast": "cote divoire", "central african republic": "central african rep",
    "south sudan": "s sudan", "equatorial guinea": "eq guinea", "united states": "united states of america",
    "bosnia and herzegovina": "bosnia and herz", "dominican republic": "dominican rep",
    "western sahara": "w sahara", "swaziland": "eswatini", "cape verde": "cabo verde",
    "russian federation": "russia", "burma": "myanmar", "myanmar burma": "myanmar", "yemen north yemen": "yemen",
    "gambia the": "gambia", "the gambia": "gambia", "east timor": "timor leste", "north macedonia": "macedonia",
    "czech republic": "czechia", "solomon islands": "solomon is",
}


@lru_cache(maxsize=1)
def world() -> gpd.GeoDataFrame:
    gdf = gpd.read_file(WORLD, layer="countries")
    gdf["id"] = gdf["id"].astype(str).str.zfill(3)
    return gdf.set_index("id")


@lru_cache(maxsize=1)
def _by_name() -> dict[str, str]:
    return {fold(name): code for code, name in world()["name"].items()}


@lru_cache(maxsize=4096)
def country_code(name: str = "", iso: str = "") -> str | None:
    """ISO numeric code (as in world-atlas) for a row's ``iso`` or ``country`` cell, or None if unknown."""
    iso = iso.strip()
    if iso.isdigit() and iso.zfill(3) in world().index:
        return iso.zfill(3)
    key = fold(re.sub(r"\(.*?\)", "", name))
    key = _ALIASES.get(key, key)
    return _by_name().get(key)


@lru_cache(maxsize=256)
def _prepared(code: str):  # noqa: ANN202 - a prepared shapely geometry
    from shapely import prepare

    geom = world().loc[code, "geometry"].buffer(SLACK_DEG)
    prepare(geom)
    return geom


def contains_many(code: str, lat: np.ndarray, lon: np.ndarray) -> np.ndarray:
    """Which points lie in country ``code`` (with :data:`SLACK_DEG` of slack)."""
    from shapely import contains_xy

    return contains_xy(_prepared(code), lon, lat)


@lru_cache(maxsize=512)
def country_name(code: str) -> str:
    return str(world().loc[code, "name"])
