"""Every ACLED vintage and layout, UCDP world-wide files and bad rows: nothing lost, nothing dropped silently."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from geo.events import load_events
from geo.filters import FilterState, actor_options, apply_filters

FIX = Path(__file__).parent / "fixtures"
ACLED = FIX / "acled"
ROOT = Path(__file__).resolve().parent.parent


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "geo", *args], cwd=ROOT, capture_output=True, text=True, timeout=120)


@pytest.mark.parametrize("name", ["current_dyadic.csv", "api2019_old_taxonomy.csv", "africa_upper_case.csv",
                                  "monadic.csv"])
def test_acled_in_acled_out_is_byte_for_byte_the_same_file(tmp_path, name):
    out = tmp_path / "out.csv"
    proc = run("convert", str(ACLED / name), "-o", str(out), "--to", "acled")
    assert proc.returncode == 0, proc.stderr
    assert out.read_bytes().replace(b"\r\n", b"\n") == (ACLED / name).read_bytes()


def test_old_taxonomy_is_mapped_onto_current_types_and_the_original_kept():
    result = load_events(ACLED / "api2019_old_taxonomy.csv")
    assert result.format == "acled" and len(result.events) == 12 and not result.errors
    ev = result.events.set_index("event_id")
    expected = {
        "MLI91001": ("Battles", "Armed clash"),
        "MLI91002": ("Battles", "Non-state actor overtakes territory"),
        "MLI91003": ("Battles", "Government regains territory"),
        "MLI91004": ("Explosions/Remote violence", "Remote explosive/landmine/IED"),  # "an IED" in the notes
        "MLI91005": ("Explosions/Remote violence", "Shelling/artillery/missile attack"),  # "mortar shells"
        "MLI91006": ("Protests", "Peaceful protest"),  # inter1 6: protesters
        "MLI91007": ("Riots", "Violent demonstration"),  # inter1 5: rioters
        "MLI91008": ("Strategic developments", "Other"),
        "MLI91009": ("Strategic developments", "Non-violent transfer of territory"),
        "MLI91010": ("Strategic developments", "Headquarters or base established"),
        "MLI91011": ("Violence against civilians", "Attack"),
        "MLI91012": ("Violence against civilians", "Abduction/forced disappearance"),  # "kidnapped"
    }
    for eid, (etype, sub) in expected.items():
        assert (ev.loc[eid, "event_type"], ev.loc[eid, "sub_event_type"]) == (etype, sub), eid
    assert ev.loc["MLI91001", "event_type_source"] == "Battle-No change of territory"
    assert ev.loc["MLI91001", "event_date"].strftime("%Y-%m-%d") == "2019-02-22"
    assert ev.loc["MLI91003", "fatalities"] is not None and str(ev.loc["MLI91003", "fatalities"]) == "<NA>"


def test_upper_case_headers_and_day_first_dates_of_pre_2019_files():
    result = load_events(ACLED / "africa_upper_case.csv")
    assert result.format == "acled" and len(result.events) == 3 and not result.errors
    ev = result.events.set_index("event_id")
    gao = ev.loc["92001MLI"]
    assert gao["event_date"].strftime("%Y-%m-%d") == "2017-01-18" and gao["fatalities"] == 54
    assert gao["assoc_actor_1"] == "Al Mourabitoune Battalion" and gao["geo_precision"] == 1
    assert gao["sub_event_type"] == "Suicide bomb" and gao["gwno"] == "432"
    assert ev.loc["92003MLI", "event_type"] == "Strategic developments"
    assert ev.loc["92003MLI", "admin1"] == "Ménaka"  # from the point; the file says Menaka
    # actors are found through every actor column, associated ones included, by canonical name
    assert set(apply_filters(result.events, FilterState(actors=("CJA",)))["event_id"]) == {"92002MLI"}


def test_monadic_rows_become_one_event_with_every_actor():
    result = load_events(ACLED / "monadic.csv")
    assert (result.rows_read, len(result.events), result.merged, result.dropped) == (8, 4, 4, 0)
    assert "8 rows read: 4 events kept, 4 rows merged" in result.summary()
    ev = result.events.set_index("event_id")
    boni = ev.loc["MLI93001"]
    assert boni["actor1"].startswith("JNIM") and boni["actor2"] == "Military Forces of Mali (2021-)"
    assert boni["assoc_actor_2"] == "Wagner Group" and boni["inter2"] == "State forces"
    assert ev.loc["MLI93003", "actor2"] == "Civilians (Mali)"  # rows of one event need not be adjacent
    three = ev.loc["MLI93004"]
    assert three["actor2"].startswith("GATIA") and "JNIM" in three["assoc_actor_2"]
    assert {"CMA", "GATIA", "JNIM", "FAMa"} <= set(actor_options(result.events))
    for actor in ("GATIA", "JNIM"):  # the second and third actors are found by the actor filter
        assert "MLI93004" in set(apply_filters(result.events, FilterState(actors=(actor,)))["event_id"])


def test_convert_reports_every_dropped_row_writes_the_rest_and_exits_1(tmp_path):
    out = tmp_path / "out.csv"
    proc = run("convert", str(ACLED / "bad_rows.csv"), "-o", str(out), "--to", "acled")
    assert proc.returncode == 1
    err = proc.stderr
    for needle in ("row 3, column event_date, value '2021-13-45'", "row 4, column latitude", "look swapped",
                   "row 5, column event_type, value 'Coup attempt'", "row 6, column latitude, value 'north'",
                   "row 7", "outside Mali; kept", "6 rows read: 2 events kept, 4 rows dropped (4 errors); 1 warnings"):
        assert needle in err, (needle, err)
    assert [line.split(",")[0] for line in out.read_text().splitlines()[1:]] == ["MLI94001", "MLI94006"]
    again = run("convert", str(ACLED / "bad_rows.csv"), "-o", str(out), "--to", "acled", "--skip-invalid")
    assert again.returncode == 0 and "4 rows dropped" in again.stderr  # the report is printed either way


def test_export_exits_1_on_dropped_rows_unless_skip_invalid(tmp_path):
    out = tmp_path / "map.html"
    assert run("export", "-o", str(out), "--events", str(ACLED / "bad_rows.csv")).returncode == 1
    assert out.exists()
    assert run("export", "-o", str(out), "--events", str(ACLED / "bad_rows.csv"), "--skip-invalid").returncode == 0


def test_world_wide_ucdp_points_are_kept_and_only_impossible_or_foreign_swaps_dropped():
    result = load_events(FIX / "ucdp_world.csv")
    assert set(result.events["ucdp_where_description"] if "ucdp_where_description" in result.events
               else result.events["where_description"]) >= {"Luanda town", "Goma town", "Kisangani town"}
    assert len(result.events) == 5 and result.dropped == 2
    assert result.counts["outside_mali"] == 4
    text = "\n".join(map(str, result.problems))
    assert "row 6" in text and "look swapped" in text and "would be in Mali" in text
    assert "row 8" in text and "out of range" in text


def test_summaries_add_up_for_every_fixture():
    for path in [*ACLED.glob("*.csv"), FIX / "ucdp_world.csv", FIX / "payloads.csv"]:
        result = load_events(path)
        assert result.rows_read == len(result.events) + result.merged + result.dropped, path.name
        assert result.dropped == len({p.row for p in result.errors}), path.name


def test_acled_aggregated_weekly_files_are_refused_with_what_they_are():
    """ACLED's public aggregated product (counts per admin-1 and week; header as ACLED publishes it)."""
    import pytest

    from geo.events import EventsFileError, load_events

    text = ("WEEK,REGION,COUNTRY,ADMIN1,EVENT_TYPE,SUB_EVENT_TYPE,EVENTS,FATALITIES,POPULATION_EXPOSURE,DISORDER_TYPE,"
            "ID,CENTROID_LATITUDE,CENTROID_LONGITUDE\n"
            "2017-03-04,Western Africa,Mali,Gao,Battles,Armed clash,2,5,,Political violence,466,16.27,-0.04\n")
    with pytest.raises(EventsFileError, match="aggregated data .* not events"):
        load_events(text.encode())
