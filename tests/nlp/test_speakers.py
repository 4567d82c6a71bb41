"""Resolving attribution sources to speakers, on hand-built entities and attributions."""

from __future__ import annotations

import pytest

from dossier.nlp.actors import make_actors
from dossier.nlp.doc import Doc
from dossier.nlp.speakers import make_speakers
from dossier.records import Attribution, Document, Entity, Span


def span(text: str, part: str, after: int = 0) -> Span:
    start = text.index(part, after)
    return Span(start, start + len(part))


def analyse(
    text: str,
    lang: str,
    mentions: list[tuple[str, str]],
    attributions: list[tuple[str, str, str | None, str | None]],
    relay: tuple[int, ...] = (),
    title: str | None = None,
) -> Doc:
    """Entities from (surface, type), attributions from (kind, content, cue, source) substrings."""
    doc = Doc(Document(text=text, language=lang, title=title))
    pos = 0
    for surface, etype in mentions:
        s = span(text, surface, pos)
        doc.entities.append(Entity(s.start, s.end, etype, text=surface))
        pos = s.end
    doc = make_actors(lang, {})(doc)
    for i, (kind, content, cue, source) in enumerate(attributions):
        c = span(text, content)
        doc.attributions.append(
            Attribution(
                id=f"a{i}",
                kind=kind,
                content=c,
                cue=span(text, cue) if cue else None,
                source=span(text, source) if source else None,
                relay=i in relay,
            )
        )
    return make_speakers(lang, {})(doc)


def speakers(doc: Doc) -> list[str | None]:
    return [a.speaker for a in doc.attributions]


def test_title_resolves_to_the_person_named_with_that_role() -> None:
    text = (
        "Several leaders objected, including British Prime Minister Keir Starmer and Greek Prime Minister "
        'Kyriakos Mitsotakis.\n\n"The points are problematic," the Greek Prime Minister says.'
    )
    doc = analyse(
        text,
        "en",
        [("Keir Starmer", "PER"), ("Kyriakos Mitsotakis", "PER")],
        [("direct", "The points are problematic,", "says", "the Greek Prime Minister")],
    )
    assert speakers(doc) == ["kyriakos-mitsotakis"]


def test_ukrainian_title_in_the_genitive_construction() -> None:
    text = (
        "Проти виступили прем'єр-міністр Великої Британії Кір Стармер і прем'єр-міністр Греції Кіріакос "
        "Міцотакіс.\n\n«Пункти проблематичні», — каже прем'єр-міністр Греції."
    )
    doc = analyse(
        text,
        "uk",
        [
            ("Великої Британії", "LOC"),
            ("Кір Стармер", "PER"),
            ("Греції", "LOC"),
            ("Кіріакос Міцотакіс", "PER"),
            ("Греції", "LOC"),
        ],
        [("direct", "Пункти проблематичні", "каже", "прем'єр-міністр Греції.")],
    )
    assert speakers(doc) == ["kyriakos-mitsotakis"]


def test_the_agency_is_the_outlet_quoted_before_and_the_cited_source() -> None:
    text = (
        "Talks to resume — Reuters\n\nThe talks will resume next week, according to Reuters. "
        'Maria Petrova said nothing.\n\n"Officials are preparing a draft," the agency writes.'
    )
    doc = analyse(
        text,
        "en",
        [("Reuters", "ORG"), ("Reuters", "ORG"), ("Maria Petrova", "PER")],
        [
            ("indirect", "The talks will resume next week", "according to", "Reuters."),
            ("direct", "Officials are preparing a draft,", "writes", "the agency"),
        ],
        relay=(0,),
    )
    assert speakers(doc) == ["reuters", "reuters"]
    assert doc.cited_source == "reuters"


def test_russian_organisation_noun_prefers_an_organisation_named_with_it() -> None:
    text = (
        "Министерство обороны Украины опубликовало данные. Сообщает ТАСС, что переговоры продолжатся.\n\n"
        "«Потери растут», — заявило министерство."
    )
    doc = analyse(
        text,
        "ru",
        [("Министерство обороны Украины", "ORG"), ("ТАСС", "ORG")],
        [
            ("indirect", "переговоры продолжатся", "Сообщает", "ТАСС"),
            ("direct", "Потери растут", "заявило", "министерство"),
        ],
    )
    assert speakers(doc) == ["tass", "ministerstvo-oborony-ukrainy"]


