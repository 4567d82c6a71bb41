"""A CRF over the candidate cue words of each sentence (python-crfsuite), learned from PolNeAR.

The lemma-and-frame table alone cannot tell "he believes that …" (a cue) from "it believes in …"
or "said Tuesday" from "the said law"; the CRF weighs the word together with its subject, its
dependency, its neighbours, what it governs (object, preposition and its object, auxiliaries,
negation), where it stands in its sentence and the quotations around it, and each sentence's
candidates as one sequence, so that one clause rarely gets two cues. Annotated cues are split in two
labels: ``CUE`` where the content the pipeline derives for the word matches the annotated one, ``LOOSE``
where it does not, so that the model learns which cues the pipeline can report well; the score is
the marginal of ``CUE`` plus half that of ``LOOSE``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pycrfsuite
from spacy.tokens import Token

from dossier.nlp.attribution.english_cues import MODELS, lemma_of, read_lexicon

DEFAULT_CRF = MODELS / "en_cues.crfsuite"
# CUE: a cue whose content the parse-based spans (english_spans) get right; LOOSE: an annotated
# cue whose content they miss (or a model from before the split, which knows only CUE and O)
CUE, LOOSE, OTHER = "CUE", "LOOSE", "O"
LOOSE_WEIGHT = 0.5  # a LOOSE cue counts half: its attribution, when kept, is as often wrong as right


@dataclass(slots=True)
class Candidate:
    tok: Token
    frame: str
    beside: bool  # the clause touches a quotation
    sent_start: int = 0  # the sentence's first token and the end (token indices), so that
    sent_end: int = 0  # features need not walk the parse to find them (Token.sent does)
    kids: list[Token] | None = None  # the word's children, and the lower-cased words of the
    words: list[str] | None = None  # document: built once by the caller, else looked up here


_SUBJECTS = ("nsubj", "nsubjpass")
_COMPLEMENTS = ("dobj", "xcomp", "attr", "acomp", "oprd")
REPORTING_WORDS = frozenset(read_lexicon("attribution_verbs.txt") + read_lexicon("attribution_nouns.txt"))


def _subject_kind(subj: Token | None) -> str:
    if subj is None:
        return "none"
    if subj.pos_ == "PRON":
        return "pron:" + subj.lower_
    return subj.pos_ + ("+ent" if subj.ent_type_ else "") + ":" + (subj.ent_type_ or "")


def features(c: Candidate, others_report: bool = False) -> dict[str, float | str]:
    """The features of one candidate; ``others_report``: another word of its sentence is a
    reporting verb or noun (a sentence rarely has two cues over one clause)."""
    tok = c.tok
    lemma = lemma_of(tok)
    doc = tok.doc
    words = c.words
    n, i = len(doc), tok.i

    def word(k: int) -> str:
        return words[k] if words is not None else doc[k].lower_

    prev = word(i - 1) if i > 0 else "<s>"
    nxt = word(i + 1) if i + 1 < n else "</s>"
    kids = c.kids if c.kids is not None else list(tok.children)
    subj = next((ch for ch in kids if ch.dep_ in _SUBJECTS), None)
    subject = _subject_kind(subj)
    head = tok.head
    f: dict[str, float | str] = {
        "bias": 1.0,
        "lemma": lemma,
        "lemma_frame": lemma + "|" + c.frame,
        "frame": c.frame,
        "pos": tok.pos_,
        "tag": tok.tag_,
        "dep": tok.dep_,
        "lemma_dep": lemma + "|" + tok.dep_,
        "head": lemma_of(head),
        "subj": subject,
        "lemma_subj": lemma + "|" + subject.split(":")[0],
        "prev": prev,
        "next": nxt,
        "lemma_next": lemma + "|" + nxt,
        "beside": "yes" if c.beside else "no",
        # the words around the cue: who (the subject's word), what it governs, where it hangs
        "head_dep": head.dep_,
        "lemma_headlemma": lemma + "|" + lemma_of(head),
        "shape": "upper" if tok.is_upper else "title" if tok.is_title else "lower",
        "prev2": word(i - 2) if i > 1 else "<s>",
        "next2": word(i + 2) if i + 2 < n else "</s>",
        "others_report": "yes" if others_report else "no",
    }
    if subj is not None:
        f["subj_lemma"] = subj.ent_type_ if subj.pos_ == "PROPN" else lemma_of(subj)
    if c.sent_end > c.sent_start:
        # where in its sentence, how long the sentence, how it ends (headlines end without a stop)
        f["sent_pos"] = str(min((tok.i - c.sent_start) // 4, 6))
        f["sent_len"] = str(min((c.sent_end - c.sent_start) // 8, 5))
        last = doc[c.sent_end - 1]
        if last.is_space and c.sent_end - 1 > c.sent_start:
            last = doc[c.sent_end - 2]
        f["sent_end"] = last.text if last.is_punct else "word"
    for ch in kids:
        d = ch.dep_
        f["child_" + d] = 1.0
        if d == "ccomp":
            f["ccomp_mark"] = next((m.lower_ for m in ch.children if m.dep_ == "mark"), "-")
        elif d == "prep":
            f["prep_" + ch.lower_] = 1.0
            f["lemma_prep"] = lemma + "|" + ch.lower_
            obj = next((o for o in ch.children if o.dep_ in ("pobj", "pcomp")), None)
            if obj is not None:
                f["prep_obj"] = ch.lower_ + "|" + lemma_of(obj)
        elif d in _COMPLEMENTS:
            f["lemma_" + d] = lemma + "|" + lemma_of(ch)
        elif d == "neg":
            f["neg"] = 1.0
        elif d in ("aux", "auxpass"):
            f["aux_" + ch.lower_] = 1.0
        elif d == "poss":
            f["poss"] = ch.pos_
    return f


def sequence_features(cands: list[Candidate]) -> list[dict[str, float | str]]:
    """Features of a sentence's candidates, each knowing whether the others hold a reporting word."""
    reporting = [lemma_of(c.tok) in REPORTING_WORDS for c in cands]
    total = sum(reporting)
    return [features(c, total - r > 0) for c, r in zip(cands, reporting, strict=True)]


