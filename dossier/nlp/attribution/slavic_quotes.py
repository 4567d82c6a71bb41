"""Pairing quotation marks in Ukrainian and Russian text, nested and over paragraphs.

Written here rather than taken from a library: the rules are typographic (« » with „ “ inside,
a quote that runs over paragraphs reopens each one with «) and need the exact offsets.
"""

from __future__ import annotations

from dataclasses import dataclass

OPENERS = {"«": "»", "„": "“”", "‹": "›", "‚": "‘’"}
STRAIGHT = '"'


@dataclass(frozen=True, slots=True)
class Quote:
    """A quotation: marks at ``open`` and ``close`` (inclusive), text between them."""

    open: int
    close: int
    depth: int  # 0 for a quote not inside another one

    @property
    def inner(self) -> tuple[int, int]:
        return self.open + 1, self.close

    @property
    def outer(self) -> tuple[int, int]:
        return self.open, self.close + 1


def _next_paragraph_start(text: str, i: int) -> int:
    """Index of the first non-space character after the line break at ``i``."""
    j = i
    while j < len(text) and text[j].isspace():
        j += 1
    return j


def find_quotes(text: str) -> list[Quote]:
    """All balanced quotations in ``text`` in order of their opening mark.

    A quotation still open at a paragraph's end continues when the next paragraph opens with
    the same mark (the typographic convention for quotes over several paragraphs). When an
    inner quotation was never closed and the paragraph ends on a closing mark, that mark closes
    the outer quotation (writers often drop the inner closing mark). Other unbalanced marks
    are dropped.
    """
    quotes: list[Quote] = []
    stack: list[tuple[str, int]] = []  # (closing marks, position of the opening mark)
    skip: set[int] = set()
    n = len(text)
    for i, ch in enumerate(text + "\n"):
        if i in skip:
            continue
        if ch == "\n":
            if stack:
                j = _next_paragraph_start(text, i)
                # a quote running on: the next paragraph reopens with the outer opening mark
                if j < n and j > i and text[j] == text[stack[0][1]] and text[j] in OPENERS and len(stack) == 1:
                    skip.add(j)
                    continue
                _repair_unclosed(text, i, stack, quotes)
                stack.clear()
            continue
        if ch in OPENERS:
            stack.append((OPENERS[ch], i))
            continue
        if ch == "“" and not (stack and "“" in stack[-1][0]):
            stack.append(("”", i))
            continue
        if ch == STRAIGHT:
            prev = text[i - 1] if i else " "
            if stack and stack[-1][0] == STRAIGHT:
                _, start = stack.pop()
                quotes.append(Quote(start, i, len(stack)))
            elif stack and text[stack[-1][1]] == "„" and not prev.isspace():
                # „...": a low opening mark closed by a straight one (typed on a plain keyboard)
                _, start = stack.pop()
                quotes.append(Quote(start, i, len(stack)))
            elif prev.isspace() or prev in "([«„—–-:" or i == 0:
                stack.append((STRAIGHT, i))
            continue
        if ch in "»”“›’‘":
            for k in range(len(stack) - 1, -1, -1):
                if ch in stack[k][0]:
                    start = stack[k][1]
                    del stack[k:]
                    quotes.append(Quote(start, i, len(stack)))
                    break
    # depth: how many other quotations enclose each one (they nest, so a stack tells)
    out = []
    open_quotes: list[Quote] = []
    for q in sorted(quotes, key=lambda q: q.open):
        while open_quotes and open_quotes[-1].close < q.open:
            open_quotes.pop()
        depth = sum(1 for o in open_quotes if q.close < o.close)
        out.append(Quote(q.open, q.close, depth))
        open_quotes.append(q)
    return out


def _repair_unclosed(text: str, end: int, stack: list[tuple[str, int]], quotes: list[Quote]) -> None:
    """ "«A «B – відповідаю я... C»." at a paragraph end: the last mark closes «A, not «B."""
    if not quotes:
        return
    last = max(quotes, key=lambda q: q.close)
    tail = text[last.close + 1 : end].strip()
    outer_mark, outer_open = stack[0]
    if tail in ("", ".", "…") and outer_open < last.open and text[last.close] in outer_mark:
        quotes.remove(last)
        quotes.append(Quote(outer_open, last.close, 0))
