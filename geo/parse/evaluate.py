"""Score the geoparser on a labelled set: toponyms, events and event dates, each as precision/recall/F1.

A predicted mention matches a gold one when their texts agree (case-insensitive, in order) and: the gold
place has coordinates and the prediction is within 10 km; or the gold is a country and the prediction is
that country; or the gold is a region and the prediction is that region (or a point inside it); or the gold
is an unknown place and the prediction is unresolved. A predicted event matches a gold one, one to one,
when they fall on the same day and their places lie within 25 km (or neither has a place). Event dates are
also compared as multisets of ISO days (a range counts by its first day).

Only what happened is scored as an event: a gold event whose modality is planned, hypothetical or denied
(or ``"planned": true``) must come out flagged (planned) or not at all, and a predicted planned event is
neither a hit nor an extra. On matched events the ACLED event type and the toll (where the gold gives
``fatalities``, ``null`` meaning no figure) are scored too; a predicted place outside the Sahel box that the
gold does not list counts as a far-away place.
"""

from __future__ import annotations

import json
import time
from collections import Counter
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from ..gazetteer import haversine_km
from .extract import extract
from .places import SAHEL_BOX

EVENT_KM = 25.0


def _in_region(region: str, lat: float, lon: float) -> bool:
    from shapely import contains_xy

    from ..regions import load_regions

    regions = load_regions()
    polygons = regions[regions["region"] == region]
    return bool(len(polygons)) and bool(contains_xy(polygons.union_all(), lon, lat))


def _matches(gold: dict[str, Any], pred: dict[str, Any]) -> bool:
    if gold.get("region"):
        if pred.get("kind") == "region":
            return pred.get("admin1") == gold["region"]
        return pred["latitude"] is not None and _in_region(gold["region"], pred["latitude"], pred["longitude"])
    if gold.get("unresolved"):
        return pred["latitude"] is None and pred["kind"] != "country"
    if gold.get("country"):
        return pred["kind"] == "country" and pred["country"] == gold["country"]
    if pred["latitude"] is None:
        return False
    return haversine_km(gold["lat"], gold["lon"], pred["latitude"], pred["longitude"]) <= 10


@dataclass
class Score:
    tp: int = 0
    predicted: int = 0
    gold: int = 0
    located: int = 0  # gold places with coordinates whose text was found
    within_10km: int = 0
    dates_right: int = 0
    dates_predicted: int = 0
    dates_gold: int = 0
    events_right: int = 0
    events_predicted: int = 0
    events_gold: int = 0
    status_right: int = 0  # interim-authority events whose installed/blocked status was read right
    status_gold: int = 0
    type_right: int = 0  # matched events whose ACLED event type is right
    toll_right: int = 0  # matched events whose toll is the gold one (gold events that give "fatalities")
    toll_gold: int = 0
    flagged_right: int = 0  # planned, hypothetical or denied gold events that no asserted event matches
    flagged_gold: int = 0
    far_places: int = 0  # extra places outside the Sahel box
    seconds: float = 0.0
    passages: int = 0

    @staticmethod
    def _f1(p: float, r: float) -> float:
        return 2 * p * r / (p + r) if p + r else 0.0

    @classmethod
    def _prf(cls, name: str, right: int, predicted: int, gold: int) -> dict[str, float]:
        prec = right / predicted if predicted else 0.0
        rec = right / gold if gold else 0.0
        return {f"{name}_precision": round(prec, 3), f"{name}_recall": round(rec, 3),
                f"{name}_f1": round(cls._f1(prec, rec), 3)}

    def report(self) -> dict[str, float]:
        prec = self.tp / self.predicted if self.predicted else 0.0
        rec = self.tp / self.gold if self.gold else 0.0
        dprec = self.dates_right / self.dates_predicted if self.dates_predicted else 0.0
        drec = self.dates_right / self.dates_gold if self.dates_gold else 0.0
        return {
            "passages": self.passages, "toponym_precision": round(prec, 3), "toponym_recall": round(rec, 3),
            "toponym_f1": round(self._f1(prec, rec), 3),
            "accuracy_within_10km": round(self.within_10km / self.located, 3) if self.located else 0.0,
            "event_date_precision": round(dprec, 3), "event_date_recall": round(drec, 3),
            "event_date_f1": round(self._f1(dprec, drec), 3),
            **self._prf("event", self.events_right, self.events_predicted, self.events_gold),
            **({"status_accuracy": round(self.status_right / self.status_gold, 3)} if self.status_gold else {}),
            "event_type_accuracy": round(self.type_right / self.events_right, 3) if self.events_right else 0.0,
            **({"toll_exact": round(self.toll_right / self.toll_gold, 3)} if self.toll_gold else {}),
            **({"not_actual_flagged": round(self.flagged_right / self.flagged_gold, 3)} if self.flagged_gold else {}),
            "far_places": self.far_places,
            "articles_per_second": round(self.passages / self.seconds, 1) if self.seconds else 0.0,
        }


