"""The event store: reports, events and mentions in SQLite (or any SQLAlchemy database).

One transaction per report: a report's row, its events and their mentions are written together
or not at all. A report is known by its content hash: ingesting the same text twice adds nothing;
ingesting it after the dictionaries or the engine changed (another extractor version) updates its
events in place (same ids) and removes the ones no longer found.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Integer,
    String,
    Text,
    create_engine,
    delete,
    event,
    select,
)
from sqlalchemy.engine import Engine as SqlEngine
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column

from .models import Event, ExtractionResult, Mention, Report, VictimCount


class Base(DeclarativeBase):
    pass


class ReportRow(Base):
    __tablename__ = "reports"
    id: Mapped[str] = mapped_column(String, primary_key=True)
    content_hash: Mapped[str] = mapped_column(String(64), unique=True, index=True)
    text: Mapped[str] = mapped_column(Text)
    source: Mapped[str | None] = mapped_column(String)
    url: Mapped[str | None] = mapped_column(String)
    title: Mapped[str | None] = mapped_column(String)
    published: Mapped[str | None] = mapped_column(String(10))
    extractor_version: Mapped[str] = mapped_column(String)
    stated_totals: Mapped[list] = mapped_column(JSON, default=list)
    ingested_at: Mapped[dt.datetime] = mapped_column(DateTime)


class EventRow(Base):
    __tablename__ = "events"
    id: Mapped[str] = mapped_column(String, primary_key=True)
    document_id: Mapped[str] = mapped_column(ForeignKey("reports.id", ondelete="CASCADE"), index=True)
    date_start: Mapped[dt.date | None] = mapped_column(Date, index=True)
    date_end: Mapped[dt.date | None] = mapped_column(Date)
    event_type: Mapped[str] = mapped_column(String, index=True)
    sub_event_type: Mapped[str] = mapped_column(String)
    country: Mapped[str | None] = mapped_column(String, index=True)
    location: Mapped[str | None] = mapped_column(String)
    fatalities_low: Mapped[int | None] = mapped_column(Integer)
    fatalities_high: Mapped[int | None] = mapped_column(Integer)
    historical: Mapped[bool] = mapped_column(Boolean, default=False)
    data: Mapped[dict] = mapped_column(JSON)


class MentionRow(Base):
    __tablename__ = "mentions"
    id: Mapped[str] = mapped_column(String, primary_key=True)
    event_id: Mapped[str] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    document_id: Mapped[str] = mapped_column(ForeignKey("reports.id", ondelete="CASCADE"), index=True)
    data: Mapped[dict] = mapped_column(JSON)


SaveStatus = Literal["new", "updated", "unchanged"]


@dataclass
class EventFilter:
    country: str | None = None
    since: dt.date | None = None
    until: dt.date | None = None
    event_type: str | None = None
    document_id: str | None = None
    include_historical: bool = True


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


class Store:
    def __init__(self, url: str):
        if url.startswith("sqlite:///"):
            Path(url.removeprefix("sqlite:///")).expanduser().parent.mkdir(parents=True, exist_ok=True)
        self.url = url
        self.engine: SqlEngine = create_engine(url)
        if url.startswith("sqlite"):
            event.listen(self.engine, "connect", _sqlite_pragmas)
        Base.metadata.create_all(self.engine)

    # writing -----------------------------------------------------------------------------

    def known(self, content_hash: str, extractor_version: str) -> str | None:
        """The document id of a report already extracted from this text by this version."""
        with Session(self.engine) as session:
            row = session.scalar(select(ReportRow).where(ReportRow.content_hash == content_hash))
            if row is not None and row.extractor_version == extractor_version:
                return row.id
        return None

    def save(self, result: ExtractionResult) -> SaveStatus:
        report = result.report
        with Session(self.engine) as session, session.begin():
            row = session.scalar(select(ReportRow).where(ReportRow.content_hash == report.content_hash))
            if row is None:
                row = session.get(ReportRow, report.id)
            if row is not None and row.extractor_version == result.extractor_version and row.content_hash == report.content_hash:
                return "unchanged"
            status: SaveStatus = "new" if row is None else "updated"
            if row is not None and row.id != report.id:
                session.delete(row)
                session.flush()
                row = None
            if row is None:
                row = ReportRow(id=report.id, ingested_at=dt.datetime.now(dt.timezone.utc))
                session.add(row)
            row.content_hash = report.content_hash
            row.text = report.text
            row.source, row.url, row.title, row.published = report.source, report.url, report.title, report.published
            row.extractor_version = result.extractor_version
            row.stated_totals = [v.model_dump(mode="json") for v in result.stated_totals]
            session.flush()
            keep = {e.id for e in result.events}
            session.execute(delete(MentionRow).where(MentionRow.document_id == report.id))
            session.execute(delete(EventRow).where(EventRow.document_id == report.id, EventRow.id.not_in(keep)))
            for ev in result.events:
                session.merge(self._event_row(ev))
                for mention in ev.mentions:
                    session.add(MentionRow(id=mention.id, event_id=ev.id, document_id=mention.document_id,
                                           data=mention.model_dump(mode="json")))
            return status

    @staticmethod
    def _event_row(ev: Event) -> EventRow:
        data = ev.model_dump(mode="json", exclude={"mentions"})
        return EventRow(
            id=ev.id, document_id=ev.document_id, date_start=ev.date_start, date_end=ev.date_end,
            event_type=ev.event_type, sub_event_type=ev.sub_event_type, country=ev.country,
            location=ev.location, fatalities_low=ev.fatalities_low, fatalities_high=ev.fatalities_high,
            historical=ev.historical, data=data,
        )

    # reading -----------------------------------------------------------------------------

    def events(self, flt: EventFilter | None = None) -> list[Event]:
        flt = flt or EventFilter()
        query = select(EventRow).order_by(EventRow.date_start, EventRow.document_id, EventRow.id)
        if flt.country:
            query = query.where(EventRow.country == flt.country)
        if flt.since:
            query = query.where(EventRow.date_end >= flt.since)
        if flt.until:
            query = query.where(EventRow.date_start <= flt.until)
        if flt.event_type:
            query = query.where(EventRow.event_type == flt.event_type)
        if flt.document_id:
            query = query.where(EventRow.document_id == flt.document_id)
        if not flt.include_historical:
            query = query.where(EventRow.historical.is_(False))
        with Session(self.engine) as session:
            rows = session.scalars(query).all()
            mentions: dict[str, list[Mention]] = {}
            ids = [r.id for r in rows]
            for chunk in _chunks(ids, 500):
                for m in session.scalars(select(MentionRow).where(MentionRow.event_id.in_(chunk))):
                    mentions.setdefault(m.event_id, []).append(Mention.model_validate(m.data))
            return [Event.model_validate({**r.data, "mentions": mentions.get(r.id, [])}) for r in rows]

    def reports(self) -> list[Report]:
        with Session(self.engine) as session:
            return [
                Report(id=r.id, text=r.text, source=r.source, url=r.url, title=r.title, published=r.published,
                       content_hash=r.content_hash)
                for r in session.scalars(select(ReportRow).order_by(ReportRow.ingested_at))
            ]

    def stated_totals(self) -> dict[str, list[VictimCount]]:
        with Session(self.engine) as session:
            return {
                r.id: [VictimCount.model_validate(v) for v in (r.stated_totals or [])]
                for r in session.scalars(select(ReportRow))
            }

    def counts(self) -> dict[str, int]:
        with Session(self.engine) as session:
            return {
                "reports": len(session.scalars(select(ReportRow.id)).all()),
                "events": len(session.scalars(select(EventRow.id)).all()),
                "mentions": len(session.scalars(select(MentionRow.id)).all()),
            }


def _chunks(items: list[str], size: int) -> Iterator[list[str]]:
    for start in range(0, len(items), size):
        yield items[start:start + size]


def dumps(obj: object) -> str:
    return json.dumps(obj, ensure_ascii=False, indent=2, default=str)
