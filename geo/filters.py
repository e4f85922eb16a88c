"""One filter state, applied in one place: the map, table, counts, chart and every export use its output.

The state round-trips through a URL query string so a view can be shared.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date
from functools import lru_cache

import numpy as np
import pandas as pd

from .cache import by_identity
from .events import is_context
from .io.values import parse_date as _parse_date
from .io.vector import map_unique, split_unique
from .names import canonical_region, fold, resolve_names


@dataclass(frozen=True)
class FilterState:
    """Empty tuples mean "no restriction" for that group."""

    start: date | None = None
    end: date | None = None
    actors: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()
    event_types: tuple[str, ...] = ()
    regions: tuple[str, ...] = ()
    cercles: tuple[str, ...] = ()
    locations: tuple[str, ...] = ()
    include_context: bool = True


@lru_cache(maxsize=200_000)
def actor_label(raw: str) -> str:
    """The canonical actor (data/actors.csv) an actor cell names at its start, else the cell itself:
    ACLED's "CJA: Congress for Justice in Azawad" and "Military Forces of Mali (2013-2021)" become CJA and
    FAMa, while "Militia (Pro-Government)" stays as written."""
    from .actors import load_actors

    raw = raw.strip()
    found = load_actors().find(raw)
    if found and found[0].start == 0 and raw[found[0].end:found[0].end + 1] in ("", " ", ":", "(", "-", ","):
        return found[0].actor
    return raw


@by_identity()  # the dashboard asks again for the same loaded table on every rerun
def actor_long(events: pd.DataFrame) -> pd.Series:
    """Every (row, actor label) pair from actor1, actor2 and the ';'-separated associated actors."""
    cols = [events[c] for c in ("actor1", "actor2") if c in events]
    cols += [split_unique(events[c]) for c in ("assoc_actor_1", "assoc_actor_2") if c in events]
    names = pd.concat(cols).astype(str).str.strip()
    names = names[names != ""]
    return map_unique(names, actor_label)



_PIPES = re.compile(r"\|{2,}")


def actor_labels_text(events: pd.DataFrame) -> pd.Series:
    """Per row, its actors' labels joined by "|" (the export's actor checkboxes). Computed once per distinct
    combination of the four actor cells (a few thousand in 250,000 ACLED rows), not per row."""
    cols = [c for c in ("actor1", "actor2", "assoc_actor_1", "assoc_actor_2") if c in events]
    if not cols or events.empty:
        return pd.Series("", index=events.index, dtype="str")
    key = np.zeros(len(events), dtype=np.int64)
    uniques = []
    for col in cols:
        codes, values = pd.factorize(events[col].astype(str), use_na_sentinel=False)
        uniques.append(values)
        key, _ = pd.factorize(key * (len(values) + 1) + codes)
    combos, first, inverse = np.unique(key, return_index=True, return_inverse=True)
    parts: dict[str, str] = {}

    def part(value: str) -> str:
        if value not in parts:
            parts[value] = "|".join(dict.fromkeys(actor_label(n) for n in value.split(";") if n.strip()))
        return parts[value]

    cells = [events[c].astype(str).to_numpy(dtype=object)[first] for c in cols]
    labels = np.array([_PIPES.sub("|", "|".join(part(v) for v in row)).strip("|") for row in zip(*cells, strict=True)],
                      dtype=object)
    return pd.Series(labels[inverse.ravel()], index=events.index, dtype="str")


def actor_mask(events: pd.DataFrame, wanted: set[str]) -> pd.Series:
    """Rows naming any of ``wanted`` (actor labels) as either actor or an associated actor (vectorised)."""
    hit = actor_long(events).isin(wanted)
    return hit.groupby(level=0).any().reindex(events.index, fill_value=False)


def actor_options(events: pd.DataFrame) -> list[str]:
    return sorted(actor_long(events).unique(), key=fold) if len(events) else []


def _options(events: pd.DataFrame, column: str) -> list[str]:
    return sorted((v for v in events[column].unique() if v), key=fold) if column in events else []


def region_options(events: pd.DataFrame) -> list[str]:
    return _options(events, "admin1")


def cercle_options(events: pd.DataFrame) -> list[str]:
    return _options(events, "admin2")


def location_options(events: pd.DataFrame) -> list[str]:
    return _options(events, "location")


def _folded_isin(values: pd.Series, wanted: tuple[str, ...]) -> pd.Series:
    keys = {fold(w) for w in wanted}
    return map_unique(values, lambda v: fold(v) in keys).astype(bool)


def resolve_state(state: FilterState, events: pd.DataFrame, cercle_names: list[str] | None = None) -> FilterState:
    """Names as users type them (any case or accents, Timbuktu, Menaka, ACLED's long actor names) turned into
    the names in the data; raises UnknownNameError, naming the closest valid names, for a name that matches
    nothing."""
    from .actors import load_actors
    from .names import REGIONS_2016

    return replace(
        state,
        actors=resolve_names(state.actors, [*actor_options(events), *load_actors().canonical], "actor",
                             lambda name: actor_label(name)),
        regions=resolve_names(state.regions, [*region_options(events), *REGIONS_2016], "region", canonical_region),
        cercles=resolve_names(state.cercles, [*cercle_options(events), *(cercle_names or [])], "cercle",
                              canonical_region),
        locations=resolve_names(state.locations, location_options(events), "location", canonical_region),
    )


@by_identity()  # the dashboard asks again for the same loaded table on every rerun
def event_interval(events: pd.DataFrame) -> tuple[pd.Series, pd.Series]:
    """First and last day each event may cover: [event_date, date_end], widened by its time precision
    (ACLED 2 = within a week: three days either side; 3 = within a month: the whole month). The export's
    explorer (render/templates/explorer.js, ``prepare``) applies the same rule."""
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
        keep &= _folded_isin(events["admin1"], state.regions)
    if state.cercles:
        keep &= _folded_isin(events["admin2"], state.cercles)
    if state.locations:
        keep &= _folded_isin(events["location"], state.locations)
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


#: What a filter panel lists for a table: its date span and the choices of each filter (the dashboard's server
#: computes them all when it starts; see dashboard/warmup.py).
PANEL_OPTIONS = (data_span, actor_options, region_options, cercle_options, location_options)


def default_state(events: pd.DataFrame) -> FilterState:
    """The article's own span, context events hidden."""
    start, end = article_span(events)
    return FilterState(start=start, end=end, include_context=False)


_LIST_KEYS = {"actor": "actors", "category": "categories", "event_type": "event_types", "region": "regions",
              "cercle": "cercles", "location": "locations"}


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
        "actors": (actor_options(events), actor_label),
        "categories": (list(events["category"].unique()), lambda v: None),
        "event_types": (list(events["event_type"].unique()), lambda v: None),
        "regions": (region_options(events), canonical_region),
        "cercles": (cercle_options(events), canonical_region),
        "locations": (location_options(events), canonical_region),
    }

    def matching(key: str, attr: str) -> tuple[str, ...]:
        valid, alias = known[attr]
        out: list[str] = []
        for value in values(key):  # a shared link may be typed by hand: same matching as the CLI, minus errors
            try:
                out += [v for v in resolve_names([value], valid, attr, alias) if v not in out]
            except ValueError:
                continue
        return tuple(out)

    lists = {attr: matching(key, attr) for key, attr in _LIST_KEYS.items()}
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
