"""Context rules (data/context.yaml) and the triggers added for the ACLED codebook's distinctions.

Every sentence here is written for the test (none comes from a benchmark). Each asserts the
sub-type the ACLED codebook gives the event it describes.
"""

from __future__ import annotations

import pytest
import yaml

from conflictwatch import lexicon
from conflictwatch.evaluate import classify_snippet
from conflictwatch.lexicon import LexiconError, load_lexicon
from conflictwatch.models import Report

CASES = [
    # --- demonstrations: the setting decides ---------------------------------------------------
    ("Police arrested forty demonstrators during a rally outside the parliament on Monday.",
     "PROTEST_WITH_INTER"),
    ("Officers detained dozens of students at a protest against tuition fees in the capital on Friday.",
     "PROTEST_WITH_INTER"),
    ("Riot police broke up a sit-in by retired teachers outside the ministry on Tuesday.",
     "PROTEST_WITH_INTER"),
    ("Security forces killed three protesters when they fired on a march in the northern city on Sunday.",
     "FORCE_AGAINST_PROTEST"),
    ("Soldiers violently dispersed a peaceful demonstration by farmers in the provincial capital on Monday.",
     "FORCE_AGAINST_PROTEST"),
    ("Protesters clashed with police outside the governor's office on Wednesday.", "VIOL_DEMONSTR"),
    ("Demonstrators pelted the police with stones and set cars on fire during the protest on Saturday.",
     "VIOL_DEMONSTR"),
    ("Two protesters were killed in clashes with police during a demonstration in the port city on Friday.",
     "VIOL_DEMONSTR"),
    ("Hundreds of nurses marched to the health ministry on Thursday to demand higher wages.", "PEACE_PROTEST"),
    ("Riot police detained students during a protest against the closure of the campus on Monday.",
     "PROTEST_WITH_INTER"),
    # what a protest is about is not part of it
    ("Thousands rallied peacefully in the capital on Sunday against the arrests of opposition leaders.",
     "PEACE_PROTEST"),
    # --- territory: who took the place -------------------------------------------------------
    ("Government forces captured the town of Alba from the rebels on Tuesday.", "GOV_REGAINS_TERIT"),
    ("The army took control of three villages in the eastern district on Monday.", "GOV_REGAINS_TERIT"),
    ("Rebel fighters recaptured the border town from the army on Saturday.", "NON_STATE_ACTOR_OVERTAKES_TER"),
    ("Militants seized the district headquarters town after a night-long assault on Friday.",
     "NON_STATE_ACTOR_OVERTAKES_TER"),
    # --- disrupted weapons use --------------------------------------------------------------
    ("Police seized a large cache of rifles and ammunition in a warehouse on Tuesday.", "DISR_WEAP"),
    ("Soldiers found two landmines buried near the road and defused them on Monday.", "DISR_WEAP"),
    ("A stash of explosives was discovered in an abandoned house on Sunday.", "DISR_WEAP"),
    # --- who was hit: armed or civilian -------------------------------------------------------
    ("Insurgents attacked an army base in the north on Tuesday, killing four people.", "ARMED_CLASH"),
    ("Gunmen opened fire on a bus carrying passengers on Monday, killing six civilians.", "ATTACK"),
    ("Soldiers opened fire on militants who tried to cross the border on Wednesday.", "ARMED_CLASH"),
    # --- mobs ----------------------------------------------------------------------------------
    ("An angry mob beat two men accused of theft in the market on Friday.", "MOB_VIOL"),
    ("Villagers clashed with residents of a neighbouring village over grazing land on Sunday.", "MOB_VIOL"),
    # --- means of an air strike, bombs on the ground --------------------------------------------
    ("The warplanes destroyed a bridge and a depot near the front line on Monday.", "AIR_STRIKE"),
    ("Militants detonated two bombs along the highway on Friday, wounding three soldiers.", "REM_EXPLOS"),
    # --- bases and group activity -----------------------------------------------------------
    ("The army set up a new observation post near the border on Wednesday.", "HQ_ESTABLISHED"),
    ("The militia sent reinforcements to the front on Thursday.", "CHANGE_TO_GROUP_ACT"),
    # --- the means decides: killings by remote violence ------------------------------------------
    ("Three civilians were killed in an air strike on the market on Monday.", "AIR_STRIKE"),
    ("Four soldiers were killed on Tuesday when their truck hit a landmine near the border.", "REM_EXPLOS"),
    ("Twenty people were killed in a chemical attack on the suburb on Sunday.", "CHEM_WEAP"),
    # --- background: what an agreement followed is not the event -------------------------------
    ("The two armies agreed to a ceasefire in the valley on Monday following three weeks of fighting.",
     "AGREEMENT"),
    # "non-violent" negates the violent cue
    ("Students held a non-violent demonstration outside the university on Friday.", "PEACE_PROTEST"),
    # "losing support" is no battle
    ("Thousands of people rallied on Sunday for a movement that was losing support.", "PEACE_PROTEST"),
    # --- arrests in raids -------------------------------------------------------------------
    ("Police arrested twelve suspects during raids in several neighbourhoods on Tuesday.", "ARREST"),
]


