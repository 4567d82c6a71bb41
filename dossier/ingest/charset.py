"""Bytes → str for web pages: charset from HTTP headers, then ``<meta>``, then detection.

Declared charsets are trusted only when the bytes decode cleanly with them: many Cyrillic sites
declare utf-8 and serve windows-1251 (or the reverse), so a failed decode falls through to detection.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Mapping

import charset_normalizer

from dossier.ingest.errors import ExtractError

_HEADER_CHARSET = re.compile(r"charset\s*=\s*[\"']?([\w.:-]+)", re.I)
_META_CHARSET = re.compile(rb"<meta[^>]{0,512}?charset\s*=\s*[\"']?\s*([\w.:-]+)", re.I)
_XML_ENCODING = re.compile(rb"<\?xml[^>]{0,200}?encoding\s*=\s*[\"']([\w.:-]+)", re.I)
_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
_DETECT_SAMPLE = 256 * 1024  # detection on more than this is slow and no more accurate


def wide_unicode(head: bytes) -> str | None:
    """ "UTF-16" or "UTF-32" when ``head``, a file's first bytes, starts with their byte order mark or
    has the zero bytes of ASCII in them; else None. JSON Lines are UTF-8: read line by line, such a
    file breaks apart mid-character, so it is refused whole with that reason."""
    if head.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        return "UTF-32"
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "UTF-16"
    if len(head) >= 4 and (head[1:4] == b"\0\0\0" or head[:3] == b"\0\0\0"):
        return "UTF-32"
    if len(head) >= 2 and (head[1:2] == b"\0" or head[:1] == b"\0"):
        return "UTF-16"
    return None


def header_value(headers: Mapping[str, str] | None, name: str) -> str | None:
    if not headers:
        return None
    for key, value in headers.items():
        if key.lower() == name.lower():
            return value
    return None


def _codec(name: str | bytes | None) -> str | None:
    """A Python codec name for a declared charset, or None when it is unknown."""
    if not name:
        return None
    if isinstance(name, bytes):
        name = name.decode("ascii", "ignore")
    name = name.strip().lower()
    # Browsers treat these labels as windows-1252 / windows-1251 supersets (WHATWG Encoding standard).
    name = {"iso-8859-1": "windows-1252", "latin1": "windows-1252", "us-ascii": "windows-1252"}.get(name, name)
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def declared_charsets(raw: bytes, headers: Mapping[str, str] | None = None) -> list[str]:
    """Charsets the response declares, most authoritative first: BOM, Content-Type, <meta>, <?xml?>."""
    found: list[str] = []
    for bom, name in _BOMS:
        if raw.startswith(bom):
            found.append(name)
    content_type = header_value(headers, "content-type")
    if content_type and (match := _HEADER_CHARSET.search(content_type)):
        found.append(match.group(1))
    head = raw[:4096]
    for pattern in (_META_CHARSET, _XML_ENCODING):
        if match := pattern.search(head):
            found.append(match.group(1).decode("ascii", "ignore"))
    return [c for c in dict.fromkeys(_codec(name) for name in found) if c]


def looks_binary(raw: bytes) -> bool:
    """True for data that is plainly not text (many NUL bytes or control characters in the start).

    A stray NUL or two in a page is damage, not a sign of binary data: those are removed by ``decode``.
    """
    sample = raw[:8192]
    if not sample or sample.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return False  # UTF-16 text is full of NULs and low bytes
    if sample.count(b"\x00") > max(2, len(sample) // 100):
        return True
    controls = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13, 27))
    return controls / len(sample) > 0.05


_WIDE_BOMS = (codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)


def _wide(codec: str) -> bool:
    """UTF-16 or UTF-32, in which any even run of bytes decodes (into nonsense when it is not)."""
    return (_codec(codec) or "").startswith(("utf-16", "utf-32"))


def _strict(raw: bytes, codec: str) -> str:
    """Decode strictly, but forgive a multi-byte character cut off at the very end (truncated pages)."""
    try:
        return raw.decode(codec)
    except UnicodeDecodeError as exc:
        if exc.start >= len(raw) - 4:
            return raw.decode(codec, errors="replace")
        raise


_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def _no_controls(text: str) -> str:
    """The text without C0 control characters but tab and newlines: lxml (and, for NUL, PostgreSQL)
    reject them, and they carry no meaning in a news article."""
    return _CONTROLS.sub("", text)


def _mostly_utf8(raw: bytes) -> str | None:
    """UTF-8 text with a few broken bytes (a bad copy-paste, a cut character) decoded with U+FFFD for them.

    None when the bytes are not UTF-8 at all: a windows-1251 page read as UTF-8 breaks on nearly every
    Cyrillic letter, while a damaged UTF-8 page breaks on a handful out of thousands.
    """
    text = raw.decode("utf-8", errors="replace")
    broken = text.count("\ufffd") - raw.count("\ufffd".encode())
    non_ascii = sum(1 for ch in text if ord(ch) > 127)
    return text if broken <= max(2, non_ascii // 100) and non_ascii > broken else None


def decode(raw: bytes, headers: Mapping[str, str] | None = None) -> tuple[str, str]:
    """Decode a page; returns ``(text, codec)``. Raises ExtractError for binary data.

    Order: declared charsets (BOM, header, <meta>) that decode cleanly; UTF-8 if it decodes cleanly or
    nearly so; detection (charset-normalizer); a declared charset with the bad bytes replaced.
    """
    if looks_binary(raw):
        raise ExtractError("not text: the data looks binary")
    declared = declared_charsets(raw, headers)
    for codec in declared:
        if _wide(codec) and b"\x00" not in raw[:4096] and not raw.startswith(_WIDE_BOMS):
            continue  # UTF-16/32 of anything with markup, spaces or digits has zero bytes: a wrong claim
        try:
            return _no_controls(_strict(raw, codec)), codec
        except (UnicodeDecodeError, LookupError):
            continue
    try:
        return _no_controls(_strict(raw, "utf-8")), "utf-8"
    except UnicodeDecodeError:
        pass
    if (text := _mostly_utf8(raw)) is not None:
        return _no_controls(text), "utf-8"
    best = charset_normalizer.from_bytes(raw[:_DETECT_SAMPLE]).best()
    if best is not None:
        codec = _codec(best.encoding) or "utf-8"
        return _no_controls(raw.decode(codec, errors="replace")), codec
    if declared:
        return _no_controls(raw.decode(declared[0], errors="replace")), declared[0]
    raise ExtractError("not text: no character encoding fits the data")
