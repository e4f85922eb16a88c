"""Edits typed into the dashboard's table, checked like any events file before they become revisions."""

from __future__ import annotations

from typing import Any

import pandas as pd

from .core import Change, ImportReport, Store
from .records import as_text


def save_edits(store: Store, events: pd.DataFrame, edits: dict[str, dict[str, Any]], change: Change
               ) -> tuple[ImportReport, list[tuple[str, str]]]:
    """Apply ``edits`` ({event_id: {column: new value}}) to those events' current values, validate the edited
    rows as an events file (a moved point gets its region and cercle again) and store the valid ones as new
    revisions. Returns what was stored and one (severity, message) per problem, naming the event: an error's
    event is not saved, a warning's is."""
    from ..events import load_events

    rows = events[events["event_id"].isin(list(edits))]
    if rows.empty:
        return ImportReport(), [("error", f"no event {eid!r} to edit") for eid in edits]
    text = as_text(rows).reset_index(drop=True)
    for i, event_id in enumerate(text["event_id"]):
        if {"latitude", "longitude"} & set(edits[event_id]):  # a moved point: its old region names are stale
            for column in ("admin1", "admin2", "admin1_source", "admin2_source"):
                if column in text:
                    text.loc[i, column] = ""
        for column, value in edits[event_id].items():
            if column == "event_id":
                continue
            cell = "" if value is None or (isinstance(value, float) and pd.isna(value)) else str(value)
            text.loc[i, column] = cell.strip()
    raw = text.to_csv(index=False, lineterminator="\r\n").encode("utf-8")
    result = load_events(raw, fmt="native")
    messages = []
    for problem in result.problems:
        if problem.row is not None and 2 <= problem.row < len(text) + 2:
            messages.append((problem.severity, f"event {text['event_id'].iat[problem.row - 2]}: "
                             f"{problem.column or 'row'}: {problem.message}"
                             + (f" (value {problem.value!r})" if problem.value else "")))
        else:
            messages.append((problem.severity, str(problem)))
    report = store.import_events(result.events, change) if len(result.events) else ImportReport()
    return report, messages
