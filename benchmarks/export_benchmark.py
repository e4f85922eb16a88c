"""Size and time-to-interactive of our standalone export versus a plain folium export, side by side.

    python benchmarks/export_benchmark.py [--sizes 1000 10000] [--repeat 3]

Plain folium = one folium.Marker with a popup per event, folium's assets inlined from the folium-offline
package so that it, too, renders with no network. Time-to-interactive is measured in Debian's Chromium
(network blocked) from navigation start until every event is on the map (ours: the explorer has drawn;
folium: all marker icons are in the DOM). Timings are noisy on shared machines: read the ratios.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

import folium

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from synthetic import generate, write  # noqa: E402

from geo.assets import inline_assets  # noqa: E402
from geo.events import load_events  # noqa: E402
from geo.export import export_html  # noqa: E402
from geo.filters import FilterState  # noqa: E402
from geo.regions import load_basemap, load_regions  # noqa: E402

ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]


def plain_folium(events) -> str:  # noqa: ANN001
    fmap = folium.Map(location=[17, -2], zoom_start=5, tiles=None)
    for _, row in events.dropna(subset=["latitude"]).iterrows():
        text = f"{row['event_date']:%Y-%m-%d} {row['location']}: {row['notes']}"
        folium.Marker([row["latitude"], row["longitude"]], popup=folium.Popup(text)).add_to(fmap)
    return inline_assets(fmap.get_root().render())


def time_to_interactive(browser, path: Path, ready_js: str) -> float:  # noqa: ANN001
    context = browser.new_context(viewport={"width": 1300, "height": 900})
    page = context.new_page()
    page.route("**/*", lambda r: r.continue_() if r.request.url.startswith("file:") else r.abort())
    page.goto(path.as_uri(), wait_until="commit")
    page.wait_for_function(ready_js, timeout=120_000, polling=20)
    elapsed = page.evaluate("() => performance.now()")
    context.close()
    return elapsed / 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    regions, basemap = load_regions(), load_basemap()
    rows = []
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        for n in [0, *args.sizes]:  # 0: the bundled data/events.csv
            csv_path = Path(tmp) / f"events{n}.csv"
            if n:
                write(generate(n), csv_path)
            else:
                csv_path = ROOT / "data" / "events.csv"
            events = load_events(csv_path).events
            n = len(events)
            t0 = time.perf_counter()
            ours = export_html(events, regions, basemap, FilterState(), csv_path.name)
            t_ours = time.perf_counter() - t0
            t0 = time.perf_counter()
            theirs = plain_folium(events)
            t_theirs = time.perf_counter() - t0
            ours_path, theirs_path = Path(tmp) / f"ours{n}.html", Path(tmp) / f"folium{n}.html"
            ours_path.write_text(ours, encoding="utf-8")
            theirs_path.write_text(theirs, encoding="utf-8")
            placed = int(events["latitude"].notna().sum())
            tti_ours = statistics.median(time_to_interactive(
                browser, ours_path, f"() => window.MaliMap && MaliMap.registry.explorer && "
                f"MaliMap.registry.explorer.visibleCount() === {n}") for _ in range(args.repeat))
            tti_theirs = statistics.median(time_to_interactive(
                browser, theirs_path, f"() => document.querySelectorAll('.leaflet-marker-icon').length === {placed}")
                for _ in range(args.repeat))
            rows.append((n, len(ours.encode()), len(theirs.encode()), t_ours, t_theirs, tti_ours, tti_theirs))
        browser.close()
    print(f"{'events':>7} | {'size ours':>10} {'folium':>10} {'ratio':>6} | {'build ours':>10} {'folium':>7} "
          f"{'ratio':>6} | {'TTI ours':>8} {'folium':>7} {'ratio':>6}")
    for n, s_o, s_f, b_o, b_f, i_o, i_f in rows:
        print(f"{n:>7} | {s_o / 1e6:>8.2f}MB {s_f / 1e6:>8.2f}MB {s_o / s_f:>6.2f} | {b_o:>9.2f}s {b_f:>6.2f}s "
              f"{b_o / b_f:>6.2f} | {i_o:>7.2f}s {i_f:>6.2f}s {i_o / i_f:>6.2f}")


if __name__ == "__main__":
    main()
