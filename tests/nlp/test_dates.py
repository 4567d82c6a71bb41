"""Date expressions normalised against the publication date."""

from __future__ import annotations

import pytest

from dossier.nlp.dates import find_dates, parse_published

PUBLISHED = "2025-11-22"  # a Saturday


@pytest.mark.parametrize(
    ("lang", "text", "expected"),
    [
        ("en", "On November 20, the ministers met.", ("November 20", "2025-11-20")),
        ("en", "They met on Nov. 20th.", ("Nov. 20th", "2025-11-20")),
        ("en", "The deal was signed on 3 March 2024.", ("3 March 2024", "2024-03-03")),
        ("en", "Talks ended on Tuesday.", ("on Tuesday", "2025-11-18")),
        ("en", "Talks ended on Saturday.", ("on Saturday", "2025-11-22")),
        ("en", "He arrived yesterday.", ("yesterday", "2025-11-21")),
        ("en", "He was in Kyiv this week.", ("this week", "2025-W47")),
        ("en", "He was in Kyiv last week.", ("last week", "2025-W46")),
        ("uk", "20 листопада відбулися переговори.", ("20 листопада", "2025-11-20")),
        ("uk", "Угоду підписали 5 січня 2026 року.", ("5 січня 2026 року", "2026-01-05")),
        ("uk", "Про це він сказав у вівторок.", ("у вівторок", "2025-11-18")),
        ("uk", "Делегація прибула вчора.", ("вчора", "2025-11-21")),
        ("uk", "Делегація цього тижня перебувала в Києві.", ("цього тижня", "2025-W47")),
        ("ru", "20 ноября состоялись переговоры.", ("20 ноября", "2025-11-20")),
        ("ru", "Встреча прошла в пятницу.", ("в пятницу", "2025-11-21")),
        ("ru", "Об этом стало известно вчера.", ("вчера", "2025-11-21")),
        ("ru", "Делегация на этой неделе находилась в Киеве.", ("на этой неделе", "2025-W47")),
        ("ru", "Документ датирован 21.11.2025.", ("21.11.2025", "2025-11-21")),
    ],
)
def test_dates_against_the_publication_date(lang: str, text: str, expected: tuple[str, str]) -> None:
    found = [(d.text, d.value) for d in find_dates(text, lang, PUBLISHED)]
    assert found == [expected]
    d = find_dates(text, lang, PUBLISHED)[0]
    assert text[d.start : d.end] == d.text


def test_late_december_read_in_january_is_last_year() -> None:
    # Late December read in early January belongs to the year before.
    assert find_dates("Talks on December 30 failed.", "en", "2026-01-02")[0].value == "2025-12-30"
    assert find_dates("Переговори 30 грудня провалилися.", "uk", "2026-01-02")[0].value == "2025-12-30"


def test_without_publication_date_a_day_and_month_stay_partial() -> None:
    assert [(d.text, d.value) for d in find_dates("On November 20 they met, yesterday too.", "en")] == [
        ("November 20", "--11-20"),
        ("yesterday", None),
    ]
    assert find_dates("20 ноября", "ru", None)[0].value == "--11-20"


def test_no_false_dates() -> None:
    assert find_dates("The plan may 5 times change; it has 28 points.", "en", PUBLISHED) == []
    assert find_dates("План з 28 пунктів.", "uk", PUBLISHED) == []


def test_published_may_be_a_datetime_or_unreadable() -> None:
    assert parse_published("2025-11-22T10:15:00+02:00").isoformat() == "2025-11-22"
    assert parse_published("yesterday") is None
    assert find_dates("He left on Tuesday.", "en", "not a date")[0].value is None


@pytest.mark.parametrize(
    ("text", "published", "value"),
    [
        ("He spoke on February 8.", "2025-11-22", "2025-02-08"),  # earlier this year, not next
        ("Talks are set for December 5.", "2025-11-22", "2025-12-05"),  # within the month ahead
        ("Talks resume on January 10.", "2025-12-20", "2026-01-10"),  # early next year
    ],
)
def test_year_of_a_date_without_one(text: str, published: str, value: str) -> None:
    assert find_dates(text, "en", published)[0].value == value


def test_a_weekday_with_its_date_is_one_date_and_the_date_decides() -> None:
    # Published on a Saturday: "the past Wednesday" alone would be 19 November.
    found = find_dates("Россия и Турция подписали в минувшую среду 12 мая соглашение.", "ru", "2025-11-22")
    assert [(d.text, d.value) for d in found] == [("в минувшую среду 12 мая", "2025-05-12")]
    found = find_dates("On Tuesday, 18 November, they met; on Monday too.", "en", "2025-11-22")
    assert [(d.text, d.value) for d in found] == [
        ("On Tuesday, 18 November", "2025-11-18"),
        ("on Monday", "2025-11-17"),
    ]
