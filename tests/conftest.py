"""Shared fixtures. ``local_site``: a real HTTP server on 127.0.0.1 serving tests/fixtures/site/.

Use it from any test::

    def test_feed(local_site):
        items = list(collect([local_site + "/feeds/rss.xml"], IngestConfig(allow_private=True, per_host_delay=0)))

Fetching from it needs ``allow_private=True`` (127.0.0.1 is refused by default). Static files are served
from tests/fixtures/site/ with ``{{BASE}}`` in them replaced by the server's base URL (so feeds and
sitemaps hold absolute links to this server):

- ``/robots.txt`` disallows ``/private/``
- articles: ``/news/2025/11/tram-line.html`` (en), ``/news/2025/11/energy-uk.html`` (uk),
  ``/news/2025/11/metro-cp1251.html`` (ru, windows-1251 declared in ``<meta>``),
  ``/news/2025/11/port-koi8.html`` (ru, koi8-r, declared nowhere), ``/news/2024/archive-note.html``
  (en, no date metadata: the date is only in the visible byline), ``/news/2025/10/undated.html`` (en, no
  date or author anywhere; ``/feeds/undated.xml`` gives both), ``/private/secret.html``
  (robots-disallowed). Each has navigation, related links, comments, a footer; all but the archive
  note and the undated page have JSON-LD and Open Graph metadata.
- feeds: ``/feeds/rss.xml`` (RSS 2.0), ``/feeds/undated.xml`` (RSS 2.0), ``/feeds/relative.xml`` (relative
  links), ``/feeds/atom.xml`` (Atom), ``/feeds/rss1.rdf`` (RSS 1.0), ``/feeds/rss091.xml`` (RSS 0.91),
  ``/feeds/rss092.xml`` (RSS 0.92),
  ``/feeds/latest`` (RSS 2.0 with no extension, served as application/octet-stream)
- sitemaps: ``/sitemap_index.xml`` → ``/sitemaps/articles.xml`` and ``/sitemaps/news.xml`` (Google News)

Dynamic routes:

- ``/redirect/N`` → 302 chain of N hops ending at the English article; ``/redirect-to?url=U`` → 302 to U
- ``/loop/a`` ↔ ``/loop/b``: a redirect loop
- ``/slow?seconds=S``: waits S seconds (at most 3) before answering with a small page
- ``/trickle?seconds=S``: sends a few bytes every 0.1 s for S seconds (at most 3)
- ``/status/CODE``: answers with that status (404, 500, ...)
- ``/retry/KEY?status=429&times=N&after=SECONDS``: the first N requests for KEY get the status (with
  ``Retry-After: SECONDS`` when given), later ones the English article
- ``/big?mb=N``: N MB of HTML streamed without Content-Length; ``/big-declared?mb=N``: same with it
- ``/gzip/PATH``: the static file PATH, gzip-compressed (``Content-Encoding: gzip``)
- ``/gzfile/PATH``: the static file PATH as a gzip file (``application/x-gzip``, no Content-Encoding)
- ``/gzip-bomb``: 30 MB of zeros gzip-compressed to about 30 KB
- ``/charset/ENCODING/PATH``: the static file PATH with ``Content-Type: text/html; charset=ENCODING``
- ``/hits/PATH`` (JSON): how many requests each path got so far, e.g. to check robots.txt was obeyed
"""

from __future__ import annotations

import contextlib
import functools
import gzip
import json
import mimetypes
import threading
import time
from collections import Counter
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import ClassVar
from urllib.parse import parse_qs, unquote, urlsplit

import pytest

SITE_ROOT = Path(__file__).resolve().parent / "fixtures" / "site"
MAX_SLOW_SECONDS = 3.0


@functools.cache
def _gzip_bomb() -> bytes:
    return gzip.compress(b"0" * 30_000_000, compresslevel=9)


