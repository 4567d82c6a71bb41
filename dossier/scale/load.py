"""Loading a Spark run's Parquet tables into the store, in batches of one transaction each.

    from dossier.scale.load import load_parquet
    from dossier.store import open_store

    report = load_parquet(open_store("postgresql+psycopg://postgres@127.0.0.1:5432/dossier"), "out/")

Documents go through the store's own write functions and ``dossier.run``'s identity rules: a document
whose identity (canonical URL, URL or source) is stored with the same content hash, or whose text is
stored under another identity, is a duplicate; one stored at the same identity with other text is
updated. Loading the same tables again therefore changes nothing. Reading needs pyarrow only, no Spark.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from sqlalchemy import select
from sqlalchemy.orm import Session

from dossier.run import identity_of
from dossier.scale import rows
from dossier.store import Store, models
from dossier.store.blobs import put_blob
from dossier.store.near import THRESHOLD, find_near_duplicate
from dossier.store.write import (
    insert_document,
    record_failure,
    store_analysis,
    update_document,
)

Status = Literal["new", "duplicate", "updated", "failed"]
BATCH = 500


class LoadError(Exception):
    """The directory does not hold the tables of a ``dossier scale analyze`` run."""


@dataclass
class LoadReport:
    new: int = 0
    duplicate: int = 0
    updated: int = 0
    failed: int = 0  # documents the store refused (recorded as failures)
    failures: int = 0  # failure rows newly recorded (from the job, and the refused documents)
    batches: int = 0
    resolved: bool = False
    messages: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {
            "new": self.new,
            "duplicate": self.duplicate,
            "updated": self.updated,
            "failed": self.failed,
            "failures": self.failures,
            "batches": self.batches,
            "resolved": self.resolved,
        }


def check_output(directory: Path) -> None:
    """Raise LoadError unless ``directory`` holds the job's tables (checked before a database is opened,
    so a mistyped directory leaves no empty database behind)."""
    _dataset(directory, "documents")


def _dataset(directory: Path, name: str) -> Any:
    import pyarrow.dataset as ds

    path = directory / name
    if not path.is_dir():
        raise LoadError(f"{directory} has no {name}/ table (is it the --output of `dossier scale analyze`?)")
    return ds.dataset(str(path), format="parquet")


def _rows(dataset: Any, column: str, lo: int, hi: int) -> list[dict[str, Any]]:
    import pyarrow.dataset as ds

    # The job writes every table sorted by ordinal, so Parquet statistics skip most row groups here.
    condition = (ds.field(column) >= lo) & (ds.field(column) <= hi)
    return dataset.to_table(filter=condition).to_pylist()


def read_batches(directory: str | os.PathLike[str], batch: int = BATCH) -> Iterator[list[tuple[dict, dict]]]:
    """Documents in input order, ``batch`` at a time, each with its child rows by table name."""
    directory = Path(directory)
    documents = _dataset(directory, "documents")
    children = {name: _dataset(directory, name) for name in rows.TABLES if name not in ("documents", "failures")}
    ordinals = sorted(documents.to_table(columns=["ordinal"]).column("ordinal").to_pylist())
    for i in range(0, len(ordinals), batch):
        lo, hi = ordinals[i], ordinals[min(i + batch, len(ordinals)) - 1]
        docs = sorted(_rows(documents, "ordinal", lo, hi), key=lambda r: r["ordinal"])
        grouped: dict[int, dict[str, list[dict]]] = {d["ordinal"]: {} for d in docs}
        for name, dataset in children.items():
            for row in _rows(dataset, "doc", lo, hi):
                if row["doc"] in grouped:
                    grouped[row["doc"]].setdefault(name, []).append(row)
        yield [(d, grouped[d["ordinal"]]) for d in docs]


def _store_one(session: Session, row: dict[str, Any], children: dict[str, list[dict]]) -> Status:
    """``dossier.run.Ingester``'s decision and writes for one document, inside the caller's transaction."""
    doc = rows.document_of(row)
    source, content_hash = row["source"], row["content_hash"]
    identity = row.get("identity") or identity_of(doc, source)
    analysis = rows.analysis_of(doc, row.get("cited_source"), children) if row.get("analyzed") else None
    existing = session.execute(
        select(models.Document.id, models.Document.content_hash, models.Document.analyzed).where(
            models.Document.identity == identity
        )
    ).first()
    if existing is not None and existing.content_hash == content_hash:
        if existing.analyzed is None and analysis is not None:
            store_analysis(session, existing.id, analysis)
        return "duplicate"
    if existing is None:
        same_text = session.scalar(
            select(models.Document.id).where(models.Document.content_hash == content_hash).limit(1)
        )
        if same_text is not None:
            return "duplicate"
    signature = bytes(row["minhash"]) if row.get("minhash") is not None else None
    raw = bytes(row["raw"]) if row.get("raw") else None
    raw_sha = put_blob(session, raw, row.get("raw_sha256")) if raw else None
    if existing is None:
        near = find_near_duplicate(session, signature, threshold=THRESHOLD) if signature else None
        stored = insert_document(
            session,
            doc,
            identity=identity,
            content_hash=content_hash,
            minhash=signature,
            raw_sha256=raw_sha,
            source=source,
            near_duplicate=near,
        )
        status: Status = "new"
    else:
        stored = session.get_one(models.Document, existing.id)
        update_document(
            session, stored, doc, content_hash=content_hash, minhash=signature, raw_sha256=raw_sha, source=source
        )
        status = "updated"
    if analysis is not None:
        store_analysis(session, stored.id, analysis)
    return status


def load_parquet(
    store: Store,
    directory: str | os.PathLike[str],
    *,
    batch: int = BATCH,
    resolve: bool = True,
    on_batch: Callable[[LoadReport], None] | None = None,
) -> LoadReport:
    """Load every table of a ``dossier scale analyze`` output; then resolve actors and statements once."""
    report = LoadReport()
    for name in rows.TABLES:  # every table present before anything is written
        _dataset(Path(directory), name)
    failures = _dataset(Path(directory), "failures")
    for group in read_batches(directory, batch):
        try:
            with store.session() as session, session.begin():
                statuses = [_store_one(session, row, children) for row, children in group]
        except Exception:
            # One document the store refuses must not lose the batch: store them one transaction each.
            statuses = [_one_by_one(store, row, children, report) for row, children in group]
        for status in statuses:
            setattr(report, status, getattr(report, status) + 1)
        report.batches += 1
        if on_batch is not None:
            on_batch(report)
    rows_ = failures.to_table().to_pylist()
    for i in range(0, len(rows_), batch):
        with store.session() as session, session.begin():
            for f in rows_[i : i + batch]:
                report.failures += record_failure(
                    session, f["source"], f["stage"], f["error"], f["message"], count_again=False
                )
    if resolve and (report.new or report.updated):
        from dossier.resolve.rebuild import rebuild

        rebuild(store)
        report.resolved = True
    return report


def _one_by_one(store: Store, row: dict[str, Any], children: dict[str, list[dict]], report: LoadReport) -> Status:
    try:
        with store.session() as session, session.begin():
            return _store_one(session, row, children)
    except Exception as exc:
        with store.session() as session, session.begin():
            message = f"{type(exc).__name__}: {exc}"
            report.failures += record_failure(
                session, row["source"], "store", type(exc).__name__, message, count_again=False
            )
        return "failed"
