"""Timeline of the filtered events: counts per day (or week/month for long spans), stacked by category.

The counts are computed here, so the chart sends one row per bar segment to the browser, not one per event
(50,000 events make a few hundred rows).
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from ..schema import CATEGORIES, CATEGORY_COLORS

_STEPS = {"yearmonthdate": ("day", "D"), "yearweek": ("week", "W-SAT"), "yearmonth": ("month", "MS")}


def time_unit(events: pd.DataFrame) -> str:
    """Day for spans up to ~4 months, week up to ~3 years, else month: bars stay readable."""
    if events.empty:
        return "yearmonthdate"
    span = (events["event_date"].max() - events["event_date"].min()).days
    return "yearmonthdate" if span <= 120 else "yearweek" if span <= 1100 else "yearmonth"


def timeline_counts(events: pd.DataFrame, unit: str) -> pd.DataFrame:
    """Events per period and category (period = the day, the Sunday starting the week, or the month)."""
    if unit == "yearmonthdate":
        period = events["event_date"].dt.normalize()
    elif unit == "yearweek":
        period = (events["event_date"] - pd.to_timedelta((events["event_date"].dt.dayofweek + 1) % 7, unit="D"))
        period = period.dt.normalize()
    else:
        period = events["event_date"].dt.to_period("M").dt.start_time
    frame = pd.DataFrame({"date": period, "category": events["category"].map(lambda c: CATEGORIES.get(c, c))})
    return frame.groupby(["date", "category"]).size().rename("events").reset_index()


def timeline_chart(events: pd.DataFrame) -> alt.Chart:
    unit = time_unit(events)
    step = _STEPS[unit][0]
    data = timeline_counts(events, unit)
    labels = list(CATEGORIES.values())
    return (
        alt.Chart(data, title=f"Events per {step}, by category")
        .mark_bar()
        .encode(
            x=alt.X(f"{unit}(date):T", title=None,
                    axis=alt.Axis(format="%Y-%m" if unit == "yearmonth" else "%Y-%m-%d", labelOverlap="greedy",
                                  labelAngle=-35, labelSeparation=6)),
            y=alt.Y("sum(events):Q", title="events", axis=alt.Axis(tickMinStep=1)),
            color=alt.Color(
                "category:N",
                scale=alt.Scale(domain=labels, range=[CATEGORY_COLORS[k] for k in CATEGORIES]),
                legend=alt.Legend(orient="bottom", columns=2, title=None, labelLimit=320),
            ),
            tooltip=[
                alt.Tooltip(f"{unit}(date):T", title=step),
                "category:N",
                alt.Tooltip("sum(events):Q", title="events"),
            ],
        )
        .properties(height=220)
        # one canvas instead of an SVG element per bar: the browser redraws it faster on every filter change
        .properties(usermeta={"embedOptions": {"renderer": "canvas"}})
    )
