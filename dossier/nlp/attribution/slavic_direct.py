"""Direct quotations: quoted speech with the author's words after, before or inside it, dash
dialogue, outlets quoting someone, and quotations with no cue word."""

from __future__ import annotations

import re
from typing import Any

from dossier.nlp.attribution.slavic_base import (
    CITE_LEMMAS,
    HEADLINE_SPEAKER,
    LOCATIVE_PREPS,
    P_CUELESS,
    P_DIRECT,
    Candidate,
    FinderBase,
    Parts,
    shared_chars,
)
from dossier.nlp.attribution.slavic_source import np_after, subject_before
from dossier.nlp.attribution.slavic_text import DASHES, strip_span


class DirectRules(FinderBase):
    """Rules for direct speech."""

    def direct_quotes(self) -> None:
        v = self.v
        for q in v.quotes:
            s, e = q.inner
            s, e = strip_span(self.text, s, e, " \t\n")
            inner = self.text[s:e]
            nwords = len(inner.split())
            if nwords < 2 and not inner.endswith(("!", "?")):
                continue
            pieces = self.interruptions(q, s, e)
            after = self.after_quote(q)
            before = None if after else self.before_quote(q, nwords)
            if pieces is not None:
                continue
            if after is None and before is None:
                continue
            att = after or before
            assert att is not None
            cue, source, cue_i = att
            self.add_direct([(s, e)], cue, source, cue_i, q)

    def dash_dialogue(self) -> None:
        """A paragraph of dash dialogue: "— ..., — розповідає Надія. — ..." (the speech may run
        over several sentences; the speech after the author's words is a second piece)."""
        v = self.v
        for ps, pe in v.paragraphs:
            m0 = re.compile(r"\s*[—–-]\s+").match(self.text, ps, pe)
            if not m0:
                continue
            start = m0.end()
            for m in re.compile(r"([,.!?…]?)\s+[—–-]\s+").finditer(self.text, start, pe):
                i = v.tok_index(m.end())
                j = self.skip_adverbs(i)
                if j >= len(v.toks) or v.toks[j].start >= pe or not self.cue_flags(j):
                    continue
                keep = m.group(1) if m.group(1) in ("!", "?", "…") else ""
                first = strip_span(self.text, start, m.start() + len(keep), " \t\n,")
                if keep:
                    first = (first[0], m.start() + len(keep))
                rest = re.compile(r"[.,:]?\s+[—–-]\s+").search(self.text, v.toks[j].end, pe)
                stop = re.compile(r"[.!?;…](?!\w)").search(self.text, v.toks[j].end, pe)
                a_end = rest.start() if rest else (stop.start() if stop else pe)
                src = self.speaker_after(j + 1, v.tok_index(a_end))
                content = [first]
                if rest and (stop is None or rest.start() <= stop.start() + 1):
                    content.append(strip_span(self.text, rest.end(), pe, " \t\n.,"))
                self.add_insert(m.start(), a_end)
                self.add(Candidate("direct", content, self.cue_parts(j), [src] if src else [], P_DIRECT))
                break

    def add_direct(self, content: Parts, cue: Parts, source: Parts, cue_i: int | None, q: Any) -> None:
        relay = False
        if cue_i is not None and source and self.is_relay_cue(cue_i) and self.is_outlet(source):
            relay = True
        lemma = self.lex.verb_lemmas.get(self.v.toks[cue_i].low, "") if cue_i is not None else ""
        if lemma in CITE_LEMMAS and source:
            self.split_citation(content, cue, source, q)
            return
        self.add(Candidate("direct", content, cue, source, P_DIRECT, relay=relay))

    def split_citation(self, content: Parts, cue: Parts, source: Parts, q: Any) -> None:
        """ "«...», — цитирует Хвана Чжан Епа Lenta.ru" / "«...», цитирует infox.ru директора
        ...": the quoted person is the primary source, the outlet relays the quotation."""
        v = self.v
        s, e = source[0][0], source[-1][1]
        ti = list(v.tok_range(s, e))
        words = [k for k in ti if v.toks[k].is_word or v.toks[k].text in '«»"']
        person = outlet = None
        # outlet first: "infox.ru директора ...", "агенція «УРА-Інформ» Лук'янченка"
        if words and self.is_outlet([(v.toks[words[0]].start, v.toks[words[0]].end)]):
            k = 1
            while k < len(words):
                tk = v.toks[words[k]]
                quoted = v.quote_around(tk.start)
                inside = quoted is not None and quoted.open >= s
                if not (tk.text in '«»"' or inside or v.morph(words[k]).is_("LATN")):
                    break
                k += 1
            if k < len(words):
                outlet = (v.toks[words[0]].start, v.toks[words[k - 1]].end)
                person = (v.toks[words[k]].start, e)
        if outlet is None:
            for n in range(1, len(words)):
                tail = (v.toks[words[n]].start, e)
                if self.is_outlet([(v.toks[words[n]].start, v.toks[words[n]].end)]) and self.is_outlet([tail]):
                    person = (s, v.toks[words[n - 1]].end)
                    outlet = tail
                    break
        if person is None or outlet is None:
            self.add(Candidate("direct", content, cue, source, P_DIRECT, relay=self.is_outlet(source)))
            return
        self.add(Candidate("direct", content, cue, [person], P_DIRECT))
        relay_content = [q.outer, person] if q is not None else content
        self.add(Candidate("mixed", relay_content, cue, [outlet], P_DIRECT, relay=True))

    def after_quote(self, q: Any) -> tuple[Parts, Parts, int | None] | None:
        """ "«...», — сказал X" / "«...» – Джемілєв" after the closing mark."""
        v = self.v
        pos = q.close + 1
        m = re.compile(r"[,.!?…]?[ \t]*[—–-]+[ \t]*|,[ \t]*").match(self.text, pos)
        if not m:
            return None
        dash = any(c in DASHES for c in m.group(0))
        i = v.tok_index(m.end())
        _, sent_end = v.sentence_of(m.end())
        hi = v.tok_index(self.clause_limit(m.end(), sent_end))
        j = i
        while j < hi and j < i + 3 and v.toks[j].is_word and not self.cue_flags(j) and not self.impersonal(j):
            if not v.morph(j).is_("ADVB"):
                break
            j += 1
        if j < hi and (self.cue_flags(j) or self.impersonal(j)):
            lemma = self.lex.verb_lemmas.get(v.toks[j].low, "")
            if lemma in CITE_LEMMAS and hi > j + 1:
                self.add_insert(q.close + 1, v.toks[hi - 1].end)
                return self.cue_parts(j), [(v.toks[j + 1].start, v.toks[hi - 1].end)], j
            if self.impersonal(j) and j + 1 < hi and v.toks[j + 1].low in LOCATIVE_PREPS:
                src = self.document_source(j + 1, hi)  # "— говорится в заявлении МИД"
            else:
                src = self.speaker_after(j + 1, hi)
            source = [src] if src else []
            self.add_insert(q.close + 1, v.toks[hi - 1].end if hi > j else v.toks[j].end)
            self.maybe_cited_by(q, j, src, hi)
            return self.cue_parts(j), source, j
        # a cue-less attribution: "«...» – Джемілєв"
        names = range(i, hi)
        short = dash and i < hi and v.toks[i].cap and hi - i <= 4
        if short and all(v.toks[k].is_word and (v.morph(k).name or v.morph(k).is_("LATN")) for k in names):
            return [], [(v.toks[i].start, v.toks[hi - 1].end)], None
        return None

    def maybe_cited_by(self, q: Any, cue_i: int, src: tuple[int, int] | None, hi: int) -> None:
        """ "«...», - намекнул Товпинец, которого цитирует РБК": a relay of the quotation."""
        if src is None:
            return
        v = self.v
        k = v.tok_index(src[1])
        relative = ("которого", "которую", "которых", "якого", "яку", "яких")
        if k + 2 < len(v.toks) and v.toks[k].text == "," and v.toks[k + 1].low in relative:
            c = k + 2
            if c < len(v.toks) and self.lex.verb_lemmas.get(v.toks[c].low, "") in ("цитировать", "цитувати"):
                _, se = v.sentence_of(v.toks[c].start)
                outlet = np_after(v, c + 1, v.tok_index(se))
                if outlet:
                    self.add(
                        Candidate(
                            "mixed",
                            [q.outer, (v.toks[cue_i].start, src[1])],
                            [(v.toks[c].start, v.toks[c].end)],
                            [outlet],
                            P_DIRECT,
                            relay=True,
                        )
                    )

    def clause_limit(self, pos: int, sent_end: int) -> int:
        """End of the author's clause that starts at ``pos``: a stop, a dash or a quotation."""
        for m in re.compile(r"[.!?;:…](?!\w)|\s[—–]\s|[«„\"]|\n").finditer(self.text, pos, sent_end):
            q = self.v.quote_opening_at(m.start()) if m.group(0) in '«„"' else None
            if q is not None and len(self.text[q.open : q.close].split()) < 4:
                continue  # a name in quotes: «Голоса Америки»
            return m.start()
        return sent_end

    def before_quote(self, q: Any, nwords: int) -> tuple[Parts, Parts, int | None] | None:
        """ "X сказал: «...»" or the cue-less "Сам Белов оказался более дипломатичным: «...»"."""
        v = self.v
        k = q.open - 1
        while k >= 0 and self.text[k] in " \t":
            k -= 1
        if k < 0 or self.text[k] != ":":
            return None
        s, _ = v.sentence_of(k)
        outer = v.quote_around(k)
        if outer is not None and outer.open >= s:
            s = outer.open + 1
        # clause before the colon: after the last stop, dash or closing quote
        lo_pos = s
        for m in re.finditer(r"[.!?;»”]|\s[—–]\s", self.text[s:k]):
            lo_pos = s + m.end()
        rng = v.tok_range(lo_pos, k)
        if not len(rng):
            return None
        for j in reversed(rng):
            if self.cue_flags(j) and "say" in self.cue_flags(j) | {"say"}:
                src = self.speaker_after(j + 1, rng.stop)
                if src is None:
                    src = subject_before(v, j, rng.start)
                return self.cue_parts(j), [src] if src else [], j
        if q.depth > 0 or nwords < 4:
            return None
        src = subject_before(v, rng.stop, rng.start)
        if src is None:
            return None
        # only a named speaker or a short headline-like "Name: «...»"
        words = [t for t in (v.toks[x] for x in v.tok_range(*src)) if t.is_word]
        if words and any(t.cap for t in words):
            return [], [src], None
        return None

    def interruptions(self, q: Any, s: int, e: int) -> Parts | None:
        """ "«A, – сказал он. – B»": one attribution with two content pieces."""
        v = self.v
        inner = self.text[s:e]
        for m in re.finditer(r"[ \t][—–-]{1,2}[ \t]", inner):
            a_start = s + m.end()
            i = v.tok_index(a_start)
            j = i
            j = self.skip_adverbs(i)
            if j >= len(v.toks) or v.toks[j].start >= e or not (self.cue_flags(j) or self.impersonal(j)):
                continue
            left = strip_span(self.text, s, s + m.start(), " \t\n,")
            m2 = re.compile(r"[,.:]?[ \t]+[—–-]{1,2}[ \t]+").search(self.text, v.toks[j].end, e)
            if m2 is None or m2.start() - v.toks[j].end > 150 or left[1] <= left[0]:
                continue
            right = strip_span(self.text, m2.end(), e, " \t\n")
            hi = v.tok_index(m2.start())
            auth = self.text[v.toks[j].end : m2.start()]
            names = re.findall(r"«[^«»]{1,60}»", auth)
            if any(c in re.sub(r"«[^«»]{1,60}»", "", auth) for c in '«»„“”"') or len(names) > 1:
                continue  # the dash belongs to the speech, not to inserted author's words
            second = re.search(r"[.!?]\s+", auth)
            if second and any(c in auth[second.end() :] for c in '«»„“”"'):
                continue  # a new quotation after the author's sentence: not an insert
            if second:
                # "— пояснив Крисько. Але пообіцяв: — ...": the second cue starts a new attribution
                hi = v.tok_index(v.toks[j].end + second.start())
            if self.lex.verb_lemmas.get(v.toks[j].low, "") in CITE_LEMMAS and hi > j + 1:
                src = (v.toks[j + 1].start, v.toks[hi - 1].end)  # split by split_citation
            else:
                src = self.speaker_after(j + 1, hi)
            self.add_insert(s + m.start(), m2.end())
            if second:
                k2 = None
                for k in v.tok_range(v.toks[j].end + second.end(), m2.start()):
                    if self.cue_flags(k):
                        k2 = k
                        break
                self.add_direct([left], self.cue_parts(j), [src] if src else [], j, q)
                if k2 is not None:
                    self.add(Candidate("direct", [right], self.cue_parts(k2), [], P_DIRECT))
                return [left, right]
            self.add_direct([left, right], self.cue_parts(j), [src] if src else [], j, q)
            return [left, right]
        return None

    def cueless(self) -> None:
        """Quotations with no cue word whose speaker the context makes certain: a quoted
        paragraph or a quotation after a colon continuing someone's words (source left empty),
        and a headline "Гавелу було гірше – Забужко" (the name is the source)."""
        v = self.v
        by_paragraph: dict[int, list[Parts]] = {}
        for c in self.out:
            by_paragraph.setdefault(v.paragraph_of(c.content[0][0])[0], []).append(c.content)
        for q in v.quotes:
            if q.depth:
                continue
            s, e = strip_span(self.text, q.open + 1, q.close, " \t\n")
            near = by_paragraph.get(v.paragraph_of(q.open)[0], [])
            shared = max((shared_chars([(s, e)], c) for c in near), default=0)
            if len(self.text[s:e].split()) < 6 or shared >= 0.5 * (e - s):
                continue
            ps, pe = v.paragraph_of(q.open)
            before = self.text[ps : q.open].strip()
            after = self.text[q.close + 1 : pe].strip()
            if after not in ("", ".", "…") and not after.startswith(("«", '"')):
                continue
            if before and not before.endswith(":"):
                continue
            if not self.speech_before(ps if not before else q.open):
                continue
            self.add(Candidate("direct", [(s, e)], [], [], P_CUELESS))
        for ps, pe in v.paragraphs:
            m = HEADLINE_SPEAKER.search(self.text, ps, pe)
            if m is None or m.end() != pe:
                continue
            names = v.tok_range(m.start(1), m.end(1))
            person = len(names) and all(v.toks[k].cap and v.morph(k).name for k in names)
            if person and not self.is_outlet([(m.start(1), m.end(1))]):
                content = strip_span(self.text, ps, m.start())
                if len(self.text[content[0] : content[1]].split()) >= 4:
                    self.add(Candidate("direct", [content], [], [(m.start(1), m.end(1))], P_CUELESS))

    def speech_before(self, pos: int) -> bool:
        """Whether the two sentences before ``pos`` report someone's speech (a cue or a quote)."""
        v = self.v
        k = v.sentence_index(pos)
        if k > 0 and v.sents[k][0] >= pos:
            k -= 1
        for s, e in v.sents[max(0, k - 1) : k + 1]:
            if s >= pos:
                continue
            for i in v.tok_range(s, min(e, pos)):
                if self.cue_flags(i) or self.impersonal(i):
                    return True
        return False
