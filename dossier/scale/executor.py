"""What runs inside Spark tasks: reading input files and analysing documents, a partition at a time.

These functions live in a module of their own so that Spark pickles them by reference: every Python
worker imports this module once, and ``_ANALYZE`` (the pipelines with their models) is then loaded
once per worker process and reused by every task it runs (``spark.python.worker.reuse``, on by default),
never once per record.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import Any

from dossier.config import IngestConfig
from dossier.records import Analysis, Document
from dossier.scale import rows

Analyzer = Callable[[Document], Analysis]
_ANALYZE: Analyzer | None = None


def _analyzer() -> Analyzer:
    global _ANALYZE
    if _ANALYZE is None:
        from dossier.nlp.analyze import analyze  # pipelines are built once per process (registry cache)

        _ANALYZE = analyze
    return _ANALYZE


def read_files(files: Iterable[tuple[int, str]], config: IngestConfig) -> Iterator[dict[str, Any]]:
    """Every document and failure in the given (file index, path) pairs, through ``dossier.ingest.collect``
    (the same readers, extraction, language identification and --lang/--published overrides as
    ``dossier ingest``). Yields {"document": row} or {"failure": row}."""
    from dossier.ingest import Failure, collect, dedupe

    for file_index, path in files:
        for number, item in enumerate(collect([path], config)):
            key = rows.ordinal(file_index, number)
            if isinstance(item, Failure):
                yield {"failure": rows.failure_row(item.source, item.stage, item.error, item.message, key)}
                continue
            doc = item.document
            if not doc.text or not doc.text.strip():  # as dossier.run does: nothing to analyse or store
                yield {"failure": rows.failure_row(item.source, "extract", "EmptyText", "no text was extracted", key)}
                continue
            try:
                signature = dedupe.signature_to_bytes(dedupe.minhash(doc.text))
                row = rows.document_row(
                    doc, ordinal=key, source=item.source, content_hash=dedupe.content_hash(doc.text), minhash=signature
                )
            except Exception as exc:  # one odd document never fails the job
                yield {"failure": rows.failure_row(item.source, "dedupe", type(exc).__name__, str(exc), key)}
                continue
            row["raw"], row["media_type"] = item.raw, item.media_type
            yield {"document": row}


def analyze_partition(documents: Iterable[Any]) -> Iterator[dict[str, Any]]:
    """``mapPartitions`` body: analyse each document row; a failing document keeps its row and gets a
    failure (stage "analyze"), as ``dossier ingest`` keeps the text of a document it could not analyse."""
    analyze = _analyzer()
    for document in documents:
        row = document.asDict() if hasattr(document, "asDict") else dict(document)
        out: dict[str, Any] = {"document": row, "failure": None}
        try:
            analysis = analyze(rows.document_of(row))
        except Exception as exc:
            message = str(exc) or type(exc).__name__
            out["failure"] = rows.failure_row(row["source"], "analyze", type(exc).__name__, message, row["ordinal"])
            yield out
            continue
        row["analyzed"], row["cited_source"] = True, analysis.cited_source
        out.update(rows.analysis_rows(analysis, row["ordinal"]))
        yield out
