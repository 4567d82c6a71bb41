"""``analyze(document) -> Analysis``: the one entry point every runner calls."""

from __future__ import annotations

import dataclasses

from dossier.nlp.doc import Doc
from dossier.nlp.registry import load_pipeline
from dossier.records import Analysis, Document

SUPPORTED = ("en", "uk", "ru")

# Characters that are kept in ``document.text`` (offsets index the text as read) but that the
# models must not see inside a word: a byte order mark glued to the first name ("\ufeffZelensky")
# hid it from every recogniser. Each becomes one space, so every offset stays the same.
_INVISIBLE = str.maketrans({"\ufeff": " ", "\u200b": " ", "\u2060": " "})


def analyze(document: Document) -> Analysis:
    """Run the pipeline configured for the document's language over it.

    Languages without a pipeline of their own get the ``default`` one.
    """
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
