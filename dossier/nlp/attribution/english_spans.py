"""Content and source spans of a cue word, read off the dependency parse.

The conventions follow PolNeAR's annotation: the content of "said that X" is the whole clause
including "that"; of "wants to X" the infinitive; of "called him a liar" the object with its
complement; a quotation is taken whole, marks included; the source is the subject with everything
it governs (appositions included), the agent of a passive, or the object of "according to".
"""

from __future__ import annotations

from spacy.tokens import Token

Range = tuple[int, int]

_TRIM = " \n\t\r\xa0,;:—–-"
_CONTENT_PREPS = frozenset({"of", "about", "on", "against", "for", "to", "with", "over"})


def tok_range(first: Token, last: Token) -> Range:
    return first.idx, last.idx + len(last)


def subtree(tok: Token) -> Range:
    return tok_range(tok.left_edge, tok.right_edge)


def trim(text: str, r: Range) -> Range | None:
    s, e = r
    while s < e and text[s] in _TRIM:
        s += 1
    while e > s and (text[e - 1] in _TRIM or text[e - 1] == "."):
        e -= 1
    return (s, e) if e > s else None


def minus(outer: Range, holes: list[Range]) -> list[Range]:
    """``outer`` with ``holes`` cut out, as ordered pieces."""
    pieces = [outer]
    for hs, he in holes:
        nxt = []
        for s, e in pieces:
            if he <= s or hs >= e:
                nxt.append((s, e))
                continue
            if s < hs:
                nxt.append((s, hs))
            if he < e:
                nxt.append((he, e))
        pieces = nxt
    return pieces


def _children(tok: Token, *deps: str) -> list[Token]:
    return [c for c in tok.children if c.dep_ in deps]


def content_ranges(tok: Token, fr: str, text: str) -> list[Range]:
    """The content governed by cue ``tok`` in frame ``fr`` (before quote snapping), or [].

    ``text`` is the parsed text (passed in: ``Doc.text`` rebuilds the string on every call).
    """
    fr = fr.removeprefix("q:")
    if tok.lower_ == "according":
        if any(o.tag_ in ("WDT", "WP") for o in according_objects(tok)):
            return []  # "the plan, according to which Ukraine must cede territory": not a report
        return _around_phrase(tok, text)
    if fr == "ccomp":
        comps = _children(tok, "ccomp")
        right = [c for c in comps if c.i > tok.i]
        c = right[0] if right else comps[-1]
        start, end = subtree(c)
        if c.i > tok.i:
            end = _extend_right(tok, c, _conjoined(tok, c, end), EXTEND_CLAUSE)
        # "Driscoll said the talks were productive, according to Bloomberg": the outlet's phrase
        # is the relay's cue and source, not part of what Driscoll said
        relays = [subtree(x) for x in c.subtree if x.lower_ == "according" and x.dep_ == "prep" and x.i > c.i]
        return _clean(minus((start, end), relays), text)
    if fr == "xcomp":
        x = _children(tok, "xcomp")[0]
        start, end = subtree(x)
        for d in _children(tok, "dobj"):
            if tok.i < d.i < x.i:
                start = min(start, d.left_edge.idx)
        return _clean([(start, _extend_right(tok, x, _conjoined(tok, x, end), EXTEND_CLAUSE))], text)
    if fr == "parataxis":
        # "X, he said, Y" / "X, he said.": everything the head governs except the cue's clause
        head = tok.head
        return _clean(minus(subtree(head), [subtree(tok)]), text)
    if fr == "dobj":
        d = _children(tok, "dobj")[0]
        start, end = subtree(d)
        # "described Clinton as …", "accused the GOP of …", "blasted the media for …"
        return _clean([(start, _extend_right(tok, d, end, EXTEND_DOBJ))], text)
    if fr == "prep":
        for p in _children(tok, "prep"):
            if p.lower_ in _CONTENT_PREPS and p.i > tok.i:
                objs = _children(p, "pobj", "pcomp")
                if objs:
                    return _clean([subtree(objs[0])], text)
        return []
    if fr == "none" and tok.pos_ == "NOUN":
        # "the claim that X", "his call for X"
        for c in tok.children:
            if c.dep_ in ("acl", "ccomp") and c.i > tok.i:
                return _clean([subtree(c)], text)
    return []


