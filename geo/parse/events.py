"""Events from the structure of a sentence: a trigger (by lemma) with the date and places of its clause.

One occurrence at several coordinated places gives one event per place ("sworn in at Gao and Ménaka");
a claim of responsibility or a later mention of the same occurrence ("the march was put down, three dead")
adds to the event already found instead of making a new one; future, planned or conditional wording gives a
planned event and negated wording none; the place where something was said ("told AFP in Ouagadougou") is
not the event's place; "near X" or "45 km from X" places the event at X with ACLED precision 2, a region or
cercle mention at precision 3. Events on the same day at the same place within one article are one event.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from typing import Any

from .dates import FUTURE_CUES, TimeExpr
from .lexicon import (
    ARMED,
    CIVILIANS,
    CLAIM,
    DENY,
    FIGHTING,
    HURT,
    INTERIM,
    JOINT,
    KINDS,
    NEGATION,
    NO_FIGHT,
    PREMISES,
    PROTESTERS,
    RIOTING,
    SENT,
    SHELLING,
    SPEECH,
    SUICIDE,
    TAKEN,
    TRIGGERS,
    Kind,
)
from .numbers import fatalities_in
from .text import Clause, Token

#: Words before a place that make it a reference point, not the place of the event ("north of Ségou").
_DIRECTION = re.compile(r"(?:north|south|east|west|nord|sud|est|ouest)[\w\-]*\s+(?:of|de|du|d['’])\s*$", re.I)
_DISTANCE = re.compile(r"(?:\d+|une?|deux|trois|quatre|cinq|six|sept|huit|neuf|dix|quinze|vingt|trente|quarante|"
                       r"cinquante|cent|one|two|three|four|five|seven|eight|nine|ten|fifteen|twenty|thirty|forty|"
                       r"fifty|a few|quelques|une dizaine|une vingtaine|une trentaine|une cinquantaine|dozens)\s*"
                       r"(?:km|kilom[eè]tres?|kilometers?|kilometres?|miles?)\b[^,.;]{0,30}?(?:of|de|du|d['’]|from)\s*$",
                       re.I)
_NEAR = re.compile(r"(?:near|outside|close to|around|in the vicinity of|près de|non loin de|aux environs de|"
                   r"à proximité de|dans les environs de)\s*(?:the\s+)?(?:town of\s+|ville de\s+)?$", re.I)
#: Places a convoy or a road passes through: where it came from or went, not where it was hit.
_ROUTE = re.compile(r"(?:\b(?:left|leaving|from|bound for|headed for|heading (?:to|for)|on its way to|en route to|"
                    r"travelling to|traveling to|quitté|quittant|en provenance de|venant de|à destination de|"
                    r"reliant|road to|route de|axe)\s+(?:the\s+town\s+of\s+|la\s+ville\s+de\s+)?"
                    r"|\b(?:reliant|from|linking|connecting)\s+[\w'’\-]+(?:\s+[\w'’\-]+)?\s+"
                    r"(?:à|and|et|to)\s+)$", re.I)
#: "the government, based in Bamako": where an actor sits, not where the event is.
_BASED = re.compile(r"(?:based|headquartered|basée?s?|installée?s?|siégeant)\s+(?:in|at|à|a)\s+"
                    r"(?:the\s+capital\s+of\s+|la\s+capitale\s+)?$", re.I)
#: "the youth of Gao", "les habitants de Kidal": people from a place, not where the event is.
_PEOPLE_OF = re.compile(r"\b(?:jeunes|jeunesse|habitants|population|populations|résidents|ressortissants|élus|"
                        r"people|residents|youth|inhabitants|natives|leaders?|notables|femmes|women|mayor|maire|governor|gouverneur|"
                        r"prefect|préfet|chief|chef|deputies|député|deputy|imam)\s+"
                        r"(?:de\s+la\s+|de\s+|du\s+|d['’]|of\s+(?:the\s+)?)$", re.I)
_PLANNED_SUB = "Planned"
_FORMING = {"form", "formed", "announce", "announced", "create", "created", "launch", "launched", "seal", "sealed",
            "forge", "forged", "join", "joined", "conclude", "concluded", "new", "unveil", "former", "formé", "formée",
            "annoncer", "annoncé", "annoncée", "créer", "créé", "créée", "sceller", "scellé", "conclure", "conclu",
            "nouer", "noué", "nouvelle", "naissance", "sign", "signed", "signer", "signé", "officialiser",
            "officialisé", "rejoindre", "rejoint"}
_CALENDAR = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january", "february",
             "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"}
_OPENERS = {".", "!", "?", "«", "“", '"', ":", "—", "(", ";"}


@dataclass
class Trigger:
    kind: Kind
    token: Token
    text: str
    word_kind: str = ""  # the kind its word names ("killed"), before context retyped it (soldiers: a battle)


@dataclass
class Event:
    kind: Kind
    trigger: str
    date: date
    date_end: date | None
    time_precision: int
    planned: bool
    place: Any = None  # a PlaceMention, or None
    geo_precision: int | None = None
    fatalities: int | None = None
    fatalities_note: str = ""
    actors: list[str] = field(default_factory=list)
    evidence: tuple[int, int, str] = (0, 0, "")
    modality: str = "asserted"
    claimed_by: list[str] = field(default_factory=list)
    place_note: str = ""  # "15 km south of Aguelhok": the event is near the place, not at it


@lru_cache(maxsize=64)
def _multiword(kind: str, lang: str) -> tuple[tuple[str, ...], ...]:
    """A kind's multi-word triggers ("take over", "prendre le contrôle"), split once."""
    return tuple(tuple(lemma.split()) for lemma in TRIGGERS[kind].get(lang, ()) if " " in lemma)


