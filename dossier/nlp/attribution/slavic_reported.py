"""Reported speech: reporting verbs with their complements, according-to phrases, author's
words in inverted order, impersonal reporting, "Об этом сообщил X", and "мовляв"."""

from __future__ import annotations

import re

from dossier.nlp.attribution.slavic_base import (
    BUT,
    CLAUSE_OPENERS,
    COORDINATORS,
    FIRST_PERSON,
    LOCATIVE_PREPS,
    P_ACCORDING,
    P_AS,
    P_IMPERSONAL,
    P_INVERTED,
    P_QUOTATIVE,
    P_THIS,
    P_VERB,
    SHARED_SUBJECT,
    URGING_NOUNS,
    Candidate,
    FinderBase,
    Parts,
)
from dossier.nlp.attribution.slavic_source import genitive_after, np_after, subject_before
from dossier.nlp.attribution.slavic_text import DASHES, strip_span


class ReportedRules(FinderBase):
    """Rules for indirect and mixed speech."""

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

    def as_phrases(self) -> None:
        """ "Как пояснила жена бизнесмена, ..." / "як повідомляє X, ..." / "как сообщается, ..."."""
        v = self.v
        for i, t in enumerate(v.toks):
            if not v.has("as_words", i) or i + 1 >= len(v.toks):
                continue
            n = v.phrase_at("set_phrases", i)
            if n and (i + n >= len(v.toks) or not v.toks[i + n].is_word):
                continue  # "Как говорится, ...": a set phrase ("как говорится в сообщении" is not)
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
            if self.impersonal(j) and j + 1 < len(v.toks) and v.toks[j + 1].low in LOCATIVE_PREPS:
                src = self.document_source(j + 1, v.tok_index(stop))  # "как говорится в сообщении"
            elif self.impersonal(j):
                src = np_after(v, j + 1, v.tok_index(stop)) if stop > v.toks[j].end + 1 else None
            else:
                src = self.speaker_after(j + 1, v.tok_index(stop))
            source = [src] if src else []
            p_end = stop if m else v.toks[j].end
            if src is None and not self.impersonal(j):
                p_end = v.toks[j].end
            self.add_parenthetical(i, ss, se, max(p_end, v.toks[j].end), self.cue_parts(j), source, P_AS, cue_i=j)

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
                )
            )

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
        src = self.speaker_after(i + 1, v.tok_index(stop))
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
            speaker_like = (
                named
                or v.has("pronouns", h)
                or self.is_outlet([src])
                or hm.anim
                or self.institution(h)
                or hm.lemma in self.lex.words.get("source_nouns", ())
            )
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
        self.add_insert(p_start, after_end)
        self.add(
            Candidate(
                kind,
                content,
                self.cue_parts(i),
                [src],
                P_INVERTED,
                relay=relay,
            )
        )
        return [src]

    def impersonals(self) -> None:
        v = self.v
        for i, t in enumerate(v.toks):
            if not self.impersonal(i) or (i > 0 and v.has("as_words", i - 1)):
                continue
            n = v.phrase_at("set_phrases", i - 1) if i > 0 else 0
            if n and (i - 1 + n >= len(v.toks) or not v.toks[i - 1 + n].is_word):
                continue
            ss, se = v.sentence_of(t.start)
            hi = v.tok_index(se)
            j = i + 1
            source: Parts = []
            # "говорится в заявлении, что" / "в сообщении говорится, что"
            if j < hi and v.toks[j].low in LOCATIVE_PREPS:
                src = self.document_source(j, hi)
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
                content = [self.content_span(start, self.clause_end(start))]
            elif source and i > 0 and v.toks[i - 1].text in (",", "—", "–"):
                # "Поставки возобновлены, говорится в сообщении компании."
                p_start = v.toks[i - 1].start
                if v.toks[i - 1].text != "," and i > 1 and v.toks[i - 2].text == ",":
                    p_start = v.toks[i - 2].start
                if self.text[:p_start].rstrip().endswith(("»", "”", '"')):
                    continue  # a quotation: the direct rules take it
                lo = ss
                q = v.quote_around(t.start)
                if q is not None and q.open > ss:
                    lo = q.open + 1
                content = [self.drop_complementizer(strip_span(self.text, lo, p_start))]
                self.add_insert(p_start, source[-1][1])
            else:
                continue
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
            after = self.speaker_after(cue_i + 1, v.tok_index(m.start() if m else se))
            if src is None or (after is not None and self.is_outlet([src]) and not self.is_outlet([after])):
                src = after  # "Об этом РБК сообщил представитель компании": РБК was told
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
