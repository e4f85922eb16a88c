"""Death tolls from numerals and number words, English and French ("killing 77", "54 morts", "trois morts",
"une dizaine de soldats tués"); vague amounts ("dozens", "des dizaines", "several") give no number and a note.
"""

from __future__ import annotations

import re

from .lexicon import TRIGGERS
from .text import Token

WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
    "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17,
    "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100, "a dozen": 12,
    "un": 1, "une": 1, "deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "sept": 7, "huit": 8, "neuf": 9,
    "dix": 10, "onze": 11, "douze": 12, "treize": 13, "quatorze": 14, "quinze": 15, "seize": 16, "vingt": 20,
    "trente": 30, "quarante": 40, "cinquante": 50, "soixante": 60, "cent": 100,
    "dizaine": 10, "douzaine": 12, "quinzaine": 15, "vingtaine": 20, "trentaine": 30, "cinquantaine": 50,
    "centaine": 100,
}
VAGUE = {"dozens", "scores", "several", "many", "numerous", "hundreds", "dizaines", "plusieurs", "nombreux",
         "centaines", "some", "quelques"}
_KILL = TRIGGERS["kill"]["en"] | TRIGGERS["kill"]["fr"]
_SKIP = {"of", "the", "de", "des", "d'", "at", "least", "au", "moins", "some", "about", "around", "environ",
         "près", "more", "than", "plus", "over", "other", "others", "autres", "people", "personnes"}


def _value(tok: Token) -> int | None:
    text = tok.lower.replace(",", "").replace("\u202f", "")
    if text.isdigit() and len(text) <= 6:
        return int(text)
    if text == "six":  # French and English
        return 6
    return WORDS.get(text)


#: "no casualties", "aucune victime", "sans faire de victimes", "nobody was killed": a toll of 0.
NONE_KILLED = re.compile(
    r"\b(?:no\s+(?:casualties|victims|deaths|fatalities|one\s+was\s+(?:killed|hurt|injured))|nobody\s+was\s+"
    r"(?:killed|hurt)|without\s+(?:causing\s+)?(?:casualties|victims)|aucune?\s+(?:victime|perte|mort|décès)s?|"
    r"sans\s+(?:faire\s+de\s+|causer\s+de\s+)?(?:victimes?|pertes?)|pas\s+de\s+(?:victimes?|pertes?|morts?)|"
    r"personne\s+n['’]a\s+été\s+(?:tué|blessé))", re.I)
#: "between 10 and 15", "10 to 15", "entre 10 et 15", "10-15": ACLED takes the lowest figure.
_NUM = r"\d+|" + "|".join(sorted((w for w in WORDS if " " not in w), key=len, reverse=True))
_RANGE = re.compile(rf"\b(?:between|entre|de|from)?\s*({_NUM})\s*(?:and|to|et|à|-|–)\s*({_NUM})\b", re.I)


_SUMMED = re.compile(rf"\b({_NUM})\s+(?:[\w\-]+\s+){{1,3}}(?:and|et)\s+({_NUM})\s+(?:[\w\-]+\s+){{1,3}}"
                     r"(?:were|have been|had been|ont été|avaient été|sont)\s+(?:killed|tués|tuées)\b", re.I)


def _number(text: str) -> int:
    return int(text) if text.isdigit() else (6 if text.lower() == "six" else WORDS[text.lower()])


#: "the toll rose to 77", "raised the toll to 31", "le bilan s'est alourdi à 12": a revised figure.
_TOLL_TO = re.compile(
    r"\b(?:(?:death\s+)?toll|bilan|number\s+of\s+(?:\w+\s+){0,2}(?:dead|killed|deaths|victims)|nombre\s+de\s+"
    r"(?:morts|victimes|tués))\b[^.;]{0,60}?\b(?:rose|risen|rising|climbed|increased|reached|stood|stands|grew|"
    r"jumped|passé|passe|élevé|élève|atteint|alourdi|revu|grimpé|monté)\w*\s+(?:\w+\s+){0,2}?(?:to|at|à)\s+"
    r"(?:at\s+least\s+|au\s+moins\s+)?(\d+)\b"
    r"|\b(?:raised|put|revised|brought|pushed|porté|portant|revu)\s+(?:the|le)\s+(?:death\s+)?(?:toll|bilan)\s+"
    r"(?:up\s+)?(?:to|à)\s+(?:at\s+least\s+|au\s+moins\s+)?(\d+)\b", re.I)


def fatalities_in(tokens: list[Token], hurt: set[str]) -> tuple[int | None, str]:
    """(deaths, note) of a clause: a revised toll ("the toll rose to 77"), a number whose next outcome word is
    a death word, or a death verb followed by a number ("killing 77", "faisant 2 morts"); (None, "dozens
    killed") for vague amounts; (0, ...) for "no casualties"; the lowest figure of a range, the range in the
    note."""
    joined = " ".join(t.text for t in tokens)
    revised = _TOLL_TO.search(joined)
    if revised:
        return int(revised.group(1) or revised.group(2)), "revised toll"
    if NONE_KILLED.search(joined):
        return 0, "no casualties reported"
    both = _SUMMED.search(joined)
    if both:  # "seven soldiers and 80 assailants were killed": one toll for the occurrence
        return _number(both.group(1)) + _number(both.group(2)), f"{both.group(1)} + {both.group(2)} dead"
    deaths, note = _fatalities(tokens, hurt)
    for rng in _RANGE.finditer(joined):
        low, high = _number(rng.group(1)), _number(rng.group(2))
        if deaths is not None and deaths in (low, high) and low < high:
            deaths = low  # "entre 20 et 30 soldats tués", "de trois à sept morts": the lowest figure (ACLED)
            note = f"range {low}-{high}: the lowest figure is kept"
            break
    return deaths, note


def _fatalities(tokens: list[Token], hurt: set[str]) -> tuple[int | None, str]:
    for i, tok in enumerate(tokens):
        value = _value(tok)
        if value == 1 and i + 1 < len(tokens) and _value(tokens[i + 1]) is not None:
            continue  # "une dizaine": the approximate number that follows
        vague = tok.lower in VAGUE
        if value is None and not vague:
            continue
        following = tokens[i + 1:i + 13]
        for k, nxt in enumerate(following):
            if nxt.lemma in hurt or nxt.lower in hurt or nxt.text in {",", ";", ".", ":"} or (
                    k and _value(nxt) is not None):
                break
            if k and nxt.lower == "die" and following[k - 1].lower == "sine":
                continue  # "reportée sine die": postponed, nobody died
            if nxt.lemma in _KILL or nxt.lower in _KILL or (nxt.lemma in {"lose", "perdre"} and any(
                    t.lower in {"life", "lives", "vie", "vies"} for t in following[k + 1:k + 4])):
                if vague:
                    return None, f"{tok.text} {nxt.text} (vague: no number)"
                return value, ""
        prev = [t for t in tokens[max(0, i - 4):i] if t.lower not in _SKIP and _value(t) is None]
        if value is not None and prev and (prev[-1].lemma in _KILL or prev[-1].lower in {"killing", "faisant",
                                                                                      "killed"}):
            after = tokens[i + 1:i + 4]
            if not any(t.lemma in hurt or t.lower in hurt for t in after[:1]):
                return value, ""
    return None, ""
