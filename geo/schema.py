"""The events table: columns, vocabularies and the styles that go with them.

Column names follow ACLED where ACLED has the concept, so analysts can move
rows between this tool and ACLED exports without renaming.
"""

from __future__ import annotations

#: Columns every events file must have.
REQUIRED: tuple[str, ...] = ("event_id", "event_date", "event_type", "actor1")

#: Every column we know, in output order (unknown extra columns are kept after these).
COLUMNS: tuple[str, ...] = (
    "event_id",
    "event_date",
    "date_end",
    "time_precision",
    "event_type",
    "sub_event_type",
    "category",
    "ia_status",
    "ia_regions",
    "actor1",
    "assoc_actor_1",
    "actor2",
    "assoc_actor_2",
    "admin1",
    "admin2",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "geonameid",
    "geo_source",
    "in_article",
    "fatalities",
    "source",
    "source_urls",
    "notes",
)

#: ACLED's six event types.
EVENT_TYPES: tuple[str, ...] = (
    "Battles",
    "Explosions/Remote violence",
    "Violence against civilians",
    "Protests",
    "Riots",
    "Strategic developments",
)

#: Our own grouping, which drives marker style and the interim-authority shading.
CATEGORIES: dict[str, str] = {
    "interim_authority": "Interim authority installed or blocked",
    "disruption": "Disruption: occupation, attack, blockade, protest",
    "joint_patrol": "Joint patrol (army with former rebels)",
    "political": "Political: agreement, alliance, timetable",
    "context": "Context: background or later follow-up",
}

CATEGORY_COLORS: dict[str, str] = {
    "interim_authority": "#1b7837",
    "disruption": "#d7301f",
    "joint_patrol": "#2166ac",
    "political": "#7b3294",
    "context": "#737373",
}

#: Blocked or postponed installations get their own marker (colour and square symbol) and legend row.
IA_BLOCKED_KEY = "interim_authority_blocked"
IA_BLOCKED_COLOR = "#b35806"
IA_BLOCKED_LABEL = "Interim authority blocked or postponed (square)"

IA_STATUSES: tuple[str, ...] = ("installed", "blocked")
IA_STATUS_COLORS: dict[str, str] = {
    "installed": "#a6dba0",
    "blocked": "#f4a582",
    "mixed": "#fee08b",
    "none": "#d9d9d9",
    "n/a": "#ffffff",
}

IN_ARTICLE: dict[str, str] = {
    "excerpt": "Stated in the article's free excerpt",
    "likely": "Probably in the paywalled part of the article",
    "context": "Not from the article (context)",
}

#: ACLED precision codes, as shown to users.
GEO_PRECISION: dict[int, str] = {
    1: "exact place",
    2: "near this place / part of a district",
    3: "region-level only",
}
TIME_PRECISION: dict[int, str] = {1: "exact day", 2: "within a week", 3: "within a month"}


def category_from_event_type(event_type: str) -> str:
    """Default category for rows (e.g. ACLED exports) that have none."""
    if event_type == "Strategic developments":
        return "context"
    return "disruption"
