"""Learn the English cue models from PolNeAR's training split (brat layout).

    python -m dossier.nlp.attribution.train_english PATH/polnear-train [--out-dir DIR]
        [--hold-out-every K] [--limit N] [--spacy-model NAME]

Writes two files (no text of the corpus, only statistics and weights):
- ``en_cues.tsv``: for every candidate word of the spaCy parse, by (lemma, frame), how often
  annotators made it the head of a cue (``lemma, frame, cue, seen``);
- ``en_cues.crfsuite``: a CRF over each sentence's candidate words (``english_crf``), an annotated
  cue labelled CUE or LOOSE by whether the content the pipeline derives for it matches the
  annotated content (so the model follows the span rules: retrain when they change).

Every K-th article (in file-name order, K = 7 by default: 120 of the 840, spread over the seven
publishers, whose articles sort together) is held back from training and scored at the end with
the new model, so the figures printed are on articles the model has not seen. ``--hold-out-every 0``
trains on everything. The texts are parsed exactly as the pipeline parses them (``english_tokens``:
same spaCy pipeline, paragraphs, re-cased headlines), so the cue model learns from the parses it
will see. Deterministic for the same split and parser.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path
from typing import Any

from dossier.eval.attribution_corpora import GoldAttribution, read_polnear_ann
from dossier.eval.spans import Pieces, half_overlap
from dossier.nlp.attribution.english import QuoteIndex, candidate_content, candidates, extract
from dossier.nlp.attribution.english_crf import CUE, LOOSE, OTHER, Candidate, CueCRF, train_crf
from dossier.nlp.attribution.english_cues import MODELS, CueModel
from dossier.nlp.attribution.english_quotes import find_quotes

MIN_SEEN = 5  # keys never seen as a cue are kept only when common enough to say "not a cue"
HOLD_OUT_EVERY = 7


def documents(root: Path, limit: int | None = None) -> list[tuple[str, str, list[GoldAttribution]]]:
    """(name, text, annotated attributions) per article in name order; the first annotator's file
    is used (as ``dossier eval attribution`` scores)."""
    anns: dict[str, Path] = {}
    for ann in sorted((root / "attributions").glob("*.ann")):
        anns.setdefault(ann.stem.rsplit("_", 1)[0], ann)
    docs = []
    for txt in sorted((root / "text").glob("*.txt"), key=lambda p: p.stem):
        if txt.stem in anns:
            text = txt.read_text(encoding="utf-8")
            docs.append((txt.stem, text, read_polnear_ann(anns[txt.stem].read_text(encoding="utf-8"), text)))
        if limit and len(docs) >= limit:
            break
    return docs


def held_out(index: int, every: int) -> bool:
    """Whether the article at ``index`` (name order) is held back from training."""
    return every > 0 and index % every == every - 1


Sequence = tuple[list[Candidate], list[str]]


def parser(spacy_model: str | None = None) -> Any:
    """``text -> spaCy Doc`` exactly as the ``english_tokens`` component parses."""
    from dossier.nlp.english.tokens import english_pipeline, parse

    nlp = english_pipeline({"model": spacy_model} if spacy_model else {})
    return lambda text: parse(nlp, text)


def labelled(sdoc: Any, text: str, gold: list[GoldAttribution]) -> list[Sequence]:
    """Each sentence's candidate cue words, labelled where annotators put a cue's head: CUE when
    the content the pipeline derives for the word matches the annotated one, LOOSE when not."""
    contents: dict[int, list[Pieces]] = {}
    for a in gold:
        if not a.cue:
            continue
        s, e = a.cue[0]
        span = sdoc.char_span(s, e, alignment_mode="expand")
        if span is not None and len(span):
            contents.setdefault(span.root.i, []).append(a.content)
    quotes = QuoteIndex(text, find_quotes(text))
    out: list[Sequence] = []
    for cands in candidates(sdoc, quotes):
        labels = []
        for c in cands:
            if c.tok.i not in contents:
                labels.append(OTHER)
                continue
            derived = tuple(candidate_content(c, quotes))
            right = bool(derived) and any(half_overlap(g, derived) for g in contents[c.tok.i])
            labels.append(CUE if right else LOOSE)
        if cands:
            out.append((cands, labels))
    return out


def cue_table(sequences: list[Sequence]) -> CueModel:
    from dossier.nlp.attribution.english_cues import lemma_of

    seen: Counter[tuple[str, str]] = Counter()
    hits: Counter[tuple[str, str]] = Counter()
    for cands, labels in sequences:
        for c, label in zip(cands, labels, strict=True):
            key = (lemma_of(c.tok), c.frame)
            seen[key] += 1
            hits[key] += label != OTHER
    return CueModel({k: (hits[k], n) for k, n in seen.items() if hits[k] or n >= MIN_SEEN})


def score_held_out(root: Path, names: set[str], parse: Any, model: Path) -> dict[str, Any]:
    """PolNeAR scores (``dossier eval attribution``'s rules) of the new CRF on the held-back articles."""
    from dossier.eval.attribution import score_attribution
    from dossier.eval.attribution_corpora import read_polnear

    crf = CueCRF(model)
    docs = (d for d in read_polnear(root) if d.name in names)
    report = score_attribution(docs, lambda text, _lang: extract(parse(text), crf, text=text))
    (group,) = report.to_json()["groups"]
    return group


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("train_dir", type=Path, help="PolNeAR training split: text/ and attributions/")
    ap.add_argument("--out-dir", type=Path, default=MODELS)
    ap.add_argument("--spacy-model", default=None, help="default: the pipeline english_tokens loads")
    ap.add_argument("--limit", type=int, default=None, help="use only the first N articles")
    ap.add_argument(
        "--hold-out-every",
        type=int,
        default=HOLD_OUT_EVERY,
        help=f"hold back every K-th article and score the model on them (default {HOLD_OUT_EVERY}; 0: none)",
    )
    args = ap.parse_args(argv)
    if not (args.train_dir / "text").is_dir():
        print(f"error: {args.train_dir} has no text/ folder", file=sys.stderr)
        return 2
    docs = documents(args.train_dir, args.limit)
    if not docs:
        print(f"error: no PolNeAR articles under {args.train_dir} (text/*.txt and attributions/*.ann)", file=sys.stderr)
        return 2
    parse = parser(args.spacy_model)
    sequences: list[Sequence] = []
    held: set[str] = set()
    for i, (name, text, gold) in enumerate(docs):
        if held_out(i, args.hold_out_every):
            held.add(name)
        else:
            sequences.extend(labelled(parse(text), text, gold))
    args.out_dir.mkdir(parents=True, exist_ok=True)
    table = cue_table(sequences)
    table.save(args.out_dir / "en_cues.tsv")
    train_crf(sequences, args.out_dir / "en_cues.crfsuite")
    print(
        f"{len(table.by_frame)} cue keys and a CRF over {len(sequences)} sentences of "
        f"{len(docs) - len(held)} articles written to {args.out_dir}"
    )
    if held:
        group = score_held_out(args.train_dir, held, parse, args.out_dir / "en_cues.crfsuite")
        direct, every = group["direct"], group["all"]
        print(
            f"held back {len(held)} articles: direct end-to-end F1 {direct['end_to_end']['f1']:.3f}; "
            f"all: content F1 {every['content']['f1']:.3f}, end-to-end F1 {every['end_to_end']['f1']:.3f}, "
            f"source accuracy {every['source_accuracy']:.3f}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
