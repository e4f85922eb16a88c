"""The dashboard's page, a thin UI over the geo library: app.py calls :func:`run` on every script run.

Run: streamlit run app.py [-- --events FILE --store S --boundaries FILE --name-field F]
"""

from __future__ import annotations

import argparse
from datetime import date

from geo.render.lazyfolium import folium  # noqa: F401  first: folium's templates then compile on first use (see lazyfolium)

# isort: split
import pandas as pd
import streamlit as st
import streamlit.components.v1 as components
from streamlit_folium import st_folium

from dashboard.sources import (
    STORE_NAME,
    boundary_args,
    cli_options,
    data_key,
    geoparse,
    load_sources,
    map_parts,
    read_geography,
    standalone_html,
    store_and_events_file,
)
from dashboard.store_panel import history_panel, keep_upload, save_table_edits, store_section, user
from geo.events import LoadResult, on_map, to_csv_bytes
from geo.filters import (
    FilterState,
    actor_options,
    apply_filters,
    cercle_options,
    data_span,
    from_query,
    location_options,
    region_options,
    to_query,
)
from geo.manifest import load_manifest
from geo.markup import highlighted_markdown
from geo.markup import markdown_literal as md
from geo.parse import Extraction, events_table, reviewed_events
from geo.parse.batch import article_id, text_article
from geo.regions import BoundaryError
from geo.render.features import detail_rows, display_table, feature_collection_text, web_links, when
from geo.render.mapmaker import MAP_MODES
from geo.render.story import story_state, story_steps
from geo.schema import CATEGORIES
from geo.store import Change, Store, StoreError, current_user, sha256_of

EDIT_COLUMNS = ["event_id", "event_date", "date_end", "time_precision", "event_type", "sub_event_type", "category",
                "ia_status", "actor1", "actor2", "location", "latitude", "longitude", "source", "notes"]
#: Columns of the events table a user can edit in place (each save is a revision in the store).
EDITABLE = ["event_date", "date_end", "category", "event_type", "actor1", "actor2", "location", "fatalities",
            "source", "latitude", "longitude"]
TABLE_COLUMNS = ["event_id", "event_date", "date_end", "category", "event_type", "actor1", "actor2", "admin1",
                 "admin2", "location", "geo_precision", "in_article", "fatalities", "source", "link"]
PAGE_SIZE = 500
#: The arrow keys step through the story: a listener on the page around this (same-origin) frame clicks the
#: Previous/Next buttons, unless the reader is typing in a field. Installed once per page.
STORY_KEYS = """<script>
const top_ = window.parent;
if (!top_.__mmStoryKeys) {
  top_.__mmStoryKeys = true;
  top_.document.addEventListener("keydown", (e) => {
    const tag = (e.target && e.target.tagName) || "";
    if (["INPUT", "TEXTAREA", "SELECT"].includes(tag) || e.altKey || e.ctrlKey || e.metaKey) { return; }
    const label = {ArrowRight: "Next ▶", ArrowLeft: "◀ Previous"}[e.key];
    const button = label && [...top_.document.querySelectorAll("button")].find((b) => b.innerText.trim() === label);
    if (button && !button.disabled) { e.preventDefault(); button.click(); }
  });
}
</script>"""


def geo_args() -> tuple[str | None, str | None]:
    return boundary_args(OPTS)


def geography():  # noqa: ANN201
    return read_geography(*geo_args())


def the_store() -> Store:
    return store_and_report()[0]


def store_and_report() -> tuple[Store, LoadResult | None]:
    """The store, and the --events file's report if this server seeded or imported it."""
    try:
        store, report = store_and_events_file(OPTS)
    except StoreError as exc:
        st.error(md(f"The event store cannot be opened: {exc}"))
        st.stop()
    if not OPTS.events.is_file():
        st.sidebar.warning(md(f"{OPTS.events}: no such events file; the event store is shown as it is."))
    return store, report


def show_report(name: str, report: LoadResult) -> None:
    """A file's validation problems in the sidebar, one row each (row, column, value, problem)."""
    if report.problems:
        with st.sidebar.expander(f"{md(name)}: {report.summary()}", expanded=bool(report.errors)):
            st.dataframe(pd.DataFrame([{"row": p.row, "column": p.column, "value": p.value[:200],
                                        "problem": p.message, "severity": p.severity}
                                       for p in report.problems]), hide_index=True)


