"""Throughput of the full analysis: docs/s, chars/s and peak RSS, models loaded first.

The documents come from a directory of .txt files or from any evaluation corpus layout
(``entity_corpora``, ``attribution_corpora``), so speed is measured on the same text
that accuracy is.
"""

from __future__ import annotations

import os
import resource
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from dossier.eval.entity_corpora import CorpusError, read_conll, read_factrueval, read_ner_uk
from dossier.inputs import Failed, read_inputs
from dossier.records import Analysis, Document


def corpus_layout(path: Path) -> str:
    """Which layout ``path`` holds: polnear, ukru, factrueval, ner-uk, conll, or txt."""
    if path.is_file():
        if path.suffix in (".jsonl", ".ndjson"):
            return "ukru"
        if _is_conll(path):
            return "conll"
        if path.suffix == ".txt":
            return "txt"
        raise CorpusError(f"{path}: not a .txt, .jsonl or CoNLL file")
    if not path.is_dir():
        raise CorpusError(f"{path}: no such file or directory")
    if (path / "text").is_dir() and (path / "attributions").is_dir():
        return "polnear"
    if any(path.glob("book_*.spans")):
        return "factrueval"
    if any(path.glob("*.ann")):
        return "ner-uk"
    if len(list(path.glob("*.jsonl"))) == 1:
        return "ukru"
    for file in path.iterdir():
        if file.is_file() and file.suffix not in (".txt", ".md") and _is_conll(file):
            return "conll"
    return "txt"


def _is_conll(path: Path) -> bool:
    with path.open(encoding="utf-8", errors="replace") as f:
        return f.read(64).lstrip().startswith("-DOCSTART-")


def load_documents(path: Path, language: str | None = None, limit: int | None = None) -> list[Document]:
    """Documents to time: texts with their language (``language`` overrides, or filters a mixed corpus)."""
    from dossier.eval.attribution_corpora import read_attribution_corpus

    layout = corpus_layout(path)
    docs: list[Document] = []
    if layout in ("polnear", "ukru"):
        for d in read_attribution_corpus(path):
            if layout == "ukru" and language and d.language != language:
                continue
            docs.append(Document(text=d.text, path=d.name, language=language or d.language))
            if limit and len(docs) >= limit:
                break
    elif layout in ("factrueval", "ner-uk", "conll"):
        reader = {"factrueval": read_factrueval, "ner-uk": read_ner_uk, "conll": read_conll}[layout]
        for d in reader(path):
            docs.append(Document(text=d.text, path=d.name, language=language or d.language))
            if limit and len(docs) >= limit:
                break
    else:
        # the same files, decoding and language identification as `dossier analyze`
        for item in read_inputs([str(path)], language=language):
            if isinstance(item, Failed):
                raise CorpusError(f"{item.source}: {item.message}")
            docs.append(item)
            if limit and len(docs) >= limit:
                break
    if not docs:
        raise CorpusError(f"{path}: no documents" + (f" in language {language!r}" if language else ""))
    return docs


def peak_rss_mb() -> float:
    # ru_maxrss is in kilobytes on Linux
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def pin_to_one_core() -> int | None:
    """Keep this process (and any threads its libraries start) on one CPU, as the speed bars are
    stated for one core. Returns the CPU, or None where affinity cannot be set."""
    if not hasattr(os, "sched_setaffinity"):
        return None
    cpu = min(os.sched_getaffinity(0))
    os.sched_setaffinity(0, {cpu})
    return cpu


def bench(
    docs: Iterable[Document], analyze: Callable[[Document], Analysis] | None = None, one_core: bool = True
) -> dict[str, Any]:
    """Time ``analyze`` over ``docs`` after one untimed warm-up document per language."""
    if analyze is None:
        from dossier.nlp.analyze import analyze
    cpu_pinned = pin_to_one_core() if one_core else None
    docs = list(docs)
    started = time.perf_counter()
    warmed: set[str | None] = set()
    for doc in docs:
        if doc.language not in warmed:
            warmed.add(doc.language)
            analyze(Document(text=doc.text, language=doc.language))  # loads the models
    warm_up = time.perf_counter() - started
    by_language: dict[str, dict[str, float]] = {}
    cpu_started = time.process_time()
    started = time.perf_counter()
    for doc in docs:
        t0 = time.perf_counter()
        analyze(doc)
        row = by_language.setdefault(doc.language or "und", {"docs": 0, "chars": 0, "seconds": 0.0})
        row["docs"] += 1
        row["chars"] += len(doc.text)
        row["seconds"] += time.perf_counter() - t0
    seconds = time.perf_counter() - started
    cpu = time.process_time() - cpu_started
    chars = sum(len(d.text) for d in docs)
    return {
        "docs": len(docs),
        "chars": chars,
        "seconds": round(seconds, 3),
        "cpu_seconds": round(cpu, 3),
        "docs_per_second": round(len(docs) / seconds, 2) if seconds else 0.0,
        "chars_per_second": round(chars / seconds) if seconds else 0,
        # CPU time of this process: what a single free core would give on a busy machine
        "chars_per_cpu_second": round(chars / cpu) if cpu else 0,
        "warm_up_seconds": round(warm_up, 3),
        "peak_rss_mb": round(peak_rss_mb(), 1),
        "pinned_to_cpu": cpu_pinned,
        "by_language": {
            lang: {
                "docs": int(r["docs"]),
                "chars": int(r["chars"]),
                "docs_per_second": round(r["docs"] / r["seconds"], 2) if r["seconds"] else 0.0,
                "chars_per_second": round(r["chars"] / r["seconds"]) if r["seconds"] else 0,
            }
            for lang, r in sorted(by_language.items())
        },
    }
