"""Errors for input problems. ``collect`` turns each into a ``Failure``; none reaches the user as a traceback."""

from __future__ import annotations


class IngestError(Exception):
    """An input problem with one source; ``stage`` says where it happened."""

    stage = "ingest"

    def __init__(self, message: str, *, stage: str | None = None) -> None:
        super().__init__(message)
        if stage is not None:
            self.stage = stage


class SourceError(IngestError):
    """The source is not something we can read (missing file, unknown kind)."""

    stage = "source"


class RefusedError(IngestError):
    """The network policy refuses this URL (private address, bad scheme)."""

    stage = "policy"


class RobotsDisallowed(IngestError):
    """robots.txt disallows this URL for our User-Agent."""

    stage = "robots"


class FetchError(IngestError):
    """The request failed: timeout, HTTP error status, too many redirects, connection error."""

    stage = "fetch"


class HTTPStatusError(FetchError):
    """The server answered with an error status (after any retries)."""

    def __init__(self, status: int, url: str) -> None:
        super().__init__(f"HTTP {status} for {url}")
        self.status = status


class TooLarge(IngestError):
    """The response or file is larger than ``max_bytes``."""

    stage = "fetch"


class ParseError(IngestError):
    """A feed, sitemap, JSONL line or WARC record could not be parsed."""

    stage = "parse"


class ExtractError(IngestError):
    """No usable text could be extracted (binary data, empty page, hostile markup)."""

    stage = "extract"
