"""The event store, the same behaviour tests on both backends: a GeoPackage file and a real PostgreSQL + PostGIS
server started on 127.0.0.1 for the session (tests/pgcluster.py)."""

from __future__ import annotations

import csv
import json
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest
from conftest import new_database

from geo import DEFAULT_EVENTS
from geo.events import load_events
from geo.store import Change, import_file, open_store

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))


@pytest.fixture(params=["gpkg", "postgis"])
def location(request, tmp_path):
    """A new, empty store location of each backend: a file path, or a fresh database on the test server."""
    if request.param == "gpkg":
        return str(tmp_path / "events.gpkg")
    return new_database(request.getfixturevalue("pg_server"))


def synthetic_file(path: Path, n: int, prefix: str = "SYN", seed: int = 3, fmt: str = "acled") -> Path:
    from synthetic import generate, write

    rows = generate(n, seed=seed)
    for i, row in enumerate(rows):
        row["event_id"] = f"{prefix}{i:06d}"
    write(rows, path, fmt)
    if fmt == "acled":  # ACLED ids are written as MLI + number: give them this file's prefix
        table = pd.read_csv(path, dtype=str, keep_default_na=False)
        table["event_id_cnty"] = prefix + table["event_id_cnty"].str[3:]
        table.to_csv(path, index=False)
    return path


def cli(location: str, *args: str, user: str = "tester") -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "geo", "store", *args, "--store", location, "--user", user],
                          cwd=ROOT, capture_output=True, text=True, timeout=300)


def snapshot(store) -> tuple:
    """Everything a reader could see: current events (all values), revisions and changes."""
    with store.read() as cur:
        revisions = cur.execute("SELECT event_id, revision, op, data, current FROM revisions "
                                "ORDER BY event_id, revision").fetchall()
        changes = cur.execute("SELECT count(*) FROM changes").fetchone()[0]
    events = store.current()
    return len(events), events.to_csv(index=False), [tuple(r) for r in revisions], changes


def test_first_use_seeds_the_bundled_events_and_exports_them_unchanged(location, tmp_path):
    store = open_store(location)
    bundled = load_events(DEFAULT_EVENTS).events
    assert store.count() == len(bundled) == 34
    current = store.current()
    kept = [c for c in bundled.columns if c in current]
    assert all((bundled[c] == "").all() for c in bundled.columns if c not in current)  # only empty columns
    pd.testing.assert_frame_equal(bundled[kept].reset_index(drop=True), current[kept])
    # export -> validate -> same events
    out = tmp_path / "out.csv"
    done = cli(location, "export", "-o", str(out))
    assert done.returncode == 0, done.stderr
    again = load_events(out)
    assert again.ok
    pd.testing.assert_frame_equal(bundled[kept].reset_index(drop=True), again.events[kept])


def test_importing_the_same_file_twice_changes_nothing(location, tmp_path):
    path = synthetic_file(tmp_path / "acled.csv", 300)
    first = cli(location, "import", str(path))
    assert first.returncode == 0, first.stderr
    assert "300 new, 0 changed, 0 unchanged" in first.stdout
    store = open_store(location)
    before = snapshot(store)
    second = cli(location, "import", str(path))
    assert "0 new, 0 changed, 300 unchanged" in second.stdout
    assert snapshot(store) == before
    assert cli(location, "count").stdout.strip() == "334"


def test_a_changed_row_adds_a_revision_with_who_and_why(location, tmp_path):
    path = synthetic_file(tmp_path / "v1.csv", 50)
    cli(location, "import", str(path), user="alice")
    table = pd.read_csv(path, dtype=str, keep_default_na=False)
    table.loc[table["event_id_cnty"] == "SYN000007", "fatalities"] = "99"
    table.to_csv(tmp_path / "v2.csv", index=False)
    done = cli(location, "import", str(tmp_path / "v2.csv"), "--note", "casualty update", user="bob")
    assert "0 new, 1 changed, 49 unchanged" in done.stdout
    history = open_store(location).history("SYN000007")
    assert [(r.revision, r.op, r.user) for r in history] == [(1, "create", "alice"), (2, "update", "bob")]
    assert history[1].changed == ["fatalities"] and history[1].data["fatalities"] == "99"
    assert "v2.csv (sha256 " in history[1].why and "casualty update" in history[1].why
    printed = cli(location, "history", "SYN000007").stdout
    assert "fatalities: " in printed and "-> '99'" in printed
    out = tmp_path / "out.csv"
    cli(location, "export", "-o", str(out), "--to", "acled")
    exported = pd.read_csv(out, dtype=str, keep_default_na=False)
    assert exported.loc[exported["event_id_cnty"] == "SYN000007", "fatalities"].item() == "99"
    assert len(exported) == 84