def find_triggers(clause: Clause, lang: str) -> list[Trigger]:
    """Trigger words of a clause, by lemma; "March" the month, "according to" and the like are not triggers."""
    toks = clause.tokens
    found: list[Trigger] = []
    for i, tok in enumerate(toks):
        for name, langs in TRIGGERS.items():
            lemmas = langs.get(lang, set())
            hit = tok.lemma in lemmas or tok.lower in lemmas
            if not hit:
                for words in _multiword(name, lang):
                    if tok.lemma == words[0] and all(
                            any(t.lemma == w or t.lower == w for t in toks[i + 1:i + 4]) for w in words[1:]):
                        hit = True
                        break
            if not hit or not _real_trigger(toks, i, name, lang):
                continue
            found.append(Trigger(KINDS[name], tok, tok.text))
    return found


def _real_trigger(toks: list[Token], i: int, name: str, lang: str) -> bool:
    tok = toks[i]
    if tok.text[:1].isupper() and not tok.text.isupper() and i > 0 and toks[i - 1].text not in _OPENERS:
        return False  # part of a name: "United Nations", "Rally of Patriotic Forces", "Opération Attaque"
    near = " ".join(t.lower for t in toks[max(0, i - 2):i + 3])
    if name == "protest" and tok.lower == "march" and (tok.text[0].isupper() or re.search(r"\d", near)):
        return False  # the month
    if name == "protest" and lang == "fr" and tok.lower == "marche" and re.search(r"en marche|se met en", near):
        return False
    if name == "kill" and tok.lower in {"dead", "morts", "mort", "victims"} and i > 0 and toks[i - 1].lower in {
            "the", "les", "des", "aux", "their", "leurs", "ses", "his", "her"}:
        return False  # "the funeral of the dead": the victims of an event already told
    if name == "protest" and tok.lower in {"marché", "marchés"} and i > 0 and toks[i - 1].lower in {
            "le", "du", "au", "un", "les", "des", "ce", "grand", "aux"}:
        return False  # the market, not a march
    if name == "block" and lang == "fr" and tok.lemma == "reporter" and not re.search(
            r"(?:été|est|sont|a|ont|être)\s+report|report[ée]e?s?\s+(?:à|au|sine)", near):
        return False  # "reporter" the journalist, not postponed
    if name == "block" and lang == "fr" and tok.lemma == "renvoyer" and not re.search(
            r"sine die|ultérieure|plus tard", " ".join(t.lower for t in toks[i:i + 6])):
        return False  # "renvoyé" sent back or dismissed, not postponed
    if name == "block" and re.search(r"\b(?:après|malgré|after|despite)\s+(?:plusieurs|de nombreux|maints|de multiples|"
                                     r"des|several|many|repeated|multiple)$",
                                     " ".join(t.lower for t in toks[max(0, i - 3):i])):
        return False  # "after several postponements": the background of what the clause reports, not an event
    if name == "bomb" and tok.lower in {"mine", "mines"} and re.search(r"\bgold\b|d['’] ?or\b|orpaill|minier|miner\b",
                                                                 " ".join(t.lower for t in toks[max(0, i - 3):i + 4])):
        return False  # a gold mine
    if name == "attack" and tok.lemma in {"target", "viser", "cibler"} and not any(
            t.lower in {"was", "were", "been", "is", "are", "été", "a", "ont", "avait", "avaient"}
            for t in toks[max(0, i - 4):i]):
        return False  # "a zone often targeted by jihadists": no occurrence
    if name == "alliance" and tok.lemma in {"alliance", "merger", "fusion", "unification"} and not any(
            t.lemma in _FORMING or t.lower in _FORMING for t in toks):
        return False  # "the main rebel alliance": a group's name, not its forming
    if name == "seize" and tok.lemma == "take":  # "took Anefis": a town taken; "took part" is not
        if any(t.lower in {"over", "control"} for t in toks[i + 1:i + 4]):
            return True  # "take over", "take control"
        return i + 1 < len(toks) and toks[i + 1].text[:1].isupper() and toks[i + 1].lower not in _CALENDAR
    if name == "attack" and tok.lemma == "tirer" and "balle" not in near and "feu" not in near:
        return False
    if name == "install" and tok.lemma in {"installation", "installer"} and lang == "fr" and \
            toks[0].lower not in {"ceux", "celles", "celui", "celle"} and \
            not re.search(r"autorit|intérim|président|gouverneur|conseil|collège", " ".join(
                t.lower for t in toks)):  # "ceux de Gao ont été installés": the authorities just named
        return False
    if name == "seize" and tok.lemma == "occupy" and re.search(r"occupied by|occupation of the north", near):
        return True
    if name == "install" and tok.lemma in SENT:  # troops sent are a deployment; interim authorities sent arrive
        return any(t.lemma in INTERIM or t.lower in INTERIM for t in toks[max(0, i - 8):i])
    return True


