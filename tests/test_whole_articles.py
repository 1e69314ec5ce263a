"""Whole articles: one incident told many times becomes one event with every figure kept.

The articles are written for these tests (fictional places and figures), in the way news agencies
write: a lede with a first figure, a later statement, an earlier toll recalled, background.
"""

from __future__ import annotations

import datetime as dt

import pytest

from conflictwatch.engine import Engine
from conflictwatch.models import Report

KALANA = (
    "Gunmen killed at least 40 civilians in an attack on the village of Kalana in central Mali on Saturday, "
    "local officials said.\n\n"
    "The death toll later rose to 58, a government spokesman said on Monday.\n\n"
    "An earlier toll from local sources had put the dead at 35.\n\n"
    "Among the victims were 12 children, a local official said.\n\n"
    '"The attackers killed everyone they found," a resident told reporters.\n\n'
    "The attack was the deadliest since the armed forces began fighting jihadists in 2012.\n\n"
    "Last month, 20 people were killed in a similar attack in the same region.\n"
)

INATES = (
    "Militants attacked an army camp in Inates in western Niger on Tuesday, killing dozens of soldiers, "
    "a security source said.\n\n"
    "The attack was the deadliest since the armed forces began fighting jihadists in 2015.\n\n"
    "In a later statement, the defence ministry said 71 soldiers were killed and 12 wounded.\n"
)

NARA = (
    "Soldiers killed at least 50 civilians in the village of Nara in central Mali on Monday, residents said.\n\n"
    "The army said in a statement that its troops had neutralised 203 terrorists during an operation in the area.\n\n"
    "A rights group said 50 bodies were buried in a mass grave.\n"
)


def run(engine: Engine, text: str, published: str = "2023-05-10"):
    return engine.extract(Report(id="t", text=text, published=published, source="Example Wire")).events


def killed(figures, status=None):
    return sorted(f.killed_low for f in figures if status is None or f.status == status)


def test_one_incident_told_many_times_is_one_event(engine):
    events = run(engine, KALANA)
    current = [e for e in events if not e.historical]
    kalana = [e for e in current if e.location == "Kalana"]
    assert len(kalana) == 1
    (event,) = kalana
    assert event.date_start == dt.date(2023, 5, 6)
    assert killed(event.figures) == [12, 35, 40, 58]


def test_toll_revisions_and_earlier_tolls(engine):
    (event,) = [e for e in run(engine, KALANA) if e.location == "Kalana"]
    by_value = {f.killed_low: f for f in event.figures}
    assert by_value[58].status == "current" and by_value[58].source == "government spokesman"
    assert by_value[35].status == "superseded" and by_value[35].source == "local sources"
    assert by_value[40].status == "current" and by_value[40].qualifier == "at_least"
    # the event's range covers its current figures only: 40 to 58, never the superseded 35
    (civilians,) = event.victims
    assert (civilians.group, civilians.killed_low, civilians.killed_high) == ("civilians", 40, 58)


def test_parts_of_the_dead_are_kept_apart(engine):
    (event,) = [e for e in run(engine, KALANA) if e.location == "Kalana"]
    (children,) = [f for f in event.figures if f.killed_low == 12]
    assert children.subset_of == "civilians"
    assert event.fatalities_high == 58  # 12 children are among the 58, not added to them


def test_a_similar_attack_is_another_incident(engine):
    events = run(engine, KALANA)
    similar = [e for e in events if e.date_precision == "month" and not e.historical]
    assert len(similar) == 1 and killed(similar[0].figures) == [20]
    assert similar[0].date_start == dt.date(2023, 4, 1)


def test_background_clause_does_not_poison_later_events(engine):
    events = run(engine, INATES, published="2019-12-12")
    history = [e for e in events if e.historical]
    assert [e.date_start.year for e in history] == [2015]
    assert not any(f.killed_low == 71 for e in history for f in e.figures)
    (camp,) = [e for e in events if not e.historical]
    assert camp.date_start == dt.date(2019, 12, 10)
    assert 71 in killed(camp.figures)
    assert all(f.group.startswith("Military Forces of Niger") for f in camp.figures)


