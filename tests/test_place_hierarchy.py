"""Places written with their admin hierarchy, countries shown only by a people or an actor, and the
record's own admin1 naming. Places, rows and sentences here are invented (or real towns of the
built-in data with invented record rows)."""

from __future__ import annotations

import pytest

from conflictwatch.geo import GeoContext, Geocoder, PlaceMention

from .coded_places import ROWS as BASE_ROWS
from .coded_places import model, nlp, row  # noqa: F401 (model, nlp: fixtures)


ROWS = [
    *BASE_ROWS,
    # an invented naming of Bamako's first-level area, and a record point inside Bamako
    row("Quartier Nord", "Mali", "MLI", 12.66, -7.99, "District de Bamako", "Bamako"),
]


def gpes(nlp, text):
    return [e.text for e in nlp(text).ents if e.label_ == "GPE"]


@pytest.mark.parametrize("text,place,areas", [
    ("On 2 May 2021, gunmen attacked a house in Bir an Nakhla (Dar Kebir, Wadi Zarqa), killing two.",
     "Bir an Nakhla", ["Dar Kebir", "Wadi Zarqa"]),
    ("On 2 May 2021, soldiers shelled the village of Kafr el Sud (Wadi Zarqa).", "Kafr el Sud", ["Wadi Zarqa"]),
    ("On 2 May 2021, in Villa de la Fuente, Zarqa Alta, gunmen killed a trader.", "Villa de la Fuente",
     ["Zarqa Alta"]),
])
def test_a_name_before_its_admin_areas_is_read_whole(nlp, text, place, areas):
    found = gpes(nlp, text)
    assert place in found
    assert all(a in found for a in areas)


def test_the_hierarchy_rule_needs_a_known_area_and_a_place_position(nlp):
    # the bracket is no admin area the record knows: an acronym
    assert "Sahel Youth Union" not in gpes(nlp, "On 2 May 2021, members of the Sahel Youth Union (SYU) marched.")
    # a capitalised word opening the sentence is no place even before a known area
    assert "Protesters" not in gpes(nlp, "Protesters (Wadi Zarqa) marched on 2 May 2021.")
    # a comma item that does not close the clause is no admin area
    assert "Villa de la Fuente" not in gpes(nlp, "On 2 May 2021, in Villa de la Fuente, Zarqa Alta police said.")


def ctx(*mentions):
    return GeoContext(mentions=[PlaceMention(**m) for m in mentions])


@pytest.fixture(scope="module")
def world_geocoder(tmp_path_factory) -> Geocoder:
    """The built-in places only (the session's shared gazetteer may hold the record's points too)."""
    return Geocoder(tmp_path_factory.mktemp("gaz-world") / "gazetteer.sqlite")


def test_a_peoples_country_does_not_rule_out_an_exact_name_elsewhere(world_geocoder):
    builtin_geocoder = world_geocoder
    place = {"text": "Kherson", "kind": "place"}
    clue = builtin_geocoder.resolve("Kherson", ctx({"text": "Russia", "kind": "country", "clue": True}, place))
    assert (clue.iso, clue.source) == ("UA", "builtin")  # "Russian forces shelled Kherson"
    named = builtin_geocoder.resolve("Kherson", ctx({"text": "Russia", "kind": "country", "start": 10, "end": 16},
                                                    place))
    assert named.iso == "RU" and named.source == "fallback"  # "in Kherson, Russia": the named country rules


def test_a_fuzzy_match_still_needs_the_clue_country(world_geocoder):
    builtin_geocoder = world_geocoder
    # a misspelling is matched only in the report's countries, clues included
    p = builtin_geocoder.resolve("Khersonn", ctx({"text": "Ukraine", "kind": "country", "clue": True},
                                                 {"text": "Khersonn", "kind": "place"}))
    assert p.iso == "UA" and p.location == "Kherson"
    p = builtin_geocoder.resolve("Khersonn", ctx({"text": "Mali", "kind": "country", "clue": True},
                                                 {"text": "Khersonn", "kind": "place"}))
    assert p.iso == "ML" and p.source == "fallback"


