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


@dataclass
class Plan:
    """A collected document that is to be stored: what the read phase found out about it."""

    item: Fetched
    identity: str
    content_hash: str
    signature: bytes
    existing_id: int | None  # set when the same document is stored with other text: an update
    reanalyse: bool = False  # already stored unchanged, but its analysis is missing


def _analyse(analyzer: Analyzer, doc: Document, source: str) -> tuple[Analysis | None, Failure | None]:
    """Run the analysis; a component failing on one text must not lose the document."""
    try:
        return analyzer(doc), None
    except Exception as exc:
        return None, Failure(source, "analyze", type(exc).__name__, str(exc) or type(exc).__name__)


class Ingester:
    """Stores collected items one by one: ``plan`` (read phase, no write lock), the analysis, then
    ``commit`` (one write transaction). Keeps no state between items except the store itself."""

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
        planned = self.plan(item)
        if isinstance(planned, Outcome):
            return planned
        if self.analyzer is None:
            return self.commit(planned, None, None)
        return self.commit(planned, *_analyse(self.analyzer, item.document, item.source))

    def plan(self, item: Fetched | Failure) -> Plan | Outcome:
        """Decide what an item is: an Outcome when nothing (more) needs analysing, else a Plan."""
        if isinstance(item, Failure):
            return self.fail(item)
        try:
            return self._plan(item)
        except Exception as exc:  # one bad document never stops a batch
            # If the database itself is gone, recording the failure fails too and that stops the batch.
            return self.fail(Failure.of(item.source, exc if hasattr(exc, "stage") else _Stage(exc, "store")))

    def _plan(self, item: Fetched) -> Plan | Outcome:
        doc = item.document
        if not doc.text or not doc.text.strip():
            return self.fail(Failure(item.source, "extract", "EmptyText", "no text was extracted"))
        identity = identity_of(doc, item.source)
        content_hash = dedupe.content_hash(doc.text)
        with self.store.session() as session:
            existing = session.execute(
                select(
                    models.Document.id,
                    models.Document.content_hash,
                    models.Document.analyzed,
                    models.Document.raw_sha256,
                ).where(models.Document.identity == identity)
            ).first()
            if (
                existing is not None
                and existing.content_hash != content_hash
                and doc.raw_sha256
                and doc.raw_sha256 != existing.raw_sha256
                and session.scalar(select(models.Blob.sha256).where(models.Blob.sha256 == doc.raw_sha256))
            ):
                # These exact bytes were stored before: an earlier version of this document (a source that
                # holds one URL twice). Updating back to it would undo the later one on every rerun.
                return Outcome("duplicate", item.source, existing.id)
            if existing is None:
                same_text = session.scalar(
                    select(models.Document.id).where(models.Document.content_hash == content_hash).limit(1)
                )
                if same_text is not None:
                    return Outcome("duplicate", item.source, same_text)
        if existing is not None and existing.content_hash == content_hash:
            if existing.analyzed is None and self.analyzer is not None:
                return Plan(item, identity, content_hash, b"", existing.id, reanalyse=True)
            return Outcome("duplicate", item.source, existing.id)
        signature = dedupe.signature_to_bytes(dedupe.minhash(doc.text))
        return Plan(item, identity, content_hash, signature, existing.id if existing is not None else None)

    def commit(self, plan: Plan, analysis: Analysis | None, failure: Failure | None) -> Outcome:
        """Write a planned document and its analysis in one transaction."""
        try:
            return self._commit(plan, analysis, failure)
        except Exception as exc:  # one bad document never stops a batch
            item = plan.item
            return self.fail(Failure.of(item.source, exc if hasattr(exc, "stage") else _Stage(exc, "store")))

    def _commit(self, plan: Plan, analysis: Analysis | None, failure: Failure | None) -> Outcome:
        item, doc = plan.item, plan.item.document
        if plan.reanalyse:
            if failure is not None:
                return self.fail(failure)
            with self.store.session() as session, session.begin():
                store_analysis(session, plan.existing_id, analysis)
            return Outcome("duplicate", item.source, plan.existing_id)
        near = None
        try:
            with self.store.session() as session, session.begin():
                if plan.existing_id is None:
                    # Checked here, in the write transaction, so documents analysed in parallel see each other.
                    same_text = session.scalar(
                        select(models.Document.id).where(models.Document.content_hash == plan.content_hash).limit(1)
                    )
                    if same_text is not None:
                        return Outcome("duplicate", item.source, same_text)
                    near = find_near_duplicate(session, plan.signature, threshold=self.near_threshold)
                raw_sha = put_blob(session, item.raw, doc.raw_sha256) if item.raw else None
                if plan.existing_id is None:
                    row = insert_document(
                        session,
                        doc,
                        identity=plan.identity,
                        content_hash=plan.content_hash,
                        minhash=plan.signature,
                        raw_sha256=raw_sha,
                        source=item.source,
                        near_duplicate=near,
                    )
                    status: Status = "new"
                else:
                    row = session.get_one(models.Document, plan.existing_id)
                    update_document(
                        session,
                        row,
                        doc,
                        content_hash=plan.content_hash,
                        minhash=plan.signature,
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
            # Another process (or an item still in flight) stored the same document first?
            with self.store.session() as session:
                other = session.scalar(select(models.Document.id).where(models.Document.identity == plan.identity))
            if other is None:
                raise
            return Outcome("duplicate", item.source, other)
        if failure is not None:
            # The text is kept (it can be analysed again), but the item is reported as failed.
            return Outcome("failed", item.source, document_id, failure=failure)
        return Outcome(status, item.source, document_id, near[0] if near else None)


class _Stage(Exception):
    """Wraps an unexpected error with the stage it happened in, for ``Failure.of``."""

    def __init__(self, exc: BaseException, stage: str) -> None:
        # The first line only: a database error goes on with the SQL statement and all its parameters.
        super().__init__(f"{type(exc).__name__}: {str(exc).strip().splitlines()[0] if str(exc).strip() else ''}")
        self.stage = stage
        self.error = type(exc).__name__  # the failure's error class, rather than this wrapper's


def ingest(
    store: Store,
    sources: Iterable[str],
    config: IngestConfig | None = None,
    *,
    analyzer: Analyzer | None = _analyze_default,
    on_item: Callable[[Outcome], None] | None = None,
    workers: int = 1,
) -> IngestReport:
    """Collect every source, store each document in its own transaction, and report the counts.

    With ``workers > 1`` the analysis runs in that many processes (each loads the models once) while
    this process fetches, deduplicates and stores; documents are still stored one transaction each, in
    the order they were collected.
    """
    ingester = Ingester(store, analyzer=analyzer)
    report = IngestReport()

    def done(outcome: Outcome) -> None:
        report.add(outcome)
        if on_item is not None:
            on_item(outcome)

    items = collect(list(sources), config or IngestConfig())
    if workers <= 1 or analyzer is None:
        for item in items:
            done(ingester.process(item))
        return report
    _ingest_parallel(ingester, items, analyzer, workers, done)
    return report


def _ingest_parallel(
    ingester: Ingester,
    items: Iterable[Fetched | Failure],
    analyzer: Analyzer,
    workers: int,
    done: Callable[[Outcome], None],
) -> None:
    import multiprocessing
    from collections import deque
    from concurrent.futures import Future, ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    # spawn: a clean interpreter per worker, nothing inherited from this one (open connections, threads).
    context = multiprocessing.get_context("spawn")
    pending: deque[tuple[Plan | Outcome, Future | None]] = deque()
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:

        def finish_first() -> None:
            planned, future = pending.popleft()
            if future is None:
                done(planned)  # type: ignore[arg-type]
                return
            try:
                analysis, failure = future.result()
            except Exception as exc:  # the worker died (out of memory, a crash in native code)
                analysis, failure = None, Failure(planned.item.source, "analyze", type(exc).__name__, str(exc))
            done(ingester.commit(planned, analysis, failure))  # type: ignore[arg-type]

        for item in items:
            planned = ingester.plan(item)
            if isinstance(planned, Plan):
                doc = planned.item.document
                try:
                    future = pool.submit(_analyse, analyzer, doc, planned.item.source)
                except BrokenProcessPool:  # a worker died earlier: analyse the rest here
                    future = Future()
                    future.set_result(_analyse(analyzer, doc, planned.item.source))
                pending.append((planned, future))
            else:
                pending.append((planned, None))
            # Keep the workers busy but memory bounded; results are stored in collection order.
            while len(pending) > 2 * workers or (pending and (pending[0][1] is None or pending[0][1].done())):
                finish_first()
        while pending:
            finish_first()
