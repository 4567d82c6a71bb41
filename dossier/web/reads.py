"""What the pages and the JSON API show, read from the store as plain dicts.

Every function takes an open ``Store`` and returns JSON-ready data; the HTML pages and
the API render the same dicts, so what a page shows is what the API returns.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import defer

from dossier.resolve.stories import list_stories, story_of
from dossier.resolve.stories import story as read_story
from dossier.store import models
from dossier.store.db import Store
from dossier.store.export import span_json
from dossier.store.queries import stats


def _doc_meta(d: models.Document) -> dict[str, Any]:
    return {
        "id": d.id,
        "url": d.url,
        "path": d.path,
        "site": d.site,
        "title": d.title,
        "author": d.author,
        "published": d.published,
        "language": d.language,
        "chars": d.chars,
        "cited_source": d.cited_source,
        "near_duplicate_of": d.near_duplicate_of,
    }


def _actor_names(session: Any, ids: set[str]) -> dict[str, dict[str, str]]:
    if not ids:
        return {}
    rows = session.execute(select(models.Actor).where(models.Actor.id.in_(ids))).scalars()
    return {a.id: {"id": a.id, "name": a.name, "type": a.type} for a in rows}


def overview(store: Store, limit: int = 50) -> dict[str, Any]:
    """Counts, the latest stories and documents, and the most quoted speakers."""
    with store.session() as s:
        speakers = s.execute(
            select(models.Attribution.speaker, func.count())
            .where(models.Attribution.speaker.is_not(None))
            .group_by(models.Attribution.speaker)
            .order_by(func.count().desc())
            .limit(20)
        ).all()
        names = _actor_names(s, {sp for sp, _ in speakers})
        return {
            "stats": stats(store),
            "stories": list_stories(store, limit=10) if limit else [],
            "documents": documents(store, limit=limit),
            "speakers": [
                {**names.get(sp, {"id": sp, "name": sp, "type": "?"}), "attributions": n} for sp, n in speakers
            ],
        }


def documents(store: Store, limit: int = 50, offset: int = 0, language: str | None = None) -> list[dict[str, Any]]:
    """Stored documents' metadata, the latest stored first; ``offset`` pages through all of them."""
    query = select(models.Document).options(defer(models.Document.text))
    if language:
        query = query.where(models.Document.language == language)
    with store.session() as s:
        rows = s.execute(query.order_by(models.Document.id.desc()).limit(limit).offset(offset)).scalars()
        return [_doc_meta(d) for d in rows]


def _statements_of(session: Any, document_id: int) -> dict[int, dict[str, Any]]:
    """For each attribution of the document that reports a statement: the statement, how many reports
    it has, and its origin (the earliest report), so a page can say who reported it first."""
    rows = session.execute(
        select(models.StatementReport.attribution_id, models.Statement)
        .join(models.Statement, models.Statement.id == models.StatementReport.statement_id)
        .where(models.StatementReport.document_id == document_id)
    ).all()
    origins = {
        doc.id: _doc_meta(doc)
        for doc in session.execute(
            select(models.Document).where(models.Document.id.in_({st.first_document_id for _, st in rows}))
        ).scalars()
    }
    return {
        attribution_id: {
            "id": st.id,
            "reports": st.reports,
            "languages": st.languages.split(",") if st.languages else [],
            "first_published": st.first_published,
            "origin": origins.get(st.first_document_id),
        }
        for attribution_id, st in rows
    }