def test_anonymous_sources_in_three_languages() -> None:
    cases = [
        (
            "en",
            "A source familiar with the talks said that the plan was ready.",
            "A source familiar with the talks",
            "said",
            "the plan was ready",
        ),
        ("uk", "Одне з джерел повідомило, що план готовий.", "Одне з джерел", "повідомило", "план готовий"),
        ("ru", "Собеседник издания сообщил, что план готов.", "Собеседник издания", "сообщил", "план готов"),
    ]
    for lang, text, source, cue, content in cases:
        doc = analyse(text, lang, [], [("indirect", content, cue, source)])
        assert doc.attributions[0].anonymous, lang
        assert doc.attributions[0].speaker is None


def test_pronoun_takes_the_subject_of_the_previous_sentence() -> None:
    text = "Maria Petrova met Ivan Sidorenko in Kyiv. She said that the meeting went well."
    doc = analyse(
        text,
        "en",
        [("Maria Petrova", "PER"), ("Ivan Sidorenko", "PER"), ("Kyiv", "LOC")],
        [("indirect", "the meeting went well", "said", "She")],
    )
    assert speakers(doc) == ["maria-petrova"]


def test_russian_pronoun_agrees_in_gender() -> None:
    text = "Анна Петрова встретилась с Иваном Сидоренко. Он сказал, что встреча прошла хорошо."
    doc = analyse(
        text,
        "ru",
        [("Анна Петрова", "PER"), ("Иваном Сидоренко", "PER")],
        [("indirect", "встреча прошла хорошо", "сказал", "Он")],
    )
    assert speakers(doc) == ["ivan-sidorenko"]


def test_dropped_subject_in_ukrainian_speaks_for_the_last_person() -> None:
    text = "Зеленський зараз обережний, каже, що розглядає план."
    doc = analyse(text, "uk", [("Зеленський", "PER")], [("indirect", "розглядає план", "каже", None)])
    assert speakers(doc) == ["volodymyr-zelensky"]


def test_via_records_who_relays_a_statement() -> None:
    text = "According to Bloomberg, Maria Petrova said that the deal was close."
    doc = analyse(
        text,
        "en",
        [("Bloomberg", "ORG"), ("Maria Petrova", "PER")],
        [
            ("indirect", "Maria Petrova said that the deal was close", "According to", "Bloomberg"),
            ("indirect", "the deal was close", "said", "Maria Petrova"),
        ],
        relay=(0,),
    )
    assert speakers(doc) == ["bloomberg", "maria-petrova"]
    assert doc.attributions[1].via == "bloomberg"
    assert doc.attributions[0].via is None


def test_role_in_apposition_and_other_names_of_the_office() -> None:
    text = "Вже після сесії Геннадій Труханов, міський голова Одеси, провів брифінг. Питання вирішать, заявив мер."
    doc = analyse(
        text,
        "uk",
        [("Геннадій Труханов", "PER"), ("Одеси", "LOC")],
        [("indirect", "Питання вирішать", "заявив", "мер.")],
    )
    assert speakers(doc) == ["hennadii-trukhanov"]


def test_a_headline_title_names_the_person_introduced_below() -> None:
    text = "Голова КМДА обіцяє ремонт\n\nГолова КМДА Володимир Бондаренко провів нараду."
    doc = analyse(
        text,
        "uk",
        [("КМДА", "ORG"), ("КМДА", "ORG"), ("Володимир Бондаренко", "PER")],
        [("indirect", "ремонт", "обіцяє", "Голова КМДА")],
    )
    assert speakers(doc) == ["volodymyr-bondarenko"]


def test_an_unnamed_ministry_is_not_the_outlet_quoted_before() -> None:
    text = 'Talks went on, Reuters reports.\n\n"The exchange is a humanitarian matter," the ministry said.'
    doc = analyse(
        text,
        "en",
        [("Reuters", "ORG")],
        [
            ("indirect", "Talks went on", "reports", "Reuters"),
            ("direct", "The exchange is a humanitarian matter,", "said", "the ministry"),
        ],
    )
    assert speakers(doc) == ["reuters", None]


