"""The learned sub-event classifier (learn/subtype.py) and the policy that combines it with the rules
(classify.py). Training rows and notes here are invented."""

from __future__ import annotations

import copy
import json
import zipfile
from pathlib import Path

import pytest

from conflictwatch.classify import Choice, Policy, Threshold, decide, load_policy
from conflictwatch.learn.acled import ModelError
from conflictwatch.learn.model import CodedModel, train
from conflictwatch.learn.subtype import SubtypeModel, normalise
from conflictwatch.models import Report

SHARED = Path(__file__).parents[1].parent / "shared"
ACLED = SHARED / "data" / "acled-train" / "acled_events.csv.gz"

TEMPLATES = {
    "Armed clash": ["soldiers clashed with militants near the village of {p}",
                    "fighting broke out between the army and rebels in {p}",
                    "troops exchanged fire with insurgents outside {p}"],
    "Peaceful protest": ["residents marched peacefully in {p} against rising fuel prices",
                         "hundreds of people demonstrated in {p} demanding better roads",
                         "traders held a sit-in in {p} to protest new taxes"],
    "Air/drone strike": ["military aircraft bombed positions near {p}",
                         "a drone strike hit a vehicle outside {p}",
                         "warplanes carried out airstrikes on {p}"],
    "Attack": ["a shopkeeper was shot dead at home in {p}",
               "unknown assailants stabbed a night guard in {p}",
               "a civilian was beaten to death in {p}"],
    "Abduction/forced disappearance": ["gunmen kidnapped a teacher in {p}",
                                       "armed men abducted two farmers near {p}",
                                       "a trader was kidnapped on the road to {p}"],
}
PLACES = ["Kalo", "Dara", "Mebu", "Tosa", "Ulan", "Pira", "Soke", "Wandi", "Gemo", "Rilu", "Nafa", "Bosu"]


def invented_rows() -> list[dict[str, str]]:
    rows = []
    for i, place in enumerate(PLACES):
        for sub, texts in TEMPLATES.items():
            for j, text in enumerate(texts):
                rows.append({"country": ["Mali", "Chad"][i % 2], "sub_event_type": sub,
                             "notes": f"On {i + 1} March 2021, {text.format(p=place)}. Case {i}-{j}.",
                             "event_date": "2021-03-01"})
    return rows


@pytest.fixture(scope="module")
def tiny() -> SubtypeModel:
    model = SubtypeModel()
    figures = model.fit(invented_rows())
    assert figures["classes"] == 5
    return model


def test_normalise_drops_acleds_labels_asides_dates_and_figures():
    text = "Movement of forces: On 5 August 2025, Al Shabaab regrouped near Geyfo (Jowhar, Middle Shabelle). [size=no report]"
    assert normalise(text) == "on 0 0 , al shabaab regrouped near geyfo ."


def test_fit_gives_figures(tiny):
    figures = tiny.meta["figures"]
    assert figures["rows"] == figures["kept"] == len(PLACES) * 15
    assert figures["held_out"]["rows"] > 0
    assert figures["held_out"]["accuracy"] >= 0.8
    assert sorted(tiny.classes) == sorted(TEMPLATES)


def test_cap_per_country_and_sub_type(monkeypatch):
    monkeypatch.setattr(SubtypeModel, "cap", 5)
    kept = SubtypeModel.select(invented_rows())
    assert len(kept) == 2 * 5 * 5  # 2 countries x 5 sub-types x 5
    assert kept == SubtypeModel.select(list(reversed(invented_rows())))  # stable, not order-dependent


def test_probabilities_sum_to_one_and_rank_the_right_sub_type(tiny):
    probas = tiny.predict_proba(["Rebels and soldiers clashed near a market.",
                                 "Gunmen kidnapped a nurse on the road."])
    for p in probas:
        assert sum(p.values()) == pytest.approx(1.0, abs=1e-6)
        assert set(p) == set(TEMPLATES)
    assert max(probas[0], key=probas[0].get) == "Armed clash"
    assert max(probas[1], key=probas[1].get) == "Abduction/forced disappearance"


