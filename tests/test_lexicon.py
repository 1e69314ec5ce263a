"""The dictionaries are data: they load, validate, and say what the engine relies on."""

from __future__ import annotations

import datetime as dt

import pytest
import yaml

from conflictwatch import lexicon
from conflictwatch.lexicon import LexiconError, load_lexicon
from conflictwatch.taxonomy import sub_types


def test_all_files_load_and_version_is_stable():
    lex = load_lexicon()
    assert len(lex.version) == 16
    assert lex.version == load_lexicon().version


def test_actor_names_follow_acled_and_carry_inter_codes():
    actors = load_lexicon().actors
    assert actors.by_name("Islamic State (Sahel)").inter == 2
    assert actors.by_name("MSA: Movement for Azawad Salvation").inter == 3
    assert actors.by_name("GATIA: Imghad Tuareg and Allies Self-Defense Group").inter == 3
    mali = actors.by_name("Military Forces of Mali (2021-)")
    assert mali.inter == 1
    assert mali.name_on(dt.date(2022, 3, 13)) == "Military Forces of Mali (2021-)"
    assert mali.name_on(dt.date(2021, 1, 10)) == "Military Forces of Mali (2020-2021)"
    assert actors.civilians.name_template.format(country="Mali") == "Civilians (Mali)"


def test_islamic_state_aliases_include_its_older_names():
    aliases = load_lexicon().actors.by_name("Islamic State (Sahel)").aliases
    for alias in ("Islamic State in the Greater Sahara", "ISGS", "Sahel Province"):
        assert alias in aliases


def test_every_trigger_points_to_a_real_acled_sub_type():
    valid = set(sub_types())
    for trig in load_lexicon().triggers.triggers:
        targets = [trig.sub_event_type] if trig.sub_event_type else list(trig.by_target.values())
        for target in targets:
            assert target in valid, (trig.lemmas, target)


def test_kill_words_depend_on_the_target():
    kill = next(t for t in load_lexicon().triggers.triggers if "kill" in t.lemmas)
    assert kill.sub_type_for("civilian") == "Attack"
    assert kill.sub_type_for("armed") == "Armed clash"
    assert kill.lethal


def test_victim_groups():
    victims = load_lexicon().victims
    assert victims.group_of("civilian") == "civilian"
    assert victims.group_of("militant") == "armed"
    assert victims.group_of("people") == "people"
    assert victims.group_of("market") is None


def test_duplicate_alias_across_actors_is_rejected(tmp_path, monkeypatch):
    raw = yaml.safe_load((lexicon.DATA_DIR / "actors.yaml").read_text())
    raw["actors"][1]["aliases"].append("ISGS")  # already an alias of the Islamic State (Sahel)
    (tmp_path / "actors.yaml").write_text(yaml.safe_dump(raw))
    monkeypatch.setenv("CONFLICTWATCH_DATA", str(tmp_path))
    with pytest.raises(LexiconError, match="ISGS"):
        lexicon.load_file("actors", lexicon.ActorsFile)


def test_user_override_folder_replaces_a_file(tmp_path, monkeypatch):
    (tmp_path / "victims.yaml").write_text("nouns: {civilian: [villager]}\ninjured: []\ndead: []\n")
    monkeypatch.setenv("CONFLICTWATCH_DATA", str(tmp_path))
    victims, _ = lexicon.load_file("victims", lexicon.VictimsFile)
    assert victims.group_of("villager") == "civilian"
    assert victims.group_of("civilian") is None


def test_malformed_file_names_the_file(tmp_path, monkeypatch):
    (tmp_path / "triggers.yaml").write_text("triggers:\n  - lemmas: [kill]\n")  # no sub-type
    monkeypatch.setenv("CONFLICTWATCH_DATA", str(tmp_path))
    with pytest.raises(LexiconError, match="triggers.yaml"):
        lexicon.load_file("triggers", lexicon.TriggersFile)


def test_actor_kinds_come_from_context_yaml():
    ctx = load_lexicon().context
    assert ctx.kind_of_actor(["armed", "state"], 1) == "state"
    assert ctx.kind_of_actor(["armed", "non_state", "jihadist"], 2) == "non_state"
    assert (ctx.kind_of_actor([], 6), ctx.kind_of_actor([], 5), ctx.kind_of_actor([], 7)) == ("protesters", "crowd", "crowd")
    assert ctx.kind_of_actor([], None) is None and ctx.kind_of_actor([], 8) is None
    assert ctx.target_prepositions == ("on", "against", "at")
    assert load_lexicon().triggers.negation_prefixes == ("non",)


def test_coreference_rules_are_validated(tmp_path, monkeypatch):
    raw = yaml.safe_load((lexicon.DATA_DIR / "coreference.yaml").read_text())
    assert ["Violence against civilians", "Explosions/Remote violence"] in raw["coreference"]["compatible_types"]
    raw["coreference"]["compatible_types"].append(["Violence against civilians", "Massacres"])
    (tmp_path / "coreference.yaml").write_text(yaml.safe_dump(raw))
    monkeypatch.setenv("CONFLICTWATCH_DATA", str(tmp_path))
    with pytest.raises(LexiconError, match="(?s)coreference.yaml.*Massacres. is not an ACLED event type"):
        lexicon.load_file("coreference", lexicon.CoreferenceFile)
    raw["coreference"]["compatible_types"].pop()
    raw["coreference"]["place_km"] = -5
    (tmp_path / "coreference.yaml").write_text(yaml.safe_dump(raw))
    with pytest.raises(LexiconError, match="place_km"):
        lexicon.load_file("coreference", lexicon.CoreferenceFile)


def test_a_bad_dateline_pattern_names_the_key(tmp_path, monkeypatch):
    raw = yaml.safe_load((lexicon.DATA_DIR / "places.yaml").read_text())
    raw["dateline"] = "([A-Z"
    (tmp_path / "places.yaml").write_text(yaml.safe_dump(raw, allow_unicode=True))
    monkeypatch.setenv("CONFLICTWATCH_DATA", str(tmp_path))
    with pytest.raises(LexiconError, match="dateline is not a regular expression"):
        lexicon.load_file("places", lexicon.PlacesFile)
