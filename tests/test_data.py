"""The bundled events: complete, placed by the gazetteer, inside their stated regions, sourced."""

import json
from collections import Counter

import geopandas as gpd

from geo import DATA_DIR
from geo.gazetteer import load_gazetteer
from geo.manifest import MANIFEST, REQUIRED_FIELDS, load_manifest, sha256
from geo.names import REGIONS_2016, polygon_region

METRIC = "+proj=aeqd +lat_0=17 +lon_0=-2 +units=m"  # equidistant around Mali; error well under 1% here


def test_every_fact_table_event_in_mali_is_present_and_ids_are_stable(events):
    ids = list(events["event_id"])
    expected = [f"WPR2017-E{n:02d}" for n in range(1, 37) if n not in (7, 8)]  # E07/E08: New York
    assert ids == expected


def test_category_counts(events):
    assert Counter(events["category"]) == {
        "context": 12,
        "disruption": 11,
        "interim_authority": 7,
        "political": 3,
        "joint_patrol": 1,
    }


def test_events_without_a_place_are_kept_with_empty_coordinates(events):
    unplaced = events[events["latitude"].isna()]
    assert set(unplaced["event_id"]) == {"WPR2017-E04", "WPR2017-E25"}  # Azawad declaration, JNIM video


def test_coordinates_come_from_the_gazetteer_not_typed_by_hand(events):
    gaz = load_gazetteer()
    for _, row in events[events["latitude"].notna()].iterrows():
        place = gaz.best(row["location"])
        assert place is not None, row["event_id"]
        assert (round(place.latitude, 5), round(place.longitude, 5)) == (row["latitude"], row["longitude"])
        assert row["geo_source"], row["event_id"]


def test_every_point_lies_within_10_km_of_the_admin1_the_file_gives(events, regions):
    polygons = dict(zip(regions["region"], regions.to_crs(METRIC).geometry, strict=True))
    placed = events[events["latitude"].notna()]
    points = gpd.GeoSeries(gpd.points_from_xy(placed["longitude"], placed["latitude"]), crs="EPSG:4326").to_crs(METRIC)
    for (_, row), point in zip(placed.iterrows(), points, strict=True):
        assert row["admin1_source"] in REGIONS_2016, row["event_id"]  # the curated value, not the derived one
        assert row["admin1"] == row["admin1_source"], row["event_id"]  # ... and the point agrees with it
        target = polygon_region(row["admin1_source"], set(polygons))
        assert polygons[target].distance(point) <= 10_000, (row["event_id"], row["admin1"])


def test_every_event_cites_a_web_source_and_a_description(events):
    for _, row in events.iterrows():
        assert row["source"] and row["notes"], row["event_id"]
        assert any(u.startswith(("http://", "https://")) for u in row["source_urls"].split()), row["event_id"]


def test_article_events_are_flagged_and_interim_authority_rows_name_their_regions(events):
    assert set(events["in_article"]) == {"excerpt", "likely", "context"}
    ia = events[events["category"] == "interim_authority"]
    assert set(ia["ia_status"]) == {"installed", "blocked"}
    assert all(ia["ia_regions"].str.len() > 0)


def test_every_data_file_is_in_the_manifest_with_provenance_and_matching_hash():
    files = load_manifest()
    on_disk = {p.relative_to(DATA_DIR).as_posix() for p in DATA_DIR.rglob("*") if p.is_file() and p != MANIFEST}
    assert on_disk == set(files)
    for name, entry in files.items():
        for field in REQUIRED_FIELDS:
            assert entry.get(field), f"{name}: {field} missing"
        assert entry["sha256"] == sha256(DATA_DIR / name), f"{name} changed without updating data/manifest.json"


def test_bundled_boundaries_draw_menaka_and_say_taoudenit_stays_inside_tombouctou(regions):
    from geo.regions import load_cercles

    assert sorted(regions["region"]) == sorted(set(REGIONS_2016) - {"Taoudénit"})
    assert regions.attrs["inside"] == {"Taoudénit": "Tombouctou"}
    cercles = load_cercles()
    assert len(cercles) == 50 and cercles["pcode"].str.startswith("ML").all()
    assert cercles.set_index("name").loc["Menaka", "region"] == "Ménaka"
    assert set(cercles.loc[cercles["region"] == "Gao", "name"]) == {"Ansongo", "Bourem", "Gao"}
    entry = load_manifest()["boundaries/ocha_mali_adm2.geojson"]
    assert "CC BY-IGO" in entry["licence"] and "Taoud" in entry["derivation"]
    assert "pre-2016" in load_manifest()["boundaries/mali_admin1.geojson"]["derivation"]
    neighbours = json.loads((DATA_DIR / "boundaries" / "neighbours.geojson").read_text())
    assert {"Niger", "Algeria", "Burkina Faso", "Mauritania"} <= {
        f["properties"]["country"] for f in neighbours["features"]
    }
