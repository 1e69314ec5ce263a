"""Tense: which verbs tell of something that happened.

Headlines and telegraphic notes tell past events in the simple present ("Gunmen kill four traders");
a news body's present tense is habitual or ongoing. A participle with a subject and no auxiliary is
a mis-tagged finite past. Short reports written for these tests, run through the whole engine.
"""

from __future__ import annotations

import datetime as dt

import pytest

from conflictwatch.models import Report


@pytest.fixture(scope="module")
def engine(builtin_geocoder):
    from conflictwatch.engine import Engine

    return Engine(geocoder=builtin_geocoder)


def events(engine, text: str, published: str = "2021-05-10"):
    return engine.extract(Report(id="t", text=text, published=published)).events


def test_a_participle_with_a_subject_is_a_finite_past(engine):
    evs = events(engine, "On 2 May 2021, about 200 teachers protested in Nakuru to demand unpaid salaries.")
    assert [(e.sub_event_type, e.date_start, e.location) for e in evs] == [("Peaceful protest", dt.date(2021, 5, 2), "Nakuru")]


def test_a_telegraphic_note_in_the_present(engine):
    evs = events(engine, "Gunmen kill four traders in Mandera.")
    assert len(evs) == 1
    assert (evs[0].fatalities_low, evs[0].location) == (4, "Mandera")


def test_a_headline_then_the_story_is_one_event(engine):
    text = ("Gunmen kill four traders in Mandera\n"
            "Gunmen killed four traders in Mandera on Saturday, police said.")
    evs = events(engine, text)
    assert len(evs) == 1
    assert (evs[0].fatalities_low, evs[0].date_start) == (4, dt.date(2021, 5, 8))


def test_a_news_body_in_the_present_is_no_event(engine):
    text = "Militants attack villages in the region every dry season. On Monday, they killed 5 people in Gao."
    evs = events(engine, text)
    assert [(e.fatalities_low, e.date_start) for e in evs] == [(5, dt.date(2021, 5, 10))]


# --- counts and grievances, in the same plain style ------------------------------------------------


def test_the_dead_counted_by_any_event(engine):
    """'Four dead', 'one fatality': dead nouns count the killed whatever the verb ("struck")."""
    evs = events(engine, "On 2 May 2021, aircraft struck a house in Gao, resulting in four dead and several injured.")
    assert [e.fatalities_low for e in evs] == [4]
    evs = events(engine, "On 2 May 2021, aircraft struck a house in Gao, leaving one fatality.")
    assert [e.fatalities_low for e in evs] == [1]


def test_a_singular_suspect_is_one(engine):
    evs = events(engine, "On 2 May 2021, a robbery suspect was killed during a police raid in Nakuru.")
    assert [e.fatalities_low for e in evs] == [1]


def test_a_protest_against_a_death_has_no_dead(engine):
    """The grievance of a protest is told, not a new event: 'against ... the death of X'."""
    evs = events(engine, "On 2 May 2021, residents protested in Nakuru against police brutality and the death of a trader.")
    assert [(e.sub_event_type, e.fatalities_low) for e in evs] == [("Peaceful protest", None)]
    evs = events(engine, "On 2 May 2021, residents marched in Gao to denounce the killing of a teacher.")
    assert [(e.sub_event_type, e.fatalities_low) for e in evs] == [("Peaceful protest", None)]


def test_a_trend_is_a_summary_only_when_it_is_the_violences(engine):
    """'Attacks have increased' sums violence up; 'increasing power outages' is a grievance's trend."""
    evs = events(engine, "On 2 May 2021, residents protested in Nakuru against increasing power outages.")
    assert [e.sub_event_type for e in evs] == ["Peaceful protest"]
    assert events(engine, "Attacks on civilians have increased in the region, killing 40 people this month.") == []


def test_a_statement_condemning_a_killing_keeps_its_figure(engine):
    """Outside a demonstration, 'condemned the killing of 100' tells the killing and its toll."""
    evs = events(engine, "On 2 May 2021, the government condemned the killing of at least 100 civilians in Gao.")
    assert [e.fatalities_low for e in evs] == [100]