def data_source(store: Store, version: int) -> tuple[pd.DataFrame | None, str]:
    """The event store, the user's uploads (ours, ACLED or UCDP), or both combined. An upload the store has
    already kept (same sha256) is not added twice."""
    uploads = st.sidebar.file_uploader("Your own events files: ours, ACLED or UCDP GED (CSV)",
                                       type=["csv", "txt", "tsv"], accept_multiple_files=True, key="uploads")
    # each upload hashed once (by its upload id), not on every rerun
    digests = st.session_state.setdefault("upload_sha256", {})
    pending = []
    for upload in uploads or []:
        if upload.file_id not in digests:
            digests[upload.file_id] = sha256_of(upload.getvalue())
        digest = digests[upload.file_id]
        if store.has_file(digest):
            st.sidebar.caption(f"{md(upload.name)}: kept in the event store.")
        else:
            pending.append((upload.name, digest, upload))
    include = st.sidebar.checkbox("Include the stored events", value=True, key="include_default")
    events, reports = load_sources(store, store.location, version if include or not pending else None,
                                   tuple((name, digest) for name, digest, _ in pending),
                                   tuple(f.getvalue() for _, _, f in pending), geo_args())
    for i, ((name, report), (_, _, upload)) in enumerate(zip(reports, pending, strict=True)):
        if isinstance(report, str):
            st.sidebar.error(f"{md(name)} cannot be used: {md(report)}.")
            continue
        show_report(name, report)
        if len(report.events):
            st.sidebar.button(f"Keep {md(name)} in the event store ({len(report.events):,} events)",
                              key=f"keep_upload_{i}", on_click=keep_upload, args=(store, name, upload.getvalue()))
    names = ([STORE_NAME] if include or not pending else []) + [n for n, r in reports if not isinstance(r, str)]
    return events, " + ".join(names) or "no data"


def filter_widgets(events: pd.DataFrame, key: str) -> FilterState:
    """Sidebar filters, initialised once per data source from the URL query string."""
    if st.session_state.get("data_key") != key or "f_context" not in st.session_state:
        params = {k: st.query_params.get_all(k) for k in st.query_params.keys()}
        initial = from_query(params, events)
        st.session_state.update(
            data_key=key,
            f_dates=(initial.start, initial.end) if initial.start and initial.end else (),
            f_context=initial.include_context,
            f_actors=list(initial.actors), f_categories=list(initial.categories),
            f_types=list(initial.event_types), f_regions=list(initial.regions),
            f_cercles=list(initial.cercles), f_locations=list(initial.locations),
        )
    side = st.sidebar
    side.header("Filters")
    lo, hi = data_span(events)
    dates = side.date_input("Dates (events overlapping the range)", key="f_dates", min_value=lo, max_value=hi,
                            format="YYYY-MM-DD")
    context = side.toggle("Include context events (2012-2016 background, later follow-ups, events not in the "
                          "article)", key="f_context")
    actors = side.multiselect("Actors (either side or associated)", actor_options(events), key="f_actors")
    categories = side.multiselect("Category", list(CATEGORIES), key="f_categories",
                                  format_func=lambda c: CATEGORIES.get(c, c))
    types = side.multiselect("Event type (ACLED)", sorted(events["event_type"].unique()), key="f_types")
    regions = side.multiselect("Region (admin1, 2016 frame, from each event's point)", region_options(events),
                               key="f_regions")
    cercles = side.multiselect("Cercle (admin2)", cercle_options(events), key="f_cercles")
    places = side.multiselect("Place", location_options(events), key="f_locations")
    start, end = (tuple(dates) + (None, None))[:2] if isinstance(dates, (tuple, list)) else (dates, dates)
    state = FilterState(start=start, end=end, actors=tuple(actors), categories=tuple(categories),
                        event_types=tuple(types), regions=tuple(regions), cercles=tuple(cercles),
                        locations=tuple(places), include_context=context)
    st.query_params.from_dict(to_query(state))
    return state


