"""Real Chromium, network blocked: the export and the running dashboard show the map, offline, with no errors."""

from __future__ import annotations

import pytest
from conftest import PageWatch

from geo.events import load_events, on_map, to_csv_bytes
from geo.filters import FilterState, apply_filters, default_state
from geo.render.export import export_html

PAYLOADS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(2)>",
    "${globalThis.pwned=1}",
    "`",
    "</script>",
    "\"'><svg onload=alert(3)>",
    "مرحبا \u200f\u200b 👍 e\u0301",
]
COUNT_JS = "MaliMap.registry.events.getLayers().length"


def open_export(watched, tmp_path, page_html: str):
    path = tmp_path / "export.html"
    path.write_text(page_html, encoding="utf-8")
    watched.page.goto(path.as_uri())
    watched.page.wait_for_function("window.MaliMap && MaliMap.registry.events")
    return watched.page


def marker_position(page, index: int = 0) -> list[float]:
    """Viewport position of an event marker, once the map has stopped moving."""
    script = f"""() => {{ const l = MaliMap.registry.events.getLayers().at({index});
        const p = l._map.latLngToContainerPoint(l.getLatLng()); const r = l._map.getContainer().getBoundingClientRect();
        return [r.left + p.x, r.top + p.y]; }}"""
    previous = None
    for _ in range(40):
        current = page.evaluate(script)
        if current == previous:
            return current
        previous = current
        page.wait_for_timeout(100)
    return current


def test_export_shows_every_placed_event_offline(watched, tmp_path, events, regions, basemap):
    page = open_export(watched, tmp_path, export_html(events, regions, basemap, FilterState(), "events.csv"))
    assert page.evaluate(COUNT_JS) == int(on_map(events).sum()) == 32
    assert page.locator("#mm-count").inner_text() == "34 of 34 events"
    assert page.locator(".leaflet-overlay-pane canvas").count() >= 1
    assert watched.errors == [] and watched.external == []


def test_clicking_a_marker_opens_a_popup_with_safe_source_links(watched, tmp_path, events, regions, basemap):
    state = FilterState(regions=("Kidal",), categories=("interim_authority",))
    shown = apply_filters(events, state)
    page = open_export(watched, tmp_path, export_html(events, regions, basemap, state, "events.csv"))
    assert page.evaluate(COUNT_JS) == int(on_map(shown).sum()) == 2
    page.mouse.click(*marker_position(page))
    popup = page.locator(".leaflet-popup-content")
    popup.wait_for()
    assert "Kidal" in popup.inner_text()
    link = popup.locator("a").first
    assert link.get_attribute("rel") == "noopener noreferrer"
    assert link.get_attribute("href").startswith("https://")


def test_payloads_stay_inert_text_in_popups_and_panel(watched, tmp_path, events, regions, basemap):
    rows = events[on_map(events)].head(len(PAYLOADS)).copy()
    rows["notes"] = PAYLOADS
    rows["location"] = PAYLOADS
    rows["source_urls"] = "javascript:alert(4) data:text/html,<script>alert(5)</script> https://example.org/ok"
    rows.loc[rows.index[1], "notes"] = "long " * 200_000  # a 1 MB note
    rows.loc[rows.index[0], ["latitude", "longitude"]] = None  # listed in the panel as not on the map
    hostile = load_events(to_csv_bytes(rows)).events
    page = open_export(watched, tmp_path, export_html(hostile, regions, basemap, FilterState(), "x.csv"))
    texts = page.evaluate("""() => MaliMap.registry.events.getLayers().map(l => {
        l.openPopup(); const box = l.getPopup().getElement().querySelector('.mm-event');
        const t = box.innerText, hrefs = [...box.querySelectorAll('a')].map(a => a.href);
        l.closePopup(); return [t, hrefs]; })""")
    assert page.evaluate("typeof globalThis.pwned") == "undefined"
    assert watched.dialogs == [] and watched.errors == []
    joined = "\n".join(t for t, _ in texts)
    for payload in PAYLOADS[2:]:
        assert payload.strip() in joined
    assert all(hrefs == ["https://example.org/ok"] for _, hrefs in texts)
    assert "javascript:alert(4) (not a web link)" in joined
    assert PAYLOADS[0] in page.locator("#mm-panel").inner_text()
    assert watched.external == []


def close_popups(frame) -> None:
    """Close the map's popup and wait until its fade-out is over (a fading popup still takes clicks)."""
    frame.evaluate("void MaliMap.registry.events._map.closePopup()")
    frame.wait_for_function("document.querySelectorAll('.leaflet-popup').length === 0")


