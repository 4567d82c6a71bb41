"""Story clusters: documents in any language that report one story, each joined by a link with its reasons.

First ``build_stories`` on evidence written out by hand (no store, no models), then the same over a real
store on SQLite and PostgreSQL, the ``dossier stories`` command, and the reference article in three
languages through the real pipeline and the demo.
"""

from __future__ import annotations

import json
import random
import time
from pathlib import Path

import pytest
import sqlalchemy as sa
from typer.testing import CliRunner

from dossier.cli import app
from dossier.config import IngestConfig
from dossier.records import Actor, Analysis, Attribution, Document, Entity, Event, Span
from dossier.resolve.rebuild import rebuild
from dossier.resolve.stories import (
    STRONG,
    DocumentEvidence,
    build_stories,
    candidate_pairs,
    list_stories,
    rebuild_stories,
    story,
)
from dossier.run import ingest
from dossier.store import open_store
from dossier.store.write import store_analysis

DEMO = Path(__file__).resolve().parents[2] / "dossier" / "demo"


def _background(n: int = 30) -> list[DocumentEvidence]:
    """Other news of the same weeks: they all name Ukraine and Russia, so those two say little."""
    return [
        DocumentEvidence(
            id=1000 + i,
            language="uk",
            published=f"2025-11-{1 + i % 28:02d}",
            actors={"ukraine": 2, "russia": 1, f"someone-{i}": 1},
        )
        for i in range(n)
    ]


PEACE_TALKS = {"volodymyr-zelensky": 3, "dan-driscoll": 2, "kyiv": 1, "ukraine": 2}


def test_a_translation_and_a_follow_up_make_one_story() -> None:
    en = DocumentEvidence(
        1, "en", "2025-11-20", title="Zelensky meets Driscoll", actors=PEACE_TALKS, statements=frozenset({7, 8})
    )
    # The Ukrainian translation: the same two statements, the same talks on the same day.
    uk = DocumentEvidence(2, "uk", "2025-11-20", title="Зеленський зустрівся з Дрісколлом", actors=PEACE_TALKS)
    uk.statements = frozenset({7, 8})
    en.events = uk.events = frozenset({("talks", "2025-11-20", "dan-driscoll")})
    # A Russian follow-up two days later quotes one of the statements and names the same people.
    ru = DocumentEvidence(3, "ru", "2025-11-22", actors={"volodymyr-zelensky": 1, "dan-driscoll": 1, "russia": 1})
    ru.statements = frozenset({8})
    # Another story of the same days, naming only what everyone names.
    other = DocumentEvidence(4, "ru", "2025-11-21", title="Цены на газ", actors={"ukraine": 1, "russia": 2})

    (found,) = build_stories([other, ru, uk, en, *_background()])
    assert found.documents == [1, 2, 3]  # publication order: the first report first
    assert found.label == "Zelensky meets Driscoll"
    assert (found.first_published, found.last_published) == ("2025-11-20", "2025-11-22")
    assert found.languages == ["en", "ru", "uk"] and found.statements == [7, 8]
    # Named by all three and by nothing else; the more mentioned first.
    assert found.actors[:2] == [("volodymyr-zelensky", 3), ("dan-driscoll", 3)]
    # Each later document names the link it joined through, with every reason and its weight.
    translation, follow_up = found.joined[2], found.joined[3]
    assert {r["kind"] for r in translation.reasons} == {"statements", "events", "actors"}
    statements = next(r for r in follow_up.reasons if r["kind"] == "statements")
    assert statements["statements"] == [8] and statements["weight"] == 0.6
    actors = next(r for r in follow_up.reasons if r["kind"] == "actors")
    assert actors["actors"][:2] == ["dan-driscoll", "volodymyr-zelensky"]
    for link in (translation, follow_up):
        assert link.weight >= STRONG and link.weight == round(sum(r["weight"] for r in link.reasons), 3)


def test_publication_dates_bound_each_link_not_the_story() -> None:
    quote = frozenset({1})
    day = [
        DocumentEvidence(i, "en", f"2025-11-{d:02d}", actors={"julianne-smith": 1, "nato": 1}, statements=quote)
        for i, d in ((1, 1), (2, 6), (3, 11), (4, 30))
    ]
    (found,) = build_stories([*day, *_background()])
    # 1 Nov - 6 Nov - 11 Nov: each step within a week, so one story of ten days; 30 Nov is too far from them.
    assert found.documents == [1, 2, 3]
    assert (found.first_published, found.last_published) == ("2025-11-01", "2025-11-11")
    assert found.joined[3].a == 2  # 11 Nov joined through 6 Nov: 1 Nov is too far


