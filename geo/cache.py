"""Results remembered per object (by identity), for tables and outlines the dashboard passes again on every rerun.

pandas objects are not hashable, and hashing their contents each time would cost what the cache saves. A table
is never modified in place once loaded, so the same object means the same result. The object is kept alive with
its result (so its id cannot be reused by another); only the ``size`` most recent entries are kept.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
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