def test_round_trip_through_a_model_directory(tiny, tmp_path):
    coded = CodedModel(components={"subtype": tiny}, meta={"version": "test"})
    coded.to_disk(tmp_path / "m")
    assert (tmp_path / "m" / "subtype" / "model.skops").is_file()
    back = CodedModel.from_disk(tmp_path / "m").get("subtype")
    text = ["warplanes bombed a base"]
    assert back.predict_proba(text)[0] == pytest.approx(tiny.predict_proba(text)[0], abs=1e-3)  # float16 weights
    assert max(back.predict_proba(text)[0], key=back.predict_proba(text)[0].get) == "Air/drone strike"
    assert json.loads((tmp_path / "m" / "subtype" / "meta.json").read_text())["classes"] == tiny.classes


def test_the_model_knows_the_language_of_its_notes(tiny, tmp_path):
    """It records the language most of its notes are in; a meta.json without one is ACLED's (English)."""
    assert tiny.lang == tiny.meta["lang"] == "en"
    french = ["Des hommes armés ont attaqué le village de Kalo et tué deux civils, selon des sources locales.",
              "Les soldats ont affronté des rebelles près de Dara dans la nuit de lundi à mardi.",
              "Une manifestation pacifique a réuni des centaines de personnes devant la mairie."]
    assert SubtypeModel.notes_language(french) == "fr"
    assert SubtypeModel.notes_language(french + [TEMPLATES["Attack"][0] + " in the north of the country."]) == "fr"
    CodedModel(components={"subtype": tiny}, meta={"version": "test"}).to_disk(tmp_path / "m")
    meta_file = tmp_path / "m" / "subtype" / "meta.json"
    assert CodedModel.from_disk(tmp_path / "m").get("subtype").lang == "en"
    meta = json.loads(meta_file.read_text())
    meta_file.write_text(json.dumps({k: v for k, v in meta.items() if k != "lang"}))
    assert SubtypeModel.from_disk(tmp_path / "m" / "subtype").lang == "en"
    meta_file.write_text(json.dumps({**meta, "lang": "French"}))
    with pytest.raises(ModelError, match=r"meta.json: 'lang' must be a two-letter ISO 639-1 code, not 'French'"):
        SubtypeModel.from_disk(tmp_path / "m" / "subtype")


def test_train_builds_a_model_directory_from_a_csv(tmp_path):
    csv = tmp_path / "acled.csv"
    rows = invented_rows()
    lines = ["event_date,sub_event_type,country,notes"] + [
        f'{r["event_date"]},{r["sub_event_type"]},{r["country"]},"{r["notes"]}"' for r in rows]
    csv.write_text("\n".join(lines) + "\n", encoding="utf-8")
    model = train([csv], tmp_path / "model", components=["subtype"])
    assert model.meta["figures"]["subtype"]["kept"] == len(rows)
    loaded = CodedModel.from_disk(tmp_path / "model").get("subtype")
    assert loaded.classes == sorted(TEMPLATES)


def test_untrusted_or_broken_files_are_one_line_errors(tiny, tmp_path):
    missing = tmp_path / "none"
    missing.mkdir()
    with pytest.raises(ModelError, match="model.skops: missing"):
        SubtypeModel.from_disk(missing)
    broken = tmp_path / "broken"
    broken.mkdir()
    (broken / "model.skops").write_bytes(b"not a zip")
    with pytest.raises(ModelError, match="model.skops: not a skops file"):
        SubtypeModel.from_disk(broken)
    import skops.io as sio

    evil = tmp_path / "evil"
    evil.mkdir()
    sio.dump({"f": zipfile.ZipFile}, evil / "model.skops")  # a type outside the trusted list
    with pytest.raises(ModelError, match="refused"):
        SubtypeModel.from_disk(evil)


