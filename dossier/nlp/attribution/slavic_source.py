"""Finding the source phrase of a cue: the subject before it or the noun phrase after it.

No parser: morphology (pymorphy3 readings pooled per word form), capitalisation and
punctuation pick the nominative noun phrase nearest the cue, skipping prepositional phrases.
"""

from __future__ import annotations

from dossier.nlp.attribution.slavic_text import QUOTE_MARKS, TextView

PARTITIVE_PREPS = frozenset({"из", "с", "з", "із", "зі", "среди", "серед"})
PARTITIVE_HEADS = frozenset(
    {"один", "одна", "одно", "одне", "кто-то", "хтось", "некоторые", "деякі", "многие", "багато", "часть", "частина"}
)
NOMINAL = ("NOUN", "NPRO", "LATN", "ADJF", "PRTF", "NUMR")
STOP_POS = ("VERB", "INFN", "GRND", "PRED")


def _is_name_like(v: TextView, i: int) -> bool:
    t = v.toks[i]
    if not t.is_word:
        return False
    m = v.morph(i)
    if m.is_("LATN"):
        return True
    if t.cap and not m.is_("PREP", "CONJ", "PRCL", "ADVB", "VERB"):
        return True
    return bool(t.text.isupper() and len(t.text) > 1)


def _quoted_end(v: TextView, i: int, hi: int) -> int:
    """Token index just after a quotation that opens at token ``i`` (a name in quotes)."""
    q = v.quote_opening_at(v.toks[i].start)
    if q is None:
        return i + 1
    j = i + 1
    while j < hi and v.toks[j].start <= q.close:
        j += 1
    return j


def _can_head(v: TextView, i: int) -> bool:
    """A word that can start a subject: nominative noun, pronoun, adjective or a name."""
    t = v.toks[i]
    if not t.is_word:
        return t.text in '«"„' and v.quote_opening_at(t.start) is not None
    if v.has("pronouns", i):
        return True
    m = v.morph(i)
    if t.text[0].isdigit():
        # "77% вважають", "26% погоджуються"
        return i + 1 < len(v.toks) and v.toks[i + 1].text == "%"
    if m.is_("PREP", "CONJ", "PRCL", "INTJ") and not (m.is_("NOUN") and t.cap):
        return False
    if m.is_("ADVB") and not m.is_("NOUN", "NPRO"):
        return False
    if m.is_("LATN") or (t.text.isupper() and len(t.text) > 1):
        return True
    if m.is_(*STOP_POS) and not m.is_("NOUN", "ADJF"):
        return False
    if m.is_("NPRO") and not v.has("pronouns", i):
        return False
    return (m.nominative and m.is_("NOUN", "ADJF", "PRTF", "NUMR")) or (t.cap and not m.cases)


