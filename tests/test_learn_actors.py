"""Actors learned from ACLED-coded rows (conflictwatch.learn.actors), on small invented rows."""

from __future__ import annotations

import datetime as dt
import itertools
from pathlib import Path

import pytest

from conflictwatch.learn.acled import ModelError, iter_rows
from conflictwatch.learn.actors import ActorBook, ActorModel, split_name
from conflictwatch.learn.model import CodedModel
from conflictwatch.lexicon import load_lexicon

SHARED = Path(__file__).parents[1].parent / "shared"
TRAIN = SHARED / "data" / "acled-train" / "acled_events.csv.gz"

_ids = itertools.count()


def row(notes: str, actor1: str, actor2: str = "", *, country: str, iso3: str, date: str = "2020-05-01",
        inter1: str = "2", inter2: str = "", sub: str = "Armed clash") -> dict[str, str]:
    return {"event_id_cnty": f"X{next(_ids)}", "event_date": date, "country": country, "iso3": iso3,
            "actor1": actor1, "actor2": actor2, "inter1": inter1, "inter2": inter2, "assoc_actor_1": "",
            "assoc_actor_2": "", "notes": notes, "sub_event_type": sub}


def invented_rows() -> list[dict[str, str]]:
    rows = []
    for i in range(12):  # the Taliban against the Afghan police and army, in two periods of the state
        year = 2019 if i % 2 else 2022
        state = "(2004-2021)" if year == 2019 else "(2021-)"
        rows.append(row(f"Taliban militants attacked a police checkpoint in Village{i}, killing policemen.",
                        "Taliban", f"Police Forces of Afghanistan {state}", country="Afghanistan", iso3="AFG",
                        date=f"{year}-0{1 + i % 9}-10", inter2="1"))
        rows.append(row(f"Taliban fighters clashed with soldiers near Town{i}.", "Taliban",
                        f"Military Forces of Afghanistan {state}", country="Afghanistan", iso3="AFG",
                        date=f"{year}-0{1 + i % 9}-12", inter2="1"))
    for i in range(8):  # "ISIS" is the Islamic State of the country it fights in
        rows.append(row(f"ISIS attacked a checkpoint in Hamlet{i}.", "Islamic State (Iraq)", country="Iraq", iso3="IRQ"))
        rows.append(row(f"ISIS fighters ambushed a patrol in Camp{i}.", "Islamic State (Syria)", country="Syria", iso3="SYR"))
        rows.append(row(f"Fulani militiamen killed herders in Bush{i}.", "Fulani Ethnic Militia (Nigeria)",
                        "Civilians (Nigeria)", country="Nigeria", iso3="NGA", inter1="4", inter2="7", sub="Attack"))
    for i in range(6):  # protests: coded by the protesters of the country
        rows.append(row(f"Residents protested in Market{i} against prices.", "Protesters (Kenya)", country="Kenya",
                        iso3="KEN", inter1="6", sub="Peaceful protest"))
    for i in range(4):  # a rare phrase (under the frequency threshold)
        rows.append(row(f"The Wolf Battalion raided Farm{i}.", "Wolves Brigade", country="Syria", iso3="SYR", inter1="3"))
    for i in range(10):  # a frequent phrase that names no coded actor (in half the events only)
        actor = "Hamza Division" if i % 2 else "Sham Legion"
        rows.append(row(f"Heavy shelling was reported near Outpost Zero{i}.", actor, country="Syria", iso3="SYR",
                        inter1="3", sub="Shelling/artillery/missile attack"))
    return rows


@pytest.fixture(scope="module")
def fitted() -> tuple[ActorModel, dict]:
    model = ActorModel()
    figures = model.fit(invented_rows())
    return model, figures


@pytest.fixture(scope="module")
def book(fitted) -> ActorBook:
    return ActorBook(fitted[0], load_lexicon())


