"""English attributions: direct quotes, reported speech and mixed quotes with cue, source, content.

Reads the spaCy parse that ``english_tokens`` leaves in ``doc.extras["spacy"]`` (no second parse).
Every word of the parse is a candidate cue; the learned cue table (``english_cues``) says how often
a word with that lemma, in that frame, cues an attribution. Content and source come from the parse
(``english_spans``) and are snapped to the quotations found by ``english_quotes``: a quote the
cue's clause reaches is taken whole, a quote interrupted by its attribution ("...," he said, "...")
becomes one content of several pieces, and quotes that follow an attributed quote with nothing
between them continue it. Reported speech inside a quotation ("“…, he's saying that he's reviewing
it, …”") is an attribution of its own, indirect, to the third person named inside.
"""

from __future__ import annotations

import bisect
import heapq
from dataclasses import dataclass
from functools import cache
from typing import Any

from spacy.attrs import POS
from spacy.tokens import Doc as SpacyDoc
from spacy.tokens import Token

from dossier.nlp.attribution.english_crf import DEFAULT_CRF, Candidate, CueCRF, columns
from dossier.nlp.attribution.english_cues import (
    CANDIDATE_POS_IDS,
    CueModel,
    default_model,
    frame,
    lemma_of,
    read_lexicon,
)
from dossier.nlp.attribution.english_quotes import QUOTE_CHARS, Quote, find_quotes, paragraphs
from dossier.nlp.attribution.english_spans import Range, content_ranges, cut_tail, source_range, subtree, trim, unsaid
from dossier.nlp.doc import Doc
from dossier.nlp.registry import component
from dossier.records import Attribution, AttributionKind, Span

CueScorer = CueModel | CueCRF
MIN_QUOTE_WORDS = 4  # shorter quotations are titles and scare quotes, not statements


@dataclass(slots=True)
class _Found:
    cue_tok: Token
    score: float
    content: list[Range]
    cue: Range
    source: Range | None
    nested: bool = False  # reported speech inside someone's quotation
    inherits: bool = True  # without a source, takes the one of the attribution before it


class QuoteIndex:
    """Outermost quotations of a text, searchable by offset."""

    def __init__(self, text: str, quotes: list[Quote]) -> None:
        self.text = text
        self.quotes = quotes
        self.starts = [q.start for q in quotes]
        self.paragraphs = paragraphs(text)
        self.para_starts = [p[0] for p in self.paragraphs]
        self._long: dict[int, bool] = {}  # by start: every word inside a quotation asks

    def at(self, offset: int) -> Quote | None:
        i = bisect.bisect_right(self.starts, offset) - 1
        if i >= 0 and self.quotes[i].start <= offset < self.quotes[i].end:
            return self.quotes[i]
        return None

    def overlapping(self, r: Range) -> list[Quote]:
        i = max(bisect.bisect_right(self.starts, r[0]) - 1, 0)
        out = []
        while i < len(self.quotes) and self.quotes[i].start < r[1]:
            q = self.quotes[i]
            if q.end > r[0]:
                out.append(q)
            i += 1
        return out

    def after(self, offset: int, gap: str = " ,\n") -> Quote | None:
        """The quotation that starts after ``offset`` with only ``gap`` characters between."""
        i = bisect.bisect_left(self.starts, offset)
        # gaps are short: bounding them keeps the slice (and the whole pass) linear
        q = self.quotes[i] if i < len(self.quotes) else None
        if q and q.start < offset + 40 and not self.text[offset : q.start].strip(gap):
            return q
        return None

    def paragraph(self, offset: int) -> Range:
        """The paragraph (non-blank line) around ``offset``."""
        i = bisect.bisect_right(self.para_starts, offset) - 1
        return self.paragraphs[i] if i >= 0 else (0, len(self.text))

    def before(self, offset: int, gap: str = " ,\n") -> Quote | None:
        """The quotation that ends before ``offset`` with only ``gap`` characters between."""
        i = bisect.bisect_right(self.starts, offset) - 1
        q = self.quotes[i] if i >= 0 else None
        if q and offset - 40 < q.end <= offset and not self.text[q.end : offset].strip(gap):
            return q
        return None

    def long(self, q: Quote) -> bool:
        found = self._long.get(q.start)
        if found is None:
            found = self._long[q.start] = len(self.text[q.start : q.end].split()) >= MIN_QUOTE_WORDS
        return found


