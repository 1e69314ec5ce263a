"""The engine: a report in, source-attributed events out.

    report --spaCy pipeline (nlp.py)--> Doc
           --clause stage (extract.py)--> candidates per sentence
           --discourse stage (discourse.py)--> events, geocoded, with evidence
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from spacy.tokens import Doc

from .classify import SubtypeChooser
from .discourse import DiscourseResolver
from .extract import ActorIndex, ClauseExtractor
from .geo import Geocoder, PlaceMention
from .geo.builtin import countries as geo_countries
from .geo.builtin import is_not_place, iso2_of
from .geo.gazetteer import admin_areas_after
from .learn.actors import book_for
from .learn.default import load_model
from .learn.model import CodedModel
from .lexicon import load_lexicon
from .models import ExtractionResult, Report
from .nlp import PLACE_LABELS, countries, load_pipeline

VERSION = "0.1.0"


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
        self.nlp = load_pipeline(model, self.actor_book, record)
        self.lex = load_lexicon()
        self.geocoder = geocoder
        if geocoder is not None and record is not None:
            geocoder.use_record(record)  # the places ACLED has coded: a gazetteer source, loaded once per model
        self.resolver = DiscourseResolver(self.lex, geocoder, actors=self.actor_book)
        #: the sub-event type: the rules', or the learned classifier's where the rules are unsure
        coded = self.coded
        self.subtypes = SubtypeChooser((lambda: coded.get("subtype")) if coded is not None else None)
        self.version = f"{VERSION}+{self.lex.version}"

    def extract(self, report: Report) -> ExtractionResult:
        return self.from_doc(self.nlp(report.text), report)

    def extract_many(self, reports: Iterable[Report], batch_size: int = 16) -> Iterator[ExtractionResult]:
        pairs = ((r.text, r) for r in reports)
        done: list[tuple[Doc, ExtractionResult]] = []
        for doc, report in self.nlp.pipe(pairs, as_tuples=True, batch_size=batch_size):
            done.append((doc, self.from_doc(doc, report, classify=False)))
            if len(done) >= batch_size:  # the classifier reads a batch of reports at once
                yield from self._classified(done)
                done = []
        yield from self._classified(done)

    def _classified(self, done: list[tuple[Doc, ExtractionResult]]) -> Iterator[ExtractionResult]:
        self.subtypes.apply_many([(doc, result.events) for doc, result in done])
        for _, result in done:
            yield result

    def from_doc(self, doc: Doc, report: Report, *, classify: bool = True) -> ExtractionResult:
        actors = ActorIndex(doc, self.lex, self.actor_book)
        clauses = ClauseExtractor(self.lex, actors, doc)
        candidates, totals = [], []
        for index, sent in enumerate(doc.sents):
            result = clauses.sentence(sent)
            candidates.extend((index, c) for c in result.candidates)
            totals.extend(result.totals)
        places = (self.report_country(report) + self.place_mentions(doc, clauses) + self.people_countries(doc)
                  + self.actor_countries(actors))
        events, stated = self.resolver.resolve(doc, report, candidates, totals, places)
        if classify:
            self.subtypes.apply(doc, events)
        return ExtractionResult(report=report, events=events, stated_totals=stated,
                                extractor_version=self.version)

    @staticmethod
    def actor_countries(actors: ActorIndex) -> list[PlaceMention]:
        """Where the named actors operate: a weak clue for the gazetteer when the report names no country."""
        names = {iso: name for name, iso in countries().items()}
        isos = dict.fromkeys(iso for m in actors.ordered if m.actor for iso in m.actor.countries)
        return [PlaceMention(text=names[iso], kind="country") for iso in isos if iso in names]

    @staticmethod
    def people_countries(doc: Doc) -> list[PlaceMention]:
        """The countries a report names by their people ("the Burkinabe village of Solhan"): a clue
        for the gazetteer (Solhan in Burkina Faso, not in Turkey), never an event's place."""
        names = {iso: c.name for iso, c in geo_countries().items()}
        out, seen = [], set()
        for tok in doc:  # the NER often leaves a people's adjective out ("the Burkinabe village")
            if not tok.is_title or tok.ent_type_ not in ("", "NORP"):
                continue
            iso = iso2_of(tok.text)
            if iso and iso in names and iso not in seen:
                seen.add(iso)
                out.append(PlaceMention(text=names[iso], kind="country", start=0, end=0))
        return out

    @staticmethod
    def report_country(report: Report) -> list[PlaceMention]:
        """The report's own country (JSONL 'country', CLI --country): the first country of the scene."""
        c = geo_countries().get(report.country or "")
        return [PlaceMention(text=c.name, kind="country", start=-1, end=-1)] if c is not None else []

    @staticmethod
    def place_mentions(doc: Doc, clauses: ClauseExtractor) -> list[PlaceMention]:
        text = doc.text  # built anew on each access: once per report
        mentions = []
        for ent in doc.ents:
            if ent.label_ not in PLACE_LABELS or clauses.in_dateline(ent) or is_not_place(ent.text):
                continue  # a dateline's place; a people ("Songhai", "Tuareg"), never a place
            kind, hint = clauses.place_kind(ent)
            if kind == "country" and clauses.at_boundary(ent.root):
                continue  # "near the Mali border": a neighbour
            mentions.append(PlaceMention(text=ent.text, kind=kind, country_hint=hint, start=ent.start_char,
                                         end=ent.end_char, within=admin_areas_after(text, ent.end_char)))
        return mentions
