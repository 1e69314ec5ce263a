"""French reports: the language of a report, the French pipeline read by the English rules (the
cw_ud_adapter), the French dictionaries as overlays, and French reports end to end."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conflictwatch.cli import app
from conflictwatch.engine import Engine, UnsupportedLanguage
from conflictwatch.ingest import InputError, report_from_text
from conflictwatch.lexicon import LexiconError, load_lexicon, overlay
from conflictwatch.models import Report
from conflictwatch.read.language import LanguageError, check_code, choose_language

SHARED = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "multi-report"
DEMO = Path(__file__).resolve().parents[1] / "src" / "conflictwatch" / "examples" / "demo_reports.jsonl"

FR = ("Au moins 132 civils ont été tués samedi dans le village de Diallassagou, dans le centre du Mali, "
      "par des hommes armés, a annoncé le gouvernement malien.")
EN = ("At least 132 civilians were killed on Saturday in the village of Diallassagou, in central Mali, "
      "by armed men, the Malian government announced.")
ES = ("Al menos 132 civiles murieron el sábado en la aldea de Diallassagou, en el centro de Malí, "
      "según el gobierno. Los atacantes llegaron en motocicletas.")


@pytest.fixture(scope="module")
def engine() -> Engine:
    return Engine()


# --- the language of a report -------------------------------------------------------------------


def test_language_detected_and_routed():
    fr, en, es = choose_language(FR), choose_language(EN), choose_language(ES)
    assert (fr.lang, fr.pipeline, fr.reason) == ("fr", "fr", "detected")
    assert (en.lang, en.pipeline, en.reason) == ("en", "en", "detected")
    assert (es.lang, es.pipeline, es.reason) == ("es", None, "unsupported")
    assert fr.confidence > 0.9


def test_short_or_mixed_text_falls_back_to_english_keeping_what_was_detected():
    short = choose_language("Attaque à Solhan : 132 morts")
    assert short.pipeline == "en" and short.reason == "short"
    mixed = choose_language("Le 5 juin, gunmen killed at least 100 people in Solhan, selon le gouvernement, "
                            "while the army said it was searching the area autour du village.")
    assert mixed.pipeline in ("en", "fr")
    if mixed.reason == "mixed":
        assert mixed.pipeline == "en"


def test_given_language_wins_and_bad_codes_are_refused():
    assert choose_language(EN, "FR").pipeline == "fr"
    assert choose_language(FR, "es").pipeline is None
    assert check_code(" Fr ") == "fr"
    with pytest.raises(LanguageError, match="ISO 639-1"):
        check_code("french")
    with pytest.raises(InputError, match="ISO 639-1"):
        report_from_text("text", origin="line 3", lang="fra")


def test_english_reports_are_never_routed_to_french(engine):
    texts = [json.loads(line)["text"] for line in DEMO.read_text(encoding="utf-8").splitlines()]
    english = [t for t in texts if "killed" in t]
    assert english and all(engine.route(Report(id="e", text=t)).pipeline == "en" for t in english)


@pytest.mark.skipif(not SHARED.exists(), reason="../shared/corpus/multi-report is not beside the project")
def test_real_reports_routed_by_their_language(engine):
    cases = json.loads((SHARED / "cases.json").read_text(encoding="utf-8"))
    wrong = []
    for incident in cases["incidents"]:
        for case in incident["reports"]:
            text = (SHARED / case["file"]).read_text(encoding="utf-8")
            choice = engine.route(Report(id=case["id"], text=text))
            if choice.pipeline != case["lang"]:
                wrong.append((case["id"], case["lang"], choice))
    assert wrong == []


# --- dictionaries: overlays -----------------------------------------------------------------------


def test_overlay_extends_lists_merges_named_entries_and_refuses_a_shape_change():
    base = {"verbs": ["say"], "actors": [{"name": "A", "aliases": ["a"]}], "n": 1}
    extra = {"verbs": ["dire", "say"], "actors": [{"name": "A", "aliases": ["à"]}, {"name": "B"}], "n": 2}
    assert overlay(base, extra, "x") == {"verbs": ["say", "dire"], "n": 2,
                                         "actors": [{"name": "A", "aliases": ["a", "à"]}, {"name": "B"}]}
    with pytest.raises(LexiconError, match="cannot extend"):
        overlay({"verbs": ["say"]}, {"verbs": "dire"}, "x")


def test_french_lexicon_keeps_english_names_and_adds_french_aliases():
    fr, en = load_lexicon("fr"), load_lexicon("en")
    mali = fr.actors.by_name("Military Forces of Mali (2021-)")
    assert "armée malienne" in mali.aliases and "Malian army" in mali.aliases
    assert "armée malienne" not in en.actors.by_name("Military Forces of Mali (2021-)").aliases
    assert "selon" in fr.attribution.according_phrases and fr.version != en.version


# --- the French parse, read as English ---------------------------------------------------------------


def test_adapter_rehangs_prepositions_tags_and_glosses(engine):
    doc = engine.reader("fr").nlp(FR)
    tok = {t.text: t for t in doc}
    assert (tok["tués"].lemma_, tok["tués"].tag_) == ("kill", "VBN")
    assert tok["civils"].lemma_ == "civilian" and tok["civils"].dep_ == "nsubjpass"
    assert tok["par"].dep_ == "agent" and tok["par"].norm_ == "by" and tok["hommes"].dep_ == "pobj"
    assert tok["hommes"].head.i == tok["par"].i and tok["armés"].dep_ == "amod"
    # the incise: "..., a annoncé le gouvernement" is "..., the government announced"
    assert tok["annoncé"].dep_ == "ROOT" and tok["gouvernement"].dep_ == "nsubj"
    assert tok["tués"].dep_ == "ccomp" and tok["tués"].head.i == tok["annoncé"].i
    assert doc.text == FR and any(e.text == "Diallassagou" for e in doc.ents)


def test_french_report_gives_the_same_figure_and_source_as_its_english_translation(engine):
    fr = engine.extract(Report(id="fr", text=FR, published="2022-06-20"))
    en = engine.extract(Report(id="en", text=EN, published="2022-06-20"))
    assert fr.report.lang == "fr" and en.report.lang == "en"
    (f_ev,), (e_ev,) = fr.events, en.events
    assert (f_ev.event_type, f_ev.sub_event_type) == (e_ev.event_type, e_ev.sub_event_type) == (
        "Violence against civilians", "Attack")
    assert f_ev.location == e_ev.location == "Diallassagou"
    assert f_ev.date_start == e_ev.date_start
    (fig,) = f_ev.figures
    assert (fig.group, fig.killed_low, fig.qualifier) == ("civilians", 132, "at_least")
    assert fig.source == "gouvernement malien"
    ev = fig.evidence[0]
    assert FR[ev.start:ev.end] == ev.text and "132 civils" in ev.text  # evidence in the French text


def _figures(engine: Engine, text: str, lang: str | None = None) -> list[tuple[int | None, int | None, str, str | None]]:
    """The figures of ``text`` (its language detected unless given: a short text falls back to English)."""
    result = engine.extract(Report(id="t", text=text, published="2023-05-10", lang=lang))
    return [(f.killed_low, f.killed_high, f.status, f.source) for e in result.events for f in e.figures]


@pytest.mark.parametrize(("fr", "en", "fr_source", "en_source"), [
    # the giver named after the figures' noun ("chiffres fournis par", "figures given by")
    ("Le bilan s'élève à 60 morts à Gao, d'après des chiffres fournis lundi par des sources locales.",
     "The toll stands at 60 dead in Gao, according to figures given on Monday by local sources.",
     "sources locales", "local sources"),
    # an adjective says what kind of toll it is: the toll is named with it
    ("Selon un nouveau bilan officiel, au moins 86 personnes ont été tuées dans l'attaque de Dori.",
     "According to a new official toll, at least 86 people were killed in the attack on Dori.",
     "bilan officiel", "official toll"),
    # a verb joined to an earlier one shares its subject; "a réagi" is a verb whatever its tag
    ("Le gouvernement a réagi après l'attaque et a apporté un bilan de 50 morts à Seytenga.",
     "The government reacted after the attack and gave a toll of 50 dead in Seytenga.",
     "gouvernement", "government"),
])
def test_who_gave_the_figure_in_both_languages(engine, fr, en, fr_source, en_source):
    (f_low, _, _, f_src), = _figures(engine, fr)
    (e_low, _, _, e_src), = _figures(engine, en)
    assert f_low == e_low and (f_src, e_src) == (fr_source, en_source)


def test_typographic_apostrophes_parse_as_plain_ones(engine):
    plain = "Au moins 12 soldats ont été tués près de Gao, selon un porte-parole de l'état-major, d'après l'AFP."
    curly = plain.replace("'", "\u2019")
    assert _figures(engine, curly) == _figures(engine, plain) == [(12, 12, "current", "porte-parole de état-major")]
    doc = engine.reader("fr").nlp(curly)
    assert [t.text for t in doc if "major" in t.text] == ["état-major"]  # kept whole
    assert [t.norm_ for t in doc if t.text.startswith("d\u2019")] == ["according"]  # d’après = according


def test_a_verb_phrase_incise_names_its_inverted_subject(engine):
    text = "« 40 corps ont été retrouvés dans une fosse commune à Solhan », a fait part un élu de la région."
    assert _figures(engine, text) == [(40, 40, "current", "élu de région")]


def test_or_even_keeps_both_figures(engine):
    assert _figures(engine, "Des chiffres ont circulé sur les réseaux sociaux : 170, voire 200 morts.") == [
        (170, 200, "current", None)]
    assert _figures(engine, "Figures circulated on social networks: 170 or even 200 dead.") == [
        (170, 200, "current", None)]


@pytest.mark.parametrize("text", [
    "Le groupe Etat islamique affirme avoir tué 100 soldats lors de l'attaque du camp d'Inates.",  # no accent
    "The Islamic State group claims to have killed 100 soldiers in the attack on the Inates camp.",
])
def test_a_group_claiming_its_own_killings_is_a_claim_in_both_languages(engine, text):
    result = engine.extract(Report(id="c", text=text, published="2019-12-12"))
    (event,) = result.events
    assert [(f.killed_low, f.status, f.source) for f in event.figures] == [(100, "claim", "Islamic State (Sahel)")]
    assert [c.claimant for c in event.claims] == ["Islamic State (Sahel)"]


@pytest.mark.parametrize(("text", "source"), [
    ("Le gouvernement nigérien a reconnu, mercredi 11 décembre, la perte de 71 soldats dans l'attaque du camp d'Inates.",
     "gouvernement nigérien"),
    ("The Nigerien government acknowledged on Wednesday the loss of 71 soldiers in the attack on the Inates camp.",
     "Nigerien government"),
])
def test_an_acknowledged_loss_is_a_figure_given_by_who_acknowledged_it(engine, text, source):
    assert _figures(engine, text) == [(71, 71, "current", source)]


def test_admitting_a_killing_is_a_statement_and_no_claim(engine):
    result = engine.extract(Report(id="a", text="The army admitted killing 12 civilians in an air strike on a wedding "
                                   "near Tillia, Niger, on Monday.", published="2021-03-25"))
    (event,) = result.events
    assert [(f.killed_low, f.status, f.source) for f in event.figures] == [(12, "current", "army")]
    assert not event.claims


@pytest.mark.parametrize(("alone", "revised"), [
    ("Une attaque contre le village de Bakorat, au Niger, a fait au moins 40 morts dimanche, selon un bilan "
     "provisoire communiqué par des sources locales.",
     "Une attaque contre le village de Bakorat, au Niger, a fait au moins 40 morts dimanche, selon un bilan "
     "provisoire communiqué par des sources locales. Le bilan s'est ensuite alourdi à 60 morts, selon des "
     "sources locales."),
    ("An attack on the village of Bakorat, Niger, killed at least 40 people on Sunday, according to a preliminary "
     "toll given by local sources.",
     "An attack on the village of Bakorat, Niger, killed at least 40 people on Sunday, according to a preliminary "
     "toll given by local sources. The toll later rose to 60 dead, according to local sources."),
])
def test_a_provisional_toll_is_current_until_a_later_one_of_its_source_replaces_it(engine, alone, revised):
    assert [(low, status) for low, _, status, _ in _figures(engine, alone)] == [(40, "current")]
    statuses = {low: status for low, _, status, _ in _figures(engine, revised)}
    assert statuses == {40: "superseded", 60: "current"}


@pytest.mark.parametrize(("text", "source"), [
    ("Gunmen killed 137 civilians in the Tillia department of Niger on Sunday. This was announced by the "
     "Nigerien government in a statement.", "Nigerien government"),
    ("Gunmen killed 137 civilians in the Tillia department of Niger on Sunday. That is according to a statement "
     "by the Nigerien authorities.", "Nigerien authorities"),
    ("Des hommes armés ont tué 137 civils dimanche dans le département de Tillia, au Niger. C'est ce qu'a "
     "annoncé le gouvernement nigérien dans un communiqué.", "gouvernement nigérien"),
    ("Le gouvernement a décrété trois jours de deuil après l'attaque qui a coûté la vie à 137 civils dimanche "
     "dans le département de Tillia, au Niger. C'est ce qui ressort d'un communiqué publié lundi par les "
     "autorités nigériennes.", "autorités nigériennes"),
])
def test_a_sentence_pointing_back_names_who_told_the_one_before(engine, text, source):
    assert _figures(engine, text) == [(137, 137, "current", source)]


def test_a_sentence_pointing_back_never_overrides_a_named_source(engine):
    text = ("Gunmen killed 137 civilians in the Tillia department of Niger on Sunday, local officials said. "
            "This was later confirmed by the Nigerien government.")
    assert _figures(engine, text) == [(137, 137, "current", "local officials")]


@pytest.mark.parametrize(("text", "source"), [
    ('"More than 30 civilians were killed in Talataye on Tuesday. The attackers burned the market and many '
     'houses," a local official told AFP.', "local official"),
    ("« Plus de 30 civils ont été tués mardi à Talataye. Les assaillants ont brûlé le marché et de nombreuses "
     "maisons », a déclaré un élu local à l'AFP.", "élu local"),
])
def test_a_quote_over_several_sentences_is_its_speakers(engine, text, source):
    assert _figures(engine, text) == [(30, 30, "current", source)]


def test_a_unit_word_counts_the_noun_after_it(engine):
    text = "Dans sa déclaration, le groupe terroriste assure avoir tué une centaine de militaires à Inates, au Niger."
    assert _figures(engine, text) == [(100, 100, "current", "groupe terroriste")]


@pytest.mark.parametrize("text", [
    "L'insurrection a fait des milliers de morts et déplacé près de deux millions de personnes.",
    "The insurgency has killed thousands and displaced nearly two million people.",
    "Le Burkina Faso est aux prises avec une insurrection djihadiste depuis 2015 qui a fait des milliers de morts.",
    "Burkina Faso is grappling with a jihadist insurgency since 2015 that has killed thousands.",
])
def test_a_campaign_summed_up_is_no_event_and_the_displaced_are_no_dead(engine, text):
    assert _figures(engine, text) == []


def test_the_displaced_of_a_coordinated_verb_are_never_dead(engine):
    text = "Les assaillants ont tué 12 civils à Seytenga et déplacé près de deux mille personnes."
    assert _figures(engine, text) == [(12, 12, "current", None)]


@pytest.mark.parametrize(("text", "source"), [
    ("Des hommes armés ont attaqué Solhan. Ce samedi à la mi-journée, une autre source parlait d'un bilan "
     "très lourd. « Cent corps ont été retrouvés pour le moment », précise-t-elle.", "source"),
    ("Gunmen attacked Solhan. At midday on Saturday, another source spoke of a very heavy toll. "
     '"A hundred bodies were found so far," she said.', "source"),
])
def test_a_speaker_named_by_a_pronoun_is_the_party_named_before(engine, text, source):
    assert _figures(engine, text) == [(100, 100, "current", source)]


def test_they_is_never_resolved_to_a_party(engine):
    text = ('Gunmen attacked Solhan. A local official spoke of a heavy toll. The attackers left at dawn. '
            '"We killed 100 of them," they said.')
    assert all(source != "local official" for *_, source in _figures(engine, text))


@pytest.mark.parametrize(("text", "source"), [
    ("Quelques « 160 corps ont été inhumés hier dans trois fosses communes par les populations locales (…) "
     "dont une vingtaine d'enfants », a fait part un élu de la région.", "élu de région"),
    ("Some 160 bodies were buried yesterday in three mass graves by local people, including about twenty "
     "children, a local official said.", "local official"),
])
def test_an_incise_after_a_quote_reports_the_whole_quote_and_its_parts(engine, text, source):
    assert _figures(engine, text) == [(160, 160, "current", source), (20, 20, "current", source)]


@pytest.mark.parametrize("text", [
    "Le bilan de l'attaque de Solhan s'élève à 160 morts. Ce chiffre qui reste toujours provisoire était "
    "à moins de 140 samedi.",
    "The toll of the attack on Solhan rose to 160 dead. This figure, which remains provisional, was below 140 "
    "on Saturday.",
])
def test_this_figure_points_back_to_the_toll_and_below_is_an_upper_bound(engine, text):
    assert _figures(engine, text) == [(160, 160, "current", None), (None, 140, "current", None)]


@pytest.mark.parametrize(("text", "source"), [
    ("D'après la presse locale, il y a une vingtaine d'enfants parmi les victimes.", "presse locale"),
    ("According to the local press, there are about twenty children among the victims.", "local press"),
])
def test_a_part_among_the_victims_in_both_languages(engine, text, source):
    assert _figures(engine, text) == [(20, 20, "current", source)]


@pytest.mark.parametrize(("text", "lang", "expected"), [
    ("Plus d'une centaine de personnes tuées dans la nuit du 11 au 12 juin 2022 à Seytenga.", "fr",
     [(100, 100, "current", None)]),
    ("Le maire de Seytenga parle de plus de 200 morts.", "fr", [(200, 200, "current", "maire de Seytenga")]),
    ("D'autres sources évoquent la mort de plus d'une dizaine de civils.", "fr", [(10, 10, "current", "sources")]),
    ("Other sources reported the death of more than ten civilians.", "en", [(10, 10, "current", "sources")]),
])
def test_headlines_mis_tagged_verbs_and_deaths_counted_through_a_unit_word(engine, text, lang, expected):
    assert _figures(engine, text, lang) == expected


def test_another_source_is_a_new_voice_not_the_one_named_before(engine):
    text = ("Des hommes armés ont attaqué Solhan, indiquent des sources sécuritaires. Une autre source parlait "
            "d'un bilan très lourd. « Cent corps ont été retrouvés », précise-t-elle.")
    assert _figures(engine, text, "fr") == [(100, 100, "current", "source")]


def test_a_participle_after_the_speaker_names_nobody(engine):
    text = ('"Plus de 45 civils ont été tués lorsque les jihadistes ont pris la ville" mardi, a dit un élu local, '
            'cité par des médias, ajoutant que les terroristes ont brûlé des maisons.')
    assert _figures(engine, text) == [(45, 45, "current", "élu local")]


@pytest.mark.parametrize(("text", "lang"), [
    ("Tillia has been under a state of emergency since 2017. A recent massacre had killed 58 civilians in "
     "Banibangou.\n\nAn attack by unidentified gunmen on the villages of Inatazayene and Bakorat killed at least "
     "40 people on Sunday, March 21, 2021, according to local sources.", "en"),
    ("Un récent massacre avait fait 58 morts parmi les civils à Banibangou.\n\nUne attaque perpétrée par des "
     "individus armés non identifiés dans les localités d'Inatazayene et Bakorat a fait au moins 40 morts le "
     "dimanche 21 mars 2021, selon des sources locales.", "fr"),
])
def test_an_event_told_in_the_past_perfect_is_background_to_the_story(engine, text, lang):
    result = engine.extract(Report(id="t", text=text, published="2021-03-22", lang=lang))
    told = {(e.location, e.historical, e.fatalities_low) for e in result.events}
    assert told == {("Banibangou", True, 58), ("Inatazayene", False, 40)}


def test_a_dated_event_in_the_past_perfect_stays_an_event_of_the_story(engine):
    text = ("Des hommes armés ont attaqué samedi le marché de Ouatagouna, tuant au moins 20 civils. La veille, une "
            "embuscade contre une patrouille près d'Ansongo avait fait trois morts parmi les militaires.")
    result = engine.extract(Report(id="t", text=text, published="2023-05-07", lang="fr"))
    assert sorted((e.fatalities_low, e.historical) for e in result.events) == [(3, False), (20, False)]


def test_reported_speech_in_the_past_perfect_is_the_story_itself(engine):
    text = ("Jihadists attacked Talataye on Tuesday. An official from the area stated that 45 civilians had been "
            "killed in the town, but a fighter with the MSA stated that 30 civilians had been killed.")
    result = engine.extract(Report(id="t", text=text, published="2022-09-09", lang="en"))
    assert [e.historical for e in result.events] == [False]
    assert sorted(f.killed_low for e in result.events for f in e.figures) == [30, 45]


def test_the_only_voice_of_a_sentence_gives_what_the_parser_hung_apart(engine):
    text = ("Le gouvernement nigérien a reconnu, mercredi 11 décembre, la perte de 71 soldats et a affirmé avoir "
            "tué des dizaines d'assaillants.")
    assert _figures(engine, text, "fr")[0][1:] == (71, "current", "gouvernement nigérien")


def test_a_relative_clause_is_not_the_voice_of_the_sentence_speaker(engine):
    text = ("A massacre in northeast Burkina Faso in which more than 130 people were killed this month was carried "
            "out mostly by children, the government said.")
    assert _figures(engine, text, "en") == [(130, 130, "current", None)]


@pytest.mark.parametrize(("text", "lang", "source"), [
    ("Les premières informations ont fait état d'une centaine de personnes tuées par les assaillants.", "fr",
     "premières informations"),
    ("Early reports said about a hundred people were killed by the attackers.", "en", "Early reports"),
])
def test_early_information_is_a_voice(engine, text, lang, source):
    assert _figures(engine, text, lang) == [(100, 100, "current", source)]


@pytest.mark.parametrize(("text", "lang", "source"), [
    ("Les attaques menées le 21 mars contre des villages de la région de Tahoua ont entraîné la mort de 141 "
     "personnes, a annoncé hier le gouvernement nigérien, révisant le bilan à la hausse. Un bilan précédent "
     "faisait état de 137 morts.", "fr", "gouvernement nigérien"),
    ("The attacks on villages in the Tahoua region on March 21 killed 141 people, the Nigerien government "
     "announced on Tuesday, revising the toll upwards. An earlier toll of these attacks stood at 137 dead.", "en",
     "Nigerien government"),
])
def test_an_earlier_toll_told_next_is_the_same_voices(engine, text, lang, source):
    assert _figures(engine, text, lang) == [(141, 141, "current", source), (137, 137, "superseded", source)]


def test_this_figure_is_told_by_whoever_gave_it(engine):
    text = ("Les unités ont poursuivi leurs recherches à Seytenga. « 29 nouveaux corps ont été retrouvés », d'après "
            "un communiqué du gouvernement burkinabé. Ce chiffre s'ajoute à la cinquantaine de corps déjà trouvés, "
            "portant le bilan provisoire à 79 morts.")
    figures = _figures(engine, text, "fr")
    assert (79, 79, "current", "communiqué du gouvernement") in figures


def test_the_terrorist_organisation_claiming_its_kills_is_a_claim(engine):
    text = ("Le groupe Etat islamique a revendiqué l'attaque qui a visé le camp militaire de l'armée nigérienne à "
            "Inates. L'organisation terroriste affirme avoir tué au moins 100 soldats.")
    result = engine.extract(Report(id="t", text=text, published="2019-12-12", lang="fr"))
    claims = [(f.killed_low, f.source) for e in result.events for c in e.claims for f in c.figures]
    current = [f.killed_low for e in result.events for f in e.figures if f.status == "current"]
    assert (100, "Islamic State (Sahel)") in claims and 100 not in current


@pytest.mark.parametrize(("text", "lang"), [
    ("Nous sommes allés constater les morts. Je sais que les morts dépassent le nombre de trois cents.", "fr"),
    ("We went to see the dead. I know the dead exceed the number of three hundred.", "en"),
])
def test_the_dead_as_the_subject_of_a_count_verb_state_a_toll(engine, text, lang):
    assert [f[:2] for f in _figures(engine, text, lang)] == [(300, 300)]


def test_or_even_after_a_comma_keeps_both_figures(engine):
    assert _figures(engine, "All day yesterday, figures circulated on social networks: 170, or even 200 dead.",
                    "en") == [(170, 200, "current", None)]


@pytest.mark.parametrize(("text", "lang"), [
    ("Islamic State militants stormed Talataye on September 6. On September 24, the group's news agency, Amaq, "
     "released photos of the attack. Amaq's photos show ISIS militants storming Talataye as well as the dead "
     "bodies of 28 people, many of whom appear to be unarmed civilians.", "en"),
    ("Des jihadistes de l'Etat islamique ont attaqué Talataye le 6 septembre. Le 24 septembre, l'agence de presse "
     "du groupe, Amaq, a publié des photos de l'attaque. Les photos d'Amaq montrent les corps de 28 personnes, "
     "dont beaucoup semblent être des civils.", "fr"),
])
def test_what_the_perpetrators_own_media_show_is_its_claim(engine, text, lang):
    result = engine.extract(Report(id="t", text=text, published="2022-09-25", lang=lang))
    assert [(f.killed_low, f.source) for e in result.events for c in e.claims for f in c.figures] == [
        (28, "Islamic State (Sahel)")]
    assert not [f for e in result.events for f in e.figures if f.status == "current"]


def test_at_first_marks_an_earlier_toll(engine):
    assert _figures(engine, "At first 138 dead were counted.") == [(138, 138, "superseded", None)]


def test_unsupported_language_is_refused_by_the_engine(engine):
    with pytest.raises(UnsupportedLanguage, match="'es'"):
        engine.extract(Report(id="es", text=ES))


# --- end to end through the CLI -----------------------------------------------------------------------


def test_cli_ingest_counts_an_unsupported_report_apart_and_exports_french_events(tmp_path):
    batch = tmp_path / "mixed.jsonl"
    lines = [{"id": "es1", "text": ES}, {"id": "fr1", "text": FR, "published": "2022-06-20"}]
    batch.write_text("\n".join(json.dumps(x, ensure_ascii=False) for x in lines) + "\n", encoding="utf-8")
    runner = CliRunner()
    env = {"CONFLICTWATCH_HOME": str(tmp_path / "home")}
    res = runner.invoke(app, ["ingest", str(batch)], env=env)
    assert res.exit_code == 0, res.output
    assert "1 new, 0 updated, 0 unchanged, 0 failed, 1 in an unsupported language (not stored)" in res.output
    out = tmp_path / "events.json"
    res = runner.invoke(app, ["export", "--format", "json", "-o", str(out)], env=env)
    assert res.exit_code == 0, res.output
    events = json.loads(out.read_text(encoding="utf-8"))
    events = events if isinstance(events, list) else events["events"]
    assert [e["document_id"] for e in events] == ["fr1"]
    assert events[0]["fatalities_low"] == 132 and events[0]["location"] == "Diallassagou"
    res = runner.invoke(app, ["ingest", "--lang", "xx1", str(batch)], env=env)
    assert res.exit_code != 0 and "ISO 639-1" in res.output


# --- each figure with its own voice -------------------------------------------------------------


@pytest.mark.parametrize(("text", "expected"), [
    # a second count whose noun and verb are gapped, on its own word
    ("Au moins 40 villageois ont été tués à Koula selon des sources locales et plus de 60 selon des rescapés.",
     [(40, "sources locales"), (60, "rescapés")]),
    ("At least 40 villagers were killed in Koula according to local sources, and more than 60 according to survivors.",
     [(40, "local sources"), (60, "survivors")]),
    # a line without a verb, in a report of a killing: "pour" before a source noun is "according to"
    ("Au moins 40 personnes pour certaines sources et plus de 60 personnes selon les habitants. "
     "Des hommes armés ont attaqué Koula dimanche et tué des civils.",
     [(40, "sources"), (60, "habitants")]),
    ("At least 40 people according to some sources, and more than 60 according to residents. "
     "Gunmen attacked Koula on Sunday, killing civilians.",
     [(40, "sources"), (60, "residents")]),
    # speakers named together, one figure each
    ("Un élu local et un chef traditionnel de Koula ont fait état, l'un de 40 civils tués, l'autre de plus de 60.",
     [(40, "élu local"), (60, "chef traditionnel de Koula")]),
    ("A mayor and a doctor in Koula said 40 and more than 60 civilians were killed, respectively.",
     [(40, "mayor"), (60, "doctor")]),
])
def test_each_figure_keeps_its_own_voice(engine, text, expected):
    assert [(low, source) for low, _, _, source in _figures(engine, text)] == expected


@pytest.mark.parametrize("text, killed", [
    ("Gunmen killed 40 people in Koula on Sunday and wounded 60, residents said.", [40]),
    ("Gunmen killed 40 people in Koula on Sunday and 60 were wounded, residents said.", [40]),
    ("Thousands of protesters marched in Koula on Sunday, 3,000 according to the police.", []),
    ("Gunmen clashed with villagers in Koula on Sunday, leading to the killing of 40 people and bullet injuries to 60.",
     [40]),
])
def test_a_joined_count_with_a_verb_or_no_killing_is_no_gapped_figure(engine, text, killed):
    assert [low for low, _, _, _ in _figures(engine, text)] == killed


@pytest.mark.parametrize("text", [
    "Le bilan du massacre survenu dans le village de Kalana dans la nuit du 11 au 12 juin 2022 s'alourdit. "
    "29 nouveaux corps ont été retrouvés, selon le gouvernement ce mardi matin.",
    "The toll of the massacre in the village of Kalana on the night of 11 to 12 June 2022 has risen. "
    "29 more bodies were found, the government said on Tuesday.",
])
def test_a_first_toll_without_a_figure_dates_and_places_the_incident(engine, text):
    result = engine.extract(Report(id="t", text=text, published="2022-06-14"))
    (event,) = result.events
    assert (str(event.date_start), event.location) == ("2022-06-11", "Kalana")
    assert [(f.killed_low, f.source) for f in event.figures] == [(29, "gouvernement" if "bilan" in text else "government")]


def test_the_country_across_the_border_is_a_neighbour_however_the_parser_hangs_it(engine):
    from conflictwatch.extract import ActorIndex, ClauseExtractor

    text = ("Jeudi, une attaque contre la gendarmerie de Kalana, dans la province du Seno à la frontière avec le "
            "Niger, a fait une dizaine de morts au Burkina Faso.")
    reader = engine.reader("fr")
    doc = reader.nlp(text)
    clauses = ClauseExtractor(reader.lex, ActorIndex(doc, reader.lex, reader.actor_book), doc)
    countries = [m.text for m in Engine.place_mentions(doc, clauses) if m.kind == "country"]
    assert countries == ["Burkina Faso"]
