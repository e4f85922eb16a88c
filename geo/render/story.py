"""The story of the article: its own events in date order, one step each (dashboard and export alike).

A step is an event the article states (``in_article`` excerpt) or probably states (likely), context left
out, ordered by date then by event id (the page sorts the same way). Its one-line summary is the first
sentence of our own ``notes`` (cut at a word near 160 characters); templates/mapkit.js applies the same rule
(MaliMap.summary).
"""

from __future__ import annotations

import re

import pandas as pd

from ..cache import by_identity
from ..filters import FilterState, is_context

STORY_KINDS = ("excerpt", "likely")
SUMMARY_CHARS = 160
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9ÀÂÉÈÊÎÔÛÇ\"“(])")


def summary_line(notes: str) -> str:
    """The first sentence of a note, at most about SUMMARY_CHARS characters (cut at a word, with "…")."""
    text = " ".join(str(notes or "").split())
    first = _SENTENCE_END.split(text, maxsplit=1)[0]
    if len(first) <= SUMMARY_CHARS:
        return first
    cut = first[:SUMMARY_CHARS + 1].rsplit(" ", 1)[0].rstrip(",;:")
    return cut + "…"


@by_identity()  # the dashboard asks on every rerun for the same loaded table
def story_steps(events: pd.DataFrame) -> pd.DataFrame:
    """The article's own events in the order the story tells them (a copy, with a ``summary`` column)."""
    own = events[events["in_article"].isin(STORY_KINDS) & ~is_context(events)]
    order = own.sort_values(["event_date", "event_id"], kind="stable")
    return order.assign(summary=order["notes"].map(summary_line))


def story_state(steps: pd.DataFrame, k: int) -> FilterState:
    """The map as of step ``k``: the article's events from the first step to this one's last day, context hidden
    (the region shading follows that day)."""
    row = steps.iloc[k]
    day = (row["date_end"] if pd.notna(row["date_end"]) else row["event_date"]).date()
    return FilterState(start=min(steps["event_date"].min().date(), day), end=day, include_context=False)