@pytest.mark.parametrize("text, code", CASES, ids=[c[1] + ":" + c[0][:40] for c in CASES])
def test_codebook_distinctions(engine, text, code):
    assert classify_snippet(engine, text, extra=False) == code


def test_context_rules_apply_in_extract(engine):
    """The same rules type the events `conflictwatch extract` writes, not only the evaluator's label."""
    result = engine.extract(Report(id="t", text="Police arrested forty demonstrators during a rally "
                                                "outside the parliament on 3 March 2023."))
    assert [e.sub_event_type for e in result.events] == ["Protest with intervention"]
    result = engine.extract(Report(id="t2", text="Government forces captured the town of Alba on 3 March 2023."))
    assert [e.sub_event_type for e in result.events] == ["Government regains territory"]


def test_context_file_validates_sub_types(tmp_path, monkeypatch):
    raw = yaml.safe_load((lexicon.DATA_DIR / "context.yaml").read_text())
    raw["by_agent"]["Attack"]["crowd"] = "Mob violance"
    (tmp_path / "context.yaml").write_text(yaml.safe_dump(raw))
    monkeypatch.setenv("CONFLICTWATCH_DATA", str(tmp_path))
    with pytest.raises(LexiconError, match="Mob violance"):
        lexicon.load_file("context", lexicon.ContextFile)


def test_context_file_ladder_must_cover_remap(tmp_path, monkeypatch):
    raw = yaml.safe_load((lexicon.DATA_DIR / "context.yaml").read_text())
    raw["settings"][0]["ladder"] = ["Peaceful protest"]
    (tmp_path / "context.yaml").write_text(yaml.safe_dump(raw))
    monkeypatch.setenv("CONFLICTWATCH_DATA", str(tmp_path))
    with pytest.raises(LexiconError, match="not in its ladder"):
        lexicon.load_file("context", lexicon.ContextFile)


def test_object_constraint_needs_single_words(tmp_path, monkeypatch):
    (tmp_path / "triggers.yaml").write_text(
        "triggers:\n  - phrases: [seized weapons]\n    objects: [rifle]\n    sub_event_type: Disrupted weapons use\n")
    monkeypatch.setenv("CONFLICTWATCH_DATA", str(tmp_path))
    with pytest.raises(LexiconError, match="objects/subjects"):
        lexicon.load_file("triggers", lexicon.TriggersFile)


def test_context_file_loads():
    ctx = load_lexicon().context
    assert ctx.kind_of_noun("army") == "state"
    assert ctx.kind_of_noun("rebel") == "non_state"
    assert ctx.by_agent["Non-state actor overtakes territory"]["state"] == "Government regains territory"
