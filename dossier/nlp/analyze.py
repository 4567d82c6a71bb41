"""``analyze(document) -> Analysis``: the one entry point every runner calls."""

from __future__ import annotations

from dossier.nlp.doc import Doc
from dossier.nlp.registry import load_pipeline
from dossier.records import Analysis, Document

SUPPORTED = ("en", "uk", "ru")


def analyze(document: Document) -> Analysis:
    """Run the pipeline configured for the document's language over it.

    Languages without a pipeline of their own get the ``default`` one.
    """
    doc = Doc(document=document)
    for step in load_pipeline(document.language or "und"):
        doc = step(doc)
    return doc.to_analysis()
