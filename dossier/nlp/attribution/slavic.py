"""Ukrainian and Russian attributions: direct quotes, reported speech and mixed quotes.

Component ``slavic_attributions``. Rules over tokens, punctuation and pymorphy3 morphology
(lexicons in ``dossier/nlp/lexicons/{uk,ru}/attribution_*``) find each attribution's content,
cue and source spans, its kind, and whether a media outlet relays it. Speakers (which actor a
source names) are left to the ``speakers`` component.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from dossier.nlp.attribution.slavic_lexicon import analyzer_tag
from dossier.nlp.attribution.slavic_source import genitive_after, np_after, subject_before
from dossier.nlp.attribution.slavic_text import DASHES, TextView, strip_span
from dossier.nlp.doc import Doc
from dossier.nlp.registry import component
from dossier.records import Attribution, Span

Parts = list[tuple[int, int]]

# a subordinate or coordinate clause opens after these ("..., а Россия уверена, что")
CLAUSE_OPENERS = re.compile(
    r"[;:]\s|\s[—–]\s|,\s+(?:а|но|але|проте|однак|зате|хотя|хоча|что|що|чтобы|щоб|поскольку|оскільки|тому що"
    r"|потому что|так как|бо|якщо|если|когда|коли|де|где|который|которая|которые|якого|яка|які|який)\s"
)

# "..., але я не бачу": the speaker's own voice after a reported clause ends it
OWN_VOICE = re.compile(
    r",\s+(?:но|а|але|проте|однако|однак)\s+(?:я|мы|ми|насправді|на самом деле|в действительности)[\s,]"
)

CITE_LEMMAS = frozenset({"цитировать", "цитувати", "процитировать", "процитувати"})
BUT = re.compile(r",\s+(?:но|а|але|однако|однак|проте|и|і|й|та)\s")
# "Гавелу було непорівнянно гірше, аніж нам сьогодні – Забужко": a headline's speaker
HEADLINE_SPEAKER = re.compile(r"\s[—–]\s+((?:[A-ZА-ЯІЇЄҐЁ][\w'’.-]*\s?){1,3})$", re.M)
# nouns of urging and promising that take an infinitive ("звернувся із закликом не ...")
URGING_NOUNS = frozenset(
    {"призыв", "просьба", "предложение", "требование", "обещание", "гарантия", "совет"}
    | {"заклик", "прохання", "пропозиція", "вимога", "обіцянка", "гарантія", "порада"}
)
FIRST_PERSON = frozenset({"я", "мы", "ми"})
SHARED_SUBJECT = frozenset({"а", "но", "однако", "але", "однак", "проте", "зате"})
COORDINATORS = frozenset({"и", "а", "но", "і", "й", "та", "але"})

# rule priorities: when two candidates claim the same cue, the lower number wins
P_DIRECT, P_ACCORDING, P_AS, P_THIS, P_VERB, P_INVERTED, P_IMPERSONAL, P_QUOTATIVE, P_CUELESS = range(9)


@dataclass(slots=True)
class Candidate:
    kind: str
    content: Parts
    cue: Parts
    source: Parts
    priority: int
    relay: bool = False
    cue_lemma: str = ""
    according: bool = False
    extra: dict[str, Any] = field(default_factory=dict)


def _clean(parts: Parts) -> Parts:
    return sorted((s, e) for s, e in parts if e > s)


class Finder:
    """All rules over one document."""

    def __init__(self, view: TextView) -> None:
        self.v = view
        self.text = view.text
        self.lex = view.lex
        self.out: list[Candidate] = []
        self.inserts: list[tuple[int, int]] = []  # author's words inside or after content

    # -- helpers ---------------------------------------------------------------------------

    def cue_flags(self, i: int) -> frozenset[str]:
        t = self.v.toks[i]
        flags = self.lex.verbs.get(t.low)
        if not flags:
            return frozenset()
        m = self.v.morph(i)
        if (m.is_("INFN") and not m.finite) or (m.is_("NOUN") and not m.is_("VERB", "GRND", "PRTF", "ADJS", "ADJF")):
            return frozenset()
        if "neg" in flags and not self.v.has("negation", i - 1):
            return frozenset()
        if m.future:
            return frozenset()  # "заявит", "оголосить": speech that has not happened
        if m.first_person:
            # "напомним", "нагадаємо": the author speaking; "я думаю", "прошу": a speaker's hedge
            return frozenset()
        return flags

    def cue_parts(self, i: int) -> Parts:
        t = self.v.toks[i]
        if "neg" in self.lex.verbs.get(t.low, ()) and self.v.has("negation", i - 1):
            return [(self.v.toks[i - 1].start, t.end)]
        return [(t.start, t.end)]

    def is_outlet(self, parts: Parts) -> bool:
        for s, e in parts:
            phrase = self.text[s:e]
            low = phrase.lower().replace("«", " ").replace("»", " ").replace('"', " ")
            words = re.findall(r"[\w.'’-]+", low)
            if any(w in self.lex.outlet_words for w in words):
                return True
            if any(re.search(r"\.(ru|com|ua|net|org|info|su|by|kz)\b", w) for w in words):
                return True
            joined = " ".join(words)
            if any(len(o.split()) > 1 and o in joined for o in self.lex.outlets):
                return True
        return False

    def sentence_toks(self, pos: int) -> tuple[int, int, range]:
        s, e = self.v.sentence_of(pos)
        return s, e, self.v.tok_range(s, e)

    def clause_end(self, pos: int, limit: int | None = None) -> int:
        """Where content that starts at ``pos`` ends: the sentence end, the enclosing quote's
        closing mark, or the author's words inserted after it, whichever comes first."""
        _, end = self.v.sentence_of(pos)
        q = self.v.quote_around(pos)
        if q is not None and q.close < end:
            end = q.close
        for s, _e in self.inserts:
            if pos < s < end:
                end = s
        own = OWN_VOICE.search(self.text, pos, end)
        if own:
            end = own.start()
        end = self.next_predicate(pos, end)
        if limit is not None:
            end = min(end, limit)
        return end

    def next_predicate(self, pos: int, end: int) -> int:
        """Where a second reporting predicate starts inside ``[pos, end)``: "..., а Россия
        уверена, что", "... и подчеркнул, что", "..., й додав": the content ends before it."""
        v = self.v
        rng = v.tok_range(pos, end)
        for k in rng:
            if k == rng.start or not self.cue_flags(k):
                continue
            j = k - 1
            steps = 0
            while j > rng.start and steps < 12:
                tj = v.toks[j]
                if tj.low in COORDINATORS:
                    if j == k - 1 or v.toks[j - 1].text == ",":
                        cut = v.toks[j - 1].start if v.toks[j - 1].text == "," else tj.start
                        return cut if cut > pos else end
                    break
                verb = v.morph(j).is_("VERB") and not v.morph(j).is_("NOUN") and not tj.cap
                if tj.is_word and (v.has("complementizers", j) or (verb and not self.cue_flags(j))):
                    break
                j -= 1
                steps += 1
        return end

    def content_span(self, start: int, end: int) -> tuple[int, int]:
        s, e = strip_span(self.text, start, end)
        # a content quoted as a whole keeps its marks; an unbalanced trailing mark is dropped
        if e > s and self.text[e - 1] in '»”“"' and not any(c in self.text[s : e - 1] for c in '«„“"'):
            e -= 1
        return strip_span(self.text, s, e)

    def kind_of(self, parts: Parts, direct: bool = False) -> str:
        if direct:
            return "direct"
        for s, e in parts:
            for q in self.v.quotes:
                if q.open >= s and q.close < e and len(self.text[q.open : q.close].split()) >= 3:
                    return "mixed"
                if q.open > e:
                    break
        return "indirect"

    def add(self, cand: Candidate) -> None:
        cand.content = _clean(cand.content)
        cand.cue = _clean(cand.cue)
        cand.source = _clean(cand.source)
        if not cand.content or sum(e - s for s, e in cand.content) < 3:
            return
        self.out.append(cand)

    def is_relay_cue(self, i: int) -> bool:
        lemma = self.lex.verb_lemmas.get(self.v.toks[i].low, "")
        return lemma in self.lex.words.get("relay_verbs", ())

    # -- direct quotations -----------------------------------------------------------------

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
                src = np_after(v, j + 1, v.tok_index(a_end))
                content = [first]
                if rest and (stop is None or rest.start() <= stop.start() + 1):
                    content.append(strip_span(self.text, rest.end(), pe, " \t\n.,"))
                self.inserts.append((m.start(), a_end))
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
        self.add(Candidate("direct", content, cue, source, P_DIRECT, relay=relay, cue_lemma=lemma))

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
                self.inserts.append((q.close + 1, v.toks[hi - 1].end))
                return self.cue_parts(j), [(v.toks[j + 1].start, v.toks[hi - 1].end)], j
            src = np_after(v, j + 1, hi)
            source = [src] if src else []
            self.inserts.append((q.close + 1, v.toks[hi - 1].end if hi > j else v.toks[j].end))
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
                src = np_after(v, j + 1, rng.stop, allow_pp=True)
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
                src = np_after(v, j + 1, hi)
            self.inserts.append((s + m.start(), m2.end()))
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

    def skip_adverbs(self, j: int) -> int:
        """First token from ``j`` that is not one of up to two adverbs ("миролюбно пояснив")."""
        v = self.v
        stop = j + 2
        while j < len(v.toks) and j < stop and v.toks[j].is_word and v.morph(j).is_("ADVB") and not self.cue_flags(j):
            j += 1
        return j

    def impersonal(self, i: int) -> bool:
        return self.v.toks[i].low in self.lex.impersonal

    # -- according to ----------------------------------------------------------------------

    def according(self) -> None:
        v = self.v
        first = {p[0] for p in self.lex.according}
        for i, t in enumerate(v.toks):
            if t.low not in first:
                continue
            for phrase in sorted(self.lex.according, key=len, reverse=True):
                got = self.match_according(i, phrase)
                if got:
                    self.add_according(i, *got)
                    break

    def match_according(self, i: int, phrase: tuple[str, ...]) -> tuple[Parts, Parts, int] | None:
        v = self.v
        n = len(phrase)
        toks = v.toks
        if i + n > len(toks):
            return None
        if all(toks[i + k].low == phrase[k] for k in range(n)):
            cue = [(toks[i].start, toks[i + n - 1].end)]
            j = i + n
            docs = self.lex.words.get("document_nouns", frozenset())
            if (
                phrase[0] in ("согласно", "згідно")
                and j < len(toks)
                and (toks[j].low in docs or v.morph(j).lemma in docs)
            ):
                cue = [(toks[i].start, toks[j].end)]
                j += 1
            return cue, [], j
        # "по его словам", "на її думку": a possessive between preposition and noun
        if n == 2 and i + 2 < len(toks) and v.has("possessives", i + 1) and toks[i + 2].low == phrase[1]:
            cue = [(toks[i].start, toks[i].end), (toks[i + 2].start, toks[i + 2].end)]
            return cue, [(toks[i + 1].start, toks[i + 1].end)], i + 3
        return None

    def add_according(self, i: int, cue: Parts, source: Parts, j: int) -> None:
        v = self.v
        ss, se = v.sentence_of(v.toks[i].start)
        q = v.quote_around(v.toks[i].start)
        if q is not None and q.open > ss:
            ss = q.open + 1
        if q is not None and q.close < se:
            se = q.close
        if j < len(v.toks) and v.toks[j].low in self.lex.words.get("relatives", ()):
            return  # "згідно з яким", "согласно которому": a relative clause
        if i > 0 and v.toks[i - 1].is_word and v.morph(i - 1).finite and not v.morph(i - 1).is_("NOUN"):
            return  # "не спало на думку": an argument of the verb, not a parenthetical
        nxt = v.morph(j) if j < len(v.toks) and v.toks[j].is_word else None
        if not source and nxt is not None and nxt.is_("VERB", "PRCL", "ADVB") and not nxt.is_("NOUN", "ADJF"):
            return  # "на думку не спало": no source follows
        if not source:
            src = genitive_after(v, j, v.tok_index(se))
            if src is not None:
                source = [src]
            elif not (len(cue) == 1 and len(self.text[cue[0][0] : cue[0][1]].split()) > 2):
                return  # only "згідно з інформацією," may stand without a source
        p_end = max(source[-1][1] if source else 0, cue[-1][1])
        self.add_parenthetical(i, ss, se, p_end, cue, source, P_ACCORDING, according=True)

    def add_parenthetical(
        self,
        i: int,
        ss: int,
        se: int,
        p_end: int,
        cue: Parts,
        source: Parts,
        priority: int,
        according: bool = False,
        cue_i: int | None = None,
    ) -> None:
        """Content around a parenthetical attribution ("X, по словам Y, Z"; "Как сообщил Y, Z")."""
        v = self.v
        p_start = v.toks[i].start
        before = strip_span(self.text, ss, p_start)
        after = strip_span(self.text, p_end, self.clause_end(p_end, se) if p_end < se else se)
        # "Заходу, який, на думку X, каталізував": the relative word is part of the content;
        # "розповіла, чого, на її думку, не вистачає": an embedded question, no attribution
        k = v.tok_index(p_start) - 1
        if k >= 1 and v.toks[k].text == "," and v.toks[k - 1].is_word:
            w = v.toks[k - 1]
            if w.low in self.lex.words.get("relatives", ()):
                before = (w.start, w.end)
            elif w.low in self.lex.words.get("interrogatives", ()):
                return
        # words before that only connect the sentence ("Вместе с тем, по его словам, ...")
        before_words = [k for k in v.tok_range(*before) if v.toks[k].is_word]
        if all(self.connective(k) for k in before_words):
            before = (before[0], before[0])
        has_verb = any(v.morph(k).is_("VERB") for k in v.tok_range(*before) if v.toks[k].is_word)
        if has_verb and after[1] > after[0]:
            before = (before[0], before[0])
        content = [p for p in (before, after) if p[1] > p[0]]
        if not content:
            return
        relay = self.is_outlet(source) if according or (cue_i is not None and self.is_relay_cue(cue_i)) else False
        kind = self.kind_of(content)
        if len(content) == 1 and content[0] == after:
            a, b = after
            qq = v.quote_opening_at(a)
            if qq is not None and qq.close >= b - 1 and before[1] <= before[0]:
                kind = "direct"
                content = [strip_span(self.text, qq.open + 1, qq.close, " ")]
        self.inserts.append((p_start, p_end))
        self.add(Candidate(kind, content, cue, source, priority, relay=relay, according=according))

    def as_phrases(self) -> None:
        """ "Как пояснила жена бизнесмена, ..." / "як повідомляє X, ..." / "как сообщается, ..."."""
        v = self.v
        for i, t in enumerate(v.toks):
            if not v.has("as_words", i) or i + 1 >= len(v.toks):
                continue
            if v.phrase_at("set_phrases", i):
                continue
            j = self.skip_adverbs(i + 1)
            if j >= len(v.toks) or not ({"say", "think"} & self.cue_flags(j) or self.impersonal(j)):
                continue
            ss, se = v.sentence_of(t.start)
            q = v.quote_around(t.start)
            if q is not None and q.open > ss:
                ss = q.open + 1
            if q is not None and q.close < se:
                se = q.close
            m = re.compile(r",").search(self.text, v.toks[j].end, se)
            stop = m.start() if m else se
            if self.impersonal(j):
                src = np_after(v, j + 1, v.tok_index(stop)) if stop > v.toks[j].end + 1 else None
            else:
                src = np_after(v, j + 1, v.tok_index(stop))
            source = [src] if src else []
            p_end = stop if m else v.toks[j].end
            if src is None and not self.impersonal(j):
                p_end = v.toks[j].end
            self.add_parenthetical(i, ss, se, max(p_end, v.toks[j].end), self.cue_parts(j), source, P_AS, cue_i=j)

    # -- reporting verbs -------------------------------------------------------------------

    def verbs(self) -> None:
        v = self.v
        prev_source: dict[int, Parts] = {}
        for i, t in enumerate(v.toks):
            flags = self.cue_flags(i)
            light = None if flags else self.light_cue(i)
            if not flags and light is None:
                continue
            if i > 0 and v.has("as_words", i - 1):
                continue
            sent = v.sentence_index(t.start)
            if light is not None:
                # "выразил надежду, что ...": the complement follows the noun
                urging = v.morph(light[0]).lemma.replace("ё", "е") in URGING_NOUNS
                flags = frozenset({"say", "urge"}) if urging else frozenset({"say"})
                got = self.verb_complement(light[0], flags)
            else:
                got = self.verb_complement(i, flags)
            if got is None:
                got_inv = self.inverted(i, flags) if light is None else None
                if got_inv:
                    prev_source[sent] = got_inv
                continue
            content, extra_cue = got
            if light is not None:
                extra_cue = [light[1], *extra_cue]
            ss, _ = v.sentence_of(t.start)
            q = v.quote_around(t.start)
            lo_pos = ss if q is None or q.open < ss else q.open + 1
            lo_pos = self.clause_start(lo_pos, t.start)
            if self.coordinated(i):
                # "зазначив ... та додав, що": two predicates share one subject
                source = prev_source.get(sent, [])
            else:
                src = subject_before(v, i, v.tok_index(lo_pos))
                source = [src] if src else []
                k = v.tok_index(lo_pos) - 1
                if not source and k > 0 and v.toks[k].low in SHARED_SUBJECT:
                    # "Бубен не сказав, однак зазначив, що": the subject of the clause before
                    src = subject_before(v, k, v.tok_index(ss if q is None or q.open < ss else q.open + 1))
                    source = [src] if src else []
            if not source and not self.coordinated(i):
                source = self.place_source(i, v.tok_index(lo_pos))
            if not source and not self.coordinated(i):
                # inverted subject between the verb and the complement: "заявил министр, что"
                cstart = content[0][0]
                k = v.tok_index(cstart)
                src2 = np_after(v, i + 1, max(i + 1, k - 1), allow_pp=False)
                if src2 and v.morph(v.tok_index(src2[0])).nominative:
                    source = [src2]
            if "animate" in flags and not self.person_like(source):
                continue  # "досвід свідчить": evidence, not speech
            if light is not None and source and self.text[source[0][0] : source[0][1]].lower() in FIRST_PERSON:
                continue  # "Ми чітко дали зрозуміти": a speaker's emphasis inside their own words
            if source:
                prev_source[sent] = source
            relay = bool(source) and self.is_relay_cue(i) and self.is_outlet(source)
            self.add(
                Candidate(
                    self.kind_of(content),
                    content,
                    self.cue_parts(i) + extra_cue,
                    source,
                    P_VERB,
                    relay=relay,
                    cue_lemma=self.lex.verb_lemmas.get(t.low, ""),
                )
            )

    def plural_verb(self, i: int) -> bool:
        return "plur" in analyzer_tag(self.v.lang, self.v.toks[i].text)

    def place_source(self, i: int, lo: int) -> Parts:
        """ "В Минсвязи уверены", "у прокуратурі зазначили": with no subject, an organisation
        named in a locative phrase at the clause start is the source, without the preposition."""
        v = self.v
        if lo + 1 < i and v.toks[lo].low in ("в", "во", "у", "на") and v.toks[lo + 1].is_word:
            k = lo + 1
            end = k
            while k < i and v.toks[k].is_word and not v.morph(k).is_("VERB", "ADVB", "PREP", "CONJ"):
                end = k
                k += 1
            if k == i or (k < i and v.morph(k).is_("ADVB")):
                words = [v.toks[x] for x in range(lo + 1, end + 1)]
                if any(w.cap for w in words) or self.institution(lo + 1):
                    return [(v.toks[lo + 1].start, v.toks[end].end)]
        return []

    def drop_complementizer(self, span: tuple[int, int]) -> tuple[int, int]:
        """ "О том, что X, заявил Y": the content is X."""
        v = self.v
        rng = v.tok_range(*span)
        if not len(rng):
            return span
        k = rng.start
        while k + 1 < rng.stop and v.toks[k].is_word and self.connective(k) and not v.has("complementizers", k):
            k += 1  # "Однако о том, что ..."
        n = v.phrase_at("that_prefixes", k)
        if n and k + n + 1 < rng.stop and v.toks[k + n].text == "," and v.has("complementizers", k + n + 1):
            return strip_span(self.text, v.toks[k + n + 1].end, span[1])
        if v.has("complementizers", k) and not v.has("quotatives", k):
            return strip_span(self.text, v.toks[k].end, span[1])
        return span

    def person_like(self, source: Parts) -> bool:
        """A source that names people: an animate noun, a name or a personal pronoun."""
        v = self.v
        for s, e in source:
            for k in v.tok_range(s, e):
                if not v.toks[k].is_word or v.has("relatives", k):
                    continue
                if v.morph(k).anim or v.morph(k).name or v.has("pronouns", k):
                    return True
        return False

    def connective(self, k: int) -> bool:
        """A word that only links the sentence to the text before ("Вместе с тем", "Щоправда")."""
        m = self.v.morph(k)
        closed = m.is_("ADVB", "CONJ", "PRCL") and not m.is_("NOUN", "ADJF", "NPRO", "VERB")
        return self.v.toks[k].low in self.lex.words.get("connectives", ()) or closed

    def institution(self, k: int) -> bool:
        """An organisation or outlet named by a common noun ("прокуратура", "видавництво")."""
        low = self.v.toks[k].low
        if low in self.lex.outlet_words:
            return True
        return self.v.morph(k).lemma.replace("ё", "е") in self.lex.words.get("institution_nouns", ())

    def light_cue(self, i: int) -> tuple[int, tuple[int, int]] | None:
        """ "выразил надежду", "виступив із заявою": the noun's token and the noun's cue piece
        (with its preposition and adjectives: "со специальным заявлением")."""
        v = self.v
        nouns = self.lex.light.get(v.toks[i].low)
        if not nouns:
            return None
        m = v.morph(i)
        if m.future or m.first_person or (m.is_("INFN") and not m.finite):
            return None
        for k in range(i + 1, min(i + 9, len(v.toks))):
            tk = v.toks[k]
            if not tk.is_word:
                return None
            mk = v.morph(k)
            if mk.lemma.replace("ё", "е") in nouns or tk.low in nouns:
                # the noun with its preposition and adjectives: "со специальным заявлением"
                first = k
                while first > i + 1 and v.morph(first - 1).is_("ADJF") and not v.morph(first - 1).is_("NOUN"):
                    first -= 1
                if first > i + 1 and v.morph(first - 1).is_("PREP"):
                    first -= 1
                return k, (v.toks[first].start, tk.end)
            if not (mk.is_("PREP", "ADJF", "NPRO", "ADVB", "NOUN") or tk.low in COORDINATORS):
                return None
        return None

    def coordinated(self, i: int) -> bool:
        """The verb follows "и"/"та" (two predicates sharing one subject)."""
        v = self.v
        k = i - 1
        while k >= 0 and v.toks[k].is_word and v.morph(k).is_("ADVB") and not v.morph(k).is_("NOUN", "NPRO"):
            k -= 1
        return k >= 0 and v.toks[k].low in ("и", "і", "й", "та", "а")

    def clause_start(self, lo: int, pos: int) -> int:
        """Start of the clause holding ``pos``: after ", а", ", но", "; ", ": ", " — ", "что"."""
        seg = self.text[lo:pos]
        best = lo
        for m in CLAUSE_OPENERS.finditer(seg):
            best = lo + m.end()
            if m.group(0).strip(", ").strip() in ("который", "которая", "которые", "який", "яка", "які", "якого"):
                best = lo + m.start() + 1
        return best

    def verb_complement(self, i: int, flags: frozenset[str]) -> tuple[Parts, Parts] | None:
        """Content governed by the cue at token ``i``: "что"-clause, ":"-clause, infinitive,
        "о том, что", a named object. Returns content parts and extra cue parts ("мовляв")."""
        v = self.v
        t = v.toks[i]
        _, se = v.sentence_of(t.start)
        hi = v.tok_index(se)
        j = i + 1
        limit = min(hi, i + 14)
        while j < limit:
            tk = v.toks[j]
            if tk.text in (".", "!", "?", ";", "…"):
                break
            if tk.text == ":":
                nxt = v.tok_index(tk.end)
                if nxt < len(v.toks) and v.quote_opening_at(v.toks[nxt].start):
                    return None  # a quotation: the direct rules take it
                start = tk.end
                end = self.clause_end(start)
                return [self.content_span(start, end)], []
            if tk.text == "," or (tk.text in DASHES and j == i + 1):
                k = j + 1
                if k < hi and v.toks[k].text in DASHES:
                    k += 1
                if k < hi and v.has("complementizers", k):
                    extra: Parts = []
                    if v.has("quotatives", k):
                        extra = [(v.toks[k].start, v.toks[k].end)]
                    start = v.toks[k].end
                    end = self.clause_end(start)
                    return [self.content_span(start, end)], extra
                if tk.text == ",":
                    break
            if v.has("complementizers", j) and j == i + 1:
                start = tk.end
                return [self.content_span(start, self.clause_end(start))], []
            n = v.phrase_at("that_prefixes", j)
            if n and j + n + 1 < hi and v.toks[j + n].text == "," and v.has("complementizers", j + n + 1):
                if j > i + 3:
                    return None
                start = v.toks[j + n + 1].end
                return [self.content_span(start, self.clause_end(start))], []
            if tk.is_word:
                m = v.morph(j)
                if "urge" in flags and m.is_("INFN") and j <= i + 4:
                    start = v.toks[j - 1].start if v.has("negation", j - 1) else tk.start
                    end = self.clause_end(start)
                    but = BUT.search(self.text, start, end)
                    return [self.content_span(start, but.start() if but else end)], []
                if m.is_("VERB") and not m.is_("NOUN", "ADJF") and not self.cue_flags(j):
                    break
            quoted = tk.text in '«„"' and v.quote_opening_at(tk.start) is not None
            long_quote = quoted and len(self.text[tk.start : v.quote_opening_at(tk.start).close].split()) >= 3
            if quoted and j <= i + 3 and (flags & {"name", "urge"} or ("object" in flags and long_quote)):
                start = v.toks[i + 1].start if "name" in flags else tk.start
                return [self.content_span(start, self.clause_end(start))], []
            j += 1
        if "name" in flags or "object" in flags:
            return self.object_content(i, flags, hi)
        return None

    def object_content(self, i: int, flags: frozenset[str], hi: int) -> tuple[Parts, Parts] | None:
        """ "назвал итоги подтасованными", "подтвердил готовность ...", "объявил о ..."."""
        v = self.v
        j = i + 1
        if j >= hi or not v.toks[j].is_word:
            return None
        m = v.morph(j)
        if "object" in flags and v.toks[j].low in ("о", "об", "про"):
            if j + 1 < hi and v.toks[j + 1].low in ("том", "те", "тому"):
                return None  # "рассказал о том, как": an embedded question
            start = v.toks[j + 1].start
        elif "name" in flags and (m.is_("NPRO", "NOUN", "ADJF")) and "accs" in m.cases:
            start = v.toks[j].start
            # the predicate noun or adjective in the instrumental must follow
            if not any(
                v.toks[k].is_word and "ablt" in v.morph(k).cases for k in range(j + 1, min(hi, j + 6))
            ) and not any(v.toks[k].text == "«" for k in range(j, min(hi, j + 4))):
                return None
        elif "object" in flags and m.is_("NOUN") and "accs" in m.cases and not m.is_("PREP"):
            start = v.toks[j].start
        else:
            return None
        end = self.clause_end(start)
        stop = re.compile(r",\s|\s[—–]\s").search(self.text, start, end)
        if stop and "name" not in flags:
            end = stop.start()
        for k in v.tok_range(start, end):
            # "вважають Крим частиною Росії та підтримують анексію": a second predicate
            if v.toks[k].low in COORDINATORS and k + 1 < len(v.toks) and v.morph(k + 1).finite:
                end = v.toks[k].start
                break
        span = self.content_span(start, end)
        if len(self.text[span[0] : span[1]].split()) < 2:
            return None
        return [span], []

    def inverted(self, i: int, flags: frozenset[str]) -> Parts | None:
        """ "..., сообщает NEWSru.com." / "Такой переход, считает вице-губернатор, повысит ..."."""
        v = self.v
        t = v.toks[i]
        if "say" not in flags and "think" not in flags:
            return None
        m = v.morph(i)
        if not m.is_("VERB") or m.is_("GRND"):
            return None
        k = i - 1
        while k >= 0 and v.toks[k].is_word and v.morph(k).is_("ADVB") and k > i - 3:
            k -= 1
        if k < 0 or v.toks[k].text not in (",", "—", "–", "-"):
            return None
        p_start = v.toks[k].start
        if v.toks[k].text in DASHES and k > 0 and v.toks[k - 1].text == ",":
            p_start = v.toks[k - 1].start
        prev = self.text[:p_start].rstrip()
        if prev.endswith(("»", "“", "”", '"')):
            return None  # a quotation: the direct rules take it
        ss, se = v.sentence_of(t.start)
        q = v.quote_around(t.start)
        if q is not None and q.open > ss:
            ss = q.open + 1
            se = min(se, q.close)
        m2 = re.compile(r",|\s[—–]\s|[.!?;:](?!\w)").search(self.text, t.end, se)
        stop = m2.start() if m2 else se
        src = np_after(v, i + 1, v.tok_index(stop))
        if src is None:
            return None
        h = v.tok_index(src[0])
        if v.toks[h].text in '«"„' and h + 1 < len(v.toks):
            h += 1  # «Лента.ру»: judge the name inside the marks
        hm = v.morph(h)
        named = any(v.toks[x].cap or v.morph(x).is_("LATN") for x in v.tok_range(*src))
        in_place = h > 0 and v.morph(h - 1).is_("PREP") and v.toks[h - 1].start >= t.end
        if in_place:
            # "проінформували у прес-службі ОДА": only a plural verb with an organisation
            if not (named or self.institution(h)) or not self.plural_verb(i):
                return None
        else:
            speaker_like = named or v.has("pronouns", h) or self.is_outlet([src]) or hm.anim or self.institution(h)
            subject_like = hm.nominative or v.has("pronouns", h) or hm.is_("LATN") or v.toks[h].cap
            if not (speaker_like and subject_like):
                return None
        start = ss
        para = self.text[ss:p_start].lstrip()
        if para[:1] in DASHES:
            start = ss + (len(self.text[ss:p_start]) - len(para)) + 1
        left = strip_span(self.text, start, p_start)
        left_words = [x for x in v.tok_range(*left) if v.toks[x].is_word]
        left = self.drop_complementizer(left)
        content = [left]
        last_comma = max((c for c in v.tok_range(*left) if v.toks[c].text == ","), default=-1)
        last_segment = [x for x in left_words if x > last_comma]
        if last_segment and v.morph(last_segment[0]).is_("GRND"):
            return None  # "..., проанализировав предложения, оценила Facebook в ...": not author's words
        if all(self.connective(x) for x in left_words):
            content = []  # "Щоправда, повідомив Ігор Івасюк, цього року ..."
        elif len(left_words) < 2:
            return None
        after_end = src[1]
        if m2 and self.text[m2.start()] == ",":
            right = strip_span(self.text, m2.end(), self.clause_end(m2.end(), se))
            if right[1] > right[0]:
                content.append(right)
        if not content:
            return None
        kind = self.kind_of(content)
        first = self.lex.words.get("first_person", frozenset())
        words = re.findall(r"\w+", self.text[left[0] : left[1]].lower())
        if kind == "indirect" and (para[:1] in DASHES or any(w in first for w in words)):
            kind = "direct"
        if "animate" in flags and not self.person_like([src]):
            return None  # "..., свідчить статистика": evidence, not speech
        relay = self.is_relay_cue(i) and self.is_outlet([src])
        self.inserts.append((p_start, after_end))
        self.add(
            Candidate(
                kind,
                content,
                self.cue_parts(i),
                [src],
                P_INVERTED,
                relay=relay,
                cue_lemma=self.lex.verb_lemmas.get(t.low, ""),
            )
        )
        return [src]

    # -- impersonal, "об этом", "мовляв" -----------------------------------------------------

    def impersonals(self) -> None:
        v = self.v
        for i, t in enumerate(v.toks):
            if not self.impersonal(i) or (i > 0 and v.has("as_words", i - 1)):
                continue
            if i > 0 and v.phrase_at("set_phrases", i - 1):
                continue
            _, se = v.sentence_of(t.start)
            hi = v.tok_index(se)
            j = i + 1
            source: Parts = []
            # "говорится в заявлении, что" / "в сообщении говорится, что"
            if j < hi and v.morph(j).is_("PREP") and v.toks[j].low in ("в", "во", "у", "на"):
                m = re.compile(r",|[.!?;:](?!\w)").search(self.text, t.end, se)
                stop = m.start() if m else se
                src = np_after(v, j, v.tok_index(stop))
                if src:
                    source = [src]
                    j = v.tok_index(src[1])
            elif i >= 2 and v.morph(i - 2).is_("PREP") and v.toks[i - 2].low in ("в", "во", "у"):
                source = [(v.toks[i - 1].start, v.toks[i - 1].end)]
            k = j
            if k < hi and v.toks[k].text == ",":
                k += 1
            if k < hi and (v.has("complementizers", k) or v.toks[k].text == ":"):
                start = v.toks[k].end
            else:
                continue
            content = [self.content_span(start, self.clause_end(start))]
            relay = self.is_outlet(source) if source else False
            self.add(Candidate(self.kind_of(content), content, self.cue_parts(i), source, P_IMPERSONAL, relay=relay))

    def this_reported(self) -> None:
        """ "Об этом сообщил X" / "Про це повідомив X": the preceding sentences are the content."""
        v = self.v
        for ss, se in v.sents:
            i = v.tok_index(ss)
            n = v.phrase_at("this_phrases", i)
            if not n:
                continue
            j = i + n
            hi = v.tok_index(se)
            cue_i = None
            for k in range(j, min(hi, j + 10)):
                if self.cue_flags(k) or self.impersonal(k):
                    cue_i = k
                    break
            if cue_i is None:
                continue
            m = re.compile(r",|[.!?;:](?!\w)").search(self.text, v.toks[cue_i].end, se)
            src = subject_before(v, cue_i, j)
            if src is None:
                src = np_after(v, cue_i + 1, v.tok_index(m.start() if m else se))
            ps, _ = v.paragraph_of(ss)
            if ps < ss:
                content = [strip_span(self.text, ps, ss)]
            else:
                k = v.sentence_index(ss) - 1
                if k < 0:
                    continue
                content = [strip_span(self.text, *v.sents[k])]
            source = [src] if src else []
            relay = bool(source) and self.is_outlet(source)
            self.add(
                Candidate(
                    self.kind_of(content),
                    content,
                    self.cue_parts(cue_i),
                    source,
                    P_THIS,
                    relay=relay,
                    extra={"this": True},
                )
            )

    def quotatives(self) -> None:
        v = self.v
        for i, t in enumerate(v.toks):
            if not v.has("quotatives", i):
                continue
            ss, _ = v.sentence_of(t.start)
            if any(c.cue and any(s <= t.start < e for s, e in c.cue) for c in self.out):
                continue
            after = strip_span(self.text, t.end, self.clause_end(t.end))
            before = strip_span(self.text, ss, t.start)
            content = [after]
            verbless = not any(v.morph(k).is_("VERB") for k in v.tok_range(*before) if v.toks[k].is_word)
            if before[1] > before[0] and verbless and len(self.text[before[0] : before[1]].split()) <= 6:
                content = [before, after]
            self.add(Candidate(self.kind_of(content), content, [(t.start, t.end)], [], P_QUOTATIVE))

    # -- putting it together ---------------------------------------------------------------

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

    def cueless(self) -> None:
        """Quotations with no cue word whose speaker the context makes certain: a quoted
        paragraph or a quotation after a colon continuing someone's words (source left empty),
        and a headline "Гавелу було гірше – Забужко" (the name is the source)."""
        v = self.v
        covered = [c.content for c in self.out]
        for q in v.quotes:
            if q.depth:
                continue
            s, e = strip_span(self.text, q.open + 1, q.close, " \t\n")
            shared = max((_shared([(s, e)], c) for c in covered), default=0)
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

    def resolve(self) -> list[Candidate]:
        kept: list[Candidate] = []
        for c in sorted(self.out, key=lambda c: c.priority):
            if any(_overlaps(c.cue, k.cue) and c.relay == k.relay for k in kept if c.cue and k.cue):
                continue
            if any(_same_content(c, k) for k in kept):
                continue
            kept.append(c)
        kept = self.merge_this(kept)
        kept = self.merge_restated(kept)
        self.mark_nested_relays(kept)
        kept.sort(key=lambda c: (c.content[0][0], c.priority))
        return kept

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
                    inside = _shared(inner.content, outer.content) == _length(inner.content)
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
                if cue_inside and _shared(inner.content, outer.content) == _length(inner.content):
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
                if len(inner) == 1 and _length(inner[0].content) >= 0.5 * (ce - cs):
                    inner[0].cue = sorted(inner[0].cue + c.cue)
                    inner[0].source = sorted(inner[0].source + c.source)
                    continue
            out.append(c)
        return out


def _length(parts: Parts) -> int:
    return sum(e - s for s, e in parts)


def _shared(a: Parts, b: Parts) -> int:
    return sum(max(0, min(e1, e2) - max(s1, s2)) for s1, e1 in a for s2, e2 in b)


def _overlaps(a: Parts, b: Parts) -> bool:
    return any(min(e1, e2) > max(s1, s2) for s1, e1 in a for s2, e2 in b)


def _same_content(a: Candidate, b: Candidate) -> bool:
    if a.relay != b.relay:
        return False
    inter = sum(max(0, min(e1, e2) - max(s1, s2)) for s1, e1 in a.content for s2, e2 in b.content)
    same_source = _overlaps(a.source or [(-2, -1)], b.source or [(-2, -1)])
    return inter >= 0.8 * max(_length(a.content), _length(b.content)) and same_source


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
