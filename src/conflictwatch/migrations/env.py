"""Alembic's environment for the event store, run by :func:`conflictwatch.migrations.upgrade` (and the
other ``alembic.command`` functions given ``conflictwatch.migrations.config(connection)``): the
connection is handed over inside a transaction, holding the store's migration lock."""

from __future__ import annotations

from alembic import context

from conflictwatch.store import Base

connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError("conflictwatch's migrations run on a connection: "
                       "alembic.command.<cmd>(conflictwatch.migrations.config(connection), ...)")
context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    # SQLite alters most of a table only by copying it: batch mode does that ("move and copy")
    render_as_batch=connection.dialect.name == "sqlite",
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
