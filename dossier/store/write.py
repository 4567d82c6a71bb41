"""Writing documents and their analysis (mentions, actors, attributions, events, stances)."""

from __future__ import annotations

import hashlib
from datetime import datetime
from typing import Any

from sqlalchemy import delete, insert, select
from sqlalchemy.orm import Session

from dossier import records
from dossier.store import models
from dossier.store.models import utcnow
from dossier.store.near import index_signature

MAX_ERROR_CHARS = 2000


def clean_text(value: str | None) -> str | None:
    """Text any backend accepts, same length so offsets still hold: NUL (PostgreSQL refuses it) and lone
    surrogates (not UTF-8 encodable) become U+FFFD."""
    if value is None:
        return None
    if "\x00" in value:
        value = value.replace("\x00", "\ufffd")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        value = "".join("\ufffd" if 0xD800 <= ord(c) <= 0xDFFF else c for c in value)
    return value


# Longer is not a title but a mis-mapped field (a dump's "title" holding the article): PostgreSQL's search
# index takes at most 1 MB a row, and a page shows the title whole. The raw bytes keep the original.
MAX_TITLE_CHARS = 1000


MAX_ALIAS_CHARS = 500  # aliases are unique per actor and language: PostgreSQL indexes about 2,700 bytes


def short_title(title: str | None, limit: int = MAX_TITLE_CHARS) -> str | None:
    """``title``, or for one over ``limit`` characters its start cut at a word, with "…"."""
    if title is None or len(title) <= limit:
        return title
    cut = title[: limit - 1]
    if " " in cut[limit // 2 :]:
        cut = cut[: cut.rindex(" ")]
    return cut.rstrip() + "…"


MAX_ID_CHARS = 200  # actor ids are String(200): PostgreSQL refuses longer ones


def actor_key(actor_id: str | None) -> str | None:
    """``actor_id`` as stored: one over MAX_ID_CHARS (a slug of a name that runs on) is cut and given a
    hash of the whole, so it stays one id, the same in every row, and apart from others that start alike."""
    if actor_id is None or len(actor_id) <= MAX_ID_CHARS:
        return actor_id
    digest = hashlib.blake2b(actor_id.encode("utf-8"), digest_size=8).hexdigest()
    return f"{actor_id[: MAX_ID_CHARS - len(digest) - 1].rstrip('-')}-{digest}"


def _span(span: records.Span | None) -> tuple[int | None, int | None, list[list[int]] | None]:
    if span is None:
        return None, None, None
    pieces = [list(p) for p in span.pieces] if len(span.pieces) > 1 else None
    return span.start, span.end, pieces


def document_fields(doc: records.Document) -> dict[str, Any]:
    """The columns of ``documents`` that come from the ``Document`` record itself."""
    text = clean_text(doc.text) or ""
    return {
        "url": clean_text(doc.url),
        "canonical_url": clean_text(doc.canonical_url),
        "path": clean_text(doc.path),
        "site": clean_text(doc.site),
        "title": short_title(clean_text(doc.title)),
        "author": clean_text(doc.author),
        "published": doc.published,
        "published_source": doc.published_source,
        "language": doc.language,
        "text": text,
        "chars": len(text),
    }


def clear_analysis(session: Session, document_id: int) -> None:
    """Remove what an earlier analysis stored for a document (before storing a new one)."""
    event_ids = select(models.Event.id).where(models.Event.document_id == document_id)
    session.execute(delete(models.EventParticipant).where(models.EventParticipant.event_id.in_(event_ids)))
    for table in (models.Event, models.Mention, models.Attribution, models.Stance, models.ActorRole):
        session.execute(delete(table).where(table.document_id == document_id))


def _ensure_actors(session: Session, analysis: records.Analysis, document_id: int) -> None:
    language = analysis.document.language
    k = actor_key
    known = {k(a.id): a for a in analysis.actors}
    # Every id the analysis refers to gets an actors row, even one a component named without describing it.
    referred: set[str] = set(known)
    referred.update(k(e.actor) for e in analysis.entities if e.actor)
    for a in analysis.attributions:
        referred.update(k(x) for x in (a.speaker, a.via) if x)
    for ev in analysis.events:
        referred.update(k(p) for p in ev.participants)
        if ev.place:
            referred.add(k(ev.place))
    referred.update(k(s.actor) for s in analysis.stances)
    if analysis.cited_source:
        referred.add(k(analysis.cited_source))
    if not referred:
        return
    existing = set(session.scalars(select(models.Actor.id).where(models.Actor.id.in_(referred))))
    for actor_id in sorted(referred - existing):
        actor = known.get(actor_id)
        session.add(
            models.Actor(
                id=actor_id,
                type=actor.type if actor else "MISC",
                name=clean_text(actor.name) if actor else actor_id,
            )
        )
    session.flush()
    for actor in analysis.actors:
        actor_id = k(actor.id)
        aliases = {short_title(clean_text(x), MAX_ALIAS_CHARS) for x in [actor.name, *actor.aliases] if x}
        have = set(
            session.scalars(
                select(models.ActorAlias.alias).where(
                    models.ActorAlias.actor_id == actor_id, models.ActorAlias.language == language
                )
            )
        )
        for alias in sorted(aliases - have):
            session.add(models.ActorAlias(actor_id=actor_id, alias=alias, language=language))
        for role in actor.roles:
            session.add(models.ActorRole(actor_id=actor_id, role=clean_text(role), document_id=document_id))


def store_analysis(session: Session, document_id: int, analysis: records.Analysis) -> None:
    """Store everything ``analyze`` found for a stored document, replacing any earlier analysis."""
    clear_analysis(session, document_id)
    _ensure_actors(session, analysis, document_id)
    text = analysis.document.text
    mentions = [
        {
            "document_id": document_id,
            "start": e.start,
            "end": e.end,
            "type": e.type,
            "text": clean_text(e.text or text[e.start : e.end]),
            "actor_id": actor_key(e.actor),
        }
        for e in analysis.entities
    ]
    if mentions:
        session.execute(insert(models.Mention), mentions)
    rows = []
    for a in analysis.attributions:
        c0, c1, cp = _span(a.content)
        q0, q1, qp = _span(a.cue)
        s0, s1, sp = _span(a.source)
        rows.append(
            {
                "document_id": document_id,
                "key": a.id,
                "kind": a.kind,
                "content_start": c0,
                "content_end": c1,
                "content_pieces": cp,
                "cue_start": q0,
                "cue_end": q1,
                "cue_pieces": qp,
                "source_start": s0,
                "source_end": s1,
                "source_pieces": sp,
                "speaker": actor_key(a.speaker),
                "anonymous": bool(a.anonymous),
                "via": actor_key(a.via),
                "relay": bool(a.relay),
            }
        )
    if rows:
        session.execute(insert(models.Attribution), rows)
    for ev in analysis.events:
        t0, t1, tp = _span(ev.trigger)
        event = models.Event(
            document_id=document_id,
            type=ev.type,
            trigger_start=t0,
            trigger_end=t1,
            trigger_pieces=tp,
            date=ev.date,
            place=actor_key(ev.place),
        )
        participants = dict.fromkeys(actor_key(p) for p in ev.participants)  # keep order, drop repeats
        event.participants = [models.EventParticipant(position=i, actor_id=a) for i, a in enumerate(participants)]
        session.add(event)
    for st in analysis.stances:
        session.add(
            models.Stance(
                document_id=document_id,
                actor_id=actor_key(st.actor),
                issue=st.issue,
                point=st.point,
                polarity=st.polarity,
                hedged=bool(st.hedged),
                evidence=[[s.start, s.end] for s in st.evidence],
            )
        )
    doc = session.get(models.Document, document_id)
    if doc is not None:
        doc.cited_source = actor_key(analysis.cited_source)
        doc.analyzed = utcnow()
    session.flush()


def insert_document(
    session: Session,
    doc: records.Document,
    *,
    identity: str,
    content_hash: str,
    minhash: bytes | None,
    raw_sha256: str | None,
    source: str | None,
    near_duplicate: tuple[int, float] | None = None,
) -> models.Document:
    now: datetime = utcnow()
    row = models.Document(
        **document_fields(doc),
        identity=identity,
        content_hash=content_hash,
        minhash=minhash,
        raw_sha256=raw_sha256,
        source=source,
        near_duplicate_of=near_duplicate[0] if near_duplicate else None,
        near_duplicate_score=near_duplicate[1] if near_duplicate else None,
        created=now,
        updated=now,
    )
    session.add(row)
    session.flush()
    index_signature(session, row.id, minhash)
    return row


def update_document(
    session: Session,
    row: models.Document,
    doc: records.Document,
    *,
    content_hash: str,
    minhash: bytes | None,
    raw_sha256: str | None,
    source: str | None,
) -> models.Document:
    """A document seen again at the same address with changed text: new text and metadata, same id."""
    for key, value in document_fields(doc).items():
        setattr(row, key, value)
    row.content_hash = content_hash
    row.minhash = minhash
    row.raw_sha256 = raw_sha256 or row.raw_sha256
    row.source = source or row.source
    row.analyzed = None
    row.updated = utcnow()
    session.flush()
    index_signature(session, row.id, minhash)
    return row


def record_failure(
    session: Session, source: str, stage: str, error_class: str, message: str, *, count_again: bool = True
) -> bool:
    """Store a failure; True when it is new. The same problem seen again only counts another attempt
    (``count_again=False``: not even that, for a re-load of the same output)."""
    source = clean_text(source) or ""
    error_class = error_class[:200]
    message = (clean_text(message) or "")[:MAX_ERROR_CHARS]
    same = session.scalars(
        select(models.Failure)
        .where(
            models.Failure.source == source,
            models.Failure.stage == stage,
            models.Failure.error_class == error_class,
            models.Failure.message == message,
        )
        .limit(1)
    ).first()
    if same is not None:
        if count_again:
            same.attempts += 1
            same.last_seen = utcnow()
        return False
    session.add(models.Failure(source=source, stage=stage, error_class=error_class, message=message))
    return True
