"""Single values typed by users (dates on the command line, in links and article headers), without pandas."""

from __future__ import annotations

from datetime import date, datetime

#: Every way a date is accepted, in files, on the command line, in links and article headers (day first).
DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%d %B %Y", "%Y/%m/%d", "%d-%m-%Y", "%d-%B-%Y", "%d %b %Y", "%B %d, %Y")
#: Input formats of events files (auto: detected from the header).
FORMATS = ("auto", "native", "acled", "ucdp")
#: Output formats of events (geo.convert.write_events).
OUTPUTS = ("acled", "native", "geojson", "gpkg")


def parse_date(value: str) -> date | None:
    """Parse a date in any of :data:`DATE_FORMATS` (ISO, or day first: DD/MM/YYYY); None if none fits."""
    value = value.strip()
    for fmt in DATE_FORMATS:
        try:
            return datetime.strptime(value, fmt).date()
        except ValueError:
            continue
    return None
