"""The team store: PostgreSQL + PostGIS, with the tables and behaviour of the GeoPackage store.

Writers take one transaction-scoped advisory lock, so concurrent imports queue instead of interleaving; rows
go in with COPY. The extension must be available to the database (``CREATE EXTENSION postgis`` is run if
missing, which needs the right to create extensions).
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import numpy as np

from .core import Store, StoreError
from .records import DATES, FIELDS, FLOATS, INTEGERS

#: Key of the advisory lock every writer of this schema takes (any constant shared by all writers).
WRITE_LOCK = 0x4D4C4931  # "MLI1"


def _type(col: str) -> str:
    return "integer" if col in INTEGERS else "double precision" if col in FLOATS else "date" if col in DATES \
        else "text"


SCHEMA = f"""
CREATE EXTENSION IF NOT EXISTS postgis;
CREATE TABLE IF NOT EXISTS events (
    fid bigserial PRIMARY KEY, geom geometry(Point, 4326), event_id text NOT NULL UNIQUE,
    {", ".join(f"{c} {_type(c)}" for c in FIELDS)},
    extra text, revision integer, updated_at text, updated_by text);
CREATE INDEX IF NOT EXISTS events_geom ON events USING gist (geom);
CREATE TABLE IF NOT EXISTS revisions (
    fid bigserial PRIMARY KEY, event_id text NOT NULL, revision integer NOT NULL, change_id bigint NOT NULL,
    op text NOT NULL, data text NOT NULL, changed text, current integer NOT NULL, UNIQUE (event_id, revision));
CREATE INDEX IF NOT EXISTS revisions_current ON revisions (event_id) WHERE current = 1;
CREATE TABLE IF NOT EXISTS changes (
    fid bigserial PRIMARY KEY, at text, user_name text, action text, file text, sha256 text, url text, note text,
    created integer, updated integer, deleted integer);
CREATE INDEX IF NOT EXISTS changes_sha256 ON changes (sha256);
"""


class PostGISStore(Store):
    kind = "postgis"
    param = "%s"
    geom_sql = "ST_GeomFromEWKT(%s)"

    def __init__(self, url: str) -> None:
        import psycopg

        self._psycopg = psycopg
        self._local = threading.local()
        self.url = url
        self.location = _redacted(url)
        try:
            with self.write() as cur:
                cur.execute(SCHEMA)
        except psycopg.OperationalError as exc:
            reason = str(exc).strip().splitlines()[-1] if str(exc).strip() else type(exc).__name__
            raise StoreError(f"cannot open the PostGIS store {self.location}: {reason}") from None
        except psycopg.errors.FeatureNotSupported as exc:
            raise StoreError(f"{self.location}: the PostGIS extension is not available ({exc})") from None

    def _connect(self) -> Any:
        return self._psycopg.connect(self.url, connect_timeout=10)

    @contextmanager
    def write(self) -> Iterator[Any]:
        with self._connect() as conn, conn.transaction(), conn.cursor() as cur:
            cur.execute("SELECT pg_advisory_xact_lock(%s)", (WRITE_LOCK,))
            yield cur

    @contextmanager
    def read(self) -> Iterator[Any]:
        """A cursor on this thread's own autocommit connection, opened once and reused: the dashboard asks the
        store's version on every rerun, and a new connection to a remote server costs a round trip or three."""
        conn = getattr(self._local, "conn", None)
        if conn is None or conn.closed or conn.broken:
            conn = self._local.conn = self._psycopg.connect(self.url, connect_timeout=10, autocommit=True)
        with conn.cursor() as cur:
            yield cur

    def _current_table(self) -> Any:
        """COPY the current table out as CSV and let Arrow's reader type it: a few times faster than fetching
        Python rows."""
        import pyarrow as pa
        import pyarrow.csv as pacsv

        from .records import frame_from_arrow

        names = ["event_id", *FIELDS, "extra"]
        chunks = []
        with self.read() as cur, cur.copy(f"COPY (SELECT {', '.join(names)} FROM events ORDER BY fid) "
                                          "TO STDOUT WITH (FORMAT csv)") as copy:
            for chunk in copy:
                chunks.append(bytes(chunk))
        types = {n: pa.int64() if n in INTEGERS else pa.float64() if n in FLOATS else pa.string() for n in names}
        data = b"".join(chunks)
        block = min(max(len(data) + 1, 1 << 20), 2**31 - 1)  # one block: a cell may be longer than 1 MB
        table = pacsv.read_csv(pa.BufferReader(data),
                               read_options=pacsv.ReadOptions(column_names=names, block_size=block),
                               parse_options=pacsv.ParseOptions(newlines_in_values=True),
                               convert_options=pacsv.ConvertOptions(column_types=types, strings_can_be_null=False))
        return frame_from_arrow(table)

    def _insert(self, cur: Any, table: str, columns: tuple[str, ...], rows: list[tuple], returning: bool = False
                ) -> int | None:
        if returning:
            marks = ", ".join(self.geom_sql if c == "geom" else "%s" for c in columns)
            cur.execute(f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks}) RETURNING fid", rows[0])
            return int(cur.fetchone()[0])
        with cur.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
        return None

    def _points(self, lon: np.ndarray, lat: np.ndarray) -> list[str | None]:
        """Points as EWKT, which COPY and ST_GeomFromEWKT both read; None where a coordinate is missing."""
        ok = ~(np.isnan(lon) | np.isnan(lat))
        return [f"SRID=4326;POINT({x!r} {y!r})" if good else None
                for x, y, good in zip(lon.tolist(), lat.tolist(), ok.tolist(), strict=True)]


def _redacted(url: str) -> str:
    """The URL without its password, for messages and the dashboard."""
    from urllib.parse import urlsplit, urlunsplit

    parts = urlsplit(url)
    if parts.password:
        host = parts.hostname or ""
        netloc = f"{parts.username}:***@{host}" + (f":{parts.port}" if parts.port else "")
        return urlunsplit(parts._replace(netloc=netloc))
    return url
