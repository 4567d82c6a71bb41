"""Export every document with its text and metadata: JSONL (with attributions), CSV or Parquet."""

from __future__ import annotations

import csv
import json
from collections import defaultdict
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import IO, Any, BinaryIO

from sqlalchemy import select

from dossier.store import models
from dossier.store.db import Store

FORMATS = ("jsonl", "csv", "parquet")
# The document columns, in the order every format writes them; dossier.scale.rows takes from here those
# that are fields of the Document record (its Spark rows carry them).
COLUMNS = (
    "id",
    "url",
    "canonical_url",
    "path",
    "site",
    "title",
    "author",
    "published",
    "published_source",
    "language",
    "chars",
    "content_hash",
    "raw_sha256",
    "near_duplicate_of",
    "cited_source",
    "created",
    "updated",
    "text",
)
BATCH = 200


def _value(value: Any) -> Any:
    return value.isoformat() if isinstance(value, datetime) else value


def span_json(text: str, start: int | None, end: int | None, pieces: list | None) -> dict[str, Any] | None:
    """A stored span (its columns) as JSON with the text it covers; None when the span is absent."""
    if start is None or end is None:
        return None
    out: dict[str, Any] = {"start": start, "end": end, "text": text[start:end]}
    if pieces:
        out["pieces"] = pieces
    return out


def _attributions(session: Any, texts: dict[int, str]) -> dict[int, list[dict[str, Any]]]:
    out: dict[int, list[dict[str, Any]]] = defaultdict(list)
    stmt = (
        select(models.Attribution)
        .where(models.Attribution.document_id.in_(list(texts)))
        .order_by(models.Attribution.document_id, models.Attribution.id)
    )
    for a in session.scalars(stmt):
        text = texts[a.document_id]
        out[a.document_id].append(
            {
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
    return out


def iter_documents(store: Store, *, with_attributions: bool = False) -> Iterator[dict[str, Any]]:
    """Every document as a dict of COLUMNS (oldest first), in batches so memory stays flat."""
    columns = [getattr(models.Document, c) for c in COLUMNS]
    last = 0
    with store.session() as session:
        while True:
            rows = session.execute(
                select(*columns).where(models.Document.id > last).order_by(models.Document.id).limit(BATCH)
            ).all()
            if not rows:
                return
            batch = [{k: _value(v) for k, v in row._mapping.items()} for row in rows]
            if with_attributions:
                found = _attributions(session, {d["id"]: d["text"] for d in batch})
                for d in batch:
                    d["attributions"] = found.get(d["id"], [])
            yield from batch
            last = batch[-1]["id"]


def export_jsonl(store: Store, out: IO[str]) -> int:
    n = 0
    for doc in iter_documents(store, with_attributions=True):
        out.write(json.dumps(doc, ensure_ascii=False) + "\n")
        n += 1
    return n


def export_csv(store: Store, out: IO[str]) -> int:
    writer = csv.DictWriter(out, fieldnames=list(COLUMNS), lineterminator="\n")
    writer.writeheader()
    n = 0
    for doc in iter_documents(store):
        writer.writerow(doc)
        n += 1
    return n


def export_parquet(store: Store, path: Path | BinaryIO) -> int:
    """Write every document to a Parquet file or a binary stream (written front to back: a pipe will do)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = pa.schema(
        [
            ("id", pa.int64()),
            *[(c, pa.int64() if c in ("chars", "near_duplicate_of") else pa.string()) for c in COLUMNS if c != "id"],
        ]
    )
    n = 0
    with pq.ParquetWriter(path if not isinstance(path, Path) else str(path), schema, compression="zstd") as writer:
        batch: list[dict[str, Any]] = []
        for doc in iter_documents(store):
            batch.append(doc)
            if len(batch) >= BATCH:
                writer.write_table(pa.Table.from_pylist(batch, schema=schema))
                n += len(batch)
                batch = []
        if batch or n == 0:
            writer.write_table(pa.Table.from_pylist(batch, schema=schema))
            n += len(batch)
    return n
