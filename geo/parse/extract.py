"""From article text to place mentions and candidate events (English or French), offline and deterministic.

    result = extract(text, published=date(2017, 3, 9), lang="auto")

Text is tokenised and split into sentences and clauses with spaCy (geo.parse.text); places, dates and
actors are found as before (geo.parse.places, geo.parse.dates, data/actors.csv); events are built from
triggers matched on lemmas with the date and places of their clause (geo.parse.events). A dateline is never
an event, but its date anchors the article's relative dates ("today", "on Monday").
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from ..actors import load_actors
from ..gazetteer import load_gazetteer
from .dates import find_dates
from .events import (
    Event,
    as_dict,
    best_date,
    casualties,
    clause_event_kind,
    event_places,
    find_triggers,
    is_claim,
    is_reference,
    merge_events,
    modality,
    reported,
)
from .places import find_places
from .text import clauses, dateline, detect_language, pipeline, tokens_of

GENERIC_ACTORS = {"Unidentified armed group", "Protesters"}
#: An unnamed place in an event's clause ("in a Fulani village") that the next sentence may name.
_GENERIC_PLACES = {"village", "town", "city", "camp", "base", "locality", "ville", "localité", "hameau", "commune",
                   "bourgade", "cité"}
_DEFINITE = {"the", "this", "that", "these", "la", "le", "les", "cette", "ce", "cet", "ces", "l'"}


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
    head = dateline(text)
    anchor = published
    if head:
        stamped = [t for t in find_dates(text[head[0]:head[1]], published) if t.precision == 1]
        if stamped and stamped[0].date <= published:
            anchor = stamped[0].date
    doc = pipeline(language)(text)
    tokens = tokens_of(doc, language)
    article_lemmas = {t.lemma for t in tokens}
    spans = [(s.start_char, s.end_char) for s in doc.sents if s.text.strip()]
    dates_out: list[dict[str, Any]] = []
    all_dates = []
    last_date = None
    for s, e in spans:
        found = find_dates(text[s:e], anchor, last_date)
        for t in found:
            shifted = type(t)(s + t.start, s + t.end, t.text, t.date, t.date_end, t.precision, t.relative_to_previous)
            if not (head and head[0] <= shifted.start < head[1]):  # a dateline's date anchors, it dates no event
                all_dates.append(shifted)
            dates_out.append({"text": t.text, "start": s + t.start, "end": s + t.end, "date": t.date.isoformat(),
                              "date_end": t.date_end.isoformat() if t.date_end else None,
                              "time_precision": t.precision})
        if found:
            last_date = found[0].date
    events: list[Event] = []
    last: list[Event] = []  # the events of the latest clause that made any
    for k, (s, e) in enumerate(spans):
        sent_tokens = [t for t in tokens if s <= t.start < e and not (head and head[0] <= t.start < head[1])]
        for clause in clauses(sent_tokens, lambda tok: _is_trigger_word(tok, language)):
            made = _clause_events(clause, language, article_lemmas, places, all_dates, (s, e), text, anchor,
                                  actor_mentions, last, spans[k + 1:], events)
            if made:
                events += made
                last = made
    return Extraction(
        places=[m.as_dict() for m in places],
        events=[as_dict(ev) for ev in merge_events(events)],
        dates=dates_out,
        actors=[{"text": m.text, "start": m.start, "end": m.end, "actor": m.actor} for m in actor_mentions],
        language=language,
    )


def _actors_in(start: int, end: int, actor_mentions) -> list[str]:  # noqa: ANN001
    named = []
    for m in actor_mentions:
        if start <= m.start < end and m.actor not in named:
            named.append(m.actor)
    named.sort(key=lambda a: a in GENERIC_ACTORS)  # "armed men from the CJA": the CJA first
    return named


def _is_trigger_word(tok, lang: str) -> bool:  # noqa: ANN001
    from .lexicon import TRIGGERS

    return any(tok.lemma in langs.get(lang, ()) for langs in TRIGGERS.values())


def _has_trigger_text(sentence: str, lang: str) -> bool:
    tokens = tokens_of(pipeline(lang)(sentence), lang)
    return any(_is_trigger_word(t, lang) for t in tokens)


def _place_after(later_spans, places, text: str, has_trigger):  # noqa: ANN001, ANN202
    """The first point place of the next sentence, when that sentence reports no event of its own."""
    if not later_spans:
        return [], None
    s, e = later_spans[0]
    if has_trigger(s, e):
        return [], None
    after = [m for m in places if s <= m.start < e and m.kind == "place" and m.place is not None
             and not is_reference(text, m.start)]
    return ([after[0]], 1) if after else ([], None)


def _place_in_sentence(clause, sentence, places, text: str, language: str):  # noqa: ANN001, ANN202
    """The first point place elsewhere in the sentence, outside clauses that report their own event."""
    from .text import clauses as split

    doc_tokens = tokens_of(pipeline(language)(text[sentence[0]:sentence[1]]), language)
    own_events = [(sentence[0] + c.start, sentence[0] + c.end) for c in split(doc_tokens)  # tolls are not events
                  if any(t.kind.name != "kill" for t in find_triggers(c, language))]
    candidates = [m for m in places if sentence[0] <= m.start < sentence[1] and m.kind == "place"
                  and m.place is not None and not (clause.start <= m.start < clause.end)
                  and not any(s <= m.start < e for s, e in own_events) and not is_reference(text, m.start)]
    return ([candidates[0]], 2) if candidates else ([], None)


def _place_before(start: int, places, last, text: str):  # noqa: ANN001, ANN202
    """The last point place named before ``start`` (not in a dateline), else the latest event's place."""
    head = dateline(text)
    before = [m for m in places if m.end <= start and m.kind == "place" and m.place is not None
              and not (head and head[0] <= m.start < head[1]) and not is_reference(text, m.start)]
    if before:
        return [before[-1]], 2
    if last and last[-1].place is not None:
        return [last[-1].place], last[-1].geo_precision
    return [], None


