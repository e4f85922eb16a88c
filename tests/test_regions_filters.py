import json
from datetime import date

import pytest

from geo.filters import FilterState, actor_options, apply_filters, default_state, from_query, to_query
from geo.regions import BoundaryError, interim_status, load_regions, polygon_status


def statuses(events, day):
    return {r: s.status for r, s in interim_status(events, day).items()}


def test_interim_authority_status_follows_the_timeline(events):
    assert statuses(events, "2017-02-17") == dict.fromkeys(
        ["Tombouctou", "Taoudénit", "Gao", "Ménaka", "Kidal"], "none"
    )
    assert statuses(events, "2017-02-20")["Kidal"] == "blocked"
    on_8_march = statuses(events, "2017-03-08")
    assert on_8_march == {
        "Kidal": "installed",
        "Gao": "installed",
        "Ménaka": "installed",
        "Tombouctou": "blocked",
        "Taoudénit": "blocked",
    }
    assert set(statuses(events, "2017-04-20").values()) == {"installed"}


def test_pre_2016_polygon_carries_its_2016_sub_regions_and_says_so(events):
    from geo import DATA_DIR

    regions = load_regions(DATA_DIR / "boundaries" / "mali_admin1.geojson")  # Natural Earth, pre-2016
    assert regions.attrs["frame"] == "pre-2016"
    table = polygon_status(regions, interim_status(events, "2017-03-01")).set_index(regions["region"])
    assert table.loc["Kidal", "status"] == "installed"
    assert table.loc["Gao", "status"] == "none"  # Gao and Ménaka installed on 2 March
    assert any("Ménaka" in line and "cannot draw" in line for line in table.loc["Gao", "notes"])
    assert any("Taoudénit" in line for line in table.loc["Tombouctou", "notes"])
    assert table.loc["Kayes", "status"] == "n/a"


def test_bundled_ocha_outlines_draw_menaka_as_its_own_region(events, regions):
    table = polygon_status(regions, interim_status(events, "2017-03-01")).set_index(regions["region"])
    assert table.loc["Ménaka", "status"] == "none" and len(table.loc["Ménaka", "notes"]) == 1
    on_8_march = polygon_status(regions, interim_status(events, "2017-03-08")).set_index(regions["region"])
    assert on_8_march.loc["Ménaka", "status"] == "installed" and on_8_march.loc["Gao", "status"] == "installed"
    assert on_8_march.loc["Tombouctou", "members"] == ["Tombouctou", "Taoudénit"]
    assert any("Taoudénit" in line and "cannot draw" in line for line in on_8_march.loc["Tombouctou", "notes"])
    for cercle in ("Ansongo", "Bourem"):  # cercles of Gao carry Gao's status, not "not part of the process"
        assert on_8_march.loc["Gao", "status"] == "installed", cercle


def test_user_boundary_file_in_the_2016_frame(tmp_path, events):
    square = lambda x, y: {"type": "Polygon", "coordinates": [[[x, y], [x + 1, y], [x + 1, y + 1], [x, y + 1], [x, y]]]}  # noqa: E731
    features = [
        {"type": "Feature", "properties": {"ADM1_FR": name, "ADM1_PCODE": code}, "geometry": square(i, 15)}
        for i, (name, code) in enumerate(
            [("Gao", "ML07"), ("Ménaka", "ML09"), ("Tombouctou", "ML06"), ("Taoudénit", "ML10")]
        )
    ]
    path = tmp_path / "cod.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": features}), encoding="utf-8")
    regions = load_regions(path, "ADM1_FR")
    assert regions.attrs["frame"] == "2016"
    table = polygon_status(regions, interim_status(events, "2017-03-08")).set_index(regions["region"])
    assert table.loc["Ménaka", "status"] == "installed"
    assert table.loc["Tombouctou", "status"] == "blocked" and len(table.loc["Tombouctou", "notes"]) == 1
    with pytest.raises(BoundaryError, match="fields present: ADM1_FR, ADM1_PCODE"):
        load_regions(path, "NAME_1")


