"""The standalone export against its peers and against the physical limit, in one run, in Chromium.

    python benchmarks/export_benchmark.py [--sizes 1000 10000 50000 250000] [--peers-up-to 10000]

Input: synthetic ACLED-format files with all 31 columns filled (benchmarks/synthetic.py; 250,000 rows span
Mali, Burkina Faso and Niger). Every build is a separate process, interpreter start included:

* ours: ``python -m geo export``;
* folium markers: one ``folium.Marker`` with a ``Popup`` per row (the hand-made notebook);
* FastMarkerCluster: folium's plugin for many points;
* folium GeoJSON canvas: the rows as one GeoJSON layer of ``CircleMarker``s on a canvas (``prefer_canvas``);
* minimal page: our embedded block decoded and N circles drawn on one canvas, nothing else (the floor).

Browser times (network blocked, 1300x900): *painted* = navigation start until every point is drawn and two
animation frames have passed (ours: the "N of M events" line is shown too); *filter* = from the input event
of a From-date, category or actor change until the count has changed and the points are redrawn (two
frames); *playback* = frames per second while playing. Timings are noisy on shared machines: read ratios.
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
sys.path.insert(0, str(ROOT / "benchmarks"))

ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]
TWO_FRAMES = "() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(() => r(performance.now()))))"

PEER_SCRIPT = r'''
import sys, pandas as pd, folium, folium.plugins
sys.path.insert(0, sys.argv[4])
from geo.render.assets import inline_assets
kind, src, out = sys.argv[1:4]
rows = pd.read_csv(src, usecols=["event_date", "location", "notes", "latitude", "longitude"]).dropna()
fmap = folium.Map(location=[17, -2], zoom_start=5, tiles=None, prefer_canvas=kind == "geojson")
fmap.options["maxZoom"] = 18  # markercluster needs it; there is no tile layer to give it
if kind == "markers":
    for r in rows.itertuples():
        text = f"{r.event_date} {r.location}: {r.notes}"
        folium.Marker([r.latitude, r.longitude], popup=folium.Popup(text)).add_to(fmap)
elif kind == "fastcluster":
    folium.plugins.FastMarkerCluster(rows[["latitude", "longitude"]].to_numpy().tolist()).add_to(fmap)
else:
    features = [{"type": "Feature", "properties": {"date": r.event_date, "location": r.location, "notes": r.notes},
                 "geometry": {"type": "Point", "coordinates": [r.longitude, r.latitude]}} for r in rows.itertuples()]
    folium.GeoJson({"type": "FeatureCollection", "features": features}, marker=folium.CircleMarker(radius=6),
                   popup=folium.GeoJsonPopup(["date", "location", "notes"])).add_to(fmap)
open(out, "w", encoding="utf-8").write(inline_assets(fmap.get_root().render()))
'''

MINIMAL_PAGE = """<!DOCTYPE html><html><head><meta charset="utf-8"></head><body style="margin:0">
<canvas id="c" width="1300" height="900"></canvas>
<script type="application/octet-stream" id="events-data" data-encoding="%(encoding)s">%(data)s</script>
<script>
(async function () {
  var node = document.getElementById("events-data"), bin = atob(node.textContent.trim());
  var bytes = new Uint8Array(bin.length);
  for (var i = 0; i < bin.length; i++) { bytes[i] = bin.charCodeAt(i); }
  if (node.dataset.encoding === "gzip+base64") {
    var stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"));
    bytes = new Uint8Array(await new Response(stream).arrayBuffer());
  }
  var size = new DataView(bytes.buffer).getUint32(4, true);
  var header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + size)));
  var base = 8 + size + ((8 - (8 + size) %% 8) %% 8);
  var buf = bytes.buffer.slice(base), cols = {};
  header.columns.forEach(function (c) { cols[c.name] = c; });
  function numbers(c) {
    var a = c.dtype === "f8" ? new Float64Array(buf, c.offset, header.n) : new Int32Array(buf, c.offset, header.n);
    if (c.dtype === "f8") { return a; }
    return Float64Array.from(a, function (v) { return v === -2147483648 ? NaN : v / Math.pow(10, c.scale); });
  }
  var lat = numbers(cols.latitude), lon = numbers(cols.longitude);
  var ctx = document.getElementById("c").getContext("2d");
  ctx.beginPath();
  for (var k = 0; k < header.n; k++) {
    if (isNaN(lat[k])) { continue; }
    var x = (lon[k] + 18) * 40, y = (26 - lat[k]) * 40;
    ctx.moveTo(x + 6, y); ctx.arc(x, y, 6, 0, 2 * Math.PI);
  }
  ctx.fillStyle = "#d7301f"; ctx.fill(); ctx.strokeStyle = "#fff"; ctx.stroke();
  window.drawn = header.n;
})();
</script></body></html>"""


def log(message: str) -> None:
    print(f"  [{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def build(cmd: list[str]) -> float:
    log(" ".join(cmd[:4])[:100])
    t0 = time.perf_counter()
    subprocess.run(cmd, check=True, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - t0


def open_page(browser, path: Path, ready: str):  # noqa: ANN001, ANN201
    """A page opened from disk, network blocked; returns (page, painted seconds since navigation start)."""
    context = browser.new_context(viewport={"width": 1300, "height": 900})
    page = context.new_page()
    page.route("**/*", lambda r: r.continue_() if r.request.url.startswith("file:") else r.abort())
    log(f"open {path.name}")
    page.goto(path.as_uri(), wait_until="commit")
    page.wait_for_function(ready, timeout=300_000, polling=10)
    return page, page.evaluate(TWO_FRAMES) / 1000


def filter_change(page, action: str) -> float:  # noqa: ANN001
    """Seconds from the input event until the count changed and the canvas was repainted (two frames)."""
    log("filter " + action.split("\n")[0][:60])
    return page.evaluate("""(action) => new Promise(resolve => {
        const count = document.getElementById("mm-count"), before = count.textContent;
        const layer = MaliMap.registry.events, paints = layer.paintCount, t0 = performance.now();
        new Function(action)();
        const wait = () => performance.now() - t0 > 60000 ? resolve(NaN) :
            (count.textContent !== before && layer.paintCount > paints) ?
            requestAnimationFrame(() => requestAnimationFrame(() => resolve((performance.now() - t0) / 1000))) :
            requestAnimationFrame(wait);
        wait(); })""", action)


FROM_DATE = """const i = document.getElementById("mm-from"); i.value = "2016-01-01";
    i.dispatchEvent(new Event("change"));"""
ONLY_FIRST = """const boxes = [...[...document.querySelectorAll('#mm-filters details')][%d]
    .querySelectorAll('input[type=checkbox]')]; boxes.forEach(b => { b.checked = false; }); boxes[%d].checked = true;
    boxes[%d].dispatchEvent(new Event("change"));"""
CATEGORY = ONLY_FIRST % (0, 1, 1)  # one category only
ACTOR = ONLY_FIRST % (2, 0, 0)  # one actor only
PLAYBACK = """() => new Promise(resolve => {
    const speed = document.getElementById("mm-speed");
    speed.value = speed.options[speed.options.length - 1].value;  // the fastest: 8x
    speed.dispatchEvent(new Event("change"));
    const layer = MaliMap.registry.events, p0 = layer.paintCount, t0 = performance.now();
    document.getElementById("mm-play").click();
    setTimeout(() => { const fps = (layer.paintCount - p0) / ((performance.now() - t0) / 1000);
      document.getElementById("mm-play").click(); resolve(fps); }, 3000); })"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 50000, 250000])
    parser.add_argument("--peers-up-to", type=int, default=10000, help="largest size the folium peers are run at")
    parser.add_argument("--json", type=Path, help="also write the results here")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright
    from synthetic import generate, write

    sys.path.insert(0, str(ROOT))
    from geo.render.export import read_events_block  # noqa: F401  (checks the package imports)

    results = []
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as pw:
        tmp = Path(tmp)
        browser = pw.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        for n in args.sizes:
            csv_path = tmp / f"acled{n}.csv"
            write(generate(n, sahel=n > 100_000), csv_path, fmt="acled")
            row = {"rows": n, "csv_mb": csv_path.stat().st_size / 1e6}
            ours = tmp / f"ours{n}.html"
            row["ours_build"] = build([sys.executable, "-m", "geo", "export", "--events", str(csv_path),
                                       "-o", str(ours)])
            row["ours_mb"] = ours.stat().st_size / 1e6
            page, row["ours_painted"] = open_page(
                browser, ours, f"() => window.MaliMap && MaliMap.registry.events && "
                f"MaliMap.registry.events.paintCount > 0 && "
                f"document.getElementById('mm-count').textContent.startsWith('{n} of')")
            row["filter_date"] = filter_change(page, FROM_DATE)
            row["filter_category"] = filter_change(page, CATEGORY)
            row["filter_actor"] = filter_change(page, ACTOR)
            row["playback_fps"] = page.evaluate(PLAYBACK)
            page.context.close()
            # the floor: the same block, decoded, N circles on one canvas
            import re

            block = re.search(r'data-encoding="([^"]+)">([^<]*)</script>', ours.read_text(encoding="utf-8"))
            minimal = tmp / f"minimal{n}.html"
            minimal.write_text(MINIMAL_PAGE % {"encoding": block.group(1), "data": block.group(2)}, encoding="utf-8")
            page, row["minimal_painted"] = open_page(browser, minimal, "() => window.drawn > 0")
            page.context.close()
            if n <= args.peers_up_to:
                for peer, ready in (("markers", f"() => document.querySelectorAll('.leaflet-marker-icon').length >= "
                                               f"{n} - 5"),
                                    ("fastcluster", "() => document.querySelectorAll('.marker-cluster').length > 0"),
                                    ("geojson", "() => document.readyState === 'complete' && "
                                                "document.querySelector('.leaflet-overlay-pane canvas')")):
                    out = tmp / f"{peer}{n}.html"
                    row[f"{peer}_build"] = build([sys.executable, "-c", PEER_SCRIPT, peer, str(csv_path), str(out),
                                                  str(ROOT)])
                    row[f"{peer}_mb"] = out.stat().st_size / 1e6
                    page, row[f"{peer}_painted"] = open_page(browser, out, ready)
                    page.context.close()
            results.append(row)
            print(json.dumps(row), flush=True)
        browser.close()
    report(results)
    if args.json:
        args.json.write_text(json.dumps(results, indent=1), encoding="utf-8")


def report(results: list[dict]) -> None:
    print(f"\n{'rows':>7} | {'export':>7} {'size':>7} {'painted':>8} {'floor':>6} {'ratio':>6} | {'date':>6} "
          f"{'categ.':>6} {'actor':>6} {'fps':>5} | build vs markers, FastMarkerCluster, GeoJSON canvas")
    for r in results:
        peers = ""
        if "markers_build" in r:
            peers = "  ".join(f"{r[f'{p}_build'] / r['ours_build']:.1f}x ({r[f'{p}_build']:.1f} s, painted "
                              f"{r[f'{p}_painted']:.2f} s)" for p in ("markers", "fastcluster", "geojson"))
        print(f"{r['rows']:>7} | {r['ours_build']:>6.2f}s {r['ours_mb']:>5.1f}MB {r['ours_painted']:>7.2f}s "
              f"{r['minimal_painted']:>5.2f}s {r['ours_painted'] / r['minimal_painted']:>5.1f}x | "
              f"{r['filter_date']:>5.2f}s {r['filter_category']:>5.2f}s {r['filter_actor']:>5.2f}s "
              f"{r['playback_fps']:>5.1f} | {peers}")


if __name__ == "__main__":
    main()
