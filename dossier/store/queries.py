"""Read-side queries: document listings and what the store holds."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from sqlalchemy import func, select

from dossier.store import models
from dossier.store.db import Store

LISTING_COLUMNS = (
    models.Document.id,
    models.Document.url,
    models.Document.path,
    models.Document.title,
    models.Document.author,
    models.Document.published,
    models.Document.language,
    models.Document.chars,
    models.Document.site,
    models.Document.near_duplicate_of,
)


def list_documents(store: Store, *, language: str | None = None) -> Iterator[dict[str, Any]]:
    """Every stored document's metadata (no text), oldest first, streamed."""
    stmt = select(*LISTING_COLUMNS).order_by(models.Document.id)
    if language:
        stmt = stmt.where(models.Document.language == language)
    with store.engine.connect() as conn:
        for row in conn.execution_options(yield_per=500).execute(stmt):
            yield dict(row._mapping)


def stats(store: Store) -> dict[str, Any]:
    """Counts of what is stored: documents (and per language), entities, actors, attributions, events..."""
    with store.session() as s:
        by_language = dict(
            s.execute(
                select(models.Document.language, func.count())
                .group_by(models.Document.language)
                .order_by(func.count().desc())
            ).all()
        )

        def count(model: Any) -> int:
            return s.scalar(select(func.count()).select_from(model)) or 0

        return {
            "documents": count(models.Document),
            "languages": {str(k): v for k, v in by_language.items()},
            "near_duplicates": s.scalar(
                select(func.count()).select_from(models.Document).where(models.Document.near_duplicate_of.is_not(None))
            )
            or 0,
            "entities": count(models.Mention),
            "actors": count(models.Actor),
            "attributions": count(models.Attribution),
            "events": count(models.Event),
            "stances": count(models.Stance),
            "failures": count(models.Failure),
        }


def failures(store: Store, limit: int = 100) -> list[dict[str, Any]]:
    with store.session() as s:
        rows = s.execute(
            select(models.Failure).order_by(models.Failure.last_seen.desc(), models.Failure.id.desc()).limit(limit)
        ).scalars()
        return [
            {
                "source": f.source,
                "stage": f.stage,
                "error_class": f.error_class,
                "message": f.message,
                "time": f.last_seen or f.created,
                "attempts": f.attempts,
            }
            for f in rows
        ]


def attributions(
    store: Store, *, document_ids: list[int] | None = None, limit: int | None = None
) -> list[dict[str, Any]]:
    """Who said what: attributions with their document, speaker (name when known), cue and content text."""
    a, d = models.Attribution, models.Document
    stmt = (
        select(
            a.document_id,
            d.language,
            a.kind,
            a.speaker,
            models.Actor.name.label("speaker_name"),
            a.anonymous,
            a.via,
            func.substr(d.text, a.cue_start + 1, a.cue_end - a.cue_start).label("cue"),
            func.substr(d.text, a.content_start + 1, a.content_end - a.content_start).label("content"),
        )
        .join(d, d.id == a.document_id)
        .outerjoin(models.Actor, models.Actor.id == a.speaker)
        .order_by(a.document_id, a.content_start)
    )
    if document_ids is not None:
        stmt = stmt.where(a.document_id.in_(document_ids))
    if limit is not None:
        stmt = stmt.limit(limit)
    with store.engine.connect() as conn:
        return [dict(row._mapping) for row in conn.execute(stmt)]
