"""What every store does, whatever holds it: imports that only add revisions, history, delete, revert, exports.

Three tables: ``events`` (the current revision of every event not deleted: typed columns and a point, so QGIS or
SQL can use it directly), ``revisions`` (every revision of every event, as canonical JSON text, flagged
``current`` for the newest) and ``changes`` (one row per write: when, who, what and why). A write is one
transaction, serialised against other writers (see the backends), so it lands whole or not at all.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import numpy as np
import pandas as pd

from .records import DATES, FIELDS, FLOATS, INTEGERS, as_text, changed_fields, row_json

#: Rows written per statement batch; progress is reported between batches.
BATCH = 5000
CHANGE_COLUMNS = ("at", "user_name", "action", "file", "sha256", "url", "note", "created", "updated", "deleted")
EVENT_COLUMNS = ("event_id", *FIELDS, "extra", "revision", "updated_at", "updated_by")
REVISION_COLUMNS = ("event_id", "revision", "change_id", "op", "data", "changed", "current")
Progress = Callable[[int, int], None]


class StoreError(ValueError):
    """A request the store cannot carry out (unknown event, unknown revision): the message says why."""


@dataclass(frozen=True)
class Change:
    """Who made a write and why: the user, and a file (name + sha256), an article URL or a note."""

    action: str
    user: str = ""
    file: str = ""
    sha256: str = ""
    url: str = ""
    note: str = ""


def current_user(explicit: str | None = None) -> str:
    """``--user`` or the dashboard's field, else GEO_USER, else the login name."""
    if explicit:
        return explicit.strip()
    import getpass

    try:
        return os.environ.get("GEO_USER") or getpass.getuser()
    except OSError:  # no login name (some containers)
        return "unknown"


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    change_id: int | None = None

    def summary(self) -> str:
        return f"{self.created:,} new, {self.updated:,} changed, {self.unchanged:,} unchanged"


@dataclass
class Revision:
    event_id: str
    revision: int
    op: str
    data: dict[str, str]
    changed: list[str]
    at: str
    user: str
    action: str
    why: str


