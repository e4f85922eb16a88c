"""Real-size files through the command line: load, validate, export and combine, timed against their floor.

    python benchmarks/files_benchmark.py [--rows 250000] [--combine 50000]

Writes a synthetic ACLED-format file of --rows rows (all 31 columns filled, Mali, Burkina Faso and Niger, as a
whole-Sahel export would be; about 117 MB at 250,000 rows), then measures, each in a fresh process:
``python -m geo validate`` and ``python -m geo export`` (wall time and peak memory), against the floor of
reading the same file with ``pandas.read_csv(dtype=str)``. Then two sources of --combine rows each, the
second an ACLED copy of the first with shifted ids, are combined with duplicate flagging, in one process,
against a plain ``pandas.concat`` of the same tables. Timings are noisy on shared machines: read the ratios.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from synthetic import generate, write  # noqa: E402

RUN = """
import json, resource, sys, time
t = time.perf_counter()
{body}
print(json.dumps({{"seconds": time.perf_counter() - t,
                  "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}}))
"""
CLI = "from geo.cli import main\nsys.argv = ['geo', *{args!r}]\ncode = main(sys.argv[1:])"
FLOOR = "import pandas as pd\npd.read_csv({path!r}, dtype=str, keep_default_na=False)"


def measure(body: str) -> dict[str, float]:
    """Run ``body`` in a fresh interpreter (imports included in the wall time); its time and peak memory."""
    start = time.perf_counter()
    proc = subprocess.run([sys.executable, "-c", RUN.format(body=body)], cwd=ROOT, capture_output=True, text=True)
    wall = time.perf_counter() - start
    if proc.returncode != 0:
        raise SystemExit(proc.stderr[-3000:])
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    result["wall"] = wall
    return result


def combine_timing(n: int, tmp: Path) -> dict[str, float]:
    import pandas as pd

    from geo.dedupe import combine
    from geo.events import load_events

    rows = generate(n, seed=3)
    write(rows, tmp / "a.csv", "native")
    write(rows, tmp / "b.csv", "acled")
    a, b = load_events(tmp / "a.csv").events, load_events(tmp / "b.csv").events
    start = time.perf_counter()
    both = combine([("a.csv", a), ("b.csv", b)])
    ours = time.perf_counter() - start
    start = time.perf_counter()
    pd.concat([a.assign(source_file="a.csv"), b.assign(source_file="b.csv")], ignore_index=True)
    floor = time.perf_counter() - start
    return {"seconds": ours, "floor": floor, "rows": len(both),
            "flagged": int((both["possible_duplicate_of"] != "").sum())}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=250_000)
    parser.add_argument("--combine", type=int, default=50_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        path = tmp / "sahel.csv"
        write(generate(args.rows, seed=1, sahel=True), path, "acled")
        size = path.stat().st_size / 1e6
        floor = measure(FLOOR.format(path=str(path)))
        validate = measure(CLI.format(args=["validate", str(path)]))
        export = measure(CLI.format(args=["export", "-o", str(tmp / "map.html"), "--events", str(path)]))
        html_mb = (tmp / "map.html").stat().st_size / 1e6
        print(f"{args.rows:,} ACLED rows, {size:.0f} MB CSV (all 31 columns, Mali + Burkina Faso + Niger)")
        print(f"  pandas.read_csv floor : {floor['wall']:5.1f} s wall, {floor['peak_mb']:6.0f} MB peak")
        for name, m in (("geo validate", validate), ("geo export", export)):
            print(f"  {name:<22}: {m['wall']:5.1f} s wall ({m['wall'] / floor['wall']:.1f}x the floor), "
                  f"{m['peak_mb']:6.0f} MB peak")
        print(f"  export file           : {html_mb:.1f} MB")
        combined = combine_timing(args.combine, tmp)
        print(f"combine {args.combine:,} + {args.combine:,} rows with duplicate flagging: {combined['seconds']:.2f} s "
              f"({combined['seconds'] / max(combined['floor'], 1e-9):.0f}x a plain concat), "
              f"{combined['flagged']:,} rows flagged")


if __name__ == "__main__":
    main()
