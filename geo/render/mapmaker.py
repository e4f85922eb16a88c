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
from functools import lru_cache
from importlib import resources
from typing import Any

from .lazyfolium import folium  # before branca and folium themselves: their templates then compile on first use

# isort: split
import geopandas as gpd
import pandas as pd
from branca.element import Element, MacroElement
from folium.elements import ElementAddToElement
from folium.map import Layer
from folium.template import Template

from ..cache import by_identity
from ..jsonsafe import js_literal
from ..names import fold, polygon_region
from ..regions import for_drawing, interim_status, polygon_status
from ..schema import (
    CATEGORIES,
    CATEGORY_COLORS,
    GEO_PRECISION,
    IA_BLOCKED_COLOR,
    IA_BLOCKED_KEY,
    IA_BLOCKED_LABEL,
    IA_STATUS_COLORS,
    IN_ARTICLE,
    TIME_PRECISION,
)
from .columnar import visible_bits

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


@lru_cache(maxsize=16)
def _kit_source(name: str) -> str:
    """A file of templates/, read once per process (the dashboard builds its map on every rerun)."""
    return resources.files("geo.render").joinpath("templates", name).read_text(encoding="utf-8")


class RawHtml(Element):
    """Literal HTML or script. branca's Element compiles its text as a Jinja template, so data put there could
    run template code ({{ ... }}) or break the page ({% raw %}); this one is emitted as-is."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self._text = text

    def render(self, **kwargs: object) -> str:
        return self._text


class LiteralOutput:
    """Mixin for our MacroElements: what their macros write goes into the page as is (RawHtml). branca wraps
    it in an Element, which compiles the text, data included, as a new Jinja template on every render: 35 ms
    of each dashboard rerun went to lexing the outlines' data."""

    def render(self, **kwargs: Any) -> None:
        if isinstance(self, Layer) and self.show:  # what folium's Layer.render adds before rendering
            self.add_child(ElementAddToElement(self.get_name(), self._parent.get_name()), name=self.get_name() + "_add")
        figure = self.get_root()
        macros = self._template.module.__dict__
        for part in ("header", "html", "script"):
            macro = macros.get(part)
            if macro is not None:
                getattr(figure, part).add_child(RawHtml(macro(self, kwargs)), name=self.get_name())
        for element in self._children.values():
            element.render(**kwargs)


class MapKit(LiteralOutput, MacroElement):
    """Our own helper JS and CSS, inlined into the map script (it must run inside st_folium's iframe too)."""

    _template = Template(
        "{% macro script(this, kwargs) %}\n{{ this.js }}\nMaliMap.style({{ this.css }});\n"
        "MaliMap.configure({{ this.labels }});\n{% endmacro %}"
    )

    def __init__(self, extra_js: tuple[str, ...] = ()) -> None:
        super().__init__()
        self._name = "MapKit"
        self.js = "\n".join(_kit_source(name) for name in ("mapkit.js", "columns.js", "points.js", *extra_js))
        self.css = js_literal(_kit_source("mapkit.css"))
        self.labels = js_literal(
            {
                "categories": CATEGORIES,
                "colors": {**CATEGORY_COLORS, IA_BLOCKED_KEY: IA_BLOCKED_COLOR},
                "in_article": IN_ARTICLE,
                "geo_precision": {str(k): v for k, v in GEO_PRECISION.items()},
                "time_precision": {str(k): v for k, v in TIME_PRECISION.items()},
            }
        )


class DataLayer(LiteralOutput, Layer):
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


class FitMali(LiteralOutput, MacroElement):
    """The initial view: Mali's outline, without zoom animation, clear of the panel and the legend."""

    _template = Template(
        "{% macro script(this, kwargs) %}\nMaliMap.fit({{ this._parent.get_name() }}, {{ this.bounds }}, "
        "{{ this.padding }});\n{% endmacro %}"
    )

    def __init__(self, bounds: list[list[float]], padding_left: list[int]) -> None:
        super().__init__()
        self._name = "FitMali"
        self.bounds, self.padding = js_literal(bounds), js_literal(padding_left)


class Legend(LiteralOutput, MacroElement):
    _template = Template(
        "{% macro script(this, kwargs) %}\nMaliMap.legend({{ this._parent.get_name() }}, {{ this.spec }});\n"
        "{% endmacro %}"
    )

    def __init__(self, spec: dict[str, Any]) -> None:
        super().__init__()
        self._name = "Legend"
        self.spec = js_literal(spec)


