"""Place mentions in English or French text, resolved against the bundled gazetteer (GeoNames, the sourced
supplement, and OpenStreetMap villages for a name after a locative that the others lack).

Capitalised word runs (with hyphen/apostrophe variants: N'Tillit, In-Delimane) are looked up longest first.
Names inside actor names (Katiba Macina, Ansar Dine), after person particles (Iyad Ag Ghaly, Ould) or in
"the Niger river" are not place mentions; country names are reported as countries, never snapped to a town.
Ambiguous names are resolved by context: Mali first, then closeness to the article's unambiguous Malian
places, then the sourced supplement (conflict-relevant homonyms such as the Tabankort north of Gao).
A capitalised name after a locative ("near X", "à X") that no gazetteer knows is reported unresolved.
People are not places: a run holding a common Sahel given or family name or a title, or credited "by" someone
("photo by Baba Ahmed"), peoples ("Tuareg") and titles ("World Politics Review"); for French, the trained
pipeline's person entities too (``outside_people``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..actors import ActorLexicon
from ..gazetteer import Gazetteer, Place, haversine_km
from ..names import fold
from .dates import MONTHS, WEEKDAYS

COUNTRIES: dict[str, tuple[str, str]] = {fold(k): v for k, v in {
    "Mali": ("Mali", "ML"), "Niger": ("Niger", "NE"), "Algeria": ("Algeria", "DZ"), "Algérie": ("Algeria", "DZ"),
    "Burkina Faso": ("Burkina Faso", "BF"), "Burkina": ("Burkina Faso", "BF"), "Mauritania": ("Mauritania", "MR"),
    "Mauritanie": ("Mauritania", "MR"), "Senegal": ("Senegal", "SN"), "Sénégal": ("Senegal", "SN"),
    "Guinea": ("Guinea", "GN"), "Guinée": ("Guinea", "GN"), "Côte d'Ivoire": ("Côte d'Ivoire", "CI"),
    "Ivory Coast": ("Côte d'Ivoire", "CI"), "France": ("France", "FR"), "Libya": ("Libya", "LY"),
    "Libye": ("Libya", "LY"), "Chad": ("Chad", "TD"), "Tchad": ("Chad", "TD"), "Nigeria": ("Nigeria", "NG"),
    "Morocco": ("Morocco", "MA"), "Maroc": ("Morocco", "MA"), "United States": ("United States", "US"),
    "États-Unis": ("United States", "US"), "Etats-Unis": ("United States", "US"), "Ghana": ("Ghana", "GH"),
    "Benin": ("Benin", "BJ"), "Bénin": ("Benin", "BJ"), "Togo": ("Togo", "TG"), "Russia": ("Russia", "RU"),
    "Russie": ("Russia", "RU"), "Sahel": ("Sahel", ""), "Azawad": ("Azawad", ""),
}.items()}
NOT_PLACES = re.compile(
    r"\b(?:(?:the\s+)?(?:river|fleuve|rivière)\s+Niger|Niger\s+(?:river|delta|basin|bend)|boucle\s+du\s+Niger|"
    r"Office\s+du\s+Niger|Jeune\s+Afrique|Radio\s+France|Air\s+France|"
    r"(?:[A-ZÀ-Ý][\w'’\-]+\s+)?(?:Ag|Ould|Ben|Abu|Abou|Ibn|Ag\.)\s+[A-ZÀ-Ý][\w'’\-]+(?:\s+[A-ZÀ-Ý][\w'’\-]+)?|"
    # organisations named after a place: "Coordination of Azawad Movements", "Coalition des peuples de l'Azawad"
    r"(?:Coordination|Coalition|Mouvement|Movement|Front|Haut\s+Conseil|High\s+Council|Congr[eè]s|Congress|"
    r"Conseil|Council|Plateforme|Platform|Union|Groupe|Group|Gouvernorat|Université|University|Banque|Bank)"
    r"(?:\s+[\w'’\-]+){0,5}?\s+(?:de\s+l['’]|de\s+la\s+|du\s+|des\s+|de\s+|of\s+(?:the\s+)?|for\s+(?:the\s+)?|"
    r"pour\s+(?:la\s+|le\s+|l['’])?)[A-ZÀ-Ý][\w'’\-]+(?:\s+(?:Movements|Mouvements))?)",
)
#: Capitalised words that are gazetteer names but far more often something else in news text
#: (sentence-initial function words in both languages, compass points, a few Malian homographs).
AMBIGUOUS_WORDS = {fold(w) for w in (
    "San", "Bla", "Kati", "Bamba", "Sans", "Dire", "Central", "Nord", "Sud", "Est", "Ouest", "North", "South",
    "Selon", "Tous", "La", "Le", "Les", "Des", "Du", "De", "Un", "Une", "The", "A", "An", "In", "On", "At", "Et",
    "Ou", "En", "Au", "Aux", "Ce", "Cette", "Il", "Elle", "Ils", "Mais", "But", "And", "After", "Après", "Since",
    "Depuis", "Lors", "Pour", "Par", "Sur", "Avec", "Dans", "When", "Quand", "Alors", "This", "That", "These",
    "Those", "Some", "Many", "Plusieurs", "Certains", "Officials", "Residents", "Habitants", "Sources",
    "Northern", "Southern", "Eastern", "Western", "We", "They", "He", "She", "It", "Its", "Our", "Nous", "On",
    "Il", "Ils", "Elles", "Leur", "Their", "His", "Her",
)}
#: "the Ménaka region", "région de Kidal", "cercle de Gourma-Rharous": the unit, not its chief town.
_REGION_BEFORE = re.compile(r"(?:r[ée]gions?|province)\s+(?:de\s+|d['’]|du\s+|of\s+(?:the\s+)?)"
                            r"(?:(?:[A-ZÀ-Ý][\w'’\-]+)\s+(?:and|et)\s+(?:de\s+|d['’])?)?$", re.I)
_REGION_AFTER = re.compile(r"^(?:['’]s)?\s+(?:regions?|régions?)\b", re.I)
_CERCLE_BEFORE = re.compile(r"cercles?\s+(?:de\s+|d['’]|du\s+|of\s+(?:the\s+)?)$", re.I)
_WORD = r"[A-ZÀ-ÝŒ][\w'’\-]*"
_RUN = re.compile(rf"{_WORD}(?:(?:\s+|\s*-\s*)(?:(?:de|du|des|el|al|la|le|d'|l'|ag)\s+)?{_WORD}){{0,3}}")
_LOCATIVE = re.compile(
    r"\b(?i:in|at|near|outside|around|to|toward|towards|town of|village of|city of|region of|à|près de|"
    r"aux environs de|vers|jusqu'à|"
    r"localités? de|villages? de|communes? de|cercle de|région de|ville de|hameaux? de|villages of|contre|against|"
    r"attacks? on|raids? on|attaques? de|attaques? contre)\s+(" + _WORD + r")")
_NON_NAMES = {fold(w) for w in [*MONTHS, *WEEKDAYS]}
_LISTED = re.compile(r"\s*(?:,|et|and|ou|or)\s+(?:de\s+|d['’]|à\s+|in\s+|at\s+)?(" + _WORD + r")")
_TITLE_AFTER = re.compile(rf"(?:\s+{_WORD}){{2}}")
#: Peoples and groups named like places after "to", "in" ("fell to Tuareg rebels"): never unresolved places.
_PEOPLES = {fold(w) for w in ("Tuareg", "Tuaregs", "Touareg", "Touaregs", "Fulani", "Peul", "Peuls", "Peulh",
                              "Dogon", "Dogons", "Bambara", "Songhai", "Songhaï", "Arab", "Arabs", "Arabe", "Arabes",
                              "Bozo", "Dozo", "Dozos", "Daoussak", "Dawsahak", "Imghad", "Ifoghas", "Jihadist",
                              "Islamist", "Islamists", "God", "Dieu", "Allah", "French", "British", "American",
                              "Swiss", "German", "Chadian", "Français", "Française", "Américain", "Allemand")}
#: Given names and family names common in the Sahel: a gazetteer name written next to one is part of a
#: person's name ("Baba Ahmed", "Moussa Gao"?), not a place. Particles (Ag, Ould) are handled in NOT_PLACES.
PERSON_PARTS = {fold(w) for w in (
    "Ahmed", "Ahmad", "Mohamed", "Mohammed", "Muhammad", "Mahamadou", "Mamadou", "Moussa", "Oumar", "Omar",
    "Ibrahim", "Ibrahima", "Boubacar", "Abdoul", "Abdou", "Abdallah", "Abdoulaye", "Aliou", "Ali", "Amadou",
    "Hamadou", "Hamma", "Alassane", "Souleymane", "Soumaïla", "Seydou", "Modibo", "Sidi", "Baba", "Bakary",
    "Issa", "Idrissa", "Ismaël", "Ismail", "Yacouba", "Youssouf", "Moctar", "Mokhtar", "Hamidou", "Iyad",
    "Maïga", "Maiga", "Touré", "Toure", "Traoré", "Traore", "Cissé", "Cisse", "Diallo", "Coulibaly", "Keïta",
    "Keita", "Sidibé", "Sidibe", "Dicko", "Koufa", "Ghaly", "Diarra", "Konaté", "Konate", "Sangaré", "Sangare",
    "Dembélé", "Dembele", "Camara", "Sissoko", "Kanouté", "Doumbia", "Haïdara", "Haidara", "Tall", "Ba",
    "Mr", "Mrs", "Dr", "Me", "Mme", "Gen", "Col", "General", "Général", "Colonel", "Captain", "Capitaine",
    "President", "Président", "Minister", "Ministre", "Sheikh", "Cheick", "Imam")}
#: A run starting with a facility or institution is not a place name ("Aéroport de Kidal": the place is Kidal).
_FACILITIES = {fold(w) for w in ("Aéroport", "Airport", "Camp", "Hôtel", "Hotel", "Gouvernorat", "Assemblée",
                                 "Place", "Marché", "Prison", "Université", "Stade", "Gare", "Port", "Base",
                                 "Hôpital", "Hospital", "Mairie", "Préfecture", "Palais", "Cité", "Musée")}
_MULTIWORD_COUNTRIES = {
    r"C[ôo]te\s+d['’]\s?Ivoire": ("Côte d'Ivoire", "CI"), r"Burkina\s+Faso": ("Burkina Faso", "BF"),
    r"[ÉE]tats-Unis": ("United States", "US"), r"United\s+States": ("United States", "US"),
    r"Ivory\s+Coast": ("Côte d'Ivoire", "CI"), r"Guin[ée]e-Bissau|Guinea-Bissau": ("Guinea-Bissau", "GW"),
}


@dataclass
class PlaceMention:
    text: str
    start: int
    end: int
    name: str | None = None
    place: Place | None = None
    country: str = ""
    confidence: float = 0.0
    kind: str = "place"  # place, region, country, unresolved
    alternatives: list[dict[str, object]] = field(default_factory=list)
    admin1_name: str = ""  # for a region mention: the 2016-frame region
    implicit: bool = False  # "the capital": a place the text names without a toponym

    def as_dict(self) -> dict[str, object]:
        p = self.place
        return {
            "text": self.text, "start": self.start, "end": self.end, "kind": self.kind,
            "name": p.name if p else self.name, "latitude": p.latitude if p else None,
            "longitude": p.longitude if p else None, "geonameid": (p.geonameid or None) if p else None,
            "admin1": self.admin1_name or (p.admin1 if p else None),
            "country": p.country_code if p else (self.country or None),
            "confidence": round(self.confidence, 3), "alternatives": self.alternatives,
            **({"implicit": True} if self.implicit else {}),
        }


def _blocked_spans(text: str, actors: ActorLexicon) -> list[tuple[int, int]]:
    spans = [(m.start, m.end) for m in actors.find(text)]
    spans += [(m.start(), m.end()) for m in NOT_PLACES.finditer(text)]
    return spans


def find_places(text: str, gazetteer: Gazetteer, actors: ActorLexicon) -> list[PlaceMention]:
    """Place mentions in text order, resolved where the gazetteer allows."""
    mentions: list[PlaceMention] = []
    candidates: list[tuple[PlaceMention, list]] = []
    used = bytearray(len(text))  # characters inside an actor, an organisation, a person or a mention found

    def take(s: int, e: int) -> None:
        used[s:e] = b"\x01" * (e - s)

    def free(s: int, e: int) -> bool:
        return used.find(1, s, e) < 0

    for s, e in _blocked_spans(text, actors):
        take(s, e)

    for key, (name, code) in _MULTIWORD_COUNTRIES.items():  # "Côte d'Ivoire", "Burkina Faso" before single words
        for m in re.finditer(key, text):
            if free(m.start(), m.end()):
                mentions.append(PlaceMention(m.group(0), m.start(), m.end(), name=name, country=code,
                                             confidence=0.95, kind="country"))
                take(m.start(), m.end())

    for run in _RUN.finditer(text):
        words = list(re.finditer(_WORD, run.group(0)))
        if _person_run(words, text, run.start()):
            take(run.start(), run.end())  # "photo by Baba Ahmed": a person, whatever Baba may be
            continue
        i = 0
        while i < len(words):
            if fold(words[i].group(0)) in _FACILITIES and i + 1 < len(words):
                i += 1
                continue
            for j in range(len(words), i, -1):  # longest first
                s, e = run.start() + words[i].start(), run.start() + words[j - 1].end()
                raw = text[s:e]
                if raw.endswith(("'s", "’s")):
                    raw, e = raw[:-2], e - 2
                key = fold(raw)
                if not free(s, e) or key in _NON_NAMES:
                    continue
                if key in COUNTRIES:
                    name, code = COUNTRIES[key]
                    mentions.append(PlaceMention(raw, s, e, name=name, country=code, confidence=0.95, kind="country"))
                elif (key not in AMBIGUOUS_WORDS or raw.lower() != key) and \
                        (found := gazetteer.lookup(raw, limit=8)) and \
                        (found[0].score >= 0.8 or (found[0].score >= 0.65 and found[0].place.country_code == "ML"
                                                   and not _sentence_start(text, s))):
                    mention = PlaceMention(raw, s, e)
                    candidates.append((mention, found))
                    mentions.append(mention)
                elif (i, j) == (0, len(words)) and (osm := _osm_village(raw, key, text, s, e, gazetteer)):
                    mention = PlaceMention(raw, s, e)  # a whole capitalised run that only OSM knows: a village
                    candidates.append((mention, osm))
                    mentions.append(mention)
                else:
                    continue
                take(s, e)
                i = j - 1
                break
            i += 1
    starts = [loc.start(1) for loc in _LOCATIVE.finditer(text)]
    while starts:  # unknown places after a locative, and those listed with them: reported, never guessed
        s = starts.pop(0)
        name = re.match(_WORD, text[s:])
        e = s + name.end()
        key = fold(name.group(0))
        demonym = key.endswith(("ist", "ists", "ian", "ians", "ese", "ais", "aise", "ien", "ienne", "iens"))
        title = _TITLE_AFTER.match(text, e)  # "to World Politics Review": a title, not a place
        source = re.search(r"(?:according|according to a|told|said to|selon)\s*\w*\s*$", text[max(0, s - 20):s], re.I)
        if free(s, e) and not source and key not in _NON_NAMES | AMBIGUOUS_WORDS | _PEOPLES \
                and not name.group(0).isupper() and len(key) > 2 and not demonym and not title:
            run = _RUN.match(text, s)  # "village of Tin Hama": the whole capitalised name first
            words = list(re.finditer(_WORD, run.group(0))) if run else []
            osm, e = next(((found, s + w.end()) for w in reversed(words)
                           if (found := gazetteer.villages(text[s:s + w.end()]))), ([], e))
            near = osm or gazetteer.lookup(name.group(0), country="ML", limit=3)
            mention = PlaceMention(text[s:e], s, e, kind="unresolved", confidence=0.3)
            if near and near[0].score >= 0.6:
                candidates.append((mention, near))
            mentions.append(mention)
            take(s, e)
        listed = _LISTED.match(text, e)  # "les villages de Dianweli et de Déguéssagou"
        if listed and listed.start(1) not in starts:
            starts.insert(0, listed.start(1))
    _resolve(candidates, _named_regions(candidates, text))
    _near_the_others(mentions, candidates, gazetteer)
    far = []
    for mention, _ in candidates:
        if not _foreign_context(mention, text, gazetteer) and not _in_sahel(mention) and \
                not _put_there(mention, text, mentions):
            far.append(mention)  # "the village chief, Aly ...": Alexandria only if the text puts us there
            continue
        _region_mention(mention, text)
    mentions = [m for m in mentions if m not in far]
    mentions += capital_mentions(text, mentions, gazetteer)
    return sorted(mentions, key=lambda m: m.start)


#: Each country's capital, as news names it ("the capital", "la capitale burkinabè", "Niger's capital").
CAPITALS = {"ML": "Bamako", "BF": "Ouagadougou", "NE": "Niamey", "MR": "Nouakchott", "SN": "Dakar",
            "DZ": "Algiers", "TD": "N'Djamena", "GN": "Conakry", "FR": "Paris", "CI": "Abidjan", "LY": "Tripoli"}
_DEMONYMS = {"ML": r"mali(?:an|enne)", "BF": r"burkina(?:b[eè]|bé)", "NE": r"nig[eé]rienne|nigerien",
             "MR": r"mauritani(?:an|enne)", "SN": r"s[eé]n[eé]galaise|senegalese", "DZ": r"alg[eé]rienne|algerian",
             "TD": r"tchadienne|chadian", "FR": r"fran[cç]aise|french"}
_CAPITAL = re.compile(r"\b(?:the|la|a|une)\s+(?:(?P<adj>\w+)\s+)?capital(?:e)?\b(?P<after>\s+(?:of|de|du|d['’])\s+"
                      r"(?:the\s+|la\s+|l['’])?(?P<of>[A-ZÀ-Ý][\w'’\- ]+))?"
                      r"|(?P<owner>[A-ZÀ-Ý][\w\- ]+?)['’]s\s+capital\b", re.I)


def capital_mentions(text: str, mentions: list[PlaceMention], gazetteer: Gazetteer) -> list[PlaceMention]:
    """"the capital" is Bamako, or the capital of the country it names ("Burkina Faso's capital", "la capitale
    nigérienne") or, with none named, of the only Sahel country the article names besides Mali. Not when it is
    in apposition to a place already named ("Niamey, the capital") or a region's capital ("capital of the
    Gao region"). Reported as implicit: no toponym in the text."""
    named = {m.country for m in mentions if m.kind == "country"}
    default = "ML" if "ML" in named or not named & {"BF", "NE"} else ("BF" if "BF" in named else "NE")
    out = []
    for m in _CAPITAL.finditer(text):
        before = text[max(0, m.start() - 3):m.start()]
        if re.search(r",\s*$", before) and any(p.end <= m.start() and m.start() - p.end <= 3 and p.kind == "place"
                                               for p in mentions):
            continue  # "Niamey, the capital": already a place
        code, start = default, m.start()
        country = m.group("of") or m.group("owner") or ""
        if country:
            words = country.split()
            spans = sorted(((i, j) for i in range(len(words)) for j in range(i + 1, len(words) + 1)),
                           key=lambda ij: ij[0] - ij[1])  # longest first: "Burkina Faso" before "Burkina"
            hit = next(((i, k) for i, j in spans if (k := fold(" ".join(words[i:j]))) in COUNTRIES), None)
            if hit is None:
                continue  # "the capital of the Gao region", "capital of Kidal": not a country's capital
            code = COUNTRIES[hit[1]][1]
            if m.group("owner"):  # "Burkina Faso's capital": the mention starts at the country
                start = m.start("owner") + len(" ".join(words[:hit[0]])) + (1 if hit[0] else 0)
        elif m.group("adj"):
            code = next((c for c, rx in _DEMONYMS.items() if re.fullmatch(rx, m.group("adj"), re.I)), default)
        found = gazetteer.lookup(CAPITALS.get(code, "Bamako"), country=code, limit=1) if code in CAPITALS else []
        if not found:
            continue
        end = m.end("after") if m.group("after") else m.end()
        out.append(PlaceMention(text[start:end], start, end, name=found[0].place.name, place=found[0].place,
                                confidence=0.8, implicit=True))
    return out


#: West Africa from Dakar to Lake Chad and from the Gulf of Guinea to southern Algeria (south, north, west, east).
SAHEL_BOX = (4.0, 28.0, -18.0, 25.0)
_LOCATIVE_BEFORE = re.compile(r"(?:\b(?:in|at|to|from|near|à|en|au|vers|depuis|près de|venus? de|venues? de|"
                              r"venant de|arrivée? de|arrivés? de)\s+|^\s*)$", re.I)


def _put_there(mention: PlaceMention, text: str, mentions: list[PlaceMention]) -> bool:
    """The text names the place as a place: after a locative, in a dateline, or listed with such a place
    ("in Niamey and Algiers")."""
    if _LOCATIVE_BEFORE.search(text[max(0, mention.start - 14):mention.start]):
        return True
    before = max((m for m in mentions if m.end <= mention.start), key=lambda m: m.end, default=None)
    return before is not None and bool(re.fullmatch(r"\s*(?:,|and|et|or|ou)\s*", text[before.end:mention.start]))


def _in_sahel(mention: PlaceMention) -> bool:
    """Whether a resolved place lies in the region the tool maps (a place elsewhere needs the text's word)."""
    p = mention.place
    if p is None:
        return True
    south, north, west, east = SAHEL_BOX
    return south <= p.latitude <= north and west <= p.longitude <= east


_SPEAKER_AFTER = re.compile(r"^\s*(?:said|says|told|added|explained|a\s+(?:dit|déclaré|indiqué|expliqué|ajouté)|"
                            r"affirme|explique|déclare|,\s+(?:who|qui|a|an|the|le|la|un|une)\b)", re.I)


def _near_the_others(mentions: list[PlaceMention], candidates: list[tuple[PlaceMention, list]],
                     gazetteer: Gazetteer) -> None:
    """Spelling variants, judged by the article's other places: a fuzzy match far from every exactly named place
    is dropped ("Bougoundié" is not Bougouni, 700 km away), and an unknown name is looked for among OSM places
    spelled nearly alike close to them ("Déguéssagou", OSM "Déguessogou")."""
    exact = [m.place for m, found in candidates if m.place is not None and found[0].score >= 0.8
             and m.place.country_code in ("ML", "BF", "NE")]
    for mention, found in candidates:
        if mention.place is not None and found[0].score < 0.8 and exact and min(
                haversine_km(mention.place.latitude, mention.place.longitude, p.latitude, p.longitude)
                for p in exact if p is not mention.place) > 250:
            mention.place, mention.name, mention.kind, mention.alternatives = None, None, "unresolved", []
    if not exact:
        return
    for mention in mentions:
        if mention.kind != "unresolved" or mention.place is not None:
            continue
        near = gazetteer.villages_like(mention.text, [(p.latitude, p.longitude) for p in exact])
        if near:
            best = max(near, key=lambda c: c.score)
            mention.place, mention.name, mention.kind = best.place, best.place.name, "place"
            mention.confidence = round(best.score * 0.8, 3)


def _osm_village(raw: str, key: str, text: str, s: int, e: int, gazetteer: Gazetteer) -> list:
    """OpenStreetMap villages for a capitalised name the main gazetteer lacks ("contre Diallassagou"), when the
    name is not sentence-initial, not a common word, person part or people, and not someone who speaks."""
    if len(key) < 4 or key in AMBIGUOUS_WORDS | PERSON_PARTS | _PEOPLES | _NON_NAMES or raw.isupper() or \
            _sentence_start(text, s) or _SPEAKER_AFTER.match(text[e:e + 30]) or \
            key.endswith(("ist", "ists", "ian", "ians", "ese", "ais", "aise", "ien", "ienne", "iens")):
        return []
    return gazetteer.villages(raw)


def _person_run(words: list[re.Match[str]], text: str, start: int) -> bool:
    """A run of capitalised words that names a person: one of its words is a common given or family name or a
    title, or it follows "by"/"par" as a credit ("photo by X Y")."""
    if len(words) < 2:
        return False
    if any(fold(w.group(0)) in PERSON_PARTS for w in words):
        return True
    return bool(re.search(r"\b(?:by|par|photo|credit|crédit)\s*$", text[max(0, start - 12):start], re.I))


def outside_people(mentions: list[PlaceMention], doc) -> list[PlaceMention]:  # noqa: ANN001 - a spaCy Doc
    """Mentions that are not part of a longer person's name, as a trained pipeline's entities say ("Baba" of
    "Baba Ahmed"); a whole entity stays a place ("Sobane Da" tagged PER is still the village). Pipelines
    without entities (English here) leave the word lists of ``_person_run`` to do this."""
    people = [(e.start_char, e.end_char) for e in doc.ents if e.label_ == "PER" and len(e) >= 2]
    return [m for m in mentions if m.kind == "country"
            or not any(s <= m.start and m.end <= e and (s, e) != (m.start, m.end) for s, e in people)]


def _sentence_start(text: str, start: int) -> bool:
    """Whether a word opens a sentence (where capitals prove nothing about names)."""
    before = text[:start].rstrip()
    return not before or before[-1] in ".!?\n:«\""


def _foreign_context(mention: PlaceMention, text: str, gazetteer: Gazetteer) -> bool:
    """"Touba, Senegal", "Séguéla, in Côte d'Ivoire", "Niamey (Niger)": the country that follows decides.
    Returns whether the text names the place's country next to it."""
    after = text[mention.end:mention.end + 40]
    m = re.match(r"\s*(?:,\s*(?:in\s+|en\s+|au\s+|aux\s+)?|\(\s*)([A-ZÀ-Ý][\w'’ \-]+)", after)
    if not m:
        return False
    words = m.group(1).split()
    for n in range(len(words), 0, -1):
        key = fold(" ".join(words[:n]))
        if key in COUNTRIES:
            code = COUNTRIES[key][1]
            if code and (mention.place is None or mention.place.country_code != code):
                found = gazetteer.lookup(mention.text, country=code, limit=1)
                if found:
                    mention.place, mention.name, mention.kind = found[0].place, found[0].place.name, "place"
            return mention.place is not None and mention.place.country_code == code
    return False


def _region_mention(mention: PlaceMention, text: str) -> None:
    from ..names import canonical_region

    before = text[max(0, mention.start - 40):mention.start]
    if _CERCLE_BEFORE.search(before) and mention.place is not None:  # "dans le cercle de Ténenkou": the unit
        mention.kind, mention.admin1_name = "region", mention.place.admin1
        return
    region = canonical_region(mention.text) or (canonical_region(mention.name) if mention.name else None)
    if region is None:
        return
    if _REGION_BEFORE.search(before) or _REGION_AFTER.match(text[mention.end:mention.end + 12]):
        mention.kind, mention.admin1_name = "region", region


def _named_regions(candidates: list[tuple[PlaceMention, list]], text: str) -> set[str]:
    """2016 regions the article names as regions ("région de Ménaka", "the Gao region")."""
    from ..names import canonical_region

    named = set()
    for mention, _ in candidates:
        region = canonical_region(mention.text)
        if region and (_REGION_BEFORE.search(text[max(0, mention.start - 40):mention.start])
                       or _REGION_AFTER.match(text[mention.end:mention.end + 12])):
            named.add(region)
    return named


def _resolve(candidates: list[tuple[PlaceMention, list]], regions: set[str] = frozenset()) -> None:
    """Pick each mention's place among homonyms: Mali first; then a candidate in a region the article names;
    then closeness to the article's unambiguous Malian places; then population."""
    import math

    anchors = [found[0].place for _, found in candidates
               if found[0].place.country_code == "ML" and sum(c.place.country_code == "ML" for c in found) == 1]
    lat = sum(p.latitude for p in anchors) / len(anchors) if anchors else 16.5
    lon = sum(p.longitude for p in anchors) / len(anchors) if anchors else -1.5
    for mention, found in candidates:
        def score(c) -> float:  # noqa: ANN001
            s = c.score + (0.15 if c.place.country_code == "ML" else 0.0)
            if c.place.country_code == "ML":
                s += 0.1 * max(0.0, 1 - haversine_km(c.place.latitude, c.place.longitude, lat, lon) / 800)
                s += 0.2 if c.place.admin1 in regions else 0.0
                s += 0.02 * math.log10(c.place.population + 1) / 6
            return s

        ranked = sorted(found, key=score, reverse=True)
        best = ranked[0]
        total = sum(max(score(c), 0.01) for c in ranked)
        mention.place = best.place
        mention.name = best.place.name
        mention.kind = "place"
        fuzzy = best.score < 0.8
        mention.confidence = round(min(0.99, score(best) / total if len(ranked) > 1 else best.score), 3) * \
            (0.7 if fuzzy else 1.0)
        mention.alternatives = [
            {"name": c.place.name, "country": c.place.country_code, "admin1": c.place.admin1,
             "latitude": c.place.latitude, "longitude": c.place.longitude, "score": round(score(c), 3)}
            for c in ranked[1:5]
        ]
