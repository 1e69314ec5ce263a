"""The event store: reports, events and mentions in SQLite (or any SQLAlchemy database).

One transaction per report: a report's row, its events and their mentions are written together
or not at all (``save_many`` commits many reports at once but keeps a SAVEPOINT per report, so one
report's failure rolls back that report only). A report is known by its content hash: ingesting the
same text twice adds nothing, and a second id given to the same text becomes an alias of the stored
report (``report_aliases``); ingesting it after the dictionaries or the engine changed (another
extractor version) updates its events in place (same ids) and removes the ones no longer found.

Incidents (the events of many reports fused, ``conflictwatch.fuse``) are machine output, replaced
whole at every refresh; the analysts' corrections live apart in the append-only ``review_log``.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Iterator
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
    func,
    select,
)
from sqlalchemy.engine import Engine as SqlEngine
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column

from .models import Event, ExtractionResult, Incident, Mention, Report, ReviewEntry, VictimCount


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


class ReportAliasRow(Base):
    """Another id given to a text already stored (the same text twice under two ids)."""

    __tablename__ = "report_aliases"
    alias_id: Mapped[str] = mapped_column(String, primary_key=True)
    report_id: Mapped[str] = mapped_column(ForeignKey("reports.id", ondelete="CASCADE"), index=True)


class IncidentRow(Base):
    __tablename__ = "incidents"
    id: Mapped[str] = mapped_column(String, primary_key=True)
    country: Mapped[str | None] = mapped_column(String, index=True)
    date_start: Mapped[dt.date | None] = mapped_column(Date, index=True)
    date_end: Mapped[dt.date | None] = mapped_column(Date)
    event_type: Mapped[str] = mapped_column(String, index=True)
    historical: Mapped[bool] = mapped_column(Boolean, default=False)
    grade: Mapped[str] = mapped_column(String, index=True)
    data: Mapped[dict] = mapped_column(JSON)


class IncidentMemberRow(Base):
    __tablename__ = "incident_members"
    event_id: Mapped[str] = mapped_column(String, primary_key=True)
    incident_id: Mapped[str] = mapped_column(ForeignKey("incidents.id", ondelete="CASCADE"), index=True)
    document_id: Mapped[str] = mapped_column(String, index=True)


class ReviewRow(Base):
    """Append-only: an entry's content never changes; only ``state`` (applied / orphaned) is
    recomputed when the corrections are re-applied to fresh machine output."""

    __tablename__ = "review_log"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime)
    author: Mapped[str] = mapped_column(String)
    reason: Mapped[str] = mapped_column(Text)
    action: Mapped[str] = mapped_column(String)
    target: Mapped[str] = mapped_column(String, index=True)
    field: Mapped[str | None] = mapped_column(String)
    before: Mapped[object] = mapped_column(JSON, nullable=True)
    after: Mapped[object] = mapped_column(JSON, nullable=True)
    anchor: Mapped[dict] = mapped_column(JSON)
    state: Mapped[str] = mapped_column(String, default="applied")


SaveStatus = Literal["new", "updated", "unchanged"]


@dataclass
class Saved:
    """What ``save_many`` did with one report: its status, the stored report id (the first id given
    to this text), the events written, or the error that rolled this report back."""

    report_id: str
    status: SaveStatus | Literal["failed"]
    events_written: int = 0
    alias_of: str | None = None
    error: str | None = None


@dataclass
class EventFilter:
    country: str | None = None
    since: dt.date | None = None
    until: dt.date | None = None
    event_type: str | None = None
    document_id: str | None = None
    include_historical: bool = True

    def matches(self, item: Event | Incident, documents: set[str] | None = None) -> bool:
        """The same filter in Python, for records an analyst's correction changed after loading.
        ``documents``: the record's report ids (an incident has many)."""
        start, end = item.date_start, item.date_end or item.date_start
        if self.country and item.country != self.country:
            return False
        if self.since and (end is None or end < self.since):
            return False
        if self.until and (start is None or start > self.until):
            return False
        if self.event_type and item.event_type != self.event_type:
            return False
        if self.document_id and self.document_id not in (documents or set()):
            return False
        return self.include_historical or not item.historical


@dataclass
class IncidentFilter(EventFilter):
    grade: str | None = None

    def matches(self, item: Event | Incident, documents: set[str] | None = None) -> bool:
        if self.grade and getattr(item, "grade", None) != self.grade:
            return False
        return super().matches(item, documents if documents is not None else set(getattr(item, "documents", [])))


def _filtered(query, table, flt: EventFilter):
    """The filters events and incidents share: country, dates, type, background."""
    if flt.country:
        query = query.where(table.country == flt.country)
    if flt.since:
        query = query.where(table.date_end >= flt.since)
    if flt.until:
        query = query.where(table.date_start <= flt.until)
    if flt.event_type:
        query = query.where(table.event_type == flt.event_type)
    if not flt.include_historical:
        query = query.where(table.historical.is_(False))
    return query


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()
    # let SQLAlchemy emit BEGIN itself: pysqlite's own transaction handling breaks SAVEPOINTs
    # (SQLAlchemy's documented recipe), which save_many needs
    dbapi_connection.isolation_level = None


