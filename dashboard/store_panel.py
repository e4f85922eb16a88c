"""The dashboard's event-store panels: keep an upload, an event's history with undo and delete, the store's
latest changes and deleted events, saving table edits. Streamlit widgets over ``geo.store``; every callback
records the user named in the sidebar."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from geo.markup import markdown_literal as md
from geo.store import Change, Revision, Store, StoreError, current_user, import_file
from geo.store.edits import save_edits


def user() -> str:
    return current_user(st.session_state.get("store_user"))


def keep_upload(store: Store, name: str, raw: bytes) -> None:
    """Button callback: import an upload into the store (its valid rows; the report was shown beside it)."""
    _, report = import_file(store, raw, Change("upload", user(), file=name))
    st.session_state["store_message"] = f"{name}: kept in the event store: {report.summary()}."


def store_action(store: Store, action: str, event_id: str, revision: int | None = None) -> None:
    """Button callback: delete an event or bring a revision back; the outcome is shown on the next run."""
    try:
        if action == "delete":
            rev = store.delete(event_id, Change("delete", user(), note="deleted in the dashboard"))
            st.session_state["store_message"] = (f"Deleted {event_id} (revision {rev}); restore it under "
                                                 "'Event store' below.")
        else:
            rev = store.revert(event_id, int(revision), Change("revert", user(), note=f"revert to revision "
                                                                f"{revision} in the dashboard"))
            st.session_state["store_message"] = (f"{event_id}: revision {rev} brings back revision {revision}."
                                                 if rev else f"{event_id} already has those values.")
    except StoreError as exc:
        st.session_state["store_message"] = f"Not done: {exc}."


@st.cache_data(max_entries=64, show_spinner=False)
def event_history(_store: Store, location: str, version: int, event_id: str) -> list[Revision]:
    """One event's revisions, read once per store version (a rerun that changed nothing asks nothing)."""
    return _store.history(event_id)


@st.cache_data(max_entries=4, show_spinner=False)
def store_overview(_store: Store, location: str, version: int) -> tuple[int, pd.DataFrame, pd.DataFrame]:
    """Count, latest changes and deleted events, read once per store version."""
    return _store.count(), _store.changes(20), _store.deleted()


def history_panel(store: Store, version: int, event_id: str) -> None:
    """Every revision of the event (who, when, why, what changed), with undo and delete."""
    revisions = event_history(store, store.location, version, event_id)
    if not revisions:
        st.caption("Not in the event store (an upload not kept): keep the file to record its history.")
        return
    st.markdown(f"**History: {len(revisions)} revision{'s' if len(revisions) > 1 else ''}**")
    st.dataframe(pd.DataFrame([{"revision": r.revision, "what": r.op, "when (UTC)": r.at.replace("T", " "),
                                "who": r.user, "why": r.why, "changed": ", ".join(r.changed)}
                               for r in reversed(revisions)]), hide_index=True, width="stretch")
    cols = st.columns(2)
    if len(revisions) > 1:
        back = revisions[-2].revision
        cols[0].button(f"Undo: back to revision {back}", key="undo_event", on_click=store_action,
                       args=(store, "revert", event_id, back))
    cols[1].button("Delete this event", key="delete_event", on_click=store_action,
                   args=(store, "delete", event_id))


def store_section(store: Store, version: int) -> None:
    """Where the store is, its latest changes, and the deleted events (each can be restored)."""
    count, changes, deleted = store_overview(store, store.location, version)
    with st.expander(f"Event store: {count:,} events in {md(store.location)}"):
        st.caption("Every change is a revision: nothing is overwritten. Command line: python -m geo store --help.")
        st.dataframe(changes, hide_index=True, width="stretch")
        if deleted.empty:
            st.caption("No deleted events.")
            return
        labels = {r.event_id: f"{r.event_id} · {r.event_date} · {r.location}" for r in deleted.itertuples()}
        chosen = st.selectbox(f"Deleted events ({len(deleted)})", list(labels), format_func=lambda k: md(labels[k]),
                              key="restore_pick")
        revision = int(deleted.set_index("event_id").loc[chosen, "revision"]) - 1
        st.button("Restore it", key="restore_event", on_click=store_action,
                  args=(store, "revert", chosen, revision))


def save_table_edits(store: Store, events: pd.DataFrame, ids: list[str], key: str) -> None:
    """Button callback: the edited cells become a revision of each edited event (checked like a file first)."""
    edited = st.session_state.get(key, {}).get("edited_rows", {})
    edits = {ids[int(pos)]: values for pos, values in edited.items() if values}
    report, problems = save_edits(store, events, edits,
                                  Change("edit", user(), note="edited in the dashboard table"))
    errors = [text for severity, text in problems if severity == "error"]
    notes = [text for severity, text in problems if severity != "error"]
    st.session_state["store_message"] = (f"Saved edits: {report.summary()}." +
                                         (" Not saved: " + "; ".join(errors) + "." if errors else "") +
                                         (" Notes: " + "; ".join(notes) + "." if notes else ""))