def test_split_name_reads_the_family_and_country():
    iso = {"Afghanistan": "AF", "Philippines": "PH", "Iraq": "IQ"}
    assert split_name("Military Forces of Afghanistan (2004-2021)", iso) == (
        "Military Forces of Afghanistan", "Military Forces of {country}", "AF")
    assert split_name("Police Forces of the Philippines (2016-)", iso) == (
        "Police Forces of the Philippines", "Police Forces of {country}", "PH")
    assert split_name("Islamic State (Iraq)", iso) == ("Islamic State (Iraq)", "Islamic State ({country})", "IQ")
    assert split_name("Islamic State (Sahel)", iso) == ("Islamic State (Sahel)", "Islamic State ({country})", None)
    assert split_name("Taliban", iso) == ("Taliban", None, None)


def test_fit_records_names_countries_inter_and_years(fitted):
    model, figures = fitted
    taliban = model.groups["Taliban"]
    assert taliban["inter"] == 2 and taliban["countries"] == {"AF": 24}
    police = model.groups["Police Forces of Afghanistan"]
    assert [v[0] for v in police["variants"]] == ["Police Forces of Afghanistan (2004-2021)",
                                                  "Police Forces of Afghanistan (2021-)"]
    assert police["variants"][0][1] == "2019-01-10" and police["inter"] == 1
    assert model.groups["Islamic State (Iraq)"]["family"] == "Islamic State ({country})"
    assert figures["groups"] == len(model.groups)
    assert figures["held_out_rows"] + figures["fit_rows"] == len(invented_rows())


def test_alias_mining_thresholds(fitted):
    model, figures = fitted
    assert model.aliases["Taliban"] == "g:Taliban"
    assert model.aliases["ISIS"] == "f:Islamic State ({country})"  # ambiguous: named by the country
    assert model.aliases["Fulani"] == "g:Fulani Ethnic Militia (Nigeria)"  # "Fulani militiamen": through "Fulani"
    assert "Fulani militiamen" not in model.aliases and "Taliban militants" not in model.aliases
    assert "Wolf Battalion" not in model.aliases  # 4 events: under min_count (5)
    assert "Heavy" not in model.aliases and "shelling" not in model.aliases  # 50% precision
    assert "Outpost" not in model.aliases
    # the held-out check is recorded, and on these rows every alias found names a coded actor
    assert figures["held_out_alias_precision"] in (None, 1.0)
    assert figures["default_actor1"]["Peaceful protest"] == "f:Protesters ({country})"


def test_round_trip(fitted, tmp_path):
    model, _ = fitted
    model.to_disk(tmp_path)
    again = ActorModel.from_disk(tmp_path)
    assert again.aliases == model.aliases and again.groups == model.groups and again.defaults == model.defaults


def test_from_disk_refuses_a_bad_file(tmp_path):
    with pytest.raises(ModelError, match="actors.json.gz: missing"):
        ActorModel.from_disk(tmp_path)
    (tmp_path / "actors.json.gz").write_bytes(b"not gzip")
    with pytest.raises(ModelError, match="actors.json.gz: unreadable"):
        ActorModel.from_disk(tmp_path)


def test_ambiguous_alias_is_named_by_country(book):
    isis = book.actor("cw:f:Islamic State ({country})")
    assert book.name(isis, None, "IQ") == "Islamic State (Iraq)"
    assert book.name(isis, None, "SY") == "Islamic State (Syria)"
    army = book.actor("cw:f:Military Forces of {country}")
    assert book.name(army, dt.date(2019, 6, 1), "AF") == "Military Forces of Afghanistan (2004-2021)"
    assert book.name(army, dt.date(2023, 6, 1), "AF") == "Military Forces of Afghanistan (2021-)"


