"""The engine: a report in, source-attributed events out.

    report --spaCy pipeline (nlp.py)--> Doc
           --clause stage (extract.py)--> candidates per sentence
           --discourse stage (discourse.py)--> events, geocoded, with evidence
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache, lru_cache

from spacy.attrs import ENT_TYPE, IS_TITLE, ORTH
from spacy.language import Language
from spacy.tokens import Doc

from .classify import SubtypeChooser
from .discourse import DiscourseResolver
from .extract import ActorIndex, ClauseExtractor
from .geo import Geocoder, PlaceMention
from .geo.builtin import countries as geo_countries
from .geo.builtin import is_not_place, iso2_of
from .geo.gazetteer import admin_areas_after
from .learn.actors import ActorBook, book_for
from .learn.default import load_model
from .learn.model import CodedModel
from .learn.subtype import headings_of
from .lexicon import Lexicon, data_path, load_lexicon
from .models import ExtractionResult, Report
from .nlp import PLACE_LABELS, countries, load_pipeline, sentences, text_of
from .read.clean import page_layout, reading_text
from .read.language import LanguageChoice, choose_language
from .read.language import settings as language_settings

VERSION = "0.1.0"


@lru_cache(maxsize=4096)
def _country_of_word(word: str) -> str | None:
    """The country a capitalised word names by its people ("Burkinabe"), looked up once per form."""
    return iso2_of(word)


class UnsupportedLanguage(ValueError):
    """A report in a language no pipeline reads (data/languages.yaml)."""

    def __init__(self, report: Report, choice: LanguageChoice):
        self.choice = choice
        super().__init__(f"{report.id}: written in {choice.lang!r}, which conflictwatch does not read "
                         f"(supported: {', '.join(language_settings().supported)})")


@dataclass
class Reader:
    """What reads one language: its spaCy pipeline, its dictionaries and the discourse stage on them."""

    lang: str
    nlp: Language
    lex: Lexicon
    resolver: DiscourseResolver
    actor_book: "ActorBook | None" = None


@cache
def _country_names() -> dict[str, str]:
    """ISO alpha-2 -> the country's name (nlp.countries read backwards)."""
    return {iso: name for name, iso in countries().items()}


