"""Phrase patterns over words, as written in the lexicons and trackers.

A pattern is words separated by spaces: a word matches itself (any case), "stem*" any
word starting with the stem, "~" up to three words in between ("провели ~ переговор*").
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple

TOKEN = re.compile(r"\w+(?:['’ʼ\-]\w+)*")
MAX_GAP = 3


class Word(NamedTuple):  # a tuple: documents have hundreds of thousands of words, made in a blink
    start: int
    end: int
    norm: str  # lower case, one kind of apostrophe


def tokenize(text: str, start: int = 0, end: int | None = None) -> list[Word]:
    end = len(text) if end is None else end
    piece = text[start:end]
    norms = piece.lower()
    # Lower-casing the whole piece gives each word's own lower case unless a letter's is longer
    # ("İ", offsets would shift) or depends on the letters around it (Greek final sigma).
    if len(norms) != len(piece) or "Σ" in piece:
        return [Word(m.start() + start, m.end() + start, _norm(m.group())) for m in TOKEN.finditer(piece)]
    norms = norms.replace("’", "'").replace("ʼ", "'")
    new = tuple.__new__
    return [new(Word, (m.start() + start, m.end() + start, norms[m.start() : m.end()])) for m in TOKEN.finditer(piece)]


def _norm(word: str) -> str:
    return word.lower().replace("’", "'").replace("ʼ", "'")


def compile_pattern(pattern: str) -> tuple[str, ...]:
    return tuple(pattern.lower().replace("’", "'").split())


def _part_matches(part: str, word: str) -> bool:
    if part.endswith("*"):
        return word.startswith(part[:-1])
    return word == part


def match_at(parts: tuple[str, ...], words: list[Word], i: int, p: int = 0) -> int | None:
    """Index after the match of ``parts[p:]`` starting at word ``i``, or None."""
    if p == len(parts):
        return i
    head = parts[p]
    if head == "~":
        for gap in range(MAX_GAP + 1):
            end = match_at(parts, words, i + gap, p + 1)
            if end is not None:
                return end
        return None
    if i < len(words) and _part_matches(head, words[i].norm):
        return match_at(parts, words, i + 1, p + 1)
    return None


class _Index(NamedTuple):
    """Which patterns can start at a word: by its whole first word, or by the stem of a "stem*"."""

    words: dict[str, tuple[int, ...]]
    stems: dict[str, tuple[int, ...]]
    stem_lengths: tuple[int, ...]
    rank: dict[int, int]  # place in the order patterns are tried: longest first


@lru_cache(maxsize=256)
def _index(patterns: tuple[tuple[str, ...], ...]) -> _Index:
    order = sorted(range(len(patterns)), key=lambda k: -len(patterns[k]))
    words: dict[str, list[int]] = {}
    stems: dict[str, list[int]] = {}
    for k in order:
        head = patterns[k][0] if patterns[k] else ""
        # A pattern starting with a gap ("~ ...") or a bare "*" starts at no word (its first
        # character is never a word's), as before this index.
        if head in ("", "~", "*"):
            continue
        if head.endswith("*"):
            stems.setdefault(head[:-1], []).append(k)
        else:
            words.setdefault(head, []).append(k)
    return _Index(
        {w: tuple(ks) for w, ks in words.items()},
        {w: tuple(ks) for w, ks in stems.items()},
        tuple(sorted({len(stem) for stem in stems})),
        {k: r for r, k in enumerate(order)},
    )


def _starting_at(index: _Index, word: str) -> tuple[int, ...] | list[int]:
    """The patterns whose first word matches ``word``, in the order they are tried."""
    found: tuple[int, ...] | list[int] = index.words.get(word, ())
    for n in index.stem_lengths:
        if n > len(word):
            break
        more = index.stems.get(word[:n])
        if more:
            found = sorted([*found, *more], key=index.rank.__getitem__) if found else more
    return found


def find_all(patterns: tuple[tuple[str, ...], ...], words: list[Word]) -> list[tuple[int, int, int]]:
    """Non-overlapping matches as (first word, word after, pattern index), longest pattern first."""
    index = _index(tuple(patterns))
    by_word = index.words.get
    found: list[tuple[int, int, int]] = []
    taken_until = 0
    for i, w in enumerate(words):
        if i < taken_until:
            continue
        candidates = _starting_at(index, w.norm) if index.stem_lengths else by_word(w.norm, ())
        for k in candidates:
            j = match_at(patterns[k], words, i + 1, 1)
            if j is None:
                continue
            found.append((i, j, k))
            taken_until = j
            break
    return found
