"""The standalone export's explorer, driven in Chromium with the network blocked; every count is checked
against the same filter computed in Python."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from geo.events import on_map
from geo.filters import FilterState, apply_filters, default_state
from geo.render.export import export_html

VISIBLE_JS = "MaliMap.registry.events.getLayers().length"


@pytest.fixture
def explorer(watched, tmp_path, events, regions, basemap):
    """The export of every event, opened with the dashboard's default view as its initial state."""
    path = tmp_path / "explorer.html"
    path.write_text(export_html(events, regions, basemap, default_state(events), "events.csv"), encoding="utf-8")
    watched.page.goto(path.as_uri())
    watched.page.wait_for_function("() => window.MaliMap && MaliMap.registry.explorer")
    watched.url = path.as_uri()
    return watched


def python_view(events, state: FilterState, search: str = ""):
    """The same filter in Python: apply_filters, plus the explorer's text search (case and accents ignored)."""
    from geo.names import fold

    shown = apply_filters(events, state)
    if search:
        cols = ["location", "admin1", "admin2", "actor1", "actor2", "assoc_actor_1", "notes", "event_id"]
        text = shown[cols].agg(" ".join, axis=1).map(fold)
        shown = shown[text.str.contains(fold(search), regex=False)]
    return shown


def expect(page, events, state: FilterState, search: str = "") -> None:
    shown = python_view(events, state, search)
    assert page.locator("#mm-count").inner_text() == f"{len(shown)} of {len(events)} events"
    assert page.evaluate(VISIBLE_JS) == int(on_map(shown).sum())
    assert page.locator("#mm-list li").count() == len(shown)


def set_date(page, label: str, value: str) -> None:
    page.get_by_label(label, exact=True).fill(value)
    page.get_by_label(label, exact=True).dispatch_event("change")


def test_initial_view_is_the_sender_filter_and_all_events_are_embedded(explorer, events):
    expect(explorer.page, events, default_state(events))
    assert explorer.page.evaluate("MaliMap.registry.eventData ? 0 : 1") == 1  # explorer, not the static layer
    assert explorer.errors == [] and explorer.external == []


def test_from_and_to_inputs_filter_by_overlap(explorer, events):
    page = explorer.page
    set_date(page, "From", "2017-03-01")
    set_date(page, "To", "2017-03-01")
    state = replace(default_state(events), start=date(2017, 3, 1), end=date(2017, 3, 1))
    expect(page, events, state)
    assert "2017-02-27 to 2017-03-01 · Gao" in page.locator("#mm-list").inner_text()  # E21 overlaps 1 March
    assert "from=2017-03-01" in page.evaluate("location.hash")


def test_actor_checkboxes_tick_and_untick(explorer, events):
    page = explorer.page
    page.locator("details.mm-group", has_text="Actors").locator("summary").click()
    group = page.locator("details.mm-group", has_text="Actors")
    group.get_by_role("button", name="none").click()
    expect(page, events, replace(default_state(events), actors=("__nobody__",)))
    group.get_by_label("CJA (", exact=False).check()
    expect(page, events, replace(default_state(events), actors=("CJA",)))
    group.get_by_label("MSA (", exact=False).check()
    expect(page, events, replace(default_state(events), actors=("CJA", "MSA")))
    group.get_by_label("CJA (", exact=False).uncheck()
    expect(page, events, replace(default_state(events), actors=("MSA",)))
    assert "actor=MSA" in page.evaluate("location.hash")


def test_search_over_place_actor_and_description(explorer, events):
    page = explorer.page
    page.get_by_label("Search place, actor, description").fill("assembly")
    expect(page, events, default_state(events), search="assembly")
    page.get_by_label("Search place, actor, description").fill("Ménaka")
    expect(page, events, default_state(events), search="Ménaka")


def test_search_ignores_case_and_accents(explorer, events):
    page = explorer.page
    page.get_by_label("Search place, actor, description").fill("menaka")
    expect(page, events, default_state(events), search="Ménaka")
    assert python_view(events, default_state(events), "Ménaka").shape[0] > 0


@pytest.fixture
def cercle_explorer(watched, tmp_path, events, regions, basemap):
    from geo.regions import load_cercles

    def open_with(state: FilterState):
        path = tmp_path / "cercles.html"
        path.write_text(export_html(events, regions, basemap, state, "events.csv", cercles=load_cercles()),
                        encoding="utf-8")
        watched.page.goto(path.as_uri())
        watched.page.wait_for_function("() => window.MaliMap && MaliMap.registry.explorer")
        return watched.page

    return open_with


def test_cercle_checkboxes_filter_and_cercle_tooltips_count_the_view(cercle_explorer, events):
    state = replace(default_state(events), include_context=True)
    page = cercle_explorer(state)
    group = page.locator("details.mm-group", has_text="Cercle")  # open by default, like every group but actors
    group.get_by_role("button", name="none").click()
    group.get_by_label("Gao (", exact=False).check()
    gao = replace(state, cercles=("Gao",))
    expect(page, events, gao)
    count_js = """MaliMap.registry.cercles.getLayers()
        .find(l => l.feature.properties._label === "Gao").feature.properties._count"""
    assert page.evaluate(count_js) == int(on_map(apply_filters(events, gao)).sum()) > 0
    assert "cercle=Gao" in page.evaluate("location.hash")


