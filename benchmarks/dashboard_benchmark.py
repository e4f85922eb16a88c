"""Dashboard speed at scale, headless: first load and filter changes on N synthetic events.

    python benchmarks/dashboard_benchmark.py [-n 50000]

Runs app.py under streamlit.testing.AppTest (server side: loading, filtering, map/table/chart building;
the browser's drawing is measured separately by tests/test_browser.py). Reports seconds per step, the size
of the map script sent to the browser, and the process's peak memory.
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from synthetic import generate, write  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("-n", type=int, default=50000)
    args = parser.parse_args()
    from streamlit.testing.v1 import AppTest

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "events.csv"
        write(generate(args.n), path)
        sys.argv = ["app.py", "--events", str(path)]
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=600)
        steps = []

        def step(label: str, action) -> None:  # noqa: ANN001
            t0 = time.perf_counter()
            action()
            assert not at.exception, at.exception
            count = next((m.value for m in at.markdown if " of " in m.value and "events" in m.value), "")
            steps.append((label, time.perf_counter() - t0, count.split("·")[0].strip("* ")))

        step("first load", at.run)
        step("second run (cached)", at.run)
        step("actor filter: JNIM", lambda: at.multiselect(key="f_actors").set_value(["JNIM"]).run())
        step("category: disruption", lambda: at.multiselect(key="f_categories").set_value(["disruption"]).run())
        step("region: Gao", lambda: at.multiselect(key="f_regions").set_value(["Gao"]).run())
        step("clear filters", lambda: (at.multiselect(key="f_regions").set_value([]),
                                       at.multiselect(key="f_categories").set_value([]),
                                       at.multiselect(key="f_actors").set_value([]).run()))
        step("include context", lambda: at.toggle(key="f_context").set_value(True).run())
        step("map: points (compact)", lambda: at.radio(key="map_mode_regions").set_value("points").run()
             if "map_mode_regions" in at.session_state else at.run())
        peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{args.n:,} events; peak memory {peak_mb:,.0f} MB")
    for label, seconds, count in steps:
        print(f"  {label:<26} {seconds:6.2f} s   {count}")


if __name__ == "__main__":
    main()
