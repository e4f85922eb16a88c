"""data/gazetteer_osm.csv: OpenStreetMap places of Mali, Burkina Faso and Niger, built by
scripts/build_gazetteer_osm.py from ../shared/reference/places_osm (ODbL, (c) OpenStreetMap contributors)."""

from __future__ import annotations

import csv
import math
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path

import geopandas as gpd
import pytest

from geo import DATA_DIR
from geo.manifest import load_manifest, sha256
from geo.names import REGIONS_2016

ROOT = Path(__file__).resolve().parent.parent
OSM_CSV = DATA_DIR / "gazetteer_osm.csv"
SCRIPT = ROOT / "scripts" / "build_gazetteer_osm.py"
SOURCE_DIR = ROOT.parent / "shared" / "reference" / "places_osm"
SOURCE = SOURCE_DIR / "osm_places_sahel.csv"
COLUMNS = ["name", "latitude", "longitude", "country_code", "admin1", "place", "population", "osm_node_id",
           "name_en"]
SOURCE_ROWS = 24_916
#: The source's rows minus the one outside the three countries (Sabha, Libya, filed under NE by the extract).
EXPECTED_ROWS = {"ML": 5_685, "BF": 3_610, "NE": 15_620}
needs_source = pytest.mark.skipif(not SOURCE.is_file(), reason=f"{SOURCE_DIR} is absent (only needed to rebuild "
                                  "data/gazetteer_osm.csv; CI has it, the project does not need it)")


@pytest.fixture(scope="module")
def rows() -> list[dict[str, str]]:
    with OSM_CSV.open(newline="", encoding="utf-8") as fh:
        reader = csv.DictReader(fh)
        assert reader.fieldnames == COLUMNS
        return list(reader)


def test_manifest_entry_says_odbl_and_credits_openstreetmap_contributors():
    entry = load_manifest()["gazetteer_osm.csv"]
    assert "ODbL 1.0" in entry["licence"] and "OpenStreetMap contributors" in entry["licence"]
    assert "OpenStreetMap contributors" in entry["attribution"] and "ODbL" in entry["attribution"]
    assert "scripts/build_gazetteer_osm.py" in entry["derivation"] and "24,916" in entry["derivation"]
    assert "3f600c7e2fc03022ee6ae6a2a1c763d28db1fe0c" in entry["source"]
    assert entry["sha256"] == sha256(OSM_CSV)


def test_row_count_is_the_source_minus_the_documented_out_of_area_row(rows):
    assert Counter(r["country_code"] for r in rows) == EXPECTED_ROWS
    assert len(rows) == SOURCE_ROWS - 1
    assert all(r["name"].strip() for r in rows)
    assert not any(r["name"] == "Sabha" or r["name_en"] == "Sabha" for r in rows)


def test_every_row_has_a_coordinate_inside_the_three_countries_bounding_box(rows):
    world = gpd.read_file(DATA_DIR / "boundaries" / "world_countries_50m.topojson", layer="countries")
    minx, miny, maxx, maxy = world[world["name"].isin(["Mali", "Burkina Faso", "Niger"])].total_bounds
    slack = 0.1  # degrees: Natural Earth 1:50m borders are coarse
    for r in rows:
        lat, lon = float(r["latitude"]), float(r["longitude"])
        assert math.isfinite(lat) and math.isfinite(lon), r
        assert r["latitude"] == f"{lat:.5f}" and r["longitude"] == f"{lon:.5f}", r  # 5 decimals
        assert miny - slack <= lat <= maxy + slack and minx - slack <= lon <= maxx + slack, r


def test_admin1_is_a_2016_region_for_mali_rows_only_and_rows_are_sorted(rows):
    assert {r["admin1"] for r in rows if r["country_code"] != "ML"} == {""}
    mali = Counter(r["admin1"] for r in rows if r["country_code"] == "ML")
    assert set(mali) - {""} <= set(REGIONS_2016)
    assert {"Ménaka", "Kidal", "Gao", "Tombouctou", "Bamako"} <= set(mali)
    assert mali[""] < 0.05 * sum(mali.values())  # only points outside every cercle (border villages abroad)
    by_name = {(r["country_code"], r["name"]): r for r in rows}
    assert by_name[("ML", "Bamako")]["admin1"] == "Bamako"
    assert by_name[("ML", "Kidal")]["admin1"] == "Kidal"
    keys = [(r["country_code"], r["name"], int(r["osm_node_id"])) for r in rows]
    assert keys == sorted(keys) and len(set(keys)) == len(keys)


@needs_source
def test_rebuilding_from_the_reference_extract_is_byte_identical(tmp_path):
    manifest_before = (DATA_DIR / "manifest.json").read_bytes()
    out = tmp_path / "gazetteer_osm.csv"
    proc = subprocess.run([sys.executable, str(SCRIPT), str(SOURCE), "--out", str(out)], cwd=ROOT,
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr[-1500:]
    assert out.read_bytes() == OSM_CSV.read_bytes()
    assert (DATA_DIR / "manifest.json").read_bytes() == manifest_before  # a build elsewhere leaves data/ alone


@needs_source
def test_build_refuses_a_source_whose_sha256_differs_from_its_readme(tmp_path):
    copy = tmp_path / "places_osm"
    copy.mkdir()
    shutil.copyfile(SOURCE_DIR / "README.md", copy / "README.md")
    (copy / SOURCE.name).write_bytes(SOURCE.read_bytes() + b"ML,1,Extra,,17.0,-1.0,village,\n")
    proc = subprocess.run([sys.executable, str(SCRIPT), str(copy / SOURCE.name), "--out", str(tmp_path / "x.csv")],
                          cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert proc.returncode != 0 and "does not match" in proc.stderr
    assert not (tmp_path / "x.csv").exists()
