"""Unit tests of the clause and discourse stages on short reports written for these tests."""

from __future__ import annotations

import datetime as dt

import pytest

from conflictwatch.ingest import report_from_text

D = dt.date


def run(engine, text, published="2023-05"):
    return engine.extract(report_from_text(text, origin="test", published=published)).events


def test_passive_agent_range_and_place(engine):
    (e,) = run(engine, "On May 4, between 12 and 15 villagers were killed by JNIM fighters in Boni.")
    assert (e.date_start, e.sub_event_type, e.actor1, e.actor2) == (
        D(2023, 5, 4), "Attack", "JNIM: Group for Support of Islam and Muslims", "Civilians (Mali)")
    assert (e.fatalities_low, e.fatalities_high, e.fatalities_qualifier) == (12, 15, "exact")
    assert e.location and e.iso == "ML"


def test_relative_dates_chain_from_the_previous_event(engine):
    events = run(engine, "On May 4, gunmen from the Islamic State killed six soldiers of the Malian army in Boni. "
                         "Two days later, the Malian army said its troops killed 14 militants of the Islamic State in the same area.")
    assert [e.date_start for e in events] == [D(2023, 5, 4), D(2023, 5, 6)]
    first, second = events
    assert first.victims[0].group == "Military Forces of Mali (2021-)"
    assert second.sources == ["Military Forces of Mali (2021-)"]


def test_dozens_is_twelve_at_least(engine):
    (e,) = run(engine, "On May 10, suspected jihadists killed dozens of civilians in Djibo, Burkina Faso.")
    assert (e.fatalities_low, e.fatalities_qualifier) == (12, "at_least")
    assert e.iso == "BF"


def test_according_to_names_the_source_of_the_figure(engine):
    (e,) = run(engine, "On May 12, at least 30 civilians were killed in an attack on Ouatagouna, according to local officials.")
    assert e.victims[0].source == "local officials" and e.victims[0].qualifier == "at_least"


def test_injured_are_not_killed(engine):
    (e,) = run(engine, "On May 14, a roadside bomb wounded three children near Djibo in Burkina Faso.")
    assert e.sub_event_type == "Remote explosive/landmine/IED"
    assert e.fatalities_low is None and e.fatalities_qualifier == "unknown"
    assert e.victims == [] or e.victims[0].injured_low == 3


def test_summaries_and_references_make_no_event(engine):
    events = run(engine, "In total, at least 200 civilians have been killed in the region so far. "
                         "The massacre shocked the country. Such attacks are common in the Sahel.")
    assert events == []


def test_present_tense_generalities_make_no_event(engine):
    assert run(engine, "Jihadist groups routinely attack villages in central Mali.") == []


def test_perpetrator_claim_is_contested_and_not_counted(engine):
    (e,) = run(engine, "On May 20, the Islamic State claimed its fighters had killed 40 soldiers of the Malian army in Menaka.")
    assert e.claims and e.claims[0].status == "contested"
    assert e.claims[0].figures[0].killed_low == 40
    assert e.fatalities_low is None and e.victims == []


def test_old_background_event_is_historical(engine):
    events = run(engine, "On May 2, gunmen killed five civilians in Boni. In 2019, a similar attack in Boni killed 41 civilians.")
    assert [e.historical for e in events] == [False, True]


def test_no_publication_date_leaves_yearless_dates_unresolved(engine):
    (e,) = run(engine, "On May 4, gunmen killed six civilians in Boni, Mali.", published=None)
    assert e.date_start is None and e.date_precision == "day"
    assert "year unknown" in e.notes


@pytest.mark.parametrize(
    ("sentence", "sub_type"),
    [
        ("On May 3, Malian aircraft carried out airstrikes on militant positions near Boni.", "Air/drone strike"),
        ("On May 3, Islamic State militants clashed with the Malian army near Boni.", "Armed clash"),
        ("On May 3, gunmen abducted seven women in Boni, Mali.", "Abduction/forced disappearance"),
        ("On May 3, militants burned the market in Boni, Mali.", "Looting/property destruction"),
    ],
)
def test_sub_types_from_triggers(engine, sentence, sub_type):
    (e,) = run(engine, sentence)
    assert e.sub_event_type == sub_type


