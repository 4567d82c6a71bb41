"""Which items count as the same document, and how analysis results and failures are stored by ingest."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlalchemy as sa

from dossier.config import IngestConfig
from dossier.demo import DEMO_DIR
from dossier.records import Analysis, Document, Entity
from dossier.run import identity_of, ingest
from dossier.store import models, open_store


def test_identity_prefers_a_plausible_canonical_url() -> None:
    article = "https://news.example/2025/11/22/story.html"
    doc = Document(text="x", url=article + "?utm_source=rss", canonical_url=article)
    assert identity_of(doc, "feed") == article
    # Canonical links to the home page or another host are common mistakes: the page's own URL wins.
    assert identity_of(Document(text="x", url=article, canonical_url="https://news.example/"), "s") == article
    assert identity_of(Document(text="x", url=article, canonical_url="https://other.example/a"), "s") == article
    assert identity_of(Document(text="x", url=article, canonical_url="https://www.news.example/a"), "s") == (
        "https://www.news.example/a"
    )
    # A local file: its canonical link if it has one, else its absolute path (and line).
    assert identity_of(Document(text="x", canonical_url=article), "page.html") == article
    assert identity_of(Document(text="x"), "dump.jsonl:7") == "file:" + str(Path("dump.jsonl:7").resolve())
    long = identity_of(Document(text="x", url=article + "?q=" + "a" * 5000), "s")
    assert len(long) < 300 and long.startswith(article)


def _flaky(document: Document) -> Analysis:
    """An analyser that fails on one kind of text, as a component with a bug would."""
    if "harbour" in document.text:
        raise RuntimeError("component crashed")
    return Analysis(document=document, entities=[Entity(0, 3, "ORG", None, document.text[:3])])


def test_failed_analysis_keeps_the_document_and_retries(db_url: str, tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("The harbour reopened to ships on Monday after the storm.", encoding="utf-8")
    (tmp_path / "b.txt").write_text("The council approved the tram line after a long debate.", encoding="utf-8")
    config = IngestConfig(language="en")
    with open_store(db_url) as store:
        report = ingest(store, [str(tmp_path)], config, analyzer=_flaky)
        assert (report.new, report.failed) == (1, 1)
        (failure,) = report.failures
        assert failure.stage == "analyze" and failure.error == "RuntimeError"
        with store.session() as s:
            docs = {d.path.rsplit("/", 1)[-1]: d for d in s.scalars(sa.select(models.Document))}
            assert docs["a.txt"].analyzed is None and docs["b.txt"].analyzed is not None
            assert s.scalar(sa.select(sa.func.count()).select_from(models.Mention)) == 1
        # Next run, with the component fixed: the stored text is analysed, nothing is stored twice.
        again = ingest(store, [str(tmp_path)], config, analyzer=lambda document: Analysis(document=document))
        assert (again.new, again.duplicate, again.failed) == (0, 2, 0)
        with store.session() as s:
            assert all(d.analyzed is not None for d in s.scalars(sa.select(models.Document)))
            assert s.scalar(sa.select(sa.func.count()).select_from(models.Document)) == 2


def test_a_text_over_the_analysis_limit_is_stored_unanalysed_with_its_reason(
    db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DOSSIER_MAX_CHARS", "100")
    (tmp_path / "long.txt").write_text("The tram line was approved. " * 10, encoding="utf-8")
    (tmp_path / "short.txt").write_text("The harbour reopened.", encoding="utf-8")
    with open_store(db_url) as store:
        report = ingest(store, [str(tmp_path)], IngestConfig(language="xx"))  # the default pipeline: no models
        assert (report.new, report.failed) == (1, 1)
        (failure,) = report.failures
        assert failure.error == "TextTooLong" and "more than the analysis limit of 100" in failure.message
        with store.session() as s:
            docs = {d.path.rsplit("/", 1)[-1]: d for d in s.scalars(sa.select(models.Document))}
            assert docs["long.txt"].text.startswith("The tram line") and docs["long.txt"].analyzed is None
            assert docs["short.txt"].analyzed is not None


@pytest.mark.slow
def test_ingest_stores_exactly_what_analyze_finds(tmp_path: Path) -> None:
    from dossier.nlp.analyze import analyze

    with open_store(f"sqlite:///{tmp_path / 'a.db'}") as store:
        report = ingest(store, [str(DEMO_DIR / "uk.html")], IngestConfig())
        assert report.new == 1 and report.failed == 0
        with store.session() as s:
            doc = s.scalars(sa.select(models.Document)).one()
            expected = analyze(
                Document(text=doc.text, language=doc.language, published=doc.published, title=doc.title)
            ).to_json()
            stored = sorted((m.start, m.end, m.type, m.actor_id) for m in doc.mentions)
            assert stored == sorted((e["start"], e["end"], e["type"], e["actor"]) for e in expected["entities"])
            attributions = sorted(
                (a.kind, a.content_start, a.content_end, a.source_start, a.speaker) for a in doc.attributions
            )
            assert attributions == sorted(
                (a["kind"], a["content"]["start"], a["content"]["end"], (a["source"] or {}).get("start"), a["speaker"])
                for a in expected["attributions"]
            )
            assert len(doc.events) == len(expected["events"]) and len(doc.stances) == len(expected["stances"])