def _extend(v: TextView, h: int, hi: int, after_verb: bool) -> int:
    """End (exclusive token index) of the noun phrase headed at ``h`` within ``[h, hi)``."""
    if v.has("pronouns", h) and v.toks[h].low not in ("сам", "сама", "сами", "самі"):
        return h + 1
    j = h
    last = h
    while j < hi:
        t = v.toks[j]
        if t.text in '«"„':
            j = _quoted_end(v, j, hi)
            last = j - 1
            continue
        if not t.is_word:
            if t.text == "%":
                last = j
            if t.text in "-'’%" or t.text in QUOTE_MARKS or (t.text == "." and v.is_initial(j - 1)):
                j += 1
                continue
            if t.text == "," and after_verb and j + 1 < hi and v.morph(j + 1).is_("PRTF") and v.morph(j + 1).nominative:
                # apposition: "Марк Тоунер, исполняющий обязанности представителя ..."
                j += 1
                continue
            if t.text == "(":
                break
            break
        if j > h and t.text[0].isdigit() and not v.toks[h].text[0].isdigit():
            break
        m = v.morph(j)
        if j > h and m.is_("NOUN", "ADJF") and m.cases and not ({"nomn", "gent"} & m.cases):
            break  # an addressee or circumstance: "Роман Коноплев Русской службе «Голоса Америки»"
        if j > h and m.is_("ADJF") and j + 1 < hi and v.toks[j + 1].is_word:
            nxt = v.morph(j + 1)
            if nxt.is_("NOUN") and nxt.cases and not ({"nomn", "gent"} & nxt.cases):
                break
        if j > h and (v.has("conjunctions", j) or m.is_("CONJ")):
            # coordination of two subjects: "Оробець та лідер «Демальянсу» Василь Гацько"
            if t.low in ("и", "і", "й", "та") and j + 1 < hi and _can_head(v, j + 1):
                j += 1
                continue
            if t.low in ("и", "і", "й", "та") and j + 1 < hi and v.toks[j + 1].is_word:
                prev, nxt = v.morph(j - 1), v.morph(j + 1)
                if "gent" in prev.cases and "gent" in nxt.cases and not nxt.is_(*STOP_POS):
                    j += 1  # "связи и коммуникаций": two genitives coordinated
                    continue
            break
        if j == h + 1 and t.low in PARTITIVE_PREPS and (v.morph(h).is_("NUMR") or v.toks[h].low in PARTITIVE_HEADS):
            # "Один из источников", "Одне з джерел", "кто-то из депутатов"
            j += 1
            while j < hi and v.toks[j].is_word and not v.morph(j).is_(*STOP_POS, "PREP", "CONJ"):
                last = j
                j += 1
            continue
        if m.is_("PREP") and not v.is_initial(j):
            # keep a prepositional phrase only when a name follows it inside the phrase
            # ("лидер Движения против нелегальной иммиграции Александр Белов")
            k = j + 1
            found = -1
            while k < hi and (v.toks[k].is_word or v.toks[k].text in QUOTE_MARKS or v.toks[k].text in "-'"):
                mk = v.morph(k)
                if mk.is_(*STOP_POS) or (mk.is_("CONJ") and not mk.is_("NOUN")):
                    break
                if v.toks[k].cap and mk.name and mk.nominative:
                    found = k
                k += 1
            if found < 0 and v.morph(h).lemma in v.lex.words.get("source_nouns", ()):
                # "источник в правительстве", "джерело в Офісі президента": the PP says whose
                k = j + 1
                while (
                    k < hi
                    and (v.toks[k].is_word or v.toks[k].text in QUOTE_MARKS)
                    and not (v.morph(k).is_(*STOP_POS) and not v.morph(k).is_("NOUN", "ADJF"))
                ):
                    k += 1
                last = k - 1
                j = k
                continue
            if found < 0 and after_verb and k >= hi and _org_pp(v, h, j):
                # "Державна служба України з надзвичайних ситуацій": an organisation's name
                # running to the end of the clause
                j = hi
                last = hi - 1
                continue
            if found < 0:
                break
            j = found + 1
            last = found
            continue
        stop = m.is_(*STOP_POS) or (m.is_("ADVB", "PRCL") and not m.is_("NOUN", "ADJF"))
        if j > h and stop and not (m.is_("NOUN", "ADJF") or t.cap):
            break
        if j > h and v.has("inner_adverbs", j) and not t.cap:
            break
        last = j
        j += 1
    return last + 1


def subject_before(v: TextView, verb: int, lo: int) -> tuple[int, int] | None:
    """The subject noun phrase in tokens ``[lo, verb)``: the first nominative phrase outside a
    prepositional phrase, looked for in the comma-separated segments nearest the verb first.
    Relative and participial clauses after the subject belong to it ("Одне з джерел, з якими
    поспілкувалися журналісти, повідомило")."""
    if verb <= lo:
        return None
    bounds = [lo]
    for k in range(lo, verb):
        if v.toks[k].text == "," and not _inside_quote_tokens(v, k, lo):
            bounds.append(k + 1)
    segments = [(b, (bounds[n + 1] - 1) if n + 1 < len(bounds) else verb) for n, b in enumerate(bounds)]
    dependent_from = None  # first of the trailing relative/participial segments
    fallback: tuple[int, int] | None = None
    for n, (seg_lo, seg_hi) in enumerate(reversed(segments)):
        if n == 0:
            # the verb's own clause: "в якому Григоренко повідомляє", "який сподівається"
            words = [k for k in range(seg_lo, seg_hi) if v.toks[k].is_word]
            rel = _relative_prefix(v, words)
            if rel:
                head = _first_head(v, words[rel - 1] + 1, seg_hi)
                if head is not None:
                    end = _extend(v, head, seg_hi, after_verb=False)
                    return v.toks[head].start, v.toks[end - 1].end
                if rel == 1 and v.has("pronouns", words[0]):
                    return v.toks[words[0]].start, v.toks[words[0]].end
                return None
        kind = _dependent_clause(v, seg_lo, seg_hi) if seg_lo > lo else None
        if kind == "relative-subject":
            return v.toks[seg_lo].start, v.toks[seg_lo].end
        if kind == "dependent":
            dependent_from = seg_lo
            continue
        if kind == "adverbial":
            continue  # "нардеп, виступаючи в ефірі РТР, закликав": a gerund clause
        head, weak = _find_head(v, seg_lo, seg_hi)
        if head is not None and weak:
            # a name that may be a genitive: keep looking for a certain subject further back
            fallback = fallback or (head, seg_hi)
            continue
        if head is not None:
            end = _extend(v, head, seg_hi, after_verb=False)
            end_pos = v.toks[end - 1].end
            if dependent_from is not None and dependent_from > head:
                end_pos = v.toks[verb - 2].end if v.toks[verb - 1].text == "," else v.toks[verb - 1].end
            return v.toks[head].start, end_pos
        if dependent_from is not None:
            break  # a dependent clause must hang on a subject right before it
    if fallback is not None:
        head, seg_hi = fallback
        end = _extend(v, head, seg_hi, after_verb=False)
        return v.toks[head].start, v.toks[end - 1].end
    return None