def _conjoined(tok: Token, comp: Token, end: int) -> int:
    """Stretch the complement over verbs the parse coordinated with the cue but that are the
    complement's: "wants to triple X, grow Y and create Z" (a base form cannot be coordinated
    with "wants"), "said it was X and had Y"."""
    for c in tok.children:
        own_subject = any(x.dep_ in ("nsubj", "nsubjpass") for x in c.children)
        if c.dep_ == "conj" and c.i > comp.i and c.tag_ == comp.tag_ != tok.tag_ and c.idx >= end and not own_subject:
            end = max(end, subtree(c)[1])
    return end


EXTEND_DOBJ = frozenset({"oprd", "ccomp", "xcomp", "prep", "dative"})
EXTEND_CLAUSE: frozenset[str] = frozenset()


def _extend_right(tok: Token, comp: Token, end: int, deps: frozenset[str]) -> int:
    """Stretch a content ending at ``end`` over the cue's later complements in ``deps``
    (the cue's own trailing phrases belong to what was said, in PolNeAR)."""
    for c in tok.children:
        if c.i > comp.i and c.dep_ in deps and c.idx >= end:
            if c.dep_ == "prep" and c.lower_ not in _CONTENT_PREPS | {"as", "into", "from"}:
                continue  # "in his remarks", "amid concerns", "at the forum": circumstances, not content
            end = max(end, subtree(c)[1])
    return end


def according_objects(tok: Token) -> list[Token]:
    """The object of "according to": under "to", whether the parse hangs "to" on "according"
    or beside it."""
    tos = [c for c in tok.children if c.lower_ == "to"]
    if not tos and tok.i + 1 < len(tok.doc) and tok.doc[tok.i + 1].lower_ == "to":
        tos = [tok.doc[tok.i + 1]]
    return [o for t in tos for o in t.children if o.dep_ == "pobj"]


def _around_phrase(tok: Token, text: str) -> list[Range]:
    """Content of "according to X": the clause the phrase modifies, without the phrase."""
    head = tok.head
    if head.pos_ not in ("VERB", "AUX") and head.dep_ != "ROOT":
        return []
    # the clause is the head's subtree, but never beyond its own sentence
    s, e = subtree(head)
    holes = [subtree(tok)] + [subtree(o.head) for o in according_objects(tok) if o.head.head is not tok]
    return _clean(minus((s, e), holes), text)


def _clean(ranges: list[Range], text: str) -> list[Range]:
    out = []
    for r in ranges:
        t = trim(text, r)
        if t:
            out.append(t)
    return out


def unsaid(tok: Token) -> bool:
    """Cues whose subject is not the one who says or thinks: "Asked about it, he said …" (the
    reporter asked), "The closures appear to …", "He is expected to …" (no one is named)."""
    kids = {c.dep_ for c in tok.children}
    if tok.lemma_ == "ask" and tok.tag_ == "VBN" and tok.dep_ == "advcl":
        return not kids & {"nsubj", "nsubjpass"}
    return tok.lemma_ == "expect" and "auxpass" in kids and "agent" not in kids


def source_range(tok: Token, text: str) -> Range | None:
    """Who the cue ``tok`` attributes to, or None."""
    if tok.lower_ == "according":
        objs = according_objects(tok)
        return _noun_phrase(objs[0], text) if objs else None
    if unsaid(tok):
        return None
    t = tok
    for _ in range(4):
        agents = _children(t, "agent")
        if agents:
            objs = _children(agents[0], "pobj")
            if objs:
                return _noun_phrase(objs[0], text)
        subj = _children(t, "nsubj")
        if subj:
            return _subjects(subj, text)
        poss = _children(t, "poss")
        if poss and t.pos_ == "NOUN":
            return subtree(poss[0])
        # ("surprised them by saying …": the preposition over the cue passes on to the clause it modifies)
        climbs = t.dep_ in ("conj", "xcomp", "advcl", "pcomp") or (t.dep_ == "prep" and t.pos_ == "ADP")
        if climbs and t.head is not t:
            t = t.head
            continue
        if t.dep_ in ("acl", "relcl") and t.head.pos_ in ("NOUN", "PROPN", "PRON"):
            return tok_range(t.head.left_edge, t.head)
        break
    return None


def _subjects(subj: list[Token], text: str) -> Range | None:
    """The source phrase of the first subject, joined with the subjects right after it: the parse
    splits "The news agency Interfax" into two subjects of "reported"."""
    r = _noun_phrase(subj[0], text)
    for nxt in subj[1:]:
        if r is None:
            break
        nr = _noun_phrase(nxt, text)
        if nr is None or text[r[1] : nr[0]].strip() or nr[0] - r[1] > 1 or nxt.i > subj[0].head.i:
            break
        r = (r[0], nr[1])
    return r