def test_delete_is_a_revision_and_revert_brings_any_revision_back(location, tmp_path):
    cli(location, "import", str(synthetic_file(tmp_path / "a.csv", 20)))
    deleted = cli(location, "delete", "SYN000003", "--note", "duplicate of SYN000004")
    assert deleted.returncode == 0 and "revision 2" in deleted.stdout
    store = open_store(location)
    assert store.count() == 53 and "SYN000003" not in set(store.current()["event_id"])
    # re-importing the file does not resurrect what the user deleted
    assert "20 unchanged" in cli(location, "import", str(tmp_path / "a.csv")).stdout
    assert store.count() == 53
    assert cli(location, "revert", "SYN000003", "--to", "1").returncode == 0
    assert store.count() == 54
    history = store.history("SYN000003")
    assert [r.op for r in history] == ["create", "delete", "revert"]
    assert history[2].data == history[0].data
    assert cli(location, "revert", "SYN000003", "--to", "2").returncode == 0  # back to the deleted state
    assert store.count() == 53
    assert cli(location, "revert", "SYN000003", "--to", "9").returncode == 1
    assert "has no revision 9" in cli(location, "revert", "SYN000003", "--to", "9").stderr
    assert "no event 'NOPE'" in cli(location, "delete", "NOPE").stderr


def test_bad_rows_are_reported_and_never_written(location, tmp_path):
    bad = tmp_path / "bad.csv"
    rows = list(csv.DictReader(DEFAULT_EVENTS.open(encoding="utf-8")))[:3]
    for row in rows:
        row["event_id"] += "-X"
    rows[1]["event_date"] = "not a date"
    with bad.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    done = cli(location, "import", str(bad))
    assert done.returncode == 1
    assert "row 3, column event_date" in done.stderr
    assert "2 new" in done.stdout
    ids = set(open_store(location).current()["event_id"])
    assert {rows[0]["event_id"], rows[2]["event_id"]} <= ids and rows[1]["event_id"] not in ids


def test_every_format_validate_reads_can_be_imported(location, tmp_path):
    """Ours (comma; semicolon in cp1252), ACLED (current, old taxonomy, upper case, monadic) and UCDP GED: after
    each import the store's current events hold exactly that file's rows."""
    from geo.schema import COLUMNS

    fixtures = ROOT / "tests" / "fixtures"
    native = synthetic_file(tmp_path / "native.csv", 10, prefix="NAT", fmt="native")
    semicolon = tmp_path / "semi.csv"
    table = pd.read_csv(native, dtype=str, keep_default_na=False)
    table["event_id"] = table["event_id"].str.replace("NAT", "SEM")
    table.loc[0, "notes"] = "Tombouctou, Ménaka et Kidal: café"
    semicolon.write_bytes(table.to_csv(sep=";", index=False).encode("cp1252"))
    files = [native, semicolon, fixtures / "acled_current.csv", fixtures / "acled" / "api2019_old_taxonomy.csv",
             fixtures / "acled" / "africa_upper_case.csv", fixtures / "acled" / "monadic.csv",
             fixtures / "ucdp_ged.csv"]
    store = open_store(location)
    for path in files:
        done = cli(location, "import", str(path), "--skip-invalid", "--source", f"fixture {path.name}")
        assert done.returncode == 0, (path.name, done.stderr[-800:])
        loaded = load_events(path).events
        assert len(loaded) > 0, path.name
        current = store.current().set_index("event_id").loc[loaded["event_id"]]
        cols = [c for c in COLUMNS if c != "event_id"]
        pd.testing.assert_frame_equal(current[cols].reset_index(drop=True), loaded[cols].reset_index(drop=True),
                                      check_dtype=False, obj=path.name)
        assert store.changes(1).iloc[0]["file"] == f"fixture {path.name}"  # --source names the change
    assert "café" in store.current().set_index("event_id").loc["SEM000000", "notes"]


