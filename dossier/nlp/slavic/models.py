"""Models shared by the Slavic components, built once per process.

natasha's ``NewsNERTagger`` and its ``NewsEmbedding`` ship inside the PyPI packages
(nothing is downloaded); pymorphy3 reads the uk/ru dictionaries of the
``pymorphy3-dicts-*`` packages.
"""

from __future__ import annotations

from functools import cache, lru_cache
from typing import Any

LANGS = ("uk", "ru")


def check_lang(lang: str) -> str:
    if lang not in LANGS:
        raise ValueError(f"the Slavic components handle {', '.join(LANGS)}, not {lang!r}")
    return lang


@cache
def morph_analyzer(lang: str) -> Any:
    import pymorphy3

    return pymorphy3.MorphAnalyzer(lang=check_lang(lang))


@cache
def ner_tagger() -> Any:
    # natasha's Russian news tagger; for Ukrainian it is only a first guess that the rules correct.
    from natasha import NewsEmbedding, NewsNERTagger

    return NewsNERTagger(NewsEmbedding())


@cache
def _parser(lang: str) -> Any:
    analyzer = morph_analyzer(lang)

    # Word forms repeat a lot in news; caching the parses makes pymorphy3 cheap.
    @lru_cache(maxsize=200_000)
    def parse(word: str) -> tuple[Any, ...]:
        return tuple(analyzer.parse(word))

    return parse


def parse_word(lang: str, word: str) -> tuple[Any, ...]:
    """All pymorphy3 parses of ``word`` (best first), cached per process."""
    return _parser(lang)(word)
