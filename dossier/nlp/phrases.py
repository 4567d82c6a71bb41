"""Phrase patterns over words, as written in the lexicons and trackers.

A pattern is words separated by spaces: a word matches itself (any case), "stem*" any
word starting with the stem, "~" up to three words in between ("провели ~ переговор*").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

TOKEN = re.compile(r"\w+(?:['’ʼ\-]\w+)*")
MAX_GAP = 3


@dataclass(frozen=True, slots=True)
class Word:
    start: int
    end: int
    norm: str  # lower case, one kind of apostrophe


def tokenize(text: str, start: int = 0, end: int | None = None) -> list[Word]:
    end = len(text) if end is None else end
    return [
        Word(m.start() + start, m.end() + start, m.group().lower().replace("’", "'").replace("ʼ", "'"))
        for m in TOKEN.finditer(text[start:end])
    ]


def compile_pattern(pattern: str) -> tuple[str, ...]:
    return tuple(pattern.lower().replace("’", "'").split())


def _part_matches(part: str, word: str) -> bool:
    if part.endswith("*"):
        return word.startswith(part[:-1])
    return word == part


def match_at(parts: tuple[str, ...], words: list[Word], i: int) -> int | None:
    """Index after the match of ``parts`` starting at word ``i``, or None."""
    if not parts:
        return i
    head, rest = parts[0], parts[1:]
    if head == "~":
        for gap in range(MAX_GAP + 1):
            end = match_at(rest, words, i + gap)
            if end is not None:
                return end
        return None
    if i < len(words) and _part_matches(head, words[i].norm):
        return match_at(rest, words, i + 1)
    return None


@lru_cache(maxsize=256)
def _index(patterns: tuple[tuple[str, ...], ...]) -> dict[str, tuple[int, ...]]:
    """Pattern indices by the first letter of their first word, longest pattern first."""
    order = sorted(range(len(patterns)), key=lambda k: -len(patterns[k]))
    index: dict[str, list[int]] = {}
    for k in order:
        if patterns[k]:
            index.setdefault(patterns[k][0][:1], []).append(k)
    return {c: tuple(ks) for c, ks in index.items()}


def find_all(patterns: tuple[tuple[str, ...], ...], words: list[Word]) -> list[tuple[int, int, int]]:
    """Non-overlapping matches as (first word, word after, pattern index), longest pattern first."""
    index = _index(tuple(patterns))
    found: list[tuple[int, int, int]] = []
    taken_until = 0
    for i, w in enumerate(words):
        if i < taken_until:
            continue
        for k in index.get(w.norm[:1], ()):
            j = match_at(patterns[k], words, i)
            if j is None or j == i:
                continue
            found.append((i, j, k))
            taken_until = j
            break
    return found