def document(store: Store, document_id: int) -> dict[str, Any] | None:
    """One document with every stored span: entities, attributions, events, stances."""
    with store.session() as s:
        d = s.get(models.Document, document_id)
        if d is None:
            return None
        text = d.text
        mentions = s.execute(
            select(models.Mention).where(models.Mention.document_id == d.id).order_by(models.Mention.start)
        ).scalars()
        entities = [
            {"start": m.start, "end": m.end, "text": text[m.start : m.end], "type": m.type, "actor": m.actor_id}
            for m in mentions
        ]
        statements = _statements_of(s, d.id)
        attributions = []
        for a in s.execute(
            select(models.Attribution).where(models.Attribution.document_id == d.id).order_by(models.Attribution.id)
        ).scalars():
            attributions.append(
                {
                    "statement": statements.get(a.id),
                    "id": a.key,
                    "kind": a.kind,
                    "content": span_json(text, a.content_start, a.content_end, a.content_pieces),
                    "cue": span_json(text, a.cue_start, a.cue_end, a.cue_pieces),
                    "source": span_json(text, a.source_start, a.source_end, a.source_pieces),
                    "speaker": a.speaker,
                    "anonymous": a.anonymous,
                    "via": a.via,
                    "relay": a.relay,
                }
            )
        events = []
        for e in s.execute(select(models.Event).where(models.Event.document_id == d.id)).scalars():
            events.append(
                {
                    "type": e.type,
                    "trigger": span_json(text, e.trigger_start, e.trigger_end, e.trigger_pieces),
                    "date": e.date,
                    "place": e.place,
                    "participants": [p.actor_id for p in e.participants],
                }
            )
        stances = [
            {
                "actor": st.actor_id,
                "issue": st.issue,
                "point": st.point,
                "polarity": st.polarity,
                "hedged": st.hedged,
                "evidence": [span_json(text, a, b, None) for a, b in st.evidence],
            }
            for st in s.execute(select(models.Stance).where(models.Stance.document_id == d.id)).scalars()
        ]
        ids = {e["actor"] for e in entities if e["actor"]}
        ids |= {a[k] for a in attributions for k in ("speaker", "via") if a[k]}
        ids |= {p for e in events for p in [*e["participants"], e["place"]] if p}
        ids |= {st["actor"] for st in stances}
        if d.cited_source:
            ids.add(d.cited_source)
        return {
            "document": {**_doc_meta(d), "text": text},
            "story": story_of(s, d.id),
            "entities": entities,
            "attributions": attributions,
            "events": events,
            "stances": stances,
            "actors": _actor_names(s, ids),
        }


def actor(store: Store, actor_id: str, limit: int = 200) -> dict[str, Any] | None:
    """An actor across the store (every document-level id resolved to it): names seen in each language,
    roles, statements with every report of them, events, stances, documents."""
    from dossier.resolve.read import canonical_id, member_ids, resolved_actor
    from dossier.resolve.statements import statements_for

    resolved = resolved_actor(store, actor_id)
    if resolved is None:
        return None
    with store.session() as s:
        members = member_ids(s, canonical_id(s, actor_id))
        roles = s.execute(
            select(models.ActorRole.role, func.count())
            .where(models.ActorRole.actor_id.in_(members))
            .group_by(models.ActorRole.role)
        ).all()
        relayed = []
        for att, doc in s.execute(
            select(models.Attribution, models.Document)
            .join(models.Document, models.Document.id == models.Attribution.document_id)
            .where(models.Attribution.via.in_(members))
            .order_by(models.Document.published, models.Document.id)
            .limit(limit)
        ).all():
            relayed.append(
                {
                    "document": _doc_meta(doc),
                    "id": att.key,
                    "kind": att.kind,
                    "content": span_json(doc.text, att.content_start, att.content_end, None),
                }
            )
        mentions = s.execute(
            select(models.Mention.document_id, func.count())
            .where(models.Mention.actor_id.in_(members))
            .group_by(models.Mention.document_id)
        ).all()
        docs = {
            d.id: _doc_meta(d)
            for d in s.execute(
                select(models.Document).where(models.Document.id.in_([doc_id for doc_id, _ in mentions]))
            ).scalars()
        }
        events = []
        for e, doc in s.execute(
            select(models.Event, models.Document)
            .join(models.EventParticipant, models.EventParticipant.event_id == models.Event.id)
            .join(models.Document, models.Document.id == models.Event.document_id)
            .where(models.EventParticipant.actor_id.in_(members))
            .order_by(models.Event.date)
        ).all():
            events.append(
                {
                    "type": e.type,
                    "date": e.date,
                    "place": e.place,
                    "document": _doc_meta(doc),
                    "trigger": span_json(doc.text, e.trigger_start, e.trigger_end, None),
                }
            )
        in_stories = [
            row.story_id
            for row in s.execute(
                select(models.StoryActor.story_id)
                .where(models.StoryActor.actor_id == resolved["id"])
                .order_by(models.StoryActor.story_id)
            )
        ]
        stances = [
            {
                "issue": st.issue,
                "point": st.point,
                "polarity": st.polarity,
                "hedged": st.hedged,
                "document": st.document_id,
            }
            for st in s.execute(select(models.Stance).where(models.Stance.actor_id.in_(members))).scalars()
        ]
    return {
        "actor": {"id": resolved["id"], "name": resolved["name"], "type": resolved["type"]},
        "members": resolved["members"],
        "aliases": resolved["aliases"],
        "roles": [{"role": r, "seen": n} for r, n in roles],
        "statements": statements_for(store, speaker=resolved["id"], limit=limit),
        "relayed": relayed,
        "documents": [{**docs[doc_id], "mentions": n} for doc_id, n in mentions if doc_id in docs],
        "events": events,
        "stances": stances,
        "stories": list_stories(store, ids=in_stories) if in_stories else [],  # where they are a main actor
    }