def test_an_anonymous_source_of_the_outlets_journalists_is_relayed_by_it() -> None:
    text = (
        "Talks resume — Bloomberg\n\nThe talks resume, according to Bloomberg. "
        "One of the sources interviewed by journalists said that the plan was ready."
    )
    doc = analyse(
        text,
        "en",
        [("Bloomberg", "ORG"), ("Bloomberg", "ORG")],
        [
            ("indirect", "The talks resume", "according to", "Bloomberg."),
            ("indirect", "the plan was ready", "said", "One of the sources interviewed by journalists"),
        ],
        relay=(0,),
    )
    assert [(a.speaker, a.anonymous, a.via) for a in doc.attributions] == [
        ("bloomberg", False, None),
        (None, True, "bloomberg"),
    ]


def test_english_pronoun_agrees_with_the_first_name() -> None:
    text = "Maria Petrova met John Miller in Kyiv. He said that the meeting went well."
    doc = analyse(
        text,
        "en",
        [("Maria Petrova", "PER"), ("John Miller", "PER"), ("Kyiv", "LOC")],
        [("indirect", "the meeting went well", "said", "He")],
    )
    assert speakers(doc) == ["john-miller"]


def test_cited_source_from_the_document_title() -> None:
    doc = analyse("The talks resumed in Geneva.", "en", [("Geneva", "LOC")], [], title="Talks resume | Reuters")
    assert doc.cited_source == "reuters"
    doc = analyse("The talks resumed in Geneva.", "en", [("Geneva", "LOC")], [], title="Talks resume in Geneva")
    assert doc.cited_source is None


def test_relative_pronoun_takes_the_name_right_before() -> None:
    text = "The deal was backed by Maria Petrova, who said that it would pass, and by Ivan Rudenko."
    doc = analyse(
        text,
        "en",
        [("Maria Petrova", "PER"), ("Ivan Rudenko", "PER")],
        [("indirect", "it would pass", "said", "who")],
    )
    assert speakers(doc) == ["maria-petrova"]


def test_one_statement_reported_in_two_languages() -> None:
    from dossier.resolve.statements import group_statements

    en = analyse(
        '"Ukraine will not give up Donbas," said Maria Petrova. Ivan Rudenko said talks would go on.',
        "en",
        [("Ukraine", "LOC"), ("Donbas", "LOC"), ("Maria Petrova", "PER"), ("Ivan Rudenko", "PER")],
        [
            ("direct", "Ukraine will not give up Donbas,", "said", "Maria Petrova"),
            ("indirect", "talks would go on", "said", "Ivan Rudenko"),
        ],
    )
    uk = analyse(
        "«Україна не віддасть Донбас», — сказала Марія Петрова.",
        "uk",
        [("Україна", "LOC"), ("Донбас", "LOC"), ("Марія Петрова", "PER")],
        [("direct", "Україна не віддасть Донбас", "сказала", "Марія Петрова")],
    )
    en.document.published, uk.document.published = "2025-11-21", "2025-11-20"
    statements = group_statements([("en-doc", en.to_analysis()), ("uk-doc", uk.to_analysis())])
    found = {s.speaker: sorted(r.document for r in s.reports) for s in statements}
    assert found == {"maria-petrova": ["en-doc", "uk-doc"], "ivan-rudenko": ["en-doc"]}
    petrova = next(s for s in statements if s.speaker == "maria-petrova")
    assert petrova.origin.document == "uk-doc"  # the earlier report


def test_a_title_with_no_known_holder_is_not_the_country_it_names() -> None:
    # Nobody was introduced as Greek Prime Minister: the speaker is unknown, not Greece.
    text = 'Greece hosted the talks.\n\n"The points are problematic," the Greek Prime Minister says.'
    doc = analyse(
        text, "en", [("Greece", "LOC")], [("direct", "The points are problematic,", "says", "the Greek Prime Minister")]
    )
    assert speakers(doc) == [None]


def test_a_bare_title_is_the_person_who_spoke_last() -> None:
    text = "Дмитрий Медведев пообещал поддержку учёным. Президент добавил, что деньги найдутся."
    doc = analyse(
        text,
        "ru",
        [("Дмитрий Медведев", "PER")],
        [
            ("indirect", "поддержку учёным", "пообещал", "Дмитрий Медведев"),
            ("indirect", "деньги найдутся", "добавил", "Президент"),
        ],
    )
    assert speakers(doc) == ["dmitrii-medvedev", "dmitrii-medvedev"]