def evaluate(passages: list[dict[str, Any]]) -> tuple[Score, list[str]]:
    score, misses = Score(), []
    for item in passages:
        t0 = time.perf_counter()
        result = extract(item["text"], date.fromisoformat(item["published"]), item.get("lang", "auto"))
        score.seconds += time.perf_counter() - t0
        score.passages += 1
        preds = [p for p in result.places if not p.get("implicit")]  # "the capital" is no toponym
        score.predicted += len(preds)
        score.gold += len(item["places"])
        for gold in item["places"]:
            same = [p for p in preds if p["text"].casefold() == gold["text"].casefold()]
            if same and "lat" in gold:
                score.located += 1
                score.within_10km += _matches(gold, same[0])
            if same and _matches(gold, same[0]):
                score.tp += 1
                preds.remove(same[0])
            else:
                misses.append(f"{item['id']}: place {gold['text']!r} -> {same[0] if same else 'not found'}")
        misses += [f"{item['id']}: extra place {p['text']!r} ({p['kind']})" for p in preds]
        score.far_places += sum(p["latitude"] is not None and not _in_sahel(p) for p in preds)
        gold_dates = Counter(item.get("event_dates", []))
        pred_dates = Counter(e["event_date"] for e in result.events)
        right = sum((gold_dates & pred_dates).values())
        score.dates_right += right
        score.dates_predicted += sum(pred_dates.values())
        score.dates_gold += sum(gold_dates.values())
        if right < max(sum(gold_dates.values()), sum(pred_dates.values())):
            gold_list, got = sorted(gold_dates.elements()), sorted(pred_dates.elements())
            misses.append(f"{item['id']}: dates gold {gold_list} got {got}")
        if "events" in item:
            actual = [g for g in item["events"] if _actual(g)]
            asserted = [p for p in result.events if not p.get("planned")]
            pairs, unmatched = match_events(actual, asserted)
            score.events_right += len(pairs)
            score.events_predicted += len(asserted)
            score.events_gold += len(actual)
            misses += [f"{item['id']}: {line}" for line in unmatched]
            for g, p in pairs:
                score.type_right += g.get("type") == p["event_type"]
                if "fatalities" in g:
                    score.toll_gold += 1
                    score.toll_right += g["fatalities"] == p.get("fatalities")
                    if g["fatalities"] != p.get("fatalities"):
                        misses.append(f"{item['id']}: toll {g['date']} at {g.get('place')}: {g['fatalities']}, "
                                      f"read {p.get('fatalities')}")
                if g.get("type") != p["event_type"]:
                    misses.append(f"{item['id']}: type {g['date']} at {g.get('place')}: {g.get('type')}, "
                                  f"read {p['event_type']}")
            for g in (g for g in item["events"] if not _actual(g)):
                score.flagged_gold += 1
                wrong = [p for p in asserted if p["event_date"] == g["date"] and _same_place(g, p)]
                score.flagged_right += not wrong
                if wrong:
                    misses.append(f"{item['id']}: {g.get('modality', 'planned')} event {g['date']} at "
                                  f"{g.get('place')} read as asserted")
            for g in (g for g in item["events"] if g.get("status")):
                score.status_gold += 1
                said = [p.get("ia_status") for p in result.events if p["event_date"] == g["date"] and _same_place(g, p)]
                if g["status"] in said:
                    score.status_right += 1
                else:
                    misses.append(f"{item['id']}: status {g['date']} at {g.get('place')}: {g['status']}, read {said}")
    return score, misses


def _actual(gold: dict[str, Any]) -> bool:
    return gold.get("modality", "planned" if gold.get("planned") else "actual") == "actual"


def _in_sahel(pred: dict[str, Any]) -> bool:
    south, north, west, east = SAHEL_BOX
    return south <= pred["latitude"] <= north and west <= pred["longitude"] <= east


def evaluate_by_language(passages: list[dict[str, Any]]) -> dict[str, dict[str, float]]:
    """The report of each language of a set (English and French are scored apart: only French has a trained
    pipeline)."""
    langs = sorted({p.get("lang", "auto") for p in passages})
    return {lang: evaluate([p for p in passages if p.get("lang", "auto") == lang])[0].report() for lang in langs}


def _same_place(gold: dict[str, Any], pred: dict[str, Any]) -> bool:
    if gold.get("lat") is None:
        return pred.get("latitude") is None
    if pred.get("latitude") is None:
        return False
    return haversine_km(gold["lat"], gold["lon"], pred["latitude"], pred["longitude"]) <= EVENT_KM


def match_events(gold: list[dict[str, Any]], predicted: list[dict[str, Any]]
                 ) -> tuple[list[tuple[dict[str, Any], dict[str, Any]]], list[str]]:
    """One-to-one matches (same day, places within 25 km or both unplaced) and a line per miss."""
    left = list(predicted)
    pairs, lines = [], []
    for g in gold:
        hit = next((p for p in left if p["event_date"] == g["date"] and _same_place(g, p)), None)
        if hit is None:
            lines.append(f"missed event {g['date']} at {g.get('place')}")
        else:
            left.remove(hit)
            pairs.append((g, hit))
    lines += [f"extra event {p['event_date']} at {p.get('location') or None} ({p.get('trigger')!r})" for p in left]
    return pairs, lines


def load_passages(path: Path) -> list[dict[str, Any]]:
    """A labelled set: a list of passages, or a document with "items" (and notes on how it was made)."""
    doc = json.loads(path.read_text(encoding="utf-8"))
    return doc["items"] if isinstance(doc, dict) else doc
