"""Words around a place's name, places written inside larger ones, names that hold their areas, and
names the record knows where the NER saw something else. Sentences and record rows are invented; the
towns are real ones of the built-in data."""

from __future__ import annotations

import pytest

from conflictwatch.geo import GeoContext, Geocoder, PlaceMention
from conflictwatch.geo.gazetteer import admin_areas_after, strip_place_words
from conflictwatch.learn.places import PlaceModel

from .coded_places import ROWS, model, nlp, row  # noqa: F401 (model, nlp: fixtures)


@pytest.fixture(scope="module")
def world(tmp_path_factory) -> Geocoder:
    return Geocoder(tmp_path_factory.mktemp("gaz-words") / "gazetteer.sqlite")


def gpes(nlp, text):
    return [e.text for e in nlp(text).ents if e.label_ == "GPE"]


def ctx(*mentions):
    return GeoContext(mentions=[PlaceMention(**m) for m in mentions])


@pytest.mark.parametrize("norm,base", [
    ("khulna city", "khulna"), ("gokarnapur village", "gokarnapur"), ("al burayj refugee camp", "al burayj"),
    ("downtown martin", "martin"), ("barangay topas proper", "topas proper"), ("gao", None),
])
def test_words_around_a_name_are_no_part_of_it(norm, base):
    assert strip_place_words(norm) == base


@pytest.mark.parametrize("text,areas", [
    ("the State Capitol in Harrisburg (Pennsylvania) to call for", ["Harrisburg", "Pennsylvania"]),
    ("the library in downtown Martin (Tennessee) in support", ["Martin", "Tennessee"]),
    ("Mount Vernon, Ohio in support of the movement", ["Ohio"]),
    ("Naga, Cebu on 13 May 2017", ["Cebu"]),
    ("Gao in March, a spokesman said", []),          # a month is no place
    ("Kabul, Taliban attacked", []),                  # still no area
])
def test_areas_after_a_name(text, areas):
    name = text.split(" in ")[0].split(",")[0]
    assert admin_areas_after(text, len(name)) == areas


def test_a_name_with_a_place_word_is_found_without_it(world):
    p = world.resolve("Kharkiv city")
    assert (p.iso, p.admin1, p.geo_precision) == ("UA", "Kharkiv", 1)


def test_a_name_that_holds_its_area_is_split(world):
    p = world.resolve("Kramatorsk, Donetsk")
    assert p.iso == "UA" and p.location == "Kramatorsk" and p.admin1 == "Donetsk"
    # a district written after its city, as the record names them: the city's area
    d = world.resolve("Kharkiv - Nowhereville")
    assert d.iso == "UA" and d.admin1 == "Kharkiv" and d.source == "fallback"


def test_a_place_inside_a_larger_one_takes_its_area(world):
    c = ctx({"text": "the State Capitol", "kind": "place", "within": ["Harrisburg"]},
            {"text": "Harrisburg", "kind": "place", "within": ["Pennsylvania"]},
            {"text": "Pennsylvania", "kind": "place"})
    p = world.resolve("the State Capitol", c)
    assert p.iso == "US" and p.admin1 == "Pennsylvania" and p.location == "the State Capitol"
    assert p.latitude is not None and abs(p.latitude - 40.27) < 0.2


def test_a_spelling_match_outside_the_admin_area_given_is_dropped(world):
    # "Kharkov" is a spelling of Kharkiv, in Ukraine; given inside Poltava, it is another place
    c = ctx({"text": "Kharkovka", "kind": "place", "within": ["Poltava"]})
    p = world.resolve("Kharkovka", c)
    assert p.admin1 == "Poltava" and p.source == "fallback"


def test_a_known_name_before_its_area_is_a_place_after_any_verb(nlp):
    found = gpes(nlp, "On 2 May 2021, soldiers shelled Dar Kebir, Zarqa Alta as a result of which a house burned.")
    assert "Dar Kebir" in found and "Zarqa Alta" in found
    # an unknown name before an open-ended comma item is not read
    assert "Qarya Nueva" not in gpes(nlp, "On 2 May 2021, soldiers shelled Qarya Nueva, Zarqa Alta as a result.")


