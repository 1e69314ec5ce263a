"""The event store: reports, events and mentions in SQLite (or any SQLAlchemy database).

One transaction per report: a report's row, its events and their mentions are written together
or not at all (``save_many`` commits many reports at once but keeps a SAVEPOINT per report, so one
report's failure rolls back that report only). A report is known by its content hash: ingesting the
same text twice adds nothing, and a second id given to the same text becomes an alias of the stored
report (``report_aliases``); ingesting it after the dictionaries or the engine changed (another
extractor version) updates its events in place (same ids) and removes the ones no longer found.

Incidents (the events of many reports fused, ``conflictwatch.fuse``) are machine output, replaced
whole at every refresh; the analysts' corrections live apart in the append-only ``review_log``.

Reports read from the web (``conflictwatch.read``) keep every URL their text was read from
(``report_urls``: the same agency story on several sites is one report with all its URLs, as
``report_aliases`` does for ids); ``feeds`` and ``feed_items`` hold what ``conflictwatch watch`` has
seen of each feed (ETag / Last-Modified, the items ingested or still failing).

The store is SQLite (one analyst) or PostgreSQL (a team: ``postgresql+psycopg://user@host:port/db``).
Opening it brings its schema to this version's through the packaged Alembic migrations
(``conflictwatch.migrations``). Many processes may write at once: a report is inserted only if neither
its id nor its text is stored (``INSERT ... ON CONFLICT DO NOTHING``, then it is looked up again),
events, aliases and URLs are upserts, and a transaction that a concurrent writer made fail (deadlock,
serialization failure, lock timeout, unique violation) is run again after a random back-off; SQLite
write transactions start with ``BEGIN IMMEDIATE``. ``docs/store.md`` tells the guarantees.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import random
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Literal, TypeVar

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    Table,
    cast,
    create_engine,
    delete,
    event,
    func,
    insert,
    or_,
    select,
    text,
    type_coerce,
)
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import URL, make_url
from sqlalchemy.engine import Engine as SqlEngine
from sqlalchemy.exc import DBAPIError, SQLAlchemyError
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column

from . import migrations
from .models import Event, ExtractionResult, Incident, Mention, Report, ReviewEntry, VictimCount

T = TypeVar("T")


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
    lang: Mapped[str | None] = mapped_column(String(8), nullable=True)
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
    #: a country's events in the order pages list them (the API's pages stop early, never sort all)
    __table_args__ = (Index("ix_events_country_date", "country", "date_start", "date_end", "document_id", "id"),)


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


class ReportUrlRow(Base):
    """An address a stored text was read from: the same agency story on several sites (a wire copy)
    is one report listed with all its URLs. A URL names the text last read from it."""

    __tablename__ = "report_urls"
    url: Mapped[str] = mapped_column(String, primary_key=True)
    report_id: Mapped[str] = mapped_column(ForeignKey("reports.id", ondelete="CASCADE"), index=True)
    source: Mapped[str | None] = mapped_column(String)
    title: Mapped[str | None] = mapped_column(String)
    published: Mapped[str | None] = mapped_column(String(10))
    added_at: Mapped[dt.datetime] = mapped_column(DateTime)


class FeedRow(Base):
    """A feed `conflictwatch watch` follows: its validators for conditional GETs and its health."""

    __tablename__ = "feeds"
    url: Mapped[str] = mapped_column(String, primary_key=True)
    title: Mapped[str | None] = mapped_column(String)
    etag: Mapped[str | None] = mapped_column(String)
    last_modified: Mapped[str | None] = mapped_column(String)
    last_polled: Mapped[dt.datetime | None] = mapped_column(DateTime)
    last_ok: Mapped[dt.datetime | None] = mapped_column(DateTime)
    failures: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(Text)


class FeedItemRow(Base):
    """An item of a feed, once seen: ingested (with its report), or failed so far (tried again at the
    next polls, ``web.yaml`` feeds.item_attempts times in all, then given up)."""

    __tablename__ = "feed_items"
    feed_url: Mapped[str] = mapped_column(ForeignKey("feeds.url", ondelete="CASCADE"), primary_key=True)
    key: Mapped[str] = mapped_column(String, primary_key=True)
    link: Mapped[str | None] = mapped_column(String)
    report_id: Mapped[str | None] = mapped_column(String, index=True)
    status: Mapped[str] = mapped_column(String)  # ingested | failed | gave_up
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(Text)
    first_seen: Mapped[dt.datetime] = mapped_column(DateTime)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime)


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
    __table_args__ = (Index("ix_incidents_country_date", "country", "date_start", "date_end", "id"),)


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


class ApiTokenRow(Base):
    """An API token of ``conflictwatch serve`` (``conflictwatch token create``): only its SHA-256 is kept."""

    __tablename__ = "api_tokens"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    name: Mapped[str] = mapped_column(String)
    sha256: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime)


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
    #: the report's URL was new for this text (a wire copy read at another address)
    url_added: bool = False


@dataclass
class EventFilter:
    country: str | None = None
    since: dt.date | None = None
    until: dt.date | None = None
    event_type: str | None = None
    document_id: str | None = None
    include_historical: bool = True
    admin1: str | None = None
    actor: str | None = None  #: actor1 or actor2
    bbox: tuple[float, float, float, float] | None = None  #: min lon, min lat, max lon, max lat
    q: str | None = None  #: words in the place, actors, type or notes (case-insensitive)

    def matches(self, item: Event | Incident, documents: set[str] | None = None) -> bool:
        """The same filter in Python, for records an analyst's correction changed after loading.
        ``documents``: the record's report ids (an incident has many)."""
        start, end = item.date_start, item.date_end or item.date_start
        if self.country and item.country != self.country:
            return False
        if self.admin1 and item.admin1 != self.admin1:
            return False
        if self.actor and self.actor not in (item.actor1, item.actor2):
            return False
        if self.bbox:
            lon0, lat0, lon1, lat1 = self.bbox
            if item.latitude is None or item.longitude is None or not (
                    lat0 <= item.latitude <= lat1 and lon0 <= item.longitude <= lon1):
                return False
        if self.q and not any(self.q.lower() in (getattr(item, f, None) or "").lower() for f in Q_FIELDS):
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


