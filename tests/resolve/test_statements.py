"""One statement, every report of it: when reports are one statement, and when they are two."""

from __future__ import annotations

from dossier.resolve.statements import Report, group_reports, match


def report(doc: str, lang: str, content: str, **kw: object) -> Report:
    fields: dict = {"published": "2025-11-22", "attribution": f"{doc}-a", "speaker": "maria-petrova"}
    fields.update(kw)
    return Report(document=doc, language=lang, content=content, **fields)


def test_the_same_quote_in_two_articles_of_one_language() -> None:
    a = report("1", "uk", "Україна не віддасть Донбас, і ми не погодимося на жодні поступки.")
    b = report("2", "uk", "Україна не віддасть Донбасу, і ми не погодимося на жодні поступки")  # inflected
    assert match(a, b) is not None
    # One article quotes a part of what the other quotes in full.
    part = report("3", "uk", "ми не погодимося на жодні поступки")
    assert match(a, part) is not None


def test_two_statements_of_one_speaker_stay_two() -> None:
    a = report("1", "uk", "Україна не віддасть Донбас, і ми не погодимося на жодні поступки.")
    b = report("2", "uk", "Переговори з делегацією США триватимуть наступного тижня в Женеві.")
    assert match(a, b) is None
    # Across languages: the same length, the same story, but the numbers inside differ.
    en = report("3", "en", "We need 28 more days before the talks, and 15 delegations.", names=frozenset({"usa"}))
    uk = report("4", "uk", "Нам потрібно ще 40 днів до переговорів і 3 делегації.", names=frozenset({"usa"}))
    assert match(en, uk) is None
    statements = group_reports([a, b, en, uk])
    assert len(statements) == 4


def test_another_speaker_is_another_statement() -> None:
    a = report("1", "uk", "Україна не віддасть Донбас, і ми не погодимося на жодні поступки.")
    b = report("2", "uk", "Україна не віддасть Донбас, і ми не погодимося на жодні поступки.", speaker="ivan-rudenko")
    assert match(a, b) is None


def test_across_languages_by_the_names_and_numbers_inside() -> None:
    en = report(
        "1", "en", "The 28-point plan would make Ukraine give up Donbas.", names=frozenset({"ukraine", "donbas"})
    )
    ru = report(
        "2", "ru", "План из 28 пунктов заставит Украину отдать Донбасс.", names=frozenset({"ukraine", "donbas"})
    )
    assert match(en, ru) is not None
    # A month apart, a like sentence is another statement.
    later = report("3", "ru", en.content, published="2026-01-10", names=en.names)
    assert match(en, later) is None


def test_across_languages_without_names_the_same_place_in_the_same_story() -> None:
    story = frozenset({"julianne-smith", "nato", "donald-trump", "ukraine"})
    en = report(
        "1", "en", "It bothers me how little effort has gone into it. Dead on arrival.", story=story, position=0.42
    )
    uk = report(
        "2", "uk", "Мене турбує, як мало зусиль у нього вкладено. Мертвонароджений.", story=story, position=0.43
    )
    assert match(en, uk) is not None
    elsewhere = report("3", "uk", uk.content, story=story, position=0.9)
    assert match(en, elsewhere) is None
    other_story = report("4", "uk", uk.content, story=frozenset({"iran", "israel"}), position=0.43)
    assert match(en, other_story) is None


def test_the_origin_is_the_earliest_report_then_the_first_stored() -> None:
    text = "Україна не віддасть Донбас, і ми не погодимося на жодні поступки."
    late = report("1", "uk", text, published="2025-11-23T08:00:00+02:00", stored="2025-11-20T00:00:00")
    early = report("2", "uk", text, published="2025-11-22T10:00:00Z", stored="2025-11-25T00:00:00")
    undated = report("3", "uk", text, published=None, stored="2025-11-01T00:00:00")
    same_day_stored_later = report("4", "uk", text, published="2025-11-22T10:00:00Z", stored="2025-11-26T00:00:00")
    (st,) = group_reports([late, undated, same_day_stored_later, early])
    assert [r.document for r in sorted(st.reports, key=Report.order_key)] == ["2", "4", "1", "3"]
    assert st.origin.document == "2"
    assert st.reports[0] is st.origin  # grouped earliest first


def test_a_document_gives_a_statement_one_report_unless_it_repeats_the_quote() -> None:
    a = report("1", "uk", "Україна не віддасть Донбас, і ми не погодимося на жодні поступки.", span=(0, 66))
    other = report("1", "uk", "Переговори триватимуть наступного тижня в Женеві, сказала вона.", span=(100, 160))
    again = report("1", "uk", "Україна не віддасть Донбас, і ми не погодимося на жодні поступки.", span=(300, 366))
    statements = group_reports([a, other, again])
    assert sorted(len(st.reports) for st in statements) == [1, 2]


def test_a_name_one_language_missed_does_not_split_a_translation() -> None:
    story = frozenset({"nato", "ukraine", "donald-trump", "keir-starmer"})
    en = report(
        "1",
        "en",
        "NATO and Ukraine must be at the table, the plan cannot pass without them.",
        names=frozenset({"nato", "ukraine"}),
        story=story,
        position=0.5,
    )
    # The Ukrainian recogniser took "Альянс" for an organisation of its own: one name in common.
    uk = report(
        "2",
        "uk",
        "Альянс і Україна мають бути за столом, без них план не пройде.",
        names=frozenset(
            {"alians", "ukraine"},
        ),
        story=story,
        position=0.51,
    )
    assert match(en, uk) is not None
    # No name in common at the same place: another statement.
    other = report(
        "3",
        "uk",
        "Британія і Франція мають бути за столом, без них план не пройде.",
        names=frozenset({"united-kingdom", "france"}),
        story=story,
        position=0.51,
    )
    assert match(en, other) is None
