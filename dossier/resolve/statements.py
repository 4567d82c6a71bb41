"""The same statement reported by several articles, in any language.

A statement is one thing one speaker said; every attribution that reports it, in any article and
language, is one of its reports, and the earliest report (by publication date, then by when it was
stored) is its origin. Two reports carry the same statement when their speakers are one actor across
the collection (``dossier.resolve.crossdoc``) and:

- in one language, their contents are mostly the same words (word stems, so that inflection does not
  count; one may quote a part of the other);
- across languages, where words cannot be compared, what the contents name agrees: the same actors and
  numbers inside them; when neither names anything, the reports must come from the same story (the
  documents name mostly the same actors) at the same place in it, with contents of comparable length
  (a translation stays within a factor of two), published within a fortnight.

Reports join the statement they match best, earliest first, so a statement's first report is its origin.
``group_statements`` groups analysed documents in memory; ``dossier.resolve.rebuild`` does the same over
a store, and ``statements_for`` reads the result back as plain dicts.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

from rapidfuzz import fuzz

from dossier.records import Analysis
from dossier.resolve.crossdoc import ActorRecord, resolve_actors

if TYPE_CHECKING:
    from dossier.store.db import Store

_NUMBER = re.compile(r"\d+(?:[.,]\d+)?")
_WORD = re.compile(r"\w+(?:['’ʼ]\w+)*")
STEM = 5  # letters of a word kept: Slavic endings vary, stems stay ("Донбасу" / "Донбас")
SAME_TEXT = 85.0  # token-set ratio of stems for one language
MIN_WORDS = 4  # a shorter content matches only (almost) word for word
WINDOW_DAYS = 14  # reports across languages further apart are different statements
SAME_STORY = 0.5  # Jaccard of the actors two documents name
SAME_PLACE = 0.12  # difference of relative position of the contents in their documents
OPEN_FOR = timedelta(days=90)  # a statement not reported for this long takes no new reports


@dataclass(slots=True)
class Report:
    """One attribution in one document, with what it takes to compare it with others."""

    document: str  # a key the caller chose: URL, path, database id
    language: str
    published: str | None
    attribution: str  # the attribution's id (its key within the document, or a database id)
    speaker: str  # collection-wide actor id
    content: str
    kind: str = "direct"
    names: frozenset[str] = frozenset()  # collection-wide ids of the actors named inside the content
    story: frozenset[str] = frozenset()  # collection-wide ids of the actors the whole document names
    position: float = 0.0  # where the content starts, as a fraction of the document's length
    ordinal: tuple[int, int] = (0, 1)  # index among the speaker's reports in the document, and their count
    stored: str = ""  # when the document was stored (ISO), the second key of "first"
    span: tuple[int, int] = (0, 0)  # the content's offsets in its document
    _stems: tuple[str, ...] | None = field(default=None, repr=False)

    @property
    def numbers(self) -> frozenset[str]:
        return frozenset(n.replace(",", ".") for n in _NUMBER.findall(self.content))

    @property
    def signature(self) -> frozenset[str]:
        return (self.names - {self.speaker}) | {f"#{n}" for n in self.numbers}

    @property
    def stems(self) -> tuple[str, ...]:
        if self._stems is None:
            words = _WORD.findall(self.content.lower().replace("’", "'").replace("ʼ", "'"))
            self._stems = tuple(w[:STEM] for w in words if not w.isdigit())
        return self._stems

    def order_key(self) -> tuple[bool, datetime, str, str]:
        when = parse_when(self.published)
        return (when is None, when or datetime.max.replace(tzinfo=UTC), self.stored, self.document)


@dataclass(slots=True)
class Statement:
    id: str
    speaker: str
    reports: list[Report] = field(default_factory=list)

    @property
    def origin(self) -> Report:
        """The earliest report (undated reports count as latest; then the earliest stored)."""
        return min(self.reports, key=Report.order_key)

    @property
    def kind(self) -> str:
        return self.origin.kind


def parse_when(value: str | None) -> datetime | None:
    """A publication date or datetime as an aware UTC datetime; None when absent or unreadable."""
    if not value:
        return None
    try:
        when = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    return when.replace(tzinfo=UTC) if when.tzinfo is None else when.astimezone(UTC)


def _jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    union = a | b
    return len(a & b) / len(union) if union else 0.0


def text_similarity(a: Report, b: Report) -> float:
    """0..100: how much two contents of one language say in the same words."""
    sa, sb = a.stems, b.stems
    if not sa or not sb:
        return 0.0
    score = fuzz.token_set_ratio(" ".join(sa), " ".join(sb))
    if min(len(sa), len(sb)) < MIN_WORDS:  # a few words in common mean little: ask for the same words
        score = min(score, fuzz.token_sort_ratio(" ".join(sa), " ".join(sb)))
    return score


def match(a: Report, b: Report) -> float | None:
    """How surely ``a`` and ``b`` report one statement (0..1), or None when they do not."""
    if a.speaker != b.speaker:
        return None
    if a.language == b.language:
        score = text_similarity(a, b)
        if a.document == b.document:
            if a.span[0] < b.span[1] and b.span[0] < a.span[1]:  # nested reports of the same words
                return 1.0
            # A quote repeated in one article (headline, then body), word for word.
            return (
                score / 100
                if score >= 95 and fuzz.token_sort_ratio(" ".join(a.stems), " ".join(b.stems)) >= 95
                else None
            )
        return score / 100 if score >= SAME_TEXT else None
    if a.document == b.document:
        return None
    la, lb = len(a.content), len(b.content)
    ratio = min(la, lb) / max(la, lb, 1)
    if ratio < 0.5:
        return None
    wa, wb = parse_when(a.published), parse_when(b.published)
    if wa and wb and abs((wa - wb).total_seconds()) > WINDOW_DAYS * 86400:
        return None
    gap = abs(a.position - b.position)
    same_story = _jaccard(a.story, b.story) >= SAME_STORY
    # Translations of one article: the speaker's n-th report, at the same place in the text.
    same_turn = same_story and a.ordinal == b.ordinal and gap <= SAME_PLACE
    sa, sb = a.signature, b.signature
    if sa and sb:
        j = _jaccard(sa, sb)
        if j >= 0.5:
            return 0.5 + j / 2 + (0.1 if same_turn else 0.0)
        na, nb = a.numbers, b.numbers
        if not (sa & sb) or (na and nb and na != nb):  # other names, other numbers: another statement
            return None
        # Some names in common, the rest perhaps one recogniser's miss ("the Alliance" for NATO): as below.
    # Little inside the contents to compare: the same story, at the same place in it.
    if ratio < 0.6 or not same_story:
        return None
    if same_turn:
        return 0.5 - gap
    if gap <= SAME_PLACE / 2:  # counts differ (one language found one more report): the nearest
        return 0.4 - gap
    return None


def group_reports(reports: list[Report]) -> list[Statement]:
    """Statements of a collection's reports; each report joins the statement it matches best.

    Reports are taken earliest first, so every statement's first report is its origin. A statement
    takes one report per document, except a quote the document repeats word for word.
    """
    by_speaker: dict[str, list[Report]] = defaultdict(list)
    for r in reports:
        by_speaker[r.speaker].append(r)
    statements: list[Statement] = []
    for speaker in sorted(by_speaker):
        mine: list[Statement] = []
        active: list[tuple[Statement, list[datetime | None]]] = []  # statements still reported, last date
        for report in sorted(by_speaker[speaker], key=Report.order_key):
            when = parse_when(report.published)
            if when is not None:  # a long-stale statement is not compared again (keeps large stores fast)
                active = [(st, last) for st, last in active if last[0] is None or when - last[0] <= OPEN_FOR]
            best, best_score, best_last = None, 0.0, None
            for st, last in active:
                scores = [match(report, m) for m in st.reports]
                if any(s is None and m.document == report.document for s, m in zip(scores, st.reports, strict=True)):
                    continue
                score = max((s for s in scores if s is not None), default=None)
                if score is not None and score > best_score:
                    best, best_score, best_last = st, score, last
            if best is None or best_last is None:
                best, best_last = Statement(id="", speaker=speaker), [None]
                mine.append(best)
                active.append((best, best_last))
            best.reports.append(report)
            best_last[0] = when or best_last[0]
        statements.extend(mine)
    statements.sort(key=lambda st: st.origin.order_key())
    for i, st in enumerate(statements, 1):
        st.id = f"s{i}"
    return statements


def ordinals(items: list[tuple[str, int]]) -> dict[tuple[str, int], tuple[int, int]]:
    """(speaker, start) pairs of one document -> each one's (index, count) among its speaker's."""
    by_speaker: dict[str, list[int]] = defaultdict(list)
    for speaker, start in items:
        by_speaker[speaker].append(start)
    out: dict[tuple[str, int], tuple[int, int]] = {}
    for speaker, starts in by_speaker.items():
        for i, s in enumerate(sorted(starts)):
            out[(speaker, s)] = (i, len(starts))
    return out


def group_statements(analyses: list[tuple[str, Analysis]], resolver: Any = None) -> list[Statement]:
    """Statements of a collection of analysed documents, each with all its reports (``origin`` is the first).

    ``analyses`` pairs a document key with its analysis. Actors are resolved across the collection
    first (``crossdoc.resolve_actors``; ``resolver`` is accepted for older callers and unused).
    Attributions without a resolved speaker (anonymous or unresolved sources) are left out: a
    statement needs someone who made it. A relay ("according to Bloomberg") is the outlet's report.
    """
    records: dict[str, ActorRecord] = {}
    for key, analysis in analyses:
        lang = analysis.document.language or "und"
        counts: dict[str, int] = defaultdict(int)
        for e in analysis.entities:
            if e.actor:
                counts[e.actor] += 1
        for actor in analysis.actors:
            rec = records.setdefault(actor.id, ActorRecord(actor.id, actor.type, actor.name))
            rec.names.extend((n, lang) for n in [actor.name, *actor.aliases])
            rec.documents = rec.documents | {key}
            rec.mentions += counts.get(actor.id, 0)
    canonical = {k: v.canonical_id for k, v in resolve_actors(list(records.values())).items()}
    reports: list[Report] = []
    for key, analysis in analyses:
        lang = analysis.document.language or "und"
        text = analysis.document.text
        story = frozenset(canonical.get(e.actor, e.actor) for e in analysis.entities if e.actor)
        atts = [a for a in analysis.attributions if a.speaker and not a.anonymous]
        speakers = {a.id: canonical.get(a.speaker, a.speaker) for a in atts}  # type: ignore[arg-type]
        turns = ordinals([(speakers[a.id], a.content.start) for a in atts])
        for att in atts:
            parts = att.content.parts()
            names = frozenset(
                canonical.get(e.actor, e.actor)
                for e in analysis.entities
                if e.actor and any(s <= e.start < end for s, end in parts)
            )
            reports.append(
                Report(
                    document=key,
                    language=lang,
                    published=analysis.document.published,
                    attribution=att.id,
                    speaker=speakers[att.id],
                    content=" ".join(text[s:e] for s, e in parts),
                    kind=att.kind,
                    names=names,
                    story=story,
                    position=att.content.start / max(1, len(text)),
                    ordinal=turns[(speakers[att.id], att.content.start)],
                    span=(att.content.start, att.content.end),
                )
            )
    statements = group_reports(reports)
    # Reports in the order the caller gave them (``origin`` still names the earliest).
    given = {id(r): i for i, r in enumerate(reports)}
    for st in statements:
        st.reports.sort(key=lambda r: given[id(r)])
    return statements


def statements_for(
    store: Store,
    *,
    speaker: str | None = None,
    document_id: int | None = None,
    limit: int | None = None,
    offset: int = 0,
    refresh: bool = False,
) -> list[dict[str, Any]]:
    """Stored statements as plain dicts, origin first within each, newest origin last.

    With ``refresh``, the resolve tables are rebuilt first if documents were analysed since the last
    rebuild (``dossier.resolve.rebuild``); otherwise this only reads.

    ``speaker`` is any actor id (a document-level slug finds its canonical actor's statements);
    ``document_id`` keeps the statements that document reports. Each dict: id, speaker (id, name,
    type), kind, first_published, first_document_id, languages, and reports (position, language,
    document id/title/url/published, attribution id, kind, content with its offsets, cue).
    """
    from dossier.resolve.read import read_statements

    if refresh:
        from dossier.resolve.rebuild import is_stale, rebuild

        if is_stale(store):
            rebuild(store)
    return read_statements(store, speaker=speaker, document_id=document_id, limit=limit, offset=offset)
