"""Ingest: every kind of source into ``Document``s.

    from dossier.config import IngestConfig
    from dossier.ingest import collect, Fetched, Failure

    for item in collect(["https://example.com/feed.xml", "articles/", "cc-news.warc.gz"], IngestConfig()):
        if isinstance(item, Fetched):
            store(item.document, item.raw)
        else:
            report(item.source, item.stage, item.error, item.message)

A source is an http(s) URL (an article, or a feed or sitemap detected from the response), a local
.html/.htm, .txt, .jsonl, .warc/.warc.gz file, or a directory (recursive). ``collect`` never raises for a
problem with the input: each one becomes a ``Failure`` and the batch goes on.

``Document.published_source`` says where the date came from: ``metadata`` (the page's markup: JSON-LD,
meta tags, ``<time>``, bylines), ``htmldate`` (htmldate's search of the page text, the fallback),
``feed`` or ``sitemap`` (the listing that announced the page, when the page itself has no date),
``jsonl`` (the record's own field) or ``cli`` (``--published``).
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Iterator
from pathlib import Path

from dossier.config import IngestConfig
from dossier.ingest.errors import IngestError, SourceError
from dossier.ingest.types import Failure, Fetched

__all__ = ["Failure", "Fetched", "IngestConfig", "IngestError", "collect"]

_URL = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*://")


def collect(
    sources: Iterable[str | os.PathLike[str]], config: IngestConfig | None = None
) -> Iterator[Fetched | Failure]:
    """Yield a ``Fetched`` for every document found in ``sources`` and a ``Failure`` for every problem."""
    config = config or IngestConfig()
    fetcher = None
    try:
        for source in sources:
            name = os.fspath(source)
            try:
                if not name.strip():
                    raise SourceError("empty source name")
                if _URL.match(name):
                    if not name.lower().startswith(("http://", "https://")):
                        raise SourceError(f"unsupported URL scheme in {name!r}: only http and https are fetched")
                    from dossier.ingest.web import Fetcher, collect_url

                    if fetcher is None:
                        fetcher = Fetcher(config)
                    items: Iterator[Fetched | Failure] = collect_url(name, fetcher)
                else:
                    path = Path(name).expanduser().absolute()  # stored paths stay valid from any directory
                    if not path.exists():
                        raise SourceError(f"no such file or directory: {name}")
                    from dossier.ingest.files import collect_path

                    items = collect_path(path, config)
                for item in items:
                    yield _finish(item, config) if isinstance(item, Fetched) else item
            except IngestError as exc:
                yield Failure.of(name, exc)
            except Exception as exc:  # a bug met by odd input must not stop the batch; report it as a failure
                yield Failure.unexpected(name, exc)
    finally:
        if fetcher is not None:
            fetcher.close()


def _finish(item: Fetched, config: IngestConfig) -> Fetched:
    """Apply the CLI's overrides (--lang, --published) and make sure the language is set."""
    doc = item.document
    if config.language:
        doc.language = config.language
    elif not doc.language:
        from dossier.ingest.language import identify_language

        doc.language = identify_language(doc.text, config.languages)
    if config.published:
        doc.published, doc.published_source = config.published, "cli"
    return item
