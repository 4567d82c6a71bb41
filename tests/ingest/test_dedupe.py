"""Duplicate helpers: canonical URLs, content hashes, MinHash signatures and the LSH index."""

from __future__ import annotations

from pathlib import Path

import pytest

from dossier.ingest.dedupe import (
    NearDuplicateIndex,
    canonical_url,
    content_hash,
    minhash,
    signature_from_bytes,
    signature_to_bytes,
    similarity,
)

ARTICLE = (
    "The Kyiv city council on Tuesday approved plans for a new tram line linking the Podil district with the "
    "left-bank neighbourhood of Troieshchyna, a project that has been discussed for more than a decade. The "
    "nine-kilometre line is expected to carry up to 40,000 passengers a day and to cut the journey across the "
    "Dnipro River to about twenty minutes, according to the city transport department. Construction is to "
    "start next spring and will be financed partly by a loan from the European Investment Bank. Opposition "
    "councillors criticised the cost of the project, which they put at more than 300 million euros."
)


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("HTTPS://News.Example.COM:443/a/b?utm_source=tg&utm_medium=social&id=5#comments",
         "https://news.example.com/a/b?id=5"),
        ("https://news.example.com/a?b=2&a=1&fbclid=XYZ", "https://news.example.com/a?a=1&b=2"),
        ("http://news.example.com", "http://news.example.com/"),
        ("not a url", None),
        ("", None),
        (None, None),
    ],
)  # fmt: skip
def test_canonical_url(url, expected):
    assert canonical_url(url) == expected


def test_content_hash_ignores_formatting_only():
    assert content_hash(ARTICLE) == content_hash("  " + ARTICLE.upper().replace(" ", "\n  ") + "\n")
    assert content_hash("Зеленський’s “plan”") == content_hash("зеленський's plan")
    assert content_hash(ARTICLE) != content_hash(ARTICLE.replace("Tuesday", "Wednesday"))


def test_signature_round_trips_through_bytes():
    signature = minhash(ARTICLE)
    data = signature_to_bytes(signature)
    assert len(data) == 128 * 8
    assert similarity(signature_from_bytes(data), signature) == 1.0
    with pytest.raises(ValueError):
        signature_from_bytes(b"123")


def test_near_duplicates_found_and_different_texts_not():
    index = NearDuplicateIndex()
    index.add("original", minhash(ARTICLE))
    edited = ARTICLE.replace("Tuesday", "Wednesday") + " Updated at 14:00."
    other = "A completely different story about grain exports from Odesa ports in October. " * 5
    hits = index.query(minhash(edited))
    assert [key for key, _ in hits] == ["original"] and hits[0][1] >= 0.85
    assert index.query(minhash(other)) == []
    assert index.best(minhash(other)) is None


def test_index_rebuilt_from_stored_signatures():
    stored = [(1, signature_to_bytes(minhash(ARTICLE))), (2, signature_to_bytes(minhash("Another text " * 40)))]
    index = NearDuplicateIndex.from_signatures(stored)
    assert len(index) == 2 and 1 in index
    assert index.best(signature_to_bytes(minhash(ARTICLE + " Photo: Reuters.")))[0] == 1
    index.remove(1)
    assert index.best(minhash(ARTICLE)) is None


@pytest.mark.skipif(
    not (Path(__file__).resolve().parents[2] / ".." / "shared" / "gold").is_dir(), reason="shared/gold is absent"
)
def test_translations_are_not_near_duplicates():
    gold = Path(__file__).resolve().parents[2] / ".." / "shared" / "gold" / "driscoll-kyiv"
    index = NearDuplicateIndex()
    index.add("en", minhash((gold / "en.txt").read_text()))
    assert index.query(minhash((gold / "uk.txt").read_text())) == []
