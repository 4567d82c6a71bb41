"""URL sources: an article page, a feed (RSS/Atom) or a sitemap, told apart by the response content."""

from __future__ import annotations

import re
import time
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from urllib.parse import urljoin

import feedparser
from lxml import etree

from dossier.ingest.errors import ExtractError, IngestError, ParseError, TooLarge
from dossier.ingest.extract import extract_html
from dossier.ingest.fetch import Fetcher, Response
from dossier.ingest.language import UNDETERMINED, normalize_language_code
from dossier.ingest.published import iso_published
from dossier.ingest.types import Failure, Fetched

__all__ = ["Fetcher", "collect_url", "detect_kind", "parse_sitemap"]

MAX_SITEMAP_DEPTH = 3  # index → sitemap → (nested index) is as deep as real sites go
_ROOT = re.compile(rb"<([A-Za-z][\w.-]*:)?([A-Za-z][\w.-]*)[\s>/]")
_SKIP_PROLOG = re.compile(rb"\s*(<\?.*?\?>|<!--.*?-->|<!DOCTYPE[^>]*>)", re.S | re.I)
_FEED_ROOTS = {b"rss": "feed", b"rdf": "feed", b"feed": "feed", b"urlset": "sitemap", b"sitemapindex": "sitemap"}
_HTTP_URL = re.compile(r"^https?://\S+$")


@dataclass(slots=True)
class Entry:
    """An article URL announced by a feed or sitemap, with what the announcement says about it."""

    url: str
    title: str | None = None
    author: str | None = None
    published: str | None = None
    language: str | None = None
    origin: str = "feed"  # "feed" or "sitemap": becomes published_source when the page gives no date


def detect_kind(response: Response) -> str:
    """ "feed", "sitemap", "html" or "other", from the body (the first element), then the media type."""
    body = response.content.lstrip(b"\xef\xbb\xbf").lstrip()
    position = 0
    while match := _SKIP_PROLOG.match(body, position):
        position = match.end()
    while body[position : position + 1].isspace():
        position += 1
    root = _ROOT.match(body, position) if body[position : position + 1] == b"<" else None
    if root:
        name = root.group(2).lower()
        if name in _FEED_ROOTS:
            return _FEED_ROOTS[name]
        if name == b"html":
            return "html"
    media_type = response.media_type or ""
    if "html" in media_type:
        return "html"
    if media_type == "text/plain":
        lines = [line.strip() for line in body[:200_000].decode("utf-8", "replace").splitlines() if line.strip()]
        if lines and all(_HTTP_URL.match(line) for line in lines):
            return "sitemap"  # a plain-text sitemap: one URL per line
    if body[position : position + 1] == b"<" and re.search(rb"<(p|div|body|title|head)\b", body[:65536], re.I):
        return "html"  # tag soup without <html>
    return "other"


def _local(tag: object) -> str:
    return etree.QName(tag).localname if isinstance(tag, str) else ""


def parse_sitemap(content: bytes) -> tuple[list[Entry], list[str]]:
    """``(articles, child sitemaps)`` of a sitemap, sitemap index, Google News or plain-text sitemap."""
    text_start = content.lstrip()[:1]
    if text_start and text_start != b"<":
        urls = [line.strip() for line in content.decode("utf-8", "replace").splitlines() if line.strip()]
        return [Entry(u, origin="sitemap") for u in urls if _HTTP_URL.match(u)], []
    parser = etree.XMLParser(resolve_entities=False, no_network=True, recover=True, huge_tree=False)
    try:
        root = etree.fromstring(content, parser)
    except etree.XMLSyntaxError as exc:
        raise ParseError(f"the sitemap is not valid XML: {exc}") from None
    if root is None:
        raise ParseError("the sitemap lists no articles: it is empty or not XML")
    articles: list[Entry] = []
    children: list[str] = []
    for element in root:
        kind = _local(element.tag)
        if kind not in ("url", "sitemap"):
            continue
        fields: dict[str, str] = {}
        for node in element.iter():
            name = _local(node.tag)
            if name and node.text and node.text.strip() and name not in fields:
                fields[name] = node.text.strip()  # loc, lastmod, and news:title / publication_date / language
        loc = fields.get("loc")
        if not loc:
            continue
        if kind == "sitemap":
            children.append(loc)
        else:
            articles.append(
                Entry(
                    loc,
                    title=fields.get("title"),
                    published=iso_published(fields.get("publication_date")),
                    language=fields.get("language"),
                    origin="sitemap",
                )
            )
    if not articles and not children:
        errors = [error.message for error in parser.error_log]
        detail = f" (not valid XML: {errors[0]})" if errors else ""
        raise ParseError(f"the sitemap lists no articles{detail}")
    return articles, children


