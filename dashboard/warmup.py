"""Work done once when the dashboard's server starts, so that the first reader does not wait for it.

``streamlit run app.py`` serves app.py as an st.App whose lifespan starts :func:`warm_up` in a thread: the
imports, the event store (opened, the --events file imported, the current events read), the boundaries, the
served events block and one map of the default view, all through the cached functions of dashboard.sources that
the script runs call. A reader who arrives meanwhile waits for the same computations (Streamlit computes a cached
value once), never for a second copy. A failure here is only logged: the script run reports it to the reader.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

#: Streamlit warns once per cached call made outside a script run; expected here, so hushed while warming up.
_NOISY = ("streamlit.runtime.scriptrunner_utils.script_run_context", "streamlit.runtime.caching.cache_data_api")


def warm_up(wait: bool = True) -> float:
    """Compute what the first script run needs, as the script would; the seconds it took. ``wait``: first wait
    (up to 30 s) for Streamlit's runtime, which holds the cached values."""
    from streamlit.runtime import Runtime

    for _ in range(600 if wait else 0):
        if Runtime.exists():
            break
        time.sleep(0.05)
    t0 = time.perf_counter()
    from geo.filters import PANEL_OPTIONS, apply_filters, from_query
    from geo.render import charts  # noqa: F401  altair, imported by the script once the map is sent
    from geo.render.story import story_steps

    from .sources import (
        STORE_NAME,
        boundary_args,
        cli_options,
        data_key,
        load_sources,
        map_parts,
        store_and_events_file,
    )

    opts = cli_options()
    geo_args = boundary_args(opts)
    store, _ = store_and_events_file(opts)
    version = store.version()
    events, _ = load_sources(store, store.location, version, (), (), geo_args)
    if events is not None and not events.empty:
        state = from_query({}, events)
        for options in (*PANEL_OPTIONS, story_steps):
            options(events)
        fmap, layers = map_parts(apply_filters(events, state), events, state, data_key(STORE_NAME, version, events),
                                 geo_args)
        fmap.get_root().render()  # compiles the templates of every element the map uses
    return time.perf_counter() - t0


def _run() -> None:
    from streamlit.logger import get_logger

    from geo.events import EventsFileError
    from geo.regions import BoundaryError
    from geo.store import StoreError

    log = get_logger(__name__)
    loggers = [logging.getLogger(name) for name in _NOISY]
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.setLevel(logging.ERROR)
    try:
        log.info("Dashboard warmed up in %.1f s: store read, map data ready.", warm_up())
    except (StoreError, BoundaryError, EventsFileError, OSError) as exc:  # shown to the reader by the script run
        log.warning("Warm-up stopped (%s); the first reader's page will say why.", exc)
    except Exception:  # noqa: BLE001 - a bug: the reader's script run meets it too and shows it
        log.warning("Warm-up stopped; the first reader will do this work.", exc_info=True)
    finally:
        for logger, level in zip(loggers, levels, strict=True):
            logger.setLevel(level)


@asynccontextmanager
async def lifespan(app: Any) -> AsyncIterator[None]:  # noqa: ARG001 - st.App's lifespan signature
    threading.Thread(target=_run, name="warm-up", daemon=True).start()
    yield
