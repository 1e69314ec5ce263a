"""Only the built-in data: no download."""

import time

import pytest

from conflictwatch.geo import GeoContext, PlaceMention


def ctx(*mentions):
    return GeoContext(mentions=[PlaceMention(**m) for m in mentions])


@pytest.mark.parametrize("name", ["Mali", "Malian", "Malians", "MALI", "Mali's", "Republic of Mali", "MLI"])
def test_country_names_and_demonyms(builtin_geo, name):
    p = builtin_geo.resolve_country(name)
    assert p is not None and p.iso == "ML" and p.country == "Mali"
    assert (p.geo_precision, p.where_prec) == (3, 6)


def test_resolve_country_of_other_names(builtin_geo):
    assert builtin_geo.resolve_country("Nigerien").iso == "NE"
    assert builtin_geo.resolve_country("Burkinabe").iso == "BF"
    assert builtin_geo.resolve_country("Ivory Coast") is None or builtin_geo.resolve_country("Ivory Coast").iso == "CI"
    assert builtin_geo.resolve_country("Côte d'Ivoire").iso == "CI"
    assert builtin_geo.resolve_country("Tamalat") is None


def test_mali_resolves_to_country(builtin_geo):
    p = builtin_geo.resolve("Mali")
    assert p.iso == "ML" and p.location == "Mali" and p.latitude is not None


def test_unknown_village_in_menaka_region_gets_country_and_admin1(builtin_geo):
    c = ctx({"text": "Mali", "kind": "country"}, {"text": "Menaka", "kind": "region", "country_hint": "Mali"},
            {"text": "Inchinanan", "kind": "place", "start": 40})
    p = builtin_geo.resolve("Inchinanan", c)
    assert p.iso == "ML" and p.admin1 == "Gao"
    assert p.location == "Inchinanan" and p.geo_precision == 3 and p.source == "fallback"
    assert "Menaka" in p.note and p.latitude is not None


def test_unknown_village_with_only_a_country(builtin_geo):
    p = builtin_geo.resolve("Qwxzvillage", ctx({"text": "Malian", "kind": "unknown"}))
    assert p.iso == "ML" and p.geo_precision == 3 and p.where_prec == 6 and "Mali" in p.note


def test_unknown_village_with_no_context_is_kept_unplaced(builtin_geo):
    p = builtin_geo.resolve("Qwxzvillage")
    assert p.location == "Qwxzvillage" and p.latitude is None and p.geo_precision == 3 and p.note


@pytest.mark.parametrize("name", ["", "   ", "???", "a", "Région", "x" * 300, "\u202e\u0000"])
def test_resolve_never_raises(builtin_geo, name):
    p = builtin_geo.resolve(name, ctx({"text": "Niger", "kind": "country"}))
    assert p.query == name


def test_city_from_builtin_and_region_word(builtin_geo):
    p = builtin_geo.resolve("Bamako")
    assert p.iso == "ML" and p.geo_precision == 1 and p.source == "builtin"
    r = builtin_geo.resolve("Tillaberi region")
    assert r.iso == "NE" and (r.geo_precision, r.where_prec) == (3, 4)


def test_country_context_decides_between_homonyms(builtin_geo):
    # Gao is a town of Mali and a village of Burkina Faso
    assert builtin_geo.resolve("Gao", ctx({"text": "Burkina Faso", "kind": "country"})).iso == "BF"
    assert builtin_geo.resolve("Gao", ctx({"text": "Mali", "kind": "country"})).iso == "ML"


def test_candidates_ranked(builtin_geo):
    rows = builtin_geo.candidates("Gao", country="BF", limit=3)
    assert rows[0].iso == "BF" and len(rows) <= 3
    assert builtin_geo.candidates("Mali")[0].iso == "ML"


def test_status(builtin_geo):
    st = builtin_geo.status()
    assert st["places"] > 40_000 and "ML" in st["countries"]
    assert [s["name"] for s in st["sources"]] == ["builtin"]


def test_resolve_is_cached_and_fast(builtin_geo):
    c = ctx({"text": "Mali", "kind": "country"})
    builtin_geo.resolve("Bamako", c)
    t = time.perf_counter()
    for _ in range(1000):
        builtin_geo.resolve("Bamako", c)
    assert (time.perf_counter() - t) / 1000 < 1e-3


def test_spatial_coherence_prefers_the_homonym_near_the_other_places(builtin_geo, small_dump):
    builtin_geo.load_geonames(small_dump)
    alone = builtin_geo.resolve("Dorbi", ctx({"text": "Mali", "kind": "country"}))
    assert alone.latitude == 12.0  # two Dorbi, equal in everything: the first one
    with_neighbour = builtin_geo.resolve("Dorbi", ctx({"text": "Mali", "kind": "country"},
                                                      {"text": "Zourbale", "kind": "place"},
                                                      {"text": "Dorbi", "kind": "place"}))
    assert with_neighbour.latitude == 16.5


def test_region_named_favours_places_inside_it(builtin_geo, small_dump):
    builtin_geo.load_geonames(small_dump)
    got = builtin_geo.resolve("Dorbi", ctx({"text": "Testregion", "kind": "region"}, {"text": "Dorbi", "kind": "place"}))
    assert got.latitude == 16.5 and got.admin1 == "Test"


def test_user_csv_fallback_then_precise(builtin_geo, tmp_path):
    c = ctx({"text": "Mali", "kind": "country"}, {"text": "Menaka", "kind": "region"}, {"text": "Etanbaw", "kind": "place"})
    assert builtin_geo.resolve("Etanbaw", c).geo_precision == 3
    csv = tmp_path / "p.csv"
    csv.write_text("name,alternate_names,latitude,longitude,country,admin1,admin2\nEtanbaw,,15.5,2.9,ML,Gao,\n")
    builtin_geo.add_places(csv)
    p = builtin_geo.resolve("Etanbaw", c)
    assert p.geo_precision == 1 and p.latitude == 15.5


def test_an_area_given_with_a_name_rules_out_another_countrys_homonym(builtin_geo):
    """"Mullet Lake Park in Geneva (Florida)": not the Geneva of Switzerland, whose country has no
    Florida. (Inside the country an exact name stays where the gazetteer has it, Geneva in Illinois
    for the built-in cities: gazetteers lag behind new regions, so a region given is no proof.)"""
    c = ctx({"text": "Mullet Lake Park", "kind": "place", "within": ["Geneva", "Florida"]},
            {"text": "Geneva", "kind": "place", "within": ["Florida"]})
    assert builtin_geo.resolve("Geneva", c).iso == "US"
    park = builtin_geo.resolve("Mullet Lake Park", c)
    assert park.iso == "US" and park.admin1 in ("Florida", "Illinois")
    assert builtin_geo.resolve("Geneva", ctx({"text": "Geneva", "kind": "place"})).iso == "CH"


def test_places_known_by_their_name_give_the_report_its_country(builtin_geo):
    """No country named, but "Davao City" is in one country only: a name matched only by its spelling
    ("Magtuod") must lie there too, else the place falls back to Davao City's area."""
    c = ctx({"text": "Magtuod", "kind": "place"}, {"text": "Davao City", "kind": "place"})
    assert builtin_geo.resolve("Davao City", c).iso == "PH"
    assert builtin_geo.resolve("Magtuod", c).iso == "PH"
