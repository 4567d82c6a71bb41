"""Fetching from the local test site: redirects, limits, retries, robots.txt, charsets, compression."""

from __future__ import annotations

import email.utils
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import quote, urlsplit

import httpx
import pytest

from dossier.config import IngestConfig
from dossier.ingest.errors import FetchError, HTTPStatusError, RefusedError, RobotsDisallowed, TooLarge
from dossier.ingest.fetch import Fetcher
from dossier.ingest.netpolicy import NetPolicy


def fast_config(**changes) -> IngestConfig:
    """Small timeouts and no politeness delay, so the suite stays fast; 127.0.0.1 allowed."""
    settings = dict(allow_private=True, per_host_delay=0, timeout_connect=1, timeout_read=1, retries=1, backoff=0.05)
    settings.update(changes)
    return IngestConfig(**settings)


@pytest.fixture
def fetcher():
    with Fetcher(fast_config()) as fetcher:
        yield fetcher


def hits(base: str) -> dict[str, int]:
    return json.loads(httpx.get(base + "/hits").text)


def test_fetches_a_page_with_our_user_agent(fetcher, local_site):
    response = fetcher.fetch(local_site + "/news/2025/11/tram-line.html")
    assert response.status == 200
    assert response.media_type == "text/html"
    assert b"tram line" in response.content
    assert fetcher.client.headers["User-Agent"].startswith("Dossier/")


def test_follows_redirects_hop_by_hop(fetcher, local_site):
    response = fetcher.fetch(local_site + "/redirect/3")
    assert response.url == local_site + "/news/2025/11/tram-line.html"
    assert [u.removeprefix(local_site) for u in response.redirects] == ["/redirect/3", "/redirect/2", "/redirect/1"]


def test_redirect_limit(local_site):
    with Fetcher(fast_config(max_redirects=2)) as fetcher, pytest.raises(FetchError, match="too many redirects"):
        fetcher.fetch(local_site + "/redirect/3")


def test_redirect_loop(fetcher, local_site):
    with pytest.raises(FetchError, match="redirect loop"):
        fetcher.fetch(local_site + "/loop/a")


def test_every_redirect_hop_is_checked_by_the_policy(local_site):
    # 127.0.0.0/8 allowed as an exception; the redirect to the metadata address is refused before connecting.
    config = fast_config(allow_private=False, allow_networks=("127.0.0.0/8",))
    with Fetcher(config) as fetcher:
        assert fetcher.fetch(local_site + "/redirect/1").status == 200  # connects to the checked address
        with pytest.raises(RefusedError, match="link-local"):
            fetcher.fetch(local_site + "/redirect-to?url=http://169.254.169.254/latest/meta-data/")
        with pytest.raises(RefusedError, match="private"):
            fetcher.fetch(local_site + "/redirect-to?url=http://0xa.0.0.1/")


def test_loopback_is_refused_by_default(local_site):
    with Fetcher(fast_config(allow_private=False)) as fetcher, pytest.raises(RefusedError, match="loopback"):
        fetcher.fetch(local_site + "/news/2025/11/tram-line.html")


def test_http_errors(fetcher, local_site):
    with pytest.raises(HTTPStatusError, match="HTTP 404") as caught:
        fetcher.fetch(local_site + "/status/404")
    assert caught.value.status == 404
    with pytest.raises(HTTPStatusError, match=r"HTTP 500 .*after 2 attempts"):
        fetcher.fetch(local_site + "/status/500")


def test_retry_after_is_honoured(fetcher, local_site):
    started = time.monotonic()
    response = fetcher.fetch(local_site + "/retry/honour?status=429&times=1&after=1")
    assert response.status == 200
    assert time.monotonic() - started >= 1.0


def test_too_long_retry_after_fails_at_once(fetcher, local_site):
    started = time.monotonic()
    with pytest.raises(FetchError, match="retry after 3600"):
        fetcher.fetch(local_site + "/retry/long?status=503&times=1&after=3600")
    assert time.monotonic() - started < 1.0


