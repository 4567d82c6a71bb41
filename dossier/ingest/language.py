"""Language identification with lingua, restricted to a configured set of languages.

Detectors are built once per process and language set, and load their n-gram models lazily (not
``with_preloaded_language_models``): a run that meets only uk, ru and en never pays for the rest.
Texts of ``LONG_TEXT`` characters or more (news articles) go to lingua's low-accuracy mode, which uses
only trigram models: as accurate on article-length text (100% on the uk/ru/en development texts) and its
first call costs ~0.3 s instead of ~11 s. Shorter texts (headlines, JSONL snippets) get the
high-accuracy detector, built on first need. Only the first ``SAMPLE_CHARS`` characters are looked at.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Sequence
from functools import lru_cache

from lingua import IsoCode639_1, IsoCode639_3, Language, LanguageDetector, LanguageDetectorBuilder

from dossier.config import DEFAULT_LANGUAGES

UNDETERMINED = "und"
MIN_LETTERS = 20  # below this many letters a guess is noise
MIN_CONFIDENCE = 0.5  # the best language's share of lingua's confidence; below it we say "und"
SAMPLE_CHARS = 1500  # 100% on the uk/ru/en development texts already from 60 characters; time grows linearly
LONG_TEXT = 120  # lingua: low-accuracy mode is as good as high from about 120 characters

_LETTER = re.compile(r"[^\W\d_]", re.UNICODE)
_lock = threading.Lock()


def _iso(code: str) -> IsoCode639_1:
    try:
        return IsoCode639_1.from_str(code.strip().lower())
    except ValueError:
        raise ValueError(f"unknown or unsupported language code for identification: {code!r}") from None


@lru_cache(maxsize=16)
def detector(languages: tuple[str, ...] = DEFAULT_LANGUAGES, low_accuracy: bool = False) -> LanguageDetector:
    """The (cached) lingua detector for a set of ISO 639-1 codes."""
    codes = sorted({_iso(code) for code in languages}, key=lambda c: c.name)
    if len(codes) == 1:  # lingua needs two languages to compare; one configured language is just a check
        codes.append(IsoCode639_1.EN if codes[0] != IsoCode639_1.EN else IsoCode639_1.DE)
    with _lock:
        builder = LanguageDetectorBuilder.from_iso_codes_639_1(*codes)
        if low_accuracy:
            builder = builder.with_low_accuracy_mode()
        return builder.build()


def _sample(text: str) -> str:
    if len(text) <= SAMPLE_CHARS:
        return text
    cut = text.rfind(" ", 0, SAMPLE_CHARS)
    return text[: cut if cut > SAMPLE_CHARS // 2 else SAMPLE_CHARS]


def identify_language(text: str, languages: Sequence[str] | None = None) -> str:
    """ISO 639-1 code of the text's language among ``languages`` (default set), or ``"und"`` when unsure."""
    allowed = tuple(languages) if languages else DEFAULT_LANGUAGES
    sample = _sample(text or "")
    if len(_LETTER.findall(sample)) < MIN_LETTERS:
        return UNDETERMINED
    values = detector(allowed, len(sample) >= LONG_TEXT).compute_language_confidence_values(sample)
    if not values:
        return UNDETERMINED
    best = values[0]
    code = best.language.iso_code_639_1.name.lower()
    if best.value < MIN_CONFIDENCE or code not in allowed:
        return UNDETERMINED
    return code


def normalize_language_code(value: str | None) -> str | None:
    """An ISO 639-1 code from a declared language ("uk", "UK", "uk-UA", "ukr", "rus_RU"), or None."""
    if not value or not isinstance(value, str):
        return None
    primary = re.split(r"[-_\s]", value.strip().lower(), maxsplit=1)[0]
    if len(primary) == 2:
        try:
            return IsoCode639_1.from_str(primary).name.lower()
        except ValueError:
            return None
    if len(primary) == 3:
        try:
            return Language.from_iso_code_639_3(IsoCode639_3.from_str(primary)).iso_code_639_1.name.lower()
        except ValueError:
            return None
    return None
