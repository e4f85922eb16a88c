import pytest

from geo.assets import MissingAsset, inline_assets, write_static
from geo.charts import time_unit, timeline_chart, timeline_counts
from geo.filters import apply_filters, default_state
from geo.mapmaker import LEAFLET_CSS, LEAFLET_JS
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


def test_compact_columns_keep_every_point_in_drawing_order(events):
    from geo.mapmaker import COMPACT_COLUMNS, compact_columns

    placed = events[events["latitude"].notna()]
    packed = compact_columns(placed)
    assert packed["n"] == len(placed) and set(packed["columns"]) == set(COMPACT_COLUMNS)
    categories = packed["columns"]["category"]
    assert categories[-7:] == ["interim_authority"] * 7 and categories[0] == "context"
    assert sorted(packed["columns"]["event_id"]) == sorted(placed["event_id"])
