"""`dossier scale analyze` on a real local SparkSession, then `dossier scale load` into SQLite and PostgreSQL.

The Spark job runs once per module (a JVM start and the models cost seconds); every test reads its output.
"""

from __future__ import annotations

import io
import json
import os
import shutil
from pathlib import Path

import pytest

pyspark = pytest.importorskip("pyspark")
pq = pytest.importorskip("pyarrow.parquet")

from sqlalchemy import func, select  # noqa: E402
from warcio.statusandheaders import StatusAndHeaders  # noqa: E402
from warcio.warcwriter import WARCWriter  # noqa: E402

from dossier.store import models, open_store  # noqa: E402

pytestmark = pytest.mark.slow

DEMO = Path(__file__).resolve().parents[2] / "dossier" / "demo"
PAGES = {
    "https://news.example/en/driscoll": (DEMO / "en.html").read_bytes(),
    "https://news.example/uk/driscoll": (DEMO / "uk.html").read_bytes(),
    "https://news.example/en/talks": (
        b"<html><head><title>Talks in Geneva</title></head><body><article><h1>Talks in Geneva</h1>"
        b"<p>The delegations met in Geneva on Sunday to discuss the peace plan for several hours, officials said."
        b" &ldquo;We made real progress today,&rdquo; Marco Rubio told reporters after the meeting ended late "
        b"in the evening, adding that the work would continue at the level of experts.</p>"
        b"<p>Andriy Yermak said the talks had been constructive and that Ukraine would keep working with its "
        b"partners on the document over the coming days.</p></article></body></html>"
    ),
}
BROKEN = "https://news.example/broken"
DUPLICATE = "https://mirror.example/uk/driscoll"  # same page under another address: an exact duplicate
UPDATE = PAGES["https://news.example/en/talks"].replace(b"several hours", b"six hours")  # the page, edited later


def _record(writer: WARCWriter, url: str, body: bytes) -> None:
    headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
    writer.write_record(writer.create_warc_record(url, "response", payload=io.BytesIO(body), http_headers=headers))


def _write_inputs(folder: Path) -> tuple[Path, Path]:
    warc = folder / "crawl.warc.gz"
    with warc.open("wb") as handle:
        writer = WARCWriter(handle, gzip=True)
        for url, body in PAGES.items():
            _record(writer, url, body)
        _record(writer, BROKEN, b"<html><body><script>var x = 1;</script></body></html>")  # no text at all
        _record(writer, DUPLICATE, PAGES["https://news.example/uk/driscoll"])
        _record(writer, "https://news.example/en/talks", UPDATE)
    dump = folder / "dump.jsonl"
    lines = [
        {
            "url": "https://wire.example/ru/1",
            "title": "Переговоры в Женеве",
            "language": "ru",
            "published": "2025-11-23",
            "text": "Переговоры в Женеве продолжатся завтра, заявил Андрей Ермак. "
            "«Мы добились прогресса», — сказал Марко Рубио журналистам.",
        },
        {"url": "https://wire.example/ru/2", "title": "no text here"},  # a bad record: neither text nor html
    ]
    dump.write_text("".join(json.dumps(line, ensure_ascii=False) + "\n" for line in lines), encoding="utf-8")
    return warc, dump


