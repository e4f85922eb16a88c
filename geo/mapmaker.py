"""Build the folium map: offline vector basemap, region status shading, events, legend.

Modelled on folium plugins: small element classes with a template; the
JavaScript they call lives in templates/mapkit.js and builds every popup and
label from data with textContent, so no event field is ever parsed as HTML.
Events are one canvas GeoJSON layer, not one Marker per event.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from datetime import date
from importlib import resources
from typing import Any

import folium
import geopandas as gpd
import pandas as pd
from branca.element import MacroElement
from folium.map import Layer
from folium.template import Template

from .features import to_feature_collection
from .jsonsafe import js_literal
from .regions import interim_status, polygon_status
from .schema import CATEGORIES, CATEGORY_COLORS, GEO_PRECISION, IA_STATUS_COLORS, IN_ARTICLE, TIME_PRECISION

LEAFLET_JS = "https://cdn.jsdelivr.net/npm/leaflet@1.9.3/dist/leaflet.js"
LEAFLET_CSS = "https://cdn.jsdelivr.net/npm/leaflet@1.9.3/dist/leaflet.css"
MALI_CENTER = (17.3, -2.5)
STATUS_LABELS = {
    "installed": "interim authority installed",
    "blocked": "installation blocked or postponed",
    "mixed": "mixed (pre-2016 polygon with two 2016 regions)",
    "none": "none recorded yet",
    "n/a": "outside the interim-authority process",
}
#: Short credit line for the map's attribution control; the full lines (data/manifest.json) go in panels.
MAP_CREDIT = "WPR (Mar 2017) & cited sources · GeoNames · © OpenStreetMap contributors · OCHA · Natural Earth"


def _kit_source(name: str) -> str:
    return resources.files("geo").joinpath("templates", name).read_text(encoding="utf-8")


class MapKit(MacroElement):
    """Our own helper JS and CSS, inlined into the map script (it must run inside st_folium's iframe too)."""

    _template = Template(
        "{% macro script(this, kwargs) %}\n{{ this.js }}\nMaliMap.style({{ this.css }});\n"
        "MaliMap.configure({{ this.labels }});\n{% endmacro %}"
    )

    def __init__(self, extra_js: tuple[str, ...] = ()) -> None:
        super().__init__()
        self._name = "MapKit"
        self.js = "\n".join(_kit_source(name) for name in ("mapkit.js", *extra_js))
        self.css = js_literal(_kit_source("mapkit.css"))
        self.labels = js_literal(
            {
                "categories": CATEGORIES,
                "colors": CATEGORY_COLORS,
                "in_article": IN_ARTICLE,
                "geo_precision": {str(k): v for k, v in GEO_PRECISION.items()},
                "time_precision": {str(k): v for k, v in TIME_PRECISION.items()},
            }
        )


class DataLayer(Layer):
    """A GeoJSON layer drawn by one of mapkit.js's layer functions (basemap, regions or events)."""

    _template = Template(
        "{% macro script(this, kwargs) %}\n"
        "var {{ this.get_name() }} = MaliMap.{{ this.kind }}Layer({{ this._parent.get_name() }}, "
        "{{ this.data }}, {{ this.options }});\n"
        "{% if not this.show %}{{ this._parent.get_name() }}.removeLayer({{ this.get_name() }});{% endif %}\n"
        "{% endmacro %}"
    )

    def __init__(self, kind: str, data: str, name: str, options: dict[str, Any] | None = None,
                 control: bool = True, show: bool = True) -> None:
        super().__init__(name=name, overlay=True, control=control, show=show)
        self._name = f"{kind}_layer"
        self.kind, self.data, self.options = kind, data, js_literal(options or {})


class Legend(MacroElement):
    _template = Template(
        "{% macro script(this, kwargs) %}\nMaliMap.legend({{ this._parent.get_name() }}, {{ this.spec }});\n"
        "{% endmacro %}"
    )

    def __init__(self, spec: dict[str, Any]) -> None:
        super().__init__()
        self._name = "Legend"
        self.spec = js_literal(spec)


class Explorer(MacroElement):
    """The export's interactive filters, playback and clustering (templates/explorer.js) over every event."""

    _template = Template(
        "{% macro script(this, kwargs) %}\nMaliMap.explorer({{ this._parent.get_name() }}, {{ this.data }}, "
        "{{ this.config }});\n{% endmacro %}"
    )

    def __init__(self, data_expr: str, config: dict[str, Any]) -> None:
        super().__init__()
        self._name = "Explorer"
        self.data, self.config = data_expr, js_literal(config)


def _region_features(regions: gpd.GeoDataFrame, events: pd.DataFrame, as_of: date | None) -> dict[str, Any]:
    status = interim_status(events, as_of or pd.Timestamp.max.date())
    table = polygon_status(regions, status)
    gdf = regions.assign(
        _label=regions["name"],
        _fill=table["status"].map(lambda s: IA_STATUS_COLORS.get(s, "#ffffff")),
        _notes=table["notes"].map(list),
        _status=table["status"],
        _members=table["members"].map(list),
    )
    when = f" as of {as_of.isoformat()}" if as_of else ""
    gdf["_notes"] = [[f"Interim authority status{when}:", *n] if n else ["Not part of the 2015 accord's "
                     "interim-authority process."] for n in gdf["_notes"]]
    return gdf.__geo_interface__


def legend_spec(shown: pd.DataFrame, frame: str, as_of: date | None) -> dict[str, Any]:
    counts = shown["category"].value_counts()
    return {
        "title": f"Events on the map ({int(shown['latitude'].notna().sum())})",
        "categories": [
            {"key": key, "label": label, "color": CATEGORY_COLORS[key], "count": int(counts.get(key, 0))}
            for key, label in CATEGORIES.items()
        ],
        "status_title": "Interim authority" + (f", {as_of.isoformat()}" if as_of else ""),
        "statuses": [{"label": STATUS_LABELS[k], "color": IA_STATUS_COLORS[k]} for k in STATUS_LABELS],
        "frame_note": (
            "Outlines: pre-2016 frame (Ménaka inside Gao, Taoudénit inside Tombouctou)."
            if frame == "pre-2016" else "Outlines: 2016 ten-region frame."
        ),
    }


def build_map(
    shown: pd.DataFrame,
    all_events: pd.DataFrame,
    regions: gpd.GeoDataFrame,
    basemap: gpd.GeoDataFrame | None,
    as_of: date | None,
    asset_url: Callable[[str], str] = lambda url: url,
    explorer: tuple[str, dict[str, Any]] | None = None,
    height: str | int = "100%",
) -> folium.Map:
    """The map for a filtered table ``shown``; region status is computed from ``all_events`` up to ``as_of``.

    ``asset_url`` rewrites Leaflet's CDN URLs (to a local copy). ``explorer`` (a JavaScript expression
    giving the events, and the explorer's config) replaces the static events layer with the export's
    in-browser filters; ``shown`` then only sets the legend's initial counts.
    """
    fmap = folium.Map(location=MALI_CENTER, zoom_start=5, tiles=None, prefer_canvas=True,
                      control_scale=True, min_zoom=3, height=height)
    fmap.default_js = [("leaflet", asset_url(LEAFLET_JS))]
    fmap.default_css = [("leaflet_css", asset_url(LEAFLET_CSS))]
    MapKit(("explorer.js",) if explorer else ()).add_to(fmap)
    credit = html.escape(MAP_CREDIT)
    if basemap is not None:
        DataLayer("basemap", js_literal(basemap.__geo_interface__), "Neighbouring countries", control=False,
                  options={"attribution": ""}).add_to(fmap)
    folium.TileLayer("OpenStreetMap", name="OpenStreetMap tiles (online)", overlay=True, show=False,
                     control=True).add_to(fmap)
    frame = regions.attrs.get("frame", "pre-2016")
    DataLayer("regions", js_literal(_region_features(regions, all_events, as_of)), "Regions: interim authority",
              options={"attribution": credit, "fit": True, "fitPadding": [370, 0] if explorer else [0, 0]}).add_to(fmap)
    if explorer is None:
        DataLayer("events", js_literal(to_feature_collection(shown, for_map=True)), "Events").add_to(fmap)
    Legend(legend_spec(shown, frame, as_of)).add_to(fmap)
    if explorer is not None:
        Explorer(*explorer).add_to(fmap)
    folium.LayerControl(collapsed=False, position="topright").add_to(fmap)
    return fmap
