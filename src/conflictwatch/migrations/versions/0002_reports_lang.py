"""reports.lang: the report's language (ISO 639-1), nullable.

Stores made by ``create_all`` between git commits 832d4bd and the first migrations have the column
already (they are stamped 0001 like any store made before migrations): it is added only when absent.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-26
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | Sequence[str] | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    if "lang" in {c["name"] for c in sa.inspect(op.get_bind()).get_columns("reports")}:
        return
    with op.batch_alter_table("reports") as batch:
        batch.add_column(sa.Column("lang", sa.String(8), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("reports") as batch:
        batch.drop_column("lang")
