"""The store's tables, as SQLAlchemy 2 declarative models.

The schema itself is created and changed only by the Alembic migrations in
``dossier/store/migrations``; these models mirror it for queries and writes.
Spans are stored as ``*_start``/``*_end`` columns (Python ``str`` indices into
``documents.text``) plus ``*_pieces`` (JSON list of ``[start, end]``) when a span
is discontinuous.
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import (
    JSON,
    Boolean,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


def utcnow() -> datetime:
    return datetime.now(UTC)


class Base(DeclarativeBase):
    pass


class Blob(Base):
    """Raw bytes of a fetched page or file, addressed by their SHA-256."""

    __tablename__ = "blobs"

    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    size: Mapped[int] = mapped_column(Integer)  # size of the raw bytes before compression
    compression: Mapped[str] = mapped_column(String(16))  # "zlib" or "none"
    data: Mapped[bytes] = mapped_column(LargeBinary)
    created: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class Document(Base):
    __tablename__ = "documents"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    url: Mapped[str | None] = mapped_column(Text)
    canonical_url: Mapped[str | None] = mapped_column(Text)
    path: Mapped[str | None] = mapped_column(Text)
    # What identifies "the same document" across runs: canonical URL, else URL, else path.
    identity: Mapped[str | None] = mapped_column(Text, unique=True)
    site: Mapped[str | None] = mapped_column(Text)
    title: Mapped[str | None] = mapped_column(Text)
    author: Mapped[str | None] = mapped_column(Text)
    published: Mapped[str | None] = mapped_column(String(40))
    published_source: Mapped[str | None] = mapped_column(String(40))
    language: Mapped[str | None] = mapped_column(String(16))
    text: Mapped[str] = mapped_column(Text)
    chars: Mapped[int] = mapped_column(Integer)
    content_hash: Mapped[str] = mapped_column(String(64), index=True)
    minhash: Mapped[bytes | None] = mapped_column(LargeBinary)
    raw_sha256: Mapped[str | None] = mapped_column(ForeignKey("blobs.sha256"))
    near_duplicate_of: Mapped[int | None] = mapped_column(ForeignKey("documents.id", ondelete="SET NULL"))
    near_duplicate_score: Mapped[float | None]
    source: Mapped[str | None] = mapped_column(Text)  # the SOURCE argument it came from
    cited_source: Mapped[str | None] = mapped_column(String(200))
    analyzed: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    created: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    mentions: Mapped[list[Mention]] = relationship(cascade="all, delete-orphan", passive_deletes=True)
    attributions: Mapped[list[Attribution]] = relationship(cascade="all, delete-orphan", passive_deletes=True)
    events: Mapped[list[Event]] = relationship(cascade="all, delete-orphan", passive_deletes=True)
    stances: Mapped[list[Stance]] = relationship(cascade="all, delete-orphan", passive_deletes=True)


class MinhashBand(Base):
    """One LSH band of a document's MinHash signature: documents sharing a band are near-duplicate candidates."""

    __tablename__ = "minhash_bands"

    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True)
    band: Mapped[int] = mapped_column(Integer, primary_key=True)
    hash: Mapped[str] = mapped_column(String(32))

    __table_args__ = (Index("ix_minhash_bands_band_hash", "band", "hash"),)


class Failure(Base):
    __tablename__ = "failures"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    source: Mapped[str] = mapped_column(Text)
    stage: Mapped[str] = mapped_column(String(40))
    error_class: Mapped[str] = mapped_column(String(200))
    message: Mapped[str] = mapped_column(Text)
    created: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)  # first seen
    last_seen: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), default=utcnow)
    attempts: Mapped[int] = mapped_column(Integer, default=1)


class Actor(Base):
    """An actor as the store knows it, keyed by its stable slug ("dan-driscoll")."""

    __tablename__ = "actors"

    id: Mapped[str] = mapped_column(String(200), primary_key=True)
    type: Mapped[str] = mapped_column(String(8))
    name: Mapped[str] = mapped_column(Text)
    created: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class ActorAlias(Base):
    __tablename__ = "actor_aliases"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    actor_id: Mapped[str] = mapped_column(ForeignKey("actors.id", ondelete="CASCADE"))
    alias: Mapped[str] = mapped_column(Text)
    language: Mapped[str | None] = mapped_column(String(16))

    __table_args__ = (UniqueConstraint("actor_id", "alias", "language", name="uq_actor_aliases"),)


class ActorRole(Base):
    """A role an actor was seen with, and in which document (so its date is the document's)."""

    __tablename__ = "actor_roles"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    actor_id: Mapped[str] = mapped_column(ForeignKey("actors.id", ondelete="CASCADE"), index=True)
    role: Mapped[str] = mapped_column(Text)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"), index=True)


class Mention(Base):
    __tablename__ = "mentions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"), index=True)
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    type: Mapped[str] = mapped_column(String(8))
    text: Mapped[str] = mapped_column(Text)
    actor_id: Mapped[str | None] = mapped_column(String(200), index=True)


class Attribution(Base):
    __tablename__ = "attributions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"), index=True)
    key: Mapped[str] = mapped_column(String(40))  # the analysis' own id ("a1")
    kind: Mapped[str] = mapped_column(String(16))
    content_start: Mapped[int] = mapped_column(Integer)
    content_end: Mapped[int] = mapped_column(Integer)
    content_pieces: Mapped[list | None] = mapped_column(JSON)
    cue_start: Mapped[int | None] = mapped_column(Integer)
    cue_end: Mapped[int | None] = mapped_column(Integer)
    cue_pieces: Mapped[list | None] = mapped_column(JSON)
    source_start: Mapped[int | None] = mapped_column(Integer)
    source_end: Mapped[int | None] = mapped_column(Integer)
    source_pieces: Mapped[list | None] = mapped_column(JSON)
    speaker: Mapped[str | None] = mapped_column(String(200), index=True)
    anonymous: Mapped[bool] = mapped_column(Boolean, default=False)
    via: Mapped[str | None] = mapped_column(String(200))
    relay: Mapped[bool] = mapped_column(Boolean, default=False)