class Restyle(LiteralOutput, MacroElement):
    """Fills, notes and counts of the base map's outlines for the current filters (MaliMap.restyle)."""

    _template = Template("{% macro script(this, kwargs) %}\nMaliMap.restyle({{ this.spec }});\n{% endmacro %}")

    def __init__(self, spec: dict[str, Any]) -> None:
        super().__init__()
        self._name = "Restyle"
        self.spec = js_literal(spec)


class Explorer(LiteralOutput, MacroElement):
    """The export's interactive filters, playback and clustering (templates/explorer.js) over every event."""

    _template = Template(
        "{% macro script(this, kwargs) %}\nMaliMap.explorer({{ this._parent.get_name() }}, {{ this.data }}, "
        "{{ this.config }});\n{% endmacro %}"
    )

    def __init__(self, data_expr: str, config: dict[str, Any]) -> None:
        super().__init__()
        self._name = "Explorer"
        self.data, self.config = data_expr, js_literal(config)


HEAT_JS = "https://cdn.jsdelivr.net/gh/python-visualization/folium@main/folium/templates/leaflet_heat.min.js"
COUNT_RAMP = ["#fff5eb", "#fdd0a2", "#fd8d3c", "#d94801", "#7f2704"]
MAP_MODES = {"points": "Points", "heatmap": "Heatmap", "regions": "Counts per region", "cercles": "Counts per cercle"}


def region_counts(regions: gpd.GeoDataFrame, shown: pd.DataFrame) -> pd.Series:
    """Events per polygon (2016 regions folded into their pre-2016 parent when the outlines need it)."""
    present = set(regions["region"].dropna())
    owner = {r: polygon_region(r, present) for r in shown["admin1"].unique() if r}
    counts = shown["admin1"].map(owner).value_counts()
    return regions["region"].map(counts).fillna(0).astype(int)


def _ramp(counts: pd.Series) -> pd.Series:
    top = max(int(counts.max()) if len(counts) else 0, 1)
    return counts.map(lambda n: COUNT_RAMP[min(len(COUNT_RAMP) - 1, int(len(COUNT_RAMP) * n / (top + 1)))])


def ramp_labels(top: int) -> list[str]:
    """The range of counts each colour of COUNT_RAMP stands for, as _ramp assigns them ("" for an empty class)."""
    top, k = max(top, 1), len(COUNT_RAMP)
    labels = []
    for i in range(k):
        low = next((n for n in range(top + 1) if int(k * n / (top + 1)) == i), None)
        high = max((n for n in range(top + 1) if int(k * n / (top + 1)) == i), default=None)
        labels.append("" if low is None else f"{low:,} events" if low == high else f"{low:,}–{high:,} events")
    return labels


def cercle_counts(cercles: gpd.GeoDataFrame, shown: pd.DataFrame) -> pd.Series:
    """Placed events in view per cercle, names matched accent-insensitively (each name folded once, not each
    row)."""
    names = shown.loc[shown["latitude"].notna(), "admin2"].value_counts()
    per = names.groupby(names.index.map(fold)).sum()
    return cercles["name"].map(fold).map(per).fillna(0).astype(int)


def outline_features(units: gpd.GeoDataFrame, columns: list[str]) -> dict[str, Any]:
    """Outlines as GeoJSON with their names and their position (``_i``): sent once, with the base map; what the
    filters change (fills, notes, counts) comes in each rerun as a list by position (see Restyle)."""
    gdf = for_drawing(units)[[*columns, "geometry"]].assign(_label=units["name"], _i=range(len(units)))
    return gdf.__geo_interface__


@by_identity(size=8)
def _outline_literal(units: gpd.GeoDataFrame, columns: tuple[str, ...] | None) -> str:
    """The outlines' JavaScript literal (a few hundred KB), built once per outline table: the dashboard's base map
    is rebuilt on every rerun but its outlines never change. ``columns`` None: every column, as is."""
    return js_literal(units.__geo_interface__ if columns is None else outline_features(units, list(columns)))


def cercle_styles(counts: pd.Series, choropleth: bool = False) -> list[dict[str, Any]]:
    """Per cercle, its number of events in view (cercle_counts) and, when ``choropleth``, the fill for it."""
    fill = _ramp(counts).where(counts > 0, "") if choropleth else pd.Series("", index=counts.index)
    return [{"_count": int(c), "_fill": f} for c, f in zip(counts, fill, strict=True)]


