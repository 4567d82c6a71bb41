"""Shared state and helpers of the Ukrainian/Russian attribution rules: candidates, clause
and content boundaries, cue look-ups, outlet and person tests."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from typing import Any

from dossier.nlp.attribution.slavic_lexicon import analyzer_tag
from dossier.nlp.attribution.slavic_source import np_after
from dossier.nlp.attribution.slavic_text import TextView, strip_span

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

# "говорится в заявлении", "йдеться у повідомленні", "на сайті"
LOCATIVE_PREPS = frozenset({"в", "во", "у", "на"})

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
    extra: dict[str, Any] = field(default_factory=dict)


def clean_parts(parts: Parts) -> Parts:
    return sorted((s, e) for s, e in parts if e > s)


def parts_length(parts: Parts) -> int:
    return sum(e - s for s, e in parts)


def shared_chars(a: Parts, b: Parts) -> int:
    return sum(max(0, min(e1, e2) - max(s1, s2)) for s1, e1 in a for s2, e2 in b)


def overlaps(a: Parts, b: Parts) -> bool:
    return any(min(e1, e2) > max(s1, s2) for s1, e1 in a for s2, e2 in b)


def same_content(a: Candidate, b: Candidate) -> bool:
    if a.relay != b.relay:
        return False
    inter = sum(max(0, min(e1, e2) - max(s1, s2)) for s1, e1 in a.content for s2, e2 in b.content)
    same_source = overlaps(a.source or [(-2, -1)], b.source or [(-2, -1)])
    return inter >= 0.8 * max(parts_length(a.content), parts_length(b.content)) and same_source


class FinderBase:
    """One document's text view, the candidates found so far and the helpers every rule uses."""

    def __init__(self, view: TextView) -> None:
        self.v = view
        self.text = view.text
        self.lex = view.lex
        self.out: list[Candidate] = []
        self.insert_starts: list[int] = []  # where author's words inside or after a content begin

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

    def clause_end(self, pos: int, limit: int | None = None) -> int:
        """Where content that starts at ``pos`` ends: the sentence end, the enclosing quote's
        closing mark, or the author's words inserted after it, whichever comes first."""
        _, end = self.v.sentence_of(pos)
        q = self.v.quote_around(pos)
        if q is not None and q.close < end:
            end = q.close
        k = bisect.bisect_right(self.insert_starts, pos)
        if k < len(self.insert_starts) and self.insert_starts[k] < end:
            end = self.insert_starts[k]
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

    def document_source(self, j: int, hi: int) -> tuple[int, int] | None:
        """The document or channel after a locative preposition at token ``j`` ("в заявлении
        МИД", "у тексті його повідомлення"), without the preposition, up to the clause end."""
        v = self.v
        k = j + 1
        end = None
        while k < hi:
            tk = v.toks[k]
            if tk.is_word:
                m = v.morph(k)
                if k > j + 1 and m.is_("VERB", "INFN", "GRND", "CONJ", "PREP") and not m.is_("NOUN", "ADJF"):
                    break
                end = k
            elif tk.text in "«»\"„“”-'’":
                if tk.text in '»”"':
                    end = k
            else:
                break
            k += 1
        if end is None:
            return None
        return v.toks[j + 1].start, v.toks[end].end

    def speaker_after(self, i: int, hi: int) -> tuple[int, int] | None:
        """The source after a cue at ``i - 1``; an outlet the speaker told something to comes
        first and is skipped ("сказал РИА Новости глава комитета", "сообщил ТАСС источник")."""
        src = np_after(self.v, i, hi)
        if src is None:
            return None
        n = self.outlet_prefix(self.v.tok_index(src[0]), self.v.tok_index(src[1]))
        if n:
            rest = np_after(self.v, self.v.tok_index(src[0]) + n, hi, allow_pp=False)
            if rest is not None:
                return rest
        return src

    def outlet_prefix(self, lo: int, hi: int) -> int:
        """Number of tokens from ``lo`` that name an outlet ("РИА Новости", "ТАСС"), or 0."""
        v = self.v
        best = 0
        for n in range(1, min(4, hi - lo) + 1):
            words = " ".join(v.toks[k].low for k in range(lo, lo + n))
            if words in self.lex.outlets and all(v.toks[k].cap for k in range(lo, lo + n)):
                best = n
        return best if lo + best < hi else 0

    def add_insert(self, start: int, end: int) -> None:
        """Author's words at ``[start, end)``: a content running into them ends there."""
        if end > start:
            bisect.insort(self.insert_starts, start)

    def add(self, cand: Candidate) -> None:
        cand.content = clean_parts(cand.content)
        cand.cue = clean_parts(cand.cue)
        cand.source = clean_parts(cand.source)
        if not cand.content or sum(e - s for s, e in cand.content) < 3:
            return
        self.out.append(cand)

    def is_relay_cue(self, i: int) -> bool:
        lemma = self.lex.verb_lemmas.get(self.v.toks[i].low, "")
        return lemma in self.lex.words.get("relay_verbs", ())

    def skip_adverbs(self, j: int) -> int:
        """First token from ``j`` that is not one of up to two adverbs ("миролюбно пояснив")."""
        v = self.v
        stop = j + 2
        while j < len(v.toks) and j < stop and v.toks[j].is_word and v.morph(j).is_("ADVB") and not self.cue_flags(j):
            j += 1
        return j

    def impersonal(self, i: int) -> bool:
        return self.v.toks[i].low in self.lex.impersonal

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

    def plural_verb(self, i: int) -> bool:
        return "plur" in analyzer_tag(self.v.lang, self.v.toks[i].text)

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
        self.add_insert(p_start, p_end)
        self.add(Candidate(kind, content, cue, source, priority, relay=relay))
