"""HTTP fetching with httpx, careful by default.

Every request: the network policy approves the host's addresses and the connection goes to an approved
address (redirects are followed here, hop by hop, so each hop is checked again); robots.txt is obeyed;
requests to one host are spaced by ``per_host_delay`` (or the site's Crawl-delay, if longer); 429 and
5xx are retried with exponential backoff honouring Retry-After; the body is read as a stream and
refused as soon as it passes ``max_bytes`` (after decompression, so a gzip bomb is refused too).
"""

from __future__ import annotations

import email.utils
import ssl
import threading
import time
import urllib.robotparser
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit, urlunsplit

import certifi
import httpx

from dossier.config import IngestConfig
from dossier.ingest.errors import FetchError, HTTPStatusError, IngestError, RobotsDisallowed, SourceError, TooLarge
from dossier.ingest.netpolicy import IPAddress, NetPolicy

RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
ROBOTS_MAX_BYTES = 512 * 1024
MAX_CRAWL_DELAY = 30.0  # a site's Crawl-delay is honoured up to this many seconds


@dataclass(slots=True)
class Response:
    """A completed fetch: the final URL (after redirects), status, headers and the decoded body bytes."""

    url: str
    status: int
    headers: dict[str, str]
    content: bytes
    redirects: list[str] = field(default_factory=list)

    @property
    def media_type(self) -> str | None:
        value = self.headers.get("content-type")
        return value.split(";")[0].strip().lower() or None if value else None