def test_retry_after_as_an_http_date(fetcher, local_site):
    # Retry-After may be a date: one an hour ahead is too long to wait, one in the past means "now".
    later = quote(email.utils.formatdate(time.time() + 3600, usegmt=True))
    with pytest.raises(FetchError, match=r"retry after 3[56]\d\d"):
        fetcher.fetch(local_site + f"/retry/date-later?status=429&times=1&after={later}")
    earlier = quote(email.utils.formatdate(time.time() - 60, usegmt=True))
    started = time.monotonic()
    assert fetcher.fetch(local_site + f"/retry/date-past?status=503&times=1&after={earlier}").status == 200
    assert time.monotonic() - started < 1.0


def test_503_is_retried_with_backoff(local_site):
    with Fetcher(fast_config(retries=2)) as fetcher:
        assert fetcher.fetch(local_site + "/retry/backoff?status=503&times=2").status == 200


def test_read_timeout_on_a_slow_server(local_site):
    with Fetcher(fast_config(timeout_read=0.3, retries=0)) as fetcher:
        started = time.monotonic()
        with pytest.raises(FetchError, match="timed out reading"):
            fetcher.fetch(local_site + "/slow?seconds=2")
        assert time.monotonic() - started < 1.5


def test_size_cap_while_streaming(local_site):
    with Fetcher(fast_config(max_bytes=1_000_000)) as fetcher:
        with pytest.raises(TooLarge, match="larger than max_bytes"):
            fetcher.fetch(local_site + "/big?mb=5")
        with pytest.raises(TooLarge, match=r"5\.2 MB, more than max_bytes"):
            fetcher.fetch(local_site + "/big-declared?mb=5")


def test_gzip_bomb_is_cut_off_at_the_size_cap(local_site):
    with Fetcher(fast_config(max_bytes=1_000_000)) as fetcher, pytest.raises(TooLarge):
        fetcher.fetch(local_site + "/gzip-bomb")


def test_gzip_is_decompressed(fetcher, local_site):
    response = fetcher.fetch(local_site + "/gzip/news/2025/11/tram-line.html")
    assert response.headers["content-encoding"] == "gzip"
    assert response.content.startswith(b"<!DOCTYPE html>")


def test_robots_txt_is_obeyed(fetcher, local_site):
    before = hits(local_site).get("/private/secret.html", 0)
    with pytest.raises(RobotsDisallowed, match="disallows"):
        fetcher.fetch(local_site + "/private/secret.html")
    assert hits(local_site).get("/private/secret.html", 0) == before
    with Fetcher(fast_config(obey_robots=False)) as impolite:
        assert impolite.fetch(local_site + "/private/secret.html").status == 200


def test_per_host_delay_spaces_requests(local_site):
    with Fetcher(fast_config(per_host_delay=0.3)) as fetcher:
        started = time.monotonic()
        for _ in range(3):
            fetcher.fetch(local_site + "/news/2025/11/tram-line.html")
        # robots.txt + 3 pages = 4 requests, 3 gaps of at least 0.3 s
        assert time.monotonic() - started >= 0.9


def test_connection_refused_is_a_fetch_error():
    with Fetcher(fast_config(retries=0, obey_robots=False)) as fetcher, pytest.raises(FetchError, match="cannot fetch"):
        fetcher.fetch("http://127.0.0.1:9/")


def test_a_dead_host_asked_for_robots_txt_first_says_so():
    with Fetcher(fast_config(retries=0, obey_robots=True)) as fetcher:
        with pytest.raises(FetchError, match=r"robots.txt is read before any page of 127.0.0.1:9$"):
            fetcher.fetch("http://127.0.0.1:9/article")
        with pytest.raises(FetchError, match="Connection refused"):  # remembered for the host: not asked again
            fetcher.fetch("http://127.0.0.1:9/another")


