"""Ingest orchestration: collect → dedupe → analyze → store, one transaction per document.

    from dossier.run import ingest
    from dossier.store import open_store

    report = ingest(open_store("sqlite:///dossier.db"), ["feed.xml", "articles/"])
    print(report.to_json())   # {"new": 3, "duplicate": 0, "updated": 0, "failed": 1, "failures": [...]}

Each document (its row, raw bytes, LSH bands, mentions, attributions, events, stances) is committed in
its own transaction, so a process killed at any point leaves only whole documents behind, and running the
same ingest again stores the rest and reports the finished ones as duplicates.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, Literal
from urllib.parse import urlsplit

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from dossier.config import IngestConfig
from dossier.ingest import Failure, Fetched, collect, dedupe
from dossier.records import Analysis, Document
from dossier.store import models
from dossier.store.blobs import put_blob
from dossier.store.db import Store
from dossier.store.near import THRESHOLD, find_near_duplicate
from dossier.store.write import insert_document, record_failure, store_analysis, update_document

Status = Literal["new", "duplicate", "updated", "failed"]
Analyzer = Callable[[Document], Analysis]
MAX_IDENTITY_CHARS = 1000


@dataclass
class Outcome:
    """What happened to one collected item."""

    status: Status
    source: str
    document_id: int | None = None
    near_duplicate_of: int | None = None
    failure: Failure | None = None


@dataclass
class IngestReport:
    new: int = 0
    duplicate: int = 0
    updated: int = 0
    failed: int = 0
    near_duplicates: int = 0
    failures: list[Failure] = field(default_factory=list)

    def add(self, outcome: Outcome) -> None:
        setattr(self, outcome.status, getattr(self, outcome.status) + 1)
        if outcome.near_duplicate_of is not None:
            self.near_duplicates += 1
        if outcome.failure is not None:
            self.failures.append(outcome.failure)

    @property
    def stored(self) -> int:
        return self.new + self.duplicate + self.updated

    def to_json(self) -> dict[str, Any]:
        return {
            "new": self.new,
            "duplicate": self.duplicate,
            "updated": self.updated,
            "failed": self.failed,
            "near_duplicates": self.near_duplicates,
            "failures": [
                {"source": f.source, "stage": f.stage, "error": f.error, "message": f.message} for f in self.failures
            ],
        }


def identity_of(doc: Document, source: str) -> str:
    """What makes two items "the same document": the page's canonical URL, else its URL, else the local
    source (absolute path, with ``:LINE`` or ``#offset=N`` for JSONL lines and WARC records).

    A canonical URL is trusted only on the page's own host and, for an article, when it is not the home
    page: sites that point every page's canonical link at their front page are common, and trusting them
    would turn every article into an "update" of one document."""
    url = dedupe.canonical_url(doc.url) if doc.url else None
    canonical = dedupe.canonical_url(doc.canonical_url) if doc.canonical_url else None
    if canonical and _plausible_canonical(canonical, url):
        identity = canonical
    else:
        identity = url or doc.url or "file:" + os.path.abspath(source)
    if len(identity) > MAX_IDENTITY_CHARS:  # index entries are size-limited (PostgreSQL btree: ~2,700 bytes)
        identity = identity[:200] + "#sha256=" + hashlib.sha256(identity.encode("utf-8", "replace")).hexdigest()
    return identity


def _host(url: str) -> str:
    host = urlsplit(url).hostname or ""
    return host.removeprefix("www.")


def _plausible_canonical(canonical: str, url: str | None) -> bool:
    if urlsplit(canonical).path in ("", "/") and (url is None or urlsplit(url).path not in ("", "/")):
        return False
    return url is None or _host(canonical) == _host(url)


def _analyze_default(document: Document) -> Analysis:
    from dossier.nlp.analyze import analyze

    return analyze(document)


class Ingester:
    """Stores collected items one by one; keeps no state between items except the store itself."""

    def __init__(
        self,
        store: Store,
        *,
        analyzer: Analyzer | None = _analyze_default,
        near_threshold: float = THRESHOLD,
    ) -> None:
        self.store = store
        self.analyzer = analyzer
        self.near_threshold = near_threshold

    def fail(self, failure: Failure) -> Outcome:
        with self.store.session() as session, session.begin():
            record_failure(session, failure.source, failure.stage, failure.error, failure.message)
        return Outcome("failed", failure.source, failure=failure)

    def process(self, item: Fetched | Failure) -> Outcome:
        """Store one item; never raises for a problem with the item itself."""
        if isinstance(item, Failure):
            return self.fail(item)
        try:
            return self._store(item)
        except Exception as exc:  # one bad document never stops a batch
            # If the database itself is gone, recording the failure fails too and that stops the batch.
            return self.fail(Failure.of(item.source, exc if hasattr(exc, "stage") else _Stage(exc, "store")))

    def _store(self, item: Fetched) -> Outcome:
        doc = item.document
        if not doc.text or not doc.text.strip():
            return self.fail(Failure(item.source, "extract", "EmptyText", "no text was extracted"))
        identity = identity_of(doc, item.source)
        content_hash = dedupe.content_hash(doc.text)
        signature = dedupe.signature_to_bytes(dedupe.minhash(doc.text))

        # Read phase: decide what this item is, holding no write lock.
        with self.store.session() as session:
            existing = session.execute(
                select(models.Document.id, models.Document.content_hash, models.Document.analyzed).where(
                    models.Document.identity == identity
                )
            ).first()
            if existing is None:
                same_text = session.scalar(
                    select(models.Document.id).where(models.Document.content_hash == content_hash).limit(1)
                )
                if same_text is not None:
                    return Outcome("duplicate", item.source, same_text)
                near = find_near_duplicate(session, signature, threshold=self.near_threshold) if signature else None
            else:
                near = None

        if existing is not None and existing.content_hash == content_hash:
            if existing.analyzed is None and self.analyzer is not None:
                # Stored earlier but its analysis failed or was never run: try again.
                analysis, failure = self._analyze(doc, item.source)
                if failure is not None:
                    return self.fail(failure)
                with self.store.session() as session, session.begin():
                    store_analysis(session, existing.id, analysis)
            return Outcome("duplicate", item.source, existing.id)

        analysis, failure = self._analyze(doc, item.source)

        # Write phase: the document and everything about it, in one transaction.
        try:
            with self.store.session() as session, session.begin():
                raw_sha = put_blob(session, item.raw, doc.raw_sha256) if item.raw else None
                if existing is None:
                    row = insert_document(
                        session,
                        doc,
                        identity=identity,
                        content_hash=content_hash,
                        minhash=signature,
                        raw_sha256=raw_sha,
                        source=item.source,
                        near_duplicate=near,
                    )
                    status: Status = "new"
                else:
                    row = session.get_one(models.Document, existing.id)
                    update_document(
                        session,
                        row,
                        doc,
                        content_hash=content_hash,
                        minhash=signature,
                        raw_sha256=raw_sha,
                        source=item.source,
                    )
                    status = "updated"
                if analysis is not None:
                    store_analysis(session, row.id, analysis)
                if failure is not None:
                    record_failure(session, failure.source, failure.stage, failure.error, failure.message)
                document_id = row.id
        except IntegrityError:
            # Another process stored the same document between our read and our write?
            with self.store.session() as session:
                other = session.scalar(select(models.Document.id).where(models.Document.identity == identity))
            if other is None:
                raise
            return Outcome("duplicate", item.source, other)
        if failure is not None:
            # The text is kept (it can be analysed again), but the item is reported as failed.
            return Outcome("failed", item.source, document_id, failure=failure)
        return Outcome(status, item.source, document_id, near[0] if near else None)

    def _analyze(self, doc: Document, source: str) -> tuple[Analysis | None, Failure | None]:
        if self.analyzer is None:
            return None, None
        try:
            return self.analyzer(doc), None
        except Exception as exc:  # a component failing on one text must not lose the document
            return None, Failure(source, "analyze", type(exc).__name__, str(exc) or type(exc).__name__)


class _Stage(Exception):
    """Wraps an unexpected error with the stage it happened in, for ``Failure.of``."""

    def __init__(self, exc: BaseException, stage: str) -> None:
        super().__init__(f"{type(exc).__name__}: {exc}")
        self.stage = stage


def ingest(
    store: Store,
    sources: Iterable[str],
    config: IngestConfig | None = None,
    *,
    analyzer: Analyzer | None = _analyze_default,
    on_item: Callable[[Outcome], None] | None = None,
) -> IngestReport:
    """Collect every source, store each document in its own transaction, and report the counts."""
    ingester = Ingester(store, analyzer=analyzer)
    report = IngestReport()
    for item in collect(list(sources), config or IngestConfig()):
        outcome = ingester.process(item)
        report.add(outcome)
        if on_item is not None:
            on_item(outcome)
    return report