def test_the_admin1_is_named_as_the_record_names_it(model, tmp_path):
    geo = Geocoder(tmp_path / "gazetteer.sqlite")
    plain = geo.resolve("Bamako")
    assert plain.iso == "ML" and plain.admin1 != "District de Bamako"
    geo.use_record(model)
    assert geo.resolve("Bamako").admin1 == "District de Bamako"  # the record's point 1 km away
    gao = geo.resolve("Gao", ctx({"text": "Mali", "kind": "country", "start": 3, "end": 7}))
    assert gao.iso == "ML" and gao.admin1 == "Gao"  # no coded place within 100 km: GeoNames' name kept
    geo.close()


def test_engine_places_a_name_given_with_its_hierarchy(model, tmp_path):
    from conflictwatch.engine import Engine
    from conflictwatch.learn.model import CodedModel
    from conflictwatch.models import Report

    geo = Geocoder(tmp_path / "gazetteer.sqlite")
    eng = Engine(geocoder=geo, coded=CodedModel(components={"places": model}))
    text = "On 2 May 2021, Malian soldiers attacked a house in Bir an Nakhla (Dar Kebir, Wadi Zarqa), killing two."
    ev = eng.extract(Report(id="h", text=text)).events[0]
    assert (ev.location, ev.iso, ev.admin1) == ("Bir an Nakhla", "ML", "Wadi Zarqa")
    geo.close()


def test_a_region_read_whole_with_its_level_word_is_still_a_region():
    from conflictwatch.engine import Engine
    from conflictwatch.models import Report
    text = ("On 21 March 2021, gunmen attacked the villages of Bakorat and Wirsnat around Tillia, Tahoua Region, "
            "Niger. The attacks killed 141 people.")
    engine = Engine()
    doc = engine.reader("en").nlp(text)
    from conflictwatch.extract import ActorIndex, ClauseExtractor
    reader = engine.reader("en")
    clauses = ClauseExtractor(reader.lex, ActorIndex(doc, reader.lex, reader.actor_book), doc)
    kinds = {e.text: clauses.place_kind(e)[0] for e in doc.ents if e.label_ == "GPE"}
    assert kinds.get("Tahoua Region") == "region"


def test_an_admin1_name_the_record_never_uses_takes_the_record_name_of_the_region(tmp_path):
    """A region placed at its centre, far from any one coded town but within reach of the record's
    places there, is named as the record names that region."""
    from conflictwatch.learn.places import PlaceModel

    rows = [{"location": "Oued Tin", "country": "Mali", "iso3": "MLI", "latitude": "20.6", "longitude": "1.05",
             "admin1": "Region de Kidal", "admin2": "Oued Tin", "admin3": "", "geo_precision": "1", "notes": "invented"}]
    m = PlaceModel()
    m.fit(rows)
    geo = Geocoder(tmp_path / "gazetteer.sqlite")
    geo.use_record(m)
    p = geo.resolve("Tessalit", ctx({"text": "Mali", "kind": "country", "start": 3, "end": 7}))
    assert p.iso == "ML" and p.admin1 == "Region de Kidal"  # 45 km from the coded point
    geo.close()


@pytest.fixture(scope="module")
def engine_builtin(builtin_geocoder):
    from conflictwatch.engine import Engine

    return Engine(geocoder=builtin_geocoder)


def test_of_several_places_the_one_given_with_its_admin_areas_is_the_events(engine_builtin):
    from conflictwatch.models import Report

    text = ("On 5 June 2020, about 200 people marched from Liberty Park to the county courthouse in Tyler (Texas) "
            "to demand police reform.")
    events = engine_builtin.extract(Report(id="t", text=text, published="2020-06")).events
    assert [(e.location, e.admin1, e.country) for e in events] == [("Tyler", "Texas", "United States")]


