"""Ukrainian and Russian sentences and tokens (razdel) with lemmas and POS (pymorphy3)."""

from __future__ import annotations

import pytest

from dossier.nlp.doc import Doc
from dossier.nlp.registry import _FACTORIES
from dossier.nlp.slavic import tokens as _tokens  # noqa: F401  (registers slavic_tokens)
from dossier.records import Document


def tokenise(text: str, lang: str) -> Doc:
    return _FACTORIES["slavic_tokens"](lang, {})(Doc(document=Document(text=text, language=lang)))


def test_ukrainian_offsets_are_exact_and_lemmas_known() -> None:
    text = "  Міністр оборони України зустрівся з Деном Дрісколлом у Києві.\n\nРозмова тривала годину, — кажуть."
    doc = tokenise(text, "uk")
    assert len(doc.sentences) == 2
    for tok in doc.tokens:
        assert text[tok.start : tok.end] == tok.text
    for start, end in doc.sentences:
        assert text[start:end].strip() == text[start:end]
    by_text = {t.text: t for t in doc.tokens}
    assert by_text["оборони"].lemma == "оборона"
    assert by_text["зустрівся"].pos == "VERB"
    assert by_text["."].pos == "PUNCT"
    assert by_text["Деном"].pos == "PROPN"
    # the analyzer and each token's parses are left for later components
    assert len(doc.extras["morph_parses"]) == len(doc.tokens)
    assert doc.extras["morph"].parse("Києві")


def test_russian_lemmas_and_letter_digit_tokens() -> None:
    text = "Лидеры G8 встретились в Москве 20 ноября."
    doc = tokenise(text, "ru")
    words = [t.text for t in doc.tokens]
    assert words == ["Лидеры", "G8", "встретились", "в", "Москве", "20", "ноября", "."]
    by_text = {t.text: t for t in doc.tokens}
    assert by_text["Москве"].lemma == "москва"
    assert by_text["Москве"].pos == "PROPN"  # Geox
    assert by_text["встретились"].lemma == "встретиться"


def test_empty_text_and_unsupported_language() -> None:
    doc = tokenise("", "ru")
    assert doc.tokens == [] and doc.sentences == []
    with pytest.raises(ValueError, match="uk, ru"):
        _FACTORIES["slavic_tokens"]("pl", {})