def _org_pp(v: TextView, h: int, j: int) -> bool:
    """Whether the phrase ``[h, j)`` before a preposition names an organisation (capitalised
    words, no person's name) and the preposition is one that organisation names use."""
    if v.toks[j].low not in ("з", "із", "зі", "с", "со", "по", "від", "от", "при", "у", "в"):
        return False
    words = [k for k in range(h, j) if v.toks[k].is_word]
    if any(v.morph(k).name and v.toks[k].cap for k in words):
        return False
    return any(v.toks[k].cap for k in words[1:]) or (len(words) == 1 and v.toks[h].cap)


def _relative_prefix(v: TextView, words: list[int]) -> int:
    """Number of words of a relative opening ("який", "в якому", "з якими"), or 0."""
    relatives = v.lex.words.get("relatives", frozenset())
    if words and v.toks[words[0]].low in relatives:
        return 1
    if len(words) > 1 and v.morph(words[0]).is_("PREP") and v.toks[words[1]].low in relatives:
        return 2
    return 0


def _dependent_clause(v: TextView, lo: int, hi: int) -> str | None:
    """ "з якими поспілкувалися журналісти", "опрошенных журналистами": a clause that
    modifies the noun before it; "який" alone before the verb is itself the subject."""
    words = [k for k in range(lo, hi) if v.toks[k].is_word]
    if not words:
        return None
    first = words[0]
    if v.toks[first].low in v.lex.words.get("relatives", ()):
        rest = [k for k in words[1:] if not v.has("inner_adverbs", k) and not v.morph(k).is_("ADVB")]
        return "relative-subject" if not rest and v.has("pronouns", first) else "dependent"
    if v.morph(first).is_("PREP") and len(words) > 1 and v.toks[words[1]].low in v.lex.words.get("relatives", ()):
        return "dependent"
    m = v.morph(first)
    if m.is_("GRND") and not m.is_("NOUN", "ADJF"):
        return "adverbial"
    if (m.is_("PRTF") or (m.is_("ADJF") and not m.nominative)) and not m.is_("NOUN"):
        return "dependent"  # "опрошенных журналистами", "знакомых с ситуацией"
    if (
        m.is_("ADJF")
        and not m.is_("NOUN")
        and len(words) > 1
        and v.morph(words[1]).is_("PREP")
        and not any(v.morph(k).nominative and v.morph(k).is_("NOUN") for k in words[2:])
    ):
        # an adjective with its own complement after the noun: "Источник, знакомый с
        # ситуацией, сообщил", "Одне з джерел, знайоме з переговорами, сказало"
        return "dependent"
    return None


def _inside_quote_tokens(v: TextView, k: int, lo: int) -> bool:
    q = v.quote_around(v.toks[k].start)
    return q is not None and q.open >= v.toks[lo].start


def _first_head(v: TextView, lo: int, hi: int) -> int | None:
    head, _ = _find_head(v, lo, hi)
    return head


EMPHATIC = frozenset({"сам", "сама", "само", "сами", "самі", "саме"})


def _emphatic_before_noun(v: TextView, i: int, hi: int) -> bool:
    k = i + 1
    while k < hi and v.toks[k].low in ("же", "ж"):
        k += 1
    return k < hi and v.toks[k].is_word and (v.toks[k].cap or v.morph(k).is_("NOUN", "ADJF"))


