"""The dashboard's data, computed once per server and shared by every reader: the command-line options, the event
store, uploads, boundaries, the served events block and the map's parts.

Kept apart from dashboard.ui (which imports streamlit-folium, whose component registers only inside a script
run) so that dashboard.warmup can call these same cached functions when the server starts: Streamlit keys its
caches by module and function, so what the warm-up computed is what the first reader gets.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path

from geo.render.lazyfolium import folium  # first: folium's templates then compile on first use (see lazyfolium)

# isort: split
import pandas as pd
import streamlit as st

from geo import DEFAULT_EVENTS
from geo.dedupe import combine
from geo.events import MAX_UPLOAD_BYTES, EventsFileError, LoadResult, load_events
from geo.filters import FilterState
from geo.parse import extract
from geo.regions import load_basemap, load_boundaries
from geo.render.assets import write_static
from geo.render.features import map_block
from geo.render.mapmaker import HEAT_JS, LEAFLET_CSS, LEAFLET_JS, add_layers, base_map
from geo.store import Store, default_location, import_once, open_store

ROOT = Path(__file__).resolve().parent.parent
#: The name the store's events go by in the sidebar, the data key and the export's "generated from" note.
STORE_NAME = "event store"


def cli_options() -> argparse.Namespace:
    """``streamlit run app.py -- OPTIONS``: Streamlit hands the words after ``--`` to the script as sys.argv."""
    parser = argparse.ArgumentParser(prog="streamlit run app.py --")
    parser.add_argument("--events", type=Path, default=DEFAULT_EVENTS,
                        help="events file that seeds a new store, and is imported into an existing one that has not "
                        "recorded it yet (default: data/events.csv)")
    parser.add_argument("--store", help="event store: GeoPackage path or postgresql:// URL (default: GEO_STORE, "
                        "else ~/.local/share/northern-mali-map/events.gpkg)")
    parser.add_argument("--boundaries", type=Path, help="region boundary file (GeoJSON, shapefile, GPKG)")
    parser.add_argument("--name-field", help="field holding region names")
    return parser.parse_known_args(sys.argv[1:])[0]


def boundary_args(opts: argparse.Namespace) -> tuple[str | None, str | None]:
    return (str(opts.boundaries) if opts.boundaries else None), opts.name_field


def data_key(name: str, version: int, events: pd.DataFrame) -> str:
    """What identifies the table on the map: its sources, the store version, its size and ends."""
    return f"{name}:{version}:{len(events)}:{events['event_id'].iloc[0]}:{events['event_id'].iloc[-1]}"


@st.cache_resource(show_spinner="Loading boundaries…")
def read_geography(boundaries: str | None, name_field: str | None):  # noqa: ANN201
    return load_boundaries(boundaries, name_field), load_basemap()


@st.cache_data(show_spinner="Reading events…", max_entries=8)
def read_events(raw: bytes, geo_args: tuple[str | None, str | None]) -> LoadResult:
    """An upload: refused above the upload limit (GEO_MAX_UPLOAD_MB, default 50), regions from its points."""
    return load_events(raw, max_bytes=MAX_UPLOAD_BYTES, boundaries=read_geography(*geo_args)[0])


@st.cache_resource(show_spinner="Opening the event store…")
def event_store(location: str) -> Store:
    """The store, opened (and created if need be) once per server."""
    return open_store(location, seeded=False)


@st.cache_resource(show_spinner="Importing the events file into the store…", max_entries=4)
def imported(_store: Store, location: str, path: str, mtime: float) -> LoadResult | None:
    """The --events file: it seeds a new store, and is imported into one that has not recorded it; its report
    when this server imported it (geo.store.import_once). Once per file version, not per rerun."""
    return import_once(_store, Path(path))


def store_and_events_file(opts: argparse.Namespace) -> tuple[Store, LoadResult | None]:
    """The store (opened once per server), with the --events file imported if it exists and the store has not
    recorded it; that file's report when this server imported it. Raises StoreError if it cannot be opened."""
    store = event_store(opts.store or default_location())
    if not opts.events.is_file():  # said on the page; the store is shown as it is
        return store, None
    return store, imported(store, store.location, str(opts.events), opts.events.stat().st_mtime)


