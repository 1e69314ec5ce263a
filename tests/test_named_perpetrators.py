"""The perpetrator named after the event is told: a group that claims it, or one that others blame
or suspect (ACLED codes a suspected perpetrator as actor1). Short reports written for these tests."""

from __future__ import annotations

import pytest

from conflictwatch.models import Report


@pytest.fixture(scope="module")
def engine(builtin_geocoder):
    from conflictwatch.engine import Engine

    return Engine(geocoder=builtin_geocoder)


def events(engine, text: str):
    return engine.extract(Report(id="t", text=text, published="2025-10")).events


def actor1s(engine, text: str, published: str) -> list[str | None]:
    return [e.actor1 for e in engine.extract(Report(id="t", text=text, published=published)).events]


STORY = "On 3 October 2025, gunmen killed three herders near Garissa. "


@pytest.mark.parametrize("after", [
    "Al Shabaab claimed responsibility for the attack.",
    "The attack was blamed on Al Shabaab.",
    "The killings were attributed to Al Shabaab.",
    "Police suspect Al Shabaab militants.",
    "Al Shabaab suspected.",
])
def test_the_perpetrator_named_later(engine, after):
    evs = events(engine, STORY + after)
    assert [(e.actor1, e.fatalities_best) for e in evs] == [("Al Shabaab", 3)]


@pytest.mark.parametrize("after", [
    "No group was blamed for the attack.",
    "Police do not suspect Al Shabaab.",
    "The area has seen a number of attacks attributed to Al Shabaab in recent years.",
])
def test_no_perpetrator_named(engine, after):
    evs = events(engine, STORY + after)
    assert [e.actor1 for e in evs] == ["Unidentified Armed Group (Kenya)"]


def test_the_only_claim_is_a_claim_of_responsibility(engine):
    blamed = events(engine, STORY + "The attack was blamed on Al Shabaab.")[0]
    claimed = events(engine, STORY + "Al Shabaab claimed responsibility for the attack.")[0]
    assert blamed.claims == [] and [c.claimant for c in claimed.claims] == ["Al Shabaab"]


def test_a_region_named_rules_out_a_homonym_abroad(engine):
    evs = events(engine, "On 4 October 2025, in Zee Taw village (Yesagyo Township, Magway Region), soldiers "
                         "opened fire on villagers.")
    assert [(e.admin1, e.country) for e in evs] == [("Magway", "Myanmar")]


@pytest.mark.parametrize("text", [
    "On 3 October 2025, police recovered the bodies of 12 herders near Garissa.",
    "On 3 October 2025, soldiers found 12 bodies near Garissa.",
    "On 3 October 2025, gunmen killed 12 herders near Garissa. Soldiers later buried the 12 bodies.",
    "On 3 October 2025, gunmen killed 12 herders near Garissa. \"So far, 12 bodies have been found by "
    "the army,\" a spokesman said.",
])
def test_who_found_the_dead_did_not_kill_them(engine, text):
    evs = events(engine, text)
    assert [(e.actor1, e.actor2, e.fatalities_best) for e in evs] == [
        ("Unidentified Armed Group (Kenya)", "Civilians (Kenya)", 12)]


def test_who_found_the_dead_in_french(engine):
    evs = engine.extract(Report(id="t", lang="fr", published="2025-10", text=(
        "Au moins 12 civils ont été tués samedi dans une attaque contre le village de Garissa, au Kenya. "
        "« Jusque là, 12 corps ont été retrouvés par l'armée », a indiqué le porte-parole."))).events
    assert [(e.actor1, e.fatalities_best) for e in evs] == [("Unidentified Armed Group (Kenya)", 12)]


