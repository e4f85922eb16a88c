"""The event store: every event an analyst keeps, with every revision, who made it and why.

``open_store()`` opens (and on first use creates and seeds from ``data/events.csv``) a GeoPackage file, or a
PostgreSQL + PostGIS database for a team when given a ``postgresql://`` URL. Both keep the same tables and
behave the same (``geo.store.core``); ``python -m geo store --help`` is the command line.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from .core import Change, ImportReport, Revision, Store, StoreError, current_user

__all__ = ["Change", "ImportReport", "Revision", "Store", "StoreError", "current_user", "default_location",
           "open_store", "seed_store", "import_file"]


def default_location() -> str:
    """GEO_STORE, else events.gpkg in the user's data folder (XDG_DATA_HOME, default ~/.local/share)."""
    if os.environ.get("GEO_STORE"):
        return os.environ["GEO_STORE"]
    base = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    return str(base / "northern-mali-map" / "events.gpkg")


def open_store(location: str | Path | None = None, seed: Path | None = None, seeded: bool = True) -> Store:
    """The store at ``location`` (a file path or a postgresql:// URL; default: :func:`default_location`).
    A new, empty store is first filled from ``seed`` (default: the bundled events file) unless ``seeded`` is
    False (then :func:`seed_store` does it and returns the file's validation report)."""
    where = str(location or default_location())
    if where.startswith(("postgresql://", "postgres://")):
        from .postgis import PostGISStore

        store: Store = PostGISStore(where)
    else:
        from .gpkg import GeoPackageStore

        store = GeoPackageStore(where)
    if seeded:
        seed_store(store, seed)
    return store


def seed_store(store: Store, seed: Path | None = None) -> object | None:
    """Fill a store that has never been written from ``seed`` (default: the bundled events file); the file's
    LoadResult (every problem, as ``validate`` reports them), or None if the store was not empty."""
    if store.version() != 0:
        return None
    from .. import DEFAULT_EVENTS

    source = seed or DEFAULT_EVENTS
    if not source.exists():
        return None
    result, _ = import_file(store, source, Change("seed", current_user(), note="first use of this store"))
    return result


def sha256_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def import_file(store: Store, source: Path | bytes, change: Change, name: str = "", fmt: str = "auto",
                progress: object = None) -> tuple[object, ImportReport]:
    """Validate a file as ``python -m geo validate`` does and import its valid rows in one transaction.
    Returns (the LoadResult with every problem, what the import did)."""
    from ..events import load_events

    raw = source.read_bytes() if isinstance(source, Path) else source
    result = load_events(raw, fmt=fmt)
    label = name or (source.name if isinstance(source, Path) else "upload")
    why = Change(change.action, change.user, change.file or label, change.sha256 or sha256_of(raw), change.url,
                 change.note)
    report = store.import_events(result.events, why, progress) if len(result.events) else ImportReport()
    return result, report