def details_panel(shown: pd.DataFrame, clicked: str | None, version: int) -> None:
    st.subheader("Event details")
    match = shown[shown["event_id"] == clicked] if clicked else shown.iloc[0:0]
    if match.empty:
        st.caption("Click an event on the map to see its details and sources here.")
        return
    row = match.iloc[0]
    rows = detail_rows(row)
    if row.get("possible_duplicate_of"):
        rows.append(("Possible duplicate of", row["possible_duplicate_of"]))
    # st.table renders Markdown in its cells: every value is escaped so file text shows as typed, never as a
    # link, an image (a request to its host), HTML or math.
    st.table(pd.DataFrame([(md(k), md(v)) for k, v in rows], columns=["field", "value"]).set_index("field"))
    for i, url in enumerate(web_links(row["source_urls"])):
        st.link_button(f"Source {i + 1}: {md(url[:70])}", url)
    history_panel(the_store(), version, str(row["event_id"]))


def story_card(steps: pd.DataFrame) -> int:
    """The story's current step (from ?story=N, then the Previous/Next buttons), shown as a card; its index."""
    if "story_step" not in st.session_state:
        try:
            st.session_state["story_step"] = min(max(int(st.query_params.get("story", "1")) - 1, 0), len(steps) - 1)
        except ValueError:
            st.session_state["story_step"] = 0

    def move(delta: int) -> None:
        st.session_state["story_step"] = min(max(st.session_state["story_step"] + delta, 0), len(steps) - 1)

    k = st.session_state["story_step"]
    st.query_params["story"] = str(k + 1)
    row = steps.iloc[k]
    with st.container(border=True):
        st.markdown(f"**Step {k + 1} of {len(steps)} · {md(when(row))} · {md(row['location'])}**")
        st.markdown(md(row["summary"]))
        st.caption(f"Source: {md(row['source'])}")
        links = web_links(row["source_urls"])
        cols = st.columns([1, 1, 4])
        cols[0].button("◀ Previous", on_click=move, args=(-1,), disabled=k == 0, key="story_prev")
        cols[1].button("Next ▶", on_click=move, args=(1,), disabled=k == len(steps) - 1, key="story_next")
        components.html(STORY_KEYS, height=0)
        for i, url in enumerate(links):
            cols[2].link_button(f"Source {i + 1}: {md(url[:60])}", url)
    return k


def map_section(shown: pd.DataFrame, events: pd.DataFrame, state: FilterState, key: str, version: int,
                focus: pd.Series | None = None) -> None:
    bounds = geography()[0]
    modes = [m for m in MAP_MODES if m != "cercles" or bounds.cercles is not None]
    mode = st.sidebar.radio("Map shows", modes, format_func=MAP_MODES.get, key="map_mode_points", horizontal=True)
    col_map, col_detail = st.columns([5, 2])
    with col_map:
        fmap, layers = map_parts(shown, events, state, key, geo_args(), mode=mode, focus=focus)
        placed = focus is not None and pd.notna(focus["latitude"])
        # The base map's script is the same on every rerun, so only `layers` is swapped when filters change.
        out = st_folium(fmap, height=620, use_container_width=True, returned_objects=["last_active_drawing"],
                        feature_group_to_add=layers, key="map",
                        center=[float(focus["latitude"]), float(focus["longitude"])] if placed else None,
                        zoom=6 if placed else None)
        feature = (out or {}).get("last_active_drawing") or {}
        if isinstance(feature.get("properties"), dict) and "event_id" in feature["properties"]:
            st.session_state["clicked"] = str(feature["properties"]["event_id"])
    with col_detail:
        details_panel(shown, str(focus["event_id"]) if focus is not None else st.session_state.get("clicked"),
                      version)