def _sqlite_begin(connection) -> None:
    connection.exec_driver_sql("BEGIN")


class Store:
    def __init__(self, url: str):
        if url.startswith("sqlite:///"):
            Path(url.removeprefix("sqlite:///")).expanduser().parent.mkdir(parents=True, exist_ok=True)
        self.url = url
        self.engine: SqlEngine = create_engine(url)
        if url.startswith("sqlite"):
            event.listen(self.engine, "connect", _sqlite_pragmas)
            event.listen(self.engine, "begin", _sqlite_begin)
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
        """Write one report in its own transaction."""
        with Session(self.engine) as session, session.begin():
            saved = self._save_in(session, result)
        return saved.status  # type: ignore[return-value]

    def save_many(self, results: Iterable[ExtractionResult], batch: int = 50) -> Iterator[Saved]:
        """Write many reports, ``batch`` per commit, each inside its own SAVEPOINT: a report that
        fails (a database error) is rolled back alone and reported with its error; the others of
        the batch are committed. Yields one :class:`Saved` per result, in order, once its batch is
        committed."""
        pending: list[ExtractionResult] = []
        for result in results:
            pending.append(result)
            if len(pending) >= batch:
                yield from self._save_batch(pending)
                pending = []
        if pending:
            yield from self._save_batch(pending)

    def _save_batch(self, results: list[ExtractionResult]) -> list[Saved]:
        done: list[Saved] = []
        with Session(self.engine) as session, session.begin():
            for result in results:
                try:
                    with session.begin_nested():
                        saved = self._save_in(session, result)
                except Exception as exc:  # noqa: BLE001 - any database error fails this report only
                    saved = Saved(report_id=result.report.id, status="failed",
                                  error=f"{result.report.id}: {type(exc).__name__}: {str(exc).splitlines()[0]}")
                done.append(saved)
        return done

    def _save_in(self, session: Session, result: ExtractionResult) -> Saved:
        report = result.report
        row = session.scalar(select(ReportRow).where(ReportRow.content_hash == report.content_hash))
        alias_of = None
        if row is not None and row.id != report.id:
            # the same text under another id: the stored report keeps its id, this one is an alias
            alias_of = row.id
            if session.get(ReportAliasRow, report.id) is None and session.get(ReportRow, report.id) is None:
                session.add(ReportAliasRow(alias_id=report.id, report_id=row.id))
            result = _rebased(result, row.id)
            report = result.report
        if row is None:
            row = session.get(ReportRow, report.id)
        if row is not None and row.extractor_version == result.extractor_version and row.content_hash == report.content_hash:
            return Saved(report_id=row.id, status="unchanged", alias_of=alias_of)
        status: SaveStatus = "new" if row is None else "updated"
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
        session.flush()
        return Saved(report_id=report.id, status=status, events_written=len(result.events), alias_of=alias_of)

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
        query = _filtered(select(EventRow).order_by(EventRow.date_start, EventRow.document_id, EventRow.id),
                          EventRow, flt)
        if flt.document_id:
            query = query.where(EventRow.document_id == self.resolve_document(flt.document_id))
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
        tables = {"reports": ReportRow, "events": EventRow, "mentions": MentionRow, "incidents": IncidentRow,
                  "incident_members": IncidentMemberRow, "reviews": ReviewRow, "aliases": ReportAliasRow}
        with Session(self.engine) as session:  # counted by the database, never by loading the rows
            return {name: session.scalar(select(func.count()).select_from(table)) or 0
                    for name, table in tables.items()}

    def add_alias(self, alias_id: str, report_id: str) -> bool:
        """Record another id of a stored report's text; False when that id is known already."""
        with Session(self.engine) as session, session.begin():
            if session.get(ReportAliasRow, alias_id) is not None or session.get(ReportRow, alias_id) is not None:
                return False
            session.add(ReportAliasRow(alias_id=alias_id, report_id=report_id))
            return True

    def resolve_document(self, document_id: str) -> str:
        """The stored report's id for an id or an alias of it (unknown ids come back unchanged)."""
        with Session(self.engine) as session:
            alias = session.get(ReportAliasRow, document_id)
            return alias.report_id if alias is not None else document_id

    def aliases(self) -> dict[str, str]:
        """alias id -> stored report id."""
        with Session(self.engine) as session:
            return {a.alias_id: a.report_id for a in session.scalars(select(ReportAliasRow))}

    def report_infos(self):
        """document_id -> ``fuse.ReportInfo`` (id, source, published, text) of every stored report."""
        from .fuse import ReportInfo  # fusion builds on the store's records, never the other way

        with Session(self.engine) as session:
            rows = session.execute(select(ReportRow.id, ReportRow.source, ReportRow.published, ReportRow.text)).all()
        return {r.id: ReportInfo(id=r.id, source=r.source, published=r.published, text=r.text) for r in rows}

    def content_hashes(self) -> dict[str, str]:
        """document_id -> SHA-256 of the report's text (what corrections are anchored to)."""
        with Session(self.engine) as session:
            return dict(session.execute(select(ReportRow.id, ReportRow.content_hash)).all())

    def extractor_versions(self) -> dict[str, str]:
        with Session(self.engine) as session:
            return dict(session.execute(select(ReportRow.id, ReportRow.extractor_version)).all())

    # incidents ---------------------------------------------------------------------------

    def replace_incidents(self, incidents: Iterable[Incident]) -> None:
        """Replace every stored incident and membership with these, in one transaction."""
        incidents = list(incidents)
        with Session(self.engine) as session, session.begin():
            session.execute(delete(IncidentMemberRow))
            session.execute(delete(IncidentRow))
            session.flush()
            for inc in incidents:
                session.add(IncidentRow(
                    id=inc.id, country=inc.country, date_start=inc.date_start, date_end=inc.date_end,
                    event_type=inc.event_type, historical=inc.historical, grade=inc.grade,
                    data=inc.model_dump(mode="json")))
            session.flush()
            members = self._event_documents(session)
            for inc in incidents:
                for event_id in inc.events:
                    session.add(IncidentMemberRow(event_id=event_id, incident_id=inc.id,
                                                  document_id=members.get(event_id, "")))

    @staticmethod
    def _event_documents(session: Session) -> dict[str, str]:
        return dict(session.execute(select(EventRow.id, EventRow.document_id)).all())

    def incidents(self, flt: IncidentFilter | EventFilter | None = None) -> list[Incident]:
        flt = flt or IncidentFilter()
        query = _filtered(select(IncidentRow).order_by(IncidentRow.date_start, IncidentRow.id), IncidentRow, flt)
        if getattr(flt, "grade", None):
            query = query.where(IncidentRow.grade == flt.grade)
        if flt.document_id:
            members = select(IncidentMemberRow.incident_id).where(
                IncidentMemberRow.document_id == self.resolve_document(flt.document_id))
            query = query.where(IncidentRow.id.in_(members))
        with Session(self.engine) as session:
            return [Incident.model_validate(r.data) for r in session.scalars(query)]

    def incident_of(self, event_id: str) -> Incident | None:
        with Session(self.engine) as session:
            member = session.get(IncidentMemberRow, event_id)
            if member is None:
                return None
            row = session.get(IncidentRow, member.incident_id)
            return Incident.model_validate(row.data) if row is not None else None

    def incident_ids(self) -> dict[str, str]:
        """event id -> incident id, for every fused event."""
        with Session(self.engine) as session:
            return dict(session.execute(select(IncidentMemberRow.event_id, IncidentMemberRow.incident_id)).all())

    # the analysts' review log ------------------------------------------------------------

    def append_review(self, entry: ReviewEntry) -> ReviewEntry:
        """Add one correction to the append-only log; returns it with its id."""
        with Session(self.engine) as session, session.begin():
            row = ReviewRow(at=entry.at, author=entry.author, reason=entry.reason, action=entry.action,
                            target=entry.target, field=entry.field,
                            before=_json(entry.before), after=_json(entry.after),
                            anchor=_json(entry.anchor), state=entry.state)
            session.add(row)
            session.flush()
            return entry.model_copy(update={"id": row.id})

    def reviews(self) -> list[ReviewEntry]:
        """The log, oldest first."""
        with Session(self.engine) as session:
            return [
                ReviewEntry(id=r.id, at=r.at, author=r.author, reason=r.reason, action=r.action, target=r.target,
                            field=r.field, before=r.before, after=r.after, anchor=r.anchor or {}, state=r.state)
                for r in session.scalars(select(ReviewRow).order_by(ReviewRow.id))
            ]

    def set_review_states(self, states: dict[int, str]) -> None:
        """Record whether each correction still finds what it was anchored to (the only column of
        the log that ever changes)."""
        if not states:
            return
        with Session(self.engine) as session, session.begin():
            for row in session.scalars(select(ReviewRow).where(ReviewRow.id.in_(list(states)))):
                row.state = states[row.id]


def _json(value: object) -> object:
    """A JSON-safe copy (dates as ISO strings)."""
    return json.loads(json.dumps(value, default=str)) if value is not None else None


def _rebased(result: ExtractionResult, doc_id: str) -> ExtractionResult:
    """The result as if the report had come with the stored report's id."""
    events = [
        e.model_copy(update={"document_id": doc_id,
                             "mentions": [m.model_copy(update={"document_id": doc_id}) for m in e.mentions]})
        for e in result.events
    ]
    return result.model_copy(update={"report": result.report.model_copy(update={"id": doc_id}), "events": events})


def _chunks(items: list[str], size: int) -> Iterator[list[str]]:
    for start in range(0, len(items), size):
        yield items[start:start + size]


def dumps(obj: object) -> str:
    return json.dumps(obj, ensure_ascii=False, indent=2, default=str)
