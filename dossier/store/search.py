"""Full-text search: SQLite FTS5 (bm25, ``snippet``) or PostgreSQL (tsvector + GIN, ``ts_headline``).

The user's query is never handed to the engine's query syntax as is: for FTS5 it is rebuilt from its
words as quoted phrases (so ``"``, ``AND(``, ``col:`` and the like are just text), for PostgreSQL it goes
through ``websearch_to_tsquery``, which accepts any string. Every value is a bound parameter.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import text

from dossier.store.db import Store

START, STOP = "\x02", "\x03"  # highlight markers the engines put around matches; parsed out below
_WORD = re.compile(r"[^\W_]+")
_TERM = re.compile(r'"([^"]*)"?|(\S+)')


@dataclass
class Hit:
    id: int
    url: str | None
    path: str | None
    title: str | None
    language: str | None
    published: str | None
    snippet: str
    highlights: list[tuple[int, int]] = field(default_factory=list)  # [start, end) in ``snippet``
    score: float = 0.0

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "url": self.url,
            "path": self.path,
            "title": self.title,
            "language": self.language,
            "published": self.published,
            "snippet": self.snippet,
            "highlights": [list(h) for h in self.highlights],
            "score": self.score,
        }


def fts5_query(query: str) -> str | None:
    """An FTS5 MATCH expression for a user query: words AND-ed, ``"quoted phrases"`` kept together,
    ``OR`` between terms, a trailing ``*`` for a prefix. None when the query has no words."""
    parts: list[str] = []
    for phrase, bare in _TERM.findall(query):
        if bare == "OR":
            if parts and parts[-1] != "OR":
                parts.append("OR")
            continue
        raw = phrase if phrase else bare
        words = _WORD.findall(raw)
        if not words:
            continue
        prefix = "*" if not phrase and raw.endswith("*") else ""
        parts.append('"' + " ".join(words) + '"' + prefix)
    while parts and parts[-1] == "OR":
        parts.pop()
    return " ".join(parts) or None


def split_highlights(marked: str) -> tuple[str, list[tuple[int, int]]]:
    """Remove the engine's markers from a snippet, returning the plain text and the highlighted ranges."""
    out: list[str] = []
    spans: list[tuple[int, int]] = []
    pos = 0
    start: int | None = None
    for piece in re.split(f"([{START}{STOP}])", marked):
        if piece == START:
            start = pos
        elif piece == STOP:
            if start is not None and pos > start:
                spans.append((start, pos))
            start = None
        else:
            out.append(piece)
            pos += len(piece)
    return "".join(out), spans


def search(
    store: Store,
    query: str,
    *,
    language: str | None = None,
    since: str | None = None,
    limit: int = 20,
) -> list[Hit]:
    """Documents matching ``query`` (best first), each with a highlighted snippet."""
    filters = ""
    params: dict[str, Any] = {"limit": limit}
    if language:
        filters += " AND d.language = :language"
        params["language"] = language
    if since:
        filters += " AND d.published >= :since"
        params["since"] = since
    if store.dialect == "sqlite":
        match = fts5_query(query)
        if match is None:
            return []
        params.update(match=match, start=START, stop=STOP)
        sql = (
            "SELECT d.id, d.url, d.path, d.title, d.language, d.published, "
            "snippet(documents_fts, -1, :start, :stop, '…', 24) AS snippet, bm25(documents_fts, 2.0, 1.0) AS score "
            "FROM documents_fts JOIN documents d ON d.id = documents_fts.rowid "
            f"WHERE documents_fts MATCH :match{filters} ORDER BY score LIMIT :limit"
        )
    else:
        if not _WORD.search(query):
            return []
        params.update(
            query=query,
            options=f"StartSel={START}, StopSel={STOP}, MaxWords=35, MinWords=12, MaxFragments=2, "
            'FragmentDelimiter=" … "',
        )
        sql = (
            "SELECT d.id, d.url, d.path, d.title, d.language, d.published, "
            "ts_headline('simple', left(d.text, 400000), q, :options) AS snippet, -ts_rank(d.tsv, q) AS score "
            "FROM documents d, websearch_to_tsquery('simple', :query) AS q "
            f"WHERE d.tsv @@ q{filters} ORDER BY score LIMIT :limit"
        )
    hits = []
    with store.engine.connect() as conn:
        for row in conn.execute(text(sql), params):
            snippet, spans = split_highlights(row.snippet or "")
            hits.append(
                Hit(
                    id=row.id,
                    url=row.url,
                    path=row.path,
                    title=row.title,
                    language=row.language,
                    published=row.published,
                    snippet=re.sub(r"\s", " ", snippet),  # same length: highlights still fit
                    highlights=spans,
                    score=-float(row.score or 0.0),
                )
            )
    return hits
