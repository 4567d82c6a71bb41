"""``rebuild(store)``: resolve actors, statements and stories over a whole store, idempotently.

Reads every stored actor (with its aliases, the documents that mention it) and every attribution with
a speaker, and replaces, in one transaction, what the last rebuild wrote: ``actor_resolution`` (each
document-level actor -> its canonical actor), ``statements`` and ``statement_reports``, and, from
those, the story clusters (``stories``, ``story_documents``, ``story_actors``; see
``dossier.resolve.stories``). Run it after ingesting (``dossier resolve``); running it again over the
same store writes the same rows.
"""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import delete, func, insert, select
from sqlalchemy.orm import Session

from dossier.nlp.aliases import AliasTable, default_aliases
from dossier.resolve.crossdoc import ActorRecord, resolve_actors
from dossier.resolve.statements import Report, Statement, group_reports, ordinals
from dossier.resolve.stories import rebuild_stories
from dossier.store import models
from dossier.store.db import Store
from dossier.store.models import utcnow

CHUNK = 200  # documents read at a time


@dataclass
class RebuildReport:
    actors: int  # document-level actors in the store
    canonical: int  # actors after resolution
    merged: int  # actors mapped onto another one
    statements: int
    reports: int
    multi_report: int  # statements reported more than once
    cross_language: int  # statements reported in more than one language
    seconds: float
    stories: int = 0  # story clusters (two documents or more)

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


def load_actor_records(session: Session) -> list[ActorRecord]:
    records = {
        a.id: ActorRecord(a.id, a.type, a.name)
        for a in session.execute(select(models.Actor.id, models.Actor.type, models.Actor.name))
    }
    for actor_id, alias, language in session.execute(
        select(models.ActorAlias.actor_id, models.ActorAlias.alias, models.ActorAlias.language).order_by(
            models.ActorAlias.id
        )
    ):
        if actor_id in records:
            records[actor_id].names.append((alias, language))
    docs: dict[str, set[int]] = defaultdict(set)
    for actor_id, document_id, n in session.execute(
        select(models.Mention.actor_id, models.Mention.document_id, func.count())
        .where(models.Mention.actor_id.is_not(None))
        .group_by(models.Mention.actor_id, models.Mention.document_id)
    ):
        if actor_id in records:
            docs[actor_id].add(document_id)
            records[actor_id].mentions += n
    for actor_id, ds in docs.items():
        records[actor_id].documents = frozenset(ds)
    return list(records.values())


def _chunks(ids: list[int]) -> Iterator[list[int]]:
    for i in range(0, len(ids), CHUNK):
        yield ids[i : i + CHUNK]


def load_reports(session: Session, canonical: dict[str, str]) -> list[Report]:
    """Every attribution with a named speaker, as a Report keyed by database ids."""
    A, D, M = models.Attribution, models.Document, models.Mention
    spoken = (A.speaker.is_not(None)) & (A.anonymous.is_(False))
    doc_ids = list(session.scalars(select(A.document_id).where(spoken).distinct().order_by(A.document_id)))
    reports: list[Report] = []
    for chunk in _chunks(doc_ids):
        docs = {
            d.id: d
            for d in session.execute(select(D.id, D.language, D.published, D.created, D.text).where(D.id.in_(chunk)))
        }
        mentions: dict[int, list[tuple[int, str]]] = defaultdict(list)
        for document_id, start, actor_id in session.execute(
            select(M.document_id, M.start, M.actor_id).where(M.document_id.in_(chunk), M.actor_id.is_not(None))
        ):
            mentions[document_id].append((start, canonical.get(actor_id, actor_id)))
        atts: dict[int, list[Any]] = defaultdict(list)
        for row in session.execute(
            select(A.id, A.document_id, A.kind, A.content_start, A.content_end, A.content_pieces, A.speaker)
            .where(A.document_id.in_(chunk), spoken)
            .order_by(A.document_id, A.content_start, A.id)
        ):
            atts[row.document_id].append(row)
        for document_id in chunk:
            doc = docs[document_id]
            text = doc.text
            story = frozenset(a for _, a in mentions[document_id])
            speakers = {row.id: canonical.get(row.speaker, row.speaker) for row in atts[document_id]}
            turns = ordinals([(speakers[row.id], row.content_start) for row in atts[document_id]])
            for row in atts[document_id]:
                parts = (
                    [tuple(p) for p in row.content_pieces]
                    if row.content_pieces
                    else [(row.content_start, row.content_end)]
                )
                names = frozenset(a for start, a in mentions[document_id] if any(s <= start < e for s, e in parts))
                reports.append(
                    Report(
                        document=str(document_id),
                        language=doc.language or "und",
                        published=doc.published,
                        attribution=str(row.id),
                        speaker=speakers[row.id],
                        content=" ".join(text[s:e] for s, e in parts),
                        kind=row.kind,
                        names=names,
                        story=story,
                        position=row.content_start / max(1, len(text)),
                        ordinal=turns[(speakers[row.id], row.content_start)],
                        stored=doc.created.isoformat() if doc.created else "",
                        span=(row.content_start, row.content_end),
                    )
                )
    return reports


