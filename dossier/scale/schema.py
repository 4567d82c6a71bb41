"""Spark schemas of the Parquet tables (see ``dossier.scale.rows`` for what each column holds)."""

from __future__ import annotations

from pyspark.sql.types import (
    ArrayType,
    BinaryType,
    BooleanType,
    IntegerType,
    LongType,
    StringType,
    StructField,
    StructType,
)

from dossier.scale.rows import DOCUMENT_FIELDS

PIECES = ArrayType(ArrayType(IntegerType()))


def _fields(*pairs: tuple[str, object]) -> list[StructField]:
    return [StructField(name, kind, True) for name, kind in pairs]  # type: ignore[arg-type]


def _span(prefix: str) -> list[StructField]:
    return _fields(
        (f"{prefix}_start", IntegerType()),
        (f"{prefix}_end", IntegerType()),
        (f"{prefix}_pieces", PIECES),
        (f"{prefix}_text", StringType()),
    )


DOCUMENTS = StructType(
    _fields(
        ("ordinal", LongType()),
        ("source", StringType()),
        ("identity", StringType()),
        *((name, StringType()) for name in DOCUMENT_FIELDS),  # the Document record's metadata: all strings
        ("text", StringType()),
        ("chars", IntegerType()),
        ("content_hash", StringType()),
        ("minhash", BinaryType()),
        ("raw", BinaryType()),
        ("media_type", StringType()),
        ("cited_source", StringType()),
        ("analyzed", BooleanType()),
    )
)

MENTIONS = StructType(
    _fields(
        ("doc", LongType()),
        ("start", IntegerType()),
        ("end", IntegerType()),
        ("type", StringType()),
        ("text", StringType()),
        ("actor", StringType()),
    )
)

ACTORS = StructType(
    _fields(
        ("doc", LongType()),
        ("id", StringType()),
        ("type", StringType()),
        ("name", StringType()),
        ("aliases", ArrayType(StringType())),
        ("roles", ArrayType(StringType())),
    )
)

ATTRIBUTIONS = StructType(
    _fields(("doc", LongType()), ("key", StringType()), ("kind", StringType()))
    + _span("content")
    + _span("cue")
    + _span("source")
    + _fields(("speaker", StringType()), ("anonymous", BooleanType()), ("via", StringType()), ("relay", BooleanType()))
)

EVENTS = StructType(
    _fields(("doc", LongType()), ("position", IntegerType()), ("type", StringType()))
    + _span("trigger")
    + _fields(("date", StringType()), ("place", StringType()), ("participants", ArrayType(StringType())))
)

EVIDENCE = StructType(_fields(("start", IntegerType()), ("end", IntegerType()), ("pieces", PIECES)))

STANCES = StructType(
    _fields(
        ("doc", LongType()),
        ("position", IntegerType()),
        ("actor", StringType()),
        ("issue", StringType()),
        ("point", StringType()),
        ("polarity", StringType()),
        ("hedged", BooleanType()),
        ("evidence", ArrayType(EVIDENCE)),
    )
)

FAILURES = StructType(
    _fields(
        ("ordinal", LongType()),
        ("source", StringType()),
        ("stage", StringType()),
        ("error", StringType()),
        ("message", StringType()),
    )
)

CHILDREN = {"mentions": MENTIONS, "actors": ACTORS, "attributions": ATTRIBUTIONS, "events": EVENTS, "stances": STANCES}

# One analysed document as it leaves ``mapPartitions``: its row, its child rows, and a failure if any.
ANALYSED = StructType(
    [
        StructField("document", DOCUMENTS, False),
        *(StructField(name, ArrayType(schema), True) for name, schema in CHILDREN.items()),
        StructField("failure", FAILURES, True),
    ]
)

# What reading the inputs yields: a document or a failure (exactly one is set).
READ = StructType([StructField("document", DOCUMENTS, True), StructField("failure", FAILURES, True)])
