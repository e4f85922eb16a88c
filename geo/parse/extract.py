"""From article text to place mentions and candidate events (English or French), offline and deterministic.

    result = extract(text, published=date(2017, 3, 9), lang="auto")

Text is tokenised and split into sentences and clauses with spaCy (geo.parse.text); places, dates and
actors are found as before (geo.parse.places, geo.parse.dates, data/actors.csv); events are built from
triggers matched on lemmas with the date and places of their clause (geo.parse.events). A dateline is never
an event, but its date anchors the article's relative dates ("today", "on Monday").
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from ..actors import load_actors
from ..gazetteer import load_gazetteer
from .dates import dateline_date, find_dates
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
    place_phrase,
    reported,
)
from .lexicon import TRIGGERS
from .places import find_places, outside_people
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
    #: background dated by a year only ("the north fell in 2012"): said in the article, not an event of it
    context: list[dict[str, Any]] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {"language": self.language, "places": self.places, "events": self.events,
                "dates": self.dates, "actors": self.actors, "context": self.context}


@dataclass
class _Article:
    """One article as the event builder sees it: tokens, sentences and their clauses are computed once."""

    text: str
    language: str
    anchor: date  # the date relative expressions count from (the dateline's, else the publication date)
    head: tuple[int, int] | None  # the dateline's span
    places: list[Any]
    actor_mentions: list[Any]
    dates: list[Any]  # date expressions outside the dateline, in text order
    tokens: list[Any]
    spans: list[tuple[int, int]]
    lemmas: set[str]
    _clauses: dict[int, list[Any]] = field(default_factory=dict)
    _starts: list[int] = field(default_factory=list)  # token offsets, to find a sentence's tokens by bisection
    context: list[dict[str, Any]] = field(default_factory=list)

    def clauses(self, k: int) -> list[Any]:
        if k not in self._clauses:
            s, e = self.spans[k]
            head = self.head
            if not self._starts:
                self._starts = [t.start for t in self.tokens]
            sentence = self.tokens[bisect_left(self._starts, s):bisect_left(self._starts, e)]
            toks = [t for t in sentence if not (head and head[0] <= t.start < head[1])]
            self._clauses[k] = clauses(toks, lambda tok: _is_trigger_word(tok, self.language))
        return self._clauses[k]

    def has_event(self, k: int) -> bool:
        """Whether sentence ``k`` reports an event of its own (death tolls alone do not count)."""
        return any(t.kind.name != "kill" for c in self.clauses(k) for t in find_triggers(c, self.language))

    def in_dateline(self, start: int) -> bool:
        return bool(self.head) and self.head[0] <= start < self.head[1]


def extract(text: str, published: date, lang: str = "auto") -> Extraction:
    """Place, date and actor mentions and candidate events of one article."""
    gazetteer, actors = load_gazetteer(), load_actors()
    language = detect_language(text) if lang == "auto" else lang
    places = find_places(text, gazetteer, actors)
    actor_mentions = actors.find(text)
    head = dateline(text)
    anchor = dateline_date(text, published) or published
    doc = pipeline(language)(text)
    tokens = tokens_of(doc, language)
    places = outside_people(places, doc)
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
        dated = [t for t in found if not (head and head[0] <= s + t.start < head[1])]
        dated = [t for t in dated if not _SAID_ON.search(text[max(s, s + t.start - 30):s + t.start])] or dated
        if dated:  # "the same day" after this sentence: its first date that is not the dateline's
            last_date = dated[0].date
    article = _Article(text, language, anchor, head, places, actor_mentions, all_dates, tokens, spans,
                       {t.lemma for t in tokens})
    events: list[Event] = []
    last: list[Event] = []  # the events of the latest clause that made any
    for k in range(len(spans)):
        for clause in article.clauses(k):
            made = _clause_events(article, k, clause, last)
            if made:
                events += made
                last = made
    return Extraction(
        places=[m.as_dict() for m in places],
        events=[as_dict(ev) for ev in merge_events(events)],
        dates=dates_out,
        actors=[{"text": m.text, "start": m.start, "end": m.end, "actor": m.actor} for m in actor_mentions],
        language=language,
        context=article.context,
    )


#: "in northern Mali", "dans le nord du Mali": a part of a country, no town.
_AREA_OF_COUNTRY = re.compile(
    r"\b(?:in|across|throughout)\s+(?:the\s+)?(?:northern|southern|central|eastern|western)\s+[A-Z]"
    r"|\b(?:dans|à travers)\s+(?:le|tout le)\s+(?:nord|sud|centre|est|ouest)\s+(?:du|de la)\s+[A-Z]")


_REVISED = re.compile(r"\b(?:toll|bilan|rose|risen|climbed|revised|now|later|alourdi|passé|désormais|finalement|"
                      r"nouveau|new|updated|définitif|final)\b", re.I)


def _revised(clause) -> bool:  # noqa: ANN001
    return bool(_REVISED.search(" ".join(t.text for t in clause.tokens)))


def _background_year(when, anchor: date) -> bool:  # noqa: ANN001
    """A bare year before the article's year ("in 2012", "since 2015"): background, not the day of an event."""
    return when.precision == 3 and when.date_end is not None and (when.date_end - when.date).days > 300 \
        and when.date.year < anchor.year


