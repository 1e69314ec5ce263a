"""Actors beyond the dictionaries and the record: names the text makes an armed group, militias named
after a people, state forces named by the event's country. Reports written here."""

from __future__ import annotations

import pytest

from conflictwatch.models import Report


@pytest.fixture(scope="module")
def engine(builtin_geocoder):
    from conflictwatch.engine import Engine

    return Engine(geocoder=builtin_geocoder)


@pytest.fixture(scope="module")
def rules_only(builtin_geocoder):
    from conflictwatch.engine import Engine

    return Engine(geocoder=builtin_geocoder, model_dir="none")  # the rules and dictionaries alone


def actors(engine, text):
    return [(e.actor1, e.inter1, e.actor2) for e in engine.extract(Report(id="t", text=text, published="2020-05-10")).events]


@pytest.mark.parametrize("which", ["engine", "rules_only"])
def test_a_name_before_armed_men_is_their_group(request, which):
    eng = request.getfixturevalue(which)
    got = actors(eng, "On 3 May 2020, Kandahar Front militants attacked a police post in Herat, killing 5 policemen.")
    assert [(a1, i1) for a1, i1, _ in got] == [("Kandahar Front", 2)]
    got = actors(eng, "On 4 May 2020, the Kandahar Front attacked a checkpoint in Herat, killing 3 soldiers.")
    assert [(a1, i1) for a1, i1, _ in got] == [("Kandahar Front", 3)]


def test_a_people_before_armed_men_is_not_a_group_name(engine):
    got = actors(engine, "On 2 June 2021, Muslim militants attacked a church in Kaduna.")
    assert [a1 for a1, _, _ in got] == ["Unidentified Armed Group (Nigeria)"]


def test_militias_named_after_a_people_take_the_events_country(engine):
    got = actors(engine, "On 5 May 2020, suspected Fulani militiamen killed 12 villagers in Bankass, Mopti.")
    assert got == [("Fulani Ethnic Militia (Mali)", 4, "Civilians (Mali)")]
    got = actors(engine, "On 6 May 2020, Dozos attacked a camp near Djenne, killing 4 herders.")
    assert [a1 for a1, _, _ in got] == ["Dozo Communal Militia (Mali)"]


def test_soldiers_are_the_army_of_the_events_country(engine):
    got = actors(engine, "On 4 May 2020, ISIS fighters killed 3 soldiers near Mosul.")
    assert len(got) == 1 and got[0][0] == "Islamic State (Iraq)"
    assert got[0][2].startswith("Military Forces of Iraq")  # not Turkey's, though it too fights in Iraq
    got = actors(engine, "On 3 May 2020, gunmen attacked a military camp in Gao, killing 4 soldiers.")
    assert got[0][0] == "Unidentified Armed Group (Mali)"  # "military" names the camp, not an actor


def test_a_name_ending_in_army_is_a_group_not_the_countrys_army(engine):
    got = actors(engine, "On 3 May 2020, the Brave Heart Army attacked a police post in Monywa, Myanmar.")
    # the record's group of that name, with the record's inter code (not Myanmar's army)
    assert [(a1, i1) for a1, i1, _ in got] == [("BHA: Brave Heart Army", 3)]
    got = actors(engine, "On 3 May 2020, the Zorbak Heart Army attacked a police post in Monywa, Myanmar.")
    assert [(a1, i1) for a1, i1, _ in got] == [("Zorbak Heart Army", 2)]  # a name the record lacks, as written
    got = actors(engine, "On 3 May 2020, the Malian Army attacked a jihadist camp in Gao.")
    assert [a1 for a1, _, _ in got] == ["Military Forces of Mali (2012-2020)"] or got[0][0].startswith("Military Forces of Mali")


def test_a_count_of_fighters_that_clashed_is_no_toll(engine):
    text = "On 5 May 2020, 60 New People's Army (NPA) clashed with the military in Monkayo, Davao de Oro."
    (e,) = engine.extract(Report(id="t", text=text, published="2020-05-10")).events
    assert e.fatalities_low is None
    assert {e.actor1, e.actor2} == {"NPA: New People's Army", "Military Forces of the Philippines (2016-)"}