def test_a_place_given_with_its_admin_areas_places_an_event_with_none_even_when_a_country_is_named(engine_builtin):
    """The parser hangs "in Leon City" on "reported": the attack has no place of its own and takes the one
    the note gives with its admin areas, not the country named in a radio station's name."""
    from conflictwatch.models import Report

    text = ("As reported on 2 May 2019, in Leon City (Leon, Leon), a journalist was attacked and injured by hooded "
            "armed men. He works for the radio station Voz de Nicaragua.")
    events = engine_builtin.extract(Report(id="t", text=text, published="2019-05")).events
    assert [(e.location, e.admin1, e.country) for e in events] == [("Leon City", "Leon", "Nicaragua")]


@pytest.mark.parametrize("name, iso", [
    ("the Russian Federation", "RU"), ("the Central African Republic", "CF"), ("The Gambia", "GM"),
    ("the Philippines", "PH"), ("The Hague", None), ("Thessaloniki", None),
])
def test_a_country_named_with_its_article(name, iso):
    from conflictwatch.geo.builtin import iso2_of

    assert iso2_of(name) == iso


def test_a_country_named_with_its_article_is_no_place_of_the_event(engine_builtin):
    """'the Russian Federation' in a party's name is a country, not a place that outranks the town."""
    from conflictwatch.models import Report

    text = ("On 2 May 2022, the Liberal Party of the Russian Federation organized a motor rally in Kaluga in "
            "support of the Russian armed forces fighting in Ukraine.")
    events = engine_builtin.extract(Report(id="t", text=text, published="2022-05")).events
    assert [(e.location, e.admin1, e.country) for e in events] == [("Kaluga", "Kaluga", "Russia")]


@pytest.mark.parametrize("published, text, where", [
    # the record names the county "Embu": a note may write its level word after it
    ("2021-05", "Around 4 May 2021 (as reported), a group of rice farmers from Kangai (Mbeere South, Embu County), stormed the "
     "offices of the local mill to protest over unpaid dues.", ("Kangai", "Embu", "Kenya")),
    # the region given as the place's area gives way to the place for an event with no place of its own
    ("2019-08", "On 16 August 2019, the opening of a clinic at Ajumako, Central Region, turned chaotic when NPP and NDC "
     "supporters clashed throwing stones at each other.", ("Ajumako", "Central", "Ghana")),
])
def test_an_area_written_with_its_level_word(engine_builtin, published, text, where):
    from conflictwatch.models import Report

    events = engine_builtin.extract(Report(id="t", text=text, published=published)).events
    assert [(e.location, e.admin1, e.country) for e in events] == [where]


def test_a_site_inside_a_town_given_with_its_areas_is_placed_at_the_town(engine_builtin):
    """'at Bergfeld Park in Tyler (Texas)': the town given with its admin areas is the coded place,
    not the park inside it."""
    from conflictwatch.models import Report

    text = "On 5 June 2020, about 200 people gathered at Bergfeld Park in Tyler (Texas) to demand police reform."
    events = engine_builtin.extract(Report(id="t", text=text, published="2020-06")).events
    assert [(e.location, e.admin1, e.geo_precision) for e in events] == [("Tyler", "Texas", 1)]


@pytest.mark.parametrize("text, where", [
    # a bracket that names a country and a province of another: the province, where the town is
    ("On 29 August 2020, community members gathered in Macon (Georgia) to call for unity.",
     ("Macon", "Georgia", "United States")),
    # the country, where the town is
    ("On 29 August 2020, community members gathered in Batumi (Georgia) to call for unity.",
     ("Batumi", "Autonomous Republic of Adjara", "Georgia")),
])
def test_a_bracket_naming_a_country_and_a_province(engine_builtin, text, where):
    from conflictwatch.models import Report

    events = engine_builtin.extract(Report(id="t", text=text, published="2020-08")).events
    assert [(e.location, e.admin1, e.country) for e in events] == [where]


def test_a_site_the_gazetteer_does_not_know_gives_way_to_the_town_named_with_it(engine_builtin):
    from conflictwatch.models import Report

    text = ("On 5 January 2022, unemployed graduates staged a protest in front of the Fort railway station in "
            "Colombo city, demanding jobs.")
    events = engine_builtin.extract(Report(id="t", text=text, published="2022-01")).events
    assert [(e.location, e.country, e.actor1) for e in events] == [("Colombo", "Sri Lanka", "Protesters (Sri Lanka)")]