@st.cache_resource(show_spinner="Combining sources…", max_entries=4)
def load_sources(_store: Store, location: str, version: int | None, keys: tuple[tuple[str, str], ...],
                 _uploads: tuple[bytes, ...], geo_args: tuple[str | None, str | None]
                 ) -> tuple[pd.DataFrame | None, list[tuple[str, object]]]:
    """The store's current events (when ``version`` is given: the cache key) and every upload (one report
    each; cached by name and sha256, so uploads are not re-hashed by the cache on every rerun); several sources
    become one table with duplicates flagged. A resource, not data: every rerun gets the same table (never
    modified in place), so nothing is re-read and the per-table caches of geo.filters (actor lists, date
    intervals) hold across reruns."""
    loaded, reports = [], []
    if version is not None:
        stored = _store.current()
        if not stored.empty:
            loaded.append((STORE_NAME, stored))
    for (name, _), raw in zip(keys, _uploads, strict=True):
        try:
            result = read_events(raw, geo_args)
        except EventsFileError as exc:
            reports.append((name, str(exc)))
            continue
        reports.append((name, result))
        if not result.events.empty:
            loaded.append((name, result.events))
    if not loaded:
        return None, reports
    return (loaded[0][1] if len(loaded) == 1 else combine(loaded)), reports


@st.cache_resource
def local_assets() -> dict[str, str]:
    return write_static(ROOT / "static" / "vendor", [LEAFLET_JS, LEAFLET_CSS, HEAT_JS])


EVENTS_DIR = ROOT / "static" / "events"


@st.cache_resource(max_entries=8, show_spinner="Sending the events to the map…")
def _served_block(_events: pd.DataFrame, key: str) -> tuple[str, pd.Series]:
    return map_block(_events, EVENTS_DIR)


def served_events(events: pd.DataFrame, key: str) -> tuple[str, pd.Series]:
    """Every placed event written once to static/events/ for the map to fetch (see geo.render.features.map_block);
    the URL and each row's position in the block. static/events/ keeps only the 8 most recently used blocks
    (columnar.write_block), and other servers may share it: the block is marked used on every run, and written
    again (same name: it is named by its content) if it was removed meanwhile."""
    name, positions = _served_block(events, key)
    try:
        os.utime(EVENTS_DIR / name)
    except FileNotFoundError:
        name, positions = map_block(events, EVENTS_DIR)
    return f"/app/static/events/{name}", positions


def map_parts(shown: pd.DataFrame, events: pd.DataFrame, state: FilterState, key: str,
              geo_args: tuple[str | None, str | None], mode: str = "points", focus: pd.Series | None = None
              ) -> tuple[folium.Map, folium.FeatureGroup]:
    """The base map (the same on every rerun) and the layers for ``shown`` (swapped when the filters change)."""
    bounds, basemap = read_geography(*geo_args)
    served = local_assets()
    asset_url: Callable[[str], str] = lambda u: served.get(u, u)  # noqa: E731
    fmap = base_map(bounds.regions, basemap, asset_url=asset_url, cercles=bounds.cercles)
    layers = folium.FeatureGroup(name="filtered")
    url, positions = served_events(events, key)
    highlight = int(positions.get(focus.name, -1)) if focus is not None and focus.name in positions else None
    as_of = state.end or events["event_date"].max().date()
    add_layers(layers, shown, events, bounds.regions, as_of, asset_url=asset_url, mode=mode,
               cercles=bounds.cercles, served=(url, positions), highlight=highlight)
    return fmap, layers


@st.cache_data(show_spinner="Building the standalone HTML…", max_entries=16)
def standalone_html(_events: pd.DataFrame, key: str, state: FilterState, name: str,
                    geo_args: tuple[str | None, str | None]) -> bytes:
    from geo.render.export import export_html  # imported when a page is first asked for

    bounds, basemap = read_geography(*geo_args)
    return export_html(_events, bounds.regions, basemap, state, name, cercles=bounds.cercles).encode("utf-8")


@st.cache_data(show_spinner=False, max_entries=64)
def geoparse(text: str, published: date, lang: str) -> dict:
    return extract(text, published, lang).as_dict()
