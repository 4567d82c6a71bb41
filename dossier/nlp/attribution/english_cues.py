"""Which words cue an attribution: a table of cue rates learned from PolNeAR's training split.

A candidate cue is a word of the parse described by its lemma and its *frame* (what it governs:
a that-clause, an infinitive, an object, a quotation...), inside or outside a quotation. The table
holds, for each such key, how often annotators marked the word as a cue and how often it occurred;
``train_english.py`` builds it. Unseen keys back off to the lemma, then to the hand-written
reporting-verb lexicon.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from spacy.parts_of_speech import IDS
from spacy.tokens import Token

from dossier.nlp.wordlists import read_lines

MODELS = Path(__file__).parent / "models"
LEXICONS = Path(__file__).parents[1] / "lexicons" / "en"
DEFAULT_MODEL = MODELS / "en_cues.tsv"

CANDIDATE_POS = frozenset({"VERB", "AUX", "NOUN", "ADJ", "PROPN"})
CANDIDATE_POS_IDS = frozenset(IDS[p] for p in CANDIDATE_POS)  # as Token.pos (ids), for token arrays
COMPLEMENTS = ("ccomp", "xcomp", "dobj", "prep")


def frame(
    tok: Token, quoted: bool, beside_quote: bool = False, deps: set[str] | None = None, colon: bool | None = None
) -> str:
    """What ``tok`` governs, reduced to one label; ``q:`` marks words inside a quotation.

    ``beside_quote``: the word's clause touches a quotation ("…," he said / he said, "…");
    ``deps``: the dependencies of its children, and ``colon``: whether a colon follows the word,
    when the caller has them already.
    """
    if deps is None:
        deps = {c.dep_ for c in tok.children}
    if beside_quote:
        f = "quote"
    elif "ccomp" in deps:
        f = "ccomp"
    elif "xcomp" in deps:
        f = "xcomp"
    elif tok.dep_ == "parataxis":
        f = "parataxis"
    elif "dobj" in deps:
        f = "dobj"
    elif _before_colon(tok) if colon is None else colon:
        f = "colon"
    elif "prep" in deps:
        f = "prep"
    else:
        f = "none"
    return ("q:" if quoted else "") + f


def _before_colon(tok: Token) -> bool:
    nxt = tok.nbor(1) if tok.i + 1 < len(tok.doc) else None
    return nxt is not None and nxt.text == ":"


def lemma_of(tok: Token) -> str:
    return (tok.lemma_ or tok.text).lower()


def is_candidate(tok: Token) -> bool:
    return tok.pos_ in CANDIDATE_POS or tok.lower_ == "according"


def read_lexicon(name: str) -> list[str]:
    """The lower-cased entries of a word list under ``lexicons/en`` (read as every word list is:
    one entry a line, comments on lines of their own)."""
    return [line.lower() for line in read_lines(LEXICONS / name)]


@dataclass
class CueModel:
    """Cue rates by (lemma, frame), with back-off counts by lemma."""

    by_frame: dict[tuple[str, str], tuple[int, int]] = field(default_factory=dict)
    by_lemma: dict[str, tuple[int, int]] = field(default_factory=dict)
    reporting_verbs: frozenset[str] = frozenset()
    min_count: int = 3
    threshold: float = 0.3  # lowest rate kept as a cue (tuned on PolNeAR dev)

    def scores(self, cands: list[Any]) -> list[float]:
        """Rates of candidates (anything with ``tok`` and ``frame``)."""
        return [self.rate(lemma_of(c.tok), c.frame) for c in cands]

    def rate(self, lemma: str, fr: str) -> float:
        hit, n = self.by_frame.get((lemma, fr), (0, 0))
        if n >= self.min_count:
            return hit / (n + 1)
        lh, ln = self.by_lemma.get(lemma, (0, 0))
        if ln >= self.min_count:
            # a frame too rare to judge: the lemma's rate, shrunk towards what little is known
            return (hit + lh / ln * self.min_count) / (n + self.min_count + 1)
        if lemma in self.reporting_verbs and fr.removeprefix("q:") in ("ccomp", "parataxis", "colon", "quote"):
            return 0.6
        return 0.0

    def save(self, path: Path) -> None:
        with path.open("w", encoding="utf-8", newline="") as f:
            w = csv.writer(f, delimiter="\t", lineterminator="\n")
            w.writerow(["lemma", "frame", "cue", "seen"])
            for (lemma, fr), (hit, n) in sorted(self.by_frame.items()):
                w.writerow([lemma, fr, hit, n])

    @classmethod
    def load(cls, path: Path = DEFAULT_MODEL) -> CueModel:
        by_frame: dict[tuple[str, str], tuple[int, int]] = {}
        by_lemma: dict[str, tuple[int, int]] = {}
        with path.open(encoding="utf-8") as f:
            rows = csv.reader(f, delimiter="\t")
            next(rows, None)
            for lemma, fr, hit, n in rows:
                by_frame[(lemma, fr)] = (int(hit), int(n))
                lh, ln = by_lemma.get(lemma, (0, 0))
                by_lemma[lemma] = (lh + int(hit), ln + int(n))
        return cls(by_frame, by_lemma, frozenset(read_lexicon("attribution_verbs.txt")))


@cache
def default_model() -> CueModel:
    return CueModel.load(DEFAULT_MODEL)
