"""The same statement reported by several articles, in any language.

A statement is one thing one speaker said; every attribution that reports it, in any
article and language, is one of its reports, and the earliest report is its origin.
Two attributions report the same statement when their speakers are one actor across the
collection (``ActorResolver``), their contents are of comparable length (a translation
stays within a factor of two), and what the contents name agrees: the same actors and
numbers, or, within one language, mostly the same words. Contents in different languages
are never compared word by word; the names and numbers inside them are.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from rapidfuzz import fuzz

from dossier.records import Analysis, Attribution
from dossier.resolve.actors import ActorResolver

_NUMBER = re.compile(r"\d+(?:[.,]\d+)?")


@dataclass(slots=True)
class Report:
    """One attribution in one analysed document."""

    document: str  # a key the caller chose: URL, path, database id
    language: str
    published: str | None
    attribution: str  # the attribution's id within its document
    speaker: str  # collection-wide actor id
    content: str


@dataclass(slots=True)
class Statement:
    id: str
    speaker: str
    reports: list[Report] = field(default_factory=list)

    @property
    def origin(self) -> Report:
        """The earliest report (undated reports count as latest)."""
        return min(self.reports, key=lambda r: (r.published is None, r.published or ""))


@dataclass(slots=True)
class _Item:
    report: Report
    signature: frozenset[str]
    length: int


def _signature(analysis: Analysis, att: Attribution, ids: dict[str, str]) -> frozenset[str]:
    text = analysis.document.text
    parts = att.content.parts()
    names = {
        ids.get(e.actor, e.actor) for e in analysis.entities if e.actor and any(s <= e.start < end for s, end in parts)
    }
    numbers = {n.replace(",", ".") for s, end in parts for n in _NUMBER.findall(text[s:end])}
    return frozenset(names | {f"#{n}" for n in numbers})


def _same(a: _Item, b: _Item) -> bool:
    if a.report.speaker != b.report.speaker:
        return False
    if not 0.5 <= a.length / max(1, b.length) <= 2.0:
        return False
    if a.report.language == b.report.language and fuzz.token_set_ratio(a.report.content, b.report.content) >= 85:
        return True
    if not a.signature and not b.signature:
        return a.report.language != b.report.language and abs(a.length - b.length) <= 0.3 * max(a.length, b.length)
    union = a.signature | b.signature
    return bool(union) and len(a.signature & b.signature) / len(union) >= 0.5


def group_statements(analyses: list[tuple[str, Analysis]], resolver: ActorResolver | None = None) -> list[Statement]:
    """Statements of a collection of analysed documents, each with all its reports.

    ``analyses`` pairs a document key with its analysis. Attributions without a resolved
    speaker (anonymous or unresolved sources) are left out: a statement needs someone who
    made it. A relay ("according to Bloomberg") is the outlet's own report.
    """
    resolver = resolver or ActorResolver()
    items: list[_Item] = []
    for key, analysis in analyses:
        lang = analysis.document.language or "und"
        ids = {actor.id: resolver.resolve(actor, lang) for actor in analysis.actors}
        text = analysis.document.text
        for att in analysis.attributions:
            if not att.speaker or att.anonymous:
                continue
            content = " ".join(text[s:e] for s, e in att.content.parts())
            report = Report(key, lang, analysis.document.published, att.id, ids.get(att.speaker, att.speaker), content)
            items.append(_Item(report, _signature(analysis, att, ids), len(content)))
    statements: list[tuple[Statement, list[_Item]]] = []
    for item in items:
        home = next(
            (
                (st, members)
                for st, members in statements
                if all(m.report.document != item.report.document for m in members)
                and any(_same(item, m) for m in members)
            ),
            None,
        )
        if home is None:
            st = Statement(id=f"s{len(statements) + 1}", speaker=item.report.speaker)
            statements.append((st, [item]))
            st.reports.append(item.report)
        else:
            home[0].reports.append(item.report)
            home[1].append(item)
    return [st for st, _ in statements]
