"""Quoted passages in English text, in every quotation style.

Finds the outermost quotations (quotes inside quotes stay part of their outer quote), pairs
“ ” ‘ ’ " „ “ ‚ ‘ « » » « ‹ ›, and lets a quote run over several paragraphs the way English
typography marks it: a paragraph that ends inside a quote without a closing mark and a next
paragraph that opens with a quotation mark continue the same quote.
A small scanner rather than a regex: nesting, apostrophes and paragraph continuation need state.
"""

from __future__ import annotations

from dataclasses import dataclass

# opening mark -> closing marks that end it
_PAIRS: dict[str, str] = {
    "“": '”"',  # English double (closed by a straight mark in texts that mix them)
    "‘": "’",  # English single
    "„": '“”"',  # German/Ukrainian low-high (closed by a straight mark in texts that mix them)
    "‚": "‘’",
    "«": "»",  # guillemets
    "»": "«",  # German-style reversed guillemets
    "‹": "›",
    "›": "‹",
    '"': '"”',
    "'": "'",  # straight single, told from apostrophes by what stands around it (_can_open/_can_close)
    "”": "”“",  # a closing mark typed as the opener ('”Mr. Trump embodies …” ― Sonya Herridge'), see _can_open
}
_OPENERS = set(_PAIRS)
QUOTE_CHARS = '"“”‘’‚„«»‹›'


@dataclass(frozen=True, slots=True)
class Quote:
    """An outermost quotation; ``parts`` are its per-paragraph pieces, marks included."""

    start: int
    end: int
    parts: tuple[tuple[int, int], ...]
    closed: bool  # False when the text ended the quote (no closing mark)

    def inner(self, text: str) -> str:
        return text[self.start : self.end].strip(QUOTE_CHARS + "' \n")


def _is_word(c: str) -> bool:
    return c.isalnum()


def _can_open(text: str, i: int) -> bool:
    """A mark opens when it is not glued to a word on its left (so "it’s" is an apostrophe)."""
    prev = text[i - 1] if i > 0 else " "
    nxt = text[i + 1] if i + 1 < len(text) else " "
    if text[i] == "'" and nxt != "'":
        # a straight single mark opens only before a letter or another mark: '90s, 'em are elisions
        return not _is_word(prev) and (nxt.isalpha() or nxt in QUOTE_CHARS) and _elided(text, i + 1) is None
    if text[i] == "”":
        # only at a word's start after a space or a line's start: elsewhere it closes, or is stray
        return (i == 0 or text[i - 1].isspace()) and nxt.isalpha()
    if nxt == "'":  # '' opening
        nxt = text[i + 2] if i + 2 < len(text) else " "
    return not _is_word(prev) and not nxt.isspace()


_ELISIONS = frozenset({"em", "til", "cause", "n", "tis", "twas", "bout", "round"})


def _elided(text: str, i: int) -> str | None:
    """The word after an apostrophe at ``i - 1`` when it is a common elision ('em, 'til, 'cause)."""
    j = i
    while j < len(text) and text[j].isalpha():
        j += 1
    word = text[i:j].lower()
    return word if word in _ELISIONS else None


def _can_close(text: str, i: int) -> bool:
    nxt = text[i + 1] if i + 1 < len(text) else " "
    prev = text[i - 1] if i > 0 else " "
    if nxt == "'" and text[i] == "'":  # '' closing
        nxt = text[i + 2] if i + 2 < len(text) else " "
    if text[i] in "’'" and prev == "s" and text[i + 1 : i + 3].strip()[:1].islower():
        return False  # the plural possessive of "the voters’ choice"
    return not _is_word(nxt) and (not prev.isspace() or prev in ".,!?;:")


def _scan_paragraph(
    text: str, start: int, end: int, stack: list[tuple[str, int]] | None = None
) -> tuple[list[tuple[int, int]], int | None, str | None]:
    """Outermost quotes closed within ``text[start:end]``, plus the still-open one (its start, mark).

    ``stack`` primes the scan with a quote continued from the previous paragraph.
    """
    blocked: set[int] = set()
    while True:
        found, left = _scan(text, start, end, stack, blocked)
        # a straight single mark never closed in its paragraph was an apostrophe: scan again
        # without it (the quotes inside stand on their own; it does not run on)
        stray = [i for c, i in left if c == "'"]
        if not stray or len(blocked) > 20:
            break
        blocked.update(stray)
    left = [(c, i) for c, i in left if c != "'"]
    if left:
        return found, left[0][1], left[0][0]
    return found, None, None


