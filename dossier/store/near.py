"""Near-duplicate lookup in the database: MinHash signatures cut into LSH bands, one indexed row per band.

Banding in SQL (rather than an in-memory ``MinHashLSH``) means nothing has to be loaded at start-up and
the index is as durable as the documents: each document's bands are written in its own transaction.
Signatures and their similarity come from ``dossier.ingest.dedupe``. With 128 permutations cut into 16
bands of 8, two texts with Jaccard similarity 0.85 share a band with probability 0.98, at 0.5 with 0.06;
candidates are then checked against ``threshold`` on the full signatures.
"""

from __future__ import annotations

import hashlib

from sqlalchemy import delete, insert, or_, select
from sqlalchemy.orm import Session

from dossier.ingest.dedupe import NEAR_DUPLICATE_THRESHOLD, similarity
from dossier.store.models import Document, MinhashBand

ROWS_PER_BAND = 8
VALUE_BYTES = 8  # datasketch hash values are uint64
THRESHOLD = NEAR_DUPLICATE_THRESHOLD


def bands(signature: bytes) -> list[str]:
    """The band keys of a signature: a short hash of each run of ``ROWS_PER_BAND`` values."""
    width = ROWS_PER_BAND * VALUE_BYTES
    return [
        hashlib.blake2b(signature[i : i + width], digest_size=16).hexdigest()
        for i in range(0, len(signature) - width + 1, width)
    ]


def find_near_duplicate(
    session: Session, signature: bytes, *, threshold: float = THRESHOLD, exclude: int | None = None
) -> tuple[int, float] | None:
    """The earliest stored document whose signature is at least ``threshold`` similar, with its score."""
    keys = bands(signature)
    if not keys:
        return None
    clauses = [(MinhashBand.band == i) & (MinhashBand.hash == key) for i, key in enumerate(keys)]
    candidates = select(MinhashBand.document_id).where(or_(*clauses)).distinct()
    rows = session.execute(
        select(Document.id, Document.minhash).where(Document.id.in_(candidates)).order_by(Document.id)
    ).all()
    for doc_id, other in rows:
        if doc_id == exclude or other is None:
            continue
        score = similarity(signature, bytes(other)) if len(other) == len(signature) else 0.0
        if score >= threshold:
            return doc_id, score
    return None


def index_signature(session: Session, document_id: int, signature: bytes | None) -> None:
    """(Re)write the band rows of one document."""
    session.execute(delete(MinhashBand).where(MinhashBand.document_id == document_id))
    if signature:
        rows = [{"document_id": document_id, "band": i, "hash": key} for i, key in enumerate(bands(signature))]
        if rows:
            session.execute(insert(MinhashBand), rows)
