"""Combine several event sources in one view and flag likely duplicates, never merging them silently.

Two events from different sources are flagged when they fall on the same day, lie within a few kilometres
of each other, and share at least one actor (names canonicalised through data/actors.csv, so ACLED's
"CJA: Congress for Justice in Azawad" meets our "CJA"). The search is vectorised: candidate pairs come from
a join on (day, 0.1-degree grid cell and its neighbours), so 50,000 + 50,000 rows take about a second.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .events import merge_events
from .filters import actor_labels_text
from .gazetteer import haversine_km

CELL_DEG = 0.1  # about 11 km: every pair within 5 km is in the same or a neighbouring cell


def _actor_sets(events: pd.DataFrame, positions: np.ndarray) -> dict[int, frozenset[str]]:
    """Canonical actor labels of the rows at ``positions`` (every actor column, associated actors included)."""
    labels = actor_labels_text(events.iloc[positions])
    return {int(pos): frozenset(filter(None, text.split("|"))) for pos, text in zip(positions, labels, strict=True)}


def flag_duplicates(events: pd.DataFrame, km: float = 5.0) -> pd.Series:
    """Per row: "" or the event_id(s) of earlier rows from another source that look like the same event."""
    flags = pd.Series("", index=events.index, dtype=object)
    lat = events["latitude"].to_numpy(dtype=float)
    lon = events["longitude"].to_numpy(dtype=float)
    placed = np.flatnonzero(~np.isnan(lat) & events["event_date"].notna().to_numpy())
    if len(placed) < 2:
        return flags
    source = events["source_file"].astype(str).to_numpy() if "source_file" in events else np.full(len(events), "")
    cells = pd.DataFrame({
        "pos": placed,
        "day": events["event_date"].to_numpy()[placed].astype("datetime64[D]").astype(np.int64),
        "cy": np.floor(lat[placed] / CELL_DEG).astype(np.int64),
        "cx": np.floor(lon[placed] / CELL_DEG).astype(np.int64),
    })
    around = pd.concat([cells.assign(cy=cells["cy"] + dy, cx=cells["cx"] + dx)
                        for dy in (-1, 0, 1) for dx in (-1, 0, 1)], ignore_index=True)
    pairs = cells.merge(around, on=["day", "cy", "cx"], suffixes=("", "_j"))
    i, j = pairs["pos"].to_numpy(), pairs["pos_j"].to_numpy()
    keep = (j < i) & (source[i] != source[j]) if "source_file" in events else j < i
    i, j = i[keep], j[keep]
    near = haversine_km(lat[i], lon[i], lat[j], lon[j]) <= km
    i, j = i[near], j[near]
    if not len(i):
        return flags
    actors = _actor_sets(events, np.unique(np.concatenate([i, j])))
    ids = events["event_id"].astype(str).to_numpy()
    hits: dict[int, list[str]] = {}
    for a, b in sorted(zip(i.tolist(), j.tolist(), strict=True)):
        if actors[a] & actors[b]:
            hits.setdefault(a, []).append(ids[b])
    for a, found in hits.items():
        flags.iloc[a] = " ".join(dict.fromkeys(found))
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
