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

from dataclasses import dataclass, field
from pathlib import Path

import numpy
import pycrfsuite
from spacy.attrs import DEP, HEAD, LEMMA, LOWER, ORTH
from spacy.tokens import Doc as SpacyDoc
from spacy.tokens import Token

from dossier.nlp.attribution.english_cues import MODELS, lemma_of, read_lexicon

DEFAULT_CRF = MODELS / "en_cues.crfsuite"
# CUE: a cue whose content the parse-based spans (english_spans) get right; LOOSE: an annotated
# cue whose content they miss (or a model from before the split, which knows only CUE and O)
CUE, LOOSE, OTHER = "CUE", "LOOSE", "O"
LOOSE_WEIGHT = 0.5  # a LOOSE cue counts half: its attribution, when kept, is as often wrong as right


@dataclass(slots=True)
class Columns:
    """A document's tokens as columns (by token index), built once for all its candidates: the
    features read them instead of making a spaCy Token for every word they look at."""

    words: list[str]  # Token.lower_
    lemmas: list[str]  # lemma_of
    deps: list[str]  # Token.dep_
    heads: list[int]  # Token.head.i
    by_head: list[int]  # the tokens but roots ordered by head, then by position, and where each
    first_child: list[int]  # token's children start there (one list, not one per token: fewer objects)
    sentences: dict[tuple[int, int], tuple[str, str]] = field(default_factory=dict)  # sent_len, sent_end

    def children(self, i: int) -> list[int]:
        """Token.children of the token at ``i``, as indices."""
        return self.by_head[self.first_child[i] : self.first_child[i + 1]]


def columns(sdoc: SpacyDoc) -> Columns:
    if not len(sdoc):
        return Columns([], [], [], [], [], [0])
    strings = sdoc.vocab.strings
    rows = sdoc.to_array([LOWER, LEMMA, ORTH, DEP])
    index = numpy.arange(len(sdoc), dtype="int64")
    heads = index + sdoc.to_array(HEAD).astype("int64")
    dependent = heads != index
    # a stable sort keeps each head's children in text order, as Token.children gives them
    order = numpy.argsort(heads[dependent], kind="stable")
    by_head = index[dependent][order]
    first_child = numpy.searchsorted(heads[dependent][order], numpy.arange(len(sdoc) + 1), side="left")
    return Columns(
        [strings[low] for low in rows[:, 0].tolist()],
        [(strings[lem] or strings[o]).lower() for lem, o in zip(rows[:, 1].tolist(), rows[:, 2].tolist(), strict=True)],
        [strings[dep] for dep in rows[:, 3].tolist()],
        heads.tolist(),
        by_head.tolist(),
        first_child.tolist(),
    )


@dataclass(slots=True)
class Candidate:
    tok: Token
    frame: str
    beside: bool  # the clause touches a quotation
    sent_start: int = 0  # the sentence's first token and the end (token indices), so that
    sent_end: int = 0  # features need not walk the parse to find them (Token.sent does)
    cols: Columns | None = None  # the document's columns: built once by the caller, else here


_SUBJECTS = ("nsubj", "nsubjpass")
_SENT_POS = [f"sent_pos:{k}" for k in range(7)]
_COMPLEMENTS = ("dobj", "xcomp", "attr", "acomp", "oprd")
REPORTING_WORDS = frozenset(read_lexicon("attribution_verbs.txt") + read_lexicon("attribution_nouns.txt"))


def _subject_kind(subj: Token | None) -> str:
    if subj is None:
        return "none"
    if subj.pos_ == "PRON":
        return "pron:" + subj.lower_
    return subj.pos_ + ("+ent" if subj.ent_type_ else "") + ":" + (subj.ent_type_ or "")