def test_an_indefinite_official_of_a_named_body_is_anonymous() -> None:
    text = "A Homeland Security Department official said that the systems were safe."
    doc = analyse(
        text,
        "en",
        [("Homeland Security Department", "ORG")],
        [("indirect", "the systems were safe", "said", "A Homeland Security Department official")],
    )
    assert [(a.speaker, a.anonymous) for a in doc.attributions] == [(None, True)]


def test_abbreviated_titles_are_the_same_office() -> None:
    text = "Indiana Gov. Mike Pence spoke first. Later the Indiana governor said that he was ready."
    doc = analyse(
        text,
        "en",
        [("Mike Pence", "PER")],
        [("indirect", "he was ready", "said", "the Indiana governor")],
    )
    assert speakers(doc) == ["mike-pence"]


def test_i_inside_someones_quote_is_that_speaker() -> None:
    text = "«Тоді я сказав, що не здамся», – розповідає Гомер Баєв."
    doc = analyse(
        text,
        "uk",
        [("Гомер Баєв", "PER")],
        [
            ("direct", "Тоді я сказав, що не здамся", "розповідає", "Гомер Баєв"),
            ("indirect", "не здамся", "сказав", "я"),
        ],
    )
    assert speakers(doc) == ["homer-baiev", "homer-baiev"]


def test_an_outlet_named_with_its_noun_is_that_outlet() -> None:
    # "агентство Reuters" names Reuters; the noun must not point back to the ministry named before.
    text = (
        "Зустріч відбулася в Міністерстві оборони. Як повідомляє агентство Reuters, розмова тривала годину. "
        "Агентство зазначає, що угода близька."
    )
    doc = analyse(
        text,
        "uk",
        [("Міністерстві оборони", "ORG"), ("Reuters", "ORG")],
        [
            ("indirect", "розмова тривала годину", "повідомляє", "агентство Reuters"),
            ("indirect", "угода близька", "зазначає", "Агентство"),
        ],
        relay=(0, 1),
    )
    assert speakers(doc) == ["reuters", "reuters"]
    assert doc.cited_source == "reuters"


def test_the_agency_is_no_organisation_that_merely_spoke() -> None:
    # The Kremlin said something; it is neither "the agency" nor the article's cited source.
    text = "The Kremlin said the plan was a basis for talks. The agency reported that the call went well."
    doc = analyse(
        text,
        "en",
        [("Kremlin", "ORG")],
        [
            ("indirect", "the plan was a basis for talks", "said", "The Kremlin"),
            ("indirect", "that the call went well", "reported", "The agency"),
        ],
        relay=(1,),
    )
    assert speakers(doc) == ["kremlin", None]
    assert doc.cited_source is None


def test_ukrainian_glava_is_a_title() -> None:
    # "Глава МЗС" is the minister named before (roles.txt), not the ministry the title names.
    text = "Міністр закордонних справ Андрій Сибіга заявив, що Україна готова. Глава МЗС додав, що чекає відповіді."
    doc = analyse(
        text,
        "uk",
        [("Андрій Сибіга", "PER"), ("Україна", "LOC"), ("МЗС", "ORG")],
        [
            ("indirect", "Україна готова", "заявив", "Міністр закордонних справ Андрій Сибіга"),
            ("indirect", "чекає відповіді", "додав", "Глава МЗС"),
        ],
    )
    assert speakers(doc) == ["andrii-sybiha", "andrii-sybiha"]


def test_an_outlet_inside_the_source_wins_over_a_longer_mention_reaching_into_it() -> None:
    text = "Як повідомляє агентство Укрінформ, переговори тривають."
    doc = analyse(
        text,
        "uk",
        [("Як повідомляє агентство", "ORG"), ("Укрінформ", "ORG")],
        [("indirect", "переговори тривають", "повідомляє", "агентство Укрінформ")],
        relay=(0,),
    )
    assert speakers(doc) == ["ukrinform"]


