"""Grouping entity mentions into document-level actors (hand-built entities, real pymorphy3)."""

from __future__ import annotations

import re

import pytest

from dossier.nlp.actors import make_actors, role_before
from dossier.nlp.aliases import AliasError, AliasTable
from dossier.nlp.doc import Doc
from dossier.records import Document, Entity


def doc_with(text: str, lang: str, mentions: list[tuple[str, str]]) -> Doc:
    """A Doc whose entities are the given (surface, type) mentions, found left to right."""
    doc = Doc(Document(text=text, language=lang))
    pos = 0
    for surface, etype in mentions:
        start = text.index(surface, pos)
        doc.entities.append(Entity(start, start + len(surface), etype, text=surface))
        pos = start + len(surface)
    return make_actors(lang, {})(doc)


def ids(doc: Doc) -> list[str | None]:
    return [e.actor for e in sorted(doc.entities, key=lambda e: e.start)]


def test_english_name_variants_are_one_actor() -> None:
    text = (
        "US Army Secretary Daniel Driscoll visited Kyiv. Dan Driscoll met officials. "
        "Driscoll's trip was short, and General Driscoll left on Friday."
    )
    doc = doc_with(
        text,
        "en",
        [
            ("Daniel Driscoll", "PER"),
            ("Kyiv", "LOC"),
            ("Dan Driscoll", "PER"),
            ("Driscoll's", "PER"),
            ("General Driscoll", "PER"),
        ],
    )
    assert ids(doc) == ["dan-driscoll", "kyiv", "dan-driscoll", "dan-driscoll", "dan-driscoll"]
    driscoll = next(a for a in doc.actors if a.id == "dan-driscoll")
    assert "US Army Secretary" in driscoll.roles


def test_unknown_people_get_slugs_and_different_first_names_stay_apart() -> None:
    text = "Maria Petrova met Ivan Petrova's husband Oleg Petrova. Later Maria Petrova spoke. Petrova said yes."
    doc = doc_with(
        text,
        "en",
        [
            ("Maria Petrova", "PER"),
            ("Ivan Petrova", "PER"),
            ("Oleg Petrova", "PER"),
            ("Maria Petrova", "PER"),
            ("Petrova", "PER"),
        ],
    )
    assert ids(doc) == ["maria-petrova", "ivan-petrova", "oleg-petrova", "maria-petrova", "maria-petrova"]


def test_ukrainian_inflected_names_and_nicknames() -> None:
    text = (
        "Делегація на чолі з міністром армії Деном Дрісколлом прибула до Києва. "
        "Візит Дрісколла тривав два дні. Деніел Дрісколл зустрівся з Ганною Ковальчук у Києві."
    )
    doc = doc_with(
        text,
        "uk",
        [
            ("Деном Дрісколлом", "PER"),
            ("Києва", "LOC"),
            ("Дрісколла", "PER"),
            ("Деніел Дрісколл", "PER"),
            ("Ганною Ковальчук", "PER"),
            ("Києві", "LOC"),
        ],
    )
    assert ids(doc) == ["dan-driscoll", "kyiv", "dan-driscoll", "dan-driscoll", "hanna-kovalchuk", "kyiv"]
    hanna = next(a for a in doc.actors if a.id == "hanna-kovalchuk")
    assert hanna.name == "Ганна Ковальчук"  # the nominative, from the instrumental "Ганною"


def test_russian_slug_by_transliteration_and_alias_table() -> None:
    text = "Зеленского поддержал Игорь Сидоренко. Сидоренко сообщил об этом в Киеве."
    doc = doc_with(
        text, "ru", [("Зеленского", "PER"), ("Игорь Сидоренко", "PER"), ("Сидоренко", "PER"), ("Киеве", "LOC")]
    )
    assert ids(doc) == ["volodymyr-zelensky", "igor-sidorenko", "igor-sidorenko", "kyiv"]


@pytest.mark.parametrize(
    ("lang", "text", "name", "role"),
    [
        (
            "en",
            "Several leaders, including Greek Prime Minister Kyriakos Mitsotakis, objected.",
            "Kyriakos",
            "Greek Prime Minister",
        ),
        ("uk", "Проти виступив прем'єр-міністр Греції Кіріакос Міцотакіс.", "Кіріакос", "прем'єр-міністр Греції"),
        ("ru", "Об этом заявил министр обороны Украины Денис Шмыгаль.", "Денис", "министр обороны Украины"),
        ("en", "Then Maria Petrova arrived.", "Maria", None),
    ],
)
def test_role_written_before_a_name(lang: str, text: str, name: str, role: str | None) -> None:
    assert role_before(text, text.index(name), lang) == role