def _ensure_canonical_actors(session: Session, canonical_ids: set[str], aliases: AliasTable) -> None:
    """A canonical id from the alias table that no document used yet gets its actors row."""
    have = set(session.scalars(select(models.Actor.id)))
    known = {a.id: a for a in aliases.actors}
    for cid in sorted(canonical_ids - have):
        k = known.get(cid)
        if k is not None:
            session.add(models.Actor(id=cid, type=k.type, name=k.name))
    session.flush()


def _existing(session: Session, column: Any, ids: set[Any]) -> set[Any]:
    """Those of ``ids`` still in ``column``'s table."""
    found: set[Any] = set()
    ordered = sorted(ids)
    for i in range(0, len(ordered), 500):
        found.update(session.scalars(select(column).where(column.in_(ordered[i : i + 500]))))
    return found


def _write(session: Session, resolutions: dict, statements: list[Statement]) -> None:
    # What was read may have changed since (a document analysed again, an actor deleted): keep what still is.
    actors = _existing(session, models.Actor.id, set(resolutions))
    attributions = _existing(
        session, models.Attribution.id, {int(r.attribution) for st in statements for r in st.reports}
    )
    session.execute(delete(models.StatementReport))
    session.execute(delete(models.Statement))
    session.execute(delete(models.ActorResolution))
    rows = [
        {"actor_id": r.actor_id, "canonical_id": r.canonical_id, "method": r.method}
        for r in sorted(resolutions.values(), key=lambda r: r.actor_id)
        if r.actor_id in actors
    ]
    if rows:
        session.execute(insert(models.ActorResolution), rows)
    st_rows, rep_rows = [], []
    report_id = 0
    statements = [st for st in statements if any(int(r.attribution) in attributions for r in st.reports)]
    for i, st in enumerate(statements, 1):
        reports = sorted((r for r in st.reports if int(r.attribution) in attributions), key=Report.order_key)
        origin = reports[0]
        st_rows.append(
            {
                "id": i,
                "speaker_id": st.speaker,
                "first_document_id": int(origin.document),
                "first_published": origin.published,
                "kind": origin.kind,
                "reports": len(reports),
                "languages": ",".join(sorted({r.language for r in reports})),
            }
        )
        for position, r in enumerate(reports):
            report_id += 1
            rep_rows.append(
                {
                    "id": report_id,
                    "statement_id": i,
                    "attribution_id": int(r.attribution),
                    "document_id": int(r.document),
                    "language": r.language,
                    "published": r.published,
                    "position": position,
                }
            )
    # Explicit ids: the same store gives the same ids on every rebuild, on SQLite and PostgreSQL alike.
    for start in range(0, len(st_rows), 5000):
        session.execute(insert(models.Statement), st_rows[start : start + 5000])
    for start in range(0, len(rep_rows), 5000):
        session.execute(insert(models.StatementReport), rep_rows[start : start + 5000])


def rebuild(store: Store, *, aliases: AliasTable | None = None) -> RebuildReport:
    """Resolve actors, statements and stories over the whole store and replace the resolve tables."""
    started, as_of = time.perf_counter(), utcnow()
    aliases = aliases or default_aliases()
    with store.session() as session:
        records = load_actor_records(session)
        resolutions = resolve_actors(records, aliases)
        canonical = {k: r.canonical_id for k, r in resolutions.items()}
        reports = load_reports(session, canonical)
    statements = group_reports(reports)
    with store.session() as session, session.begin():
        _ensure_canonical_actors(session, set(canonical.values()), aliases)
        _write(session, resolutions, statements)
        stories = rebuild_stories(session, canonical)  # reads the statements just written, in this transaction
        report = RebuildReport(
            actors=len(records),
            canonical=len(set(canonical.values())),
            merged=sum(1 for k, v in canonical.items() if k != v),
            statements=len(statements),
            reports=len(reports),
            multi_report=sum(1 for st in statements if len(st.reports) > 1),
            cross_language=sum(1 for st in statements if len({r.language for r in st.reports}) > 1),
            seconds=0.0,
            stories=len(stories),
        )
        report.seconds = round(time.perf_counter() - started, 3)
        session.add(
            models.ResolveRun(
                finished=as_of,  # the time it reflects: documents analysed later are not in it
                actors=report.actors,
                merged=report.merged,
                statements=report.statements,
                reports=report.reports,
                seconds=report.seconds,
                stories=report.stories,
            )
        )
    return report


def is_stale(store: Store) -> bool:
    """Whether documents were analysed since the last rebuild began reading (or it never ran)."""
    with store.session() as session:
        last = session.scalar(select(func.max(models.ResolveRun.finished)))
        analysed = session.scalar(select(func.max(models.Document.analyzed)))
    if analysed is None:
        return False
    if last is None:
        return True
    return _utc(analysed) > _utc(last)


def _utc(when: datetime) -> datetime:
    # SQLite hands back the stored UTC times naive, PostgreSQL aware in the session's zone.
    return when.astimezone(UTC).replace(tzinfo=None) if when.tzinfo else when
