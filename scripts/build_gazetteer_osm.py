"""Build data/gazetteer_osm.csv from the OpenStreetMap place extract in ../shared/reference/places_osm.

The input (24,916 named OSM ``place=*`` nodes of Mali, Burkina Faso and Niger, September 2019 extract of
ObiWanLansi/GeoData) is checked against the sha256 its README gives. Every row with a non-empty name is kept,
except rows whose point lies outside the three countries' bounding box (one row: the city of Sabha, Libya,
filed under Niger by the extract). Coordinates are rounded to 5 decimals; Mali rows get the 2016-frame region
(admin1) of the OCHA cercle they lie in (empty outside every cercle, and for Burkina Faso and Niger rows).
Output is sorted by (country_code, name, osm_node_id), so a rebuild is byte-identical.

Run: python scripts/build_gazetteer_osm.py [CSV] [--out PATH]
Writing to the default output also updates the file's entry in data/manifest.json; the app never needs the
source folder, only the CSV this script writes. Data (c) OpenStreetMap contributors, ODbL 1.0.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import re
import sys
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from geo.manifest import MANIFEST, record_file  # noqa: E402

DEFAULT_SOURCE = ROOT.parent / "shared" / "reference" / "places_osm" / "osm_places_sahel.csv"
OUT_NAME = "gazetteer_osm.csv"
COLUMNS = ["name", "latitude", "longitude", "country_code", "admin1", "place", "population", "osm_node_id",
           "name_en"]
#: Union of the Natural Earth 1:50m outlines of Mali, Burkina Faso and Niger (data/boundaries/
#: world_countries_50m.topojson: lon -12.2815..15.9644, lat 9.4254..24.9956), plus 0.1 degree (~11 km) of slack
#: for coarse borders. (min lon, min lat, max lon, max lat)
BBOX = (-12.3815, 9.3254, 16.0644, 25.0956)

PROVENANCE = {
    "title": "Named OpenStreetMap place nodes of Mali, Burkina Faso and Niger (September 2019 extract)",
    "source": "OpenStreetMap, nodes tagged place=* with a name, from the SQLite extracts Africa/{mali,burkina-faso,"
              "niger}.sqlite.zip of the public GitHub repository ObiWanLansi/GeoData (commit "
              "3f600c7e2fc03022ee6ae6a2a1c763d28db1fe0c; its code is MIT, the data is OSM's), via the project's "
              "shared reference folder (places_osm/osm_places_sahel.csv, sha256 837b1e1b...)",
    "source_url": "https://www.openstreetmap.org/copyright",
    "licence": "ODbL 1.0 (Open Database License), (c) OpenStreetMap contributors. This file is a derived database "
               "and is ODbL too.",
    "retrieved": "",
    "derivation": "scripts/build_gazetteer_osm.py: checks the source's sha256 against its README; keeps every row "
                  "with a non-empty name whose point lies in the bounding box of the Natural Earth outlines of "
                  "Mali, Burkina Faso and Niger plus 0.1 degree (drops 1 of 24,916 rows: Sabha, Libya, filed "
                  "under NE); rounds coordinates to 5 decimals; admin1 for Mali rows is the 2016-frame region of "
                  "the OCHA cercle (data/boundaries/ocha_mali_adm2.geojson, via geo.regions.load_cercles) the "
                  "point lies in, empty outside every cercle and for BF/NE rows; Taoudenit cannot be drawn from "
                  "cercles, so its points get Tombouctou. Names, place values and population are as mapped. 160 "
                  "border nodes appear under two countries each (320 rows; country_code is the extract's, not a "
                  "checked location). Sorted by (country_code, name, osm_node_id).",
    "attribution": "Places: (c) OpenStreetMap contributors (ODbL)",
    "sha256": "",
}


def readme_sha256(source: Path) -> str:
    readme = source.parent / "README.md"
    match = re.search(r"sha256[^:\n]*:\s*([0-9a-f]{64})", readme.read_text(encoding="utf-8"))
    if match is None:
        raise SystemExit(f"{readme}: no sha256 found")
    return match.group(1)


def check_source(source: Path) -> None:
    expected = readme_sha256(source)
    actual = hashlib.sha256(source.read_bytes()).hexdigest()
    if actual != expected:
        raise SystemExit(f"{source}: sha256 {actual} does not match {expected} given in its README.md")


def _coord(value: str) -> str:
    text = f"{float(value):.5f}"
    return "0.00000" if text == "-0.00000" else text


def mali_regions(rows: list[dict[str, str]]) -> list[str]:
    """2016-frame region of each row's point among the OCHA cercles ("" outside every cercle)."""
    import geopandas as gpd

    from geo.regions import load_cercles

    cercles = load_cercles()[["region", "geometry"]].reset_index(drop=True)
    points = gpd.GeoDataFrame(geometry=gpd.points_from_xy([float(r["longitude"]) for r in rows],
                                                          [float(r["latitude"]) for r in rows]), crs="EPSG:4326")
    hit = gpd.sjoin(points, cercles, how="left", predicate="within").sort_values("index_right", kind="stable")
    hit = hit[~hit.index.duplicated(keep="first")].sort_index()
    return [str(r) if isinstance(r, str) else "" for r in hit["region"].reindex(points.index)]


def build(source: Path, out: Path) -> dict[str, int]:
    check_source(source)
    with source.open(newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    kept = []
    for row in rows:
        lat, lon = float(row["latitude"]), float(row["longitude"])
        if row["name"].strip() and BBOX[0] <= lon <= BBOX[2] and BBOX[1] <= lat <= BBOX[3]:
            kept.append({"name": row["name"], "latitude": _coord(row["latitude"]),
                         "longitude": _coord(row["longitude"]), "country_code": row["country"], "admin1": "",
                         "place": row["place"], "population": row["population"],
                         "osm_node_id": row["osm_node_id"], "name_en": row["name_en"]})
    mali = [r for r in kept if r["country_code"] == "ML"]
    for row, region in zip(mali, mali_regions(mali), strict=True):
        row["admin1"] = region
    kept.sort(key=lambda r: (r["country_code"], r["name"], int(r["osm_node_id"])))
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(kept)
    return {"source": len(rows), "kept": len(kept), "mali_with_admin1": sum(bool(r["admin1"]) for r in mali)}


def write_provenance(name: str = OUT_NAME, path: Path = MANIFEST) -> None:
    """Put the descriptive fields in data/manifest.json (keeping any recorded hash and date); record_file
    then stores the new sha256 and, if it changed, today's date."""
    doc = json.loads(path.read_text(encoding="utf-8"))
    old = doc["files"].get(name, {})
    doc["files"][name] = {**PROVENANCE, "retrieved": old.get("retrieved") or date.today().isoformat(),
                          "sha256": old.get("sha256", "")}
    path.write_text(json.dumps(doc, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("source", type=Path, nargs="?", default=DEFAULT_SOURCE)
    parser.add_argument("--out", type=Path, default=ROOT / "data" / OUT_NAME,
                        help="output CSV (default data/gazetteer_osm.csv; only then is data/manifest.json updated)")
    args = parser.parse_args()
    if not args.source.is_file():
        raise SystemExit(f"source {args.source} not found")
    counts = build(args.source, args.out)
    print(f"read {counts['source']} rows, wrote {counts['kept']} to {args.out} "
          f"({counts['mali_with_admin1']} Mali rows inside a cercle)")
    if args.out.resolve() == (ROOT / "data" / OUT_NAME).resolve():
        write_provenance()
        record_file(OUT_NAME)


if __name__ == "__main__":
    main()
