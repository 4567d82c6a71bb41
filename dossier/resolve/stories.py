"""Story clusters: the documents, in any language, that report one story.

Two documents are linked when the evidence they share, within ``WINDOW_DAYS`` of each other's
publication, weighs at least ``STRONG``. Each kind of evidence crosses languages and adds its weight:

- ``near_duplicate``: one was stored as a MinHash near-duplicate of the other (1.0);
- ``statements``: both report the same statement (``resolve.statements``: one speaker, one thing said,
  in any language), 0.6 each, at most 1.2;
- ``events``: the same kind of event on the same day with a participant in common, 0.4 each, at most 0.8;
- ``actors``: how much of what each names is shared (resolved actors, weighted by how rare each actor is
  in the store and how often the document names it: a generalised Jaccard), scaled so that half counts
  1.0 and capped there; below ``MIN_ACTORS`` it counts nothing.

So a translation or a near-copy links alone; a shared statement or event needs some actors in common
as well; actors alone need half of the weight in common. Stories are the connected components of
strong links (single linkage): a story grows as later reports pick up earlier ones, in a chain, and
every join is one stored link with its reasons, so a wrong join can be seen and traced to its
evidence. The links kept are a maximum spanning tree of each story (the links single linkage used),
each document pointing at the one it joined through.

Candidate pairs come only from shared keys (an actor named by at most ``BLOCK`` documents, a
statement, an event, a near-duplicate link) and, for dated documents, only within the window, so
the work grows with the store, not with its square. A story has at least two documents; its label is
the title of its earliest document (else its main actors' names), its main actors those most of its
documents name that the rest of the store names least.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from itertools import pairwise
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from sqlalchemy import delete, func, insert, select
from sqlalchemy.orm import Session

from dossier.resolve.statements import parse_when
from dossier.store import models

if TYPE_CHECKING:
    from dossier.store.db import Store

WINDOW_DAYS = 7  # linked documents are published at most this far apart (a story can span more, in steps)
STRONG = 1.0  # a link's weight at least this joins two documents
NEAR_DUPLICATE = 1.0
PER_STATEMENT, MAX_STATEMENTS = 0.6, 1.2
PER_EVENT, MAX_EVENTS = 0.4, 0.8
ACTORS_FULL = 0.5  # actor similarity that alone makes a link
MIN_ACTORS = 0.15  # actor similarity below this adds nothing (every two Ukraine stories share a few names)
BLOCK = 200  # an actor named by more documents is too common to propose pairs (it still counts in the weight)
CHAIN = 400  # a statement or event key shared by more documents pairs each only with its neighbours in time
MIN_DOCUMENTS = 2
MAIN_ACTORS = 8
REASON_ACTORS = 5  # shared actors named in a link's reason


@dataclass(slots=True)
class DocumentEvidence:
    """What one document offers for clustering. Actor ids are collection-wide (resolved)."""

    id: int
    language: str | None = None
    published: str | None = None
    stored: str = ""  # when it was stored (ISO): orders documents published the same day
    title: str | None = None
    actors: dict[str, int] = field(default_factory=dict)  # actor -> mentions in the document
    statements: frozenset[int] = frozenset()
    events: frozenset[tuple[str, str, str]] = frozenset()  # (type, day, participant)
    near_duplicate_of: int | None = None
    near_duplicate_score: float | None = None
    when: datetime | None = field(default=None, init=False, repr=False, compare=False)  # ``published``, parsed

    def __post_init__(self) -> None:
        self.when = parse_when(self.published)

    def order_key(self) -> tuple[bool, datetime, str, int]:
        """Publication order: dated first, earliest first, then the first stored."""
        return (self.when is None, self.when or datetime.max.replace(tzinfo=UTC), self.stored, self.id)


@dataclass(slots=True)
class Link:
    """Why two documents are in one story: the evidence, each piece with its weight."""

    a: int
    b: int
    weight: float
    reasons: list[dict[str, Any]]


@dataclass
class Story:
    id: int
    documents: list[int]  # publication order: the first is the first report
    label: str
    first_published: str | None
    last_published: str | None
    languages: list[str]
    statements: list[int]  # every statement a document of the story reports
    actors: list[tuple[str, int]]  # main actors with how many of the documents name them, most characteristic first
    joined: dict[int, Link] = field(default_factory=dict)  # document -> the link it joined through (not the first)


class _Forest:
    """Union-find over document ids."""

    def __init__(self) -> None:
        self.parent: dict[int, int] = {}

    def find(self, x: int) -> int:
        root = x
        while self.parent.get(root, root) != root:
            root = self.parent[root]
        while self.parent.get(x, x) != root:  # path compression
            self.parent[x], x = root, self.parent[x]
        return root

    def union(self, a: int, b: int) -> bool:
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return False
        self.parent[max(ra, rb)] = min(ra, rb)
        return True


def _days(a: datetime | None, b: datetime | None) -> float | None:
    return None if a is None or b is None else abs((a - b).total_seconds()) / 86400


def _pairs(posting: list[int], when: dict[int, datetime | None], *, cap: int | None) -> Iterator[tuple[int, int]]:
    """Pairs of one key's documents (sorted by date, undated last) that may be linked.

    Dated documents pair within the window; undated ones with every other. Above ``cap`` documents a key
    pairs each document only with the next one (enough to connect them if the evidence is strong).
    """
    if cap is not None and len(posting) > cap:
        yield from pairwise(posting)
        return
    dated = [d for d in posting if when[d] is not None]
    undated = [d for d in posting if when[d] is None]
    for i, a in enumerate(dated):
        wa = when[a]
        for b in dated[i + 1 :]:
            gap = _days(wa, when[b])
            if gap is not None and gap > WINDOW_DAYS:
                break
            yield a, b
    for i, a in enumerate(undated):
        for b in dated + undated[i + 1 :]:
            yield a, b


def actor_weights(docs: list[DocumentEvidence]) -> tuple[dict[str, float], dict[int, dict[str, float]]]:
    """Each actor's rarity (smoothed inverse document frequency) and each document's actor weights."""
    df: Counter[str] = Counter()
    for d in docs:
        df.update(d.actors.keys())
    n = len(docs)
    idf = {a: math.log(1 + n / k) for a, k in df.items()}
    weights = {d.id: {a: idf[a] * (1 + math.log(m)) for a, m in d.actors.items() if m > 0} for d in docs}
    return idf, weights


def actor_similarity(wa: dict[str, float], wb: dict[str, float]) -> float:
    """Generalised Jaccard of two documents' actor weights: the sum of the smaller over the sum of the larger."""
    if len(wb) < len(wa):
        wa, wb = wb, wa
    both = 0.0
    for a, w in wa.items():
        other = wb.get(a)
        if other is not None:
            both += w if w < other else other
    if not both:
        return 0.0
    return both / (sum(wa.values()) + sum(wb.values()) - both)


