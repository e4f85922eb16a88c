"""Regions and cercles from places (spatial join), boundary files of the usual kinds, names as users type them."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import geopandas as gpd
import pytest

from geo import DATA_DIR
from geo.events import load_events
from geo.filters import FilterState, apply_filters, from_query, resolve_state
from geo.names import UnknownNameError
from geo.regions import BoundaryError, load_boundaries

FIX = Path(__file__).parent / "fixtures"
ROOT = Path(__file__).resolve().parent.parent
OCHA = DATA_DIR / "boundaries" / "ocha_mali_adm2.geojson"
HEADER = "event_id,event_date,event_type,actor1,admin1,location,latitude,longitude\n"


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "geo", *args], cwd=ROOT, capture_output=True, text=True, timeout=120)


def test_admin1_and_cercle_come_from_the_point_and_the_file_value_is_kept():
    rows = ("A,2019-02-22,Battles,JNIM,Gao,Menaka,15.9182,2.4022\n"  # pre-2016 name for a point in Ménaka
            "B,2019-02-22,Battles,JNIM,Kidal,Gao,16.2717,-0.0447\n"  # wrong region: Gao is 200+ km from Kidal
            "C,2019-02-22,Battles,JNIM,Taoudenni,Araouane,18.9048,-3.5265\n"  # Taoudénit cannot be drawn
            "D,2019-02-22,Battles,JNIM,Tombouctou,nowhere,,\n")  # no point: the file's value, canonical
    result = load_events((HEADER + rows).encode())
    ev = result.events.set_index("event_id")
    assert (ev.loc["A", "admin1"], ev.loc["A", "admin2"], ev.loc["A", "admin1_source"]) == ("Ménaka", "Menaka", "Gao")
    assert (ev.loc["B", "admin1"], ev.loc["B", "admin1_source"]) == ("Gao", "Kidal")
    assert (ev.loc["C", "admin1"], ev.loc["C", "admin2"]) == ("Taoudénit", "Tombouctou")
    assert ev.loc["D", "admin1"] == "Tombouctou" and ev.loc["D", "admin2"] == ""
    assert result.counts == {"admin1_disagreements": 1}
    (warning,) = [p for p in result.problems if p.column == "admin1_source"]
    assert warning.row == 3 and warning.value == "Kidal" and " km from the point" in warning.message


def test_region_filter_finds_events_by_where_they_are():
    events = load_events(FIX / "acled" / "api2019_old_taxonomy.csv").events
    menaka = apply_filters(events, resolve_state(FilterState(regions=("Menaka",)), events))
    assert set(menaka["event_id"]) == {"MLI91001", "MLI91002"}  # the file says Gao for both
    assert set(menaka["admin1_source"]) == {"Gao"}


@pytest.mark.parametrize(("typed", "canonical"), [("Menaka", "Ménaka"), ("SEGOU", "Ségou"), ("Timbuktu", "Tombouctou"),
                                                  ("taoudenni", "Taoudénit"), ("tombouctou", "Tombouctou")])
def test_region_names_as_users_type_them(events, typed, canonical):
    assert resolve_state(FilterState(regions=(typed,)), events).regions == (canonical,)


def test_unknown_names_are_errors_that_list_the_closest_valid_names(events):
    with pytest.raises(UnknownNameError, match="unknown region 'Tombuctu'; closest: Tombouctou"):
        resolve_state(FilterState(regions=("Tombuctu",)), events)
    with pytest.raises(UnknownNameError, match="unknown actor 'CJAA'.*CJA"):
        resolve_state(FilterState(actors=("CJAA",)), events)
    proc = run("export", "-o", "/tmp/never.html", "--region", "Gaoo")
    assert proc.returncode == 2 and "closest: Gao" in proc.stderr and "Traceback" not in proc.stderr


def test_actor_cercle_and_location_names_resolve(events):
    state = resolve_state(FilterState(actors=("CJA: Congress for Justice in Azawad", "fama"),
                                      cercles=("gourma rharous",), locations=("TOMBOUCTOU",)), events,
                          cercle_names=["Gourma-Rharous"])
    assert state.actors == ("CJA", "FAMa") and state.cercles == ("Gourma-Rharous",)
    assert state.locations == ("Timbuktu",)  # the spelling in the data
    shown = apply_filters(events, FilterState(cercles=("gourma-rharous",)))
    assert set(shown["admin2"]) == {"Gourma-Rharous"}


def test_cli_export_with_typed_names_matches_the_library(tmp_path, events):
    out = tmp_path / "m.html"
    proc = run("export", "-o", str(out), "--region", "Menaka", "--region", "Timbuktu", "--actor", "cja")
    assert proc.returncode == 0, proc.stderr
    state = resolve_state(FilterState(regions=("Menaka", "Timbuktu"), actors=("cja",)), events)
    assert f"{len(apply_filters(events, state))} in the initial view" in proc.stderr
    assert "warning: no event matches" not in proc.stderr


def test_cli_export_warns_when_the_filters_leave_the_map_empty(tmp_path, events):
    """CJA is reported only around Timbuktu, so CJA + Ménaka is an empty map the user should hear about."""
    out = tmp_path / "empty.html"
    proc = run("export", "-o", str(out), "--region", "Menaka", "--actor", "CJA")
    assert proc.returncode == 0 and out.exists()
    assert "0 in the initial view" in proc.stderr and "warning: no event matches these filters" in proc.stderr


def test_shared_links_typed_by_hand_resolve_too(events):
    state = from_query({"region": ["menaka", "nowhere"], "actor": "cja", "context": "1"}, events)
    assert state.regions == ("Ménaka",) and state.actors == ("CJA",)


# ---- boundary files of the usual kinds -------------------------------------------------------------------

def _subset(tmp_path: Path, rename: dict[str, str], keep: list[str], name: str, driver: str = "GeoJSON") -> Path:
    gdf = gpd.read_file(OCHA)
    gdf = gdf[gdf["adm2"].isin(keep)].rename(columns=rename)
    path = tmp_path / name
    gdf.to_file(path, driver=driver)
    return path


def test_the_bundled_admin2_file_named_by_its_cercle_field_is_still_dissolved_into_regions():
    bounds = load_boundaries(OCHA, "adm2")
    assert len(bounds.regions) == 10 and len(bounds.cercles) == 50
    assert set(bounds.cercles.loc[bounds.cercles["region"] == "Gao", "name"]) == {"Ansongo", "Bourem", "Gao"}


def test_hdx_style_upper_case_admin2_fields_are_detected(tmp_path):
    path = _subset(tmp_path, {"adm1": "ADM1_FR", "adm2": "ADM2_FR", "adm2_pcode": "ADM2_PCODE"},
                   ["Gao", "Ansongo", "Menaka", "Kidal"], "cod_adm2.geojson")
    bounds = load_boundaries(path)
    assert sorted(bounds.regions["region"]) == ["Gao", "Kidal", "Ménaka"]
    assert sorted(bounds.cercles["name"]) == ["Ansongo", "Gao", "Kidal", "Menaka"]


def test_admin1_field_names_are_matched_case_insensitively(tmp_path):
    gdf = gpd.read_file(OCHA).dissolve("adm1", as_index=False)[["adm1", "geometry"]].rename(columns={"adm1": "Adm1_Fr"})
    path = tmp_path / "adm1.gpkg"
    gdf.to_file(path, driver="GPKG")
    bounds = load_boundaries(path)
    assert bounds.cercles is None and "Ségou" in set(bounds.regions["region"])


def test_geoboundaries_admin2_without_a_region_field_gets_regions_from_the_outlines(tmp_path):
    gdf = gpd.read_file(OCHA)
    gdf = gdf[gdf["adm2"].isin(["Ansongo", "Bourem", "Menaka", "Goundam"])]
    gdf = gpd.GeoDataFrame({"shapeName": gdf["adm2"], "shapeType": "ADM2", "shapeISO": ""}, geometry=gdf.geometry)
    path = tmp_path / "geoBoundaries-MLI-ADM2.geojson"
    gdf.to_file(path, driver="GeoJSON")
    bounds = load_boundaries(path)
    assert dict(zip(bounds.cercles["name"], bounds.cercles["region"], strict=True)) == {
        "Ansongo": "Gao", "Bourem": "Gao", "Menaka": "Ménaka", "Goundam": "Tombouctou"}


def test_topojson_boundaries(tmp_path):
    def square(x: int, y: int) -> list[list[float]]:
        return [[x, y], [x + 2, y], [x + 2, y + 2], [x, y + 2], [x, y]]

    topo = {"type": "Topology", "arcs": [square(-1, 15), square(1, 15)], "objects": {"regions": {
        "type": "GeometryCollection", "geometries": [
            {"type": "Polygon", "arcs": [[0]], "properties": {"NAME_1": "Gao"}},
            {"type": "Polygon", "arcs": [[1]], "properties": {"NAME_1": "Menaka"}}]}}}
    path = tmp_path / "regions.topojson"
    path.write_text(json.dumps(topo), encoding="utf-8")
    bounds = load_boundaries(path)
    assert sorted(bounds.regions["region"]) == ["Gao", "Ménaka"]
    result = load_events((HEADER + "A,2019-02-22,Battles,JNIM,,x,16.0,2.0\n").encode(), boundaries=bounds)
    assert result.events.loc[0, "admin1"] == "Ménaka"


def test_unusable_boundary_files_are_refused_with_the_fields_present(tmp_path):
    path = tmp_path / "odd.geojson"
    gpd.GeoDataFrame({"foo": ["x"]}, geometry=gpd.points_from_xy([0], [16]), crs="EPSG:4326").to_file(path)
    with pytest.raises(BoundaryError, match="fields present: foo"):
        load_boundaries(path)
