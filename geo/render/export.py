"""The standalone HTML export: one file, everything inlined, no request needed to show the map.

The events it shows are embedded once, every column of every row, as the columnar block of geo.render.columnar in
``<script type="application/octet-stream" id="events-data">``; the page decodes it once and filters and
draws from typed arrays (templates/columns.js, points.js, explorer.js). A Content-Security-Policy with
per-script hashes forbids remote scripts and any inline script or event handler that the export did not put
there itself.
"""

from __future__ import annotations

import base64
import hashlib
import html
import re
from datetime import UTC, datetime
from typing import Any

from .lazyfolium import folium  # noqa: F401  before branca: templates compile on first use (see lazyfolium)

# isort: split
import geopandas as gpd
import pandas as pd

from .. import __version__
from ..filters import FilterState, apply_filters
from ..manifest import attributions
from ..schema import CATEGORIES, IA_STATUS_COLORS
from .assets import inline_assets
from .columnar import decode, pack
from .features import map_columns
from .mapmaker import RawHtml, build_map

EVENTS_EXPR = 'MaliMap.readEvents("events-data")'
TILE_HOSTS = "https://tile.openstreetmap.org"


_INLINE_SCRIPT = re.compile(r"<script>(.*?)</script>", re.S)
_PANEL_CSS = """
#mm-panel { position: absolute; z-index: 1000; top: 10px; left: 56px; width: 340px; max-height: calc(100% - 80px);
  overflow: auto; background: rgba(255,255,255,.96); padding: 8px 12px; border-radius: 6px;
  font: 13px/1.35 system-ui, sans-serif; box-shadow: 0 1px 4px rgba(0,0,0,.3); }
#mm-panel h1 { font-size: 16px; margin: 0 0 4px; }
#mm-panel p, #mm-panel ul { margin: 4px 0; }
#mm-panel .mm-small { color: #555; font-size: 11px; }
#mm-panel fieldset { border: 1px solid #ddd; border-radius: 4px; margin: 6px 0; padding: 4px 8px; }
#mm-panel fieldset label { display: inline-block; margin: 2px 8px 2px 0; }
#mm-panel input[type=range] { width: 100%; }
#mm-panel .mm-check { display: block; }
#mm-panel .mm-group { margin: 4px 0; }
#mm-panel .mm-group summary { font-weight: 600; cursor: pointer; }
#mm-panel .mm-all { font-size: 11px; margin: 2px 4px 2px 0; }
#mm-panel .mm-count { font-weight: 700; font-size: 14px; }
#mm-panel .mm-list { max-height: 220px; overflow: auto; padding-left: 20px; font-size: 12px; }
#mm-panel .mm-list li { cursor: pointer; }
#mm-panel .mm-unplaced { color: #8a4b00; cursor: default; }
#mm-panel .mm-search input { width: 100%; }
#mm-panel-toggle { float: right; margin: 0 0 4px 8px; }
#mm-panel.mm-collapsed { width: auto; }
#mm-panel.mm-collapsed > :not(#mm-panel-toggle):not(h1) { display: none; }
#mm-panel.mm-collapsed h1 { display: inline; font-size: 13px; }
#mm-panel input.mm-date { width: 8em; }
#mm-panel input[aria-invalid=true] { outline: 2px solid #b2182b; }
@media (max-width: 759px) {
  #mm-panel { left: 50px; right: 8px; top: 58px; width: auto; max-height: 45vh; }
  #mm-panel.mm-collapsed { right: auto; top: 10px; padding: 4px 6px; }
  #mm-panel.mm-collapsed h1 { display: none; }
  #mm-panel h1 { font-size: 14px; }
}
.mm-cluster { background: rgba(40,40,40,.8); color: #fff; border-radius: 50%; text-align: center;
  line-height: 30px; font: 600 12px/30px system-ui, sans-serif; border: 2px solid #fff; }
"""


def describe_filters(state: FilterState) -> str:
    """Plain-language summary of a filter state, for the export's "generated from" note."""
    parts = []
    if state.start or state.end:
        parts.append(f"dates {state.start or '…'} to {state.end or '…'}")
    for label, values in (("actors", state.actors), ("categories", state.categories),
                          ("event types", state.event_types), ("regions", state.regions),
                          ("cercles", state.cercles), ("places", state.locations)):
        if values:
            parts.append(f"{label}: {', '.join(values)}")
    if not state.include_context:
        parts.append("context events hidden")
    return "; ".join(parts) or "no filter (every event in the file)"