class _SiteHandler(BaseHTTPRequestHandler):
    server_version = "DossierTestSite/1.0"
    protocol_version = "HTTP/1.1"
    hits: ClassVar[Counter[str]] = Counter()
    retry_counts: ClassVar[Counter[str]] = Counter()
    lock = threading.Lock()

    def handle(self) -> None:
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):  # the client gave up (size cap): fine
            super().handle()

    def log_message(self, format: str, *args: object) -> None:  # keep pytest output clean
        pass

    @property
    def base(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}"

    def do_GET(self) -> None:
        parts = urlsplit(self.path)
        path, query = unquote(parts.path), parse_qs(parts.query)
        with self.lock:
            self.hits[path] += 1
        self._route(path, query)

    def _route(self, path: str, query: dict[str, list[str]]) -> None:
        if path.startswith("/redirect/"):
            hops = int(path.rsplit("/", 1)[1] or 0)
            target = f"/redirect/{hops - 1}" if hops > 1 else "/news/2025/11/tram-line.html"
            return self._send(302, b"", headers={"Location": target})
        if path == "/redirect-to":
            return self._send(302, b"", headers={"Location": query.get("url", ["/"])[0]})
        if path.startswith("/loop/"):
            return self._send(302, b"", headers={"Location": "/loop/b" if path.endswith("/a") else "/loop/a"})
        if path == "/slow":
            time.sleep(min(float(query.get("seconds", ["1"])[0]), MAX_SLOW_SECONDS))
            return self._send(200, b"<html><body><p>Finally here.</p></body></html>", "text/html")
        if path == "/trickle":
            return self._trickle(min(float(query.get("seconds", ["2"])[0]), MAX_SLOW_SECONDS))
        if path.startswith("/status/"):
            code = int(path.rsplit("/", 1)[1])
            return self._send(code, f"<html><body><h1>{code}</h1></body></html>".encode(), "text/html")
        if path.startswith("/retry/"):
            with self.lock:
                self.retry_counts[path] += 1
                count = self.retry_counts[path]
            if count <= int(query.get("times", ["1"])[0]):
                headers = {"Retry-After": query["after"][0]} if "after" in query else {}
                return self._send(int(query.get("status", ["429"])[0]), b"busy", "text/plain", headers)
            return self._static("/news/2025/11/tram-line.html")
        if path in ("/big", "/big-declared"):
            return self._big(int(float(query.get("mb", ["12"])[0]) * 1024 * 1024), declared=path == "/big-declared")
        if path == "/gzip-bomb":  # 30 MB of zeros in about 30 KB
            return self._send(200, _gzip_bomb(), "text/html", {"Content-Encoding": "gzip"})
        if path.startswith("/gzfile/"):  # a .gz file as such, as sitemap.xml.gz usually is
            body, _media_type = self._file(path[len("/gzfile") :])
            if body is None:
                return self._send(404, b"not found", "text/plain")
            return self._send(200, gzip.compress(body), "application/x-gzip")
        if path.startswith("/gzip/"):
            body, media_type = self._file(path[len("/gzip") :])
            if body is None:
                return self._send(404, b"not found", "text/plain")
            return self._send(200, gzip.compress(body), media_type, {"Content-Encoding": "gzip"})
        if path.startswith("/charset/"):
            _, _, encoding, rest = path.split("/", 3)
            body, _media_type = self._file("/" + rest)
            if body is None:
                return self._send(404, b"not found", "text/plain")
            return self._send(200, body, f"text/html; charset={encoding}")
        if path == "/hits":
            with self.lock:
                counts = dict(self.hits)
            return self._send(200, json.dumps(counts).encode(), "application/json")
        return self._static(path)

    def _file(self, path: str) -> tuple[bytes | None, str]:
        file = (SITE_ROOT / path.lstrip("/")).resolve()
        if not file.is_relative_to(SITE_ROOT) or not file.is_file():
            return None, "text/plain"
        body = file.read_bytes().replace(b"{{BASE}}", self.base.encode())
        media_type = mimetypes.guess_type(file.name)[0] or "application/octet-stream"
        if file.suffix == ".rdf":
            media_type = "application/rdf+xml"
        return body, media_type

    def _static(self, path: str) -> None:
        body, media_type = self._file(path)
        if body is None:
            return self._send(404, b"<html><body><h1>Not found</h1></body></html>", "text/html")
        self._send(200, body, media_type)

    def _trickle(self, seconds: float) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Connection", "close")
        self.end_headers()
        self.wfile.write(b"<html><body><p>")
        ends = time.monotonic() + seconds
        while time.monotonic() < ends:
            self.wfile.write(b"drip ")
            self.wfile.flush()
            time.sleep(0.1)
        self.wfile.write(b"</p></body></html>")
        self.close_connection = True

    def _big(self, size: int, declared: bool) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        if declared:
            self.send_header("Content-Length", str(size))
        self.send_header("Connection", "close")
        self.end_headers()
        chunk = b"<p>" + b"x" * 65530 + b"</p>\n"
        sent = 0
        while sent < size:
            piece = chunk[: size - sent]
            self.wfile.write(piece)
            sent += len(piece)
        self.close_connection = True

    def _send(self, code: int, body: bytes, media_type: str | None = None, headers: dict[str, str] | None = None):
        self.send_response(code)
        if media_type:
            self.send_header("Content-Type", media_type)
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


class _Server(ThreadingHTTPServer):
    daemon_threads = True


@pytest.fixture(scope="session")
def local_site() -> Iterator[str]:
    """Base URL (``http://127.0.0.1:PORT``) of the test site; see this module's docstring for routes."""
    server = _Server(("127.0.0.1", 0), _SiteHandler)
    thread = threading.Thread(target=server.serve_forever, name="local-site", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