def test_connects_to_the_address_the_policy_checked(local_site):
    # "news.test" exists only in this resolver: the fetch succeeds only if the connection goes to the
    # checked address rather than to a fresh lookup of the name (which is what DNS rebinding exploits).
    # ::1 comes first and refuses (the site listens on 127.0.0.1 only), so the next address is tried.
    port = urlsplit(local_site).port
    policy = NetPolicy(
        allow_networks=["127.0.0.0/8", "::1/128"],
        resolver=lambda host, _port: ["::1", "127.0.0.1"] if host == "news.test" else [],
    )
    with Fetcher(fast_config(allow_private=False), policy=policy) as fetcher:
        response = fetcher.fetch(f"http://news.test:{port}/news/2025/11/tram-line.html")
    assert response.status == 200
    assert response.url == f"http://news.test:{port}/news/2025/11/tram-line.html"


def test_unicode_host_is_resolved_and_sent_in_its_ascii_form(local_site):
    # An IDN host (пример.укр) is looked up, named in the Host header and in TLS by its IDNA form:
    # HTTP headers are ASCII, and the resolver must see the same name the request names.
    port = urlsplit(local_site).port
    asked: list[str] = []

    def resolver(host: str, _port: int) -> list[str]:
        asked.append(host)
        return ["127.0.0.1"] if host == "xn--e1afmkfd.xn--j1amh" else []

    policy = NetPolicy(allow_networks=["127.0.0.0/8"], resolver=resolver)
    with Fetcher(fast_config(allow_private=False, obey_robots=False), policy=policy) as fetcher:
        response = fetcher.fetch(f"http://ПРИМЕР.укр:{port}/news/2025/11/tram-line.html")
    assert response.status == 200
    assert set(asked) == {"xn--e1afmkfd.xn--j1amh"}


def test_total_time_limit_on_a_trickling_server(local_site):
    with Fetcher(fast_config(timeout_read=1, timeout_total=0.5, retries=0)) as fetcher:
        started = time.monotonic()
        with pytest.raises(FetchError, match=r"took longer than 0\.5 s"):
            fetcher.fetch(local_site + "/trickle?seconds=2")
        assert time.monotonic() - started < 1.5


class _PoliteSite(BaseHTTPRequestHandler):
    """A site whose robots.txt asks for a Crawl-delay of 1 s (robotparser reads whole seconds only)."""

    def do_GET(self) -> None:
        body = b"User-agent: *\nCrawl-delay: 1\n" if self.path == "/robots.txt" else b"<p>hello</p>"
        self.send_response(200)
        self.send_header("Content-Type", "text/plain" if self.path == "/robots.txt" else "text/html")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


def test_crawl_delay_from_robots_txt_is_honoured():
    server = ThreadingHTTPServer(("127.0.0.1", 0), _PoliteSite)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        with Fetcher(fast_config(per_host_delay=0)) as fetcher:
            fetcher.fetch(base + "/a")  # robots.txt, then /a
            started = time.monotonic()
            fetcher.fetch(base + "/b")
            assert time.monotonic() - started >= 0.9
    finally:
        server.shutdown()
        server.server_close()


class _BrokenRobots(BaseHTTPRequestHandler):
    """A site whose robots.txt answers 503; counts the requests for it."""

    robots_requests = 0

    def do_GET(self) -> None:
        if self.path == "/robots.txt":
            type(self).robots_requests += 1
            self.send_response(503)
        else:
            self.send_response(200)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, format: str, *args: object) -> None:
        pass


def test_unavailable_robots_txt_forbids_the_site_and_is_asked_once_per_run():
    server = ThreadingHTTPServer(("127.0.0.1", 0), _BrokenRobots)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        with Fetcher(fast_config(retries=0)) as fetcher:
            for path in ("/a", "/b", "/c"):
                with pytest.raises(RobotsDisallowed, match="could not be fetched"):
                    fetcher.fetch(base + path)
        assert _BrokenRobots.robots_requests == 1
    finally:
        server.shutdown()
        server.server_close()
