"""``python -m geo store ...``: import files into the event store, export it, read and rewind its history."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from ..cliargs import dropped_exit, input_args
from ..io.values import OUTPUTS

#: What ``history`` shows of a new event (every field is in ``--json``).
KEY_FIELDS = ("event_date", "event_type", "actor1", "actor2", "location", "fatalities", "source")


def add_parser(sub: argparse._SubParsersAction) -> None:
    store = sub.add_parser(
        "store", help="keep events with every revision: import, export, history, revert, delete, count",
        description="The event store keeps every event you import or save from the dashboard, with every "
        "revision (values, time, who, why). Default: a GeoPackage file (GEO_STORE, else "
        "~/.local/share/northern-mali-map/events.gpkg), created and seeded from data/events.csv on first use; "
        "--store postgresql://user@host/db uses PostgreSQL + PostGIS instead.")
    actions = store.add_subparsers(dest="store_command", required=True, metavar="ACTION")
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--store", help="GeoPackage path or postgresql:// URL (default: GEO_STORE, else the file "
                        "in ~/.local/share/northern-mali-map)")
    common.add_argument("--user", help="who makes the change (default: GEO_USER, else your login name)")

    imp = actions.add_parser("import", parents=[common], help="import events files (every format validate reads)",
                             description="Each file is validated as by `validate` and its valid rows imported in "
                             "one transaction: a new event_id adds an event, a changed row adds a revision, an "
                             "unchanged row changes nothing (importing a file twice is a no-op). Bad rows are "
                             "reported and never written.")
    imp.add_argument("files", nargs="+", type=Path, metavar="FILE")
    imp.add_argument("--source", help="name recorded as where the rows came from (default: the file's name)")
    imp.add_argument("--url", default="", help="article or dataset URL recorded with the change")
    imp.add_argument("--note", default="", help="why: recorded with the change")
    input_args(imp)

    exp = actions.add_parser("export", parents=[common], help="write the current revision of every event",
                             description="Deleted events are left out; --to defaults from the extension "
                             "(.gpkg, .geojson/.json, else our CSV).")
    exp.add_argument("-o", "--output", type=Path, required=True)
    exp.add_argument("--to", choices=OUTPUTS)

    hist = actions.add_parser("history", parents=[common], help="every revision of one event and what it changed")
    hist.add_argument("event_id")
    hist.add_argument("--json", action="store_true", help="machine-readable: every revision with all its values")

    rev = actions.add_parser("revert", parents=[common], help="bring an earlier revision back (as a new revision)")
    rev.add_argument("event_id")
    rev.add_argument("--to", type=int, required=True, metavar="REVISION")
    rev.add_argument("--note", default="")

    dele = actions.add_parser("delete", parents=[common], help="delete an event (a revision too: revert undoes it)")
    dele.add_argument("event_id")
    dele.add_argument("--note", default="")

    actions.add_parser("count", parents=[common], help="print the number of current events")
    back = actions.add_parser("backup", parents=[common], help="copy a GeoPackage store to one file, safely while "
                              "others write (PostGIS: use pg_dump)")
    back.add_argument("-o", "--output", type=Path, required=True)
    actions.add_parser("info", parents=[common], help="where the store is, its size and its latest changes")


def run(args: argparse.Namespace) -> int:
    from . import Change, StoreError, current_user, open_store

    store = open_store(args.store)
    user = current_user(args.user)
    action = args.store_command
    try:
        if action == "import":
            return _import(store, args, user)
        if action == "export":
            return _export(store, args.output, args.to)
        if action == "history":
            return _history(store, args.event_id, args.json)
        if action == "revert":
            rev = store.revert(args.event_id, args.to, Change("revert", user, note=args.note or
                                                              f"revert to revision {args.to}"))
            print(f"{args.event_id}: already as in revision {args.to}, nothing to do" if rev is None else
                  f"{args.event_id}: revision {rev} restores revision {args.to}")
            return 0
        if action == "delete":
            rev = store.delete(args.event_id, Change("delete", user, note=args.note))
            print(f"{args.event_id}: deleted (revision {rev}); undo with: python -m geo store revert "
                  f"{args.event_id} --to {rev - 1}")
            return 0
        if action == "count":
            print(store.count())
            return 0
        if action == "backup":
            if not hasattr(store, "backup"):
                print("error: back up a PostGIS store with pg_dump, e.g. pg_dump -Fc -f events.dump DBNAME",
                      file=sys.stderr)
                return 2
            store.backup(args.output)
            print(f"wrote {args.output}: a copy of {store.location} ({store.count():,} current events); "
                  f"open it with --store {args.output}", file=sys.stderr)
            return 0
        return _info(store)
    except StoreError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1


def _import(store: object, args: argparse.Namespace, user: str) -> int:
    from . import Change, import_file

    dropped = 0
    for path in args.files:
        def progress(done: int, total: int, name: str = path.name) -> None:
            print(f"{name}: writing {done:,} of {total:,}", file=sys.stderr, flush=True)

        change = Change("import", user, args.source or "", url=args.url, note=args.note)
        result, report = import_file(store, path, change, path.name, args.format, progress)
        for problem in result.problems:
            print(f"{path.name}: {problem}", file=sys.stderr)
        print(f"{path.name}: {result.summary()}", file=sys.stderr)
        print(f"{path.name}: {report.summary()}" + (f" (change {report.change_id})" if report.change_id else ""))
        dropped += result.dropped
    print(f"{store.count():,} current events in {store.location}")
    return dropped_exit(dropped, args.skip_invalid, "imported")


def _export(store: object, output: Path, to: str | None) -> int:
    from ..convert import write_events

    suffix = output.suffix.lower()
    to = to or {".gpkg": "gpkg", ".geojson": "geojson", ".json": "geojson"}.get(suffix, "native")
    events = store.current()
    write_events(events, output, to)
    print(f"wrote {output} ({to}, {len(events):,} current events)", file=sys.stderr)
    return 0


def _history(store: object, event_id: str, as_json: bool) -> int:
    from . import StoreError

    revisions = store.history(event_id)
    if not revisions:
        raise StoreError(f"no event {event_id!r} in the store")
    if as_json:
        print(json.dumps([r.__dict__ for r in revisions], ensure_ascii=False, indent=2))
        return 0
    previous: dict[str, str] = {}
    for r in revisions:
        why = f": {_plain(r.why)}" if r.why else ""
        print(f"revision {r.revision}  {r.op:<7} {r.at}  by {_plain(r.user)}  ({r.action}{why})")
        if r.op == "create":
            shown = [k for k in KEY_FIELDS if r.data.get(k)]
            print(f"    {len(r.data)} fields, among them " + ", ".join(f"{k}={_short(r.data[k], 40)}" for k in shown))
        for name in r.changed:
            print(f"    {name}: {_short(previous.get(name, ''))} -> {_short(r.data.get(name, ''))}")
        previous = r.data
    last = revisions[-1]
    plural = "s" if len(revisions) != 1 else ""
    print(f"{event_id}: {len(revisions)} revision{plural}; " + ("deleted" if last.op == "delete" else "current") +
          f" as revision {last.revision}")
    return 0


def _info(store: object) -> int:
    print(f"store: {store.location} ({store.kind})")
    print(f"current events: {store.count():,}")
    changes = store.changes(10)
    print(f"latest changes ({len(changes)} shown, newest first):")
    for row in changes.itertuples(index=False):
        what = _plain("; ".join(x for x in (row.file, row.url, row.note) if x))
        print(f"  {row.change:>5}  {row.at}  {_plain(row.user_name):<12} {row.action:<7} +{row.created} "
              f"~{row.updated} -{row.deleted}  {what}")
    return 0


def _short(value: str, width: int = 60) -> str:
    value = value.replace("\n", " ")
    return repr(value if len(value) <= width else value[:width - 1] + "…")


def _plain(value: object) -> str:
    """Text from files (names, notes) as printable text: control characters (terminal escapes) shown as \\xNN."""
    return "".join(c if c.isprintable() else f"\\x{ord(c):02x}" for c in str(value))
