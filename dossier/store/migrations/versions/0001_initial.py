"""Initial schema: documents, raw blobs, failures, actors, mentions, attributions, events, stances, search index.

Revision ID: 0001
Revises:
Create Date: 2026-11-25
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

TS = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "blobs",
        sa.Column("sha256", sa.String(64), primary_key=True),
        sa.Column("size", sa.Integer, nullable=False),
        sa.Column("compression", sa.String(16), nullable=False),
        sa.Column("data", sa.LargeBinary, nullable=False),
        sa.Column("created", TS, nullable=False),
    )
    op.create_table(
        "documents",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("url", sa.Text),
        sa.Column("canonical_url", sa.Text),
        sa.Column("path", sa.Text),
        sa.Column("identity", sa.Text, unique=True),
        sa.Column("site", sa.Text),
        sa.Column("title", sa.Text),
        sa.Column("author", sa.Text),
        sa.Column("published", sa.String(40)),
        sa.Column("published_source", sa.String(40)),
        sa.Column("language", sa.String(16)),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("chars", sa.Integer, nullable=False),
        sa.Column("content_hash", sa.String(64), nullable=False),
        sa.Column("minhash", sa.LargeBinary),
        sa.Column("raw_sha256", sa.String(64), sa.ForeignKey("blobs.sha256")),
        sa.Column("near_duplicate_of", sa.Integer, sa.ForeignKey("documents.id", ondelete="SET NULL")),
        sa.Column("near_duplicate_score", sa.Float),
        sa.Column("source", sa.Text),
        sa.Column("cited_source", sa.String(200)),
        sa.Column("analyzed", TS),
        sa.Column("created", TS, nullable=False),
        sa.Column("updated", TS, nullable=False),
    )
    op.create_index("ix_documents_content_hash", "documents", ["content_hash"])
    op.create_index("ix_documents_canonical_url", "documents", ["canonical_url"])
    op.create_index("ix_documents_url", "documents", ["url"])
    op.create_index("ix_documents_language_published", "documents", ["language", "published"])
    op.create_table(
        "minhash_bands",
        sa.Column("document_id", sa.Integer, sa.ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("band", sa.Integer, primary_key=True),
        sa.Column("hash", sa.String(32), nullable=False),
    )
    op.create_index("ix_minhash_bands_band_hash", "minhash_bands", ["band", "hash"])
    op.create_table(
        "failures",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("source", sa.Text, nullable=False),
        sa.Column("stage", sa.String(40), nullable=False),
        sa.Column("error_class", sa.String(200), nullable=False),
        sa.Column("message", sa.Text, nullable=False),
        sa.Column("created", TS, nullable=False),
    )
    op.create_table(
        "actors",
        sa.Column("id", sa.String(200), primary_key=True),
        sa.Column("type", sa.String(8), nullable=False),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("created", TS, nullable=False),
    )
    op.create_table(
        "actor_aliases",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("actor_id", sa.String(200), sa.ForeignKey("actors.id", ondelete="CASCADE"), nullable=False),
        sa.Column("alias", sa.Text, nullable=False),
        sa.Column("language", sa.String(16)),
        sa.UniqueConstraint("actor_id", "alias", "language", name="uq_actor_aliases"),
    )
    op.create_table(
        "actor_roles",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("actor_id", sa.String(200), sa.ForeignKey("actors.id", ondelete="CASCADE"), nullable=False),
        sa.Column("role", sa.Text, nullable=False),
        sa.Column("document_id", sa.Integer, sa.ForeignKey("documents.id", ondelete="CASCADE"), nullable=False),
    )
    op.create_index("ix_actor_roles_actor_id", "actor_roles", ["actor_id"])
    op.create_index("ix_actor_roles_document_id", "actor_roles", ["document_id"])
    op.create_table(
        "mentions",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("document_id", sa.Integer, sa.ForeignKey("documents.id", ondelete="CASCADE"), nullable=False),
        sa.Column("start", sa.Integer, nullable=False),
        sa.Column("end", sa.Integer, nullable=False),
        sa.Column("type", sa.String(8), nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("actor_id", sa.String(200)),
    )
    op.create_index("ix_mentions_document_id", "mentions", ["document_id"])
    op.create_index("ix_mentions_actor_id", "mentions", ["actor_id"])
    op.create_table(
        "attributions",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("document_id", sa.Integer, sa.ForeignKey("documents.id", ondelete="CASCADE"), nullable=False),
        sa.Column("key", sa.String(40), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("content_start", sa.Integer, nullable=False),
        sa.Column("content_end", sa.Integer, nullable=False),
        sa.Column("content_pieces", sa.JSON),
        sa.Column("cue_start", sa.Integer),
        sa.Column("cue_end", sa.Integer),
        sa.Column("cue_pieces", sa.JSON),
        sa.Column("source_start", sa.Integer),
        sa.Column("source_end", sa.Integer),
        sa.Column("source_pieces", sa.JSON),
        sa.Column("speaker", sa.String(200)),
        sa.Column("anonymous", sa.Boolean, nullable=False),
        sa.Column("via", sa.String(200)),
        sa.Column("relay", sa.Boolean, nullable=False),
    )
    op.create_index("ix_attributions_document_id", "attributions", ["document_id"])
    op.create_index("ix_attributions_speaker", "attributions", ["speaker"])
    op.create_table(
        "events",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("document_id", sa.Integer, sa.ForeignKey("documents.id", ondelete="CASCADE"), nullable=False),
        sa.Column("type", sa.String(40), nullable=False),
        sa.Column("trigger_start", sa.Integer, nullable=False),
        sa.Column("trigger_end", sa.Integer, nullable=False),
        sa.Column("trigger_pieces", sa.JSON),
        sa.Column("date", sa.String(20)),
        sa.Column("place", sa.String(200)),
    )
    op.create_index("ix_events_document_id", "events", ["document_id"])
    op.create_table(
        "event_participants",
        sa.Column("event_id", sa.Integer, sa.ForeignKey("events.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("position", sa.Integer, primary_key=True),
        sa.Column("actor_id", sa.String(200), nullable=False),
    )
    op.create_index("ix_event_participants_actor_id", "event_participants", ["actor_id"])
    op.create_table(
        "stances",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("document_id", sa.Integer, sa.ForeignKey("documents.id", ondelete="CASCADE"), nullable=False),
        sa.Column("actor_id", sa.String(200), nullable=False),
        sa.Column("issue", sa.String(200), nullable=False),
        sa.Column("point", sa.String(200)),
        sa.Column("polarity", sa.String(16), nullable=False),
        sa.Column("hedged", sa.Boolean, nullable=False),
        sa.Column("evidence", sa.JSON, nullable=False),
    )
    op.create_index("ix_stances_document_id", "stances", ["document_id"])
    op.create_index("ix_stances_actor_id", "stances", ["actor_id"])
    op.create_index("ix_stances_issue", "stances", ["issue"])
    _create_search_index()


def _create_search_index() -> None:
    if op.get_bind().dialect.name == "sqlite":
        # External-content FTS5 table kept in step with `documents` by triggers (no second copy of the text).
        op.execute(
            "CREATE VIRTUAL TABLE documents_fts USING fts5("
            "title, text, content='documents', content_rowid='id', tokenize='unicode61 remove_diacritics 2')"
        )
        op.execute(
            "CREATE TRIGGER documents_fts_ai AFTER INSERT ON documents BEGIN "
            "INSERT INTO documents_fts(rowid, title, text) VALUES (new.id, coalesce(new.title, ''), new.text); END"
        )
        op.execute(
            "CREATE TRIGGER documents_fts_ad AFTER DELETE ON documents BEGIN "
            "INSERT INTO documents_fts(documents_fts, rowid, title, text) "
            "VALUES ('delete', old.id, coalesce(old.title, ''), old.text); END"
        )
        op.execute(
            "CREATE TRIGGER documents_fts_au AFTER UPDATE OF title, text ON documents BEGIN "
            "INSERT INTO documents_fts(documents_fts, rowid, title, text) "
            "VALUES ('delete', old.id, coalesce(old.title, ''), old.text); "
            "INSERT INTO documents_fts(rowid, title, text) VALUES (new.id, coalesce(new.title, ''), new.text); END"
        )
    else:
        # 'simple' (no stemming) because one index serves uk, ru and en alike; the text is cut to stay
        # under PostgreSQL's 1 MB tsvector limit.
        op.execute(
            "ALTER TABLE documents ADD COLUMN tsv tsvector GENERATED ALWAYS AS ("
            "setweight(to_tsvector('simple'::regconfig, coalesce(title, '')), 'A') || "
            "setweight(to_tsvector('simple'::regconfig, left(text, 400000)), 'B')) STORED"
        )
        op.execute("CREATE INDEX ix_documents_tsv ON documents USING gin (tsv)")


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TABLE IF EXISTS documents_fts")
    for table in (
        "stances",
        "event_participants",
        "events",
        "attributions",
        "mentions",
        "actor_roles",
        "actor_aliases",
        "actors",
        "failures",
        "minhash_bands",
        "documents",
        "blobs",
    ):
        op.drop_table(table)
