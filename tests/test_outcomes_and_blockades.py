"""Words the codebook reads as events that the engine missed: people blocking roads (a protest),
barricades (a violent demonstration), a parade people take part in, firing aimed at positions or
forces, and people wounded when nothing else is told. Wounded people told with another event are
that event's outcome, not an event of their own. Reports invented here."""

from __future__ import annotations

import pytest

from conflictwatch.lexicon import Trigger, TriggersFile
from conflictwatch.models import Report


@pytest.fixture(scope="module")
def engine(builtin_geocoder):
    from conflictwatch.engine import Engine

    return Engine(geocoder=builtin_geocoder)


def events(engine, text):
    return engine.extract(Report(id="t", text=text, published="2022-05-10")).events


def subtypes(engine, text):
    return [e.sub_event_type for e in events(engine, text)]


@pytest.mark.parametrize("text", [
    "On 3 May 2022, teachers blocked the main avenue in Nairobi to demand their salary arrears.",
    "On 3 May 2022, residents of the district blocked roads in Kisumu, demanding electricity.",
    "On 3 May 2022, traders blockaded the access to the market in Mombasa over new taxes.",
])
def test_people_blocking_a_road_protest(engine, text):
    assert subtypes(engine, text) == ["Peaceful protest"]


def test_blocking_no_road_is_no_protest(engine):
    """Only a way, a bridge or an entrance blocked is a demonstration: not a transfer or a plan."""
    assert subtypes(engine, "On 3 May 2022, the court blocked the transfer of the land in Nairobi.") == []


def test_barricades_are_a_violent_demonstration(engine):
    assert subtypes(engine, "On 3 May 2022, youths erected barricades with burning tyres in Kisumu.") == [
        "Violent demonstration"]


def test_a_parade_people_take_part_in_is_a_protest(engine):
    got = subtypes(engine, "On 3 May 2022, about 200 people participated in a boat parade in Mombasa "
                           "to show support for the governor.")
    assert got == ["Peaceful protest"]


def test_firing_aimed_at_positions_is_a_battle(engine):
    got = events(engine, "On 3 May 2022, Al Shabaab militants fired with unspecified weapons on the positions "
                         "of the Somali army near Afgoye.")
    assert [(e.sub_event_type, e.actor1) for e in got] == [("Armed clash", "Al Shabaab")]
    assert got[0].actor2.startswith("Military Forces of Somalia")


def test_firing_a_minister_is_no_event(engine):
    assert subtypes(engine, "On 3 May 2022, the president fired the minister of defence in Nairobi.") == []


def test_people_wounded_with_nothing_else_told_are_an_attack(engine):
    got = events(engine, "On 3 May 2022, a sniper shot and injured a civilian in Afgoye.")
    assert [(e.sub_event_type, e.fatalities_low) for e in got] == [("Attack", None)]


def test_soldiers_wounded_with_nothing_else_told_are_a_battle(engine):
    got = events(engine, "On 3 May 2022, two soldiers were wounded by gunfire near Afgoye.")
    assert [e.sub_event_type for e in got] == ["Armed clash"]


def test_people_wounded_after_an_event_are_its_outcome(engine):
    got = events(engine, "On 3 May 2022, gunmen attacked the village of Afgoye, killing three herders. "
                         "Two other people were injured.")
    assert [(e.sub_event_type, e.fatalities_low) for e in got] == [("Attack", 3)]


def test_people_wounded_in_the_sentence_of_an_event_are_its_outcome(engine):
    got = events(engine, "On 3 May 2022, the air strikes on the militants' positions near Afgoye left "
                         "scores of fighters dead and wounded.")
    assert "Armed clash" not in [e.sub_event_type for e in got]


def test_a_toll_with_its_wounded_keeps_its_dead(engine):
    got = events(engine, "Gunmen killed villagers in Afgoye on 3 May 2022. An earlier toll had put the dead "
                         "at 38, while a government toll stood at 32 dead and around 40 wounded.")
    assert len(got) == 1
    killed = {(f.killed_low, f.killed_high) for f in got[0].figures}
    assert (32, 32) in killed and (38, 38) in killed


def test_targets_apply_to_single_words_only():
    with pytest.raises(ValueError, match="objects/subjects only apply"):
        TriggersFile(triggers=(Trigger(phrases=("open fire",), targets=("position",),
                                       sub_event_type="Armed clash"),))
