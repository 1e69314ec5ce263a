"""Sentence stage: turn each clause of a parsed report into an event candidate.

A candidate holds what one clause says (triggers, counts, dates, places, actors with their roles,
the parties that stated it), each with the span it came from. It does not look at other
sentences: dates, coreference and merging are the discourse stage's job (``discourse.py``).
"""

from __future__ import annotations

import dataclasses
import re
from bisect import bisect_left
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING

from spacy.attrs import TAG
from spacy.tokens import Doc, Span, Token

from .geo.builtin import is_not_place, iso2_of
from .lexicon import Actor, Lexicon, Trigger
from .models import Quantity
from .nlp import ACTOR as ACTOR_LABEL
from .nlp import heading_colon, passive_agents, prep_objects, sentences, text_of, words
from .read.layout import layout_settings
from .taxonomy import event_type_of

if TYPE_CHECKING:
    from .learn.actors import ActorBook
    from .read.layout import InfoboxSettings, PageLayout

SUBJECTS = {"nsubj", "nsubjpass", "csubj", "expl"}
CLAUSE_DEPS = {"advcl", "ccomp", "conj", "relcl", "parataxis"}
FINITE_PAST = {"VBD"}
PRESENT = {"VBZ", "VBP"}
MODALS = {"will", "would", "could", "might", "may", "can", "should", "must"}


def phrase_text(tokens) -> str:
    """The words of ``tokens`` for matching a phrase of the dictionaries: their norms (the English
    the rules read) and, apart, their own lower-case text (a French phrase: "parmi les victimes")."""
    tokens = list(tokens)
    if not tokens:
        return "  |  "
    w = words(tokens[0].doc)
    norm, lower = w.norm, w.lower
    return " " + " ".join(norm[t.i] for t in tokens) + " | " + " ".join(lower[t.i] for t in tokens) + " "


def clause_root(clause: list[Token], depth: list[int]) -> Token:
    """The token of a clause that its other tokens hang from (the fewest ancestors); ``depth``: the
    doc's :attr:`Words.depth`."""
    depths = [depth[t.i] for t in clause]
    return clause[depths.index(min(depths))]


def has_object(tok: Token) -> bool:
    """Does the word govern a direct object ("killed 137 people")?"""
    return any(c.dep_ == "dobj" for c in tok.children)


def anchor(span: Span) -> Token:
    """The token that attaches a multi-word name to the sentence: for "Islamic State in the
    Greater Sahara" that is "State" (spaCy's Span.root may pick the preposition "in")."""
    outside = [t for t in span if not (span.start <= t.head.i < span.end) or t.head.i == t.i]
    nouns = [t for t in outside if t.pos_ in ("PROPN", "NOUN", "PRON")]
    return (nouns or outside or [span.root])[0]


# --- what a candidate holds ---------------------------------------------------------------------


@dataclass
class ActorMention:
    """An actor named (or referred to) at a span: the resolved lexicon entry, if any."""

    span: Span
    actor: Actor | None
    pair: bool = False  # "the two sides"


@dataclass
class VictimMention:
    quantity: Quantity
    span: Span  # the count and its noun
    noun: Token
    kind: str  # civilian | armed | people
    group_actor: Actor | None
    civilian_apposition: bool
    injured: bool
    dead: bool = False  # "left 20 civilians dead", "97 civilians killed"
    status: str = "current"  # superseded: "an earlier toll of 138", "rose from 100 to 138"
    revision: bool = False  # "the toll rose to 137", "the latest toll": replaces earlier figures of its source
    part_of: "VictimMention | None" = None  # "including 20 children": a part of that count
    part_of_event: bool = False  # "among the victims were 12 children": a part of the incident's dead
    voice: "Party | None" = None  # "100 according to officials, 150 according to survivors": this figure's own


@dataclass
class PlaceRef:
    span: Span
    kind: str  # place | region | country
    country_hint: str | None = None
    near: bool = False
    anaphoric: bool = False  # "in the town": the previous event's place
    coded: bool = False  # "(coded to Birao)": the place the note says the event is coded at


@dataclass
class Party:
    """Who stated a clause: an actor, or an unnamed party ("local activists")."""

    name: str
    span: Span
    actor: Actor | None
    verb: str | None  # the reporting verb lemma, None for "according to"


@dataclass
class Candidate:
    sentence: Span
    clause: list[Token]
    trigger: Span
    rule: Trigger
    other_triggers: list[Span] = field(default_factory=list)
    timex: Span | None = None
    victims: list[VictimMention] = field(default_factory=list)
    places: list[PlaceRef] = field(default_factory=list)
    agents: list[ActorMention] = field(default_factory=list)
    patients: list[ActorMention] = field(default_factory=list)
    supported: list[ActorMention] = field(default_factory=list)
    parties: list[Party] = field(default_factory=list)
    near_unnamed: bool = False
    reporters: list[ActorMention] = field(default_factory=list)
    marked_new: bool = False  # "additional", "other", "another": not a continuation of the last event
    unnamed_place: Span | None = None  # "three additional villages"
    toll: bool = False  # a statement of the dead of an incident told elsewhere ("the toll rose to 137")
    responsible: str | None = None  # the actor that claims responsibility for the incident told
    responsible_actor: Actor | None = None  # ... as the dictionary or the learned record knows it
    different: bool = False  # "a similar attack", "another raid": never the same incident as one told before
    refers_to: str | None = None  # "killed in the attack on the village": the event noun it refers back to
    anterior: bool = False  # told in the past perfect ("had killed"): before the report's story


@dataclass
class StatedTotal:
    victims: list[VictimMention]
    sentence: Span


@dataclass
class PageFigure:
    """A count in an infobox's casualties or deaths field: "17+ (per ACLED)", "Deaths100+"."""

    quantity: Quantity
    span: Span  # the count
    line: tuple[int, int]  # the characters of its line
    role: str  # casualties (the belligerents' fighters) | deaths (the event's people)
    voice: Party | None  # "(per ACLED)": who gives it


@dataclass
class PageFacts:
    """What a page's infobox tells of the page's subject: the event its title names."""

    head_end: int  # a candidate told before this character tells the page's subject
    timex: Span | None = None  # the infobox's date
    figures: list[PageFigure] = field(default_factory=list)
    perpetrators: list[Actor] = field(default_factory=list)  # named in its perpetrators field
    victors: list[Actor] = field(default_factory=list)  # "ISGS victory"
    belligerents: list[Actor] = field(default_factory=list)  # named in its belligerents field, in order


@dataclass
class SentenceResult:
    candidates: list[Candidate] = field(default_factory=list)
    totals: list[StatedTotal] = field(default_factory=list)


# --- the stage ----------------------------------------------------------------------------------