def _find_head(v: TextView, lo: int, hi: int) -> tuple[int | None, bool]:
    """The first word in ``[lo, hi)`` that can head a subject, outside prepositional phrases.

    A name that may be a genitive ("после поездки Дмитрия Медведева", "в начале января Бут")
    is taken only when no certain nominative follows it."""
    in_pp = False
    pp_has_noun = False
    weak: int | None = None
    i = lo
    while i < hi:
        t = v.toks[i]
        if not t.is_word:
            if t.text in '«"„' and v.quote_opening_at(t.start):
                if not in_pp and _can_head(v, i):
                    return i, False
                i = _quoted_end(v, i, hi)
                continue
            in_pp = False
            i += 1
            continue
        m = v.morph(i)
        if m.is_("PREP") and not v.is_initial(i):
            in_pp = True
            pp_has_noun = False
            i += 1
            continue
        if in_pp:
            breaks = not pp_has_noun and m.nominative and not (m.cases - {"nomn"}) and m.is_("NOUN")
            # a nominative that cannot be a genitive dependent ends the prepositional phrase
            if pp_has_noun and m.nominative:
                if "gent" not in m.cases:
                    breaks = True
                elif m.is_("NOUN") and weak is None and not (t.cap and v.toks[i - 1].cap):
                    weak = i  # "в то же время супруга", "в начале января Бут"
            if not breaks:
                if m.is_("NOUN", "LATN") or t.cap or (m.is_("NPRO") and not m.is_("ADJF")):
                    pp_has_noun = True
                ends = m.is_(*STOP_POS) and not m.is_("NOUN", "ADJF", "PRTF")
                if ends and weak is not None:
                    return weak, True
                if ends or (m.is_("CONJ") and not m.is_("PRCL")):
                    in_pp = False
                i += 1
                continue
            in_pp = False
        if v.has("inner_adverbs", i) and not t.cap:
            i += 1
            continue
        if t.low in EMPHATIC and _emphatic_before_noun(v, i, hi):
            i += 1  # "Сам же главный тренер", "Сам Александр Белов": the noun heads
            continue
        if _can_head(v, i):
            return i, False
        i += 1
    return weak, weak is not None


def np_after(v: TextView, i: int, hi: int, allow_pp: bool = True) -> tuple[int, int] | None:
    """The noun phrase naming a speaker after a cue (inverted order: "сказал он",
    "заявил глава МИД Сергей Лавров"), within tokens ``[i, hi)``. With ``allow_pp`` and no
    nominative phrase, an organisation or place after a preposition is the source without the
    preposition ("зазначили у прокуратурі" -> "прокуратурі")."""
    head = _first_head(v, i, hi)
    if head is not None:
        end = _extend(v, head, hi, after_verb=True)
        return v.toks[head].start, v.toks[end - 1].end
    if allow_pp:
        j = i
        while j < hi and v.toks[j].is_word and v.morph(j).is_("ADVB") and not v.morph(j).is_("PREP"):
            j += 1
        if j + 1 < hi and v.morph(j).is_("PREP") and v.toks[j + 1].is_word:
            k = j + 1
            end = k
            while k < hi and (v.toks[k].is_word or v.toks[k].text in QUOTE_MARKS or v.toks[k].text in "-'"):
                mk = v.morph(k)
                if k > j + 1 and (mk.is_(*STOP_POS, "PREP", "CONJ") and not mk.is_("NOUN")):
                    break
                end = k
                k += 1
            return v.toks[j + 1].start, v.toks[end].end
    return None


def genitive_after(v: TextView, i: int, hi: int) -> tuple[int, int] | None:
    """The phrase after an according-to phrase ("по словам министра финансов X") up to the
    clause end: everything up to the comma, trimmed of a trailing verb."""
    j = i
    end = None
    while j < hi:
        t = v.toks[j]
        if t.text == "." and j > i and len(v.toks[j - 1].text) == 1:
            end = j  # an abbreviation: "в. о. міністра", "О. Бубен"
            j += 1
            continue
        if t.text in (",", ":", ";", ".", "(", ")", "—", "–", "!", "?"):
            break
        if t.text in '«"„':
            q = v.quote_opening_at(t.start)
            if q is not None and q.close - q.open > 60:
                break  # a long quotation is the content, not part of the name
            k = _quoted_end(v, j, hi)
            end = k - 1
            j = k
            continue
        if t.is_word and j > i:
            m = v.morph(j)
            if m.is_(*STOP_POS) and not m.is_("NOUN", "ADJF"):
                break
        end = j
        j += 1
    if end is None:
        return None
    return v.toks[i].start, v.toks[end].end