def test_perpetrator_figures_never_count(engine):
    events = run(engine, NARA)
    claims = [f for e in events for f in e.figures if f.status == "claim"]
    assert [f.killed_low for f in claims] == [203]
    assert all(e.fatalities_high != 203 for e in events)
    counted = [f.killed_low for e in events for f in e.figures if f.status == "current"]
    assert 203 not in counted and 50 in counted


def test_missing_are_not_dead(engine):
    text = ("Gunmen attacked the village of Kalana in central Mali on Saturday, killing 30 people. "
            "Local media put the death toll at more than 40, with dozens reported missing.")
    (event,) = run(engine, text)
    assert killed(event.figures) == [30, 40]
    (toll,) = [f for f in event.figures if f.killed_low == 40]
    assert toll.source == "Local media"


def test_toll_rising_from_one_figure_to_another(engine):
    text = ("Gunmen killed dozens of villagers in Kalana in central Mali on Saturday. "
            "Local sources said the toll rose from 100 to 138.")
    (event,) = run(engine, text)
    status = {f.killed_low: f.status for f in event.figures}
    assert status[100] == "superseded" and status[138] == "current"


def test_summary_of_many_events_stays_a_total(engine):
    text = ("Gunmen killed 12 civilians in Kalana in central Mali on Saturday. "
            "In total, at least 300 civilians have been killed in these massacres this year.")
    result = engine.extract(Report(id="t", text=text, published="2023-05-10"))
    assert [killed(e.figures) for e in result.events] == [[12]]
    assert [v.killed_low for v in result.stated_totals] == [300]


def test_parts_told_together_are_added(engine):
    (event,) = run(engine, "Gunmen killed two women and three children in Kalana, Mali, on Saturday, residents said.")
    (civilians,) = event.victims
    assert (civilians.killed_low, civilians.killed_high) == (5, 5)
    assert event.fatalities_low == 5


def test_a_party_boasting_of_fighters_killed_is_a_claim(engine):
    text = ("Islamic State fighters attacked Talataye in Mali on September 6. "
            "The propaganda weekly claimed that more than 60 members of the MSA were killed during the offensive. "
            "Local officials said 45 civilians were killed.")
    events = run(engine, text, published="2022-09-12")
    claimed = [f for e in events for f in e.figures if f.status == "claim"]
    assert [(f.killed_low, f.source) for f in claimed] == [(60, "propaganda weekly")]
    assert sorted(e.fatalities_low for e in events if e.fatalities_low is not None) == [45]


def test_a_spokesperson_speaks_for_the_institution(engine):
    text = ("Militants attacked an army camp in Inates, Niger, on Tuesday. Colonel Boubacar Hassan, a spokesperson "
            "for the Ministry of Defence, said that 71 soldiers were killed.")
    events = run(engine, text, published="2019-12-12")
    sources = [f.source for e in events for f in e.figures if f.killed_low == 71]
    assert sources == ["spokesperson for Ministry of Defence"]


def test_people_who_fled_are_not_dead(engine):
    text = ("A spokesman for the refugee agency said that more than 3,000 people had fled, including more than "
            "2,000 children, after gunmen stormed into Kalana, Mali, on Saturday and killed 40 civilians.")
    events = run(engine, text)
    assert [killed(e.figures) for e in events] == [[40]]


def test_the_number_of_people_fleeing_is_no_toll(engine):
    text = ("Gunmen killed 40 civilians in Kalana, Mali, on Saturday. The refugee agency put the number of "
            "people fleeing the violence at about 3,300.")
    events = run(engine, text)
    assert [killed(e.figures) for e in events] == [[40]]


def test_a_party_named_in_full_once_is_recognised_later(engine):
    text = ("UN refugee agency spokesman Babar Baloch said 3,000 people fled Kalana, Mali. At least 138 men, women "
            "and children were executed on Friday, Baloch said. A local official said the attackers came at night. "
            '"More than 45 civilians were killed," the official said.')
    sources = sorted(f.source for e in run(engine, text) for f in e.figures)
    assert sources == ["UN refugee agency spokesman", "local official"]


def test_dateline_is_no_party_and_no_place(engine):
    text = ("NIAMEY, Niger (AP) — Burkina Faso's government says gunmen killed at least 100 civilians in the "
            "village of Solhan in northern Burkina Faso.")
    (event,) = run(engine, text)
    assert event.iso == "BF"
    assert [f.source for f in event.figures] == ["government"]