def test_default_view_is_the_article_span_without_context(events):
    state = default_state(events)
    assert (state.start, state.end, state.include_context) == (date(2017, 1, 18), date(2017, 3, 10), False)
    shown = apply_filters(events, state)
    assert len(shown) == 16
    assert not (shown["in_article"] == "context").any()


def test_date_filter_keeps_events_whose_range_overlaps(events):
    shown = apply_filters(events, FilterState(start=date(2017, 3, 1), end=date(2017, 3, 1)))
    assert "WPR2017-E21" in set(shown["event_id"])  # assembly occupied 27 Feb - 1 Mar
    assert "WPR2017-E23" not in set(shown["event_id"])


def test_actor_filter_matches_either_side_or_associated_actor(events):
    shown = apply_filters(events, FilterState(actors=("MSA",)))
    assert list(shown["event_id"]) == ["WPR2017-E24"]  # MSA only appears as associated actor
    fama = apply_filters(events, FilterState(actors=("FAMa",)))
    assert (fama["actor2"] == "FAMa").any() and (fama["assoc_actor_1"].str.contains("FAMa")).any()
    both = apply_filters(events, FilterState(actors=("MSA", "CMFPR-II")))
    assert len(both) == len(shown) + len(apply_filters(events, FilterState(actors=("CMFPR-II",))))


def test_groups_combine_with_and(events):
    shown = apply_filters(events, FilterState(categories=("interim_authority",), regions=("Kidal",)))
    assert set(shown["event_id"]) == {"WPR2017-E17", "WPR2017-E22"}


def test_query_string_round_trip_and_garbage_is_ignored(events):
    state = FilterState(
        start=date(2017, 2, 1),
        end=date(2017, 3, 31),
        actors=("CJA", "CMA"),
        categories=("disruption",),
        regions=("Tombouctou",),
        include_context=True,
    )
    assert from_query(to_query(state), events) == state
    junk = from_query({"from": "yesterday", "actor": ["<script>", "CJA"], "context": "1"}, events)
    assert junk.start == default_state(events).start and junk.actors == ("CJA",)


def test_actor_options_are_canonical_names(events):
    options = actor_options(events)
    assert {"CJA", "CMA", "Plateforme", "JNIM", "MINUSMA", "FAMa"} <= set(options)
    assert "" not in options


def test_vague_dates_cover_their_week_or_month(events):
    vague = events.head(2).copy()
    vague["time_precision"] = [2, 3]  # 2012-03-30 within a week; 2012-03-31 within a month
    early = apply_filters(vague, FilterState(start=date(2012, 3, 1), end=date(2012, 3, 2)))
    assert list(early["event_id"]) == ["WPR2017-E02"]  # the month-precise event covers all of March
    after = apply_filters(vague, FilterState(start=date(2012, 4, 2), end=date(2012, 4, 2)))
    assert list(after["event_id"]) == ["WPR2017-E01"]  # 30 March + 3 days reaches 2 April


def test_per_object_cache_recomputes_for_another_table_even_with_equal_content():
    import pandas as pd

    from geo.cache import by_identity

    calls = []

    @by_identity(size=2)
    def count_rows(frame: pd.DataFrame) -> int:
        calls.append(1)
        return len(frame)

    a = pd.DataFrame({"x": [1, 2]})
    assert count_rows(a) == count_rows(a) == 2 and len(calls) == 1
    b = a.copy()
    assert count_rows(b) == 2 and len(calls) == 2  # another object: computed again
    count_rows(pd.DataFrame()), count_rows(pd.DataFrame())
    assert count_rows(a) == 2 and len(calls) == 5  # evicted after two newer entries


def test_associated_actors_split_on_semicolons_and_missing_cells_name_no_actor(events):
    import pandas as pd

    rows = events.head(3).copy()
    rows["assoc_actor_1"] = pd.Series(["GATIA; MSA", None, "MSA;;HCUA"], index=rows.index, dtype="str")
    options = actor_options(rows)
    assert {"GATIA", "MSA", "HCUA"} <= set(options)
    assert not {"nan", "None", "<NA>", ""} & set(options)
    picked = apply_filters(rows, FilterState(actors=("HCUA",), include_context=True))
    assert picked["event_id"].tolist() == [rows["event_id"].iloc[2]]