class Event(Base):
    __tablename__ = "events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"), index=True)
    type: Mapped[str] = mapped_column(String(40))
    trigger_start: Mapped[int] = mapped_column(Integer)
    trigger_end: Mapped[int] = mapped_column(Integer)
    trigger_pieces: Mapped[list | None] = mapped_column(JSON)
    date: Mapped[str | None] = mapped_column(String(20))
    place: Mapped[str | None] = mapped_column(String(200))

    participants: Mapped[list[EventParticipant]] = relationship(
        cascade="all, delete-orphan", passive_deletes=True, order_by="EventParticipant.position"
    )


class EventParticipant(Base):
    __tablename__ = "event_participants"

    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), primary_key=True)
    position: Mapped[int] = mapped_column(Integer, primary_key=True)
    actor_id: Mapped[str] = mapped_column(String(200), index=True)


class Stance(Base):
    __tablename__ = "stances"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"), index=True)
    actor_id: Mapped[str] = mapped_column(String(200), index=True)
    issue: Mapped[str] = mapped_column(String(200), index=True)
    point: Mapped[str | None] = mapped_column(String(200))
    polarity: Mapped[str] = mapped_column(String(16))
    hedged: Mapped[bool] = mapped_column(Boolean, default=False)
    evidence: Mapped[list] = mapped_column(JSON)  # [[start, end], ...]


# --- resolve stage (dossier/resolve/rebuild.py writes these; ``dossier resolve`` rebuilds them)


class ActorResolution(Base):
    """Which store actor a document-level actor (slug) is across documents and languages."""

    __tablename__ = "actor_resolution"

    actor_id: Mapped[str] = mapped_column(ForeignKey("actors.id", ondelete="CASCADE"), primary_key=True)
    canonical_id: Mapped[str] = mapped_column(String(200), index=True)
    method: Mapped[str] = mapped_column(String(16))  # self, alias, name, surname


class Statement(Base):
    """One thing said by one speaker; its reports are the attributions that carry it, origin first."""

    __tablename__ = "statements"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    speaker_id: Mapped[str] = mapped_column(String(200), index=True)  # canonical actor id
    first_document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"), index=True)
    first_published: Mapped[str | None] = mapped_column(String(40))
    kind: Mapped[str] = mapped_column(String(16))  # the origin report's kind
    reports: Mapped[int] = mapped_column(Integer)
    languages: Mapped[str] = mapped_column(String(64))  # "en,ru,uk"


class StatementReport(Base):
    __tablename__ = "statement_reports"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    statement_id: Mapped[int] = mapped_column(ForeignKey("statements.id", ondelete="CASCADE"), index=True)
    attribution_id: Mapped[int] = mapped_column(ForeignKey("attributions.id", ondelete="CASCADE"), unique=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"), index=True)
    language: Mapped[str | None] = mapped_column(String(16))
    published: Mapped[str | None] = mapped_column(String(40))
    position: Mapped[int] = mapped_column(Integer)  # 0 = the origin


class ResolveRun(Base):
    """One rebuild of the resolve tables: when, and what it found."""

    __tablename__ = "resolve_runs"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    # When the rebuild began reading: documents analysed after it are not in it yet.
    finished: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    actors: Mapped[int] = mapped_column(Integer)
    merged: Mapped[int] = mapped_column(Integer)  # actors mapped onto another actor
    statements: Mapped[int] = mapped_column(Integer)
    reports: Mapped[int] = mapped_column(Integer)
    seconds: Mapped[float]
    stories: Mapped[int | None] = mapped_column(Integer, default=0)


class Story(Base):
    """Documents, in any language, that report one story (``dossier.resolve.stories``)."""

    __tablename__ = "stories"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    label: Mapped[str] = mapped_column(Text)  # the earliest document's title, else its main actors
    first_document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"), index=True)
    first_published: Mapped[str | None] = mapped_column(String(40))
    last_published: Mapped[str | None] = mapped_column(String(40))
    documents: Mapped[int] = mapped_column(Integer)
    statements: Mapped[int] = mapped_column(Integer)
    languages: Mapped[str] = mapped_column(String(64))  # "en,ru,uk"


class StoryDocument(Base):
    """A document's place in its story (one story at most), and the link that joined it, with its reasons."""

    __tablename__ = "story_documents"

    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True)
    story_id: Mapped[int] = mapped_column(ForeignKey("stories.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)  # publication order; 0 = the first report
    language: Mapped[str | None] = mapped_column(String(16))
    published: Mapped[str | None] = mapped_column(String(40))
    # The document it joined the story through (None for the first report), the link's weight and evidence.
    linked_document_id: Mapped[int | None] = mapped_column(ForeignKey("documents.id", ondelete="SET NULL"))
    weight: Mapped[float | None]
    reasons: Mapped[list | None] = mapped_column(JSON)  # [{"kind", "weight", ...}]


class StoryActor(Base):
    """A story's main actors (canonical ids), most characteristic first."""

    __tablename__ = "story_actors"

    story_id: Mapped[int] = mapped_column(ForeignKey("stories.id", ondelete="CASCADE"), primary_key=True)
    actor_id: Mapped[str] = mapped_column(String(200), primary_key=True)
    rank: Mapped[int] = mapped_column(Integer)
    documents: Mapped[int] = mapped_column(Integer)  # how many of the story's documents name it

    __table_args__ = (Index("ix_story_actors_actor_id", "actor_id"),)
