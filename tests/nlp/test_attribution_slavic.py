"""Ukrainian and Russian attributions (component ``slavic_attributions``), by example.

Each example is a sentence written for this test; the expected spans are given as text.
The development-set bar at the end reads ../shared/eval/ukru-attr-dev when it is there.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from razdel import sentenize, tokenize

from dossier.nlp.attribution.slavic import find_attributions, slavic_attributions
from dossier.nlp.doc import Doc, Token
from dossier.records import Attribution, Document

SHARED = Path(__file__).resolve().parents[2] / ".." / "shared"
UKRU_DEV = SHARED / "eval" / "ukru-attr-dev" / "ukru-dev.jsonl"


def pieces(text: str, span: object) -> list[str] | None:
    return None if span is None else [text[s:e] for s, e in span.parts()]  # type: ignore[attr-defined]


def found(text: str, lang: str) -> list[dict[str, object]]:
    """The attributions of ``text`` as plain text pieces, in text order."""
    return [
        {
            "kind": a.kind,
            "content": pieces(text, a.content),
            "cue": pieces(text, a.cue),
            "source": pieces(text, a.source),
            "relay": a.relay,
        }
        for a in find_attributions(text, lang)
    ]


def one(text: str, lang: str) -> dict[str, object]:
    got = found(text, lang)
    assert len(got) == 1, got
    return got[0]


# -- direct quotations -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lang", "text", "content", "cue", "source"),
    [
        (
            "ru",
            "«Мы не отступим», — заявил министр обороны Иван Петров.",
            "Мы не отступим",
            "заявил",
            "министр обороны Иван Петров",
        ),
        (
            "uk",
            "«Ми готові до переговорів», — каже речник МЗС Олег Ніколенко.",
            "Ми готові до переговорів",
            "каже",
            "речник МЗС Олег Ніколенко",
        ),
        ("ru", "Министр ответил коротко: «Решение уже принято».", "Решение уже принято", "ответил", "Министр"),
        ("uk", "„Ми відновимо мости до зими“, — пообіцяв мер.", "Ми відновимо мости до зими", "пообіцяв", "мер"),
        # „ closed by a straight mark, as typed on a plain keyboard
        ("uk", '„Ми відновимо мости до зими", — пообіцяв мер.', "Ми відновимо мости до зими", "пообіцяв", "мер"),
        ("ru", '„Мы не отступим", — заявил министр.', "Мы не отступим", "заявил", "министр"),
    ],
)
def test_direct_quote_with_author_words(lang: str, text: str, content: str, cue: str, source: str) -> None:
    a = one(text, lang)
    assert a["kind"] == "direct"
    assert a["content"] == [content]
    assert a["cue"] == [cue]
    assert a["source"] == [source]


def test_quote_interrupted_by_author_words_is_one_attribution_in_two_pieces() -> None:
    text = "«Это важное решение, – сказал мэр. – Город получит новые школы»."
    assert one(text, "ru") == {
        "kind": "direct",
        "content": ["Это важное решение", "Город получит новые школы"],
        "cue": ["сказал"],
        "source": ["мэр"],
        "relay": False,
    }
    text = "«Це складне рішення, – сказала вона. – Але іншого виходу немає»."
    assert one(text, "uk")["content"] == ["Це складне рішення", "Але іншого виходу немає"]


def test_dash_dialogue() -> None:
    text = "— Работа продолжается, — сказал он. — Мы закончим к весне."
    a = one(text, "ru")
    assert (a["kind"], a["content"], a["cue"], a["source"]) == (
        "direct",
        ["Работа продолжается", "Мы закончим к весне"],
        ["сказал"],
        ["он"],
    )
    text = "— Ми відбудуємо школу, — пообіцяв голова громади. — Гроші вже є."
    assert one(text, "uk")["source"] == ["голова громади"]


def test_quote_inside_a_quote_gives_two_attributions() -> None:
    text = "«Люди говорят: “Нам надоело ждать”», – сказал Белов."
    got = found(text, "ru")
    assert [(a["content"], a["source"]) for a in got] == [
        (["Люди говорят: “Нам надоело ждать”"], ["Белов"]),
        (["Нам надоело ждать"], ["Люди"]),
    ]


def test_quote_over_two_paragraphs() -> None:
    text = "«Перший абзац цитати.\n\n«Другий абзац цитати», — сказав посол."
    a = one(text, "uk")
    assert a["kind"] == "direct"
    assert a["content"][0].startswith("Перший абзац") and a["content"][0].endswith("Другий абзац цитати")
    assert a["source"] == ["посол"]


def test_outlet_quoting_someone_is_a_relay_of_the_quotation() -> None:
    text = "«Нужно работать дальше», — цитирует губернатора Lenta.ru."
    got = found(text, "ru")
    primary = [a for a in got if not a["relay"]]
    relay = [a for a in got if a["relay"]]
    assert primary[0]["content"] == ["Нужно работать дальше"]
    assert primary[0]["source"] == ["губернатора"]
    assert relay[0]["source"] == ["Lenta.ru"]
    assert relay[0]["kind"] == "mixed"
    assert relay[0]["content"] == ["«Нужно работать дальше»", "губернатора"]


# -- reported speech -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lang", "text", "content", "cue", "source"),
    [
        (
            "ru",
            "Директор завода Сергей Иванов заявил, что производство возобновится в мае.",
            "производство возобновится в мае",
            "заявил",
            "Директор завода Сергей Иванов",
        ),
        (
            "ru",
            "В беседе с журналистами министр финансов заявил, что бюджет будет принят.",
            "бюджет будет принят",
            "заявил",
            "министр финансов",
        ),
        (
            "ru",
            "Экономист Анна Белова считает, что кризис скоро закончится.",
            "кризис скоро закончится",
            "считает",
            "Экономист Анна Белова",
        ),
        (
            "uk",
            "Голова області заявив, що ситуація під контролем.",
            "ситуація під контролем",
            "заявив",
            "Голова області",
        ),
        (
            "uk",
            "Учора депутат повідомив журналістам, що законопроєкт відкликали.",
            "законопроєкт відкликали",
            "повідомив",
            "депутат",
        ),
        (
            "ru",
            "Мэр города пообещал отремонтировать дороги до осени.",
            "отремонтировать дороги до осени",
            "пообещал",
            "Мэр города",
        ),
        ("uk", "Мер закликав мешканців не виходити на вулицю.", "не виходити на вулицю", "закликав", "Мер"),
    ],
)
def test_reported_speech_after_a_reporting_verb(lang: str, text: str, content: str, cue: str, source: str) -> None:
    a = one(text, lang)
    assert a["kind"] == "indirect"
    assert (a["content"], a["cue"], a["source"]) == ([content], [cue], [source])


def test_source_with_relative_clause_and_partitive() -> None:
    text = "Одне з джерел, з якими поспілкувалися журналісти, повідомило, що переговори тривають."
    assert one(text, "uk")["source"] == ["Одне з джерел, з якими поспілкувалися журналісти"]
    text = "Один из источников, знакомых с ситуацией, сообщил, что сделка отложена."
    assert one(text, "ru")["source"] == ["Один из источников, знакомых с ситуацией"]


@pytest.mark.parametrize(
    ("lang", "text", "source"),
    [
        (
            "uk",
            "Одне з джерел, знайоме з переговорами, сказало, що угода близька.",
            "Одне з джерел, знайоме з переговорами",
        ),
        (
            "uk",
            "Джерело, близьке до Офісу президента, повідомило, що зустріч скасовано.",
            "Джерело, близьке до Офісу президента",
        ),
        (
            "ru",
            "Источник, знакомый с ситуацией, сообщил, что встреча состоится в четверг.",
            "Источник, знакомый с ситуацией",
        ),
        ("ru", "Собеседник, близкий к Кремлю, сказал, что ответа нет.", "Собеседник, близкий к Кремлю"),
    ],
)
def test_source_with_an_adjective_phrase_after_the_noun(lang: str, text: str, source: str) -> None:
    # The adjective and its complement describe the noun before them: the source is the whole phrase.
    assert one(text, lang)["source"] == [source]


def test_two_predicates_each_get_their_own_content() -> None:
    text = "Експерти вважають, що ціни зростуть, а уряд запевняє, що інфляція сповільниться."
    got = found(text, "uk")
    assert [(a["content"], a["source"]) for a in got] == [
        (["ціни зростуть"], ["Експерти"]),
        (["інфляція сповільниться"], ["уряд"]),
    ]


@pytest.mark.parametrize(
    ("lang", "text", "content", "cue", "source"),
    [
        ("ru", "Завод остановлен. По его словам, цены вырастут.", ["цены вырастут"], ["По", "словам"], ["его"]),
        ("uk", "На її думку, реформа запізнилася.", ["реформа запізнилася"], ["На", "думку"], ["її"]),
        (
            "uk",
            "За словами прем'єр-міністра, уряд виконає план.",
            ["уряд виконає план"],
            ["За словами"],
            ["прем'єр-міністра"],
        ),
        (
            "ru",
            "Цены, по мнению аналитиков, продолжат расти.",
            ["Цены", "продолжат расти"],
            ["по мнению"],
            ["аналитиков"],
        ),
        (
            "uk",
            "Згідно з опитуванням КМІС, більшість підтримує реформу.",
            ["більшість підтримує реформу"],
            ["Згідно з опитуванням"],
            ["КМІС"],
        ),
    ],
)
def test_according_to(lang: str, text: str, content: list[str], cue: list[str], source: list[str]) -> None:
    a = one(text, lang)
    assert (a["content"], a["cue"], a["source"]) == (content, cue, source)
    assert a["relay"] is False


def test_author_words_in_the_middle_or_at_the_end() -> None:
    a = one("Такой переход, считает вице-губернатор, повысит доходы бюджета.", "ru")
    assert (a["content"], a["cue"], a["source"]) == (
        ["Такой переход", "повысит доходы бюджета"],
        ["считает"],
        ["вице-губернатор"],
    )
    a = one("Проект закриють до кінця року, сказав міністр.", "uk")
    assert (a["content"], a["source"]) == (["Проект закриють до кінця року"], ["міністр"])


def test_impersonal_reporting_has_no_source_unless_a_document_is_named() -> None:
    a = one("Сообщается, что пострадавших нет.", "ru")
    assert (a["content"], a["cue"], a["source"]) == (["пострадавших нет"], ["Сообщается"], None)
    a = one("Повідомляється, що постраждалих немає.", "uk")
    assert a["source"] is None
    a = one("У заяві йдеться, що санкції залишаться.", "uk")
    assert (a["content"], a["cue"], a["source"]) == (["санкції залишаться"], ["йдеться"], ["заяві"])


def test_outlet_told_and_unnamed_informants() -> None:
    a = one("«Решение уже принято», — сказал РИА Новости глава комитета Иван Петров.", "ru")
    assert a["source"] == ["глава комитета Иван Петров"]
    a = one("Переговоры отложены, сообщил ТАСС источник в правительстве.", "ru")
    assert (a["content"], a["source"]) == (["Переговоры отложены"], ["источник в правительстве"])
    a = one("Джерело в Офісі президента повідомило, що переговори тривають.", "uk")
    assert a["source"] == ["Джерело в Офісі президента"]


def test_a_document_as_the_source() -> None:
    a = one("Поставки газа возобновлены в полном объеме, говорится в сообщении компании.", "ru")
    assert (a["content"], a["cue"], a["source"]) == (
        ["Поставки газа возобновлены в полном объеме"],
        ["говорится"],
        ["сообщении компании"],
    )
    a = one("«Мы не допустим эскалации», — говорится в заявлении МИД.", "ru")
    assert (a["kind"], a["source"]) == ("direct", ["заявлении МИД"])
    a = one("Як йдеться у повідомленні відомства, постачання відновлено.", "uk")
    assert (a["content"], a["source"]) == (["постачання відновлено"], ["повідомленні відомства"])


def test_reported_by_this_takes_the_preceding_sentences() -> None:
    text = "Пожар начался ночью и продолжался до утра. Об этом сообщил представитель МЧС Андрей Смирнов."
    a = one(text, "ru")
    assert (a["content"], a["cue"], a["source"]) == (
        ["Пожар начался ночью и продолжался до утра"],
        ["сообщил"],
        ["представитель МЧС Андрей Смирнов"],
    )
    text = "Світло відновили в усіх будинках. Про це повідомила пресслужба міськради."
    assert one(text, "uk")["content"] == ["Світло відновили в усіх будинках"]


def test_quotative_particle() -> None:
    a = one("Він, мовляв, нічого не знав про це.", "uk")
    assert (a["content"], a["cue"], a["source"]) == (["Він", "нічого не знав про це"], ["мовляв"], None)


def test_mixed_quote() -> None:
    a = one("Вчера он призвал депутатов «не торопиться с выводами и дождаться экспертизы».", "ru")
    assert a["kind"] == "mixed"
    assert a["content"] == ["«не торопиться с выводами и дождаться экспертизы»"]
    a = one("Лавров заявил, что высказывания премьера носят «явно недипломатический характер».", "ru")
    assert a["kind"] == "mixed"
    assert a["content"] == ["высказывания премьера носят «явно недипломатический характер»"]


def test_quotations_without_a_cue_word() -> None:
    text = (
        "Голова громади розповів, що школу відкриють восени.\n\n"
        "«Ми вже закупили обладнання і набрали вчителів для всіх класів», — додав він.\n\n"
        "«Батьки можуть не хвилюватися: діти навчатимуться в теплих і світлих класах».\n"
    )
    got = found(text, "uk")
    assert got[-1]["kind"] == "direct"
    assert got[-1]["cue"] is None and got[-1]["source"] is None
    assert got[-1]["content"] == ["Батьки можуть не хвилюватися: діти навчатимуться в теплих і світлих класах"]
    a = one("Нам сьогодні набагато легше, ніж тоді – Забужко\n", "uk")
    assert (a["content"], a["cue"], a["source"]) == (["Нам сьогодні набагато легше, ніж тоді"], None, ["Забужко"])


def test_evidence_and_speech_that_did_not_happen_are_not_attributions() -> None:
    assert found("Досвід інших країн свідчить, що реформа працює.", "uk") == []
    assert one("Очевидець свідчить, що вибух пролунав о сьомій.", "uk")["source"] == ["Очевидець"]
    assert found("Завтра министр заявит, что реформа отменяется.", "ru") == []


# -- media relays ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lang", "text", "source"),
    [
        ("ru", "По данным ТАСС, переговоры прошли успешно.", "ТАСС"),
        ("ru", "Переговоры прошли успешно, сообщает ТАСС.", "ТАСС"),
        ("ru", "Как сообщает РБК, сделка закрыта.", "РБК"),
        ("uk", "Як повідомляє УНІАН, у місті відновили світло.", "УНІАН"),
        ("uk", "Ціни на газ зростуть, повідомляє Укрінформ.", "Укрінформ"),
        ("ru", "По данным СМИ, сделка отложена.", "СМИ"),
    ],
)
def test_media_relays(lang: str, text: str, source: str) -> None:
    a = one(text, lang)
    assert a["relay"] is True
    assert a["source"] == [source]


def test_relay_of_a_report_keeps_the_primary_attribution() -> None:
    text = "Министр рассказал о том, что тарифы снизятся, сообщает «Лента.ру»."
    got = found(text, "ru")
    primary = [a for a in got if not a["relay"]]
    relay = [a for a in got if a["relay"]]
    assert primary[0]["content"] == ["тарифы снизятся"] and primary[0]["source"] == ["Министр"]
    assert relay[0]["source"] == ["«Лента.ру»"]
    assert relay[0]["content"] == ["Министр рассказал о том, что тарифы снизятся"]


def test_report_of_a_report_is_a_relay_and_the_inner_report_is_primary() -> None:
    text = "Профсоюзный лидер отметил, что рабочие рассказали журналистам, что завод закроют."
    got = found(text, "ru")
    outer = next(a for a in got if a["cue"] == ["отметил"])
    inner = next(a for a in got if a["cue"] == ["рассказали"])
    assert outer["relay"] is True and outer["source"] == ["Профсоюзный лидер"]
    assert inner["relay"] is False and inner["source"] == ["рабочие"]
    assert inner["content"] == ["завод закроют"]


def test_verb_and_noun_cues() -> None:
    a = one("Министр выразил надежду, что переговоры продолжатся.", "ru")
    assert (a["content"], a["cue"], a["source"]) == (["переговоры продолжатся"], ["выразил", "надежду"], ["Министр"])
    a = one("Голова ОДА звернувся із закликом не позбавляти дітей такої можливості.", "uk")
    assert (a["content"], a["cue"]) == (["не позбавляти дітей такої можливості"], ["звернувся", "із закликом"])


def test_one_speech_event_told_twice_is_one_attribution() -> None:
    text = "В ходе процесса Петров выступил с заявлением: он сообщил, что его пытали."
    a = one(text, "ru")
    assert a["content"] == ["его пытали"]
    assert a["cue"] == ["выступил", "с заявлением", "сообщил"]
    assert a["source"] == ["Петров", "он"]


def test_subject_shared_by_a_clause_after_but() -> None:
    text = "Депутат Бубен не сказав, куди перейде, однак зазначив, що залишиться в політиці."
    a = one(text, "uk")
    assert (a["content"], a["source"]) == (["залишиться в політиці"], ["Депутат Бубен"])


# -- what is not an attribution ---------------------------------------------------------


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("ru", "Он рассказал о том, как прошла встреча."),  # an embedded question
        ("ru", "Напомним, что выборы пройдут в марте."),  # the author speaking
        ("ru", "Как известно, зима в этом году холодная."),
        ("ru", "Как говорится, за ним придут другие."),
        ("uk", "Нагадаємо, що вибори відбудуться в березні."),
        ("uk", "Мирний план, згідно з яким Україна має поступитися територіями, критикують."),
        ("ru", "Партия «Яблоко» провела митинг."),  # a name in quotation marks
        ("uk", ""),
    ],
)
def test_not_attributions(lang: str, text: str) -> None:
    assert found(text, lang) == []


# -- the pipeline component -------------------------------------------------------------


def test_component_uses_the_tokens_of_an_earlier_component_when_present() -> None:
    text = "«Ми не здамося», — сказав командир. За словами волонтерів, допомога вже їде."
    plain = Doc(document=Document(text=text, language="uk"))
    tokenised = Doc(
        document=Document(text=text, language="uk"),
        sentences=[(s.start, s.stop) for s in sentenize(text)],
        tokens=[Token(t.start, t.stop, t.text) for t in tokenize(text)],
    )
    step = slavic_attributions("uk", {})
    a = step(plain).attributions
    b = step(tokenised).attributions
    assert [x.to_json(text) for x in a] == [x.to_json(text) for x in b]
    assert [x.id for x in a] == ["a1", "a2"]
    assert all(isinstance(x, Attribution) and x.speaker is None and x.via is None for x in a)


def test_component_appends_after_existing_attributions_and_ignores_missing_entities() -> None:
    text = "Сообщается, что пострадавших нет."
    doc = Doc(document=Document(text=text, language="ru"))
    doc.attributions.append(find_attributions(text, "ru")[0])
    slavic_attributions("ru", {})(doc)
    assert [a.id for a in doc.attributions] == ["a1", "a2"]


def test_a_long_document_gives_each_paragraph_its_own_attributions() -> None:
    paragraph = (
        "«Мы не отступим», — заявил министр обороны Иван Петров. "
        "По данным ТАСС, переговоры прошли успешно. Экономист считает, что кризис закончится.\n\n"
    )
    one_copy = found(paragraph, "ru")
    many = found(paragraph * 200, "ru")
    assert len(one_copy) == 3
    assert len(many) == 600
    assert [a["content"] for a in many[-3:]] == [a["content"] for a in one_copy]


def test_unsupported_language_is_a_clear_error() -> None:
    with pytest.raises(ValueError, match="supports"):
        find_attributions("Hello, he said.", "en")


# -- development set bar ----------------------------------------------------------------


@pytest.mark.slow
@pytest.mark.skipif(not UKRU_DEV.exists(), reason="ukru-attr-dev not available")
def test_dev_set_bars() -> None:
    from dossier.eval.attribution import AttributionScores, Predicted
    from dossier.eval.attribution_corpora import read_attribution_corpus

    scores = {lang: AttributionScores() for lang in ("uk", "ru")}
    for doc in read_attribution_corpus(UKRU_DEV):
        pred = [Predicted.from_record(a) for a in find_attributions(doc.text, doc.language)]
        scores[doc.language].add_document(doc.attributions, pred)
    for lang, s in scores.items():
        # issue 3's bars are content F1 >= 0.60 and end-to-end F1 >= 0.50 on held-out data
        assert s.content.f1 >= 0.70, (lang, s.to_json())
        assert s.end_to_end.f1 >= 0.60, (lang, s.to_json())
