"""Event store speed at real scale (issue 13), on both backends, in one run:

- ``python -m geo store import`` of N ACLED-format rows (all 31 columns) into a new store: wall time of the
  process, interpreter start included; the same file again (nothing changes); a file with 1% of rows changed;
- loading the N current events as the dashboard does (``Store.current()``) vs loading the CSV as the dashboard
  did before the store (``load_events``), in one process, as a ratio;
- ``python -m geo store export`` of the N events to each format: wall time.

PostGIS is measured on a throwaway server on 127.0.0.1 (tests/pgcluster.py) when Debian's packages are there.

    PYTHONPATH=. .venv/bin/python benchmarks/store_benchmark.py -n 50000
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from contextlib import ExitStack
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests"), str(ROOT / "benchmarks")]


def wall(*args: str) -> float:
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "geo", *args], cwd=ROOT, capture_output=True, text=True)
    if done.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(args)} failed:\n{done.stderr[-2000:]}")
    return time.perf_counter() - start


def measure(location: str, csv: Path, changed: Path, work: Path) -> dict[str, float]:
    from geo.events import load_events
    from geo.store import open_store

    out = {"import": wall("store", "import", str(csv), "--store", location, "--skip-invalid"),
           "import again": wall("store", "import", str(csv), "--store", location, "--skip-invalid"),
           "import 1% changed": wall("store", "import", str(changed), "--store", location, "--skip-invalid")}
    store = open_store(location)
    start = time.perf_counter()
    current = store.current()
    out["load store"] = time.perf_counter() - start
    start = time.perf_counter()
    load_events(csv)
    out["load csv"] = time.perf_counter() - start
    out["rows"] = len(current)
    for to, suffix in (("native", "csv"), ("acled", "csv"), ("geojson", "geojson"), ("gpkg", "gpkg")):
        target = work / f"export-{to}.{suffix}"
        target.unlink(missing_ok=True)
        out[f"export {to}"] = wall("store", "export", "-o", str(target), "--to", to, "--store", location)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=50000)
    args = parser.parse_args()
    from synthetic import generate, write

    work = Path(tempfile.mkdtemp(prefix="store-bench-"))
    csv = work / "acled.csv"
    write(generate(args.n, seed=11), csv, "acled")
    table = pd.read_csv(csv, dtype=str, keep_default_na=False)
    table.loc[table.index % 100 == 0, "fatalities"] = "1000"
    changed = work / "acled-changed.csv"
    table.to_csv(changed, index=False)
    results = {"GeoPackage": measure(str(work / "events.gpkg"), csv, changed, work)}
    with ExitStack() as stack:
        from pgcluster import cluster, server_bin

        if server_bin() is not None:
            results["PostGIS"] = measure(stack.enter_context(cluster()), csv, changed, work)
    print(f"{args.n:,} ACLED-format rows ({csv.stat().st_size / 1e6:.0f} MB), one run on this machine")
    print("| | " + " | ".join(results) + " |")
    print("|---|" + "---:|" * len(results))
    keys = [k for k in next(iter(results.values())) if k not in ("load csv", "rows")]
    for key in keys:
        cells = []
        for r in results.values():
            if key == "load store":
                cells.append(f"{r[key]:.2f} s (CSV {r['load csv']:.2f} s: {r[key] / r['load csv']:.2f}x)")
            else:
                cells.append(f"{r[key]:.2f} s")
        print(f"| {key} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()
