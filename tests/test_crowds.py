"""ACLED's codebook for demonstrations: the crowd is actor1 ("Protesters (Kenya)"), the organisations
that lead it are associated actors, the state forces that intervene actor2. Reports written here."""

from __future__ import annotations

import pytest

from conflictwatch.models import Report


@pytest.fixture(scope="module")
def engine(builtin_geocoder):
    from conflictwatch.engine import Engine

    return Engine(geocoder=builtin_geocoder)


def actors(engine, text):
    return [(e.sub_event_type, e.actor1, e.assoc_actor_1, e.actor2, e.inter1)
            for e in engine.extract(Report(id="t", text=text, published="2021-05-10")).events]


def test_a_named_organisation_is_associated_with_the_crowd(engine):
    """Black Lives Matter is an actor of the shipped model (learned from the coded record)."""
    got = actors(engine, "On 2 May 2021, supporters of Black Lives Matter protested in Seattle against police brutality.")
    assert got == [("Peaceful protest", "Protesters (United States)", "BLM: Black Lives Matter", None, 6)]


def test_the_police_who_intervene_are_actor2(engine):
    got = actors(engine, "On 2 May 2021, police dispersed protesters with tear gas in Nairobi.")
    assert [(a[0], a[1]) for a in got] == [("Protest with intervention", "Protesters (Kenya)")]
    assert got[0][3] is not None and got[0][3].startswith("Police Forces of Kenya")


def test_rioters(engine):
    got = actors(engine, "On 2 May 2021, rioters burned a police station in Kisumu.")
    assert [(a[0], a[1], a[4]) for a in got] == [("Violent demonstration", "Rioters (Kenya)", 5)]


def _retyped(engine, old, new, actor1, inter1, actor2=None, inter2=None, assoc=None):
    from conflictwatch.models import Event
    from conflictwatch.taxonomy import event_type_of

    e = Event(id="e", document_id="d", event_type=event_type_of(new), sub_event_type=new, actor1=actor1, inter1=inter1, actor2=actor2,
              inter2=inter2, assoc_actor_1=assoc, country="Kenya", iso="KE")
    engine.resolver.retyped(e, old)
    return e.actor1, e.assoc_actor_1, e.actor2


def test_a_demonstration_retyped_by_the_classifier_has_its_crowd_as_actor1(engine):
    """The classifier reads 'police broke up the sit-in' as a protest after the rules saw an arrest."""
    got = _retyped(engine, "Arrests", "Protest with intervention", "Police Forces of Kenya (2013-)", 1)
    assert got == ("Protesters (Kenya)", None, "Police Forces of Kenya (2013-)")
    got = _retyped(engine, "Attack", "Mob violence", "Unidentified Armed Group (Kenya)", 3, "Civilians (Kenya)", 7)
    assert got == ("Rioters (Kenya)", None, "Civilians (Kenya)")
    got = _retyped(engine, "Attack", "Peaceful protest", "Orange Democratic Movement", None)
    assert got == ("Protesters (Kenya)", "Orange Democratic Movement", None)


def test_a_crowd_is_no_perpetrator_outside_demonstrations(engine):
    got = _retyped(engine, "Peaceful protest", "Arrests", "Protesters (Kenya)", 6, "Police Forces of Kenya (2013-)", 1)
    assert got == ("Police Forces of Kenya (2013-)", None, "Protesters (Kenya)")
    got = _retyped(engine, "Attack", "Excessive force against protesters", "Police Forces of Kenya (2013-)", 1)
    assert got == ("Protesters (Kenya)", None, "Police Forces of Kenya (2013-)")  # as the coded record names them
    got = _retyped(engine, "Mob violence", "Attack", "Rioters (Kenya)", 5, "Civilians (Kenya)", 7)
    assert got == ("Unidentified Armed Group (Kenya)", None, "Civilians (Kenya)")


def test_a_demonstration_that_turns_violent_is_one_violent_demonstration(engine):
    """The next sentence tells what the crowd did, with no time or place of its own: the same
    demonstration, now the highest sub-type of the demonstration ladder (context.yaml)."""
    got = actors(engine, "On 2 May 2021, several students demonstrated against the arrest of their teacher in Nakuru. "
                         "Students pelted stones at police officers who fired into the air.")
    assert [(s, a1, a2) for s, a1, _, a2, _ in got] == [
        ("Violent demonstration", "Rioters (Kenya)", "Police Forces of Kenya (2013-)")]


def test_a_new_demonstration_elsewhere_stays_apart(engine):
    got = actors(engine, "On 2 May 2021, students demonstrated in Nakuru. "
                         "On 4 May 2021, traders rioted and burned shops in Mombasa.")
    assert [s for s, *_ in got] == ["Peaceful protest", "Violent demonstration"]