def test_a_known_name_after_a_modifier_is_a_place(nlp):
    assert "Dar Kebir" in gpes(nlp, "On 2 May 2021, teachers marched in central Dar Kebir against the reform.")


def test_a_note_with_no_country_places_an_event_at_its_place_with_areas(model, tmp_path):
    from conflictwatch.engine import Engine
    from conflictwatch.learn.model import CodedModel
    from conflictwatch.models import Report

    geo = Geocoder(tmp_path / "gazetteer.sqlite")
    eng = Engine(geocoder=geo, coded=CodedModel(components={"places": model}))
    text = ("On 2 May 2021, an IED exploded while militants were travelling on a motorcycle in Bir an Nakhla "
            "area (Dar Kebir, Wadi Zarqa). Casualties unknown.")
    ev = eng.extract(Report(id="n", text=text)).events[0]
    assert (ev.iso, ev.admin1) == ("ML", "Wadi Zarqa")
    geo.close()


def test_a_place_the_record_codes_often_holds_outside_the_reports_countries(tmp_path):
    often = PlaceModel()
    often.fit([row("Dar Kebir", "Mali", "MLI", 15.2, -2.1, "Wadi Zarqa", "Dar Kebir")] * 30
              + [row("Zarqa Alta", "Mali", "MLI", 15.4, -2.3, "Zarqa Alta", "Zarqa Alta")] * 3)
    geo = Geocoder(tmp_path / "gazetteer.sqlite")
    geo.use_record(often)
    clue = {"text": "Saudi Arabia", "kind": "country", "start": 60, "end": 72}  # "Saudi Arabia's decision"
    # coded 30 times: still the record's place when the report names another country
    p = geo.resolve("Dar Kebir", ctx(clue, {"text": "Dar Kebir", "kind": "place"}))
    assert (p.iso, p.admin1, p.source) == ("ML", "Wadi Zarqa", "acled")
    # coded 3 times: no stronger than a village: not placed outside the country the report names
    q = geo.resolve("Zarqa Alta", ctx(clue, {"text": "Zarqa Alta", "kind": "place"}))
    assert q.iso == "SA" and q.source == "fallback"
    geo.close()


def test_a_name_before_its_bracket_is_read_across_the_words_around_it(nlp):
    found = gpes(nlp, "On 2 May 2021, retirees protested in Qasr Jadid city (Dar Kebir, Wadi Zarqa).")
    assert "Qasr Jadid" in found and "Wadi Zarqa" in found


def test_a_known_name_struck_or_attacked_is_a_place(nlp):
    """Where the NER reads a name the record codes as a place for an organisation: its object place
    after "on" ("air strikes on Dar Kebir") or as a verb's object ("gunmen attacked Dar Kebir")."""
    for text in ("On 2 May 2021, warplanes carried out air strikes on Dar Kebir.",
                 "On 2 May 2021, gunmen attacked Dar Kebir."):
        assert "Dar Kebir" in gpes(nlp, text), text
    # a name the record does not know stays what the NER read
    assert "Qarya Nueva" not in gpes(nlp, "On 2 May 2021, gunmen attacked Qarya Nueva.")


@pytest.mark.parametrize("text,name,areas", [
    ("struck houses near Hamdan hall in Al Junainah (Rafah, Gaza Strip), leaving", "Hamdan",
     ["Al Junainah", "Rafah", "Gaza Strip"]),
    ("staged a protest at Nilkhet intersection at Dhaka city, seeking", "Nilkhet", ["Dhaka"]),
    ("struck a home on Al Sanaa street in Gaza City, killing", "Al Sanaa", ["Gaza City"]),
])
def test_a_named_site_inside_a_place_takes_its_areas(text, name, areas):
    """A site named before its kind ("Hamdan hall", "Nilkhet intersection") written inside a place."""
    assert admin_areas_after(text, text.index(name) + len(name)) == areas