def test_the_actor_of_the_event_noun_a_death_happened_in_is_the_perpetrator(engine):
    evs = events(engine, "On 2 May 2021, a robbery suspect was killed during a police raid in Nakuru, Kenya.")
    assert [(e.actor1 or "").startswith("Police Forces of Kenya") for e in evs] == [True]
    assert [e.fatalities_low for e in evs] == [1]


# --- the sentence's verb read as a reduced relative (conflictwatch.predicates) ----------------------


def _parsed(nlp, words, heads, deps, tags, pos, lemmas):
    from spacy.tokens import Doc

    return Doc(nlp.vocab, words=words, heads=heads, deps=deps, tags=tags, pos=pos, lemmas=lemmas)


def test_an_intransitive_participle_under_a_noun_root_becomes_the_verb():
    from conflictwatch.lexicon import load_lexicon
    from conflictwatch.predicates import PredicateRepair
    import spacy

    nlp = spacy.blank("en")
    # "On 8 June, defenders protested in Detroit ." as the small parser reads it: the noun is the root
    doc = _parsed(nlp, ["On", "8", "June", ",", "defenders", "protested", "in", "Detroit", "."],
                  heads=[4, 2, 0, 4, 4, 4, 5, 6, 4],
                  deps=["prep", "nummod", "pobj", "punct", "ROOT", "acl", "prep", "pobj", "punct"],
                  tags=["IN", "CD", "NNP", ",", "NNS", "VBN", "IN", "NNP", "."],
                  pos=["ADP", "NUM", "PROPN", "PUNCT", "NOUN", "VERB", "ADP", "PROPN", "PUNCT"],
                  lemmas=["on", "8", "June", ",", "defender", "protest", "in", "Detroit", "."])
    PredicateRepair(load_lexicon("en"))(doc)
    assert [(t.text, t.dep_, t.head.text) for t in doc if t.dep_ in ("ROOT", "nsubj")] == [
        ("defenders", "nsubj", "protested"), ("protested", "ROOT", "protested")]
    assert doc[5].tag_ == "VBD"
    assert {t.text for t in doc[5].children} == {"On", ",", "defenders", "in", "."}


def test_a_passive_participle_keeps_its_reduced_relative():
    from conflictwatch.lexicon import load_lexicon
    from conflictwatch.predicates import PredicateRepair
    import spacy

    nlp = spacy.blank("en")
    # "97 civilians killed in Tamalat": "kill" takes an object and has none: passive, a noun phrase
    doc = _parsed(nlp, ["97", "civilians", "killed", "in", "Tamalat"],
                  heads=[1, 1, 1, 2, 3], deps=["nummod", "ROOT", "acl", "prep", "pobj"],
                  tags=["CD", "NNS", "VBN", "IN", "NNP"], pos=["NUM", "NOUN", "VERB", "ADP", "PROPN"],
                  lemmas=["97", "civilian", "kill", "in", "Tamalat"])
    PredicateRepair(load_lexicon("en"))(doc)
    assert (doc[1].dep_, doc[2].dep_, doc[2].head.i) == ("ROOT", "acl", 1)


def test_a_dated_protest_the_parser_reads_as_a_noun_phrase(engine):
    evs = events(engine, "On 8 June 2020, over 100 public defenders protested in Detroit (Michigan) against racial "
                         "inequality in the justice system.", published="2020-06")
    assert [(e.sub_event_type, e.date_start) for e in evs] == [("Peaceful protest", dt.date(2020, 6, 8))]


def test_a_present_passive_in_a_telegraphic_note(engine):
    evs = events(engine, "A cleric is murdered in Mandera.")
    assert [(e.event_type, e.location) for e in evs] == [("Violence against civilians", "Mandera")]


def test_a_news_body_present_passive_is_no_event(engine):
    text = "Villages are attacked in the region every dry season. On Monday, gunmen killed 5 people in Gao."
    assert [e.fatalities_low for e in events(engine, text)] == [5]


def test_taking_part_in_the_protest_tells_it(engine):
    evs = events(engine, "On 2 May 2021, about 50 teachers participated in the nationwide protest in Nakuru.")
    assert [(e.sub_event_type, e.date_start) for e in evs] == [("Peaceful protest", dt.date(2021, 5, 2))]
    evs = events(engine, "On 2 May 2021, about 50 teachers staged a sit-in in Nakuru.")
    assert [e.sub_event_type for e in evs] == ["Peaceful protest"]


