"""Analyses as flat table rows and back: the Parquet tables a Spark run writes, in plain Python.

Every child row carries ``doc``, the document's ``ordinal`` (its place in the input: file number × 2³²
+ item number), so the tables join on one integer and the loader can read them batch by batch.
Spans are ``start``/``end`` plus ``pieces`` (a list of [start, end], only for discontinuous spans) and
the text they cover, so a table can be read without the document at hand.
"""

from __future__ import annotations

from dataclasses import fields
from typing import Any

from dossier.records import Actor, Analysis, Attribution, Document, Entity, Event, Span, Stance
from dossier.store.export import COLUMNS

TABLES = ("documents", "mentions", "actors", "attributions", "events", "stances", "failures")
FILE_SHIFT = 32  # ordinal = file index << FILE_SHIFT | item number within the file

# The document columns that come from the Document record itself, in the order the export writes them
# (the store computes the others: chars, content_hash, dates, ...).
DOCUMENT_FIELDS = tuple(c for c in COLUMNS if c in {f.name for f in fields(Document)} - {"text"})


def ordinal(file_index: int, item: int) -> int:
    return (file_index << FILE_SHIFT) | item


def document_row(doc: Document, *, ordinal: int, source: str, content_hash: str, minhash: bytes) -> dict[str, Any]:
    from dossier.run import identity_of  # the store's notion of "the same document"

    row: dict[str, Any] = {"ordinal": ordinal, "source": source, "identity": identity_of(doc, source)}
    row.update({name: getattr(doc, name) for name in DOCUMENT_FIELDS})
    row.update(
        text=doc.text,
        chars=len(doc.text),
        content_hash=content_hash,
        minhash=minhash,
        raw=None,
        media_type=None,
        cited_source=None,
        analyzed=False,
    )
    return row


def document_of(row: dict[str, Any]) -> Document:
    return Document(text=row["text"], **{name: row.get(name) for name in DOCUMENT_FIELDS})


def failure_row(source: str, stage: str, error: str, message: str, ordinal: int | None = None) -> dict[str, Any]:
    return {"ordinal": ordinal, "source": source, "stage": stage, "error": error, "message": message}


def _pieces(span: Span | None) -> list[list[int]] | None:
    return [list(p) for p in span.pieces] if span is not None and len(span.pieces) > 1 else None


def _span_columns(prefix: str, span: Span | None, text: str) -> dict[str, Any]:
    return {
        f"{prefix}_start": span.start if span else None,
        f"{prefix}_end": span.end if span else None,
        f"{prefix}_pieces": _pieces(span),
        f"{prefix}_text": span.text(text) if span else None,
    }


def _span_of(row: dict[str, Any], prefix: str) -> Span | None:
    start, end = row.get(f"{prefix}_start"), row.get(f"{prefix}_end")
    if start is None or end is None:
        return None
    pieces = row.get(f"{prefix}_pieces")
    return Span(start, end, tuple((int(a), int(b)) for a, b in pieces) if pieces else ())


def analysis_rows(analysis: Analysis, doc: int) -> dict[str, list[dict[str, Any]]]:
    """The child-table rows of one analysis (everything but the document row)."""
    text = analysis.document.text
    mentions = [
        {
            "doc": doc,
            "start": e.start,
            "end": e.end,
            "type": e.type,
            "text": e.text or text[e.start : e.end],
            "actor": e.actor,
        }
        for e in analysis.entities
    ]
    actors = [
        {"doc": doc, "id": a.id, "type": a.type, "name": a.name, "aliases": list(a.aliases), "roles": list(a.roles)}
        for a in analysis.actors
    ]
    attributions = []
    for a in analysis.attributions:
        row: dict[str, Any] = {"doc": doc, "key": a.id, "kind": a.kind}
        for prefix, span in (("content", a.content), ("cue", a.cue), ("source", a.source)):
            row.update(_span_columns(prefix, span, text))
        row.update(speaker=a.speaker, anonymous=bool(a.anonymous), via=a.via, relay=bool(a.relay))
        attributions.append(row)
    events = []
    for position, ev in enumerate(analysis.events):
        row = {"doc": doc, "position": position, "type": ev.type}
        row.update(_span_columns("trigger", ev.trigger, text))
        row.update(date=ev.date, place=ev.place, participants=list(ev.participants))
        events.append(row)
    stances = [
        {
            "doc": doc,
            "position": position,
            "actor": st.actor,
            "issue": st.issue,
            "point": st.point,
            "polarity": st.polarity,
            "hedged": bool(st.hedged),
            "evidence": [{"start": s.start, "end": s.end, "pieces": _pieces(s)} for s in st.evidence],
        }
        for position, st in enumerate(analysis.stances)
    ]
    return {"mentions": mentions, "actors": actors, "attributions": attributions, "events": events, "stances": stances}


def analysis_of(document: Document, cited_source: str | None, children: dict[str, list[dict[str, Any]]]) -> Analysis:
    """Rebuild the ``Analysis`` records from a document's rows of each child table."""
    entities = [
        Entity(start=r["start"], end=r["end"], type=r["type"], actor=r.get("actor"), text=r.get("text") or "")
        for r in children.get("mentions", [])
    ]
    actors = [
        Actor(
            id=r["id"], type=r["type"], name=r["name"], aliases=list(r["aliases"] or []), roles=list(r["roles"] or [])
        )
        for r in children.get("actors", [])
    ]
    attributions = [
        Attribution(
            id=r["key"],
            kind=r["kind"],
            content=_span_of(r, "content") or Span(0, 0),
            cue=_span_of(r, "cue"),
            source=_span_of(r, "source"),
            speaker=r.get("speaker"),
            anonymous=bool(r.get("anonymous")),
            via=r.get("via"),
            relay=bool(r.get("relay")),
        )
        for r in children.get("attributions", [])
    ]
    events = [
        Event(
            type=r["type"],
            trigger=_span_of(r, "trigger") or Span(0, 0),
            date=r.get("date"),
            place=r.get("place"),
            participants=list(r.get("participants") or []),
        )
        for r in sorted(children.get("events", []), key=lambda r: r["position"])
    ]
    stances = [
        Stance(
            actor=r["actor"],
            issue=r["issue"],
            polarity=r["polarity"],
            point=r.get("point"),
            hedged=bool(r.get("hedged")),
            evidence=[
                Span(e["start"], e["end"], tuple((int(a), int(b)) for a, b in e["pieces"]) if e.get("pieces") else ())
                for e in r.get("evidence") or []
            ],
        )
        for r in sorted(children.get("stances", []), key=lambda r: r["position"])
    ]
    return Analysis(
        document=document,
        entities=entities,
        actors=actors,
        attributions=attributions,
        events=events,
        stances=stances,
        cited_source=cited_source,
    )
