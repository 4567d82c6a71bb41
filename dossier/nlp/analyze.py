"""``analyze(document) -> Analysis``: the one entry point every runner calls."""

from __future__ import annotations

import dataclasses
import os

from dossier.nlp.doc import Doc
from dossier.nlp.registry import load_pipeline
from dossier.records import Analysis, Document

SUPPORTED = ("en", "uk", "ru")

# Memory grows with the text (English: 870 MB at peak for 2,000,000 characters, measured), so a text
# the size of a book is refused with its reason rather than risking the process, and the batch, being
# killed; ingest keeps such a document's text, recorded as not analysed. Users with the memory raise it.
MAX_CHARS_ENV = "DOSSIER_MAX_CHARS"
DEFAULT_MAX_CHARS = 2_000_000


class TextTooLong(ValueError):
    """The text is longer than the analysis limit (``DOSSIER_MAX_CHARS``)."""


# Characters that are kept in ``document.text`` (offsets index the text as read) but that the
# models must not see inside a word: a byte order mark glued to the first name ("\ufeffZelensky")
# hid it from every recogniser. Each becomes one space, so every offset stays the same.
_INVISIBLE = str.maketrans({"\ufeff": " ", "\u200b": " ", "\u2060": " "})


def analyze(document: Document) -> Analysis:
    """Run the pipeline configured for the document's language over it.

    Languages without a pipeline of their own get the ``default`` one. A text longer than
    ``max_chars()`` raises ``TextTooLong``.
    """
    limit = max_chars()
    if len(document.text) > limit:
        raise TextTooLong(
            f"the text has {len(document.text):,} characters, more than the analysis limit of {limit:,} "
            f"(set {MAX_CHARS_ENV} to raise it; English needs about 0.4 GB of memory per million characters)"
        )
    seen = document.text.translate(_INVISIBLE)
    work = document if seen == document.text else dataclasses.replace(document, text=seen)
    doc = Doc(document=work)
    for step in load_pipeline(document.language or "und"):
        doc = step(doc)
    analysis = doc.to_analysis()
    if work is not document:
        analysis.document = document
        for e in analysis.entities:
            e.text = document.text[e.start : e.end]
    return analysis


def max_chars() -> int:
    """The longest text ``analyze`` accepts: ``$DOSSIER_MAX_CHARS``, else 2,000,000."""
    value = os.environ.get(MAX_CHARS_ENV, "").replace("_", "").replace(",", "").strip()
    if not value:
        return DEFAULT_MAX_CHARS
    if not value.isdigit() or int(value) < 1:
        raise ValueError(f"{MAX_CHARS_ENV}={os.environ[MAX_CHARS_ENV]!r} is not a positive whole number")
    return int(value)