def modality(clause: Clause, trigger: Token) -> str:
    """asserted, planned (future, expected, scheduled, conditional), due (was to happen: planned even on a past
    day) or negated, read in the trigger's clause."""
    idx = next(i for i, t in enumerate(clause.tokens) if t is trigger)
    if any(t.lemma in DENY or t.lower in DENY for t in clause.tokens[:idx]):
        return "negated"  # "the army denied that its post had fallen"
    window = clause.tokens[max(0, idx - 4):idx]
    if any(t.lower in NEGATION for t in window) and not any(t.lower in {"sans", "without"} for t in window):
        return "negated"
    words = {t.lower for t in clause.tokens}
    if words & {"ne", "n'"} and words & {"pas", "jamais", "plus", "guère"}:  # French "ne ... pas" around the verb
        return "negated"
    own = clause.tokens
    rel = next((k for k in range(idx + 1, len(own)) if own[k].lower in {"où", "where", "which", "qui"}), None)
    text = " ".join(t.text for t in own[:rel])  # "emparés de l'édifice où la cérémonie devait se tenir": not due
    if re.search(r"\b(?:devait|devaient|était censée?s?|étaient censée?s?|was due to|were due to)\s+(?:être|avoir|se|"
                 r"be|have)\b", text, re.I):
        return "due"  # "devait être investi le 3 mars": what was to happen, planned even when its day is past
    if FUTURE_CUES.search(text) or re.search(r"\b(?:to be|would|could|might|pourrait|pourraient|serait|seraient)\s",
                                            text, re.I):
        past = re.search(r"\b(?:was|were|had been|a été|ont été|avait été|était|étaient)\s+(?:\w+\s+){0,2}"
                         r"(?:report|postpon|cancel|annul|suspend)", text, re.I)
        return "asserted" if past else "planned"
    return "asserted"


