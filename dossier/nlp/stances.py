"""``stances``: each actor's position on the tracked issues (dossier/trackers/*.yaml).

A document is about an issue when one of the issue's keywords occurs; after that its
references ("the plan", "пункти") count too. Stance cues (lexicons/LANG/stance.yaml) give
the polarity, a negation just before a cue turns support into opposition and back, a hedge
just before it ("alleged support", "нібито") marks the stance hedged. Who holds it:
- a speaker, for cues in what they are quoted or reported to say about the issue (a
  statement nested in theirs, "he's saying that he's reviewing it", is its own speaker's);
- the person or organisation named right after a cue such as "support from", "з боку";
- otherwise, for the narrator's own sentences about the issue, the persons and
  organisations named there ("leaders have spoken out against the plan, including X and
  Y"), never those inside the issue's own name ("the Witkoff-Dmitriev plan").
- the speaker of a statement whose own cue is a stance ("Macron criticised the plan").
One stance per actor and issue: support and opposition together make it mixed; neutral
gives way to either. The evidence is the statement or sentence. When a point of the plan
(tracker ``points``) is named right after the cue ("dissatisfied with the restrictions
imposed on the Alliance"), the actor also gets a stance on that point.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from dossier.nlp.doc import Doc
from dossier.nlp.lexicon import LexiconError, read_yaml
from dossier.nlp.phrases import Word, compile_pattern, find_all, tokenize
from dossier.nlp.registry import component
from dossier.nlp.speakers import Covering, sentences_of
from dossier.records import Attribution, Entity, Span, Stance
from dossier.trackers import Tracker, default_trackers, load_trackers

_POLARITIES = ("support", "oppose", "neutral")
_HOLDER_WINDOW = 7  # words after "support from" in which the holder is named
_NEGATION_WINDOW = 3
_HEDGE_WINDOW = 3
_POINT_WINDOW = 6  # words after a cue in which a point of the plan is its object


@dataclass(frozen=True, slots=True)
class StanceLexicon:
    cues: tuple[tuple[str, ...], ...]
    polarity: tuple[str, ...]  # per cue
    hedges: frozenset[str]
    negations: frozenset[str]
    holder_after: frozenset[str]


@cache
def stance_lexicon(lang: str) -> StanceLexicon:
    data = read_yaml(lang, "stance")
    if data is None:
        return StanceLexicon((), (), frozenset(), frozenset(), frozenset())
    if not isinstance(data, dict):
        raise LexiconError(f"lexicons/{lang}/stance.yaml: expected a mapping support/oppose/neutral/hedge/negation")
    cues, pols = [], []
    for pol in _POLARITIES:
        for p in data.get(pol) or []:
            cues.append(compile_pattern(str(p)))
            pols.append(pol)
    return StanceLexicon(
        tuple(cues),
        tuple(pols),
        frozenset(str(w).lower().replace("’", "'") for w in data.get("hedge") or []),
        frozenset(str(w).lower().replace("’", "'") for w in data.get("negation") or []),
        frozenset(str(w).lower() for w in data.get("holder_after") or []),
    )


@dataclass(slots=True)
class Cue:
    polarity: str
    start: int  # character offsets
    end: int
    hedged: bool
    holder_after: bool
    first: int  # word indices into the tokenized document
    last: int


@dataclass(slots=True)
class _Vote:
    polarities: list[str] = field(default_factory=list)
    hedged: list[bool] = field(default_factory=list)
    evidence: list[Span] = field(default_factory=list)


def _flip(polarity: str) -> str:
    return {"support": "oppose", "oppose": "support"}.get(polarity, polarity)


class StanceFinder:
    def __init__(self, lang: str, trackers: tuple[Tracker, ...]) -> None:
        self.lang = lang
        self.trackers = trackers

    def __call__(self, doc: Doc) -> Doc:
        lang = doc.lang if doc.lang in ("en", "uk", "ru") else self.lang
        words = tokenize(doc.text)
        cues = self._cues(words, lang)
        ents = sorted((e for e in doc.entities if e.actor), key=lambda e: e.start)
        types = {a.id: a.type for a in doc.actors}
        stances: list[Stance] = []
        points_seen: dict[str, list[str]] = {}
        for tracker in self.trackers:
            names = self._matches(tracker.keywords.get(lang, ()), words)
            if not names:
                continue
            # Every way the issue is named, overlaps included: "мирний план Трампа" names Trump's plan.
            named = [span for p in tracker.keywords.get(lang, ()) for span in self._matches((p,), words)]
            refs = names + self._matches(tracker.references.get(lang, ()), words)
            point_spans: list[tuple[int, int]] = []
            points_at: list[tuple[int, str]] = []  # (character offset, point id)
            for point in tracker.points:
                found = self._matches(point.keywords.get(lang, ()), words)
                if found:
                    points_seen.setdefault(tracker.id, []).append(point.id)
                    point_spans += found
                    points_at += [(start, point.id) for start, _ in found]
            votes = self._collect(doc, tracker, words, cues, refs, named + point_spans, ents, types, sorted(points_at))
            for (actor, point), vote in votes.items():
                stances.append(self._stance(actor, tracker.id, vote, point))
        doc.stances = stances
        doc.extras["issue_points"] = points_seen
        return doc

    # --- matching

    @staticmethod
    def _matches(patterns: tuple[tuple[str, ...], ...], words: list[Word]) -> list[tuple[int, int]]:
        return [(words[i].start, words[j - 1].end) for i, j, _ in find_all(patterns, words)]

    def _cues(self, words: list[Word], lang: str) -> list[Cue]:
        lex = stance_lexicon(lang)
        out = []
        for i, j, k in find_all(lex.cues, words):
            before = [w.norm for w in words[max(0, i - _NEGATION_WINDOW) : i]]
            polarity = lex.polarity[k]
            if any(w in lex.negations or w.endswith("n't") for w in before):
                polarity = _flip(polarity)
            hedged = any(w.norm in lex.hedges for w in words[max(0, i - _HEDGE_WINDOW) : i])
            out.append(
                Cue(polarity, words[i].start, words[j - 1].end, hedged, lex.cues[k][-1] in lex.holder_after, i, j - 1)
            )
        return out

    # --- holders

    def _collect(
        self,
        doc: Doc,
        tracker: Tracker,
        words: list[Word],
        cues: list[Cue],
        refs: list[tuple[int, int]],
        excluded: list[tuple[int, int]],
        ents: list[Entity],
        types: dict[str, str],
        points_at: list[tuple[int, str]],
    ) -> dict[tuple[str, str | None], _Vote]:
        votes: dict[tuple[str, str | None], _Vote] = {}

        def point_of(cue: Cue, evidence: Span) -> str | None:
            # A point of the plan named right after the cue is what the stance is about:
            # "dissatisfied with the restrictions imposed on the Alliance".
            limit = words[min(len(words) - 1, cue.last + _POINT_WINDOW)].end
            for start, point in points_at[bisect_left(points_at, (cue.end, "")) :]:
                if start >= min(limit, evidence.end):
                    break
                return point
            return None

        atts = [a for a in doc.attributions if not a.relay]

        def vote(actor: str | None, cue: Cue, evidence: Span) -> None:
            if not actor or types.get(actor) not in ("PER", "ORG"):
                return
            point = point_of(cue, evidence)
            for key in [(actor, None)] + ([(actor, point)] if point else []):
                v = votes.setdefault(key, _Vote())
                v.polarities.append(cue.polarity)
                v.hedged.append(cue.hedged)
                if evidence not in v.evidence:
                    v.evidence.append(evidence)

        ref_starts = sorted(s for s, _ in refs)
        ent_starts = [e.start for e in ents]

        def mentions(span: Span) -> bool:
            i = bisect_left(ref_starts, span.start)
            return i < len(ref_starts) and ref_starts[i] < span.end

        # Interval indexes over the statements: a long text has thousands of them, and scanning them all
        # for every cue and entity made this step quadratic.
        contents = Covering([Span(a.content.start, a.content.end) for a in atts])
        sources = Covering([Span(a.source.start, a.source.end) if a.source else Span(0, 0) for a in atts])
        said_cues = Covering([Span(a.cue.start, a.cue.end) if a.cue and a.speaker else Span(0, 0) for a in atts])
        not_here = Covering([Span(st, en) for st, en in excluded])

        def innermost(pos: int) -> Attribution | None:
            inside = [atts[k] for k in sorted(contents.at(pos))]
            return min(inside, key=lambda a: a.content.end - a.content.start) if inside else None

        sentences = sentences_of(doc)
        sentence_starts = [st for st, _ in sentences]

        def sentence(pos: int) -> Span:
            return self._sentence(sentences, pos, sentence_starts)

        def about_issue(a: Attribution) -> bool:
            # A statement nested in one about the issue ("he's reviewing it") is about it too,
            # and so is an evaluation whose own sentence names it ("called it a capitulation").
            outer = any(
                o is not a and a.content.end <= o.content.end and mentions(o.content)
                for o in (atts[k] for k in contents.at(a.content.start))
            )
            return mentions(a.content) or outer or mentions(sentence((a.cue or a.content).start))

        for cue in cues:
            # The cue of a statement ("Macron criticised the plan") is its speaker's stance.
            overlapping = {k for pos in range(cue.start, cue.end) for k in said_cues.at(pos)}
            said = atts[min(overlapping)] if overlapping else None
            if said is not None:
                if not said.anonymous and about_issue(said):
                    vote(said.speaker, cue, sentence(cue.start))
                continue
            if cue.holder_after:
                holder = self._holder_after(cue, words, ents, ent_starts)
                s = sentence(cue.start)
                if holder is not None and mentions(s):
                    vote(holder.actor, cue, s)
                continue
            att = innermost(cue.start)
            if att is not None:
                if att.speaker and not att.anonymous and about_issue(att):
                    vote(att.speaker, cue, att.content)
                continue
            s = sentence(cue.start)
            if not mentions(s):
                continue
            for e in ents[bisect_left(ent_starts, s.start) : bisect_left(ent_starts, s.end)]:
                if not (s.start <= e.start < s.end) or not_here.at(e.start):
                    continue
                if contents.at(e.start) or sources.at(e.start):
                    continue  # named inside someone's statement, or as its source
                vote(e.actor, cue, s)
        return votes

    def _holder_after(self, cue: Cue, words: list[Word], ents: list[Entity], ent_starts: list[int]) -> Entity | None:
        """The person or organisation named within a few words after "support from"."""
        end = words[min(len(words) - 1, cue.last + _HOLDER_WINDOW)].end
        for e in ents[bisect_left(ent_starts, cue.end) :]:
            if e.start >= end:
                break
            if e.type in ("PER", "ORG"):
                return e
        return None

    @staticmethod
    def _sentence(sentences: list[tuple[int, int]], pos: int, starts: list[int]) -> Span:
        # sentences are in order and do not overlap: the one starting last at or before pos
        i = bisect_right(starts, pos) - 1
        if i >= 0 and pos < sentences[i][1]:
            return Span(*sentences[i])
        return Span(pos, pos)

    @staticmethod
    def _stance(actor: str, issue: str, vote: _Vote, point: str | None = None) -> Stance:
        pols = set(vote.polarities)
        if {"support", "oppose"} <= pols:
            polarity = "mixed"
        elif "support" in pols:
            polarity = "support"
        elif "oppose" in pols:
            polarity = "oppose"
        else:
            polarity = "neutral"
        kept = [h for p, h in zip(vote.polarities, vote.hedged, strict=True) if p == polarity or polarity == "mixed"]
        return Stance(
            actor=actor,
            issue=issue,
            polarity=polarity,
            point=point,
            hedged=bool(kept) and all(kept),
            evidence=sorted(vote.evidence, key=lambda s: s.start),
        )


@component("stances")
def make_stances(lang: str, config: dict[str, Any]) -> StanceFinder:
    """Settings: ``trackers`` = a folder of tracker YAML files (default: dossier/trackers/)."""
    path = config.get("trackers")
    trackers = tuple(load_trackers(Path(path))) if path else default_trackers()
    stance_lexicon(lang)  # a broken lexicon fails when the pipeline loads, not mid-batch
    return StanceFinder(lang, trackers)