def test_two_processes_importing_at_once_both_land(location, tmp_path):
    open_store(location)  # created and seeded before the race, as the dashboard would have
    a = synthetic_file(tmp_path / "a.csv", 4000, prefix="AAA", seed=1)
    b = synthetic_file(tmp_path / "b.csv", 4000, prefix="BBB", seed=2)
    cmd = [sys.executable, "-m", "geo", "store", "import", "--store", location]
    procs = [subprocess.Popen([*cmd, str(p)], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for p in (a, b, a)]
    outs = [p.communicate(timeout=300) for p in procs]
    assert [p.returncode for p in procs] == [0, 0, 0], [o[1][-500:] for o in outs]
    assert not any("locked" in err for _, err in outs)
    store = open_store(location)
    assert store.count() == 34 + 8000
    ids = store.current()["event_id"]
    assert ids.str.startswith("AAA").sum() == 4000 and ids.str.startswith("BBB").sum() == 4000
    # the same file twice at once: exactly one of the two created the rows, the other found them unchanged
    assert sorted(o[0].splitlines()[0].split(": ")[1].split(" (")[0] for o in (outs[0], outs[2])) == [
        "0 new, 0 changed, 4,000 unchanged", "4,000 new, 0 changed, 0 unchanged"]
    with store.read() as cur:
        assert cur.execute("SELECT count(*) FROM revisions").fetchone()[0] == 34 + 8000


def test_an_import_killed_midway_leaves_the_store_exactly_as_before(location, tmp_path):
    store = open_store(location)
    cli(location, "import", str(synthetic_file(tmp_path / "first.csv", 200, prefix="OLD")))
    before = snapshot(store)
    big = synthetic_file(tmp_path / "big.csv", 30000, prefix="NEW")
    proc = subprocess.Popen([sys.executable, "-m", "geo", "store", "import", str(big), "--store", location],
                            cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    # killed while writing: after the first batch of rows went into the open transaction
    line = proc.stderr.readline()
    while line and "writing" not in line:
        line = proc.stderr.readline()
    assert "writing 5,000 of" in line
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL
    assert snapshot(store) == before
    # and the store is still writable: no lock or half-written file left behind
    done = cli(location, "import", str(big))
    assert done.returncode == 0 and "30,000 new" in done.stdout
    assert store.count() == before[0] + 30000


def test_the_geopackage_opens_in_gdal_with_points_and_layers(tmp_path):
    import geopandas as gpd
    import pyogrio

    path = tmp_path / "s.gpkg"
    store = open_store(path)
    layers = {name for name, _ in pyogrio.list_layers(path)}
    assert {"events", "revisions", "changes"} <= layers
    layer = gpd.read_file(path, layer="events")
    assert len(layer) == store.count() == 34 and layer.crs.to_epsg() == 4326
    placed = layer[layer["latitude"].notna()]
    assert (placed.geometry.x.round(6) == placed["longitude"].round(6)).all()
    assert (placed.geometry.y.round(6) == placed["latitude"].round(6)).all()
    assert layer.geometry.isna().sum() == layer["latitude"].isna().sum()
    info = pyogrio.read_info(path, layer="events")
    assert info["features"] == 34
    # after writes through the store, GDAL still sees every current event, and the layer's extent is right
    import_file(store, synthetic_file(tmp_path / "more.csv", 20), Change("import", "me"))
    store.delete("SYN000004", Change("delete", "me"))
    info = pyogrio.read_info(path, layer="events")
    layer = gpd.read_file(path, layer="events")
    assert info["features"] == len(layer) == store.count() == 53
    assert "SYN000004" not in set(layer["event_id"])
    bounds = layer.total_bounds
    assert [round(v, 6) for v in info["total_bounds"]] == [round(v, 6) for v in bounds]
    import sqlite3

    with sqlite3.connect(path) as conn:  # the extent QGIS zooms to, kept by the store itself
        extent = conn.execute("SELECT min_x, min_y, max_x, max_y FROM gpkg_contents WHERE table_name = 'events'")
        assert [round(v, 6) for v in extent.fetchone()] == [round(v, 6) for v in bounds]


def test_user_and_environment_name_who_changed_what(location, tmp_path, monkeypatch):
    store = open_store(location)
    monkeypatch.setenv("GEO_USER", "field-team")
    store.delete("WPR2017-E01", Change("delete"))
    assert store.history("WPR2017-E01")[-1].user == "field-team"
    assert cli(location, "revert", "WPR2017-E01", "--to", "1", user="carol").returncode == 0
    assert store.history("WPR2017-E01")[-1].user == "carol"
    info = cli(location, "info").stdout
    assert "carol" in info and "revert" in info and "current events: 34" in info


def test_import_file_keeps_the_file_hash_and_knows_it_again(location, tmp_path):
    store = open_store(location)
    path = synthetic_file(tmp_path / "x.csv", 5)
    _, report = import_file(store, path, Change("upload", "me"))
    assert report.created == 5
    import hashlib

    assert store.has_file(hashlib.sha256(path.read_bytes()).hexdigest())
    assert json.loads(cli(location, "history", "SYN000001", "--json").stdout)[0]["revision"] == 1
    time.sleep(0)  # noqa: ASYNC251


def test_a_backup_is_a_whole_store_that_opens_as_one(tmp_path):
    store = open_store(tmp_path / "live.gpkg")
    store.delete("WPR2017-E02", Change("delete", "me"))
    done = cli(str(tmp_path / "live.gpkg"), "backup", "-o", str(tmp_path / "copy.gpkg"))
    assert done.returncode == 0, done.stderr
    copy = open_store(tmp_path / "copy.gpkg")
    assert snapshot(copy) == snapshot(store)
    assert [r.op for r in copy.history("WPR2017-E02")] == ["create", "delete"]


def test_a_file_or_server_that_is_not_a_store_is_refused_clearly(tmp_path):
    from conftest import _free_port

    not_store = tmp_path / "events.csv"
    not_store.write_text("event_id,event_date\nA,2017-01-01\n", encoding="utf-8")
    done = cli(str(not_store), "count")
    assert done.returncode == 2 and "is not an event store" in done.stderr and "Traceback" not in done.stderr
    assert not_store.read_text(encoding="utf-8").startswith("event_id")  # left as it was
    url = f"postgresql://analyst:s3cret@127.0.0.1:{_free_port()}/sahel"
    done = cli(url, "count")
    assert done.returncode == 2 and "cannot open the PostGIS store" in done.stderr
    assert "s3cret" not in done.stderr and "Traceback" not in done.stderr


def test_history_and_info_print_file_text_without_terminal_escapes(tmp_path):
    location = str(tmp_path / "s.gpkg")
    path = synthetic_file(tmp_path / "x.csv", 3)
    done = cli(location, "import", str(path), "--note", "\x1b]0;pwned\x07 quarterly", user="eve\x1b[2J")
    assert done.returncode == 0
    for action in (("info",), ("history", "SYN000001")):
        out = cli(location, *action).stdout
        assert "\x1b" not in out and "\\x1b]0;pwned\\x07 quarterly" in out


def test_huge_cells_and_unknown_columns_come_back_whole(location, tmp_path):
    """A 2 MB note and a 1.5 MB column of the user's own, with quotes, newlines and non-Latin text."""
    rows = list(csv.DictReader(DEFAULT_EVENTS.open(encoding="utf-8")))[:2]
    note = ('Line one, "quoted"\nline two: تمبكتو ' * 60000)[:2_000_000]
    for i, row in enumerate(rows):
        row["event_id"] = f"BIG{i}"
        row["full_text"] = f"ⵜⵉⵏⵉⴼⵉⵏⴰⵖ {i}\n" * 100000
    rows[0]["notes"] = note
    path = tmp_path / "big.csv"
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    assert cli(location, "import", str(path)).returncode == 0
    current = open_store(location).current().set_index("event_id")
    assert current.loc["BIG0", "notes"] == note
    assert current.loc["BIG1", "full_text"] == rows[1]["full_text"]
    assert len(current.loc["BIG1", "full_text"].encode()) > 1_500_000  # bytes, beyond a 1 MB reader block