def bomb_subtype(lemmas: set[str]) -> str:
    if lemmas & SUICIDE or "suicide" in lemmas:
        return "Suicide bomb"
    if lemmas & SHELLING:
        return "Shelling/artillery/missile attack"
    return "Remote explosive/landmine/IED"


def event_places(clause: Clause, trigger: Token, mentions: list[Any], text: str, sentence_start: int
                 ) -> tuple[list[Any], int | None]:
    """The event's places in its clause and the ACLED geo precision: coordinated places after the trigger
    (else before it), skipping countries, reference points ("north of Ségou") and places of reported speech."""
    speech_at = next((t.start for t in clause.tokens if t.lemma in SPEECH and t.start > trigger.start), None)
    spoken_before = next((t.start for t in clause.tokens if t.lemma in SPEECH and t.start < trigger.start), None)
    inside = [m for m in mentions if clause.start <= m.start < clause.end and m.kind in ("place", "region")
              and (speech_at is None or m.start < speech_at)  # "..., he told AFP in Ouagadougou"
              and (spoken_before is None or m.start > spoken_before)]  # "officials in Bamako condemned ..."
    if not inside:
        return [], None
    lead = {m.start: text[max(sentence_start, m.start - 40):m.start] for m in inside}
    inside = [m for m in inside if not _PEOPLE_OF.search(lead[m.start]) and not _BASED.search(lead[m.start])]
    if not inside:
        return [], None
    route = [m for m in inside if _ROUTE.search(lead[m.start])]
    if route and len(route) < len(inside):  # "which had left Tessalit", "on the road linking X to Y": not there
        inside = [m for m in inside if m not in route]
    refs = [m for m in inside if _DIRECTION.search(lead[m.start]) or _DISTANCE.search(lead[m.start])]
    near = [m for m in inside if _NEAR.search(lead[m.start])]
    main = [m for m in inside if m not in refs]
    distance_refs = [m for m in refs if _DISTANCE.search(lead[m.start])]
    if distance_refs and re.search(r"\bbetween\b|\bentre\b", text[clause.start:distance_refs[0].start], re.I):
        return [distance_refs[0]], 2
    point_refs = [m for m in refs if m.kind == "place"]
    if not main or (point_refs and not any(m.kind == "place" for m in main)):  # "in X cercle, 11 km from Y": Y
        return [(point_refs or refs)[0]], 2
    points = [m for m in main if m.kind == "place"]
    main = points or main  # a town over the region or cercle that contains it
    after = [m for m in main if m.start > trigger.start]
    if after:
        group = [after[0]]
        for n, m in enumerate(after[1:], start=1):
            gap = text[group[-1].end:m.start]
            listed = gap.strip() == "," and n + 1 < len(after) and _coordinated(text[m.end:after[n + 1].start])
            if not (_coordinated(gap) or listed):  # "Gao, Kidal and Menaka": a list closed by "and"
                break
            group.append(m)
    else:  # the nearest place before the trigger, with the places coordinated with it ("de X et de Y ont été ...")
        group = [main[-1]]
        for m in reversed(main[:-1]):
            if not _coordinated(text[m.end:group[0].start]):
                break
            group.insert(0, m)
    if any(m.kind == "place" for m in group):  # "Aguelhok, in the Kidal region": the region only contains it
        group = [m for m in group if m.kind == "place"]
    precision = 2 if any(m in near for m in group) else (3 if all(m.kind == "region" for m in group) else 1)
    return group, precision


