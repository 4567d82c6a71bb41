"""A loose Latin key for one name in any script: "Дрісколл", "Дрисколл" and "Driscoll" meet.

``fold`` transliterates a name and folds away the spellings that transliteration and English
usage render differently, so that "Deniel Driskoll" and "Daniel Driscoll" or "Dzhulianna Smit"
and "Julianne Smith" compare close; ``crossdoc`` uses it to join actors across documents.
"""

from __future__ import annotations

import re

from dossier.nlp.translit import to_ascii

# Spellings that transliteration and English usage render differently ("dzh" for "j",
# "kh" for "h", doubled letters); folded away before names are compared.
_FOLDS = (
    (r"dzh", "j"),
    (r"zh", "j"),
    (r"kh", "h"),
    (r"ck", "k"),
    (r"c(?=[aou])", "k"),
    (r"ph", "f"),
    (r"th", "t"),
    (r"ie", "i"),
    (r"iy|yi|ii|yy|iu|yu|ia|ya", lambda m: m.group()[0].replace("y", "i")),
    (r"y", "i"),
    (r"w", "v"),
    (r"(.)\1", r"\1"),
    (r"e(?=\b)", ""),
)


def fold(name: str, lang: str | None = None) -> str:
    """A loose Latin key for comparing spellings of one name across scripts."""
    s = to_ascii(name, lang).lower()
    s = re.sub(r"[^a-z ]+", " ", s)
    for pattern, repl in _FOLDS:
        s = re.sub(pattern, repl, s)
    return " ".join(s.split())
