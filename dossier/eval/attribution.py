"""Attribution scores (who said what), PolNeAR style, for PolNeAR and the ukru JSONL.

Rules, per document:
- **content found**: gold and predicted attributions are paired one to one by content,
  a pair being allowed when the two contents share at least half of the longer one's
  characters (pieces of a discontinuous span count by the characters they cover); the
  pairs sharing most characters are taken first (``spans.greedy_match``).
- **source right** for a paired attribution: both sources absent (no source named), or
  both present and sharing at least half of the longer one's characters (the same rule
  as contents). ``source_any_overlap`` also reports the looser "any shared character".
- **end to end**: a pair whose source is right. P = that count / predictions, R = / gold.
- **source accuracy**: right sources / paired contents.
- subsets: ``all`` attributions, and ``direct`` quotes, where gold direct means the
  content opens with a quotation mark (PolNeAR) or ``kind == "direct"`` (ukru), and a
  prediction is direct when its ``kind`` is ``"direct"``; each subset is matched on its own.
- relays (ukru): scored with them (everything) and without them (gold and predicted
  attributions with ``relay`` dropped), reported both ways.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import Any

from dossier.eval.attribution_corpora import AttributionDoc, GoldAttribution, read_attribution_corpus
from dossier.eval.spans import PRF, Pieces, greedy_match, half_overlap, overlap
from dossier.records import Attribution, Document

Predict = Callable[[str, str], Iterable[Attribution]]
SUBSETS = ("all", "direct")


@dataclass(frozen=True, slots=True)
class Predicted:
    content: Pieces
    source: Pieces
    kind: str
    relay: bool

    @classmethod
    def from_record(cls, a: Attribution) -> Predicted:
        return cls(a.content.parts(), a.source.parts() if a.source else (), a.kind, a.relay)


def source_right(gold: Pieces, pred: Pieces) -> bool:
    if not gold or not pred:
        return not gold and not pred
    return half_overlap(gold, pred)


def match_contents(gold: Sequence[GoldAttribution], pred: Sequence[Predicted]) -> list[tuple[int, int]]:
    """One-to-one pairs (gold index, predicted index) of contents sharing ≥ half of the longer one."""

    def score(g: int, p: int) -> int:
        return overlap(gold[g].content, pred[p].content) if half_overlap(gold[g].content, pred[p].content) else 0

    return greedy_match(len(gold), len(pred), score)


def _show(text: str, span: Pieces, limit: int = 100) -> str:
    shown = " … ".join(" ".join(text[s:e].split()) for s, e in span)
    return shown if len(shown) <= limit else shown[: limit - 1] + "…"


def document_errors(doc: AttributionDoc, pred: Sequence[Predicted]) -> list[dict[str, Any]]:
    """What went wrong in one document (all attributions, relays included): missed, spurious, wrong source."""
    pairs = match_contents(doc.attributions, pred)
    paired_gold = {g for g, _ in pairs}
    paired_pred = {p for _, p in pairs}
    text = doc.text

    def item(error: str, content: Pieces, source: Pieces) -> dict[str, Any]:
        return {"doc": doc.name, "error": error, "content": _show(text, content), "source": _show(text, source, 40)}

    out = [item("missed", a.content, a.source) for g, a in enumerate(doc.attributions) if g not in paired_gold]
    out += [item("spurious", a.content, a.source) for p, a in enumerate(pred) if p not in paired_pred]
    for g, p in pairs:
        if not source_right(doc.attributions[g].source, pred[p].source):
            wrong = item("source", pred[p].content, pred[p].source)
            wrong["gold_source"] = _show(text, doc.attributions[g].source, 40)
            out.append(wrong)
    return out


@dataclass(slots=True)
class AttributionScores:
    content: PRF = field(default_factory=PRF)
    end_to_end: PRF = field(default_factory=PRF)
    source_right: int = 0
    source_any_overlap: int = 0

    @property
    def source_accuracy(self) -> float:
        return self.source_right / self.content.tp if self.content.tp else 0.0

    def add_document(self, gold: Sequence[GoldAttribution], pred: Sequence[Predicted]) -> None:
        pairs = match_contents(gold, pred)
        right = [source_right(gold[g].source, pred[p].source) for g, p in pairs]
        self.content.add(PRF(len(pairs), len(pred), len(gold)))
        self.end_to_end.add(PRF(sum(right), len(pred), len(gold)))
        self.source_right += sum(right)
        self.source_any_overlap += sum(
            1 for (g, p), ok in zip(pairs, right, strict=True) if ok or overlap(gold[g].source, pred[p].source) > 0
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "content": self.content.to_json(),
            "end_to_end": self.end_to_end.to_json(),
            "source_accuracy": round(self.source_accuracy, 4),
            "source_accuracy_any_overlap": round(
                self.source_any_overlap / self.content.tp if self.content.tp else 0.0, 4
            ),
        }


@dataclass(slots=True)
class Group:
    """Scores of one language (or ``all``) with relays included or excluded."""

    language: str
    relays: str  # "included" or "excluded"
    subsets: dict[str, AttributionScores] = field(default_factory=lambda: {s: AttributionScores() for s in SUBSETS})

    def add_document(self, gold: Sequence[GoldAttribution], pred: Sequence[Predicted]) -> None:
        if self.relays == "excluded":
            gold = [a for a in gold if not a.relay]
            pred = [a for a in pred if not a.relay]
        self.subsets["all"].add_document(gold, pred)
        self.subsets["direct"].add_document(
            [a for a in gold if a.kind == "direct"], [a for a in pred if a.kind == "direct"]
        )

    def to_json(self) -> dict[str, Any]:
        return {"language": self.language, "relays": self.relays, **{k: v.to_json() for k, v in self.subsets.items()}}


@dataclass(slots=True)
class AttributionReport:
    groups: dict[tuple[str, str], Group] = field(default_factory=dict)
    docs: int = 0
    chars: int = 0
    seconds: float = 0.0
    errors: list[dict[str, Any]] | None = None  # collected when not None

    def add_document(self, doc: AttributionDoc, pred: Sequence[Predicted]) -> None:
        if self.errors is not None:
            self.errors.extend(document_errors(doc, pred))
        self.docs += 1
        self.chars += len(doc.text)
        with_relay_variants = any(a.relay for a in doc.attributions) or doc.language != "en"
        for lang in ("all", doc.language):
            for relays in ("included", "excluded") if with_relay_variants else ("included",):
                group = self.groups.setdefault((lang, relays), Group(lang, relays))
                group.add_document(doc.attributions, pred)

    def to_json(self) -> dict[str, Any]:
        languages = {lang for lang, _ in self.groups if lang != "all"}
        # With one language the "all" groups repeat it; keep them only when they add up several.
        order = sorted(self.groups.items(), key=lambda kv: (kv[0][0] == "all", kv[0][0], kv[0][1] != "included"))
        groups = [g for (lang, _), g in order if lang != "all" or len(languages) > 1]
        out = {
            "groups": [g.to_json() for g in groups],
            "docs": self.docs,
            "chars": self.chars,
            "seconds": round(self.seconds, 3),
            "docs_per_second": round(self.docs / self.seconds, 2) if self.seconds else 0.0,
        }
        if self.errors is not None:
            out["errors"] = self.errors
        return out


def pipeline_predictor() -> Predict:
    """Attributions from the full ``dossier.nlp.analyze`` pipeline of each document's language."""
    from dossier.nlp.analyze import analyze

    def predict(text: str, language: str) -> list[Attribution]:
        return analyze(Document(text=text, language=language)).attributions

    return predict


def score_attribution(
    docs: Iterable[AttributionDoc], predict: Predict, collect_errors: bool = False
) -> AttributionReport:
    report = AttributionReport(errors=[] if collect_errors else None)
    for doc in docs:
        started = time.perf_counter()
        predicted = [Predicted.from_record(a) for a in predict(doc.text, doc.language)]
        report.seconds += time.perf_counter() - started
        report.add_document(doc, predicted)
    return report


def evaluate_attribution(
    path: Path,
    language: str | None = None,
    limit: int | None = None,
    predict: Predict | None = None,
    collect_errors: bool = False,
) -> AttributionReport:
    """Score ``predict`` (default: the pipelines) on a PolNeAR directory or a ukru JSONL."""
    docs: Iterable[AttributionDoc] = read_attribution_corpus(path)
    if language:
        docs = (d for d in docs if d.language == language)
    if limit is not None:
        docs = islice(docs, limit)
    return score_attribution(docs, predict or pipeline_predictor(), collect_errors)