@pytest.mark.parametrize("text, actor1", [
    ("On 3 October 2025, armed men (coded as Al Shabaab) shot and killed two herders near Garissa.", "Al Shabaab"),
    ("On 3 October 2025, gunmen (likely Al Shabaab) killed two herders near Garissa.", "Al Shabaab"),
    ("On 3 October 2025, gunmen (suspected Al Shabaab) killed two herders near Garissa.", "Al Shabaab"),
    ("On 3 October 2025, gunmen (two of them) killed two herders near Garissa.", "Unidentified Armed Group (Kenya)"),
    # the cue after another remark in the bracket; the parser makes the bracket a clause of its own
    ("On 3 October 2025, gunmen (described as bandits, coded as Al Shabaab) killed two herders near Garissa.",
     "Al Shabaab"),
])
def test_a_bracket_says_who_the_perpetrators_are(engine, text, actor1):
    """Coded notes say whom they code in a bracket after the words: "(coded as X)", "(likely X)"."""
    assert [(e.actor1, e.fatalities_best) for e in events(engine, text)] == [(actor1, 2)]


def test_is_in_capitals_is_the_islamic_state(engine):
    evs = events(engine, "On 3 October 2025, IS militants killed a soldier near Mosul.")
    assert [(e.actor1, e.actor2) for e in evs] == [("Islamic State (Iraq)", "Military Forces of Iraq (2022-)")]


@pytest.mark.parametrize("text, actor1", [
    ("On 4 October 2025, in Dawei town (Dawei township, Tanintharyi region), the office of a party was bombed. "
     "The building was destroyed. Casualties unknown.", "Unidentified Armed Group (Myanmar)"),
    ("On 4 October 2025, in Garissa town (Garissa county), a telecom mast was bombed and destroyed. "
     "There were no casualties.", "Unidentified Armed Group (Kenya)"),
])
def test_a_retyped_event_drops_the_old_types_usual_actor(engine, text, actor1):
    """"bombed" reads as an air strike (usually the state's), the classifier makes it an explosive
    device: the state is not named, so its forces are not the perpetrator."""
    assert [(e.sub_event_type, e.actor1) for e in events(engine, text)] == [
        ("Remote explosive/landmine/IED", actor1)]


def test_the_subject_after_a_place_and_its_area(engine):
    """"On DATE, in PLACE, AREA, members of X attacked ...": the parser hangs the subject on the area
    as an apposition; it is the verb's subject."""
    evs = events(engine, "On 3 October 2025, in Garissa, Garissa County, members of Al Shabaab attacked "
                         "herders, killing two.")
    assert [(e.actor1, e.location, e.fatalities_best) for e in evs] == [("Al Shabaab", "Garissa", 2)]


@pytest.mark.parametrize("text", [
    "On 3 October 2025, Al Shabaab attacked a police post in Garissa.",
    "On 3 October 2025, Al Shabaab launched an attack on a police station in Garissa.",
])
def test_the_forces_of_an_attacked_site_are_actor2(engine, text):
    assert [(e.actor1, e.actor2) for e in events(engine, text)] == [("Al Shabaab", "Police Forces of Kenya (2022-)")]


def test_the_site_of_a_place_is_no_actor(engine):
    evs = events(engine, "On 3 October 2025, about 50 traders protested outside the police station in Garissa.")
    assert [(e.sub_event_type, e.actor2) for e in evs] == [("Peaceful protest", None)]


@pytest.mark.parametrize("text, place", [
    ("On 3 October 2025, around 200 traders gathered in front of the offices of the county authority in "
     "Garissa to demand their unpaid dues. The police intervened and dispersed them.", "Garissa"),
    ("On 3 October 2025, police fired shots at officers of another unit during a sting operation in Garissa.",
     "Garissa"),
])
def test_the_one_place_a_report_names(engine, text, place):
    """The event's words may not reach the report's one place: the event is there."""
    assert [(e.location, e.country) for e in events(engine, text)] == [(place, "Kenya")]


def test_two_places_and_no_place_of_the_event(engine):
    evs = events(engine, "On 3 October 2025, police fired shots at officers of another unit during a sting "
                         "operation. The officers had come from Dadaab and Modogashe.")
    assert [e.location for e in evs] == [None]


@pytest.mark.parametrize("text", [
    "On 3 October 2025, gunmen kidnapped three victims near Garissa.",
    "On 3 October 2025, following the kidnapping of three victims, gunmen fired shots near Garissa.",
])
def test_victims_taken_are_not_dead(engine, text):
    evs = events(engine, text)
    assert evs and [e.fatalities_best or 0 for e in evs] == [0] * len(evs)


