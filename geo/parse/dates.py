"""Date expressions in English and French news text, resolved against the publication date.

Handles weekdays ("on Monday", "last Thursday", "mardi", "mardi dernier"), explicit days ("30 September",
"September 30, 2016", "le 2 mars 2017", "2/3/2017"), relative days ("yesterday", "hier", "le lendemain",
"the day before", "avant-hier"), vaguer spans ("late February", "fin février", "last week", "la semaine
dernière", "in 2012", "en 2012", "in March"), and says whether a sentence speaks of the future
("protests are expected on Friday", "doit se tenir vendredi") so the event is planned, not past.
ACLED time precision: 1 day, 2 week, 3 month (a bare year is given as a range with precision 3).
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta

MONTHS = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7, "august": 8,
    "september": 9, "october": 10, "november": 11, "december": 12,
    "janvier": 1, "fevrier": 2, "février": 2, "mars": 3, "avril": 4, "mai": 5, "juin": 6, "juillet": 7,
    "aout": 8, "août": 8, "septembre": 9, "octobre": 10, "novembre": 11, "decembre": 12, "décembre": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "oct": 10,
    "nov": 11, "dec": 12,
}
WEEKDAYS = {
    "monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5, "sunday": 6,
    "lundi": 0, "mardi": 1, "mercredi": 2, "jeudi": 3, "vendredi": 4, "samedi": 5, "dimanche": 6,
}
_MONTH = "|".join(sorted(MONTHS, key=len, reverse=True))
_WEEKDAY = "|".join(WEEKDAYS)
FUTURE_CUES = re.compile(
    r"\b(will|expected|planned|plans? to|scheduled|due to|is to|are to|set to|tomorrow|next week|next month|upcoming|"
    r"doit|doivent|devrait|devraient|prévu|prévue|prévues|prévus|prochain|prochaine|demain|aura lieu|auront lieu|"
    r"va |vont |annoncée? pour|compte|preparing|prepares? to|se prépare|s'apprête|s'apprêtent)\b",
    re.IGNORECASE,
)

_NAMED = r"(?!\s+(?:Movement|Mouvement|Coalition|Alliance|Front)\b)"  # "the June 5 Movement" is a name

_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    # "Friday the 10th", "Saturday the 11th of July": the day of the month, in this month unless named
    ("wd_nth", re.compile(rf"\b(?:on\s+)?(?:{_WEEKDAY})\s+(?:the\s+)?(\d{{1,2}})(?:st|nd|rd|th)"
                          rf"(?:\s+of\s+({_MONTH}))?(?:,?\s+(\d{{4}}))?\b", re.I)),
    # "du 18 au 19 juin", "18-19 June", "Aug. 15-16": one span over both days
    ("dd_range", re.compile(rf"\b(?:du\s+|from\s+|between\s+)?(\d{{1,2}})(?:er)?\s*(?:au|-|–|to)\s*"
                            rf"(\d{{1,2}})(?:er)?\s+({_MONTH})\.?(?:,?\s+(\d{{4}}))?\b", re.I)),
    ("md_range", re.compile(rf"\b({_MONTH})\.?\s+(\d{{1,2}})\s*(?:-|–|to)\s*(\d{{1,2}})(?:,?\s+(\d{{4}}))?\b", re.I)),
    # "dans la nuit de samedi à dimanche", "overnight from Saturday to Sunday": the night's two days
    ("night", re.compile(rf"\b(?:(?:dans\s+)?la\s+nuit\s+(?:de|du)|overnight\s+(?:from\s+)?|the\s+night\s+of)\s+"
                         rf"({_WEEKDAY})\s+(?:à|au|to|into)\s+({_WEEKDAY})\b", re.I)),
    ("dmy", re.compile(rf"\b(?:le\s+|on\s+|the\s+)?(\d{{1,2}})(?:er|st|nd|rd|th)?\s+(?:of\s+)?({_MONTH})\.?"
                       rf"(?:,?\s+(\d{{4}}))?\b{_NAMED}", re.I)),
    ("mdy", re.compile(rf"\b({_MONTH})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?(?:,?\s+(\d{{4}}))?\b{_NAMED}", re.I)),
    ("numeric", re.compile(r"\b(\d{1,2})/(\d{1,2})/(\d{4})\b")),
    ("iso", re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")),
    # "beginning in late February", "depuis fin février": from then until the report
    ("since", re.compile(rf"\b(?:beginning|starting|since|depuis|dès)\s+(?:in\s+|en\s+|le\s+)?"
                         rf"(early|mid|late|début|mi|fin)?[\s\-]*({_MONTH})(?:\s+(\d{{4}}))?\b", re.I)),
    ("month_start", re.compile(r"\b(?:depuis|since)\s+(?:le\s+|the\s+)?(?:début|start|beginning)\s+(?:du|of\s+the)\s+"
                               r"(?:mois|month)\b", re.I)),
    ("part_month", re.compile(rf"\b(early|mid|late|début|mi|fin)[\s\-]+({_MONTH})(?:\s+(\d{{4}}))?\b", re.I)),
    ("month_rel", re.compile(rf"\b(last|this|next)\s+({_MONTH})\b|\b({_MONTH})\s+(dernier|prochain)\b", re.I)),
    ("midweek", re.compile(r"\b(?:mid-?week|en milieu de semaine|en début de semaine|early this week|"
                           r"earlier this week)\b", re.I)),
    ("weekday", re.compile(rf"\b(last\s+|this\s+|next\s+|ce\s+)?({_WEEKDAY})"
                           rf"(\s+(?:dernier|prochain|last|next))?\b", re.I)),
    ("coming", re.compile(r"\b(?:next month|le mois prochain|(?:in |within |over )?the coming (?:days|weeks)|"
                          r"dans les (?:prochains jours|jours à venir|prochaines semaines|semaines à venir)|"
                          r"later this month|plus tard ce mois-ci|d'ici la fin du mois|by the end of the month)\b",
                          re.I)),
    ("relative", re.compile(r"\b(yesterday|today|tomorrow|the day before|the next day|the following day|"
                            r"avant-hier|hier|aujourd'hui|aujourd’hui|demain|le lendemain|la veille|"
                            r"last week|this week|next week|la semaine dernière|cette semaine|la semaine prochaine|"
                            r"the same day|the same morning|the same afternoon|le même jour|ce même jour|"
                            r"le jour même|the same night|la même nuit|hours later|a few hours later|later that day|"
                            r"(?:a few |some )?hours afterwards|shortly afterwards|"
                            r"quelques heures plus tard|heures plus tard|plus tard dans la journée)\b",
                            re.I)),
    ("month", re.compile(rf"\b(?:in|en|since|depuis|au mois de|en mois de)\s+({_MONTH})(?:\s+(\d{{4}}))?\b", re.I)),
    ("year", re.compile(r"\b(?:in|en|since|depuis|of|de)\s+((?:19|20)\d{2})\b", re.I)),
]


@dataclass(frozen=True)
class TimeExpr:
    """A resolved date expression: the span it covers and its ACLED precision."""

    start: int
    end: int
    text: str
    date: date
    date_end: date | None
    precision: int
    relative_to_previous: bool = False


def _year_for(month: int, day: int, published: date) -> int:
    """Nearest year for a day-month without year: news reports recent events (or near-future plans)."""
    candidate = date(published.year, month, min(day, calendar.monthrange(published.year, month)[1]))
    return published.year - 1 if (candidate - published).days > 60 else published.year


def _safe(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
        return None


def _weekday(match: re.Match[str], published: date, future: bool) -> tuple[date, None, int]:
    prefix, name, suffix = (match.group(1) or "").lower().strip(), match.group(2).lower(), (match.group(3) or "")
    target = WEEKDAYS[name]
    suffix = suffix.lower().strip()
    ahead = prefix in ("next",) or suffix in ("prochain", "next") or (future and prefix not in ("last",)
                                                                       and suffix not in ("dernier", "last"))
    if ahead:  # "will be installed as from Saturday" on a Saturday is today; "next Saturday" is a week on
        delta = (target - published.weekday()) % 7 or (7 if prefix == "next" or suffix in ("prochain", "next") else 0)
        return published + timedelta(days=delta), None, 1
    delta = (published.weekday() - target) % 7
    if prefix == "last" or suffix in ("dernier", "last"):
        delta = delta or 7
    return published - timedelta(days=delta), None, 1


def _relative(word: str, published: date, previous: date | None) -> tuple[date, date | None, int, bool]:
    w = word.lower().replace("’", "'")
    week_start = published - timedelta(days=published.weekday())
    table = {
        "yesterday": (published - timedelta(days=1), None, 1), "hier": (published - timedelta(days=1), None, 1),
        "avant-hier": (published - timedelta(days=2), None, 1),
        "today": (published, None, 1), "aujourd'hui": (published, None, 1),
        "tomorrow": (published + timedelta(days=1), None, 1), "demain": (published + timedelta(days=1), None, 1),
        "last week": (week_start - timedelta(days=7), week_start - timedelta(days=1), 2),
        "la semaine dernière": (week_start - timedelta(days=7), week_start - timedelta(days=1), 2),
        "this week": (week_start, week_start + timedelta(days=6), 2),
        "cette semaine": (week_start, week_start + timedelta(days=6), 2),
        "next week": (week_start + timedelta(days=7), week_start + timedelta(days=13), 2),
        "la semaine prochaine": (week_start + timedelta(days=7), week_start + timedelta(days=13), 2),
    }
    if w in table:
        return (*table[w], False)
    base = previous or published
    if w.startswith(("the same", "le même", "ce même", "le jour même", "la même")) or "later" in w or "plus tard" in w \
            or "afterwards" in w:
        return base, None, 1, True
    if w in ("le lendemain", "the next day", "the following day"):
        return base + timedelta(days=1), None, 1, True
    return base - timedelta(days=1), None, 1, True  # la veille, the day before


_NUMBER_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
                 "ten": 10, "un": 1, "une": 1, "deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "sept": 7, "huit": 8,
                 "neuf": 9, "dix": 10, "a": 1}
#: "six days after the attack on X", "just over 24 hours after gunmen opened fire": X happened that long before
#: the date of the sentence. The expression's span starts at "after", where the clause about X starts.
_ELAPSED = re.compile(r"\b(\d{1,3}|one|two|three|four|five|six|seven|eight|nine|ten|a|un|une|deux|trois|quatre|cinq|"
                      r"sept|huit|neuf|dix)\s+(days?|jours?|hours?|heures?|weeks?|semaines?)\s+(after|après)\b", re.I)


def find_dates(text: str, published: date, previous: date | None = None) -> list[TimeExpr]:
    """Date expressions of one sentence, in text order (overlapping matches: the first pattern wins). Relative
    expressions ("la veille", "the next day", "six days after") count from the date just before them in the
    sentence, else from ``previous``."""
    future = bool(FUTURE_CUES.search(text))
    taken: list[tuple[int, int]] = []
    matches: list[tuple[str, re.Match[str]]] = []
    for kind, pattern in _PATTERNS:
        for m in pattern.finditer(text):
            if any(m.start() < e and s < m.end() for s, e in taken):
                continue
            taken.append((m.start(), m.end()))
            matches.append((kind, m))
    for m in _ELAPSED.finditer(text):
        if not any(m.start() < e and s < m.end() for s, e in taken):
            matches.append(("elapsed", m))
    matches.sort(key=lambda km: km[1].start())
    found: list[TimeExpr] = []
    for kind, m in matches:
        base = found[-1].date if found else previous
        if kind == "elapsed":
            amount = int(m.group(1)) if m.group(1).isdigit() else _NUMBER_WORDS[m.group(1).lower()]
            unit = m.group(2).lower()
            days = amount * 7 if unit.startswith(("week", "semaine")) else (
                max(1, round(amount / 24)) if unit.startswith(("hour", "heure")) else amount)
            anchor = base or published
            found.append(TimeExpr(m.start(3), m.end(), m.group(0), anchor - timedelta(days=days), None, 1, True))
            continue
        resolved = _resolve(kind, m, published, base if kind == "relative" else previous, future)
        if resolved is None:
            continue
        start_d, end_d, precision, rel = resolved
        found.append(TimeExpr(m.start(), m.end(), m.group(0), start_d, end_d, precision, rel))
    return found


def _resolve(kind: str, m: re.Match[str], published: date, previous: date | None,
             future: bool) -> tuple[date, date | None, int, bool] | None:
    if kind == "wd_nth":
        day = int(m.group(1))
        if m.group(2):
            month = MONTHS[m.group(2).lower()]
            year = int(m.group(3)) if m.group(3) else _year_for(month, day, published)
        else:  # "Friday the 10th": this month, or the last one if the 10th is still to come
            year, month = (published.year, published.month) if day <= published.day or future else (
                (published.year, published.month - 1) if published.month > 1 else (published.year - 1, 12))
        d = _safe(year, month, day)
        return (d, None, 1, False) if d else None
    if kind in ("dd_range", "md_range"):
        first, last, name, year_text = (m.group(1), m.group(2), m.group(3), m.group(4)) if kind == "dd_range" else (
            m.group(2), m.group(3), m.group(1), m.group(4))
        month = MONTHS[name.lower()]
        year = int(year_text) if year_text else _year_for(month, int(first), published)
        lo, hi = _safe(year, month, int(first)), _safe(year, month, int(last))
        return (lo, hi, 1, False) if lo and hi and lo < hi else None
    if kind == "night":
        second = published - timedelta(days=(published.weekday() - WEEKDAYS[m.group(2).lower()]) % 7)
        return second - timedelta(days=1), second, 1, False
    if kind == "dmy":
        month = MONTHS[m.group(2).lower()]
        day = int(m.group(1))
        year = int(m.group(3)) if m.group(3) else _year_for(month, day, published)
        d = _safe(year, month, day)
        return (d, None, 1, False) if d else None
    if kind == "mdy":
        month, day = MONTHS[m.group(1).lower()], int(m.group(2))
        if m.group(1).lower() in ("mar", "may", "mai") and not m.group(3) and day > 31:
            return None
        year = int(m.group(3)) if m.group(3) else _year_for(month, day, published)
        d = _safe(year, month, day)
        return (d, None, 1, False) if d else None
    if kind == "numeric":
        d = _safe(int(m.group(3)), int(m.group(2)), int(m.group(1)))  # day first, as in Mali and France
        return (d, None, 1, False) if d else None
    if kind == "iso":
        d = _safe(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        return (d, None, 1, False) if d else None
    if kind == "month_start":
        return published.replace(day=1), published, 2, False
    if kind == "part_month":
        month = MONTHS[m.group(2).lower()]
        year = int(m.group(3)) if m.group(3) else _year_for(month, 15, published)
        last = calendar.monthrange(year, month)[1]
        part = m.group(1).lower()
        lo, hi = {"early": (1, 10), "début": (1, 10), "mid": (11, 20), "mi": (11, 20)}.get(part, (21, last))
        return date(year, month, lo), date(year, month, hi), 2, False
    if kind == "weekday":
        return (*_weekday(m, published, future), False)
    if kind == "since":
        month = MONTHS[m.group(2).lower()]
        year = int(m.group(3)) if m.group(3) else _year_for(month, 15, published)
        part = (m.group(1) or "").lower()
        lo = {"early": 1, "début": 1, "mid": 11, "mi": 11, "late": 21, "fin": 21}.get(part, 1)
        start = date(year, month, lo)
        return (start, published, 2 if part else 3, False) if start <= published else None
    if kind == "month_rel":
        name, rel = (m.group(2), m.group(1)) if m.group(2) else (m.group(3), m.group(4))
        month, rel = MONTHS[name.lower()], rel.lower()
        year = published.year + (1 if rel in ("next", "prochain") and month <= published.month else 0) - (
            1 if rel in ("last", "dernier") and month >= published.month else 0)
        return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1]), 3, False
    if kind == "midweek":
        monday = published - timedelta(days=published.weekday())
        word = m.group(0).lower()
        day = monday + timedelta(days=0 if "début" in word or "early" in word or "earlier" in word else 2)
        return (day if day <= published else day - timedelta(days=7)), None, 2, False
    if kind == "relative":
        return _relative(m.group(1), published, previous)
    if kind == "coming":  # what is still to come: a span after the report
        word = m.group(0).lower()
        if "month" in word and "next" in word or "mois prochain" in word:
            first = (published.replace(day=1) + timedelta(days=32)).replace(day=1)
            return first, first.replace(day=calendar.monthrange(first.year, first.month)[1]), 3, False
        if "week" in word or "semaine" in word:
            return published + timedelta(days=1), published + timedelta(days=21), 3, False
        if "month" in word or "mois" in word:
            return published, published.replace(day=calendar.monthrange(published.year, published.month)[1]), 2, \
                False
        return published + timedelta(days=1), published + timedelta(days=7), 2, False
    if kind == "month":
        month = MONTHS[m.group(1).lower()]
        year = int(m.group(2)) if m.group(2) else _year_for(month, 15, published)
        return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1]), 3, False
    if kind == "year":
        year = int(m.group(1))
        return date(year, 1, 1), date(year, 12, 31), 3, False
    return None


def is_future(sentence: str) -> bool:
    return bool(FUTURE_CUES.search(sentence))


def dateline_date(text: str, published: date | None = None) -> date | None:
    """The day of a dispatch's dateline ("KIDAL, 9 août 2018 (AFP) —"): what its relative days count from, and
    the publication date when none is given (then only a date with its year counts)."""
    from .text import dateline

    head = dateline(text)
    if head is None:
        return None
    for t in find_dates(text[head[0]:head[1]], published or date.today()):
        if t.precision == 1 and (published is not None or re.search(r"\b(?:19|20)\d\d\b", t.text)):
            return t.date if published is None or t.date <= published else None
    return None
