"""Duplicate detection helpers: canonical URLs, exact content hashes, MinHash near-duplicates.

The store persists ``canonical_url``, ``content_hash`` and ``signature_to_bytes(minhash(text))`` and
decides new / duplicate / updated; ``NearDuplicateIndex.from_signatures`` rebuilds the LSH index from
what it stored.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Hashable, Iterable
from functools import lru_cache
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import numpy as np
from courlan import normalize_url
from datasketch import LeanMinHash, MinHash, MinHashLSH

NUM_PERM = 128
SHINGLE_WORDS = 5
NEAR_DUPLICATE_THRESHOLD = 0.85
SEED = 1
# Pinned so stored signatures stay comparable whatever datasketch's default becomes.
SCHEME = "affine32"
_WORD = re.compile(r"\w+", re.UNICODE)
_APOSTROPHES = str.maketrans({"’": "'", "ʼ": "'", "‘": "'", "`": "'"})


def canonical_url(url: str | None) -> str | None:
    """The URL normalised for comparison: lower-case scheme and host, default port and fragment dropped,
    tracking parameters (utm_*, fbclid, gclid, ...) removed and the rest sorted (courlan). None if invalid.
    """
    if not url or not url.strip():
        return None
    try:
        normalized = normalize_url(url.strip())
    except (ValueError, AttributeError):
        return None
    parts = urlsplit(normalized)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return None
    return urlunsplit((parts.scheme, parts.netloc, parts.path or "/", parts.query, ""))


def normalize_text(text: str) -> str:
    """Text reduced to its words: Unicode NFKC, case-folded, apostrophes unified, punctuation and
    whitespace differences removed. Two copies of one article with different markup normalise alike."""
    text = unicodedata.normalize("NFKC", text).translate(_APOSTROPHES).casefold()
    return " ".join(_WORD.findall(text))


def content_hash(text: str) -> str:
    """sha256 (hex) of the normalised text: equal for exact duplicates up to formatting."""
    return hashlib.sha256(normalize_text(text).encode("utf-8")).hexdigest()


def shingles(text: str, size: int = SHINGLE_WORDS) -> set[bytes]:
    words = normalize_text(text).split()
    if len(words) <= size:
        return {" ".join(words).encode("utf-8")} if words else set()
    return {" ".join(words[i : i + size]).encode("utf-8") for i in range(len(words) - size + 1)}


@lru_cache(maxsize=4)
def _permutations(num_perm: int) -> Any:
    """The (seeded, so always equal) permutations, made once: generating them costs more than hashing."""
    return MinHash(num_perm=num_perm, seed=SEED, scheme=SCHEME).permutations


def minhash(text: str, num_perm: int = NUM_PERM) -> MinHash:
    """MinHash signature of the text's word 5-shingles."""
    signature = MinHash(num_perm=num_perm, seed=SEED, scheme=SCHEME, permutations=_permutations(num_perm))
    signature.update_batch(list(shingles(text)))
    return signature


def signature_to_bytes(signature: MinHash) -> bytes:
    """The signature's hash values as little-endian uint64s (8 × num_perm bytes)."""
    return np.asarray(signature.hashvalues, dtype="<u8").tobytes()


def signature_from_bytes(data: bytes) -> LeanMinHash:
    """A stored signature back as a LeanMinHash (no permutations: cheap to hold by the hundred thousand)."""
    if not data or len(data) % 8:
        raise ValueError("a MinHash signature is a non-empty multiple of 8 bytes")
    values = np.frombuffer(data, dtype="<u8").astype(np.uint64)
    return LeanMinHash(seed=SEED, hashvalues=values, scheme=SCHEME)


def similarity(a: MinHash | bytes, b: MinHash | bytes) -> float:
    """Estimated Jaccard similarity of two signatures' shingle sets."""
    a = signature_from_bytes(a) if isinstance(a, bytes) else a
    b = signature_from_bytes(b) if isinstance(b, bytes) else b
    return float(a.jaccard(b))


class NearDuplicateIndex:
    """MinHash LSH over stored documents: which earlier documents is this text a near-duplicate of?

    >>> index = NearDuplicateIndex()
    >>> index.add(1, minhash(first_text))
    >>> index.query(minhash(second_text))  # [(1, 0.93)] when second_text is first_text lightly edited
    """

    def __init__(self, threshold: float = NEAR_DUPLICATE_THRESHOLD, num_perm: int = NUM_PERM) -> None:
        self.threshold = threshold
        self.num_perm = num_perm
        self._lsh = MinHashLSH(threshold=threshold, num_perm=num_perm)
        self._signatures: dict[Hashable, MinHash] = {}

    @classmethod
    def from_signatures(
        cls, items: Iterable[tuple[Hashable, bytes | MinHash]], threshold: float = NEAR_DUPLICATE_THRESHOLD
    ) -> NearDuplicateIndex:
        """Rebuild an index from stored ``(key, signature bytes)`` pairs."""
        index: NearDuplicateIndex | None = None
        for key, signature in items:
            signature = signature_from_bytes(signature) if isinstance(signature, bytes) else signature
            if index is None:
                index = cls(threshold, num_perm=len(signature.hashvalues))
            index.add(key, signature)
        return index if index is not None else cls(threshold)

    def __len__(self) -> int:
        return len(self._signatures)

    def __contains__(self, key: Hashable) -> bool:
        return key in self._signatures

    def add(self, key: Hashable, signature: MinHash | bytes) -> None:
        """Index a document's signature under ``key`` (adding a key twice keeps the first)."""
        signature = signature_from_bytes(signature) if isinstance(signature, bytes) else signature
        if key in self._signatures:
            return
        if len(signature.hashvalues) != self.num_perm:
            raise ValueError(f"signature has {len(signature.hashvalues)} permutations, index uses {self.num_perm}")
        self._lsh.insert(key, signature)
        self._signatures[key] = signature

    def remove(self, key: Hashable) -> None:
        if self._signatures.pop(key, None) is not None:
            self._lsh.remove(key)

    def query(self, signature: MinHash | bytes) -> list[tuple[Hashable, float]]:
        """Indexed documents at or above the threshold, most similar first, as ``(key, similarity)``."""
        signature = signature_from_bytes(signature) if isinstance(signature, bytes) else signature
        hits = [(key, float(self._signatures[key].jaccard(signature))) for key in self._lsh.query(signature)]
        hits = [hit for hit in hits if hit[1] >= self.threshold]
        return sorted(hits, key=lambda hit: -hit[1])

    def best(self, signature: MinHash | bytes) -> tuple[Hashable, float] | None:
        hits = self.query(signature)
        return hits[0] if hits else None