#: the fields the free-text filter ``q`` looks in
Q_FIELDS = ("location", "admin1", "actor1", "actor2", "sub_event_type", "notes")


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
    # fields kept only in the record's JSON (SQLAlchemy's JSON paths: SQLite, PostgreSQL, MySQL)
    if flt.admin1:
        query = query.where(table.data["admin1"].as_string() == flt.admin1)
    if flt.actor:
        query = query.where(or_(table.data["actor1"].as_string() == flt.actor,
                                table.data["actor2"].as_string() == flt.actor))
    if flt.bbox:
        lon0, lat0, lon1, lat1 = flt.bbox
        query = query.where(table.data["latitude"].as_float().between(lat0, lat1),
                            table.data["longitude"].as_float().between(lon0, lon1))
    if flt.q:
        query = query.where(or_(*(func.lower(table.data[f].as_string()).contains(flt.q.lower(), autoescape=True)
                                  for f in Q_FIELDS)))
    return query


#: the dialects the store runs on (its migrations and upserts are written and tested for these)
DIALECTS = ("sqlite", "postgresql")
#: attempts of a write transaction that a concurrent writer made fail (deadlock, serialization failure,
#: lock timeout, SQLite's "database is locked"), with a random back-off growing from RETRY_PAUSE seconds
RETRIES = 8
#: attempts when it was a unique violation (another writer stored the same row first: seen at once)
CONFLICT_RETRIES = 3
RETRY_PAUSE = 0.05

_CONTENTION_STATES = {"40001", "40P01", "55P03"}  # serialization failure, deadlock, lock not available
_UNIQUE_STATE = "23505"


class StoreError(Exception):
    """The store cannot be opened: an unreachable database, an unsupported URL, a schema newer than
    this version's (one line, the password hidden)."""


def _one_line(exc: BaseException) -> str:
    """A driver's message on one line (psycopg's span several; SQLAlchemy's add a link)."""
    orig = getattr(exc, "orig", None) or exc
    return " ".join(str(orig).split()) or type(exc).__name__


def _contention(exc: BaseException) -> bool:
    orig = getattr(exc, "orig", None)
    if getattr(orig, "sqlstate", None) in _CONTENTION_STATES:
        return True
    return (getattr(orig, "sqlite_errorname", "") or "").startswith(("SQLITE_BUSY", "SQLITE_LOCKED"))