def score_pair(a: DocumentEvidence, b: DocumentEvidence, wa: dict[str, float], wb: dict[str, float]) -> Link | None:
    """The link between two documents with its reasons, or None when they share nothing or are too far apart.

    ``wa`` and ``wb`` are the documents' actor weights (``actor_weights``)."""
    gap = _days(a.when, b.when)
    if gap is not None and gap > WINDOW_DAYS:
        return None
    reasons: list[dict[str, Any]] = []
    if a.near_duplicate_of == b.id or b.near_duplicate_of == a.id:
        score = a.near_duplicate_score if a.near_duplicate_of == b.id else b.near_duplicate_score
        reasons.append({"kind": "near_duplicate", "weight": NEAR_DUPLICATE, "score": round(score or 0.0, 3)})
    shared_statements = sorted(a.statements & b.statements)
    if shared_statements:
        weight = min(MAX_STATEMENTS, PER_STATEMENT * len(shared_statements))
        reasons.append({"kind": "statements", "weight": round(weight, 3), "statements": shared_statements})
    shared_events = sorted({(t, day) for t, day, who in a.events & b.events})
    if shared_events:
        weight = min(MAX_EVENTS, PER_EVENT * len(shared_events))
        reasons.append({"kind": "events", "weight": round(weight, 3), "events": [list(e) for e in shared_events]})
    similarity = actor_similarity(wa, wb)
    if similarity >= MIN_ACTORS:
        shared = sorted(wa.keys() & wb.keys(), key=lambda k: (-min(wa[k], wb[k]), k))
        reasons.append(
            {
                "kind": "actors",
                "weight": round(min(1.0, similarity / ACTORS_FULL), 3),
                "similarity": round(similarity, 3),
                "actors": shared[:REASON_ACTORS],  # the weightiest in common
            }
        )
    if not reasons:
        return None
    weight = round(sum(r["weight"] for r in reasons), 3)
    lo, hi = sorted((a.id, b.id))
    return Link(lo, hi, weight, reasons)