def _closes(text: str, i: int, top: str, c: str) -> bool:
    """Mark ``c`` at ``i`` closes a quote opened with ``top`` (marks that double as apostrophes or
    as openers close only where a closing mark can stand)."""
    return c in _PAIRS[top] and ((top not in "‘‚\"'" and c not in "\"'") or _can_close(text, i))


def _scan(
    text: str, start: int, end: int, stack: list[tuple[str, int]] | None, blocked: set[int]
) -> tuple[list[tuple[int, int]], list[tuple[str, int]]]:
    found: list[tuple[int, int]] = []
    stack = list(stack or [])
    skip = -1
    for i in range(start, end):
        c = text[i]
        if i in blocked:
            continue
        if c == "'" and text[i + 1 : i + 2] == "'" and i != skip:
            c, skip = '"', i + 1  # two apostrophes: a double quotation mark (''like this'')
        elif (c not in QUOTE_CHARS and c != "'") or i == skip:
            continue
        if c == "'" and stack and stack[-1][0] != "'" and not _can_open(text, i):
            # an apostrophe inside a quote ("don't", "Driscoll's", "the voters' choice")
            continue
        top = stack[-1][0] if stack else None
        # closing the innermost open quote wins over opening a new one (“ after „, " after ")
        if top is not None and _closes(text, i, top, c):
            _, s = stack.pop()
            if not stack:
                found.append((s, i + (2 if skip == i + 1 else 1)))
            continue
        # a straight single mark left open inside a quote was an apostrophe ("'round the block")
        while stack and stack[-1][0] == "'" and len(stack) > 1 and c in _PAIRS[stack[-2][0]] and c != "'":
            stack.pop()
        top = stack[-1][0] if stack else None
        if top is not None and top != "'" and _closes(text, i, top, c):
            _, s = stack.pop()
            if not stack:
                found.append((s, i + (2 if skip == i + 1 else 1)))
            continue
        if c not in _OPENERS:
            continue  # apostrophe, or a stray closing mark
        if c in "»›" and stack:
            continue  # reversed guillemets open only at top level
        if c in "“„«»‹›" or _can_open(text, i):
            stack.append((c, i))
    return found, stack


def paragraphs(text: str) -> list[tuple[int, int]]:
    """Non-blank lines as (start, end), surrounding whitespace left out."""
    out = []
    pos = 0
    for line in text.split("\n"):
        if line.strip():
            s = pos + len(line) - len(line.lstrip())
            out.append((s, pos + len(line.rstrip())))
        pos += len(line) + 1
    return out


def _mark_at(text: str, i: int) -> str:
    return '"' if text[i : i + 2] == "''" else text[i]


def _reopens(text: str, i: int, mark: str) -> bool:
    """A paragraph continues an open quote when it opens with the same kind of mark
    (a paragraph quoted in “ ” inside a "-quoted excerpt does not)."""
    return _mark_at(text, i) == mark


def find_quotes(text: str) -> list[Quote]:
    """All outermost quotations of ``text`` in order."""
    quotes: list[Quote] = []
    paragraphs_ = paragraphs(text)
    parts: list[tuple[int, int]] = []  # pieces of a quote continued over paragraphs
    mark = ""
    for k, (ps, pe) in enumerate(paragraphs_):
        stack = None
        if parts:
            if _reopens(text, ps, mark):
                stack = [(mark, parts[0][0])]
            else:  # no reopening mark: the quote ended with the previous paragraph
                quotes.append(Quote(parts[0][0], parts[-1][1], tuple(parts), False))
                parts = []
        reopen = (2 if text[ps : ps + 2] == "''" else 1) if stack else 0
        found, open_start, open_mark = _scan_paragraph(text, ps + reopen, pe, stack)
        for s, e in found:
            if parts and s == parts[0][0]:
                parts.append((ps, e))
                quotes.append(Quote(parts[0][0], e, tuple(parts), True))
                parts = []
            else:
                quotes.append(Quote(s, e, ((s, e),), True))
        if open_start is None:
            continue
        if parts and open_start == parts[0][0]:
            parts.append((ps, pe))
        else:
            parts, mark = [(open_start, pe)], open_mark or "“"
        nxt = paragraphs_[k + 1] if k + 1 < len(paragraphs_) else None
        if nxt is None or not _reopens(text, nxt[0], mark):
            quotes.append(Quote(parts[0][0], parts[-1][1], tuple(parts), False))
            parts = []
    return quotes
