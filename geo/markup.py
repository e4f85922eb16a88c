"""Text for Streamlit's Markdown, built so that nothing from data is interpreted.

Streamlit's Markdown renders links, images, raw-HTML-looking text, $math$ and :directives[...]; every piece
of data is backslash-escaped here, and highlights are added as Streamlit background directives around the
escaped text.
"""

from __future__ import annotations

import re
from typing import Any

_MARKDOWN_SPECIAL = set("\\`*_{}[]()<>#+-.!|~$:&")
#: GitHub-flavoured Markdown turns bare URLs, www. names and e-mail addresses into links after parsing, so
#: escapes cannot stop it: an invisible word joiner (U+2060) after the scheme, "www" or "@" breaks the pattern.
_AUTOLINK = re.compile(r"(?i)(https?|ftp|mailto|www)(?=[:.])|(@)")

HIGHLIGHT_COLORS = {"place": "blue", "date": "orange", "actor": "green"}


def markdown_literal(text: object) -> str:
    """Backslash-escape every character Streamlit's Markdown would interpret, so text shows as typed (bare
    URLs and e-mail addresses get an invisible word joiner so they are not made into links)."""
    text = _AUTOLINK.sub(lambda m: m.group(0) + "\u2060", str(text).replace("\x00", ""))
    return "".join("\\" + ch if ch in _MARKDOWN_SPECIAL else ch for ch in text)


def highlighted_markdown(text: str, result: dict[str, Any]) -> str:
    """The article with place, date and actor mentions highlighted (non-overlapping, text order)."""
    spans = [(p["start"], p["end"], "place") for p in result["places"]]
    spans += [(d["start"], d["end"], "date") for d in result["dates"]]
    spans += [(a["start"], a["end"], "actor") for a in result["actors"]]
    spans.sort(key=lambda s: (s[0], -(s[1] - s[0])))
    out, pos = [], 0
    for start, end, kind in spans:
        if start < pos:
            continue
        out.append(markdown_literal(text[pos:start]))
        out.append(f":{HIGHLIGHT_COLORS[kind]}-background[{markdown_literal(text[start:end])}]")
        pos = end
    out.append(markdown_literal(text[pos:]))
    return "".join(out).replace("\n", "  \n")
