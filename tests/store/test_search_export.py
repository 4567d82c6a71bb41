"""Full-text search with highlighted snippets (Latin and Cyrillic), export in every format, hostile text."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pyarrow.parquet as pq
import pytest
import sqlalchemy as sa

from dossier.config import IngestConfig
from dossier.records import Analysis, Attribution, Document, Span
from dossier.run import ingest
from dossier.store import open_store
from dossier.store.export import export_csv, export_jsonl, export_parquet
from dossier.store.search import fts5_query, search, tsquery

UK = (
    "Під час візиту до Києва міністр армії США Деніел Дрісколл обговорив з українськими посадовцями "
    "суттєве збільшення військової підтримки, повідомляє Bloomberg. Візит Дрісколла тривав два дні."
)
RU = (
    "Во время визита в Киев министр армии США Дэниел Дрисколл обсудил с украинскими чиновниками "
    "значительное увеличение военной поддержки, сообщает Bloomberg."
)
EN = (
    "During his visit to Kyiv, US Army Secretary Daniel Driscoll discussed with Ukrainian officials "
    "a significant increase in military support, according to Bloomberg."
)
HOSTILE_TITLE = "'; DROP TABLE documents; -- \" OR 1=1 [bold]x[/bold] <script>"


def _corpus(folder: Path) -> Path:
    path = folder / "news.jsonl"
    rows = [
        {
            "url": "https://news.example/uk/1",
            "title": "Візит Дрісколла",
            "text": UK,
            "language": "uk",
            "published": "2025-11-22",
        },
        {
            "url": "https://news.example/ru/1",
            "title": "Визит Дрисколла",
            "text": RU,
            "language": "ru",
            "published": "2025-11-21",
        },
        {
            "url": "https://news.example/en/1",
            "title": "Driscoll in Kyiv",
            "text": EN,
            "language": "en",
            "published": "2025-10-01",
        },
        {
            "url": "https://news.example/x",
            "title": HOSTILE_TITLE,
            "text": "Robert'); DROP TABLE students;-- said the harbour is closed. Nothing else happened.",
            "language": "en",
        },
    ]
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    return path


@pytest.fixture
def filled(db_url: str, tmp_path: Path):  # type: ignore[no-untyped-def]
    store = open_store(db_url)
    report = ingest(store, [str(_corpus(tmp_path))], IngestConfig(), analyzer=None)
    assert report.new == 4
    yield store
    store.close()


def _marked(hit) -> list[str]:  # type: ignore[no-untyped-def]
    return [hit.snippet[a:b] for a, b in hit.highlights]


def test_search_cyrillic_with_highlights(filled) -> None:  # type: ignore[no-untyped-def]
    hits = search(filled, "Дрісколл")
    assert [h.title for h in hits] == ["Візит Дрісколла"] or hits[0].title == "Візит Дрісколла"
    assert "Дрісколл" in _marked(hits[0])
    assert search(filled, "дрісколл")[0].id == hits[0].id  # case-insensitive for Cyrillic too


def test_search_filters_language_and_date(filled) -> None:  # type: ignore[no-untyped-def]
    assert {h.language for h in search(filled, "Bloomberg")} == {"uk", "ru", "en"}
    assert {h.language for h in search(filled, "Bloomberg", language="ru")} == {"ru"}
    assert {h.language for h in search(filled, "Bloomberg", since="2025-11-01")} == {"uk", "ru"}


def test_search_phrases_and_alternatives(filled) -> None:  # type: ignore[no-untyped-def]
    assert len(search(filled, '"military support"')) == 1
    assert len(search(filled, '"support military"')) == 0
    assert {h.language for h in search(filled, "Driscoll OR Дрисколл")} == {"en", "ru"}


def test_hostile_text_and_queries_stay_text(filled) -> None:  # type: ignore[no-untyped-def]
    for query in ["'; DROP TABLE documents; --", '" OR 1=1 --', "NEAR(", "title:*", "AND OR NOT", "(((", '"', "*"]:
        search(filled, query)  # no syntax error, no injection
    hits = search(filled, "DROP TABLE students")
    assert len(hits) == 1 and hits[0].title == HOSTILE_TITLE
    with filled.engine.connect() as conn:
        assert conn.execute(sa.text("SELECT count(*) FROM documents")).scalar_one() == 4


def test_search_finds_inflected_cyrillic_forms(filled) -> None:  # type: ignore[no-untyped-def]
    # "Візит Дрісколла" (genitive) is found from the nominative, the whole form is highlighted.
    (hit,) = search(filled, "Дрісколл", language="uk")
    assert "Дрісколла" in _marked(hit)
    assert {h.language for h in search(filled, "Украина")} == {"ru"}  # "украинскими"
    assert search(filled, '"Дрисколл обсудил"')[0].language == "ru"


def test_queries_are_rebuilt_from_words() -> None:
    assert fts5_query("a b") == '"a" "b"'
    assert fts5_query('"a b" OR c*') == '"a b" OR "c"*'
    assert fts5_query("'; DROP --") == '"DROP"'
    assert fts5_query("Зеленський") == '"Зеленськ"*'
    assert fts5_query("!!!") is None
    assert tsquery('"a b" OR c* d') == "(a <-> b) | (c:*) & (d)"


def test_export_jsonl_csv_parquet(filled, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    # One document gets an attribution, so the JSONL export can be checked to carry it with its spans.
    from dossier.store.write import store_analysis

    with filled.session() as s, s.begin():
        doc_id, text = s.execute(sa.text("SELECT id, text FROM documents WHERE title = 'Driscoll in Kyiv'")).one()
        cue = text.index("according to")
        analysis = Analysis(
            document=Document(text=text, language="en"),
            attributions=[
                Attribution("a1", "indirect", Span(0, cue - 2), Span(cue, cue + 12), Span(cue + 13, len(text) - 1))
            ],
        )
        store_analysis(s, doc_id, analysis)

    out = io.StringIO()
    assert export_jsonl(filled, out) == 4
    docs = [json.loads(line) for line in out.getvalue().splitlines()]
    by_lang = {d["language"]: d for d in docs if d["title"] != HOSTILE_TITLE}
    assert by_lang["uk"]["text"] == UK and by_lang["uk"]["title"] == "Візит Дрісколла"
    (attr,) = by_lang["en"]["attributions"]
    assert attr["cue"]["text"] == "according to" and attr["source"]["text"] == "Bloomberg"

    out = io.StringIO()
    assert export_csv(filled, out) == 4
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert {r["title"] for r in rows} >= {HOSTILE_TITLE, "Визит Дрисколла"}
    assert next(r for r in rows if r["language"] == "ru")["text"] == RU

    path = tmp_path / "docs.parquet"
    assert export_parquet(filled, path) == 4
    table = pq.read_table(path).to_pylist()
    assert {r["language"] for r in table} == {"uk", "ru", "en"}
    assert next(r for r in table if r["title"] == "Driscoll in Kyiv")["chars"] == len(EN)