def candidates(sdoc: SpacyDoc, quotes: QuoteIndex) -> list[list[Candidate]]:
    """The candidate cue words of each sentence, with their frames."""
    out = []
    # the words, lemmas, dependencies and children once for every candidate's frame and features,
    # and the parts of speech, from the token arrays: only candidates become spaCy Tokens
    cols = columns(sdoc)
    words, deps = cols.words, cols.deps
    pos = sdoc.to_array(POS).tolist() if len(sdoc) else []
    n = len(words)
    for sent in sdoc.sents:
        cands = []
        # a quotation beside a cue's clause is at most 40 characters from its sentence: most
        # sentences have none, and their words need no look for one
        near = bool(quotes.overlapping((max(0, sent.start_char - 40), sent.end_char + 40)))
        start, end = sent.start, sent.end
        for i in range(start, end):
            if pos[i] not in CANDIDATE_POS_IDS and words[i] != "according":  # is_candidate, by ids
                continue
            tok = sdoc[i]
            q = quotes.at(tok.idx) if near else None
            beside = bool(adjacent_quotes(tok, quotes)) if q is None and near else False
            colon = i + 1 < n and words[i + 1] == ":"
            kid_deps = {deps[k] for k in cols.children(i)}
            fr = frame(tok, q is not None and quotes.long(q), beside, kid_deps, colon)
            cands.append(Candidate(tok, fr, beside, start, end, cols))
        out.append(cands)
    return out


def extract(
    sdoc: SpacyDoc,
    scorer: CueScorer | None = None,
    threshold: float | None = None,
    continue_quotes: bool = True,
    text: str | None = None,
) -> list[Attribution]:
    """All attributions of a parsed English text, in text order.

    ``scorer`` rates candidate cues (default: the shipped CRF, or the cue table without it);
    ``threshold`` is the lowest score kept (default: the scorer's own); ``text`` is the document's
    own text when the parse saw a re-cased copy of it (same offsets).
    """
    scorer = scorer or default_scorer()
    threshold = scorer.threshold if threshold is None else threshold
    text = sdoc.text if text is None else text
    if len(text) != len(sdoc.text):
        raise ValueError("the parse does not cover the text (lengths differ)")
    if len(sdoc) and not sdoc.has_annotation("DEP"):
        raise ValueError("English attributions need a dependency parse: the spaCy pipeline has no parser")
    quotes = QuoteIndex(text, find_quotes(text))
    found: list[_Found] = []
    for cands in candidates(sdoc, quotes):
        for c, score in zip(cands, scorer.scores(cands), strict=True):
            nested = score < threshold and _nested_report(c)
            relayed = score < threshold and _relayed_report(c)
            if (score < threshold and not nested and not relayed) or _weak(c):
                continue
            content = candidate_content(c, quotes)
            if content and not _anonymity_note(content, text):
                source = _within(_opt(source_range(c.tok, text)), quotes.paragraph(c.tok.idx))
                src = source[0] if source else None
                found.append(_Found(c.tok, score, content, _cue_range(c.tok), src, nested, not unsaid(c.tok)))
    found.extend(_labelled(sdoc, text, quotes))
    found = _drop_duplicates(found)
    _inherit_sources(found, text)
    if continue_quotes:
        _continue_quotes(found, quotes)
    return [_record(i, f, text, quotes) for i, f in enumerate(sorted(found, key=lambda f: f.content[0]))]


LABEL_STOP = frozenset(read_lexicon("attribution_label_stop.txt"))
DASHES = "―—–-"


