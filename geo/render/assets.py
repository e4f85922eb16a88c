"""Leaflet's JS and CSS from an installed registry package, never from a CDN at view time.

The PyPI package folium-offline (MIT) carries folium 0.20's assets keyed by their CDN URL; we read them
from there. The standalone export inlines them; the dashboard serves them through Streamlit's static
folder (written at start-up, not committed).
"""

from __future__ import annotations

import hashlib
import os
import re
from functools import lru_cache
from pathlib import Path

from ..cache import write_atomically


class MissingAsset(LookupError):
    """A CDN URL that the installed asset package does not carry."""


@lru_cache(maxsize=1)
def _store() -> dict[str, str]:
    from offlinefolium.elements import _res  # URL -> file content, as shipped by folium-offline

    return dict(_res)


def _cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "northern-mali-map" / "assets"


def asset_text(url: str) -> str:
    """The file behind a CDN URL, from the installed package. Importing that package costs ~0.1 s (it holds
    every plugin's assets), so each file read is also kept in the user's cache, named by URL and package
    version: an upgraded package is read afresh; a cache that cannot be written is simply not used."""
    cached = _cache_dir() / _local_name(url)
    try:
        return cached.read_text(encoding="utf-8")
    except OSError:
        pass
    try:
        text = _store()[url]
    except KeyError:
        raise MissingAsset(f"no offline copy of {url} in the installed folium-offline package") from None
    try:
        write_atomically(cached, text)
    except OSError:
        pass
    return text


@lru_cache(maxsize=1)
def _package_version() -> str:
    from importlib.metadata import version

    return version("folium-offline")


def _local_name(url: str) -> str:
    # Not "...leaflet.css": Leaflet guesses its image path from a stylesheet of that name. The package version
    # is part of the name, so an upgraded package writes new files and an existing file never needs re-reading.
    digest = hashlib.sha256(f"{url} {_package_version()}".encode()).hexdigest()[:12]
    return f"asset-{digest}{Path(url).suffix}"


def write_static(folder: Path, urls: list[str], prefix: str = "/app/static/vendor") -> dict[str, str]:
    """Write local copies of ``urls`` into ``folder``; return URL -> served path (Streamlit static serving)."""
    folder.mkdir(parents=True, exist_ok=True)
    served = {}
    for url in urls:
        target = folder / _local_name(url)
        if not target.exists():  # importing the asset package costs ~0.7 s: only on the first start
            write_atomically(target, asset_text(url))
        served[url] = f"{prefix}/{target.name}"
    return served


_SCRIPT_SRC = re.compile(r'<script\s+src="(?P<url>[^"]+)"\s*>\s*</script>')
_CSS_LINK = re.compile(r'<link\s+rel="stylesheet"\s+href="(?P<url>[^"]+)"\s*/?>')


def inline_assets(page: str) -> str:
    """Replace every external script and stylesheet link with its content; fail if one is unknown."""
    def script(match: re.Match[str]) -> str:
        return "<script>" + asset_text(match["url"]).replace("</script", "<\\/script") + "</script>"

    def style(match: re.Match[str]) -> str:
        return "<style>" + asset_text(match["url"]).replace("</style", "<\\/style") + "</style>"

    return _CSS_LINK.sub(style, _SCRIPT_SRC.sub(script, page))
