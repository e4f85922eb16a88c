"""Synthetic conflict events inside Mali, for benchmarks (nothing here is real data).

    python benchmarks/synthetic.py -n 10000 -o /tmp/events10k.csv [--format native|acled] [--sahel] [--seed 1]

Points are drawn around real town coordinates from the gazetteer, inside Mali (or, with --sahel, inside Mali,
Burkina Faso and Niger, with each row's country and ISO code), so densities look like news data (clustered
on towns), with ACLED-like mixes of event types, precision codes, actors and note lengths. ACLED format fills
all 31 of ACLED's current columns (about 380 bytes a row, as in real exports); its licence forbids
redistributing real ACLED data, so the repository never depends on any.
"""

from __future__ import annotations

import argparse
import csv
import random
import sys
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import numpy as np  # noqa: E402

from geo.countries import contains_many  # noqa: E402
from geo.gazetteer import load_gazetteer  # noqa: E402
from geo.schema import COLUMNS  # noqa: E402

ACLED_COLUMNS = [
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type", "sub_event_type",
    "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2", "interaction", "civilian_targeting",
    "iso", "region", "country", "admin1", "admin2", "admin3", "location", "latitude", "longitude", "geo_precision",
    "source", "source_scale", "notes", "fatalities", "tags", "timestamp",
]
TYPES = [  # (event_type, sub_event_type, category, weight)
    ("Battles", "Armed clash", "disruption", 30),
    ("Explosions/Remote violence", "Remote explosive/landmine/IED", "disruption", 12),
    ("Violence against civilians", "Attack", "disruption", 25),
    ("Protests", "Peaceful protest", "disruption", 8),
    ("Riots", "Violent demonstration", "disruption", 3),
    ("Strategic developments", "Agreement", "political", 5),
    ("Strategic developments", "Other", "context", 12),
    ("Strategic developments", "Change to group/activity", "interim_authority", 5),
]
ACTORS = ["FAMa", "JNIM", "CMA", "Plateforme", "GATIA", "MSA", "CJA", "MINUSMA", "Barkhane", "Protesters",
          "Unidentified armed group", "Katiba Macina", "AQIM", "Government of Mali"]
OUTLETS = ["RFI", "AFP", "Reuters", "Studio Tamani", "Kibaru", "maliweb", "Le Monde", "AP", "Jeune Afrique"]
VERBS = ["attacked", "clashed with", "ambushed", "occupied a position held by", "negotiated with", "protested against"]


#: --sahel: (ISO 3166 alpha-2 in the gazetteer, numeric ISO, name, share of rows)
SAHEL = [("ML", "466", "Mali", 0.5), ("BF", "854", "Burkina Faso", 0.35), ("NE", "562", "Niger", 0.15)]
TAGS = ["", "", "crowd size=no report", "women targeted: candidates", "local administrators", "armed clash"]


def generate(n: int, seed: int = 1, sahel: bool = False) -> list[dict[str, object]]:
    rng = random.Random(seed)
    countries = SAHEL if sahel else SAHEL[:1]
    places = load_gazetteer().places
    pools = {cc: [p for p in places if p.country_code == cc] for cc, *_ in countries}
    weights = {cc: [max(p.population, 2000) ** 0.5 for p in pool] for cc, pool in pools.items()}
    types, type_weights = TYPES, [t[3] for t in TYPES]
    start = date(2012, 1, 1)
    rows = []
    for i in range(n):
        cc, iso, country, _ = rng.choices(countries, [c[3] for c in countries])[0]
        town = rng.choices(pools[cc], weights[cc])[0]
        while True:
            lat, lon = town.latitude + rng.gauss(0, 0.25), town.longitude + rng.gauss(0, 0.25)
            if contains_many(iso, np.array([lat]), np.array([lon]))[0]:
                break
        etype, sub, category, _ = rng.choices(types, type_weights)[0]
        a1, a2 = rng.sample(ACTORS, 2)
        day = start + timedelta(days=rng.randrange(365 * 12))
        outlet = rng.choice(OUTLETS)
        notes = (f"On {day:%d %B %Y}, {a1} {rng.choice(VERBS)} {a2} near {town.name} ({town.admin1}). "
                 f"{rng.randint(0, 40)} people reported; details unconfirmed, according to local sources and "
                 f"officials reached by phone. [size={rng.randint(1, 3)}]")
        rows.append({
            "event_id": f"SYN{i:06d}", "event_date": day.isoformat(), "date_end": "",
            "time_precision": rng.choices([1, 2, 3], [85, 10, 5])[0], "event_type": etype, "sub_event_type": sub,
            "category": category, "ia_status": "", "ia_regions": "", "actor1": a1,
            "assoc_actor_1": rng.choice(["", "", "", rng.choice(ACTORS)]), "actor2": a2, "admin1": town.admin1,
            "location": town.name, "latitude": round(lat, 4), "longitude": round(lon, 4),
            "geo_precision": rng.choices([1, 2, 3], [70, 25, 5])[0], "geonameid": town.geonameid,
            "geo_source": "synthetic", "in_article": "", "fatalities": rng.choice([0, 0, 0, 1, 2, 3, 5, 12]),
            "source": outlet, "source_urls": f"https://example.org/{outlet.lower().replace(' ', '-')}/{i}",
            "notes": notes, "_country": country, "_iso": iso, "_tags": rng.choice(TAGS),
            "_assoc2": rng.choice(["", "", rng.choice(ACTORS)]),
        })
    return rows


def to_acled(row: dict[str, object]) -> dict[str, object]:
    return {
        "event_id_cnty": f"MLI{str(row['event_id'])[3:]}", "event_date": row["event_date"],
        "year": str(row["event_date"])[:4], "time_precision": row["time_precision"],
        "disorder_type": "Political violence", "event_type": row["event_type"],
        "sub_event_type": row["sub_event_type"], "actor1": row["actor1"], "assoc_actor_1": row["assoc_actor_1"],
        "inter1": "Rebel group", "actor2": row["actor2"], "assoc_actor_2": row["_assoc2"], "inter2": "State forces",
        "interaction": "State forces-Rebel group", "civilian_targeting": "Civilian targeting"
        if row["event_type"] == "Violence against civilians" else "", "iso": row["_iso"],
        "region": "Western Africa", "country": row["_country"], "admin1": row["admin1"],
        "admin2": row["location"], "admin3": row["location"], "location": row["location"],
        "latitude": row["latitude"], "longitude": row["longitude"], "geo_precision": row["geo_precision"],
        "source": row["source"], "source_scale": "International", "notes": row["notes"],
        "fatalities": row["fatalities"], "tags": row["_tags"], "timestamp": 1700000000 + int(str(row["event_id"])[3:]),
    }


def write(rows: list[dict[str, object]], path: Path, fmt: str = "native") -> None:
    columns = ACLED_COLUMNS if fmt == "acled" else list(COLUMNS)
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, columns, lineterminator="\n", extrasaction="ignore")
        writer.writeheader()
        writer.writerows(to_acled(r) for r in rows) if fmt == "acled" else writer.writerows(rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("-n", type=int, default=1000)
    parser.add_argument("-o", "--output", type=Path, required=True)
    parser.add_argument("--format", choices=["native", "acled"], default="native")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--sahel", action="store_true", help="Mali, Burkina Faso and Niger (rows carry country/iso)")
    args = parser.parse_args()
    write(generate(args.n, args.seed, args.sahel), args.output, args.format)
    print(f"wrote {args.n} synthetic events to {args.output} ({args.format})")


if __name__ == "__main__":
    main()
