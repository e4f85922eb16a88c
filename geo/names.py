"""Name folding and Mali's administrative frames.

Every lookup (gazetteer, regions, actors) goes through :func:`fold`, so that
"Ménaka", "MENAKA" and "Menaka" meet, as do "N'Tillit" and "Ntillit".
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Callable, Iterable
from functools import lru_cache

_APOSTROPHES = "'’‘`´ʼ"
_SEPARATORS = re.compile(r"[\s\-_./,;:()]+")


def fold(text: str) -> str:
    """Accent-, case- and punctuation-insensitive key for a name."""
    text = unicodedata.normalize("NFKD", str(text))
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = text.casefold()
    for ch in _APOSTROPHES:
        text = text.replace(ch, "")
    return _SEPARATORS.sub(" ", text).strip()


#: The 2016 frame: ten regions plus the Bamako district (Law 2012-017, operational Jan 2016).
REGIONS_2016: tuple[str, ...] = (
    "Kayes",
    "Koulikoro",
    "Sikasso",
    "Ségou",
    "Mopti",
    "Tombouctou",
    "Gao",
    "Kidal",
    "Taoudénit",
    "Ménaka",
    "Bamako",
)

#: Regions whose interim authorities the 2015 accord provided for.
NORTHERN_REGIONS: tuple[str, ...] = ("Tombouctou", "Taoudénit", "Gao", "Ménaka", "Kidal")

#: The two 2016 regions carved out of pre-2016 ones.
PARENT_PRE2016: dict[str, str] = {"Taoudénit": "Tombouctou", "Ménaka": "Gao"}

_REGION_ALIASES: dict[str, str] = {
    "timbuktu": "Tombouctou",
    "tombouctou": "Tombouctou",
    "tomboctou": "Tombouctou",
    "taoudenni": "Taoudénit",
    "taoudeni": "Taoudénit",
    "taoudenit": "Taoudénit",
    "menaka": "Ménaka",
    "segou": "Ségou",
    "bamako district": "Bamako",
    "district de bamako": "Bamako",
    "bamako capital district": "Bamako",
}


def canonical_region(name: object) -> str | None:
    """Return the 2016-frame spelling of a region name, or None if unknown."""
    if name is None:
        return None
    return _canonical_region(str(name))


@lru_cache(maxsize=4096)
def _canonical_region(name: str) -> str | None:
    key = fold(name)
    for region in REGIONS_2016:
        if fold(region) == key:
            return region
    return _REGION_ALIASES.get(key)


def polygon_region(region: str, polygon_regions: set[str]) -> str | None:
    """The polygon that contains a 2016 region, under whatever frame the polygons use."""
    if region in polygon_regions:
        return region
    parent = PARENT_PRE2016.get(region)
    if parent in polygon_regions:
        return parent
    return None


class UnknownNameError(ValueError):
    """A name typed by a user matches nothing; the message lists the closest valid names."""


def resolve_names(wanted: Iterable[str], valid: Iterable[str], kind: str,
                  alias: Callable[[str], str | None] = lambda name: None) -> tuple[str, ...]:
    """The names in ``valid`` that each typed name stands for, matched case-, accent- and
    punctuation-insensitively and through ``alias`` (Timbuktu and Tombouctou meet). Raises UnknownNameError
    naming the closest valid names."""
    index: dict[str, list[str]] = {}
    for name in dict.fromkeys(v for v in valid if v):
        for key in {fold(name), fold(alias(name) or name)}:  # "Timbuktu" in the data is found by "Tombouctou"
            index.setdefault(key, []).append(name)
    found, errors = [], []
    for name in wanted:
        key = fold(name)
        other = alias(name)
        hits = index.get(key) or (index.get(fold(other)) if other else None)
        if not hits:
            close = difflib.get_close_matches(key, list(index), n=5, cutoff=0.6)
            names = dict.fromkeys(n for c in close for n in index[c])
            hint = f"; closest: {', '.join(names)}" if close else f"; {len(index)} known"
            errors.append(f"unknown {kind} {name!r}{hint}")
        else:
            found += [h for h in hits if h not in found]
    if errors:
        raise UnknownNameError("; ".join(errors))
    return tuple(found)
