"""The data model: reports, mentions and events.

Three things are kept apart from the start because fusion of many reports comes later:

* a :class:`Report` is one document (text, source, publication date, content hash);
* a :class:`Mention` is what one report says about one incident (its figures, who stated them,
  the evidence sentence);
* an :class:`Event` is the real-world incident. Today every event has exactly one mention; fusion of
  mentions from several reports into one event builds on these classes.

Every figure keeps the party that stated it and the :class:`Evidence` (sentence, character offsets)
it came from. JSON keys are the names used in the documentation and exports.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr

DatePrecision = Literal["day", "span", "week", "month", "year"]
Qualifier = Literal["exact", "at_least", "about", "unknown"]
ClaimStatus = Literal["contested", "unverified", "confirmed"]
FigureStatus = Literal["current", "superseded", "claim", "discounted"]
Grade = Literal["Confirmed", "Fair", "Weak", "Contested", "Discounted"]
SubEventSource = Literal["rules", "model", "both"]

#: how weak a qualifier is: a total or range takes the weakest of its parts
QUALIFIER_STRENGTH: dict[str, int] = {"exact": 0, "about": 1, "at_least": 2, "unknown": 3}
#: the words a qualifier is written with in ranges and notes ("at least 385 to 415")
QUALIFIER_WORDS: dict[str, str] = {"exact": "", "at_least": "at least ", "about": "about ", "unknown": ""}
#: date precisions from the most to the least precise
DATE_PRECISION_RANK: dict[str, int] = {"day": 0, "span": 1, "week": 2, "month": 3, "year": 4}


def midpoint(low: int | None, high: int | None) -> int | None:
    """The most likely figure of a stated range (UCDP's best): its middle, rounded half up; the
    one figure given when there is no range."""
    if low is None or high is None or high <= low:
        return low if low is not None else high
    return (low + high + 1) // 2


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", validate_assignment=True)


class Evidence(_Model):
    """Where a field's value came from: the sentence and the exact span inside the report."""

    field: str = Field(description="the event field this evidence supports, e.g. 'date', 'fatalities'")
    text: str = Field(description="the span of the report that gave the value")
    start: int = Field(ge=0, description="character offset of the span in the report text")
    end: int = Field(ge=0)
    sentence: str = Field(description="the whole sentence that holds the span")
    sentence_start: int = Field(ge=0)
    sentence_end: int = Field(ge=0)


class Quantity(_Model):
    """A parsed count expression ("between 153 and 176", "at least another 20", "dozens")."""

    low: int | None = Field(default=None, ge=0)
    high: int | None = Field(default=None, ge=0)
    qualifier: Qualifier = "exact"
    additive: bool = Field(default=False, description="'another 20': adds to earlier figures")
    vague: bool = Field(default=False, description="a word such as 'dozens' coded by convention")
    text: str = ""


class VictimCount(_Model):
    """Killed / injured of one victim group, as one party stated it."""

    group: str = Field(description="'civilians' or an actor name, e.g. 'Islamic State (Sahel)'")
    killed_low: int | None = None
    killed_high: int | None = None
    injured_low: int | None = None
    injured_high: int | None = None
    qualifier: Qualifier = "unknown"
    source: str | None = Field(default=None, description="the party that stated the figure")
    status: FigureStatus = Field(
        default="current",
        description="current; superseded (an earlier toll later replaced: 'rose to', 'revised', 'final toll'); "
                    "claim (the perpetrator's own word about its victims); discounted (by an analyst)")
    subset_of: str | None = Field(default=None, description="'including 20 children': a part of this group, never added to it")
    evidence: list[Evidence] = Field(default_factory=list)


class Claim(_Model):
    """A statement by a party to the conflict (typically the perpetrator) kept apart from the count."""

    claimant: str
    statement: str
    figures: list[VictimCount] = Field(default_factory=list)
    status: ClaimStatus = "contested"
    evidence: list[Evidence] = Field(default_factory=list)


class Report(_Model):
    """One source document."""

    id: str = Field(description="document_id: given by the caller (JSONL 'id') or derived from the hash")
    text: str
    source: str | None = None
    url: str | None = None
    title: str | None = None
    published: str | None = Field(default=None, description="YYYY-MM-DD or YYYY-MM as given")
    country: str | None = Field(default=None, description="ISO2 code of the country the report is about, for "
                                "feeds that never name it (JSONL 'country', CLI --country); the geocoder prefers it")
    lang: str | None = Field(default=None, description="ISO 639-1 code of the report's language: given (JSONL "
                             "'lang', CLI --lang) or detected at ingest; None until either happens")
    content_hash: str = ""
    #: the engine's choice of language and pipeline once routed (Engine.route); not part of the record
    _route: object | None = PrivateAttr(default=None)

    def model_post_init(self, __context: object) -> None:
        if not self.content_hash:
            self.content_hash = content_hash(self.text)


def content_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class EventFields(_Model):
    """The fields shared by a mention and by the event it belongs to."""

    date_start: dt.date | None = None
    date_end: dt.date | None = None
    date_precision: DatePrecision | None = None
    date_uncertain: bool = Field(
        default=False, description="a span that says when within it, not how long: 'days later' is one day in it")
    event_type: str
    sub_event_type: str
    actor1: str | None = None
    actor2: str | None = None
    assoc_actor_1: str | None = None
    assoc_actor_2: str | None = None
    inter1: int | None = Field(default=None, ge=1, le=8)
    inter2: int | None = Field(default=None, ge=1, le=8)
    location: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    admin1: str | None = None
    admin2: str | None = None
    country: str | None = None
    iso: str | None = Field(default=None, description="ISO 3166-1 alpha-2 code of the country")
    geo_precision: int | None = Field(default=None, ge=1, le=3)
    where_prec: int | None = Field(default=None, ge=1, le=7, description="UCDP's location precision")
    geo_note: str | None = None
    fatalities_low: int | None = None
    fatalities_best: int | None = None
    fatalities_high: int | None = None
    fatalities_qualifier: Qualifier = "unknown"
    victims: list[VictimCount] = Field(
        default_factory=list, description="per victim group, the range covering its current non-claim figures")
    figures: list[VictimCount] = Field(
        default_factory=list, description="every figure stated about the event (observations), with status")
    sources: list[str] = Field(default_factory=list)
    claims: list[Claim] = Field(default_factory=list)
    historical: bool = False
    reviewed: bool = Field(default=False, description="an analyst's correction applies to this record")
    notes: str = ""
    evidence: list[Evidence] = Field(default_factory=list)


class Mention(EventFields):
    """What one report says about one event."""

    id: str
    document_id: str
    publisher: str | None = None
    published: str | None = None


class Event(EventFields):
    """A real-world incident, gathering the mentions of it."""

    id: str
    document_id: str
    mentions: list[Mention] = Field(default_factory=list)
    sub_event_confidence: float | None = Field(
        default=None, ge=0, le=1,
        description="the learned classifier's calibrated probability of sub_event_type (None without a model)")
    sub_event_source: SubEventSource | None = Field(
        default=None, description="who chose sub_event_type: rules, model, or both (they agree); see docs/classifier.md")


class ExtractionResult(_Model):
    """What the engine returns for one report."""

    report: Report
    events: list[Event]
    stated_totals: list[VictimCount] = Field(
        default_factory=list,
        description="totals the report itself states ('in total at least 385 to 415'), for comparison",
    )
    extractor_version: str = ""


# --- incidents: the events of many reports fused ------------------------------------------------


class IncidentFigure(_Model):
    """One figure an incident's reports state, with where it came from."""

    low: int | None = None
    high: int | None = None
    qualifier: Qualifier = "unknown"
    source: str | None = None
    document_id: str
    event_id: str
    published: str | None = None
    status: FigureStatus = "current"
    subset_of: str | None = None
    evidence: Evidence | None = None


class IncidentVictims(_Model):
    """Killed of one victim group across every report of an incident."""

    group: str
    low: int | None = Field(default=None, description="the lowest credible figure (exact or at-least, current)")
    best: int | None = Field(default=None, description="see docs/fusion.md: latest official figure, else median of independent sources")
    high: int | None = Field(default=None, description="the highest current non-claim figure")
    qualifier: Qualifier = "unknown"
    best_rule: str = ""
    figures: list[IncidentFigure] = Field(default_factory=list)


class Incident(_Model):
    """A real-world incident: events of one or more reports judged to be the same happening."""

    id: str
    date_start: dt.date | None = None
    date_end: dt.date | None = None
    date_precision: DatePrecision | None = None
    event_type: str
    sub_event_type: str
    actor1: str | None = None
    actor2: str | None = None
    location: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    admin1: str | None = None
    country: str | None = None
    iso: str | None = None
    geo_precision: int | None = None
    documents: list[str] = Field(default_factory=list, description="member reports' document_ids")
    events: list[str] = Field(default_factory=list, description="member event ids")
    victims: list[IncidentVictims] = Field(default_factory=list)
    claims: list[Claim] = Field(default_factory=list)
    grade: Grade = "Weak"
    grade_reason: str = ""
    independent_sources: int = 0
    historical: bool = False
    reviewed: bool = False
    notes: str = ""


ReviewAction = Literal["merge", "split", "set", "figure"]


class ReviewEntry(_Model):
    """One analyst correction, kept apart from machine output in an append-only log."""

    id: int | None = None
    at: dt.datetime
    author: str
    reason: str
    action: ReviewAction
    target: str = Field(description="an event id, an incident id, or a figure's anchor")
    field: str | None = None
    before: object = None
    after: object = None
    anchor: dict = Field(default_factory=dict, description="report content hash + field + evidence span")
    state: Literal["applied", "orphaned"] = "applied"
