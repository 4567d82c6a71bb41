"""``dossier documents``, ``search`` and ``export`` over a store filled by ``dossier ingest``."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from dossier.config import IngestConfig
from dossier.run import ingest
from dossier.store import open_store

HOSTILE = "Robert'); DROP TABLE documents;-- [bold red]not markup[/bold red] <b>"
ROWS = [
    {"url": "https://news.example/uk/1", "title": "Візит Дрісколла до Києва", "language": "uk",
     "published": "2025-11-22", "author": "Ліліана Оленяк",
     "text": "Міністр армії США Деніел Дрісколл обговорив у Києві збільшення військової підтримки."},
    {"url": "https://news.example/en/1", "title": HOSTILE, "language": "en", "published": "2025-10-01",
     "text": "The harbour reopened to cargo ships on Monday; officials said the backlog would clear by Friday."},
]  # fmt: skip


def dossier(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "COLUMNS": "250"}  # wide tables: no wrapping inside the strings checked below
    return subprocess.run(
        [sys.executable, "-m", "dossier", *args], capture_output=True, text=True, env=env, timeout=300
    )


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> str:
    folder = tmp_path_factory.mktemp("docs")
    source = folder / "news.jsonl"
    source.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in ROWS), encoding="utf-8")
    path = str(folder / "docs.db")
    # Filled through the Python API without the analysis (no models load): these tests are about
    # listing, search and export; `dossier ingest` itself is tested in test_ingest_cli.py.
    with open_store(path) as store:
        assert ingest(store, [str(source)], IngestConfig(), analyzer=None).new == 2
    return path


def test_documents_json_lines(db: str) -> None:
    run = dossier("documents", "--db", db, "--json")
    assert run.returncode == 0, run.stderr
    docs = [json.loads(line) for line in run.stdout.splitlines()]
    assert len(docs) == 2
    for doc in docs:
        assert {"id", "url", "path", "title", "author", "published", "language", "chars"} <= doc.keys()
    uk = next(d for d in docs if d["url"].endswith("/uk/1"))
    assert uk["title"] == "Візит Дрісколла до Києва" and uk["chars"] == len(ROWS[0]["text"])
    assert uk["author"] == "Ліліана Оленяк" and uk["published"] == "2025-11-22"


def test_documents_table_shows_untrusted_text_as_text(db: str) -> None:
    run = dossier("documents", "--db", db)
    assert run.returncode == 0, run.stderr
    assert "[bold red]not" in run.stdout and "Візит Дрісколла" in run.stdout


def test_search_json_and_table(db: str) -> None:
    run = dossier("search", "Дрісколл", "--db", db, "--json")
    (hit,) = [json.loads(line) for line in run.stdout.splitlines()]
    assert hit["title"] == "Візит Дрісколла до Києва"
    marked = [hit["snippet"][a:b] for a, b in hit["highlights"]]
    assert marked and all(word.startswith("Дрісколл") for word in marked)
    table = dossier("search", "harbour", "--db", db)
    assert "reopened" in table.stdout and "[bold red]not markup" in table.stdout
    assert dossier("search", "Дрісколл", "--db", db, "--since", "2025-12-01", "--json").stdout == ""
    assert dossier("search", "Дрісколл", "--db", db, "--lang", "en", "--json").stdout == ""
    hostile = dossier("search", "'); DROP TABLE documents;--", "--db", db, "--json")
    assert hostile.returncode == 0 and len(hostile.stdout.splitlines()) == 1
    assert len(dossier("documents", "--db", db, "--json").stdout.splitlines()) == 2


def test_export_formats(db: str, tmp_path: Path) -> None:
    lines = dossier("export", "--db", db, "--format", "jsonl").stdout.splitlines()
    docs = [json.loads(line) for line in lines]
    assert {d["title"] for d in docs} == {r["title"] for r in ROWS}
    assert all("text" in d and "attributions" in d for d in docs)
    rows = list(csv.DictReader(io.StringIO(dossier("export", "--db", db, "--format", "csv").stdout)))
    assert {r["text"] for r in rows} == {r["text"] for r in ROWS}
    # Parquet to stdout when it is piped or redirected (`dossier export --format parquet > docs.parquet`).
    piped = subprocess.run(
        [sys.executable, "-m", "dossier", "export", "--db", db, "--format", "parquet"], capture_output=True, timeout=300
    )
    assert piped.returncode == 0, piped.stderr
    assert sorted(pq.read_table(io.BytesIO(piped.stdout)).column("language").to_pylist()) == ["en", "uk"]
    out = tmp_path / "docs.parquet"
    assert dossier("export", "--db", db, "--format", "parquet", "-o", str(out)).returncode == 0
    assert sorted(pq.read_table(out).column("language").to_pylist()) == ["en", "uk"]
    assert dossier("export", "--db", db, "--format", "xml").returncode == 2


def test_missing_database_is_a_clear_error(tmp_path: Path) -> None:
    run = dossier("documents", "--db", str(tmp_path / "nothing.db"))
    assert run.returncode == 2 and "no database" in run.stderr and "Traceback" not in run.stderr
    assert not (tmp_path / "nothing.db").exists()


def test_database_from_the_environment(db: str) -> None:
    # Without --db, DOSSIER_DB names the database (the issue: sqlite:///dossier.db otherwise).
    run = subprocess.run(
        [sys.executable, "-m", "dossier", "documents", "--json"],
        capture_output=True,
        text=True,
        env={**os.environ, "DOSSIER_DB": db},
        timeout=300,
    )
    assert run.returncode == 0, run.stderr
    assert len(run.stdout.splitlines()) == 2
