"""Northern Mali event map: the library behind the dashboard and the ``python -m geo`` CLI.

Nothing in this package imports streamlit; the dashboard (``app.py``, ``dashboard/``) is a thin UI over it.
"""

from __future__ import annotations

from pathlib import Path

__version__ = "0.1.0"

#: Bundled data shipped with the repository (events, gazetteer, boundaries, manifest).
DATA_DIR = Path(__file__).resolve().parent.parent / "data"
DEFAULT_EVENTS = DATA_DIR / "events.csv"
