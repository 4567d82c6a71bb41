"""Document rows of a Spark run, without Spark: every field of the record survives the trip."""

from __future__ import annotations

from dataclasses import fields

from dossier.records import Document
from dossier.scale import rows


def test_document_row_keeps_every_field_of_the_record() -> None:
    doc = Document(
        text="Smith said the plan is dead.",
        url="https://news.example/en/plan",
        canonical_url="https://news.example/en/plan",
        site="news.example",
        title="The plan",
        author="A. Reporter",
        published="2025-11-22",
        published_source="metadata",
        language="en",
        raw_sha256="0" * 64,
    )
    row = rows.document_row(doc, ordinal=rows.ordinal(1, 2), source="page.html", content_hash="h", minhash=b"")
    assert row["ordinal"] == (1 << 32) | 2 and row["chars"] == len(doc.text)
    assert rows.document_of(row) == doc


def test_every_field_of_the_record_is_an_exported_column() -> None:
    # DOCUMENT_FIELDS is the export's columns that are Document fields: a field added to Document but
    # not to the export's COLUMNS would be dropped from Spark rows.
    assert set(rows.DOCUMENT_FIELDS) == {f.name for f in fields(Document)} - {"text"}