class CueCRF:
    """Scores a sentence's candidates: the marginal probability that each is a cue whose content
    the spans get right, plus half that of a cue whose content they miss."""

    def __init__(self, path: Path = DEFAULT_CRF) -> None:
        self.tagger = pycrfsuite.Tagger()
        self.tagger.open(str(path))
        self.loose = LOOSE in self.tagger.labels()
        # lowest score kept as a cue (PolNeAR dev halves and held-back training articles: with
        # LOOSE, F1 flat from 0.42 to 0.45 and lower at 0.5; without, flat from 0.45 to 0.55)
        self.threshold = 0.45 if self.loose else 0.5

    def scores(self, cands: list[Candidate]) -> list[float]:
        if not cands:
            return []
        tagger = self.tagger
        tagger.set(sequence_features(cands))
        if not self.loose:
            return [tagger.marginal(CUE, i) for i in range(len(cands))]
        return [tagger.marginal(CUE, i) + LOOSE_WEIGHT * tagger.marginal(LOOSE, i) for i in range(len(cands))]


def train_crf(sequences: list[tuple[list[Candidate], list[str]]], out: Path, max_iterations: int = 150) -> None:
    trainer = pycrfsuite.Trainer(verbose=False)
    for cands, labels in sequences:
        trainer.append(sequence_features(cands), labels)
    # a light L1 drops features never worth keeping; a strong L2 keeps rare lemmas from deciding alone
    # (c1, c2 chosen on PolNeAR dev among (0.1, 0.01), (0.05, 0.1), (0.02, 0.5), (0.01, 1), checked on held-back
    # training articles against (0.05, 0.1), (0.01, 0.2); with the LOOSE label, (0.02, 1) against (0.02, 0.5),
    # (0.05, 0.3), (0.01, 1), (0.01, 2): end-to-end F1 higher on both dev halves and held back)
    trainer.set_params({"c1": 0.02, "c2": 1.0, "max_iterations": max_iterations, "feature.minfreq": 2})
    trainer.train(str(out))