class ClauseExtractor:
    """Read one parsed document clause by clause."""

    def __init__(self, lex: Lexicon, actors_in_doc: "ActorIndex", doc: Doc):
        self.lex = lex
        self.actors = actors_in_doc
        # span groups read once: (root token index, span) — reading doc.spans builds new Spans
        self.triggers = [(s.root.i, s) for s in doc.spans["cw_trigger"]]
        self.lethal_roots = {i for i, s in self.triggers if s._.cw_value.lethal}
        self.quantities = [(s.root.i, s) for s in doc.spans["cw_quantity"]]
        self.told = False  # has an event been told yet (a definite event noun refers back only to one)
        self.trigger_tokens = {i for i, _ in self.triggers}
        self.timexes = [(s.root.i, s) for s in doc.spans["cw_timex"]]
        disc = lex.discourse
        self.ref_dets = set(disc.reference_determiners)
        self.new_mods = set(disc.new_event_modifiers)
        self.ref_mods = set(disc.reference_modifiers)
        self.agg_lemmas = set(disc.aggregate_cues.lemmas)
        self.trend_lemmas = set(disc.aggregate_cues.trend_lemmas)
        self.violence_nouns = set(disc.aggregate_cues.violence_nouns)
        self.campaign_nouns = set(disc.aggregate_cues.campaign_nouns)
        self.trigger_roots = {i for i, _ in self.triggers}
        self.agg_phrases = tuple(f" {p} " for p in disc.aggregate_cues.phrases)
        # a phrase is only where its first and its last word are (each a word's norm or form)
        self.agg_ends = tuple(dict.fromkeys((p.split()[0], p.split()[-1]) for p in self.agg_phrases))
        self.agg_words = frozenset(w for pair in self.agg_ends for w in pair)
        self.reporting = set(lex.attribution.reporting_verbs)
        self.toll_verbs = set(lex.attribution.toll_verbs)
        self.name_joiners = set(lex.attribution.name_joiners)
        self.addressee_verbs = set(lex.attribution.addressee_verbs)
        self.operation_nouns = set(lex.attribution.operation_nouns)
        self.partner_words = set(lex.attribution.partner_words)
        self.operation_preps = set(lex.attribution.operation_prepositions)
        self.target_preps = set(lex.context.target_prepositions)  # "fired at the positions of X": X was hit
        self.parties = set(lex.attribution.parties)
        self.according = tuple(lex.attribution.according_phrases)
        self.back_reference = set(lex.attribution.back_reference_subjects)
        self.speaker_pronouns = set(lex.attribution.speaker_pronouns)
        self.definite = set(lex.victims.determiners.definite)
        self.respective_words = set(lex.attribution.respective_words)
        self.respective_pairs = tuple(lex.attribution.respective_pairs)
        self.party_name_drops = set(lex.attribution.party_name_drops)
        self.named_parties: list[Party] = []  # in the order the report names them, for "she said"
        self.quote_marks = tuple(lex.attribution.quote_marks)
        self.place_nouns = set(lex.places.place_nouns)
        self.institutions = set(lex.places.institution_nouns)
        self.coded_at = {tuple(p.lower().split()) for p in lex.places.coded_at}
        self.coded_at_len = max(map(len, self.coded_at), default=0)
        self.region_nouns = set(lex.places.region_nouns)
        self.anaphora = set(disc.place_anaphora)
        self.near_cues = set(disc.near_cues)
        self.headlinese = self._headlinese(doc)
        self.w = words(doc)  # the words' attributes as lists (see nlp.Words)
        self.armed_nouns = set(lex.victims.nouns.get("armed", ()))  # the nouns of armed men ("rebels", "members")
        self.head_of = self.w.head
        self._verb_facts: dict[int, tuple[list[Token], bool]] = {}  # fate_of's reading of a head, once
        self.movement = set(disc.movement_prepositions)
        self.background = set(disc.background_words)
        self.perfect_auxiliaries = set(disc.perfect_auxiliaries)
        self.grievance = set(disc.grievance_words)
        self.durations = set(disc.duration_nouns)
        self.participation = set(disc.participation_verbs)
        self.intransitive = set(disc.intransitive_verbs)
        self.purpose_protest = set(disc.purpose_protest_verbs)
        self.implicative = set(disc.implicative_verbs)
        self.unrealised = set(disc.unrealised_verbs)
        self.continuing = set(disc.continuing_verbs)
        self.injured = set(lex.victims.injured)
        self.dead = set(lex.victims.dead)
        tolls = lex.coreference.tolls
        self.toll_nouns = set(tolls.nouns)
        self.event_preps = set(tolls.event_prepositions)
        self.revision_nouns = set(tolls.revision_nouns)
        self.generic_toll_nouns = set(tolls.generic_nouns)
        self.dead_nouns = set(tolls.dead_nouns)
        self.life_nouns = set(tolls.life_nouns)
        self.life_verbs = set(tolls.life_verbs)
        self.revision_verbs = set(tolls.revision_verbs)
        self.earlier_words = set(tolls.earlier_words)
        self.earlier_phrases = tuple(f" {p} " for p in tolls.earlier_phrases)
        self.count_verbs = set(tolls.count_verbs)
        self.finder_verbs = set(tolls.finder_verbs)
        self.latest_words = set(tolls.latest_words)
        self.from_word, self.to_word = tolls.from_word, tolls.to_word
        self.boundary_nouns = set(lex.places.boundary_nouns)
        self.landmark_nouns = set(lex.places.landmark_nouns)
        self.adverb_parties = dict(lex.attribution.adverb_parties)
        self.party_memory: dict[str, tuple[str, Actor | None]] = {}  # head word -> the fullest name given to that party
        self.statement_nouns = set(lex.places.statement_nouns)
        self.datelines = [m.span() for m in re.finditer(lex.places.dateline, text_of(doc))] if lex.places.dateline else []
        self.timexes = [(i, s) for i, s in self.timexes if not self.in_dateline(s)]  # the filing date
        self.timex_tokens = {i for _, s in self.timexes for i in range(s.start, s.end)}
        self.not_dead = set(tolls.not_dead)
        self.period_prepositions = set(tolls.period_prepositions)
        self.period_modifiers = set(tolls.period_modifiers)
        self.since_words = set(tolls.since_words)
        self.statement_prepositions = set(lex.places.statement_prepositions)
        self.origin_prepositions = set(lex.attribution.origin_prepositions)
        self.responsibility_verbs = set(lex.attribution.responsibility_verbs)
        self.responsibility_nouns = set(lex.attribution.responsibility_nouns)
        self.suspect_verbs = set(lex.attribution.suspect_verbs)
        self.suspect_preps = set(lex.attribution.suspect_prepositions)
        self.coded_cues = {c.lower() for c in lex.attribution.coded_actor_cues}
        self.coded_cue_words = max((len(c.split()) for c in self.coded_cues), default=0)
        self.default_rule = next((t for t in lex.triggers.triggers if tolls.default_trigger in t.lemmas), None)
        self.subset_preps = set(lex.coreference.subsets.prepositions)
        self.distributive_words = set(lex.coreference.subsets.distributive)
        self.gap_links = set(lex.coreference.subsets.gap_links)
        self.subset_phrases = tuple(f" {p} " for p in lex.coreference.subsets.phrases)
        self.different_words = set(lex.coreference.coreference.different_words)
        self.learn_parties(doc)

    def learn_parties(self, doc: Doc) -> None:
        """Every party the report names in full, for "the official said", "Baloch said" (before or
        after the full naming)."""
        found = self._party_words  # only these words give a party: each sentence reads its own
        self.sentence_parties = {}
        for sent in sentences(doc):
            mine = found[bisect_left(found, sent.start):bisect_left(found, sent.end)]
            self.sentence_parties[sent.start] = self.parties_of([doc[i] for i in mine], set(), doc)

    @cached_property
    def _party_words(self) -> list[int]:
        """The words parties_of may read a party from ("according", a reporting verb, a toll noun,
        an adverb that names a party), in order: parties_of's own tests, read once per doc (a test
        added there must be added here)."""
        w = self.w
        norm, dep, pos, lemma, lemma_lower = w.norm, w.dep, w.pos, w.lemma, w.lemma_lower
        return [i for i in range(len(norm))
                if norm[i] == "according" or (norm[i] in ("citing", "per") and dep[i] == "prep")
                or (lemma[i] in self.reporting and pos[i] in ("VERB", "AUX"))
                or (lemma_lower[i] in self.toll_nouns and pos[i] == "NOUN")
                or (dep[i] == "advmod" and norm[i] in self.adverb_parties)]

    @cached_property
    def _party_word_set(self) -> frozenset[int]:
        return frozenset(self._party_words)

    # clauses ------------------------------------------------------------------------------

    def clause_heads(self, sent: Span) -> set[int]:
        heads = {sent.root.i}
        verbs = self._clause_verbs
        doc = sent.doc
        for i in verbs[bisect_left(verbs, sent.start):bisect_left(verbs, sent.end)]:
            tok = doc[i]
            if any(c.dep_ in SUBJECTS for c in tok.children) and not self._reported_content(tok):
                heads.add(i)
        return heads

    @cached_property
    def _clause_verbs(self) -> list[int]:
        """The doc's verbs that may head a clause of their own (see clause_heads), in order."""
        dep, pos = self.w.dep, self.w.pos
        return [i for i, d in enumerate(dep) if d in CLAUSE_DEPS and pos[i] in ("VERB", "AUX")]

    def _reported_content(self, tok: Token) -> bool:
        """The ccomp of a reporting verb stays with it: the reporter is its source."""
        return tok.dep_ == "ccomp" and tok.head.lemma_ in self.reporting

    def clauses(self, sent: Span) -> list[list[Token]]:
        heads = self.clause_heads(sent)
        groups: dict[int, list[Token]] = {h: [] for h in heads}
        up = self.head_of
        root = sent.root.i
        end: dict[int, int] = {}  # a word -> the clause head or tree root its heads lead to
        for tok in sent:
            cur, path = tok.i, []
            while cur not in end and cur not in heads and up[cur] != cur:
                path.append(cur)
                cur = up[cur]
            last = end.get(cur, cur)
            for j in path:
                end[j] = last
            groups.setdefault(last if last in heads else root, []).append(tok)
        return [groups[h] for h in sorted(groups, key=lambda h: groups[h][0].i if groups[h] else h) if groups[h]]

    # tense and reference ------------------------------------------------------------------

    def dated_present(self, verb: Token) -> bool:
        """'Al Shabaab targets police with an IED in Lamu on 13/07': a simple present dated to one
        day, in its own clause, tells what happened that day (the present of headlines and notes),
        not what happens habitually."""
        for _, span in self.timexes:
            value = span._.cw_value
            if value is None or value.kind != "absolute" or value.day is None:
                continue
            head = span.root.head
            if head.i == verb.i or (head.dep_ == "prep" and head.head.i == verb.i):
                return True
        return False

    def verb_eventive(self, verb: Token, depth: int = 0) -> bool:
        """Does this verb tell of something that happened (past, perfect, past passive)?"""
        if depth > 8:
            return False
        auxes = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
        if any(a.norm_ in MODALS for a in auxes):
            return False
        if any(a.lemma_ == "have" for a in auxes):
            return True
        if verb.tag_ in FINITE_PAST:
            return True
        if any(a.tag_ in FINITE_PAST for a in auxes):
            return True
        if verb.tag_ in PRESENT or any(a.tag_ in PRESENT for a in auxes):
            # "Rebels ambush troops, kill two"; a present passive too ("A cleric is murdered in Dessie")
            passive = verb.tag_ == "VBN" and all(a.dep_ == "auxpass" for a in auxes)
            return ((self.w.sent_start[verb.i] in self.headlinese or self.dated_present(verb))
                    and (not auxes or passive))
        if (verb.tag_ == "VB" and not auxes and self.w.sent_start[verb.i] in self.headlinese
                and any(c.dep_ == "nsubj" for c in verb.children)):
            return True  # the same present, tagged as a base form: "Gunmen kill three police officers"
        if verb.tag_ == "VBN" and not auxes and verb.dep_ == "ROOT" and any(c.dep_ == "nsubj" for c in verb.children):
            return True  # "50 people protested in X" tagged as a participle: with a subject and no auxiliary,
            # an English participle can only be a finite past
        if not auxes and self.finite_intransitive(verb):
            return True  # "women dressed as handmaidens protested in Harrisburg", "teachers protested in front of"
        if verb.tag_ == "VB" and any(a.norm_ == "to" for a in auxes):
            if (verb.dep_ == "advcl" and verb.lemma_.lower() in self.purpose_protest
                    and verb.head.pos_ in ("VERB", "AUX") and verb.head.i != verb.i):
                return self.verb_eventive(verb.head, depth + 1)  # "blocked the road to protest against ..."
            if verb.dep_ == "xcomp" and verb.head.lemma_.lower() in self.implicative and verb.head.i != verb.i:
                return self.verb_eventive(verb.head, depth + 1)  # "used small arms to fire upon ..."
            if verb.dep_ == "ROOT":
                # a sentence's root cannot be an infinitive: the parser took its finite verb for a
                # participle of the subject ("100 students assembled at the school to protest")
                return self._subjects_bare_participle(verb)
            return False
        if verb.tag_ in ("VBG", "VBN", "VB") and verb.head.i != verb.i:
            return self.governing_eventive(verb.head, depth + 1)
        return False

    @staticmethod
    def _subjects_bare_participle(verb: Token) -> bool:
        """Does the verb's subject carry a past participle before the verb, with no auxiliary and no
        agent of its own ("students assembled at the school to protest")?"""
        participles = (a for c in verb.children if c.dep_ == "nsubj" for a in c.children
                       if a.dep_ == "acl" and a.tag_ in ("VBD", "VBN") and a.i < verb.i)
        return any(not any(x.dep_ in ("aux", "auxpass", "agent") for x in a.children) for a in participles)

    def finite_intransitive(self, verb: Token) -> bool:
        """A participle of a verb that takes no object ("protested", "rioted": discourse.yaml
        intransitive_verbs), with no auxiliary, not before a noun and not "to"-less infinitive: it
        cannot be passive, so the parser's reduced relative ("handmaidens [who were] protested") is
        a finite past."""
        return (verb.tag_ == "VBN" and verb.dep_ != "amod" and verb.lemma_.lower() in self.intransitive
                and not any(c.dep_ in ("aux", "auxpass") for c in verb.children))

    def reacts_to(self, noun: Token) -> bool:
        """The verb whose object is an event noun that counts its victims speaks in the present of
        what happened ("condemns the killing of 14 people", "is outraged by the massacre of 100"),
        unless it is modal, an infinitive or negated ("to prevent the killing of 100")."""
        if noun.dep_ == "dobj":
            cur = noun.head
        elif noun.dep_ == "pobj" and noun.head.dep_ in ("agent", "prep"):
            cur = noun.head.head
        else:
            return False
        if cur.pos_ not in ("VERB", "AUX"):
            return False
        auxes = [c for c in cur.children if c.dep_ in ("aux", "auxpass", "neg")]
        if any(a.norm_ in MODALS or a.norm_ == "to" or a.dep_ == "neg" for a in auxes):
            return False
        return cur.tag_ in PRESENT or any(a.tag_ in PRESENT for a in auxes)

    def governing_eventive(self, tok: Token, depth: int = 0) -> bool:
        cur = tok
        while cur.pos_ not in ("VERB", "AUX") and cur.head.i != cur.i:
            cur = cur.head
        if cur.pos_ not in ("VERB", "AUX"):
            return False
        return self.verb_eventive(cur, depth)

    def taking_part(self, noun: Token) -> bool:
        """'participated in the nationwide protest', 'joined the march', 'held their rally': the
        people taking part tell the event itself, whatever its determiner."""
        cur = noun
        if cur.dep_ == "pobj" and cur.head.dep_ == "prep":
            cur = cur.head
        elif cur.dep_ != "dobj":
            return False
        verb = cur.head
        if verb.lemma_.lower() == "part" and verb.dep_ == "dobj":  # "took part in": listed as "take part"
            return f"{verb.head.lemma_.lower()} part" in self.participation
        return verb.pos_ in ("VERB", "AUX") and verb.lemma_.lower() in self.participation

    def goes_on(self, tok: Token) -> bool:
        """Is the event noun the subject of a verb saying it went on ("the clashes continued in Seko"),
        in a clause that gives its own date or before the report has told any event? Then it tells
        the event of that day, whatever it refers back to (discourse.yaml continuing_verbs)."""
        verb = tok.head
        if tok.dep_ != "nsubj" or verb.lemma_.lower() not in self.continuing:
            return False
        if not self.told:
            return True
        span = {t.i for t in verb.subtree}
        return any(i in span for i, _ in self.timexes)

    def noun_is_reference(self, tok: Token) -> bool:
        """'the Tamalat massacre', 'its offensive', 'these massacres': an event already told."""
        for noun in self._np_chain(tok):
            mods = {c.norm_ for c in noun.children if c.dep_ in ("amod", "det", "advmod", "nummod", "quantmod")}
            if mods & self.new_mods:
                return False
            if mods & self.ref_mods:
                return True
            for child in noun.children:
                if child.dep_ == "det" and child.norm_ in self.ref_dets:
                    return True
                if child.dep_ == "poss":
                    return True
        return False

    def protest_sentence(self, tok: Token) -> bool:
        """Does the token's sentence tell a demonstration (a trigger of a Protests sub-type)?"""
        return self.w.sent_start[tok.i] in self._protest_sentences

    @cached_property
    def _protest_sentences(self) -> frozenset[int]:
        starts = self.w.sent_start
        return frozenset(starts[i] for i, s in self.triggers if s._.cw_value.sub_event_type
                         and event_type_of(s._.cw_value.sub_event_type) == "Protests")

    def noun_is_background(self, tok: Token) -> bool:
        """'following weeks of fighting', 'despite the air strikes', 'ending the war': background to
        the clause's event; 'two weeks of fighting': a period summed up."""
        cur = tok
        if cur.dep_ == "pobj" and cur.head.norm_ == "of" and cur.head.head.lemma_.lower() in self.durations:
            return True
        background = self.background | (self.grievance if self.protest_sentence(tok) else set())
        for _ in range(3):
            while cur.dep_ == "conj" and cur.head.i != cur.i:
                cur = cur.head  # "against police brutality and the death of ..."
            if cur.dep_ in ("pobj", "dobj") and (cur.head.norm_ in background
                                                 or cur.head.lemma_.lower() in background):
                return True
            if cur.dep_ == "pobj" and cur.head.norm_ == "of":
                cur = cur.head.head  # "following two weeks of fighting"
                continue
            break
        return False

    @staticmethod
    def _np_chain(tok: Token) -> list[Token]:
        chain = [tok]
        if tok.dep_ == "compound":  # "the Islamic State's recent murder spree"
            tok = tok.head
            chain.append(tok)
        if tok.dep_ == "pobj" and tok.head.norm_ == "of" and tok.head.head.pos_ in ("NOUN", "PROPN"):
            chain.append(tok.head.head)
        return chain

    @staticmethod
    def _headlinese(doc: Doc) -> set[int]:
        """Sentences written in headline style, where the simple present tells what happened ("Gunmen
        kill three police officers"): a headline (a first line without a full stop, followed by more
        text), or every sentence of a telegraphic text (one with no finite past verb at all)."""
        sents = sentences(doc)
        past = {doc.vocab.strings.add(tag) for tag in FINITE_PAST}
        if not past.intersection(doc.to_array([TAG]).tolist()):  # the tags read at once
            return {s.start for s in sents}
        first = sents[0] if sents else None
        if first is not None and len(sents) > 1 and first[-1].text not in (".", "!", "?", ":", ";"):
            return {first.start}
        if first is not None and ClauseExtractor._headline_present(first):
            return {first.start}  # "Al Shabaab attacks and kills two at Basuba. Security forces later launched ..."
        return set()

    @staticmethod
    def _headline_present(sent: Span) -> bool:
        """A report that opens with the simple present of a verb with its subject and object ("Al
        Shabaab attacks and kills two, steals vehicles at Basuba"): the present of headlines and
        notes, which tells what happened. A news lede is in the past or the perfect."""
        root = sent.root
        return (root.pos_ == "VERB" and root.tag_ in PRESENT
                and not any(c.dep_ in ("aux", "auxpass") for c in root.children)
                and any(c.dep_ == "nsubj" for c in root.children)
                and any(c.dep_ in ("dobj", "prep") for c in root.children))

    def trigger_is_new_event(self, trig: Span, victims: list[VictimMention]) -> bool:
        tok = trig.root
        if tok.dep_ in ("pobj", "dobj", "conj") and self.noun_is_background(tok):
            return False  # "following weeks of fighting" (a gerund may be tagged VERB)
        if tok.pos_ in ("NOUN", "PROPN"):
            if (tok.dep_ == "pobj" and tok.head.dep_ == "prep"
                    and tok.head.head.lemma_.lower() in self.toll_nouns and tok.head.head.pos_ == "NOUN"):
                return False  # "the death toll in an attack on villages rose to 137": a toll of it
            counted = any(v.noun.head.head.i == tok.i and v.noun.head.norm_ == "of" for v in victims)
            # a superlative makes a noun definite by uniqueness, not by referring back: before any
            # event is told, "the scene of the deadliest attack the country had seen" tells one
            unique = (not self.told and any(c.tag_ == "JJS" for c in tok.children)
                      and not any(i != tok.i and self.w.sent_start[i] == self.w.sent_start[tok.i] for i, _ in self.triggers))
            if (not trig._.cw_value.instrument and not counted and not unique and not self.taking_part(tok)
                    and not self.goes_on(tok) and self.noun_is_reference(tok)):
                return False  # "the massacre" told before; not "the slaying of 14 people"
            if tok.head.i == tok.i:  # a verbless line naming an event: "Clashes between the army and the OLF"
                return self.w.sent_start[tok.i] in self.headlinese
            governor = tok.head.head if tok.dep_ == "pobj" and tok.head.dep_ == "prep" else tok.head
            if tok.dep_ in ("dobj", "pobj") and governor.pos_ == "VERB" and governor.lemma_.lower() in self.unrealised:
                return False  # "they feared attacks from the sect", "warned of attacks"
            if counted and self.reacts_to(tok):
                return True  # "is outraged by the killing of over a hundred civilians": it happened
            return self.governing_eventive(tok.head)
        if tok.pos_ in ("VERB", "AUX"):
            if tok.dep_ in ("acl", "amod") and tok.tag_ == "VBN" and not has_object(tok) and not self.finite_intransitive(tok):
                # "at least 97 civilians killed": a reduced relative counts only with a figure (a French
                # bare participle is read as an adjective: "une centaine de personnes tuées")
                return any(v.noun.i == tok.head.i for v in victims)
            return self.verb_eventive(tok)
        return tok.pos_ == "ADJ" and any(v for v in victims)

    @staticmethod
    def core(clause: list[Token], fresh: list[Span], victims: list[VictimMention]) -> list[Token]:
        """The clause without adverbial clauses that hold none of its triggers or counts
        ("Preceding the spate of massacres, ..." does not make the clause a summary)."""
        dep = words(clause[0].doc).dep if clause else []
        advcl = [tok for tok in clause if dep[tok.i] == "advcl"]
        if not advcl:
            return list(clause)
        keep = {t.root.i for t in fresh} | {v.noun.i for v in victims}
        drop: set[int] = set()
        for tok in advcl:
            sub = {t.i for t in tok.subtree}
            if not sub & keep:
                drop |= sub
        return [t for t in clause if t.i not in drop]

    def about_violence(self, tok: Token) -> bool:
        """Is a trend word said of the violence: "attacks have increased" (its subject), "rising
        violence", "the violence escalated"? A trigger or a violence noun next to it in the parse."""
        roots = self.trigger_roots
        near = [tok.head, *tok.children]
        return any(t.i in roots or t.lemma_.lower() in self.violence_nouns for t in near)

    @cached_property
    def _aggregate_words(self) -> tuple[frozenset[int], frozenset[int], list[tuple[frozenset[int], frozenset[int]]]]:
        """The doc's words that may make a clause a summary, read once: (an aggregate lemma, a trend
        lemma, per aggregate phrase the words that are its first word and those that are its last)."""
        w = self.w
        lemma, norm, lower = w.lemma_lower, w.norm, w.lower
        wanted = self.agg_words
        at: dict[str, set[int]] = {}
        for i in (i for i in range(len(norm)) if norm[i] in wanted or lower[i] in wanted):
            at.setdefault(norm[i], set()).add(i)
            at.setdefault(lower[i], set()).add(i)
        empty: frozenset[int] = frozenset()
        ends = [(frozenset(at.get(first, empty)), frozenset(at.get(last, empty))) for first, last in self.agg_ends]
        pos = w.pos  # a word of a name is no cue: "the Town Common" in Ashfield says nothing is common
        return (frozenset(i for i, x in enumerate(lemma) if x in self.agg_lemmas and pos[i] != "PROPN"),
                frozenset(i for i, x in enumerate(lemma) if x in self.trend_lemmas),
                [(first, last) for first, last in ends if first and last])

    def is_aggregate(self, clause: list[Token]) -> bool:
        agg, trend, phrase_ends = self._aggregate_words
        idx = {t.i for t in clause}
        if not agg.isdisjoint(idx):
            return True
        if not trend.isdisjoint(idx) and any(t.i in trend and self.about_violence(t) for t in clause):
            return True
        if self.sums_up_period(clause):
            return True  # "violence has killed thousands since 2015": a period summed up
        if not any(not first.isdisjoint(idx) and not last.isdisjoint(idx) for first, last in phrase_ends):
            return False  # no aggregate phrase can be there
        # "the country's deadliest attack in recent years": a superlative's period compares, it sums nothing up
        tag, pos, heads = self.w.tag, self.w.pos, self.w.head
        compared = {x.i for t in clause if tag[t.i] == "JJS" and pos[heads[t.i]] in ("NOUN", "PROPN")
                    for x in t.head.subtree}
        text = phrase_text([t for t in clause if t.i not in compared] if compared else clause)
        return any(p in text for p in self.agg_phrases)

    # the sentence ---------------------------------------------------------------------------

    def sentence(self, sent: Span) -> SentenceResult:
        result = SentenceResult()
        doc = sent.doc
        said = [p for p in self.sentence_parties.get(sent.start, []) if p.verb is None]  # "according to X"
        orphans: list[VictimMention] = []
        described = self.speaker_descriptions(sent)
        outcomes = self.outcomes(sent)
        for clause in self.clauses(sent):
            ids = {t.i for t in clause}
            triggers = [s for i, s in self.triggers if i in ids and i not in described and i not in outcomes]
            claimed = self.responsibility(clause, ids, triggers, sent) or self.suspicion(clause, ids, triggers, sent)
            if claimed is not None:
                result.candidates.append(claimed)
                continue
            victims = self.victims(clause, ids, doc)
            fresh = [t for t in triggers if self.trigger_is_new_event(t, victims)]
            if self.is_aggregate(self.core(clause, fresh, victims)):
                toll = None if self.is_series(clause, triggers) else self.toll(clause, ids, triggers, victims, sent,
                                                                                 summary=True)
                if toll is not None:
                    result.candidates.append(toll)
                elif victims:
                    result.totals.append(StatedTotal(victims, sent))
                continue
            if not fresh:
                toll = self.toll(clause, ids, triggers, victims, sent)
                named = None if toll is not None or self.told else self.incident_of_toll(clause, ids, triggers, sent)
                if toll is not None:
                    result.candidates.append(toll)
                elif named is not None:
                    result.candidates.append(named)
                else:
                    orphans.extend(self.without_survivors(victims))  # "three children were wounded when a bomb exploded"
                continue
            main = max(fresh, key=lambda s: s._.cw_value.priority)
            victims = self.without_survivors(victims)  # "3,300 people had fled ... after gunmen killed civilians"
            victims = [v for v in victims if not self.is_agent_count(v, main)]  # "ten gunmen killed 20 villagers"
            lethal = {t.root.i for t in fresh if t._.cw_value.lethal}
            for v in self.bare_counts(clause, ids, self.covered(victims)):
                if self.taken_count(v):
                    continue  # "gunmen kidnapped three victims": the people taken, not dead
                if v.noun.lemma_.lower() in self.dead_nouns:
                    victims.append(v)  # "UNICEF reported 130 deaths", "an air strike ... leaving one fatality"
                elif not victims and v.span.root.dep_ in ("dobj", "nsubjpass") and v.span.root.head.i in lethal:
                    victims.append(v)  # "the attack killed more than 60", "attacked police with an IED, killing three"
            cand = Candidate(sentence=sent, clause=clause, trigger=main, rule=main._.cw_value,
                             other_triggers=[t for t in fresh if t is not main], victims=victims)
            cand.refers_to = self.referred_noun(clause, main, fresh)
            cand.timex = next((s for i, s in self.timexes if i in ids and not self.statement_date(s, main)
                               and not self.side_clause_date(s, main) and not self.since_date(s, main)), None)
            if cand.timex is None:
                cand.timex = self.relative_date(clause)
            # "a recent massacre had killed 58": told before the story, undated; a dated one ("la veille,
            # une embuscade avait fait trois morts") is an event of the story's days all the same
            cand.anterior = cand.timex is None and self.past_perfect(main.root)
            self.places(cand, ids, doc)
            self.roles(cand, ids, doc)
            heads = [main.root] + ([cand.unnamed_place.root] if cand.unnamed_place is not None else [])
            cand.marked_new = any(c.norm_ in self.new_mods for h in heads for c in h.children)
            cand.different = cand.marked_new or any(self.is_different(t) for t in triggers)
            cand.toll = self.retells(main, triggers)
            cand.parties = self.parties_of(clause, ids, doc) or self.reporter_above(clause, doc)
            self.mark_figures(cand.victims, clause, toll=self.has_toll_noun(clause))
            if self.anchored(cand):
                result.candidates.append(cand)
        bare = [c for c in result.candidates if not c.victims]
        if orphans and len(bare) == 1:  # counts of a clause with no trigger of its own
            bare[0].victims.extend(orphans)
        told_by_unit = {v.noun.lemma_ for c in result.candidates for v in c.victims
                        if v.part_of_event and self.distributive(v, list(sent))}
        for cand in result.candidates:  # "50 bodies in each of two graves, and 60 bodies in the third"
            for v in cand.victims:
                if v.noun.lemma_ in told_by_unit and v.part_of is None:
                    v.part_of_event = True
        self.gapped_counts(sent, result.candidates)
        self.figure_voices(sent, result.candidates)
        # a sentence whose only voice speaks through a verb the parser hung apart ("Le gouvernement a
        # reconnu, mercredi, la perte de 71 soldats", the date splitting verb and object)
        spoken = [p for p in self.sentence_parties.get(sent.start, []) if p.verb is not None]
        sole = spoken if len({p.name for p in spoken}) == 1 else []
        for cand in result.candidates:  # "According to reports, the gunmen returned to the village,
            if not cand.parties:        # which was hit by an attack that left 100 dead": the sentence's voice
                # (a speaker's verb names no voice for a relative clause: "A massacre in which 130 were
                # killed was carried out by children, the government said")
                relative = any(a.dep_ in ("relcl", "acl") for a in (cand.trigger.root, *cand.trigger.root.ancestors))
                cand.parties = list(said or ([] if relative else sole))
        self.told = self.told or bool(result.candidates)
        return result

    def outcomes(self, sent: Span) -> set[int]:
        """The words of a consequence (people wounded) in a sentence that tells an event of its own:
        "the bombardments left scores dead and wounded", "four soldiers were injured while one civilian
        was killed", "two were injured after a grenade exploded" tell that event's outcome, no event."""
        return self._outcomes.get(sent.start, frozenset())

    @cached_property
    def _outcomes(self) -> dict[int, frozenset[int]]:
        """outcomes per sentence start, read once for the doc (only sentences with a consequence word)."""
        by_sent: dict[int, list[Span]] = {}
        for i, s in self.triggers:
            by_sent.setdefault(self.w.sent_start[i], []).append(s)
        out: dict[int, frozenset[int]] = {}
        for start, spans in by_sent.items():
            marked = [s for s in spans if s._.cw_value.consequence]
            if marked and len(marked) < len(spans):
                out[start] = frozenset(s.root.i for s in marked)
        return out

    # tolls: the dead of an incident told elsewhere ------------------------------------------

    def speaker_descriptions(self, sent: Span) -> set[int]:
        """'An official from the MSA, one of the armed groups involved in the clashes, put the toll at
        30': what an apposition or a relative clause tells of a speaker describes the speaker; its
        event words tell no event of the sentence."""
        out: set[int] = set()
        for party in self.sentence_parties.get(sent.start, []):
            head = party.span.root
            for child in head.children:
                if child.dep_ in ("appos", "relcl", "acl") and child.i > head.i:
                    out.update(t.i for t in child.subtree)
        return out

    def gapped_counts(self, sent: Span, candidates: list[Candidate]) -> None:
        """'At least 100 people were killed according to officials, and more than 150 according to
        survivors': a count without a noun or a verb of its own, joined after a figure, counts the
        same people (the noun and the verb are gapped)."""
        figures = sorted(((v, c) for c in candidates for v in c.victims), key=lambda p: p[0].span.start)
        if not figures:
            return
        doc = sent.doc
        taken = {i for v, _ in figures for i in range(v.span.start, v.span.end)}
        for root, qspan in self.quantities:
            if not sent.start <= qspan.start < sent.end or root in taken or root in self.timex_tokens:
                continue
            if self.counted_noun(qspan) is not None:
                continue
            before = [(v, c) for v, c in figures if v.span.end <= qspan.start]
            if not before:
                continue
            v, cand = before[-1]
            between = doc[v.span.end:qspan.start]
            after = doc[qspan.end:next((w.span.start for w, _ in figures if w.span.start >= qspan.end), sent.end)]
            links = [t for t in between if t.norm_ in self.gap_links]
            if not links:
                continue
            lead = doc[links[-1].i + 1:qspan.start]
            if any(t.pos_ in ("NOUN", "PROPN", "VERB", "AUX", "NUM") for t in lead):
                continue  # "and bullet injuries to 4": the count has a noun of its own before it
            tail = [*lead, *after]  # the gapped clause: link, count, its voice
            spoken = {t.i for t in tail if t.norm_ == "according"}
            words = [t for t in tail if t.i not in spoken]
            if any(t.pos_ in ("VERB", "AUX") or t.lemma_.lower() in self.injured or t.norm_ in self.injured
                   or t.i in self.trigger_tokens for t in words):
                continue  # "and 150 were wounded", "and burned 20 houses"
            gapped = VictimMention(qspan._.cw_value, doc[qspan.start:qspan.end], v.noun, v.kind, v.group_actor,
                                   v.civilian_apposition, False, dead=v.dead, status=v.status)
            cand.victims.append(gapped)
            figures.append((gapped, cand))
            taken |= set(range(qspan.start, qspan.end))

    def figure_voices(self, sent: Span, candidates: list[Candidate]) -> None:
        """'At least 100 people according to officials, and more than 150 according to survivors':
        where a sentence gives two figures on different words, each figure is the word of the
        "according to" that follows it before the next figure."""
        figures = sorted((v for c in candidates for v in c.victims), key=lambda v: v.span.start)
        if self.respective_voices(sent, figures):
            return
        said = [p for p in self.sentence_parties.get(sent.start, []) if p.verb is None]
        if len({p.name for p in said}) < 2:
            return
        starts = [v.span.start for v in figures]
        found = {}
        for v in figures:
            nxt = next((p for p in said if p.span.start >= v.span.end), None)
            if nxt is not None and not any(v.span.end <= s < nxt.span.start for s in starts):
                found[id(v)] = nxt
        if len({p.name for p in found.values()}) < 2:
            return
        for v in figures:
            v.voice = found.get(id(v))

    def respective_voices(self, sent: Span, figures: list[VictimMention]) -> bool:
        """'Un élu local et un responsable du MSA ont fait état, l'un de 45 civils tués, l'autre de plus
        de 30': speakers named together, their figures told one each ("respectively", "the one ...
        the other"), in the speakers' order."""
        words = set(self.w.lower[sent.start:sent.end])
        if not (words & self.respective_words or any(a in words and b in words for a, b in self.respective_pairs)):
            return False
        for party in self.sentence_parties.get(sent.start, []):
            if party.verb is None:
                continue
            speakers = [party] + [p for c in party.span.root.conjuncts if c.i > party.span.root.i
                                  and (p := self.party(c, party.verb)) is not None]
            if len(speakers) >= 2 and len(speakers) == len(figures):
                for v, p in zip(figures, speakers):
                    v.voice = p
                return True
        return False

    def incident_of_toll(self, clause: list[Token], ids: set[int], triggers: list[Span], sent: Span) -> Candidate | None:
        """'Le bilan du massacre survenu à Seytenga dans la nuit du 11 au 12 juin s'alourdit', before
        any event is told: the toll gives no figure, but the event it is the toll of, with its place
        and day, is the story's incident (the figures told next attach to it)."""
        for trig in triggers:
            tok = trig.root
            if not (tok.dep_ == "pobj" and tok.head.dep_ == "prep" and tok.head.head.pos_ == "NOUN"
                    and tok.head.head.lemma_.lower() in self.toll_nouns):
                continue
            inside = {t.i for t in sent}  # the small French parser often breaks the noun's phrase apart
            cand = Candidate(sentence=sent, clause=clause, trigger=trig, rule=trig._.cw_value, victims=[])
            cand.timex = next((s for i, s in self.timexes if i in inside and not self.since_date(s, trig)
                               and not self.day_of_toll(s, trig)), None)
            doc = sent.doc
            self.places(cand, ids | inside, doc)
            self.roles(cand, ids | inside, doc)
            cand.parties = self.parties_of(clause, ids, doc)
            if cand.timex is not None and self.anchored(cand):
                return cand
        return None

    def day_of_toll(self, timex: Span, trigger: Span) -> bool:
        """'the toll rose on Tuesday', 'the government said on Tuesday': a day the verb of the toll or
        of the statement governs, not the incident's (a day inside the event noun's phrase is its own)."""
        head = timex.root
        while head.pos_ not in ("VERB", "AUX") and head.head.i != head.i:
            head = head.head
            if head.i == trigger.root.i or (head.pos_ == "NOUN" and head.lemma_.lower() in self.toll_nouns):
                return False  # "the toll of the massacre on the night of 11 June": the noun phrase's day
        lemma = head.lemma_.lower()
        return lemma in self.revision_verbs or lemma in self.toll_verbs or lemma in self.reporting

    def counted_on_word(self, sent: Span) -> bool:
        """'At least 100 people according to other sources, and more than 150 according to survivors':
        a line without a verb that counts people on someone's word, in a report that tells of
        killing, gives the dead (the standfirst's and the headline's shorthand)."""
        norm, pos = self.w.norm[sent.start:sent.end], self.w.pos[sent.start:sent.end]
        if not self.lethal_roots or "according" not in norm:
            return False
        return not any(p in ("VERB", "AUX") for n, p in zip(norm, pos) if n != "according")

    def has_toll_noun(self, clause: list[Token]) -> bool:
        """'the death toll rose', and 'which was previously estimated at 60' (a clause about a toll)."""
        pos, lemma, dep, heads = self.w.pos, self.w.lemma_lower, self.w.dep, self.w.head
        root = clause_root(clause, self.w.depth)
        if root.dep_ not in ("relcl", "acl") and self._toll_words.isdisjoint(t.i for t in clause):
            return False  # no word of a toll (the clause's own words only: see below)
        words = [t for t in clause if pos[t.i] in ("NOUN", "PROPN")]
        if root.dep_ in ("relcl", "acl"):  # "the toll of the attack, which was estimated at 60"
            cur = root.head
            for _ in range(4):
                if cur.pos_ in ("NOUN", "PROPN"):
                    words.append(cur)
                if cur.dep_ not in ("pobj", "prep") or cur.head.i == cur.i:
                    break
                cur = cur.head
        dead_subjects = [t for t in words if dep[t.i] == "nsubj" and lemma[t.i] in self.dead_nouns
                         and lemma[heads[t.i]] in self.count_verbs]
        if dead_subjects and any(t.head in clause for t in dead_subjects):
            return True  # "the dead exceed three hundred", "les morts dépassent le nombre de trois cents"
        return any(lemma[t.i] in self.toll_nouns or (lemma[t.i] in self.generic_toll_nouns and self.names_a_toll(t))
                   for t in words)

    @cached_property
    def _toll_words(self) -> frozenset[int]:
        """The doc's words has_toll_noun may find a toll by: a toll noun, a generic one ("the number
        of dead"), the dead as the subject of a count verb."""
        w = self.w
        lemma, dep, heads = w.lemma_lower, w.dep, w.head
        tolls = self.toll_nouns | self.generic_toll_nouns
        return frozenset(i for i, x in enumerate(lemma) if x in tolls or (
            dep[i] == "nsubj" and x in self.dead_nouns and lemma[heads[i]] in self.count_verbs))

    def toll_group(self, clause: list[Token]) -> str | None:
        """'the civilian death toll', 'the toll among soldiers': whose dead a toll counts."""
        for tok in clause:
            if tok.lemma_.lower() not in self.toll_nouns:
                continue
            for child in tok.children:
                if child.dep_ in ("amod", "compound", "nmod"):
                    kind = self.lex.victims.group_of(child.lemma_.lower())
                    if kind is not None and kind != "people":
                        return kind
        return None

    def names_a_toll(self, tok: Token) -> bool:
        """'the number of dead', 'the death count' (not 'the number of people fleeing')."""
        if tok.lemma_.lower() not in self.generic_toll_nouns:
            return False
        if self.told and any(c.dep_ == "det" and c.norm_ in self.back_reference for c in tok.children):
            return True  # "This figure was below 140 on Saturday", "Ce chiffre ...": the toll told before
        if any(c.dep_ == "compound" and c.lemma_.lower() in self.dead_nouns for c in tok.children):
            return True
        for prep in (c for c in tok.children if c.dep_ == "prep" and c.norm_ == "of"):
            for obj in (c for c in prep.children if c.dep_ == "pobj"):
                if obj.lemma_.lower() in self.dead_nouns or obj.norm_ in self.dead:
                    return True
        return False

    def own_toll_clauses(self, root: Token, ids: set[int]) -> set[int]:
        """Tokens of the clauses below ``root`` that state a toll of their own ('..., while a
        government toll stood at 132'): they are read as their own clause."""
        out: set[int] = set()
        for tok in root.subtree:
            if tok.i in ids or tok.i == root.i:
                continue
            if tok.dep_ in ("relcl", "acl", "advcl"):  # "the toll of the attack, which was estimated at 60"
                out |= {t.i for t in tok.subtree}
                continue
            if tok.dep_ not in CLAUSE_DEPS:
                continue
            sub = list(tok.subtree)
            if any(t.lemma_.lower() in self.toll_nouns and t.pos_ == "NOUN" for t in sub):
                out |= {t.i for t in sub}
        return out

    @cached_property
    def _period_words(self) -> tuple[frozenset[int], frozenset[int]]:
        """The doc's words that may open a period ("since" as a preposition) and its campaign nouns
        as subjects ("the insurgency has killed"), read once."""
        w = self.w
        norm, dep, lemma = w.norm, w.dep, w.lemma_lower
        return (frozenset(i for i, x in enumerate(norm) if x in self.since_words and dep[i] == "prep"),
                frozenset(i for i, x in enumerate(lemma) if x in self.campaign_nouns and dep[i] == "nsubj"))

    def since_year(self, clause: list[Token]) -> bool:
        """'since 2015', 'since the start of the year': a period, not one event's day."""
        since = self._period_words[0]
        for tok in clause:
            if tok.i in since:
                if tok.head.tag_ == "JJS" or any(c.tag_ == "JJS" for c in tok.head.children):
                    continue  # "the deadliest (attack) since 2015": the superlative compares, no period summed up
                objs = [c for c in tok.children if c.dep_ == "pobj"]
                if any(o.tag_ == "CD" or o.ent_type_ == "DATE" for o in objs):
                    return True
        return False

    def past_perfect(self, tok: Token) -> bool:
        """'had killed', 'had been killed', 'avait fait 58 morts': the verb of the trigger (a noun
        trigger's verb: 'a massacre had killed') with a perfect auxiliary in the past."""
        verb = tok if tok.pos_ in ("VERB", "AUX") else tok.head
        if verb.pos_ not in ("VERB", "AUX") or verb.tag_ != "VBN":
            return False
        if verb.dep_ != "ROOT" and not (verb.dep_ == "conj" and verb.head.dep_ == "ROOT"):
            return False  # reported speech ("stated that 45 had been killed") and relative clauses
            # ("the attack, which had killed 71") shift tenses back: only a main clause tells it
        return any(c.dep_ == "aux" and c.lemma_.lower() in self.perfect_auxiliaries and c.tag_ == "VBD"
                   for c in verb.children)

    def sums_up_period(self, clause: list[Token]) -> bool:
        """A clause that sums up a period: 'since 2015', a relative clause said of one, a campaign as
        the killer."""
        return self.since_year(clause) or self.relative_of_period(clause) or self.campaign_subject(clause)

    def campaign_subject(self, clause: list[Token]) -> bool:
        """'the insurgency has killed thousands', 'la guerre a fait des milliers de morts': a long
        campaign as the killer sums up a period, not one attack."""
        campaigns = self._period_words[1]
        return any(t.i in campaigns and (
            t.head.i in self.trigger_roots or any(c.i in self.trigger_roots for c in t.head.subtree))
            for t in clause)

    def relative_of_period(self, clause: list[Token]) -> bool:
        """'an insurgency since 2015 that has killed thousands', 'une insurrection depuis 2015 qui a
        fait des milliers de morts': a relative clause said of a period ('since' a year) sums it up."""
        if not clause:
            return False
        root = clause_root(clause, self.w.depth)
        if root.dep_ != "relcl":
            return False
        ante = root.head
        if ante.dep_ == "pobj" and ante.head.norm_ in self.since_words and (ante.tag_ == "CD" or ante.ent_type_ == "DATE"):
            return True
        return self.since_year([c for c in ante.children if c.dep_ == "prep"])

    def is_series(self, clause: list[Token], triggers: list[Span]) -> bool:
        """A summary of many events ('these massacres', 'in less than a month'), not one toll."""
        if self.sums_up_period(clause):
            return True
        for t in triggers:  # "these massacres", "its attacks", "two attacks" (not "coordinated raids")
            if t.root.tag_ in ("NNS", "NNPS") and any(
                    c.dep_ in ("poss", "nummod") or c.dep_ == "det" and c.norm_ in self.ref_dets - {"the"}
                    for c in t.root.children):
                return True
        for tok in clause:
            if tok.lemma_.lower() not in self.durations:
                continue
            if any(a.tag_ == "JJS" or any(c.tag_ == "JJS" for c in a.children) for a in tok.ancestors
                   if a.pos_ in ("NOUN", "ADJ")):
                continue  # "the deadliest attack in years": a comparison, not the period summed up
            if (tok.head.norm_ in self.period_prepositions
                    or any(c.norm_ in self.period_modifiers for c in tok.children)):
                return True
        return False

    def responsibility(self, clause: list[Token], ids: set[int], triggers: list[Span], sent: Span) -> Candidate | None:
        """'The Islamic State claimed responsibility for the attack': an actor accepts an incident told
        elsewhere. The clause becomes a mention of that incident (like a toll, with no figure of its
        own) that carries who claimed it."""
        lemma, pos = self.w.lemma_lower, self.w.pos
        for tok in clause:
            if lemma[tok.i] not in self.responsibility_verbs or pos[tok.i] not in ("VERB", "AUX"):
                continue
            if not any(c.dep_ == "dobj" and c.lemma_.lower() in self.responsibility_nouns for c in tok.children):
                continue
            subj = next((c for c in tok.children if c.dep_ == "nsubj"), None)
            actor = self.actors.actor_at(subj.i) if subj is not None else None
            if actor is None:
                return None  # "no group claimed responsibility": nobody accepts it
            if any(c.dep_ == "neg" for c in tok.children):
                return None
            cand = self.incident_mention(clause, ids, triggers, sent, tok)
            if cand is None:
                return None
            cand.responsible, cand.responsible_actor = actor.name, actor
            self.roles(cand, ids, sent.doc)
            return cand
        return None

    def incident_mention(self, clause: list[Token], ids: set[int], triggers: list[Span], sent: Span,
                         verb: Token) -> Candidate | None:
        """A clause that speaks of an incident told elsewhere (who claimed it, who is blamed): a
        mention of it, like a toll, typed by its event word or else the default trigger."""
        doc = sent.doc
        trigger = triggers[0] if triggers else doc[verb.i:verb.i + 1]
        rule = triggers[0]._.cw_value if triggers else self.default_rule
        if rule is None:
            return None
        cand = Candidate(sentence=sent, clause=clause, trigger=trigger, rule=rule, toll=True)
        self.places(cand, ids, doc)
        cand.parties = self.parties_of(clause, ids, doc)
        return cand

    def suspicion(self, clause: list[Token], ids: set[int], triggers: list[Span], sent: Span) -> Candidate | None:
        """'The attack was blamed on Al Shabaab', 'Police suspect Al Shabaab', 'Al Shabaab suspected.':
        others name the perpetrator of an incident told elsewhere (attribution.yaml suspect_verbs).
        The clause becomes a mention of that incident, with the party named as its only actor (the
        speaker is a voice, not a party to it)."""
        if any(t.root.pos_ in ("VERB", "AUX") or not self.noun_is_reference(t.root) for t in triggers):
            # "the army is suspected of killing ten": the clause tells its own event; "a number of
            # attacks attributed to jihadists in recent years": not the incident told
            return None
        lemma, pos = self.w.lemma_lower, self.w.pos
        for tok in clause:
            if lemma[tok.i] not in self.suspect_verbs or pos[tok.i] not in ("VERB", "AUX"):
                continue
            if any(c.dep_ == "neg" for c in tok.children):
                return None
            named = [c for c in tok.children if c.dep_ in ("nsubjpass", "dobj")]
            named += [g for c in tok.children if c.dep_ in ("prep", "dative") and c.norm_ in self.suspect_preps
                      for g in c.children if g.dep_ == "pobj"]
            if tok.dep_ in ("acl", "amod") and tok.i > tok.head.i and tok.head.dep_ == "ROOT":
                named.append(tok.head)  # "Al Shabaab suspected." (a verbless line)
            deps = {c.dep_ for c in tok.children}
            if "nsubj" in deps and not deps & {"dobj", "ccomp", "xcomp", "prep", "dative"}:
                # the same read as active: the verb takes an object, so with none it is a passive
                named += [c for c in tok.children if c.dep_ == "nsubj"]
            by_token = self.actors.by_token
            mention = next((m for m in (by_token.get(i) for t in named for i in range(t.left_edge.i, t.right_edge.i + 1))
                            if m is not None and m.actor is not None), None)
            if mention is None:
                continue
            cand = self.incident_mention(clause, ids, triggers, sent, tok)
            if cand is not None:
                cand.agents = [mention]
            return cand
        return None

    def retells(self, main: Span, triggers: list[Span]) -> bool:
        """'The attack killed more than 60', 'ten civilians were killed in the clashes': a verb whose
        subject (or, for a killing without a doer for subject after an event was told, whose "in"
        object) is an event already told (a definite event noun) tells that event's dead again, like a toll."""
        if main.root.pos_ not in ("VERB", "AUX"):
            return False
        subjects = {c.i for c in main.root.children if c.dep_ in ("nsubj", "nsubjpass")}
        # "ten civilians were killed in the clashes" (told before): the dead of those clashes; not "its
        # troops killed 14 of the assailants during the fighting", a deed of its doers told of its own
        if self.told and main._.cw_value.lethal and not any(c.dep_ == "nsubj" for c in main.root.children):
            subjects |= {g.i for g in prep_objects(main.root, self.event_preps)}
        return any(t.root.i in subjects and t.root.pos_ in ("NOUN", "PROPN") and self.noun_is_reference(t.root)
                   and not self.is_different(t) for t in triggers)

    def is_different(self, trigger: Span) -> bool:
        """'a similar attack', 'another raid': told as an incident other than those before."""
        tok = trigger.root
        return any(c.norm_ in self.different_words and c.dep_ in ("amod", "det", "advmod") for c in tok.children)

    def without_survivors(self, victims: list[VictimMention]) -> list[VictimMention]:
        """Counts of people who fled, went missing or were abducted, and their parts, are no dead."""
        gone = [v for v in victims if self.not_dead_count(v)]
        sent_start = self.w.sent_start
        return [v for v in victims if v not in gone and not any(
            w.span.start < v.span.start and sent_start[w.span.start] == sent_start[v.span.start] and self._part_after(w, v) for w in gone)]

    def is_agent_count(self, v: VictimMention, trigger: Span) -> bool:
        """'Ten gunmen killed 20 villagers', 'dozens of assailants arrived and shot at everything':
        the subject of an active verb that acts on someone (it has an object, or 'at' what it shot)
        is a count of the attackers, never of the dead. Not 'three soldiers died' (the rule's
        victims are its subject) nor headlines ('Two soldiers killed in attack', no object)."""
        rule = trigger._.cw_value
        root, verb = v.span.root, trigger.root
        by = v.noun.head if v.noun.dep_ == "pobj" else None
        if by is not None and by.dep_ == "agent" and by.head.i in {verb.i, *(c.i for c in verb.conjuncts)}:
            return True  # "a police officer was shot dead by 3 unidentified men": who killed, not who died
        if (not rule.victims_are_subject and verb.dep_ == "acl" and verb.head.i == v.noun.i
                and has_object(verb)):
            return True  # "one gunman killed 137 people" parsed as a participle on "gunman": it has an object
        if rule.victims_are_subject or verb.pos_ != "VERB" or root.dep_ != "nsubj":
            return False
        subject_of = root.head
        if subject_of.i == verb.i and verb.lemma_.lower() in self.intransitive and verb.lemma_.lower() not in self.dead:
            return True  # "60 NPA fighters clashed with the military": a verb with no passive, its subject acted
        # the verbs this subject acts through: its own, those coordinated with it ("arrived and
        # shot"), and a participle it governs ("attacked the post, killing three soldiers")
        verbs = [subject_of, *subject_of.conjuncts]
        verbs += [c for x in verbs for c in x.children if c.dep_ in ("advcl", "xcomp") and c.tag_ == "VBG"]
        if verb.i not in {x.i for x in verbs}:
            return False
        return any(c.dep_ in ("dobj", "obj") or c.dep_ == "prep" and c.norm_ in self.lex.victims.target_prepositions
                   for x in (verb, subject_of) for c in x.children)

    def _part_after(self, whole: VictimMention, part: VictimMention) -> bool:
        between = phrase_text(part.span.doc[whole.span.end:part.span.start])
        return any(f" {p} " in between for p in self.subset_preps) or any(p in between for p in self.subset_phrases)

    @staticmethod
    def acting_on(v: VictimMention) -> Token | None:
        """The verb or noun a count is the object of ("kidnapped three victims", "the kidnapping of
        three victims")."""
        noun = v.noun
        if noun.dep_ in ("dobj", "nsubjpass"):
            return noun.head
        if noun.dep_ == "pobj" and noun.head.norm_ == "of":
            return noun.head.head
        return None

    def taken_count(self, v: VictimMention) -> bool:
        """'kidnapped three victims': the count is what a word of people taken (coreference.yaml
        not_dead) acts on."""
        word = self.acting_on(v)
        return word is not None and self._not_dead_word(word)

    def not_dead_count(self, v: VictimMention) -> bool:
        """'with dozens reported missing', '30 were abducted': people not counted among the dead."""
        doc = v.span.doc
        near = [*doc[v.span.end:min(len(doc), v.span.end + 3)], v.noun.head, *v.noun.children,
                v.span.root.head]  # "displaced nearly two million of them", "déplacé deux millions de personnes"
        if (word := self.acting_on(v)) is not None:
            near.append(word)  # "the kidnapping of three victims"
        return any(self._not_dead_word(t) for t in near)

    def _not_dead_word(self, tok: Token) -> bool:
        """A word of people not counted dead (coreference.yaml not_dead: missing, abducted, taken)."""
        return tok.lemma_.lower() in self.not_dead or tok.norm_ in self.not_dead

    def names_dead(self, v: VictimMention) -> bool:
        """'160 bodies', '20 civilians dead', 'the deaths of 60 people', 'the lives of 100 people'."""
        if v.dead or v.noun.lemma_.lower() in self.dead_nouns:
            return True
        noun = v.noun
        doc = noun.doc
        before = doc[v.span.start - 1] if v.span.start > 0 else None
        if (before is not None and before.norm_ == "of" and before.head.i < before.i
                and before.head.lemma_.lower() in self.dead_nouns):
            head = before  # "took the lives of more than 100 people", however the parser hung the count
        else:
            for _ in range(2):
                head = noun.head
                if not (noun.dep_ == "pobj" and head.norm_ == "of"):
                    return False
                if head.head.lemma_.lower() in self.dead_nouns:
                    break
                if not v.span.start <= head.head.i < v.span.end:
                    return False
                noun = head.head  # "la mort d'une dizaine de civils": through the count's unit word
            else:
                return False
        holder = head.head  # "took the lives of 12", never "saved the lives of 100"
        return holder.lemma_.lower() not in self.life_nouns or holder.head.lemma_.lower() in self.life_verbs

    @staticmethod
    def covered(victims: list[VictimMention]) -> set[int]:
        return {i for v in victims for i in range(v.span.start, v.span.end)} | {v.noun.i for v in victims}

    def bare_counts(self, clause: list[Token], ids: set[int], taken: set[int]) -> list[VictimMention]:
        """Counts in a toll clause with no person noun: 'rose to 137', 'put the dead at 138',
        'stood at 132 dead and around 40 wounded'."""
        found = []
        for root, qspan in self.quantities:
            if root not in ids or root in taken:
                continue
            noun = self.counted_noun(qspan)
            if noun is not None and noun.i in self.timex_tokens:
                noun = None  # "était à moins de 140 samedi": a day is no counted noun
            if noun is not None and noun.lemma_.lower() not in self.dead_nouns and noun.norm_ not in self.dead:
                continue  # "three villages", "two mass graves"
            doc = qspan.doc
            end = noun.i + 1 if noun is not None and noun.i >= qspan.end else qspan.end
            after = [doc[i] for i in range(end - 1, min(len(doc), end + 1))]
            injured = any(t.lemma_.lower() in self.injured or t.norm_ in self.injured for t in after)
            root = qspan.root
            died = (noun is None and root.dep_ == "nsubj" and root.head.lemma_.lower() in self._died)  # "more than 150 died"
            said_dead = not injured and (  # "132 dead", "79 deaths", "160 bodies"
                noun is not None or died or any(t.norm_ in self.dead or t.lemma_.lower() in self.dead_nouns for t in after))
            found.append(VictimMention(qspan._.cw_value, doc[qspan.start:end], noun or qspan.root, "people",
                                       None, False, injured, dead=said_dead))
        return found

    def toll(self, clause: list[Token], ids: set[int], triggers: list[Span], victims: list[VictimMention],
             sent: Span, summary: bool = False) -> Candidate | None:
        """A clause that states the dead of an incident without an event verb of its own becomes a
        candidate marked ``toll``: the discourse stage attaches it to the incident it is about. A
        clause with a summary cue ('in total', 'so far') is a toll only when it names the toll or
        counts the dead themselves ('a total of 160 bodies'); else it stays a stated total."""
        toll_noun = self.has_toll_noun(clause)
        parts = False
        if not summary and victims:  # "Among the victims were 12 children"
            text = phrase_text(clause)
            parts = any(p in text for p in self.subset_phrases)
        if toll_noun:  # "the toll has risen to at least 132 people and others wounded": the counts
            root = clause_root(clause, self.w.depth)  # may sit in a clause below
            below = {t.i for t in root.subtree} - self.own_toll_clauses(root, ids)
            ids = ids | below
            victims = self.victims(sorted({*clause, *(sent.doc[i] for i in below)}, key=lambda t: t.i), ids, sent.doc)
        if parts:
            for v in victims:  # "Among the victims were 12 children": a part of the incident's dead
                v.part_of_event, v.dead = True, True
            toll_noun = True
        dead = [v for v in victims if self.names_dead(v) and not (summary and v.noun.lemma_.lower() not in self.dead_nouns)]
        if not dead and not toll_noun and not summary and self.counted_on_word(sent):
            dead = [v for v in victims if not v.injured]
        # "160 bodies were buried by local people, including about twenty children": a part of the dead
        dead += [v for v in victims if v not in dead and self.whole_of(v, victims) in dead]
        bare = self.bare_counts(clause, ids, self.covered(victims))
        if toll_noun:
            counts = victims + bare
        else:  # "160 bodies were recovered", "reported 130 deaths", "confirmed the deaths of 60 people"
            counts = dead + [v for v in bare if v.dead]
        if not counts:
            return None
        counts = [v for v in counts if (v.quantity.low is not None or v.quantity.high is not None)
                  and not self.not_dead_count(v)]
        if not counts or self.default_rule is None:
            return None
        doc = sent.doc
        if triggers:
            trigger, rule = triggers[0], triggers[0]._.cw_value
        else:
            noun = next((t for t in clause if t.lemma_.lower() in self.toll_nouns), counts[0].noun)
            trigger, rule = doc[noun.i:noun.i + 1], self.default_rule
        whose = self.toll_group(clause)
        for v in counts:
            v.dead = v.dead or not v.injured
            if v.kind == "people" and whose is not None:
                v.kind = whose  # "put the civilian death toll at 30"
        if any(t.lemma_.lower() in self.revision_verbs and t.pos_ == "VERB" for t in clause):
            counts = [x for v in counts for x in self.split_change(v)]
        cand = Candidate(sentence=sent, clause=clause, trigger=trigger, rule=rule, victims=counts, toll=True)
        # "the toll rose to 137 on Sunday", "officials said Monday": the date of the toll or of the
        # statement, not of the incident; only a date inside the event noun's phrase dates it
        # ("the toll of Saturday's attack")
        inside = {t.i for t in trigger.root.subtree} if triggers else set()
        cand.timex = next((s for i, s in self.timexes if i in ids and i in inside), None)
        self.places(cand, ids, doc)
        self.roles(cand, ids, doc)
        cand.parties = self.parties_of(clause, ids, doc)
        cand.different = any(self.is_different(t) for t in triggers)
        self.mark_figures(counts, clause, toll=True)
        return cand

    def mark_figures(self, victims: list[VictimMention], clause: list[Token], toll: bool) -> None:
        """Status cues of a toll ('an earlier toll', 'previously', 'rose from 100 to 138', 'the
        latest toll') and parts of a count ('including 20 children')."""
        for v in victims:
            v.part_of = self.whole_of(v, victims)
            if v.part_of is None and self.distributive(v, clause):
                v.part_of_event = True  # "50 bodies in each of the two mass graves": a part, not the toll
        if not toll:
            if any(t.norm_ in self.latest_words and t.head.lemma_.lower() in self.revision_nouns
                   for t in clause if t.dep_ in ("amod", "advmod")):
                for v in victims:  # "In a later statement, the ministry said 71 soldiers were killed"
                    v.revision = True
            return
        mods = [t for t in clause if t.dep_ in ("amod", "advmod", "npadvmod")]
        earlier = any(t.norm_ in self.earlier_words or t.lemma_.lower() in self.earlier_words for t in mods)
        if not earlier and self.earlier_phrases:
            text = phrase_text(clause)
            earlier = any(p in text for p in self.earlier_phrases)
        latest = any(t.norm_ in self.latest_words for t in mods)
        revised = any(t.lemma_.lower() in self.revision_verbs and t.pos_ == "VERB" for t in clause)
        ranged = [v for v in victims if self._after_word(v, self.from_word)]
        has_to = any(self._after_word(v, self.to_word) for v in victims)
        for v in victims:
            if v.status == "superseded":
                continue
            if v in ranged and has_to:
                v.status = "superseded"  # "rose from 100 to 138": 100 was the earlier toll
            elif earlier and not (revised and self._after_word(v, self.to_word)):
                v.status = "superseded"
            elif latest or revised:
                v.revision = True

    def split_change(self, v: VictimMention) -> list[VictimMention]:
        """'the toll rose from 100 to 138' is a change, not a range: 100 superseded, 138 current."""
        q = v.quantity
        if not v.span.text.lower().startswith(self.from_word + " ") or q.low is None or q.high is None or q.low == q.high:
            return [v]
        old = dataclasses.replace(v, quantity=q.model_copy(update={"high": q.low, "qualifier": "exact"}),
                                  status="superseded")
        new = dataclasses.replace(v, quantity=q.model_copy(update={"low": q.high, "qualifier": "exact"}),
                                  revision=True)
        return [old, new]

    @staticmethod
    def _after_word(v: VictimMention, word: str) -> bool:
        start = v.span.start
        before = v.span.doc[start - 1] if start > 0 else None
        return before is not None and word in (before.norm_, before.lower_)

    def distributive(self, v: VictimMention, clause: list[Token]) -> bool:
        return any(t.norm_ in self.distributive_words and t.i >= v.span.end for t in clause)

    def whole_of(self, v: VictimMention, victims: list[VictimMention]) -> VictimMention | None:
        """'160 civilians, including around 20 children': the count this one is a part of."""
        others = [w for w in victims if w is not v and w.span.start < v.span.start]
        if not others:
            return None
        between = v.span.doc[others[-1].span.end:v.span.start]
        text = phrase_text(between)
        if any(t.norm_ in self.subset_preps for t in between) or any(p in text for p in self.subset_phrases):
            return others[-1]
        return None

    def anchored(self, cand: Candidate) -> bool:
        """A candidate must say when, where, how many, who, or who told it. A trigger that names
        people who acted, as the subject of their deed, says who ("Rioters smashed windows", after a
        demonstration: context.yaml agent_nouns)."""
        root = cand.trigger.root
        return bool(cand.timex or cand.victims or cand.places or cand.agents or cand.patients
                    or cand.near_unnamed or cand.unnamed_place is not None or cand.reporters
                    or (root.dep_ == "nsubj" and root.head.pos_ == "VERB"
                        and self.lex.context.kind_of_noun(root.lemma_.lower()) is not None)
                    or (not self.told and self.names_who(root)))

    def names_who(self, verb: Token) -> bool:
        """Does the trigger verb name who did it or to whom, by a noun of a kind of actor or of
        person ("Gunmen killed him", "Police officers assaulted a journalist", "election officers
        were assaulted")? Its subject, object, or the agent of its passive; for an event noun, those of
        the verb it is the object of ("students staged a protest"). Enough for the report's first event
        only: after it, "the man was arrested" tells more of the event told."""
        if verb.pos_ == "NOUN" and verb.dep_ == "dobj":
            verb = verb.head
        if verb.pos_ != "VERB":
            return False
        nouns = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass", "dobj")] + passive_agents(verb)
        return any(self.lex.context.kind_of_noun(n.lemma_.lower()) is not None or n.lemma_.lower() in self._persons
                   for n in nouns if n.pos_ == "NOUN")

    # counts -------------------------------------------------------------------------------

    def victims(self, clause: list[Token], ids: set[int], doc: Doc) -> list[VictimMention]:
        found: list[VictimMention] = []
        for root, qspan in self.quantities:
            if root not in ids:
                continue
            noun = self.counted_noun(qspan)
            if noun is None:
                continue
            victim = self.victim_of(noun, qspan._.cw_value, doc[qspan.start:max(noun.i + 1, qspan.end)])
            if victim is not None:
                found.append(victim)
        found.extend(self.singular_victims(clause, {v.noun.i for v in found}))
        return found

    # one person at a time: "a man was shot and killed", "killed a teacher", "the driver died"

    @cached_property
    def _persons(self) -> frozenset[str]:
        return frozenset(self.lex.victims.persons)

    @cached_property
    def _died(self) -> frozenset[str]:
        return frozenset(self.lex.victims.died)

    def singular_victims(self, clause: list[Token], counted: set[int]) -> list[VictimMention]:
        """Victims named one by one: a singular person noun with a determiner or a possessive ("a
        man", "the driver", "his son"), an age standing for a person ("a 7-year-old") or a person's
        name, as the object or passive subject of a lethal or injuring verb, the subject of "died" or
        "was found dead", or the "of" noun of a lethal noun ("the killing of a teacher").
        Coordinated persons count each ("a man and his son" = 2): one mention per kind of victim."""
        found: list[VictimMention] = []
        batches: dict[tuple[int, str], list[tuple[Token, str]]] = {}  # (verb, fate) -> its persons
        dep, heads, norm = self.w.dep, self.w.head, self.w.norm
        fate_heads, lethal = self._fate_heads, self.lethal_roots
        for tok in clause:  # only where fate_of may find a fate (a conjunct counts with the first of its coordination)
            i = tok.i
            if dep[i] == "pobj":
                if not (norm[heads[i]] == "of" and heads[heads[i]] in lethal):
                    continue
            elif dep[i] not in ("nsubj", "nsubjpass", "dobj") or heads[i] not in fate_heads:
                continue
            fate = self.fate_of(tok)
            if fate is None:
                continue
            batches.setdefault((tok.head.i, fate), []).extend(
                (t, kind) for t in (tok, *tok.conjuncts)
                if t.i not in counted and (kind := self.one_person(t)) is not None)
        for (_, fate), people in batches.items():
            kinds = {kind for _, kind in people}
            groups: dict[tuple[str, Actor | None], list[Token]] = {}
            for t, kind in people:
                if kind == "people" and len(kinds - {"people"}) == 1:
                    kind = next(iter(kinds - {"people"}))  # "a man and a woman", "a soldier and his son"
                groups.setdefault((kind, self.actors.actor_at(t.i)), []).append(t)
            for (kind, _), toks in groups.items():
                toks.sort(key=lambda t: t.i)
                n = len(toks)
                first, last = toks[0], toks[-1]
                span = first.doc[min(first.left_edge.i, first.i):last.i + 1]
                qty = Quantity(low=n, high=n, qualifier="exact", text=span.text)
                victim = self.victim_of(first, qty, span, kind=kind)
                if victim is None:
                    continue
                victim.injured = fate == "injured"
                victim.dead = victim.dead or fate == "died"
                counted.update(t.i for t in toks)
                found.append(victim)
        return found

    @cached_property
    def _fate_heads(self) -> frozenset[int]:
        """The words whose subject or object fate_of may give a fate: a lethal trigger, a verb of
        dying or of injuring, a verb with a 'dead' complement ("shot dead"), or a word such a verb
        is joined to ("was shot and killed")."""
        w = self.w
        lemma, norm, dep, heads = w.lemma_lower, w.norm, w.dep, w.head
        marked = set(self.lethal_roots)
        for i, lem in enumerate(lemma):
            if lem in self._died or lem in self.injured:
                marked.add(i)
            if dep[i] in ("acomp", "oprd", "xcomp") and norm[i] in self.dead:
                marked.add(heads[i])
        return frozenset(marked | {heads[i] for i in marked if dep[i] == "conj"})

    def fate_of(self, tok: Token) -> str | None:
        """What befell the person ``tok`` names, from its verb: 'killed' (object or passive
        subject of a lethal verb, "of" noun of a lethal noun), 'died' (subject of "died", "was
        found dead"), 'injured' (object or passive subject of an injuring verb), else None."""
        head = tok.head
        if tok.dep_ == "pobj" and head.norm_ == "of" and head.head.i in self.lethal_roots \
                and head.head.pos_ in ("NOUN", "PROPN"):
            return "killed"  # "the killing of a teacher"
        if tok.dep_ not in ("nsubj", "nsubjpass", "dobj") or head.i == tok.i:
            return None
        facts = self._verb_facts.get(head.i)
        if facts is None:
            # "was shot and wounded": the verbs joined to the head that share its subject and object
            verbs = [head] + [c for c in head.children if c.dep_ == "conj" and c.pos_ in ("VERB", "AUX")
                              and not any(g.dep_ in SUBJECTS or g.dep_ == "dobj" for g in c.children)]
            # "was not killed", "tried to kill a teacher", "a soldier could be killed"
            blocked = any(c.dep_ == "neg" for c in head.children) or (
                head.pos_ in ("VERB", "AUX") and not self.verb_eventive(head))
            facts = self._verb_facts[head.i] = (verbs, blocked)
        verbs, blocked = facts
        if blocked:
            return None
        if any(c.dep_ in ("acomp", "oprd", "xcomp") and c.norm_ in self.dead for v in verbs for c in v.children):
            return "killed" if tok.dep_ == "dobj" else "died"  # "shot dead a chief", "was found dead"
        if any(v.lemma_.lower() in self._died for v in verbs):
            return "died" if tok.dep_ != "dobj" else None
        if tok.dep_ == "nsubj":
            return None  # the one who acted
        if any(v.lemma_.lower() in self.injured for v in verbs):
            return "injured"
        if any(v.i in self.lethal_roots for v in verbs):
            return "killed"
        return None

    def one_person(self, tok: Token) -> str | None:
        """The victim kind of ``tok`` when it names exactly one person, else None: a singular
        person noun or an age ("a 7-year-old") with a determiner or a possessive, or a person's
        name. A definite one whose noun (or name) the report used before is a person already told."""
        doc = tok.doc
        if tok.ent_type_ == "PERSON" and tok.pos_ == "PROPN":
            ent = next((e for e in self._ents if e.start <= tok.i < e.end), None)
            start = ent.start if ent is not None else tok.i
            told = any(t.norm_ == tok.norm_ for t in doc[:start])
            return None if told else "people"
        if tok.tag_ not in ("NN", "NNP", "JJ"):  # singular; "old" of "a 7-year-old" is tagged JJ
            return None
        lemma = tok.lemma_.lower()
        age = self.lex.victims.age_nouns
        if tok.tag_ != "JJ" and (lemma in self._persons or tok.norm_ in self._persons):
            kind = self.lex.victims.group_of(lemma) or self.lex.victims.group_of(tok.norm_)
        elif age is not None and tok.norm_ in age.heads and any(
                t.norm_ in age.units or t.lemma_.lower() in age.units for t in tok.subtree if t.i != tok.i):
            kind = age.group
        else:
            return None
        if any(c.dep_ == "neg" for c in tok.children):
            return None  # "not a single soldier"
        dets = self.lex.victims.determiners
        words = {c.norm_ for c in tok.children if c.dep_ in ("det", "nummod")}
        if words & set(dets.indefinite):
            return kind
        if words & set(dets.definite) or any(c.dep_ == "poss" for c in tok.children):
            told = any(t.i != tok.i and (t.lemma_.lower() == lemma or t.norm_ == tok.norm_) for t in doc[:tok.i])
            return None if told else kind
        return None

    @staticmethod
    def counted_noun(qspan: Span) -> Token | None:
        root = qspan.root
        of = next((c for p in root.children if p.dep_ == "prep" and p.norm_ == "of" and p.i >= qspan.end
                   for c in p.children if c.dep_ == "pobj"), None)
        if of is not None and root.pos_ == "NOUN" and root.i < qspan.end:
            return of  # the count's own word is a unit ("dozens of soldiers", "une centaine de militaires")
        for child in root.children:  # "eight of their militants" (not the count's own "plus de 200")
            if child.dep_ == "prep" and child.norm_ == "of" and child.i >= qspan.end:
                pobj = next((c for c in child.children if c.dep_ == "pobj"), None)
                if pobj is not None:
                    return pobj
        if root.dep_ in ("nummod", "quantmod", "amod") and root.head.i >= qspan.end - 1:
            return root.head
        nxt = qspan.end
        if nxt < len(qspan.doc) and qspan.doc[nxt].pos_ in ("NOUN", "PROPN"):
            return qspan.doc[nxt]
        return None

    def victim_of(self, noun: Token, qty: Quantity, span: Span, kind: str | None = None) -> VictimMention | None:
        """The victim a count's noun names; ``kind``: its kind when the caller knows it ("a 7-year-old")."""
        doc = noun.doc
        actor = self.actors.actor_at(noun.i)
        kind = kind or self.lex.victims.group_of(noun.lemma_.lower())
        among = self.among(noun) if kind in (None, "people") else None
        if among is not None:  # "three dead among the soldiers": who the dead were
            noun_kind = self.lex.victims.group_of(among.lemma_.lower())
            if noun_kind is not None or self.actors.actor_at(among.i) is not None:
                kind = noun_kind or "armed"
                actor = self.actors.actor_at(among.i) or (self.owner_of(among) if kind == "armed" else None)
        if kind is None and actor is not None:
            # "two Palestinian fishers": an actor of civilians (ACLED's "Fishers (Palestine)") is civilians
            kind = "civilian" if "civilian" in actor.tags else "armed"
        if kind is None:
            return None
        if kind == "armed" and actor is None:
            actor = self.owner_of(noun)
        appos = any(
            c.dep_ == "appos" and self.lex.victims.group_of(c.lemma_.lower()) == "civilian" for c in noun.children
        )
        after = []  # "three children wounded", never the next conjunct ("killed 138 people and wounded dozens")
        for t in doc[noun.i + 1:min(len(doc), noun.i + 3)]:
            if t.pos_ == "CCONJ" or t.is_punct or has_object(t):
                break  # "one gunman killed 137 people": a verb with its own object is what the noun did
            after.append(t)
        near_words = [noun, *after, *(c for c in noun.children if not has_object(c))]
        if noun.dep_ in ("dobj", "nsubjpass"):
            near_words.append(noun.head)  # "wounded three children", "three were injured"
        injured = any(t.lemma_.lower() in self.injured for t in near_words)
        dead = any(t.norm_ in self.dead or t.lemma_.lower() in self.dead for t in near_words)
        # "three soldiers died when gunmen attacked their post": the subject of "died"
        dead = dead or (noun.dep_ == "nsubj" and noun.head.pos_ == "VERB" and noun.head.lemma_.lower() in self._died)
        # "leaving the bodies of 42 civilians": the count of the remains is a count of the dead
        dead = dead or (noun.dep_ == "pobj" and noun.head.norm_ == "of"
                        and noun.head.head.lemma_.lower() in self.lex.victims.remains)
        return VictimMention(qty, span, noun, kind, actor, appos, injured, dead)

    def among(self, noun: Token) -> Token | None:
        """The people a count of dead is among: 'three dead among the soldiers' (on the noun or on
        its verb: 'left three dead among the soldiers')."""
        if noun.lemma_.lower() not in self.dead_nouns and noun.norm_ not in self.dead:
            return None
        for owner in (noun, noun.head):
            for prep in (c for c in owner.children if c.dep_ == "prep" and c.norm_ == "among"):
                found = next((g for g in prep.children if g.dep_ == "pobj"), None)
                if found is not None:
                    return found
        return None

    OWNER_PATH = {"prep", "pobj", "acl", "appos", "compound", "amod", "nmod", "poss", "case"}

    def owner_of(self, noun: Token) -> Actor | None:
        """Whose fighters: 'its fighters', 'MSA fighters', 'members of the MSA', 'IS militants',
        'an officer belonging to the MSA'."""
        for child in noun.children:
            if child.dep_ == "poss" and child.tag_ == "PRP$":
                return self.actors.antecedent(child.i)
        for tok in noun.subtree:
            if tok.i == noun.i or self.actors.actor_at(tok.i) is None:
                continue
            path, cur = [], tok
            while cur.i != noun.i and len(path) < 8:
                path.append(cur.dep_)
                cur = cur.head
            if cur.i == noun.i and set(path) <= self.OWNER_PATH:
                return self.actors.actor_at(tok.i)
        return self.actors.actor_at(noun.i)

    # places -------------------------------------------------------------------------------

    @property
    def _ents(self) -> list[Span]:
        """The doc's entities, read once per report (by its :class:`ActorIndex`)."""
        return self.actors.ents

    @cached_property
    def _place_ents(self) -> list[tuple[int, Span]]:
        return [(e.root.i, e) for e in self._ents if e.label_ in ("GPE", "LOC", "FAC")]

    def coded_place(self, ent: Span) -> bool:
        """Is the name the place a coded note says the event is coded at ("(coded to Birao)")?"""
        doc, end = ent.doc, ent.start
        if end > 0 and doc[end - 1].lower_ == "the":
            end -= 1
        words = tuple(t.lower_ for t in doc[max(0, end - self.coded_at_len):end])
        return any(words[len(words) - len(p):] == p for p in self.coded_at if len(p) <= len(words))

    def places(self, cand: Candidate, ids: set[int], doc: Doc) -> None:
        sentence = cand.sentence
        for root, ent in self._place_ents:
            coded = bool(self.coded_at) and sentence.start <= root < sentence.end and self.coded_place(ent)
            if (root not in ids and not coded) or self.in_dateline(ent):
                continue
            if is_not_place(ent.text):
                continue  # "Songhai youth", "Tuareg": a people, never a place
            kind, hint = self.place_kind(ent)
            if kind == "country" and ent.root.dep_ == "poss":
                continue  # "Mali's northern Menaka region": a hint, not the place
            if kind == "country" and self.at_boundary(ent.root):
                continue  # "near the Mali border", "the border with Mali"
            if self.where_said(ent.root):
                continue  # "the UNHCR spokesman told reporters in Geneva"
            prep = self._governing_prep(ent.root)
            if prep is not None and prep.norm_ in self.movement and kind != "place":
                continue
            near = prep is not None and prep.norm_ in self.near_cues
            cand.places.append(PlaceRef(ent, kind, hint, near=near, coded=coded))
        lemma, ent_type = self.w.lemma_lower, self.w.ent_type
        for tok in cand.clause:
            if lemma[tok.i] not in self.anaphora or ent_type[tok.i]:
                continue
            det = [c.norm_ for c in tok.children if c.dep_ == "det"]
            has_of = any(c.dep_ == "prep" and c.norm_ == "of" for c in tok.children)
            if tok.norm_ == "there" or (det == ["the"] and not has_of and tok.tag_ == "NN"):
                prep = self._governing_prep(tok)
                cand.places.append(PlaceRef(doc[tok.i:tok.i + 1], "place", anaphoric=True,
                                            near=prep is not None and prep.norm_ in self.near_cues))
            elif tok.lemma_.lower() in self.place_nouns and not has_of:
                cand.unnamed_place = doc[tok.left_edge.i:tok.i + 1]
        if not any(not p.anaphoric for p in cand.places):
            self.relative_place(cand, doc)
        if not cand.places:
            seat = self.institution_seat(ids)
            if seat is not None:
                cand.places.append(PlaceRef(seat, "place"))
        if not cand.places:
            cand.near_unnamed = any(t.norm_ in self.near_cues for t in cand.clause)

    def institution_seat(self, ids: set[int]) -> Span | None:
        """'Nairobi City Council employees protested': the first word of an organisation's name that
        ends with an institution noun (places.yaml institution_nouns) names the institution's seat."""
        for ent in self._ents:
            if (ent.label_ == "ORG" and ent.root.i in ids and len(ent) > 1 and ent[0].pos_ == "PROPN"
                    and ent[-1].lemma_.lower() in self.institutions):
                return ent[0:1]
        return None

    def statement_date(self, timex: Span, trigger: Span) -> bool:
        """'..., the government said on Saturday': the day of the statement, not of the event (a
        date after the reporting verb that governs the event's trigger, and attached to it)."""
        head = timex.root
        while head.dep_ not in ("ROOT",) and head.pos_ not in ("VERB", "AUX") and head.head.i != head.i:
            head = head.head
        if head.lemma_ not in self.reporting or head.pos_ not in ("VERB", "AUX"):
            return False
        # only after the verb ("Two days later, the army said its troops killed 14" dates the event),
        # and only of a reported clause ("the MSA reported clashes on March 9" dates the clashes)
        clausal = any(t.dep_ in ("ccomp", "parataxis", "xcomp", "advcl") for t in [trigger.root, *trigger.root.ancestors]
                      if t.i != head.i and head.is_ancestor(t))
        return timex.start > head.i and head.i != trigger.root.i and head.is_ancestor(trigger.root) and clausal

    def referred_noun(self, clause: list[Token], main: Span, fresh: list[Span]) -> str | None:
        """'132 people were killed in the attack on the village': the definite event noun the
        clause's event word hangs on, which names the event told before (its lemma)."""
        own = {t.root.i for t in fresh}
        for tok in clause:
            if (tok.i in self.trigger_tokens and tok.i not in own and tok.pos_ == "NOUN" and tok.dep_ == "pobj"
                    and tok.head.head.i == main.root.i and self.noun_is_reference(tok)):
                return tok.lemma_.lower()
        return None

    def since_date(self, timex: Span, trigger: Span) -> bool:
        """'... making it the deadliest attack since the start of the war in 2015': a date under
        'since' starts the period an event is compared with, it never dates the event."""
        root = trigger.root
        for tok in timex.root.ancestors:
            if tok.i == root.i or tok.is_ancestor(root):
                return False
            if tok.norm_ in self.since_words and tok.dep_ == "prep":
                return True
        # "since the start of the offensive, in 2015": a date set off by a comma right after the
        # since-phrase is that phrase's date, wherever the parser hung it
        doc, i = timex.doc, timex.start - 1
        if i < 1 or doc[i].text != ",":
            return False
        before = doc[i - 1]
        return any(tok.norm_ in self.since_words and tok.dep_ == "prep" and not tok.is_ancestor(root)
                   and tok.i != root.i for tok in (before, *before.ancestors))

    @staticmethod
    def side_clause_date(timex: Span, trigger: Span) -> bool:
        """'Declaring three days of mourning, ending Monday night, the government said terrorists
        killed civilians': a date inside a participial clause that neither holds nor governs the
        event's trigger dates that clause (the mourning), not the event."""
        head = timex.root
        while head.pos_ not in ("VERB", "AUX") and head.head.i != head.i:
            head = head.head
        if head.pos_ not in ("VERB", "AUX") or head.tag_ not in ("VBG", "VBN"):
            return False
        if head.dep_ not in ("advcl", "acl", "xcomp"):
            return False
        root = trigger.root
        return not (head.i == root.i or head.is_ancestor(root) or root.is_ancestor(head))

    def relative_date(self, clause: list[Token]) -> Span | None:
        """'since 2019, when a raid on the same market killed 41 people': the date a relative
        clause hangs from dates it."""
        root = clause_root(clause, self.w.depth)
        if root.dep_ not in ("relcl", "advcl", "acl"):
            return None
        return next((s for _, s in self.timexes if s.start <= root.head.i < s.end), None)

    def relative_place(self, cand: Candidate, doc: Doc) -> None:
        """'the village of Solhan, which was hit by an attack': the place a relative clause is about."""
        root = clause_root(cand.clause, self.w.depth)  # the fewest ancestors
        if root.dep_ != "relcl":
            return
        ent = next((e for e in self._ents if e.start <= root.head.i < e.end and e.label_ in ("GPE", "LOC", "FAC")), None)
        if ent is None and root.head.lemma_.lower() in self.place_nouns:  # "the village of Solhan, which"
            of = next((c for c in root.head.children if c.dep_ == "prep" and c.norm_ == "of"), None)
            pobj = next((c for c in of.children if c.dep_ == "pobj"), None) if of is not None else None
            ent = next((e for e in self._ents if pobj is not None and e.start <= pobj.i < e.end
                        and e.label_ in ("GPE", "LOC", "FAC")), None)
        if ent is None or self.in_dateline(ent):
            return
        kind, hint = self.place_kind(ent)
        cand.places.insert(0, PlaceRef(ent, kind, hint))

    def where_said(self, tok: Token) -> bool:
        prep = self._governing_prep(tok)
        if prep is None or prep.norm_ not in self.statement_prepositions:
            return False
        head = prep.head  # "said in Geneva" (not "In Solhan, local sources said ...": fronted, the event's)
        return prep.i > head.i and (head.lemma_ in self.reporting or head.lemma_.lower() in self.statement_nouns)

    def at_boundary(self, tok: Token) -> bool:
        """Is the country named as a neighbour ("near the Mali border") or as the name of a site
        ("at the Kuwait roundabout in Gaza", "the US Embassy"), not as where the event happened?"""
        doc = tok.doc
        nxt = doc[tok.i + 1] if tok.i + 1 < len(doc) else None
        if nxt is not None and nxt.lemma_.lower() in self.landmark_nouns:
            start = tok.i
            while start > 0 and doc[start].ent_iob_ == "I":
                start -= 1
            if tok.dep_ in ("compound", "nmod", "amod") or (start > 0 and doc[start - 1].pos_ == "DET"):
                return True  # "the Kuwait roundabout": the name of a site, however it is hung
        while tok.dep_ == "conj" and tok.head.i != tok.i:  # "the borders of Mali and Niger"
            tok = tok.head
        head = tok.head
        if tok.dep_ in ("compound", "amod", "nmod") and head.lemma_.lower() in self.boundary_nouns:
            return True
        if not (tok.dep_ == "pobj" and head.norm_ in ("with", "of")):
            return False
        before = tok.doc[head.i - 1] if head.i > 0 else head  # "à la frontière avec le Niger", however it is hung
        return head.head.lemma_.lower() in self.boundary_nouns or before.lemma_.lower() in self.boundary_nouns

    def opening_timex(self, doc: Doc) -> Span | None:
        """The date a report opens with ("On 4 July 2020, ...", as a coded note opens; never a
        dateline's date), when the first sentence holds one in its first words; after an opening
        heading ("Movement of forces: On 5 August ..."), the sentence it heads."""
        sents = sentences(doc)
        if not sents:
            return None
        first = sents[0].start
        colon = heading_colon(doc)
        if colon is not None and len(sents) > 1 and sents[1].start == colon + 1:
            first = sents[1].start
        return next((t for _, t in self.timexes if first <= t.start <= first + 2), None)

    def page_facts(self, doc: Doc, layout: "PageLayout") -> PageFacts | None:
        """What the infobox of a page (``layout``: read.layout.read_layout) tells of its subject."""
        if not layout.infobox_end:
            return None
        settings = layout_settings().infobox
        facts = PageFacts(head_end=layout.infobox_end)

        def inside(start: int, fields: list) -> bool:
            return any(a <= start < b for f in fields for a, b in f.lines)

        dates = layout.fields_of("date")
        facts.timex = next((span for _, span in self.timexes if inside(span.start_char, dates)), None)
        counted = layout.fields_of("casualties", "deaths")
        for _, span in self.quantities:
            line = next(((a, b) for f in counted for a, b in f.lines if a == span.start_char), None)
            if line is None:
                continue  # a count opens its line: "60+ (per IS)", not "Unknown Several hundred"
            role = next(f.role for f in counted if line in f.lines)
            facts.figures.append(PageFigure(span._.cw_value, span, line, role, self._page_voice(doc, line, settings)))
        victory = set(settings.victory_words)
        perpetrators, belligerents, results = (layout.fields_of(r) for r in ("perpetrators", "belligerents", "result"))
        for mention in self.actors.ordered:
            if mention.actor is None:
                continue
            start = mention.span.start_char
            if inside(start, perpetrators):
                facts.perpetrators.append(mention.actor)
            elif inside(start, belligerents):
                facts.belligerents.append(mention.actor)
            elif inside(start, results) and mention.span.end < len(doc) and doc[mention.span.end].lower_ in victory:
                facts.victors.append(mention.actor)
        return facts

    def _page_voice(self, doc: Doc, line: tuple[int, int], settings: "InfoboxSettings") -> Party | None:
        """'(per ACLED)', '(selon le MSA)': who gives a count of an infobox line."""
        text = text_of(doc)[line[0]:line[1]]
        cues = "|".join(re.escape(c) for c in sorted(settings.source_cues, key=len, reverse=True))
        m = re.search(rf"\((?:{cues})\s+([^()]+?)\s*\)", text, re.IGNORECASE)
        if m is None:
            return None
        span = doc.char_span(line[0] + m.start(1), line[0] + m.end(1), alignment_mode="expand")
        if span is None:
            return None
        named = next((self.actors.by_token[t.i] for t in span if t.i in self.actors.by_token), None)
        if named is not None and named.actor is not None:
            return Party(named.span.text, span, named.actor, None)
        return Party(span.text, span, None, None)

    def in_dateline(self, span: Span) -> bool:
        """'NIAMEY, Niger (AP) —': where the story was filed, never where an event happened."""
        return any(start <= span.start_char < end for start, end in self.datelines)

    def place_kind(self, ent: Span) -> tuple[str, str | None]:
        ent_id = ent.ent_id_
        hint = None
        for tok in ent.root.head.children if ent.root.dep_ == "compound" else ent.root.children:
            if tok.dep_ == "poss" and tok.ent_type_ == "GPE":
                hint = tok.text
        if ent_id.startswith("country:") or (ent.text[:4].lower() == "the " and iso2_of(ent.text)):
            return "country", None  # "the Russian Federation" is its country
        nxt = ent.end
        if (ent_id.startswith("region:") or (nxt < len(ent.doc) and ent.doc[nxt].norm_ in self.region_nouns)
                or (len(ent) > 1 and ent[-1].norm_ in self.region_nouns)):  # "Tahoua Region" read whole
            if hint is None and ent.root.dep_ == "compound":
                for tok in ent.root.head.children:
                    if tok.dep_ == "poss":
                        hint = tok.text
            return "region", hint
        return "place", hint

    @staticmethod
    def _governing_prep(tok: Token) -> Token | None:
        cur = tok
        for _ in range(4):
            if cur.dep_ == "pobj":
                return cur.head
            if cur.head.i == cur.i:
                return None
            cur = cur.head
        return None

    # actors and roles ---------------------------------------------------------------------

    def roles(self, cand: Candidate, ids: set[int], doc: Doc) -> None:
        victim_nouns = {v.noun.i for v in cand.victims}
        mentions = self.actors.mentions_in(ids)
        hosts = {id(m): host for m in mentions if (host := self.coded_host(m.span)) is not None}
        roles = {id(m): self.role_of(m, cand, victim_nouns, hosts.get(id(m))) for m in mentions}
        for mention in mentions:  # "Palestinian militants (coded as Hamas)": the bracket's actor, not them
            if any(mention.span.start <= h.i < mention.span.end for h in hosts.values()) and id(mention) not in hosts:
                roles[id(mention)] = None
        for mention in mentions:  # "the Movement for the Salvation of Azawad (MSA)": the acronym beside
            tok = anchor(mention.span)  # a name plays the name's part
            if tok.dep_ == "appos":
                named = next((m for m in mentions if m is not mention
                              and m.span.start <= tok.head.i < m.span.end), None)
                if named is not None:
                    roles[id(mention)] = roles[id(named)]
        fronted = self._fronted_subject(cand, mentions, roles)
        if fronted is not None:
            roles[id(fronted)] = "agent"
        topic = None
        if not any(r == "agent" for r in roles.values()):
            topic = self._bracketed_doer(cand) or self._topic_doer(cand)
        if topic is not None:
            cand.agents.append(topic)
        for mention in self._outer_groups_first([m for m in mentions if roles[id(m)] == "agent"]):
            cand.agents.append(mention)
        for mention in mentions:
            role = roles[id(mention)]
            if role == "agent":
                continue
            elif role in ("patient", "victim"):
                cand.patients.append(mention)
            elif role == "supported":
                cand.supported.append(mention)
            elif role == "reporter":
                cand.reporters.append(mention)

    def _outer_groups_first(self, agents: list[ActorMention]) -> list[ActorMention]:
        """'UPC rebels from the CPC', 'Katiba Macina fighters of JNIM': the group the members are from
        is the doer ACLED codes; the members' own group comes after it."""
        out = list(agents)
        for inner in agents:
            noun = anchor(inner.span)  # "UPC rebels": the members' noun, or the name before it
            members = noun.head if noun.dep_ in ("compound", "amod", "nmod") and noun.head.pos_ == "NOUN" else noun
            if members.lemma_.lower() not in self.armed_nouns:
                continue  # fighters, rebels, members: not "the mutiny of the army"
            outer = next((m for m in out if m is not inner and (a := anchor(m.span)).dep_ == "pobj"
                          and a.head.lower_ in ("from", "of") and a.head.head.i == members.i), None)
            if outer is not None and out.index(outer) > out.index(inner):
                out.remove(outer)
                out.insert(out.index(inner), outer)
        return out

    def _bracketed_doer(self, cand: Candidate) -> ActorMention | None:
        """'International forces (described as allied forces, coded as Unidentified Military Forces)
        conducted an airstrike': the parser may make the bracket a clause of its own, with the noun
        before it as its subject; the actor the bracket codes does what follows the bracket."""
        root = cand.trigger.root
        verb = root.head if root.dep_ == "dobj" else root  # "conducted an airstrike", "attacked"
        doc = root.doc
        if verb.i < 2 or doc[verb.i - 1].text != ")":
            return None
        mention = self.actors.by_token.get(verb.i - 2)  # the name that closes the bracket
        if mention is None or mention.actor is None or mention.span.end != verb.i - 1:
            return None
        return mention if self.coded_host(mention.span) is not None else None

    def _topic_doer(self, cand: Candidate) -> ActorMention | None:
        """A passive event that names no doer, with no date of its own, told right after a sentence
        that tells no event and whose subject is an armed actor, was done by that actor: the topic
        goes on ("Wagner mercenaries carried out an operation in the area of Sagala. About ten
        people were killed")."""
        verb = cand.trigger.root
        if cand.timex is not None or verb.pos_ != "VERB":
            return None
        if not any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children) or any(
                c.dep_ == "agent" for c in verb.children):
            return None
        sent = verb.sent
        if sent.start == 0:
            return None
        before = verb.doc[sent.start - 1].sent
        if any(i in self.trigger_tokens for i in range(before.start, before.end)):
            return None  # an event told before: its toll and its sequel join it (conflictwatch.coreference)
        for subj in (c for c in before.root.children if c.dep_ == "nsubj"):
            for i in range(subj.left_edge.i, subj.i + 1):  # "Wagner mercenaries": the name before the noun
                found = self.actors.by_token.get(i)
                if found is not None and found.actor is not None and "armed" in found.actor.tags:
                    return found  # by the actor's inter code (actors.yaml tags_by_inter; 8: Wagner)
        return None

    def _fronted_subject(self, cand: Candidate, mentions: list[ActorMention], roles: dict) -> ActorMention | None:
        """English puts the doer before its verb. A finite active verb the parser left without a
        subject ("On 31 May 2022, a Houthi sniper shot and injured 1 civilian": the parser hangs the
        noun phrase on the opening "On", and "members of the X group killed two" on the place before
        it) has for doer the actor named last before it in its sentence, with no verb between them."""
        verb = cand.trigger.root
        finite = verb.tag_ in ("VBD", "VBZ", "VBP") or (  # a past tense the tagger took for a participle
            verb.tag_ == "VBN" and verb.dep_ in ("ROOT", "conj") and has_object(verb)
            and not any(c.dep_ in ("aux", "auxpass") for c in verb.children))
        if verb.pos_ != "VERB" or not finite or any(roles[id(m)] == "agent" for m in mentions):
            return None
        if any(c.dep_ in SUBJECTS or c.dep_ in ("auxpass", "agent") for c in verb.children):
            return None
        if verb.dep_ == "conj" and any(c.dep_ in SUBJECTS for c in verb.head.children):
            return None  # the subject of the verb it is joined to
        sent_start = self.w.sent_start
        before = [m for m in mentions if m.span.end <= verb.i and m.actor is not None
                  and sent_start[m.span.start] == sent_start[verb.i]]
        if not before:
            return None
        last = before[-1]
        between = verb.doc[last.span.end:verb.i]
        joined = {c.i for c in verb.conjuncts}
        if any(t.pos_ in ("VERB", "AUX") and t.i not in joined for t in between) or any(t.text in "()" for t in between):
            return None
        return last

    def coded_host(self, span: Span) -> Token | None:
        """'Palestinian militants (coded as Hamas Movement)': for the name in such a bracket, the noun
        before the bracket whose part it plays (attribution.yaml coded_actor_cues)."""
        doc = span.doc
        start = span.start - 1
        cue = None  # the words of the bracket's last part, before the name
        while start >= 0 and span.start - start <= self.BRACKET_WORDS and doc[start].text not in "()":
            if cue is None and doc[start].text in (",", ";"):
                cue = start
            start -= 1
        if start < 1 or doc[start].text != "(":
            return None
        cue = start if cue is None else cue
        # "(coded as Hamas)", "(described as allied forces, coded as Unidentified Military Forces)"
        if span.start - cue > self.coded_cue_words + 1 or doc[cue + 1:span.start].text.lower() not in self.coded_cues:
            return None
        host = doc[start - 1]
        return host if host.pos_ in ("NOUN", "PROPN") else None

    #: how far back from a name its bracket may open ("(described as allied forces, coded as X)")
    BRACKET_WORDS = 12

    def role_of(self, mention: ActorMention, cand: Candidate, victim_nouns: set[int],
                host: Token | None = None) -> str | None:
        tok = host if host is not None else anchor(mention.span)
        if tok.i in victim_nouns:
            return "victim"
        if any(a.norm_ == "between" and a.dep_ == "prep" for a in tok.ancestors):
            return "patient" if tok.dep_ == "conj" else "agent"  # "a clash between X and Y"
        # the head of the noun phrase the mention sits in
        head = tok
        while head.dep_ in ("compound", "poss", "amod", "nmod", "conj", "appos", "case") and head.head.i != head.i:
            if head.dep_ == "conj" or head.dep_ == "appos":
                head = head.head
                continue
            head = head.head
        if head.i in victim_nouns or self._owns_victims(head, victim_nouns):
            return "victim"
        if head.i == cand.trigger.root.i:
            return "agent"  # "an Islamic State attack"
        root = cand.trigger.root  # a verb joined to the trigger shares its adjuncts: "shot and killed in a raid"
        if (head.i != tok.i and head.dep_ == "pobj"
                and (head.head.head.i == root.i or any(head.head.head.i == c.i for c in root.conjuncts))
                and (head.i in self.trigger_tokens or (head.lemma_.lower() in self.operation_nouns
                                                       and head.head.norm_ in self.operation_preps))):
            return "agent"  # "killed in a Taliban attack", "killed during a police raid", "a police operation"
        if self._met_in_operation(head, cand):
            return "agent"  # "two suspects were killed during a shootout with the police"
        if head.dep_ in ("dobj", "dative", "iobj") and head.head.lemma_ in self.addressee_verbs:
            return None  # "a local official told AFP that ...": whom it was said to
        if self._finds_dead(head, cand.trigger.root):
            return None  # "the army has found 50 bodies": who found the dead, not who killed them
        if head.dep_ in ("nsubj", "nsubjpass"):
            verb = head.head
            if (head.dep_ == "nsubj" and verb.lemma_ in self.reporting and root.dep_ == "xcomp"
                    and root.head.i == verb.i and root.tag_ in ("VB", "VBN", "VBG")):
                return "agent"  # "the group claims to have killed 100", "admitted killing", "affirme avoir tué"
            if self.puts_toll(verb):
                return "reporter"  # "an MSA fighter put the civilian death toll at 30"
            if verb.lemma_ in self.reporting and not self._governs(verb, cand.trigger.root):
                return "reporter"
            if verb.lemma_ in self.reporting:
                return "reporter"
            if head.dep_ == "nsubjpass":
                return "patient"
            return "agent"
        prep = head.head if head.dep_ == "pobj" else None
        if prep is not None:
            word = prep.norm_
            if word == "by":
                return "reporter" if prep.head.lemma_ in ("statement", "report") else "agent"
            if word == "with" and prep.head.lemma_.lower() in self.partner_words:
                return "supported"  # "in coordination with government forces": the doer's partner
            if word in ("with", "against", "on", "between", "targeting", "at"):
                return "patient"  # "clashed with the army", "threw stones at the police"
            if word in ("from", "of") and prep.head.pos_ in ("NOUN", "PROPN"):
                owner = prep.head
                if (owner.lemma_.lower() in self.parties and owner.dep_ == "nsubj"
                        and (owner.head.lemma_ in self.reporting or self.puts_toll(owner.head))):
                    return "reporter"  # "sources from the security forces confirmed ... 130 deaths",
                    # "an official from the MSA put the civilian death toll at 30"
                if owner.dep_ == "pobj" and (owner.head.norm_ in self.target_preps or owner.head.norm_ == "targeting"):
                    return "patient"  # "an ambush against a patrol of the army", "fired at the positions of X"
                return "agent" if owner.dep_ in ("nsubj", "pobj") and owner.i not in victim_nouns else "victim"
            if word == "to" and prep.head.norm_ == "according":
                return "reporter"
            if word == "in" and prep.head.lemma_ == "ally":
                return "supported"
        if head.dep_ == "dobj":
            if head.head.lemma_ in ("support", "aid", "assist", "back", "help", "reinforce"):
                return "supported"
            return "patient"
        if head.dep_ == "agent":
            return "agent"
        return None

    def _finds_dead(self, head: Token, event: Token) -> bool:
        """The subject of a finding verb, or its agent after "by" ("found by the army"), unless it also
        did the event's verb ("police found a wounded man and killed eight traffickers")."""
        if head.dep_ == "nsubj":
            verb = head.head
        elif head.dep_ == "pobj" and head.head.dep_ == "agent":
            verb = head.head.head
        else:
            return False
        return verb.lemma_.lower() in self.finder_verbs and event.i not in {c.i for c in verb.conjuncts}

    def puts_toll(self, verb: Token) -> bool:
        """'put the death toll at 30', 'gave a toll of 50': a verb that states a toll."""
        return verb.lemma_ in self.toll_verbs and any(
            c.dep_ == "dobj" and (c.lemma_.lower() in self.toll_nouns or self.names_a_toll(c)) for c in verb.children)

    def _met_in_operation(self, head: Token, cand: Candidate) -> bool:
        """'Two suspects were killed in an encounter with the police': the party the victims of a
        passive killing met in the fighting (an operation noun said with during/in) killed them."""
        if head.dep_ != "pobj" or head.head.norm_ != "with":
            return False
        noun = head.head.head
        if noun.dep_ != "pobj" or not (noun.i in self.trigger_tokens or noun.lemma_.lower() in self.operation_nouns):
            return False
        outer = noun.head
        verb = outer.head
        return (outer.norm_ in self.operation_preps and verb.tag_ == "VBN"
                and any(c.dep_ == "nsubjpass" for c in verb.children)
                and cand.trigger.root.i in (verb.i, noun.i))

    def _owns_victims(self, tok: Token, victim_nouns: set[int]) -> bool:
        """'an officer belonging to the MSA': the MSA is the side of the victims."""
        cur = tok
        for _ in range(12):
            if cur.dep_ not in self.OWNER_PATH or cur.head.i == cur.i:
                return False
            cur = cur.head
            if cur.i in self.trigger_tokens and cur.i not in victim_nouns:
                return False  # "Nearly 50 killed in ISIS attack": through the event word, the attackers
            if cur.i in victim_nouns:
                return True
        return False

    @staticmethod
    def _governs(head: Token, tok: Token) -> bool:
        return head.i == tok.i or head.is_ancestor(tok)

    # sources ------------------------------------------------------------------------------

    def parties_of(self, clause: list[Token], ids: set[int], doc: Doc) -> list[Party]:
        parties: list[Party] = []
        w = self.w
        norm, dep, pos, lemma, lemma_lower = w.norm, w.dep, w.pos, w.lemma, w.lemma_lower
        may = self._party_word_set
        for tok in clause:
            i = tok.i
            if i not in may:
                continue
            if norm[i] == "according" or (norm[i] in ("citing", "per") and dep[i] == "prep"):
                pobjs = [c for p in tok.children for c in p.children if c.dep_ == "pobj"] or [
                    c for c in tok.children if c.dep_ == "pobj"]
                for pobj in pobjs:
                    parties.append(self.party(self.given_by(pobj), None))
            if lemma[i] in self.reporting and pos[i] in ("VERB", "AUX"):
                subj = self.subject_of(tok)
                if subj is not None and subj.norm_ not in self.back_reference:
                    parties.append(self.party(subj, tok.lemma_))
                for agent in (c for c in tok.children if c.dep_ == "agent"):  # "was announced by the army"
                    parties.extend(self.party(g, tok.lemma_) for g in agent.children if g.dep_ == "pobj")
            if lemma_lower[i] in self.toll_nouns and pos[i] == "NOUN":
                for mod in tok.children:  # "a government toll", "the official toll"
                    if mod.dep_ in ("compound", "amod", "nmod") and mod.lemma_.lower() in self.parties:
                        # a noun names the party ("a government toll": the government); an adjective
                        # says what kind of toll it is ("the official toll", "le bilan officiel")
                        span = doc[min(mod.i, tok.i):max(mod.i, tok.i) + 1] if mod.dep_ == "amod" else doc[mod.i:mod.i + 1]
                        parties.append(Party(span.text, span, self.actors.actor_at(mod.i), None))
                # "a toll from local sources", "local media put the death toll at 70"
                for prep in tok.children:
                    if prep.dep_ == "prep" and prep.norm_ in ("from", "by"):
                        parties.extend(self.party(c, None) for c in prep.children if c.dep_ == "pobj")
                if tok.dep_ == "dobj" and tok.head.lemma_ not in self.reporting:
                    subj = self.subject_of(tok.head)
                    if subj is not None:
                        parties.append(self.party(subj, None))
            if dep[i] == "advmod" and norm[i] in self.adverb_parties:  # "Officially, 132 people were killed"
                parties.append(Party(self.adverb_parties[tok.norm_], doc[tok.i:tok.i + 1], None, None))
        return [p for p in parties if p is not None]

    @staticmethod
    def subject_of(verb: Token) -> Token | None:
        """The verb's subject; a verb joined to an earlier one shares its subject ("the government
        reacted and gave a toll of 50": the government gave it)."""
        for _ in range(4):
            subj = next((c for c in verb.children if c.dep_ == "nsubj"), None)
            if subj is None and verb.dep_ == "aux" and verb.head.i != verb.i:
                verb = verb.head  # "ont fait état de": the parser made the verb of the phrase an auxiliary
                continue
            if subj is not None or verb.dep_ != "conj" or verb.head.pos_ not in ("VERB", "AUX"):
                return subj
            verb = verb.head
        return None

    def given_by(self, tok: Token) -> Token:
        """'according to a provisional toll given by local sources' -> the sources: a figure or a
        statement whose giver the participle after it names."""
        if tok.lemma_.lower() not in self.toll_nouns | self.revision_nouns | self.generic_toll_nouns:
            return tok
        for acl in (c for c in tok.children if c.dep_ in ("acl", "amod") and c.tag_ == "VBN"):
            for agent in (c for c in acl.children if c.dep_ == "agent" or (c.dep_ == "prep" and c.norm_ == "by")):
                giver = next((g for g in agent.children if g.dep_ == "pobj"), None)
                if giver is not None:
                    return giver
        for by in (c for c in tok.children if c.dep_ == "prep" and c.norm_ == "by"):  # "a statement by the army"
            giver = next((g for g in by.children if g.dep_ == "pobj"), None)
            if giver is not None:
                return giver
        return tok

    def voices_across_sentences(self, doc: Doc, candidates: list[tuple[int, Candidate]]) -> None:
        """Who told a candidate that names nobody, from another sentence: the next sentence when it
        points back and tells nothing of its own ("This was announced by the government"), or the
        sentence that closes the quote the candidate sits in."""
        if not candidates:
            return
        sents = sentences(doc)
        by_sent: dict[int, list[Candidate]] = {}
        for index, cand in candidates:
            by_sent.setdefault(index, []).append(cand)
        for index, cands in by_sent.items():
            nxt = by_sent.get(index + 1, [])  # the next sentence tells nothing new (at most an earlier count)
            if index + 1 < len(sents) and all(v.status == "superseded" for c in nxt for v in c.victims) \
                    and all(c.victims for c in nxt) and any(not c.parties for c in cands):
                told = self.told_back(sents[index + 1])
                for cand in cands:
                    if not cand.parties:
                        cand.parties = list(told)
        counted = sorted(i for i, cs in by_sent.items() if any(c.victims for c in cs))
        for k, sent in enumerate(sents):  # "Confirming the death toll on Tuesday, a security source said
            confirmer = None if k in counted else self.toll_confirmer(sent)  # ...": the voice of the toll told before
            prev = max((i for i in counted if i < k), default=None)
            if confirmer is None or prev is None or k - prev > 3:
                continue
            for cand in by_sent[prev]:
                if cand.victims and not cand.parties:
                    cand.parties = [confirmer]
        voices = self.quote_voices(doc, sents)
        for index, cand in candidates:
            if not cand.parties and index in voices:
                cand.parties = list(voices[index])
        for index, cands in by_sent.items():  # "At least 137 people were killed in an attack on villages.
            after = [c for c in by_sent.get(index + 1, []) if c.parties and not c.victims]  # Villages were
            for cand in cands:                  # attacked on Sunday, according to the government spokesman"
                if cand.parties or not cand.victims or not after:
                    continue
                words = {t.root.lemma_.lower() for t in (cand.trigger, *cand.other_triggers)}
                same = [c for c in after if c.trigger.root.lemma_.lower() in words or c.refers_to in words]
                if same:  # the next sentence tells the same event again, with its voice and no figure of its own
                    cand.parties = list(same[0].parties)
        for index, cands in by_sent.items():  # "... 141 dead, the government announced, revising the
            before = [p for c in by_sent.get(index - 1, []) for p in c.parties]  # toll. An earlier toll
            for cand in cands:                  # stood at 137": the earlier toll of the voice just heard
                if not cand.parties and before and cand.victims and all(
                        v.status == "superseded" for v in cand.victims):
                    cand.parties = list(before)

    def toll_confirmer(self, sent: Span) -> Party | None:
        """'Confirming the death toll on Tuesday, a security source disclosed ...': who confirms or
        gives the toll just told (the toll noun, definite, as the object of a reporting or toll verb
        not negated; the subject of that verb, or of the verb its clause hangs on)."""
        lemma, dep = self.w.lemma_lower, self.w.dep
        for tok in sent:
            if lemma[tok.i] in self.toll_nouns and dep[tok.i] == "dobj" and any(
                    c.dep_ == "det" and c.norm_ in self.definite for c in tok.children):
                verb = tok.head
                if not (verb.lemma_ in self.reporting or verb.lemma_ in self.toll_verbs) or any(
                        c.dep_ == "neg" for c in verb.children):
                    continue
                subj = self.subject_of(verb)
                if subj is None and verb.dep_ == "advcl":
                    verb = verb.head
                    subj = self.subject_of(verb)
                if subj is not None and subj.norm_ not in self.back_reference:
                    return self.party(subj, verb.lemma_)
        return None

    def quote_voices(self, doc: Doc, sents: list[Span]) -> dict[int, list[Party]]:
        """Sentence number -> the speaker of the quote it sits in, for quotes that run over several
        sentences and whose closing sentence names a speaker with a reporting verb ('"... killed. ...
        houses," a local official said'; '« ... », a déclaré un élu')."""
        text = text_of(doc)
        voices: dict[int, list[Party]] = {}
        for opening, closing in self.quote_marks:
            pos = 0
            while (start := text.find(opening, pos)) >= 0:
                end = text.find(closing, start + len(opening))
                if end < 0:
                    break
                pos = end + len(closing)
                inside = [k for k, s in enumerate(sents) if start <= s.start_char and s.end_char <= end + len(closing)
                          or s.start_char <= start < s.end_char]
                last = next((k for k, s in enumerate(sents) if s.start_char <= end < s.end_char), None)
                if last is None or not inside or inside == [last]:
                    continue
                said = [p for p in self.sentence_parties.get(sents[last].start, []) if p.verb is not None]
                for k in inside:
                    if k != last and said:
                        voices.setdefault(k, said)
        return voices

    def told_back(self, sent: Span) -> list[Party]:
        """Who a sentence says told the sentence before it: "This was announced by the government",
        "That is according to a statement by the authorities", "This is the toll given by the government", "C'est ce qui ressort d'un communiqué
        publié par les autorités". Empty unless the sentence's subject points back."""
        if not any(t.dep_ in ("nsubj", "nsubjpass") and t.norm_ in self.back_reference for t in sent):
            return []
        found = [p for p in self.sentence_parties.get(sent.start, []) if p.name.lower() not in self.back_reference]
        if found:
            return found
        statements = [t for t in sent if t.pos_ == "NOUN" and t.lemma_.lower() in self.revision_nouns | self.toll_nouns]
        for tok in statements:  # "emerges from a statement published by X": the statement's giver
            giver = self.given_by(tok)
            party = self.party(giver, None) if giver.i != tok.i else None
            if party is not None:
                return [party]
        if statements:  # the parser hung "by X" elsewhere in the sentence: still the statement's giver
            for agent in (t for t in sent if t.dep_ == "agent" or t.dep_ == "prep" and t.norm_ == "by"):
                found = [p for g in agent.children if g.dep_ == "pobj" and (p := self.party(g, None)) is not None]
                if found:
                    return found
        return []

    def reporter_above(self, clause: list[Token], doc: Doc) -> list[Party]:
        """'The government says 7,000 families have fled after attackers killed 138 people': a
        clause inside what a party says is stated by that party."""
        cur = clause_root(clause, self.w.depth)
        while cur.dep_ in CLAUSE_DEPS - {"relcl", "conj"} | {"xcomp"} and cur.head.i != cur.i:
            verb = cur.head  # only through clauses ("says ... after attackers killed"), never through a
            # noun ("claimed responsibility for the attack, which killed 71": the reporter's own fact)
            if verb.lemma_ in self.reporting and verb.pos_ in ("VERB", "AUX"):
                subj = next((c for c in verb.children if c.dep_ == "nsubj"), None)
                party = self.party(subj, verb.lemma_) if subj is not None else None
                return [party] if party is not None else []
            cur = verb
        return []

    def party(self, tok: Token, verb: str | None) -> Party | None:
        if self.in_dateline(tok.doc[tok.i:tok.i + 1]):
            # "NIAMEY, Niger (AP) — Burkina Faso's government says": the party is what follows
            tok = next((c for c in tok.children if c.dep_ == "appos" and not self.in_dateline(c.doc[c.i:c.i + 1])), None)
            if tok is None:
                return None
        if tok.lower_ in self.speaker_pronouns and tok.pos_ == "PRON":
            return self.antecedent(tok, verb)
        if tok.lemma_.lower() in self.toll_nouns | self.generic_toll_nouns | self.revision_nouns and any(
                c.dep_ == "det" and c.norm_ in self.back_reference for c in tok.children):
            return self.antecedent(tok, verb)  # "Ce chiffre porte le bilan à 79": whoever gave that figure
        found = self._party(tok, verb)
        if found is None:
            return None
        found = self.remembered(tok, found)
        if not self.named_parties or self.named_parties[-1].span.start < found.span.start:
            self.named_parties.append(found)  # read in the report's order (learn_parties)
        return found

    def antecedent(self, tok: Token, verb: str | None) -> Party | None:
        """'Another source spoke of a heavy toll. "A hundred bodies were found," she said': the party
        named last before the pronoun, in this sentence or the two before."""
        sents = sentences(tok.doc)
        k = next(k for k, s in enumerate(sents) if s.start <= tok.i < s.end)
        earliest = sents[max(0, k - 2)].start
        before = [p for p in self.named_parties if earliest <= p.span.start < tok.i]
        if not before:
            return None
        last = before[-1]
        return Party(last.name, tok.doc[tok.i:tok.i + 1], last.actor, verb)

    def remembered(self, tok: Token, found: Party) -> Party:
        """'the official said', 'Baloch said': the party named in full earlier in the report
        ('a local official', 'UNHCR spokesman Babar Baloch')."""
        person = tok.ent_type_ == "PERSON"
        key = (tok.text if person else tok.lemma_).casefold()
        bare = (found.actor is None or person) and len(found.name.split()) == 1
        new = any(c.dep_ == "det" and c.norm_ in self.lex.victims.determiners.indefinite
                  or c.dep_ == "amod" and c.norm_ in self.party_name_drops for c in tok.children)
        if bare and not new and key in self.party_memory:  # "another source", "une source": a new voice
            name, actor = self.party_memory[key]
            return Party(name, found.span, actor, found.verb)
        if not bare and (found.actor is None or person):
            # a person is remembered with the institution it speaks for ("UN High Commissioner for
            # Refugees spokesman Babar Baloch" ... "Baloch said"), also when the parser made the
            # institution the head of the phrase
            self.party_memory[key] = (found.name, found.actor)
            span = found.span
            for ent in (e for e in self._ents if e.start >= span.start and e.end <= span.end):  # span.ents
                if ent.label_ == "PERSON":  # a person's surname: "Babar Baloch" -> "baloch"
                    self.party_memory.setdefault(ent[-1].text.casefold(), (found.name, found.actor))
            for t in found.span:  # "the United Nations Children's Fund (UNICEF)": the acronym
                if t.dep_ == "appos" and t.is_upper and t.is_alpha and len(t) >= 2:
                    self.party_memory.setdefault(t.text.casefold(), (found.name, found.actor))
        return found

    def _party(self, tok: Token, verb: str | None) -> Party | None:
        lemma = tok.lemma_.lower()
        if lemma in self.dead_nouns or lemma in self.lex.victims.remains:
            return None  # "la perte de 71 soldats" made a subject by the parser: the dead are no voice
        span = tok.doc[tok.left_edge.i:tok.right_edge.i + 1]
        if tok.ent_type_ == "PERSON":  # a person speaks for an institution: name the institution's voice
            role = self.role_of_person(tok)
            if role is not None:
                return Party(role, span, self.actors.actor_at(tok.i), verb)
        actor = self.actors.actor_at(tok.i)
        if actor is None and tok.dep_ != "pobj":
            for child in tok.children:
                actor = actor or self.actors.actor_at(child.i)
        span = tok.doc[tok.left_edge.i:tok.right_edge.i + 1]
        if actor is not None and not actor.country_unknown:
            return Party(actor.name, span, actor, verb)
        whose = self.party_of_origin(tok)
        if (tok.lemma_.lower() not in self.parties and tok.pos_ != "PROPN" and tok.ent_type_ not in ("ORG", "PERSON", "GPE")
                and (whose is None or whose[2] is None) and self.actors.actor_at(tok.i) is None
                and tok.text.casefold() not in self.party_memory):  # "UNICEF", named in full before
            return None  # "a fighter with the MSA" speaks for the MSA; a bare "fighter" is nobody's voice
        # "Burkina Faso's government" -> "government" (the country is no part of the voice's name);
        # "the mayor's office" keeps its owner
        owner = {t.i for c in tok.children if c.dep_ == "poss" and c.ent_type_ in ("GPE", "NORP") for t in c.subtree}
        end = tok.i  # modifiers after the noun ("des sources locales", "sources sécuritaires")
        for right in tok.rights:
            if right.i != end + 1 or right.dep_ not in ("amod", "compound"):
                break
            end = right.i  # the modifier, not what hangs on it ("un élu local à l'AFP": the AFP was told)
        words = [t for t in tok.doc[tok.left_edge.i:end + 1]
                 if t.dep_ not in ("det", "cc") and not (t.is_punct and t.dep_ != "case") and t.i not in owner
                 and not (t.dep_ == "amod" and t.norm_ in self.party_name_drops)
                 and not (t.dep_ == "case" and t.head.i in owner)
                 and (t.i == tok.i or tok.is_ancestor(t))]  # not its own preposition ("par les autorités")
        name = "".join(t.text_with_ws for t in words).strip()
        if actor is not None:  # "the army": a family named by a country the report has not placed yet
            return Party(name, span, actor, verb)
        if whose is not None:  # "an official from the MSA", "the Ministry of Defence"
            prep, origin, actor = whose
            return Party(f"{name} {prep} {origin}", span, actor, verb)
        return Party(name, span, None, verb)

    def party_of_origin(self, tok: Token) -> tuple[str, str, Actor | None] | None:
        for prep in (c for c in tok.children if c.dep_ == "prep" and c.norm_ in self.origin_prepositions):
            for obj in (c for c in prep.children if c.dep_ == "pobj"):
                actor = self.actors.actor_at(obj.i) or next(  # "du Mouvement ... (MSA)": the name in brackets
                    (a for c in obj.children if c.dep_ == "appos" and (a := self.actors.actor_at(c.i)) is not None), None)
                if actor is not None:
                    return prep.text, actor.voice(" ".join(t.text for t in obj.subtree if t.dep_ != "det")), actor
                if (obj.ent_type_ in ("ORG", "NORP") or obj.lemma_.lower() in self.parties
                        or obj.pos_ in ("NOUN", "PROPN") and tok.lemma_.lower() in self.parties):
                    words = [t for t in obj.subtree if t.dep_ != "det" and not t.is_punct and t.dep_ not in ("appos", "relcl")
                             and t.i <= obj.i]
                    return prep.text, " ".join(t.text for t in words), None
        return None

    def role_of_person(self, tok: Token) -> str | None:
        """'Colonel X, a spokesperson for Niger's Ministry of Defence' -> 'spokesperson for Ministry
        of Defence'; 'UNHCR spokesman Babar Baloch' -> 'UNHCR spokesman'."""
        for appos in (c for c in tok.children if c.dep_ == "appos"):
            if appos.lemma_.lower() in self.parties:
                words = [t for t in appos.subtree if t.dep_ not in ("det", "poss", "case") and not t.is_punct
                         and t.ent_type_ != "PERSON"]
                return " ".join(t.text for t in words) or None
        for head in (c for c in tok.children if c.dep_ in ("compound", "nmod") and c.i < tok.i
                     and c.lemma_.lower() in self.parties and c.ent_type_ != "PERSON"):
            # the title with what it holds: "UN High Commissioner for Refugees spokesman"
            words = [t for t in head.subtree if t.ent_type_ != "PERSON" and t.dep_ != "det" and not t.is_punct]
            # an institution's name written right before, whatever the parser hung it on ("UN High
            # Commissioner for Refugees spokesman"): capitalised words and their joiners
            doc, start = tok.doc, head.left_edge.i
            first = start
            while first > 0 and not doc[first - 1].is_punct and doc[first - 1].ent_type_ != "PERSON" and (
                    doc[first - 1].is_title or doc[first - 1].is_upper or doc[first - 1].norm_ in self.name_joiners):
                first -= 1
            while first < start and doc[first].norm_ in self.name_joiners:
                first += 1
            words = [*doc[first:start], *words]
            return " ".join(t.text for t in words) or None
        title = [t for t in tok.doc[tok.left_edge.i:tok.i] if t.ent_type_ != "PERSON" and t.dep_ in ("compound", "amod", "nmod")
                 and not t.is_punct]
        if any(t.lemma_.lower() in self.parties for t in title):
            return " ".join(t.text for t in title)
        return None


