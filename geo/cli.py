"""``python -m geo``: export a standalone map, validate an events file, look up a place name."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from . import DEFAULT_EVENTS, __version__
from .cliargs import EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE, dropped_exit, input_args
from .io.problems import EventsFileError
from .io.values import OUTPUTS, parse_date
from .schema import CATEGORIES, COLUMNS
from .store import cli as store_cli

if TYPE_CHECKING:
    from .events import LoadResult



def _date(text: str) -> object:
    parsed = parse_date(text)
    if parsed is None:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date (YYYY-MM-DD)")
    return parsed


def _boundary_args(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--boundaries", type=Path,
                        help="boundary file for regions and cercles (GeoJSON, TopoJSON, shapefile, GPKG; admin-1 or "
                        "admin-2; default: OCHA's cercles); admin1/admin2 of every event are derived from it")
    parser.add_argument("--name-field", help="field of --boundaries holding names (default: detected)")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m geo",
        description="Northern Mali event map: build standalone HTML maps, check events files, geocode names.",
        epilog="Dashboard: streamlit run app.py. Data provenance: data/manifest.json.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    exp = sub.add_parser(
        "export",
        help="write the map as one self-contained HTML file",
        description="Write one HTML file with every script, style and event inlined; it opens with no network. "
        "With no filter flag every event of the file is exported, context events included. "
        "Filters combine with AND across flags and OR within a repeated flag.",
    )
    exp.add_argument("-o", "--output", required=True, type=Path, help="HTML file to write")
    exp.add_argument("--events", type=Path, action="append", default=[],
                     help=f"events file: ours, ACLED or UCDP GED (default: {DEFAULT_EVENTS.name}); repeat to combine "
                     "several sources, with likely duplicates flagged")
    input_args(exp)
    exp.add_argument("--start", type=_date, help="first day, YYYY-MM-DD (events overlapping the range are kept)")
    exp.add_argument("--end", type=_date, help="last day, YYYY-MM-DD; also the date of the region shading")
    exp.add_argument("--actor", action="append", default=[],
                     help="actor: canonical name or alias, e.g. CJA, FAMa, or ACLED's long names (repeatable)")
    exp.add_argument("--category", action="append", default=[], choices=list(CATEGORIES), help="(repeatable)")
    exp.add_argument("--region", action="append", default=[],
                     help="admin1 region, 2016 frame, any spelling: Timbuktu, Menaka, Ségou (repeatable)")
    exp.add_argument("--cercle", action="append", default=[], help="admin2 cercle, e.g. Ansongo (repeatable)")
    exp.add_argument("--location", action="append", default=[], help="location name, any case/accents (repeatable)")
    exp.add_argument("--no-context", action="store_true", help="hide background and follow-up events")
    _boundary_args(exp)
    exp.add_argument("--title", default="Northern Mali: interim authorities and disruptions, 2017")

    val = sub.add_parser(
        "validate",
        help="check an events CSV and list every problem",
        description="Exit 0 if the file is valid, 1 if problems were found (one line each: row, column, value, "
        "what was expected; rows are numbered as in a spreadsheet, header = row 1), 2 if it cannot be read.",
    )
    val.add_argument("file", type=Path)
    input_args(val, skip_invalid=False)
    _boundary_args(val)

    ext = sub.add_parser(
        "extract",
        help="geoparse articles: places, dates, actors and candidate events",
        description="Find place mentions (resolved against GeoNames + the supplement), date expressions "
        "(resolved against each article's publication date), actors and candidate events in English or French "
        "articles. Inputs: text files (a first line 'Published: YYYY-MM-DD' or a dated dateline gives the date), "
        "CSV or JSON lines files of articles (columns text, published, url), or - for standard input. "
        "Same input, same output.",
    )
    ext.add_argument("article", nargs="+", help="text, CSV or JSONL files, or - for standard input")
    ext.add_argument("--published", type=_date,
                     help="publication date, YYYY-MM-DD, for articles that do not give their own")
    ext.add_argument("--lang", choices=["en", "fr", "auto"], default="auto")
    ext.add_argument("--format", choices=["json", "jsonl", "csv"], default="json",
                     help="json: places and events (a list for several articles); jsonl: one object per article, "
                     "with its file name; csv: candidate events as an events file")
    ext.add_argument("-o", "--output", type=Path, help="write here instead of standard output")

    ev = sub.add_parser("evaluate", help="score the geoparser on a labelled set",
                        description="Toponym precision/recall/F1 within 10 km, event-date accuracy, throughput.")
    labelled = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "geoparse"
    ev.add_argument("labelled", type=Path, nargs="*", default=sorted(labelled.glob("*.json")),
                    help="labelled sets (default: every set in tests/fixtures/geoparse)")
    ev.add_argument("--verbose", action="store_true", help="list every miss")

    conv = sub.add_parser(
        "convert",
        help="convert between our events format, ACLED, GeoJSON and GeoPackage",
        description="Read an events file (native, ACLED or UCDP GED; detected from the header unless --format) and "
        "write it as --to acled|native|geojson|gpkg. ACLED in, ACLED out keeps the same columns and values.",
    )
    conv.add_argument("input", type=Path)
    conv.add_argument("-o", "--output", type=Path, required=True)
    conv.add_argument("--to", choices=OUTPUTS, required=True)
    input_args(conv)
    _boundary_args(conv)

    geo = sub.add_parser("geocode", help="print ranked gazetteer candidates for a place name",
                         description="Accent- and case-insensitive lookup in GeoNames cities500 plus the sourced "
                         "supplement; knows English/French variants (Timbuktu/Tombouctou).")
    geo.add_argument("name", nargs="+")
    geo.add_argument("--limit", type=int, default=5)
    geo.add_argument("--country", help="ISO country code to restrict to, e.g. ML")
    store_cli.add_parser(sub)
    return parser


def _boundaries(args: argparse.Namespace) -> object:
    from .regions import load_boundaries

    return load_boundaries(args.boundaries, args.name_field)


def _report(name: str, result: LoadResult, prefix: bool) -> None:
    """Every problem (one line each) and the summary, on stderr: the report is printed whatever the exit code."""
    lead = f"{name}: " if prefix else ""
    for problem in result.problems:
        print(f"{lead}{problem}", file=sys.stderr)
    print(f"{lead}{result.summary()}", file=sys.stderr)


def _exit(results: list[LoadResult], skip_invalid: bool) -> int:
    return dropped_exit(sum(r.dropped for r in results), skip_invalid)


def cmd_validate(args: argparse.Namespace) -> int:
    from .events import load_events

    result = load_events(args.file, fmt=args.format, boundaries=_boundaries(args))
    for problem in result.problems:
        print(problem)
    print(result.summary(), file=sys.stderr)
    return EXIT_OK if result.ok else EXIT_PROBLEMS


def cmd_export(args: argparse.Namespace) -> int:
    from .dedupe import combine
    from .events import load_events
    from .filters import FilterState, apply_filters, resolve_state
    from .regions import load_basemap
    from .render.export import export_html

    bounds = _boundaries(args)
    paths = args.events or [DEFAULT_EVENTS]
    results = [(path, load_events(path, fmt=args.format, boundaries=bounds)) for path in paths]
    for path, result in results:
        _report(path.name, result, len(results) > 1)
    usable = [(p.name, r.events) for p, r in results if not r.events.empty]
    if not usable:
        print("error: no valid events to export", file=sys.stderr)
        return EXIT_PROBLEMS
    events = combine(usable) if len(usable) > 1 else usable[0][1]
    wanted = FilterState(start=args.start, end=args.end, actors=tuple(args.actor), categories=tuple(args.category),
                         regions=tuple(args.region), cercles=tuple(args.cercle), locations=tuple(args.location),
                         include_context=not args.no_context)
    cercles = bounds.cercles["name"].tolist() if bounds.cercles is not None else []
    state = resolve_state(wanted, events, cercles)
    page = export_html(events, bounds.regions, load_basemap(), state, " + ".join(p.name for p in paths), args.title,
                       cercles=bounds.cercles)
    args.output.write_text(page, encoding="utf-8")
    shown = apply_filters(events, state)
    print(f"wrote {args.output} ({len(page.encode()):,} bytes): all {len(events):,} events embedded, "
          f"{len(shown):,} in the initial view", file=sys.stderr)
    if shown.empty:
        print("warning: no event matches these filters together, so the page opens on an empty map "
              "(its controls can widen them)", file=sys.stderr)
    return _exit([r for _, r in results], args.skip_invalid)


def cmd_geocode(args: argparse.Namespace) -> int:
    from .gazetteer import load_gazetteer

    name = " ".join(args.name)
    found = load_gazetteer().lookup(name, country=args.country, limit=args.limit)
    if not found:
        print(f"no candidate for {name!r}", file=sys.stderr)
        return EXIT_PROBLEMS
    # Columns sized to what is printed, and the source in full on its own line: nothing is cut mid-word.
    name_w = max(4, *(len(c.place.name) for c in found))
    admin_w = max(6, *(len(c.place.admin1) for c in found))
    print(f"{'score':>5}  {'name':<{name_w}} {'cc':<3} {'admin1':<{admin_w}} {'lat':>9} {'lon':>10}  geonameid")
    for cand in found:
        p = cand.place
        print(f"{cand.score:5.2f}  {p.name:<{name_w}} {p.country_code:<3} {p.admin1:<{admin_w}} {p.latitude:9.5f} "
              f"{p.longitude:10.5f}  {p.geonameid or '-'}")
        print(f"       source: {p.source}")
    return EXIT_OK


def cmd_extract(args: argparse.Namespace) -> int:
    import csv
    import io
    import json

    from .parse import events_table, extract
    from .parse.batch import Progress, article_id, read_articles

    articles = read_articles(args.article, args.published)
    progress = Progress(len(articles))
    results = []
    for art in articles:
        results.append((art, extract(art.text, art.published, args.lang)))
        progress.step(art.name)
    if args.format == "csv":
        buf = io.StringIO()
        writer = csv.DictWriter(buf, list(COLUMNS), lineterminator="\n")
        writer.writeheader()
        for art, result in results:
            writer.writerows(events_table(result, article_id(art), source=art.name, url=art.url))
        out = buf.getvalue()
    else:
        docs = [{"file": art.name, "id": article_id(art), "url": art.url, "published": art.published.isoformat(),
                 **result.as_dict()} for art, result in results]
        if args.format == "jsonl":
            out = "".join(json.dumps(doc, ensure_ascii=False) + "\n" for doc in docs)
        elif len(docs) == 1:
            out = json.dumps(results[0][1].as_dict(), ensure_ascii=False, indent=2) + "\n"
        else:
            out = json.dumps(docs, ensure_ascii=False, indent=2) + "\n"
    if args.output:
        args.output.write_text(out, encoding="utf-8")
    else:
        sys.stdout.write(out)
    return EXIT_OK


def cmd_convert(args: argparse.Namespace) -> int:
    from .convert import write_events
    from .events import load_events

    result = load_events(args.input, fmt=args.format, boundaries=_boundaries(args))
    _report(args.input.name, result, False)
    write_events(result.events, args.output, args.to)
    print(f"wrote {args.output} ({args.to}, {len(result.events):,} events) from {result.format} input",
          file=sys.stderr)
    return _exit([result], args.skip_invalid)


def cmd_evaluate(args: argparse.Namespace) -> int:
    import json

    from .parse.evaluate import evaluate, load_passages

    for path in args.labelled:
        score, misses = evaluate(load_passages(path))
        print(f"{path.name}: {json.dumps(score.report())}")
        if args.verbose:
            for miss in misses:
                print(f"  {miss}")
    return EXIT_OK


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    handler = {"validate": cmd_validate, "export": cmd_export, "geocode": cmd_geocode, "extract": cmd_extract,
               "evaluate": cmd_evaluate, "convert": cmd_convert, "store": store_cli.run}[args.command]
    try:
        return handler(args)
    except EventsFileError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except OSError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except ValueError as exc:  # BoundaryError and other input problems
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_USAGE
