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