def _labelled(sdoc: SpacyDoc, text: str, quotes: QuoteIndex) -> list[_Found]:
    """Speakers named outside a sentence: "TAPPER: …" / "Clinton: …" at a paragraph's start
    (transcripts, headlines) and "“…” ― Maria Lopez" (a quotation signed with a dash)."""
    out = []
    for ps, pe in paragraphs(text):
        colon = text.find(":", ps, min(pe, ps + 60))
        if colon > ps:
            label = sdoc.char_span(ps, colon, alignment_mode="contract")
            content = trim(text, (colon + 1, pe))
            if label is not None and content and _is_name_label(label):
                out.append(_Found(label.root, 0.5, [content], (colon, colon + 1), (ps, colon)))
                continue
        q = quotes.at(ps)
        if q is not None and q.start == ps:
            rest = text[q.end : pe]
            stripped = rest.lstrip(" \xa0")
            if stripped[:1] in DASHES:
                name_s = q.end + len(rest) - len(stripped)
                span = sdoc.char_span(name_s + 1, pe, alignment_mode="contract")
                if span is not None and _is_name_label(span):
                    out.append(
                        _Found(span.root, 0.5, list(q.parts), (name_s, name_s + 1), trim(text, (name_s + 1, pe)))
                    )
    return out


def _is_name_label(span: Any) -> bool:
    """A short run of names or capitalised words ("JAKE TAPPER", "Q", "Frank Newport and Jim Harter")."""
    words = [t for t in span if not t.is_punct]
    if not words or len(words) > 6 or span.text.lower() in LABEL_STOP:
        return False
    return all(t.pos_ == "PROPN" or t.is_upper or t.lower_ in ("and", "&") for t in words)


def _inherit_sources(found: list[_Found], text: str) -> None:
    """A cue without a subject of its own ("…, adding that …", "Asked about it, …") reports the
    speaker of the attribution just before it in the same or the previous paragraph."""
    last: _Found | None = None
    for f in sorted(found, key=lambda f: f.cue[0]):
        if f.source is None and f.inherits and last is not None and last.source is not None:
            gap = text[last.cue[1] : f.cue[0]]
            if len(gap) < 400 and gap.count("\n\n") + gap.count("\n") <= 2:
                f.source = last.source
        if f.source is not None:
            last = f


REPORTING = frozenset(read_lexicon("attribution_verbs.txt") + read_lexicon("attribution_nouns.txt")) | {"accord"}


def _weak(c: Candidate) -> bool:
    """Cues that are not words of saying or thinking and govern only a prepositional phrase
    ("met with opposition", "agreed on a timeline") or nothing: PolNeAR's annotators took them as
    often as not, and for a reader they are events, not statements."""
    if lemma_of(c.tok) in REPORTING:
        return False
    fr = c.frame.removeprefix("q:")
    if fr == "xcomp":
        # "officials discuss boosting aid", "began talking": a gerund is an activity, not a content
        return all(x.tag_ == "VBG" for x in c.tok.children if x.dep_ == "xcomp")
    return fr in ("prep", "none")


FIRST_SECOND = frozenset({"i", "we", "you"})


def _nested_report(c: Candidate) -> bool:
    """Reported speech inside a quotation: '“…, he's saying that he's reviewing it, …”'. The
    speaker of the quote reports what a third person says or thinks: a verb of saying with its
    own third-person subject and a that-clause. (PolNeAR's annotators rarely mark these, so the
    cue model learns to skip them; without an explicit "that" they are mostly "I think …".)"""
    if c.frame != "q:ccomp" or lemma_of(c.tok) not in REPORTING:
        return False
    subject = next((x for x in c.tok.children if x.dep_ == "nsubj"), None)
    if subject is None or subject.lower_ in FIRST_SECOND:
        return False
    comp = next((x for x in c.tok.children if x.dep_ == "ccomp" and x.i > c.tok.i), None)
    return comp is not None and any(m.dep_ == "mark" and m.lower_ == "that" for m in comp.children)