def test_another_incident_region_is_not_the_report_area(engine):
    text = ("Gunmen killed 40 villagers in central Mali on Saturday, officials said. "
            "Last week, 66 people were killed in a similar attack in the Mopti region.")
    events = {killed(e.figures)[0]: e for e in run(engine, text)}
    assert events[66].admin1 == "Mopti"
    assert events[40].admin1 is None and events[40].country == "Mali" and events[40].geo_precision == 3


def test_whose_toll(engine):
    text = ("Gunmen attacked Kalana, Mali, on Saturday. A local official said 45 civilians had been killed, "
            "while an MSA fighter put the civilian death toll at 30.")
    figures = sorted((f.killed_low, f.group, f.source) for e in run(engine, text) for f in e.figures)
    assert figures == [(30, "civilians", "MSA: Movement for Azawad Salvation"), (45, "civilians", "local official")]


def test_voices_named_by_where_they_come_from(engine):
    text = ("Gunmen attacked Kalana, Mali, on Saturday. An official from the Movement for the Salvation of "
            "Azawad (MSA) put the civilian death toll at 30. Sources from the security forces confirmed at "
            "least 32 deaths. According to official figures, 31 people were killed. The government says "
            "7,000 families have fled after attackers killed 33 people. The Ministry of National Defence said "
            "34 soldiers were killed. An official from the area stated that 35 civilians had been killed, but a "
            "fighter with the MSA stated that 36 civilians had been killed.")
    sources = {f.killed_low: f.source for e in run(engine, text) for f in e.figures}
    assert sources == {30: "official from MSA: Movement for Azawad Salvation", 32: "Sources from security forces",
                       31: "official figures", 33: "government", 34: "Ministry of National Defence",
                       35: "official from area", 36: "fighter with MSA: Movement for Azawad Salvation"}


def test_a_claim_of_responsibility_is_no_claim_of_figures(engine):
    text = ("Militants attacked an army camp in Inates, Niger, on Tuesday, killing 71 soldiers, the defence ministry "
            "said. The Islamic State claimed responsibility for the attack, which killed 71 soldiers.")
    figures = [f for e in run(engine, text, published="2019-12-12") for f in e.figures]
    assert [f.status for f in figures] == ["current", "current"] and {f.killed_low for f in figures} == {71}


def test_a_claim_of_responsibility_names_the_perpetrator_and_confirms(engine):
    from conflictwatch.fuse import fuse

    text = ("Gunmen killed 40 civilians in the village of Kalana, Mali, on Saturday, local officials said. "
            "The Islamic State claimed responsibility for the attack.")
    (event,) = run(engine, text)
    assert event.actor1 == "Islamic State (Sahel)" and event.fatalities_low == 40
    assert [(c.claimant, c.status, c.figures) for c in event.claims] == [("Islamic State (Sahel)", "confirmed", [])]
    (incident,) = fuse([event], {})
    assert incident.grade == "Confirmed"
    # nobody claiming it is no claim
    (unclaimed,) = run(engine, text.replace("The Islamic State claimed", "No group has claimed"))
    assert unclaimed.claims == [] and unclaimed.actor1.startswith("Unidentified")


def test_a_denial_is_a_contested_claim_not_a_figure(engine):
    from conflictwatch.fuse import fuse

    text = ("Soldiers killed at least 50 civilians in the village of Nara in central Mali on Monday, residents said. "
            "The army denied that its soldiers killed 50 civilians in Nara.")
    (event,) = run(engine, text)
    assert [(f.killed_low, f.source) for f in event.figures] == [(50, "residents")]
    assert [(c.claimant, c.status, c.figures) for c in event.claims] == [("army", "contested", [])]
    (incident,) = fuse([event], {})
    assert incident.grade == "Contested" and "army disputes it" in incident.grade_reason


def test_later_statements_and_revisions_down_replace_earlier_figures(engine):
    later = ("Militants attacked an army camp in Inates, Niger, on Tuesday. The defence ministry said 60 soldiers "
             "were killed. In a later statement, the defence ministry said 71 soldiers were killed.")
    status = {f.killed_low: f.status for e in run(engine, later, published="2019-12-12") for f in e.figures}
    assert status == {60: "superseded", 71: "current"}
    down = ("Gunmen killed 95 villagers in Sobane Da, Mali, on Sunday, the government said. "
            "The government later revised the toll down to 35.")
    status = {f.killed_low: f.status for e in run(engine, down, published="2019-06-12") for f in e.figures}
    assert status == {95: "superseded", 35: "current"}


