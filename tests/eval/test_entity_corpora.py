from pathlib import Path

import pytest

from dossier.eval.attribution_corpora import read_attribution_corpus
from dossier.eval.entity_corpora import (
    CorpusError,
    GoldEntity,
    read_conll,
    read_entity_corpus,
    read_factrueval,
    read_ner_uk,
)
from dossier.eval.gold import find_gold

CONLL = """-DOCSTART- -X- O O

EU NNP I-NP I-ORG
rejects VBZ I-VP O
German JJ I-NP I-MISC
call NN I-NP O
. . O O

Peter NNP I-NP I-PER
Blackburn NNP I-NP I-PER

-DOCSTART- -X- O O

Paris NNP I-NP I-LOC
London NNP I-NP B-LOC
"""


def test_conll_text_is_rebuilt_with_spaces_and_newlines(tmp_path: Path):
    (tmp_path / "eng.testa").write_text(CONLL, encoding="utf-8")
    first, second = read_conll(tmp_path / "eng.testa")
    assert first.text == "EU rejects German call .\nPeter Blackburn"
    assert first.language == "en"
    assert first.entities == [GoldEntity(0, 2, "ORG"), GoldEntity(11, 17, "MISC"), GoldEntity(25, 40, "PER")]
    # IOB1: B- starts a second mention right after one of the same type
    assert second.text == "Paris London"
    assert second.entities == [GoldEntity(0, 5, "LOC"), GoldEntity(6, 12, "LOC")]


def test_factrueval_object_extent_covers_its_spans(tmp_path: Path):
    text = "Мэр Москвы Юрий Лужков приехал."
    (tmp_path / "book_7.txt").write_text(text, encoding="utf-8")
    (tmp_path / "book_7.spans").write_text(
        "1 loc_name 4 6 100 1  # 100 Москвы\n"
        "2 org_descr 0 3 99 1  # 99 Мэр\n"
        "3 name 11 4 101 1  # 101 Юрий\n"
        "4 surname 16 6 102 1  # 102 Лужков\n",
        encoding="utf-8",
    )
    (tmp_path / "book_7.objects").write_text(
        "10 Person 3 4 # Юрий Лужков\n11 LocOrg 1 # Москвы\n12 Org 2 1 # Мэр Москвы\n13 Project 2 # Мэр\n",
        encoding="utf-8",
    )
    (doc,) = read_factrueval(tmp_path)
    assert doc.name == "book_7" and doc.language == "ru"
    assert doc.entities == [GoldEntity(0, 10, "ORG"), GoldEntity(4, 10, "LOC"), GoldEntity(11, 22, "PER")]
    assert text[11:22] == "Юрий Лужков"


def test_ner_uk_brat_maps_types_and_keeps_others_as_wrong_targets(tmp_path: Path):
    text = "Устимко приїхав до Києва .\nМіністр освіти\nЛьвів"
    (tmp_path / "a-1.txt").write_text(text, encoding="utf-8")
    ann = (
        "T1\tPERS 0 7\tУстимко\n"
        "T2\tLOC\t19\t24\tКиєва\n"  # tab-separated offsets occur in the corpus too
        "T3\tJOB 27 41\tМіністр освіти\n"
        "T4\tORG 35 47\tосвіти\n"  # a mention over a line end: its text continues on the next line
        "Львів\n"
        "#1\tAnnotatorNotes T1\tnote\n"
    )
    (tmp_path / "a-1.ann").write_text(ann, encoding="utf-8")
    (doc,) = read_ner_uk(tmp_path)
    assert doc.language == "uk"
    assert doc.entities == [
        GoldEntity(0, 7, "PER"),
        GoldEntity(19, 24, "LOC"),
        GoldEntity(27, 41, "JOB"),
        GoldEntity(35, 47, "ORG"),
    ]


def test_missing_layout_is_a_clear_error(tmp_path: Path):
    with pytest.raises(CorpusError, match="book_N"):
        list(read_factrueval(tmp_path))
    with pytest.raises(CorpusError, match=r"\.ann"):
        list(read_ner_uk(tmp_path))


CP1251 = "Пётр Иванов".encode("cp1251")  # a stray file saved in a legacy encoding


@pytest.mark.parametrize(
    ("fmt", "files", "bad"),
    [
        ("conll", {"a.conll": CONLL.encode(), "b.conll": CP1251}, "b.conll"),
        ("ner-uk", {"a-1.txt": CP1251, "a-1.ann": b""}, "a-1.txt"),
        ("factrueval", {"book_1.txt": b"text", "book_1.spans": CP1251, "book_1.objects": b""}, "book_1.spans"),
    ],
)
def test_a_file_that_is_not_utf8_is_named_in_the_error(tmp_path: Path, fmt: str, files: dict[str, bytes], bad: str):
    for name, raw in files.items():
        (tmp_path / name).write_bytes(raw)
    with pytest.raises(CorpusError, match=rf"{bad}: not UTF-8 \(byte 0xf2 at offset 2\)"):
        list(read_entity_corpus(tmp_path, fmt))


def test_attribution_and_gold_files_that_are_not_utf8_are_named(tmp_path: Path):
    ukru = tmp_path / "ukru.jsonl"
    ukru.write_bytes(b'{"doc": "a", "lang": "ru", "text": "' + CP1251 + b'", "attributions": []}\n')
    with pytest.raises(CorpusError, match=r"ukru.jsonl: not UTF-8"):
        list(read_attribution_corpus(ukru))
    (tmp_path / "text").mkdir()
    (tmp_path / "attributions").mkdir()
    (tmp_path / "text" / "doc.txt").write_bytes(CP1251)
    (tmp_path / "attributions" / "doc_1.ann").write_bytes(b"")
    with pytest.raises(CorpusError, match=r"doc.txt: not UTF-8"):
        list(read_attribution_corpus(tmp_path))
    article = tmp_path / "gold" / "article"
    article.mkdir(parents=True)
    (article / "ru.gold.json").write_text('{"document": {"language": "ru"}}', encoding="utf-8")
    (article / "ru.txt").write_bytes(CP1251)
    with pytest.raises(CorpusError, match=r"ru.txt: not UTF-8"):
        find_gold(tmp_path / "gold")
