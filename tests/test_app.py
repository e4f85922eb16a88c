"""The dashboard's widgets and flow, headless (streamlit.testing): each filter changes counts and table."""

from __future__ import annotations

import re
from datetime import date

import pytest
from streamlit.testing.v1 import AppTest

APP = "../app.py"
ROOT = __import__("pathlib").Path(__file__).resolve().parent.parent


def count(at: AppTest) -> tuple[int, int]:
    for md in at.markdown:
        match = re.match(r"\*\*(\d+) of (\d+) events\*\*", md.value)
        if match:
            return int(match[1]), int(match[2])
    raise AssertionError("no 'N of M events' line")


def table_rows(at: AppTest) -> int:
    return len(at.dataframe[0].value)


@pytest.fixture
def app() -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60).run()
    assert not at.exception
    return at


def test_default_view_is_the_article_span(app):
    assert count(app) == (16, 34)
    assert table_rows(app) == 16
    assert app.date_input[0].value == (date(2017, 1, 18), date(2017, 3, 10))
    assert app.query_params["from"] == "2017-01-18" and app.query_params["context"] == "0"


def test_context_toggle_widens_the_view(app):
    app.toggle(key="f_context").set_value(True).run()
    assert count(app)[0] > 16
    assert table_rows(app) == count(app)[0]


def test_actor_filter(app):
    app.multiselect(key="f_actors").set_value(["CJA"]).run()
    assert count(app) == (6, 34)  # roadblocks, ceremony blocked twice, march, checkpoints, planned protests
    assert table_rows(app) == 6
    assert app.query_params["actor"] == "CJA"


def test_category_and_region_filters(app):
    app.multiselect(key="f_categories").set_value(["interim_authority"]).run()
    assert count(app)[0] == 6
    app.multiselect(key="f_regions").set_value(["Gao"]).run()
    assert count(app)[0] == 1
    assert table_rows(app) == 1


def test_cercle_and_place_filters_and_the_cercle_map(app):
    app.toggle(key="f_context").set_value(True).run()
    app.multiselect(key="f_cercles").set_value(["Gao"]).run()
    gao = count(app)[0]
    assert gao > 0 and set(app.dataframe[0].value["admin2"]) == {"Gao"}
    app.multiselect(key="f_cercles").set_value([]).run()
    app.multiselect(key="f_locations").set_value(["Kidal"]).run()
    assert set(app.dataframe[0].value["location"]) == {"Kidal"}
    app.radio(key="map_mode_points").set_value("cercles").run()
    assert not app.exception


def test_a_shared_link_with_names_typed_by_hand():
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params.update({"region": "menaka", "context": "1", "from": "2012-01-01", "to": "2017-12-31"})
    at.run()
    assert at.multiselect(key="f_regions").value == ["Ménaka"]
    assert set(at.dataframe[0].value["admin1"]) == {"Ménaka"}


def test_event_type_filter(app):
    app.multiselect(key="f_types").set_value(["Protests"]).run()
    assert count(app)[0] == 2


def test_date_filter(app):
    app.date_input[0].set_value((date(2017, 3, 2), date(2017, 3, 2))).run()
    assert count(app)[0] == 3  # Gao and Ménaka installations, JNIM video
    assert app.query_params["to"] == "2017-03-02"


def test_url_query_string_restores_a_shared_view():
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params.update({"from": "2017-01-01", "to": "2017-12-31", "actor": "CJA", "context": "1"})
    at.run()
    assert not at.exception
    assert count(at) == (8, 34)  # CJA events of 2017, follow-ups included; "to" clamped to the data
    assert at.multiselect(key="f_actors").value == ["CJA"]


def test_not_on_the_map_list_shows_the_jnim_video(app):
    assert any(sub.value.startswith("Not on the map (1)") for sub in app.subheader)
    assert "WPR2017-E25" in list(app.dataframe[1].value["event_id"])


def test_explorer_with_playback_can_be_shown_in_the_dashboard(app):
    assert len(app.get("iframe")) == 0
    app.toggle(key="show_explorer").set_value(True).run()
    assert not app.exception
    frames = app.get("iframe")
    assert len(frames) == 1
    page = frames[0].proto.srcdoc
    assert 'id="events-data"' in page and "MaliMap.explorer" in page
    assert "initial filters: dates 2017-01-18 to 2017-03-10; context events hidden" in page


