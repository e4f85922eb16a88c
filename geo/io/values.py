"""Single values typed by users (dates on the command line, in links and article headers), without pandas."""

from __future__ import annotations

from datetime import date, datetime

_DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%d %B %Y", "%Y/%m/%d")
#: Input formats of events files (auto: detected from the header).
FORMATS = ("auto", "native", "acled", "ucdp")


def parse_date(value: str) -> date | None:
    """Parse ISO (YYYY-MM-DD) or day-first (DD/MM/YYYY) dates; None if neither."""
    value = value.strip()
    for fmt in _DATE_FORMATS:
        try:
            return datetime.strptime(value, fmt).date()
        except ValueError:
            continue
    return None
