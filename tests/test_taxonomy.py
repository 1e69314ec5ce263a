from __future__ import annotations

import pytest

from conflictwatch import taxonomy as tx

CASE_CODES = (
    "ARMED_CLASH ATTACK AIR_STRIKE REM_EXPLOS SUIC_BOMB ART_MISS_ATTACK GRENADE CHEM_WEAP ABDUCT_DISSAP SEX_VIOL "
    "PEACE_PROTEST PROTEST_WITH_INTER FORCE_AGAINST_PROTEST VIOL_DEMONSTR MOB_VIOL AGREEMENT ARREST "
    "CHANGE_TO_GROUP_ACT DISR_WEAP HQ_ESTABLISHED PROPERTY_DISTRUCT NON_VIOL_TERRIT_TRANSFER GOV_REGAINS_TERIT "
    "NON_STATE_ACTOR_OVERTAKES_TER OTHER"
).split()


def test_six_event_types_and_25_sub_types():
    assert tx.event_types() == ["Battles", "Explosions/Remote violence", "Violence against civilians", "Protests",
                                "Riots", "Strategic developments"]
    subs = tx.sub_types()
    assert len(subs) == 25 and len(set(subs)) == 25
    assert tx.sub_types("Riots") == ["Violent demonstration", "Mob violence"]
    assert len(tx.sub_types("Explosions/Remote violence")) == 6
    assert len(tx.sub_types("Strategic developments")) == 8


def test_event_type_and_disorder_of_sub_types():
    assert tx.event_type_of("Attack") == "Violence against civilians"
    assert tx.event_type_of("Air/drone strike") == "Explosions/Remote violence"
    assert tx.event_type_of("Non-state actor overtakes territory") == "Battles"
    assert tx.disorder_type("Armed clash") == "Political violence"
    assert tx.disorder_type("Peaceful protest") == "Demonstrations"
    assert tx.disorder_type("Excessive force against protesters") == "Political violence; Demonstrations"
    assert tx.disorder_type("Mob violence") == "Political violence; Demonstrations"
    assert tx.disorder_type("Looting/property destruction") == "Strategic developments"
    assert {tx.disorder_type(s) for s in tx.sub_types()} == {
        "Political violence", "Demonstrations", "Strategic developments", "Political violence; Demonstrations"}


def test_unknown_sub_type_raises_a_clear_error():
    with pytest.raises(ValueError, match="unknown ACLED sub-event type 'Massacre'"):
        tx.event_type_of("Massacre")
    with pytest.raises(ValueError):
        tx.disorder_type("armed clash")  # ACLED's spelling is exact
    with pytest.raises(ValueError):
        tx.short_code("")
    with pytest.raises(ValueError, match="short code"):
        tx.sub_from_short_code("MASSACRE")
    with pytest.raises(ValueError, match="event type"):
        tx.sub_types("Massacres")


def test_arrests_is_acleds_spelling_and_arrest_an_alias():
    assert "Arrests" in tx.sub_types() and "Arrest" not in tx.sub_types()
    assert tx.canonical("Arrest") == "Arrests"
    assert tx.event_type_of("Arrest") == "Strategic developments"


def test_case_2021_short_codes_map_one_to_one():
    codes = [tx.short_code(s) for s in tx.sub_types()]
    assert sorted(codes) == sorted(CASE_CODES)
    for code in CASE_CODES:
        assert tx.short_code(tx.sub_from_short_code(code)) == code
    assert tx.sub_from_short_code("ABDUCT_DISSAP") == "Abduction/forced disappearance"
    assert tx.sub_from_short_code("art_miss_attack") == "Shelling/artillery/missile attack"
    assert tx.short_code("Looting/property destruction") == "PROPERTY_DISTRUCT"


def test_inter_codes_and_interaction():
    assert tx.taxonomy().inter == {1: "State forces", 2: "Rebel groups", 3: "Political militias",
                                   4: "Identity militias", 5: "Rioters", 6: "Protesters", 7: "Civilians",
                                   8: "External/Other forces"}
    assert tx.interaction_code(2, 7) == "27"
    assert tx.interaction_code(7, 2) == "27"
    assert tx.interaction_code(1, 1) == "11"
    assert tx.interaction_code(2, None) == "20"
    assert tx.interaction_code(None, None) == ""
    with pytest.raises(ValueError):
        tx.interaction_code(9, 1)


@pytest.mark.parametrize(("inter1", "inter2", "expected"), [
    (2, 7, 3), (7, 1, 3), (4, 7, 3),          # organised actor vs civilians: one-sided
    (1, 2, 1), (2, 1, 1), (1, 1, 1), (8, 2, 1),  # a state(-like) side: state-based
    (3, 2, 2), (2, 2, 2), (4, 3, 2),          # two organised non-state sides: non-state
    (5, 7, None), (6, 1, None), (5, 5, None),  # rioters / protesters: not organised violence
    (2, None, None), (None, None, None), (7, 7, None),
])
def test_ucdp_type_of_violence(inter1, inter2, expected):
    assert tx.ucdp_type_of_violence(inter1, inter2) == expected