class Store:
    """Backend-independent logic. A backend provides a write transaction (serialised against every other
    writer), a read cursor, bulk inserts, its parameter style and how a point is written."""

    kind = "store"
    location = ""
    param = "?"

    # -- what a backend provides -------------------------------------------------------------------
    def write(self) -> AbstractContextManager[Any]:
        raise NotImplementedError

    def read(self) -> AbstractContextManager[Any]:
        raise NotImplementedError

    def _insert(self, cur: Any, table: str, columns: tuple[str, ...], rows: list[tuple], returning: bool = False
                ) -> int | None:
        raise NotImplementedError

    def _points(self, lon: np.ndarray, lat: np.ndarray) -> list[Any]:
        raise NotImplementedError

    geom_sql = "?"

    # -- helpers --------------------------------------------------------------------------------------
    def _sql(self, text: str) -> str:
        return text if self.param == "?" else text.replace("?", self.param)

    def _run(self, cur: Any, text: str, params: tuple | list = ()) -> Any:
        cur.execute(self._sql(text), params)
        return cur

    def _many(self, cur: Any, text: str, rows: list[tuple], progress: Progress | None = None,
              done: int = 0, total: int = 0) -> None:
        _batched(rows, lambda part: cur.executemany(self._sql(text), part), progress, done, total)

    # -- reading --------------------------------------------------------------------------------------
    def count(self) -> int:
        with self.read() as cur:
            return int(self._run(cur, "SELECT count(*) FROM events").fetchone()[0])

    def version(self) -> int:
        """The newest change's number: a cheap key for caching the current table."""
        with self.read() as cur:
            return int(self._run(cur, "SELECT coalesce(max(fid), 0) FROM changes").fetchone()[0])

    def current(self) -> pd.DataFrame:
        """Every current event, typed as ``geo.events.load_events`` types a file, in the order first stored."""
        events = self._current_table()
        events.attrs.update(source_format="store", source_columns=list(events.columns))
        return events

    def _current_table(self) -> pd.DataFrame:
        """The current table, typed (records.frame_from_arrow), in fid order: each backend reads it as Arrow."""
        raise NotImplementedError

    def has_file(self, sha256: str) -> bool:
        with self.read() as cur:
            return self._run(cur, "SELECT 1 FROM changes WHERE sha256 = ? LIMIT 1", (sha256,)).fetchone() is not None

    def changes(self, limit: int = 20) -> pd.DataFrame:
        with self.read() as cur:
            rows = self._run(cur, f"SELECT fid, {', '.join(CHANGE_COLUMNS)} FROM changes ORDER BY fid DESC "
                                  f"LIMIT {int(limit)}").fetchall()
        return pd.DataFrame.from_records(rows, columns=["change", *CHANGE_COLUMNS])

    def deleted(self) -> pd.DataFrame:
        """Events whose newest revision deletes them: id, revision, and the values they had."""
        with self.read() as cur:
            rows = self._run(cur, "SELECT event_id, revision, data FROM revisions WHERE current = 1 AND "
                                  "op = 'delete' ORDER BY event_id").fetchall()
        records = []
        for event_id, revision, data in rows:
            values = json.loads(data)
            records.append({"event_id": event_id, "revision": int(revision), "event_date": values.get("event_date",
                            ""), "location": values.get("location", ""), "actor1": values.get("actor1", "")})
        return pd.DataFrame(records, columns=["event_id", "revision", "event_date", "location", "actor1"])

    def history(self, event_id: str) -> list[Revision]:
        """Every revision of one event, oldest first, each with the fields it changed and why it was made."""
        with self.read() as cur:
            rows = self._run(cur, "SELECT r.revision, r.op, r.data, r.changed, c.at, c.user_name, c.action, c.file, "
                                  "c.sha256, c.url, c.note FROM revisions r JOIN changes c ON c.fid = r.change_id "
                                  "WHERE r.event_id = ? ORDER BY r.revision", (event_id,)).fetchall()
        return [Revision(event_id, int(rev), op, json.loads(data), [c for c in (changed or "").split(",") if c],
                         at, user, action, _why(file, sha, url, note))
                for rev, op, data, changed, at, user, action, file, sha, url, note in rows]

    # -- writing --------------------------------------------------------------------------------------
    def import_events(self, events: pd.DataFrame, change: Change, progress: Progress | None = None
                      ) -> ImportReport:
        """Add a revision for every row that is new or differs from its event's newest revision; rows equal to
        it change nothing (so importing a file twice is a no-op). All or nothing."""
        text = as_text(events)
        text = text[~text["event_id"].duplicated(keep="last")]
        data = row_json(text)
        with self.write() as cur:
            heads = self._heads(cur, None if len(text) > 500 else list(text["event_id"]))
            report = ImportReport()
            plan: list[tuple[int, int, str, str]] = []  # (row position, revision, op, changed fields)
            for i, (event_id, blob) in enumerate(zip(text["event_id"], data, strict=True)):
                head = heads.get(event_id)
                if head is None:
                    plan.append((i, 1, "create", ""))
                elif head[2] == blob:
                    report.unchanged += 1
                else:
                    changed = changed_fields(json.loads(head[2]), json.loads(blob))
                    plan.append((i, head[0] + 1, "restore" if head[1] == "delete" else "update", ",".join(changed)))
            if not plan:
                return report
            report.change_id = self._new_change(cur, change)
            subset = text.iloc[[p[0] for p in plan]]
            revisions = [(str(subset["event_id"].iat[k]), rev, report.change_id, op, data[i], changed, 1)
                         for k, (i, rev, op, changed) in enumerate(plan)]
            fresh = [heads.get(r[0]) is None or heads[r[0]][1] == "delete" for r in revisions]
            self._write_revisions(cur, revisions, subset, fresh, change.user, progress)
            report.created = sum(1 for p in plan if p[2] == "create")
            report.updated = len(plan) - report.created
            self._finish_change(cur, report.change_id, report.created, report.updated, 0)
        return report

    def delete(self, event_id: str, change: Change) -> int:
        """A "delete" revision (the values kept, so revert can bring them back); the event leaves the map."""
        with self.write() as cur:
            head = self._heads(cur, [event_id]).get(event_id)
            if head is None:
                raise StoreError(f"no event {event_id!r} in the store")
            if head[1] == "delete":
                raise StoreError(f"event {event_id!r} is already deleted (revision {head[0]})")
            change_id = self._new_change(cur, change)
            self._append(cur, event_id, head[0] + 1, change_id, "delete", head[2], "")
            self._finish_change(cur, change_id, 0, 0, 1)
            return head[0] + 1

    def revert(self, event_id: str, to: int, change: Change) -> int | None:
        """A new revision with the values of revision ``to`` (a delete revision deletes again); None if the
        event already has them."""
        with self.write() as cur:
            head = self._heads(cur, [event_id]).get(event_id)
            if head is None:
                raise StoreError(f"no event {event_id!r} in the store")
            row = self._run(cur, "SELECT op, data FROM revisions WHERE event_id = ? AND revision = ?",
                            (event_id, int(to))).fetchone()
            if row is None:
                raise StoreError(f"event {event_id!r} has no revision {to} (it has 1 to {head[0]})")
            op, blob = row
            deleting = op == "delete"
            if (head[1] == "delete") == deleting and head[2] == blob:
                return None
            change_id = self._new_change(cur, change)
            values = json.loads(blob)
            changed = "" if deleting else ",".join(changed_fields(json.loads(head[2]), values))
            self._append(cur, event_id, head[0] + 1, change_id, "delete" if deleting else "revert", blob, changed)
            if not deleting:
                columns = ["event_id", *FIELDS, *sorted(set(values) - {"event_id", *FIELDS})]
                frame = pd.DataFrame([{c: values.get(c, "") for c in columns}], dtype=object)
                self._insert(cur, "events", (*EVENT_COLUMNS, "geom"),
                             self._event_rows(frame, [head[0] + 1], change.user))
            self._finish_change(cur, change_id, 0, 0 if deleting else 1, 1 if deleting else 0)
            return head[0] + 1

    # -- internals ------------------------------------------------------------------------------------
    def _heads(self, cur: Any, ids: list[str] | None) -> dict[str, tuple[int, str, str]]:
        """Newest revision of each event: (revision, op, data); all events when ``ids`` is None."""
        sql = "SELECT event_id, revision, op, data FROM revisions WHERE current = 1"
        if ids is None:
            rows = self._run(cur, sql).fetchall()
        else:
            rows = []
            for start in range(0, len(ids), 400):
                part = ids[start:start + 400]
                rows += self._run(cur, f"{sql} AND event_id IN ({', '.join('?' * len(part))})", part).fetchall()
        return {r[0]: (int(r[1]), r[2], r[3]) for r in rows}

    def _append(self, cur: Any, event_id: str, revision: int, change_id: int, op: str, blob: str, changed: str
                ) -> None:
        """One event's next revision becomes its current one; its row leaves the current table (a revert puts
        the revived values back in)."""
        self._run(cur, "UPDATE revisions SET current = 0 WHERE event_id = ? AND current = 1", (event_id,))
        self._insert(cur, "revisions", REVISION_COLUMNS, [(event_id, revision, change_id, op, blob, changed, 1)])
        self._run(cur, "DELETE FROM events WHERE event_id = ?", (event_id,))

    def _new_change(self, cur: Any, change: Change) -> int:
        values = (now(), change.user or current_user(), change.action, change.file, change.sha256, change.url,
                  change.note, 0, 0, 0)
        return int(self._insert(cur, "changes", CHANGE_COLUMNS, [values], returning=True))

    def _finish_change(self, cur: Any, change_id: int, created: int, updated: int, deleted: int) -> None:
        self._run(cur, "UPDATE changes SET created = ?, updated = ?, deleted = ? WHERE fid = ?",
                  (created, updated, deleted, change_id))

    def _write_revisions(self, cur: Any, revisions: list[tuple], text: pd.DataFrame, fresh: list[bool], user: str,
                         progress: Progress | None) -> None:
        total = 2 * len(revisions)
        superseded = [(r[0],) for r in revisions if r[1] > 1]
        self._many(cur, "UPDATE revisions SET current = 0 WHERE event_id = ? AND current = 1", superseded)
        _batched(revisions, lambda part: self._insert(cur, "revisions", REVISION_COLUMNS, part), progress, 0, total)
        rows = self._event_rows(text, [r[1] for r in revisions], user)
        inserts = [row for row, new in zip(rows, fresh, strict=True) if new]
        updates = [(*row[1:], row[0]) for row, new in zip(rows, fresh, strict=True) if not new]
        _batched(inserts, lambda part: self._insert(cur, "events", (*EVENT_COLUMNS, "geom"), part), progress,
                 len(revisions), total)
        sets = ", ".join(f"{c} = ?" for c in EVENT_COLUMNS[1:])
        self._many(cur, f"UPDATE events SET {sets}, geom = {self.geom_sql} WHERE event_id = ?", updates,
                   progress, len(revisions) + len(inserts), total)

    def _event_rows(self, text: pd.DataFrame, revisions: list[int], user: str) -> list[tuple]:
        """Rows of the current table: our columns typed (NULL for empty), other columns as one JSON cell."""
        n = len(text)
        columns: list[list[Any]] = [text["event_id"].astype(str).tolist()]
        for col in FIELDS:
            values = text[col] if col in text else pd.Series("", index=text.index)
            if col in INTEGERS:
                columns.append([int(v) if v != "" else None for v in values])
            elif col in FLOATS:
                columns.append([float(v) if v != "" else None for v in values])
            elif col in DATES:
                columns.append([v or None for v in values])
            else:
                columns.append(values.astype(str).tolist())
        others = [c for c in text.columns if c not in EVENT_COLUMNS]
        extra = row_json(text[others]) if others else ["{}"] * n
        columns.append([e if e != "{}" else None for e in extra])
        columns.append(revisions)
        stamp = now()
        columns.append([stamp] * n)
        columns.append([user or current_user()] * n)
        lon = pd.to_numeric(text.get("longitude", pd.Series("", index=text.index)).replace("", None), errors="coerce")
        lat = pd.to_numeric(text.get("latitude", pd.Series("", index=text.index)).replace("", None), errors="coerce")
        columns.append(self._points(lon.to_numpy(dtype=float), lat.to_numpy(dtype=float)))
        return list(zip(*columns, strict=True))


def _batched(rows: list[tuple], write: Callable[[list[tuple]], object], progress: Progress | None, done: int,
             total: int) -> None:
    """``write`` the rows BATCH at a time, reporting ``done`` + rows written so far of ``total`` after each."""
    for start in range(0, len(rows), BATCH):
        write(rows[start:start + BATCH])
        if progress:
            progress(done + min(start + BATCH, len(rows)), total)


def now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _why(file: str, sha256: str, url: str, note: str) -> str:
    parts = []
    if file:
        parts.append(f"{file} (sha256 {sha256[:12]})" if sha256 else file)
    if url:
        parts.append(url)
    if note:
        parts.append(note)
    return "; ".join(parts)
