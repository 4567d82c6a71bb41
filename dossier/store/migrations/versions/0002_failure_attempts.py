"""Failures: one row per distinct problem, with how often and when it was last seen.

A feed polled every hour with one broken entry would otherwise add a row every hour.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-25
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("failures") as batch:
        batch.add_column(sa.Column("attempts", sa.Integer, nullable=False, server_default="1"))
        batch.add_column(sa.Column("last_seen", sa.DateTime(timezone=True)))
    op.execute("UPDATE failures SET last_seen = created")
    op.create_index("ix_failures_source", "failures", ["source"])


def downgrade() -> None:
    op.drop_index("ix_failures_source", "failures")
    with op.batch_alter_table("failures") as batch:
        batch.drop_column("last_seen")
        batch.drop_column("attempts")
