"""Resolve stage: actors across documents (actor_resolution), statements and their reports, rebuild runs.

Revision ID: 0004_resolve
Revises: 0003
Create Date: 2026-11-25
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004_resolve"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "actor_resolution",
        sa.Column("actor_id", sa.String(200), sa.ForeignKey("actors.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("canonical_id", sa.String(200), nullable=False),
        sa.Column("method", sa.String(16), nullable=False),
    )
    op.create_index("ix_actor_resolution_canonical_id", "actor_resolution", ["canonical_id"])
    op.create_table(
        "statements",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("speaker_id", sa.String(200), nullable=False),
        sa.Column("first_document_id", sa.Integer, sa.ForeignKey("documents.id", ondelete="CASCADE"), nullable=False),
        sa.Column("first_published", sa.String(40)),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("reports", sa.Integer, nullable=False),
        sa.Column("languages", sa.String(64), nullable=False),
    )
    op.create_index("ix_statements_speaker_id", "statements", ["speaker_id"])
    op.create_index("ix_statements_first_document_id", "statements", ["first_document_id"])
    op.create_table(
        "statement_reports",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("statement_id", sa.Integer, sa.ForeignKey("statements.id", ondelete="CASCADE"), nullable=False),
        sa.Column(
            "attribution_id",
            sa.Integer,
            sa.ForeignKey("attributions.id", ondelete="CASCADE"),
            nullable=False,
            unique=True,
        ),
        sa.Column("document_id", sa.Integer, sa.ForeignKey("documents.id", ondelete="CASCADE"), nullable=False),
        sa.Column("language", sa.String(16)),
        sa.Column("published", sa.String(40)),
        sa.Column("position", sa.Integer, nullable=False),
    )
    op.create_index("ix_statement_reports_statement_id", "statement_reports", ["statement_id"])
    op.create_index("ix_statement_reports_document_id", "statement_reports", ["document_id"])
    op.create_table(
        "resolve_runs",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("finished", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actors", sa.Integer, nullable=False),
        sa.Column("merged", sa.Integer, nullable=False),
        sa.Column("statements", sa.Integer, nullable=False),
        sa.Column("reports", sa.Integer, nullable=False),
        sa.Column("seconds", sa.Float, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("resolve_runs")
    op.drop_table("statement_reports")
    op.drop_table("statements")
    op.drop_table("actor_resolution")