#: An actor named as the target ("an attack on MINUSMA", "contre les FAMa") or the victim of a passive verb
#: ("FAMa soldiers were ambushed", "un convoi de la MINUSMA a été visé").
_TARGET_BEFORE = re.compile(
    r"(?:against|targeting|targeted|contre|visant|ciblant|(?:attacks?|assault|raid|ambush|offensive|attaques?|assaut|"
    r"embuscade)\s+(?:on|sur))\s+(?:the\s+|les?\s+|la\s+|l['’]|des\s+|du\s+|"
    r"a\s+|an\s+|un\s+|une\s+)?(?:[\w\-]+\s+){0,3}(?:of\s+(?:the\s+)?|de\s+(?:la\s+|l['’])?|du\s+|des\s+)?$", re.I)
_PASSIVE_AFTER = re.compile(
    r"^[^.;,]{0,40}?\b(?:was|were|has been|have been|had been|a été|ont été|avait été|avaient été|est|sont)\s+"
    r"(?:\w+\s+)?(?:attack|ambush|target|hit|kill|struck|shot|abduct|kidnap|attaqu|visé|cibl|tué|pris pour cible|"
    r"enlev|touch|frapp)", re.I)
_AGENT_BEFORE = re.compile(r"\b(?:by|par)\s+(?:the\s+|les?\s+|la\s+|l['’]|des\s+|du\s+)?(?:[\w\-]+\s+){0,3}$", re.I)


_SPEAKER = re.compile(r"^\s*(?:said|says|told|announced|reported|confirmed|stated|added|a\s+(?:dit|déclaré|indiqué|"
                      r"annoncé|confirmé|affirmé|précisé)|annonce|affirme|indique|précise)\b", re.I)
_SOURCE_BEFORE = re.compile(r"\b(?:according to|selon|d['’]après|de source)\s+(?:the\s+|la\s+|le\s+|l['’]|les\s+)?"
                            r"(?:[\w\-]+\s+){0,2}$", re.I)


