"""A CRF over the candidate cue words of each sentence (python-crfsuite), learned from PolNeAR.

The lemma-and-frame table alone cannot tell "he believes that …" (a cue) from "it believes in …"
or "said Tuesday" from "the said law"; the CRF weighs the word together with its subject, its
dependency, its neighbours and the quotations around it, and each sentence's candidates as one
sequence, so that one clause rarely gets two cues. Its marginal probability of ``CUE`` is the score.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pycrfsuite
from spacy.tokens import Token

from dossier.nlp.attribution.english_cues import MODELS, lemma_of

DEFAULT_CRF = MODELS / "en_cues.crfsuite"
CUE, OTHER = "CUE", "O"


@dataclass(slots=True)
class Candidate:
    tok: Token
    frame: str
    beside: bool  # the clause touches a quotation


def _subject_kind(tok: Token) -> str:
    for c in tok.children:
        if c.dep_ in ("nsubj", "nsubjpass"):
            if c.pos_ == "PRON":
                return "pron:" + c.lower_
            return c.pos_ + ("+ent" if c.ent_type_ else "") + ":" + (c.ent_type_ or "")
    return "none"


def features(c: Candidate) -> dict[str, float | str]:
    tok = c.tok
    lemma = lemma_of(tok)
    doc = tok.doc
    prev = doc[tok.i - 1] if tok.i > 0 else None
    nxt = doc[tok.i + 1] if tok.i + 1 < len(doc) else None
    deps = sorted({ch.dep_ for ch in tok.children})
    f: dict[str, float | str] = {
        "bias": 1.0,
        "lemma": lemma,
        "lemma_frame": lemma + "|" + c.frame,
        "frame": c.frame,
        "pos": tok.pos_,
        "tag": tok.tag_,
        "dep": tok.dep_,
        "lemma_dep": lemma + "|" + tok.dep_,
        "head": lemma_of(tok.head),
        "subj": _subject_kind(tok),
        "lemma_subj": lemma + "|" + _subject_kind(tok).split(":")[0],
        "prev": prev.lower_ if prev is not None else "<s>",
        "next": nxt.lower_ if nxt is not None else "</s>",
        "lemma_next": lemma + "|" + (nxt.lower_ if nxt is not None else "</s>"),
        "beside": "yes" if c.beside else "no",
    }
    for d in deps:
        f["child_" + d] = 1.0
    for ch in tok.children:
        if ch.dep_ == "ccomp":
            mark = next((m.lower_ for m in ch.children if m.dep_ == "mark"), "-")
            f["ccomp_mark"] = mark
        elif ch.dep_ == "prep":
            f["prep_" + ch.lower_] = 1.0
    return f


class CueCRF:
    """Scores a sentence's candidates: the marginal probability that each is a cue."""

    threshold = 0.5  # lowest marginal kept as a cue (PolNeAR dev: F1 flat from 0.45 to 0.55)

    def __init__(self, path: Path = DEFAULT_CRF) -> None:
        self.tagger = pycrfsuite.Tagger()
        self.tagger.open(str(path))

    def scores(self, cands: list[Candidate]) -> list[float]:
        if not cands:
            return []
        self.tagger.set([features(c) for c in cands])
        return [self.tagger.marginal(CUE, i) for i in range(len(cands))]


def train_crf(sequences: list[tuple[list[Candidate], list[str]]], out: Path, max_iterations: int = 150) -> None:
    trainer = pycrfsuite.Trainer(verbose=False)
    for cands, labels in sequences:
        trainer.append([features(c) for c in cands], labels)
    # a light L1 drops features never worth keeping; a strong L2 keeps rare lemmas from deciding alone
    # (c1, c2 and the threshold below chosen on PolNeAR dev among (0.1, 0.01), (0.05, 0.1), (0.02, 0.5), (0.01, 1))
    trainer.set_params({"c1": 0.02, "c2": 0.5, "max_iterations": max_iterations, "feature.minfreq": 2})
    trainer.train(str(out))