def _relayed_report(c: Candidate) -> bool:
    """The report an outlet relays: "According to Bloomberg, Driscoll said …". The relay and the
    statement it passes on are two attributions (so the statement's speaker is known and the
    outlet is its ``via``); the cue model, trained on one cue a clause, scores the inner one low."""
    tok = c.tok
    if tok.lower_ == "according" and c.frame == "prep":
        # the relay itself, over a statement with a speaker of its own
        head = tok.head
        return head.i > tok.i and _own_statement(head)
    if c.frame != "ccomp" or not _own_statement(tok):
        return False
    if any(x.lower_ == "according" and x.i < tok.i for x in tok.children):
        return True
    # "Bloomberg reported that Driscoll said …"
    return tok.dep_ == "ccomp" and lemma_of(tok.head) in RELAY_CUES and tok.head.i < tok.i


def _own_statement(tok: Token) -> bool:
    """A verb of saying with its own subject and a reported clause ("Driscoll said the talks …")."""
    if lemma_of(tok) not in REPORTING or tok.pos_ not in ("VERB", "AUX"):
        return False
    subject = any(x.dep_ in ("nsubj", "nsubjpass") for x in tok.children)
    return subject and any(x.dep_ == "ccomp" and x.i > tok.i for x in tok.children)


ANONYMITY = frozenset(read_lexicon("attribution_anonymity.txt"))


def _anonymity_note(content: list[Range], text: str) -> bool:
    """ "(who) asked not to be named", "spoke on condition of anonymity": the reporter's note on
    an unnamed source, not something the source said."""
    said = " ".join(text[s:e] for s, e in content).lower().strip(" .,;")
    return any(said == a or said.startswith(a + " ") for a in ANONYMITY)


def _opt(r: Range | None) -> list[Range]:
    return [r] if r else []


def _within(ranges: list[Range], bounds: Range) -> list[Range]:
    """The parts of ``ranges`` inside one paragraph: a parse that runs over a blank line (a
    headline glued to the next paragraph) is not evidence across it."""
    out = []
    for s, e in ranges:
        s, e = max(s, bounds[0]), min(e, bounds[1])
        if e > s:
            out.append((s, e))
    return out


def _cue_range(tok: Token) -> Range:
    """The cue word with its particle ("point out") or preposition ("according to")."""
    last = tok
    for c in tok.children:
        if c.dep_ == "prt" and c.i == last.i + 1:
            last = c
    if tok.lower_ == "according" and tok.i + 1 < len(tok.doc) and tok.doc[tok.i + 1].lower_ == "to":
        last = tok.doc[tok.i + 1]
    return tok.idx, last.idx + len(last)


def candidate_content(c: Candidate, quotes: QuoteIndex) -> list[Range]:
    """What candidate cue ``c`` would report (its content's pieces), or [] when it has none."""
    return _content(c.tok, c.frame, quotes, adjacent_quotes(c.tok, quotes) if c.beside else [])


