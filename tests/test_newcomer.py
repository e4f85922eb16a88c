"""What a newcomer tripped on (issue 12): each defect with the check that would have caught it."""

from __future__ import annotations

import re
from datetime import date

from test_browser import dashboard_page, fresh_dashboard, map_frame  # noqa: F401  (fixtures)
from test_explorer import explorer, set_date  # noqa: F401  (fixture)

from geo.cli import main
from geo.events import on_map
from geo.filters import apply_filters, default_state
from geo.render.mapmaker import legend_spec

LEGEND_JS = """() => { const box = document.querySelector('.mm-legend');
    const rows = [...box.querySelectorAll('.mm-legend-row span:last-child')].map(s => s.textContent)
      .filter(t => /\\(\\d+\\)$/.test(t)).map(t => Number(t.match(/\\((\\d+)\\)$/)[1]));
    return [Number(box.querySelector('summary').textContent.match(/\\((\\d+)\\)/)[1]), rows]; }"""


def test_export_legend_counts_add_up_to_the_points_on_the_map(explorer, events):  # noqa: F811
    page = explorer.page
    title, rows = page.evaluate(LEGEND_JS)
    placed = int(on_map(apply_filters(events, default_state(events))).sum())
    assert title == sum(rows) == placed == page.evaluate("MaliMap.registry.events.visibleCount()")


def test_stacked_events_show_as_one_counted_marker_and_are_all_listed(explorer, events):  # noqa: F811
    page = explorer.page
    stacks = page.evaluate("MaliMap.registry.events.stacks()")
    shown = apply_filters(events, default_state(events))
    placed = shown[on_map(shown)]
    expected = sorted(placed.groupby(["latitude", "longitude"]).size().loc[lambda s: s > 1].tolist())
    assert sorted(s["count"] for s in stacks) == expected and max(expected) >= 4  # Gao: four events, one point
    biggest = max(stacks, key=lambda s: s["count"])
    point = page.evaluate("""([lat, lon]) => { const m = MaliMap.registry.events._map;
        const p = m.latLngToContainerPoint([lat, lon]); const r = m.getContainer().getBoundingClientRect();
        return [r.left + p.x, r.top + p.y]; }""", [biggest["lat"], biggest["lon"]])
    page.mouse.click(*point)
    popup = page.locator(".leaflet-popup-content")
    popup.wait_for()
    assert popup.locator(".mm-event").count() == biggest["count"]
    assert popup.locator("details.mm-more").get_attribute("open") is not None


def test_installed_and_blocked_interim_authorities_look_different(explorer):  # noqa: F811
    page = explorer.page
    styles = page.evaluate("""() => [
        MaliMap.markerStyle({category: 'interim_authority', ia_status: 'installed'}),
        MaliMap.markerStyle({category: 'interim_authority', ia_status: 'blocked'})]""")
    assert styles[0]["fillColor"] != styles[1]["fillColor"] and styles[0]["shape"] != styles[1]["shape"]
    legend = page.locator(".mm-legend").inner_text()
    assert "Interim authority installed (" in legend and "Interim authority blocked or postponed" in legend


def test_export_dates_are_iso_and_bad_dates_are_refused(explorer):  # noqa: F811
    page = explorer.page
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", page.locator("#mm-from").input_value())
    before = page.locator("#mm-count").inner_text()
    set_date(page, "From", "03/01/2017")
    assert page.locator("#mm-from").get_attribute("aria-invalid") == "true"
    assert page.locator("#mm-count").inner_text() == before


def test_checkbox_counts_follow_the_view(explorer, events):  # noqa: F811
    page = explorer.page
    label = page.locator("#mm-filters label", has_text="Context: background").first.inner_text()
    state = default_state(events)
    assert label.strip().endswith("(0)")  # context events are hidden: none in view, not the whole file's 12
    set_date(page, "From", "2017-03-01")
    set_date(page, "To", "2017-03-01")
    counts = page.locator("#mm-filters label", has_text="Disruption").first.inner_text()
    shown = apply_filters(events, state.__class__(start=date(2017, 3, 1), end=date(2017, 3, 1),
                                                  include_context=False))
    assert counts.strip().endswith(f"({int((shown['category'] == 'disruption').sum())})")


def test_playback_has_speeds_and_steps(explorer):  # noqa: F811
    page = explorer.page
    assert page.locator("#mm-speed option").all_inner_texts() == ["0.5×", "1×", "2×", "4×", "8×"]
    assert page.locator("#mm-step-unit option").evaluate_all("o => o.map(x => x.value)") == ["day", "week", "month"]