def test_the_voice_of_a_toll_and_of_a_sentence(engine):
    text = ("Gunmen attacked Solhan, Burkina Faso, on Friday night. An earlier toll from local sources had put the "
            "dead at 138, while a government toll stood at 132 dead.")
    sources = {f.killed_low: f.source for e in run(engine, text, published="2021-06-06") for f in e.figures}
    assert sources == {138: "local sources", 132: "government"}
    text = ("According to reports, the gunmen returned to the village of Solhan, Burkina Faso, which was hit by an "
            "attack on Friday night that left more than 100 people dead.")
    sources = {f.killed_low: f.source for e in run(engine, text, published="2021-06-06") for f in e.figures}
    assert sources == {100: "reports"}


def test_a_surname_used_before_the_full_naming(engine):
    text = ("Gunmen attacked Solhan, Burkina Faso, on Friday. At least 138 people were executed, Baloch said. "
            "UN refugee agency spokesman Babar Baloch said that 3,000 people had fled.")
    sources = [f.source for e in run(engine, text, published="2021-06-08") for f in e.figures]
    assert sources == ["UN refugee agency spokesman"]


def test_a_count_of_each_unit_is_a_part(engine):
    text = ("Gunmen killed 160 villagers in Solhan, Burkina Faso, on Friday, a deputy said. A local source said "
            "that 50 bodies were buried in each of the two mass graves, and 60 bodies were buried in the third.")
    (event,) = run(engine, text, published="2021-06-06")
    (civilians,) = event.victims
    assert (civilians.killed_low, civilians.killed_high) == (160, 160)
    assert [(f.killed_low, f.subset_of) for f in event.figures] == [(160, None), (50, "civilians"), (60, "civilians")]


def test_a_date_in_a_side_clause_does_not_date_the_event(engine):
    # "ending Monday night" dates the mourning, not the killing told in the main clause
    text = ("Gunmen killed at least 30 civilians in the village of Kalana in central Mali on Saturday, "
            "local officials said.\n\n"
            "Declaring three days of national mourning, ending Monday night, the government stated that "
            "terrorists killed civilians of all ages.\n")
    [event] = run(engine, text, published="2023-05-14")  # a Sunday
    assert (event.date_start, event.date_end, event.date_precision) == (dt.date(2023, 5, 13), dt.date(2023, 5, 13), "day")
    assert event.fatalities_low == 30


def test_a_source_from_an_armed_actor_is_a_voice_not_the_perpetrator(engine):
    text = "Sources from the security forces confirmed the attack and at least 130 deaths in Tahoua, Niger, on Sunday.\n"
    [event] = run(engine, text)
    assert event.actor1 == "Unidentified Armed Group (Niger)"
    assert [(f.killed_low, f.source) for f in event.figures] == [(130, "Sources from security forces")]


def test_a_spelling_match_outside_the_region_named_with_it_is_not_the_place(geonames_gazetteer_path):
    from conflictwatch.geo import Geocoder

    engine = Engine(geocoder=Geocoder(geonames_gazetteer_path))
    text = ("On 21 March 2021, gunmen attacked the villages of Intazayane, Bakorat and Wirsnat in Tahoua "
            "Region, Niger, killing 137 civilians.\n")
    [event] = run(engine, text, published="2021-03-23")
    # "Intazayane" is in no gazetteer; its nearest spelling is a well in Agadez: the next village
    # named, which the gazetteer has in Tahoua, places the event
    assert (event.location, event.admin1, event.geo_precision) == ("Bakorat", "Tahoua", 1)
    assert event.date_start == dt.date(2021, 3, 21) and event.fatalities_low == 137


def test_a_spelling_match_gives_way_to_a_listed_village_the_gazetteer_knows_by_name(geonames_gazetteer_path):
    from conflictwatch.geo import Geocoder

    engine = Engine(geocoder=Geocoder(geonames_gazetteer_path))
    # no region named: the list itself tells where ("Intazayane" is only a spelling of a wadi in Agadez)
    text = ("Armed men on motorbikes struck the villages of Intazayene, Bakorat, and Wistane near the border with "
            "Mali on Sunday, killing 137 people, a local official said.\n")
    [event] = run(engine, text, published="2021-03-22")
    assert (event.location, event.admin1) == ("Bakorat", "Tahoua")
    # a place that is the area of the first ("a village in the Ansongo circle") is no part of a list
    text = "On September 6, jihadists occupied Talataye, a village in the Ansongo circle, killing 30 civilians.\n"
    [event] = run(engine, text, published="2022-09-09")
    assert event.location != "Ansongo"


