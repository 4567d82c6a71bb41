"""Stories: documents that report one story, their links with reasons, main actors; stories per rebuild run.

Revision ID: 0005_stories
Revises: 0004_resolve
Create Date: 2026-11-25
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005_stories"
down_revision = "0004_resolve"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "stories",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("label", sa.Text, nullable=False),
        sa.Column("first_document_id", sa.Integer, sa.ForeignKey("documents.id", ondelete="CASCADE"), nullable=False),
        sa.Column("first_published", sa.String(40)),
        sa.Column("last_published", sa.String(40)),
        sa.Column("documents", sa.Integer, nullable=False),
        sa.Column("statements", sa.Integer, nullable=False),
        sa.Column("languages", sa.String(64), nullable=False),
    )
    op.create_index("ix_stories_first_document_id", "stories", ["first_document_id"])
    op.create_table(
        "story_documents",
        sa.Column("document_id", sa.Integer, sa.ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("story_id", sa.Integer, sa.ForeignKey("stories.id", ondelete="CASCADE"), nullable=False),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("language", sa.String(16)),
        sa.Column("published", sa.String(40)),
        sa.Column("linked_document_id", sa.Integer, sa.ForeignKey("documents.id", ondelete="SET NULL")),
        sa.Column("weight", sa.Float),
        sa.Column("reasons", sa.JSON),
    )
    op.create_index("ix_story_documents_story_id", "story_documents", ["story_id"])
    op.create_table(
        "story_actors",
        sa.Column("story_id", sa.Integer, sa.ForeignKey("stories.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("actor_id", sa.String(200), primary_key=True),
        sa.Column("rank", sa.Integer, nullable=False),
        sa.Column("documents", sa.Integer, nullable=False),
    )
    op.create_index("ix_story_actors_actor_id", "story_actors", ["actor_id"])
    with op.batch_alter_table("resolve_runs") as batch:
        batch.add_column(sa.Column("stories", sa.Integer, server_default="0"))


def downgrade() -> None:
    with op.batch_alter_table("resolve_runs") as batch:
        batch.drop_column("stories")
    op.drop_table("story_actors")
    op.drop_table("story_documents")
    op.drop_table("stories")