@pytest.mark.parametrize("text, actor1, killed", [
    ("A drug suspect was shot dead by unidentified men in Tuguegarao, Cagayan on 3 October 2025.",
     "Anti-Drug Vigilantes (Philippines)", 1),
    ("On 3 October 2025, a drug surrenderee was killed by motorcycle-riding gunmen in Tuguegarao, Cagayan.",
     "Anti-Drug Vigilantes (Philippines)", 1),
    # the same killers of another victim are no one ACLED names
    ("A farmer was shot dead by unidentified men in Tuguegarao, Cagayan on 3 October 2025.",
     "Unidentified Armed Group (Philippines)", 1),
    # nor of drug suspects elsewhere
    ("A drug suspect was shot dead by unidentified men in Garissa on 3 October 2025.",
     "Unidentified Armed Group (Kenya)", 1),
])
def test_unnamed_killers_are_named_by_whom_they_strike(engine, text, actor1, killed):
    got = events(engine, text)
    assert [(e.actor1, e.fatalities_low) for e in got] == [(actor1, killed)]


def test_a_convention_must_name_a_known_actor():
    from conflictwatch.lexicon import ActorsFile

    with pytest.raises(ValueError, match="no actor of this file"):
        ActorsFile.model_validate({
            "actors": [], "civilians": {"name_template": "Civilians ({country})", "fallback": "Civilians"},
            "unidentified": {"name_template": "U ({country})", "fallback": "U"},
            "unnamed_by_victims": [{"countries": ["PH"], "victim_words": ["drug"], "actor": "Nobody"}]})


@pytest.mark.parametrize("text, actor1", [
    ("On 3 October 2025, IS fighters killed two civilians in Mosul.", "Islamic State (Iraq)"),
    ("On 3 October 2025, two civilians were killed by Israeli fire near Khan Yunis.", "Military Forces of Israel (2022-)"),
    ("On 3 October 2025, a civilian was killed by Israeli shelling near Khan Yunis.", "Military Forces of Israel (2022-)"),
])
def test_a_group_or_a_states_weapon_named_by_its_short_name(engine, text, actor1):
    assert [e.actor1 for e in events(engine, text)] == [actor1]


def test_the_verb_is_is_no_group(engine):
    got = events(engine, "On 3 October 2025, it is reported that gunmen killed two civilians in Mosul.")
    assert [e.actor1 for e in got] == ["Unidentified Armed Group (Iraq)"]


@pytest.mark.parametrize("text, actor1", [
    ("On 3 October 2025, Houthi forces shelled a village in Hays, killing two civilians.",
     "Military Forces of Yemen (2016-) Supreme Political Council"),
    ("On 3 October 2025, pro-Hadi forces fired artillery at Houthi positions in Sirwah, killing two fighters.",
     "Military Forces of Yemen (2012-)"),
])
def test_yemens_two_governments_forces(engine, text, actor1):
    assert [e.actor1 for e in events(engine, text)] == [actor1]


@pytest.mark.parametrize("text, actor1", [
    ("On 3 October 2025, 3R fighters killed two herders in Bocaranga, Ouham-Pende.",
     "RRR: Return, Reclamation and Rehabilitation"),
    ("On 3 October 2025, members of the 3R rebel group clashed with the army in Bocaranga.",
     "RRR: Return, Reclamation and Rehabilitation"),
    ("On 3 October 2025, Siriri forces attacked Gamboula, killing four civilians.", "Siriri Coalition"),
])
def test_groups_named_by_a_short_name(engine, text, actor1):
    assert [e.actor1 for e in events(engine, text)] == [actor1]


