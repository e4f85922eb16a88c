"""Dashboard speed at scale, headless: first load and filter changes on N synthetic events.

    python benchmarks/dashboard_benchmark.py [-n 50000]

Runs app.py under streamlit.testing.AppTest (server side: loading, filtering, map/table/chart building), and
with --browser the running dashboard in Chromium: from navigation (or the click on a filter) until the map's
points layer has painted and two animation frames passed. Reports seconds per step and peak memory.
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


def painted_frame(page, old, n: int):  # noqa: ANN001, ANN201
    """The map's frame once a points layer other than ``old`` has painted and two animation frames passed."""
    deadline = time.perf_counter() + 120
    while time.perf_counter() < deadline:
        for frame in page.frames:
            try:
                ready = frame.evaluate("(old) => !!(window.MaliMap && MaliMap.registry.events && "
                                       "MaliMap.registry.events !== old && MaliMap.registry.events.paintCount > 0)",
                                       old)
            except Exception:  # noqa: BLE001 - frames come and go while Streamlit reruns
                continue
            if ready:
                frame.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
                return frame
        time.sleep(0.01)
    raise TimeoutError("the map never painted its points")


#: In the page: the time of the next input event (pointer down or key down), as epoch milliseconds.
ARM_INPUT = """() => { window.__mmInput = new Promise((resolve) => {
  const seen = (e) => { resolve(performance.timeOrigin + e.timeStamp); };
  addEventListener("pointerdown", seen, {capture: true, once: true});
  addEventListener("keydown", seen, {capture: true, once: true}); }); }"""
#: In the map's frame: when a new points layer has painted and two animation frames have passed.
ARM_PAINT = """() => { const old = MaliMap.registry.events; window.__mmPainted = new Promise((resolve) => {
  const check = () => { const layer = MaliMap.registry.events;
    if (layer && layer !== old && layer.paintCount > 0) {
      requestAnimationFrame(() => requestAnimationFrame(() => resolve(performance.timeOrigin + performance.now())));
    } else { requestAnimationFrame(check); } };
  requestAnimationFrame(check); }); }"""

#: In the page: when the "N of M events" line has changed.
ARM_COUNT = """() => {
  const line = () => [...document.querySelectorAll("p")].find((p) => / of \\d+ events/.test(p.innerText));
  const before = line().innerText;
  window.__mmCounted = new Promise((resolve) => {
    const check = () => { const now = line();
      if (now && now.innerText !== before) { resolve(performance.timeOrigin + performance.now()); }
      else { requestAnimationFrame(check); } };
    requestAnimationFrame(check); }); }"""


def settle(page) -> None:  # noqa: ANN001
    """Until no script run is in progress (Streamlit's status widget gone), then half a second more."""
    page.wait_for_function("() => !document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=120_000)
    time.sleep(0.5)


def type_in(page, label: str, option: str) -> None:  # noqa: ANN001
    """Type ``option`` into the sidebar multiselect labelled ``label`` (Enter then picks it)."""
    box = page.locator('[data-testid="stMultiSelect"]').filter(has_text=label).first
    box.locator("input").click()
    box.locator("input").fill(option)


def browser_timings(path: Path, n: int) -> list[tuple[str, float]]:
    """The running dashboard in Chromium: first load, then a filter change, until the page shows new counts."""
    import socket
    import subprocess
    import urllib.request

    from playwright.sync_api import sync_playwright

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    started = time.perf_counter()
    server = subprocess.Popen([sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py"), "--server.port",
                               str(port), "--server.address", "127.0.0.1", "--", "--events", str(path)],
                              cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    timings = []
    try:
        for _ in range(120):
            try:
                urllib.request.urlopen(url + "/_stcore/health", timeout=1)
                break
            except OSError:
                time.sleep(0.5)
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path="/usr/bin/chromium", args=[
                "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--no-first-run"])
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            t0 = time.perf_counter()
            page.goto(url)  # as soon as the server answers: the warm-up (dashboard/warmup.py) is still running
            frame = painted_frame(page, None, n)
            timings.append(("browser: first load, points painted", time.perf_counter() - t0))
            timings.append(("  the same, from server start", time.perf_counter() - started))
            other = browser.new_page(viewport={"width": 1400, "height": 1000})
            t0 = time.perf_counter()
            other.goto(url)
            painted_frame(other, None, n)
            timings.append(("browser: another reader, points painted", time.perf_counter() - t0))
            other.close()
            # Filters: each from the input event until the count line changed and the points were redrawn,
            # once the page has settled (no script run in progress), as when a reader picks a filter.
            toggle = (lambda: None, lambda: page.get_by_text("Include context events").click())
            changes = [("toggle context", *toggle)] * 6 + [
                ("actor: JNIM", lambda: type_in(page, "Actors", "JNIM"), lambda: page.keyboard.press("Enter")),
                ("category: disruption", lambda: type_in(page, "Category", "Disruption"),
                 lambda: page.keyboard.press("Enter"))]
            for label, prepare, change in changes:
                settle(page)
                prepare()
                page.evaluate(ARM_INPUT)
                frame.evaluate(ARM_PAINT)
                page.evaluate(ARM_COUNT)
                change()
                painted = frame.evaluate("window.__mmPainted")
                counted, started = page.evaluate("Promise.all([window.__mmCounted, window.__mmInput])")
                timings.append((f"browser: {label}, points redrawn (count {(counted - started) / 1000:.2f} s)",
                                (max(painted, counted) - started) / 1000))
            browser.close()
        status = Path(f"/proc/{server.pid}/status").read_text()
        peak_kb = next(int(line.split()[1]) for line in status.splitlines() if line.startswith("VmHWM"))
        timings.append((f"server process peak memory {peak_kb / 1024:,.0f} MB (not seconds)", 0.0))
    finally:
        server.terminate()
        server.wait(timeout=30)
    return timings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("-n", type=int, default=50000)
    parser.add_argument("--browser", action="store_true", help="also time the running dashboard in Chromium")
    args = parser.parse_args()
    from streamlit.testing.v1 import AppTest

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "events.csv"
        write(generate(args.n), path)
        # The dashboard reads the event store: a new one, filled from the file before the clock starts (the
        # import is timed on its own; benchmarks/store_benchmark.py compares it with loading the CSV).
        import os

        from geo.store import open_store

        os.environ["GEO_STORE"] = str(Path(tmp) / "events.gpkg")
        t0 = time.perf_counter()
        open_store(os.environ["GEO_STORE"], seed=path)
        imported = time.perf_counter() - t0
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
        step("map: counts per region", lambda: at.radio(key="map_mode_points").set_value("regions").run())
        peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        browser = browser_timings(path, args.n) if args.browser else []
    print(f"{args.n:,} events; peak memory of the app process {peak_mb:,.0f} MB; imported into a new store in "
          f"{imported:.2f} s before timing")
    for label, seconds, count in steps:
        print(f"  {label:<40} {seconds:6.2f} s   {count}")
    for label, seconds in browser:
        print(f"  {label:<40} {seconds:6.2f} s")


if __name__ == "__main__":
    main()