def open_dashboard(browser, url: str) -> PageWatch:
    """A new browser session on the running dashboard, network blocked, once its map has rendered."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    watch = PageWatch(context.new_page())
    watch.context = context
    watch.page.goto(url)
    map_frame(watch.page)
    return watch


@pytest.fixture(scope="module")
def dashboard_page(browser, dashboard_url):
    watch = open_dashboard(browser, dashboard_url)
    yield watch
    watch.context.close()


@pytest.fixture
def fresh_dashboard(browser, dashboard_url):
    watch = open_dashboard(browser, dashboard_url)
    yield watch
    watch.context.close()


def map_frame(page):
    for _ in range(120):
        for frame in page.frames:
            if "st_folium" in frame.url:
                try:
                    if frame.evaluate("!!(window.MaliMap && MaliMap.registry.events)"):
                        return frame
                except Exception:  # frame still loading
                    pass
        page.wait_for_timeout(500)
    raise AssertionError("the dashboard map never rendered")


def map_with_count(page, expected: int):
    """The map frame once it shows ``expected`` events and has stopped being replaced (uploads re-create it)."""
    stable = 0
    for _ in range(120):
        try:
            frame = map_frame(page)
            stable = stable + 1 if frame.evaluate(COUNT_JS) == expected else 0
        except Exception:  # the iframe was replaced while we looked
            stable = 0
        if stable >= 3:
            return frame
        page.wait_for_timeout(300)
    raise AssertionError(f"the map never settled on {expected} events")


def test_dashboard_renders_the_map_offline_with_the_filtered_events(dashboard_page, events):
    frame = map_frame(dashboard_page.page)
    expected = int(on_map(apply_filters(events, default_state(events))).sum())
    assert frame.evaluate(COUNT_JS) == expected == 15
    assert frame.locator(".mm-legend").count() == 1
    assert dashboard_page.page.get_by_text("16 of 34 events").count() == 1
    assert dashboard_page.errors == []
    assert dashboard_page.external == []


def test_region_popup_explains_status_and_pre_2016_frame(watched, tmp_path, events, regions, basemap):
    state = default_state(events)
    page = open_export(watched, tmp_path, export_html(events, regions, basemap, state, "events.csv"))
    point = page.evaluate("""() => { const m = MaliMap.registry.events._map;
        const p = m.latLngToContainerPoint([20.5, -3.5]); const r = m.getContainer().getBoundingClientRect();
        return [r.left + p.x, r.top + p.y]; }""")
    page.mouse.click(*point)
    text = page.locator(".leaflet-popup-content").inner_text()
    assert "Tombouctou: blocked on 2017-03-06" in text
    assert "Taoudénit" in text and "cannot draw" in text


def test_clicking_a_dashboard_marker_shows_its_details(dashboard_page):
    page = dashboard_page.page
    frame = map_frame(page)
    box = frame.frame_element().bounding_box()
    x, y = marker_position(frame, -1)  # drawn last: an interim-authority event
    event_id = frame.evaluate("MaliMap.registry.events.getLayers().slice(-1)[0].feature.properties.event_id")
    page.mouse.click(box["x"] + x, box["y"] + y)
    page.get_by_text(event_id).first.wait_for(timeout=20000)
    assert page.get_by_text("Source 1: https").count() >= 1


PAYLOAD_FILE = __import__("pathlib").Path(__file__).parent / "fixtures" / "payloads.csv"


def test_dashboard_upload_of_payloads_stays_inert(fresh_dashboard):
    watch = fresh_dashboard
    page = watch.page
    page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(str(PAYLOAD_FILE))
    page.get_by_text("of 46 events").wait_for(timeout=30000)  # combined with the bundled events by default
    page.get_by_text("Include the stored events").click()
    page.get_by_text("12 of 12 events").wait_for(timeout=30000)
    frame = map_with_count(page, 12)
    texts = frame.evaluate("""() => MaliMap.registry.events.getLayers().map(l => {
        l.openPopup(); const box = l.getPopup().getElement().querySelector('.mm-event');
        const t = box.innerText, hrefs = [...box.querySelectorAll('a')].map(a => a.href);
        l.closePopup(); return [t, hrefs]; })""")
    joined = "\n".join(t for t, _ in texts)
    tooltips = frame.evaluate("""() => MaliMap.registry.events.getLayers().map(l => {
        l.openTooltip(); const t = l.getTooltip().getElement().innerText; l.closeTooltip(); return t; })""")
    for needle in ["<script>alert(1)</script>", "<img src=x onerror=alert(2)>", "${globalThis.pwned=1}",
                   "</script><script>globalThis.pwned=5</script>", "\"'><svg onload=alert(6)>",
                   "{{ this.js }} {% raw %} _map_deadbeef", "nulbyte", "👍🏽", "e\u0301"]:
        assert needle in joined, needle
        assert any(needle in t for t in tooltips), needle
    assert all(len(hrefs) == 1 and hrefs[0].startswith("https://example.org/P") for _, hrefs in texts)
    # click one marker: the details panel shows the payload as text, and only the https source as a link
    box = frame.frame_element().bounding_box()
    x, y = marker_position(frame, 1)
    page.mouse.click(box["x"] + x, box["y"] + y)
    page.locator('[data-testid="stTable"]').first.wait_for(timeout=20000)
    table = page.locator('[data-testid="stTable"]').first.inner_text()
    notes = frame.evaluate("MaliMap.registry.events.getLayers().at(1).feature.properties.notes")
    assert "<" in notes and notes in table
    assert page.locator('a[href^="javascript:"]').count() == 0
    # Markdown, HTML and LaTeX in file text: clicked with the real mouse, the details show it as typed
    close_popups(frame)
    for event_id in ("P10", "P11", "P12"):
        index = frame.evaluate(f"""MaliMap.registry.events.getLayers()
            .findIndex(l => l.feature.properties.event_id === "{event_id}")""")
        box = frame.frame_element().bounding_box()
        x, y = marker_position(frame, index)
        page.mouse.click(box["x"] + x, box["y"] + y)
        page.get_by_text(f"{event_id}: Protests").wait_for(timeout=20000)
        table = page.locator('[data-testid="stTable"]').first.inner_text().replace("\u2060", "")  # see geo.markup
        literal = frame.evaluate(f"MaliMap.registry.events.getLayers().at({index}).feature.properties.notes")
        assert literal.split(" <")[0] in table, (literal, table)
        assert page.locator('[data-testid="stTable"] a, [data-testid="stTable"] img').count() == 0, \
            page.locator('[data-testid="stTable"]').first.inner_html()
        assert page.locator('[data-testid="stTable"] .katex, [data-testid="stTable"] strong').count() == 0
        close_popups(frame)
    for scope in (page, frame):
        assert scope.locator('a[href*="evil.example"], img[src*="198.51.100.7"]').count() == 0
    for scope in (page, frame):
        assert scope.evaluate("typeof globalThis.pwned") == "undefined"
    assert watch.dialogs == [] and watch.errors == []
    assert watch.external == []
    problems = page.get_by_text("12 rows read: 12 events kept").count()
    assert problems >= 1  # the upload's validation report (warnings for the javascript:/data: links)


def test_cli_export_of_the_payload_file_with_a_hostile_title(watched, tmp_path):
    from geo.cli import main

    out = tmp_path / "payloads.html"
    title = "<script>alert(9)</script> ${globalThis.pwned=9}"
    assert main(["export", "-o", str(out), "--events", str(PAYLOAD_FILE), "--title", title]) == 0
    page = watched.page
    page.goto(out.as_uri())
    page.wait_for_function("window.MaliMap && MaliMap.registry.events")
    assert page.evaluate(COUNT_JS) == 12
    for layer in range(12):
        page.evaluate(f"void MaliMap.registry.events.getLayers()[{layer}].openPopup()")
    tooltips = page.evaluate("""() => MaliMap.registry.events.getLayers().map(l => {
        l.openTooltip(); const t = l.getTooltip().getElement().innerText; l.closeTooltip(); return t; })""")
    assert any("<img src=x onerror=alert(2)>" in t for t in tooltips)
    assert page.title() == title
    assert page.locator("#mm-panel h1").inner_text() == title
    assert page.evaluate("typeof globalThis.pwned") == "undefined"
    assert watched.dialogs == [] and watched.errors == []
    assert watched.external == []


def test_dashboard_shows_hostile_file_names_and_headers_literally(fresh_dashboard):
    watch = fresh_dashboard
    page = watch.page
    name = "![x](http://198.51.100.7/pixel.png)[click](javascript:alert(1))$x^2$:red[hi]<b>.csv"
    header = b"<img src=x onerror=alert(2)>,[a](javascript:alert(3)),![i](http://198.51.100.7/i.png)\n1,2,3\n"
    page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(
        files=[{"name": name, "mimeType": "text/csv", "buffer": header}])
    alert = page.locator('[data-testid="stAlert"]').first
    alert.wait_for(timeout=30000)
    text = alert.inner_text()
    assert "cannot be used: missing required column" in text
    assert "<img src=x onerror=alert(2)>" in text and "[click](javascript:alert(1))" in text
    assert page.locator('a[href^="javascript:"]').count() == 0
    assert page.locator('[data-testid="stAlert"] img').count() == 0
    assert watch.dialogs == [] and watch.errors == [] and watch.external == []


def test_filter_change_swaps_layers_without_recreating_the_map(fresh_dashboard, events):
    from dataclasses import replace

    page = fresh_dashboard.page
    frame = map_frame(page)
    frame.evaluate("void (window.__sameMap = MaliMap.registry.events._map)")
    page.get_by_text("Include context events").click()
    wider = apply_filters(events, replace(default_state(events), include_context=True))
    page.get_by_text(f"{len(wider)} of 34 events").wait_for(timeout=30000)
    frame = map_with_count(page, int(on_map(wider).sum()))
    assert frame.evaluate("window.__sameMap === MaliMap.registry.events._map")  # same Leaflet map, new layers
    assert frame.locator(".mm-legend").count() == 1  # the old legend went with the old layers
    assert fresh_dashboard.errors == [] and fresh_dashboard.external == []


def test_embedded_columns_decode_in_the_browser_to_exactly_the_input_rows(watched, tmp_path, regions, basemap):
    """Every column of every row, as the page decodes it (gzip block: 3,000 synthetic ACLED rows + payloads)."""
    import math
    import sys
    from pathlib import Path

    import pandas as pd

    from geo.render.features import map_table

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
    from synthetic import generate, write

    path = tmp_path / "acled.csv"
    write(generate(3000, seed=5), path, fmt="acled")
    synthetic = load_events(path).events
    hostile = load_events(PAYLOAD_FILE).events
    events = pd.concat([synthetic, hostile], ignore_index=True)
    html_text = export_html(events, regions, basemap, FilterState(), "acled.csv")
    assert 'data-encoding="gzip+base64"' in html_text
    page = open_export(watched, tmp_path, html_text)
    rows = page.evaluate("MaliMap.registry.table.toRows()")
    expected = map_table(events)
    assert len(rows) == len(expected) == 3012
    assert list(rows[0]) == list(expected.columns)
    for name in expected.columns:
        col = expected[name]
        if pd.api.types.is_datetime64_any_dtype(col.dtype):
            want = [None if pd.isna(v) else v.strftime("%Y-%m-%d") for v in col]
        elif pd.api.types.is_numeric_dtype(col.dtype):
            want = [None if pd.isna(v) else float(v) for v in col]
        else:
            want = [None if pd.isna(v) else str(v) for v in col]
        got = [r[name] for r in rows]
        if want and isinstance(next((w for w in want if w is not None), ""), float):
            got = [None if g is None else float(g) for g in got]
            pairs = zip(got, want, strict=True)
            assert all((a is None and b is None) or (a == b and not math.isnan(a)) for a, b in pairs), name
        else:
            assert got == want, name
    assert watched.errors == []


def test_an_upload_kept_in_the_store_is_on_the_map_after_a_restart(browser, tmp_path):
    """Keep an upload, stop the server, start a new one on the same store: the events are still there."""
    from conftest import running_dashboard

    store = tmp_path / "team.gpkg"
    with running_dashboard(store) as url:
        watch = open_dashboard(browser, url)
        page = watch.page
        page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(str(PAYLOAD_FILE))
        page.get_by_text("of 46 events").wait_for(timeout=30000)
        page.get_by_text("Keep payloads.csv in the event store").click()
        page.get_by_text("kept in the event store: 12 new").first.wait_for(timeout=30000)
        watch.context.close()
    with running_dashboard(store) as url:  # a restart: new server process, new browser session, no upload
        watch = open_dashboard(browser, url)
        watch.page.get_by_text("of 46 events").wait_for(timeout=30000)
        assert watch.page.get_by_text("Event store: 46 events").count() == 1
        frame = map_frame(watch.page)
        assert frame.evaluate(COUNT_JS) > 15  # the kept events are drawn with the bundled ones
        assert watch.errors == [] and watch.external == []
        watch.context.close()
