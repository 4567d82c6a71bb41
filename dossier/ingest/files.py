"""Local sources: .html/.htm, .txt, .jsonl, .warc/.warc.gz files and directories of them."""

from __future__ import annotations

import json
import os
import re
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any, BinaryIO

from dossier.config import IngestConfig
from dossier.ingest.charset import decode, header_value, wide_unicode
from dossier.ingest.errors import ExtractError, IngestError, ParseError, SourceError, TooLarge
from dossier.ingest.extract import extract_html, sha256
from dossier.ingest.language import identify_language, normalize_language_code
from dossier.ingest.published import iso_published
from dossier.ingest.types import Failure, Fetched
from dossier.records import Document

HTML_SUFFIXES = (".html", ".htm", ".xhtml")
TEXT_SUFFIXES = (".txt",)
JSONL_SUFFIXES = (".jsonl", ".ndjson")
WARC_SUFFIXES = (".warc", ".warc.gz")
ALL_SUFFIXES = HTML_SUFFIXES + TEXT_SUFFIXES + JSONL_SUFFIXES + WARC_SUFFIXES

MAX_TITLE_CHARS = 200
MAX_TITLE_WORDS = 30
_SENTENCE_END = re.compile(r"[.,;:]$")


def kind_of(path: Path) -> str | None:
    name = path.name.lower()
    for kind, suffixes in (("warc", WARC_SUFFIXES), ("html", HTML_SUFFIXES), ("txt", TEXT_SUFFIXES)):
        if name.endswith(suffixes):
            return kind
    if name.endswith(JSONL_SUFFIXES):
        return "jsonl"
    return None


def _sniff(path: Path) -> str | None:
    """Guess the kind of a file without a known suffix from its first bytes."""
    with path.open("rb") as handle:
        head = handle.read(512)
    if head.startswith(b"WARC/") or (head.startswith(b"\x1f\x8b") and path.name.lower().endswith(".gz")):
        return "warc"
    start = head.lstrip().lower()
    if start.startswith((b"<!doctype html", b"<html")):
        return "html"
    return None


def collect_path(path: Path, config: IngestConfig) -> Iterator[Fetched | Failure]:
    """Every document in a file, or in every supported file under a directory (recursively, sorted)."""
    try:
        if path.is_dir():
            files = sorted(p for p in path.rglob("*") if p.is_file() and not _hidden(p, path) and kind_of(p))
            if not files:
                raise SourceError(f"no {', '.join(ALL_SUFFIXES)} files under {path} (hidden ones are skipped)")
            for file in files:
                yield from collect_path(file, config)
            return
        if not path.is_file():  # a FIFO or device would block or never end
            raise SourceError(f"not a regular file: {path}")
        kind = kind_of(path) or _sniff(path)
        if kind is None:
            raise SourceError(f"unsupported file type: {path.name} (expected {_expected()})")
        reader = {"html": _html_file, "txt": _text_file, "jsonl": _jsonl_file, "warc": _warc_file}[kind]
        yield from reader(path, config)
    except IngestError as exc:
        yield Failure.of(str(path), exc)
    except OSError as exc:
        yield Failure.of(str(path), SourceError(f"cannot read {path}: {exc.strerror or exc}"), error=type(exc).__name__)
    except Exception as exc:  # one odd file must not stop a directory
        yield Failure.unexpected(str(path), exc)


def _expected() -> str:
    return ", ".join(ALL_SUFFIXES) + " or a directory"


def _hidden(path: Path, root: Path) -> bool:
    return any(part.startswith(".") for part in path.relative_to(root).parts)


def _read_capped(path: Path, config: IngestConfig) -> bytes:
    size = path.stat().st_size
    if size > config.max_bytes:
        raise TooLarge(
            f"file is {size / 1e6:.1f} MB, more than max_bytes ({config.max_bytes / 1e6:.1f} MB)", stage="read"
        )
    raw = path.read_bytes()
    if not raw.strip():
        raise ExtractError("empty file", stage="read")
    return raw


def _html_file(path: Path, config: IngestConfig) -> Iterator[Fetched]:
    raw = _read_capped(path, config)
    doc = extract_html(raw, languages=config.languages, language=config.language)
    doc.path = str(path)
    yield Fetched(doc, raw, "text/html", str(path))