def test_templates_for_a_country_not_in_the_rows(book):
    patterns = {p["pattern"]: p["id"] for p in book.patterns()}
    chad_army = book.actor(patterns["Chadian army"])
    assert chad_army.name == "Military Forces of Chad" and chad_army.countries == ("TD",)
    assert book.name(book.actor(patterns["Afghan police"]), dt.date(2019, 3, 1), "PK") == \
        "Police Forces of Afghanistan (2004-2021)"  # the demonym names the country, not the event's
    protesters = book.default_actor("Peaceful protest")
    assert book.name(protesters, None, "CL") == "Protesters (Chile)"
    assert book.name(book.actor(patterns["police"]), None, "TD") == "Police Forces of Chad"
    assert book.state_forces("NE").name == "Military Forces of Niger"


def test_dictionary_wins_for_its_countries(book):
    patterns = {p["pattern"]: p["id"] for p in book.patterns()}
    isis = book.actor(patterns["ISIS"])  # actors.yaml: ISIS is Islamic State (Sahel) in Mali, Niger, Burkina Faso
    assert book.name(isis, None, "ML") == "Islamic State (Sahel)"
    assert book.name(isis, None, "IQ") == "Islamic State (Iraq)"
    assert "Malian army" not in patterns or "Military Forces of Mali" in book.actor(patterns["Malian army"]).name


def test_engine_names_learned_actors(fitted):
    from conflictwatch.engine import Engine
    from conflictwatch.models import Report

    engine = Engine(coded=CodedModel(components={"actors": fitted[0]}))
    text = "On 3 May 2020, Taliban militants attacked a police post in Zabul, killing 5 policemen."
    result = engine.extract(Report(id="t1", text=text, published="2020-05-04"))
    assert len(result.events) == 1
    event = result.events[0]
    assert event.actor1 == "Taliban" and event.inter1 == 2
    assert event.actor2 == "Police Forces of Afghanistan (2004-2021)"
    assert event.fatalities_best == 5


def test_pipeline_without_learned_actors_has_no_actor_ruler(book):
    from conflictwatch.nlp import load_pipeline

    assert "cw_actor_ruler" not in load_pipeline().pipe_names
    assert load_pipeline(None, book).pipe_names.index("cw_actor_ruler") < load_pipeline(None, book).pipe_names.index("ner")


@pytest.mark.skipif(not TRAIN.exists(), reason=f"the ACLED training data is not at {TRAIN}")
def test_real_train_rows():
    rows = list(itertools.islice(iter_rows(TRAIN, split="train"), 8000))
    model = ActorModel()
    figures = model.fit(rows)
    assert figures["groups"] > 200 and figures["aliases"] > 100
    assert figures["held_out_alias_precision"] is not None and figures["held_out_alias_precision"] >= 0.8
    assert "Military Forces of {country}" in model.families


def test_names_of_one_period_follow_the_record():
    """ACLED renamed "(2016-)" to "(2016-2022)" when the period closed: events coded before the
    renaming keep the open name; a new regime's name still holds from the end of its first year."""
    from conflictwatch.learn.actors import _period_names

    variants = [["Police Forces of Ruritania (2010-2016)", "2011-02-01", "2016-05-30", 40],
                ["Police Forces of Ruritania (2016-)", "2016-07-02", "2020-12-30", 900],
                ["Police Forces of Ruritania (2016-2022)", "2022-01-05", "2022-06-20", 8],
                ["Police Forces of Ruritania (2022-)", "2024-03-01", "2024-09-01", 3]]
    names = _period_names(variants, None)

    def on(day: str) -> str:
        d = dt.date.fromisoformat(day)
        return next(p.name for p in names if p.holds_on(d))

    assert on("2018-06-08") == "Police Forces of Ruritania (2016-)"
    assert on("2022-03-01") == "Police Forces of Ruritania (2016-2022)"
    assert on("2023-01-10") == "Police Forces of Ruritania (2022-)"
    assert on("2014-01-10") == "Police Forces of Ruritania (2010-2016)"