@pytest.mark.parametrize(
    ("lang", "text", "org", "source", "content"),
    [
        (
            "ru",
            "Министерство обороны опубликовало данные. В ведомстве заявили, что потери велики.",
            "Министерство обороны",
            "ведомстве",
            "потери велики",
        ),
        (
            "uk",
            "Служба безпеки України затримала агента. У відомстві заявили, що він працював на ворога.",
            "Служба безпеки України",
            "відомстві",
            "він працював на ворога",
        ),
    ],
)
def test_the_department_is_the_public_body_named_just_before(
    lang: str, text: str, org: str, source: str, content: str
) -> None:
    doc = analyse(text, lang, [(org, "ORG")], [("indirect", content, "заявили", source)])
    assert speakers(doc) == [doc.entities[0].actor]


@pytest.mark.parametrize(
    ("lang", "text", "outlet", "source", "cue", "content"),
    [
        (
            "en",
            "A senior US official told Reuters the deal was close.",
            "Reuters",
            "A senior US official",
            "told",
            "the deal was close",
        ),
        ("ru", "Источник рассказал РБК, что встреча перенесена.", "РБК", "Источник", "рассказал", "встреча перенесена"),
        (
            "uk",
            "Джерело розповіло агентству Reuters, що угода близька.",
            "Reuters",
            "Джерело",
            "розповіло",
            "угода близька",
        ),
    ],
)
def test_an_anonymous_source_telling_an_outlet_is_relayed_by_it(
    lang: str, text: str, outlet: str, source: str, cue: str, content: str
) -> None:
    doc = analyse(text, lang, [(outlet, "ORG")], [("indirect", content, cue, source)])
    [a] = doc.attributions
    assert (a.speaker, a.anonymous, a.via) == (None, True, doc.entities[0].actor)


def test_an_anonymous_word_read_as_an_organisation_stays_anonymous() -> None:
    # A recogniser may tag "Джерело розповіло" as an organisation; "Джерело" is still an unnamed source.
    text = "Джерело розповіло агентству Reuters, що угода близька."
    doc = analyse(
        text,
        "uk",
        [("Джерело розповіло", "ORG"), ("Reuters", "ORG")],
        [("indirect", "угода близька", "розповіло", "Джерело")],
    )
    [a] = doc.attributions
    assert (a.speaker, a.anonymous, a.via) == (None, True, "reuters")


def test_an_outlet_cited_deep_in_short_lines_is_not_the_article_s_source() -> None:
    # Short lines (a wrapped text) are no reason to take the whole article for its lead.
    filler = "".join(f"Line {i} of the story goes on here.\n" for i in range(60))
    text = filler + "According to Reuters, the talks went well.\n"
    doc = analyse(
        text, "en", [("Reuters", "ORG")], [("indirect", "the talks went well", "According to", "Reuters")], relay=(0,)
    )
    assert speakers(doc) == ["reuters"]
    assert doc.cited_source is None
    doc = analyse(
        text[len(filler) :],
        "en",
        [("Reuters", "ORG")],
        [("indirect", "the talks went well", "According to", "Reuters")],
        relay=(0,),
    )
    assert doc.cited_source == "reuters"


def test_ukrainian_and_russian_they_is_never_one_person() -> None:
    text = "Зеленський заявив, що план треба змінити. Вони переконані, що мир можливий."
    doc = analyse(
        text,
        "uk",
        [("Зеленський", "PER")],
        [
            ("indirect", "план треба змінити", "заявив", "Зеленський"),
            ("indirect", "мир можливий", "переконані", "Вони"),
        ],
    )
    assert speakers(doc) == ["volodymyr-zelensky", None]


@pytest.mark.parametrize(
    ("lang", "text", "names", "sources"),
    [
        (
            "uk",
            "Серед них прем'єр-міністр Великої Британії Кір Стармер і прем'єр-міністр Греції Кіріакос Міцотакіс. "
            "«Пункти проблемні», — каже грецький прем'єр. Британський прем'єр додав, що план треба змінити.",
            ["Кір Стармер", "Кіріакос Міцотакіс"],
            [("Пункти проблемні", "каже", "грецький прем'єр"), ("план треба змінити", "додав", "Британський прем'єр")],
        ),
        (
            "ru",
            "Среди них премьер-министр Великобритании Кир Стармер и премьер-министр Греции Кириакос Мицотакис. "
            "«Пункты проблемные», — говорит греческий премьер. Британский премьер добавил, что план надо изменить.",
            ["Кир Стармер", "Кириакос Мицотакис"],
            [
                ("Пункты проблемные", "говорит", "греческий премьер"),
                ("план надо изменить", "добавил", "Британский премьер"),
            ],
        ),
        (
            "en",
            "Among them were British Prime Minister Keir Starmer and Greek Prime Minister Kyriakos Mitsotakis. "
            '"The points are problematic," the Greek Prime Minister says. '
            "The British Prime Minister added that it must change.",
            ["Keir Starmer", "Kyriakos Mitsotakis"],
            [
                ("The points are problematic,", "says", "the Greek Prime Minister"),
                ("that it must change", "added", "The British Prime Minister"),
            ],
        ),
    ],
)
def test_a_nationality_picks_among_people_with_the_same_title(
    lang: str, text: str, names: list[str], sources: list[tuple[str, str, str]]
) -> None:
    doc = analyse(text, lang, [(n, "PER") for n in names], [("indirect", c, cue, s) for c, cue, s in sources])
    assert speakers(doc) == ["kyriakos-mitsotakis", "keir-starmer"]


