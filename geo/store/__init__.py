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
           "open_store", "import_once", "import_file"]


def default_location() -> str:
    """GEO_STORE, else events.gpkg in the user's data folder (XDG_DATA_HOME, default ~/.local/share)."""
    if os.environ.get("GEO_STORE"):
        return os.environ["GEO_STORE"]
    base = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    return str(base / "northern-mali-map" / "events.gpkg")


def open_store(location: str | Path | None = None, seed: Path | None = None, seeded: bool = True) -> Store:
    """The store at ``location`` (a file path or a postgresql:// URL; default: :func:`default_location`).
    A new, empty store is first filled from ``seed`` (default: the bundled events file) unless ``seeded`` is
    False (the dashboard then calls :func:`import_once`, which seeds too and returns the file's report)."""
    where = str(location or default_location())
    if where.startswith(("postgresql://", "postgres://")):
        from .postgis import PostGISStore

        store: Store = PostGISStore(where)
    else:
        from .gpkg import GeoPackageStore

        store = GeoPackageStore(where)
    if seeded and store.version() == 0:
        from .. import DEFAULT_EVENTS

        if (seed or DEFAULT_EVENTS).exists():
            import_once(store, seed or DEFAULT_EVENTS)
    return store


def import_once(store: Store, path: Path, user: str | None = None) -> object | None:
    """Import ``path`` unless the store has recorded this very file (same sha256); a store never written is
    seeded with it. Returns the file's LoadResult (every problem, as ``validate`` reports them) when it was
    imported now, else None: a file already known is read and hashed, never parsed again."""
    raw = path.read_bytes()
    digest = sha256_of(raw)
    if store.has_file(digest):
        return None
    first = store.version() == 0
    change = Change("seed" if first else "import", current_user(user), path.name, digest,
                    note="first use of this store" if first else "")
    result, _ = import_file(store, raw, change)
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
