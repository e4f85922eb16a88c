"""What the loader reports: one :class:`Problem` per problem, and the error for unreadable files."""

from __future__ import annotations

from dataclasses import dataclass


class EventsFileError(ValueError):
    """The file cannot be read as an events table at all."""


def short(value: str, limit: int = 80) -> str:
    return value if len(value) <= limit else value[:limit] + "…"


@dataclass(frozen=True)
class Problem:
    """One problem in one cell (or the file, when row is None). ``severity`` "error" drops the row,
    "warning" keeps it."""

    row: int | None
    column: str | None
    value: str
    message: str
    severity: str = "error"

    def __str__(self) -> str:
        where = f"row {self.row}" if self.row is not None else "file"
        col = f", column {self.column}" if self.column else ""
        val = f", value {short(self.value)!r}" if self.value != "" else ""
        return f"{self.severity}: {where}{col}{val}: {self.message}"


#: Warnings that may concern most rows of a large file are listed row by row up to this many rows, then summed up.
LIST_UP_TO = 50


def row_warnings(rows, mask, column: str, values, messages, summary: str) -> tuple[list[Problem], int]:  # noqa: ANN001
    """One warning per masked row (``messages``: one text, or one per masked row) when there are at most
    LIST_UP_TO of them, else one line with the count and the first rows. Returns (problems, rows only counted)."""
    import numpy as np

    mask = np.asarray(mask, dtype=bool)
    n = int(mask.sum())
    if not n:
        return [], 0
    if n > LIST_UP_TO:
        listed = ", ".join(str(int(r)) for r in np.asarray(rows)[mask][:20])
        return [Problem(None, column, "", f"{n:,} rows {summary} (rows {listed}, …)", "warning")], n
    texts = [messages] * n if isinstance(messages, str) else list(messages)
    picked = zip(np.asarray(rows)[mask], np.asarray(values, dtype=object)[mask], texts, strict=True)
    return [Problem(int(r), column, str(v), t, "warning") for r, v, t in picked], 0
