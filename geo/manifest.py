"""Provenance of every bundled data file: data/manifest.json.

Each entry records source, licence, retrieval date, derivation and a sha256,
so a test can check that nothing under data/ is undocumented or silently
changed, and the UI can show users where each layer comes from.
"""

from __future__ import annotations

import hashlib
import json
from datetime import date
from pathlib import Path

from . import DATA_DIR

MANIFEST = DATA_DIR / "manifest.json"
REQUIRED_FIELDS = ("title", "source", "licence", "retrieved", "derivation", "attribution", "sha256")


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def load_manifest(path: Path = MANIFEST) -> dict[str, dict[str, str]]:
    """File name (relative to data/) -> provenance fields."""
    return json.loads(path.read_text(encoding="utf-8"))["files"]


def record_file(name: str, path: Path = MANIFEST) -> None:
    """After a build script rewrote data/NAME: store its new hash and today's retrieval date."""
    doc = json.loads(path.read_text(encoding="utf-8"))
    entry = doc["files"].setdefault(name, {})
    new_hash = sha256(DATA_DIR / name)
    if entry.get("sha256") != new_hash:
        entry["sha256"] = new_hash
        entry["retrieved"] = date.today().isoformat()
    path.write_text(json.dumps(doc, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def attributions(names: list[str] | None = None) -> list[str]:
    """Attribution lines for the map footer (de-duplicated, in manifest order)."""
    files = load_manifest()
    lines = [files[n]["attribution"] for n in (names or list(files)) if n in files]
    return list(dict.fromkeys(lines))
