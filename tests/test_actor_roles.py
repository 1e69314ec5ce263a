"""Who acted (actor1), as English tells it: the agent of a passive killing named elsewhere in the
sentence. Reports written for these tests."""

from __future__ import annotations

from conflictwatch.ingest import report_from_text


def first(engine, text, published="2017-03"):
    events = engine.extract(report_from_text(text, origin="test", published=published)).events
    assert events, text
    e = events[0]
    return e.sub_event_type, e.actor1


def test_the_force_that_carried_out_the_operation_killed(engine):
    """'killed during a police operation': the operation's modifier is the agent (not only the
    event nouns the triggers list, 'a police raid')."""
    got = first(engine, "A jeepney driver was killed during a police operation in Manila, Philippines on March 4.")
    assert got == ("Attack", "Police Forces of the Philippines (2016-)")
    got = first(engine, "Two farmers died in an army offensive in Davao, Philippines on March 4.")
    assert got[1] == "Military Forces of the Philippines (2016-)"


def test_a_police_station_is_still_no_actor(engine):
    _, actor1 = first(engine, "Gunmen killed a guard outside a police station in Manila, Philippines on March 4.")
    assert actor1 == "Unidentified Armed Group (Philippines)"


def test_whom_the_victims_met_in_the_fighting_killed_them(engine):
    """'killed in a shootout with the police': the police killed them."""
    _, actor1 = first(engine, "Two carnapping suspects were killed in a shootout with police in Manila, Philippines on March 4.")
    assert actor1 == "Police Forces of the Philippines (2016-)"


def test_a_vigilante_style_killing_is_no_mob(engine):
    """ACLED codes the drug war's killings 'in the manner of vigilantes' to the anti-drug vigilantes
    (actors.yaml); the word inside the name triggers no mob violence."""
    got = first(engine, "A tricycle driver was shot dead in a vigilante-style attack in Manila, Philippines on March 4.")
    assert got == ("Attack", "Anti-Drug Vigilantes (Philippines)")
    got = first(engine, "On 4 May 2019, angry residents lynched a suspected thief in Nairobi, Kenya.", "2019-05")
    assert got == ("Mob violence", "Rioters (Kenya)")


def test_a_force_written_as_a_title_and_its_target_at_positions(engine):
    """'the Ukrainian Forces' (capitalised like a title) names Ukraine's army; the group whose
    positions were fired at was hit, it did not fire."""
    events = engine.extract(report_from_text(
        "On 9 May 2021, the Ukrainian Forces fired mortars at the positions of the Donbass People's Militia "
        "near Avdiivka, Donetsk, Ukraine.", origin="test", published="2021-05")).events
    assert [(e.actor1, e.actor2) for e in events][:1] == [
        ("Military Forces of Ukraine (2019-)", "Donbass People's Militia")]


def test_excessive_force_names_the_crowd_first(engine):
    """The coded record names the protesters actor1 of excessive force against them, the police actor2."""
    events = engine.extract(report_from_text(
        "On 9 May 2021, police opened fire on protesters in Nairobi, Kenya, killing two demonstrators.",
        origin="test", published="2021-05")).events
    e = events[0]
    assert e.sub_event_type == "Excessive force against protesters"
    assert (e.actor1, e.actor2) == ("Protesters (Kenya)", "Police Forces of Kenya (2013-)")