def test_the_toll_of_an_attack_is_a_toll_not_a_second_event(engine):
    text = ("Gunmen raided villages in central Mali on Sunday, local officials said.\n\n"
            "The death toll in an attack on villages in central Mali rose to at least 137 people, a "
            "government spokesman said on Monday.\n\n"
            "The government revised the death toll of the attack, which was previously estimated to be 60.\n")
    [event] = run(engine, text, published="2021-03-22")
    got = sorted((f.killed_low, f.status) for f in event.figures)
    assert got == [(60, "superseded"), (137, "current")]
    assert (event.fatalities_low, event.fatalities_high) == (137, 137)


def test_every_village_of_a_list_is_a_place():
    from conflictwatch.nlp import load_pipeline

    doc = load_pipeline()("Armed men struck the villages of Kalana, Tiby, and Wistane near the border with Mali.")
    assert [e.text for e in doc.ents if e.label_ == "GPE"] == ["Kalana", "Tiby", "Wistane", "Mali"]


def test_whom_it_was_told_to_and_who_put_the_toll_are_voices(engine):
    text = ("Gunmen attacked the village of Kalana in central Mali on Saturday. A local official told AFP "
            "that 45 civilians had been killed, while an MSA fighter put the civilian death toll at 30.\n")
    [event] = run(engine, text)
    assert event.actor1 == "Unidentified Armed Group (Mali)" and event.actor2 == "Civilians (Mali)"
    assert sorted((f.killed_low, f.source) for f in event.figures) == [
        (30, "MSA: Movement for Azawad Salvation"), (45, "local official")]


def test_a_people_named_by_its_adjective_tells_the_gazetteer_the_country():
    engine = Engine()
    doc = engine.nlp("In early June, the Burkinabe village of Solhan was the scene of the deadliest attack.")
    assert [(m.text, m.kind) for m in engine.people_countries(doc)] == [("Burkina Faso", "country")]
    [event] = run(engine, "In early June, the Burkinabe village of Solhan was the scene of the deadliest attack "
                          "the country had seen. The massacre left at least 160 people dead.", published="2021-06-14")
    assert event.fatalities_low == 160 and (event.date_start, event.date_end) == (dt.date(2021, 6, 1), dt.date(2021, 6, 10))


def test_a_date_under_since_is_a_comparison_not_the_event_date(engine):
    text = ("At least 160 people were killed in the massacre in Kalana, central Mali, on Saturday, making it the "
            "deadliest attack since the start of the war in 2015.\n")
    [event] = run(engine, text, published="2021-06-06")
    assert (event.date_start, event.historical, event.fatalities_low) == (dt.date(2021, 6, 5), False, 160)


def test_a_spokesman_named_by_surname_keeps_the_institution(engine):
    text = ("In Geneva, UN High Commissioner for Refugees spokesman Babar Baloch said that more than 3,300 people "
            "had fled after gunmen stormed into the village of Kalana in central Mali on Saturday.\n\n"
            "At least 138 men, women and children were executed, and nearly 40 were seriously wounded, Baloch said.\n")
    [event] = run(engine, text)
    # the voice is the institution the spokesman speaks for (however the parser hangs the phrase)
    [(killed, source)] = [(f.killed_low, f.source) for f in event.figures if f.killed_low]
    assert killed == 138 and source.startswith("UN High Commissioner")


def test_the_attack_refers_back_to_the_attack_not_to_the_last_event(engine):
    text = ("Gunmen returned to the village of Kalana in central Mali, which was hit by an attack on Friday night "
            "that left more than 100 people dead.\n\n"
            "One group clashed with soldiers in the village of Tiby, not far from Kalana.\n\n"
            "The village was emptied of its inhabitants.\n\n"
            "Officially, 132 people were killed in the attack on the village.\n")
    events = run(engine, text, published="2021-06-07")
    attack = [e for e in events if e.sub_event_type == "Attack"]
    clash = [e for e in events if e.sub_event_type == "Armed clash"]
    assert len(attack) == 1 and sorted(f.killed_low for f in attack[0].figures if f.killed_low) == [100, 132]
    assert all(not f.killed_low for e in clash for f in e.figures)


