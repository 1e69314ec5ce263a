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
