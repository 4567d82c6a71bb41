"""Main text and metadata from an HTML page (trafilatura; htmldate as the date fallback).

``extract_html`` never hangs on hostile markup: the decoded page is size-capped, very deep nesting is
flattened before parsing (lxml would otherwise recurse through it), and the tree handed to trafilatura
is bounded with ``max_tree_size``.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping, Sequence
from html import escape, unescape
from typing import Any

import htmldate
import lxml.html
import trafilatura
from lxml import etree

from dossier.config import DEFAULT_LANGUAGES
from dossier.ingest.charset import decode
from dossier.ingest.errors import ExtractError
from dossier.ingest.language import UNDETERMINED, identify_language, normalize_language_code
from dossier.records import Document

MAX_HTML_CHARS = 5_000_000  # decoded characters; larger pages are cut (no news article is this long)
# Elements: heavy news pages have 5,000-20,000; trafilatura's time grows faster than linearly with
# this, so a page with many more is refused rather than ground through for minutes.
MAX_ELEMENTS = 60_000
MAX_TREE_SIZE = MAX_ELEMENTS
MAX_DATE_SEARCH_CHARS = 1_000_000  # htmldate's text search slows down badly on larger pages; dates come early
MAX_DEPTH = 400  # nesting deeper than this is never a real article layout
_HTML_LANG = re.compile(r"<html\b[^<>]*?\blang\s*=\s*[\"']?([a-zA-Z]{2,3})\b", re.I)
_OPEN_TAG = re.compile(r"<[a-zA-Z]")
_SCRIPT_OPEN = re.compile(r"<(script|style)\b", re.I)
_SCRIPT_CLOSE = {name: re.compile(rf"</{name}\s*>", re.I) for name in ("script", "style")}
# [^<>] rather than [^>]: a scan stops at the next "<", so a "<" never followed by ">" cannot make it quadratic.
_TAG = re.compile(r"<(/?)([a-zA-Z][\w:-]*)[^<>]*?(/?)>")
_ANY_TAG = re.compile(r"<[^<>]*>")
_VOID = frozenset(
    ["area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr"]
)


def _trafilatura_config():  # type: ignore[no-untyped-def]
    config = trafilatura.settings.use_config()
    config["DEFAULT"]["MAX_TREE_SIZE"] = str(MAX_TREE_SIZE)
    return config


_TRAFILATURA_CONFIG = _trafilatura_config()


def sha256(raw: bytes) -> str:
    return hashlib.sha256(raw).hexdigest()


def _nesting_depth(html: str, limit: int) -> int:
    """Approximate maximum tag nesting, stopping early once past ``limit`` (cheap regex scan)."""
    depth = deepest = 0
    for match in _TAG.finditer(html):
        closing, name, selfclosing = match.groups()
        if closing:
            depth = max(0, depth - 1)
        elif not selfclosing and name.lower() not in _VOID:
            depth += 1
            if depth > deepest:
                deepest = depth
                if deepest > limit:
                    break
    return deepest


def _without_scripts(html: str) -> str:
    """The page without <script> and <style> contents, in one linear pass (an unclosed one runs to the end).

    A plain ``<script.*?</script>`` regex rescans the rest of the page for every unclosed tag: quadratic.
    """
    kept: list[str] = []
    position = 0
    while opening := _SCRIPT_OPEN.search(html, position):
        kept.append(html[position : opening.start()])
        closing = _SCRIPT_CLOSE[opening.group(1).lower()].search(html, opening.end())
        if closing is None:
            return " ".join(kept)
        position = closing.end()
    kept.append(html[position:])
    return " ".join(kept)


def _flatten(html: str) -> str:
    """Drop the tags of a pathologically nested page, keeping its text as one paragraph per block."""
    text = _ANY_TAG.sub("\n", _without_scripts(html))
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n|\n", text) if p.strip()]
    return "<html><body>" + "".join(f"<p>{escape(p)}</p>" for p in paragraphs) + "</body></html>"


# Not main text: what trafilatura drops too when it keeps only an article's body.
_NOT_TEXT = ("head", "script", "style", "noscript", "template", "nav", "header", "footer", "aside", "form", "button")
_BLOCKS = frozenset(
    [
        "address",
        "article",
        "blockquote",
        "br",
        "dd",
        "div",
        "dl",
        "dt",
        "figcaption",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "hr",
        "li",
        "main",
        "ol",
        "p",
        "pre",
        "section",
        "table",
        "td",
        "th",
        "tr",
        "ul",
    ]
)


def _plain_text(html: str) -> str:
    """All the text of a page, one line per block, without navigation, scripts or head.

    The fallback for short fragments ("<p>One sentence.</p>") that trafilatura does not take for an article.
    """
    try:
        root = lxml.html.fromstring(html)
    except (etree.ParserError, ValueError):  # nothing parseable: no text
        return ""
    etree.strip_elements(root, *_NOT_TEXT, with_tail=False)
    for element in root.iter(etree.Element):
        if isinstance(element.tag, str) and element.tag.lower() in _BLOCKS:
            element.text = "\n" + (element.text or "")
            element.tail = "\n" + (element.tail or "")
    lines = (" ".join(line.split()) for line in root.text_content().splitlines())
    return "\n".join(line for line in lines if line)


def _title(found: str | None, html: str) -> str | None:
    """trafilatura's title, else the page's <title> (a fragment trafilatura gave up on has none)."""
    if found and found.strip():
        return found.strip()
    match = re.search(r"<title[^<>]*>([^<]*)</title>", html[:100_000], re.I)
    return " ".join(unescape(match.group(1)).split()) or None if match else None


def _iso_date(value: Any) -> str | None:
    if not value:
        return None
    return str(value)[:10]


def _language(text: str, html: str, languages: Sequence[str] | None) -> str:
    """lingua's answer; when it is unsure (short text), the page's own ``<html lang>``, if an allowed one."""
    found = identify_language(text, languages)
    if found != UNDETERMINED:
        return found
    match = _HTML_LANG.search(html[:20_000])
    declared = normalize_language_code(match.group(1)) if match else None
    return declared if declared and declared in (languages or DEFAULT_LANGUAGES) else UNDETERMINED


def extract_html(
    raw: bytes,
    url: str | None = None,
    headers: Mapping[str, str] | None = None,
    *,
    languages: Sequence[str] | None = None,
    language: str | None = None,
) -> Document:
    """Extract one article: main text without navigation, comments or footer, and its metadata.

    ``headers`` are the HTTP response headers (their charset is used to decode). ``language`` forces a
    language; otherwise it is identified among ``languages``. Raises ExtractError when there is no text.
    """
    if not raw or not raw.strip():
        raise ExtractError("empty page")
    html, _codec = decode(raw, headers)
    if len(html) > MAX_HTML_CHARS:
        html = html[:MAX_HTML_CHARS]
    elements = len(_OPEN_TAG.findall(_without_scripts(html)))  # "a<b" inside scripts is no element
    if elements > MAX_ELEMENTS:
        raise ExtractError(f"the page has {elements:,} elements, more than {MAX_ELEMENTS:,}: not an article page")
    if _nesting_depth(html, MAX_DEPTH) > MAX_DEPTH:
        html = _flatten(html)
    try:
        result = trafilatura.bare_extraction(
            html,
            url=url,
            with_metadata=True,
            include_comments=False,
            include_tables=True,
            favor_precision=True,
            config=_TRAFILATURA_CONFIG,
            date_extraction_params={"extensive_search": False, "original_date": True},
        )
    except Exception as exc:  # lxml and trafilatura raise many kinds of errors on malformed input
        raise ExtractError(f"cannot parse the HTML: {type(exc).__name__}: {exc}") from None
    text = (result.text or "").strip() if result is not None else ""
    if not text:
        text = _plain_text(html)
    if not text:
        raise ExtractError("no main text found in the page")
    published = _iso_date(result.date) if result is not None else None
    published_source = "metadata" if published else None
    if not published:
        try:
            found = htmldate.find_date(html[:MAX_DATE_SEARCH_CHARS], extensive_search=True, original_date=True, url=url)
            published = _iso_date(found)
        except Exception:  # a failed date guess must not lose the document
            published = None
        published_source = "htmldate" if published else None
    return Document(
        text=text,
        url=url,
        canonical_url=(result.url if result is not None else None) or url,
        site=(result.sitename or result.hostname or None) if result is not None else None,
        title=_title(result.title if result is not None else None, html),
        author=((result.author if result is not None else None) or "").strip() or None,
        published=published,
        published_source=published_source,
        language=language or _language(text, html, languages),
        raw_sha256=sha256(raw),
    )