def _panel(title: str, source_name: str, state: FilterState) -> str:
    esc = html.escape
    stamp = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    credits = "".join(f"<li>{esc(a)}</li>" for a in attributions())
    return (
        f'<div id="mm-panel"><button type="button" id="mm-panel-toggle" aria-expanded="true">Hide filters</button>'
        f'<h1>{esc(title)}</h1><div id="mm-filters"></div>'
        f'<details><summary class="mm-small">Sources and credits</summary>'
        f'<p class="mm-small">Generated from {esc(source_name)} on {esc(stamp)} by northern-mali-map '
        f"{esc(__version__)}; initial filters: {esc(describe_filters(state))}. Every event of the file is "
        "embedded: widen the filters to see what was left out.</p>"
        f'<ul class="mm-small">{credits}</ul></details></div>'
    )


def explorer_config(state: FilterState) -> dict[str, Any]:
    """The explorer's initial state (the CLI flags or the dashboard's filters) and display constants."""
    return {
        "initial": {
            "from": state.start.isoformat() if state.start else None,
            "to": state.end.isoformat() if state.end else None,
            "category": list(state.categories),
            "event_type": list(state.event_types),
            "actors": list(state.actors),
            "admin1": list(state.regions),
            "admin2": list(state.cercles),
            "locations": list(state.locations),
            "context": state.include_context,
        },
        "categories": CATEGORIES,
        "statusColors": IA_STATUS_COLORS,
    }


def content_security_policy(page: str) -> str:
    """CSP allowing exactly the inline scripts present (by hash), inline styles, and optional OSM tiles."""
    hashes = sorted({
        "'sha256-" + base64.b64encode(hashlib.sha256(body.encode("utf-8")).digest()).decode() + "'"
        for body in _INLINE_SCRIPT.findall(page)
    })
    return (
        f"default-src 'none'; script-src {' '.join(hashes)}; style-src 'unsafe-inline'; "
        f"img-src data: {TILE_HOSTS}; font-src data:; connect-src 'none'; base-uri 'none'; "
        "form-action 'none'; frame-src 'none'; object-src 'none'"
    )


def events_block(events: pd.DataFrame) -> str:
    """The ``events-data`` script: the columnar block (geo.render.columnar), base64, gzip-compressed when large."""
    frame, order = map_columns(events)
    text, compressed = pack(frame, order=order)
    encoding = "gzip+base64" if compressed else "base64"
    return f'<script type="application/octet-stream" id="events-data" data-encoding="{encoding}">{text}</script>'


def read_events_block(page: str) -> pd.DataFrame:
    """The events embedded in an export, as a frame (every column, drawing order): the inverse of events_block."""
    match = re.search(r'<script type="application/octet-stream" id="events-data" data-encoding="[^"]*">(.*?)</script>',
                      page, re.S)
    if match is None:
        raise ValueError("no events-data block in this page")
    return decode(base64.b64decode(match.group(1)))


def export_html(
    events: pd.DataFrame,
    regions: gpd.GeoDataFrame,
    basemap: gpd.GeoDataFrame | None,
    state: FilterState,
    source_name: str,
    title: str = "Northern Mali: interim authorities and disruptions, 2017",
    cercles: gpd.GeoDataFrame | None = None,
) -> str:
    """The whole export page: every event of ``events`` embedded, ``state`` as the explorer's initial view,
    cercle outlines (with live counts) when ``cercles`` are given."""
    shown = apply_filters(events, state)
    as_of = state.end or (events["date_end"].fillna(events["event_date"]).max().date() if len(events) else None)
    fmap = build_map(shown, events, regions, basemap, as_of, explorer=(EVENTS_EXPR, explorer_config(state)),
                     cercles=cercles)
    root = fmap.get_root()
    root.header.add_child(RawHtml(f"<title>{html.escape(title)}</title><style>{_PANEL_CSS}</style>"), name="mm_head")
    root.html.add_child(RawHtml(events_block(events)), name="events_data")
    root.html.add_child(RawHtml(_panel(title, source_name, state)), name="mm_panel")
    page = inline_assets(root.render())
    csp = html.escape(content_security_policy(page), quote=True)
    return page.replace("<head>", f'<head>\n<meta http-equiv="Content-Security-Policy" content="{csp}">', 1)


