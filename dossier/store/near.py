"""Near-duplicate lookup in the database: MinHash signatures cut into LSH bands, one indexed row per band.

Banding in SQL (rather than an in-memory ``MinHashLSH``) means nothing has to be loaded at start-up and
the index is as durable as the documents: each document's bands are written in its own transaction.
Signatures and their similarity come from ``dossier.ingest.dedupe``. With 128 permutations cut into 16
bands of 8, two texts with Jaccard similarity 0.85 share a band with probability 0.98, at 0.5 with 0.06;
candidates are then checked against ``threshold`` on the full signatures.
"""

from __future__ import annotations

import hashlib
from functools import cache

from sqlalchemy import TextClause, delete, insert, text
from sqlalchemy.orm import Session

from dossier.ingest.dedupe import NEAR_DUPLICATE_THRESHOLD, similarity
from dossier.store.models import MinhashBand

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


@cache
def _candidates_sql(n_bands: int) -> TextClause:
    # Plain SQL built once per band count: an ORM expression of 16 OR-ed pairs costs more than the query.
    pairs = " OR ".join(f"(band = :b{i} AND hash = :h{i})" for i in range(n_bands))
    return text(
        "SELECT id, minhash FROM documents WHERE id IN "
        f"(SELECT document_id FROM minhash_bands WHERE {pairs}) ORDER BY id"
    )


def find_near_duplicate(
    session: Session, signature: bytes, *, threshold: float = THRESHOLD, exclude: int | None = None
) -> tuple[int, float] | None:
    """The earliest stored document whose signature is at least ``threshold`` similar, with its score."""
    keys = bands(signature)
    if not keys:
        return None
    params: dict[str, object] = {}
    for i, key in enumerate(keys):
        params[f"b{i}"], params[f"h{i}"] = i, key
    for doc_id, other in session.execute(_candidates_sql(len(keys)), params):
        if doc_id == exclude or other is None or len(other) != len(signature):
            continue
        score = similarity(signature, bytes(other))
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
