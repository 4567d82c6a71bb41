"""``english_tokens``: sentences, tokens, lemmas, POS and the dependency parse from spaCy.

The spaCy ``Doc`` stays in ``doc.extras["spacy"]`` so later English components (NER,
attribution) use this one parse instead of parsing again. Its character offsets
(``token.idx``) are offsets into ``document.text``; in all-caps headlines the token
texts are re-cased for the models (see ``truecase``), never moved.
"""

from __future__ import annotations

from typing import Any

from spacy.language import Language
from spacy.tokens import Doc as SpacyDoc

from dossier.nlp import spacy_backend
from dossier.nlp.doc import Doc, Token
from dossier.nlp.english.attributes import use_cached_attribute_ruler
from dossier.nlp.english.lemmas import use_cached_lemmatizer
from dossier.nlp.english.truecase import Recaser
from dossier.nlp.registry import Component, component

# A paragraph longer than this is cut after a sentence (or at a space): spaCy's memory and time grow faster
# than the length of one piece.
CHUNK_CHARS = 10_000
BATCH_SIZE = 256


def _chunks(text: str, size: int = CHUNK_CHARS) -> list[str]:
    """``text`` in pieces that join back to it: paragraphs (each with the line breaks after it), long ones cut."""
    pieces = []
    start = 0
    while start < len(text):
        brk = text.find("\n", start)
        end = len(text) if brk < 0 else brk
        while end < len(text) and text[end] in "\r\n\t \f\v":
            end += 1
        while end - start > size:
            cut = text.rfind(". ", start, start + size) + 1 or text.rfind(" ", start, start + size)
            cut = cut + 1 if cut > start else start + size
            pieces.append(text[start:cut])
            start = cut
        if end > start:
            pieces.append(text[start:end])
        start = end
    return pieces


_RECASERS: dict[int, Recaser] = {}  # by id of the pipeline and of its vocabulary (rules find it from a Doc)


def parse(nlp: Language, text: str, *, truecase: bool = True) -> SpacyDoc:
    """Run ``nlp`` over ``text``; the returned Doc's ``text_with_ws`` is ``text``.

    Paragraphs go through the pipeline as one batch (the parser and the recognizer are faster
    on a batch of short docs than on one long one) and are joined back into one Doc.
    """
    recaser = _RECASERS.get(id(nlp))
    if recaser is None and truecase:
        recaser = _RECASERS[id(nlp)] = _RECASERS[id(nlp.vocab)] = Recaser(nlp)
    pieces = _chunks(text) or [text]
    docs = [nlp.make_doc(piece) for piece in pieces]
    if truecase and recaser is not None and recaser.shouting(pieces):
        docs = recaser.recase(docs)
    docs = list(nlp.pipe(docs, batch_size=BATCH_SIZE))
    if len(docs) == 1:
        return docs[0]
    # Nothing reads the tok2vec tensors after the pipeline: not joining them saves a copy.
    return SpacyDoc.from_docs(docs, ensure_whitespace=False, exclude=["tensor"])


def english_pipeline(settings: dict[str, Any]) -> Language:
    """The configured spaCy pipeline (loaded once per process); attribute ruler and lemmatizer run cached."""
    nlp = spacy_backend.load(settings.get("model"), exclude=settings.get("exclude", ()))
    use_cached_attribute_ruler(nlp)
    use_cached_lemmatizer(nlp)
    return nlp


def spacy_doc(doc: Doc, settings: dict[str, Any] | None = None) -> SpacyDoc:
    """The spaCy parse of ``doc``: the one english_tokens left, or a fresh one."""
    found = doc.extras.get("spacy")
    if isinstance(found, SpacyDoc):
        return found
    settings = settings or {}
    parsed = parse(english_pipeline(settings), doc.text, truecase=settings.get("truecase", True))
    doc.extras["spacy"] = parsed
    return parsed


def fill_tokens(doc: Doc, parsed: SpacyDoc) -> None:
    text = doc.text
    doc.sentences = []
    for sent in parsed.sents:
        # Sentence spans without the whitespace tokens spaCy keeps at their edges.
        words = [t for t in sent if not t.is_space]
        if words:
            doc.sentences.append((words[0].idx, words[-1].idx + len(words[-1])))
    doc.tokens = [
        Token(
            start=t.idx,
            end=t.idx + len(t),
            text=text[t.idx : t.idx + len(t)],
            lemma=t.lemma_ or None,
            pos=t.pos_ or None,
        )
        for t in parsed
        if not t.is_space
    ]


@component("english_tokens")
def english_tokens(lang: str, config: dict[str, Any]) -> Component:
    """Settings: ``model`` (spaCy pipeline name or path; ``DOSSIER_SPACY_MODEL`` overrides it),
    ``exclude`` (spaCy components not to load), ``truecase`` (re-case all-caps headlines, default on)."""
    settings = dict(config)
    # Load now, so a missing model is reported when the pipeline is built, not halfway through a batch.
    english_pipeline(settings)

    def run(doc: Doc) -> Doc:
        doc.extras.pop("spacy", None)
        fill_tokens(doc, spacy_doc(doc, settings))
        return doc

    return run


def recaser_for(doc: SpacyDoc) -> Recaser | None:
    """The Recaser (and so the word tables) of the pipeline that parsed ``doc``."""
    return _RECASERS.get(id(doc.vocab))