def candidate_pairs(docs: list[DocumentEvidence]) -> set[tuple[int, int]]:
    """Document pairs sharing a key: a not-too-common actor, a statement, an event, a near-duplicate link."""
    by_id = {d.id: d for d in docs}
    when = {d.id: d.when for d in docs}
    order = {d.id: i for i, d in enumerate(sorted(docs, key=DocumentEvidence.order_key))}
    postings: dict[tuple[str, Any], list[int]] = defaultdict(list)
    for d in docs:
        for actor in d.actors:
            postings[("actor", actor)].append(d.id)
        for statement in d.statements:
            postings[("statement", statement)].append(d.id)
        for event in d.events:
            postings[("event", event)].append(d.id)
    pairs: set[tuple[int, int]] = set()
    for (kind, _), posting in postings.items():
        if len(posting) < 2 or (kind == "actor" and len(posting) > BLOCK):
            continue
        posting.sort(key=order.__getitem__)
        for x, y in _pairs(posting, when, cap=None if kind == "actor" else CHAIN):
            pairs.add((x, y) if x < y else (y, x))
    for d in docs:
        if d.near_duplicate_of is not None and d.near_duplicate_of in by_id and d.near_duplicate_of != d.id:
            pairs.add(tuple(sorted((d.id, d.near_duplicate_of))))  # type: ignore[arg-type]
    return pairs


def strong_links(docs: list[DocumentEvidence]) -> list[Link]:
    """Every link of at least ``STRONG`` weight among the candidate pairs, strongest first."""
    by_id = {d.id: d for d in docs}
    _, weights = actor_weights(docs)
    links = []
    for x, y in candidate_pairs(docs):
        link = score_pair(by_id[x], by_id[y], weights[x], weights[y])
        if link is not None and link.weight >= STRONG:
            links.append(link)
    links.sort(key=_strength)
    return links


def _strength(link: Link) -> tuple[float, float, int, int]:
    """Strongest first; among links of one (capped) weight, the one with more actors in common."""
    similarity = next((r["similarity"] for r in link.reasons if r["kind"] == "actors"), 0.0)
    return (-link.weight, -similarity, link.a, link.b)


def build_stories(docs: Iterable[DocumentEvidence], *, names: dict[str, str] | None = None) -> list[Story]:
    """Cluster documents into stories (see the module's docstring). Deterministic: the same documents give
    the same stories, numbered from 1 in order of their first report. ``names`` (actor id -> name) makes
    the label of a story whose earliest document has no title."""
    docs = sorted(docs, key=lambda d: d.id)
    by_id = {d.id: d for d in docs}
    idf, _ = actor_weights(docs)
    forest = _Forest()
    tree: dict[int, list[tuple[int, Link]]] = defaultdict(list)
    for link in strong_links(docs):  # Kruskal: the strongest links that join two parts are the ones kept
        if forest.union(link.a, link.b):
            tree[link.a].append((link.b, link))
            tree[link.b].append((link.a, link))
    members: dict[int, list[int]] = defaultdict(list)
    for d in docs:
        if d.id in tree:
            members[forest.find(d.id)].append(d.id)
    stories = []
    for ids in members.values():
        if len(ids) < MIN_DOCUMENTS:
            continue
        ordered = sorted(ids, key=lambda i: by_id[i].order_key())
        stories.append(_story(ordered, by_id, tree, idf, names or {}))
    stories.sort(key=lambda s: by_id[s.documents[0]].order_key())
    for i, story in enumerate(stories, 1):
        story.id = i
    return stories