def test_a_crowd_destroying_property_is_mob_violence(engine):
    got = actors(engine, "On 2 May 2021, angry residents destroyed property and looted a clinic in Nakuru.")
    assert [(s, a1) for s, a1, *_ in got] == [("Mob violence", "Rioters (Kenya)")]
    got = actors(engine, "On 2 May 2021, gunmen looted a clinic in Nakuru.")
    assert [s for s, *_ in got] == ["Looting/property destruction"]


def test_rioters_named_in_the_next_sentence_make_the_demonstration_violent(engine):
    """"Rioters smashed windows" says who acted (the trigger is the subject of the deed), so it is an
    event of the demonstration told before, which it makes violent; "No arrests reported" is none."""
    got = actors(engine, "On 2 May 2021, about a hundred people demonstrated in Nakuru against police brutality. "
                         "Rioters smashed windows of several shops. No arrests reported.")
    assert [(s, a1) for s, a1, *_ in got] == [("Violent demonstration", "Rioters (Kenya)")]


def test_a_local_branch_of_a_group_is_the_records_branch(engine):
    """The record codes Myanmar's local People's Defense Forces as "People's Defense Force - <place>";
    notes write the place before the acronym, or before the group's name (a branch the record does
    not code stays as written)."""
    got = actors(engine, "On 28 December 2021, in Kyaung Kone village (Indaw township, Sagaing region), Indaw PDF "
                         "attacked a military convoy with mines, killing 10 soldiers.")
    assert [a1 for _, a1, *_ in got] == ["People's Defense Force - Indaw"]
    got = actors(engine, "On 19 November 2021, in Pauk town (Magway region), a telecom tower was bombed and destroyed "
                         "by Pauk People's Defense Forces.")
    assert [a1 for _, a1, *_ in got] == ["People's Defense Force - Pauk"]


def test_breaking_into_a_site_in_protest_is_a_violent_demonstration(engine):
    got = actors(engine, "On 2 May 2021, residents of Lodwar broke into an oil storage site in protest over insecurity.")
    assert [(s, a1) for s, a1, *_ in got] == [("Violent demonstration", "Rioters (Kenya)")]


def test_students_boycotting_classes_protest(engine):
    got = actors(engine, "On 2 May 2021, students boycotted classes at the university in Nakuru over fees.")
    assert [(s, a1) for s, a1, *_ in got] == [("Peaceful protest", "Protesters (Kenya)")]
    assert actors(engine, "On 2 May 2021, the union called for a boycott of classes in Nakuru.") == []


def test_people_gathered_though_the_parser_hangs_the_verb_on_them():
    """After a long opening the parser may read "around 60 people, ..., gathered in X" as a noun and
    its modifier (acl): the people still gathered, so the word is a protest trigger; troops did not."""
    from spacy.tokens import Doc
    from spacy.vocab import Vocab

    from conflictwatch.lexicon import Trigger
    from conflictwatch.nlp import Markers

    trig = Trigger(lemmas=("gather",), pos="VERB", subjects=("people", "protester"), sub_event_type="Peaceful protest")
    for noun, ok in (("people", True), ("troops", False)):
        words = ["around", "60", noun, ",", "gathered", "in", "Rennes"]
        doc = Doc(Vocab(), words=words, heads=[1, 2, 2, 2, 2, 4, 5], deps=["advmod", "nummod", "ROOT", "punct", "acl",
                                                                        "prep", "pobj"],
                  lemmas=["around", "60", noun.rstrip("s") if noun == "troops" else noun, ",", "gather", "in", "Rennes"])
        assert Markers._subjects_ok(doc[4], trig) is ok


def test_a_subjectless_past_verb_has_the_noun_before_it_for_subject():
    """The parser may make the opening "Between" the root of "Between 500 and 800 youths gathered in X",
    the noun its conjunct and the verb a modifier with no subject: the noun right before a
    subjectless past verb is its subject all the same (and troops gathering are no crowd)."""
    from spacy.tokens import Doc
    from spacy.vocab import Vocab

    from conflictwatch.lexicon import Trigger
    from conflictwatch.nlp import Markers

    trig = Trigger(lemmas=("gather",), pos="VERB", subjects=("youth",), sub_event_type="Peaceful protest")
    for noun, lemma, ok in (("youths", "youth", True), ("troops", "troop", False)):
        words = ["Between", "500", "and", "800", noun, "gathered", "in", "Kisumu"]
        doc = Doc(Vocab(), words=words, heads=[0, 0, 1, 4, 1, 0, 5, 6],
                  deps=["ROOT", "pobj", "cc", "nummod", "conj", "pcomp", "prep", "pobj"],
                  pos=["ADP", "NUM", "CCONJ", "NUM", "NOUN", "VERB", "ADP", "PROPN"],
                  tags=["IN", "CD", "CC", "CD", "NNS", "VBN", "IN", "NNP"],
                  lemmas=["between", "500", "and", "800", lemma, "gather", "in", "Kisumu"])
        assert Markers._subjects_ok(doc[5], trig) is ok