@pytest.mark.parametrize("verbs", ["killed", "shot and killed"])
def test_the_operation_a_killing_happened_in_names_who_did_it(engine, verbs):
    """'killed in a police raid': the police; a verb joined to the trigger shares its adjuncts."""
    (e,) = run(engine, f"A drug suspect was {verbs} in a police raid in Lucena City, the Philippines, on July 6, 2017.")
    assert (e.sub_event_type, e.actor2) == ("Attack", "Civilians (Philippines)")
    assert e.actor1.startswith("Police Forces of the Philippines (2016-")  # the period: the dictionary's or the model's


def test_forces_deployed_are_the_actor_whoever_sent_them(engine):
    """Change to group/activity: the forces whose activity changed are actor1 (triggers.yaml
    moved_are_actor), told in the passive or as the object of the sender."""
    (e,) = run(engine, "On May 4, Kenyan security forces were deployed in Garissa to calm clan tensions.")
    assert (e.sub_event_type, e.actor1, e.actor2) == ("Change to group/activity", "Military Forces of Kenya (2022-)", None)
    (e,) = run(engine, "On May 4, the Malian government deployed soldiers to Boni.")
    assert e.actor1.startswith("Military Forces of Mali")


@pytest.mark.parametrize(("sentence", "sub_type"), [
    ("On May 3, two traders were beaten by soldiers in Bouar, Central African Republic.", "Attack"),
    ("On May 3, militiamen robbed travellers on the road to Bouar, Central African Republic.",
     "Looting/property destruction"),
])
def test_beatings_and_robberies_are_violence(engine, sentence, sub_type):
    (e,) = run(engine, sentence)
    assert e.sub_event_type == sub_type


def test_a_team_beaten_in_a_match_is_no_event(engine):
    assert run(engine, "On May 3, Kenya beat Uganda 2-0 in the final in Nairobi.") == []


def test_a_first_event_may_say_only_who(engine):
    """Neither when, where nor how many: who did it is enough for the report's first event; a later
    sentence that names only a person tells more of that event."""
    (e,) = run(engine, "Gunmen abducted a trader and killed him. The man was arrested.")
    assert (e.sub_event_type, e.actor1) == ("Abduction/forced disappearance", "Unidentified Armed Group (International)")
    assert len(run(engine, "Election officers were assaulted.")) == 1


def test_fighting_that_went_on_on_a_day_is_that_days_event(engine):
    """"The fighting continued in X on a day" refers back to fighting told before, yet tells fighting
    that day (discourse.yaml continuing_verbs): an event when the report has told none, or when the
    clause gives its own date; "the clashes continued" with no date of its own tells nothing new."""
    (e,) = run(engine, "On May 12, the clashes between rebels and the army continued in Kaga-Bandoro, Central African Republic.")
    assert (e.sub_event_type, e.date_start, e.location) == ("Armed clash", D(2023, 5, 12), "Kaga-Bandoro")
    events = run(engine, "On May 11, rebels clashed with the army in Kaga-Bandoro, Central African Republic. "
                         "The clashes continued.")
    assert [e.date_start for e in events] == [D(2023, 5, 11)]
    events = run(engine, "On May 11, rebels clashed with the army in Kaga-Bandoro, Central African Republic. "
                         "The clashes resumed on May 13.")
    assert [(e.sub_event_type, e.date_start) for e in events] == [("Armed clash", D(2023, 5, 11)), ("Armed clash", D(2023, 5, 13))]