def test_zoom_to_these_events(explorer):  # noqa: F811
    page = explorer.page
    page.get_by_label("Search place, actor, description").fill("Kidal")
    before = page.evaluate("MaliMap.registry.events._map.getZoom()")
    page.locator("#mm-zoom").click()
    inside = page.evaluate("""() => { const l = MaliMap.registry.events, b = l._map.getBounds();
        return l.getLayers().every(m => b.contains(m.getLatLng())); }""")
    assert inside and page.evaluate("MaliMap.registry.events._map.getZoom()") > before


def test_scale_bar_is_clear_of_the_panel(explorer):  # noqa: F811
    page = explorer.page
    panel = page.locator("#mm-panel").bounding_box()
    scale = page.locator(".leaflet-control-scale").bounding_box()
    assert scale["y"] >= panel["y"] + panel["height"] or scale["x"] + scale["width"] <= panel["x"]


def test_small_screens_fold_the_panel_and_show_the_map(watched, tmp_path, events, regions, basemap):
    from geo.render.export import export_html

    page = watched.page
    page.set_viewport_size({"width": 400, "height": 800})
    path = tmp_path / "small.html"
    path.write_text(export_html(events, regions, basemap, default_state(events), "events.csv"), encoding="utf-8")
    page.goto(path.as_uri())
    page.wait_for_function("() => window.MaliMap && MaliMap.registry.explorer")
    panel = page.locator("#mm-panel").bounding_box()
    assert panel["height"] < 60 and panel["width"] < 200  # one button, the map fills the screen
    assert "mm-collapsed" in page.locator("#mm-panel").get_attribute("class")
    on_screen = page.evaluate("""() => { const l = MaliMap.registry.events, b = l._map.getBounds();
        return l.getLayers().filter(m => b.contains(m.getLatLng())).length; }""")
    assert on_screen == page.evaluate("MaliMap.registry.events.visibleCount()") > 0
    page.locator("#mm-panel-toggle").click()
    assert page.locator("#mm-count").is_visible()


def test_counts_mode_legend_gives_the_numbers_of_each_colour(events):
    spec = legend_spec(events, "", None, mode="regions", top=12)
    labels = [s["label"] for s in spec["statuses"]]
    assert labels[0].startswith("0") and labels[-1].endswith("12 events") and all(re.search(r"\d", t) for t in labels)


def test_geocode_prints_the_whole_source(capsys):
    assert main(["geocode", "Tabankort", "--limit", "2"]) == 0
    out = capsys.readouterr().out
    assert "source: OpenStreetMap node 2142726918 (https://www.openstreetmap.org/node/2142726918)" in out


def test_dashboard_heatmap_draws_offline(fresh_dashboard):  # noqa: F811
    page = fresh_dashboard.page
    page.get_by_text("Heatmap").click()
    for _ in range(60):
        frame = next((f for f in page.frames if "st_folium" in f.url), None)
        if frame and frame.evaluate("document.querySelectorAll('canvas.leaflet-heatmap-layer').length") > 0:
            break
        page.wait_for_timeout(500)
    assert frame.evaluate("typeof L.heatLayer") == "function"
    assert frame.locator("canvas.leaflet-heatmap-layer").count() == 1
    assert fresh_dashboard.errors == [] and fresh_dashboard.external == []


def test_dashboard_prints_no_stray_none_and_its_legend_adds_up(dashboard_page, events):  # noqa: F811
    page = dashboard_page.page
    frame = map_frame(page)
    assert page.get_by_text("None", exact=True).count() == 0
    frame.locator(".mm-legend summary").click()
    title, rows = frame.evaluate(LEGEND_JS)
    assert title == sum(rows) == int(on_map(apply_filters(events, default_state(events))).sum()) == 15


def test_the_story_steps_through_the_article_in_date_order(explorer, events):  # noqa: F811
    from geo.render.story import story_steps

    page = explorer.page
    steps = story_steps(events)
    assert page.evaluate("MaliMap.registry.explorer.story()") == steps["event_id"].tolist()
    page.locator("#mm-story-start").click()
    card = page.locator("#mm-story")
    assert card.inner_text().startswith(f"Step 1 of {len(steps)} · 2017-01-18")
    assert steps["summary"].iloc[0] in card.inner_text()
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    assert card.inner_text().startswith(f"Step 3 of {len(steps)}")
    assert "story=3" in page.evaluate("location.hash")
    third = steps.iloc[2]
    assert page.evaluate("MaliMap.registry.events._highlight") is not None
    centre = page.evaluate("MaliMap.registry.events._map.getCenter()")
    page.wait_for_function("""([lat, lon]) => { const c = MaliMap.registry.events._map.getCenter();
        return Math.abs(c.lat - lat) < 0.01 && Math.abs(c.lng - lon) < 0.01; }""",
                           arg=[float(third["latitude"]), float(third["longitude"])])
    assert centre is not None
    assert page.locator("#mm-to").input_value() == third["event_date"].strftime("%Y-%m-%d")
    page.locator("#mm-story-prev").click()
    assert card.inner_text().startswith(f"Step 2 of {len(steps)}")
    # a link to a step opens that step, region shading as of its day
    page.goto(explorer.url + "#story=9")
    page.reload()
    page.wait_for_function("() => window.MaliMap && MaliMap.registry.explorer && "
                           "MaliMap.registry.explorer.storyAt() === 8")
    assert page.locator("#mm-story").inner_text().startswith(f"Step 9 of {len(steps)}")
    assert explorer.errors == []


