"""PostgreSQL's search column indexes at most 260,000 characters of a text (was 400,000).

A tsvector holds at most 1 MB of words; 400,000 characters of distinct words in a script of three UTF-8
bytes a character (Chinese, Georgian, Armenian) are 1.2 MB, and such a document could not be stored.
260,000 characters are at most 1,040,000 bytes, with room for a title (at most 1,000 characters).

Revision ID: 0006_tsv_bytes
Revises: 0005_stories
Create Date: 2026-11-25
"""

from __future__ import annotations

from alembic import op

revision = "0006_tsv_bytes"
down_revision = "0005_stories"
branch_labels = None
depends_on = None


def _tsv(chars: int) -> None:
    op.execute("DROP INDEX IF EXISTS ix_documents_tsv")
    op.execute("ALTER TABLE documents DROP COLUMN tsv")
    op.execute(
        "ALTER TABLE documents ADD COLUMN tsv tsvector GENERATED ALWAYS AS ("
        "setweight(to_tsvector('simple'::regconfig, coalesce(title, '')), 'A') || "
        f"setweight(to_tsvector('simple'::regconfig, left(text, {chars})), 'B')) STORED"
    )
    op.execute("CREATE INDEX ix_documents_tsv ON documents USING gin (tsv)")


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        _tsv(260_000)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        _tsv(400_000)