class _LearnedNames(dict):
    """The dictionary's actors by name, and the learned actors by their pattern ids."""

    def __init__(self, own: dict[str, Actor], book: "ActorBook"):
        super().__init__(own)
        self.book = book

    def get(self, key, default=None):  # type: ignore[override]
        if key in self:
            return self[key]
        found = self.book.actor(key) if key.startswith(self.book.PREFIX) else None
        return found if found is not None else default


class ActorIndex:
    """Every actor mention of a document in order, with coreference resolved.

    Mentions are named actors (``ACTOR`` entities), generic phrases ("the jihadists", "the group":
    the most recent actor with the right tags, preferring one that was a grammatical subject),
    possessive forces ("its men", "their fighters": the nearest actor named before) and pairs
    ("the two sides").
    """

    SUBJECT_WINDOW = 3  # sentences back in which a subject outranks a nearer object
    FAMILY_WINDOW = 2  # sentences back in which "the army" is the army just named

    def __init__(self, doc: Doc, lex: Lexicon, learned: "ActorBook | None" = None):
        self.lex = lex
        self.book = learned
        self.by_token: dict[int, ActorMention] = {}
        self.ordered: list[ActorMention] = []
        by_name = {a.name: a for a in lex.actors.actors}
        if learned is not None:  # the learned aliases' ids ("cw:...") name their actors through the book
            by_name = _LearnedNames(by_name, learned)
        forces = set(lex.discourse.possessive_forces)
        #: the doc's entities, read once for the report's stages (``doc.ents`` makes them anew on each access)
        self.ents: list[Span] = list(doc.ents)
        spans: list[tuple[int, int, str, object]] = [(e.start, e.end, "actor", e) for e in self.ents if e.label_ == ACTOR_LABEL]
        spans += [(s.start, s.end, "coref", s) for s in doc.spans.get("cw_coref", [])]
        spans += [(s.start, s.end, "pair", s) for s in doc.spans.get("cw_pair", [])]
        spans += [
            (i, i + 1, "poss", doc[i:i + 1])
            for i, lemma in enumerate(words(doc).lemma_lower)
            if lemma in forces and any(c.dep_ == "poss" and c.tag_ == "PRP$" for c in doc[i].children)
        ]
        named = {i for start, end, kind, _ in spans if kind == "actor" for i in range(start, end)}
        # a name wins over a description that overlaps it: "le groupe Etat islamique" is the group named,
        # not "le groupe" said of an earlier one
        spans = [x for x in spans if x[2] == "actor" or not named.intersection(range(x[0], x[1]))]
        taken: set[int] = set()
        for start, end, kind, span in sorted(spans, key=lambda x: (x[0], -(x[1] - x[0]))):
            if any(i in taken for i in range(start, end)):
                continue
            taken.update(range(start, end))
            if kind == "actor":
                mention = ActorMention(span, by_name.get(span.ent_id_))
            elif kind == "pair":
                mention = ActorMention(span, None, pair=True)
            elif kind == "poss":
                mention = ActorMention(span, self.antecedent(start))
            else:
                mention = ActorMention(span, self._resolve(span._.cw_value, span))
            self.ordered.append(mention)
            for i in range(start, end):
                self.by_token[i] = mention
        trigger_roots = {t.root.i for t in doc.spans.get("cw_trigger", [])}
        people = {w for words in lex.victims.nouns.values() for w in words} | set(lex.victims.persons)
        operations = set(lex.attribution.operation_nouns)  # "a police operation": who carried it out
        target_preps = set(lex.context.target_prepositions)
        sites = set(lex.context.armed_target_nouns)
        self._named_groups(doc, lex, trigger_roots)
        where: list[int] = []  # each mention's sentence number, read once (Span.sent scans the doc)
        for index, mention in enumerate(self.ordered):  # "soldiers of the Malian army", "the army said"
            if mention.actor is not None and mention.actor.country_unknown:
                if not where:
                    number = {sent.start: k for k, sent in enumerate(sentences(doc))}
                    starts = words(doc).sent_start
                    where = [number[starts[m.span.start]] for m in self.ordered]
                head = anchor(mention.span)
                if (head.dep_ in ("compound", "amod", "nmod") and head.head.i not in trigger_roots
                        and head.head.lemma_.lower() not in people and head.head.lemma_.lower() not in operations
                        and lex.context.kind_of_noun(head.head.lemma_.lower()) is None  # "Samburu militia"
                        and not (head.head.lemma_.lower() in sites
                                 and self._attacked_site(head.head, trigger_roots, target_preps))):
                    mention.actor = None  # "a military camp", "the police station": a kind of thing, no actor
                    # (but "a police raid", "a police operation": the event's agent; "Fulani militiamen", "Fulani
                    # militia": the men's group)
                else:
                    mention.actor = self._same_family(mention.actor, index, where) or mention.actor

    @staticmethod
    def _attacked_site(site: Token, trigger_roots: set[int], target_preps: set[str]) -> bool:
        """"attacked a police post", "an attack on a military camp": the site (context.yaml
        armed_target_nouns) an event's word acts on is held by the forces that name it (ACLED's
        actor2), unlike "outside the police station" or "protested against police brutality"."""
        if site.dep_ in ("dobj", "nsubjpass"):
            return site.head.i in trigger_roots
        return site.dep_ == "pobj" and site.head.norm_ in target_preps and site.head.head.i in trigger_roots

    def _named_groups(self, doc: Doc, lex: Lexicon, trigger_roots: set[int]) -> None:
        """Names no dictionary knows that the text makes an armed group: "Taliban militants",
        "the Taliban attacked" (discourse.yaml named_groups)."""
        spec = lex.discourse.named_groups
        if spec is None:
            return
        added = False
        for ent in self.ents:
            if ent.label_ not in ("ORG", "PERSON") or any(i in self.by_token for i in range(ent.start, ent.end)):
                continue
            root = ent.root
            inter = None
            if root.dep_ in ("compound", "amod", "nmod"):
                inter = spec.nouns.get(root.head.lemma_.lower())
            if inter is None and len(ent) > 1 and root.lower_ in spec.name_heads and iso2_of(ent[-2].text) is None:
                inter = spec.name_heads[root.lower_]  # "the Brave Heart Army", not "the Malian Army"
            if inter is None and ent.label_ == "ORG" and root.dep_ == "nsubj" and root.head.i in trigger_roots:
                inter = spec.subject_inter
            words = [t for t in ent if not (t.i == ent.start and t.norm_ == "the")]
            name = "".join(t.text_with_ws for t in words).strip()
            known = self._branch(ent, words)  # a branch the record codes is a group whatever its role
            if (inter is None and known is None) or not name:
                continue
            known = known or (self.book.closest_group(name) if self.book is not None else None)
            mention = ActorMention(ent, known or Actor(name=name, inter=inter,
                                                       tags=lex.actors.tags_by_inter.get(inter, ("armed",))))
            self.ordered.append(mention)
            for i in range(ent.start, ent.end):
                self.by_token[i] = mention
            added = True
        if added:
            self.ordered.sort(key=lambda m: m.span.start)

    def _branch(self, ent: Span, words: list[Token]) -> Actor | None:
        """A local branch written before its group's name: "Indaw PDF" (the name "PDF" with the
        place before it, or the two in one name), "Pauk People's Defense Forces": the record's group
        for that branch ("People's Defense Force - Indaw")."""
        if self.book is None or not words:
            return None
        doc = ent.doc
        splits = [(words[:k], words[k:]) for k in range(1, len(words))]
        before = []
        i = ent.start - 1
        while i >= 0 and doc[i].pos_ == "PROPN" and doc[i].dep_ == "compound" and ent.start <= doc[i].head.i < ent.end:
            before.insert(0, doc[i])
            i -= 1
        if before:
            splits.append((before, words))
        for branch, parent in splits:
            found = self.book.branch("".join(t.text_with_ws for t in parent).strip(),
                                     "".join(t.text_with_ws for t in branch).strip())
            if found is not None:
                return found
        return None

    def _same_family(self, family: Actor, index: int, where: list[int]) -> Actor | None:
        """The actor of the report that belongs to a family named by country: the one in the same
        sentence ("soldiers of the Malian army"), else the latest one of the sentences just before
        ("the army said", after "the Malian army"): Military Forces of Mali. Else None: the event's
        country names the family (a Malian army named in the background names no Nigerien soldiers)."""
        pre, _, post = (family.template or "").partition("{country}")
        here = where[index]

        def member(a: Actor | None) -> bool:
            return a is not None and not a.country_unknown and any(
                n.startswith(pre) and (not post or post.strip(" )") in n) for n in (a.name, *(p.name for p in a.names)))

        same_sentence = [m.actor for m, k in zip(self.ordered, where) if k == here and member(m.actor)]
        if same_sentence:
            return same_sentence[0]
        before = [m.actor for m, k in zip(reversed(self.ordered[:index]), reversed(where[:index]))
                  if here - self.FAMILY_WINDOW <= k < here and member(m.actor)]
        return before[0] if before else None  # else the event's country names the family

    @staticmethod
    def _is_subject(mention: ActorMention) -> bool:
        tok = anchor(mention.span)
        while tok.dep_ in ("compound", "poss", "conj") and tok.head.i != tok.i:
            tok = tok.head
        return tok.dep_ in ("nsubj", "nsubjpass")

    def _resolve(self, tags: tuple[str, ...], span: Span) -> Actor | None:
        fits = [m for m in reversed(self.ordered) if m.actor is not None and set(tags) <= set(m.actor.tags)]
        sent_starts = {s.start for s in sentences(span.doc)}
        for m in fits:
            between = sum(1 for s in sent_starts if m.span.start < s <= span.start)
            if between > self.SUBJECT_WINDOW:
                break
            if self._is_subject(m):
                return m.actor
        return fits[0].actor if fits else None

    def actor_at(self, i: int) -> Actor | None:
        mention = self.by_token.get(i)
        return mention.actor if mention is not None else None

    def antecedent(self, i: int) -> Actor | None:
        """'its' / 'their': the nearest actor named before token i."""
        for mention in reversed(self.ordered):
            if mention.span.end <= i and mention.actor is not None:
                return mention.actor
        return None

    def mentions_in(self, ids: set[int]) -> list[ActorMention]:
        seen: list[ActorMention] = []
        for mention in self.ordered:
            if mention.span.root.i in ids and mention not in seen:
                seen.append(mention)
        return seen
