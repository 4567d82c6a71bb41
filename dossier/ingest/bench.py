"""Extraction throughput: how many HTML pages per second ``extract_html`` handles in one process."""

from __future__ import annotations

import contextlib
import time
from pathlib import Path
from typing import Any

from dossier.ingest.errors import IngestError
from dossier.ingest.extract import extract_html


class BenchError(ValueError):
    """Nothing to measure (no such directory, no HTML pages)."""


def html_pages(directory: Path) -> list[bytes]:
    """The bytes of every .html/.htm file under ``directory`` (recursively, sorted)."""
    if not directory.is_dir():
        raise BenchError(f"not a directory: {directory}")
    files = sorted(p for p in directory.rglob("*") if p.is_file() and p.suffix.lower() in (".html", ".htm"))
    if not files:
        raise BenchError(f"no .html or .htm files under {directory}")
    return [file.read_bytes() for file in files]


def bench_extraction(pages: list[bytes], min_seconds: float = 3.0, language: bool = True) -> dict[str, Any]:
    """Extract every page (repeatedly, until ``min_seconds`` have passed) after one untimed warm-up pass."""
    forced = None if language else "und"
    for raw in pages:  # warm-up: lazy imports, lingua models
        with contextlib.suppress(IngestError):
            extract_html(raw, language=forced)
    done = failed = size = 0
    started = time.perf_counter()
    while True:
        for raw in pages:
            try:
                extract_html(raw, language=forced)
            except IngestError:
                failed += 1
            done += 1
            size += len(raw)
        elapsed = time.perf_counter() - started
        if elapsed >= min_seconds:
            break
    return {
        "pages": done,
        "distinct_pages": len(pages),
        "failed": failed,
        "mb": round(size / 1e6, 2),
        "seconds": round(elapsed, 2),
        "pages_per_second": round(done / elapsed, 1),
        "mb_per_second": round(size / 1e6 / elapsed, 2),
        "language": language,
    }
