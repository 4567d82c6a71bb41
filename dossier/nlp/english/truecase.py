"""Re-case all-caps ("shouting") lines so the statistical models see ordinary case.

spaCy's English models learned capitalisation as the main cue for names; in a line in
capitals ("LEICESTERSHIRE TAKE OVER AT TOP") every word looks like one. Each word of
such a line gets the case the same document gives it elsewhere ("Leicestershire",
"over"); a word the document does not use otherwise is lower-cased when it is an
ordinary English word (spaCy's own lemmatizer tables, WordNet-derived: verbs, adjectives,
adverbs, function words) and title-cased otherwise. Every word keeps its length, so
all character offsets stay those of the original text.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from spacy.lang.en.stop_words import STOP_WORDS
from spacy.language import Language
from spacy.tokens import Doc as SpacyDoc
from spacy.tokens import Token

# A line is shouting when it has this many letters and almost no small ones.
MIN_LETTERS = 4
MAX_LOWER_SHARE = 0.1
_COMMON_POS = ("verb", "adj", "adv")
# After these a word is capitalised whatever it is.
_OPENERS = {".", "!", "?", '"', "“", "‘", "'", ":", "-", "—", "–", "(", "["}


class Recaser:
    """Re-cases shouting lines of tokenized docs, using the word tables of ``nlp``'s lemmatizer if it has one."""

    def __init__(self, nlp: Language) -> None:
        self.index: dict[str, set[str]] = {}
        self.exceptions: dict[str, dict[str, list[str]]] = {}
        self.suffixes: dict[str, list[list[str]]] = {}
        if "lemmatizer" in nlp.component_names:
            lookups = getattr(nlp.get_pipe("lemmatizer"), "lookups", None)
            if lookups is not None and lookups.has_table("lemma_index"):
                index, exc, rules = (lookups.get_table(n) for n in ("lemma_index", "lemma_exc", "lemma_rules"))
                for pos in ("noun", *_COMMON_POS):
                    self.index[pos] = set(index.get(pos, []))
                    self.exceptions[pos] = dict(exc.get(pos, {}))
                    self.suffixes[pos] = list(rules.get(pos, []))

    def _known_as(self, low: str, pos: str) -> bool:
        index = self.index.get(pos)
        if not index:
            return False
        if low in index or low in self.exceptions[pos]:
            return True
        return any(low.endswith(old) and low[: len(low) - len(old)] + new in index for old, new in self.suffixes[pos])

    def ordinary(self, low: str) -> bool:
        """Is ``low`` an ordinary (lower-case) English word?"""
        return low in STOP_WORDS or any(self._known_as(low, pos) for pos in _COMMON_POS)

    def __call__(self, doc: SpacyDoc) -> SpacyDoc:
        """A copy of the tokenized ``doc`` with its shouting lines re-cased (``doc`` itself if none)."""
        return self.recase([doc])[0]

    @staticmethod
    def shouting(texts: list[str]) -> bool:
        """Has any of ``texts`` a shouting line? (Cheaper than ``recase`` finding none: most documents have none.)

        The same test as ``recase`` makes on lines of tokens: a line of tokens holds the letters of one line
        of text, as spaCy keeps every line break in a whitespace token.
        """
        return any(_is_shouting([line]) for text in texts for line in text.split("\n"))

    def recase(self, docs: list[SpacyDoc]) -> list[SpacyDoc]:
        """The tokenized pieces of one document, shouting lines re-cased (the pieces as they are if none)."""
        shouting = [[line for line in token_lines(doc) if _is_shouting([doc[i].text for i in line])] for doc in docs]
        if not any(shouting):
            return docs
        # How the rest of the document writes each word (sentence-initial words say nothing).
        usage: Counter[tuple[str, bool]] = Counter()
        for doc, lines in zip(docs, shouting, strict=True):
            loud = {i for line in lines for i in line}
            prev = "\n"
            for tok in doc:
                t = tok.text
                initial = prev in _OPENERS or "\n" in prev
                if not tok.is_space or "\n" in t:
                    prev = t
                if tok.i in loud or not t[:1].isalpha() or initial:
                    continue
                if t.islower():
                    usage[t, False] += 1
                elif t[0].isupper() and not t.isupper():
                    usage[t.lower(), True] += 1
        out = []
        for doc, lines in zip(docs, shouting, strict=True):
            if not lines:
                out.append(doc)
                continue
            words = [t.text for t in doc]
            for line in lines:
                for n, i in enumerate(line):
                    words[i] = self._recase(words[i], n == 0, usage)
            out.append(SpacyDoc(doc.vocab, words=words, spaces=[bool(t.whitespace_) for t in doc]))
        return out

    def _recase(self, word: str, first: bool, usage: Counter[tuple[str, bool]]) -> str:
        if not word.isupper() or len(word) == 1 or (not word.isalpha() and "'" not in word and "-" not in word):
            return word
        low = word.lower()
        if word[0] == "'":  # clitics: 'S, 'LL, N'T
            return low
        title = _title(word)
        lowered, capitalised = usage[low, False], usage[low, True]
        if lowered or capitalised:
            chosen = low if lowered > capitalised else title
        elif self.ordinary(low) or (self._known_as(low, "noun") and not first):
            chosen = low
        else:
            chosen = title
        if first and chosen == low:
            chosen = word[0] + low[1:]
        return chosen if len(chosen) == len(word) else word


def token_lines(doc: SpacyDoc | Iterable[Token]) -> list[list[int]]:
    """Indices of the non-space tokens of each line of ``doc`` (empty lines left out); the tokens may also
    come as a list made once (iterating a Doc makes new Token objects)."""
    lines: list[list[int]] = [[]]
    for tok in doc:
        if "\n" in tok.text:
            lines.append([])
        elif not tok.is_space:
            lines[-1].append(tok.i)
    return [line for line in lines if line]


def _is_shouting(line: list[str]) -> bool:
    letters = [ch for word in line for ch in word if ch.isalpha()]
    if len(letters) < MIN_LETTERS:
        return False
    lower = sum(ch.islower() for ch in letters)
    return lower <= MAX_LOWER_SHARE * len(letters)


def _title(word: str) -> str:
    """ "O'NEILL" -> "O'Neill", "ANNE-MARIE" -> "Anne-Marie"."""
    out = []
    prev = ""
    for ch in word.lower():
        out.append(ch.upper() if ch.isalpha() and (not prev or prev in "'-") else ch)
        prev = ch
    return "".join(out)
