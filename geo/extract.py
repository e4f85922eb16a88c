"""From article text to place mentions and candidate events (English or French), offline and deterministic.

    result = extract(text, published=date(2017, 3, 9), lang="auto")

One candidate event per sentence that carries an event trigger (installed / blocked interim authority,
occupation, attack, protest, patrol, alliance, agreement): its date is the sentence's first date expression
(else the last date seen in the article, marked approximate), its place the sentence's first Malian place
(else none), its actors the first two actors named. A sentence about the future yields a planned event.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from .actors import load_actors
from .gazetteer import load_gazetteer
from .timex import find_dates, is_future
from .toponyms import find_places

_SENTENCE = re.compile(r"[^.!?\n]+(?:[.!?]+|$)", re.M)
_ABBREV = re.compile(r"\b(?:Col|Gen|Capt|Lt|Mr|Mme|M|Dr|Me|St|No|U\.N|U\.S|Jan|Feb|Mar|Apr|Aug|Sept|Oct|Nov|Dec)\.$")

# (pattern, event_type, sub_event_type, category, ia_status)
TRIGGERS: list[tuple[re.Pattern[str], str, str, str, str]] = [
    (re.compile(r"(interim|intérimaire|transitional|transitoire)[\w\s'’]{0,80}?(postpon|report|block|bloqu|halt|"
                r"suspend|cancel|annul|sine die|delay)|(postpon|report|block|bloqu|halt|suspend|cancel|annul|delay)"
                r"[\w\s'’]{0,80}?(interim|intérimaire|installation)", re.I),
     "Strategic developments", "Other", "interim_authority", "blocked"),
    (re.compile(r"(interim|intérimaire|transitional college|collège transitoire)[\w\s'’,]{0,80}?"
                r"(install|sworn|took office|investi|prise de fonction|mise en place|arriv)|"
                r"(install|sworn in|took office|investi)"
                r"[\w\s'’,]{0,80}?(interim|intérimaire)", re.I),
     "Strategic developments", "Other", "interim_authority", "installed"),
    (re.compile(r"\b(took office|sworn in|prêté serment|a été installée?|ont été installée?s)\b", re.I),
     "Strategic developments", "Other", "interim_authority", "installed"),
    (re.compile(r"\b(suicide|kamikaze|car bomb|voiture piégée|IED|mine|engin explosif|shell(?:ed|ing)|obus|roquette|"
                r"rocket|mortar|mortier)", re.I),
     "Explosions/Remote violence", "Remote explosive/landmine/IED", "disruption", ""),
    (re.compile(r"\b(attack|attaqu|ambush|embuscade|clash|affrontement|fighting|combats?|gunfire|coups de feu|"
                r"tirs|killed|tués?|raid)", re.I),
     "Battles", "Armed clash", "disruption", ""),
    (re.compile(r"\b(occup|seiz|took over|take over|s'emparer|emparés?|pris le contrôle|checkpoints?|barrages?|"
                r"roadblocks?|blockade|bloquent|encercl|surround)", re.I),
     "Strategic developments", "Non-state actor overtakes territory", "disruption", ""),
    (re.compile(r"\b(protest|demonstrat|march(?:ed|es)?\b|manifest|marche|sit-in|rally|rassemblement)", re.I),
     "Protests", "Peaceful protest", "disruption", ""),
    (re.compile(r"\b(patrol|patrouill)", re.I), "Strategic developments", "Other", "joint_patrol", ""),
    (re.compile(r"\b(alliance|allied|merge|merger|fusion|fusionn|allegiance|allégeance|joined forces)", re.I),
     "Strategic developments", "Change to group/activity", "political", ""),
    (re.compile(r"\b(agreement|accord|signed|signé|timetable|calendrier|ceasefire|cessez-le-feu)", re.I),
     "Strategic developments", "Agreement", "political", ""),
]
GENERIC_ACTORS = {"Unidentified armed group", "Protesters"}
_FRENCH = re.compile(r"\b(le|la|les|des|du|une|est|sont|dans|avec|pour|qui|été|ont|à)\b", re.I)


def detect_language(text: str) -> str:
    words = max(1, len(text.split()))
    return "fr" if len(_FRENCH.findall(text)) / words > 0.08 else "en"


def sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans; abbreviations such as "Col." or "U.N." do not end a sentence."""
    spans: list[tuple[int, int]] = []
    for m in _SENTENCE.finditer(text):
        s, e = m.start(), m.end()
        if not text[s:e].strip():
            continue
        if spans and _ABBREV.search(text[spans[-1][0]:spans[-1][1]].rstrip()):
            spans[-1] = (spans[-1][0], e)
        else:
            spans.append((s, e))
    return [(s + len(text[s:e]) - len(text[s:e].lstrip()), e) for s, e in spans]


@dataclass
class Extraction:
    places: list[dict[str, Any]]
    events: list[dict[str, Any]]
    dates: list[dict[str, Any]]
    actors: list[dict[str, Any]]
    language: str

    def as_dict(self) -> dict[str, Any]:
        return {"language": self.language, "places": self.places, "events": self.events,
                "dates": self.dates, "actors": self.actors}