def _content(tok: Token, fr: str, quotes: QuoteIndex, beside: list[Quote]) -> list[Range]:
    text = quotes.text
    ranges = [_lead_in(tok, q, text) for q in beside] or [
        cut_tail(tok, r) for r in _within(content_ranges(tok, fr, text), quotes.paragraph(tok.idx))
    ]
    if not ranges and fr.removeprefix("q:") in ("colon", "none", "prep", "dobj"):
        # "he said:" / "he said." followed by the quotation
        sent_end = tok.sent[-1].idx + len(tok.sent[-1])
        q = quotes.after(tok.idx + len(tok), " :\n,")
        if q is None and tok.sent[-1].text == ":":
            q = quotes.after(sent_end, " \n")
        if q and (quotes.long(q) or _short_reply(tok, q, text)):
            return list(q.parts)
        return []
    if not ranges:
        return []
    snapped: list[Range] = []
    for r in ranges:
        for q in quotes.overlapping(r):
            # the clause reaches into a quotation (not the one the cue itself stands in): take it whole
            if quotes.long(q) and not q.start <= tok.idx < q.end:
                r = (min(r[0], q.start), max(r[1], q.end))
        snapped.append(r)
    # "…," he said, "…": the quotation that resumes right after the cue's clause
    quoted = [r for r in snapped if quotes.at(r[0])]
    if quoted and quoted[-1][1] <= tok.idx:
        clause_end = _clause_end(tok, quotes)
        nxt = quotes.after(clause_end, " ,.:;")
        if nxt and "." in text[clause_end : nxt.start] and nxt.inner(text)[-1:] == ",":
            nxt = None  # 'X said. “…,” Y added': a new sentence whose quote has its own cue
        if not (nxt and nxt.start > tok.idx and nxt.start - clause_end < 4):
            # '“…,” said Caddell, speaking of her health. “…”': the next sentence resumes it
            sent_end = tok.sent.end_char
            opened = quotes.at(sent_end - 1)
            if opened is not None and opened.start > tok.idx and sent_end - opened.start <= 2:
                sent_end = opened.start  # the parse took the next quotation's opening '' into the sentence
            # (a title in quotation marks after the cue, 'he said on ABC's “This Week.”', is no quote of his)
            between = [q for q in quotes.overlapping((tok.idx, sent_end)) if quotes.long(q)]
            nxt = quotes.after(sent_end, " \xa0\n") if not between else None
            if nxt and (nxt.inner(text)[-1:] == "," or not _goes_on(nxt, quotes.paragraph(tok.idx)[1], quotes)):
                nxt = None  # '“…,” Melanie said': someone else's words
        if nxt and nxt.start > tok.idx and len(nxt.inner(text).split()) > 1:
            snapped.append((nxt.start, nxt.end))
    out = sorted({t for r in snapped if (t := trim(text, r) if not quotes.at(r[0]) else r)})
    if out and fr.removeprefix("q:") in ("ccomp", "xcomp", "dobj") and text[out[-1][1] : out[-1][1] + 1] == ":":
        # "she has the quality for the job: “Steadiness …”": the quotation the clause announces
        q = quotes.after(out[-1][1] + 1, " ")
        if q is not None and quotes.long(q) and q.start > tok.idx:
            out[-1] = (out[-1][0], q.end)
    return _merge(out)


def _goes_on(q: Quote, para_end: int, quotes: QuoteIndex) -> bool:
    """A quotation after the cue's sentence goes on with the same speaker: in the same paragraph,
    or as the whole of the next one ('“…,” Trump said.¶"I'm very disappointed …"'), where a
    quotation with no cue of its own is the speaker's still."""
    if q.start < para_end:
        return True
    ps, pe = quotes.paragraph(q.start)
    return q.start == ps and not quotes.text[q.end : pe].strip(" .")


def _lead_in(tok: Token, q: Quote, text: str) -> Range:
    """A quotation before its cue, with the reporter's words that open its sentence: 'America
    needs leaders “who understand …,” Clinton said' (PolNeAR takes the sentence's start too)."""
    start = tok.sent.start_char
    if q.end > tok.idx or not start < q.start:
        return q.start, q.end
    lead = text[start : q.start]
    if not lead.strip() or "\n" in lead or any(c in QUOTE_CHARS for c in lead) or lead.rstrip()[-1:] in ":,":
        return q.start, q.end
    return start, q.end


def _short_reply(tok: Token, q: Quote, text: str) -> bool:
    """'He said “hello”.': a short quotation right after a verb of saying that ends the sentence
    is what was said (a short one anywhere else is a title or a scare quote)."""
    end = tok.sent.end_char
    return lemma_of(tok) in REPORTING and q.end <= end and not text[q.end : end].strip(" .!?")