def _story(
    ordered: list[int],
    by_id: dict[int, DocumentEvidence],
    tree: dict[int, list[tuple[int, Link]]],
    idf: dict[str, float],
    names: dict[str, str],
) -> Story:
    first = ordered[0]
    # Orient the spanning tree from the first report: each document names the one it joined through.
    joined: dict[int, Link] = {}
    seen, queue = {first}, [first]
    while queue:
        here = queue.pop(0)
        for there, link in sorted(tree[here], key=lambda t: by_id[t[0]].order_key()):
            if there not in seen:
                seen.add(there)
                joined[there] = link
                queue.append(there)
    counts: Counter[str] = Counter()
    mentions: Counter[str] = Counter()
    for i in ordered:
        counts.update(by_id[i].actors.keys())
        mentions.update(by_id[i].actors)
    n = len(ordered)
    # Named by most of the story's documents and by few others; then the most mentioned.
    ranked = sorted(
        (a for a, k in counts.items() if k >= MIN_DOCUMENTS),
        key=lambda a: (-round(counts[a] / n * idf.get(a, 0.0), 6), -mentions[a], a),
    )[:MAIN_ACTORS]
    dates = [by_id[i].published for i in ordered if by_id[i].published]
    label = (by_id[first].title or "").strip() or " · ".join(names.get(a, a) for a in ranked[:3]) or f"story {first}"
    return Story(
        id=0,
        documents=ordered,
        label=" ".join(label.split()),
        first_published=dates[0] if dates else None,
        last_published=dates[-1] if dates else None,
        languages=sorted({by_id[i].language or "und" for i in ordered}),
        statements=sorted({s for i in ordered for s in by_id[i].statements}),
        actors=[(a, counts[a]) for a in ranked],
        joined=joined,
    )


# --- the store ------------------------------------------------------------------------------------


def load_evidence(session: Session, canonical: dict[str, str] | None = None) -> list[DocumentEvidence]:
    """Every stored document with its resolved actors, statements, dated events and near-duplicate link.

    ``canonical`` maps document-level actor ids to store actors (read from ``actor_resolution`` if not given);
    statements are read from the statement tables as they stand in this session.
    """
    D, M, R = models.Document, models.Mention, models.StatementReport
    E, P = models.Event, models.EventParticipant
    if canonical is None:
        canonical = dict(
            session.execute(select(models.ActorResolution.actor_id, models.ActorResolution.canonical_id)).all()
        )
    docs = {
        row.id: DocumentEvidence(
            id=row.id,
            language=row.language,
            published=row.published,
            stored=row.created.isoformat() if row.created else "",
            title=row.title,
            near_duplicate_of=row.near_duplicate_of,
            near_duplicate_score=row.near_duplicate_score,
        )
        for row in session.execute(
            select(
                D.id, D.language, D.published, D.created, D.title, D.near_duplicate_of, D.near_duplicate_score
            ).order_by(D.id)
        )
    }
    for document_id, actor_id, n in session.execute(
        select(M.document_id, M.actor_id, func.count())
        .where(M.actor_id.is_not(None))
        .group_by(M.document_id, M.actor_id)
        .order_by(M.document_id, M.actor_id)
    ):
        if document_id in docs:
            actors = docs[document_id].actors
            cid = canonical.get(actor_id, actor_id)
            actors[cid] = actors.get(cid, 0) + n
    statements: dict[int, set[int]] = defaultdict(set)
    for statement_id, document_id in session.execute(select(R.statement_id, R.document_id).distinct()):
        statements[document_id].add(statement_id)
    events: dict[int, set[tuple[str, str, str]]] = defaultdict(set)
    for document_id, etype, day, actor_id in session.execute(
        select(E.document_id, E.type, E.date, P.actor_id).join(P, P.event_id == E.id).where(E.date.is_not(None))
    ):
        if _is_day(day):  # a day, not a week, month or a day of an unknown year
            events[document_id].add((etype, day, canonical.get(actor_id, actor_id)))
    for document_id, doc in docs.items():
        doc.statements = frozenset(statements.get(document_id, ()))
        doc.events = frozenset(events.get(document_id, ()))
    return list(docs.values())


def _is_day(value: str | None) -> bool:
    return bool(value) and len(value) == 10 and value[4] == "-" and value[:4].isdigit()  # type: ignore[index]


def write_stories(session: Session, stories: list[Story], by_id: dict[int, DocumentEvidence]) -> None:
    """Replace the story tables with ``stories`` (explicit ids: the same store gives the same rows)."""
    session.execute(delete(models.StoryActor))
    session.execute(delete(models.StoryDocument))
    session.execute(delete(models.Story))
    story_rows, doc_rows, actor_rows = [], [], []
    for st in stories:
        story_rows.append(
            {
                "id": st.id,
                "label": st.label,
                "first_document_id": st.documents[0],
                "first_published": st.first_published,
                "last_published": st.last_published,
                "documents": len(st.documents),
                "statements": len(st.statements),
                "languages": ",".join(st.languages),
            }
        )
        for position, document_id in enumerate(st.documents):
            link = st.joined.get(document_id)
            doc = by_id[document_id]
            doc_rows.append(
                {
                    "document_id": document_id,
                    "story_id": st.id,
                    "position": position,
                    "language": doc.language,
                    "published": doc.published,
                    "linked_document_id": None if link is None else (link.a if link.b == document_id else link.b),
                    "weight": None if link is None else link.weight,
                    "reasons": None if link is None else link.reasons,
                }
            )
        for rank, (actor_id, n) in enumerate(st.actors):
            actor_rows.append({"story_id": st.id, "actor_id": actor_id, "rank": rank, "documents": n})
    for table, rows in ((models.Story, story_rows), (models.StoryDocument, doc_rows), (models.StoryActor, actor_rows)):
        for start in range(0, len(rows), 5000):
            session.execute(insert(table), rows[start : start + 5000])


