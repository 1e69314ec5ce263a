"""Place names read whole where the NER or a rule took a part of them: a province's name with a
particle ("Davao del Sur province"), a name the record codes that holds the NER's place ("New
Mexico", not "Mexico"), a name particle taken for the place ("As Shaab", not "As"), and no place
made of a sentence's first word ("The State ... Association"). Rows and sentences invented."""

from __future__ import annotations

import pytest

from .coded_places import model, nlp, row  # noqa: F401 (model, nlp: fixtures)

ROWS = [
    row("Barrio Nuevo", "Philippines", "PHL", 7.0, 125.5, "Davao Region", "Davao del Sur"),
    row("Albuquerque", "United States", "USA", 35.08, -106.65, "New Mexico", "Bernalillo"),
    row("As", "Belgium", "BEL", 51.0, 5.58, "Flanders", "Limburg"),  # a town named like the particle
    row("Ta'izz - Qalaba (Inside)", "Yemen", "YEM", 13.58, 44.02, "Taizz", "Salh"),
    row("Port-Bonheur - Rue 19/Makandal", "Haiti", "HTI", 18.54, -72.3, "Ouest", "Port-Bonheur"),
    row("Port-Bonheur", "Haiti", "HTI", 18.55, -72.31, "Ouest", "Port-Bonheur", prec="1"),
    row("Ceel Dhagax", "Somalia", "SOM", 4.7, 45.2, "Hiraan", "Buloburto"),
]


def gpes(nlp, text):
    return [e.text for e in nlp(text).ents if e.label_ == "GPE"]


@pytest.mark.parametrize("text, place", [
    ("Two men were killed in a raid at Barrio Nuevo, Davao del Sur province on 27 August.", "Davao del Sur"),
    ("Police arrested two men in Bayan de Oro province on Monday.", "Bayan de Oro"),
])
def test_a_province_name_with_a_particle_is_whole(nlp, text, place):
    assert place in gpes(nlp, text)


def test_a_name_the_record_codes_holds_the_ners_place(nlp):
    found = gpes(nlp, "About 30 people rallied in Albuquerque, New Mexico on Sunday.")
    assert "New Mexico" in found and "Mexico" not in found


def test_a_name_particle_is_no_place_on_its_own(nlp):
    found = gpes(nlp, "On 2 May 2020, forces fired machine guns at As Shaab area of Hudaydah city.")
    assert "As" not in found and "As Shaab" in found


def test_the_first_word_of_a_sentence_is_no_place_before_state(nlp):
    assert "The" not in gpes(nlp, "The State Pharmacists' Association staged a protest in Colombo.")
    assert "Borno" in gpes(nlp, "Gunmen attacked a village in Borno State on Monday.")


@pytest.mark.parametrize("text, place", [
    ("On 2 May 2022, a sniper shot a man in Ta'izz - Qalaba (Inside) (Salh).", "Ta'izz - Qalaba (Inside)"),
    ("On 2 May 2022, in Port-Bonheur - Rue 19/Makandal, Ouest, police clashed with a gang.",
     "Port-Bonheur - Rue 19/Makandal"),
])
def test_a_coded_name_after_a_preposition_is_read_whole_whatever_the_ner_made_of_it(nlp, text, place):
    assert place in gpes(nlp, text)


def test_a_coded_name_is_not_cut_from_a_longer_name(nlp):
    found = gpes(nlp, "On 2 May 2022, troops clashed with militants in Ceel Dhagax Weyn village near Buloburto.")
    assert "Ceel Dhagax" not in found


def test_a_country_that_names_a_site_is_not_where_it_happened(engine):
    from conflictwatch.extract import ActorIndex, ClauseExtractor

    reader = engine.reader("en")
    doc = reader.nlp("On 9 March 2024, soldiers fired at people waiting at the Kuwait roundabout in Gaza City.")
    clauses = ClauseExtractor(reader.lex, ActorIndex(doc, reader.lex, reader.actor_book), doc)
    names = [m.text for m in engine.place_mentions(doc, clauses)]
    assert "Kuwait" not in names and "Gaza City" in names
    doc = reader.nlp("On 9 March 2024, soldiers fired at people waiting in Kuwait near a roundabout.")
    clauses = ClauseExtractor(reader.lex, ActorIndex(doc, reader.lex, reader.actor_book), doc)
    assert "Kuwait" in [m.text for m in engine.place_mentions(doc, clauses)]


def test_a_coded_name_known_whole_lies_in_its_citys_country_whatever_country_the_report_names(model, tmp_path):
    from conflictwatch.geo import GeoContext, Geocoder, PlaceMention

    geo = Geocoder(tmp_path / "gazetteer.sqlite")
    geo.use_record(model)
    name = "Port-Bonheur - Rue 19/Makandal"
    context = GeoContext(mentions=[PlaceMention(text=name, kind="place", start=10, end=40),
                                   PlaceMention(text="Israel", kind="country", start=60, end=66)])
    p = geo.resolve(name, context)
    assert (p.iso, p.admin1) == ("HT", "Ouest")
    geo.close()
