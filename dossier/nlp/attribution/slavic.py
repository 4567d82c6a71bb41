"""Ukrainian and Russian attributions: direct quotes, reported speech and mixed quotes.

Component ``slavic_attributions``. Rules over tokens, punctuation and pymorphy3 morphology
(lexicons in ``dossier/nlp/lexicons/{uk,ru}/attribution_*``) find each attribution's content,
cue and source spans, its kind, and whether a media outlet relays it. Speakers (which actor a
source names) are left to the ``speakers`` component.
"""

from __future__ import annotations

from typing import Any

from dossier.nlp.attribution.slavic_base import (
    Candidate,
    overlaps,
    parts_length,
    same_content,
    shared_chars,
)
from dossier.nlp.attribution.slavic_direct import DirectRules
from dossier.nlp.attribution.slavic_reported import ReportedRules
from dossier.nlp.attribution.slavic_text import TextView
from dossier.nlp.doc import Doc
from dossier.nlp.registry import component
from dossier.records import Attribution, Span


class Finder(DirectRules, ReportedRules):
    """All rules over one document, and how their candidates are reconciled."""

    def run(self) -> list[Candidate]:
        # two passes: the author's words found anywhere in the first bound every content
        # in the second ("..., за прогнозами X, буде ..., повідомляє Y")
        self.rules()
        self.out = []
        self.rules()
        return self.resolve()

    def rules(self) -> None:
        self.dash_dialogue()
        self.direct_quotes()
        self.according()
        self.as_phrases()
        self.verbs()
        self.impersonals()
        self.this_reported()
        self.quotatives()
        self.cueless()

    def resolve(self) -> list[Candidate]:
        """Reconcile the candidates: one per cue, merged restatements, nested relays. Only
        candidates whose spans overlap can interact, so each group of overlapping ones is
        reconciled on its own (linear in the document's length)."""
        out: list[Candidate] = []
        for group in _overlapping_groups(self.out):
            kept: list[Candidate] = []
            for c in sorted(group, key=lambda c: c.priority):
                if any(overlaps(c.cue, k.cue) and c.relay == k.relay for k in kept if c.cue and k.cue):
                    continue
                if any(same_content(c, k) for k in kept):
                    continue
                kept.append(c)
            kept = self.merge_this(kept)
            kept = self.merge_restated(kept)
            self.mark_nested_relays(kept)
            out.extend(kept)
        out.sort(key=lambda c: (c.content[0][0], c.priority))
        return out

    def merge_restated(self, kept: list[Candidate]) -> list[Candidate]:
        """ "выступил с заявлением: он сообщил, что ...": one speech event told twice is one
        attribution with two cue pieces and two source pieces."""
        out = []
        for outer in kept:
            merged = False
            if outer.kind != "direct" and not outer.relay and outer.cue and len(outer.content) == 1:
                cs = outer.content[0][0]
                for inner in kept:
                    if inner is outer or not inner.source or not inner.cue or inner.kind == "direct":
                        continue
                    first = self.v.tok_index(cs)
                    pronoun = self.v.has("pronouns", first) and inner.source[0] == (cs, self.v.toks[first].end)
                    starts_here = pronoun and inner.source[0][0] == cs
                    inside = shared_chars(inner.content, outer.content) == parts_length(inner.content)
                    if starts_here and inside and inner.cue[0][0] < cs + 60:
                        inner.cue = sorted(inner.cue + outer.cue)
                        inner.source = sorted(inner.source + outer.source)
                        merged = True
                        break
            if not merged:
                out.append(outer)
        return out

    def mark_nested_relays(self, kept: list[Candidate]) -> None:
        """ "Марк отметил, что рабочие рассказали, что ...": reported speech whose content is
        itself someone's reported speech passes that report on (a relay)."""
        for outer in kept:
            if outer.kind == "direct" or outer.relay or not outer.cue:
                continue
            for inner in kept:
                if inner is outer or inner.kind == "direct" or not inner.cue or not inner.source:
                    continue
                cue_inside = any(s <= inner.cue[0][0] and inner.cue[-1][1] <= e for s, e in outer.content)
                if cue_inside and shared_chars(inner.content, outer.content) == parts_length(inner.content):
                    outer.relay = True
                    break

    def merge_this(self, kept: list[Candidate]) -> list[Candidate]:
        """ "Соседи считают, что ... Об этом заявил X": one speech event, two cues."""
        out = []
        for c in kept:
            if c.extra.get("this"):
                cs, ce = c.content[0][0], c.content[-1][1]
                inner = [
                    k
                    for k in kept
                    if k is not c and not k.extra.get("this") and cs <= k.content[0][0] and k.content[-1][1] <= ce
                ]
                if len(inner) == 1 and parts_length(inner[0].content) >= 0.5 * (ce - cs):
                    inner[0].cue = sorted(inner[0].cue + c.cue)
                    inner[0].source = sorted(inner[0].source + c.source)
                    continue
            out.append(c)
        return out


def _extent(c: Candidate) -> tuple[int, int]:
    spans = c.content + c.cue + c.source
    return min(s for s, _ in spans), max(e for _, e in spans)


def _overlapping_groups(cands: list[Candidate]) -> list[list[Candidate]]:
    """Candidates grouped so that any two whose spans overlap share a group."""
    groups: list[list[Candidate]] = []
    end = -1
    for c in sorted(cands, key=_extent):
        s, e = _extent(c)
        if groups and s < end:
            groups[-1].append(c)
            end = max(end, e)
        else:
            groups.append([c])
            end = e
    return groups


def find_attributions(
    text: str,
    lang: str,
    tokens: list[tuple[int, int]] | None = None,
    sentences: list[tuple[int, int]] | None = None,
) -> list[Attribution]:
    """Attributions in a Ukrainian or Russian text (``lang`` "uk" or "ru")."""
    if not text.strip():
        return []
    view = TextView(text, lang, tokens, sentences)
    out = []
    for n, c in enumerate(Finder(view).run(), 1):
        out.append(
            Attribution(
                id=f"a{n}",
                kind=c.kind,  # type: ignore[arg-type]
                content=Span.from_parts(c.content),
                cue=Span.from_parts(c.cue) if c.cue else None,
                source=Span.from_parts(c.source) if c.source else None,
                relay=c.relay,
            )
        )
    return out


@component("slavic_attributions")
def slavic_attributions(lang: str, config: dict[str, Any]) -> Any:
    """Pipeline component: appends the document's attributions to ``doc.attributions``."""

    def run(doc: Doc) -> Doc:
        language = lang if lang in ("uk", "ru") else (doc.lang if doc.lang in ("uk", "ru") else "ru")
        tokens = [(t.start, t.end) for t in doc.tokens] if doc.tokens else None
        sentences = list(doc.sentences) if doc.sentences else None
        found = find_attributions(doc.text, language, tokens, sentences)
        offset = len(doc.attributions)
        for n, a in enumerate(found, offset + 1):
            a.id = f"a{n}"
        doc.attributions.extend(found)
        return doc

    return run
