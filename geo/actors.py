"""Canonical actors and their aliases (data/actors.csv), and finding them in text.

Matching is accent- and case-insensitive on whole words, longest alias first, so "Coordination des
Mouvements de l'Azawad" is one CMA mention rather than a stray "Azawad". Users extend the list by
editing the CSV (one row per actor, aliases separated by |).
"""

from __future__ import annotations

import csv
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from . import DATA_DIR

ACTORS_CSV = DATA_DIR / "actors.csv"


@dataclass(frozen=True)
class Mention:
    start: int
    end: int
    text: str
    actor: str


def _pattern(alias: str) -> str:
    """Regex for an alias: accents optional, any apostrophe, hyphen or space between parts."""
    parts = []
    for ch in alias:
        base = unicodedata.normalize("NFKD", ch)[0]
        if ch in "'’ʼ`":
            parts.append("['’ʼ`]?")
        elif ch in " -":
            parts.append(r"[\s\-]+")
        elif base.isalpha() and base != ch:
            parts.append(f"[{re.escape(base)}{re.escape(ch)}]")
        else:
            parts.append(re.escape(ch))
    return "".join(parts)


class ActorLexicon:
    """All aliases compiled into one regex; ``find`` returns non-overlapping mentions in text order."""

    def __init__(self, rows: list[tuple[str, list[str]]]):
        self.canonical = [name for name, _ in rows]
        self._alias_to_actor: dict[str, str] = {}
        aliases = []
        for name, alts in rows:
            for alias in [name, *alts]:
                alias = alias.strip()
                if len(alias) < 2 or alias.casefold() in self._alias_to_actor:
                    continue
                self._alias_to_actor[alias.casefold()] = name
                aliases.append(alias)
        aliases.sort(key=len, reverse=True)
        self._groups = aliases
        body = "|".join(f"({_pattern(a)})" for a in aliases)
        self._regex = re.compile(rf"(?<![\w])(?:{body})(?![\w])", re.IGNORECASE)

    def find(self, text: str) -> list[Mention]:
        found = []
        for match in self._regex.finditer(text):
            alias = self._groups[match.lastindex - 1]
            found.append(Mention(match.start(), match.end(), match.group(0), self._alias_to_actor[alias.casefold()]))
        return found

@lru_cache(maxsize=4)
def load_actors(path: Path = ACTORS_CSV) -> ActorLexicon:
    with path.open(encoding="utf-8", newline="") as fh:
        rows = [(r["actor"], [a for a in r["aliases"].split("|") if a]) for r in csv.DictReader(fh)]
    return ActorLexicon(rows)