def test_one_sub_type_is_not_enough_to_train():
    rows = [{"country": "Mali", "sub_event_type": "Armed clash", "notes": f"clash {i}"} for i in range(20)]
    with pytest.raises(ModelError, match="at least two sub-event types"):
        SubtypeModel().fit(rows)


# --- the policy -----------------------------------------------------------------------------------

POLICY = Policy(evidence={
    "context": Threshold(min_confidence=None),
    "specific": Threshold(min_confidence=0.9, max_rules_probability=0.05),
    "generic": Threshold(min_confidence=0.5, max_rules_probability=0.3),
})


def test_no_model_keeps_the_rules():
    assert decide("Attack", "generic", None, POLICY) == Choice("Attack", "rules", None)


def test_agreement_is_both_with_the_models_confidence():
    assert decide("Attack", "generic", {"Attack": 0.7, "Armed clash": 0.3}, POLICY) == Choice("Attack", "both", 0.7)


def test_rules_unsure_the_model_decides():
    proba = {"Attack": 0.1, "Armed clash": 0.85, "Mob violence": 0.05}
    assert decide("Attack", "generic", proba, POLICY) == Choice("Armed clash", "model", 0.85)


def test_rules_unsure_but_model_not_sure_enough():
    proba = {"Attack": 0.35, "Armed clash": 0.6, "Mob violence": 0.05}  # the rules' choice is still likely
    assert decide("Attack", "generic", proba, POLICY) == Choice("Attack", "rules", 0.35)
    proba = {"Attack": 0.2, "Armed clash": 0.45, "Mob violence": 0.35}  # the model is unsure
    assert decide("Attack", "generic", proba, POLICY) == Choice("Attack", "rules", 0.2)


def test_rules_sure_are_kept():
    proba = {"Peaceful protest": 0.1, "Armed clash": 0.9}
    assert decide("Peaceful protest", "specific", proba, POLICY) == Choice("Peaceful protest", "rules", 0.1)
    proba = {"Government regains territory": 0.001, "Armed clash": 0.999}
    assert decide("Government regains territory", "context", proba, POLICY).source == "rules"


def test_a_specific_trigger_gives_way_only_to_a_very_sure_model():
    proba = {"Peaceful protest": 0.02, "Violent demonstration": 0.97, "Armed clash": 0.01}
    assert decide("Peaceful protest", "specific", proba, POLICY) == Choice("Violent demonstration", "model", 0.97)


def test_the_shipped_policy_never_overrides_context_rules():
    policy = load_policy()
    assert policy.threshold("context").min_confidence is None
    assert policy.threshold("shared").min_confidence is None
    for kind in ("specific", "generic"):
        t = policy.threshold(kind)
        assert t.min_confidence is not None and 0.5 <= t.min_confidence <= 1
    assert policy.threshold("specific").min_confidence >= policy.threshold("generic").min_confidence


# --- end to end -------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def engines(tiny):
    from conflictwatch.engine import Engine

    return Engine(coded=CodedModel()), Engine(coded=CodedModel(components={"subtype": tiny}))


def test_engine_without_a_model_marks_every_sub_type_as_the_rules(engines):
    bare, _ = engines
    events = bare.extract(Report(id="r", text="On 3 March 2021, soldiers clashed with rebels near Kalo.")).events
    assert events and all(e.sub_event_source == "rules" and e.sub_event_confidence is None for e in events)


def test_engine_with_a_model_records_confidence_and_source(engines):
    bare, learned = engines
    text = "On 3 March 2021, soldiers clashed with rebels near Kalo."
    before = bare.extract(Report(id="r", text=text)).events
    after = learned.extract(Report(id="r", text=text)).events
    assert [e.sub_event_type for e in before] == [e.sub_event_type for e in after] == ["Armed clash"]
    assert after[0].sub_event_source == "both"
    assert 0.5 < after[0].sub_event_confidence <= 1


FRENCH = "Le 3 mars 2021, des soldats ont affronté des rebelles près de Kalo."