def features(c: Candidate, others_report: bool = False) -> list[str]:
    """The features of one candidate as crfsuite attribute names (``name:value``, or ``name`` for
    a binary one; python-crfsuite reads a dict {name: value} as the same names, this form is
    cheaper to hand over); ``others_report``: another word of its sentence is a reporting verb or
    noun (a sentence rarely has two cues over one clause)."""
    tok = c.tok
    doc = tok.doc
    cols = c.cols if c.cols is not None else columns(doc)
    words, lemmas, deps = cols.words, cols.lemmas, cols.deps
    n, i = len(words), tok.i
    h = cols.heads[i]
    lemma, head_lemma, fr = lemmas[i], lemmas[h], c.frame
    nxt = words[i + 1] if i + 1 < n else "</s>"
    kids = cols.children(i)
    subj_i = next((k for k in kids if deps[k] in _SUBJECTS), None)
    subj = doc[subj_i] if subj_i is not None else None
    subject = _subject_kind(subj)
    dep = deps[i]
    # the order is the one the features had as a dict (crfsuite sums the weights in this order)
    f = [
        "bias",
        "lemma:" + lemma,
        f"lemma_frame:{lemma}|{fr}",
        "frame:" + fr,
        "pos:" + tok.pos_,
        "tag:" + tok.tag_,
        "dep:" + dep,
        f"lemma_dep:{lemma}|{dep}",
        "head:" + head_lemma,
        "subj:" + subject,
        f"lemma_subj:{lemma}|{subject.split(':')[0]}",
        "prev:" + (words[i - 1] if i > 0 else "<s>"),
        "next:" + nxt,
        f"lemma_next:{lemma}|{nxt}",
        "beside:yes" if c.beside else "beside:no",
        # the words around the cue: who (the subject's word), what it governs, where it hangs
        "head_dep:" + deps[h],
        f"lemma_headlemma:{lemma}|{head_lemma}",
        "shape:upper" if tok.is_upper else "shape:title" if tok.is_title else "shape:lower",
        "prev2:" + (words[i - 2] if i > 1 else "<s>"),
        "next2:" + (words[i + 2] if i + 2 < n else "</s>"),
        "others_report:yes" if others_report else "others_report:no",
    ]
    if subj is not None:
        f.append("subj_lemma:" + (subj.ent_type_ if subj.pos_ == "PROPN" else lemmas[subj_i]))
    start, end = c.sent_start, c.sent_end
    if end > start:
        # where in its sentence, how long the sentence, how it ends (headlines end without a stop)
        at = (i - start) // 4
        f.append(_SENT_POS[min(at, 6)] if at >= 0 else "sent_pos:" + str(at))
        tail = cols.sentences.get((start, end))
        if tail is None:
            last = doc[end - 1]
            if last.is_space and end - 1 > start:
                last = doc[end - 2]
            tail = "sent_len:" + str(min((end - start) // 8, 5)), "sent_end:" + (last.text if last.is_punct else "word")
            cols.sentences[(start, end)] = tail
        f.extend(tail)
    if kids:
        f.extend(_kid_features(kids, lemma, cols, doc))
    return f


def _kid_features(kids: list[int], lemma: str, cols: Columns, doc: SpacyDoc) -> list[str]:
    """The features of what the word governs; a dict first, as a name seen twice keeps its first
    place and its last value (two prepositions: the last one's)."""
    words, lemmas, deps, children = cols.words, cols.lemmas, cols.deps, cols.children
    f: dict[str, str | None] = {}  # None: a binary feature
    for k in kids:
        d = deps[k]
        f["child_" + d] = None
        if d == "ccomp":
            f["ccomp_mark"] = next((words[m] for m in children(k) if deps[m] == "mark"), "-")
        elif d == "prep":
            low = words[k]
            f["prep_" + low] = None
            f["lemma_prep"] = lemma + "|" + low
            obj = next((o for o in children(k) if deps[o] in ("pobj", "pcomp")), None)
            if obj is not None:
                f["prep_obj"] = low + "|" + lemmas[obj]
        elif d in _COMPLEMENTS:
            f["lemma_" + d] = lemma + "|" + lemmas[k]
        elif d == "neg":
            f["neg"] = None
        elif d in ("aux", "auxpass"):
            f["aux_" + words[k]] = None
        elif d == "poss":
            f["poss"] = doc[k].pos_
    return [k if v is None else k + ":" + v for k, v in f.items()]


def sequence_features(cands: list[Candidate]) -> list[list[str]]:
    """Features of a sentence's candidates, each knowing whether the others hold a reporting word."""
    reporting = [(c.cols.lemmas[c.tok.i] if c.cols is not None else lemma_of(c.tok)) in REPORTING_WORDS for c in cands]
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
        marginal = tagger.marginal
        if not self.loose:
            return [marginal(CUE, i) for i in range(len(cands))]
        return [marginal(CUE, i) + LOOSE_WEIGHT * marginal(LOOSE, i) for i in range(len(cands))]


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