def parse_feed(response: Response) -> list[Entry]:
    """Article entries of an RSS 0.9x/1.0/2.0 or Atom feed (feedparser), in feed order."""
    parsed = feedparser.parse(
        response.content, response_headers={"content-type": response.headers.get("content-type", "")}
    )
    if not parsed.entries and parsed.bozo:
        raise ParseError(f"cannot parse the feed: {parsed.get('bozo_exception', 'malformed XML')}")
    entries = []
    for item in parsed.entries:
        link = item.get("link") or next(
            (link.get("href") for link in item.get("links", []) if link.get("rel") == "alternate"), None
        )
        if not link:
            continue
        published = None
        stamp = item.get("published_parsed") or item.get("updated_parsed")
        if stamp:
            published = time.strftime("%Y-%m-%dT%H:%M:%SZ", stamp)
        entries.append(Entry(link, title=item.get("title"), author=item.get("author"), published=published))
    if not entries:  # the user asked for this feed's articles: say why there are none
        detail = f" ({len(parsed.entries)} entries, none with a link)" if parsed.entries else ""
        raise ParseError(f"the feed lists no articles{detail}")
    return entries


def _gunzipped(response: Response, max_bytes: int) -> Response:
    """A gzip file served as such (``sitemap.xml.gz`` as application/x-gzip), decompressed within max_bytes."""
    if not response.content.startswith(b"\x1f\x8b"):
        return response
    inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
    try:
        content = inflater.decompress(response.content, max_bytes + 1)
    except zlib.error as exc:
        raise ParseError(f"corrupt gzip data from {response.url}: {exc}") from None
    if len(content) > max_bytes:
        raise TooLarge(f"{response.url} decompresses to more than max_bytes ({max_bytes / 1e6:.1f} MB)")
    headers = {k: v for k, v in response.headers.items() if k != "content-type"}
    return Response(response.url, response.status, headers, content, response.redirects)


def collect_url(url: str, fetcher: Fetcher) -> Iterator[Fetched | Failure]:
    """Everything behind one URL: the article itself, or every article of a feed or sitemap."""
    seen: set[str] = set()
    yield from _collect(url, fetcher, seen, depth=0)


def _collect(url: str, fetcher: Fetcher, seen: set[str], depth: int) -> Iterator[Fetched | Failure]:
    try:
        response = _gunzipped(fetcher.fetch(url), fetcher.config.max_bytes)
        kind = detect_kind(response)
        if kind == "html":
            yield _article(url, response, fetcher, None)
            return
        if kind == "feed":
            entries: list[Entry] = parse_feed(response)
            children: list[str] = []
        elif kind == "sitemap":
            entries, children = parse_sitemap(response.content)
        else:
            raise ExtractError(f"not an article, feed or sitemap (media type {response.media_type or 'unknown'})")
        # Links relative to the listing (not allowed by the standards, common in practice) resolve against it.
        children = [_resolved(response.url, child) for child in children]
        for entry in entries:
            entry.url = _resolved(response.url, entry.url)
    except IngestError as exc:
        yield Failure.of(url, exc)
        return
    limit = fetcher.config.max_feed_entries
    for child in children:
        if child in seen:
            continue
        seen.add(child)
        if depth >= MAX_SITEMAP_DEPTH:
            yield Failure(child, "parse", "ParseError", f"sitemap nesting deeper than {MAX_SITEMAP_DEPTH} levels")
            continue
        yield from _collect(child, fetcher, seen, depth + 1)
    for entry in entries[:limit]:
        if entry.url in seen:
            continue
        seen.add(entry.url)
        try:
            response = fetcher.fetch(entry.url)
            if detect_kind(response) != "html":
                raise ExtractError(f"the entry is not an HTML page (media type {response.media_type or 'unknown'})")
            yield _article(entry.url, response, fetcher, entry)
        except IngestError as exc:
            yield Failure.of(entry.url, exc)
        except Exception as exc:  # one odd entry must not stop the feed
            yield Failure.unexpected(entry.url, exc)
    if len(entries) > limit:
        yield Failure(url, "parse", "ParseError", f"only the first {limit} of {len(entries)} entries were taken")


def _resolved(base: str, link: str) -> str:
    """``link`` resolved against the listing's URL; a malformed one ("http://[::1") is kept as it is, to
    fail alone when fetched, not take the whole listing down with it."""
    try:
        return urljoin(base, link)
    except ValueError:
        return link


def _article(url: str, response: Response, fetcher: Fetcher, entry: Entry | None) -> Fetched:
    config = fetcher.config
    doc = extract_html(
        response.content,
        url=response.url,
        headers=response.headers,
        languages=config.languages,
        language=config.language,
    )
    if entry is not None:  # the feed or sitemap fills what the page itself does not say
        doc.title = doc.title or entry.title
        doc.author = doc.author or entry.author
        if not doc.published and entry.published:
            doc.published, doc.published_source = entry.published, entry.origin
        declared = normalize_language_code(entry.language)
        if declared and not config.language and doc.language == UNDETERMINED:
            doc.language = declared
    return Fetched(doc, response.content, response.media_type or "text/html", url)