def test_shared_actors_alone_must_be_most_of_what_both_name() -> None:
    base = {"kaja-kallas": 2, "european-union": 1, "brussels": 1}
    close = DocumentEvidence(1, "en", "2025-11-20", actors={**base, "ukraine": 1})
    also = DocumentEvidence(2, "ru", "2025-11-21", actors={**base, "russia": 1})
    # One rare name in common among many others is not a story.
    passing = DocumentEvidence(3, "uk", "2025-11-21", actors={"kaja-kallas": 1, **{f"x{i}": 2 for i in range(8)}})
    (found,) = build_stories([close, also, passing, *_background()])
    assert found.documents == [1, 2]
    (reason,) = found.joined[2].reasons
    assert reason["kind"] == "actors" and reason["similarity"] >= 0.5


def test_a_near_duplicate_links_alone() -> None:
    first = DocumentEvidence(1, "en", "2025-11-20", title="Original")
    copy = DocumentEvidence(2, "en", "2025-11-20", near_duplicate_of=1, near_duplicate_score=0.93)
    (found,) = build_stories([copy, first])
    assert found.documents == [1, 2]
    assert found.joined[2].reasons == [{"kind": "near_duplicate", "weight": 1.0, "score": 0.93}]


def test_the_same_documents_give_the_same_stories() -> None:
    rng = random.Random(3)
    docs = _synthetic(rng, 600, topics=60)
    first = build_stories(docs)
    rng.shuffle(docs)
    again = build_stories(docs)
    assert [(s.id, s.documents, s.label, s.actors) for s in first] == [
        (s.id, s.documents, s.label, s.actors) for s in again
    ]
    assert [s.id for s in first] == list(range(1, len(first) + 1))
    assert len(first) > 10
    # Stories are numbered by their first report.
    firsts = [next(d for d in docs if d.id == s.documents[0]).order_key() for s in first]
    assert firsts == sorted(firsts)


