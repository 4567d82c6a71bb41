"""PostgreSQL: a hash index for failures.source.

Failures are looked up by their source, and a btree entry takes at most about 2,700 bytes: recording
the failure of a long URL or path (incompressible, as a token in a URL is) stopped the whole ingest.
A hash index has no such limit and serves the equality look-up (as 0003 does for documents' URLs).

Revision ID: 0007_failures_source_hash
Revises: 0006_tsv_bytes
Create Date: 2026-11-25
"""

from __future__ import annotations

from alembic import op

revision = "0007_failures_source_hash"
down_revision = "0006_tsv_bytes"
branch_labels = None
depends_on = None


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.drop_index("ix_failures_source", "failures")
    op.create_index("ix_failures_source", "failures", ["source"], postgresql_using="hash")


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.drop_index("ix_failures_source", "failures")
    op.create_index("ix_failures_source", "failures", ["source"])
