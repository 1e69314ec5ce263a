"""A parse in Universal Dependencies, read by the English rules: the ``cw_ud_adapter`` component.

The rules of :mod:`conflictwatch.extract` read the English model's scheme: ClearNLP relations with
prepositions as heads ("killed -prep-> by -pobj-> gunmen"), Penn tags (VBN, VBD), English function
words and English lemmas. A French pipeline (``fr_core_news_sm``) gives Universal Dependencies with
the nominal as head and its preposition as a "case" child, French words and French lemmas. This
component, placed after the parser, lemmatizer and NER of such a pipeline, rewrites what the rules
read and nothing else:

* relations renamed (``obj`` -> ``dobj``, ``nsubj:pass`` -> ``nsubjpass`` ...) and case-marked
  nominals re-hung under their preposition (``prep``/``agent`` + ``pobj``);
* Penn tags from the morphology (``VerbForm=Part|Tense=Past`` -> VBN);
* norms of function words glossed to English (``de`` -> of, ``par`` -> by), and lemmas and norms of
  content words glossed to the English lemma the dictionaries know (``tuer`` -> kill);
* entity labels mapped (PER -> PERSON, LOC -> GPE).

The text, its offsets and the entities' spans are untouched, so evidence stays in the French text.
Everything the component knows is in ``data/<lang>/parse.yaml`` and ``data/<lang>/gloss.yaml``.
"""

from __future__ import annotations

from functools import cache

import numpy
from pydantic import BaseModel, ConfigDict, Field
from spacy.attrs import DEP, HEAD, LEMMA, LOWER, MORPH, NORM, ORTH, POS, TAG
from spacy.language import Language
from spacy.parts_of_speech import IDS as POS_IDS
from spacy.parts_of_speech import NAMES as POS_NAMES
from spacy.tokens import Doc, Span

from .lexicon import LexiconError, data_path, load_lexicon, read_yaml

__all__ = ["ParseSettings", "UDAdapter", "load_parse_settings"]


