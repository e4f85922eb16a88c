"""Combine several event sources in one view and flag likely duplicates, never merging them silently.

Two events from different sources are flagged when they fall on the same day, lie within a few kilometres
of each other, and share at least one actor (names canonicalised through data/actors.csv, so ACLED's
"CJA: Congress for Justice in Azawad" meets our "CJA").
"""

from __future__ import annotations

import pandas as pd

from .actors import load_actors
from .events import merge_events
from .gazetteer import haversine_km


def _actor_keys(row: pd.Series) -> set[str]:
    lexicon = load_actors()
    keys = set()
    for raw in [row["actor1"], row["actor2"], *str(row["assoc_actor_1"]).split(";")]:
        raw = str(raw).strip()
        if raw:
            found = lexicon.find(raw)
            keys |= {m.actor for m in found} if found else {raw.casefold()}
    return keys


def flag_duplicates(events: pd.DataFrame, km: float = 5.0) -> pd.Series:
    """Per row: "" or the event_id(s) of earlier rows from another source that look like the same event."""
    flags = pd.Series("", index=events.index, dtype=object)
    placed = events[events["latitude"].notna()]
    source = events["source_file"] if "source_file" in events else pd.Series("", index=events.index)
    for _, day in placed.groupby(placed["event_date"].dt.normalize()):
        if len(day) < 2:
            continue
        rows = list(day.iterrows())
        keys = {i: _actor_keys(r) for i, r in rows}
        for a, (i, ri) in enumerate(rows):
            for j, rj in rows[:a]:
                if source[i] == source[j] and "source_file" in events:
                    continue
                near = haversine_km(ri["latitude"], ri["longitude"], rj["latitude"], rj["longitude"]) <= km
                if near and keys[i] & keys[j]:
                    flags[i] = f"{flags[i]} {rj['event_id']}".strip()
    return flags


def combine(sources: list[tuple[str, pd.DataFrame]]) -> pd.DataFrame:
    """One table from several sources: a ``source_file`` column, unique ids, and ``possible_duplicate_of``."""
    combined = None
    for name, frame in sources:
        combined = merge_events(combined, frame.assign(source_file=name))
    if combined is None:
        raise ValueError("no sources to combine")
    combined = combined.reset_index(drop=True)
    combined["possible_duplicate_of"] = flag_duplicates(combined)
    return combined
