"""Full-text search: SQLite FTS5 (bm25, ``snippet``) or PostgreSQL (tsvector + GIN, ``ts_headline``).

The user's query is never handed to the engine's query syntax as is: ``parse_query`` keeps only its
words, phrases, ``OR`` and prefixes, and both engines get a query rebuilt from those (FTS5 with every word
quoted), so ``"``, ``AND(``, ``col:`` and the like are just text. Every value is a bound parameter.
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
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_ENDING = re.compile(r"[аеєиіїоуюяыэйьъ]{1,2}$", re.IGNORECASE)


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


@dataclass(frozen=True)
class Term:
    """Words that must appear in this order (one word, or a quoted phrase); ``prefix``: the last one may
    go on ("Дрісколл" also finds "Дрісколла", "Дрісколлом")."""

    words: tuple[str, ...]
    prefix: bool = False


def _stem(word: str) -> tuple[str, bool]:
    """A bare Cyrillic word searched by its stem, so case endings do not matter (Зеленський finds
    Зеленського): neither FTS5 nor PostgreSQL's 'simple' configuration knows Ukrainian or Russian."""
    if len(word) >= 5 and _CYRILLIC.search(word):
        stem = _ENDING.sub("", word)
        if len(stem) >= 4:
            return stem, True
    return word, False


def parse_query(query: str) -> list[Term | str]:
    """A user query as terms: words (all required), ``"quoted phrases"``, ``OR`` between terms and a
    trailing ``*`` for a prefix. Everything else (quotes, brackets, operators, column names) is ignored."""
    parts: list[Term | str] = []
    for phrase, bare in _TERM.findall(query):
        if bare == "OR":
            if parts and parts[-1] != "OR":
                parts.append("OR")
            continue
        raw = phrase if phrase else bare
        words = _WORD.findall(raw)
        if not words:
            continue
        if not phrase and raw.endswith("*"):
            parts.append(Term(tuple(words), prefix=True))
        elif not phrase and len(words) == 1:
            word, prefix = _stem(words[0])
            parts.append(Term((word,), prefix))
        else:
            parts.append(Term(tuple(words)))
    while parts and parts[-1] == "OR":
        parts.pop()
    return parts


def fts5_query(query: str) -> str | None:
    """The FTS5 MATCH expression for a user query (every word quoted), or None when it has no words."""
    out = []
    for part in parse_query(query):
        if isinstance(part, str):
            out.append(part)
        else:
            out.append('"' + " ".join(part.words) + '"' + ("*" if part.prefix else ""))
    return " ".join(out) or None


def tsquery(query: str) -> str | None:
    """The PostgreSQL ``to_tsquery`` text for a user query (only letters and digits in lexemes)."""
    out = []
    for part in parse_query(query):
        if isinstance(part, str):
            out.append("|")
            continue
        if out and out[-1] != "|":
            out.append("&")
        words = list(part.words)
        if part.prefix:
            words[-1] += ":*"
        out.append("(" + " <-> ".join(words) + ")")
    return " ".join(out) or None


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
        ts = tsquery(query)
        if ts is None:
            return []
        params.update(
            query=ts,
            options=f"StartSel={START}, StopSel={STOP}, MaxWords=35, MinWords=12, MaxFragments=2, "
            'FragmentDelimiter=" … "',
        )
        sql = (
            "SELECT d.id, d.url, d.path, d.title, d.language, d.published, "
            "ts_headline('simple', left(d.text, 400000), q, :options) AS snippet, -ts_rank(d.tsv, q) AS score "
            "FROM documents d, to_tsquery('simple', :query) AS q "
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