def looks_like_title(line: str) -> bool:
    """A short line, not ending like a sentence or a clause, that starts with a capital, digit or quote."""
    line = line.strip()
    if not line or len(line) > MAX_TITLE_CHARS or len(line.split()) > MAX_TITLE_WORDS:
        return False
    if _SENTENCE_END.search(line):
        return False
    first = line[0]
    return first.isupper() or first.isdigit() or first in "\"'«„“‘"


def text_document(text: str, config: IngestConfig) -> Document:
    """A Document for plain text; the first non-empty line becomes the title only if it looks like one.

    The title line stays in the text: the text is the file's, only trimmed of surrounding blank space.
    """
    lines = [line for line in text.splitlines() if line.strip()]
    title = lines[0].strip() if len(lines) > 1 and looks_like_title(lines[0]) else None
    language = config.language or identify_language(text, config.languages)
    return Document(text=text, title=title, language=language)


def _text_file(path: Path, config: IngestConfig) -> Iterator[Fetched]:
    raw = _read_capped(path, config)
    text, _codec = decode(raw)
    text = text.lstrip("\ufeff").strip()
    if not text:
        raise ExtractError("the file holds no text", stage="read")
    doc = text_document(text, config)
    doc.path = str(path)
    doc.raw_sha256 = sha256(raw)
    yield Fetched(doc, raw, "text/plain", str(path))


JSONL_FIELDS = ("url", "title", "text", "html", "published", "author", "language", "site", "canonical_url", "path")


def jsonl_document(record: dict, raw: bytes, config: IngestConfig) -> tuple[Document, bytes, str]:
    """A Document from one JSONL record (url, title, text or html, published, author, language: any subset)."""
    fields = {k: record.get(k) for k in JSONL_FIELDS}
    for name, value in fields.items():
        if value is not None and not isinstance(value, str):
            raise ParseError(f"field {name!r} must be a string, got {type(value).__name__}")
        if value:
            fields[name] = clean_text(value)
    html, text = fields["html"], fields["text"]
    if html and html.strip():
        body = html.encode("utf-8")
        doc = extract_html(body, url=fields["url"], languages=config.languages, language=config.language)
        media_type = "text/html"
    elif text and text.strip():
        body = text.encode("utf-8")
        doc = Document(text=text.strip(), raw_sha256=sha256(body))
        media_type = "text/plain"
    else:
        raise ParseError("the record has neither 'text' nor 'html'")
    for name in ("url", "title", "author", "site", "canonical_url", "path"):
        if fields[name]:
            setattr(doc, name, fields[name].strip())
    if published := iso_published(fields["published"]):
        doc.published, doc.published_source = published, "jsonl"
    if config.language:
        doc.language = config.language
    elif declared := normalize_language_code(fields["language"]):
        doc.language = declared
    elif doc.language is None:
        doc.language = identify_language(doc.text, config.languages)
    doc.raw_sha256 = sha256(body)
    return doc, body, media_type


def clean_text(value: str) -> str:
    """Text safe to store: lone surrogates (JSON "\\ud800") become U+FFFD and NUL characters go."""
    return value.encode("utf-8", "surrogatepass").decode("utf-8", "replace").replace("\x00", "")


def _jsonl_file(path: Path, config: IngestConfig) -> Iterator[Fetched | Failure]:
    with path.open("rb") as handle:
        if wide := wide_unicode(handle.read(4)):
            raise ParseError(f"JSON Lines must be UTF-8, this file is {wide} (convert it: iconv -f {wide} -t UTF-8)")
        handle.seek(0)
        for number, line, size in _lines(handle, config.max_bytes):
            source = f"{path}:{number}"
            if line is None:
                yield Failure.of(source, TooLarge(f"line is {size / 1e6:.1f} MB, more than max_bytes"))
                continue
            if not line.strip():
                continue
            try:
                record = json.loads(line)
                if not isinstance(record, dict):
                    raise ParseError(f"expected a JSON object, got {type(record).__name__}")
                doc, body, media_type = jsonl_document(record, line, config)
            except (json.JSONDecodeError, UnicodeDecodeError) as exc:
                yield Failure(source, "parse", type(exc).__name__, f"line {number} is not valid JSON: {exc}")
                continue
            except IngestError as exc:
                yield Failure.of(source, exc)
                continue
            except Exception as exc:  # one odd line must not stop the file
                yield Failure.unexpected(source, exc)
                continue
            if not doc.path:
                doc.path = str(path)
            yield Fetched(doc, body, media_type, source)


