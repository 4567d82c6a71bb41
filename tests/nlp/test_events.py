"""Events from hand-built entities: type, trigger, participants, place, date."""

from __future__ import annotations

from dossier.nlp.actors import make_actors
from dossier.nlp.doc import Doc
from dossier.nlp.events import find_triggers, make_events
from dossier.records import Attribution, Document, Entity, Span


def run(text: str, lang: str, mentions: list[tuple[str, str]], published: str | None = "2025-11-22") -> Doc:
    doc = Doc(Document(text=text, language=lang, published=published))
    pos = 0
    for surface, etype in mentions:
        start = text.index(surface, pos)
        doc.entities.append(Entity(start, start + len(surface), etype, text=surface))
        pos = start + len(surface)
    doc = make_actors(lang, {})(doc)
    return make_events(lang, {})(doc)


def summary(doc: Doc) -> list[tuple[str, str, str | None, str | None, list[str]]]:
    return [(e.type, e.trigger.text(doc.text), e.date, e.place, e.participants) for e in doc.events]


def test_talks_with_date_place_and_participants() -> None:
    text = (
        "On November 20, Defence Minister Olena Marchuk and General Petro Bondar held talks in Lviv "
        "with a delegation led by Senator John Miller."
    )
    doc = run(text, "en", [("Olena Marchuk", "PER"), ("Petro Bondar", "PER"), ("Lviv", "LOC"), ("John Miller", "PER")])
    assert summary(doc) == [
        ("talks", "held talks", "2025-11-20", "lviv", ["olena-marchuk", "petro-bondar", "john-miller"])
    ]


def test_during_the_meeting_points_back_and_lends_date_and_place() -> None:
    text = (
        "On Tuesday, Olena Marchuk met John Miller in Lviv. "
        "During the meeting, Marchuk and Miller also agreed on a timeline."
    )
    doc = run(
        text,
        "en",
        [("Olena Marchuk", "PER"), ("John Miller", "PER"), ("Lviv", "LOC"), ("Marchuk", "PER"), ("Miller", "PER")],
    )
    assert summary(doc) == [
        ("meeting", "met", "2025-11-18", "lviv", ["olena-marchuk", "john-miller"]),
        ("agreement", "agreed on", "2025-11-18", "lviv", ["olena-marchuk", "john-miller"]),
    ]


def test_the_same_visit_mentioned_twice_is_one_event() -> None:
    text = "During his visit to Odesa, John Miller spoke to sailors. John Miller's visit to Odesa was short."
    doc = run(text, "en", [("Odesa", "LOC"), ("John Miller", "PER"), ("John Miller", "PER"), ("Odesa", "LOC")])
    assert summary(doc) == [("visit", "visit", None, "odesa", ["john-miller"])]


def test_ukrainian_talks_with_a_gap_in_the_trigger() -> None:
    text = "20 листопада Олена Марчук і Петро Бондар провели у Львові переговори з Джоном Міллером."
    doc = run(
        text, "uk", [("Олена Марчук", "PER"), ("Петро Бондар", "PER"), ("Львові", "LOC"), ("Джоном Міллером", "PER")]
    )
    assert summary(doc) == [
        (
            "talks",
            "провели у Львові переговори",
            "2025-11-20",
            "lviv",
            ["olena-marchuk", "petro-bondar", "dzhon-miller"],
        )
    ]


def test_russian_phone_call_yesterday() -> None:
    text = "Вчера Ольга Марчук провела телефонный разговор с Джоном Миллером."
    doc = run(text, "ru", [("Ольга Марчук", "PER"), ("Джоном Миллером", "PER")])
    assert summary(doc) == [
        ("call", "провела телефонный разговор", "2025-11-21", None, ["olga-marchuk", "dzhon-miller"])
    ]


def test_partial_date_without_publication_and_no_event_without_participants() -> None:
    text = "The fate of the talks with Moscow is unclear. On November 20 John Miller visited Lviv."
    doc = run(text, "en", [("Moscow", "LOC"), ("John Miller", "PER"), ("Lviv", "LOC")], published=None)
    assert summary(doc) == [("visit", "visited", "--11-20", "lviv", ["john-miller"])]


def test_a_speaker_is_not_a_participant_of_what_he_reports() -> None:
    text = "Maria Petrova said that John Miller visited Lviv."
    doc = Doc(Document(text=text, language="en"))
    for surface, etype in [("Maria Petrova", "PER"), ("John Miller", "PER"), ("Lviv", "LOC")]:
        s = text.index(surface)
        doc.entities.append(Entity(s, s + len(surface), etype, text=surface))
    doc = make_actors("en", {})(doc)
    c = text.index("John")
    doc.attributions.append(Attribution("a1", "indirect", Span(c, len(text) - 1), source=Span(0, 13)))
    doc = make_events("en", {})(doc)
    assert [e.participants for e in doc.events] == [["john-miller"]]


def test_triggers_do_not_fire_on_lookalike_words() -> None:
    text = "The plan was so-called significant, developed in agreement with the envoy."
    assert find_triggers(text, 0, len(text), "en") == []


def test_phrases_that_only_look_like_events() -> None:
    en = "The plan has been met with opposition."
    assert find_triggers(en, 0, len(en), "en") == []
    uk = "Компанія подала зустрічний позов."
    assert find_triggers(uk, 0, len(uk), "uk") == []
    ru = "Инициатива встретила жёсткую критику, а потом встречный иск."
    assert find_triggers(ru, 0, len(ru), "ru") == []