def _count_styles(counts: pd.Series) -> list[dict[str, Any]]:
    return [{"_fill": f, "_notes": [f"{n:,} events in the current view"], "_members": []}
            for n, f in zip(counts, _ramp(counts), strict=True)]


def _status_styles(regions: gpd.GeoDataFrame, events: pd.DataFrame, as_of: date | None) -> list[dict[str, Any]]:
    status = interim_status(events, as_of or pd.Timestamp.max.date())
    table = polygon_status(regions, status)
    when = f" as of {as_of.isoformat()}" if as_of else ""
    return [{"_fill": IA_STATUS_COLORS.get(st, "#ffffff"), "_status": st, "_members": list(members),
             "_notes": [f"Interim authority status{when}:", *notes] if len(notes) else
             ["Not part of the 2015 accord's interim-authority process."]}
            for st, notes, members in zip(table["status"], table["notes"], table["members"], strict=True)]


def frame_note(regions: gpd.GeoDataFrame) -> str:
    """What the outlines can and cannot draw, said plainly."""
    inside = regions.attrs.get("inside", {})
    if not inside:
        return "Outlines: 2016 ten-region frame."
    parts = [f"{child} is not drawn: it lies inside {parent}" for child, parent in inside.items()]
    return "Outlines: " + "; ".join(parts) + " (these outlines predate it), whose shading carries its status."


def _legend_rows() -> list[tuple[str, str, str]]:
    rows = []
    for key, label in CATEGORIES.items():
        if key == "interim_authority":
            rows += [(key, "Interim authority installed", CATEGORY_COLORS[key]),
                     (IA_BLOCKED_KEY, IA_BLOCKED_LABEL, IA_BLOCKED_COLOR)]
        else:
            rows.append((key, label, CATEGORY_COLORS[key]))
    return rows


def legend_spec(shown: pd.DataFrame, note: str, as_of: date | None, mode: str = "points", top: int = 0
                ) -> dict[str, Any]:
    """The legend: categories counted over the events on the map (placed ones: the title's number is their sum),
    then the region shading (interim-authority status, or for the counts modes the range of each colour)."""
    placed = shown[shown["latitude"].notna()]
    blocked = (placed["category"] == "interim_authority") & (placed["ia_status"] == "blocked")
    counts = placed["category"].where(~blocked, IA_BLOCKED_KEY).value_counts()
    if mode in ("regions", "cercles"):
        statuses = [{"label": text, "color": color} for text, color in zip(ramp_labels(top), COUNT_RAMP, strict=True)
                    if text]
        title = f"Events per {'region' if mode == 'regions' else 'cercle'} (current view)"
    else:
        statuses = [{"label": STATUS_LABELS[k], "color": IA_STATUS_COLORS[k]} for k in STATUS_LABELS]
        title = "Interim authority" + (f", {as_of.isoformat()}" if as_of else "")
    return {
        "title": f"Events on the map ({int(shown['latitude'].notna().sum())})",
        "categories": [
            {"key": key, "label": label, "color": color, "count": int(counts.get(key, 0)),
             "shape": "square" if key == IA_BLOCKED_KEY else None}
            for key, label, color in _legend_rows()
        ],
        "status_title": title,
        "statuses": statuses,
        "frame_note": note,
    }


def base_map(
    regions: gpd.GeoDataFrame,
    basemap: gpd.GeoDataFrame | None,
    asset_url: Callable[[str], str] = lambda url: url,
    explorer: bool = False,
    height: str | int = "100%",
    cercles: gpd.GeoDataFrame | None = None,
) -> folium.Map:
    """What never changes with the filters: Leaflet, our JS kit, the neighbours' outlines, the region and cercle
    outlines with their labels (add_layers restyles them), the optional tile layer and the initial view of Mali.
    The dashboard keeps it identical between reruns, so st_folium only swaps the filtered layers (a few KB: a
    bitset of the points, the outlines' fills and counts, the legend) instead of re-creating the map."""
    fmap = folium.Map(location=MALI_CENTER, zoom_start=5, tiles=None, prefer_canvas=True,
                      control_scale=True, min_zoom=3, height=height)
    fmap.default_js = [("leaflet", asset_url(LEAFLET_JS))]
    if not explorer:  # st_folium loads scripts only on its first render: the heatmap plugin must come with the base
        fmap.default_js.append(("leaflet-heat.js", asset_url(HEAT_JS)))
    fmap.default_css = [("leaflet_css", asset_url(LEAFLET_CSS))]
    MapKit(("explorer.js",) if explorer else ()).add_to(fmap)
    if basemap is not None:
        DataLayer("basemap", _outline_literal(basemap, None), "Neighbouring countries", control=False,
                  options={"attribution": html.escape(MAP_CREDIT)}).add_to(fmap)
    DataLayer("regions", _outline_literal(regions, ("region",)), "Regions", control=False).add_to(fmap)
    if cercles is not None:
        DataLayer("cercles", _outline_literal(cercles, ("name", "region")),
                  "Cercles (events in view on hover)", control=False).add_to(fmap)
    folium.TileLayer("OpenStreetMap", name="OpenStreetMap tiles (online)", overlay=True, show=False,
                     control=True).add_to(fmap)
    west, south, east, north = regions.total_bounds
    FitMali([[south, west], [north, east]], [370, 0] if explorer else [0, 0]).add_to(fmap)
    folium.LayerControl(collapsed=False, position="topright").add_to(fmap)
    return fmap