ARTICLE = ("Lundi, des hommes armés du CJA ont pris le contrôle des postes autour de Tombouctou. "
           "Une marche doit se tenir vendredi. <img src=x onerror=alert(1)> [lien](javascript:alert(2))")


def test_add_an_article_page_reviews_and_adds_events_to_the_map(app):
    app.sidebar.radio(key="page").set_value("Add an article").run()
    app.text_area(key="art_text").input(ARTICLE).run()
    assert not app.exception
    highlighted = next(m.value for m in app.markdown if "Lundi" in m.value)
    assert ":orange-background[Lundi]" in highlighted and ":blue-background[Tombouctou]" in highlighted
    assert r"\<img src=x onerror=alert\(1\)\>" in highlighted and r"\[lien\]\(javascript\:alert\(2\)\)" in highlighted
    candidates = app.dataframe(key="art_editor").value
    assert list(candidates["event_date"]) == ["2017-03-06", "2017-03-10"]  # Monday, and Friday (planned)
    assert list(candidates["sub_event_type"])[1] == "Planned"
    app.button[0].click().run()
    assert "Added 2 events" in app.success[0].value
    app.sidebar.radio(key="page").set_value("Map").run()
    assert count(app) == (18, 36)  # both fall in the default dates: 16 bundled + 2 added
    assert app.query_params["from"] == "2017-01-18"


def test_dashboard_on_a_5000_row_acled_file(tmp_path, monkeypatch):
    import sys as _sys

    _sys.path.insert(0, str(__import__("pathlib").Path(__file__).resolve().parent.parent / "benchmarks"))
    from synthetic import generate, write

    path = tmp_path / "acled5k.csv"
    write(generate(5000, seed=7), path, "acled")
    monkeypatch.setattr(_sys, "argv", ["app.py", "--events", str(path)])
    at = AppTest.from_file(APP, default_timeout=120).run()
    assert not at.exception
    shown, total = count(at)
    assert total == 5000 and 0 < shown <= 5000  # a new store is seeded from --events alone
    assert len(at.dataframe[0].value) == min(shown, 500)  # the table pages instead of sending every row
    at.multiselect(key="f_actors").set_value(["JNIM"]).run()
    jnim, _ = count(at)
    assert 0 < jnim < shown
    assert at.radio(key="map_mode_points").value == "points"
    at.radio(key="map_mode_points").set_value("regions").run()
    assert not at.exception


def test_tables_show_iso_days_and_empty_cells_empty(app):
    table = app.dataframe[0].value
    assert all(re.fullmatch(r"\d{4}-\d{2}-\d{2}", d) for d in table["event_date"])
    assert all(d == "" or re.fullmatch(r"\d{4}-\d{2}-\d{2}", d) for d in table["date_end"])
    for col in table.columns:
        assert not table[col].astype(str).isin(["None", "nan", "NaT", "<NA>"]).any(), col


def test_story_mode_steps_through_the_article_and_can_be_linked():
    from geo.events import load_events
    from geo.render.story import story_steps

    steps = story_steps(load_events(ROOT / "data" / "events.csv").events)
    at = AppTest.from_file(APP, default_timeout=60).run()
    at.radio(key="view").set_value("Story of the article").run()
    assert not at.exception
    texts = [m.value.replace("\\", "") for m in at.markdown]  # Markdown escapes (geo.markup) removed
    assert any(t.startswith(f"**Step 1 of {len(steps)} · 2017-01-18 · Gao") for t in texts)
    assert any(t.startswith(steps["summary"].iloc[0][:40]) for t in texts)
    at.button(key="story_next").click().run()
    at.button(key="story_next").click().run()
    assert any(t.startswith(f"**Step 3 of {len(steps)}") for t in (m.value for m in at.markdown))
    assert at.query_params["story"] in ("3", ["3"])
    third = steps.iloc[2]
    assert count(at)[0] == len(steps[steps["event_date"] <= third["event_date"]])  # the story so far
    linked = AppTest.from_file(APP, default_timeout=60)
    linked.query_params["story"] = "9"
    linked.run()
    assert any(m.value.startswith(f"**Step 9 of {len(steps)}") for m in linked.markdown)


def test_timeline_chart_is_tall_with_iso_labels_that_do_not_overlap(app):
    import json

    spec = json.loads(app.get("vega_lite_chart")[0].proto.spec)
    assert spec["height"] >= 200
    axis = spec["encoding"]["x"]["axis"]
    assert axis["format"].startswith("%Y-%m") and axis["labelOverlap"] == "greedy"