def stories(store: Store, limit: int = 100, offset: int = 0) -> list[dict[str, Any]]:
    """Stories, latest activity first, each with its span, languages, counts and main actors."""
    return list_stories(store, limit=limit, offset=offset)


def story(store: Store, story_id: int) -> dict[str, Any] | None:
    """One story: summary, main actors, documents in publication order with the links that joined them,
    and the statements its documents report with their origins."""
    return read_story(store, story_id)


def issues(store: Store) -> dict[str, Any]:
    """The issue board: for each issue, each actor's stances counted by polarity, with their documents."""
    with store.session() as s:
        cells: dict[str, dict[str, Counter[str]]] = defaultdict(lambda: defaultdict(Counter))
        evidence: dict[tuple[str, str], set[int]] = defaultdict(set)
        for st in s.execute(select(models.Stance)).scalars():
            cells[st.issue][st.actor_id][st.polarity + (" (hedged)" if st.hedged else "")] += 1
            evidence[(st.issue, st.actor_id)].add(st.document_id)
        names = _actor_names(s, {actor for row in cells.values() for actor in row})
        return {
            "issues": [
                {
                    "issue": issue,
                    "actors": [
                        {
                            "actor": names.get(actor_id, {"id": actor_id, "name": actor_id, "type": "?"}),
                            "polarity": dict(counts),
                            "documents": sorted(evidence[(issue, actor_id)]),
                        }
                        for actor_id, counts in sorted(row.items(), key=lambda kv: -sum(kv[1].values()))
                    ],
                }
                for issue, row in sorted(cells.items())
            ]
        }


def timeline(store: Store, limit: int = 500) -> list[dict[str, Any]]:
    """Events in date order (dated ones first), with their documents."""
    with store.session() as s:
        out = []
        for e, doc in s.execute(
            select(models.Event, models.Document)
            .join(models.Document, models.Document.id == models.Event.document_id)
            .order_by(models.Event.date.is_(None), models.Event.date, models.Event.id)
            .limit(limit)
        ).all():
            out.append(
                {
                    "type": e.type,
                    "date": e.date,
                    "place": e.place,
                    "participants": [p.actor_id for p in e.participants],
                    "document": _doc_meta(doc),
                    "trigger": span_json(doc.text, e.trigger_start, e.trigger_end, None),
                }
            )
        return out