def _retry_after(value: str | None) -> float | None:
    """Seconds to wait from a Retry-After header (delta-seconds or an HTTP date)."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())


def _host_key(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.hostname}:{parts.port or (443 if parts.scheme == 'https' else 80)}"


def _connect_url(url: str, address: IPAddress) -> str:
    """``url`` with its host replaced by the approved address (we connect there, not to the name)."""
    parts = urlsplit(url)
    host = f"[{address}]" if address.version == 6 else str(address)
    netloc = f"{host}:{parts.port}" if parts.port else host
    return urlunsplit((parts.scheme, netloc, parts.path or "/", parts.query, ""))


class Fetcher:
    """Fetches URLs under an IngestConfig. One per run: it keeps robots.txt and per-host timing state."""

    def __init__(self, config: IngestConfig, policy: NetPolicy | None = None) -> None:
        self.config = config
        self.policy = policy or NetPolicy(config.allow_private, allow_networks=config.allow_networks)
        verify: ssl.SSLContext | bool = True
        if config.ca_file:
            try:
                verify = ssl.create_default_context(cafile=certifi.where())  # httpx's default trust store
                verify.load_verify_locations(cafile=config.ca_file)
            except (OSError, ssl.SSLError) as exc:
                raise SourceError(f"cannot load ca_file {config.ca_file}: {exc}") from None
        self.client = httpx.Client(
            verify=verify,
            timeout=httpx.Timeout(
                connect=config.timeout_connect, read=config.timeout_read, write=config.timeout_read, pool=None
            ),
            follow_redirects=False,  # each hop is checked by the policy and robots.txt
            trust_env=False,  # no proxies or .netrc from the environment: the policy decides where we connect
            headers={
                "User-Agent": config.user_agent,
                "Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
                "Accept-Language": "uk,ru;q=0.9,en;q=0.8,*;q=0.5",
            },
        )
        self._robots: dict[str, urllib.robotparser.RobotFileParser | None] = {}
        self._robots_failed: dict[str, tuple[type[IngestError], str, str]] = {}
        self._last_request: dict[str, float] = {}
        self._lock = threading.Lock()

    def close(self) -> None:
        self.client.close()

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- public -------------------------------------------------------------------------------------
    def fetch(self, url: str, *, max_bytes: int | None = None) -> Response:
        """GET ``url`` following redirects; raises an IngestError subclass for every failure."""
        return self._get(url, max_bytes=max_bytes or self.config.max_bytes, robots=self.config.obey_robots)

    def allowed_by_robots(self, url: str) -> bool:
        rules = self._robots_for(url)
        return rules is None or rules.can_fetch(self.config.user_agent, url)

    # -- internals ----------------------------------------------------------------------------------
    def _get(self, url: str, *, max_bytes: int, robots: bool) -> Response:
        seen: list[str] = []
        current = url
        while True:
            if current in seen:
                raise FetchError(f"redirect loop: {' -> '.join([*seen, current])}")
            seen.append(current)
            if len(seen) > self.config.max_redirects + 1:
                raise FetchError(f"too many redirects (more than {self.config.max_redirects}) from {url}")
            addresses = self.policy.check(current)
            if robots and not self.allowed_by_robots(current):
                raise RobotsDisallowed(f"robots.txt of {urlsplit(current).netloc} disallows {current}")
            status, headers, body = self._request_with_retries(current, addresses, max_bytes)
            if status in REDIRECT_STATUSES and headers.get("location"):
                current = urljoin(current, headers["location"].strip())
                continue
            if status >= 400:
                raise HTTPStatusError(status, current)
            return Response(current, status, headers, body, redirects=seen[:-1])

    def _request_with_retries(
        self, url: str, addresses: list[IPAddress], max_bytes: int
    ) -> tuple[int, dict[str, str], bytes]:
        attempt = 0
        while True:
            retry_after: float | None = None
            try:
                status, headers, body = self._request(url, addresses, max_bytes)
                if status not in RETRY_STATUSES:
                    return status, headers, body
                retry_after = _retry_after(headers.get("retry-after"))
                failure: IngestError = HTTPStatusError(status, url)
            except (httpx.ConnectError, httpx.RemoteProtocolError, httpx.ReadError) as exc:
                failure = FetchError(f"cannot fetch {url}: {type(exc).__name__}: {exc or 'connection failed'}")
            except httpx.TimeoutException as exc:
                kind = {"ConnectTimeout": "connecting", "ReadTimeout": "reading", "PoolTimeout": "waiting"}.get(
                    type(exc).__name__, "sending"
                )
                limit = self.config.timeout_connect if kind == "connecting" else self.config.timeout_read
                failure = FetchError(f"timed out {kind} {url} (limit {limit:g} s)")
            if attempt >= self.config.retries:
                if attempt:
                    failure.args = (f"{failure} (after {attempt + 1} attempts)",)
                raise failure
            wait = retry_after if retry_after is not None else self.config.backoff * 2**attempt
            if wait > self.config.max_retry_wait:
                raise FetchError(f"{failure}: the server asks to retry after {wait:g} s, more than max_retry_wait")
            time.sleep(wait)
            attempt += 1

    def _request(self, url: str, addresses: list[IPAddress], max_bytes: int) -> tuple[int, dict[str, str], bytes]:
        """One GET; with approved addresses, tries each in turn until one accepts the connection."""
        for address in addresses[:-1]:
            try:
                return self._request_once(url, address, max_bytes)
            except httpx.ConnectError:
                continue
        return self._request_once(url, addresses[-1] if addresses else None, max_bytes)

    def _request_once(self, url: str, address: IPAddress | None, max_bytes: int) -> tuple[int, dict[str, str], bytes]:
        target, headers, extensions = url, {}, {}
        if address is not None:  # connect to the address the policy approved, naming the host for HTTP and TLS
            target = _connect_url(url, address)
            try:
                named = httpx.URL(url)  # its netloc and raw_host are IDNA-encoded: headers and SNI are ASCII
            except httpx.InvalidURL as exc:
                raise SourceError(f"bad URL {url!r}: {exc}") from None
            headers["Host"] = named.netloc.decode("ascii")
            if named.scheme == "https":
                extensions["sni_hostname"] = named.raw_host.decode("ascii")
        self._wait_turn(url)
        try:
            with self.client.stream("GET", target, headers=headers, extensions=extensions) as response:
                length = response.headers.get("content-length", "")
                if length.isdigit() and int(length) > max_bytes and response.status_code < 300:
                    raise TooLarge(f"response is {int(length) / 1e6:.1f} MB, more than max_bytes ({_mb(max_bytes)})")
                chunks: list[bytes] = []
                size = 0
                deadline = time.monotonic() + self.config.timeout_total
                if response.status_code < 300:
                    for chunk in response.iter_bytes():
                        if time.monotonic() > deadline:
                            raise FetchError(f"{url} took longer than {self.config.timeout_total:g} s to arrive")
                        size += len(chunk)
                        if size > max_bytes:
                            raise TooLarge(f"response is larger than max_bytes ({_mb(max_bytes)})")
                        chunks.append(chunk)
                return response.status_code, {k.lower(): v for k, v in response.headers.items()}, b"".join(chunks)
        except httpx.DecodingError as exc:
            raise FetchError(f"cannot decompress the response from {url}: {exc}") from None
        except (httpx.UnsupportedProtocol, httpx.InvalidURL) as exc:
            raise SourceError(f"bad URL {url!r}: {exc}") from None
        except httpx.TooManyRedirects as exc:  # pragma: no cover - redirects are followed by hand
            raise FetchError(str(exc)) from None

    def _wait_turn(self, url: str) -> None:
        """Sleep until this host may be asked again (per_host_delay, or its robots.txt Crawl-delay)."""
        key = _host_key(url)
        delay = self.config.per_host_delay
        rules = self._robots.get(key)
        if rules is not None:
            crawl_delay = rules.crawl_delay(self.config.user_agent)
            if crawl_delay:
                delay = max(delay, min(float(crawl_delay), MAX_CRAWL_DELAY))
        with self._lock:
            last = self._last_request.get(key)
            now = time.monotonic()
            wait = 0.0 if last is None else last + delay - now
            self._last_request[key] = now + max(wait, 0.0)
        if wait > 0:
            time.sleep(wait)

    def _robots_for(self, url: str) -> urllib.robotparser.RobotFileParser | None:
        """The parsed robots.txt of ``url``'s origin (cached); None means everything is allowed."""
        key = _host_key(url)
        if key in self._robots:
            return self._robots[key]
        if key in self._robots_failed:  # asked once this run: do not hammer a failing host per article
            kind, message, stage = self._robots_failed[key]
            raise kind(message, stage=stage)
        parts = urlsplit(url)
        robots_url = urlunsplit((parts.scheme, parts.netloc, "/robots.txt", "", ""))
        rules = urllib.robotparser.RobotFileParser(robots_url)
        try:
            response = self._get(robots_url, max_bytes=ROBOTS_MAX_BYTES, robots=False)
            rules.parse(response.content.decode("utf-8", errors="replace").splitlines())
        except HTTPStatusError as exc:
            if exc.status in (401, 403):
                rules.disallow_all = True  # as urllib.robotparser does: a protected robots.txt forbids all
            elif exc.status < 500 and exc.status != 429:
                rules = None  # no robots.txt: everything allowed (429 and 5xx mean "unavailable", as Google reads them)
            else:
                message = f"robots.txt of {parts.netloc} could not be fetched ({exc})"
                self._robots_failed[key] = (RobotsDisallowed, message, RobotsDisallowed.stage)
                raise RobotsDisallowed(message) from None
        except TooLarge:
            rules = None
        except IngestError as exc:  # unreachable, refused, timed out
            # Said so: a user who asked for an article wonders why the error names robots.txt.
            message = f"{exc}; robots.txt is read before any page of {parts.netloc}"
            self._robots_failed[key] = (type(exc), message, exc.stage)
            raise type(exc)(message, stage=exc.stage) from None
        self._robots[key] = rules
        return rules


def _mb(size: int) -> str:
    return f"{size / 1e6:.1f} MB"
