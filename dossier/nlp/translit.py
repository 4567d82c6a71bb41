"""Latin spellings and slugs of names written in Cyrillic (or any script).

Ukrainian uses the national transliteration (KMU 2010), Russian the ICAO Doc 9303
passport system, both from ``translitua`` (a maintained implementation of the
official tables), so that "Шмигаль" and "Шмыгаль" both come out near "Shmyhal".
"""

from __future__ import annotations

import re
import unicodedata

from translitua import RussianICAO, UkrainianKMU, translit

_CYRILLIC = re.compile(r"[\u0400-\u04FF]")
# Letters that only Ukrainian (or only Russian) writes: a hint when the language is unknown.
_UK_ONLY = re.compile(r"[іїєґІЇЄҐ]")
_NON_SLUG = re.compile(r"[^a-z0-9]+")


def has_cyrillic(text: str) -> bool:
    return bool(_CYRILLIC.search(text))


def to_latin(text: str, lang: str | None = None) -> str:
    """``text`` in Latin letters: Cyrillic transliterated by ``lang``'s standard system."""
    if has_cyrillic(text):
        if lang not in ("uk", "ru"):
            lang = "uk" if _UK_ONLY.search(text) else "ru"
        text = translit(text, UkrainianKMU if lang == "uk" else RussianICAO)
    return text


def to_ascii(text: str, lang: str | None = None) -> str:
    """``text`` transliterated, then stripped of accents and anything not ASCII."""
    text = unicodedata.normalize("NFKD", to_latin(text, lang))
    return "".join(c for c in text if not unicodedata.combining(c)).encode("ascii", "ignore").decode()


def slugify(text: str, lang: str | None = None) -> str:
    """A stable lower-case ASCII id: "Деніел Дрісколл" -> "deniel-driskoll"."""
    text = text.replace("'", "").replace("’", "").replace("ʼ", "")
    return _NON_SLUG.sub("-", to_ascii(text, lang).lower()).strip("-")
