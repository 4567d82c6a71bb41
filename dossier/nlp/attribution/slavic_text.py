"""The text view the Ukrainian/Russian attribution rules work on: tokens, sentences, quotes.

Tokens and sentences come from the ``slavic_tokens`` component when it ran (``doc.tokens``,
``doc.sentences``); otherwise razdel makes them here. Morphology is looked up lazily, only for
the words the rules inspect, from a process-wide cache.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import cached_property

from razdel import sentenize, tokenize

from dossier.nlp.attribution.slavic_lexicon import Lexicon, Morph, load_lexicon, morph_of, norm
from dossier.nlp.attribution.slavic_quotes import Quote, find_quotes

DASHES = frozenset("—–-")
# a full stop with no space after it: "нападникам.Так, є фото" (cut there like a line break)
SQUEEZED_STOP = re.compile(r"(?<=[а-яіїєґё]{2})\.(?=[А-ЯІЇЄҐЁ][а-яіїєґё])")
ALL_CASES = frozenset({"nomn", "gent", "datv", "accs", "ablt", "loct"})
INITIAL = Morph(frozenset({"NOUN"}), ALL_CASES, True, "")
QUOTE_MARKS = frozenset('«»„“”"‹›‚‘')
CLAUSE_PUNCT = frozenset(".!?;:…")


@dataclass(slots=True)
class Tok:
    start: int
    end: int
    text: str
    low: str  # normalised: lower case, one apostrophe, е for ё

    @property
    def is_word(self) -> bool:
        return self.text[0].isalnum()

    @property
    def cap(self) -> bool:
        return self.text[0].isupper()


class TextView:
    """One document's tokens, sentences, paragraphs and quotations, with look-ups by offset."""

    def __init__(
        self,
        text: str,
        lang: str,
        tokens: list[tuple[int, int]] | None = None,
        sentences: list[tuple[int, int]] | None = None,
    ) -> None:
        self.text = text
        self.lang = lang
        self.lex: Lexicon = load_lexicon(lang)
        spans = tokens if tokens is not None else [(t.start, t.stop) for t in tokenize(text)]
        spans = _join_apostrophes(text, _join_domains(text, spans))
        self.toks = [Tok(s, e, text[s:e], norm(text[s:e])) for s, e in spans if e > s]
        self.starts = [t.start for t in self.toks]
        raw_sents = sentences if sentences is not None else [(s.start, s.stop) for s in sentenize(text)]
        self.quotes: list[Quote] = find_quotes(text)
        self._by_open = {q.open: q for q in self.quotes}
        self._top = [q for q in self.quotes if q.depth == 0]
        self._top_opens = [q.open for q in self._top]
        self._nested: dict[int, list[Quote]] = {}
        for q in self.quotes:
            if q.depth:
                k = bisect.bisect_left(self._top_opens, q.open) - 1
                if k >= 0:
                    self._nested.setdefault(self._top[k].open, []).append(q)
        self.sents = self._merge_sentences(raw_sents)
        self.sent_starts = [s for s, _ in self.sents]

    # -- structure -------------------------------------------------------------------------

    def _merge_sentences(self, sents: list[tuple[int, int]]) -> list[tuple[int, int]]:
        """Sentences cut at line breaks, each extended to the end of any top-level quotation
        that opens in it (a quoted content may hold several sentences); starts never move."""
        cuts: list[tuple[int, int]] = []
        for s, e in sents:
            # razdel keeps a line break inside a sentence when there is no final stop (headlines)
            pos = s
            for line in SQUEEZED_STOP.sub("\n", self.text[s:e]).split("\n"):
                ls = pos + len(line) - len(line.lstrip())
                le = pos + len(line.rstrip())
                if le > ls:
                    cuts.append((ls, le))
                pos += len(line) + 1
        top = [q for q in self.quotes if q.depth == 0]
        starts = [c[0] for c in cuts]
        out = []
        for s, e in cuts:
            end = e
            for q in top:
                if s <= q.open < e < q.close:
                    k = bisect.bisect_right(starts, q.close) - 1
                    end = max(end, cuts[k][1])
            out.append((s, end))
        return out

    @cached_property
    def paragraphs(self) -> list[tuple[int, int]]:
        out = []
        pos = 0
        for line in self.text.split("\n"):
            if line.strip():
                out.append((pos, pos + len(line)))
            pos += len(line) + 1
        return out

    @cached_property
    def _paragraph_starts(self) -> list[int]:
        return [s for s, _ in self.paragraphs]

    def paragraph_of(self, pos: int) -> tuple[int, int]:
        k = bisect.bisect_right(self._paragraph_starts, pos) - 1
        if k >= 0 and self.paragraphs[k][0] <= pos <= self.paragraphs[k][1]:
            return self.paragraphs[k]
        return pos, pos

    def sentence_of(self, pos: int) -> tuple[int, int]:
        k = bisect.bisect_right(self.sent_starts, pos) - 1
        if k < 0:
            return self.sents[0] if self.sents else (0, len(self.text))
        return self.sents[k]

    def sentence_index(self, pos: int) -> int:
        return max(0, bisect.bisect_right(self.sent_starts, pos) - 1)

    def quote_around(self, pos: int) -> Quote | None:
        """The innermost quotation whose marks enclose ``pos``."""
        k = bisect.bisect_left(self._top_opens, pos) - 1
        if k < 0 or self._top[k].close <= pos:
            return None  # quotations nest, so none encloses pos
        best = self._top[k]
        for q in self._nested.get(best.open, ()):
            if q.open < pos < q.close and q.open > best.open:
                best = q
        return best

    def quote_opening_at(self, pos: int) -> Quote | None:
        return self._by_open.get(pos)

    # -- tokens ----------------------------------------------------------------------------

    def tok_index(self, pos: int) -> int:
        """Index of the first token starting at or after ``pos``."""
        return bisect.bisect_left(self.starts, pos)

    def tok_range(self, start: int, end: int) -> range:
        return range(self.tok_index(start), self.tok_index(end))

    def morph(self, i: int) -> Morph:
        t = self.toks[i]
        if len(t.text) == 1 and t.text.isupper():
            # one capital letter: an initial before a full stop ("О. Бубен"), else a word
            # such as "В", "І" opening a sentence
            if i + 1 < len(self.toks) and self.toks[i + 1].text == ".":
                return INITIAL
            return morph_of(self.lang, t.low)
        return morph_of(self.lang, t.text)

    def is_initial(self, i: int) -> bool:
        return 0 <= i < len(self.toks) and self.morph(i) is INITIAL

    def has(self, key: str, i: int) -> bool:
        return 0 <= i < len(self.toks) and self.toks[i].low in self.lex.words.get(key, ())

    def phrase_at(self, key: str, i: int) -> int:
        """Length in tokens of the longest entry of word list ``key`` starting at token ``i``."""
        best = 0
        for entry in self.lex.phrases.get(key, ()):
            n = len(entry)
            if n > best and all(i + k < len(self.toks) and self.toks[i + k].low == w for k, w in enumerate(entry)):
                best = n
        return best


