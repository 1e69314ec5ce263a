"""Parser repairs ("cw_predicates", after the lemmatizer): the sentence's verb read as a reduced
relative, and words hung on a bracketed aside.

The small English parser often reads "On 8 June 2020, over 100 public defenders protested in Detroit
(Michigan)" as a noun phrase whose participle modifies it ("defenders [who were] protested in
..."): the noun is the sentence's root and the verb an ``acl`` tagged VBN. A participle can head a
reduced relative only when it is passive, so the reading is impossible when the verb has a direct
object ("forces fired shells at ...") or when it takes none (protest, riot, march:
``DiscourseFile.intransitive_verbs``). Then the verb is the sentence's finite past: it becomes the
root (tag VBD), the noun its subject, and the words that hang on the clause (the opening "On 8
June 2020 ,", the full stop) hang on the verb.

The participle may also hang on a noun inside the root's phrase ("families of the victims of the
attack protested in Kaduna"). "97 civilians killed in Tamalat" keeps its reading: "kill" takes an object and has none here, so
the participle is passive.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc, Token

from .lexicon import Lexicon, load_lexicon

NOUNS = ("NOUN", "PROPN", "PRON")
PARTICIPLES = ("VBN", "VBD")
# dependants of the noun that belong to the clause, not to the noun phrase
CLAUSE_DEPS = ("prep", "punct", "npadvmod", "advcl", "cc", "mark", "advmod")
LEFT_DEPS = CLAUSE_DEPS[:-1]  # before the noun, an adverb is the noun phrase's ("only residents")


class PredicateRepair:
    def __init__(self, lex: Lexicon):
        self.intransitive = frozenset(lex.discourse.intransitive_verbs)

    def __call__(self, doc: Doc) -> Doc:
        enclose_brackets(doc)
        for sent in doc.sents:
            subject_after_place(sent.root)
        if not self.intransitive:
            return doc
        for sent in doc.sents:
            root = sent.root
            if root.pos_ not in NOUNS:
                continue
            verb = next((t for t in root.subtree if t.dep_ == "acl" and self.finite(t) and self.in_phrase(t.head, root)), None)
            if verb is not None:
                self.promote(root, verb)
        return doc

    @staticmethod
    def in_phrase(noun: Token, root: Token) -> bool:
        """Is the noun the root or a noun inside the root's phrase ("families of the victims of the
        attack protested": the participle hangs on "attack")?"""
        while noun.i != root.i:
            if noun.dep_ not in ("pobj", "prep", "compound") or noun.head.i == noun.i:
                # (not an apposition: "Gunman attack in Kalana: one gunman killed 12 people")
                return False
            noun = noun.head
        return True

    def finite(self, verb: Token) -> bool:
        """Can this participle only be a finite past (active, no auxiliary, no "by" agent)?"""
        if verb.tag_ not in PARTICIPLES:
            return False
        deps = {c.dep_ for c in verb.children}
        if deps & {"aux", "auxpass", "agent", "nsubj", "nsubjpass"}:
            return False
        return "dobj" in deps or verb.lemma_.lower() in self.intransitive

    @staticmethod
    def promote(noun: Token, verb: Token) -> None:
        moved = [c for c in noun.children
                 if (c.i < noun.i and c.dep_ in LEFT_DEPS) or (c.i > verb.i and c.dep_ in CLAUSE_DEPS)]
        verb.head = verb
        verb.dep_ = "ROOT"
        verb.tag_ = "VBD"
        noun.head = verb
        noun.dep_ = "nsubj"
        for child in moved:
            child.head = verb


FINITE = ("VBD", "VBZ", "VBP")


def subject_after_place(verb: Token) -> None:
    """"On 31 July 2025, in Drouet, Artibonite, members of the gang attacked residents": the parser
    hangs the subject on the place before it as an apposition, and the verb has no subject. A noun
    phrase that ends right before a finite verb without a subject, read as the apposition of a
    name, is the verb's subject."""
    if verb.pos_ != "VERB" or verb.tag_ not in FINITE or verb.i == 0:
        return
    if any(c.dep_ in ("nsubj", "nsubjpass", "expl", "csubj") for c in verb.children):
        return
    before = verb.doc[verb.i - 1]
    noun = next((a for a in (before, *before.ancestors) if a.dep_ == "appos"), None)
    if (noun is None or noun.pos_ not in NOUNS or noun.head.pos_ != "PROPN" or noun.right_edge.i != verb.i - 1
            or noun.is_ancestor(verb)):
        return
    noun.head = verb
    noun.dep_ = "nsubj"


OPENING = {"(": ")", "[": "]"}


def enclose_brackets(doc: Doc) -> None:
    """A word inside brackets heads no word outside them. The parser sometimes reads an aside as
    the clause the sentence's opening hangs on ("On 30 April 2021, in Salawng Kawng (coded to Momauk
    township), jets launched ...": "coded" got the date and the place); the words outside the
    brackets then hang on the word the bracketed phrase hangs on ("launched")."""
    opened: list[tuple[int, str]] = []
    for tok in doc:
        if tok.text in OPENING:
            opened.append((tok.i, OPENING[tok.text]))
        elif opened and tok.text == opened[-1][1]:
            start, _ = opened.pop()
            _enclose(doc, start, tok.i)


def _enclose(doc: Doc, start: int, end: int) -> None:
    inside = range(start + 1, end)
    tops = [doc[i] for i in inside if doc[i].head.i not in inside]
    if len(tops) != 1 or tops[0].head.i == tops[0].i:
        return  # the aside is the sentence's root, or several phrases: no single place to move to
    outer = tops[0].head
    for i in inside:
        for child in list(doc[i].children):
            if start <= child.i <= end or child.i == outer.i or child.is_ancestor(outer):
                continue
            child.head = outer


@Language.factory("cw_predicates", default_config={"lang": "en"})
def make_predicates(nlp: Language, name: str, lang: str) -> PredicateRepair:
    return PredicateRepair(load_lexicon(lang))