def _synthetic(rng: random.Random, n: int, topics: int) -> list[DocumentEvidence]:
    """Documents about ``topics`` stories over three months: each names some of its story's people, a few
    common names (a Zipf tail) and sometimes quotes one of its story's statements."""
    names = [f"actor-{i}" for i in range(max(200, n // 4))]
    common = [1 / (i + 1) for i in range(len(names))]
    plots = [
        (rng.sample(names[50:], 4), rng.randrange(80), [rng.randrange(10**6) for _ in range(3)]) for _ in range(topics)
    ]
    docs = []
    for i in range(n):
        people, day, quotes = plots[rng.randrange(topics)]
        actors = {a: rng.randint(1, 4) for a in people if rng.random() < 0.8}
        for a in rng.choices(names, common, k=6):
            actors[a] = actors.get(a, 0) + 1
        day += rng.randrange(4)
        docs.append(
            DocumentEvidence(
                id=i + 1,
                language=rng.choice(("en", "uk", "ru")),
                published=f"2025-{9 + day // 28:02d}-{1 + day % 28:02d}",
                actors=actors,
                statements=frozenset(q for q in quotes if rng.random() < 0.3),
            )
        )
    return docs


@pytest.mark.slow
def test_twenty_thousand_documents_without_comparing_all_pairs() -> None:
    docs = _synthetic(random.Random(7), 20_000, topics=2_000)
    started = time.process_time()
    pairs = candidate_pairs(docs)
    stories = build_stories(docs)
    seconds = time.process_time() - started
    assert len(pairs) < 0.005 * len(docs) ** 2 / 2  # blocking: well under 1% of the 200 million pairs
    assert seconds < 60, seconds  # about 7 s of CPU on the development machine
    assert len(stories) > 1_000 and max(len(s.documents) for s in stories) < 100  # no giant chained cluster


# --- over a store -------------------------------------------------------------------------------------

QUOTE = "We will not sign anything that gives away our land"
EN_TEXT = (
    f'"{QUOTE}," said Volodymyr Zelensky after talks with Dan Driscoll in Kyiv on Thursday. '
    "The two men met for three hours at the presidential office, aides said, and agreed to meet again next "
    "week once the delegations have studied the draft of the plan in detail."
)


def _add(store, tmp_path: Path, *, published: str, text: str, lang: str = "en", names=None, quotes=(), talks=None):  # type: ignore[no-untyped-def]
    """Ingest one article (no models), then store its analysis written out by hand: ``names`` maps a name
    in the text to its actor id, ``quotes`` are (actor id, content), ``talks`` the word that reports talks
    held on 2025-11-20 and their participants. Returns the document id."""
    key = abs(hash((text, published)))
    path = tmp_path / f"{key}.jsonl"
    url = f"https://news{key % 7}.example.org/{key}"
    title = text.split(",")[0].strip('"«» ')
    path.write_text(
        json.dumps({"url": url, "title": title, "text": text, "language": lang, "published": published}) + "\n",
        encoding="utf-8",
    )
    outcomes = []
    ingest(store, [str(path)], IngestConfig(), analyzer=None, on_item=outcomes.append)
    (outcome,) = outcomes
    assert outcome.document_id is not None, outcome
    if names is None:
        return outcome.document_id
    entities = [Entity(text.index(n), text.index(n) + len(n), "PER", aid, n) for n, aid in names.items()]
    actors = {aid: Actor(aid, "PER", n) for n, aid in names.items()}
    attributions = [
        Attribution(f"a{i}", "direct", Span(text.index(c), text.index(c) + len(c)), speaker=who)
        for i, (who, c) in enumerate(quotes, 1)
    ]
    events = (
        [
            Event(
                "talks",
                Span(text.index(talks[0]), text.index(talks[0]) + len(talks[0])),
                "2025-11-20",
                participants=talks[1],
            )
        ]
        if talks
        else []
    )
    document = Document(text=text, url=url, language=lang, published=published)
    with store.session() as session, session.begin():
        store_analysis(
            session, outcome.document_id, Analysis(document, entities, list(actors.values()), attributions, events)
        )
    return outcome.document_id


PEOPLE = {"Volodymyr Zelensky": "volodymyr-zelensky", "Dan Driscoll": "dan-driscoll"}
STORY_TABLES = ("stories", "story_documents", "story_actors")


def _dump(store) -> dict[str, list]:  # type: ignore[no-untyped-def]
    with store.engine.connect() as conn:
        return {t: sorted(map(repr, conn.execute(sa.text(f"SELECT * FROM {t}")))) for t in STORY_TABLES}


def test_stories_in_the_store(db_url: str, tmp_path: Path) -> None:
    with open_store(db_url) as store:
        talks = ("talks", list(PEOPLE.values()))
        first = _add(
            store,
            tmp_path,
            published="2025-11-20",
            text=EN_TEXT,
            names=PEOPLE,
            quotes=[("volodymyr-zelensky", QUOTE)],
            talks=talks,
        )
        # The same article on another site, with one line added: stored as its near-duplicate, not analysed.
        copy = _add(store, tmp_path, published="2025-11-20", text=EN_TEXT + " (Updated at 18:00.)")
        # The Ukrainian report, a day later: the same talks, the same people.
        uk_text = (
            "«Ми не підпишемо нічого, що віддає нашу землю», — сказав Володимир Зеленський "
            "після переговорів з Деном Дрісколлом."
        )
        uk_names = {"Володимир Зеленський": "volodymyr-zelensky", "Деном Дрісколлом": "dan-driscoll"}
        uk = _add(
            store,
            tmp_path,
            published="2025-11-21",
            lang="uk",
            text=uk_text,
            names=uk_names,
            talks=("переговорів", talks[1]),
        )
        # The same quote a month later is the same statement, but too late for this story.
        late = _add(
            store,
            tmp_path,
            published="2025-12-20",
            text=f'"{QUOTE}," Volodymyr Zelensky repeated on Friday.',
            names={"Volodymyr Zelensky": "volodymyr-zelensky"},
            quotes=[("volodymyr-zelensky", QUOTE)],
        )
        # Another story altogether.
        _add(
            store,
            tmp_path,
            published="2025-11-21",
            text='"The bridge will reopen in March," said Jane Smith, the mayor.',
            names={"Jane Smith": "jane-smith"},
            quotes=[("jane-smith", "The bridge will reopen in March")],
        )

        report = rebuild(store)
        assert report.stories == 1
        (listed,) = list_stories(store)
        assert listed["languages"] == ["en", "uk"] and listed["documents"] == 3 and listed["statements"] == 1
        assert listed["label"] == QUOTE and listed["first_document_id"] == first
        assert [a["id"] for a in listed["actors"]] == ["dan-driscoll", "volodymyr-zelensky"]

        view = story(store, listed["id"])
        assert view is not None
        docs = view["documents"]
        assert [d["id"] for d in docs] == [first, copy, uk]  # publication order, then the first stored
        assert [d["first"] for d in docs] == [True, False, False]
        assert docs[1]["linked_to"] == first and docs[1]["reasons"][0]["kind"] == "near_duplicate"
        assert docs[1]["reasons"][0]["text"].startswith("near-duplicate text (0.9")
        assert docs[2]["linked_to"] == first
        assert {r["kind"] for r in docs[2]["reasons"]} == {"events", "actors"}
        assert "same event: talks 2025-11-20" in [r["text"] for r in docs[2]["reasons"]]
        # The statement's origin is the first report; the late repeat is a report of it outside the story.
        (quoted,) = view["statements"]
        assert quoted["origin"]["document_id"] == first and quoted["origin"]["content"] == QUOTE
        assert quoted["reports"] == 2 and quoted["documents"] == [first]
        assert late not in [d["id"] for d in docs]

        # Rebuilding changes nothing, row for row; nor does clustering again alone, from the stored resolution.
        before = _dump(store)
        rebuild(store)
        assert _dump(store) == before
        with store.session() as session, session.begin():
            assert len(rebuild_stories(session)) == 1
        assert _dump(store) == before

        # A story goes with its first report; without it, the rest is no story: the copy was joined only
        # as its near-duplicate (it has no analysis of its own).
        with store.session() as session, session.begin():
            session.execute(sa.text("DELETE FROM documents WHERE id = :i"), {"i": first})
        assert story(store, listed["id"]) is None
        assert rebuild(store).stories == 0 and list_stories(store) == []


def test_stories_command(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    with open_store(url) as store:
        talks = ("talks", list(PEOPLE.values()))
        for day in ("2025-11-20", "2025-11-21"):
            _add(
                store,
                tmp_path,
                published=day,
                text=EN_TEXT.replace("Thursday", day),
                names=PEOPLE,
                quotes=[("volodymyr-zelensky", QUOTE)],
                talks=talks,
            )
    runner = CliRunner()
    # The store was never resolved: the command resolves it first.
    listed = runner.invoke(app, ["stories", "--db", url, "--json"])
    assert listed.exit_code == 0, listed.output
    (row,) = [json.loads(line) for line in listed.stdout.splitlines()]
    assert (row["first_published"], row["last_published"], row["documents"]) == ("2025-11-20", "2025-11-21", 2)
    table = runner.invoke(app, ["stories", "--db", url])
    assert table.exit_code == 0 and "1 story" in table.stdout
    one = runner.invoke(app, ["stories", str(row["id"]), "--db", url], env={"COLUMNS": "200"})  # rows unwrapped
    assert one.exit_code == 0, one.output
    assert "first report" in one.stdout and "1 shared statement" in one.stdout
    missing = runner.invoke(app, ["stories", "99", "--db", url])
    assert missing.exit_code == 1 and "no story 99" in missing.output


@pytest.mark.slow
def test_the_reference_article_in_three_languages_is_one_story(db_url: str, analyzer) -> None:  # type: ignore[no-untyped-def]
    pages = [str(DEMO / f"{lang}.html") for lang in ("en", "uk", "ru")]
    with open_store(db_url) as store:
        assert ingest(store, pages, IngestConfig(), analyzer=analyzer).new == 3
        rebuild(store)
        (found,) = list_stories(store)
        view = story(store, found["id"])
    assert view is not None
    assert [d["language"] for d in view["documents"]] == ["en", "uk", "ru"]  # same day: the first stored first
    assert found["label"] == "Senior US officials discuss boosting military aid to Ukraine — Bloomberg"
    assert {"dan-driscoll", "volodymyr-zelensky"} <= {a["id"] for a in view["actors"]}
    assert "julianne-smith" in {st["speaker"]["id"] for st in view["statements"]}
    # Every statement reported in all three is in the story, each with the English report as its origin.
    everywhere = [st for st in view["statements"] if st["languages"] == ["en", "ru", "uk"]]
    assert len(everywhere) >= 3
    assert all(st["origin"]["language"] == "en" and len(st["documents"]) == 3 for st in everywhere)


@pytest.mark.slow
def test_the_demo_shows_the_reference_article_as_one_story(tmp_path: Path) -> None:
    db = str(tmp_path / "demo.db")
    runner = CliRunner()
    done = runner.invoke(app, ["demo", "--no-serve", "--json", "--db", db])
    assert done.exit_code == 0, done.output
    listed = runner.invoke(app, ["stories", "--json", "--db", db])
    rows = [json.loads(line) for line in listed.stdout.splitlines()]
    reference = [r for r in rows if r["languages"] == ["en", "ru", "uk"]]
    assert len(reference) == 1 and reference[0]["documents"] == 3
    # factRuEval's 122 Russian texts are years apart and undated here: none of them joins it.
    assert all(r["documents"] < 10 for r in rows)