def test_civilians_killed_after_a_clash_are_not_the_armed_side(engine):
    text = ("Islamic State fighters seized the town of Kalana in central Mali on Wednesday after a battle with "
            "JNIM.\n\nA local official said 45 civilians had been killed.\n")
    events = run(engine, text, published="2022-09-09")
    [attack] = [e for e in events if any(f.killed_low == 45 for f in e.figures)]
    assert attack.actor2 == "Civilians (Mali)"


def test_a_superlatives_period_sums_nothing_up():
    from conflictwatch.engine import Engine
    from conflictwatch.models import Report
    text = ("The government of Burkina Faso says armed assailants have killed over 100 civilians in the west "
            "African country's deadliest attack in recent years.")
    result = Engine().extract(Report(id="t", text=text, published="2021-06-06", lang="en"))
    assert [(f.killed_low, f.source) for e in result.events for f in e.figures] == [
        (100, "government of Burkina Faso")]


def test_the_lives_of_a_count_however_the_parser_hangs_it():
    from conflictwatch.engine import Engine
    from conflictwatch.models import Report
    text = "A massacre that took the lives of more than 100 people was committed by child soldiers, UNICEF reported."
    result = Engine().extract(Report(id="t", text=text, published="2021-06-24", lang="en"))
    assert [f.killed_low for e in result.events for f in e.figures] == [100]


def test_a_headline_and_its_lede_are_one_attack_by_the_group_that_attacked():
    from conflictwatch.engine import Engine
    from conflictwatch.models import Report
    text = ("Nearly 50 killed in ISIS attack in Northern Mali\n"
            "Nearly 50 people were killed after ISIS-affiliated jihadists mounted an attack on a village in northern "
            "Mali, according to AFP.\n")
    result = Engine().extract(Report(id="t", text=text, published="2022-09-09", lang="en"))
    assert [(e.actor1, e.location, e.fatalities_low) for e in result.events] == [("Islamic State (Sahel)", "Mali", 50)]


def _told(text, published):
    from conflictwatch.engine import Engine
    from conflictwatch.models import Report
    result = Engine().extract(Report(id="t", text=text, published=published, lang="en"))
    return [(f.killed_low, f.source) for e in result.events for f in e.figures]


def test_a_total_of_is_the_qualifier_of_one_attacks_count():
    text = "The Ministry of Defence of Niger confirmed that a total of 71 soldiers were killed, another 12 were injured."
    assert _told(text, "2019-12-13") == [(71, "Ministry of Defence")]


def test_a_figure_given_without_a_voice_is_the_named_partys_same_figure():
    text = ("The attack on a barracks in a remote area of Niger on December 11 killed at least 71 soldiers.\n\n"
            "The Ministry of Defence of Niger confirmed that 71 soldiers were killed.\n")
    assert _told(text, "2019-12-13") == [(71, "Ministry of Defence"), (71, "Ministry of Defence")]


def test_the_next_sentence_retelling_the_event_gives_the_ledes_voice():
    text = ("At least 137 people were killed last weekend in an attack by armed individuals against several villages "
            "in the Tahoua region. Villages in the area were attacked on Sunday by unidentified individuals, "
            "according to the government spokesman.\n")
    assert _told(text, "2021-03-23") == [(137, "government spokesman")]
    # a sentence telling something else with its voice gives the lede nothing
    text = "Gunmen killed 20 people in Solhan on Sunday. The army launched an operation in the area, according to a spokesman.\n"
    assert _told(text, "2021-03-23") == [(20, None)]


def test_what_describes_the_speaker_tells_no_event_and_names_no_agent():
    # the apposition "one of the groups that fought in the clashes" describes the speaker; the
    # acronym beside the speaker's organisation is the organisation, a voice and no party to the killing
    text = ("Gunmen attacked the village of Kalana on Tuesday.\n\n"
            "An official from the Movement for the Salvation of Azawad (MSA), one of the armed groups involved "
            "in the clashes, put the civilian death toll at 30 and said many people had fled.\n")
    result = Engine().extract(Report(id="t", text=text, published="2022-09-09", lang="en"))
    figures = [(f.killed_low, f.source, f.status) for e in result.events for f in e.figures]
    assert figures == [(30, "official from MSA: Movement for Azawad Salvation", "current")]
    assert not any(c.figures for e in result.events for c in e.claims)
    assert all(e.actor1 != "MSA: Movement for Azawad Salvation" for e in result.events)


