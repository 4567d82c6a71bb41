"""Normal forms of inflected Ukrainian and Russian words (pymorphy3 dictionaries).

Names decline ("Дрісколлом", "Дрісколла" -> "Дрісколл"), and pymorphy3 often offers
several normal forms for an unknown name, so callers get the whole candidate set
and compare sets rather than trusting the first guess.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache, lru_cache
from typing import Any

import pymorphy3

WORD = re.compile(r"\w+(?:['’ʼ\-]\w+)*")
# pymorphy3 tags that mark a parse as (part of) a proper name, by entity type.
_NAME_TAGS = {
    "PER": ("Name", "Surn", "Patr"),
    "LOC": ("Geox",),
    "ORG": ("Orgn", "Abbr"),
}
# Share of pymorphy3's frequency-based score that makes one gender of an ambiguous first name likely.
LIKELY_GENDER = 0.9


@cache
def analyzer(lang: str) -> pymorphy3.MorphAnalyzer | None:
    if lang not in ("uk", "ru"):
        return None
    try:  # one analyzer per process, shared with the Slavic tokens component
        from dossier.nlp.slavic.models import morph_analyzer

        return morph_analyzer(lang)
    except ImportError:
        return pymorphy3.MorphAnalyzer(lang=lang)


@cache
def _parser(lang: str) -> Callable[[str], tuple[Any, ...]]:
    try:  # the tokens component's cache of parses, keyed by the word as written
        from dossier.nlp.slavic.models import parse_word

        return lambda word: parse_word(lang, word)
    except ImportError:
        morph = analyzer(lang)
        return lru_cache(maxsize=200_000)(lambda word: tuple(morph.parse(word)))


def parses(word: str, lang: str) -> tuple[pymorphy3.analyzer.Parse, ...]:
    """pymorphy3's parses of ``word`` (best first), cached; empty for other languages."""
    if lang not in ("uk", "ru"):
        return ()
    return tuple(_parser(lang)(word))


@lru_cache(maxsize=4096)
def _grammemes(tag: str) -> frozenset[str]:
    return frozenset(re.split(r"[ ,]", tag))


def grammemes(parse: pymorphy3.analyzer.Parse) -> frozenset[str]:
    # Tag sets differ between the uk and ru dictionaries (uk has no Geox), so compare names.
    return _grammemes(str(parse.tag))


def words(text: str) -> list[str]:
    return WORD.findall(text)


@lru_cache(maxsize=65536)
def lemma_candidates(word: str, lang: str) -> frozenset[str]:
    """Every lower-case normal form pymorphy3 proposes for ``word``, plus the word itself."""
    low = word.lower().replace("’", "'").replace("ʼ", "'")
    return frozenset({low} | {p.normal_form for p in parses(word.replace("’", "'").replace("ʼ", "'"), lang)})


def person_gender(name_words: list[str], lang: str) -> str | None:
    """masc/femn of a person where the dictionary is sure, from all the words naming them.

    A word counts only when all its name readings agree ("Оробець" is femn only, "Леся"
    is read both ways); words that disagree leave the gender unknown. Votes are ranked:
    words the dictionary knows and declines ("Денисом") outweigh pymorphy3's guesses for
    unknown words ("Шмыгалем") and first names that are mostly one gender ("Дмитрия"),
    which outweigh words read only as indeclinable: for a surname that is a woman's form or
    a guess ("Кравчук", "Шмыгаль" femn beside "Денис").
    """
    morph = analyzer(lang)
    tiers: tuple[set[str], set[str], set[str]] = (set(), set(), set())
    for w in name_words:
        # An initial ("Э.") is read as either gender's name and tells nothing.
        readings = [
            (grammemes(p), p.score)
            for p in parses(w, lang)
            if grammemes(p) & {"Name", "Surn"} and "Init" not in grammemes(p)
        ]
        named = [tags for tags, _ in readings]
        found = {g for tags in named for g in ("masc", "femn") if g in tags}
        if len(found) > 1 and all("Name" in tags for tags in named):
            # A first name read both ways by its frequency: "Дмитрия" is Дмитрий's genitive 97% of the time.
            share = {g: sum(score for tags, score in readings if g in tags) for g in found}
            likely = max(share, key=share.__getitem__)
            if share[likely] >= LIKELY_GENDER * sum(share.values()):
                tiers[1].add(likely)
            continue
        if len(found) != 1:
            continue
        declines = any("sing" in tags and not tags & {"Fixd", "Infr"} for tags in named)
        known = morph is not None and morph.word_is_known(w.lower())
        tiers[0 if declines and known else 1 if declines else 2].update(found)
    votes = next((t for t in tiers if t), set())
    return votes.pop() if len(votes) == 1 else None


