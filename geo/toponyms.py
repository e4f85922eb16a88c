"""Place mentions in English or French text, resolved against the bundled gazetteer.

Capitalised word runs (with hyphen/apostrophe variants: N'Tillit, In-Delimane) are looked up longest first.
Names inside actor names (Katiba Macina, Ansar Dine), after person particles (Iyad Ag Ghaly, Ould) or in
"the Niger river" are not place mentions; country names are reported as countries, never snapped to a town.
Ambiguous names are resolved by context: Mali first, then closeness to the article's unambiguous Malian
places, then the sourced supplement (conflict-relevant homonyms such as the Tabankort north of Gao).
A capitalised name after a locative ("near X", "à X") that no gazetteer knows is reported unresolved.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .actors import ActorLexicon
from .gazetteer import Gazetteer, Place, haversine_km
from .names import fold
from .timex import MONTHS, WEEKDAYS

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
    r"Office\s+du\s+Niger|(?:Ag|Ould|Ben|Abu|Abou|Ibn|Ag\.)\s+[A-ZÀ-Ý][\w'’\-]+(?:\s+[A-ZÀ-Ý][\w'’\-]+)?)",
)
#: Capitalised words that are gazetteer names but far more often something else in news text
#: (sentence-initial function words in both languages, compass points, a few Malian homographs).
AMBIGUOUS_WORDS = {fold(w) for w in (
    "San", "Bla", "Kati", "Bamba", "Sans", "Dire", "Central", "Nord", "Sud", "Est", "Ouest", "North", "South",
    "Selon", "Tous", "La", "Le", "Les", "Des", "Du", "De", "Un", "Une", "The", "A", "An", "In", "On", "At", "Et",
    "Ou", "En", "Au", "Aux", "Ce", "Cette", "Il", "Elle", "Ils", "Mais", "But", "And", "After", "Après", "Since",
    "Depuis", "Lors", "Pour", "Par", "Sur", "Avec", "Dans", "When", "Quand", "Alors", "This", "That", "These",
    "Those", "Some", "Many", "Plusieurs", "Certains", "Officials", "Residents", "Habitants", "Sources",
)}
_WORD = r"[A-ZÀ-ÝŒ][\w'’\-]*"
_RUN = re.compile(rf"{_WORD}(?:(?:\s+|\s*-\s*)(?:(?:de|du|des|el|al|la|le|d'|l'|ag)\s+)?{_WORD}){{0,3}}")
_LOCATIVE = re.compile(
    r"\b(?i:in|at|near|outside|around|town of|village of|city of|region of|à|près de|aux environs de|"
    r"localité de|village de|commune de|cercle de|région de|ville de)\s+(" + _WORD + r")")
_NON_NAMES = {fold(w) for w in [*MONTHS, *WEEKDAYS]}


@dataclass
class PlaceMention:
    text: str
    start: int
    end: int
    name: str | None = None
    place: Place | None = None
    country: str = ""
    confidence: float = 0.0
    kind: str = "place"  # place, country, unresolved
    alternatives: list[dict[str, object]] = field(default_factory=list)

    def as_dict(self) -> dict[str, object]:
        p = self.place
        return {
            "text": self.text, "start": self.start, "end": self.end, "kind": self.kind,
            "name": p.name if p else self.name, "latitude": p.latitude if p else None,
            "longitude": p.longitude if p else None, "geonameid": (p.geonameid or None) if p else None,
            "admin1": p.admin1 if p else None, "country": p.country_code if p else (self.country or None),
            "confidence": round(self.confidence, 3), "alternatives": self.alternatives,
        }


def _blocked_spans(text: str, actors: ActorLexicon) -> list[tuple[int, int]]:
    spans = [(m.start, m.end) for m in actors.find(text)]
    spans += [(m.start(), m.end()) for m in NOT_PLACES.finditer(text)]
    return spans


def find_places(text: str, gazetteer: Gazetteer, actors: ActorLexicon) -> list[PlaceMention]:
    """Place mentions in text order, resolved where the gazetteer allows."""
    blocked = _blocked_spans(text, actors)
    mentions: list[PlaceMention] = []
    candidates: list[tuple[PlaceMention, list]] = []
    taken: list[tuple[int, int]] = []

    def free(s: int, e: int) -> bool:
        return not any(s < be and bs < e for bs, be in blocked + taken)

    for run in _RUN.finditer(text):
        words = list(re.finditer(_WORD, run.group(0)))
        i = 0
        while i < len(words):
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
                elif key not in AMBIGUOUS_WORDS and (found := gazetteer.lookup(raw, limit=8)) and \
                        found[0].score >= 0.8:
                    mention = PlaceMention(raw, s, e)
                    candidates.append((mention, found))
                    mentions.append(mention)
                else:
                    continue
                taken.append((s, e))
                i = j - 1
                break
            i += 1
    for loc in _LOCATIVE.finditer(text):  # unknown places after a locative: reported, never guessed
        s, e = loc.start(1), loc.end(1)
        key = fold(loc.group(1))
        if free(s, e) and key not in _NON_NAMES and not loc.group(1).isupper() and len(key) > 2:
            near = gazetteer.lookup(loc.group(1), country="ML", limit=3)
            mention = PlaceMention(loc.group(1), s, e, kind="unresolved", confidence=0.3)
            if near and near[0].score >= 0.6:
                candidates.append((mention, near))
            mentions.append(mention)
            taken.append((s, e))
    _resolve(candidates)
    return sorted(mentions, key=lambda m: m.start)


def _resolve(candidates: list[tuple[PlaceMention, list]]) -> None:
    """Pick each mention's place: unambiguous Malian mentions anchor the rest."""
    anchors = [found[0].place for _, found in candidates
               if found[0].place.country_code == "ML" and sum(c.place.country_code == "ML" for c in found) == 1]
    lat = sum(p.latitude for p in anchors) / len(anchors) if anchors else 16.5
    lon = sum(p.longitude for p in anchors) / len(anchors) if anchors else -1.5
    for mention, found in candidates:
        def score(c) -> float:  # noqa: ANN001
            s = c.score + (0.15 if c.place.country_code == "ML" else 0.0)
            if c.place.country_code == "ML":
                s += 0.1 * max(0.0, 1 - haversine_km(c.place.latitude, c.place.longitude, lat, lon) / 800)
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
