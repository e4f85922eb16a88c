"""The dashboard on the event store: what a user keeps, edits, deletes or undoes is saved with a revision and
is still there after a restart."""

from __future__ import annotations

import os

import pytest
from conftest import new_database
from streamlit.testing.v1 import AppTest
from test_app import ARTICLE, count

from geo import DEFAULT_EVENTS
from geo.store import Change, open_store
from geo.store.edits import save_edits

APP = "../app.py"


def run_app() -> AppTest:
    at = AppTest.from_file(APP, default_timeout=90).run()
    assert not at.exception, at.exception
    return at


def editor_key(at: AppTest) -> str:
    return next(d.key for d in at.dataframe if d.key and d.key.startswith("table_editor"))


def test_a_table_edit_is_saved_as_a_revision_and_can_be_undone():
    at = run_app()
    key = editor_key(at)
    table = next(d.value for d in at.dataframe if d.key == key)
    first = table["event_id"].iloc[0]
    at.session_state[key] = {"edited_rows": {0: {"fatalities": 7, "actor1": "[x](javascript:alert(1))"}},
                             "added_rows": [], "deleted_rows": []}
    at.run()
    save = next(b for b in at.button if b.key == "save_edits")
    assert save.label == "Save edits to 1 event"
    save.click().run()
    assert not at.exception
    assert any("Saved edits: 0 new, 1 changed" in i.value.replace("\\", "") for i in at.info)
    store = open_store(os.environ["GEO_STORE"])
    history = store.history(first)
    assert [r.op for r in history] == ["create", "update"]
    assert history[1].changed == ["actor1", "fatalities"] and history[1].action == "edit"
    row = store.current().set_index("event_id").loc[first]
    assert row["fatalities"] == 7 and row["actor1"] == "[x](javascript:alert(1))"
    # a restart (new session, new run) shows the edit; the history sits beside the details, with undo
    at = run_app()
    at.session_state["clicked"] = first
    at.run()
    history_table = next(d.value for d in at.dataframe if "revision" in d.value.columns)
    assert list(history_table["revision"]) == [2, 1] and list(history_table["who"])[0]
    undo = next(b for b in at.button if b.key == "undo_event")
    assert undo.label == "Undo: back to revision 1"
    undo.click().run()
    restored = store.current().set_index("event_id").loc[first]
    assert (str(restored["fatalities"]), restored["actor1"]) == (history[0].data["fatalities"],
                                                                   history[0].data["actor1"])
    assert [r.op for r in store.history(first)] == ["create", "update", "revert"]


@pytest.mark.parametrize("backend", ["gpkg", "postgis"])
def test_delete_and_restore_from_the_dashboard_survive_a_restart(backend, request, monkeypatch):
    if backend == "postgis":  # the same dashboard on a team's PostGIS store
        monkeypatch.setenv("GEO_STORE", new_database(request.getfixturevalue("pg_server")))
    at = run_app()
    shown, total = count(at)
    target = next(d.value for d in at.dataframe if d.key == editor_key(at))["event_id"].iloc[1]
    at.session_state["clicked"] = target
    at.run()
    next(b for b in at.button if b.key == "delete_event").click().run()
    assert count(at)[1] == total - 1
    assert any(f"Deleted {target}" in i.value.replace("\\", "") for i in at.info)
    at = run_app()  # restart: still deleted, and listed for restoring
    assert count(at)[1] == total - 1
    assert at.selectbox(key="restore_pick").value == target
    next(b for b in at.button if b.key == "restore_event").click().run()
    assert count(at) == (shown, total)
    ops = [r.op for r in open_store(os.environ["GEO_STORE"]).history(target)]
    assert ops == ["create", "delete", "revert"]


def test_events_kept_from_an_article_are_in_the_store_after_a_restart():
    at = run_app()
    at.sidebar.radio(key="page").set_value("Add an article").run()
    at.sidebar.text_input(key="store_user").input("reviewer-7").run()
    at.text_area(key="art_text").input(ARTICLE).run()
    at.text_input(key="art_url").input("https://example.org/article-1").run()
    next(b for b in at.button if b.label == "Add kept events to the map").click().run()
    assert "Added 2 events to the event store (2 new" in at.success[0].value
    at = run_app()
    assert count(at) == (18, 36)
    store = open_store(os.environ["GEO_STORE"])
    changes = store.changes(1).iloc[0]
    assert (changes["action"], changes["user_name"], changes["url"], changes["created"]) == (
        "article", "reviewer-7", "https://example.org/article-1", 2)


def test_bad_edits_are_named_by_event_and_never_saved(tmp_path):
    store = open_store(tmp_path / "s.gpkg")
    events = store.current()
    report, problems = save_edits(store, events, {"WPR2017-E02": {"event_date": "31/31/2017"},
                                                  "WPR2017-E03": {"latitude": 16.27, "longitude": -0.04}},
                                  Change("edit", "me"))
    assert report.updated == 1
    assert len(problems) == 1 and problems[0][0] == "error"
    assert problems[0][1].startswith("event WPR2017-E02: event_date: is not a date")
    moved = store.current().set_index("event_id").loc["WPR2017-E03"]
    assert (moved["latitude"], moved["admin1"]) == (16.27, "Gao")  # the region follows the moved point
    assert [r.op for r in store.history("WPR2017-E02")] == ["create"]


def test_a_store_that_cannot_be_opened_is_explained_not_crashed(tmp_path, monkeypatch):
    bad = tmp_path / "[x](javascript:alert(1)).gpkg"
    bad.write_text("not a database", encoding="utf-8")
    monkeypatch.setenv("GEO_STORE", str(bad))
    at = AppTest.from_file(APP, default_timeout=90).run()
    assert not at.exception
    message = at.error[0].value
    assert "The event store cannot be opened" in message and "is not an event store" in message
    assert r"\[x\]\(javascript\:alert\(1\)\)" in message  # the path is shown as text, never as a link


def test_the_events_file_that_seeds_the_store_has_its_problems_shown(tmp_path, monkeypatch):
    import sys

    bad = tmp_path / "field.csv"
    bad.write_text(DEFAULT_EVENTS.read_text(encoding="utf-8").replace("2017-03-02", "2017-02-31", 1),
                   encoding="utf-8")
    monkeypatch.setattr(sys, "argv", ["app.py", "--events", str(bad)])
    at = run_app()
    labels = [e.label.replace("\\", "") for e in at.sidebar.expander]
    assert any(label.startswith("field.csv (imported into the store)") and "1 rows dropped" in label
               for label in labels), labels
    assert count(at)[1] == 33  # the valid rows are in the store


def test_the_explorer_and_html_download_follow_a_saved_edit():
    """The standalone page is cached per data version: after a saved edit it carries the new value."""
    from geo.render.export import read_events_block

    at = run_app()
    at.toggle(key="show_explorer").set_value(True).run()
    key = editor_key(at)
    first = next(d.value for d in at.dataframe if d.key == key)["event_id"].iloc[0]

    def embedded() -> str:
        page = at.get("iframe")[0].proto.srcdoc
        return read_events_block(page).set_index("event_id").loc[first, "actor1"]

    assert embedded() != "Edited actor"
    at.session_state[key] = {"edited_rows": {0: {"actor1": "Edited actor"}}, "added_rows": [], "deleted_rows": []}
    at.run()
    next(b for b in at.button if b.key == "save_edits").click().run()
    assert embedded() == "Edited actor"
