"""Refresh the screenshots in docs/: the dashboard and the standalone export, 1400 px and 400 px wide.

    .venv/bin/python scripts/screenshots.py

Starts the dashboard on the bundled data (127.0.0.1, a free port), exports the bundled data, and photographs
both in Debian's Chromium with the network blocked, once the map's points are painted.
"""

from __future__ import annotations

import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]
WIDTHS = {"wide": (1400, 1500), "narrow": (400, 860)}
PAINTED = ("() => window.MaliMap && MaliMap.registry.events && MaliMap.registry.events.paintCount > 0 && "
           "new Promise(r => requestAnimationFrame(() => requestAnimationFrame(() => r(true))))")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def map_frame(page):  # noqa: ANN001, ANN201
    for _ in range(600):
        for frame in page.frames:
            try:
                if frame.evaluate(PAINTED):
                    return frame
            except Exception:  # noqa: BLE001 - frames come and go while the app loads
                pass
        time.sleep(0.1)
    raise TimeoutError("the dashboard's map never painted")


def main() -> None:
    from playwright.sync_api import sync_playwright

    DOCS.mkdir(exist_ok=True)
    import os

    port = free_port()
    store = Path(tempfile.mkdtemp(prefix="screenshots-store-")) / "events.gpkg"  # the bundled data, not yours
    server = subprocess.Popen([sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py"), "--server.port",
                               str(port), "--server.address", "127.0.0.1"], cwd=ROOT,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                              env={**os.environ, "GEO_STORE": str(store)})
    try:
        with tempfile.TemporaryDirectory() as tmp:
            export = Path(tmp) / "map.html"
            subprocess.run([sys.executable, "-m", "geo", "export", "-o", str(export)], cwd=ROOT, check=True,
                           stderr=subprocess.DEVNULL)
            for _ in range(120):
                try:
                    urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=1)
                    break
                except OSError:
                    time.sleep(0.5)
            with sync_playwright() as pw:
                browser = pw.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
                for name, (width, height) in WIDTHS.items():
                    context = browser.new_context(viewport={"width": width, "height": height})
                    page = context.new_page()
                    page.route("**/*", lambda r: r.continue_() if r.request.url.startswith(
                        ("file:", f"http://127.0.0.1:{port}", "ws:", "data:")) else r.abort())
                    page.goto(export.as_uri())
                    page.wait_for_function(PAINTED)
                    page.screenshot(path=str(DOCS / f"export-{name}.png"))
                    page.goto(f"http://127.0.0.1:{port}/")
                    map_frame(page)
                    page.wait_for_timeout(1500)  # the chart and table below the map
                    page.screenshot(path=str(DOCS / f"dashboard-{name}.png"), full_page=name == "wide")
                    context.close()
                browser.close()
    finally:
        server.terminate()
        server.wait(timeout=30)
    for path in sorted(DOCS.glob("*.png")):
        print(f"{path.relative_to(ROOT)}: {path.stat().st_size:,} bytes")


if __name__ == "__main__":
    main()