def test_firing_weapons_at_positions_is_a_clash(engine):
    evs = events(engine, "On 2 May 2021, rebels fired small arms at army positions near Gao.")
    assert [e.sub_event_type for e in evs] == ["Armed clash"]
    assert events(engine, "On 2 May 2021, the governor fired the minister in Gao.") == []


def test_a_present_dated_to_a_day_is_what_happened_that_day(engine):
    """Old coded notes tell a dated event in the present of headlines, with a past participle after
    it ("Three deaths reported."): the text is not telegraphic throughout, the date says it happened."""
    evs = events(engine, "Al Shabaab targets police with an IED in Lamu on 13/07. Three deaths reported.",
                 published="2015-07")
    assert [(e.sub_event_type, e.date_start, e.location, e.fatalities_best) for e in evs] == [
        ("Remote explosive/landmine/IED", dt.date(2015, 7, 13), "Lamu", 3)]


def test_an_undated_present_in_a_news_body_is_no_event(engine):
    evs = events(engine, "On 2 May 2021, gunmen killed two herders near Garissa. Armed groups target herders "
                         "in the county every dry season.")
    assert [(e.date_start, e.fatalities_best) for e in evs] == [(dt.date(2021, 5, 2), 2)]


@pytest.mark.parametrize("text", [
    "On 13 July 2015, Al Shabaab attacked police with an IED in Lamu, killing three.",
    "On 13 July 2015, Al Shabaab targeted police with an IED in Lamu. Three deaths were reported.",
])
def test_the_dead_of_a_bombing_told_after_it(engine, text):
    evs = events(engine, text, published="2015-07")
    assert [(e.sub_event_type, e.actor1, e.fatalities_best) for e in evs] == [
        ("Remote explosive/landmine/IED", "Al Shabaab", 3)]


def test_a_note_that_opens_in_the_present_tells_what_happened(engine):
    """The present of a note's opening clause (its subject, verb and object) tells the event even
    when a later sentence is in the past."""
    text = "Somali gunmen kill two herders in Garissa. Security forces later launched a sweep of the area."
    assert [(e.location, e.fatalities_best) for e in events(engine, text)] == [("Garissa", 2)]
    # not a present in a news body's later sentence
    text = "On 2 May 2021, gunmen killed two herders in Garissa. Gunmen kill herders in the county every year."
    assert [(e.location, e.fatalities_best) for e in events(engine, text)] == [("Garissa", 2)]


@pytest.mark.parametrize("text", [
    "On 3 May 2021, rebels used small arms to fire upon army positions near Berezove.",
    "On 3 May 2021, gunmen managed to kill two guards at the depot in Garissa.",
])
def test_the_infinitive_of_an_implicative_verb_happened(engine, text):
    assert len(events(engine, text)) == 1


@pytest.mark.parametrize("text", [
    "On 3 May 2021, rebels tried to kill two guards at the depot in Garissa.",
    "On 3 May 2021, rebels threatened to fire upon army positions near Garissa.",
])
def test_the_infinitive_of_an_attempt_or_a_threat_did_not_happen(engine, text):
    assert events(engine, text) == []


def test_a_root_infinitive_after_a_subjects_participle_is_the_event(engine):
    got = events(engine, "On 2 March 2021, some 80 students assembled at York High School in York (Maine) to "
                         "protest against the school board over its decision to cancel the football season.")
    assert [e.sub_event_type for e in got] == ["Peaceful protest"]


@pytest.mark.parametrize("text", [
    "On 3 May 2021, residents of Garissa said they feared attacks from Al Shabaab.",
    "On 3 May 2021, the police in Garissa warned of attacks by Al Shabaab.",
])
def test_an_event_feared_or_warned_of_did_not_happen(engine, text):
    assert events(engine, text) == []


def test_an_abbreviation_ends_no_sentence(engine):
    got = events(engine, "Ca. 300 residents protested in Nakuru on 3 May 2021 against insecurity.")
    assert [(e.sub_event_type, e.location) for e in got] == [("Peaceful protest", "Nakuru")]