def _coordinated(gap: str) -> bool:
    """Whether the text between two place names joins them ("X and Y", "de X et de Y", "X and the town of Y")."""
    return bool(re.fullmatch(r"\s*(?:,|and|et|ou|or|&)?\s*(?:(?:de|d['’]|à|in|at|the|la|le|l['’])\s*)*"
                             r"(?:[\w\-()]+\s+){0,7}?(?:(?:city|town|village|ville|localité)\s+(?:of|de|d['’])\s*)?",
                             gap, re.I)) and bool(re.search(r"\b(?:and|et|or|ou)\b", gap))


_OFFSET = re.compile(r"(?:(?:about|some|around|environ|quelque|à|at)\s+)?\d+\s*(?:km|kilom[eè]tres?|kilometers?|miles?)"
                     r"\b[^,.;]{0,30}?(?:of|de|du|d['’]|from)\s*$|(?:north|south|east|west|nord|sud|est|ouest)[\w\-]*"
                     r"\s+(?:of|de|du|d['’])\s*$", re.I)


def place_phrase(text: str, mention: Any) -> str:
    """The distance or bearing the text gives from the event's place ("15 km south of Aguelhok"), for the notes."""
    lead = text[max(0, mention.start - 45):mention.start]
    m = _OFFSET.search(lead)
    return (m.group(0) + text[mention.start:mention.end]).strip() if m else ""


def is_reference(text: str, start: int) -> bool:
    """A place named as a reference point ("north of Ségou", "80 km from Kidal"), not as where things happen."""
    lead = text[max(0, start - 40):start]
    return bool(_DIRECTION.search(lead) or _DISTANCE.search(lead) or _BASED.search(lead))


def _same_family(a: Kind, b: Kind) -> bool:
    violent = {"bomb", "seize", "takeover", "retake", "attack", "kill", "abduct"}
    return a.name == b.name or (a.name in violent and b.name in violent) or {a.name, b.name} <= {
        "install", "block"} or {a.name, b.name} <= {"protest", "riot"}


def _two_sides(a: Event, b: Event) -> bool:
    """Civilians killed and a battle with troops at one place and day, each with its own toll, are two ACLED
    events ("35 civilians shot dead ... seven soldiers and 80 assailants killed")."""
    return a.kind.event_type != b.kind.event_type and a.fatalities is not None and b.fatalities is not None \
        and a.fatalities != b.fatalities and "Violence against civilians" in (a.kind.event_type, b.kind.event_type)


def merge_events(events: list[Event]) -> list[Event]:
    """One event per occurrence: same day and same place (or no place) and a compatible kind."""
    out: list[Event] = []
    placed_first = sorted(events, key=lambda ev: ev.place is None)  # stable: unplaced mentions join placed ones
    for ev in placed_first:
        key = ev.place.name if ev.place is not None else None
        twin = next((o for o in out if o.date == ev.date and _same_family(o.kind, ev.kind) and
                     ((o.place.name if o.place is not None else None) == key or key is None)
                     and not _two_sides(o, ev)), None)
        if twin is None:
            out.append(ev)
            continue
        if ev.kind.priority > twin.kind.priority:
            twin.kind, twin.trigger = ev.kind, ev.trigger
        if ev.fatalities is not None and (twin.fatalities is None or ev.fatalities > twin.fatalities):
            twin.fatalities = ev.fatalities
        twin.actors += [a for a in ev.actors if a not in twin.actors]
        twin.claimed_by += [a for a in ev.claimed_by if a not in twin.claimed_by]
        twin.planned = twin.planned and ev.planned
    return sorted(_into_towns(out), key=events.index)