def _conflict(exc: BaseException) -> bool:
    """A unique violation (raised by a concurrent writer, or by a bad row: tried again a few times)."""
    orig = getattr(exc, "orig", None)
    return (getattr(orig, "sqlstate", None) == _UNIQUE_STATE
            or getattr(orig, "sqlite_errorname", None) in ("SQLITE_CONSTRAINT_UNIQUE", "SQLITE_CONSTRAINT_PRIMARYKEY"))


def _retry_limit(exc: BaseException) -> int:
    """How many attempts an error of a write transaction deserves (1: not a concurrency error)."""
    if not isinstance(exc, DBAPIError):
        return 1
    return RETRIES if _contention(exc) else CONFLICT_RETRIES if _conflict(exc) else 1


def _pause(attempt: int) -> None:
    time.sleep(min(2.0, RETRY_PAUSE * 2 ** (attempt - 1)) * random.uniform(0.5, 1.5))


def _insert(session: Session, table: Table):
    """The dialect's INSERT (with ``on_conflict_do_nothing`` / ``on_conflict_do_update``)."""
    dialect = session.get_bind().dialect.name
    return (postgresql.insert if dialect == "postgresql" else sqlite.insert)(table)


def _upsert(session: Session, table: Table, keys: Iterable[str], columns: Iterable[str]):
    """INSERT that updates ``columns`` of the row already stored under the same ``keys``."""
    stmt = _insert(session, table)
    return stmt.on_conflict_do_update(index_elements=list(keys), set_={c: stmt.excluded[c] for c in columns})


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()
    # let SQLAlchemy emit BEGIN itself: pysqlite's own transaction handling breaks SAVEPOINTs
    # (SQLAlchemy's documented recipe), which save_many needs
    dbapi_connection.isolation_level = None


def _sqlite_begin(connection) -> None:
    # a write transaction takes the write lock first (BEGIN IMMEDIATE): a deferred one that read first
    # could not get it later while another process writes ("database is locked" at once)
    immediate = connection.get_execution_options().get(migrations.IMMEDIATE)
    connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


def _engine_url(url: str) -> URL:
    parsed = make_url(url)
    if parsed.drivername == "postgresql":  # SQLAlchemy's default would be psycopg2: conflictwatch brings psycopg 3
        parsed = parsed.set(drivername="postgresql+psycopg")
    return parsed


def _connect_args(url: URL) -> dict:
    if url.get_backend_name() != "postgresql":
        return {}
    args: dict = {}
    if "connect_timeout" not in url.query:
        args["connect_timeout"] = 10  # an unreachable server is an error after 10 s, not a hang
    if "options" not in url.query:
        args["options"] = "-c timezone=UTC"  # timestamps are UTC, as SQLite keeps them
    return args


