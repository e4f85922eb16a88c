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
