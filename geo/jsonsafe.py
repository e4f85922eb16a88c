"""Serialise data into HTML and JavaScript without letting it escape its context.

folium renders templates as text, so a note containing ``</script>``, a
backtick, ``${...}`` or ``{{ ... }}`` could break out of a script block or be
re-interpreted by a later template pass. Everything from data that goes into a
script goes through js_literal.
"""

from __future__ import annotations

import json
import re
from typing import Any

_SCRIPT_ESCAPES = {
    "<": "\\u003c",
    ">": "\\u003e",
    "&": "\\u0026",
    "\u2028": "\\u2028",
    "\u2029": "\\u2029",
}
_LITERAL_EXTRA = {"'": "\\u0027", "`": "\\u0060", "$": "\\u0024", "{": "\\u007b", "}": "\\u007d"}


_NUL = re.compile(r"(?<!\\)((?:\\\\)*)\\u0000")


def _dumps(obj: Any) -> str:
    """Compact JSON without NUL characters (some browsers and tools truncate strings at them). json.dumps
    writes NUL as \\u0000; it is dropped from the text unless the backslash itself was escaped."""
    text = json.dumps(obj, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return _NUL.sub(r"\1", text) if "\\u0000" in text else text


def js_literal(obj: Any) -> str:
    """A JavaScript expression evaluating to ``obj``: ``JSON.parse("...")`` with every risky character escaped."""
    inner = json.dumps(_dumps(obj), ensure_ascii=False)
    for raw, esc in {**_SCRIPT_ESCAPES, **_LITERAL_EXTRA}.items():
        inner = inner.replace(raw, esc)
    return f"JSON.parse({inner})"

