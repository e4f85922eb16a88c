"""Results remembered per object (by identity), for tables and outlines the dashboard passes again on every
rerun; derived files written atomically.

pandas objects are not hashable, and hashing their contents each time would cost what the cache saves. A table
is never modified in place once loaded, so the same object means the same result. The object is kept alive with
its result (so its id cannot be reused by another); only the ``size`` most recent entries are kept.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

R = TypeVar("R")


def by_identity(size: int = 4) -> Callable[[Callable[..., R]], Callable[..., R]]:
    """Decorator: ``func(obj, *args)`` computed once per (obj, args); ``args`` must be hashable."""
    def decorate(func: Callable[..., R]) -> Callable[..., R]:
        entries: dict[tuple, tuple[Any, R]] = {}

        @functools.wraps(func)
        def wrapper(obj: Any, *args: Any) -> R:
            key = (id(obj), *args)
            hit = entries.get(key)
            if hit is not None and hit[0] is obj:
                return hit[1]
            value = func(obj, *args)
            entries[key] = (obj, value)
            while len(entries) > size:
                entries.pop(next(iter(entries)))
            return value

        return wrapper

    return decorate


def write_atomically(path: Path, data: bytes | str) -> None:
    """Write a derived file (an asset copy, an events block) so that a reader, or another process writing the
    same file, never sees it half-written: a temporary file of this process, then one rename."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    if isinstance(data, str):
        tmp.write_text(data, encoding="utf-8")
    else:
        tmp.write_bytes(data)
    tmp.replace(path)