def test_a_model_of_english_notes_does_not_judge_a_french_report(engines, tiny):
    """The French report's sub-types are the rules', with no confidence, as without a model; a model
    that learned from French notes judges it."""
    bare, learned = engines
    without = bare.extract(Report(id="r", text=FRENCH, lang="fr")).events
    english_model = learned.extract(Report(id="r", text=FRENCH, lang="fr")).events
    assert [e.sub_event_type for e in without] == [e.sub_event_type for e in english_model] == ["Armed clash"]
    assert [(e.sub_event_source, e.sub_event_confidence) for e in english_model] == [("rules", None)]
    french_model = copy.copy(tiny)
    french_model.lang = "fr"
    from conflictwatch.classify import SubtypeChooser

    learned.subtypes, saved = SubtypeChooser(french_model), learned.subtypes
    try:
        judged = learned.extract(Report(id="r", text=FRENCH, lang="fr")).events
        in_english = learned.extract(Report(id="r", text="On 3 March 2021, soldiers clashed with rebels near Kalo.")).events
    finally:
        learned.subtypes = saved
    assert judged[0].sub_event_confidence is not None and judged[0].sub_event_source in ("rules", "both", "model")
    assert [(e.sub_event_source, e.sub_event_confidence) for e in in_english] == [("rules", None)]


@pytest.mark.skipif(not ACLED.exists(), reason=f"ACLED training data not found at {ACLED}")
def test_real_data_trains_a_useful_small_model(tmp_path, monkeypatch):
    """On a slice of the real coded record: held-out accuracy and the size on disk."""
    from conflictwatch.learn.acled import iter_rows

    rows = [r for _, r in zip(range(20_000), iter_rows(ACLED, split="train"))]
    monkeypatch.setattr(SubtypeModel, "max_words", 5_000)
    monkeypatch.setattr(SubtypeModel, "max_chars", 5_000)
    model = SubtypeModel()
    figures = model.fit(rows)
    assert figures["held_out"]["accuracy"] > 0.7
    model.to_disk(tmp_path)
    assert (tmp_path / "model.skops").stat().st_size < 10_000_000



def test_engine_takes_the_models_sub_type_where_the_rules_trigger_is_generic(engines):
    """'attacked' gives its sub-type by what was hit (a generic trigger): the tiny model, which
    learned 'gunmen' and 'farmers' from abductions only, is sure it is one, and the policy takes its word."""
    bare, learned = engines
    text = "On 3 March 2021, gunmen attacked farmers near Kalo, killing two."
    before = bare.extract(Report(id="r", text=text)).events
    after = learned.extract(Report(id="r", text=text)).events
    assert [e.sub_event_type for e in before] == ["Attack"]
    assert [(e.event_type, e.sub_event_type, e.sub_event_source) for e in after] == [
        ("Violence against civilians", "Abduction/forced disappearance", "model")]
    assert after[0].sub_event_confidence > 0.5
    assert after[0].mentions[0].sub_event_type == "Abduction/forced disappearance"
    assert "from the classifier" in after[0].notes
    assert before[0].actor1 == after[0].actor1 and before[0].fatalities_best == after[0].fatalities_best == 2


def test_engine_keeps_the_rules_when_the_sentence_tells_two_events(engines):
    """The classifier reads whole sentences: in one that tells two events it cannot tell which
    is which, so the rules' split and sub-types stand."""
    _, learned = engines
    text = ("On 3 March 2021, gunmen attacked farmers near Kalo, killing two, while soldiers clashed "
            "with rebels near Dara on 4 March.")
    events = learned.extract(Report(id="r", text=text)).events
    assert [(e.sub_event_type, e.sub_event_source) for e in events] == [("Attack", "rules"), ("Armed clash", "both")]
    assert events[0].sub_event_confidence < 0.5


def test_a_sub_type_the_model_never_learned_stays_the_rules():
    """No chemical attack in the training data: the model cannot judge one."""
    proba = {"Attack": 0.95, "Armed clash": 0.05}
    assert decide("Chemical weapon", "generic", proba, POLICY) == Choice("Chemical weapon", "rules", None)
