"""What ``collect`` yields: a fetched document, or a failure with where and why."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from dossier.records import Document


@dataclass(slots=True)
class Fetched:
    """One document and the raw bytes it was extracted from.

    ``source`` names the input item: a URL (for feed and sitemap entries, the article URL), a file path,
    ``path:LINE`` for a JSONL line, ``path#offset=N`` for a WARC record. ``raw`` is what ``document`` was
    extracted from (HTML bytes, the text file, the JSONL ``html``/``text`` field as UTF-8) and
    ``media_type`` says which ("text/html" or "text/plain"); ``document.raw_sha256`` is its sha256.
    """

    document: Document
    raw: bytes | None
    media_type: str | None
    source: str


@dataclass(slots=True)
class Failure:
    """One source (or one item of it) that could not be ingested.

    ``stage`` is where it failed: source, policy, robots, fetch, read, parse, extract.
    ``error`` is the error class name, ``message`` a sentence for the user.
    """

    source: str
    stage: str
    error: str
    message: str

    @classmethod
    def of(cls, source: str, exc: BaseException, *, error: str | None = None) -> Failure:
        stage = getattr(exc, "stage", "ingest")
        error = error or getattr(exc, "error", None) or type(exc).__name__
        return cls(source, stage, error, str(exc) or type(exc).__name__)

    @classmethod
    def unexpected(cls, source: str, exc: BaseException) -> Failure:
        """A failure for an error that is not an input problem we know (a bug met by odd input)."""
        return cls(source, "internal", type(exc).__name__, f"unexpected error: {exc}")

    def to_json(self) -> dict[str, Any]:
        return asdict(self)
