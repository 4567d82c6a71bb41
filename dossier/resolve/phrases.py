"""Phrase patterns over words, as written in the lexicons and trackers.

A pattern is words separated by spaces: a word matches itself (any case), "stem*" any
word starting with the stem, "~" up to three words in between ("провели ~ переговор*").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

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


def find_all(patterns: list[tuple[str, ...]], words: list[Word]) -> list[tuple[int, int, int]]:
    """Non-overlapping matches as (first word, word after, pattern index), longest pattern first."""
    order = sorted(range(len(patterns)), key=lambda k: -len(patterns[k]))
    found: list[tuple[int, int, int]] = []
    taken: set[int] = set()
    for i in range(len(words)):
        if i in taken:
            continue
        for k in order:
            j = match_at(patterns[k], words, i)
            if j is None or j == i or taken & set(range(i, j)):
                continue
            found.append((i, j, k))
            taken |= set(range(i, j))
            break
    return found
