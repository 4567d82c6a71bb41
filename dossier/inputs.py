"""Read the inputs of ``dossier analyze`` into Documents: .txt, .html, .jsonl files,
directories of them, and ``-`` for standard input.

Text is kept exactly as read (no stripping, no newline translation), because every
offset the analysis reports indexes ``Document.text``. That is why .txt and .jsonl are
read here rather than through ``dossier.ingest`` (ingest trims article text).
"""

from __future__ import annotations

import hashlib
import json
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import BinaryIO

from dossier.records import Document

TEXT_SUFFIXES = (".txt",)
HTML_SUFFIXES = (".html", ".htm")
JSONL_SUFFIXES = (".jsonl", ".ndjson")
STDIN = "-"
# Record fields a JSONL line may carry; "text" (kept exactly) or "html" (extracted) is required.
JSONL_FIELDS = ("url", "canonical_url", "path", "site", "title", "author", "published", "language")


class InputError(ValueError):
    """One input cannot be read as a document; the message says why."""


@dataclass(slots=True)
class Failed:
    """An input that could not be read; ``source`` names it (a path, ``path:line`` or ``-``)."""

    source: str
    message: str


def check_date(value: str) -> str:
    """``--published`` must be an ISO date (YYYY-MM-DD)."""
    try:
        return date.fromisoformat(value).isoformat()
    except ValueError:
        raise InputError(f"--published {value!r} is not a date of the form YYYY-MM-DD") from None


def read_inputs(
    paths: Iterable[str], language: str | None = None, published: str | None = None, stdin: BinaryIO | None = None
) -> Iterator[Document | Failed]:
    """Documents in the order given (directories in sorted path order); failures in between."""
    for arg in paths:
        if arg == STDIN:
            stream = stdin if stdin is not None else sys.stdin.buffer
            yield from _guard(STDIN, lambda stream=stream: [_text_document(stream.read(), STDIN)], language, published)
            continue
        path = Path(arg)
        if path.is_dir():
            files = sorted(p for p in path.rglob("*") if p.is_file() and _kind(p) and not _hidden(p, path))
            if not files:
                yield Failed(arg, "the directory holds no .txt, .html or .jsonl files")
            for file in files:
                yield from _read_file(file, language, published)
        elif path.is_file():
            yield from _read_file(path, language, published)
        else:
            yield Failed(arg, "no such file or directory")


def _kind(path: Path) -> str | None:
    suffix = path.suffix.lower()
    if suffix in TEXT_SUFFIXES:
        return "txt"
    if suffix in HTML_SUFFIXES:
        return "html"
    if suffix in JSONL_SUFFIXES:
        return "jsonl"
    return None


def _hidden(path: Path, root: Path) -> bool:
    return any(part.startswith(".") for part in path.relative_to(root).parts)


def _read_file(path: Path, language: str | None, published: str | None) -> Iterator[Document | Failed]:
    kind = _kind(path)
    source = str(path)
    if kind is None:
        yield Failed(source, "not a .txt, .html or .jsonl file")
    elif kind == "txt":
        yield from _guard(source, lambda: [_text_document(path.read_bytes(), source)], language, published)
    elif kind == "html":
        yield from _guard(source, lambda: [_html_document(path.read_bytes(), source, language)], language, published)
    else:
        yield from _read_jsonl(path, language, published)


def _guard(
    source: str, read: Callable[[], list[Document]], language: str | None, published: str | None
) -> Iterator[Document | Failed]:
    """Run ``read`` and finish its documents; an input problem becomes one ``Failed``."""
    from dossier.ingest.errors import IngestError

    try:
        docs = read()
        for doc in docs:
            _finish(doc, language, published)
    except (InputError, IngestError) as exc:
        yield Failed(source, str(exc))
        return
    except OSError as exc:
        yield Failed(source, f"cannot read: {exc.strerror or exc}")
        return
    yield from docs


def _decode(raw: bytes, source: str) -> str:
    try:
        # newline translation is off: str.decode never touches "\r\n"
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(f"not UTF-8 text (byte {exc.start}); convert it to UTF-8 first") from None


def _text_document(raw: bytes, source: str) -> Document:
    text = _decode(raw, source)
    if not text.strip():
        raise InputError("the input holds no text")
    return Document(text=text, path=source, raw_sha256=hashlib.sha256(raw).hexdigest())


def _html_document(raw: bytes, source: str, language: str | None) -> Document:
    from dossier.ingest.extract import extract_html

    doc = extract_html(raw, language=language)
    doc.path = source
    return doc


def _read_jsonl(path: Path, language: str | None, published: str | None) -> Iterator[Document | Failed]:
    try:
        handle = path.open("rb")  # streamed: a dump may be larger than memory
    except OSError as exc:
        yield Failed(str(path), f"cannot read: {exc.strerror or exc}")
        return
    with handle:
        from dossier.ingest.charset import wide_unicode

        if wide := wide_unicode(handle.read(4)):
            hint = f"convert it: iconv -f {wide} -t UTF-8"
            yield Failed(str(path), f"JSON Lines must be UTF-8, this file is {wide} ({hint})")
            return
        handle.seek(0)
        for number, line in enumerate(handle, 1):
            if line.strip():
                source = f"{path}:{number}"
                yield from _guard(source, lambda line=line, s=source: [_jsonl_document(line, s)], language, published)


def _jsonl_document(line: bytes, source: str) -> Document:
    try:
        record = json.loads(line)
    except (ValueError, UnicodeDecodeError) as exc:
        raise InputError(f"not valid JSON: {exc}") from None
    if not isinstance(record, dict):
        raise InputError(f"expected a JSON object, got {type(record).__name__}")
    for name in (*JSONL_FIELDS, "text", "html"):
        if record.get(name) is not None and not isinstance(record[name], str):
            raise InputError(f"field {name!r} must be a string")
    if isinstance(record.get("text"), str) and record["text"].strip():
        doc = Document(text=record["text"])
    elif isinstance(record.get("html"), str) and record["html"].strip():
        doc = _html_document(record["html"].encode("utf-8"), "", record.get("language"))
    else:
        raise InputError("the record has neither 'text' nor 'html'")
    for name in JSONL_FIELDS:
        if record.get(name):
            setattr(doc, name, record[name])
    if record.get("published"):
        doc.published_source = "jsonl"
    doc.path = doc.path or source
    return doc


def _finish(doc: Document, language: str | None, published: str | None) -> None:
    """Apply ``--lang`` and ``--published``; identify the language when neither input nor flag gives it."""
    if language:
        doc.language = language
    elif not doc.language:
        from dossier.ingest.language import identify_language

        doc.language = identify_language(doc.text)
    if published:
        doc.published, doc.published_source = published, "cli"