def rebuild_stories(session: Session, canonical: dict[str, str] | None = None) -> list[Story]:
    """Cluster the whole store into stories and replace the story tables, in the caller's transaction.

    Run after actors and statements are resolved (``dossier.resolve.rebuild`` does, at its end).
    """
    docs = load_evidence(session, canonical)
    names = dict(session.execute(select(models.Actor.id, models.Actor.name)).all())
    stories = build_stories(docs, names=names)
    write_stories(session, stories, {d.id: d for d in docs})
    return stories


# --- reading stories back, as plain dicts for the CLI, the pages and the JSON API --------------------


def _actors(session: Session, story_ids: list[int], limit: int | None = None) -> dict[int, list[dict[str, Any]]]:
    SA, A = models.StoryActor, models.Actor
    stmt = (
        select(SA.story_id, SA.actor_id, SA.documents, A.name, A.type)
        .outerjoin(A, A.id == SA.actor_id)
        .where(SA.story_id.in_(story_ids))
        .order_by(SA.story_id, SA.rank)
    )
    if limit is not None:
        stmt = stmt.where(SA.rank < limit)
    out: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for story_id, actor_id, n, name, atype in session.execute(stmt):
        out[story_id].append({"id": actor_id, "name": name or actor_id, "type": atype, "documents": n})
    return out


def _summary(st: models.Story, actors: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "id": st.id,
        "label": st.label,
        "first_published": st.first_published,
        "last_published": st.last_published,
        "languages": st.languages.split(",") if st.languages else [],
        "documents": st.documents,
        "statements": st.statements,
        "first_document_id": st.first_document_id,
        "actors": actors,
    }


def list_stories(
    store: Store, *, limit: int | None = None, offset: int = 0, ids: list[int] | None = None
) -> list[dict[str, Any]]:
    """Stories (all, or those of ``ids``), latest activity first: id, label, first and last published,
    languages, how many documents and statements, the first document's id, and the main actors (id,
    name, type, how many of its documents name them)."""
    S = models.Story
    with store.session() as session:
        stmt = select(S).order_by(S.last_published.is_(None), S.last_published.desc(), S.id).offset(offset)
        if ids is not None:
            stmt = stmt.where(S.id.in_(ids))
        if limit is not None:
            stmt = stmt.limit(limit)
        stories = list(session.scalars(stmt))
        actors = _actors(session, [s.id for s in stories], limit=5) if stories else {}
    return [_summary(s, actors.get(s.id, [])) for s in stories]


def describe(reason: dict[str, Any], names: dict[str, str]) -> str:
    """One reason of a link, in words."""
    kind = reason["kind"]
    if kind == "near_duplicate":
        return f"near-duplicate text ({reason['score']:.2f})"
    if kind == "statements":
        n = len(reason["statements"])
        return f"{n} shared statement{'s' if n > 1 else ''}"
    if kind == "events":
        return "same event: " + ", ".join(f"{t} {day}" for t, day in reason["events"])
    if kind == "actors":
        who = ", ".join(names.get(a, a) for a in reason["actors"])
        return f"shared actors {reason['similarity']:.2f}: {who}"
    return kind


def _content(text: str | None, start: int, pieces: list | None) -> str:
    """A content span's words: its pieces joined when it is discontinuous (``text`` starts at ``start``)."""
    if not text or not pieces:
        return text or ""
    return " ".join(text[s - start : e - start] for s, e in pieces)