def _region_of(ev: Event) -> str:
    from ..names import canonical_region

    if ev.place is None:
        return ""
    if ev.place.kind == "region":
        return canonical_region(ev.place.admin1_name) or ev.place.admin1_name
    point = ev.place.place
    return (canonical_region(point.admin1) or point.admin1) if point is not None and point.admin1 else ""


def _into_towns(events: list[Event]) -> list[Event]:
    """A lead that places an occurrence in a region and a detail that names the town inside it on the same day
    ("an ambush in the Timbuktu region ... in Gossi, south of Timbuktu") are one event, at the town."""
    out = list(events)
    for ev in events:
        if ev.place is None or ev.place.kind != "region" or ev not in out:
            continue
        town = next((o for o in out if o is not ev and o.date == ev.date and o.place is not None
                     and o.place.kind != "region" and _same_family(o.kind, ev.kind)
                     and _region_of(o) == _region_of(ev)), None)
        if town is not None:
            if ev.fatalities is not None and (town.fatalities is None or ev.fatalities > town.fatalities):
                town.fatalities = ev.fatalities
            town.actors += [a for a in ev.actors if a not in town.actors]
            out.remove(ev)
    return out


def as_dict(ev: Event) -> dict[str, Any]:
    point = ev.place.place if ev.place is not None else None
    kind = ev.kind
    sub = _PLANNED_SUB if ev.planned else kind.sub_event_type
    if kind.name == "bomb" and not ev.planned:
        sub = ev.kind.sub_event_type
    region = ev.place is not None and ev.place.kind == "region"
    return {
        "event_date": ev.date.isoformat(), "date_end": ev.date_end.isoformat() if ev.date_end else None,
        "time_precision": ev.time_precision, "event_type": kind.event_type, "sub_event_type": sub,
        "category": kind.category,  # a planned installation installs nothing: no status for the region shading
        "ia_status": kind.ia_status if kind.category == "interim_authority" and not ev.planned else "",
        "planned": ev.planned, "modality": ev.modality,
        "actor1": ev.actors[0] if ev.actors else "", "actor2": ev.actors[1] if len(ev.actors) > 1 else "",
        "location": (ev.place.name or ev.place.text) if ev.place is not None else "",
        "admin1": (ev.place.admin1_name if region else (point.admin1 if point else "")) if ev.place is not None else "",
        "latitude": point.latitude if point else None, "longitude": point.longitude if point else None,
        "geonameid": (point.geonameid or None) if point and not region else None,
        "geo_source": point.source if point else "",  # the gazetteer's credit (GeoNames, OSM node, supplement)
        "geo_precision": ev.geo_precision if point else None,
        "fatalities": ev.fatalities, "fatalities_note": ev.fatalities_note,
        "evidence": {"start": ev.evidence[0], "end": ev.evidence[1], "text": ev.evidence[2]},
        "trigger": ev.trigger, "claimed_by": ev.claimed_by, "place_note": ev.place_note,
    }


def clause_event_kind(triggers: list[Trigger], clause: Clause, lang: str, article_lemmas: set[str]) -> Trigger | None:
    """The trigger that describes the clause's occurrence (highest priority), with its kind adjusted to context:
    interim-authority installs and blockages, joint patrols, bomb sub-types."""
    if not triggers:
        return None
    toks = clause.tokens

    def weight(t: Trigger) -> int:  # a noun governed by a preposition ("against the installation") is an object
        i = next(k for k, tok in enumerate(toks) if tok is t.token)
        governed = any(tok.lower in {"avec", "contre", "against", "with", "of", "de", "about", "sur", "on",
                                     "opposition", "hostile", "hostiles", "opposés", "opposed"}
                       for tok in toks[max(0, i - 3):i])
        return t.kind.priority - (20 if governed else 0)

    if not article_lemmas & INTERIM:  # postponed or blocked what? Only a process (installation, ceremony) counts
        triggers = [t for t in triggers if t.kind.name != "block"]
        if not triggers:
            return None
    best = max(triggers, key=weight)
    lemmas = set(clause.lemmas())
    kind = best.kind
    if kind.name == "patrol" and not (lemmas & JOINT):  # a patrol of one force: context, not a joint patrol
        kind = Kind(kind.name, kind.event_type, kind.sub_event_type, "context", kind.ia_status, kind.priority)
    if kind.name in ("install", "block") and article_lemmas & INTERIM:
        kind = Kind(kind.name, kind.event_type, kind.sub_event_type, "interim_authority", kind.ia_status,
                    kind.priority)
    if kind.name == "bomb":
        kind = Kind(kind.name, kind.event_type, bomb_subtype(lemmas | {t.lower for t in clause.tokens}),
                    kind.category, kind.ia_status, kind.priority)
    kind = _by_victims(kind, lemmas | {t.lower for t in clause.tokens}, triggers)
    return Trigger(kind, best.token, best.text, best.kind.name)


