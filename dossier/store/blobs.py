"""Raw bytes kept content-addressed (SHA-256) in the ``blobs`` table.

A table rather than files beside the database: the blob is written in the same transaction as its
document, so a killed ingest never leaves a document without its raw bytes (or orphan files), it works
the same on PostgreSQL where clients share no filesystem, and one database file is the whole backup.
Pages are zlib-compressed (HTML shrinks 4-8x); already-small or incompressible data is kept as is.
"""

from __future__ import annotations

import hashlib
import zlib

from sqlalchemy import select
from sqlalchemy.orm import Session

from dossier.store.models import Blob


def sha256(raw: bytes) -> str:
    return hashlib.sha256(raw).hexdigest()


def put_blob(session: Session, raw: bytes, digest: str | None = None) -> str:
    """Store ``raw`` under its SHA-256 (once) and return the address."""
    digest = digest or sha256(raw)
    if session.get(Blob, digest) is None:
        packed = zlib.compress(raw, 6)
        if len(packed) < len(raw):
            session.add(Blob(sha256=digest, size=len(raw), compression="zlib", data=packed))
        else:
            session.add(Blob(sha256=digest, size=len(raw), compression="none", data=raw))
        session.flush()
    return digest


def get_blob(session: Session, digest: str) -> bytes | None:
    """The raw bytes stored under ``digest``, or None."""
    row = session.execute(select(Blob.compression, Blob.data).where(Blob.sha256 == digest)).first()
    if row is None:
        return None
    return zlib.decompress(row.data) if row.compression == "zlib" else bytes(row.data)
