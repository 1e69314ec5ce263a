"""What the API takes and returns (besides the library's own Event, Incident, ReviewEntry)."""

from __future__ import annotations

from typing import Annotated, Any, Literal, Union

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints, field_validator

from ..geo.builtin import countries
from ..read.language import settings as language_settings
from ..models import Event, Incident, ReviewEntry, VictimCount

def _storable(value: str) -> str:
    """Lone surrogates are not UTF-8: no database can store them."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise ValueError("not valid Unicode text (a lone surrogate)") from None
    return value


#: strings that can be stored: valid Unicode, no NUL
Text = Annotated[str, StringConstraints(max_length=2000, pattern=r"^[^\x00]*$"), AfterValidator(_storable)]
Id = Annotated[str, StringConstraints(min_length=1, max_length=200, pattern=r"^[^\x00]+$"), AfterValidator(_storable)]
Words = Annotated[str, StringConstraints(min_length=1, max_length=2000, pattern=r"^[^\x00]*\S[^\x00]*$"),
                  AfterValidator(_storable)]


class _Strict(BaseModel):
    """Request bodies: unknown keys refused, no type coercion (true is not 1)."""

    model_config = ConfigDict(extra="forbid", strict=True)


class EventPage(BaseModel):
    items: list[Event]
    limit: int
    next_cursor: str | None = Field(None, description="pass as ?cursor= for the next page; null on the last")


class IncidentPage(BaseModel):
    items: list[Incident]
    limit: int
    next_cursor: str | None = Field(None, description="pass as ?cursor= for the next page; null on the last")


class ReportInfo(BaseModel):
    id: str
    source: str | None = None
    title: str | None = None
    url: str | None = None
    published: str | None = None


class IncidentDetail(BaseModel):
    incident: Incident = Field(description="with every figure per victim group: source, status, evidence")
    events: list[Event] = Field(description="the member events (one per report that tells the incident)")
    reports: list[ReportInfo]


class Span(BaseModel):
    """A piece of the report that gave a value: character offsets into ``text``."""

    event_id: str
    field: str = Field(description="the field it supports: date, location, fatalities, claim, ...")
    start: int
    end: int
    text: str
    group: str | None = Field(None, description="a figure's victim group")
    status: str | None = Field(None, description="a figure's status (current, superseded, claim, discounted)")
    source: str | None = Field(None, description="who stated the figure")


class ReportView(BaseModel):
    id: str
    text: str
    source: str | None = None
    url: str | None = None
    title: str | None = None
    published: str | None = None
    spans: list[Span]


class TotalRow(BaseModel):
    key: str
    killed_low: int
    killed_high: int
    qualifier: str
    range: str = Field(description="the range as words: 'at least 385 to 415', 'unknown' (never 0 for unknown)")
    incidents: int
    events: int
    incidents_without_figures: int
    reports: list[str]
    sources: list[str]


class Totals(BaseModel):
    by: str
    totals: list[TotalRow]
    stated_by_reports: dict[str, list[VictimCount]] = Field(
        description="totals that the reports behind these incidents state themselves, for comparison (never added)")


class ReportIn(_Strict):
    """One report, as a JSONL line of `conflictwatch ingest`."""

    text: Annotated[str, StringConstraints(min_length=1, max_length=5_000_000, pattern=r"^[^\x00]*\S[^\x00]*$"),
                    AfterValidator(_storable)]
    id: Id | None = None
    published: Annotated[str, StringConstraints(pattern=r"^[12]\d{3}-(0[1-9]|1[0-2])(-(0[1-9]|1\d|2[0-8]))?$")] | None = Field(
        None, description="YYYY-MM-DD or YYYY-MM")
    source: Text | None = None
    url: Text | None = None
    title: Text | None = None
    country: Literal[tuple(sorted(countries()))] | None = Field(  # type: ignore[valid-type]
        None, description="ISO 3166-1 alpha-2 code of the country the report is about, when its text never names it")
    lang: Literal[tuple(language_settings().supported)] | None = Field(  # type: ignore[valid-type]
        None, description="ISO 639-1 code of the report's language, one conflictwatch reads; detected when "
        "absent (a text detected in another language is refused: 422 for a single report, status "
        "'unsupported' within a batch)")


class Saved(BaseModel):
    id: str
    status: str = Field(description="new, updated, unchanged, failed, or unsupported (a language conflictwatch does "
                        "not read: not stored)")
    events_written: int = 0
    alias_of: str | None = None
    error: str | None = None


class Ingested(BaseModel):
    reports: list[Saved]
    events: list[Event]
    incidents: list[Incident]


class _Who(_Strict):
    author: Words
    reason: Words


class SetField(_Who):
    action: Literal["set"]
    target: Id = Field(description="an event id or an incident id")
    field: Id = Field(description="a field of the Event or Incident model, e.g. location")
    value: Any = Field(description="the new value (JSON: 12, null, \"Gao\", [\"a\"]), checked against the field's type")


class SetFigure(_Who):
    action: Literal["figure"]
    event: Id
    status: Literal["current", "superseded", "discounted"]
    evidence_start: Annotated[int, Field(ge=0, le=10**9)] | None = None
    evidence_text: Id | None = None


class Merge(_Who):
    action: Literal["merge"]
    incidents: Annotated[list[Id], Field(min_length=2, max_length=50)]


class Split(_Who):
    action: Literal["split"]
    incident: Id
    events: Annotated[list[Id], Field(min_length=1, max_length=200)]


Correction = Annotated[Union[SetField, SetFigure, Merge, Split], Field(discriminator="action")]


class Reviewed(BaseModel):
    entry: ReviewEntry
    incident: Incident | None = Field(None, description="the incident the correction made or changed")


class Health(BaseModel):
    status: Literal["ok"]
    store: str
    counts: dict[str, int]
    reads_need_token: bool
    writes_configured: bool

    @field_validator("store")
    @classmethod
    def _no_password(cls, v: str) -> str:
        from sqlalchemy.engine import make_url

        try:
            return make_url(v).render_as_string(hide_password=True)
        except Exception:  # noqa: BLE001
            return "?"
