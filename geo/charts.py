"""Timeline of the filtered events: counts per day (or week/month for long spans), stacked by category."""

from __future__ import annotations

import altair as alt
import pandas as pd

from .schema import CATEGORIES, CATEGORY_COLORS


def time_unit(events: pd.DataFrame) -> str:
    """Day for spans up to ~4 months, week up to ~3 years, else month: bars stay readable."""
    if events.empty:
        return "yearmonthdate"
    span = (events["event_date"].max() - events["event_date"].min()).days
    return "yearmonthdate" if span <= 120 else "yearweek" if span <= 1100 else "yearmonth"


def timeline_chart(events: pd.DataFrame) -> alt.Chart:
    unit = time_unit(events)
    data = pd.DataFrame({
        "date": events["event_date"],
        "category": events["category"].map(lambda c: CATEGORIES.get(c, c)),
        "event": events["event_id"] + ": " + events["location"],
    })
    labels = list(CATEGORIES.values())
    step = {"yearmonthdate": "day", "yearweek": "week", "yearmonth": "month"}[unit]
    return (
        alt.Chart(data, title=f"Events per {step}, by category")
        .mark_bar()
        .encode(
            x=alt.X(f"{unit}(date):T", title=None),
            y=alt.Y("count():Q", title="events", axis=alt.Axis(tickMinStep=1)),
            color=alt.Color(
                "category:N",
                scale=alt.Scale(domain=labels, range=[CATEGORY_COLORS[k] for k in CATEGORIES]),
                legend=alt.Legend(orient="bottom", columns=2, title=None, labelLimit=320),
            ),
            tooltip=[
                alt.Tooltip(f"{unit}(date):T", title=step),
                "category:N",
                alt.Tooltip("count():Q", title="events"),
            ],
        )
        .properties(height=220)
    )
