"""Language identification: restricted set, und when unsure, uk vs ru right on the development corpora."""

from __future__ import annotations

from pathlib import Path

import pytest

from dossier.ingest.langeval import evaluate
from dossier.ingest.language import identify_language, normalize_language_code

SHARED = Path(__file__).resolve().parents[2] / ".." / "shared"


def test_article_length_texts():
    assert identify_language("Міська рада у вівторок схвалила план будівництва нової лінії трамваю. " * 4) == "uk"
    assert identify_language("Городской совет во вторник одобрил план строительства новой линии трамвая. " * 4) == "ru"
    assert (
        identify_language("The city council on Tuesday approved plans for a new tram line to the left bank. " * 3)
        == "en"
    )


def test_short_and_empty_texts_are_undetermined():
    assert identify_language("") == "und"
    assert identify_language("ok") == "und"
    assert identify_language("12345 67890 !!! ???") == "und"


def test_short_cyrillic_sentence():
    assert identify_language("Що відбувається з цінами на хліб цього тижня?") == "uk"
    assert identify_language("Что происходит с ценами на хлеб на этой неделе?") == "ru"


def test_only_configured_languages_are_returned():
    text = "Der Stadtrat hat am Dienstag den Bau einer neuen Straßenbahnlinie beschlossen. " * 3
    assert identify_language(text) == "de"
    assert identify_language(text, ["uk", "ru", "en"]) in {"en", "und"}


def test_unknown_language_code_is_a_clear_error():
    with pytest.raises(ValueError, match="unknown or unsupported language code"):
        identify_language("some text " * 10, ["xx"])


@pytest.mark.skipif(not (SHARED / "gold" / "driscoll-kyiv").is_dir(), reason="shared/gold is absent")
def test_reference_articles_all_right():
    correct, total, errors = evaluate(SHARED / "gold" / "driscoll-kyiv", "STEM")
    assert (correct, total) == (3, 3), errors


@pytest.mark.slow
@pytest.mark.parametrize(("corpus", "language"), [("ner-uk-dev", "uk"), ("factrueval-dev", "ru")])
def test_development_corpora_at_least_99_percent(corpus, language):
    directory = SHARED / "eval" / corpus
    if not directory.is_dir():
        pytest.skip(f"{directory} is absent")
    correct, total, errors = evaluate(directory, language)
    assert total > 100
    assert correct / total >= 0.99, errors[:10]


@pytest.mark.parametrize(
    ("declared", "code"),
    [("uk", "uk"), ("UK", "uk"), ("uk-UA", "uk"), ("ukr", "uk"), ("rus_RU", "ru"), ("eng", "en"), ("xx", None),
     ("", None), (None, None), ("english", None)],
)  # fmt: skip
def test_declared_language_codes_are_normalised(declared, code):
    assert normalize_language_code(declared) == code