def _lines(handle: BinaryIO, limit: int) -> Iterator[tuple[int, bytes | None, int]]:
    """``(number, line, size)`` for each line; ``line`` is None for one longer than ``limit``, which is
    skipped a chunk at a time rather than read into memory whole."""
    number = 0
    while line := handle.readline(limit + 1):
        number += 1
        if len(line) <= limit:
            yield number, line, len(line)
            continue
        size = len(line)
        while not line.endswith(b"\n") and (line := handle.readline(1 << 20)):
            size += len(line)
        yield number, None, size


def _rest_of(handle: BinaryIO, end: int) -> int:
    """How many bytes follow ``end`` in the file, unless they are only the blank lines between records."""
    size = os.fstat(handle.fileno()).st_size
    handle.seek(end)
    while chunk := handle.read(1 << 16):
        if chunk.strip(b"\r\n"):
            return size - end
    return 0


def _missing(record: Any) -> str | None:
    """Why a record read to its end is incomplete (the file was cut in it), or None."""
    declared = record.rec_headers.get_header("Content-Length")
    if declared is None or not declared.strip().isdigit():
        return "its headers are cut short (no Content-Length)"
    missing = getattr(record.raw_stream, "limit", 0)
    return f"{missing} bytes missing at the end of the file" if missing > 0 else None


def _warc_file(path: Path, config: IngestConfig) -> Iterator[Fetched | Failure]:
    """HTML response records of a WARC file (as in Common Crawl's CC-NEWS); others are skipped."""
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    with path.open("rb") as handle:
        records = ArchiveIterator(handle)
        number = 0
        record = None
        end = 0  # where the last whole record ends
        while True:
            try:
                # warcio takes a record cut short for a whole one, or for the end of the file: check both.
                if record is not None:
                    end = records.get_record_offset() + records.get_record_length()  # reads the rest of it
                    if missing := _missing(record):
                        raise EOFError(missing)
                number += 1
                record = next(records)
                if record.rec_type != "response":
                    continue
                uri = record.rec_headers.get_header("WARC-Target-URI")
                http = record.http_headers
                status = int(http.get_statuscode() or 0) if http else 0
                headers = dict(http.headers) if http else {}
                media_type = (header_value(headers, "content-type") or "").split(";")[0].strip().lower()
                if status != 200 or (media_type and "html" not in media_type):
                    continue
                body = record.content_stream().read(config.max_bytes + 1)
                missing = getattr(record.raw_stream, "limit", 0)  # bytes the record declares but the file lacks
                if len(body) <= config.max_bytes and missing > 0:
                    raise EOFError(f"{missing} bytes missing at the end of the file")
                offset = records.get_record_offset()  # only valid once the record has been read
            except StopIteration:
                if record is None and end == 0 and not _rest_of(handle, 0):
                    yield Failure(str(path), "parse", "EOFError", "no WARC record in the file (empty, or truncated)")
                elif rest := _rest_of(handle, end):
                    message = f"record {number} is truncated or corrupt: the file ends with {rest} bytes of it"
                    yield Failure(f"{path}#record={number}", "parse", "EOFError", message)
                return
            except (ArchiveLoadFailed, EOFError, OSError, ValueError, zlib.error, AttributeError, TypeError) as exc:
                # warcio raises all of these on damaged data; what it read before is kept
                message = f"record {number} is truncated or corrupt: {str(exc)[:200]}"
                yield Failure(f"{path}#record={number}", "parse", type(exc).__name__, message)
                return  # the stream position is lost; records already read are kept
            source = f"{path}#offset={offset}"
            if len(body) > config.max_bytes:
                yield Failure.of(source, TooLarge("record body larger than max_bytes"))
                continue
            try:
                doc = extract_html(body, url=uri, headers=headers, languages=config.languages, language=config.language)
            except IngestError as exc:
                yield Failure.of(source, exc)
                continue
            except Exception as exc:  # one odd record must not stop the file
                yield Failure.unexpected(source, exc)
                continue
            doc.path = str(path)
            yield Fetched(doc, body, media_type or "text/html", source)
