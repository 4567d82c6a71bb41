"""PostgreSQL: hash indexes for documents.url and canonical_url.

A btree entry is limited to about 2,700 bytes, and real URLs (tracking parameters, Google News
redirects) can be longer; a hash index has no such limit and serves the equality look-ups these get.
SQLite has no such limit and keeps its indexes.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-25
"""

from __future__ import annotations

from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for column in ("url", "canonical_url"):
        op.drop_index(f"ix_documents_{column}", "documents")
        op.create_index(f"ix_documents_{column}", "documents", [column], postgresql_using="hash")


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for column in ("url", "canonical_url"):
        op.drop_index(f"ix_documents_{column}", "documents")
        op.create_index(f"ix_documents_{column}", "documents", [column])
