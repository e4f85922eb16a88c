"""Fill latitude, longitude, geonameid and geo_source of data/events.csv from the bundled gazetteer.

Coordinates are never typed by hand: each row's `location` is looked up (Mali only) and the best
candidate's point written back. Rows whose location is not a place (e.g. "Unknown (video statement)")
keep empty coordinates and stay in the file as "not on the map".

Run: python scripts/geocode_events.py [data/events.csv]
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from geo.gazetteer import load_gazetteer  # noqa: E402
from geo.manifest import record_file  # noqa: E402


def _source_label(source: str) -> str:
    """First source of a supplement row (they list several, separated by ||)."""
    if source == "GeoNames":
        return "GeoNames cities500"
    return "Gazetteer supplement: " + source.split("||")[0].strip()


def main(path: Path) -> None:
    gaz = load_gazetteer()
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        header, rows = reader.fieldnames or [], list(reader)
    unplaced = []
    for row in rows:
        place = gaz.best(row["location"])
        if place is None:
            row.update(latitude="", longitude="", geonameid="", geo_source="", geo_precision="")
            unplaced.append(f"{row['event_id']} ({row['location']})")
            continue
        row.update(
            latitude=f"{place.latitude:.5f}",
            longitude=f"{place.longitude:.5f}",
            geonameid=place.geonameid,
            geo_source=_source_label(place.source),
        )
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, header, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    if path.resolve().parent == (ROOT / "data").resolve():
        record_file(path.name)
    print(f"geocoded {len(rows) - len(unplaced)} of {len(rows)} rows; not on the map: {', '.join(unplaced) or 'none'}")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "data" / "events.csv")
