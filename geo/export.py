"""The standalone HTML export: one file, everything inlined, no request needed to show the map.

The events it shows are embedded once, as GeoJSON in
``<script type="application/geo+json" id="events-data">`` (events without a place have null geometry),
and the map layer reads them from there. A Content-Security-Policy with per-script hashes forbids
remote scripts and any inline script or event handler that the export did not put there itself.
"""

from __future__ import annotations

import base64
import hashlib
import html
import re
from datetime import UTC, date, datetime
from pathlib import Path

import geopandas as gpd
import pandas as pd
from branca.element import Element

from . import __version__
from .assets import inline_assets
from .events import on_map
from .features import to_feature_collection, when
from .filters import FilterState
from .jsonsafe import script_json
from .manifest import attributions
from .mapmaker import build_map

EVENTS_EXPR = 'JSON.parse(document.getElementById("events-data").textContent)'
TILE_HOSTS = "https://tile.openstreetmap.org"


class RawHtml(Element):
    """Literal HTML. branca's Element compiles its text as a Jinja template, so data put there could run
    template code ({{ ... }}) or break the page ({% raw %}); this one is emitted as-is."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self._text = text

    def render(self, **kwargs: object) -> str:
        return self._text


_INLINE_SCRIPT = re.compile(r"<script>(.*?)</script>", re.S)
_PANEL_CSS = """
#mm-panel { position: absolute; z-index: 1000; top: 10px; left: 56px; max-width: 420px; max-height: 45vh;
  overflow: auto; background: rgba(255,255,255,.95); padding: 8px 12px; border-radius: 6px;
  font: 13px/1.35 system-ui, sans-serif; box-shadow: 0 1px 4px rgba(0,0,0,.3); }
#mm-panel h1 { font-size: 16px; margin: 0 0 4px; }
#mm-panel p, #mm-panel ul { margin: 4px 0; }
#mm-panel .mm-small { color: #555; font-size: 11px; }
"""


def describe_filters(state: FilterState) -> str:
    """Plain-language summary of a filter state, for the export's "generated from" note."""
    parts = []
    if state.start or state.end:
        parts.append(f"dates {state.start or '…'} to {state.end or '…'}")
    for label, values in (("actors", state.actors), ("categories", state.categories),
                          ("event types", state.event_types), ("regions", state.regions)):
        if values:
            parts.append(f"{label}: {', '.join(values)}")
    if not state.include_context:
        parts.append("context events hidden")
    return "; ".join(parts) or "no filter (every event in the file)"


def _panel(shown: pd.DataFrame, total: int, title: str, source_name: str, state: FilterState) -> str:
    esc = html.escape
    stamp = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    unplaced = shown[~on_map(shown)]
    items = "".join(
        f"<li>{esc(when(row))}: {esc(row['location'])} ({esc(row['event_id'])})</li>" for _, row in unplaced.iterrows()
    )
    not_on_map = f"<p><strong>Not on the map</strong> (no known place):</p><ul>{items}</ul>" if items else ""
    credits = "".join(f"<li>{esc(a)}</li>" for a in attributions())
    return (
        f'<div id="mm-panel"><h1>{esc(title)}</h1>'
        f'<p id="mm-count"><strong>{len(shown)} of {total} events</strong> '
        f"({int(on_map(shown).sum())} on the map)</p>{not_on_map}"
        f'<details><summary class="mm-small">Sources and credits</summary>'
        f'<p class="mm-small">Generated from {esc(source_name)} on {esc(stamp)} by northern-mali-map '
        f"{esc(__version__)}; filters: {esc(describe_filters(state))}.</p>"
        f'<ul class="mm-small">{credits}</ul></details></div>'
    )


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


def export_html(
    shown: pd.DataFrame,
    all_events: pd.DataFrame,
    regions: gpd.GeoDataFrame,
    basemap: gpd.GeoDataFrame | None,
    state: FilterState,
    source_name: str,
    title: str = "Northern Mali: interim authorities and disruptions, 2017",
) -> str:
    """The whole export page as a string."""
    as_of = state.end or (all_events["event_date"].max().date() if len(all_events) else date.today())
    fmap = build_map(shown, all_events, regions, basemap, as_of, events_expr=EVENTS_EXPR)
    root = fmap.get_root()
    root.header.add_child(RawHtml(f"<title>{html.escape(title)}</title><style>{_PANEL_CSS}</style>"), name="mm_head")
    data = script_json(to_feature_collection(shown, for_map=True))
    root.html.add_child(
        RawHtml(f'<script type="application/geo+json" id="events-data">{data}</script>'), name="events_data"
    )
    root.html.add_child(RawHtml(_panel(shown, len(all_events), title, source_name, state)), name="mm_panel")
    page = inline_assets(root.render())
    csp = html.escape(content_security_policy(page), quote=True)
    return page.replace("<head>", f'<head>\n<meta http-equiv="Content-Security-Policy" content="{csp}">', 1)


def write_export(path: Path, page: str) -> None:
    path.write_text(page, encoding="utf-8")
