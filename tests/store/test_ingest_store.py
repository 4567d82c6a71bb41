"""Ingest into the store: new, duplicate, updated, near-duplicate, failures kept beside good documents.

These run the real ``collect`` over real files and the real store; the analysis is left out
(``analyzer=None``) where a test is about storage only, so no model loads.
"""

from __future__ import annotations

import json
from pathlib import Path

import sqlalchemy as sa

from dossier.config import IngestConfig
from dossier.run import ingest
from dossier.store import open_store
from dossier.store.blobs import get_blob

CONFIG = IngestConfig(language="en")

STORY = (
    "The city council approved the new tram line on Tuesday after a debate that lasted six hours. "
    "The line will connect the northern districts with the railway station and is expected to carry "
    "forty thousand passengers a day. Construction is due to start in the spring, the mayor said, "
    "and the first trams should run within three years. Opponents argued that the money would be "
    "better spent on repairing existing roads and bridges across the river."
)


def _count(store, table: str) -> int:  # type: ignore[no-untyped-def]
    with store.engine.connect() as conn:
        return conn.execute(sa.text(f"SELECT count(*) FROM {table}")).scalar_one()


def _write_articles(folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    texts = {
        "tram.txt": "Tram line approved\n\n" + STORY,
        "budget.txt": "Budget vote delayed\n\nThe regional parliament postponed the budget vote to December. "
        "Deputies could not agree on the share of spending for schools and hospitals.",
        "harbour.txt": "Harbour reopens\n\nThe harbour reopened to cargo ships on Monday after a week of storms "
        "closed it. Port officials said the backlog would clear by Friday.",
    }
    paths = []
    for name, text in texts.items():
        path = folder / name
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


def test_reingest_changes_nothing(db_url: str, tmp_path: Path) -> None:
    _write_articles(tmp_path / "in")
    with open_store(db_url) as store:
        first = ingest(store, [str(tmp_path / "in")], CONFIG, analyzer=None)
        assert (first.new, first.duplicate, first.updated, first.failed) == (3, 0, 0, 0)
        before = {t: _count(store, t) for t in ("documents", "blobs", "minhash_bands")}
        second = ingest(store, [str(tmp_path / "in")], CONFIG, analyzer=None)
        assert (second.new, second.duplicate, second.updated, second.failed) == (0, 3, 0, 0)
        assert {t: _count(store, t) for t in before} == before


def test_raw_bytes_kept_content_addressed(db_url: str, tmp_path: Path) -> None:
    (path,) = [p for p in _write_articles(tmp_path / "in") if p.name == "tram.txt"]
    with open_store(db_url) as store:
        ingest(store, [str(path)], CONFIG, analyzer=None)
        with store.session() as s:
            digest = s.execute(sa.text("SELECT raw_sha256 FROM documents")).scalar_one()
            assert get_blob(s, digest) == path.read_bytes()


def test_changed_text_at_same_place_is_updated(db_url: str, tmp_path: Path) -> None:
    paths = _write_articles(tmp_path / "in")
    with open_store(db_url) as store:
        ingest(store, [str(p) for p in paths], CONFIG, analyzer=None)
        with store.engine.connect() as conn:
            before = conn.execute(sa.text("SELECT id FROM documents WHERE path LIKE '%budget.txt'")).scalar_one()
        paths[1].write_text("Budget vote delayed\n\nThe vote is now set for the ninth of December.", encoding="utf-8")
        report = ingest(store, [str(p) for p in paths], CONFIG, analyzer=None)
        assert (report.new, report.duplicate, report.updated) == (0, 2, 1)
        with store.engine.connect() as conn:
            row = conn.execute(sa.text("SELECT id, text FROM documents WHERE path LIKE '%budget.txt'")).one()
        assert row.id == before and "ninth of December" in row.text
        assert _count(store, "documents") == 3


def test_two_versions_of_one_url_in_a_source_settle_on_a_rerun(db_url: str, tmp_path: Path) -> None:
    # An archive or export holding the same URL twice (crawled before and after an edit): the later
    # version updates the earlier one; running the same ingest again finds both versions known.
    source = tmp_path / "crawl.jsonl"
    versions = [STORY, STORY.replace("forty thousand", "fifty thousand") + " The vote was 31 to 12."]
    source.write_text(
        "".join(json.dumps({"url": "https://news.example/tram", "text": t}) + "\n" for t in versions), encoding="utf-8"
    )
    with open_store(db_url) as store:
        first = ingest(store, [str(source)], CONFIG, analyzer=None)
        assert (first.new, first.updated, first.duplicate) == (1, 1, 0)
        again = ingest(store, [str(source)], CONFIG, analyzer=None)
        assert (again.new, again.updated, again.duplicate) == (0, 0, 2)
        with store.engine.connect() as conn:
            (text,) = conn.execute(sa.text("SELECT text FROM documents")).scalars()
        assert text == versions[1]


def test_same_text_elsewhere_is_a_duplicate(db_url: str, tmp_path: Path) -> None:
    paths = _write_articles(tmp_path / "a")
    copy = tmp_path / "b" / "tram-copy.txt"
    copy.parent.mkdir()
    copy.write_bytes(paths[0].read_bytes())
    with open_store(db_url) as store:
        report = ingest(store, [str(tmp_path / "a"), str(copy)], CONFIG, analyzer=None)
        assert (report.new, report.duplicate) == (3, 1)


def test_near_duplicate_is_stored_as_a_link(db_url: str, tmp_path: Path) -> None:
    original = tmp_path / "tram.txt"
    original.write_text(STORY, encoding="utf-8")
    rewrite = tmp_path / "tram-2.txt"  # another outlet's copy of the wire story, with a credit line added
    rewrite.write_text(STORY + " Reporting by Anna Smith; editing by John Doe.", encoding="utf-8")
    other = tmp_path / "other.txt"
    other.write_text("Harbour reopens. The harbour reopened to cargo ships on Monday after storms.", encoding="utf-8")
    with open_store(db_url) as store:
        report = ingest(store, [str(original), str(rewrite), str(other)], CONFIG, analyzer=None)
        assert (report.new, report.near_duplicates) == (3, 1)
        with store.engine.connect() as conn:
            rows = dict(conn.execute(sa.text("SELECT path, near_duplicate_of FROM documents")).all())
            first = conn.execute(sa.text("SELECT id FROM documents WHERE path = :p"), {"p": str(original)}).scalar()
        assert rows[str(rewrite)] == first
        assert rows[str(original)] is None and rows[str(other)] is None


def test_failures_recorded_and_good_documents_kept(db_url: str, tmp_path: Path) -> None:
    folder = tmp_path / "mixed"
    _write_articles(folder)
    (folder / "empty.html").write_bytes(b"")
    (folder / "binary.html").write_bytes(bytes(range(256)) * 64)
    (folder / "lines.jsonl").write_text(
        json.dumps({"title": "Good line", "text": "A good line of news about the harbour and the ships."})
        + "\n{not json\n",
        encoding="utf-8",
    )
    with open_store(db_url) as store:
        report = ingest(store, [str(folder), str(tmp_path / "missing.txt")], CONFIG, analyzer=None)
        assert report.new == 4  # three .txt files and the good JSONL line
        assert report.failed == len(report.failures) >= 3
        stages = {f.source.rsplit("/", 1)[-1]: f.stage for f in report.failures}
        assert "lines.jsonl:2" in stages and "missing.txt" in stages and "empty.html" in stages
        assert _count(store, "failures") == report.failed
        with store.engine.connect() as conn:
            kept = conn.execute(sa.text("SELECT source, stage, error_class, message FROM failures")).all()
        assert all(row.stage and row.error_class and row.message for row in kept)
        # The same problems met again are counted, not stored again.
        again = ingest(store, [str(folder), str(tmp_path / "missing.txt")], CONFIG, analyzer=None)
        assert again.failed == report.failed and again.duplicate == 4
        assert _count(store, "failures") == report.failed
        with store.engine.connect() as conn:
            assert set(conn.execute(sa.text("SELECT attempts FROM failures")).scalars()) == {2}


def test_very_long_urls_are_stored(db_url: str, tmp_path: Path) -> None:
    url = "https://news.example/story?" + "&".join(f"p{i}=value{i}" for i in range(600))  # ~7,000 characters
    path = tmp_path / "long.jsonl"
    path.write_text(json.dumps({"url": url, "title": "Long", "text": STORY}) + "\n", encoding="utf-8")
    with open_store(db_url) as store:
        assert ingest(store, [str(path)], CONFIG, analyzer=None).new == 1
        assert ingest(store, [str(path)], CONFIG, analyzer=None).duplicate == 1
        with store.engine.connect() as conn:
            assert conn.execute(sa.text("SELECT url FROM documents")).scalar_one() == url


def test_a_huge_title_is_shortened_not_refused(db_url: str, tmp_path: Path) -> None:
    # A dump whose "title" holds a whole article (2 MB of distinct words) went past PostgreSQL's 1 MB
    # tsvector limit and the record was refused; it is stored with its title cut at a word, its text whole.
    import random
    import string

    from dossier.store.search import search
    from dossier.store.write import MAX_TITLE_CHARS

    rng = random.Random(4)
    words = ["".join(rng.choice(string.ascii_lowercase) for _ in range(rng.randint(5, 12))) for _ in range(200_000)]
    title = " ".join(words)
    path = tmp_path / "dump.jsonl"
    path.write_text(json.dumps({"title": title, "text": STORY}) + "\n", encoding="utf-8")
    with open_store(db_url) as store:
        report = ingest(store, [str(path)], CONFIG, analyzer=None)
        assert (report.new, report.failed) == (1, 0), report.to_json()
        with store.engine.connect() as conn:
            stored, text = conn.execute(sa.text("SELECT title, text FROM documents")).one()
        assert len(stored) <= MAX_TITLE_CHARS and stored.endswith("…")
        assert title.startswith(stored[:-1].rstrip()) and text == STORY
        assert [hit.title for hit in search(store, words[3])] == [stored]
        assert ingest(store, [str(path)], CONFIG, analyzer=None).duplicate == 1


def test_a_store_failure_names_the_error_in_one_line(pg_url: str, tmp_path: Path) -> None:
    # A record the database refuses fails alone, reported with the database error's class and its first
    # line (not an internal wrapper's name and the whole SQL statement with its parameters).
    path = tmp_path / "dump.jsonl"
    rows = [{"title": "refuse me", "text": STORY}, {"title": "keep me", "text": STORY + " Again."}]
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    with open_store(pg_url) as store:
        with store.engine.begin() as conn:  # the database's own rule, as a DBA might add one
            conn.execute(
                sa.text(
                    "CREATE FUNCTION refuse() RETURNS trigger LANGUAGE plpgsql AS "
                    "$$ BEGIN RAISE EXCEPTION 'refused by the database'; END $$"
                )
            )
            conn.execute(
                sa.text(
                    "CREATE TRIGGER refuse BEFORE INSERT ON documents FOR EACH ROW "
                    "WHEN (NEW.title = 'refuse me') EXECUTE FUNCTION refuse()"
                )
            )
        report = ingest(store, [str(path)], CONFIG, analyzer=None)
    assert (report.new, report.failed) == (1, 1), report.to_json()
    (failure,) = report.failures
    assert failure.source == f"{path}:1" and failure.stage == "store", failure
    assert failure.error == "ProgrammingError", failure  # SQLAlchemy's class for a raised exception
    assert failure.message.endswith("refused by the database") and "\n" not in failure.message, failure


def test_a_long_text_in_a_wide_script_is_stored_and_searchable(pg_url: str, tmp_path: Path) -> None:
    # PostgreSQL's search index takes at most 1 MB of words a row: 480,000 characters of distinct Chinese
    # words are 1.3 MB in UTF-8, and the document was refused. Only so much of the text is indexed.
    import random

    rng = random.Random(7)
    words = ["".join(chr(rng.randint(0x4E00, 0x9FFF)) for _ in range(7)) for _ in range(60_000)]
    path = tmp_path / "report.txt"
    path.write_text("报告\n\n" + " ".join(words) + "\n", encoding="utf-8")
    with open_store(pg_url) as store:
        report = ingest(store, [str(path)], IngestConfig(language="zh"), analyzer=None)
        assert (report.new, report.failed) == (1, 0), report.to_json()
        from dossier.store.search import search

        assert [hit.path for hit in search(store, f'"{words[10]}"')] == [str(path)]


def test_a_failure_with_a_very_long_source_is_recorded(db_url: str, tmp_path: Path) -> None:
    # Failures are looked up by source; PostgreSQL's btree index took at most 2,700 bytes of one, and
    # recording the failure of a long, incompressible URL or path stopped the whole batch.
    import random
    import string

    rng = random.Random(2)
    parts = ["".join(rng.choice(string.ascii_letters + string.digits) for _ in range(200)) for _ in range(20)]
    missing = str(tmp_path.joinpath(*parts)) + ".txt"
    good = tmp_path / "good.txt"
    good.write_text(STORY, encoding="utf-8")
    with open_store(db_url) as store:
        report = ingest(store, [missing, str(good)], CONFIG, analyzer=None)
        assert (report.new, report.failed) == (1, 1), report.to_json()
        assert ingest(store, [missing, str(good)], CONFIG, analyzer=None).failed == 1
        with store.engine.connect() as conn:
            assert conn.execute(sa.text("SELECT source, attempts FROM failures")).one() == (missing, 2)


def test_a_published_date_with_a_long_fraction_of_a_second_is_stored(db_url: str, tmp_path: Path) -> None:
    # ISO 8601 allows any number of decimals; the store keeps 40 characters, and PostgreSQL refused the
    # record. The date-time is kept to the second.
    path = tmp_path / "dump.jsonl"
    published = "2025-11-20T08:00:00." + "1" * 40 + "+02:00"
    path.write_text(json.dumps({"text": STORY, "published": published}) + "\n", encoding="utf-8")
    with open_store(db_url) as store:
        report = ingest(store, [str(path)], CONFIG, analyzer=None)
        assert (report.new, report.failed) == (1, 0), report.to_json()
        with store.engine.connect() as conn:
            assert conn.execute(sa.text("SELECT published FROM documents")).scalar_one() == "2025-11-20T08:00:00+02:00"