@lru_cache(maxsize=65536)
def name_lemma(word: str, lang: str, etype: str = "PER", gender: str | None = None, *, surname: bool = False) -> str:
    """The nominative form of one word of a name, capitalised as written.

    Prefers a parse tagged as a name of ``etype`` (Name/Surn for persons, Geox for
    places), then a noun, then the first parse; words pymorphy3 cannot inflect stay as is.
    ``surname``: the word closes a person's full name, so a surname reading comes first.
    """
    morph = analyzer(lang)
    if morph is None or not any("\u0400" <= c <= "\u04ff" for c in word):
        return word
    found = parses(word, lang)
    tags = _NAME_TAGS.get(etype, ())
    named = [p for p in found if grammemes(p) & set(tags)]
    if surname and etype == "PER":
        # pymorphy3 guesses an unknown surname's genitive as a first name's nominative ("Игоря
        # Щеголёва": a name "Щеголёва"); after a first name the word is the surname.
        named = [p for p in named if "Surn" in grammemes(p)] or named
    if gender:  # "Апексимову" is Апексимова when another mention shows she is a woman
        agree = [p for p in named if gender in grammemes(p)]
        if not agree:  # "Шмыгаля" is guessed a woman's first name; Дениса Шмыгаля's is the masc noun reading
            agree = [p for p in found if {"NOUN", "anim", gender} <= grammemes(p) and "Arch" not in grammemes(p)]
        named = agree or named
    # A name already in the nominative stays as written ("Петро" is no vocative of "Петра").
    # A person is one: a plural nominative reading ("Марии", "Юлии") is no such form.
    nominative = [p for p in named if "nomn" in grammemes(p) and not (etype == "PER" and "plur" in grammemes(p))]
    # Out of the nominative a first name's form is far more common than a surname's: "Вікторові" is
    # Віктор's dative before Вікторов's locative, "Іванові" Іван's.
    oblique = sorted(named, key=lambda p: "Name" not in grammemes(p))
    best = nominative[0] if nominative else oblique[0] if oblique else None
    if best is None:
        # A place or organisation is no person's name: "Києві" is Київ, not the name Кий.
        person = set(_NAME_TAGS["PER"])
        nouns = [p for p in found if "NOUN" in grammemes(p)]
        if etype != "PER":
            nouns = [p for p in nouns if not grammemes(p) & person] or nouns
        best = nouns[0] if nouns else (found[0] if found else None)
    if best is None:
        return word
    lemma = best.normal_form
    if "femn" in grammemes(best) and grammemes(best) & set(_NAME_TAGS["PER"]):
        # The ru dictionary files a woman's surname under the man's ("Захаровой" -> захаров):
        # her nominative keeps the feminine ending (Захарова, Стефанишина).
        feminine = best.inflect({"nomn", "sing"})
        lemma = feminine.word if feminine is not None else lemma
    if word.isupper() and len(word) > 1:
        return word  # abbreviations (США, НАТО) do not decline
    if word[:1].isupper():
        # Keep the capitalisation of hyphenated parts: "Віткоффа-Дмитрієва" -> "Віткофф-Дмитрієв".
        lemma = "-".join(p[:1].upper() + p[1:] for p in lemma.split("-"))
    return lemma


def same_word(a: str, b: str, lang: str) -> bool:
    """Whether two inflected forms can be the same word (shared normal form or stem)."""
    if a.lower() == b.lower():
        return True
    if a[:1].lower() != b[:1].lower():
        return False  # inflection changes endings, never the first letter
    if lemma_candidates(a, lang) & lemma_candidates(b, lang):
        return True
    # Unknown foreign names decline regularly: compare stems (all but a short ending).
    x, y = a.lower(), b.lower()
    common = 0
    for ca, cb in zip(x, y, strict=False):
        if ca != cb:
            break
        common += 1
    shorter = min(len(x), len(y))
    return lang in ("uk", "ru") and common >= 4 and common >= shorter - 1 and max(len(x), len(y)) - common <= 3


@lru_cache(maxsize=65536)
def is_common_word(word: str, lang: str) -> bool:
    """A dictionary word with no reading as a personal name ("Візит", "Британії", "України").

    Used to trim words a recogniser glued to a person's name; unknown (foreign) words are
    never common, since most foreign first names are missing from the dictionaries.
    """
    morph = analyzer(lang)
    if morph is None or not any("\u0400" <= c <= "\u04ff" for c in word):
        return False
    low = word.lower()
    if not morph.word_is_known(low):
        return False
    # Animate nouns may be names the dictionary does not tag as such ("Володимир", "Богдан").
    return not any(
        grammemes(p) & {"Name", "Surn", "Patr"} or {"NOUN", "anim"} <= grammemes(p) for p in parses(word, lang)
    )
