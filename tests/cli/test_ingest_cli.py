"""``dossier ingest`` as a user runs it: a subprocess, real files, a real HTTP server, SQLite and PostgreSQL."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Iterator
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
import sqlalchemy as sa

from dossier.demo import DEMO_DIR

PG_SERVER = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
# A language with no pipeline of its own loads no models: these tests are about ingest and storage.
NO_MODELS = ["--lang", "xx"]


def dossier(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "dossier", *args],
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        timeout=300,
    )


def summary(run: subprocess.CompletedProcess[str]) -> dict:
    """The --json summary: the last line of stdout."""
    return json.loads(run.stdout.strip().splitlines()[-1])


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'cli.db'}"
        return
    try:
        admin = sa.create_engine(PG_SERVER, connect_args={"connect_timeout": 3})
        with admin.begin() as conn:
            schema = f"dossier_cli_{uuid.uuid4().hex[:12]}"
            conn.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
    except sa.exc.OperationalError:
        pytest.skip("PostgreSQL is not running on 127.0.0.1:5432")
    try:
        yield f"{PG_SERVER}?options=-csearch_path%3D{schema}"
    finally:
        with admin.begin() as conn:
            conn.execute(sa.text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


def write_articles(folder: Path, n: int) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        (folder / f"article-{i:04d}.txt").write_text(
            f"Report number {i}\n\nThe council met for the {i}th time this year and voted on item {i * 7}. "
            f"Members discussed budget line {i * 13} and the repair of bridge {i % 17}.",
            encoding="utf-8",
        )


def test_json_summary_then_rerun_reports_duplicates(db_url: str, tmp_path: Path) -> None:
    write_articles(tmp_path / "in", 3)
    (tmp_path / "in" / "broken.jsonl").write_text('{"text": "fine line of text here"}\n{oops\n', encoding="utf-8")
    run = dossier("ingest", str(tmp_path / "in"), "--db", db_url, *NO_MODELS, "--json")
    assert run.returncode == 0, run.stderr
    first = summary(run)
    # The shape, plus how many new documents are near-duplicates and each failure's message.
    assert set(first) == {"new", "duplicate", "updated", "failed", "near_duplicates", "failures"}
    assert all(isinstance(first[k], int) for k in ("new", "duplicate", "updated", "failed", "near_duplicates"))
    assert [set(f) for f in first["failures"]] == [{"source", "stage", "error", "message"}]
    assert (first["new"], first["duplicate"], first["updated"], first["failed"]) == (4, 0, 0, 1)
    (failure,) = first["failures"]
    assert failure["source"].endswith("broken.jsonl:2") and failure["stage"] == "parse" and failure["error"]
    second = summary(dossier("ingest", str(tmp_path / "in"), "--db", db_url, *NO_MODELS, "--json"))
    assert (second["new"], second["duplicate"], second["updated"], second["failed"]) == (0, 4, 0, 1)


def test_exit_codes_and_no_tracebacks(tmp_path: Path) -> None:
    # In-process (typer's CliRunner) to keep this fast; an exception escaping the command would show
    # up as ``result.exception`` that is not a SystemExit.
    from typer.testing import CliRunner

    from dossier.cli import app

    db = f"sqlite:///{tmp_path / 'x.db'}"
    good, empty = str(tmp_path / "good"), str(tmp_path / "empty.html")
    write_articles(tmp_path / "good", 1)
    (tmp_path / "empty.html").write_bytes(b"")
    not_a_db = tmp_path / "notes.db"
    not_a_db.write_text("shopping list, not a database\n", encoding="utf-8")
    cases = {
        "only bad input": (["ingest", empty, "--db", db, "--json"], 1),
        "missing file": (["ingest", str(tmp_path / "nope.txt"), "--db", db], 1),
        "mixed": (["ingest", good, empty, "--db", db, *NO_MODELS], 0),
        "mixed, strict": (["ingest", good, empty, "--db", db, *NO_MODELS, "--strict"], 1),
        "bad date": (["ingest", good, "--db", db, "--published", "22/11/2025"], 2),
        "bad language": (["ingest", good, "--db", db, "--lang", "english!"], 2),
        "bad database URL": (["ingest", good, "--db", "nosuchdb://x/y"], 2),
        "no such directory": (["ingest", good, "--db", str(tmp_path / "no/such/x.db")], 2),
        "bad config": (["ingest", good, "--db", db, "--config", str(tmp_path / "no.yaml")], 2),
        "not a database": (["ingest", good, "--db", str(not_a_db), *NO_MODELS], 2),
        # "sqlite:///" names no file: SQLite would take a temporary database and lose everything.
        "database URL with no file": (["ingest", good, "--db", "sqlite:///", *NO_MODELS], 2),
    }
    runner = CliRunner()
    results = {}
    for name, (args, code) in cases.items():
        result = results[name] = runner.invoke(app, args)
        assert result.exit_code == code, (name, result.output)
        assert result.exception is None or isinstance(result.exception, SystemExit), (name, result.exception)
    assert "--published must be a date" in results["bad date"].stderr
    assert json.loads(results["only bad input"].stdout.strip().splitlines()[-1])["failed"] == 1
    assert "failed" in results["mixed"].stdout  # the summary table
    assert "not a database" in results["not a database"].stderr
    assert "names no database file" in results["database URL with no file"].stderr
    assert not_a_db.read_text(encoding="utf-8") == "shopping list, not a database\n"  # left as it was


def test_sigkill_mid_ingest_loses_and_duplicates_nothing(db_url: str, tmp_path: Path) -> None:
    n = 400
    write_articles(tmp_path / "in", n)
    args = [sys.executable, "-m", "dossier", "ingest", str(tmp_path / "in"), "--db", db_url, *NO_MODELS, "--json"]
    proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    engine = sa.create_engine(db_url.replace("postgresql://", "postgresql+psycopg://"))

    def count(sql: str = "SELECT count(*) FROM documents") -> int:
        with engine.connect() as conn:
            return conn.execute(sa.text(sql)).scalar_one()

    deadline = time.monotonic() + 120
    try:
        while time.monotonic() < deadline and proc.poll() is None:
            try:
                if count() >= 40:
                    break
            except sa.exc.SQLAlchemyError:  # the schema is not created yet
                pass
            time.sleep(0.02)
        proc.send_signal(signal.SIGKILL)
    finally:
        proc.wait()
    assert proc.returncode == -signal.SIGKILL, "the ingest finished before it could be killed"
    before = count()
    assert 0 < before < n
    if engine.dialect.name == "sqlite":
        assert count("PRAGMA integrity_check") == "ok"

    run = dossier("ingest", str(tmp_path / "in"), "--db", db_url, *NO_MODELS, "--json")
    assert run.returncode == 0, run.stderr
    result = summary(run)
    assert result["new"] == n - before and result["duplicate"] == before and result["failed"] == 0
    assert count() == count("SELECT count(DISTINCT identity) FROM documents") == n
    assert count("SELECT count(DISTINCT content_hash) FROM documents") == n
    # Every document is whole: its raw bytes and its search-index entry were committed with it.
    assert count("SELECT count(*) FROM documents d JOIN blobs b ON b.sha256 = d.raw_sha256") == n
    if engine.dialect.name == "sqlite":
        assert count("SELECT count(*) FROM documents_fts WHERE documents_fts MATCH 'council'") == n
    else:
        assert count("SELECT count(*) FROM documents WHERE tsv @@ to_tsquery('simple', 'council')") == n
    engine.dispose()


@pytest.fixture(scope="module")
def demo_site() -> Iterator[str]:
    """The bundled demo folder (pages, feed.xml, sitemap.xml) served over HTTP on 127.0.0.1."""

    class Quiet(SimpleHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(Quiet, directory=str(DEMO_DIR)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


@pytest.mark.slow  # the full analysis of en, uk and ru pages: the models load
@pytest.mark.parametrize("listing", ["feed.xml", "sitemap.xml"])
def test_demo_feed_and_sitemap_over_http(demo_site: str, listing: str, tmp_path: Path) -> None:
    db = str(tmp_path / "web.db")
    run = dossier("ingest", f"{demo_site}/{listing}", "--db", db, "--allow-private", "--json")
    # The demo's feed and sitemap link to the pages relative to themselves (so they work wherever the
    # folder is served): ingest resolves entry links against the listing's URL.
    assert summary(run)["new"] == 3, run.stdout
    assert run.returncode == 0, run.stderr
    docs = [json.loads(line) for line in dossier("documents", "--db", db, "--json").stdout.splitlines()]
    assert {d["language"] for d in docs} == {"en", "uk", "ru"}
    assert {d["published"][:10] for d in docs} == {"2025-11-22"}
    assert {d["author"] for d in docs} == {"Liliana Oleniak", "Ліліана Оленяк", "Лилиана Оленяк"}
    ru = next(d for d in docs if d["language"] == "ru")
    assert ru["title"].startswith("Высокопоставленные чиновники США")  # windows-1251 page decoded
    again = dossier("ingest", f"{demo_site}/{listing}", "--db", db, "--allow-private", "--json")
    assert summary(again)["duplicate"] == 3


def test_private_addresses_refused_without_allow_private(demo_site: str, tmp_path: Path) -> None:
    run = dossier("ingest", f"{demo_site}/en.html", "--db", str(tmp_path / "r.db"), "--json")
    assert run.returncode == 1
    (failure,) = summary(run)["failures"]
    assert failure["stage"] == "policy"


@pytest.mark.slow  # the full analysis of en, uk and ru pages: the models load
def test_local_site_feed_then_sitemap(local_site: str, tmp_path: Path) -> None:
    db = str(tmp_path / "site.db")
    run = dossier("ingest", f"{local_site}/feeds/rss.xml", "--db", db, "--allow-private", "--json")
    assert run.returncode == 0, run.stderr
    assert summary(run)["new"] == 3, run.stdout
    docs = {d["url"]: d for d in map(json.loads, dossier("documents", "--db", db, "--json").stdout.splitlines())}
    tram = docs[f"{local_site}/news/2025/11/tram-line.html"]
    assert tram["title"] == "Kyiv council approves new tram line to the left bank"
    assert tram["author"] == "Olena Marchenko" and tram["published"][:10] == "2025-11-18"
    assert tram["language"] == "en" and tram["chars"] > 200
    assert docs[f"{local_site}/news/2025/11/energy-uk.html"]["language"] == "uk"
    # The sitemap index lists the same articles and more: those already stored are duplicates.
    run = dossier("ingest", f"{local_site}/sitemap_index.xml", "--db", db, "--allow-private", "--json")
    result = summary(run)
    assert result["duplicate"] >= 2 and result["new"] >= 1, run.stdout
    assert len(dossier("documents", "--db", db, "--json").stdout.splitlines()) == 3 + result["new"]


def test_parallel_analysis(tmp_path: Path) -> None:
    write_articles(tmp_path / "in", 12)
    (tmp_path / "in" / "copy.txt").write_bytes((tmp_path / "in" / "article-0003.txt").read_bytes())
    db = str(tmp_path / "w.db")
    run = dossier("ingest", str(tmp_path / "in"), "--db", db, *NO_MODELS, "--workers", "2", "--json")
    assert run.returncode == 0, run.stderr
    result = summary(run)
    assert (result["new"], result["duplicate"], result["failed"]) == (12, 1, 0)
    docs = [json.loads(line) for line in dossier("documents", "--db", db, "--json").stdout.splitlines()]
    # Stored in the order collected, whatever order the workers finished in.
    assert [d["path"] for d in docs] == sorted(d["path"] for d in docs)
    engine = sa.create_engine(f"sqlite:///{db}")
    with engine.connect() as conn:
        assert conn.execute(sa.text("SELECT count(*) FROM documents WHERE analyzed IS NULL")).scalar() == 0
    engine.dispose()
