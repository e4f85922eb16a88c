"""The brief the project was built from (World Politics Review, 8-9 March 2017), read from ../shared and
never copied into the project: `geo extract` must give its datable events, and nothing from its
photographer's name or its 2012 background."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from geo.parse import extract

SEED = Path(__file__).resolve().parents[2] / "shared" / "reference" / "seed-article-excerpt.txt"
PUBLISHED = date(2017, 3, 9)


@pytest.fixture(scope="module")
def brief():
    if not SEED.exists():
        pytest.skip(f"the seed article is not beside the repo ({SEED}); CI has it")
    return extract(SEED.read_text(encoding="utf-8"), PUBLISHED, "en")


def _at(events, location, trigger_kind=None):
    return [e for e in events if e["location"] in location and
            (trigger_kind is None or e["event_type"] == trigger_kind)]


def test_every_datable_event_of_the_brief(brief):
    asserted = [e for e in brief.events if not e["planned"]]
    found = 0
    patrol = [e for e in asserted if e["category"] == "joint_patrol" and e["location"] == "Gao"]
    assert [e["event_date"] for e in patrol] == ["2017-02-23"]
    found += 1
    arrivals = [e for e in asserted if e["category"] == "interim_authority" and e["ia_status"] == "installed"]
    assert sorted(e["location"] for e in arrivals) == ["Gao", "Kidal", "Ménaka"]
    for e in arrivals:  # "beginning in late February": a span up to publication, not one invented day
        assert "2017-02-20" <= e["event_date"] <= "2017-02-28" and e["date_end"] == "2017-03-09"
        assert e["time_precision"] >= 2
    found += 3
    occupied = [e for e in asserted if e["trigger"] == "occupied" and e["location"] == "Gao"]
    assert len(occupied) == 1 and occupied[0]["date_end"] and occupied[0]["date_end"] <= "2017-03-09"
    found += 1
    checkpoints = [e for e in asserted if e["location"] == "Timbuktu" and e["event_date"] == "2017-03-06"]
    # checkpoints taken with no fighting reported: ACLED's non-violent transfer of territory
    assert len(checkpoints) == 1 and checkpoints[0]["sub_event_type"] == "Non-violent transfer of territory"
    found += 1
    halted = [e for e in asserted if e["ia_status"] == "blocked"]
    assert sorted(e["location"] for e in halted) == ["Taoudenni", "Timbuktu"]
    assert {e["event_date"] for e in halted} == {"2017-03-08"}  # "as of midweek": Wednesday 8 March
    found += 2
    assert found == 8
    extras = len(asserted) - 8
    assert extras <= 2, [e["trigger"] for e in asserted]


def test_planned_protest_is_flagged(brief):
    planned = [e for e in brief.events if e["planned"]]
    assert [(e["event_type"], e["location"], e["event_date"]) for e in planned] == [
        ("Protests", "Timbuktu", "2017-03-10")]


def test_photographer_and_background_are_not_events_or_places(brief):
    assert "Baba" not in {p["text"] for p in brief.places}
    assert not [e for e in brief.events if e["event_date"].startswith("2012")]
    assert [c["year"] for c in brief.context] == [2012]  # "fell ... in 2012" is kept as context
    assert not [p for p in brief.places if p["latitude"] is not None and not 10 < p["latitude"] < 25]