def add_layers(
    target: folium.Map | folium.FeatureGroup,
    shown: pd.DataFrame,
    all_events: pd.DataFrame,
    regions: gpd.GeoDataFrame,
    as_of: date | None,
    asset_url: Callable[[str], str] = lambda url: url,
    explorer: tuple[str, dict[str, Any]] | None = None,
    mode: str = "points",
    cercles: gpd.GeoDataFrame | None = None,
    served: tuple[str, pd.Series] | None = None,
    highlight: int | None = None,
) -> None:
    """What the filters change: region shading, cercle outlines with counts, the events (points, heatmap or
    counts), the legend. ``served`` (the URL of every event's block, written by geo.render.columnar.write_block, and
    each row's position in it by row label) makes the points layer a bitset over that block (the dashboard);
    with ``explorer`` the events come from the page's embedded block (the export). ``highlight`` (a position
    in the served block) rings one event, the story's current step."""
    per_region = region_counts(regions, shown) if mode == "regions" else None
    per_cercle = cercle_counts(cercles, shown) if cercles is not None else None
    Restyle({
        "regions": _count_styles(per_region) if per_region is not None else _status_styles(regions, all_events, as_of),
        "cercles": cercle_styles(per_cercle, choropleth=mode == "cercles") if per_cercle is not None else None,
    }).add_to(target)
    placed = shown[shown["latitude"].notna()]
    if explorer is None and mode == "heatmap":
        heat = folium.plugins.HeatMap(placed[["latitude", "longitude"]].to_numpy().tolist(), name="Events (heatmap)",
                                      radius=14, blur=18, min_opacity=0.3, control=False)
        heat.default_js = [("leaflet-heat.js", asset_url(HEAT_JS))]
        heat.add_to(target)
    elif explorer is None and mode == "points" and served is not None:
        url, positions = served  # every event is already in the browser: send only which rows to show
        bits = visible_bits(positions.reindex(placed.index).dropna().to_numpy(dtype=int), len(positions))
        DataLayer("events", f"MaliMap.fetchEvents({js_literal(url)})", "Events", control=False,
                  options={"visible": bits, "highlight": highlight}).add_to(target)
    counts = per_region if mode == "regions" else per_cercle if mode == "cercles" else None
    top = int(counts.max()) if counts is not None and len(counts) else 0
    Legend(legend_spec(shown, frame_note(regions), as_of, mode, top)).add_to(target)
    if explorer is not None:
        Explorer(*explorer).add_to(target)


def build_map(
    shown: pd.DataFrame,
    all_events: pd.DataFrame,
    regions: gpd.GeoDataFrame,
    basemap: gpd.GeoDataFrame | None,
    as_of: date | None,
    asset_url: Callable[[str], str] = lambda url: url,
    explorer: tuple[str, dict[str, Any]] | None = None,
    height: str | int = "100%",
    mode: str = "points",
    cercles: gpd.GeoDataFrame | None = None,
) -> folium.Map:
    """One map with everything: the base plus the layers for the filtered table ``shown`` (region status from
    ``all_events`` up to ``as_of``). ``explorer`` (a JavaScript expression giving the events, and the
    explorer's config) replaces the static events layer with the export's in-browser filters."""
    fmap = base_map(regions, basemap, asset_url, explorer is not None, height, cercles)
    add_layers(fmap, shown, all_events, regions, as_of, asset_url, explorer, mode, cercles)
    return fmap
