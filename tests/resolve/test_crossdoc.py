"""One actor across documents and scripts: what joins, and (more important) what must stay apart."""

from __future__ import annotations

from dossier.resolve.crossdoc import ActorRecord, resolve_actors, script_of


def person(aid: str, name: str, lang: str, docs: set[int], mentions: int = 1) -> ActorRecord:
    return ActorRecord(aid, "PER", name, [(name, lang)], frozenset(docs), mentions)


def canonical(records: list[ActorRecord]) -> dict[str, str]:
    return {k: r.canonical_id for k, r in resolve_actors(records).items()}


def test_one_person_in_three_scripts_and_spellings() -> None:
    got = canonical(
        [
            person("julianne-smith", "Julianne Smith", "en", {1}),
            person("dzhulianna-smit", "Джуліанна Сміт", "uk", {2}),
            person("dzhulianna-smit-ru", "Джулианна Смит", "ru", {3}),
        ]
    )
    # The Latin spelling names the merged actor.
    assert set(got.values()) == {"julianne-smith"}


def test_the_alias_table_joins_any_spelling_and_inflection() -> None:
    got = canonical(
        [
            person("zelenskiy", "Zelenskiy", "en", {1}),
            person("volodymyr-zelenskyy", "Volodymyr Zelenskyy", "en", {2}),
            person("zelenskogo", "Зеленского", "ru", {3}),
            person("volodymyr-zelenskyi", "Володимир Зеленський", "uk", {4}),
        ]
    )
    assert set(got.values()) == {"volodymyr-zelensky"}


def test_two_different_smiths_stay_apart() -> None:
    got = canonical(
        [
            person("john-smith", "John Smith", "en", {1}),
            person("jane-smith", "Jane Smith", "en", {2}),
            # A lone "Smith" with two possible bearers joins neither.
            person("smith", "Smith", "en", {4}),
        ]
    )
    assert got["john-smith"] != got["jane-smith"]
    assert got["smith"] == "smith"


def test_an_initial_joins_only_when_no_first_name_disagrees() -> None:
    alone = canonical([person("j-smith", "J. Smith", "en", {1}), person("john-smith", "John Smith", "en", {2})])
    assert alone["j-smith"] == "john-smith"
    both = canonical(
        [
            person("j-smith", "J. Smith", "en", {1}),
            person("john-smith", "John Smith", "en", {2}),
            person("jane-smith", "Jane Smith", "en", {3}),
        ]
    )
    # "J." may join one of them, but never makes John and Jane one person.
    assert both["john-smith"] != both["jane-smith"]


def test_close_but_different_names_stay_apart() -> None:
    got = canonical(
        [
            person("mikhael-ballak", "Михаель Баллак", "ru", {1}),
            person("balzak", "Бальзак", "ru", {2}),
            person("vladimir-markin", "Владимир Маркин", "ru", {3}),
            person("marin", "Марин", "ru", {4}),
            person("kondoliza-raisa", "Кондолиза Райса", "ru", {5}),
            person("raisa", "Раиса", "ru", {6}),  # a first name, not the surname "Райс"
        ]
    )
    assert all(k == v for k, v in got.items()), got


def test_a_lone_surname_joins_its_only_bearer() -> None:
    got = canonical([person("iurii-luzhkov", "Юрий Лужков", "ru", {1}), person("luzhkov", "Лужков", "ru", {2})])
    assert got["luzhkov"] == "iurii-luzhkov"


def test_actors_one_document_kept_apart_stay_apart() -> None:
    # The document's own analysis saw both side by side, in one script, and decided they differ.
    same_doc = canonical(
        [
            person("dmitrii-medvedev", "Дмитрий Медведев", "ru", {7}),
            person("dmitriia-medvedev", "Дмитрия Медведев", "ru", {7}),
        ]
    )
    assert same_doc["dmitrii-medvedev"] != same_doc["dmitriia-medvedev"]
    two_docs = canonical(
        [
            person("dmitrii-medvedev", "Дмитрий Медведев", "ru", {7}, mentions=3),
            person("dmitriia-medvedev", "Дмитрия Медведев", "ru", {8}),
        ]
    )
    assert two_docs["dmitriia-medvedev"] == "dmitrii-medvedev"


def test_a_name_and_its_original_spelling_in_one_document_join() -> None:
    # "Барри Лоуенкрон (Barry Lowenkron)": the document's analysis never compares across scripts.
    got = canonical(
        [
            person("barry-lowenkron", "Barry Lowenkron", "en", {7}),
            person("barri-louenkron", "Барри Лоуенкрон", "ru", {7}),
        ]
    )
    assert got["barri-louenkron"] == "barry-lowenkron"


def test_organisations_by_spelling_and_inflection_never_by_type_or_number() -> None:
    def org(aid: str, name: str, lang: str, doc: int, etype: str = "ORG") -> ActorRecord:
        return ActorRecord(aid, etype, name, [(name, lang)], frozenset({doc}), 1)

    got = canonical(
        [
            org("sovetskogo-soiuza", "Советского Союза", "ru", 1),
            org("sovetskim-soiuzom", "Советским Союзом", "ru", 2),
            org("g8", "G8", "en", 3),
            org("g-20", "G-20", "en", 4),
            org("nigeriia", "Нигерия", "ru", 5, "LOC"),
            org("niger", "Нигер", "ru", 6, "LOC"),
            org("smit", "Сміт", "uk", 7),  # an organisation, not the person Smith
            person("julianne-smith", "Julianne Smith", "en", {8}),
        ]
    )
    assert got["sovetskim-soiuzom"] == got["sovetskogo-soiuza"]
    assert got["g-20"] != got["g8"]
    assert got["nigeriia"] != got["niger"]
    assert got["smit"] == "smit"


def test_a_plan_named_after_two_known_persons_is_one_thing_in_every_language() -> None:
    def thing(aid: str, name: str, lang: str, doc: int, etype: str) -> ActorRecord:
        return ActorRecord(aid, etype, name, [(name, lang)], frozenset({doc}), 1)

    got = canonical(
        [
            thing("witkoff-dmitriev", "Witkoff-Dmitriev", "en", 1, "ORG"),
            thing("vitkoff-dmytriiev", "Віткофф-Дмитрієв", "uk", 2, "MISC"),
            thing("uitkoff-dmitriev", "Уиткофф-Дмитриев", "ru", 3, "MISC"),
        ]
    )
    assert set(got.values()) == {"witkoff-dmitriev"}


def test_the_same_records_give_the_same_answer_in_any_order() -> None:
    records = [
        person("julianne-smith", "Julianne Smith", "en", {1}),
        person("dzhulianna-smit", "Джуліанна Сміт", "uk", {2}),
        person("john-smith", "John Smith", "en", {3}),
        person("smith", "Smith", "en", {4}),
    ]
    assert canonical(records) == canonical(list(reversed(records)))


def test_script_of_a_name() -> None:
    assert [script_of(n) for n in ("Сміт", "Smith", "G8", "28")] == ["Cyrl", "Latn", "Latn", "Zyyy"]


def test_a_lone_surname_in_two_scripts_is_one_name_when_no_one_bears_it() -> None:
    got = canonical([person("smith", "Smith", "en", {1}), person("smit", "Сміт", "uk", {2})])
    assert got["smit"] == got["smith"] == "smith"