def test_broken_alias_table_is_a_clear_error(tmp_path) -> None:
    bad = tmp_path / "aliases.yaml"
    bad.write_text("- id: x\n  type: PER\n  name: [unclosed\n", encoding="utf-8")
    with pytest.raises(AliasError, match="not valid YAML"):
        AliasTable.load(bad)
    bad.write_text("- id: Not A Slug\n  type: PER\n  name: X\n", encoding="utf-8")
    with pytest.raises(AliasError, match="slug"):
        AliasTable.load(bad)


def test_custom_alias_table_maps_spellings_to_one_id(tmp_path) -> None:
    table = tmp_path / "aliases.yaml"
    table.write_text(
        "- id: ivan-ivanenko\n  type: PER\n  name: Ivan Ivanenko\n"
        "  names: {en: [Ivanenko], uk: [Іван Іваненко], ru: [Иван Иваненко]}\n",
        encoding="utf-8",
    )
    builder = make_actors("uk", {"aliases": str(table)})
    doc = Doc(Document(text="Іваненка", language="uk"))
    doc.entities.append(Entity(0, 8, "PER", text="Іваненка"))
    assert builder(doc).entities[0].actor == "ivan-ivanenko"
    assert re.fullmatch(r"[a-z0-9-]+", doc.actors[0].id)


def test_words_glued_to_a_name_do_not_make_another_person() -> None:
    # A recogniser may take "Великої Британії Кір Стармер" or "Візит Дрісколла" for one name.
    text = "Прем'єр Великої Британії Кір Стармер прибув. Візит Дрісколла завершився, Стармер поїхав."
    doc = doc_with(
        text, "uk", [("Великої Британії Кір Стармер", "PER"), ("Візит Дрісколла", "PER"), ("Стармер", "PER")]
    )
    assert ids(doc) == ["keir-starmer", "dan-driscoll", "keir-starmer"]


def test_two_surnames_joined_name_a_plan_not_a_person() -> None:
    text = "Steve Witkoff and Kirill Dmitriev wrote the Witkoff-Dmitriev plan."
    doc = doc_with(text, "en", [("Steve Witkoff", "PER"), ("Kirill Dmitriev", "PER"), ("Witkoff-Dmitriev", "PER")])
    plan = next(a for a in doc.actors if a.name == "Witkoff-Dmitriev")
    assert plan.type == "MISC"
    assert ids(doc)[:2] == ["steve-witkoff", "kirill-dmitriev"]


def test_actors_of_several_documents_and_scripts_share_one_id() -> None:
    from dossier.resolve.crossdoc import ActorRecord, resolve_actors

    def record(slug: str, type_: str, name: str, lang: str, doc: int) -> ActorRecord:
        return ActorRecord(slug, type_, name, [(name, lang)], frozenset({doc}), 1)

    canonical = {
        k: v.canonical_id
        for k, v in resolve_actors(
            [
                # Known to the alias table, in any script.
                record("deniel-driskoll", "PER", "Деніел Дрісколл", "uk", 1),
                # Unknown to it: spellings of one name in three scripts and languages join.
                record("julianne-smith", "PER", "Julianne Smith", "en", 2),
                record("dzhulianna-smit", "PER", "Джуліанна Сміт", "uk", 1),
                # Same surname, another person; same name, another type.
                record("john-smith", "PER", "John Smith", "en", 3),
                record("smit", "ORG", "Сміт", "uk", 4),
            ]
        ).items()
    }
    assert canonical["deniel-driskoll"] == "dan-driscoll"
    assert canonical["dzhulianna-smit"] == canonical["julianne-smith"]
    assert canonical["john-smith"] == "john-smith"
    assert canonical["smit"] == "smit"


def test_an_organisations_acronym_is_the_organisation() -> None:
    text = "Національне антикорупційне бюро України повідомило про підозру. У НАБУ додали, що справа триває."
    doc = doc_with(text, "uk", [("Національне антикорупційне бюро України", "ORG"), ("НАБУ", "ORG")])
    assert ids(doc)[0] == ids(doc)[1]
    text = "The Security Service of Ukraine said it detained him. The SSU gave no names. The IMF did not comment."
    doc = doc_with(text, "en", [("Security Service of Ukraine", "ORG"), ("SSU", "ORG"), ("IMF", "ORG")])
    assert ids(doc)[0] == ids(doc)[1] != ids(doc)[2]


def test_a_first_name_alone_is_the_one_person_who_bears_it() -> None:
    text = "Віталій Кличко зустрівся з Олегом Ляшком. Віталія підтримали депутати."
    doc = doc_with(text, "uk", [("Віталій Кличко", "PER"), ("Олегом Ляшком", "PER"), ("Віталія", "PER")])
    assert ids(doc) == ["vitalii-klychko", "oleh-liashko", "vitalii-klychko"]


