"""Named-entity scores: exact and lenient micro P/R/F1 over PER, ORG, LOC, and per type.

- exact: a prediction is right when a gold mention has the same start, end and type;
- lenient: predictions and gold mentions of the same type that overlap are paired one to
  one, the pairs sharing most characters first (``spans.greedy_match``).

Predictions of other types (MISC) are not scored. Gold mentions of other types (CoNLL's
MISC, NER-UK's DATE, JOB, ...) are never a match, so a PER/ORG/LOC prediction on one
counts as wrong, as in the CoNLL scorer. Duplicate mentions (same span and type) count once.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import Any

from dossier.eval.entity_corpora import LANGUAGE, SCORED_TYPES, EntityDoc, read_entity_corpus
from dossier.eval.spans import PRF, greedy_match
from dossier.records import Document, Entity

Predict = Callable[[str], Iterable[Entity]]
Mention = tuple[int, int, str]


@dataclass(slots=True)
class EntityScores:
    exact: PRF = field(default_factory=PRF)
    lenient: PRF = field(default_factory=PRF)
    exact_by_type: dict[str, PRF] = field(default_factory=lambda: {t: PRF() for t in SCORED_TYPES})
    lenient_by_type: dict[str, PRF] = field(default_factory=lambda: {t: PRF() for t in SCORED_TYPES})
    docs: int = 0
    chars: int = 0
    seconds: float = 0.0  # time spent in the predictor
    errors: list[dict[str, Any]] | None = None  # exact-match misses and false alarms, collected when not None

    @property
    def docs_per_second(self) -> float:
        return self.docs / self.seconds if self.seconds else 0.0

    def add_document(self, gold: Iterable[Mention], pred: Iterable[Mention]) -> None:
        gold_all = sorted(set(gold))
        pred_set = sorted({m for m in pred if m[2] in SCORED_TYPES})
        for t in SCORED_TYPES:
            g = [m for m in gold_all if m[2] == t]
            p = [m for m in pred_set if m[2] == t]
            exact = PRF(len(set(g) & set(p)), len(p), len(g))
            pairs = greedy_match(len(g), len(p), lambda i, j, g=g, p=p: _overlap(g[i], p[j]))
            lenient = PRF(len(pairs), len(p), len(g))
            self.exact_by_type[t].add(exact)
            self.lenient_by_type[t].add(lenient)
            self.exact.add(exact)
            self.lenient.add(lenient)

    def to_json(self) -> dict[str, Any]:
        out = {
            "exact": self.exact.to_json(),
            "lenient": self.lenient.to_json(),
            "by_type": {
                t: {"exact": self.exact_by_type[t].to_json(), "lenient": self.lenient_by_type[t].to_json()}
                for t in SCORED_TYPES
            },
            "docs": self.docs,
            "chars": self.chars,
            "seconds": round(self.seconds, 3),
            "docs_per_second": round(self.docs_per_second, 2),
        }
        if self.errors is not None:
            out["errors"] = self.errors
        return out


def _overlap(a: Mention, b: Mention) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def pipeline_predictor(language: str) -> Predict:
    """Entities from the full ``dossier.nlp.analyze`` pipeline of ``language``."""
    from dossier.nlp.analyze import analyze

    def predict(text: str) -> list[Entity]:
        return analyze(Document(text=text, language=language)).entities

    return predict


def document_errors(doc: EntityDoc, predicted: Iterable[Mention]) -> list[dict[str, Any]]:
    """Gold PER/ORG/LOC mentions not predicted exactly ("missed") and predictions not in the gold ("spurious")."""
    gold = {(e.start, e.end, e.type) for e in doc.entities if e.type in SCORED_TYPES}
    pred = {m for m in predicted if m[2] in SCORED_TYPES}
    gold_any = {(e.start, e.end): e.type for e in doc.entities}
    out = []
    for error, mentions in (("missed", gold - pred), ("spurious", pred - gold)):
        for start, end, label in sorted(mentions):
            item = {"doc": doc.name, "error": error, "type": label, "start": start, "end": end}
            item["text"] = doc.text[start:end]
            if error == "spurious" and (start, end) in gold_any:
                item["gold_type"] = gold_any[start, end]  # right span, wrong type
            out.append(item)
    return out


def lenient_errors(text: str, gold: Iterable[Mention], pred: Iterable[Mention]) -> list[dict[str, Any]]:
    """Under the lenient rule: gold mentions left unpaired ("missed"), predictions left unpaired
    ("spurious"), and pairs whose extents differ ("boundary")."""
    gold_all, pred_all = sorted(set(gold)), sorted({m for m in pred if m[2] in SCORED_TYPES})
    out: list[dict[str, Any]] = []

    def item(error: str, m: Mention, **extra: Any) -> dict[str, Any]:
        return {"error": error, "type": m[2], "start": m[0], "end": m[1], "text": text[m[0] : m[1]], **extra}

    for t in SCORED_TYPES:
        g = [m for m in gold_all if m[2] == t]
        p = [m for m in pred_all if m[2] == t]
        pairs = greedy_match(len(g), len(p), lambda i, j, g=g, p=p: _overlap(g[i], p[j]))
        out += [item("missed", g[i]) for i in sorted(set(range(len(g))) - {i for i, _ in pairs})]
        out += [item("spurious", p[j]) for j in sorted(set(range(len(p))) - {j for _, j in pairs})]
        out += [item("boundary", p[j], gold=text[g[i][0] : g[i][1]]) for i, j in pairs if g[i] != p[j]]
    return sorted(out, key=lambda e: (e["start"], e["end"]))


def score_entities(docs: Iterable[EntityDoc], predict: Predict, collect_errors: bool = False) -> EntityScores:
    """Run ``predict`` over each document's text and score it against the gold mentions."""
    scores = EntityScores(errors=[] if collect_errors else None)
    for doc in docs:
        started = time.perf_counter()
        predicted = list(predict(doc.text))
        scores.seconds += time.perf_counter() - started
        scores.docs += 1
        scores.chars += len(doc.text)
        mentions = [(e.start, e.end, e.type) for e in predicted]
        scores.add_document(((e.start, e.end, e.type) for e in doc.entities), mentions)
        if scores.errors is not None:
            scores.errors.extend(document_errors(doc, mentions))
    return scores


def evaluate_entities(
    path: Path,
    fmt: str,
    language: str | None = None,
    limit: int | None = None,
    predict: Predict | None = None,
    collect_errors: bool = False,
) -> EntityScores:
    """Score ``predict`` (default: the pipeline of the corpus language) on the corpus at ``path``."""
    docs = read_entity_corpus(path, fmt)
    if limit is not None:
        docs = islice(docs, limit)
    return score_entities(docs, predict or pipeline_predictor(language or LANGUAGE[fmt]), collect_errors)
