"""``dossier resolve`` over a real store: the reference article in three languages, ingested and analysed
by the real pipeline, comes out as one actor per person and one statement per thing said."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import sqlalchemy as sa
from typer.testing import CliRunner

from dossier.cli import app
from dossier.config import IngestConfig
from dossier.records import Actor, Analysis, Attribution, Document, Entity, Span
from dossier.resolve.read import resolved_actor
from dossier.resolve.rebuild import is_stale, rebuild
from dossier.resolve.statements import statements_for
from dossier.run import ingest
from dossier.store import open_store
from dossier.store.write import store_analysis

DEMO = Path(__file__).resolve().parents[2] / "dossier" / "demo"
PAGES = [str(DEMO / f"{lang}.html") for lang in ("en", "uk", "ru")]
TABLES = ("actor_resolution", "statements", "statement_reports")


def _dump(store) -> dict[str, list]:  # type: ignore[no-untyped-def]
    with store.engine.connect() as conn:
        return {t: sorted(map(tuple, conn.execute(sa.text(f"SELECT * FROM {t}")))) for t in TABLES}


@pytest.mark.slow
def test_the_reference_article_in_three_languages(db_url: str, analyzer) -> None:  # type: ignore[no-untyped-def]
    with open_store(db_url) as store:
        report = ingest(store, PAGES, IngestConfig(), analyzer=analyzer)
        assert report.new == 3, report.to_json()
        assert is_stale(store)
        first = rebuild(store)
        assert not is_stale(store)
        # One store actor each, across the three documents and scripts.
        for slug in ("julianne-smith", "dzhulianna-smit", "kyriakos-mitsotakis", "bloomberg", "volodymyr-zelensky"):
            actor = resolved_actor(store, slug)
            assert actor is not None and actor["documents"] == 3, (slug, actor)
        smith = resolved_actor(store, "dzhulianna-smit")
        assert smith is not None and smith["id"] == "julianne-smith" and smith["name"] == "Julianne Smith"
        assert {(a["language"], a["script"]) for a in smith["aliases"]} >= {
            ("en", "Latn"),
            ("uk", "Cyrl"),
            ("ru", "Cyrl"),
        }

        # The Smith quote: one statement, three reports, the first stored (English) as its origin.
        (quote,) = statements_for(store, speaker="dzhulianna-smit")
        assert quote["speaker"] == {"id": "julianne-smith", "name": "Julianne Smith", "type": "PER"}
        assert [r["language"] for r in quote["reports"]] == ["en", "uk", "ru"]
        assert quote["reports"][0]["origin"] and quote["first_document_id"] == quote["reports"][0]["document"]["id"]
        assert "how little effort" in quote["reports"][0]["content"]["text"]
        assert "мало зусиль" in quote["reports"][1]["content"]["text"]
        (mitsotakis,) = statements_for(store, speaker="kyriakos-mitsotakis")
        assert sorted(mitsotakis["languages"]) == ["en", "ru", "uk"]
        # No statement takes two reports from one document here.
        for st in statements_for(store):
            docs = [r["document"]["id"] for r in st["reports"]]
            assert len(docs) == len(set(docs)), st

        # Rebuilding changes nothing, row for row (ids included).
        before = _dump(store)
        again = rebuild(store)
        assert _dump(store) == before
        assert (again.statements, again.merged) == (first.statements, first.merged)

        # Analysing a document again drops its reports with its attributions; the rebuild restores them.
        with store.session() as session, session.begin():
            doc_id = quote["reports"][1]["document"]["id"]
            text = session.scalar(sa.text("SELECT text FROM documents WHERE id = :i"), {"i": doc_id})
            store_analysis(session, doc_id, analyzer(Document(text=text, language="uk", published="2025-11-22")))
        assert is_stale(store)
        rebuild(store)
        (quote,) = statements_for(store, speaker="julianne-smith")
        assert len(quote["reports"]) == 3


def _store(store, tmp_path: Path, lang: str, published: str, text: str, names: dict[str, str], quotes: list) -> int:  # type: ignore[no-untyped-def]
    """Ingest one article (no models), then store its analysis written out by hand:
    ``names`` maps a name in the text to its document-level actor id, ``quotes`` are (actor id, content)."""
    path = tmp_path / f"{abs(hash(text))}.jsonl"
    url = f"https://example.org/{abs(hash(text))}"
    line = {"url": url, "text": text, "language": lang, "published": published}
    path.write_text(json.dumps(line, ensure_ascii=False) + "\n", encoding="utf-8")
    outcomes = []
    ingest(store, [str(path)], IngestConfig(), analyzer=None, on_item=outcomes.append)
    (outcome,) = outcomes
    assert outcome.document_id is not None, outcome
    entities = [Entity(text.index(n), text.index(n) + len(n), "PER", aid, n) for n, aid in names.items()]
    actors = {aid: Actor(aid, "PER", n) for n, aid in names.items()}
    attributions = [
        Attribution(f"a{i}", "direct", Span(text.index(c), text.index(c) + len(c)), speaker=who)
        for i, (who, c) in enumerate(quotes, 1)
    ]
    document = Document(text=text, url=url, language=lang, published=published)
    with store.session() as session, session.begin():
        store_analysis(session, outcome.document_id, Analysis(document, entities, list(actors.values()), attributions))
    return outcome.document_id


QUOTE = "We will not sign anything that gives away our land"


def test_two_smiths_and_two_statements_stay_apart(db_url: str, tmp_path: Path) -> None:
    with open_store(db_url) as store:
        a = _store(
            store,
            tmp_path,
            "en",
            "2025-11-20",
            f'"{QUOTE}," said John Smith, a farmer.',
            {"John Smith": "john-smith"},
            [("john-smith", QUOTE)],
        )
        b = _store(
            store,
            tmp_path,
            "en",
            "2025-11-21",
            f'"{QUOTE}," said Jane Smith, the mayor.',
            {"Jane Smith": "jane-smith"},
            [("jane-smith", QUOTE)],
        )
        # One speaker, two different things said, in two articles.
        c = _store(
            store,
            tmp_path,
            "en",
            "2025-11-22",
            '"The bridge will reopen in March," said Jane Smith. "Taxes stay as they are," she added.',
            {"Jane Smith": "jane-smith"},
            [("jane-smith", "The bridge will reopen in March"), ("jane-smith", "Taxes stay as they are")],
        )
        d = _store(
            store,
            tmp_path,
            "uk",
            "2025-11-23",
            "«Міст знову відкриють у березні», — сказала Джейн Сміт.",
            {"Джейн Сміт": "dzhein-smit"},
            [("dzhein-smit", "Міст знову відкриють у березні")],
        )
        rebuild(store)
        assert resolved_actor(store, "john-smith")["id"] != resolved_actor(store, "jane-smith")["id"]  # type: ignore[index]
        john = statements_for(store, speaker="john-smith")
        jane = statements_for(store, speaker="jane-smith")
        assert [[r["document"]["id"] for r in st["reports"]] for st in john] == [[a]]
        # Jane's quote of the land, the bridge and the taxes: three statements, whatever the words share.
        assert sorted(len(st["reports"]) for st in jane) == [1, 1, 1]
        assert {st["first_document_id"] for st in jane} == {b, c}
        # A Ukrainian "Джейн Сміт" is not joined by spelling alone ("jein" / "jane"): a missed merge, not a wrong one.
        assert [st["first_document_id"] for st in statements_for(store, speaker="dzhein-smit")] == [d]


def test_resolve_and_statements_commands(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    with open_store(url) as store:
        for day, outlet in (("2025-11-21", "Kyiv Daily"), ("2025-11-20", "Lviv News")):
            _store(
                store,
                tmp_path,
                "en",
                day,
                f'"{QUOTE}," said John Smith to {outlet}.',
                {"John Smith": "john-smith"},
                [("john-smith", QUOTE)],
            )
    runner = CliRunner()
    done = runner.invoke(app, ["resolve", "--db", url, "--json"])
    assert done.exit_code == 0, done.output
    assert json.loads(done.stdout)["statements"] == 1
    said = runner.invoke(app, ["resolve", "--db", url]).stdout
    assert "1 actor → 1 after" in said and "→ 1 statement (" in said and ", 1 story in " in said, said
    listed = runner.invoke(app, ["statements", "--db", url, "--speaker", "john-smith", "--json"])
    assert listed.exit_code == 0, listed.output
    (statement,) = [json.loads(line) for line in listed.stdout.splitlines()]
    # The earlier publication is the origin, though stored second.
    assert [r["published"] for r in statement["reports"]] == ["2025-11-20", "2025-11-21"]
    assert statement["first_published"] == "2025-11-20"
    table = runner.invoke(app, ["statements", "--db", url])
    assert table.exit_code == 0 and "John Smith" in table.stdout
    missing = runner.invoke(app, ["statements", "--db", str(tmp_path / "nothing-here.db")])
    assert missing.exit_code != 0 and "Traceback" not in missing.output


def test_actor_command_finds_an_actor_by_name(tmp_path: Path) -> None:
    # `dossier actor` takes an id, or a name or surname in any script: "Зеленський" -> "zelenskyi", which
    # ends the slug of an alias ("Володимир Зеленський"); an ambiguous one lists the candidates.
    url = f"sqlite:///{tmp_path / 'names.db'}"
    with open_store(url) as store:
        _store(
            store,
            tmp_path,
            "uk",
            "2025-11-21",
            f"«{QUOTE}», — сказав Володимир Зеленський. Джон Сміт і Джейн Сміт мовчали.",
            {"Володимир Зеленський": "volodymyr-zelensky", "Джон Сміт": "dzhon-smit", "Джейн Сміт": "dzhein-smit"},
            [("volodymyr-zelensky", QUOTE)],
        )
    runner = CliRunner()
    assert runner.invoke(app, ["resolve", "--db", url]).exit_code == 0
    for query in ("volodymyr-zelensky", "zelenskyi", "Зеленський", "Volodymyr Zelenskyi"):
        shown = runner.invoke(app, ["actor", query, "--db", url, "--json"])
        assert shown.exit_code == 0, (query, shown.output)
        assert json.loads(shown.stdout)["id"] == "volodymyr-zelensky", query
    both = runner.invoke(app, ["actor", "Сміт", "--db", url])
    assert both.exit_code == 1 and "dzhein-smit" in both.stderr and "dzhon-smit" in both.stderr, both.output
    nobody = runner.invoke(app, ["actor", "nobody", "--db", url])
    assert nobody.exit_code == 1 and "no actor 'nobody'" in nobody.stderr
