"""One filter state, applied in one place: the map, table, counts, chart and every export use its output.

The state round-trips through a URL query string so a view can be shared.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date

import pandas as pd

from .events import is_context
from .events import parse_date as _parse_date


@dataclass(frozen=True)
class FilterState:
    """Empty tuples mean "no restriction" for that group."""

    start: date | None = None
    end: date | None = None
    actors: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()
    event_types: tuple[str, ...] = ()
    regions: tuple[str, ...] = ()
    include_context: bool = True


def _actor_long(events: pd.DataFrame) -> pd.Series:
    """Every (row, actor) pair from actor1, actor2 and the ';'-separated assoc_actor_1 (ACLED style)."""
    assoc = events["assoc_actor_1"].str.split(";").explode().str.strip()
    names = pd.concat([events["actor1"], events["actor2"], assoc])
    return names[names.notna() & (names != "")]


def actor_mask(events: pd.DataFrame, wanted: set[str]) -> pd.Series:
    """Rows naming any of ``wanted`` in either actor column or as an associated actor (vectorised)."""
    names = _actor_long(events)
    hit = names.isin(wanted)
    return hit.groupby(level=0).any().reindex(events.index, fill_value=False)


def actor_options(events: pd.DataFrame) -> list[str]:
    return sorted(_actor_long(events).unique()) if len(events) else []


def region_options(events: pd.DataFrame) -> list[str]:
    return sorted(r for r in events["admin1"].unique() if r)


def event_interval(events: pd.DataFrame) -> tuple[pd.Series, pd.Series]:
    """First and last day each event may cover: [event_date, date_end], widened by its time precision
    (ACLED 2 = within a week: three days either side; 3 = within a month: the whole month). The export's
    explorer (templates/mapkit.js, ``interval``) applies the same rule."""
    start = events["event_date"]
    end = events["date_end"].fillna(start)
    precision = events["time_precision"].fillna(1)
    week, month = precision == 2, precision == 3
    three_days = pd.Timedelta(days=3)
    start = start.where(~week, start - three_days).where(~month, start.dt.to_period("M").dt.start_time)
    end = end.where(~week, end + three_days).where(~month, end.dt.to_period("M").dt.end_time.dt.normalize())
    return start, end


def apply_filters(events: pd.DataFrame, state: FilterState) -> pd.DataFrame:
    """Rows passing every group (AND across groups, OR within a group).

    An event passes the dates when its interval [event_date, date_end] overlaps [start, end].
    """
    keep = pd.Series(True, index=events.index)
    first, last = event_interval(events)
    if state.start:
        keep &= last >= pd.Timestamp(state.start)
    if state.end:
        keep &= first <= pd.Timestamp(state.end)
    if state.actors:
        keep &= actor_mask(events, set(state.actors))
    if state.categories:
        keep &= events["category"].isin(state.categories)
    if state.event_types:
        keep &= events["event_type"].isin(state.event_types)
    if state.regions:
        keep &= events["admin1"].isin(state.regions)
    if not state.include_context:
        keep &= ~is_context(events)
    return events[keep]


def article_span(events: pd.DataFrame) -> tuple[date | None, date | None]:
    """First and last day of the article's own events (from the excerpt or likely in it, not background)."""
    own = events[events["in_article"].isin(["excerpt", "likely"]) & ~is_context(events)]
    if own.empty:
        own = events
    if own.empty:
        return None, None
    last = own["date_end"].fillna(own["event_date"]).max()
    return own["event_date"].min().date(), last.date()


def data_span(events: pd.DataFrame) -> tuple[date | None, date | None]:
    """First event day and last day covered by any event (date_end included)."""
    if events.empty:
        return None, None
    return events["event_date"].min().date(), events["date_end"].fillna(events["event_date"]).max().date()


def default_state(events: pd.DataFrame) -> FilterState:
    """The article's own span, context events hidden."""
    start, end = article_span(events)
    return FilterState(start=start, end=end, include_context=False)


_LIST_KEYS = {"actor": "actors", "category": "categories", "event_type": "event_types", "region": "regions"}


def to_query(state: FilterState) -> dict[str, str | list[str]]:
    """Query-string parameters for a state (only what differs from "no restriction")."""
    params: dict[str, str | list[str]] = {}
    if state.start:
        params["from"] = state.start.isoformat()
    if state.end:
        params["to"] = state.end.isoformat()
    for key, attr in _LIST_KEYS.items():
        if getattr(state, attr):
            params[key] = list(getattr(state, attr))
    params["context"] = "1" if state.include_context else "0"
    return params


def from_query(params: Mapping[str, str | list[str]], events: pd.DataFrame) -> FilterState:
    """Parse query parameters; unknown or malformed values are ignored (falling back to the defaults)."""
    base = default_state(events)

    def values(key: str) -> list[str]:
        raw = params.get(key, [])
        return [raw] if isinstance(raw, str) else list(raw)

    def one_date(key: str, fallback: date | None) -> date | None:
        vals = values(key)
        parsed = _parse_date(vals[0]) if vals else None
        return parsed or fallback

    known = {
        "actors": set(actor_options(events)),
        "categories": set(events["category"]),
        "event_types": set(events["event_type"]),
        "regions": set(region_options(events)),
    }
    lists = {attr: tuple(v for v in values(key) if v in known[attr]) for key, attr in _LIST_KEYS.items()}
    context = values("context")
    lo, hi = data_span(events)

    def clamp(day: date | None) -> date | None:
        return None if day is None or lo is None or hi is None else min(max(day, lo), hi)

    return replace(
        base,
        start=clamp(one_date("from", base.start)),
        end=clamp(one_date("to", base.end)),
        include_context=(context[0] == "1") if context else base.include_context,
        **lists,
    )
