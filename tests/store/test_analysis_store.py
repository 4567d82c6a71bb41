"""What ``analyze`` finds is stored with its spans (including discontinuous ones) and read back exactly."""

from __future__ import annotations

import hashlib

import sqlalchemy as sa

from dossier.records import Actor, Analysis, Attribution, Document, Entity, Event, Span, Stance
from dossier.store import models, open_store
from dossier.store.write import insert_document, store_analysis

TEXT = (
    '"A lot of the points are problematic," the Greek Prime Minister says, "and Ukraine needs a strong army." '
    "On November 20, Denys Shmyhal held talks in Kyiv with Dan Driscoll."
)


def _analysis() -> Analysis:
    def at(s: str, n: int = 0) -> tuple[int, int]:
        i = -1
        for _ in range(n + 1):
            i = TEXT.index(s, i + 1)
        return i, i + len(s)

    q1, q2 = at("A lot of the points are problematic,"), at("and Ukraine needs a strong army.")
    return Analysis(
        document=Document(text=TEXT, language="en", published="2025-11-22"),
        entities=[
            Entity(*at("Denys Shmyhal"), "PER", "denys-shmyhal", "Denys Shmyhal"),
            Entity(*at("Kyiv"), "LOC", "kyiv", "Kyiv"),
            Entity(*at("Dan Driscoll"), "PER", "dan-driscoll", "Dan Driscoll"),
        ],
        actors=[
            Actor("denys-shmyhal", "PER", "Denys Shmyhal", ["Shmyhal"]),
            Actor("kyiv", "LOC", "Kyiv"),
            Actor("dan-driscoll", "PER", "Dan Driscoll", ["Driscoll"], roles=["US Army Secretary"]),
        ],
        attributions=[
            Attribution(
                "a1",
                "direct",
                Span.from_parts([q1, q2]),
                cue=Span(*at("says")),
                source=Span(*at("the Greek Prime Minister")),
                speaker="kyriakos-mitsotakis",
            )
        ],
        events=[
            Event("talks", Span(*at("talks")), "2025-11-20", "kyiv", ["denys-shmyhal", "dan-driscoll", "denys-shmyhal"])
        ],
        stances=[Stance("kyriakos-mitsotakis", "us-peace-plan-28", "oppose", evidence=[Span(*q1)])],
        cited_source=None,
    )


def _insert(store) -> int:  # type: ignore[no-untyped-def]
    with store.session() as s, s.begin():
        row = insert_document(
            s,
            Document(text=TEXT, language="en", url="https://news.example/a"),
            identity="https://news.example/a",
            content_hash=hashlib.sha256(TEXT.encode()).hexdigest(),
            minhash=None,
            raw_sha256=None,
            source="test",
        )
        return row.id


def test_analysis_round_trip(db_url: str) -> None:
    with open_store(db_url) as store:
        doc_id = _insert(store)
        analysis = _analysis()
        for _ in range(2):  # storing again replaces, never duplicates
            with store.session() as s, s.begin():
                store_analysis(s, doc_id, analysis)
        with store.session() as s:
            doc = s.get(models.Document, doc_id)
            assert doc.analyzed is not None
            mentions = [(m.start, m.end, m.type, m.text, m.actor_id) for m in doc.mentions]
            assert sorted(mentions) == sorted((e.start, e.end, e.type, e.text, e.actor) for e in analysis.entities)
            (attr,) = doc.attributions
            content = analysis.attributions[0].content
            assert (attr.content_start, attr.content_end) == (content.start, content.end)
            assert [tuple(p) for p in attr.content_pieces] == list(content.pieces)
            assert TEXT[attr.source_start : attr.source_end] == "the Greek Prime Minister"
            assert TEXT[attr.cue_start : attr.cue_end] == "says"
            assert attr.speaker == "kyriakos-mitsotakis" and attr.anonymous is False
            (event,) = doc.events
            assert (event.type, event.date, event.place) == ("talks", "2025-11-20", "kyiv")
            assert [p.actor_id for p in event.participants] == ["denys-shmyhal", "dan-driscoll"]
            (stance,) = doc.stances
            assert stance.polarity == "oppose" and stance.evidence == [list(content.pieces[0])]
            actors = dict(s.execute(sa.select(models.Actor.id, models.Actor.type)).all())
            # A speaker the analysis named without describing still gets a row.
            expected = {"denys-shmyhal": "PER", "kyiv": "LOC", "dan-driscoll": "PER", "kyriakos-mitsotakis": "MISC"}
            assert actors == expected
            alias = models.ActorAlias
            aliases = set(s.scalars(sa.select(alias.alias).where(alias.actor_id == "dan-driscoll")))
            assert aliases == {"Dan Driscoll", "Driscoll"}
            roles = s.scalars(sa.select(models.ActorRole.role)).all()
            assert roles == ["US Army Secretary"]  # the second storing replaced the first one's role too


