"""ACLED and UCDP files: detected, mapped, round-tripped, combined with duplicates flagged."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pytest

from geo.dedupe import combine
from geo.events import load_events

FIX = Path(__file__).parent / "fixtures"
ROOT = Path(__file__).resolve().parent.parent


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "geo", *args], cwd=ROOT, capture_output=True, text=True, timeout=60)


@pytest.mark.parametrize("name", ["acled_current.csv", "acled_old.csv"])
def test_acled_in_acled_out_gives_the_same_rows_and_values(tmp_path, name):
    out = tmp_path / "out.csv"
    proc = run("convert", str(FIX / name), "-o", str(out), "--to", "acled")
    assert proc.returncode == 0, proc.stderr
    original = pd.read_csv(FIX / name, dtype=str, keep_default_na=False)
    again = pd.read_csv(out, dtype=str, keep_default_na=False)
    pd.testing.assert_frame_equal(original, again)


def test_acled_columns_map_onto_ours_and_quirks_survive():
    result = load_events(FIX / "acled_current.csv")
    assert result.format == "acled" and result.ok
    ev = result.events.set_index("event_id")
    assert ev.loc["MLI1002", "admin1"] == "Ménaka"  # normalised for filtering ...
    assert ev.loc["MLI1002", "admin1_source"] == "Menaka"  # ... original kept
    assert pd.isna(ev.loc["MLI1002", "fatalities"])  # empty fatalities stay unknown, not 0
    assert "banks and schools closed" in ev.loc["MLI1001", "notes"]  # quoted commas
    assert ev.loc["MLI1001", "geo_precision"] == 2 and ev.loc["MLI1001", "inter1"] == "Rebel group"
    assert ev.loc["MLI1003", "category"] == "disruption"


def test_old_acled_exports_with_numeric_inter_codes_and_day_month_dates():
    result = load_events(FIX / "acled_old.csv")
    assert result.format == "acled" and result.ok
    ev = result.events.set_index("event_id")
    assert ev.loc["MLI9001", "event_date"].strftime("%Y-%m-%d") == "2017-02-27"
    assert ev.loc["MLI9002", "inter1"] == "2" and ev.loc["MLI9002", "admin1"] == "Tombouctou"
    assert ev.loc["MLI9001", "data_id"] == "6543210"


def test_ucdp_precision_codes_are_mapped_and_kept():
    result = load_events(FIX / "ucdp_ged.csv")
    assert result.format == "ucdp" and result.ok
    ev = result.events.set_index("event_id")
    boulkessi, vague = ev.loc["UCDP-213456"], ev.loc["UCDP-213457"]
    assert (boulkessi["geo_precision"], boulkessi["time_precision"], boulkessi["fatalities"]) == (1, 1, 11)
    assert boulkessi["admin1"] == "Mopti" and boulkessi["actor2"] == "JNIM"
    assert (vague["geo_precision"], vague["time_precision"]) == (3, 3)  # where_prec 4, date_prec 4
    assert (vague["where_prec"], vague["date_prec"]) == ("4", "4")  # UCDP's own codes survive
    assert vague["date_end"].strftime("%Y-%m-%d") == "2017-04-30"
    assert vague["event_type"] == "Violence against civilians"
    assert "RFI" in boulkessi["source_article"]


def test_convert_to_geojson_gpkg_and_native(tmp_path):
    for to, name in (("geojson", "out.geojson"), ("gpkg", "out.gpkg"), ("native", "out.csv")):
        proc = run("convert", str(FIX / "ucdp_ged.csv"), "-o", str(tmp_path / name), "--to", to)
        assert proc.returncode == 0, proc.stderr
    features = json.loads((tmp_path / "out.geojson").read_text())["features"]
    assert [f["id"] for f in features] == ["UCDP-213456", "UCDP-213457"]
    gdf = gpd.read_file(tmp_path / "out.gpkg")
    assert len(gdf) == 2 and gdf.crs.to_epsg() == 4326
    again = load_events(tmp_path / "out.csv")
    assert again.ok and list(again.events["event_id"]) == ["UCDP-213456", "UCDP-213457"]


def test_validate_detects_the_format():
    proc = run("validate", str(FIX / "acled_old.csv"))
    assert proc.returncode == 0 and "2 events kept" in proc.stderr


def test_combined_sources_flag_duplicates_without_merging(events):
    acled = load_events(FIX / "acled_current.csv").events
    ucdp = load_events(FIX / "ucdp_ged.csv").events
    both = combine([("events.csv", events), ("acled_current.csv", acled), ("ucdp_ged.csv", ucdp)])
    assert len(both) == len(events) + len(acled) + len(ucdp)  # nothing merged away
    flagged = both.set_index("event_id")["possible_duplicate_of"]
    assert flagged["MLI1003"] == "WPR2017-E13"  # same day, same place, al-Mourabitoun in both
    assert "WPR2017-E29" in flagged["MLI1001"]  # CJA at Timbuktu on 6 March
    assert flagged["MLI1002"] == "WPR2017-E24"  # Ménaka installation: government in both
    assert flagged["UCDP-213456"] == "WPR2017-E28"  # Boulkessi on 5 March: JNIM named in both
    assert flagged["WPR2017-E30"] == ""  # same source rows are not compared


def test_cli_export_combines_sources_and_keeps_every_row(tmp_path):
    from geo.render.export import read_events_block

    out = tmp_path / "combined.html"
    proc = run("export", "-o", str(out), "--events", "data/events.csv", "--events", str(FIX / "acled_current.csv"),
               "--events", str(FIX / "ucdp_ged.csv"))
    assert proc.returncode == 0, proc.stderr
    embedded = read_events_block(out.read_text(encoding="utf-8"))
    assert len(embedded) == 34 + 3 + 2
    flagged = dict(zip(embedded["event_id"], embedded["possible_duplicate_of"], strict=True))
    assert flagged["MLI1003"] == "WPR2017-E13" and flagged["WPR2017-E13"] in ("", None)


def test_vectorised_duplicate_search_finds_exactly_the_brute_force_pairs():
    """Same day, within 5 km, a shared canonical actor, different source: the grid join misses nothing."""
    import numpy as np

    from geo.dedupe import flag_duplicates
    from geo.filters import actor_label
    from geo.gazetteer import haversine_km

    rng = np.random.default_rng(7)
    n = 400
    frame = pd.DataFrame({
        "event_id": [f"E{i}" for i in range(n)],
        "event_date": pd.to_datetime("2017-03-01") + pd.to_timedelta(rng.integers(0, 4, n), unit="D"),
        "latitude": 16.0 + rng.random(n) * 0.3, "longitude": -0.2 + rng.random(n) * 0.3,
        "actor1": rng.choice(["CJA", "CJA: Congress for Justice in Azawad", "FAMa", "JNIM"], n),
        "actor2": rng.choice(["", "MINUSMA"], n), "assoc_actor_1": "", "source_file": rng.choice(["a", "b"], n),
    })
    flags = flag_duplicates(frame)
    labels = [{actor_label(a) for a in (r.actor1, r.actor2) if a} for r in frame.itertuples()]
    expected = pd.Series("", index=frame.index, dtype=object)
    for i in range(n):
        found = [frame.at[j, "event_id"] for j in range(i)
                 if frame.at[i, "event_date"] == frame.at[j, "event_date"]
                 and frame.at[i, "source_file"] != frame.at[j, "source_file"]
                 and haversine_km(frame.at[i, "latitude"], frame.at[i, "longitude"],
                                  frame.at[j, "latitude"], frame.at[j, "longitude"]) <= 5
                 and labels[i] & labels[j]]
        expected[i] = " ".join(found)
    assert (flags != "").sum() > 20
    assert flags.tolist() == expected.tolist()
