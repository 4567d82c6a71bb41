"""Date expressions in news text, normalised against the publication date.

"On November 20" published 2025-11-22 -> 2025-11-20; "20 листопада", "20 ноября" the same;
"on Tuesday" -> the last Tuesday on or before publication; "yesterday", "вчора", "вчера"
-> the day before; "this week" -> the ISO week ("2025-W47"). Without a publication date a
day and month stay partial ("--11-20") and relative expressions stay unresolved (None).

Own rules rather than dateparser: we need every expression's character span, the
Ukrainian month names in all their cases, and our own choice of year and weekday.
Month, weekday and relative words are data (lexicons/LANG/events_dates.yaml).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache

from dossier.nlp.lexicon import read_yaml


@dataclass(frozen=True, slots=True)
class DateMention:
    start: int
    end: int
    text: str
    value: str | None  # YYYY-MM-DD, --MM-DD, YYYY-MM, YYYY-Www, or None when unresolved
    kind: str = ""  # which pattern found it: iso, dmy, day_month, month_day, month_year, days, weeks, weekday


def parse_published(published: str | None) -> date | None:
    """The date part of an ISO date or datetime; None when absent or unreadable."""
    if not published:
        return None
    try:
        return date.fromisoformat(published.strip()[:10])
    except ValueError:
        return None


def _alts(items: list[str]) -> str:
    # Longest first, so "the day before yesterday" wins over "yesterday".
    return "|".join(re.escape(i) for i in sorted(items, key=len, reverse=True))


@dataclass(frozen=True, slots=True)
class _Patterns:
    regexes: tuple[tuple[str, re.Pattern[str]], ...]
    months: dict[str, int]
    weekdays: dict[str, int]
    days: dict[str, int]
    weeks: dict[str, int]


@cache
def _patterns(lang: str) -> _Patterns:
    lex = read_yaml(lang, "events_dates") or read_yaml("en", "events_dates")
    months = {w.lower(): int(n) for n, ws in lex["months"].items() for w in ws}
    weekdays = {w.lower(): int(n) for n, ws in lex["weekdays"].items() for w in ws}
    days = {w.lower(): int(n) for n, ws in lex["days"].items() for w in ws}
    weeks = {w.lower(): int(n) for n, ws in lex["weeks"].items() for w in ws}
    m, wd = _alts(list(months)), _alts(list(weekdays))
    year_suffix = lex.get("year_suffixes") or []
    ys = rf"(?:\s*(?:{_alts(year_suffix)}))?" if year_suffix else ""
    b, e = r"(?<![\w])", r"(?![\w])"
    prefixes = lex.get("weekday_prefixes") or []
    regexes: list[tuple[str, re.Pattern[str]]] = [
        ("iso", re.compile(rf"{b}(?P<y>\d{{4}})-(?P<m>\d{{2}})-(?P<d>\d{{2}}){e}")),
        ("dmy", re.compile(rf"{b}(?P<d>\d{{1,2}})\.(?P<m>\d{{1,2}})\.(?P<y>\d{{4}}){e}")),
        (
            "day_month",
            re.compile(
                rf"{b}(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<mn>{m})\.?{e}(?:,?\s+(?P<y>\d{{4}}){ys})?",
                re.I,
            ),
        ),
        (
            "month_day",
            re.compile(
                rf"{b}(?:(?:{wd}),?\s+)?(?P<mn>{m})\.?\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?{e}(?:,?\s+(?P<y>\d{{4}}))?",
                re.I,
            ),
        ),
        ("month_year", re.compile(rf"{b}(?P<mn>{m})\s+(?P<y>\d{{4}}){ys}{e}", re.I)),
        ("days", re.compile(rf"{b}(?P<rel>{_alts(list(days))}){e}", re.I)),
        ("weeks", re.compile(rf"{b}(?P<rel>{_alts(list(weeks))}){e}", re.I)),
        (
            "weekday",
            re.compile(
                rf"{b}(?:(?:{_alts(prefixes)})\s+)?(?P<wd>{wd}){e}" if prefixes else rf"{b}(?P<wd>{wd}){e}", re.I
            ),
        ),
    ]
    return _Patterns(tuple(regexes), months, weekdays, days, weeks)


def _closest_year(month: int, day: int, published: date) -> date | None:
    """The year of a day and month written without one.

    News reports mostly what happened: the publication year, unless that puts the day more
    than a month after publication (then the year before: "December 30" read on 2 January),
    or more than ten months before it while next year's is at most two months ahead
    ("January 10" read on 20 December).
    """

    def make(year: int) -> date | None:
        try:
            return date(year, month, day)
        except ValueError:  # 29 February
            return None

    same = make(published.year)
    if same is None:
        return make(published.year - 1) or make(published.year + 1)
    if same > published + timedelta(days=31):
        return make(published.year - 1) or same
    nxt = make(published.year + 1)
    if same < published - timedelta(days=300) and nxt and nxt <= published + timedelta(days=62):
        return nxt
    return same


def _iso_week(d: date) -> str:
    y, w, _ = d.isocalendar()
    return f"{y}-W{w:02d}"


def _value(kind: str, m: re.Match[str], pats: _Patterns, published: date | None) -> str | None:
    g = m.groupdict()
    if kind in ("iso", "dmy", "day_month", "month_day"):
        month = int(g["m"]) if g.get("m") else pats.months[g["mn"].lower().rstrip(".")]
        day = int(g["d"])
        if not 1 <= month <= 12 or not 1 <= day <= 31:
            return None
        if g.get("y"):
            try:
                return date(int(g["y"]), month, day).isoformat()
            except ValueError:
                return None
        if published is None:
            return f"--{month:02d}-{day:02d}"
        found = _closest_year(month, day, published)
        return found.isoformat() if found else None
    if kind == "month_year":
        return f"{int(g['y']):04d}-{pats.months[g['mn'].lower()]:02d}"
    if published is None:
        return None
    if kind == "days":
        return (published + timedelta(days=pats.days[g["rel"].lower()])).isoformat()
    if kind == "weeks":
        return _iso_week(published + timedelta(weeks=pats.weeks[g["rel"].lower()]))
    if kind == "weekday":
        # News names this week's days: "on Tuesday" is the last Tuesday on or before publication.
        back = (published.weekday() - pats.weekdays[g["wd"].lower()]) % 7
        return (published - timedelta(days=back)).isoformat()
    return None


def find_dates(text: str, lang: str, published: str | None = None) -> list[DateMention]:
    """Every date expression in ``text``, left to right, without overlaps (longest wins)."""
    pats = _patterns(lang)
    pub = parse_published(published)
    found: list[DateMention] = []
    for kind, regex in pats.regexes:
        for m in regex.finditer(text):
            if any(f.start < m.end() and m.start() < f.end for f in found):
                continue
            if kind == "month_day" and m.group("mn").lower() == "may" and not m.group("mn")[0].isupper():
                continue  # the verb "may 5" is no date
            found.append(DateMention(m.start(), m.end(), m.group(), _value(kind, m, pats, pub), kind))
    found.sort(key=lambda d: d.start)
    # "в минувшую среду 12 мая", "on Tuesday, 18 November": one date, the day and month say which
    out: list[DateMention] = []
    for d in found:
        prev = out[-1] if out else None
        if (
            prev is not None
            and prev.kind == "weekday"
            and d.kind in ("day_month", "month_day", "iso", "dmy")
            and text[prev.end : d.start].strip(" ,") == ""
        ):
            out[-1] = DateMention(prev.start, d.end, text[prev.start : d.end], d.value, d.kind)
        else:
            out.append(d)
    return out