def test_state_forces_named_by_short_forms_means_and_the_country_name(book):
    patterns = {p["pattern"]: p["id"] for p in book.patterns()}
    # "US forces": a short form written where the demonym stands; "us forces" is no country
    assert book.actor(patterns["US forces"]).countries == ("US",)
    assert book.actor(patterns["U.S. troops"]).countries == ("US",)
    assert "us forces" not in patterns
    # the means and members of a country's forces ("Russian servicemen", "Israeli gunboats")
    assert book.actor(patterns["Russian servicemen"]).name == "Military Forces of Russia"
    assert book.actor(patterns["Chadian helicopters"]).name == "Military Forces of Chad"
    assert book.actor(patterns["Philippine marines"]).countries == ("PH",)
    assert book.actor(patterns["forces of the Philippines"]).countries == ("PH",)
    # "military forces of Russia", "police forces of Chad": the country written by its name
    assert book.actor(patterns["military forces of Russia"]).name == "Military Forces of Russia"
    assert book.name(book.actor(patterns["police forces of Chad"]), None, "NE") == "Police Forces of Chad"


def test_the_side_a_country_names_first_in_battles_is_learned():
    rows = []
    for i in range(40):  # the Philippines: the rebels first, whoever the note names first
        r = row(f"Soldiers clashed with NPA rebels in Barangay{i}.", "NPA: New People's Army",
                "Military Forces of the Philippines (2016-)", country="Philippines", iso3="PHL", inter2="1")
        rows.append({**r, "event_type": "Battles"})
    for i in range(40):  # Kenya: either order
        pair = ("Al Shabaab", "Military Forces of Kenya (2013-)") if i % 2 else ("Military Forces of Kenya (2013-)", "Al Shabaab")
        r = row(f"Al Shabaab fighters and soldiers clashed near Post{i}.", *pair, country="Kenya", iso3="KEN",
                inter1="2" if i % 2 else "1", inter2="1" if i % 2 else "2")
        rows.append({**r, "event_type": "Battles"})
    for i in range(5):  # too few battles to tell
        r = row(f"Soldiers fought rebels near Hill{i}.", "Military Forces of Chad (2021-)", "FACT", country="Chad",
                iso3="TCD", inter1="1")
        rows.append({**r, "event_type": "Battles"})
    model = ActorModel()
    figures = model.fit(rows)
    assert model.state_first == {"KE": 0.5, "PH": 0.0}
    assert figures["battle_sides_countries"] == 2
    book = ActorBook(model, load_lexicon())
    assert [book.state_forces_first(iso) for iso in ("PH", "KE", "TD", None)] == [False, None, None, None]


def test_a_battle_takes_the_countrys_order_of_sides(engine):
    from conflictwatch.models import Report

    def sides(text):
        return [(e.actor1, e.actor2) for e in engine.extract(Report(id="t", text=text, published="2019-05-10")).events]

    # the shipped model: ACLED names the rebels first in the Philippines' battles, the text's order elsewhere
    assert sides("On 3 May 2019, soldiers clashed with NPA rebels in Monkayo, Davao de Oro.") == [
        ("NPA: New People's Army", "Military Forces of the Philippines (2016-)")]
    assert sides("On 3 May 2019, soldiers clashed with Al Shabaab militants in Garissa, Kenya.") == [
        ("Military Forces of Kenya (2013-)", "Al Shabaab")]


def test_the_unit_acled_names_for_a_sub_type_is_learned():
    rows = []
    for i in range(25):  # Russia's air strikes: its Air Force's, nearly always
        unit = "" if i == 0 else " Air Force"
        rows.append(row(f"Russian forces launched air strikes on Village{i}.", f"Military Forces of Russia (2000-){unit}",
                        country="Ukraine", iso3="UKR", inter1="8", sub="Air/drone strike"))
    for i in range(25):  # its shelling: no unit
        rows.append(row(f"Russian forces shelled Town{i}.", "Military Forces of Russia (2000-)", country="Ukraine",
                        iso3="UKR", inter1="8", sub="Shelling/artillery/missile attack"))
    model = ActorModel()
    model.fit(rows)
    assert model.units == {"Military Forces of Russia|Air/drone strike": "Air Force"}
    book = ActorBook(model, load_lexicon())
    assert book.unit_of("Military Forces of Russia (2000-)", "Air/drone strike") == "Military Forces of Russia (2000-) Air Force"
    assert book.unit_of("Military Forces of Russia (2000-)", "Shelling/artillery/missile attack") is None
    assert book.unit_of("Military Forces of Russia (2000-) Navy", "Air/drone strike") is None  # a unit already
    assert book.unit_of("Taliban", "Air/drone strike") is None