class TagRule(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    pos: tuple[str, ...]
    feats: dict[str, str] = Field(default_factory=dict)
    tag: str


class Incise(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    reporting_label: str
    subject_label: str
    inverted_subject_relations: tuple[str, ...]
    not_subjects: tuple[str, ...] = ()
    # subject pronouns written after the verb with a hyphen ("précise-t-elle", "a-t-il ajouté")
    clitic_subjects: tuple[str, ...] = ()
    clitic_links: tuple[str, ...] = ()  # the euphonic "-t" between them, a part of neither
    # quotation marks (opening, closing): "« ... », a fait part un élu" reports the whole quote
    quote_marks: tuple[tuple[str, str], ...] = ()


class Tokens(BaseModel):
    """What the tokenizer and the tagger are told before they read: ``norms``, words whose spelling
    varies (the typographic apostrophe: "l’" is read as "l'"); ``whole``, hyphenated words kept as one
    token ("état-major")."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    norms: dict[str, str] = Field(default_factory=dict)
    whole: tuple[str, ...] = ()


class ParseSettings(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    tokens: Tokens = Field(default_factory=Tokens)
    deps: dict[str, str]
    case_relations: dict[str, str] = Field(default_factory=dict)
    case_default: str
    object_label: str
    agent_prepositions: tuple[str, ...] = ()
    passive_relations: tuple[str, ...] = ()
    tense_auxiliaries: tuple[str, ...] = ()
    incise: Incise | None = None
    bare_participle_label: str
    negation_label: str
    entities: dict[str, str] = Field(default_factory=dict)
    tags: tuple[TagRule, ...]
    modal_moods: dict[str, str] = Field(default_factory=dict)
    function_words: dict[str, str | dict[str, str]]
    function_pairs: dict[str, str] = Field(default_factory=dict)
    verb_endings: dict[str, str] = Field(default_factory=dict)
    verb_phrases: dict[str, str] = Field(default_factory=dict)
    source_prepositions: tuple[str, ...] = ()
    source_nouns: tuple[str, ...] = ()
    opinion_prepositions: tuple[str, ...] = ()


class Gloss(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    verbs: dict[str, str] = Field(default_factory=dict)
    nouns: dict[str, str] = Field(default_factory=dict)
    adjectives: dict[str, str] = Field(default_factory=dict)


def prepare_tokens(nlp: Language, tokens: Tokens) -> None:
    """Set the vocabulary's norms (the tagger and parser read norms: "l’" then parses as "l'") and
    keep the listed hyphenated words whole, in lower case and capitalised."""
    from spacy.attrs import ORTH

    for word, norm in tokens.norms.items():
        for form in {word, word.capitalize(), word.upper()}:
            nlp.vocab[form].norm_ = norm
    for word in tokens.whole:
        for form in {word, word[:1].upper() + word[1:]}:
            nlp.tokenizer.add_special_case(form, [{ORTH: form}])


@cache
def load_parse_settings(lang: str) -> tuple[ParseSettings, Gloss]:
    out = []
    for name, model in (("parse", ParseSettings), ("gloss", Gloss)):
        path = data_path(f"{lang}/{name}.yaml")
        try:
            out.append(model.model_validate(read_yaml(path)))
        except ValueError as exc:
            raise LexiconError(f"{path}: {exc}") from exc
    return out[0], out[1]  # type: ignore[return-value]


_CONTENT_POS = {"VERB": "verbs", "AUX": "verbs", "NOUN": "nouns", "PROPN": "nouns", "ADJ": "adjectives"}
_ADJ, _ADV, _AUX, _NOUN, _PART, _VERB = (POS_IDS[p] for p in ("ADJ", "ADV", "AUX", "NOUN", "PART", "VERB"))
_UNSEEN = object()  # a cache's "not looked up yet" (None is an answer)


class UDAdapter:
    def __init__(self, nlp: Language, lang: str):
        self.settings, gloss = load_parse_settings(lang)
        self.gloss = {"verbs": gloss.verbs, "nouns": gloss.nouns, "adjectives": gloss.adjectives}
        s = self.settings
        self.reporting = set(load_lexicon(lang).attribution.reporting_verbs)
        self._tags: dict[tuple[int, int], str | None] = {}
        self.words: dict[str, dict[str | None, str]] = {}
        for word, value in s.function_words.items():
            self.words[word] = dict(value) if isinstance(value, dict) else {None: value}
        self._endings = sorted(s.verb_endings, key=len, reverse=True)
        # What the words' tags, norms and glosses depend on, looked up once per value: the tokens'
        # attributes are read at once as hashes (Doc.to_array), and each distinct word, lemma or
        # morphology is judged the first time it comes (the caches grow with the vocabulary only).
        self._by_ending_of: dict[str, str | None] = {}
        self._function_word_of: dict[tuple[int, int], str | None] = {}
        self._content_gloss_of: dict[tuple[int, int, int], str | None] = {}
        self._feats_of: dict[tuple[int, str], list[str]] = {}
        self._opens_pair: dict[int, bool] = {}  # a norm's hash -> may it open a function pair
        self._opens_phrase: dict[int, bool] = {}  # a lemma's hash -> may it open a verb phrase
        # the hashes of the words that may open "de sources sécuritaires" / "pour d'autres sources"
        self._source_hashes = {nlp.vocab.strings.add(w) for w in s.source_prepositions}
        self._opinion_hashes = {nlp.vocab.strings.add(w) for w in s.opinion_prepositions}
        prepare_tokens(nlp, s.tokens)

    # --- the parts ----------------------------------------------------------------------------

    def _tag(self, tok) -> str | None:
        key = (tok.pos, tok.morph.key)  # a tag depends on the part of speech and the features only
        if key not in self._tags:
            morph = tok.morph
            self._tags[key] = next((rule.tag for rule in self.settings.tags if tok.pos_ in rule.pos and all(
                value in morph.get(feat) for feat, value in rule.feats.items())), None)
        return self._tags[key]

    def _pairs(self, doc: Doc, toks: list, norms: list[int]) -> dict[int, str]:
        """Two words that work as one ("d'après": according; "à cause": because): the meaning goes to
        the word that heads the pair (the parser hangs the second on the first as 'fixed', or the other
        way round), so the relation the pair carries and its object meet on one token. ``norms``: the
        words' norm hashes (``doc.to_array(NORM)``)."""
        found: dict[int, str] = {}
        strings = doc.vocab.strings
        for i in range(1, len(norms)):
            opens = self._opens_pair.get(norms[i - 1])
            if opens is None:
                first = strings[norms[i - 1]] + " "
                opens = self._opens_pair[norms[i - 1]] = any(k.startswith(first) for k in self.settings.function_pairs)
            if not opens:
                continue
            tok, prev = toks[i], toks[i - 1]
            pair = self.settings.function_pairs.get(f"{prev.norm_} {tok.norm_}")  # norms: "d’" reads "d'"
            if pair is None:
                continue
            head, other = (prev, tok) if tok.head.i == prev.i else (tok, prev)
            found[head.i] = pair
            found[other.i] = ""
        return found

    def _function_word(self, strings, norm: int, pos: int) -> str | None:
        """The English function word for a word's norm (hash; lower case, "l’" read as "l'" by
        tokens.norms) and part of speech (id), else None."""
        key = (norm, pos)
        found = self._function_word_of.get(key, _UNSEEN)
        if found is _UNSEEN:
            table = self.words.get(strings[norm])
            found = None if table is None else table.get(POS_NAMES[pos], table.get(None))
            self._function_word_of[key] = found
        return found  # type: ignore[return-value]

    def _gloss(self, tok, toks: list | None = None) -> str | None:
        nxt = None
        if tok.i + 1 < len(tok.doc):
            nxt = (toks[tok.i + 1] if toks is not None else tok.doc[tok.i + 1]).lemma
        return self._gloss_of(tok.doc.vocab.strings, tok.pos, tok.lemma, tok.lower, nxt)

    def _gloss_of(self, strings, pos: int, lemma: int, lower: int, next_lemma: int | None) -> str | None:
        """The English lemma for a word, from its part of speech (id), lemma, lower-case form and the
        next word's lemma (hashes; None at the end of the doc): a verb phrase ("a fait part":
        reported), else the gloss of the lemma or the form, else a verb's gloss by its ending."""
        if pos in (_VERB, _AUX) and next_lemma is not None:
            opens = self._opens_phrase.get(lemma)
            if opens is None:
                first = strings[lemma].lower() + " "
                opens = self._opens_phrase[lemma] = any(k.startswith(first) for k in self.settings.verb_phrases)
            if opens:
                phrase = self.settings.verb_phrases.get(f"{strings[lemma].lower()} {strings[next_lemma].lower()}")
                if phrase is not None:
                    return phrase
        key = (pos, lemma, lower)
        found = self._content_gloss_of.get(key, _UNSEEN)
        if found is _UNSEEN:
            found = self._content_gloss_of[key] = self._content_gloss(POS_NAMES[pos], strings[lemma].lower(),
                                                                      strings[lower])
        return found  # type: ignore[return-value]

    def _content_gloss(self, pos: str, lemma: str, form: str) -> str | None:
        group = _CONTENT_POS.get(pos)
        if group is None:
            return None
        table = self.gloss[group]
        found = table.get(lemma) or table.get(form)
        if found is None and group == "verbs":
            found = self._by_ending(form)
        return found

    def _by_ending(self, form: str) -> str | None:
        """'indique' (left unlemmatized) -> 'indiquer' -> its gloss."""
        if form in self._by_ending_of:
            return self._by_ending_of[form]
        found = None
        for ending in self._endings:
            if form.endswith(ending) and len(form) > len(ending) + 2:
                found = self.gloss["verbs"].get(form[: -len(ending)] + self.settings.verb_endings[ending])
                if found is not None:
                    break
        self._by_ending_of[form] = found
        return found

    def _feats(self, toks: list, i: int, morph: int, field: str) -> list[str]:
        """``toks[i].morph.get(field)``, read once per morphology (``morph``: its hash)."""
        key = (morph, field)
        found = self._feats_of.get(key)
        if found is None:
            found = self._feats_of[key] = toks[i].morph.get(field)
        return found

    def _heads(self, doc: Doc, toks: list) -> tuple[numpy.ndarray, list[str]]:
        """New heads (absolute indices) and relations: renamed, case-marked nominals re-hung."""
        s = self.settings
        strings = doc.vocab.strings
        array = doc.to_array([HEAD, DEP])  # read at once: the heads as offsets, the relations as hashes
        heads = (array[:, 0].astype("int64") + numpy.arange(len(doc))).tolist()
        ud = [strings[d] for d in array[:, 1].tolist()]
        deps = [s.deps.get(d, d) for d in ud]
        case_children: dict[int, list[int]] = {}  # one pass, in word order (Token.children is slow)
        for i, (head, dep) in enumerate(zip(heads, ud)):
            if dep == "case" and i < head:
                case_children.setdefault(head, []).append(i)
        for index, found in case_children.items():
            tok = toks[index]
            if tok.dep_ == "case" or tok.dep_ == "ROOT":
                continue
            cases = [toks[i] for i in found]
            prep = cases[0]  # "à cause de", "près de": the first word carries the relation
            if prep.pos_ not in ("ADP", "ADV", "SCONJ"):
                continue
            heads[prep.i] = tok.head.i if tok.head.i != tok.i else prep.i
            deps[prep.i] = s.case_relations.get(tok.dep_, s.case_default)
            if prep.lower_ in s.agent_prepositions and any(c.dep_ in s.passive_relations for c in tok.head.children):
                deps[prep.i] = s.case_relations.get("obl:agent", deps[prep.i])  # "tués par des hommes armés"
            heads[tok.i] = prep.i
            deps[tok.i] = s.object_label
            for other in cases[1:]:
                heads[other.i] = prep.i
        words = doc.to_array([POS, MORPH])  # the parts of speech and morphologies, read at once
        pos, morph = words[:, 0].tolist(), words[:, 1].tolist()
        for i in numpy.flatnonzero(numpy.isin(words[:, 0], (_VERB, _ADV, _PART))).tolist():
            tok = toks[i]
            if (ud[i] == "acl" and pos[i] == _VERB and "Part" in self._feats(toks, i, morph[i], "VerbForm")
                    and not any(True for _ in tok.children) and tok.head.pos_ in ("NOUN", "PROPN")):
                deps[i] = s.bare_participle_label  # "des hommes armés": armed men
            elif pos[i] in (_ADV, _PART) and "Neg" in self._feats(toks, i, morph[i], "Polarity"):
                deps[i] = s.negation_label
        if s.incise is not None:
            self._incises(doc, heads, deps, toks)
        # "..., de sources sécuritaires": according to security sources (only the words that may open one)
        marks = doc.to_array([NORM, LOWER])
        sources, opinions = self._source_hashes, self._opinion_hashes
        for tok in (toks[i] for i, (norm, lower) in enumerate(marks.tolist()) if norm in sources or lower in opinions):
            if tok.norm_ in s.source_prepositions and tok.i + 1 < len(doc) and deps[tok.i] in (s.case_default, "case") \
                    and toks[tok.i + 1].lemma_.lower() in s.source_nouns and heads[tok.i + 1] == tok.i:
                verb = tok.sent.root
                heads[tok.i], deps[tok.i] = verb.i, s.case_default
                self.according.add(tok.i)
            elif (tok.lower_ in s.opinion_prepositions and deps[tok.i] in (s.case_default, "case")
                  and any(heads[j] == tok.i and toks[j].lemma_.lower() in s.source_nouns
                          for j in range(tok.i + 1, min(len(doc), tok.i + 4)))):
                self.according.add(tok.i)  # "pour d'autres sources": according to other sources
        return numpy.asarray(heads, dtype="int64"), deps

    def _inverted_subject(self, doc: Doc, start: int):
        """The first noun after an incise's verb that no preposition governs, read along the words
        (the small parser often mis-hangs them): ", a indiqué à l'AFP un élu local" -> élu;
        ", a annoncé, hier, le gouvernement" -> gouvernement."""
        governed = False
        assert self.settings.incise is not None
        clitics, links = self.settings.incise.clitic_subjects, self.settings.incise.clitic_links
        for tok in doc[start:start + 3]:  # "précise-t-elle": the pronoun joined to the verb
            if tok.lower_ in links:
                continue
            if tok.lower_ in clitics:
                return tok
            break
        for tok in doc[start:start + 12]:
            if tok.is_sent_start or tok.pos_ in ("VERB", "SCONJ", "CCONJ") or tok.text in (".", ";", ":"):
                return None
            if tok.pos_ == "ADP":
                governed = True
            elif tok.pos_ in ("NOUN", "PROPN"):
                assert self.settings.incise is not None
                if tok.lower_ in self.settings.incise.not_subjects:
                    continue
                if not governed:
                    return tok
                nxt = doc[tok.i + 1] if tok.i + 1 < len(doc) else None
                governed = nxt is not None and nxt.pos_ in ("NOUN", "PROPN", "ADJ")  # "l'AFP un élu": done
                governed = False if nxt is None or nxt.pos_ != "ADP" else governed
        return None

    def _reports_quote(self, doc: Doc, verb, subject, heads: list[int], deps: list[str]) -> bool:
        """'« 160 corps ont été inhumés (…) dont une vingtaine d'enfants », a fait part un élu': the
        incise reports the quote that closes before it, however the parser hung the quote's words.
        The verb becomes the sentence's root, the quote's head its reported clause, and what hung
        on the verb from inside the quote goes back to the quote's head."""
        inc = self.settings.incise
        assert inc is not None
        sent = verb.sent
        comma = verb.i - 1 if doc[verb.i - 1].text == "," else verb.i - 2
        closing = doc[comma - 1] if comma - 1 >= sent.start else None
        pair = next((q for q in inc.quote_marks if closing is not None and closing.text == q[1]), None)
        if pair is None:
            return False
        start = max(0, sent.start - 1)  # the parser may leave the opening mark with the sentence before
        opening = next((t.i for t in reversed(doc[start:closing.i]) if t.text == pair[0]), None)
        if opening is None:
            return False
        inside = range(opening + 1, closing.i)
        root = next((i for i in range(sent.start, sent.end) if heads[i] == i), None)
        if root is None or not (root in inside or root == verb.i or root in (opening, closing.i)):
            return False  # the sentence says more than the quote: leave it to the general rule
        tops = [i for i in inside if heads[i] == i or not opening <= heads[i] <= closing.i]
        top = next((i for i in tops if heads[i] == i and doc[i].pos_ in ("VERB", "AUX")), None)
        top = top if top is not None else next((i for i in tops if doc[i].pos_ in ("VERB", "AUX")), None)
        if top is None:
            return False
        for i in tops:
            if i != top:
                heads[i] = top
                deps[i] = "npadvmod" if deps[i].startswith("nsubj") else deps[i]
        for i in range(sent.start, sent.end):  # the quote marks, and what sat before the quote
            if i not in inside and heads[i] in (root, verb.i) and i <= closing.i:
                heads[i] = top
        heads[top], deps[top] = verb.i, inc.reporting_label
        heads[verb.i], deps[verb.i] = verb.i, "ROOT"
        heads[subject.i], deps[subject.i] = verb.i, inc.subject_label
        for i in range(verb.i + 1, sent.end):
            if heads[i] in inside and i != subject.i and heads[i] != i and doc[i].is_punct:
                heads[i] = verb.i  # the final stop
        return True

    def _incises(self, doc: Doc, heads: list[int], deps: list[str], toks: list) -> None:
        """'132 civils ont été tués, a annoncé le gouvernement': the reporting verb heads the clause
        it reports and the noun after it is its subject, as in 'the government announced'."""
        inc = self.settings.incise
        assert inc is not None
        words = doc.to_array([POS, ORTH])
        pos, orth = words[:, 0].tolist(), words[:, 1].tolist()
        comma = doc.vocab.strings.as_int(",")
        # the verbs (or nouns) after a comma, an auxiliary between them aside: where an incise may be
        # (the loop below makes a noun a verb, and never changes what is a verb, a noun or an auxiliary)
        after_comma = [i for i in range(2, len(toks))
                       if pos[i] in (_VERB, _NOUN) and (orth[i - 2] if pos[i - 1] == _AUX else orth[i - 1]) == comma]
        for verb in (toks[i] for i in after_comma):
            if "Pres" in verb.morph.get("Tense") and "Part" in verb.morph.get("VerbForm"):
                continue  # "..., ajoutant que": a participle adds to the speaker's words, it names nobody
            before = toks[verb.i - 1]
            if before.pos_ == "AUX":
                before = toks[verb.i - 2]
            if before.text != ",":
                continue
            phrase = verb.i + 1 < len(doc) and f"{verb.lemma_.lower()} {toks[verb.i + 1].lemma_.lower()}" \
                in self.settings.verb_phrases  # "a fait part un élu": the subject follows the phrase
            gloss = self._gloss(verb, toks) or self._by_ending(verb.lower_) or verb.lemma_
            if gloss not in self.reporting and not phrase:
                continue
            subject = self._inverted_subject(doc, verb.i + (2 if phrase else 1))
            if subject is None:
                continue
            if phrase:  # the phrase's noun is a particle of the verb, never its subject
                heads[verb.i + 1], deps[verb.i + 1] = verb.i, "prt"
            verb.pos_ = "VERB"  # "..., rapporte BBC": a verb the tagger took for a noun
            if self._reports_quote(doc, verb, subject, heads, deps):
                continue
            if verb.head.i == subject.i:  # "..., précise-t-elle": the parser made the pronoun the root
                for i in range(len(doc)):
                    if heads[i] == subject.i and i not in (subject.i, verb.i):
                        heads[i] = verb.i
                        if i < verb.i and doc[i].pos_ in ("VERB", "AUX") and deps[i] not in ("aux", "auxpass"):
                            deps[i] = inc.reporting_label
                root = heads[subject.i] == subject.i
                heads[verb.i] = verb.i if root else heads[subject.i]
                deps[verb.i] = "ROOT" if root else deps[subject.i]
                heads[subject.i] = verb.i
                deps[subject.i] = inc.subject_label
                continue
            heads[subject.i] = verb.i
            deps[subject.i] = inc.subject_label
            head = verb.head
            if head.i != verb.i and head.i < verb.i:  # the verb hangs on what it reports: turn it round
                root = head.i
                heads[verb.i] = heads[root] if heads[root] != root else verb.i
                deps[verb.i] = deps[root] if heads[root] != root else "ROOT"
                heads[root] = verb.i
                deps[root] = inc.reporting_label
            elif head.i == verb.i:  # already the root: what it reports is its clause
                before = [c for c in verb.children if c.i < verb.i and c.pos_ in ("VERB", "AUX", "NOUN", "ADJ")
                          and deps[c.i] not in ("punct", "aux", "auxpass")]
                clause = next((c for c in before if c.pos_ in ("VERB", "AUX")), None)
                for child in before:
                    if clause is None or child.i == clause.i:
                        deps[child.i] = inc.reporting_label
                    else:  # "..., dont cinq enfants, a indiqué": a part of what is reported, not a subject
                        heads[child.i] = clause.i
                        deps[child.i] = "npadvmod" if deps[child.i].startswith("nsubj") else deps[child.i]


    def _words(self, doc: Doc, toks: list, deps: list[str]) -> None:
        """Penn tags, English norms and lemmas (function words, glosses), and the adjectives that are
        nouns. The words' attributes are read at once as hashes and written back at once; each word
        reads its own attributes and the next word's lemma only, as they were before this step."""
        strings = doc.vocab.strings
        columns = [TAG, POS, LEMMA, NORM]
        array = doc.to_array([*columns, MORPH, LOWER])
        tag, pos, lemma, norm, morph, lower = (array[:, k].tolist() for k in range(array.shape[1]))
        out = [list(tag), list(pos), list(lemma), list(norm)]  # the new values, by column
        new_tag, new_pos, new_lemma, new_norm = out
        nouns, adjectives = self.gloss["nouns"], self.gloss["adjectives"]
        pairs = self._pairs(doc, toks, norm)
        according, function_words = self.according, self._function_word_of  # read inline: one call per word saved
        n = len(doc)
        for i in range(n):
            found = self._tags.get((pos[i], morph[i]), _UNSEEN)
            if found is _UNSEEN:
                found = self._tag(toks[i])
            if found is not None:
                new_tag[i] = strings.add(found)  # type: ignore[arg-type]
            if i in according:
                word = "according"
            elif i in pairs:
                word = pairs[i]
            else:
                word = function_words.get((norm[i], pos[i]), _UNSEEN)
                if word is _UNSEEN:
                    word = self._function_word(strings, norm[i], pos[i])
            if word == "":
                continue  # the other word of a pair keeps its own norm
            if word is not None:
                new_norm[i] = strings.add(word)
                continue
            gloss = self._gloss_of(strings, pos[i], lemma[i], lower[i], lemma[i + 1] if i + 1 < n else None)
            if gloss is None and pos[i] in (_ADJ, _VERB) and deps[i] not in ("amod", "ROOT", "acl", "relcl"):
                word_lemma, form = strings[lemma[i]].lower(), strings[lower[i]]
                if ((word_lemma in nouns or form in nouns) and not adjectives.get(word_lemma)
                        and not (pos[i] == _VERB and any(c.dep_ == "dobj" for c in toks[i].children))):
                    new_pos[i] = _NOUN  # "100 civils" tagged as an adjective: a noun (not a verb with its object:
                    # "a fait des morts et déplacé deux millions de personnes")
                    gloss = nouns.get(word_lemma) or nouns.get(form)
            if gloss is not None:
                new_lemma[i] = new_norm[i] = strings.add(gloss)
        doc.from_array(columns, numpy.array(out, dtype="uint64").T)

    def __call__(self, doc: Doc) -> Doc:
        if not len(doc):
            return doc
        toks = list(doc)  # made once: a Token is made anew at each reading of the doc
        # "le bilan s'est alourdi": a participle tagged as an adjective is a verb
        adjectives = numpy.flatnonzero(doc.to_array(POS) == _ADJ).tolist()
        for tok in (toks[i] for i in adjectives):
            if tok.lemma_.lower() not in self.gloss["adjectives"] and (
                    tok.lemma_.lower() in self.gloss["verbs"]
                    or any(c.dep_ in self.settings.tense_auxiliaries for c in tok.children)  # "a réagi"
                    or (tok.dep_ == "ROOT" and self._by_ending(tok.lower_) is not None  # "Le maire parle de"
                        and any(c.dep_ == "nsubj" for c in tok.children)
                        and not any(c.dep_ == "cop" for c in tok.children))):
                tok.pos_ = "VERB"
                tok.morph = tok.morph.__class__(doc.vocab, {**tok.morph.to_dict(), "VerbForm": "Part", "Tense": "Past"})
        self.according: set[int] = set()
        heads, deps = self._heads(doc, toks)
        strings = doc.vocab.strings
        array = numpy.zeros((len(doc), 2), dtype="uint64")
        array[:, 0] = (heads - numpy.arange(len(doc))).astype("int64").view("uint64")
        array[:, 1] = [strings.add(d) for d in deps]
        doc.from_array([HEAD, DEP], array)  # heads move within a sentence: the sentences stay
        self._words(doc, toks, deps)
        mapping = self.settings.entities
        if mapping and any(e.label_ in mapping for e in doc.ents):
            doc.ents = [Span(doc, e.start, e.end, label=mapping.get(e.label_, e.label_), span_id=e.id_)
                        for e in doc.ents]
        return doc


@Language.factory("cw_ud_adapter", default_config={"lang": "fr"})
def make_ud_adapter(nlp: Language, name: str, lang: str) -> UDAdapter:
    return UDAdapter(nlp, lang)