def adjacent_quotes(tok: Token, quotes: QuoteIndex) -> list[Quote]:
    """Quotations the cue's own clause touches: '“…,” he said' and/or 'he said, “…”'."""
    text = quotes.text
    out = []
    start = _clause_start(tok, quotes)
    q = quotes.before(start, " ,\xa0")
    if q is not None:
        last = text[q.start : q.end].rstrip(QUOTE_CHARS + "'")[-1:]
        # '“….” He said' starts a new sentence; '“…,” he said' and '“…?” he asked' do not
        speech = last in ",?!—–-…" or "," in text[q.end : start]
        if speech and (quotes.long(q) or len(q.inner(text).split()) > 1):
            out.append(q)
    end = _clause_end(tok, quotes)
    q = quotes.after(end, " ,:\xa0") or (quotes.after(end, " :\n") if text[end : end + 1] == ":" else None)
    if q is not None and (quotes.long(q) or out):
        out.append(q)
    return out


def _clause_start(tok: Token, quotes: QuoteIndex) -> int:
    """Start of the cue's own clause: its subject and auxiliaries when they come first (a word
    inside the quotation before it is a parse error, not the subject)."""
    start = tok.idx
    for c in tok.children:
        own = c.dep_ in ("nsubj", "aux", "neg", "advmod", "auxpass", "nsubjpass")
        if c.i < tok.i and own and quotes.at(c.idx) is None:
            start = min(start, subtree(c)[0])
    return start


def _clause_end(tok: Token, quotes: QuoteIndex) -> int:
    """End of the cue's own clause ("he said" / "said Smith, the minister"). A word inside a
    quotation after the cue is a parse error, not its object ('“It is,” he added, “a serious
    document …”' hangs "document" on "added")."""
    end = tok.idx + len(tok)
    for c in tok.children:
        if c.i > tok.i and c.dep_ in ("nsubj", "advmod", "prep", "npadvmod", "dobj", "dative", "prt", "agent"):
            if quotes.at(c.idx) is not None:
                continue
            end = max(end, subtree(c)[1])
    return end


def _merge(ranges: list[Range]) -> list[Range]:
    out: list[Range] = []
    for s, e in ranges:
        if out and s <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], e))
        else:
            out.append((s, e))
    return out


def _drop_duplicates(found: list[_Found]) -> list[_Found]:
    """Two cues claiming nearly the same content ("said" and "added" over one quote): keep the likelier.

    Only contents whose extents meet can be duplicates: a sweep over the extents lists those
    pairs (n log n, plus the pairs themselves, a handful per content in prose), then the
    contents are kept in order of score unless a kept one overlaps them by 80 %.
    """
    extents = [(f.content[0][0], f.content[-1][1]) for f in found]
    meets: list[list[int]] = [[] for _ in found]
    active: list[tuple[int, int]] = []  # (end, index) of the extents still open at the sweep
    for i in sorted(range(len(found)), key=lambda i: extents[i][0]):
        lo = extents[i][0]
        while active and active[0][0] <= lo:
            heapq.heappop(active)
        for _, j in active:
            meets[i].append(j)
            meets[j].append(i)
        heapq.heappush(active, (extents[i][1], i))
    sizes = [sum(e - s for s, e in f.content) for f in found]
    kept = [False] * len(found)
    # (a stable sort: among equal scores the earlier finding wins; the result stays in this order)
    order = sorted(range(len(found)), key=lambda i: -found[i].score)
    # "Y said X, according to Bloomberg": the relay and the statement it relays share a content
    # and are both kept (the statement's ``via`` is the relay's outlet)
    relay = [f.cue_tok is not None and f.cue_tok.lower_ == "according" for f in found]
    for i in order:
        if not any(
            kept[j]
            and relay[i] == relay[j]
            and _shared(found[i].content, found[j].content) >= 0.8 * max(sizes[i], sizes[j])
            for j in meets[i]
        ):
            kept[i] = True
    return [found[i] for i in order if kept[i]]


def _shared(a: list[Range], b: list[Range]) -> int:
    """Characters two sorted lists of ranges have in common."""
    a, b = _merge(sorted(a)), _merge(sorted(b))
    i = j = n = 0
    while i < len(a) and j < len(b):
        n += max(0, min(a[i][1], b[j][1]) - max(a[i][0], b[j][0]))
        if a[i][1] < b[j][1]:
            i += 1
        else:
            j += 1
    return n