def _actors_in(start: int, end: int, actor_mentions, text: str = "", tokens=()) -> list[str]:  # noqa: ANN001
    """Actors named in a clause: the side that acted first (actor1), then targets and victims (actor2). Where a
    trained parse is at hand (French), the mention's grammatical role decides: passive subject or object is
    the target, agent ("par X", obl:agent) or active subject the side that acted; else the wording does."""
    named, targets = [], []
    for m in actor_mentions:
        if start <= m.start < end and m.actor not in named:
            lead, tail = text[max(start, m.start - 50):m.start], text[m.end:end]
            if _SPEAKER.match(tail) or _SOURCE_BEFORE.search(lead):
                continue  # "the UN mission said", "selon la Minusma": who reports it, not who took part
            named.append(m.actor)
            role = _parsed_role(m, tokens)
            if role == "target" or (role is None and not _AGENT_BEFORE.search(lead) and (
                    _TARGET_BEFORE.search(lead) or _PASSIVE_AFTER.search(tail))):
                targets.append(m.actor)
    # "armed men from the CJA": the CJA first; the target or victim after whoever acted
    named.sort(key=lambda a: (a in targets, a in GENERIC_ACTORS))
    return [""] + named if named and len(targets) == len(named) else named  # only a victim: actor1 unknown


_TARGET_DEPS = {"nsubj:pass", "obj"}
_AGENT_DEPS = {"obl:agent", "nsubj"}


def _parsed_role(mention, tokens) -> str | None:  # noqa: ANN001
    """"target", "agent" or None (no parse, or a role the parse does not settle), climbing from the mention's
    head through nominal modifiers ("des soldats de la MINUSMA" is the passive subject's)."""
    by_start = {t.start: t for t in tokens if t.dep}
    inside = [t for t in by_start.values() if mention.start <= t.start < mention.end]
    if not inside:
        return None
    head = next((t for t in inside if not (mention.start <= t.head < mention.end)), inside[0])
    for _ in range(3):
        if head.dep in _TARGET_DEPS:
            return "target"
        if head.dep in _AGENT_DEPS:
            return "agent"
        if head.dep not in {"nmod", "appos", "flat:name", "compound"} or head.head not in by_start:
            return None
        head = by_start[head.head]
    return None


def _is_trigger_word(tok, lang: str) -> bool:  # noqa: ANN001
    return any(tok.lemma in langs.get(lang, ()) for langs in TRIGGERS.values())


def _point(m, article: _Article) -> bool:  # noqa: ANN001
    """A resolved point place, named as the place of something (not a reference point, not in a dateline)."""
    return (m.kind == "place" and m.place is not None and not article.in_dateline(m.start)
            and not is_reference(article.text, m.start))


def _place_after(article: _Article, k: int):  # noqa: ANN202
    """The first point place of the next sentence, when that sentence reports no event of its own."""
    if k + 1 >= len(article.spans) or article.has_event(k + 1):
        return [], None
    s, e = article.spans[k + 1]
    after = [m for m in article.places if s <= m.start < e and _point(m, article)]
    return ([after[0]], 1) if after else ([], None)


def _place_in_sentence(article: _Article, k: int, clause):  # noqa: ANN001, ANN202
    """The first point place elsewhere in the sentence, outside clauses that report their own event."""
    s, e = article.spans[k]
    own_events = [(c.start, c.end) for c in article.clauses(k)
                  if any(t.kind.name != "kill" for t in find_triggers(c, article.language))]
    candidates = [m for m in article.places if s <= m.start < e and _point(m, article)
                  and not (clause.start <= m.start < clause.end)
                  and not any(cs <= m.start < ce for cs, ce in own_events)]
    return ([candidates[0]], 2) if candidates else ([], None)


def _place_before(article: _Article, start: int, last):  # noqa: ANN001, ANN202
    """The last point place named before ``start``, else the latest event's place."""
    before = [m for m in article.places if m.end <= start and _point(m, article)]
    if before:
        return [before[-1]], 2
    if last and last[-1].place is not None:
        return [last[-1].place], last[-1].geo_precision
    return [], None