SITE_NAME = re.compile(
    r"(?<![\w.])[\w-]+(?:\.[\w-]+)*\.(?:ru|ua|com|net|org|info|su|by|kz|uk|de|pl|ру|укр|рф)(?![\w])",
    re.IGNORECASE,
)


def _join_domains(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """One token for a site name that tokenisers split at its dots ("Lenta.ru", "NEWSru.com")."""
    sites = [m.span() for m in SITE_NAME.finditer(text)]
    if not sites:
        return spans
    out: list[tuple[int, int]] = []
    k = 0
    for s, e in spans:
        while k < len(sites) and sites[k][1] <= s:
            k += 1
        if k < len(sites) and sites[k][0] <= s and e <= sites[k][1]:
            if out and out[-1][0] >= sites[k][0]:
                out[-1] = (out[-1][0], e)
            else:
                out.append((s, e))
            continue
        out.append((s, e))
    return out


def _join_apostrophes(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """One token for a word with an apostrophe inside ("об’єднатися", "п'ять")."""
    out: list[tuple[int, int]] = []
    for s, e in spans:
        if out and out[-1][1] == s and s > 0:
            prev = text[out[-1][0] : out[-1][1]]
            cur = text[s:e]
            if (prev[-1] in "'’ʼ" and cur[0].isalpha() and len(prev) > 1) or (
                cur[0] in "'’ʼ" and prev[-1].isalpha() and (len(cur) > 1 or (e < len(text) and text[e].isalpha()))
            ):
                out[-1] = (out[-1][0], e)
                continue
        out.append((s, e))
    return out


def strip_span(text: str, start: int, end: int, chars: str = " \t\n,.;:!?…—–-") -> tuple[int, int]:
    """Trim white space and punctuation from both ends of a span."""
    while start < end and text[start] in chars:
        start += 1
    while end > start and text[end - 1] in chars:
        end -= 1
    return start, end
