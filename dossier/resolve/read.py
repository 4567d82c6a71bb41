"""Reading what ``rebuild`` stored: statements with their reports, actors with all their names.

Plain dicts, ready for JSON (the web API, ``dossier statements --json``).
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from dossier.resolve.crossdoc import script_of
from dossier.store import models
from dossier.store.db import Store


def canonical_id(session: Session, actor_id: str) -> str:
    """The canonical actor of any actor id (itself when unresolved or already canonical)."""
    found = session.scalar(
        select(models.ActorResolution.canonical_id).where(models.ActorResolution.actor_id == actor_id)
    )
    return found or actor_id


def member_ids(session: Session, canonical: str) -> list[str]:
    """Every document-level actor id that resolves to ``canonical`` (itself included)."""
    ids = set(
        session.scalars(select(models.ActorResolution.actor_id).where(models.ActorResolution.canonical_id == canonical))
    )
    return sorted(ids | {canonical})


def actors_named(store: Store, query: str) -> list[str]:
    """Canonical ids of the actors a name or surname stands for, in any script: an alias whose slug is the
    query's ("Volodymyr Zelenskyi"), or ends with it ("zelenskyi", "Зеленський")."""
    from dossier.nlp.translit import slugify

    wanted = {slugify(query), *(slugify(query, lang) for lang in ("uk", "ru"))} - {""}
    if not wanted:
        return []
    found: set[str] = set()
    with store.session() as session:
        for actor_id, alias, language in session.execute(
            select(models.ActorAlias.actor_id, models.ActorAlias.alias, models.ActorAlias.language)
        ):
            slug = slugify(alias, language)
            if any(slug == w or slug.endswith("-" + w) for w in wanted):
                found.add(actor_id)
        return sorted({canonical_id(session, actor_id) for actor_id in found})


def resolved_actor(store: Store, actor_id: str) -> dict[str, Any] | None:
    """One actor across the store: canonical id, name, type, the document-level ids it joins, and
    every name it was seen with (alias, language, script), with how many documents mention it."""
    with store.session() as session:
        cid = canonical_id(session, actor_id)
        actor = session.get(models.Actor, cid)
        if actor is None:
            return None
        members = member_ids(session, cid)
        rows = session.execute(
            select(models.ActorAlias.alias, models.ActorAlias.language)
            .where(models.ActorAlias.actor_id.in_(members))
            .order_by(models.ActorAlias.language, models.ActorAlias.alias)
        ).all()
        documents = session.scalar(
            select(func.count(func.distinct(models.Mention.document_id))).where(models.Mention.actor_id.in_(members))
        )
        methods = dict(
            session.execute(
                select(models.ActorResolution.actor_id, models.ActorResolution.method).where(
                    models.ActorResolution.actor_id.in_(members)
                )
            ).all()
        )
    seen: set[tuple[str, str | None]] = set()
    aliases = []
    for alias, language in rows:
        if (alias, language) not in seen:
            seen.add((alias, language))
            aliases.append({"alias": alias, "language": language, "script": script_of(alias)})
    return {
        "id": cid,
        "name": actor.name,
        "type": actor.type,
        "members": [{"id": m, "method": methods.get(m, "self")} for m in members],
        "aliases": aliases,
        "documents": documents or 0,
    }


def _content(text: str | None, start: int, pieces: list | None) -> str:
    if text is None:
        return ""
    if not pieces:
        return text
    return " ".join(text[s - start : e - start] for s, e in pieces)


def _speaker(actor_id: str, known: dict[str, tuple[str | None, str | None]]) -> dict[str, str | None]:
    name, atype = known.get(actor_id, (None, None))
    return {"id": actor_id, "name": name, "type": atype}


def read_statements(
    store: Store,
    *,
    speaker: str | None = None,
    document_id: int | None = None,
    limit: int | None = None,
    offset: int = 0,
) -> list[dict[str, Any]]:
    """See ``dossier.resolve.statements.statements_for``."""
    S, R, A, D = models.Statement, models.StatementReport, models.Attribution, models.Document
    with store.session() as session:
        stmt = select(S).order_by(S.first_published.is_(None), S.first_published, S.id)
        if speaker:
            stmt = stmt.where(S.speaker_id == canonical_id(session, speaker))
        if document_id is not None:
            stmt = stmt.where(S.id.in_(select(R.statement_id).where(R.document_id == document_id)))
        if offset:
            stmt = stmt.offset(offset)
        if limit is not None:
            stmt = stmt.limit(limit)
        statements = list(session.scalars(stmt))
        if not statements:
            return []
        ids = [st.id for st in statements]
        speakers: dict[str, tuple[str | None, str | None]] = {
            aid: (name, atype)
            for aid, name, atype in session.execute(
                select(models.Actor.id, models.Actor.name, models.Actor.type).where(
                    models.Actor.id.in_({st.speaker_id for st in statements})
                )
            )
        }
        reports: dict[int, list[dict[str, Any]]] = defaultdict(list)
        rows = session.execute(
            select(
                R.statement_id,
                R.position,
                R.language,
                R.published,
                R.document_id,
                R.attribution_id,
                A.key,
                A.kind,
                A.content_start,
                A.content_end,
                A.content_pieces,
                A.cue_start,
                A.cue_end,
                A.speaker,
                D.title,
                D.url,
                D.path,
                func.substr(D.text, A.content_start + 1, A.content_end - A.content_start).label("content"),
                func.substr(D.text, A.cue_start + 1, A.cue_end - A.cue_start).label("cue"),
            )
            .join(A, A.id == R.attribution_id)
            .join(D, D.id == R.document_id)
            .where(R.statement_id.in_(ids))
            .order_by(R.statement_id, R.position)
        )
        for r in rows:
            reports[r.statement_id].append(
                {
                    "position": r.position,
                    "origin": r.position == 0,
                    "language": r.language,
                    "published": r.published,
                    "document": {
                        "id": r.document_id,
                        "title": r.title,
                        "url": r.url,
                        "path": r.path,
                        "published": r.published,
                    },
                    "attribution_id": r.attribution_id,
                    "attribution_key": r.key,  # the analysis' own id, as in the document's attributions
                    "speaker_as_written": r.speaker,
                    "kind": r.kind,
                    "content": {
                        "start": r.content_start,
                        "end": r.content_end,
                        "text": _content(r.content, r.content_start, r.content_pieces),
                    },
                    "cue": r.cue if r.cue_start is not None else None,
                }
            )
    return [
        {
            "id": st.id,
            "speaker": _speaker(st.speaker_id, speakers),
            "kind": st.kind,
            "first_published": st.first_published,
            "first_document_id": st.first_document_id,
            "languages": st.languages.split(",") if st.languages else [],
            "reports": reports[st.id],
        }
        for st in statements
    ]