@pytest.mark.parametrize("published, text, actor1", [
    # the parser hangs the subject on the opening "On ..." and reads "sniper shot" as a noun
    ("2022-06", "On 31 May 2022, a Houthi sniper shot and injured 2 civilians as they were walking in Taizz city.",
     "Military Forces of Yemen (2016-) Supreme Political Council"),
    # ... or on the place before it, and takes the past tense for a participle
    ("2024-12", "On 9 December 2024, in Petite Riviere de l'Artibonite, Artibonite, members of La Coalition "
     "self-defense group killed at least two members of the Savien Gang.",
     "Coalition of Revolutionaries to Save the Artibonite Gang"),
])
def test_the_doer_named_before_a_verb_left_without_subject(engine, published, text, actor1):
    assert actor1s(engine, text, published) == [actor1]


def test_a_subject_of_its_own_is_not_replaced(engine):
    """Only a verb with no subject takes the actor named before it: "the army said gunmen killed ..."."""
    text = "On 3 May 2022, near Garissa, Kenyan police said gunmen killed three herders."
    assert actor1s(engine, text, "2022-05") == ["Unidentified Armed Group (Kenya)"]


@pytest.mark.parametrize("published, text, actor1", [
    ("2022-02", "On 24 February 2022, about 200 Ukrainians rallied outside the Russian embassy in Nicosia to protest "
     "against the invasion.", "Protesters (Ukraine)"),
    ("2024-05", "On 3 May 2024, Israeli settler rioters hurled stones at a Palestinian house in Burqa "
     "(Ramallah and Al Bireh, West Bank).", "Rioters (Israel)"),
    ("2020-05", "On 3 May 2020, Palestinians from the Ein al Hilweh camp demonstrated outside the office of UNRWA "
     "in Sidon.", "Protesters (Palestine)"),
    # the crowd named by no other people is the event country's
    ("2020-05", "On 3 May 2020, residents demonstrated outside the governor's office in Sidon.", "Protesters (Lebanon)"),
])
def test_a_crowd_of_foreign_nationals_is_coded_by_their_country(engine, published, text, actor1):
    assert actor1s(engine, text, published) == [actor1]


@pytest.mark.parametrize("word, iso", [("American", "US"), ("Americans", "US"), ("Palestinian", "PS"),
                                       ("Palestinians", "PS")])
def test_a_peoples_word_names_its_country(word, iso):
    from conflictwatch.geo.builtin import iso2_of

    assert iso2_of(word) == iso


@pytest.mark.parametrize("published, text, actors", [
    ("2025-03", "On 3 March 2025, in Port-au-Prince - Pacot, Ouest, gang members engaged in armed clashes with "
     "police forces.", ("Unidentified Gang (Haiti)", "Police Forces of Haiti (2024-)")),
    # the subject of the verb the event's word hangs on, and the side a clash "between" names first
    ("2025-03", "On 3 March 2025, in Saut-d'Eau, Centre, gang members attacked residents, killing 10 people.",
     ("Unidentified Gang (Haiti)", "Civilians (Haiti)")),
    ("2025-03", "On 3 March 2025, in Port-au-Prince - Pacot, Ouest, there was a clash between an unidentified gang "
     "and police forces.", ("Unidentified Gang (Haiti)", "Police Forces of Haiti (2024-)")),
    # the parser hangs "engaged" on the noun as a modifier: the noun still names who fought
    ("2025-01", "On 28 January 2025, in Port-au-Prince - Morne a Tuf, Ouest, gang members engaged in armed clashes "
     "likely with police forces, following similar clashes reported in the same area in previous days.",
     ("Unidentified Gang (Haiti)", "Police Forces of Haiti (2024-)")),
    ("2025-08", "On 2 August 2025, a clan militia shot and killed 2 civilians from another clan in Bossaso (Bari).",
     ("Unidentified Clan Militia (Somalia)", "Civilians (Somalia)")),
    # the record codes Kenya's gangs as an unidentified armed group: no "Unidentified Gang (Kenya)"
    ("2020-05", "On 3 May 2020, in Nairobi, gang members shot and killed a shopkeeper.",
     ("Unidentified Armed Group (Kenya)", "Civilians (Kenya)")),
])
def test_unnamed_perpetrators_named_by_their_kind_where_the_record_does(engine, published, text, actors):
    events = engine.extract(Report(id="t", text=text, published=published)).events
    assert [(e.actor1, e.actor2) for e in events] == [actors]