def test_an_overlong_actor_id_is_stored_shortened_everywhere_alike(db_url: str) -> None:
    # A name running on for hundreds of characters ("Mr Van Van ... Smith") gives a slug longer than the
    # store's 200-character ids: PostgreSQL refused the whole document. It is shortened, the same way in
    # every row that refers to it, and two long ids that differ only at the end stay two.
    long_a = "mr-" + "van-" * 120 + "smith"
    long_b = "mr-" + "van-" * 120 + "smyth"
    analysis = _analysis()
    analysis.entities.append(Entity(0, 5, "PER", long_a, "A lot"))
    analysis.actors.append(Actor(long_a, "PER", "Mr " + "Van " * 120 + "Smith", roles=["envoy"]))
    analysis.actors.append(Actor(long_b, "PER", "Mr " + "Van " * 120 + "Smyth"))
    analysis.attributions[0].speaker = long_a
    analysis.attributions[0].via = long_b
    analysis.events[0].participants.append(long_a)
    analysis.stances[0].actor = long_a
    analysis.cited_source = long_b
    with open_store(db_url) as store:
        doc_id = _insert(store)
        with store.session() as s, s.begin():
            store_analysis(s, doc_id, analysis)
        with store.session() as s:
            ids = set(s.scalars(sa.select(models.Actor.id)))
            short_a = s.scalars(sa.select(models.Attribution.speaker)).one()
            short_b = s.scalars(sa.select(models.Attribution.via)).one()
            assert short_a != short_b and {short_a, short_b} <= ids
            assert all(len(i) <= 200 for i in ids) and short_a.startswith("mr-van-van-")
            assert short_a in set(s.scalars(sa.select(models.Mention.actor_id)))
            assert short_a in set(s.scalars(sa.select(models.EventParticipant.actor_id)))
            assert s.scalars(sa.select(models.Stance.actor_id)).one() == short_a
            assert s.get(models.Document, doc_id).cited_source == short_b
            assert short_a in set(s.scalars(sa.select(models.ActorRole.actor_id)))
            assert short_a in set(s.scalars(sa.select(models.ActorAlias.actor_id)))
            assert s.get(models.Actor, short_a).name.startswith("Mr Van Van")


def test_an_overlong_name_is_kept_as_a_shortened_alias(db_url: str) -> None:
    # Aliases are unique per actor and language, and PostgreSQL indexes at most about 2,700 bytes of one:
    # a "name" of thousands of characters is not one, and is kept cut, never refusing the document.
    import random

    rng = random.Random(3)
    letters = "абвгґдеєжзиіїйклмнопрстуфхцчшщьюя"
    words = ("".join(rng.choice(letters) for _ in range(rng.randint(3, 9))) for _ in range(400))
    name = "Міжнародний Комітет Захисту " + " ".join(words)  # distinct words: PostgreSQL cannot compress them
    analysis = _analysis()
    analysis.actors.append(Actor("komitet", "ORG", name, aliases=[name + "!"]))
    analysis.entities.append(Entity(0, 5, "ORG", "komitet", "A lot"))
    with open_store(db_url) as store:
        doc_id = _insert(store)
        with store.session() as s, s.begin():
            store_analysis(s, doc_id, analysis)
        with store.session() as s:
            aliases = s.scalars(sa.select(models.ActorAlias.alias).where(models.ActorAlias.actor_id == "komitet")).all()
            assert aliases and all(len(a) <= 500 and a.startswith("Міжнародний Комітет Захисту") for a in aliases)
            assert s.get(models.Actor, "komitet").name == name  # the name itself is kept whole