_REFLEXIVE = frozenset({"himself", "herself", "themselves", "itself"})


def _when(tok: Token) -> bool:
    """A time phrase hung on a noun by the parse ("on Tuesday", "Sunday night")."""
    if tok.dep_ not in ("prep", "npadvmod"):
        return False
    words = [t for t in tok.subtree if t.dep_ != "prep" or t is not tok]
    return bool(words) and all(t.ent_type_ in ("DATE", "TIME") or t.is_punct for t in words)


def _noun_phrase(head: Token, text: str) -> Range | None:
    """The source phrase: the head with its modifiers and appositions, without a clause hung on it
    ("Trump, appearing after Clinton at the forum," is "Trump")."""
    s, e = subtree(head)
    for c in head.children:
        # (the parse hangs ", speaking to veterans," on a name as advcl as often as acl)
        participle = c.dep_ == "acl" or (c.dep_ == "advcl" and c.tag_ in ("VBG", "VBN"))
        if c.i > head.i and participle and c.left_edge.i > 0:
            prev = head.doc[c.left_edge.i - 1]
            if prev.text in (",", "—", "–", "("):
                e = min(e, prev.idx)
        elif c.i > head.i and (c.lower_ in _REFLEXIVE or _when(c)):
            # "Obama himself", "Trump on Tuesday", "Broaddrick Sunday night": not part of the name
            e = min(e, c.left_edge.idx)
    # a parse that runs over a line break has joined two paragraphs: keep the head's own line
    hs, he = head.idx, head.idx + len(head)
    cut = text.rfind("\n", s, hs)
    if cut >= 0:
        s = cut + 1
    cut = text.find("\n", he, e)
    if cut >= 0:
        e = cut
    return trim(text, (s, e))


_TAIL_WORDS = frozenset({"although", "though", "despite", "amid", "whereas"})
_RELATIVE = frozenset({"who", "which"})
_DASHES = frozenset({"—", "–", "--", "―"})


def _reaches_end(word: Token, last: int) -> bool:
    """The clause ``word`` opens runs to token ``last`` (give or take a closing mark)."""
    clause = word.head if word.dep_ != "ROOT" else word
    return clause.right_edge.i >= last - 1


def cut_tail(tok: Token, r: Range) -> Range:
    """End a reported clause before a trailing comment of the reporter: ", although …",
    ", despite …", ", who …", ", implicitly putting …" (PolNeAR leaves these out)."""
    doc = tok.doc
    span = doc.char_span(r[0], r[1], alignment_mode="contract")
    if span is None or len(span) < 4:
        return r
    for t in span[3:-1]:
        nxt = doc[t.i + 1]
        # "said he would order a review and warned against hackers": the second verb is the
        # speaker's, glued to the reported clause by the parse
        own_subject = any(c.dep_ in ("nsubj", "nsubjpass") for c in nxt.children)
        if t.lower_ == "and" and nxt.tag_ == tok.tag_ == "VBD" and nxt.dep_ == "conj" and not own_subject:
            return r[0], t.idx
        # ", the alliance that …" and "— a dream for many Democrats" close a clause alike
        dash = t.text in _DASHES
        if t.text != "," and not dash:
            continue
        if nxt.lower_ in _RELATIVE:
            # ", which …" ends the clause only when it runs to its end ("the counties, which
            # include Cleveland, voters have been …" goes on after it)
            if _reaches_end(nxt, span[-1].i):
                return r[0], t.idx
            continue
        if not dash and (nxt.lower_ in _TAIL_WORDS or (nxt.tag_ == "VBG" and nxt.dep_ in ("advcl", "acl"))):
            return r[0], t.idx
        if nxt.pos_ == "ADV" and t.i + 2 < len(doc) and doc[t.i + 2].tag_ == "VBG":
            return r[0], t.idx
        appos = next((a for a in nxt.ancestors if a.dep_ == "appos"), None) if nxt.dep_ != "appos" else nxt
        # (not a list: "his wife, Lonnie, and other family members")
        listed = appos is not None and any(c.dep_ in ("conj", "cc") for c in appos.children)
        if appos is not None and not listed and appos.left_edge.i == nxt.i and appos.right_edge.i >= span[-1].i - 1:
            return r[0], t.idx  # ", the existing military alliance that …" closing the clause
    return r
