"""Acceptance of issue 3 on the seven West African GeoNames dumps of shared/data/geonames."""

import time

import pytest

from conflictwatch.geo import GeoContext, Geocoder, PlaceMention
from conflictwatch.geo.gazetteer import haversine_km
from .geo_testdata import DUMPS, need_dumps

MENAKA_REPORT = GeoContext(mentions=[
    PlaceMention(text="Mali", kind="country", start=0, end=4),
    PlaceMention(text="Menaka", kind="region", country_hint="Mali", start=20, end=26),
    PlaceMention(text="Tamalat", kind="place", start=60, end=67),
    PlaceMention(text="Inchinanan", kind="place", start=80, end=90),
    PlaceMention(text="Anderanbokan", kind="place", start=120, end=132),
    PlaceMention(text="Etanbaw", kind="place", start=150, end=157),
])


@pytest.mark.parametrize("name, lat, lon", [
    ("Tamalat", 15.797, 3.7095),
    ("Anderanbokan", 15.4275, 3.0175),
    ("Menaka", 15.9182, 2.4022),
])
def test_menaka_report_places(dumps_geo, name, lat, lon):
    p = dumps_geo.resolve(name, MENAKA_REPORT)
    assert haversine_km(p.latitude, p.longitude, lat, lon) < 1.0, p
    assert p.iso == "ML" and p.admin1 == "Gao" and p.country == "Mali"


def test_exact_and_fuzzy_precision(dumps_geo):
    tamalat = dumps_geo.resolve("Tamalat", MENAKA_REPORT)
    assert (tamalat.geo_precision, tamalat.where_prec) == (1, 1) and tamalat.location == "Tamalelt"
    near = dumps_geo.resolve("Anderanbokan", MENAKA_REPORT, near=True)
    assert (near.geo_precision, near.where_prec) == (2, 2) and "spelling" in near.note
    menaka = dumps_geo.resolve("Menaka", MENAKA_REPORT)
    assert (menaka.geo_precision, menaka.where_prec) == (3, 4)


def test_menaka_region_written_out(dumps_geo):
    p = dumps_geo.resolve("Menaka region", MENAKA_REPORT)
    assert haversine_km(p.latitude, p.longitude, 15.9182, 2.4022) < 1.0 and p.geo_precision == 3


def test_tillaberi_in_niger(dumps_geo):
    p = dumps_geo.resolve("Tillaberi", GeoContext(mentions=[PlaceMention(text="Niger", kind="country")]))
    assert p.iso == "NE" and p.country == "Niger"
    r = dumps_geo.resolve("Tillaberi", GeoContext(mentions=[
        PlaceMention(text="Tillaberi", kind="region", country_hint="Niger")]))
    assert r.iso == "NE" and (r.geo_precision, r.where_prec) == (3, 4) and r.admin1 == "Tillaberi"


@pytest.mark.parametrize("name", ["Inchinanan", "Etanbaw"])
def test_absent_villages_fall_back_to_menaka_area(dumps_geo, name):
    p = dumps_geo.resolve(name, MENAKA_REPORT)
    assert p.location == name and p.source == "fallback" and p.geo_precision == 3
    assert haversine_km(p.latitude, p.longitude, 15.9182, 2.4022) < 1.0
    assert p.iso == "ML" and p.admin1 == "Gao" and "Menaka" in p.note and name in p.note


def test_user_places_make_them_precise(dumps_geo, tmp_path):
    csv = tmp_path / "my_places.csv"
    csv.write_text("name,alternate_names,latitude,longitude,country,admin1,admin2\n"
                   "Inchinanane,Inchinanan;Intchinanane,15.61,3.21,ML,Gao,Ménaka\n"
                   "Etanbaw,\"Etambaw,Etanbao\",15.55,2.95,Mali,Gao,\n", encoding="utf-8")
    dumps_geo.add_places(csv)
    for name, lat, lon in (("Inchinanan", 15.61, 3.21), ("Etanbaw", 15.55, 2.95)):
        p = dumps_geo.resolve(name, MENAKA_REPORT)
        assert (p.latitude, p.longitude) == (lat, lon) and p.geo_precision == 1, p
        assert p.source == "user:my_places.csv" and p.iso == "ML" and p.admin1 == "Gao"
    assert dumps_geo.resolve("Etanbao", MENAKA_REPORT).latitude == 15.55


def test_context_moves_fuzzy_match_into_the_named_country(dumps_geo):
    p = dumps_geo.resolve("Anderamboukane", GeoContext(mentions=[PlaceMention(text="Malian")]))
    assert p.iso == "ML" and abs(p.latitude - 15.4275) < 0.01


def test_exact_lookup_is_fast(dumps_geo):
    names = ["Gao", "Tillabéri", "Ménaka", "Kidal", "Djibo", "Ansongo", "Ayorou", "Douentza"]
    for n in names:
        dumps_geo.resolve(n)
    dumps_geo._cache.clear()
    t = time.perf_counter()
    for n in names:
        dumps_geo.resolve(n)
    assert (time.perf_counter() - t) / len(names) < 5e-3  # uncached; cached hits are ~1 µs


def test_loading_the_seven_dumps_is_quick(builtin_db, tmp_path):
    need_dumps()
    from .conftest import copy_db
    geo = Geocoder(copy_db(builtin_db, tmp_path))
    t = time.perf_counter()
    for f in DUMPS:
        geo.load_geonames(f)
    elapsed = time.perf_counter() - t
    assert elapsed < 60, f"{elapsed:.1f} s"
    st = geo.status()
    assert {"geonames:ML.txt", "geonames:NE.txt"} <= {s["name"] for s in st["sources"]}
    before = st["places"]
    geo.load_geonames(DUMPS[0])
    assert geo.status()["places"] == before