@pytest.mark.parametrize(
    ("lang", "text", "names", "last"),
    [
        (
            "uk",
            "Прем'єр-міністерка Юлія Свириденко заявила, що уряд готовий. Прем'єр-міністр Польщі Дональд Туск "
            "сказав, що підтримує Київ. Прем'єрка наголосила, що реформи тривають.",
            ["Юлія Свириденко", "Дональд Туск"],
            ("реформи тривають", "наголосила", "Прем'єрка"),
        ),
        (
            "ru",
            "Министр Мария Захарова заявила, что ответ будет. Министр Сергей Лавров сказал, что ждет. "
            "Министр добавила, что ответ готов.",
            ["Мария Захарова", "Сергей Лавров"],
            ("ответ готов", "добавила", "Министр"),
        ),
    ],
)
def test_a_feminine_title_or_verb_is_no_man_with_that_title(
    lang: str, text: str, names: list[str], last: tuple[str, str, str]
) -> None:
    doc = analyse(text, lang, [(n, "PER") for n in names], [("indirect", *last)])
    assert speakers(doc) == [doc.entities[0].actor]


def test_a_hyphen_inside_words_is_no_byline_dash() -> None:
    # "so-called Witkoff-Dmitriev plan" holds hyphens; the article relays Bloomberg, named at the end.
    text = (
        "During his visit, Daniel Driscoll discussed the so-called Witkoff-Dmitriev peace plan, "
        "according to Bloomberg.\nMore text follows here.\n"
    )
    doc = analyse(
        text,
        "en",
        [("Daniel Driscoll", "PER"), ("Witkoff-Dmitriev", "ORG"), ("Bloomberg", "ORG")],
        [
            (
                "indirect",
                "Daniel Driscoll discussed the so-called Witkoff-Dmitriev peace plan",
                "according to",
                "Bloomberg",
            )
        ],
        relay=(0,),
    )
    assert doc.cited_source == "bloomberg"
    doc = analyse("Talks go on — Reuters\nThe talks went on.", "en", [("Reuters", "ORG")], [])
    assert doc.cited_source == "reuters"


def test_covering_finds_every_span_holding_a_position() -> None:
    # The index that keeps speakers and events linear on long texts answers as a full scan would.
    from dossier.nlp.speakers import Covering

    spans = [Span(0, 50), Span(5, 10), Span(12, 30, ((12, 15), (20, 30))), Span(40, 45), Span(44, 60), Span(70, 71)]
    index = Covering(spans)
    for pos in range(-1, 75):
        expected = {k for k, s in enumerate(spans) if any(a <= pos < b for a, b in s.parts())}
        assert set(index.at(pos)) == expected, pos


def test_a_guessed_feminine_surname_does_not_make_a_man_she() -> None:
    # pymorphy3 guesses "Шмыгаль" as indeclinable and feminine; "Денисом Шмыгалем" shows a man.
    text = (
        "Ольга Стефанишина встретилась с Денисом Шмыгалем. Шмыгаль поблагодарил партнеров. "
        "Она заявила, что переговоры продолжатся."
    )
    doc = analyse(
        text,
        "ru",
        [("Ольга Стефанишина", "PER"), ("Денисом Шмыгалем", "PER"), ("Шмыгаль", "PER")],
        [("indirect", "переговоры продолжатся", "заявила", "Она")],
    )
    assert speakers(doc) == ["olga-stefanishina"]
