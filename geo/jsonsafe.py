"""Serialise data into HTML and JavaScript without letting it escape its context.

folium renders templates as text, so a note containing ``</script>``, a
backtick, ``${...}`` or ``{{ ... }}`` could break out of a script block or be
re-interpreted by a later template pass. Everything from data goes through
these two functions.
"""

from __future__ import annotations

import json
from typing import Any

_SCRIPT_ESCAPES = {
    "<": "\\u003c",
    ">": "\\u003e",
    "&": "\\u0026",
    "\u2028": "\\u2028",
    "\u2029": "\\u2029",
}
_LITERAL_EXTRA = {"'": "\\u0027", "`": "\\u0060", "$": "\\u0024", "{": "\\u007b", "}": "\\u007d"}


def _clean(obj: Any) -> Any:
    """Drop NUL characters, which some browsers and tools truncate strings at."""
    if isinstance(obj, str):
        return obj.replace("\x00", "")
    if isinstance(obj, dict):
        return {k: _clean(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [_clean(v) for v in obj]
    return obj


def script_json(obj: Any) -> str:
    """JSON text safe inside ``<script type="application/json">``: no ``<``, ``>`` or ``&`` left raw."""
    text = json.dumps(_clean(obj), ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    for raw, esc in _SCRIPT_ESCAPES.items():
        text = text.replace(raw, esc)
    return text


def js_literal(obj: Any) -> str:
    """A JavaScript expression evaluating to ``obj``: ``JSON.parse("...")`` with every risky character escaped."""
    inner = json.dumps(json.dumps(_clean(obj), ensure_ascii=False, separators=(",", ":"), allow_nan=False),
                       ensure_ascii=False)
    for raw, esc in {**_SCRIPT_ESCAPES, **_LITERAL_EXTRA}.items():
        inner = inner.replace(raw, esc)
    return f"JSON.parse({inner})"