def test_story_summaries_are_the_same_in_python_and_the_page(explorer, events):  # noqa: F811
    from geo.render.story import summary_line

    notes = events["notes"].tolist() + ["No stop here " * 30, "Short. Second sentence.", "A 1.5 km walk. Then."]
    assert explorer.page.evaluate("(notes) => notes.map(MaliMap.summary)", notes) == [summary_line(n) for n in notes]


def test_regions_are_labelled_on_the_map(explorer):  # noqa: F811
    labels = explorer.page.locator(".mm-region-label").all_inner_texts()
    assert {"Kidal", "Gao", "Tombouctou", "Mopti"} <= set(labels)


def ringed_event(page, expected: str = "WPR2017-E16") -> str | None:
    """The event ringed on the dashboard's map, once it is ``expected`` (or whatever it is after 30 s)."""
    found = None
    for _ in range(60):
        for frame in (f for f in page.frames if "st_folium" in f.url):
            try:
                found = frame.evaluate("""() => { const l = window.MaliMap && MaliMap.registry.events;
                    return l && l._highlight !== null && l._highlight !== undefined ?
                        MaliMap.registry.eventData.value("event_id", l._highlight) : null; }""")
            except Exception:  # noqa: BLE001 - the frame is being re-rendered
                continue
        if found == expected:
            return found
        page.wait_for_timeout(500)
    return found


def test_dashboard_story_rings_the_step_on_the_map(fresh_dashboard):  # noqa: F811
    page = fresh_dashboard.page
    page.get_by_text("Story of the article").click()
    page.get_by_text("Step 1 of").first.wait_for(timeout=30000)
    page.get_by_role("button", name="Next ▶").click()
    page.get_by_text("Step 2 of").first.wait_for(timeout=30000)
    assert ringed_event(page) == "WPR2017-E16"  # step 2: Bamako, 2017-02-10
    page.locator("h1").first.click()  # focus on the page, then the arrow keys step
    page.keyboard.press("ArrowRight")
    page.get_by_text("Step 3 of").first.wait_for(timeout=30000)
    assert ringed_event(page, "WPR2017-E17") == "WPR2017-E17"
    assert fresh_dashboard.errors == [] and fresh_dashboard.external == []


def overlap(a: dict, b: dict) -> bool:
    return not (a["x"] + a["width"] <= b["x"] or b["x"] + b["width"] <= a["x"] or
                a["y"] + a["height"] <= b["y"] or b["y"] + b["height"] <= a["y"])


def test_popups_open_clear_of_the_legend_and_the_panel(explorer):  # noqa: F811
    page = explorer.page
    legend, panel = page.locator(".mm-legend").bounding_box(), page.locator("#mm-panel").bounding_box()
    markers = page.evaluate("MaliMap.registry.events.getLayers().length")
    for i in range(markers):
        page.evaluate(f"void MaliMap.registry.events.getLayers()[{i}].openPopup()")
        page.wait_for_timeout(350)  # the pan clear of the legend is animated
        popup = page.locator(".leaflet-popup-content-wrapper").bounding_box()
        assert not overlap(popup, legend) and not overlap(popup, panel), i
        page.evaluate("void MaliMap.registry.events._map.closePopup()")


def test_closing_the_story_gives_back_the_readers_view(explorer):  # noqa: F811
    page = explorer.page
    page.get_by_label("Search place, actor, description").fill("Kidal")
    before = page.locator("#mm-count").inner_text()
    page.locator("#mm-story-start").click()
    page.keyboard.press("ArrowRight")
    assert page.locator("#mm-count").inner_text() != before
    page.locator("#mm-story-exit").click()
    assert page.locator("#mm-count").inner_text() == before
    assert page.get_by_label("Search place, actor, description").input_value() == "Kidal"
    assert "story=" not in page.evaluate("location.hash")