@pytest.fixture(scope="module")
def output(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from dossier.scale.job import analyze_to_parquet, spark_session

    if not (shutil.which("java") or os.environ.get("JAVA_HOME")):
        if os.environ.get("CI"):  # CI installs Java 17 for Spark: its absence there is a failure
            pytest.fail("Spark needs Java 17+ (java is not on PATH and JAVA_HOME is not set)")
        pytest.skip("Spark needs Java 17+ (java is not on PATH and JAVA_HOME is not set)")
    folder = tmp_path_factory.mktemp("scale")
    warc, _dump = _write_inputs(folder)
    spark = spark_session(
        "local[1]",
        driver_memory="512m",
        partitions=2,
        **{"spark.executor.memory": "512m", "spark.sql.adaptive.enabled": "false"},
    )
    try:
        report = analyze_to_parquet(spark, [str(warc), str(folder / "*.jsonl")], folder / "out")
    finally:
        spark.stop()
    assert report.files == 2
    assert report.read == 6  # 5 WARC pages (a duplicate, an edited version) and 1 JSONL article
    assert (report.superseded, report.duplicates, report.documents) == (1, 1, 4)
    return folder / "out"


def _table(output: Path, name: str) -> list[dict]:
    return pq.read_table(output / name).to_pylist()


def test_documents_have_languages_and_hashes_and_no_duplicate(output: Path) -> None:
    docs = {d["url"]: d for d in _table(output, "documents")}
    assert set(docs) == {*PAGES, "https://wire.example/ru/1"}  # the mirror copy was dropped, the first kept
    assert docs["https://news.example/en/driscoll"]["language"] == "en"
    assert docs["https://news.example/uk/driscoll"]["language"] == "uk"
    assert docs["https://wire.example/ru/1"]["language"] == "ru"
    assert docs["https://wire.example/ru/1"]["published"] == "2025-11-23"
    assert "six hours" in docs["https://news.example/en/talks"]["text"]  # the latest version of the page
    assert all(d["analyzed"] and len(d["content_hash"]) == 64 and d["chars"] == len(d["text"]) for d in docs.values())
    assert "crawl.warc.gz#offset=" in docs["https://news.example/uk/driscoll"]["source"]


def test_attributions_index_the_text(output: Path) -> None:
    texts = {d["ordinal"]: (d["url"], d["text"]) for d in _table(output, "documents")}
    attributions = _table(output, "attributions")
    by_url: dict[str, int] = {}
    for a in attributions:
        url, text = texts[a["doc"]]
        by_url[url] = by_url.get(url, 0) + 1
        assert text[a["content_start"] : a["content_end"]] == a["content_text"]
        for start, end in a["content_pieces"] or []:
            assert a["content_start"] <= start < end <= a["content_end"]
        if a["cue_start"] is not None:
            assert text[a["cue_start"] : a["cue_end"]] == a["cue_text"]
    assert by_url.get("https://news.example/en/driscoll", 0) >= 3
    assert by_url.get("https://news.example/uk/driscoll", 0) >= 3
    mentions = _table(output, "mentions")
    assert all(texts[m["doc"]][1][m["start"] : m["end"]] == m["text"] for m in mentions)
    assert any(m["type"] == "PER" for m in mentions)


def test_failures_are_recorded_not_fatal(output: Path) -> None:
    failures = _table(output, "failures")
    stages = {(f["stage"], f["error"]) for f in failures}
    assert ("extract", "ExtractError") in stages  # the WARC record without text
    assert any(f["source"].endswith("dump.jsonl:2") and f["stage"] == "parse" for f in failures)
    assert len(failures) == 2


def _counts(url: str) -> dict[str, int]:
    store = open_store(url)
    try:
        with store.session() as session:
            return {
                table.__tablename__: session.scalar(select(func.count()).select_from(table))
                for table in (models.Document, models.Mention, models.Attribution, models.Failure, models.Actor)
            } | {"attempts": session.scalar(select(func.sum(models.Failure.attempts)))}
    finally:
        store.close()


@pytest.mark.parametrize("backend", ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def test_load_into_the_store_twice_changes_nothing(
    output: Path, backend: str, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    from typer.testing import CliRunner

    from dossier.cli import app

    url = f"sqlite:///{tmp_path / 'dossier.db'}" if backend == "sqlite" else request.getfixturevalue("pg_url")
    runner = CliRunner()
    first = runner.invoke(app, ["scale", "load", str(output), "--db", url, "--batch", "2", "--json"])
    assert first.exit_code == 0, first.output
    assert json.loads(first.output.strip().splitlines()[-1]) | {"batches": 0} == {
        "new": 4,
        "duplicate": 0,
        "updated": 0,
        "failed": 0,
        "failures": 2,
        "batches": 0,
        "resolved": True,
    }
    counts = _counts(url)
    assert counts["documents"] == 4
    assert counts["attributions"] == len(_table(output, "attributions"))
    assert counts["mentions"] == len(_table(output, "mentions"))
    assert counts["failures"] == 2

    second = runner.invoke(app, ["scale", "load", str(output), "--db", url, "--json"])
    assert second.exit_code == 0, second.output
    assert json.loads(second.output.strip().splitlines()[-1])["duplicate"] == 4
    assert _counts(url) == counts


def test_load_refuses_a_directory_without_tables(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from dossier.cli import app

    result = CliRunner().invoke(app, ["scale", "load", str(tmp_path), "--db", f"sqlite:///{tmp_path / 'x.db'}"])
    assert result.exit_code == 2
    assert "no documents/ table" in result.output
    assert not (tmp_path / "x.db").exists()  # no empty database left behind


def test_analyze_rejects_missing_inputs_before_starting_spark(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from dossier.cli import app

    result = CliRunner().invoke(
        app, ["scale", "analyze", str(tmp_path / "none-*.warc.gz"), "--output", str(tmp_path / "out")]
    )
    assert result.exit_code == 2
    assert "no file matches" in result.output


def test_rows_rebuild_the_same_analysis() -> None:
    from dossier.ingest.extract import extract_html
    from dossier.nlp.analyze import analyze
    from dossier.scale import rows

    analysis = analyze(extract_html(PAGES["https://news.example/en/driscoll"], url="https://news.example/en/d"))
    assert analysis.attributions and analysis.entities
    children = rows.analysis_rows(analysis, doc=7)
    rebuilt = rows.analysis_of(analysis.document, analysis.cited_source, children)
    assert rebuilt.to_json() == analysis.to_json()