def test_places_chosen_by_the_sender_can_be_dropped_by_the_reader(cercle_explorer, events):
    state = replace(default_state(events), include_context=True, locations=("Kidal",))
    page = cercle_explorer(state)
    expect(page, events, state)
    assert "Only places: Kidal" in page.locator("#mm-panel").inner_text()
    page.get_by_role("button", name="show all places").click()
    expect(page, events, replace(state, locations=()))


def test_play_two_steps_cumulative(explorer, events):
    page = explorer.page
    set_date(page, "From", "2017-02-27")
    set_date(page, "To", "2017-03-10")
    page.locator("#mm-step-unit").select_option("day")
    page.locator("#mm-play").click()
    page.wait_for_function("() => Number(document.getElementById('mm-play').dataset.step) >= 2")
    page.locator("#mm-play").click()  # pause
    steps = int(page.locator("#mm-play").get_attribute("data-step"))
    first = date.fromisoformat(page.get_by_label("From", exact=True).input_value())  # the first event in view
    view = apply_filters(events, replace(default_state(events), start=date(2017, 2, 27), end=date(2017, 3, 10)))
    assert first == max(date(2017, 2, 27), view["event_date"].min().date())
    last = date.fromordinal(first.toordinal() + steps - 1)
    assert page.get_by_label("To", exact=True).input_value() == last.isoformat()
    expect(page, events, replace(default_state(events), start=first, end=last))


def test_moving_window_playback_drops_old_events(explorer, events):
    page = explorer.page
    set_date(page, "From", "2017-01-18")
    set_date(page, "To", "2017-03-10")
    page.locator("#mm-step-unit").select_option("week")
    page.locator("#mm-mode").select_option("window")
    page.locator("#mm-play").click()
    page.wait_for_function("() => Number(document.getElementById('mm-play').dataset.step) >= 5")
    page.locator("#mm-play").click()
    steps = int(page.locator("#mm-play").get_attribute("data-step"))
    start = date.fromisoformat(page.get_by_label("From", exact=True).input_value())
    end = date.fromisoformat(page.get_by_label("To", exact=True).input_value())
    view = apply_filters(events, replace(default_state(events), start=date(2017, 1, 18), end=date(2017, 3, 10)))
    first = max(date(2017, 1, 18), view["event_date"].min().date())
    assert (end - first).days == 7 * steps - 1
    assert start > first and (end - start).days == 27  # a four-week window
    expect(page, events, replace(default_state(events), start=start, end=end))


def test_hash_link_opens_that_view(explorer, events):
    page = explorer.page
    page.goto(explorer.url + "#from=2017-02-01&to=2017-04-30&actor=CJA&context=1")
    page.reload()
    page.wait_for_function("() => window.MaliMap && MaliMap.registry.explorer")
    expect(page, events, FilterState(start=date(2017, 2, 1), end=date(2017, 4, 30), actors=("CJA",)))
    assert page.get_by_label("From", exact=True).input_value() == "2017-02-01"
    page.evaluate("location.hash = '#from=2017-03-02&to=2017-03-02&context=1'")
    page.wait_for_function("() => document.getElementById('mm-count').textContent.startsWith('3 of')")
    expect(page, events, FilterState(start=date(2017, 3, 2), end=date(2017, 3, 2)))


def test_clusters_only_count_visible_events_and_can_be_switched_off(explorer, events):
    page = explorer.page
    page.get_by_label("Cluster nearby events").check()
    counts = page.evaluate("""() => { const layer = MaliMap.registry.events, sizes = layer.clusters();
        return [layer.getLayers().length, sizes.reduce((a, b) => a + b, 0), sizes.length]; }""")
    placed = int(on_map(apply_filters(events, default_state(events))).sum())
    assert counts[0] + counts[1] == placed and counts[2] >= 1
    page.get_by_label("Search place, actor, description").fill("Timbuktu")
    in_clusters = page.evaluate("MaliMap.registry.events.clusters()")
    expected = int(on_map(python_view(events, default_state(events), "Timbuktu")).sum())
    assert sum(in_clusters) + page.evaluate(VISIBLE_JS) == expected  # filtered-out events never counted
    page.get_by_label("Cluster nearby events").uncheck()
    assert page.evaluate("MaliMap.registry.events.clusters().length") == 0


def test_region_shading_follows_the_to_date(explorer):
    page = explorer.page
    fill = "MaliMap.registry.regions.getLayers().find(l => l.feature.properties.region === 'Kidal').options.fillColor"
    set_date(page, "To", "2017-02-20")
    blocked = page.evaluate(fill)
    set_date(page, "To", "2017-03-01")
    assert page.evaluate(fill) != blocked
    assert page.locator(".mm-legend").inner_text().count("Interim authority, 2017-03-01") == 1


def test_popup_lists_only_the_visible_events_at_the_same_point(explorer):
    page = explorer.page
    page.get_by_label("Search place, actor, description").fill("Kidal")
    text = page.evaluate("""() => { const l = MaliMap.registry.events.getLayers()
        .find(m => m.feature.properties.event_id === 'WPR2017-E22');
        l.openPopup(); return l.getPopup().getElement().innerText; }""")
    assert "1 other event(s) at this point" in text  # E17 (18 Feb) is visible; E01 (2012) is filtered out