def test_masculine_past_tense_triggers() -> None:
    # Ukrainian "провів", "зі", "досяг", "уклав" and Russian "провёл", "достиг" are no other stem's forms.
    text = "На цьому тижні Макрон провів переговори зі Стармером у Лондоні."
    doc = run(text, "uk", [("Макрон", "PER"), ("Стармером", "PER"), ("Лондоні", "LOC")])
    assert summary(doc) == [("talks", "провів переговори", "2025-W47", "london", ["emmanuel-macron", "keir-starmer"])]
    text = "Вчора Зеленський провів телефонну розмову з Макроном. У четвер Сибіга досяг домовленості з Лаві."
    doc = run(text, "uk", [("Зеленський", "PER"), ("Макроном", "PER"), ("Сибіга", "PER"), ("Лаві", "PER")])
    assert [(e.type, e.date) for e in doc.events] == [("call", "2025-11-21"), ("agreement", "2025-11-20")]
    text = "Вчера Путин провёл телефонный разговор с Трампом. Лавров достиг договорённости с Рубио."
    doc = run(text, "ru", [("Путин", "PER"), ("Трампом", "PER"), ("Лавров", "PER"), ("Рубио", "PER")])
    assert [(e.type, e.trigger.text(text), e.date) for e in doc.events] == [
        ("call", "провёл телефонный разговор", "2025-11-21"),
        ("agreement", "достиг договорённости", None),
    ]


def test_an_organisation_after_a_place_preposition_is_the_venue_not_a_party() -> None:
    text = "Зустріч відбулася в Міністерстві оборони. Зустріч з НАТО відбулася в Брюсселі."
    doc = run(text, "uk", [("Міністерстві оборони", "ORG"), ("НАТО", "ORG"), ("Брюсселі", "LOC")])
    assert summary(doc) == [("meeting", "Зустріч", None, "brussels", ["nato"])]


def test_persons_named_by_a_pronoun_take_part() -> None:
    text = "Мария Захарова и Сергей Лавров встретились в Москве. Они подписали соглашение в среду."
    doc = run(text, "ru", [("Мария Захарова", "PER"), ("Сергей Лавров", "PER"), ("Москве", "LOC")])
    parties = [a.id for a in doc.actors if a.type == "PER"]
    assert [(e.type, e.date, e.participants) for e in doc.events] == [
        ("meeting", None, parties),
        ("signing", "2025-11-19", parties),
    ]
    text = "Emmanuel Macron spoke to reporters in Paris. On Monday he visited Kyiv."
    doc = run(text, "en", [("Emmanuel Macron", "PER"), ("Paris", "LOC"), ("Kyiv", "LOC")])
    assert summary(doc) == [("visit", "visited", "2025-11-17", "kyiv", ["emmanuel-macron"])]


def test_a_pronoun_in_the_reporting_clause_is_no_participant() -> None:
    # "she" reports the visit; she is not on it.
    text = "Olena Marchuk spoke in Lviv. She said that John Miller visited Odesa."
    doc = run(text, "en", [("Olena Marchuk", "PER"), ("Lviv", "LOC"), ("John Miller", "PER"), ("Odesa", "LOC")])
    doc.attributions.append(
        Attribution(
            id="a1",
            kind="indirect",
            content=Span(text.index("that"), len(text) - 1),
            cue=Span(text.index("said"), text.index("said") + 4),
            source=Span(text.index("She"), text.index("She") + 3),
        )
    )
    doc = make_events("en", {})(doc)
    assert summary(doc) == [("visit", "visited", None, "odesa", ["john-miller"])]


def test_countries_joined_by_and_are_the_parties_when_nobody_is_named() -> None:
    text = "Ukraine and the United States held talks in Geneva on Sunday."
    doc = run(text, "en", [("Ukraine", "LOC"), ("United States", "LOC"), ("Geneva", "LOC")])
    assert summary(doc) == [("talks", "held talks", "2025-11-16", "geneva", ["ukraine", "united-states"])]
    text = "Сегодня Россия и Китай подписали соглашение."
    doc = run(text, "ru", [("Россия", "LOC"), ("Китай", "LOC")])
    assert summary(doc) == [("signing", "подписали", "2025-11-22", None, ["russia", "china"])]
    # one country named as a place is no party: nothing happens here
    doc = run("The talks in Paris were long.", "en", [("Paris", "LOC")])
    assert summary(doc) == []


def test_phrase_patterns_words_stems_gaps_and_offsets() -> None:
    from dossier.nlp.phrases import compile_pattern, find_all, tokenize

    text = "İstanbul talks: the ΟΔΟΣ envoys held Talks, then held two long rounds of Kyiv’s talks."
    words = tokenize(text)
    # "İ" lower-cases to two characters and "Σ" by its neighbours: offsets and forms stay the word's own
    assert [text[w.start : w.end] for w in words[:2]] == ["İstanbul", "talks"]
    assert words[0].norm == "i̇stanbul" and words[3].norm == "οδος"
    assert words[-2].norm == "kyiv's"  # one kind of apostrophe
    patterns = tuple(compile_pattern(p) for p in ("talk*", "held ~ round*", "held talk*", "envoy"))
    found = [(" ".join(w.norm for w in words[i:j]), k) for i, j, k in find_all(patterns, words)]
    # longest pattern first at each word, no overlaps, "envoy" is not "envoys"
    assert found == [("talks", 0), ("held talks", 2), ("held two long rounds", 1), ("talks", 0)]