def _clause_events(article: _Article, k: int, clause, last: list[Event]) -> list[Event]:  # noqa: ANN001
    language, text, all_dates, sentence = article.language, article.text, article.dates, article.spans[k]
    triggers = find_triggers(clause, language)
    trig = clause_event_kind(triggers, clause, language, article.lemmas)
    deaths, note = casualties(clause)
    if trig is None:
        if deaths is not None and last and (last[-1].fatalities is None or _revised(clause)):
            last[-1].fatalities = deaths  # "Five of the guards were killed": the toll of the event just found
        return []
    mod = modality(clause, trig.token)
    if mod == "negated":
        if deaths == 0 and last:  # "Nobody was killed or wounded": the toll of what was just told
            for ev in last:
                if ev.fatalities is None:
                    ev.fatalities, ev.fatalities_note = 0, note
        return []
    named = _actors_in(clause.start, clause.end, article.actor_mentions, text, clause.tokens)
    if is_claim(clause):
        if last:
            last[-1].claimed_by += [a for a in named if a not in last[-1].claimed_by]
        return []
    when = best_date(all_dates, clause, sentence, [t.token.start for t in triggers] or [trig.token.start])
    if when is not None and _background_year(when, article.anchor):
        article.context.append({"year": when.date.year, "trigger": trig.text, "kind": trig.kind.name,
                                "evidence": text[clause.start:clause.end].strip()})
        return []  # "the region fell to rebels in 2012": context for the reader, not an event of this article
    group, precision = event_places(clause, trig.token, article.places, text, sentence[0])
    idx = next(i for i, t in enumerate(clause.tokens) if t is trig.token)
    definite = any(t.lower in _DEFINITE for t in clause.tokens[max(0, idx - 2):idx])
    if not group and last and mod != "planned" and (trig.kind.name == "block" and any(ev.planned for ev in last)):
        for ev in last:  # "the ceremony was postponed": the planned installation did not take place
            if ev.planned:
                ev.kind, ev.planned, ev.trigger, ev.modality = trig.kind, False, trig.text, "asserted"
        return []
    own_date = any(clause.start <= t.start < clause.end for t in all_dates)
    if last and not own_date and definite and reported(clause, trig.token):
        target = last[-1]  # "officials condemned the raid": a statement about the event just found
        target.actors += [a for a in named if a not in target.actors]
        if target.place is None and group:  # "police said the explosion happened 30 km from Douentza"
            target.place, target.geo_precision = group[0], precision
        return []
    sentence_dates = {t.date for t in all_dates if sentence[0] <= t.start < sentence[1]}
    if not group and last and not own_date and (trig.word_kind == "kill" or definite) and \
            sentence_dates <= {ev.date for ev in last}:
        target = last[-1]  # a later mention of the same occurrence: its toll and actors
        if deaths is not None and (target.fatalities is None or _revised(clause)):
            target.fatalities = deaths  # a later toll ("the toll rose to 12") replaces the first one
        if deaths == 0:  # "nobody was killed" after rockets on three bases: none anywhere
            for ev in last:
                if ev.fatalities is None:
                    ev.fatalities, ev.fatalities_note = 0, note
        target.actors += [a for a in named if a not in target.actors]
        return []
    if when is not None:
        day, end, tprec = when.date, when.date_end, when.precision
    elif last:  # the latest event's day, or its span ("since late February ... occupied the assembly")
        day, end, tprec = last[-1].date, last[-1].date_end, last[-1].time_precision
    else:  # the next sentence's date ("They merged. The video surfaced on Thursday."), else the last one given
        nxt = article.spans[k + 1] if k + 1 < len(article.spans) else None
        ahead = next((t for t in all_dates if nxt and nxt[0] <= t.start < nxt[1]), None)
        before = [t for t in all_dates if t.end <= clause.start]
        ahead = (before[-1] if before else None) or ahead
        day, end, tprec = (ahead.date, ahead.date_end, ahead.precision) if ahead else (article.anchor, None, 2)
    if not group and any(clause.start <= m.start < clause.end and m.kind == "unresolved" and
                         not article.in_dateline(m.start) for m in article.places):
        group, precision = [None], None  # "contre Benena": a place no gazetteer knows, not the last one named
    if not group and _AREA_OF_COUNTRY.search(text[clause.start:clause.end]):
        group, precision = [None], None  # "in northern Mali": the text places it no closer than that
    if not group and {t.lower for t in clause.tokens} & _GENERIC_PLACES:
        group, precision = _place_after(article, k)  # "a massacre in a village. Armed men burst into Ogossagou"
    if not group:  # "After the attack, on Sunday, in the village of X, ...": the rest of the sentence
        group, precision = _place_in_sentence(article, k, clause)
    if not group:  # "the town, which had been seized on Thursday": the place last named before this clause
        group, precision = _place_before(article, clause.start, last)
    # what the text dates after its own publication cannot have happened yet: planned, whatever the clause says
    planned = (mod == "planned" and day >= article.anchor) or mod == "due" or day > article.anchor
    evidence = (clause.start, clause.end, text[clause.start:clause.end].strip())
    days = [(day, end)]
    if when is not None:
        days = _coordinated_days(when, all_dates, clause, text) or days
    if len(days) > 1 and deaths is not None:  # one toll for several days: no day's own figure
        deaths, note = None, f"{deaths} dead over {len(days)} days, not split by day"
    if len(group) > 1 and deaths is not None and not _PER_PLACE.search(text[clause.start:clause.end]):
        deaths, note = None, f"{deaths} dead over {len(group)} places, not split by place"
    return [Event(trig.kind, trig.text, d, e, tprec, planned, place, precision if place is not None else None,
                  deaths, note, list(named), evidence, "planned" if planned else "asserted",
                  place_note=place_phrase(text, place) if place is not None else "")
            for d, e in days for place in group or [None]]