@pytest.mark.parametrize("noun", ["fighting", "clashes", "crossfire"])
def test_people_killed_in_the_fighting_told_are_its_dead(engine, noun):
    (e,) = run(engine, "On May 11, rebels clashed with soldiers in Kaga-Bandoro, Central African Republic. "
                       f"Eight civilians were killed in the {noun}.")
    assert (e.sub_event_type, e.fatalities_low, e.fatalities_high) == ("Armed clash", 8, 8)



def test_washington_dc_is_the_capital_not_the_state(engine):
    """"DC" names the District of Columbia (the shipped model no longer mines it as a protesters' alias)."""
    (e,) = run(engine, "On 5 June 2020, hundreds of people marched in Washington DC (District of Columbia) "
                       "against police violence.", published="2020-06")
    assert (e.sub_event_type, e.admin1, e.actor1) == ("Peaceful protest", "District of Columbia", "Protesters (United States)")


def test_a_bracket_naming_no_area_of_the_reports_country_is_a_neighbourhood(engine):
    """The report's other place (Cite Soleil, known only in Haiti) fixes its country: "(Sarthe
    neighborhood)" is no French department there, and the event stays in Haiti."""
    (e,) = run(engine, "On 3 March 2024, in Cite Soleil, Ouest, gunmen shot at residents in Rue Vincent "
                       "(Sarthe neighborhood).", published="2024-03")
    assert (e.iso, e.admin1) == ("HT", "Ouest")


def test_an_association_gathering_is_a_protest(engine):
    (e,) = run(engine, "On 1 December 2023, the Association for Deaf Rights gathered with banners outside the "
                       "parliament in Nairobi, Kenya.", published="2023-12")
    assert (e.sub_event_type, e.actor1) == ("Peaceful protest", "Protesters (Kenya)")


def test_the_first_event_noun_names_who_through_its_verb(engine):
    """"Students staged a protest": the support verb's subject says who (enough for a first event)."""
    (e,) = run(engine, "Students staged a protest against fees.")
    assert e.sub_event_type == "Peaceful protest"


def test_a_place_named_common_is_no_summary_cue(engine):
    """"common" says violence is usual ("attacks are common"); the Town Common of a place says nothing."""
    (e,) = run(engine, "On 7 June 2020, up to 300 protesters marched in a protest from the library to the Town "
                       "Common in Ashby (Middlesex, Massachusetts) against police brutality.", published="2020-06")
    assert (e.sub_event_type, e.admin1) == ("Peaceful protest", "Massachusetts")


@pytest.mark.parametrize(("sentence", "published"), [
    ("On 8 August 2020, about 150 people attended a boat parade in Lake Charles (Louisiana) for the governor.", "2020-08"),
    ("On 17 October 2020, nurses formed a car caravan in Houston (Texas) to call for safe hospitals.", "2020-10"),
])
def test_a_parade_attended_or_a_caravan_formed_is_a_protest(engine, sentence, published):
    (e,) = run(engine, sentence, published=published)
    assert e.sub_event_type == "Peaceful protest"


def test_an_institution_named_after_its_seat_places_the_event(engine):
    """No place in the clause: "Kisumu County Council" is seated in Kisumu (places.yaml institution_nouns)."""
    (e,) = run(engine, "On 3 May 2023, Kisumu County Council workers protested over unpaid wages.")
    assert (e.sub_event_type, e.location, e.iso) == ("Peaceful protest", "Kisumu", "KE")
    (e,) = run(engine, "On 3 May 2023, workers protested outside the Human Rights Council over unpaid wages.")
    assert e.location is None


@pytest.mark.parametrize("noun", ["militia", "militiamen"])
def test_a_peoples_militia_is_named_with_either_noun(engine, noun):
    """"suspected Samburu militia": the people's name before a noun of armed men is the group's
    (context.yaml agent nouns), not a kind of thing like "a police station"."""
    (e,) = run(engine, f"On 10 May 2023, suspected Samburu {noun} killed two herders near Isiolo, Kenya.")
    assert (e.actor1, e.actor2) == ("Samburu Ethnic Militia (Kenya)", "Civilians (Kenya)")