def _clause_events(clause, language, article_lemmas, places, all_dates, sentence, text, anchor,  # noqa: ANN001, PLR0913
                   actor_mentions, last, later_spans, events) -> list[Event]:  # noqa: ANN001
    triggers = find_triggers(clause, language)
    trig = clause_event_kind(triggers, clause, language, article_lemmas)
    deaths, note = casualties(clause)
    if trig is None:
        if deaths is not None and last and last[-1].fatalities is None:
            last[-1].fatalities = deaths  # "Five of the guards were killed": the toll of the event just found
        return []
    mod = modality(clause, trig.token)
    if mod == "negated":
        return []
    named = _actors_in(clause.start, clause.end, actor_mentions)
    if is_claim(clause):
        if last:
            last[-1].claimed_by += [a for a in named if a not in last[-1].claimed_by]
        return []
    when = best_date(all_dates, clause, sentence, [t.token.start for t in triggers] or [trig.token.start])
    group, precision = event_places(clause, trig.token, places, text, sentence[0])
    idx = next(i for i, t in enumerate(clause.tokens) if t is trig.token)
    definite = any(t.lower in _DEFINITE for t in clause.tokens[max(0, idx - 2):idx])
    if not group and last and (trig.kind.name == "block" and any(ev.planned for ev in last)):
        for ev in last:  # "the ceremony was postponed": the planned installation did not take place
            if ev.planned:
                ev.kind, ev.planned, ev.trigger, ev.modality = trig.kind, False, trig.text, "asserted"
        return []
    own_date = any(clause.start <= t.start < clause.end for t in all_dates)
    if last and not own_date and definite and reported(clause, trig.token):
        target = last[-1]  # "officials condemned the raid": a statement about the event just found
        target.actors += [a for a in named if a not in target.actors]
        return []
    if not group and last and not own_date and (trig.kind.name == "kill" or definite):
        target = last[-1]  # a later mention of the same occurrence: its toll and actors
        if deaths is not None and target.fatalities is None:
            target.fatalities = deaths
        target.actors += [a for a in named if a not in target.actors]
        return []
    if when is not None:
        day, end, tprec = when.date, when.date_end, when.precision
    elif last:
        day, end, tprec = last[-1].date, None, last[-1].time_precision
    else:  # the next sentence's date ("They merged. The video surfaced on Thursday."), else the last one given
        ahead = next((t for t in all_dates if later_spans and later_spans[0][0] <= t.start < later_spans[0][1]), None)
        before = [t for t in all_dates if t.end <= clause.start]
        ahead = ahead or (before[-1] if before else None)
        day, end, tprec = (ahead.date, ahead.date_end, ahead.precision) if ahead else (anchor, None, 2)
    generic = {t.lower for t in clause.tokens} & _GENERIC_PLACES
    if not group and generic:  # "a massacre in a village. Armed men burst into Ogossagou": named next
        group, precision = _place_after(later_spans, places, text, lambda s, e: _has_trigger_text(text[s:e], language))
    if not group:  # "After the attack, on Sunday, in the village of X, ...": the rest of the sentence
        group, precision = _place_in_sentence(clause, sentence, places, text, language)
    if not group:  # "the town, which had been seized on Thursday": the place last named before this clause
        group, precision = _place_before(clause.start, places, last, text)
    planned = mod == "planned" and day >= anchor
    evidence = (clause.start, clause.end, text[clause.start:clause.end].strip())
    made = []
    for place in group or [None]:
        made.append(Event(trig.kind, trig.text, day, end, tprec, planned, place,
                          precision if place is not None else None, deaths, note, list(named), evidence,
                          "planned" if planned else "asserted"))
    return made


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
            "in_article": "excerpt", "fatalities": "" if ev.get("fatalities") is None else ev["fatalities"],
            "source": source, "source_urls": url,
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

    from ..events import load_events, to_csv_bytes

    kept = pd.DataFrame(regeocode(rows))
    if kept.empty:
        return None
    kept["event_date"] = pd.to_datetime(kept["event_date"], errors="coerce")
    kept["date_end"] = pd.to_datetime(kept["date_end"].replace("", None), errors="coerce")
    return load_events(to_csv_bytes(kept))