def _continue_quotes(found: list[_Found], quotes: QuoteIndex) -> None:
    """A quotation right after an attributed one, with nothing but space between, continues it."""
    claimed = {(q.start) for f in found for r in f.content for q in quotes.overlapping(r)}
    ends = {f.content[-1][1]: f for f in found}
    for q in quotes.quotes:
        if q.start in claimed or not quotes.long(q):
            continue
        if q.inner(quotes.text)[-1:] == ",":
            continue  # '“…,” Melanie said': a quotation ending in a comma has its own speaker
        before = quotes.text[: q.start].rstrip()
        # the previous sentence ended with the attributed quote, or with "…," he said.
        prev = ends.get(len(before))
        if prev is None:
            continue
        prev.content.append((q.start, q.end))
        ends = {f.content[-1][1]: f for f in found}
        claimed.add(q.start)


def _kind(content: list[Range], text: str, quotes: QuoteIndex) -> AttributionKind:
    total = sum(e - s for s, e in content)
    quoted = sum(min(e, q.end) - max(s, q.start) for s, e in content for q in quotes.overlapping((s, e)))
    # a quotation first (“…,” he said, and what follows) is a direct quote; words of the
    # reporter around quoted fragments make a mixed one
    if quoted >= 0.9 * total or (quoted >= 0.5 * total and text[content[0][0]] in QUOTE_CHARS + "'"):
        return "direct"
    if any(c in QUOTE_CHARS for s, e in content for c in text[s:e]):
        return "mixed"
    return "indirect"


RELAY_CUES = frozenset(read_lexicon("attribution_relay.txt"))
MEDIA_WORDS = tuple(read_lexicon("attribution_media.txt"))


def _is_media(source: str) -> bool:
    words = source.lower().replace("’s", "").replace("'s", "").split()
    joined = " ".join(words)
    return any(m in words or (" " in m and m in joined) for m in MEDIA_WORDS)


def _record(i: int, f: _Found, text: str, quotes: QuoteIndex) -> Attribution:
    source = Span(*f.source) if f.source else None
    relay = bool(source) and lemma_of(f.cue_tok) in RELAY_CUES and _is_media(text[f.source[0] : f.source[1]])
    return Attribution(
        id=f"a{i + 1}",
        kind="indirect" if f.nested else _kind(f.content, text, quotes),
        content=Span.from_parts(f.content),
        cue=Span(*f.cue),
        source=source,
        relay=relay,
    )


@cache
def default_scorer() -> CueScorer:
    """The shipped CRF when present, else the cue table."""
    return CueCRF(DEFAULT_CRF) if DEFAULT_CRF.exists() else default_model()


@component("english_attributions")
def english_attributions(lang: str, config: dict[str, Any]) -> Any:
    """Pipeline component: appends English attributions to ``doc.attributions``.

    Settings: ``model`` (path of a cue model: ``.crfsuite`` for a CRF, ``.tsv`` for a cue table;
    default the shipped CRF), ``threshold`` (lowest cue score kept), ``spacy_model`` (parser loaded
    only when no earlier component left a parse; default english_tokens' own choice).
    """
    from pathlib import Path

    path = config.get("model")
    if not path:
        model: CueScorer = default_scorer()
    elif str(path).endswith(".crfsuite"):
        model = CueCRF(Path(path))
    else:
        model = CueModel.load(Path(path))
    threshold = float(config["threshold"]) if "threshold" in config else None
    parser_settings = {"model": config["spacy_model"]} if config.get("spacy_model") else {}

    def run(doc: Doc) -> Doc:
        from dossier.nlp.english.tokens import spacy_doc

        # the parse english_tokens left; parsed here only when the pipeline has no english_tokens
        sdoc = spacy_doc(doc, parser_settings)
        start = len(doc.attributions)
        for k, a in enumerate(extract(sdoc, model, threshold, text=doc.text)):
            a.id = f"a{start + k + 1}"
            doc.attributions.append(a)
        return doc

    return run