class Store:
    def __init__(self, url: str):
        """Open the store at ``url`` (an SQLAlchemy URL: ``sqlite:///path`` or
        ``postgresql+psycopg://user@host:port/db``) and bring its schema to this version's. Raises
        :class:`StoreError` when it cannot."""
        if url.startswith("sqlite:///"):
            Path(url.removeprefix("sqlite:///")).expanduser().parent.mkdir(parents=True, exist_ok=True)
        self.url = url
        try:
            parsed = _engine_url(url)
            self.engine: SqlEngine = create_engine(parsed, pool_pre_ping=parsed.get_backend_name() == "postgresql",
                                                   connect_args=_connect_args(parsed))
        except (SQLAlchemyError, ImportError) as exc:
            raise StoreError(f"cannot open the event store {self.safe_url}: {_one_line(exc)}") from None
        if self.engine.dialect.name not in DIALECTS:
            raise StoreError(f"cannot open the event store {self.safe_url}: conflictwatch stores live in SQLite or "
                             f"PostgreSQL, not {self.engine.dialect.name}")
        if self.engine.dialect.name == "sqlite":
            event.listen(self.engine, "connect", _sqlite_pragmas)
            event.listen(self.engine, "begin", _sqlite_begin)
        #: the engine of write transactions (on SQLite: BEGIN IMMEDIATE)
        self._writer = self.engine.execution_options(**{migrations.IMMEDIATE: True})
        for attempt in range(1, RETRIES + 1):
            try:
                migrations.upgrade(self.engine)
                break
            except DBAPIError as exc:
                if attempt < _retry_limit(exc):
                    _pause(attempt)
                    continue
                self.engine.dispose()
                raise StoreError(f"cannot open the event store {self.safe_url}: {_one_line(exc)}") from None
            except (SQLAlchemyError, migrations.MigrationError) as exc:
                self.engine.dispose()
                raise StoreError(f"cannot open the event store {self.safe_url}: {_one_line(exc)}") from None

    @property
    def safe_url(self) -> str:
        """The URL with its password hidden (for messages)."""
        try:
            return make_url(self.url).render_as_string(hide_password=True)
        except Exception:  # noqa: BLE001 - a malformed URL is shown as given
            return self.url

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    def _write(self, work: Callable[[Session], T]) -> T:
        """Run ``work`` in one write transaction; again, after a back-off, when a concurrent writer made
        it fail. Rows it returns stay usable (detached, not expired)."""
        attempt = 0
        while True:
            attempt += 1
            try:
                with Session(self._writer, expire_on_commit=False) as session, session.begin():
                    return work(session)
            except DBAPIError as exc:
                if attempt >= _retry_limit(exc):
                    raise
            _pause(attempt)

    @contextmanager
    def lock(self, name: str) -> Iterator[None]:
        """Hold a lock named ``name`` across every process using this store, for the ``with`` block:
        PostgreSQL's advisory lock, or a lock file beside an SQLite file. For work that reads, computes
        and writes back (fusing all events into incidents), which two processes must not interleave."""
        if self.dialect == "postgresql":
            key = int.from_bytes(hashlib.sha256(f"conflictwatch:{name}".encode()).digest()[:8], "big", signed=True)
            with self.engine.connect() as conn:
                conn.execute(select(func.pg_advisory_lock(key)))
                conn.commit()
                try:
                    yield
                finally:
                    conn.execute(select(func.pg_advisory_unlock(key)))
                    conn.commit()
            return
        database = self.engine.url.database
        try:
            import fcntl
        except ImportError:  # pragma: no cover - not POSIX: SQLite serializes the writes themselves
            fcntl = None
        if fcntl is None or not database or database == ":memory:" or database.startswith("file:"):
            yield
            return
        try:
            handle = open(f"{database}.{name}.lock", "ab")  # noqa: SIM115 - held for the block
        except OSError:  # a read-only folder: nobody else writes there either
            yield
            return
        with handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)

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
        return self._write(lambda session: self._save_in(session, result)).status  # type: ignore[return-value]

    def save_many(self, results: Iterable[ExtractionResult], batch: int = 50) -> Iterator[Saved]:
        """Write many reports, ``batch`` per commit, each inside its own SAVEPOINT: a report that
        fails (a database error) is rolled back alone and reported with its error; the others of
        the batch are committed. Yields one :class:`Saved` per result, in order, once its batch is
        committed. A batch that a concurrent writer made fail (a deadlock, a serialization failure)
        is written again after a back-off."""
        pending: list[ExtractionResult] = []
        for result in results:
            pending.append(result)
            if len(pending) >= batch:
                yield from self._save_batch(pending)
                pending = []
        if pending:
            yield from self._save_batch(pending)

    def _save_batch(self, results: list[ExtractionResult]) -> list[Saved]:
        attempt = 0
        while True:
            attempt += 1
            last = attempt >= RETRIES
            try:
                with Session(self._writer) as session, session.begin():
                    done = [self._save_one(session, result, last) for result in results]
                return done
            except DBAPIError as exc:
                if attempt >= _retry_limit(exc):  # the batch rolled back: each of its reports failed
                    return [Saved(report_id=r.report.id, status="failed",
                                  error=f"{r.report.id}: {type(exc).__name__}: {_one_line(exc)}") for r in results]
            _pause(attempt)

    def _save_one(self, session: Session, result: ExtractionResult, last: bool) -> Saved:
        """One report in its SAVEPOINT. A unique violation (another writer stored the row first) is tried
        again at once; contention (deadlock, lock timeout) fails the whole batch, to be written again
        (its locks released), unless this is the ``last`` attempt."""
        tries = 0
        while True:
            tries += 1
            try:
                with session.begin_nested():
                    return self._save_in(session, result)
            except Exception as exc:  # noqa: BLE001 - any database error fails this report only
                if isinstance(exc, DBAPIError):
                    if _conflict(exc) and tries < CONFLICT_RETRIES:
                        continue
                    if _contention(exc) and not last:
                        raise
                return Saved(report_id=result.report.id, status="failed",
                             error=f"{result.report.id}: {type(exc).__name__}: {_one_line(exc)}")

    def _save_in(self, session: Session, result: ExtractionResult) -> Saved:
        for _ in range(CONFLICT_RETRIES):
            saved = self._save_once(session, result)
            if saved is not None:
                return saved
        raise StoreError(f"{result.report.id}: other writers kept storing and removing this report meanwhile")

    def _save_once(self, session: Session, result: ExtractionResult) -> Saved | None:
        """Write one report; None when another writer stored its id or its text meanwhile (then the
        caller looks again: in PostgreSQL the next statement sees that writer's committed row)."""
        report = result.report
        # FOR UPDATE (PostgreSQL): one writer at a time updates a stored report and its events
        row = session.scalar(select(ReportRow).where(ReportRow.content_hash == report.content_hash)
                             .with_for_update().execution_options(populate_existing=True))
        alias_of = None
        if row is not None and row.id != report.id:
            # the same text under another id: the stored report keeps its id, this one is an alias
            alias_of = row.id
            if session.get(ReportRow, report.id) is None:
                session.execute(_insert(session, ReportAliasRow.__table__)
                                .values(alias_id=report.id, report_id=row.id).on_conflict_do_nothing())
            result = _rebased(result, row.id)
            report = result.report
        if row is None:
            row = session.get(ReportRow, report.id, with_for_update=True, populate_existing=True)
        if row is not None and row.extractor_version == result.extractor_version and row.content_hash == report.content_hash:
            return Saved(report_id=row.id, status="unchanged", alias_of=alias_of,
                         url_added=_add_url(session, row.id, report))
        values = dict(content_hash=report.content_hash, text=report.text, source=report.source, url=report.url,
                      title=report.title, published=report.published, lang=report.lang,
                      extractor_version=result.extractor_version,
                      stated_totals=[v.model_dump(mode="json") for v in result.stated_totals])
        status: SaveStatus
        if row is None:
            table = ReportRow.__table__
            inserted = session.execute(
                _insert(session, table).values(id=report.id, ingested_at=dt.datetime.now(dt.timezone.utc), **values)
                .on_conflict_do_nothing().returning(table.c.id)).first()
            if inserted is None:  # another writer stored this id or this text first
                return None
            status = "new"
        else:
            for name, value in values.items():
                setattr(row, name, value)
            session.flush()
            status = "updated"
        _add_url(session, report.id, report)
        keep = {e.id for e in result.events}
        session.execute(delete(MentionRow).where(MentionRow.document_id == report.id))
        session.execute(delete(EventRow).where(EventRow.document_id == report.id, EventRow.id.not_in(keep)))
        if result.events:
            events = EventRow.__table__
            session.execute(_upsert(session, events, ["id"], [c.name for c in events.columns if c.name != "id"]),
                            [self._event_values(ev) for ev in result.events])
            mentions = [dict(id=m.id, event_id=ev.id, document_id=m.document_id, data=m.model_dump(mode="json"))
                        for ev in result.events for m in ev.mentions]
            if mentions:
                session.execute(insert(MentionRow.__table__), mentions)
        return Saved(report_id=report.id, status=status, events_written=len(result.events), alias_of=alias_of)

    @staticmethod
    def _event_values(ev: Event) -> dict:
        """An event's row, as the columns' values."""
        return dict(
            id=ev.id, document_id=ev.document_id, date_start=ev.date_start, date_end=ev.date_end,
            event_type=ev.event_type, sub_event_type=ev.sub_event_type, country=ev.country,
            location=ev.location, fatalities_low=ev.fatalities_low, fatalities_high=ev.fatalities_high,
            historical=ev.historical, data=ev.model_dump(mode="json", exclude={"mentions"}),
        )

    @staticmethod
    def _event_row(ev: Event) -> EventRow:
        return EventRow(**Store._event_values(ev))

    # reading -----------------------------------------------------------------------------

    def events(self, flt: EventFilter | None = None, *, limit: int | None = None, offset: int = 0) -> list[Event]:
        """Events matching the filter, by date; ``limit`` and ``offset`` page through them."""
        flt = flt or EventFilter()
        # the stored JSON as text, validated by pydantic's own parser (no ORM objects, no json.loads)
        raw = self._json_text(EventRow.data).label("data")
        query = _filtered(select(EventRow.id, raw).order_by(self._first_nulls(EventRow.date_start), EventRow.document_id,
                                                           EventRow.id), EventRow, flt)
        if flt.document_id:
            query = query.where(EventRow.document_id == self.resolve_document(flt.document_id))
        if limit is not None or offset:
            query = query.limit(limit).offset(offset)
        with Session(self.engine) as session:
            rows = session.execute(query).all()
            mentions: dict[str, list[Mention]] = {}
            ids = [r.id for r in rows]
            for chunk in _chunks(ids, 500):
                for m in session.scalars(select(MentionRow).where(MentionRow.event_id.in_(chunk))):
                    mentions.setdefault(m.event_id, []).append(Mention.model_validate(m.data))
        return [_event(r.data, mentions.get(r.id, [])) for r in rows]

    def _json_text(self, column):
        """A JSON column read as its text (PostgreSQL keeps json as written; SQLite stores it as text)."""
        return cast(column, Text) if self.dialect == "postgresql" else type_coerce(column, Text)

    def _first_nulls(self, column):
        """Ascending, NULL first: SQLite's order, which PostgreSQL gives only when told."""
        return column.asc().nulls_first() if self.dialect == "postgresql" else column

    def report(self, document_id: str) -> Report | None:
        """One stored report by its id or an alias of it."""
        with Session(self.engine) as session:
            r = session.get(ReportRow, self.resolve_document(document_id))
            if r is None:
                return None
            return Report(id=r.id, text=r.text, source=r.source, url=r.url, title=r.title, published=r.published,
                          lang=r.lang, content_hash=r.content_hash)

    def reports(self) -> list[Report]:
        with Session(self.engine) as session:
            return [
                Report(id=r.id, text=r.text, source=r.source, url=r.url, title=r.title, published=r.published,
                       lang=r.lang, content_hash=r.content_hash)
                for r in session.scalars(select(ReportRow).order_by(ReportRow.ingested_at))
            ]

    def stated_totals(self, document_ids: Iterable[str] | None = None) -> dict[str, list[VictimCount]]:
        """report id -> the totals it states itself; of these reports only when ``document_ids`` is given."""
        with Session(self.engine) as session:
            if document_ids is None:
                rows = session.execute(select(ReportRow.id, ReportRow.stated_totals)).all()
            else:
                rows = [r for chunk in _chunks(list(document_ids), 500)
                        for r in session.execute(select(ReportRow.id, ReportRow.stated_totals)
                                                 .where(ReportRow.id.in_(chunk))).all()]
            return {r.id: [VictimCount.model_validate(v) for v in (r.stated_totals or [])] for r in rows}

    def counts(self) -> dict[str, int]:
        tables = {"reports": ReportRow, "events": EventRow, "mentions": MentionRow, "incidents": IncidentRow,
                  "incident_members": IncidentMemberRow, "reviews": ReviewRow, "aliases": ReportAliasRow,
                  "urls": ReportUrlRow, "feeds": FeedRow, "feed_items": FeedItemRow}
        with Session(self.engine) as session:  # counted by the database, never by loading the rows
            return {name: session.scalar(select(func.count()).select_from(table)) or 0
                    for name, table in tables.items()}

    def add_alias(self, alias_id: str, report_id: str) -> bool:
        """Record another id of a stored report's text; False when that id is known already."""
        def work(session: Session) -> bool:
            if session.get(ReportRow, alias_id) is not None:
                return False
            table = ReportAliasRow.__table__
            return session.execute(_insert(session, table).values(alias_id=alias_id, report_id=report_id)
                                   .on_conflict_do_nothing().returning(table.c.alias_id)).first() is not None
        return self._write(work)

    def resolve_document(self, document_id: str) -> str:
        """The stored report's id for an id or an alias of it (unknown ids come back unchanged)."""
        with Session(self.engine) as session:
            alias = session.get(ReportAliasRow, document_id)
            return alias.report_id if alias is not None else document_id

    def aliases(self) -> dict[str, str]:
        """alias id -> stored report id."""
        with Session(self.engine) as session:
            return {a.alias_id: a.report_id for a in session.scalars(select(ReportAliasRow))}

    # URLs and feeds (conflictwatch.read) ------------------------------------------------------

    def add_url(self, report_id: str, report: Report) -> bool:
        """Record that the text stored as ``report_id`` was also read at ``report.url`` (a wire copy
        on another site); False when nothing was new."""
        return self._write(lambda session: _add_url(session, report_id, report))

    def report_for_url(self, url: str) -> tuple[Report, str] | None:
        """The stored report last read from ``url`` and its extractor version, or None."""
        with Session(self.engine) as session:
            link = session.get(ReportUrlRow, url)
            r = session.get(ReportRow, link.report_id) if link is not None else None
            if r is None:
                return None
            return (Report(id=r.id, text=r.text, source=link.source or r.source, url=url,
                           title=link.title or r.title, published=link.published or r.published,
                           lang=r.lang, content_hash=r.content_hash), r.extractor_version)

    def report_urls(self) -> dict[str, list[dict]]:
        """report id -> every URL its text was read from (url, source, title, published, added_at),
        oldest first."""
        out: dict[str, list[dict]] = {}
        with Session(self.engine) as session:
            for u in session.scalars(select(ReportUrlRow).order_by(ReportUrlRow.added_at, ReportUrlRow.url)):
                out.setdefault(u.report_id, []).append({"url": u.url, "source": u.source, "title": u.title,
                                                        "published": u.published, "added_at": u.added_at})
        return out

    def feed(self, url: str) -> FeedRow | None:
        """The feed's state (a detached row), or None for a feed never polled."""
        with Session(self.engine, expire_on_commit=False) as session:
            return session.get(FeedRow, url)

    def feed_polled(self, url: str, *, ok: bool, title: str | None = None, etag: str | None = None,
                    last_modified: str | None = None, keep_validators: bool = False, error: str | None = None) -> FeedRow:
        """Record one poll of a feed: its validators when ``ok`` (kept as they were when
        ``keep_validators``), or its error and one more failure in a row."""
        now = dt.datetime.now(dt.timezone.utc)

        def work(session: Session) -> FeedRow:
            row = session.get(FeedRow, url)
            if row is None:
                row = FeedRow(url=url, failures=0)
                session.add(row)
            row.last_polled = now
            if ok:
                row.last_ok, row.failures, row.last_error = now, 0, None
                row.title = title or row.title
                if not keep_validators:
                    row.etag, row.last_modified = etag, last_modified
            else:
                row.failures = (row.failures or 0) + 1
                row.last_error = error
            session.flush()
            return row
        return self._write(work)

    def feed_items(self, feed_url: str) -> dict[str, FeedItemRow]:
        """key -> the items of a feed seen so far (detached rows)."""
        with Session(self.engine, expire_on_commit=False) as session:
            return {r.key: r for r in session.scalars(select(FeedItemRow).where(FeedItemRow.feed_url == feed_url))}

    def mark_feed_item(self, feed_url: str, key: str, *, link: str | None, status: str,
                       report_id: str | None = None, error: str | None = None) -> FeedItemRow:
        """Record what became of a feed item (ingested, failed, gave_up); attempts count every call."""
        now = dt.datetime.now(dt.timezone.utc)

        def work(session: Session) -> FeedItemRow:
            if session.get(FeedRow, feed_url) is None:
                session.add(FeedRow(url=feed_url, failures=0))
                session.flush()
            row = session.get(FeedItemRow, (feed_url, key))
            if row is None:
                row = FeedItemRow(feed_url=feed_url, key=key, attempts=0, first_seen=now)
                session.add(row)
            row.link, row.status, row.report_id, row.last_error = link, status, report_id, error
            row.attempts = (row.attempts or 0) + 1
            row.updated_at = now
            session.flush()
            return row
        return self._write(work)

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
        rows = [dict(id=inc.id, country=inc.country, date_start=inc.date_start, date_end=inc.date_end,
                     event_type=inc.event_type, historical=inc.historical, grade=inc.grade,
                     data=inc.model_dump(mode="json")) for inc in incidents]

        def work(session: Session) -> None:
            if self.dialect == "postgresql":  # one replacement at a time; readers see the old set until the commit
                session.execute(text("LOCK TABLE incidents, incident_members IN SHARE ROW EXCLUSIVE MODE"))
            session.execute(delete(IncidentMemberRow))
            session.execute(delete(IncidentRow))
            if rows:
                session.execute(insert(IncidentRow.__table__), rows)
            documents = self._event_documents(session)
            members = [dict(event_id=event_id, incident_id=inc.id, document_id=documents.get(event_id, ""))
                       for inc in incidents for event_id in inc.events]
            if members:
                session.execute(insert(IncidentMemberRow.__table__), members)
        self._write(work)

    @staticmethod
    def _event_documents(session: Session) -> dict[str, str]:
        return dict(session.execute(select(EventRow.id, EventRow.document_id)).all())

    def incidents(self, flt: IncidentFilter | EventFilter | None = None, *, limit: int | None = None,
                  offset: int = 0) -> list[Incident]:
        """Incidents matching the filter, by date; ``limit`` and ``offset`` page through them."""
        flt = flt or IncidentFilter()
        # the stored JSON as text, validated by pydantic's own parser (no ORM objects, no json.loads)
        raw = self._json_text(IncidentRow.data)
        query = _filtered(select(raw).order_by(self._first_nulls(IncidentRow.date_start), IncidentRow.id), IncidentRow, flt)
        if getattr(flt, "grade", None):
            query = query.where(IncidentRow.grade == flt.grade)
        if flt.document_id:
            members = select(IncidentMemberRow.incident_id).where(
                IncidentMemberRow.document_id == self.resolve_document(flt.document_id))
            query = query.where(IncidentRow.id.in_(members))
        if limit is not None or offset:
            query = query.limit(limit).offset(offset)
        with Session(self.engine) as session:
            return [Incident.model_validate_json(d) if isinstance(d, (str, bytes)) else Incident.model_validate(d)
                    for d in session.scalars(query)]

    def incident(self, incident_id: str) -> Incident | None:
        with Session(self.engine) as session:
            row = session.get(IncidentRow, incident_id)
            return Incident.model_validate(row.data) if row is not None else None

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
        def work(session: Session) -> ReviewEntry:
            row = ReviewRow(at=entry.at, author=entry.author, reason=entry.reason, action=entry.action,
                            target=entry.target, field=entry.field,
                            before=_json(entry.before), after=_json(entry.after),
                            anchor=_json(entry.anchor), state=entry.state)
            session.add(row)
            session.flush()
            return entry.model_copy(update={"id": row.id})
        return self._write(work)

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
        def work(session: Session) -> None:
            for row in session.scalars(select(ReviewRow).where(ReviewRow.id.in_(list(states)))):
                row.state = states[row.id]
        self._write(work)


    # API tokens (hashes only) ------------------------------------------------------------

    def add_token(self, name: str, sha256: str) -> int:
        def work(session: Session) -> int:
            row = ApiTokenRow(name=name, sha256=sha256, created_at=dt.datetime.now(dt.timezone.utc))
            session.add(row)
            session.flush()
            return row.id
        return self._write(work)

    def tokens(self) -> list[dict]:
        """id, name, created_at and sha256 of every API token."""
        with Session(self.engine) as session:
            return [{"id": r.id, "name": r.name, "created_at": r.created_at, "sha256": r.sha256}
                    for r in session.scalars(select(ApiTokenRow).order_by(ApiTokenRow.id))]

    def revoke_token(self, token_id: int) -> bool:
        return self._write(lambda session: session.execute(
            delete(ApiTokenRow).where(ApiTokenRow.id == token_id)).rowcount > 0)


def _add_url(session: Session, report_id: str, report: Report) -> bool:
    """Record that ``report``'s text (stored as ``report_id``) was read at ``report.url``; True when the
    URL is new or named another text before."""
    if not report.url:
        return False
    table = ReportUrlRow.__table__
    stmt = _insert(session, table).values(url=report.url, report_id=report_id, source=report.source, title=report.title,
                                          published=report.published, added_at=dt.datetime.now(dt.timezone.utc))
    stmt = stmt.on_conflict_do_update(  # an upsert: two writers may read one wire copy at once
        index_elements=[table.c.url],
        set_={c: stmt.excluded[c] for c in ("report_id", "source", "title", "published", "added_at")},
        where=table.c.report_id != stmt.excluded.report_id)
    return session.execute(stmt.returning(table.c.url)).first() is not None


def _event(data: str | bytes | dict, mentions: list[Mention]) -> Event:
    """An event from its stored JSON (text on SQLite; drivers such as psycopg decode JSON themselves)."""
    if isinstance(data, (str, bytes)):
        event = Event.model_validate_json(data)
        return event.model_copy(update={"mentions": mentions}) if mentions else event
    return Event.model_validate({**data, "mentions": mentions})


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