def story(store: Store, story_id: int, *, statements_limit: int = 200) -> dict[str, Any] | None:
    """One story: ``story`` (its summary, as ``list_stories`` gives it), ``actors`` (the main ones),
    ``documents`` in publication order (language, outlet, the first report marked, the link each joined
    through with its reasons) and ``statements`` its documents report, each with its origin (who reported
    it first, anywhere in the store)."""
    S, SD, D = models.Story, models.StoryDocument, models.Document
    R, ST, A = models.StatementReport, models.Statement, models.Attribution
    with store.session() as session:
        st = session.get(S, story_id)
        if st is None:
            return None
        actors = _actors(session, [story_id]).get(story_id, [])
        rows = session.execute(
            select(SD, D.title, D.url, D.path, D.site, D.cited_source)
            .join(D, D.id == SD.document_id)
            .where(SD.story_id == story_id)
            .order_by(SD.position)
        ).all()
        in_story = select(SD.document_id).where(SD.story_id == story_id)
        ids = select(R.statement_id).where(R.document_id.in_(in_story)).distinct()
        origin_rows = session.execute(
            select(
                ST,
                R.language,
                A.key,
                A.content_start,
                A.content_pieces,
                D.title,
                func.substr(D.text, A.content_start + 1, A.content_end - A.content_start).label("content"),
            )
            .join(R, (R.statement_id == ST.id) & (R.position == 0))
            .join(A, A.id == R.attribution_id)
            .join(D, D.id == R.document_id)
            .where(ST.id.in_(ids))
            .order_by(ST.first_published.is_(None), ST.first_published, ST.id)
            .limit(statements_limit)
        ).all()
        shown = [r[0].id for r in origin_rows]
        here: dict[int, list[int]] = defaultdict(list)
        for statement_id, document_id in session.execute(
            select(R.statement_id, R.document_id)
            .where(R.statement_id.in_(shown), R.document_id.in_(in_story))
            .order_by(R.statement_id, R.position)
        ):
            here[statement_id].append(document_id)
        wanted = {a for sd, *_ in rows if sd.reasons for r in sd.reasons for a in r.get("actors", [])}
        wanted |= {r[0].speaker_id for r in origin_rows} | {r.cited_source for r in rows if r.cited_source}
        known = {
            aid: (name, atype)
            for aid, name, atype in session.execute(
                select(models.Actor.id, models.Actor.name, models.Actor.type).where(models.Actor.id.in_(wanted))
            )
        }
    names = {aid: name for aid, (name, _) in known.items()}
    documents = []
    for sd, title, url, path, site, cited in rows:
        reasons = [{**r, "text": describe(r, names)} for r in sd.reasons or []]
        documents.append(
            {
                "position": sd.position,
                "first": sd.position == 0,
                "id": sd.document_id,
                "title": title,
                "url": url,
                "path": path,
                "site": site,
                "outlet": site or (urlsplit(url).hostname if url else None),  # the site's name, else its host
                "cited_source": {"id": cited, "name": names.get(cited, cited)} if cited else None,
                "language": sd.language,
                "published": sd.published,
                "linked_to": sd.linked_document_id,
                "weight": sd.weight,
                "reasons": reasons,
            }
        )
    statements = []
    for row in origin_rows:
        s = row[0]
        name, atype = known.get(s.speaker_id, (None, None))
        statements.append(
            {
                "id": s.id,
                "speaker": {"id": s.speaker_id, "name": name, "type": atype},
                "kind": s.kind,
                "reports": s.reports,
                "languages": s.languages.split(",") if s.languages else [],
                "first_published": s.first_published,
                "origin": {
                    "document_id": s.first_document_id,
                    "title": row.title,
                    "language": row.language,
                    "published": s.first_published,
                    "attribution_key": row.key,
                    "content": _content(row.content, row.content_start, row.content_pieces),
                    "in_story": s.first_document_id in {d["id"] for d in documents},
                },
                "documents": here.get(s.id, []),  # the story's documents that report it, origin first
            }
        )
    summary = _summary(st, actors)
    del summary["actors"]
    return {"story": summary, "actors": actors, "documents": documents, "statements": statements}


def story_of(session: Session, document_id: int) -> dict[str, Any] | None:
    """The story a document belongs to (id, label, documents, position of this one), if any."""
    row = session.execute(
        select(models.Story.id, models.Story.label, models.Story.documents, models.StoryDocument.position)
        .join(models.StoryDocument, models.StoryDocument.story_id == models.Story.id)
        .where(models.StoryDocument.document_id == document_id)
    ).first()
    if row is None:
        return None
    return {"id": row.id, "label": row.label, "documents": row.documents, "position": row.position}
