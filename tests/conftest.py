"""Shared fixtures: the bundled data, a headless Chromium with the network blocked, a running dashboard."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-quic"]
#: Nothing a test does reaches the user's own event store: each test gets a new one (below), and servers started
#: for a whole session share this one.
SESSION_STORE = Path(tempfile.mkdtemp(prefix="geo-test-store-")) / "session.gpkg"
os.environ["GEO_STORE"] = str(SESSION_STORE)
LOCAL = ("http://127.0.0.1", "file://", "data:", "about:", "blob:", "ws://127.0.0.1")


@pytest.fixture(autouse=True)
def own_store(tmp_path, monkeypatch):
    """A new, empty event store for each test (created and seeded only if the test opens it)."""
    monkeypatch.setenv("GEO_STORE", str(tmp_path / "store.gpkg"))


@pytest.fixture(scope="session")
def bundled():
    from geo import DEFAULT_EVENTS
    from geo.events import load_events

    return load_events(DEFAULT_EVENTS)


@pytest.fixture(scope="session")
def events(bundled):
    return bundled.events


@pytest.fixture(scope="session")
def regions():
    from geo.regions import load_regions

    return load_regions()


@pytest.fixture(scope="session")
def basemap():
    from geo.regions import load_basemap

    return load_basemap()


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium via Playwright. Missing browser: skip locally, fail in CI (CI must install it)."""
    if not CHROMIUM.exists():
        if os.environ.get("CI"):
            pytest.fail("CI must install chromium (apt-get install -y chromium)")
        pytest.skip("no /usr/bin/chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


class PageWatch:
    """A page whose non-local requests are blocked and recorded, with page errors and dialogs collected."""

    def __init__(self, page):
        self.page, self.external, self.errors, self.dialogs = page, [], [], []
        page.on("pageerror", lambda exc: self.errors.append(str(exc)))
        page.on("dialog", lambda d: (self.dialogs.append(d.message), d.dismiss()))

        def route(r):
            if r.request.url.startswith(LOCAL):
                r.continue_()
            else:
                self.external.append(r.request.url)
                r.abort()

        page.route("**/*", route)


@pytest.fixture
def watched(browser):
    context = browser.new_context(viewport={"width": 1300, "height": 900})
    yield PageWatch(context.new_page())
    context.close()


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def running_dashboard(store: Path, *args: str, log: Path | None = None):
    """The dashboard as a real Streamlit server on 127.0.0.1 with its own event store; yields its URL. ``log``:
    where its output goes."""
    port = _free_port()
    out = open(log, "w", encoding="utf-8") if log else subprocess.DEVNULL  # noqa: SIM115 - closed below
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py"), "--server.port", str(port),
         "--server.address", "127.0.0.1", "--server.headless", "true", "--browser.gatherUsageStats", "false",
         *(["--", *args] if args else [])],
        cwd=ROOT, stdout=out, stderr=subprocess.STDOUT, env={**os.environ, "GEO_STORE": str(store)},
    )
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(120):
            try:
                with urllib.request.urlopen(url + "/_stcore/health", timeout=1) as resp:
                    if resp.status == 200:
                        break
            except OSError:
                time.sleep(0.5)
        else:
            pytest.fail("streamlit did not start")
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=20)
        if log:
            out.close()


@pytest.fixture(scope="session")
def dashboard_url():
    """The dashboard shared by the browser tests that only read (their store is never written)."""
    with running_dashboard(SESSION_STORE.with_name("dashboard.gpkg")) as url:
        yield url


@pytest.fixture(scope="session")
def pg_server():
    """A PostgreSQL + PostGIS server on 127.0.0.1 for the session (tests/pgcluster.py): skipped where Debian's
    packages are missing, a failure in CI or under scripts/test.sh, which installs them."""
    from pgcluster import cluster, server_bin

    if server_bin() is None:
        if os.environ.get("CI") or os.environ.get("GEO_REQUIRE_SERVERS"):
            pytest.fail("postgresql and postgresql-15-postgis-3 must be installed (scripts/test.sh does)")
        pytest.skip("no PostgreSQL server with PostGIS here")
    with cluster() as url:
        yield url


_databases = iter(range(10**6))


def new_database(server: str) -> str:
    """URL of a new, empty database on the test server."""
    import psycopg

    name = f"store_{next(_databases)}"
    with psycopg.connect(server, autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {name}")
    return server.rsplit("/", 1)[0] + "/" + name
