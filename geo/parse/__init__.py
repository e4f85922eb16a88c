"""Geoparsing: from English or French news text to places, dates, actors and candidate events.

``text`` (spaCy tokens, sentences, clauses, lemmas), ``dates``, ``places``, ``numbers`` (death tolls),
``lexicon`` and ``events`` (triggers, modality, attachment), ``extract`` (one article), ``batch`` (many
articles, JSON lines) and ``evaluate`` (scores against labelled sets) share the gazetteer and actor list.
"""

from __future__ import annotations

from .extract import Extraction, events_table, extract, regeocode, reviewed_events

__all__ = ["Extraction", "events_table", "extract", "regeocode", "reviewed_events"]
