"""Rebuild data/boundaries/world_countries_50m.topojson from the npm package world-atlas@2.0.2.

world-atlas (ISC licence) packages Natural Earth's 1:50m admin-0 countries (public domain) as TopoJSON with
ISO 3166-1 numeric ids. The file is copied byte for byte; geo/countries.py reads it with GDAL's TopoJSON
driver to tell a point outside its own country (swapped coordinates?) from one merely outside Mali.

Run: python scripts/build_countries.py   (needs npm on PATH; the app itself never needs node)
"""

from __future__ import annotations

import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from geo.manifest import record_file  # noqa: E402

PACKAGE = "world-atlas@2.0.2"
NAME = "boundaries/world_countries_50m.topojson"


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(["npm", "pack", PACKAGE, "--silent"], cwd=tmp, check=True, capture_output=True)
        tarball = next(Path(tmp).glob("world-atlas-*.tgz"))
        with tarfile.open(tarball) as tar:
            data = tar.extractfile("package/countries-50m.json").read()
    (ROOT / "data" / NAME).write_bytes(data)
    record_file(NAME)
    print(f"wrote data/{NAME} ({len(data):,} bytes)")


if __name__ == "__main__":
    main()
