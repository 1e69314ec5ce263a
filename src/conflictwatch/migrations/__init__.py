"""The store's schema migrations (Alembic), for SQLite and PostgreSQL, run from the package: no
``alembic.ini`` is needed. :class:`conflictwatch.store.Store` calls :func:`upgrade` whenever it opens
a store, so a fresh database gets every revision and an older one the revisions it lacks.

* ``versions/0001_baseline.py``: the schema as it was before migrations;
* ``versions/0002_reports_lang.py``: ``reports.lang``.

A store made before migrations (its tables, no ``alembic_version``) is adopted: what it lacks of
revision 0001 is created, it is stamped 0001 and upgraded, its rows kept. The whole upgrade runs in
one transaction holding the store's migration lock (PostgreSQL: an advisory lock; SQLite: ``BEGIN
IMMEDIATE``), so processes opening one new store at once wait for the first one, then find it done.
"""

from __future__ import annotations

import functools
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import func, inspect, select
from sqlalchemy.engine import Connection, Engine

SCRIPT_LOCATION = Path(__file__).resolve().parent
#: the key of PostgreSQL's advisory lock held while a store is migrated (any constant bigint)
LOCK_KEY = 0x636F6E666C6963  # "conflic"
#: the connection option that makes SQLite's BEGIN an immediate one (set by the store's begin hook)
IMMEDIATE = "conflictwatch_immediate"


class MigrationError(RuntimeError):
    """The store's schema cannot be brought to this version's (one line)."""


def config(connection: Connection | None = None) -> Config:
    """Alembic's configuration for the packaged scripts; ``connection`` is the one env.py migrates."""
    cfg = Config()
    cfg.set_main_option("script_location", str(SCRIPT_LOCATION))
    cfg.attributes["connection"] = connection
    return cfg


@functools.cache
def _scripts() -> ScriptDirectory:
    return ScriptDirectory.from_config(config())


def head() -> str:
    """The newest revision this version of conflictwatch knows."""
    return _scripts().get_current_head()


def current(engine: Engine | Connection) -> str | None:
    """The store's revision (None for an empty database or a store made before migrations)."""
    if isinstance(engine, Connection):
        return MigrationContext.configure(engine).get_current_revision()
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def upgrade(engine: Engine, revision: str = "head") -> tuple[str | None, str]:
    """Bring the store to ``revision`` (the newest by default). Returns the revision it was at and the
    one it is at now. Already there: one query, no lock."""
    target = head() if revision == "head" else revision
    before = current(engine)
    if before == target:
        return before, target
    with engine.connect() as conn:
        conn.execution_options(**{IMMEDIATE: True})
        with conn.begin():
            if conn.dialect.name == "postgresql":
                conn.execute(select(func.pg_advisory_xact_lock(LOCK_KEY)))
            before = current(conn)  # another process may have done it meanwhile
            if before is not None and before not in _known():
                raise MigrationError(f"the store is at schema revision {before}, newer than this conflictwatch "
                                     f"knows (up to {head()}): upgrade conflictwatch")
            if before is None and inspect(conn).has_table("reports"):
                _adopt(conn)
            command.upgrade(config(conn), target)
    return before, target


def _known() -> set[str]:
    return {script.revision for script in _scripts().walk_revisions()}


def _adopt(conn: Connection) -> None:
    """A store made by ``create_all`` before migrations: create what it lacks of revision 0001 (tables
    and indexes added before 0001, which ``create_all`` never added to existing tables), stamp it 0001."""
    baseline = _scripts().get_revision("0001").module.metadata
    baseline.create_all(conn)
    for table in baseline.sorted_tables:
        for index in table.indexes:
            index.create(conn, checkfirst=True)
    command.stamp(config(conn), "0001")
