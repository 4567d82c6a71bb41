"""Comparing personal names: first-name nicknames, initials, inflected forms."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from dossier.datafiles import read_lines
from dossier.nlp.morph import lemma_candidates, same_word

NICKNAMES = Path(__file__).with_name("nicknames.txt")


@cache
def nickname_groups() -> dict[str, frozenset[str]]:
    """Each known first-name form -> every form of the same name (from nicknames.txt)."""
    groups: dict[str, frozenset[str]] = {}
    for line in read_lines(NICKNAMES):
        group = frozenset(line.lower().split())
        for form in group:
            groups[form] = groups.get(form, frozenset()) | group
    return groups


def first_names_match(a: str, b: str, lang: str) -> bool:
    """Whether two first names can name the same person: same word, nickname, initial."""
    x, y = a.lower().rstrip("."), b.lower().rstrip(".")
    if not x or not y:
        return True
    if len(x) == 1 or len(y) == 1:  # an initial
        return x[0] == y[0]
    if same_word(a, b, lang):
        return True
    groups = nickname_groups()
    for u, v in ((x, y), (y, x)):
        if v in groups.get(u, ()):
            return True
    # Inflected nicknames: "Деном" is the nominative "Ден" declined.
    for u in lemma_candidates(a, lang):
        for v in lemma_candidates(b, lang):
            if v in groups.get(u, ()):
                return True
    return False
