import pytest

from geo.filters import apply_filters, default_state
from geo.render.assets import MissingAsset, inline_assets, write_static
from geo.render.charts import time_unit, timeline_chart, timeline_counts
from geo.render.mapmaker import LEAFLET_CSS, LEAFLET_JS
from geo.schema import CATEGORY_COLORS


def test_timeline_uses_days_for_the_article_span_and_coarser_units_for_years(events):
    assert time_unit(apply_filters(events, default_state(events))) == "yearmonthdate"
    assert time_unit(events) == "yearmonth"  # 2012-2017
    spec = timeline_chart(events).to_dict()
    assert spec["encoding"]["color"]["scale"]["range"] == list(CATEGORY_COLORS.values())
    assert spec["mark"]["type"] == "bar"


def test_timeline_sends_counts_not_events(events):
    counts = timeline_counts(events, "yearmonth")
    assert counts["events"].sum() == len(events)
    march_2017 = counts[counts["date"] == "2017-03-01"]
    assert march_2017["events"].sum() == int((events["event_date"].dt.strftime("%Y-%m") == "2017-03").sum())
    assert len(counts) < len(events)
    days = timeline_counts(events, "yearmonthdate")
    assert days[days["date"] == "2017-03-02"]["events"].sum() == 3  # Gao, Ménaka, the JNIM video


def test_leaflet_assets_come_from_the_installed_package(tmp_path):
    served = write_static(tmp_path, [LEAFLET_JS, LEAFLET_CSS])
    files = sorted(p.name for p in tmp_path.iterdir())
    assert len(files) == 2 and not any(f.endswith("leaflet.css") for f in files)  # Leaflet would misplace icons
    assert all(url.startswith("/app/static/vendor/asset-") for url in served.values())
    assert "Leaflet" in (tmp_path / served[LEAFLET_JS].rsplit("/", 1)[1]).read_text()
    page = inline_assets(f'<script src="{LEAFLET_JS}"></script><link rel="stylesheet" href="{LEAFLET_CSS}"/>')
    assert "<script src" not in page and ".leaflet-container" in page
    with pytest.raises(MissingAsset):
        inline_assets('<script src="https://cdn.example.org/unknown.js"></script>')


def test_the_map_table_draws_important_events_last_and_bitsets_select_rows(events, tmp_path):
    import base64

    import numpy as np

    from geo.render.columnar import decode, visible_bits, write_block
    from geo.render.features import map_table

    placed = events[events["latitude"].notna()]
    table = map_table(placed)
    assert list(table["category"].iloc[-7:]) == ["interim_authority"] * 7 and table["category"].iloc[0] == "context"
    assert sorted(table["event_id"]) == sorted(placed["event_id"])
    name = write_block(table, tmp_path)
    assert decode((tmp_path / name).read_bytes())["event_id"].tolist() == table["event_id"].tolist()
    assert write_block(table, tmp_path) == name and len(list(tmp_path.iterdir())) == 1  # same content, same file
    bits = np.unpackbits(np.frombuffer(base64.b64decode(visible_bits(np.array([0, 3, 31]), 32)), np.uint8),
                         bitorder="little")
    assert np.flatnonzero(bits).tolist() == [0, 3, 31]


def test_assets_are_read_from_the_package_once_then_from_the_user_cache(tmp_path, monkeypatch):
    from geo.render import assets
    from geo.render.mapmaker import LEAFLET_JS

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    first = assets.asset_text(LEAFLET_JS)
    cached = list((tmp_path / "northern-mali-map" / "assets").iterdir())
    assert len(cached) == 1 and cached[0].read_text(encoding="utf-8") == first and "Leaflet" in first
    monkeypatch.setattr(assets, "_store", lambda: {})  # the package is not consulted again
    assert assets.asset_text(LEAFLET_JS) == first
    monkeypatch.setenv("XDG_CACHE_HOME", "/proc/no-such-dir")  # an unwritable cache is simply not used
    monkeypatch.setattr(assets, "_store", lambda: {LEAFLET_JS: "from the package"})
    assert assets.asset_text(LEAFLET_JS) == "from the package"


def test_display_table_shows_iso_days_and_empty_cells(events):
    from geo.render.features import display_table

    shown = display_table(events)
    assert shown["event_date"].str.fullmatch(r"\d{4}-\d{2}-\d{2}").all()
    assert set(shown.loc[events["date_end"].isna(), "date_end"]) == {""}
    assert not shown.astype(str).isin(["None", "nan", "NaT", "<NA>"]).any().any()
    assert shown["latitude"].dtype == events["latitude"].dtype  # numbers stay sortable numbers


def test_map_elements_write_their_output_once_as_is_and_layers_still_join_the_map(regions):
    """Our elements' macro output goes into the page as written: branca would compile it (data included) as a
    second Jinja template on every render, which is slow and would evaluate template syntax in it."""
    from geo.render.lazyfolium import folium
    from geo.render.mapmaker import DataLayer

    fmap = folium.Map(tiles=None)
    shown = DataLayer("regions", "{{ 6 * 7000001 }} {% raw %}x{% endraw %}", "shown")
    hidden = DataLayer("regions", "null", "hidden", show=False)
    shown.add_to(fmap)
    hidden.add_to(fmap)
    page = fmap.get_root().render()
    assert "{{ 6 * 7000001 }} {% raw %}x{% endraw %}" in page and "42000006" not in page
    assert f"{shown.get_name()}.addTo({fmap.get_name()});" in page  # what folium's Layer.render adds
    assert f"{hidden.get_name()}.addTo(" not in page
    assert f"{fmap.get_name()}.removeLayer({hidden.get_name()});" in page


def test_the_timeline_is_drawn_on_a_canvas(events):
    spec = timeline_chart(events).to_dict()
    assert spec["usermeta"]["embedOptions"]["renderer"] == "canvas"
