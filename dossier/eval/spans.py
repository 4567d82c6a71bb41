"""Span arithmetic and one-to-one matching shared by the scorers.

A span here is a tuple of ``(start, end)`` pieces, so discontinuous spans (a quote
interrupted by "he said") are measured by the characters they really cover.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

Pieces = tuple[tuple[int, int], ...]


def pieces(parts: Sequence[Sequence[int]] | None) -> Pieces:
    """Normalise a list of ``[start, end]`` pairs: sorted, empty pieces dropped."""
    if not parts:
        return ()
    return tuple(sorted((int(s), int(e)) for s, e in parts if int(e) > int(s)))


def length(a: Pieces) -> int:
    return sum(e - s for s, e in a)


def overlap(a: Pieces, b: Pieces) -> int:
    """Characters covered by both ``a`` and ``b``."""
    return sum(max(0, min(e1, e2) - max(s1, s2)) for s1, e1 in a for s2, e2 in b)


def half_overlap(a: Pieces, b: Pieces) -> bool:
    """The attribution rule: the spans share at least half of the longer one's characters."""
    shared = overlap(a, b)
    return shared > 0 and 2 * shared >= max(length(a), length(b))


def greedy_match(n_gold: int, n_pred: int, score: Callable[[int, int], float]) -> list[tuple[int, int]]:
    """Pair gold and predicted items one to one, best-scoring pairs first.

    ``score(g, p)`` is > 0 for a pair that may match. Ties go to the earlier gold,
    then the earlier prediction, so the result is deterministic.
    """
    candidates = []
    for g in range(n_gold):
        for p in range(n_pred):
            s = score(g, p)
            if s > 0:
                candidates.append((-s, g, p))
    candidates.sort()
    used_g: set[int] = set()
    used_p: set[int] = set()
    pairs = []
    for _, g, p in candidates:
        if g not in used_g and p not in used_p:
            used_g.add(g)
            used_p.add(p)
            pairs.append((g, p))
    return sorted(pairs)


@dataclass(slots=True)
class PRF:
    """Counts behind precision, recall and F1 (one-to-one matches, so one ``tp``)."""

    tp: int = 0
    pred: int = 0
    gold: int = 0

    def add(self, other: PRF) -> None:
        self.tp += other.tp
        self.pred += other.pred
        self.gold += other.gold

    @property
    def precision(self) -> float:
        return self.tp / self.pred if self.pred else 0.0

    @property
    def recall(self) -> float:
        return self.tp / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def to_json(self) -> dict[str, Any]:
        return {
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
            "tp": self.tp,
            "pred": self.pred,
            "gold": self.gold,
        }
