"""The store as it was before migrations (git commit 7ca82ed): reports, events, mentions, aliases,
URLs, feeds, incidents, the review log, API tokens.

The schema is frozen here as it was, apart from ``conflictwatch.store``'s models (which move on with
later revisions). :func:`conflictwatch.migrations.upgrade` also uses :data:`metadata` to adopt a store
made before migrations (``create_all``, no ``alembic_version``): what that store lacks of this
revision (a table or an index added before 7ca82ed) is created, then it is stamped 0001.

Revision ID: 0001
Revises:
Create Date: 2026-11-26
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | Sequence[str] | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _metadata() -> sa.MetaData:
    m = sa.MetaData()

    def fk(target: str) -> sa.ForeignKey:
        return sa.ForeignKey(target, ondelete="CASCADE")

    sa.Table(
        "reports", m,
        sa.Column("id", sa.String, primary_key=True),
        sa.Column("content_hash", sa.String(64), nullable=False, unique=True, index=True),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("source", sa.String),
        sa.Column("url", sa.String),
        sa.Column("title", sa.String),
        sa.Column("published", sa.String(10)),
        sa.Column("extractor_version", sa.String, nullable=False),
        sa.Column("stated_totals", sa.JSON, nullable=False),
        sa.Column("ingested_at", sa.DateTime, nullable=False),
    )
    sa.Table(
        "events", m,
        sa.Column("id", sa.String, primary_key=True),
        sa.Column("document_id", sa.String, fk("reports.id"), nullable=False, index=True),
        sa.Column("date_start", sa.Date, index=True),
        sa.Column("date_end", sa.Date),
        sa.Column("event_type", sa.String, nullable=False, index=True),
        sa.Column("sub_event_type", sa.String, nullable=False),
        sa.Column("country", sa.String, index=True),
        sa.Column("location", sa.String),
        sa.Column("fatalities_low", sa.Integer),
        sa.Column("fatalities_high", sa.Integer),
        sa.Column("historical", sa.Boolean, nullable=False),
        sa.Column("data", sa.JSON, nullable=False),
        sa.Index("ix_events_country_date", "country", "date_start", "date_end", "document_id", "id"),
    )
    sa.Table(
        "mentions", m,
        sa.Column("id", sa.String, primary_key=True),
        sa.Column("event_id", sa.String, fk("events.id"), nullable=False, index=True),
        sa.Column("document_id", sa.String, fk("reports.id"), nullable=False, index=True),
        sa.Column("data", sa.JSON, nullable=False),
    )
    sa.Table(
        "report_aliases", m,
        sa.Column("alias_id", sa.String, primary_key=True),
        sa.Column("report_id", sa.String, fk("reports.id"), nullable=False, index=True),
    )
    sa.Table(
        "report_urls", m,
        sa.Column("url", sa.String, primary_key=True),
        sa.Column("report_id", sa.String, fk("reports.id"), nullable=False, index=True),
        sa.Column("source", sa.String),
        sa.Column("title", sa.String),
        sa.Column("published", sa.String(10)),
        sa.Column("added_at", sa.DateTime, nullable=False),
    )
    sa.Table(
        "feeds", m,
        sa.Column("url", sa.String, primary_key=True),
        sa.Column("title", sa.String),
        sa.Column("etag", sa.String),
        sa.Column("last_modified", sa.String),
        sa.Column("last_polled", sa.DateTime),
        sa.Column("last_ok", sa.DateTime),
        sa.Column("failures", sa.Integer, nullable=False),
        sa.Column("last_error", sa.Text),
    )
    sa.Table(
        "feed_items", m,
        sa.Column("feed_url", sa.String, fk("feeds.url"), primary_key=True),
        sa.Column("key", sa.String, primary_key=True),
        sa.Column("link", sa.String),
        sa.Column("report_id", sa.String, index=True),
        sa.Column("status", sa.String, nullable=False),
        sa.Column("attempts", sa.Integer, nullable=False),
        sa.Column("last_error", sa.Text),
        sa.Column("first_seen", sa.DateTime, nullable=False),
        sa.Column("updated_at", sa.DateTime, nullable=False),
    )
    sa.Table(
        "incidents", m,
        sa.Column("id", sa.String, primary_key=True),
        sa.Column("country", sa.String, index=True),
        sa.Column("date_start", sa.Date, index=True),
        sa.Column("date_end", sa.Date),
        sa.Column("event_type", sa.String, nullable=False, index=True),
        sa.Column("historical", sa.Boolean, nullable=False),
        sa.Column("grade", sa.String, nullable=False, index=True),
        sa.Column("data", sa.JSON, nullable=False),
        sa.Index("ix_incidents_country_date", "country", "date_start", "date_end", "id"),
    )
    sa.Table(
        "incident_members", m,
        sa.Column("event_id", sa.String, primary_key=True),
        sa.Column("incident_id", sa.String, fk("incidents.id"), nullable=False, index=True),
        sa.Column("document_id", sa.String, nullable=False, index=True),
    )
    sa.Table(
        "review_log", m,
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("at", sa.DateTime, nullable=False),
        sa.Column("author", sa.String, nullable=False),
        sa.Column("reason", sa.Text, nullable=False),
        sa.Column("action", sa.String, nullable=False),
        sa.Column("target", sa.String, nullable=False, index=True),
        sa.Column("field", sa.String),
        sa.Column("before", sa.JSON),
        sa.Column("after", sa.JSON),
        sa.Column("anchor", sa.JSON, nullable=False),
        sa.Column("state", sa.String, nullable=False),
    )
    sa.Table(
        "api_tokens", m,
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("name", sa.String, nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False, unique=True),
        sa.Column("created_at", sa.DateTime, nullable=False),
    )
    return m


#: the tables and indexes of this revision
metadata = _metadata()


def upgrade() -> None:
    metadata.create_all(op.get_bind())


def downgrade() -> None:
    metadata.drop_all(op.get_bind())