#: "officials said on Monday", "a annoncé lundi": when it was said, not when it happened.
_SAID_ON = re.compile(r"\b(?:said|says|told|announced|reported|stated|confirmed|annoncé|déclaré|indiqué|affirmé|"
                      r"confirmé|précisé|rapporté|appris)\s+(?:on\s+)?$", re.I)
#: "70 à Tchombangou et 30 à Zaroumdareye": the text splits the toll by place.
_PER_PLACE = re.compile(r"\d+\s+(?:à|in|at)\s+[A-ZÀ-Ý].{0,40}\d+\s+(?:à|in|at)\s+[A-ZÀ-Ý]")
_BETWEEN = re.compile(r"\b(?:between|entre|from|du)\s*$", re.I)


def _coordinated_days(when, all_dates, clause, text: str) -> list[tuple[Any, Any]]:  # noqa: ANN001
    """"on Friday the 10th and Saturday the 11th": one event per day; "between 30 September and 1 October",
    "du 18 au 19 juin": one event over the span."""
    if when.precision != 1:
        return []
    run = [when]
    for t in all_dates:
        if t.start > run[-1].start and clause.start <= t.start < clause.end and t.precision == 1 and \
                re.fullmatch(r"\s*(?:,|and|et|to|au|à|or|ou)\s*(?:on\s+|le\s+)?", text[run[-1].end:t.start], re.I):
            run.append(t)
    if len(run) < 2:
        return []
    if _BETWEEN.search(text[max(clause.start, run[0].start - 12):run[0].start]) or \
            re.match(r"\s*(?:to|au|à)\b", text[run[0].end:run[1].start]):
        return [(run[0].date, run[-1].date)]
    return [(t.date, None) for t in run]


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
            "geonameid": ev["geonameid"] or "",
            "geo_source": f"geoparsed: {ev['geo_source']}" if ev["latitude"] is not None else "",
            "in_article": "excerpt", "fatalities": "" if ev.get("fatalities") is None else ev["fatalities"],
            "source": source, "source_urls": url,
            "notes": ev["evidence"]["text"] + (f" [location: {ev['place_note']}]" if ev.get("place_note") else ""),
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
                       admin1=place.admin1, geo_precision=row.get("geo_precision") or 1,
                       geo_source=f"geoparsed: {place.source}")
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
