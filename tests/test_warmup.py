"""The dashboard's server warms up when it starts (dashboard/warmup.py): the first reader gets what it computed."""

from __future__ import annotations

import re
import sys
import time
import urllib.request
from pathlib import Path

from conftest import running_dashboard
from streamlit.testing.v1 import AppTest

APP = "../app.py"


def _count(at: AppTest) -> tuple[int, int]:
    for md in at.markdown:
        if match := re.match(r"\*\*(\d+) of (\d+) events\*\*", md.value):
            return int(match[1]), int(match[2])
    raise AssertionError("no 'N of M events' line")


def test_the_first_reader_gets_the_table_the_warm_up_read(monkeypatch):
    from dashboard import warmup
    from geo.store.core import Store

    reads = []
    current = Store.current
    monkeypatch.setattr(Store, "current", lambda self: reads.append(self.location) or current(self))
    monkeypatch.setattr(sys, "argv", ["app.py"])
    assert warmup.warm_up(wait=False) > 0
    assert len(reads) == 1  # the new store seeded from data/events.csv, then read once
    at = AppTest.from_file(APP, default_timeout=60).run()
    assert not at.exception
    assert _count(at) == (16, 34)
    assert len(reads) == 1  # the reader's first run read nothing again


def _wait_for(log: Path, text: str, seconds: float = 60) -> str:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        content = log.read_text(encoding="utf-8", errors="replace")
        if text in content:
            return content
        time.sleep(0.2)
    raise AssertionError(f"{text!r} never logged:\n{log.read_text(encoding='utf-8', errors='replace')}")


def test_the_server_warms_up_before_anyone_opens_the_page(tmp_path):
    log = tmp_path / "server.log"
    with running_dashboard(tmp_path / "store.gpkg", log=log):
        content = _wait_for(log, "Dashboard warmed up in")
    assert "Traceback" not in content
    assert (tmp_path / "store.gpkg").exists()  # created and seeded with no reader yet


def test_a_missing_events_file_is_said_on_the_page_and_the_store_is_still_shown(tmp_path, monkeypatch):
    log = tmp_path / "server.log"
    missing = tmp_path / "no such [events](x.test).csv"
    with running_dashboard(tmp_path / "store.gpkg", "--events", str(missing), log=log):
        content = _wait_for(log, "Dashboard warmed up in")
    assert "Traceback" not in content
    monkeypatch.setattr(sys, "argv", ["app.py", "--events", str(missing)])
    at = AppTest.from_file(APP, default_timeout=60).run()
    assert not at.exception
    warning = next(w.value for w in at.warning if "no such events file" in w.value)
    assert "\\[events\\]" in warning  # shown as typed, not as a link


def test_a_warm_up_that_fails_says_why_in_one_line_and_the_page_says_it_too(tmp_path, monkeypatch):
    log = tmp_path / "server.log"
    bad = tmp_path / "regions.geojson"
    bad.write_text("not a boundary file", encoding="utf-8")
    with running_dashboard(tmp_path / "store.gpkg", "--boundaries", str(bad), log=log) as url:
        content = _wait_for(log, "Warm-up stopped")
        with urllib.request.urlopen(url, timeout=10) as resp:
            assert resp.status == 200
    line = next(ln for ln in content.splitlines() if "Warm-up stopped" in ln)
    assert "regions.geojson" in line and "Traceback" not in content
    monkeypatch.setattr(sys, "argv", ["app.py", "--boundaries", str(bad)])
    at = AppTest.from_file(APP, default_timeout=60).run()
    assert not at.exception
    assert any("cannot read boundary file" in e.value and "regions.geojson" in e.value.replace("\\", "")
               for e in at.error)  # Markdown-escaped on the page


def test_a_served_block_removed_by_another_server_is_written_again(events):
    from dashboard.sources import EVENTS_DIR, served_events

    url, positions = served_events(events, "test-block")
    path = EVENTS_DIR / url.rsplit("/", 1)[1]
    path.unlink()  # what write_block's pruning does in another server sharing static/events/
    again, positions_again = served_events(events, "test-block")
    assert again == url and path.exists()
    assert positions_again.equals(positions)


def test_the_server_warms_up_on_a_postgis_store_and_the_page_then_shows_its_events(pg_server, browser, tmp_path):
    from conftest import new_database
    from test_browser import map_frame

    log = tmp_path / "server.log"
    with running_dashboard(new_database(pg_server), log=log) as url:
        content = _wait_for(log, "Dashboard warmed up in")
        context = browser.new_context()
        page = context.new_page()
        page.goto(url)
        map_frame(page)
        page.get_by_text("16 of 34 events").first.wait_for(timeout=30000)
        context.close()
    assert "Traceback" not in content