def test_the_shipped_model_names_the_air_force_of_russias_strikes(engine):
    from conflictwatch.models import Report

    (e,) = engine.extract(Report(id="t", text="On 3 May 2024, Russian forces launched air strikes at Kharkiv.",
                                 published="2024-05-10")).events
    assert (e.sub_event_type, e.actor1) == ("Air/drone strike", "Military Forces of Russia (2000-) Air Force")


def test_a_name_and_the_verb_after_it_is_no_alias():
    """"the Viper Gang attacked ..." is the gang's name and a verb: the phrase is never mined, the
    name is (even over the longest phrase length, max_words)."""
    gang = "Baz Vipe Gran Lakou de Viper Gang"  # six words and a connector: longer than max_words
    verbs = ["attacked", "killed", "shot", "kidnapped", "looted", "burned"]
    rows = [row(f"On 3 May 2024, the {gang} {verbs[i % len(verbs)]} residents in Lakou{i}.", gang,
                "Civilians (Haiti)", country="Haiti", iso3="HTI", inter1="3", inter2="7", sub="Attack")
            for i in range(30)]
    model = ActorModel()
    model.fit(rows)
    assert model.aliases[gang] == f"g:{gang}"
    assert not [a for a in model.aliases if a.split()[-1] in verbs]


def test_an_acronym_that_is_a_stop_word_names_with_a_noun_after_it():
    rows = invented_rows() + [row(f"IS militants attacked a checkpoint in Hamlet{i}.", "Islamic State (Iraq)",
                                  country="Iraq", iso3="IRQ") for i in range(8)]
    rows += [row(f"Protesters gathered at {i} AM in Square{i}.", "Protesters (Iraq)", country="Iraq", iso3="IRQ",
                 inter1="6", sub="Peaceful protest") for i in range(8)]
    model = ActorModel()
    model.fit(rows)
    assert model.aliases["IS militants"] == "g:Islamic State (Iraq)"  # only ever written in Iraq here
    assert "IS" not in model.aliases and "AM" not in model.aliases


def test_the_family_of_isis_is_named_by_country(book):
    """actor_templates.yaml family_aliases: ISIS, ISIL and Daesh name the Islamic State of the
    event's country (the dictionary keeps ISIS for the Sahel's countries)."""
    patterns = {p["pattern"]: p["id"] for p in book.patterns()}
    for alias in ("ISIL", "Daesh"):
        actor = book.actor(patterns[alias])
        assert book.name(actor, None, "IQ") == "Islamic State (Iraq)"
        assert book.name(actor, None, "SY") == "Islamic State (Syria)"


def test_a_longer_name_outgrows_a_one_word_alias_of_another_group():
    """"Resistance" is mined for one country's committees; "National Resistance forces" written in
    another country's notes names its own group, and stays an alias (the ruler reads the longest);
    a phrase holding a longer alias ("Rebel Front fighters") or two names joined by "and" does not."""
    rows = [row(f"Resistance members blocked the road in Quarter{i}.", "Resistance Committees (Sudan)",
                country="Sudan", iso3="SDN", inter1="3", sub="Attack") for i in range(150)]
    rows += [row(f"National Resistance forces fired mortars at Hill{i}.", "National Resistance Forces",
                 "Military Forces of Yemen (2016-) Supreme Political Council", country="Yemen", iso3="YEM",
                 inter1="3", inter2="1", sub="Shelling/artillery/missile attack") for i in range(12)]
    rows += [row(f"Tana and Borana men clashed in Well{i}.", "Tana Ethnic Militia (Kenya)",
                 "Borana Ethnic Militia (Kenya)", country="Kenya", iso3="KEN", inter1="4", inter2="4")
             for i in range(12)]
    rows += [row(f"Residents protested in Market{i}.", "Protesters (Kenya)", country="Kenya", iso3="KEN",
                 inter1="6", sub="Peaceful protest") for i in range(400)]
    model = ActorModel()
    model.fit(rows)
    assert model.aliases["Resistance"] == "g:Resistance Committees (Sudan)"
    national = {a: t for a, t in model.aliases.items() if a.startswith("National Resistance")}
    assert national and set(national.values()) == {"g:National Resistance Forces"}
    assert "Tana and Borana" not in model.aliases


