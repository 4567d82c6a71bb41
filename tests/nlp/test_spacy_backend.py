"""The spaCy backend loads any installed spaCy pipeline by name or path, once per process.

The pipeline here is one the test trains itself: a blank English pipeline with an
entity recognizer, trained on a dozen sentences and saved to a directory.
"""

from __future__ import annotations

import os
import random
import subprocess
import sys
from pathlib import Path

import numpy
import pytest
import spacy
from spacy.training import Example

from dossier.nlp import spacy_backend
from dossier.nlp.doc import Doc
from dossier.nlp.english.ner import english_ner
from dossier.nlp.english.tokens import english_tokens
from dossier.records import Document

TRAIN = [
    ("Olena Kovalenko arrived in Lviv on Monday.", [("Olena Kovalenko", "PERSON"), ("Lviv", "GPE")]),
    ("Mark Rutte spoke to reporters in Brussels.", [("Mark Rutte", "PERSON"), ("Brussels", "GPE")]),
    ("The Acme Corporation opened an office in Odesa.", [("Acme Corporation", "ORG"), ("Odesa", "GPE")]),
    ("Anna Berg works for Nordbank in Oslo.", [("Anna Berg", "PERSON"), ("Nordbank", "ORG"), ("Oslo", "GPE")]),
    ("Reporters from Globex waited in Warsaw.", [("Globex", "ORG"), ("Warsaw", "GPE")]),
    ("Ivan Petrenko left Kharkiv yesterday.", [("Ivan Petrenko", "PERSON"), ("Kharkiv", "GPE")]),
    ("Initech announced record profits in Berlin.", [("Initech", "ORG"), ("Berlin", "GPE")]),
    ("Maria Lopez met Tom Baker in Madrid.", [("Maria Lopez", "PERSON"), ("Tom Baker", "PERSON"), ("Madrid", "GPE")]),
    ("Nordbank and Globex signed a deal.", [("Nordbank", "ORG"), ("Globex", "ORG")]),
    ("Tom Baker flew from Oslo to Lviv.", [("Tom Baker", "PERSON"), ("Oslo", "GPE"), ("Lviv", "GPE")]),
    ("Olena Kovalenko joined Initech last year.", [("Olena Kovalenko", "PERSON"), ("Initech", "ORG")]),
    ("It rained all day in Warsaw and Berlin.", [("Warsaw", "GPE"), ("Berlin", "GPE")]),
]


def _offsets(text: str, spans: list[tuple[str, str]]) -> list[tuple[int, int, str]]:
    return [(text.index(name), text.index(name) + len(name), label) for name, label in spans]


@pytest.fixture(scope="module")
def trained_pipeline(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Train a tiny English NER for a few iterations and save it where spacy.load can find it."""
    spacy.util.fix_random_seed(0)
    nlp = spacy.blank("en")
    ner = nlp.add_pipe("ner")
    examples = [Example.from_dict(nlp.make_doc(text), {"entities": _offsets(text, spans)}) for text, spans in TRAIN]
    for _, spans in TRAIN:
        for _, label in spans:
            ner.add_label(label)
    nlp.add_pipe("sentencizer", first=True)
    optimizer = nlp.initialize(lambda: examples)
    rng = random.Random(0)
    for _ in range(40):
        rng.shuffle(examples)
        nlp.update(examples, sgd=optimizer, drop=0.1)
    path = tmp_path_factory.mktemp("pipelines") / "tiny_en_ner"
    nlp.to_disk(path)
    return path


def test_loads_a_pipeline_by_path_once_and_finds_entities(trained_pipeline: Path) -> None:
    nlp = spacy_backend.load(str(trained_pipeline))
    assert spacy_backend.load(str(trained_pipeline)) is nlp  # once per process
    doc = nlp("Anna Berg works for Nordbank in Oslo.")
    assert ("Anna Berg", "PERSON") in [(e.text, e.label_) for e in doc.ents]
    assert ("Oslo", "GPE") in [(e.text, e.label_) for e in doc.ents]


def test_matrix_products_go_through_numpy_with_the_same_results(trained_pipeline: Path) -> None:
    with_blis = spacy.load(trained_pipeline)
    with_numpy = spacy_backend.load(str(trained_pipeline))
    assert any(layer.ops.use_blis for layer in with_blis.get_pipe("ner").model.walk())
    assert not any(layer.ops.use_blis for layer in with_numpy.get_pipe("ner").model.walk())
    assert spacy_backend.use_numpy_blas(with_numpy) == 0  # nothing left to change
    text = "Maria Lopez met Tom Baker in Madrid. Initech and Globex signed a deal in Oslo."
    vectors = [
        nlp.get_pipe("ner").model.get_ref("tok2vec").predict([nlp.make_doc(text)])[0] for nlp in (with_blis, with_numpy)
    ]
    assert numpy.allclose(vectors[0], vectors[1], rtol=1e-5, atol=1e-6)
    assert [(e.text, e.label_) for e in with_numpy(text).ents] == [(e.text, e.label_) for e in with_blis(text).ents]


@pytest.mark.skipif((os.cpu_count() or 1) < 2, reason="OpenBLAS runs one thread on one CPU anyway")
def test_one_blas_thread_even_when_numpy_was_imported_first(trained_pipeline: Path) -> None:
    # A fresh interpreter: OpenBLAS fixes its threads when numpy loads, before dossier can ask.
    script = (
        "import numpy\n"
        "from threadpoolctl import threadpool_info\n"
        "from dossier.nlp import spacy_backend\n"
        f"spacy_backend.load({str(trained_pipeline)!r})\n"
        "print(max(i['num_threads'] for i in threadpool_info() if i['user_api'] == 'blas'))\n"
    )
    env = {k: v for k, v in os.environ.items() if not k.endswith("_NUM_THREADS")}
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env, check=True)
    assert out.stdout.strip() == "1"


def test_environment_variable_chooses_the_pipeline_for_the_english_components(
    trained_pipeline: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(spacy_backend.ENV_VAR, str(trained_pipeline))
    assert spacy_backend.model_name("en_core_web_sm") == str(trained_pipeline)
    text = "Maria Lopez met Tom Baker in Madrid."
    doc = Doc(document=Document(text=text, language="en"))
    doc = english_tokens("en", {"model": "no_such_pipeline"})(doc)
    doc = english_ner("en", {})(doc)
    assert [t.text for t in doc.tokens][:3] == ["Maria", "Lopez", "met"]
    assert doc.sentences == [(0, len(text))]
    found = {(e.text, e.type) for e in doc.entities}
    assert {("Maria Lopez", "PER"), ("Madrid", "LOC")} <= found
    for e in doc.entities:
        assert text[e.start : e.end] == e.text


def test_setting_names_the_pipeline_when_no_environment_variable(
    trained_pipeline: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(spacy_backend.ENV_VAR, raising=False)
    assert spacy_backend.model_name(str(trained_pipeline)) == str(trained_pipeline)


def test_a_pipeline_that_is_not_installed_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(spacy_backend.ENV_VAR, "en_no_such_pipeline_xyz")
    with pytest.raises(spacy_backend.SpacyModelError, match="en_no_such_pipeline_xyz"):
        spacy_backend.load()