def _by_victims(kind: Kind, words: set[str], triggers: list[Trigger]) -> Kind:
    """ACLED's type follows who was hit: protesters make a demonstration (a riot when they were violent),
    civilians alone make violence against civilians, an armed force makes a battle; people seized are
    abducted."""
    violent = {"attack", "kill", "seize", "protest"}
    if kind.name in violent and (words & PROTESTERS or any(t.kind.name == "protest" for t in triggers)):
        return KINDS["riot"] if words & RIOTING else KINDS["protest"]
    if kind.name == "seize" and words & TAKEN and not any(t.kind.name == "attack" for t in triggers):
        return KINDS["abduct"]
    if kind.name == "seize" and not words & FIGHTING and (words & PREMISES or words & NO_FIGHT or words & {
            "occupy", "occuper", "occupation"}):
        return KINDS["takeover"]  # an occupied building, a checkpoint taken, a town the other side left
    if kind.name == "attack" and words & CIVILIANS and not words & ARMED:
        return KINDS["kill"]
    if kind.name == "kill" and words & ARMED and not words & CIVILIANS:
        return KINDS["attack"]
    return kind


def reported(clause: Clause, trigger: Token) -> bool:
    """The trigger is what a statement is about ("officials condemned the raid", "le GATIA a confirmé l'attaque")."""
    return any(t.lemma in SPEECH and t.start < trigger.start for t in clause.tokens)


def is_claim(clause: Clause) -> bool:
    return bool(set(clause.lemmas()) & CLAIM) and "responsibility" in {t.lower for t in clause.tokens} | {
        "responsabilité"} or any(t.lemma == "revendiquer" for t in clause.tokens)


def casualties(clause: Clause) -> tuple[int | None, str]:
    return fatalities_in(clause.tokens, HURT)


def best_date(dates: list[TimeExpr], clause: Clause, sentence: tuple[int, int], at: list[int]) -> TimeExpr | None:
    """The clause's date: an explicit day ("30 septembre") first, else the expression nearest the trigger at
    positions ``at`` ("tués la veille" rather than the "mardi" of the report), else the sentence's."""
    said = [t.end for t in clause.tokens if t.lemma in SPEECH]

    def reported_when(t: TimeExpr) -> bool:  # "officials said Sunday": when it was said, not when it happened
        return any(0 <= t.start - end <= 3 for end in said)

    in_clause = [t for t in dates if clause.start <= t.start < clause.end]
    in_sentence = [t for t in dates if sentence[0] <= t.start < sentence[1]]
    pool = ([t for t in in_clause if not reported_when(t)] or [t for t in in_sentence if not reported_when(t)]
            or in_clause or in_sentence)  # a date of the report only when nothing else dates the event
    if not pool:
        return None
    explicit = [t for t in pool if re.search(r"\d", t.text) and t.precision == 1 and not t.relative_to_previous]
    if explicit:
        return explicit[0]
    return min(pool, key=lambda t: (t.precision, min(min(abs(t.start - a), abs(t.end - a)) for a in at)))
