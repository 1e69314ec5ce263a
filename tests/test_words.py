"""nlp.Words: the words' attributes read at once give what the Tokens give, one by one."""

import pytest

from conflictwatch.nlp import words

TEXTS = {
    "en": "Gunmen killed 12 people in Mopti on Tuesday. The army said the attackers had fled toward Niger.\n"
          "Local sources put the toll at 15.",
    "fr": "Des hommes armés ont tué douze civils à Tillia mardi. Selon l'armée, les assaillants ont fui vers "
          "le Mali. Le bilan s'est alourdi à quinze morts.",
}


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_columns_are_the_tokens_attributes(engine, lang):
    doc = engine.reader(lang).nlp(TEXTS[lang])
    w = words(doc)
    assert w.lemma == [t.lemma_ for t in doc]
    assert w.lemma_lower == [t.lemma_.lower() for t in doc]
    assert w.norm == [t.norm_ for t in doc]
    assert w.lower == [t.lower_ for t in doc]
    assert w.pos == [t.pos_ for t in doc]
    assert w.tag == [t.tag_ for t in doc]
    assert w.dep == [t.dep_ for t in doc]
    assert w.ent_type == [t.ent_type_ for t in doc]
    assert w.head == [t.head.i for t in doc]
    assert w.depth == [len(list(t.ancestors)) for t in doc]
    assert w.sent_start == [t.sent.start for t in doc]
    assert [(w.sentence(t.i).start, w.sentence(t.i).end) for t in doc] == [(t.sent.start, t.sent.end) for t in doc]
    assert "GPE" in w.ent_type and len({s for s in w.sent_start}) == 3


def test_kept_with_the_doc_and_read_again_when_it_changed(engine):
    nlp = engine.reader("en").nlp
    doc = nlp(TEXTS["en"])
    assert words(doc) is words(doc)
    other = nlp("Two soldiers died.")
    assert words(other).lemma_lower == ["two", "soldier", "die", "."]
    assert words(nlp.make_doc("")).lemma == [] and words(nlp.make_doc("")).depth == []