def test_an_acronym_names_the_group_it_singles_out_and_so_does_its_spelling_out():
    """"OLA" (the Oromo Liberation Army, which the record codes as the OLF) is written beside the army
    it fights as often as beside itself; it names the rarer group the notes single it out with, not
    the army most events code. "Oromo Liberation Army" is the acronym's group too, though the notes
    that spell it out also give the acronym."""
    rows = []
    for i in range(40):  # the army fights everybody
        rows.append(row(f"Soldiers patrolled near Post{i}.", "Military Forces of Ethiopia (2018-)",
                        country="Ethiopia", iso3="ETH", inter1="1", sub="Armed clash"))
    for i in range(12):
        rows.append(row(f"OLA fighters clashed with soldiers near Hill{i}." if i % 2 else
                        f"The Oromo Liberation Army (OLA) ambushed soldiers near Hill{i}.",
                        "Military Forces of Ethiopia (2018-)", "OLF: Oromo Liberation Front",
                        country="Ethiopia", iso3="ETH", inter1="1", inter2="2"))
    rows += [row(f"Residents protested in Market{i}.", "Protesters (Kenya)", country="Kenya", iso3="KEN",
                 inter1="6", sub="Peaceful protest") for i in range(100)]
    model = ActorModel()
    model.fit(rows)
    assert model.aliases["OLA"] == "g:OLF: Oromo Liberation Front"
    spelled = {t for a, t in model.aliases.items() if a in "Oromo Liberation Army"}  # the name, or words of it
    assert spelled == {"g:OLF: Oromo Liberation Front"}


def test_a_local_branch_is_named_by_its_place_and_the_groups_acronym(book):
    model = ActorModel()
    model.fit([row(f"The Indaw People's Defense Force attacked soldiers near Village{i}.",
                   "People's Defense Force - Indaw", "Military Forces of Myanmar (2021-)", country="Myanmar",
                   iso3="MMR", inter1="3", inter2="1") for i in range(6)])
    branches = ActorBook(model, load_lexicon())
    assert branches.branch("PDF", "Indaw").name == "People's Defense Force - Indaw"
    assert branches.branch("People's Defense Forces", "indaw").name == "People's Defense Force - Indaw"
    assert branches.branch("PDF", "Pauk") is None  # a branch the record does not code
    assert branches.branch("KIA", "Indaw") is None


def test_a_note_labels_usual_actor_is_learned_country_by_country():
    """"Displacement: ..." notes code the civilians who fled in every country: the label's usual
    actor1. "Property destruction: ..." notes code the army in one country only: no usual actor."""
    rows = []
    for iso3, country in (("UKR", "Ukraine"), ("MLI", "Mali"), ("SOM", "Somalia")):
        rows += [row(f"Displacement: On 3 May 2022, families fled Town{i}.", f"Civilians ({country})", country=country,
                     iso3=iso3, inter1="7", sub="Other") for i in range(8)]
    rows += [row(f"Property destruction: On 3 May 2022, soldiers demolished House{i}.", "Military Forces of Israel (2022-)",
                 country="Palestine", iso3="PSE", inter1="1", sub="Looting/property destruction") for i in range(30)]
    for iso3, country in (("FRA", "France"), ("MLI", "Mali")):
        rows += [row(f"Property destruction: On 3 May 2022, unknown persons damaged Shop{i}.",
                     f"Unidentified Armed Group ({country})", country=country, iso3=iso3, inter1="3",
                     sub="Looting/property destruction") for i in range(6)]
    model = ActorModel()
    model.fit(rows)
    assert model.defaults["heading:displacement"] == "f:Civilians ({country})"
    assert "heading:property destruction" not in model.defaults
    book = ActorBook(model, load_lexicon())
    assert book.name(book.default_actor("Other", "displacement"), None, "UA") == "Civilians (Ukraine)"


