"""Leaflet's JS and CSS from an installed registry package, never from a CDN at view time.

The PyPI package folium-offline (MIT) carries folium 0.20's assets keyed by their CDN URL; we read them
from there. The standalone export inlines them; the dashboard serves them through Streamlit's static
folder (written at start-up, not committed).
"""

from __future__ import annotations

import hashlib
import re
from functools import lru_cache
from pathlib import Path


class MissingAsset(LookupError):
    """A CDN URL that the installed asset package does not carry."""


@lru_cache(maxsize=1)
def _store() -> dict[str, str]:
    from offlinefolium.elements import _res  # URL -> file content, as shipped by folium-offline

    return dict(_res)


def asset_text(url: str) -> str:
    try:
        return _store()[url]
    except KeyError:
        raise MissingAsset(f"no offline copy of {url} in the installed folium-offline package") from None


def _local_name(url: str) -> str:
    # Not "...leaflet.css": Leaflet guesses its image path from a stylesheet of that name. The package version
    # is part of the name, so an upgraded package writes new files and an existing file never needs re-reading.
    from importlib.metadata import version

    digest = hashlib.sha256(f"{url} {version('folium-offline')}".encode()).hexdigest()[:12]
    return f"asset-{digest}{Path(url).suffix}"


def write_static(folder: Path, urls: list[str], prefix: str = "/app/static/vendor") -> dict[str, str]:
    """Write local copies of ``urls`` into ``folder``; return URL -> served path (Streamlit static serving)."""
    folder.mkdir(parents=True, exist_ok=True)
    served = {}
    for url in urls:
        target = folder / _local_name(url)
        if not target.exists():  # importing the asset package costs ~0.7 s: only on the first start
            tmp = target.with_suffix(target.suffix + ".tmp")
            tmp.write_text(asset_text(url), encoding="utf-8")
            tmp.replace(target)
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
