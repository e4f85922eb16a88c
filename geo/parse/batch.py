"""Many articles at once: text files (optionally opening with a ``Published: YYYY-MM-DD`` line), CSV or JSON
lines files of articles (text, publication date, URL), standard input; one JSON object per article out.

The models and tables load once for the whole batch, so sixty articles take a few seconds, start-up included.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TextIO

from ..io.problems import EventsFileError
from ..io.values import parse_date
from .dates import dateline_date

_PUBLISHED = re.compile(r"^\s*(?:Published|Publié|Date)\s*:\s*(\S+)\s*$", re.I)
TEXT_KEYS = ("text", "body", "content", "article", "texte")
DATE_KEYS = ("published", "date", "publication_date", "published_at", "pubdate")
URL_KEYS = ("url", "link", "source_url", "lien")
ID_KEYS = ("id", "article_id", "title", "titre")


@dataclass
class Article:
    name: str  # file name, with the row for CSV/JSONL inputs ("news.csv#3")
    text: str
    published: date
    url: str = ""
    article_id: str = ""


def _pick(record: dict[str, object], keys: tuple[str, ...]) -> str:
    lower = {str(k).strip().lower(): v for k, v in record.items()}
    return next((str(lower[k]) for k in keys if k in lower and lower[k] not in (None, "")), "")


def _date_of(value: str, fallback: date | None, where: str, text: str = "") -> date:
    parsed = parse_date(value[:10]) if value else None
    stamped = dateline_date(text) if parsed is None and fallback is None and text else None
    if parsed is None and fallback is None and stamped is None:
        raise EventsFileError(f"{where}: no publication date (give --published, a 'Published: YYYY-MM-DD' "
                              f"first line, a dated dateline, or a published/date column)"
                              + (f"; {value!r} is not a date" if value else ""))
    return parsed or fallback or stamped  # type: ignore[return-value]


def _records(name: str, raw: str) -> Iterator[tuple[str, dict[str, object]]]:
    if name.lower().endswith((".jsonl", ".ndjson")):
        for n, line in enumerate(raw.splitlines(), start=1):
            if line.strip():
                try:
                    yield f"{name}#{n}", json.loads(line)
                except json.JSONDecodeError as exc:
                    raise EventsFileError(f"{name} line {n}: not JSON ({exc.msg})") from None
    else:
        for n, row in enumerate(csv.DictReader(io.StringIO(raw)), start=2):
            yield f"{name}#{n}", row


def read_articles(paths: list[str], published: date | None = None, stdin: TextIO | None = None) -> list[Article]:
    """Every article of the inputs, in order; a missing text or date is an error naming the file and row."""
    articles: list[Article] = []
    for path in paths:
        if path == "-":
            name, raw = "stdin", (stdin or sys.stdin).read()
        else:
            name, raw = Path(path).name, Path(path).read_bytes().decode("utf-8-sig", errors="replace")
        if name.lower().endswith((".csv", ".jsonl", ".ndjson")):
            for where, record in _records(name, raw):
                text = _pick(record, TEXT_KEYS)
                if not text.strip():
                    raise EventsFileError(f"{where}: no article text (columns tried: {', '.join(TEXT_KEYS)})")
                articles.append(Article(where, text, _date_of(_pick(record, DATE_KEYS), published, where, text),
                                        _pick(record, URL_KEYS), _pick(record, ID_KEYS)))
            continue
        articles.append(text_article(name, raw, published))
    return articles


def text_article(name: str, raw: str, published: date | None) -> Article:
    """A plain-text article; a first line ``Published: YYYY-MM-DD`` gives its date (else ``published``)."""
    first, _, rest = raw.partition("\n")
    m = _PUBLISHED.match(first)
    text = rest if m else raw
    return Article(name, text, _date_of(m.group(1) if m else "", published, name, text))


def article_id(article: Article) -> str:
    return article.article_id or "ART-" + hashlib.sha256(article.text.encode("utf-8")).hexdigest()[:8]


class Progress:
    """A progress bar on standard error for batches (a line per tenth when stderr is not a terminal)."""

    def __init__(self, total: int, stream: TextIO | None = None) -> None:
        self.total, self.done, self.stream = total, 0, stream or sys.stderr
        self.live = total > 1 and self.stream.isatty()
        self._last_tenth = -1

    def step(self, label: str = "") -> None:
        self.done += 1
        if self.total <= 1:
            return
        width = 30
        filled = int(width * self.done / self.total)
        bar = f"[{'#' * filled}{'.' * (width - filled)}] {self.done}/{self.total} {label[:40]}"
        if self.live:
            self.stream.write("\r" + bar.ljust(80))
            if self.done == self.total:
                self.stream.write("\n")
        elif (tenth := self.done * 10 // self.total) != self._last_tenth:
            self._last_tenth = tenth
            self.stream.write(bar + "\n")
        self.stream.flush()