class Engine:
    """Holds the loaded pipeline, dictionaries and gazetteer; reuse one for many reports."""

    def __init__(self, model: str | None = None, geocoder: Geocoder | None = None,
                 coded: CodedModel | None = None, model_dir: str | None = None):
        #: What was learned from the coded record (actors, places, sub-types); None without a model.
        self.coded = coded if coded is not None else load_model(model_dir)
        learned = self.coded.get("actors") if self.coded is not None else None
        #: the learned actors joined with the dictionary (None without a model)
        self.actor_book = book_for(learned) if learned is not None else None
        record = self.coded.get("places") if self.coded is not None else None
        self._record = record
        #: the labels the coded record writes before notes of one sub-type ("Movement of forces: ...")
        self._headings = tuple(sorted(headings_of(self.coded).items()))
        self.nlp = load_pipeline(model, self.actor_book, record, headings=self._headings)
        self.lex = load_lexicon()
        self.geocoder = geocoder
        if geocoder is not None and record is not None:
            geocoder.use_record(record)  # the places ACLED has coded: a gazetteer source, loaded once per model
        self.resolver = DiscourseResolver(self.lex, geocoder, actors=self.actor_book)
        #: one reader per language, the others' pipelines loaded at their first report
        self.readers: dict[str, Reader] = {"en": Reader("en", self.nlp, self.lex, self.resolver, self.actor_book)}
        #: the sub-event type: the rules', or the learned classifier's where the rules are unsure
        coded = self.coded
        self.subtypes = SubtypeChooser((lambda: coded.get("subtype")) if coded is not None else None)
        self.version = f"{VERSION}+{self._dictionaries_version()}"

    def _dictionaries_version(self) -> str:
        """One hash over every language's dictionaries and the language settings: a change in any of
        them re-extracts the stored reports."""
        digest = hashlib.sha256(self.lex.version.encode())
        digest.update(data_path("languages.yaml").read_bytes())
        for lang in language_settings().supported:
            if lang == "en":
                continue
            digest.update(load_lexicon(lang).version.encode())
            for name in ("parse", "gloss"):
                path = data_path(f"{lang}/{name}.yaml")
                if path.exists():
                    digest.update(path.read_bytes())
        return digest.hexdigest()[:16]

    def reader(self, lang: str) -> Reader:
        """The reader of a supported language, its pipeline loaded once."""
        if lang not in self.readers:
            if lang not in language_settings().supported:
                raise ValueError(f"no pipeline reads {lang!r} (data/languages.yaml)")
            lex = load_lexicon(lang)
            learned = self.coded.get("actors") if self.coded is not None else None
            book = book_for(learned, lang) if learned is not None else None
            nlp = load_pipeline(None, book, self._record, lang, headings=self._headings)
            self.readers[lang] = Reader(lang, nlp, lex, DiscourseResolver(lex, self.geocoder, actors=book), book)
        return self.readers[lang]

    @staticmethod
    def route(report: Report) -> LanguageChoice:
        """The report's language (its ``lang`` when given, else detected; stored on the report) and
        the pipeline that reads it (None: unsupported). Routing twice gives the same choice: a
        language detected the first time is not taken for a given one the second time."""
        if isinstance(report._route, LanguageChoice) and report._route.lang == report.lang:
            return report._route
        choice = choose_language(report.text, report.lang)
        report.lang, report._route = choice.lang, choice
        return choice

    def extract(self, report: Report) -> ExtractionResult:
        choice = self.route(report)
        if choice.pipeline is None:
            raise UnsupportedLanguage(report, choice)
        reader = self.reader(choice.pipeline)
        return self.from_doc(reader.nlp(reading_text(report.text)), report, reader=reader)

    def extract_many(self, reports: Iterable[Report], batch_size: int = 16) -> Iterator[ExtractionResult]:
        """The reports' results in their order; each language's reports go through its pipeline in
        batches. Raises :class:`UnsupportedLanguage` at a report no pipeline reads (route first)."""
        batch: list[Report] = []
        for report in reports:
            batch.append(report)
            if len(batch) >= batch_size:
                yield from self._extract_batch(batch, batch_size)
                batch = []
        yield from self._extract_batch(batch, batch_size)

    def _extract_batch(self, reports: list[Report], batch_size: int) -> Iterator[ExtractionResult]:
        by_lang: dict[str, list[int]] = {}
        for i, report in enumerate(reports):
            choice = self.route(report)
            if choice.pipeline is None:
                raise UnsupportedLanguage(report, choice)
            by_lang.setdefault(choice.pipeline, []).append(i)
        results: list[ExtractionResult | None] = [None] * len(reports)
        for lang, indices in by_lang.items():
            reader = self.reader(lang)
            done: list[tuple[Doc, ExtractionResult]] = []
            pairs = ((reading_text(reports[i].text), i) for i in indices)
            for doc, i in reader.nlp.pipe(pairs, as_tuples=True, batch_size=batch_size):
                done.append((doc, self.from_doc(doc, reports[i], classify=False, reader=reader)))
                results[i] = done[-1][1]
            retyped = self.subtypes.apply_many([(doc, result.events) for doc, result in done], lang)  # a batch at once
            for event, old in retyped:  # the actors read again for the new sub-type
                reader.resolver.retyped(event, old)
        for result in results:
            assert result is not None
            yield result

    def from_doc(self, doc: Doc, report: Report, *, classify: bool = True, reader: Reader | None = None) -> ExtractionResult:
        reader = reader or self.readers["en"]
        actors = ActorIndex(doc, reader.lex, reader.actor_book)
        clauses = ClauseExtractor(reader.lex, actors, doc)
        candidates, totals = [], []
        for index, sent in enumerate(sentences(doc)):
            result = clauses.sentence(sent)
            candidates.extend((index, c) for c in result.candidates)
            totals.extend(result.totals)
        clauses.voices_across_sentences(doc, candidates)
        places = (self.report_country(report) + self.place_mentions(doc, clauses) + self.people_countries(doc)
                  + self.actor_countries(actors))
        layout = page_layout(report.text)
        events, stated = reader.resolver.resolve(doc, report, candidates, totals, places, clauses.opening_timex(doc),
                                                 layout=layout, page=clauses.page_facts(doc, layout))
        if classify:
            for event, old in self.subtypes.apply(doc, events, reader.lang):
                reader.resolver.retyped(event, old)
        return ExtractionResult(report=report, events=events, stated_totals=stated,
                                extractor_version=self.version)

    @staticmethod
    def actor_countries(actors: ActorIndex) -> list[PlaceMention]:
        """Where the named actors operate: a weak clue for the gazetteer when the report names no country."""
        names = _country_names()
        isos = dict.fromkeys(iso for m in actors.ordered if m.actor for iso in m.actor.countries)
        return [PlaceMention(text=names[iso], kind="country", clue=True) for iso in isos if iso in names]

    @staticmethod
    def people_countries(doc: Doc) -> list[PlaceMention]:
        """The countries a report names by their people ("the Burkinabe village of Solhan"): a clue
        for the gazetteer (Solhan in Burkina Faso, not in Turkey), never an event's place."""
        known = geo_countries()  # ISO alpha-2 -> the built-in gazetteer's country
        out, seen = [], set()
        strings = doc.vocab.strings
        norp = strings.add("NORP")
        # the NER often leaves a people's adjective out ("the Burkinabe village"): read the words'
        # attributes at once, a country looked up once per word form of the title-case words outside
        # an entity or in a NORP one
        array = doc.to_array([IS_TITLE, ENT_TYPE, ORTH])
        wanted = (array[:, 0] != 0) & ((array[:, 1] == 0) | (array[:, 1] == norp))
        for orth in array[wanted, 2].tolist():
            iso = _country_of_word(strings[orth])
            if iso and iso in known and iso not in seen:
                seen.add(iso)
                out.append(PlaceMention(text=known[iso].name, kind="country", start=0, end=0, clue=True))
        return out

    @staticmethod
    def report_country(report: Report) -> list[PlaceMention]:
        """The report's own country (JSONL 'country', CLI --country): the first country of the scene."""
        c = geo_countries().get(report.country or "")
        return [PlaceMention(text=c.name, kind="country", start=-1, end=-1)] if c is not None else []

    @staticmethod
    def place_mentions(doc: Doc, clauses: ClauseExtractor) -> list[PlaceMention]:
        text = text_of(doc)
        mentions = []
        for ent in clauses.actors.ents:  # the doc's entities, read once
            if ent.label_ not in PLACE_LABELS or clauses.in_dateline(ent) or is_not_place(ent.text):
                continue  # a dateline's place; a people ("Songhai", "Tuareg"), never a place
            kind, hint = clauses.place_kind(ent)
            if kind == "country" and clauses.at_boundary(ent.root):
                continue  # "near the Mali border": a neighbour
            mentions.append(PlaceMention(text=ent.text, kind=kind, country_hint=hint, start=ent.start_char,
                                         end=ent.end_char, within=admin_areas_after(text, ent.end_char)))
        return mentions