def extract(text: str, published: date, lang: str = "auto") -> Extraction:
    """Place, date and actor mentions and candidate events of one article."""
    gazetteer, actors = load_gazetteer(), load_actors()
    language = detect_language(text) if lang == "auto" else lang
    places = find_places(text, gazetteer, actors)
    actor_mentions = actors.find(text)
    dates_out, events = [], []
    last_date = None
    spans = sentences(text)
    parsed = []
    for s, e in spans:  # dates first: a dateless event may borrow the next sentence's date
        found = find_dates(text[s:e], published, last_date)
        parsed.append(found)
        if found:
            last_date = found[0].date
        for t in found:
            dates_out.append({"text": t.text, "start": s + t.start, "end": s + t.end, "date": t.date.isoformat(),
                              "date_end": t.date_end.isoformat() if t.date_end else None,
                              "time_precision": t.precision})
    triggers = [next((t for t in TRIGGERS if t[0].search(text[s:e])), None) for s, e in spans]
    last_date = None
    for k, ((s, e), found, trigger) in enumerate(zip(spans, parsed, triggers, strict=True)):
        when = found[0] if found else None
        if when is None and k + 1 < len(spans) and triggers[k + 1] is None and parsed[k + 1]:
            when = parsed[k + 1][0]  # "They merged. The video surfaced on Thursday."
        if trigger is not None:
            events.append(_event(trigger, text[s:e], s, e, when, last_date, published, places, actor_mentions))
        if found:
            last_date = found[0].date
    return Extraction(
        places=[m.as_dict() for m in places],
        events=events,
        dates=dates_out,
        actors=[{"text": m.text, "start": m.start, "end": m.end, "actor": m.actor} for m in actor_mentions],
        language=language,
    )


def _event(trigger, sentence: str, s: int, e: int, when, last_date, published: date,  # noqa: ANN001
           places, actor_mentions) -> dict[str, Any]:  # noqa: ANN001
    pattern, event_type, sub_type, category, ia_status = trigger
    inside = [p for p in places if s <= p.start < e]
    placed = next((p for p in inside if p.place is not None and p.place.country_code == "ML"), None)
    named = []
    for m in actor_mentions:
        if s <= m.start < e and m.actor not in named:
            named.append(m.actor)
    named.sort(key=lambda a: a in GENERIC_ACTORS)  # "armed men from the CJA": the CJA first
    if when is not None:
        day, end, precision = when.date, when.date_end, when.precision
    else:
        day, end, precision = (last_date or published), None, 2
    planned = is_future(sentence) and day >= published
    point = placed.place if placed else None
    return {
        "event_date": day.isoformat(), "date_end": end.isoformat() if end else None, "time_precision": precision,
        "event_type": event_type, "sub_event_type": "Planned" if planned else sub_type, "category": category,
        "ia_status": ia_status, "planned": planned,
        "actor1": named[0] if named else "", "actor2": named[1] if len(named) > 1 else "",
        "location": point.name if point else (inside[0].text if inside else ""),
        "admin1": point.admin1 if point else "",
        "latitude": point.latitude if point else None, "longitude": point.longitude if point else None,
        "geonameid": (point.geonameid or None) if point else None,
        "geo_precision": 1 if point else None,
        "evidence": {"start": s, "end": e, "text": sentence.strip()},
        "trigger": pattern.search(sentence).group(0),
    }


def events_table(result: Extraction, article_id: str, source: str = "", url: str = "") -> list[dict[str, Any]]:
    """Candidate events as rows of the events file format (so they can be reviewed, merged and mapped)."""
    rows = []
    for n, ev in enumerate(result.events, start=1):
        rows.append({
            "event_id": f"{article_id}-{n:02d}", "event_date": ev["event_date"], "date_end": ev["date_end"] or "",
            "time_precision": ev["time_precision"], "event_type": ev["event_type"],
            "sub_event_type": ev["sub_event_type"], "category": ev["category"], "ia_status": ev["ia_status"],
            "ia_regions": ev["admin1"] if ev["ia_status"] else "", "actor1": ev["actor1"] or "Unidentified armed group",
            "assoc_actor_1": "", "actor2": ev["actor2"], "admin1": ev["admin1"], "location": ev["location"],
            "latitude": ev["latitude"], "longitude": ev["longitude"], "geo_precision": ev["geo_precision"] or "",
            "geonameid": ev["geonameid"] or "", "geo_source": "geoparsed" if ev["latitude"] is not None else "",
            "in_article": "excerpt", "fatalities": 0, "source": source, "source_urls": url,
            "notes": ev["evidence"]["text"],
        })
    return rows


def regeocode(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """After a reviewer edited locations: place each row from its location text (Mali first), or unplace it."""
    gazetteer = load_gazetteer()
    out = []
    for row in rows:
        row = dict(row)
        place = gazetteer.best(str(row.get("location") or "")) if row.get("location") else None
        if place is None:
            row.update(latitude=None, longitude=None, geonameid="", geo_precision="", geo_source="")
        else:
            row.update(latitude=place.latitude, longitude=place.longitude, geonameid=place.geonameid,
                       admin1=place.admin1, geo_precision=row.get("geo_precision") or 1, geo_source="geoparsed")
        out.append(row)
    return out


def reviewed_events(rows: list[dict[str, Any]]) -> Any:
    """Rows a reviewer kept (possibly edited): re-placed from their location text and validated like any
    events file, so bad edits are reported by row instead of reaching the map. Returns a LoadResult, or None
    when nothing was kept."""
    import pandas as pd

    from .events import load_events, to_csv_bytes

    kept = pd.DataFrame(regeocode(rows))
    if kept.empty:
        return None
    kept["event_date"] = pd.to_datetime(kept["event_date"], errors="coerce")
    kept["date_end"] = pd.to_datetime(kept["date_end"].replace("", None), errors="coerce")
    return load_events(to_csv_bytes(kept))