def test_a_group_the_record_only_associates_takes_the_inter_of_its_side():
    rows = [row(f"Gunmen killed Tuareg herders in Camp{i}.", "Unidentified Armed Group (Mali)", "Civilians (Mali)",
                country="Mali", iso3="MLI", inter1="3", inter2="7", sub="Attack") for i in range(6)]
    for r in rows:
        r["assoc_actor_2"] = "Tuareg Ethnic Group (Mali)"
    model = ActorModel()
    model.fit(rows)
    assert model.groups["Tuareg Ethnic Group (Mali)"]["inter"] == 7  # no armed group (it was None, read as 3)
    assert model.groups["Civilians (Mali)"]["inter"] == 7
    assert model.groups["Unidentified Armed Group (Mali)"]["countries"] == {"ML": 6}


def test_a_note_labels_usual_actor_in_one_country_is_that_countrys_group():
    """Under "Interception: ..." the record codes the country's own army where it intercepts, whichever
    army it codes most there; a label usual in one country only is usual there only."""
    rows = [row(f"Interception: On 3 May 2022, a drone was shot down over Town{i}.", "Military Forces of Ukraine (2019-)",
                country="Ukraine", iso3="UKR", inter1="1", sub="Disrupted weapons use") for i in range(25)]
    rows += [row(f"On 3 May 2022, Russian forces shelled Town{i}.", "Military Forces of Russia (2000-)",
                 country="Ukraine", iso3="UKR", inter1="1", sub="Shelling/artillery/missile attack") for i in range(60)]
    rows += [row(f"Interception: On 3 May 2022, a rocket was shot down over Town{i}.", "Hamas Movement",
                 country="Palestine", iso3="PSE", inter1="2", sub="Disrupted weapons use") for i in range(3)]
    model = ActorModel()
    model.fit(rows)
    assert model.defaults["heading:interception@UA"] == "g:Military Forces of Ukraine"
    assert "heading:interception@PS" not in model.defaults  # three notes are too few
    book = ActorBook(model, load_lexicon())
    actor = book.default_actor("Disrupted weapons use", "interception", "UA")
    assert book.name(actor, dt.date(2022, 5, 3), "UA") == "Military Forces of Ukraine (2019-)"



def test_a_word_of_the_events_own_place_is_no_alias():
    """"DC" of "Washington DC" is written in the notes of the protests coded there, yet it names the
    place: a phrase that is mostly part of its events' own place name (location or admin areas) is no alias."""
    rows = []
    for i in range(40):
        r = row(f"People marched in Kingsport DC on Day{i} against the war.", "Protesters (United States)",
                country="United States", iso3="USA", inter1="6", sub="Peaceful protest")
        rows.append({**r, "location": "Kingsport DC", "admin1": "Kingsport District"})
    rows += [row(f"Residents protested in Market{i}.", "Protesters (Kenya)", country="Kenya", iso3="KEN",
                 inter1="6", sub="Peaceful protest") for i in range(100)]
    rows += [row(f"Soldiers patrolled near Post{i}.", "Military Forces of Kenya (2013-)", country="Kenya", iso3="KEN",
                 inter1="1", sub="Armed clash") for i in range(100)]
    model = ActorModel()
    model.fit(rows)
    assert "DC" not in model.aliases and "Kingsport DC" not in model.aliases