def test_this_is_the_toll_given_by_names_the_voice_of_the_figure_before():
    text = ("Forty civilians were killed in an attack on Kalana, according to the latest report.\n\n"
            "The attack on the night of Saturday to Sunday resulted in the death of 40 people. This is the toll "
            "given by the government a day after an initial count of 25 civilian deaths.\n")
    assert sorted(_told(text, "2022-06-14")) == [(25, "government"), (40, "government"), (40, "government")]


def test_who_confirms_the_toll_just_told_is_its_voice():
    text = ("At least 60 villagers were killed in an attack on Kalana, in northern Mali.\n\n"
            "The gunmen arrived on motorbikes at dawn.\n\n"
            "Confirming the death toll on Tuesday, a security source said that no group had claimed the attack.\n")
    assert _told(text, "2022-06-14") == [(60, "security source")]
    # a toll not confirmed gives no voice
    text = text.replace("Confirming the death toll on Tuesday, a security source said that no group had claimed "
                        "the attack.", "The army did not confirm the death toll.")
    assert _told(text, "2022-06-14") == [(60, None)]


def test_an_acronym_given_with_the_full_name_is_that_party_later():
    text = ("An attack on the village of Kalana killed more than 40 people, the United Nations Children's Fund "
            "(UNICEF) said on Thursday.\n\n"
            "UNICEF reported 45 deaths in the Kalana attack, many of them children.\n")
    assert _told(text, "2021-06-24") == [(40, "United Nations Children's Fund"), (45, "United Nations Children's Fund")]


def test_a_toll_that_makes_the_attack_the_deadliest_since_a_year_is_no_period_summed_up():
    text = ("Gunmen attacked the village of Kalana on Friday.\n\n"
            "The death toll of 58 made the attack the deadliest since 2015, a spokesman said.\n")
    assert _told(text, "2021-06-08") == [(58, "spokesman")]
    # a period summed up stays a summary
    text = "Gunmen attacked the village of Kalana on Friday.\n\nViolence has killed 2,000 people since 2015, a spokesman said.\n"
    assert _told(text, "2021-06-08") == []


@pytest.mark.parametrize("text, expected", [
    ("The secretary-general is outraged by the killing of more than 40 civilians in an attack on Kalana, "
     "a spokesman said.", [(40, "spokesman")]),
    ("The minister condemns the massacre of 40 villagers in Kalana.", [(40, None)]),
    ("The army must act to prevent the killing of 40 villagers in Kalana.", []),
])
def test_a_reaction_in_the_present_to_a_counted_killing_tells_it(text, expected):
    assert _told(text, "2021-06-08") == expected


def test_a_killing_told_bare_after_a_strike_is_its_toll(engine):
    """ACLED counts the people a strike killed in the strike: a killing told with nobody, no place
    and no date of its own joins the strike told before it (coreference.yaml compatible_types)."""
    text = "On 12 May 2023, Israeli military airplanes struck a house in Rafah, Gaza Strip. At least 2 persons were killed."
    (event,) = run(engine, text)
    assert (event.sub_event_type, event.actor1) == ("Air/drone strike", "Military Forces of Israel (2022-)")
    assert event.fatalities_best == 2
    assert "merged with a later mention" in event.notes


def test_a_killing_with_its_own_agent_or_place_stays_an_event(engine):
    """Gunmen named, or another place: another incident, not the shelling's toll."""
    for second, place in (("Gunmen killed two civilians.", "Kharkiv"), ("Two civilians were killed in Izium.", "Izium")):
        events = run(engine, f"On 5 May 2023, Russian forces shelled Kharkiv. {second}")
        assert sorted(e.sub_event_type for e in events) == ["Attack", "Shelling/artillery/missile attack"], second
        (attack,) = [e for e in events if e.sub_event_type == "Attack"]
        assert (attack.location, attack.fatalities_best) == (place, 2)
