"""The geoparser's scores on every labelled set may not drop: each is enforced at the value measured when the
code was last changed, minus 0.02.

realnews.json was committed in 7b7d29f, before the event extraction was rewritten (event F1 then: 0.355); it was
then used while developing. realnews_heldout.json (ea03a9a) scored event F1 0.71 on first contact,
realnews_heldout2.json (1a9e717) 0.40: both were then used while developing. realnews_heldout3.json (9b5b279) is
the honest one: nothing has been changed for it since its first run (event F1 0.87, toponym F1 0.963)."""

from __future__ import annotations

from pathlib import Path

import pytest

from geo.parse.evaluate import evaluate, load_passages

SETS = Path(__file__).parent / "fixtures" / "geoparse"
#: set -> metric -> score measured on this code (README: "Geoparse any article").
MEASURED = {
    "dev_realnews.json": {"toponym_f1": 1.0, "event_precision": 0.971, "event_recall": 1.0, "event_f1": 0.985},
    "dev_realnews2.json": {"toponym_f1": 1.0, "event_f1": 0.968},
    "dev_realnews3.json": {"toponym_f1": 0.925, "event_f1": 0.8, "event_date_f1": 0.88},
    "dev_realnews4.json": {"toponym_f1": 0.963, "event_precision": 0.833, "event_recall": 0.909, "event_f1": 0.87},
    # first contact event F1 0.37, status 0 of 8; after the general fixes it prompted (renvoyer sine die, devait
    # être, background "après plusieurs reports"): 0.40, status still 0 (clause and trigger choice: see README)
    "dev_realnews5.json": {"toponym_f1": 0.95, "event_f1": 0.4, "status_accuracy": 0.0},
    "dev_passages.json": {"toponym_f1": 1.0, "event_f1": 1.0, "event_date_f1": 0.877},
    "dev_passages2.json": {"toponym_f1": 1.0, "event_f1": 1.0, "event_date_f1": 1.0},
}


@pytest.mark.parametrize("name", sorted(MEASURED))
def test_scores_do_not_drop(name):
    score, misses = evaluate(load_passages(SETS / name))
    report = score.report()
    for metric, measured in MEASURED[name].items():
        assert report[metric] >= measured - 0.02, (name, metric, report[metric], misses)


def test_the_real_news_set_is_real_and_sourced():
    items = load_passages(SETS / "dev_realnews.json")
    assert len(items) >= 20 and {i["lang"] for i in items} == {"en", "fr"}
    assert all(i["url"].startswith("http") and i["published"][:4] in {str(y) for y in range(2012, 2021)}
               for i in items)
    assert sum(len(i["events"]) for i in items) >= 30
