import json
import re

from geo.cli import main
from geo.filters import FilterState
from geo.jsonsafe import js_literal
from geo.render.export import export_html, read_events_block

PAYLOAD = "</script><script>alert(1)</script>${globalThis.pwned=1}`{{x}}'\"\u2028"


def embedded_events(page: str):  # noqa: ANN201
    return read_events_block(page)


def test_js_literal_leaves_nothing_raw_and_drops_nul():
    literal = js_literal({"note": PAYLOAD})
    inner = literal[len("JSON.parse("):-1]
    assert not set("<>&'`${}") & set(inner)
    assert json.loads(json.loads(inner)) == {"note": PAYLOAD}
    text = js_literal({"note": PAYLOAD + "\x00"})[len("JSON.parse("):-1]
    assert "<" not in text and json.loads(json.loads(text)) == {"note": PAYLOAD}


def test_cli_export_without_filters_embeds_every_event(tmp_path, events):
    out = tmp_path / "map.html"
    assert main(["export", "-o", str(out)]) == 0
    page = out.read_text(encoding="utf-8")
    data = embedded_events(page)
    assert len(data) == len(events) == 34
    assert int(data["latitude"].isna().sum()) == 2
    assert "Generated from events.csv" in page and "Natural Earth" in page and "GeoNames" in page


def test_export_is_self_contained_with_a_strict_csp(tmp_path):
    out = tmp_path / "map.html"
    assert main(["export", "-o", str(out), "--actor", "CJA", "--end", "2017-03-08"]) == 0
    page = out.read_text(encoding="utf-8")
    assert not re.search(r"<script[^>]+src=", page)
    assert not re.search(r"<link[^>]+stylesheet", page)
    csp = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', page).group(1)
    script_src = re.search(r"script-src ([^;]+);", csp.replace("&#x27;", "'")).group(1)
    assert "unsafe-inline" not in script_src and "http" not in script_src and "sha256-" in script_src


def test_export_embeds_every_event_and_starts_from_the_filters(events, regions, basemap):
    state = FilterState(actors=("CJA",), end=None, include_context=False)
    page = export_html(events, regions, basemap, state, "events.csv")
    ids = list(embedded_events(page)["event_id"])
    assert sorted(ids) == sorted(events["event_id"])  # a reader can widen what the sender narrowed
    assert "initial filters: actors: CJA; context events hidden" in page


def test_hostile_text_never_reaches_the_page_as_markup(events, regions, basemap):
    nasty = events.head(3).copy()
    nasty["notes"] = PAYLOAD
    nasty["location"] = "<img src=x onerror=alert(2)>"
    page = export_html(nasty, regions, basemap, FilterState(), "<b>evil</b>.csv")
    assert "<script>alert(1)" not in page
    assert "<img src=x" not in page
    assert "<b>evil</b>" not in page and "&lt;b&gt;evil&lt;/b&gt;.csv" in page


def test_large_exports_embed_a_compressed_block_that_decodes_to_every_event(events, regions, basemap):
    import pandas as pd

    many = pd.concat([events] * 200, ignore_index=True)
    many["event_id"] = [f"X{i}" for i in range(len(many))]
    page = export_html(many, regions, basemap, FilterState(), "many.csv")
    assert 'data-encoding="gzip+base64"' in page
    assert len(page.encode()) < 900_000
    assert sorted(embedded_events(page)["event_id"]) == sorted(many["event_id"])