@pytest.mark.parametrize("published, text, actor1", [
    ("2025-10", "On 17 October 2025, IS fighters attacked a checkpoint in Qandala (Bari), killing 2 soldiers.",
     "Islamic State Somalia Province"),
    ("2020-05", "On 5 May 2020, IS fighters attacked a checkpoint in Qandala (Bari), killing 2 soldiers.",
     "Islamic State (Somalia)"),
])
def test_a_family_member_the_record_renamed_is_named_as_on_the_events_date(engine, published, text, actor1):
    """The record codes Somalia's Islamic State as "Islamic State (Somalia)" in 2020 and as "Islamic
    State Somalia Province" from 2025: the family's member is the name in use on the event's date."""
    assert actor1s(engine, text, published) == [actor1]


@pytest.mark.parametrize("published, text, actor1", [
    ("2021-07", "On 20 July 2021, the 3R rebels from CPC attacked and wounded a trader in Zotoua (Herman-Brousse, Bouar).",
     "CPC: Coalition of Patriots for Change"),
    # the members' own group when no group they are from is named
    ("2021-07", "On 20 July 2021, 3R rebels attacked and wounded a trader in Zotoua (Herman-Brousse, Bouar).",
     "RRR: Return, Reclamation and Rehabilitation"),
])
def test_the_group_the_members_are_from_is_the_doer(engine, published, text, actor1):
    assert actor1s(engine, text, published) == [actor1]


@pytest.mark.parametrize("text, actor1", [
    # the record's "SPGF: Pauk Guerrilla Force", spelt otherwise
    ("On 3 December 2021, near Pauk town (Pauk township, Magway region), the Pauk Guerilla Force attacked a "
     "military column with mines.", "SPGF: Pauk Guerrilla Force"),
    # a name close to no record group stays as written
    ("On 3 December 2021, near Pauk town (Pauk township, Magway region), the Zorbak Lion Battalion attacked a "
     "military column with mines.", "Zorbak Lion Battalion"),
])
def test_a_group_name_spelt_otherwise_is_the_records_group(engine, text, actor1):
    assert actor1s(engine, text, "2021-12") == [actor1]


@pytest.mark.parametrize("text, actor1, actor2", [
    # a sentence that tells no event, whose subject is an armed group, then a killing told in the passive
    ("On 6 April 2023, Wagner mercenaries carried out an operation in the area of Sagala (Segou, Segou). "
     "About ten civilians were killed and others went missing.", "Wagner Group", "Civilians (Mali)"),
    # a sentence that tells an event: its toll joins it, whoever the next sentence names
    ("On 3 April 2022, Russian forces shelled residential districts in Derhachi, Kharkiv. 3 people were killed.",
     "Military Forces of Russia (2000-)", None),
    # a killing with a date of its own is another event: nobody is named for it
    ("On 6 April 2023, Wagner mercenaries carried out an operation in the area of Sagala (Segou, Segou). "
     "On 9 April 2023, two civilians were killed in Niono (Segou).", "Unidentified Armed Group (Mali)",
     "Civilians (Mali)"),
])
def test_the_armed_subject_of_the_sentence_before_did_a_passive_killing(engine, text, actor1, actor2):
    published = "2022-04" if "2022" in text else "2023-04"
    evs = [e for e in engine.extract(Report(id="t", text=text, published=published)).events if e.fatalities_best]
    assert [(e.actor1, e.actor2) for e in evs][-1:] == [(actor1, actor2)]
    assert len(evs) == 1


def test_a_partner_joined_by_with_is_an_associate_not_the_target(engine):
    text = ("On 20 May 2025, international forces (described as allied forces, coded as Unidentified Military "
            "Forces), in coordination with government security forces (SNA), conducted an airstrike targeting "
            "Al Shabaab in Sham Gare village (Afgooye, Lower Shabelle). Casualties unknown.")
    evs = events(engine, text)
    assert [(e.actor1, e.actor2) for e in evs] == [("Unidentified Military Forces", "Al Shabaab")]
    assert evs[0].assoc_actor_1.startswith("Military Forces of Somalia")  # "; "-joined, as ACLED writes them