def test_an_outlet_written_with_its_common_noun_is_the_outlet() -> None:
    # "агентства Bloomberg" and "Bloomberg" are one actor; the ministry keeps its noun.
    text = "По данным агентства Bloomberg, переговоры прошли. Bloomberg пишет, что Министерство обороны молчит."
    doc = doc_with(text, "ru", [("агентства Bloomberg", "ORG"), ("Bloomberg", "ORG"), ("Министерство обороны", "ORG")])
    assert ids(doc) == ["bloomberg", "bloomberg", "ministerstvo-oborony"]
    text = "Як повідомляє агентство NovaPress, переговори тривають. Видання NovaPress пише, що зустріч була довгою."
    doc = doc_with(text, "uk", [("агентство NovaPress", "ORG"), ("Видання NovaPress", "ORG")])
    assert ids(doc) == ["novapress", "novapress"]
    assert [a.name for a in doc.actors] == ["NovaPress"]


@pytest.mark.parametrize(
    ("lang", "text", "mentions", "expected"),
    [
        ("ru", "Мария Захарова считает, что это провокация.", ["Мария Захарова"], "mariia-zakharova"),
        ("ru", "По словам Марии Захаровой, это провокация.", ["Марии Захаровой"], "mariia-zakharova"),
        ("ru", "С Ольгой Стефанишиной говорили долго.", ["Ольгой Стефанишиной"], "olga-stefanishina"),
        ("ru", "Ирина Кравчук выступила первой.", ["Ирина Кравчук"], "irina-kravchuk"),
        ("uk", "Марія Захарова вважає, що це провокація.", ["Марія Захарова"], "mariia-zakharova"),
        ("uk", "За словами Марії Захарової, це провокація.", ["Марії Захарової"], "mariia-zakharova"),
        ("uk", "З Ольгою Стефанішиною говорили довго.", ["Ольгою Стефанішиною"], "olha-stefanishyna"),
        # An initial says nothing of the gender: the surname stays in the nominative as written.
        ("ru", "Руководитель центра Э. Чернова создала все условия.", ["Э. Чернова"], "e-chernova"),
        # A surname named alone takes the gender of the full name elsewhere in the text.
        (
            "ru",
            "Мария Захарова ответила. Захаровой задали вопрос.",
            ["Мария Захарова", "Захаровой"],
            "mariia-zakharova",
        ),
    ],
)
def test_a_womans_surname_keeps_its_feminine_form(lang: str, text: str, mentions: list[str], expected: str) -> None:
    doc = doc_with(text, lang, [(m, "PER") for m in mentions])
    assert ids(doc) == [expected] * len(mentions)


@pytest.mark.parametrize(
    ("lang", "text", "mentions", "expected"),
    [
        (
            "ru",
            "Встреча с Денисом Шмыгалем. Шмыгаль заявил о поддержке.",
            ["Денисом Шмыгалем", "Шмыгаль"],
            "denys-shmyhal",
        ),
        ("ru", "Слова Сергея Захарова подтвердились.", ["Сергея Захарова"], "sergei-zakharov"),
        # "Дмитрия" is also read as a rare woman's name; its frequency says Дмитрий.
        ("ru", "Встреча Дмитрия Медведева с прессой.", ["Дмитрия Медведева"], "dmitrii-medvedev"),
        ("ru", "Леонида Кравчука похоронили в Киеве.", ["Леонида Кравчука"], "leonid-kravchuk"),
        ("uk", "Слова Сергія Захарова підтвердилися.", ["Сергія Захарова"], "serhii-zakharov"),
        ("uk", "Леонід Кравчук був першим президентом.", ["Леонід Кравчук"], "leonid-kravchuk"),
        ("uk", "Віктора Ющенка обрали президентом.", ["Віктора Ющенка"], "viktor-yushchenko"),
        # "Вікторові" is also Вікторов's locative; out of the nominative the first name wins.
        ("uk", "Вікторові Ющенку вручили нагороду.", ["Вікторові Ющенку"], "viktor-yushchenko"),
        # An unknown surname's genitive is guessed a first name's nominative; after a first name it is a surname.
        ("ru", "По словам главы ведомства Игоря Щеголёва, всё готово.", ["Игоря Щеголёва"], "igor-shchegolev"),
    ],
)
def test_a_mans_surname_takes_the_masculine_nominative(
    lang: str, text: str, mentions: list[str], expected: str
) -> None:
    doc = doc_with(text, lang, [(m, "PER") for m in mentions])
    assert ids(doc) == [expected] * len(mentions)