def table_section(shown: pd.DataFrame, events: pd.DataFrame, version: int) -> None:
    st.subheader("Filtered events")
    pages = max(1, -(-len(shown) // PAGE_SIZE))
    page = st.number_input(f"Page (of {pages}, {PAGE_SIZE} rows each)", 1, pages, 1, key="table_page") \
        if pages > 1 else 1
    part = shown.iloc[(page - 1) * PAGE_SIZE: page * PAGE_SIZE]
    table = display_table(part).assign(link=part["source_urls"].map(lambda s: next(iter(web_links(s)), None)))
    columns = TABLE_COLUMNS + (["source_file", "possible_duplicate_of"] if "possible_duplicate_of" in part else [])
    st.caption("Edit a cell (" + ", ".join(EDITABLE) + "), then save: each edited event gets a new revision.")
    key = f"table_editor_{version}_{page}"  # a new editor (no pending edits) once the store has changed
    st.data_editor(table[columns], hide_index=True, width="stretch", key=key,
                   disabled=[c for c in columns if c not in EDITABLE],
                   column_config={"link": st.column_config.LinkColumn("first source")})
    pending = sum(1 for v in st.session_state.get(key, {}).get("edited_rows", {}).values() if v)
    if pending:
        st.button(f"Save edits to {pending} event{'s' if pending > 1 else ''}", type="primary", key="save_edits",
                  on_click=save_table_edits,
                  args=(the_store(), events, part["event_id"].astype(str).tolist(), key))
    unplaced = shown[~on_map(shown)]
    st.subheader(f"Not on the map ({len(unplaced)})")
    if unplaced.empty:
        st.caption("Every filtered event has a place.")
    else:
        st.dataframe(display_table(unplaced[["event_id", "event_date", "location", "actor1", "notes"]].head(PAGE_SIZE)),
                     hide_index=True, width="stretch")


def map_page() -> None:
    store, events_report = store_and_report()
    version = store.version()
    if events_report is not None:  # the --events file, seeded or imported by this server: its problems
        show_report(f"{OPTS.events.name} (imported into the store)", events_report)
    events, name = data_source(store, version)
    if message := st.session_state.pop("store_message", None):
        st.info(md(message))
    if events is None or events.empty:
        st.warning("No valid events to show: check the file reports in the sidebar.")
        store_section(store, version)
        return
    key = data_key(name, version, events)
    steps = story_steps(events)
    views = ["Explore", "Story of the article"] if len(steps) else ["Explore"]
    view = st.sidebar.radio("View", views, key="view", horizontal=True,
                            index=1 if "story" in st.query_params and len(views) > 1 else 0)
    step = story_card(steps) if view == views[-1] and len(views) > 1 else None
    state = filter_widgets(events, key) if step is None else story_state(steps, step)
    shown = apply_filters(events, state)
    try:
        geography()
    except BoundaryError as exc:
        st.error(md(exc))
        return
    st.title("Northern Mali: interim authorities and disruptions")
    placed = int(on_map(shown).sum())
    dupes = int((shown.get("possible_duplicate_of", pd.Series(dtype=str)) != "").sum())
    st.markdown(f"**{len(shown)} of {len(events)} events** · {placed} on the map · "
                f"{len(shown) - placed} not on the map" + (f" · {dupes} possible duplicates flagged" if dupes else ""))
    map_section(shown, events, state, key, version, steps.iloc[step] if step is not None else None)
    if not shown.empty:
        # altair (0.2 s to import) once the map has been sent: the browser starts drawing it meanwhile
        from geo.render.charts import timeline_chart

        st.altair_chart(timeline_chart(shown), width="stretch", height=320)
    table_section(shown, events, version)

    st.subheader("Explore with time playback")
    st.caption("The map above redraws on every filter change; playback, clustering and in-map filters live in "
               "the standalone explorer, which is exactly the HTML download below, starting from these filters.")
    if st.toggle("Show the explorer here", key="show_explorer"):  # data_key: a saved edit makes a new page
        page = standalone_html(events, key, state, name, geo_args())
        components.html(page.decode("utf-8"), height=720, scrolling=False)
    st.subheader("Download this view")
    c1, c2, c3 = st.columns(3)
    c1.download_button("Standalone HTML map", lambda: standalone_html(events, key, state, name, geo_args()),
                       "northern-mali-map.html", "text/html", on_click="ignore")
    c2.download_button("CSV", lambda: to_csv_bytes(shown), "northern-mali-events.csv", "text/csv", on_click="ignore")
    c3.download_button("GeoJSON", lambda: feature_collection_text(shown).encode("utf-8"),
                       "northern-mali-events.geojson", "application/geo+json", on_click="ignore")
    store_section(store, version)
    with st.expander("Where the data comes from"):
        st.dataframe(pd.DataFrame([{"file": f, **{k: v for k, v in meta.items() if k != "sha256"}}
                                   for f, meta in load_manifest().items()]), hide_index=True)


def article_page() -> None:
    """Paste or upload articles, review the candidate events, add the kept ones to the map."""
    st.title("Add an article")
    st.caption("English or French. Places, dates and actors are found offline; review every row before adding it.")
    files = st.file_uploader("Upload one or more .txt articles", type=["txt"], accept_multiple_files=True,
                             key="art_files")
    pasted = st.text_area("…or paste an article", height=200, key="art_text")
    c1, c2, c3 = st.columns([1, 1, 2])
    published = c1.date_input("Publication date", value=date(2017, 3, 9), key="art_date", format="YYYY-MM-DD")
    lang = c2.selectbox("Language", ["auto", "en", "fr"], key="art_lang")
    url = c3.text_input("Article URL (recorded with the events you keep)", key="art_url")
    texts = [(f.name, f.getvalue().decode("utf-8-sig", errors="replace")) for f in files or []]
    if pasted.strip():
        texts.append(("pasted article", pasted))
    if not texts:
        st.info("Paste an article or upload .txt files to start (a first line 'Published: YYYY-MM-DD' gives a "
                "file its own date).")
        return
    articles = [text_article(name, raw, published) for name, raw in texts]
    progress = st.progress(0.0, text="Extracting…")
    rows = []
    for i, art in enumerate(articles, start=1):
        label, text = art.name, art.text
        found = geoparse(text, art.published, lang)
        result = Extraction(found["places"], found["events"], found["dates"], found["actors"], found["language"])
        for row, ev in zip(events_table(result, article_id(art), source=label), found["events"], strict=True):
            rows.append({**{k: row[k] for k in EDIT_COLUMNS}, "trigger": ev["trigger"], "modality": ev["modality"],
                         "notes": ev["evidence"]["text"]})
        with st.expander(f"{md(label)}: {len(found['places'])} places, {len(found['dates'])} dates, "
                         f"{len(found['actors'])} actors, {len(found['events'])} candidate events", expanded=i == 1):
            st.markdown(":blue-background[place] :orange-background[date] :green-background[actor]")
            st.markdown(highlighted_markdown(text, found))
        progress.progress(i / len(articles), text=f"Extracted {i} of {len(articles)}")
    progress.empty()
    st.subheader("Candidate events: edit, untick to drop")
    table = pd.DataFrame(rows, columns=["keep", "trigger", "modality", *EDIT_COLUMNS]).assign(keep=True)
    edited = st.data_editor(table, key="art_editor", hide_index=True, num_rows="dynamic", width="stretch",
                            disabled=["trigger", "modality"],
                            column_config={"keep": st.column_config.CheckboxColumn("keep", default=True),
                                           "notes": st.column_config.TextColumn("evidence (clause)", width="large")})
    if st.button("Add kept events to the map", type="primary"):
        kept = edited[edited["keep"].fillna(False).astype(bool)].drop(columns=["keep", "trigger", "modality"])
        kept = kept.to_dict("records")
        added = reviewed_events(kept)
        if added is not None:
            names = ", ".join(name for name, _ in texts)
            report = the_store().import_events(added.events, Change("article", user(), file=names[:200],
                                                                    url=url.strip(), note="kept from 'Add an article'"))
            st.success(f"Added {len(added.events)} events to the event store ({report.summary()}; "
                       f"{added.summary()}). Open the map page to see them.")
            for problem in added.problems:
                st.warning(md(str(problem)))
    st.download_button("Download the event store as CSV", lambda: to_csv_bytes(the_store().current()),
                       "northern-mali-events-store.csv", "text/csv", on_click="ignore")


def main() -> None:
    st.set_page_config(page_title="Northern Mali event map", layout="wide")
    page = st.sidebar.radio("Page", ["Map", "Add an article"], key="page", horizontal=True)
    st.sidebar.text_input("Your name (recorded with every change you save)", value=current_user(), key="store_user")
    if page == "Add an article":  # a statement, not an expression: Streamlit's magic would print its None
        article_page()
    else:
        map_page()


OPTS = argparse.Namespace()


def run() -> None:
    """One script run (app.py calls it on every rerun)."""
    global OPTS
    OPTS = cli_options()
    main()
