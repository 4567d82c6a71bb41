"""``slavic_ner``: PER, ORG and LOC mentions in Ukrainian and Russian text.

natasha's slovnet tagger (trained on Russian news) gives the first guess. Rules over
pymorphy3's dictionaries (first names, surnames, patronymics), word lists
(``lexicons/LANG/ner_*``) and capitalisation then correct what it gets wrong, most of
all in Ukrainian, where it takes unknown capitalised words for people, misses most
organisations and tags titles as people:

* titles are cut off person spans, and spans with no name in them are re-typed from
  the place list or dropped;
* organisations are found from legal forms and descriptors before quoted names
  (ТОВ «…», компанія «…»), from head nouns of capitalised names (Міністерство …,
  Верховний суд …) and from upper-case abbreviations;
* places from the place list, "Cap-adjective + область/район", and street addresses;
* people from pymorphy3's name/surname/patronymic tags.

Span extents follow each language's annotation conventions (``CONVENTIONS``).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from dossier.nlp.doc import Doc, Token
from dossier.nlp.registry import component
from dossier.nlp.slavic.lexicon import NerLexicon, ner_lexicon
from dossier.nlp.slavic.models import check_lang, ner_tagger, parse_word
from dossier.nlp.slavic.tokens import tokenize_doc
from dossier.records import Entity

# Apostrophes are letters in Ukrainian ("Об'єднана"), never quotes here.
OPEN_QUOTES = frozenset('«„“"‹')
CLOSE_QUOTES = frozenset('»“”"›')
NAME_TAGS = frozenset({"Name", "Surn", "Patr"})
CONJ = frozenset({"і", "й", "та", "и", "and", ","})
LIST_MARKS = frozenset({"(", ")", ";", "•", "·", "|", "/", "*"})  # never inside a name
DASHES = frozenset({"—", "–"})
LATIN_NAME_PART = re.compile(r"^([A-Za-z][A-Za-z0-9'’.&-]*|[-&.,'’])$")
INITIAL = re.compile(r"^[A-ZА-ЯЁЄІЇҐ]\.?$")
# lower-case particles inside foreign names: "Усама бин Ладен", "Людвіг ван Бетховен"
NAME_PARTICLES = frozenset(
    {"бин", "бін", "ибн", "ібн", "ван", "фон", "де", "да", "дель", "ди", "ді", "ле", "ла", "эль", "ель", "аль"}
)

# How each corpus we measure against marks extents (factRuEval for ru, NER-UK for uk).
CONVENTIONS: dict[str, dict[str, bool]] = {
    # NER-UK: "ТОВ «Назва»" with the legal form and both quotes; «Назва» alone without quotes;
    # descriptors ("компанія") outside; addresses with the house number; no nesting.
    "uk": {
        "descriptor_inside": False,
        "closing_quote": True,
        "nested_loc": False,
        "descriptor_anaphora": False,  # NER-UK leaves "компанія" alone
        "name_over_place": True,
        "nicknames": True,  # the corpus has fiction: "Тюлень", "Пес"
        "street_number": True,
        "trust_ner_person": False,
        "gov_places": False,
        "lone_head": True,  # a capitalised head noun alone is a name: "Кабмін", "Церква"
        "quoted_alone": True,  # «Назва» with no descriptor before it is an organisation
        "org_place_tail": True,  # "Держгеокадастру у Волинській області" is one name
    },
    # factRuEval: descriptors inside ("партии «Яблоко"), the closing quote outside,
    # places inside organisations marked as well ("мэрии Москвы" + "Москвы").
    "ru": {
        "descriptor_inside": True,
        "closing_quote": False,
        "nested_loc": True,
        "descriptor_anaphora": True,
        # natasha's places and persons are good in Russian; the name-or-place choice is left to it
        "name_over_place": False,
        "nicknames": False,  # Russian news capitalises few common nouns; those it does are rarely people
        "street_number": False,
        "quoted_alone": False,
        "org_place_tail": False,
        "gov_places": True,
        "lone_head": False,
        # natasha was trained on Russian news: its persons need no second opinion from the place list
        "trust_ner_person": True,
    },
}

# Candidates from a more specific rule win over natasha's guess when they overlap.
PRIORITY = {
    "misc": 8,
    "legal": 7,
    "orghead": 6,
    "govplace": 6,
    "orgnoun": 6,
    "street": 5,
    "adjloc": 5,
    "quoted": 4,
    "orgword": 3,
    "known": 3,
    "quotedalone": 3,
    "abbr": 3,
    "ner": 2,
    "gaz": 2,
    "name": 1,
    "gloss": 1,
}


@dataclass(slots=True)
class Feat:
    """What the rules need to know about one token."""

    text: str
    lower: str
    cap: bool
    upper: bool
    lemmas: frozenset[str]
    lemma: str  # of the best parse
    names: frozenset[str]  # Name/Surn/Patr among its parses
    known_common: bool  # a dictionary word that is not a name
    adj: bool
    gent: bool
    sing: bool  # some parse is singular (or the word has no number)
    geo: bool  # pymorphy3 marks it a place (Geox in ru; the uk dictionary's proper-place tag layout)
    function: bool  # can be a conjunction, particle, adverb, pronoun...: "Так", "Бо", "Коли"
    pos: str | None
    after_prep: bool = False  # a preposition of place comes right before: "у Львові"
    person_like: bool = False  # a first name or surname that is also a place, with no preposition of place before it
    sent_start: bool = False
    line_start: bool = False
    glued_prev: bool = False  # no space between this token and the one before
    glued_next: bool = False
    shouting: bool = False  # in a run of words in capitals that ordinary words share: "НЕ ПИТИМУ КАВУ НА НІЧ"


@dataclass(slots=True)
class Cand:
    start: int  # token indices, end exclusive
    end: int
    type: str
    rule: str
    char_start: int | None = None  # set when the extent differs from the tokens'
    char_end: int | None = None
    nested: list[Cand] = field(default_factory=list)


# The uk dictionary writes the tags of proper place names gender-first ("NOUN,masc,inan"),
# common nouns animacy-first ("NOUN,inan masc"): the one trace of VESUM's prop:geo it keeps.
UK_GEO = re.compile(r"^NOUN,(masc|femn|neut),inan\b")
FUNCTION_POS = frozenset({"CONJ", "PREP", "PRCL", "NPRO", "ADVB", "INTJ", "PRED", "VERB", "INFN", "GRND"})


@lru_cache(maxsize=200_000)
def word_features(
    lang: str, word: str
) -> tuple[frozenset[str], str, frozenset[str], bool, bool, bool, bool, bool, bool]:
    """(lemmas, best lemma, name tags, known common word, place, function word, adjective, genitive,
    singular) of a word form."""
    found = parse_word(lang, word)
    grams: set[str] = set()
    common = geo = function = False
    lemmas = {word.lower()}
    for p in found:
        g = p.tag.grammemes
        grams |= g
        lemmas.add(p.normal_form)
        # (cheaper than Parse.is_known, which looks the word up again)
        known = type(p.methods_stack[0][0]).__name__ == "DictionaryAnalyzer"
        if known and ("Geox" in g or (lang == "uk" and UK_GEO.match(str(p.tag)))):
            geo = True
        elif not (NAME_TAGS & g) and p.is_known:
            common = True
        if p.tag.POS in FUNCTION_POS and p.is_known:
            function = True
    adj = bool(found) and found[0].tag.POS in ("ADJF", "PRTF")
    lemma = found[0].normal_form if found else word.lower()
    sing = "sing" in grams or "plur" not in grams
    return frozenset(lemmas), lemma, frozenset(NAME_TAGS & grams), common, geo, function, adj, "gent" in grams, sing


@lru_cache(maxsize=50_000)
def dictionary_org(lang: str, word: str) -> bool:
    """Whether the dictionary's best parse of a capitalised word is an organisation's name (Orgn)."""
    found = parse_word(lang, word)
    analyzer = type(found[0].methods_stack[0][0]).__name__ if found else ""
    if analyzer not in ("DictionaryAnalyzer", "HyphenatedWordsAnalyzer"):
        return False  # a guess from the word's ending ("Хоровитц") is no evidence
    return "Orgn" in found[0].tag.grammemes and not found[0].tag.grammemes & {"Name", "Surn", "Abbr"}


PROPER_TAGS = frozenset({"Abbr", "Name", "Surn", "Patr", "Orgn", "Geox", "Trad"})


@lru_cache(maxsize=50_000)
def shouted_word(lang: str, word: str) -> bool:
    """An ordinary word in capitals ("УКРАЇНИ", "ТЕРИТОРІАЛЬНИХ" in a heading), not an abbreviation:
    four letters or more, a dictionary word that inflects, and no abbreviation among its parses."""
    if len(word) < 4:
        return False
    found = parse_word(lang, word)
    if not found or any(p.tag.grammemes & PROPER_TAGS for p in found):
        return False  # "ФИФА" is also "фифа", "МАГАТЕ" a name's form: stay on the safe side
    best = found[0]
    known = type(best.methods_stack[0][0]).__name__ == "DictionaryAnalyzer"
    return known and not best.tag.grammemes & {"Fixd", "anim"}


def features(lang: str, text: str, tokens: list[Token], sentences: list[tuple[int, int]]) -> list[Feat]:
    starts = {s for s, _ in sentences}
    feats = []
    for k, tok in enumerate(tokens):
        word = tok.text
        # headings and captions end without a full stop, so razdel does not always split there
        line_start = k == 0 or "\n" in text[tokens[k - 1].end : tok.start]
        lemmas, lemma, names, common, geo, function, adj, gent, sing = word_features(lang, word)
        feats.append(
            Feat(
                text=word,
                lower=word.lower(),
                cap=word[:1].isupper(),
                upper=len(word) > 1 and word.isupper() and word.isalpha(),
                lemmas=lemmas,
                lemma=lemma,
                names=names,
                known_common=common,
                adj=adj,
                gent=gent,
                sing=sing,
                geo=geo,
                function=function,
                pos=tok.pos,
                sent_start=tok.start in starts or line_start,
                line_start=line_start,
                glued_prev=k > 0 and tokens[k - 1].end == tok.start,
                glued_next=k + 1 < len(tokens) and tokens[k + 1].start == tok.end,
            )
        )
    # a heading or a slogan in capitals: its short words are no abbreviations either
    k = 0
    while k < len(feats):
        if not feats[k].upper:
            k += 1
            continue
        j = k
        while j < len(feats) and (feats[j].upper or (not is_word(feats[j]) and feats[j].text not in ".!?")):
            j += 1
        run = [f for f in feats[k:j] if f.upper]
        if len(run) >= 3 and sum(shouted_word(lang, f.text) for f in run) >= 2:
            for f in run:
                f.shouting = True
        k = j
    # "Олена", "Славко", "Сава" are villages as well as names: without "у", "до", "з"... before
    # them they are far more often people (the hand-kept regions stay places).
    lex = ner_lexicon(lang)
    for k, f in enumerate(feats):
        f.after_prep = k > 0 and feats[k - 1].lower in lex.loc_preps
        # a surname that is a listed place ("Львова") stays a place
        if f.cap and ("Name" in f.names or (f.names and not f.lemmas & lex.places)) and not f.lemmas & lex.regions:
            f.person_like = not f.after_prep
    return feats


# natasha's tagger reads a document as one sequence, and its convolutions copy a window of
# floats per token: about 5 KB a token, 1.5 GB for a 2 MB transcript. Long documents are read
# in windows of NER_WINDOW tokens, each with NER_MARGIN tokens of context either side whose tags
# are dropped. The three convolutions see three tokens either side, and the CRF's best path
# forgets where it started well within the margin, so the tags are those of one pass; in fact
# better than one pass over 150,000 tokens, where the CRF's float32 path score grows so large
# that later copies of a repeated passage lose names the first copies keep.
NER_WINDOW = 4000
NER_MARGIN = 100


def ner_tags(words: list[str], window: int = NER_WINDOW, margin: int = NER_MARGIN) -> list[str]:
    """natasha's BIO tags of ``words``, read in overlapping windows when they are many."""
    infer = ner_tagger().infer
    if len(words) <= window + 2 * margin:
        return list(next(iter(infer.decoder(infer.process(infer.encoder([words]))))))
    tags: list[str] = []
    for start in range(0, len(words), window):
        end = min(start + window, len(words))
        lo, hi = max(0, start - margin), min(len(words), end + margin)
        seen = next(iter(infer.decoder(infer.process(infer.encoder([words[lo:hi]])))))
        tags.extend(seen[start - lo : end - lo])
    return tags


def ner_token_spans(words: list[str]) -> list[tuple[int, int, str]]:
    """natasha's NER over our own tokens (token-index spans), so the text is not tokenised twice."""
    if not words:
        return []
    tags = ner_tags(words)
    spans = []
    start, typ = None, None
    for i, tag in enumerate([*tags, "O"]):
        if start is not None and (tag == "O" or tag.startswith("B-") or tag[2:] != typ):
            spans.append((start, i, typ))
            start = None
        if tag != "O" and start is None:
            start, typ = i, tag[2:]
    return spans


def n_ok(feats: list[Feat]) -> int:
    return len(feats)


def _absorb_next(chosen: list[Cand], joins: Callable[[Cand, Cand], bool]) -> list[Cand]:
    """Walking the candidates by start, each ``c`` with ``joins(c, d)`` for the candidate ``d`` starting
    where it ends takes ``d`` into one name with it (``c``'s type and rule); ``d`` goes."""
    by_start = {c.start: c for c in chosen}
    out = []
    taken: set[int] = set()
    for c in sorted(chosen, key=lambda c: c.start):
        if id(c) in taken:
            continue
        d = by_start.get(c.end)
        if d is not None and joins(c, d):
            taken.add(id(d))
            c = Cand(c.start, d.end, c.type, c.rule)
        out.append(c)
    return out


def is_word(f: Feat) -> bool:
    return any(c.isalpha() for c in f.text)


def opens(feats: list[Feat], j: int) -> bool:
    """Whether the quote at ``j`` opens: « always; “ and " when glued to the word after them."""
    t = feats[j].text
    if t in OPEN_QUOTES and t not in CLOSE_QUOTES:
        return True
    if t not in OPEN_QUOTES:
        return False
    return feats[j].glued_next and (not feats[j].glued_prev or (j > 0 and feats[j - 1].text in OPEN_QUOTES))


def closing_quote(feats: list[Feat], i: int, limit: int = 14) -> int | None:
    """Index of the quote closing the one opening at ``i`` (nested quotes allowed)."""
    depth = 0
    last = None
    for j in range(i + 1, min(len(feats), i + limit)):
        t = feats[j].text
        if t in (".", "!", "?") and j + 1 < len(feats) and feats[j + 1].cap and depth == 0:
            break
        if opens(feats, j):
            depth += 1
        elif t in CLOSE_QUOTES:
            if depth == 0:
                return j
            depth -= 1
            last = j
    return last


class Recognizer:
    def __init__(self, lang: str, conventions: dict[str, bool]) -> None:
        self.lang = lang
        self.lex: NerLexicon = ner_lexicon(lang)
        self.conv = conventions

    # -- candidate rules -------------------------------------------------------------

    def is_abbr(self, f: Feat) -> bool:
        return (
            f.upper
            and not f.shouting
            and len(f.text) <= 8
            and f.lower not in self.lex.not_entities
            and not f.function  # "НЕ", "ТА" in a heading
            and not shouted_word(self.lang, f.text)
        )

    def quoted_orgs(self, feats: list[Feat]) -> list[Cand]:
        """ТОВ «Назва», компанія «Назва», газета "Труд", and (uk) «Назва» alone."""
        out = []
        for i, f in enumerate(feats):
            if f.text not in OPEN_QUOTES or i + 1 >= len(feats):
                continue
            nxt = feats[i + 1]
            if not (nxt.cap or nxt.text[:1].isdigit() or (nxt.text in OPEN_QUOTES and i + 2 < len(feats))):
                continue
            j = closing_quote(feats, i)
            if j is None or j == i + 1:
                continue
            inner = feats[i + 1 : j]
            if any(g.line_start for g in inner) or any(g.text in ".!?" for g in inner[1:]):
                continue
            end = j + 1 if self.conv["closing_quote"] else j
            prev = i - 1
            if prev >= 0 and feats[prev].lemmas & self.lex.misc_nouns and not self.legal(feats[prev]):
                out.append(Cand(i + 1, j, "MISC", "misc"))  # корабль «Союз», фільм «…»
                continue
            if prev >= 0 and feats[prev].lemmas & self.lex.loc_descriptors:
                if not self.conv["descriptor_inside"]:
                    out.append(Cand(i + 1, j, "LOC", "quoted"))  # урочище «Маяк»: the name alone
                    continue
                start = prev  # аэропорт «Домодедово», бизнес-центр «Демидов»: a place, its descriptor inside
                while start > 0 and self.qualifier(feats[start - 1]):
                    start -= 1
                out.append(Cand(start, end, "LOC", "quoted"))
                continue
            # "ТОВ фірма «Київ»": a descriptor between the legal form and the name
            if prev >= 1 and feats[prev].lemmas & self.lex.org_descriptors and self.legal(feats[prev - 1]):
                out.append(Cand(prev - 1, end, "ORG", "legal"))
            elif prev >= 0 and self.legal(feats[prev]):
                start = prev
                while start > 0 and feats[start - 1].cap and feats[start - 1].adj:
                    start -= 1  # "Міжнародний благодійний фонд «Покуття»" is handled below; "Київське КП «…»"
                out.append(Cand(start, end, "ORG", "legal"))
            elif prev >= 0 and feats[prev].lemmas & self.lex.org_descriptors:
                if self.conv["descriptor_inside"]:
                    start = prev
                    while start > 0 and feats[start - 1].adj and not feats[start - 1].upper:
                        start -= 1
                    out.append(Cand(start, end, "ORG", "quoted"))
                elif prev >= 1 and feats[prev - 1].cap and feats[prev - 1].adj:
                    # a capitalised descriptor is part of the name: "Міжнародний благодійний фонд «Покуття»"
                    start = prev - 1
                    while start > 0 and feats[start - 1].cap and feats[start - 1].adj:
                        start -= 1
                    out.append(Cand(start, end, "ORG", "legal"))
                else:
                    out.append(Cand(i + 1, j, "ORG", "quoted"))
            elif (
                self.conv["quoted_alone"]
                and len(inner) <= 5
                and not any(g.function or g.text in "…!?" for g in inner)  # "Мамо, мамо…": words said
                and not (len(inner) > 1 and inner[1].adj and not inner[1].cap)  # «Вісник державних закупівель»
            ):
                out.append(Cand(i + 1, j, "ORG", "quotedalone"))
        return out

    def legal(self, f: Feat) -> bool:
        # any abbreviation right before a quoted name is a legal form: ТОВ, ПАТ, НАК, ФК...
        return f.text in self.lex.legal_forms or (self.is_abbr(f) and len(f.text) <= 5)

    def org_tail(self, feats: list[Feat], end: int) -> int:
        """Extend an organisation name over what follows its head:
        "суду м. Києва", "суду Одеської області", "Держгеокадастру у Волинській області",
        "Міністерство доходів і зборів України", "Департамент економіки та інвестицій КМДА"."""
        n = len(feats)
        k = end
        best = end
        while k < n and k - end < 8:
            g = feats[k]
            if g.line_start:
                break
            if g.lower in ("м", "г") and k + 2 < n and feats[k + 1].text == "." and feats[k + 2].cap:
                best = k + 3
                break
            if g.cap and g.adj and k + 1 < n and feats[k + 1].lemmas & self.lex.loc_nouns:
                best = k + 2
                break
            if g.cap and g.adj and g.gent and k + 1 < n and feats[k + 1].gent and not feats[k + 1].adj:
                k += 2  # "штаб Збройних сил України"
                best = k
                continue
            if g.cap and g.gent and g.pos == "NOUN" and not g.names and not self.is_place(g):
                k += 1  # "Кабінетом Міністрів України"
                best = k
                continue
            if g.lower in ("у", "в") and self.conv["org_place_tail"] and k + 1 < n:
                k += 1
                continue
            if self.is_abbr(g) or (g.cap and self.is_place(g)):
                best = k + 1
                break
            # "оборони" is a noun here, though the dictionary also reads it as a verb's imperative
            if not g.cap and is_word(g) and (g.gent or g.adj) and (not g.function or g.pos in ("NOUN", "ADJ")):
                k += 1
                continue
            if g.lower in ("і", "та", "й", "и") and k + 1 < n and not feats[k + 1].cap:
                k += 1
                continue
            break
        return best

    def named_tail(self, feats: list[Feat], j: int) -> bool:
        """Whether the head noun at ``j`` opening a sentence is a name all the same: its tail
        closes on a capitalised place or abbreviation ("Міністерство доходів і зборів України")."""
        end = self.org_tail(feats, j + 1)
        return end > j + 2 and feats[end - 1].cap

    def lower_tail(self, feats: list[Feat], end: int) -> int:
        """Lower-case genitive words after a capitalised head: "Комитет защиты журналистов",
        "Комиссии по атомной энергии"; the tail ends on a noun."""
        n = len(feats)
        k, best = end, end
        while k < n and k - end < 5 and not feats[k].line_start:
            g = feats[k]
            if g.cap or not is_word(g) or g.lower in ("имени", "імені", "ім"):
                break  # the person it is named after follows
            if g.lower in ("по", "при", "і", "и", "та") and k + 1 < n and not feats[k + 1].cap:
                k += 1
                continue
            if g.function or g.pos not in ("NOUN", "ADJ") or not g.gent:
                break
            k += 1
            if g.pos == "NOUN":
                best = k
        return best

    def org_heads(self, feats: list[Feat]) -> list[Cand]:
        """Capitalised names headed by an organisation noun: "Вищий господарський суд України"."""
        out = []
        n = len(feats)
        i = 0
        while i < n:
            f = feats[i]
            if not f.cap or f.upper or f.function:
                i += 1
                continue
            j = i
            while (j < n and feats[j].adj and j - i < 4 and not feats[j].line_start) or (j == i and feats[j].adj):
                j += 1
                if j >= n:
                    break
            if (
                j == i
                and j + 1 < n
                and not feats[j + 1].cap
                and feats[j + 1].lemmas & self.lex.org_heads
                and any(p.tag.POS == "ADJF" for p in parse_word(self.lang, f.text))
            ):
                j += 1  # "Української асоціації …": an adjective the dictionary reads first as a surname
            if (
                j < n
                and (feats[j].lemmas & self.lex.org_heads)
                and (j > i or not f.sent_start or self.named_tail(feats, j))
                and not (f.sent_start and not feats[j].cap and "plur" in parse_word(self.lang, feats[j].text)[0].tag)
            ):  # "Правозащитные организации выступают": a kind, not a name
                end = self.org_tail(feats, j + 1)
                if end == j + 1 and not f.sent_start:
                    end = self.lower_tail(feats, j + 1)  # "Комитет защиты журналистов"
                if end > i + 1 or j > i or self.conv["lone_head"]:
                    out.append(Cand(i, end, "ORG", "orghead"))
                    i = end
                    continue
            i += 1
            continue
            i += 1
        return out

    def gov_places(self, feats: list[Feat]) -> list[Cand]:
        """ "правительства Израиля", "сборная России": an organisation named by a place (factRuEval)."""
        out = []
        for i in range(len(feats) - 1):
            f, g = feats[i], feats[i + 1]
            lead = not f.cap or (f.sent_start and not f.upper)  # "Правительство Эритреи" opening a sentence
            if lead and f.lemmas & self.lex.gov_nouns and g.cap and g.gent and self.is_place(g):
                start = i
                while start > 0 and feats[start - 1].adj and not feats[start - 1].cap:
                    start -= 1
                out.append(Cand(start, i + 2, "ORG", "govplace"))
        return out

    def state_bodies(self, feats: list[Feat]) -> list[Cand]:
        """ "американского министерства иностранных дел", "внешнеполитического ведомства России",
        "российского посольства": a ministry or embassy named by the country's adjective (factRuEval)."""
        out = []
        n = len(feats)
        for i in range(1, n):
            f = feats[i]
            if f.cap or f.pos != "NOUN" or not f.sing or not f.lemmas & self.lex.state_bodies:
                continue
            a = i
            while (
                a > 0
                and feats[a - 1].adj
                and not feats[a - 1].function
                and (not feats[a - 1].cap or feats[a - 1].sent_start)
            ):
                a -= 1
            relative = [
                g
                for g in feats[a:i]
                if g.lemma.endswith(("ский", "цкий", "ський", "цький"))
                and not parse_word(self.lang, g.text)[0].tag.grammemes & {"Qual", "Apro"}
            ]
            if not relative:
                continue
            end = self.lower_tail(feats, i + 1)
            if end < n and feats[end].cap and feats[end].gent and self.is_place(feats[end]):
                end += 1
            out.append(Cand(a, end, "ORG", "orghead"))
        return out

    def descriptor_anaphora(self, chosen: list[Cand], feats: list[Feat]) -> list[Cand]:
        """ "концерн «Фольксваген» ... шеф концерна": a lower-case descriptor naming again an
        organisation the text named with it earlier is that organisation (factRuEval marks it)."""
        kinds = self.lex.org_descriptors | self.lex.org_heads
        seen: dict[str, tuple[int, set[str]]] = {}  # descriptor lemma -> (end of its organisation, its lemmas)
        for c in chosen:
            if c.type != "ORG":
                continue
            for f in feats[c.start : c.end]:
                if f.pos == "NOUN" and f.lemma in kinds and f.lemma not in seen:
                    seen[f.lemma] = (c.end, {g.lemma for g in feats[c.start : c.end]})
        taken = {k for c in chosen for k in range(c.start, c.end)}
        out = []
        n = len(feats)
        for i, f in enumerate(feats):
            if i in taken or f.cap or f.pos != "NOUN" or f.lemma not in seen or seen[f.lemma][0] > i:
                continue
            if "plur" in str(parse_word(self.lang, f.text)[0].tag):
                continue  # "федерации, которые": several of a kind
            if i + 1 < n and feats[i + 1].gent and feats[i + 1].pos in ("NOUN", "PROPN"):
                continue  # "фонд турнира", "центр моды": a thing of its own
            start = i
            while start > 0 and start - 1 not in taken and self.qualifier(feats[start - 1]):
                start -= 1  # "израильского правительства", not "которому концерн"
            out.append(Cand(start, i + 1, "ORG", "anaphora"))
        return out

    def place_tails(self, chosen: list[Cand], feats: list[Feat]) -> list[Cand]:
        """Where names do not nest (NER-UK), a place in the genitive right after an organisation
        belongs to its name: "НАН України", "ДСНС України", "Нацгвардії України"."""
        chosen = _absorb_next(chosen, lambda c, d: c.type == "ORG" and d.type == "LOC" and feats[d.start].gent)
        return [
            c
            for c in chosen
            if not (c.type == "LOC" and c.start > 0 and feats[c.start].gent and self.inside_name(feats, c.start - 1))
        ]

    def inside_name(self, feats: list[Feat], k: int) -> bool:
        """Whether a genitive place after token ``k`` closes the name of a document, a symbol or a
        post: "Закону України", "Податкового кодексу України", "Указу Президента України"."""
        f = feats[k]
        if f.pos != "NOUN" and not f.upper:
            return False
        capitalised = f.cap or (k > 0 and feats[k - 1].cap and feats[k - 1].adj)
        if f.lemmas & self.lex.doc_nouns:
            return capitalised
        return f.cap and not f.sent_start and bool(f.lemmas & self.lex.titles)

    def glosses(self, chosen: list[Cand], feats: list[Feat]) -> list[Cand]:
        """The original spelling in brackets after a name is the same entity:
        "Международная амнистия (Amnesty International)", "Билал Хассеин (Bilal Hussein)"."""
        n = len(feats)
        out = list(chosen)
        ends = {c.end: c for c in chosen}
        for c in chosen:
            i = c.end
            if i < n and feats[i].text in CLOSE_QUOTES:
                i += 1  # концерн «Фольксваген» (Volkswagen)
            # an abbreviation in brackets may come first: "Комитет защиты журналистов (КЗЖ) (Committee …)"
            if i + 3 < n and feats[i].text == "(" and feats[i + 2].text == ")" and i + 2 in ends:
                i += 3
            if i + 2 >= n or feats[i].text != "(":
                continue
            j = i + 1
            while j < n and j - i <= 6 and feats[j].text != ")" and LATIN_NAME_PART.match(feats[j].text):
                j += 1
            if j >= n or j == i + 1 or feats[j].text != ")" or not feats[i + 1].text[:1].isupper():
                continue
            out = [d for d in out if d.end <= i + 1 or d.start >= j]
            out.append(Cand(i + 1, j, c.type, "gloss"))
        return out

    def qualifier(self, f: Feat) -> bool:
        """A lower-case adjective that describes the organisation: not a pronoun ("который"), a
        superlative ("крупнейший") or an ordinal."""
        if f.cap or not f.adj or f.function:
            return False
        grams = parse_word(self.lang, f.text)[0].tag.grammemes
        return not grams & {"Apro", "Supr", "Anum"}

    def org_nouns(self, feats: list[Feat]) -> list[Cand]:
        """ "сборная", "японское правительство": a common noun that by itself names the one
        organisation the text is about (factRuEval marks it), with its adjectives and a place after it."""
        out = []
        n = len(feats)
        for i, f in enumerate(feats):
            if f.upper or not f.sing or f.pos != "NOUN" or not f.lemmas & self.lex.org_nouns:
                continue
            start = i
            while start > 0 and feats[start - 1].adj and not feats[start - 1].cap and not feats[start - 1].function:
                start -= 1
            end = i + 1
            if end < n and feats[end].cap and feats[end].gent and self.is_place(feats[end]):
                end += 1
            out.append(Cand(start, end, "ORG", "orgnoun"))
        return out

    @staticmethod
    def relative(f: Feat) -> bool:
        """An adjective made from a place's or a people's name: "японский", "тихоокеанский"."""
        return f.lemma.endswith(("ский", "цкий", "ський", "цький"))

    def with_geo_word(self, c: Cand, feats: list[Feat], taken: set[int]) -> Cand:
        """factRuEval marks "реки Славянки", "города Феникс", "штата Аризона" as one place (the
        name agrees with the word; "город Германии", "районе Дюссельдорфа" name what holds it)."""
        k = c.start - 1
        if c.type != "LOC" or k < 0 or k in taken or feats[k].cap or feats[k].pos != "NOUN":
            return c
        if not feats[k].lemmas & self.lex.geo_words:
            return c
        name = feats[c.start]
        if name.gent and not feats[k].gent and (name.known_common or name.geo or name.lemmas & self.lex.places):
            return c
        while k > 0 and k - 1 not in taken and self.qualifier(feats[k - 1]) and self.relative(feats[k - 1]):
            k -= 1  # "тихоокеанский порт Козьмино", "голландском городке Вейк-ан-Зее"
        return Cand(k, c.end, c.type, c.rule)

    def with_descriptor(self, c: Cand, feats: list[Feat]) -> Cand:
        """factRuEval marks "корпорация Google", "социальной сети Facebook" as one name."""
        k = c.start - 1
        if k < 0 or (feats[k].cap and not feats[k].sent_start) or feats[k].upper:
            return c  # "Корпорация Google" opening a sentence has it too
        if not feats[k].lemmas & self.lex.org_descriptors:
            # "японского МИДа", "российского Минсельхоза": the country's adjective is part of it
            a = c.start
            while a > 0 and self.qualifier(feats[a - 1]) and self.relative(feats[a - 1]):
                a -= 1
            return c if a == c.start else Cand(a, c.end, c.type, c.rule)
        while k > 0 and feats[k - 1].adj and not feats[k - 1].cap and not feats[k - 1].function:
            k -= 1
        return Cand(k, c.end, c.type, c.rule)

    def org_words(self, feats: list[Feat]) -> list[Cand]:
        """Compound names the dictionary does not know: "Укрзалізниця", "Харківобленерго", "Мінфін"."""
        out = []
        pre, suf = self.lex.org_prefixes, self.lex.org_suffixes
        for i, f in enumerate(feats):
            if not f.cap or f.upper or f.known_common or f.names or len(f.text) < 5 or f.lemmas & self.lex.places:
                continue
            low = f.lower
            if any(low.startswith(p) and len(low) > len(p) + 2 for p in pre) or any(
                low.endswith(x) and len(low) > len(x) + 2 for x in suf
            ):
                out.append(Cand(i, i + 1, "ORG", "orgword"))
        return out

    def latin_orgs(self, feats: list[Feat]) -> list[Cand]:
        """ "Zilington Limited", "MAKO Holding B. V."."""
        out = []
        for i, f in enumerate(feats):
            if f.text not in self.lex.legal_forms or not f.text.isascii() or i == 0:
                continue
            start = i
            while start > 0 and feats[start - 1].cap and feats[start - 1].text.isascii() and i - start < 4:
                start -= 1
            if start < i:
                out.append(Cand(start, i + 1, "ORG", "legal"))
        return out

    def adj_locs(self, feats: list[Feat]) -> list[Cand]:
        """ "Київської області", "Приморского края"."""
        out = []
        for i in range(len(feats) - 1):
            f = feats[i]
            if f.cap and f.adj and not f.upper and feats[i + 1].lemmas & self.lex.loc_nouns:
                out.append(Cand(i, i + 2, "LOC", "adjloc"))
        return out

    def settlements(self, feats: list[Feat]) -> list[Cand]:
        """ "с. Ставрове", "смт Андріївка", "селі Олексіївка": the name after a settlement word."""
        out = []
        n = len(feats)
        for i, f in enumerate(feats):
            if f.cap or f.lower not in self.lex.settlement_words:
                continue
            j = i + 1
            if j < n and feats[j].text == ".":
                j += 1
            k = j
            while k < n and k - j < 3 and feats[k].cap and not feats[k].upper and not feats[k].line_start:
                g = feats[k]
                # a surname's form right after the word is the place's name ("с. Михалкове", "річки
                # Орілі"); a first name is a person ("міста Ігор Слюзар")
                surname_place = k == j and g.names == {"Surn"} and not (k + 1 < n and feats[k + 1].names)
                if (
                    g.function
                    or (g.names and not g.lemmas & self.lex.places and not surname_place)
                    or (g.known_common and not (g.geo or g.lemmas & self.lex.places) and not surname_place)
                ):
                    break  # "м. Про це", "міста Ігор Слюзар", "15 м. Суддя"
                if k > j and g.adj and not feats[k - 1].adj:
                    break  # "селі Олексіївка Перевальського району": the district is another place
                k += 1
            if k > j:
                out.append(Cand(j, k, "LOC", "street"))
        return out

    def streets(self, feats: list[Feat]) -> list[Cand]:
        """ "вул. Межигірська, 14"."""
        out = []
        n = len(feats)
        for i, f in enumerate(feats):
            if f.lower not in self.lex.street_nouns:
                continue
            j = i + 1
            if j < n and feats[j].text in (".", ":"):
                j += 1
            k = self.street_name_end(feats, j)
            if k == j:
                continue
            end = k
            if self.conv["street_number"] and k + 1 < n and feats[k].text == "," and feats[k + 1].text[:1].isdigit():
                end = k + 2
            out.append(Cand(i if feats[j - 1].text != ":" else j, end, "LOC", "street"))
            # "вулиць: Різдвяна, Орджонікідзе, Героїв Сталінграда та Пушкіна": every item is a street
            while end + 1 < n and feats[end].lower in (",", "та", "і", "й"):
                nxt = self.street_name_end(feats, end + 1)
                if nxt == end + 1:
                    break
                out.append(Cand(end + 1, nxt, "LOC", "street"))
                end = nxt
        return out

    def bare_streets(self, feats: list[Feat]) -> list[Cand]:
        """ "на Грушевського", "тюрма на Лонського": a surname in the genitive alone after "на"
        is a street named after the man (not after a verb: "дивився на Анісімова" is the man)."""
        out = []
        # a man the text names elsewhere is the man: "Віктор Янукович … тиск на Януковича"
        named = {f.lemma for k, f in enumerate(feats) if f.cap and f.names and (k == 0 or feats[k - 1].lower != "на")}
        for i in range(2, len(feats)):
            f, prep, before = feats[i], feats[i - 1], feats[i - 2]
            if prep.lower != "на" or not f.cap or f.upper or f.names != {"Surn"} or not f.gent:
                continue
            if f.lemma in named:
                continue
            after = feats[i + 1] if i + 1 < len(feats) else None
            if before.pos in ("VERB", "AUX", "ADJ") or (after is not None and after.cap):
                continue  # "подібний на Вітмена"
            out.append(Cand(i, i + 1, "LOC", "street"))
        return out

    def street_name_end(self, feats: list[Feat], j: int) -> int:
        """End of a street's name starting at ``j`` (capitalised words and initials), or ``j``."""
        n = len(feats)
        k = j
        while k < n and k - j < 4 and not feats[k].line_start:
            if (feats[k].cap and not feats[k].upper) or (feats[k].text == "." and INITIAL.match(feats[k - 1].text)):
                k += 1
                continue
            break
        return k if k > j and feats[k - 1].cap else j

    def common_abbreviations(self, feats: list[Feat]) -> set[str]:
        """Abbreviations the text spells out in lower case: "приборно-агрегатного отсека (ПАО)",
        "свободного программного обеспечения (СПО)" are things, not organisations."""
        out = set()
        for i, f in enumerate(feats):
            if not f.upper or i < 2 or feats[i - 1].text != "(" or i + 1 >= len(feats) or feats[i + 1].text != ")":
                continue
            initials: list[str] = []
            k = i - 2
            while k >= 0 and len(initials) < len(f.text) and is_word(feats[k]) and not feats[k].cap:
                initials[:0] = [part[:1] for part in feats[k].lower.split("-") if part]
                k -= 1
            kinds = self.lex.org_descriptors | self.lex.org_heads
            if "".join(initials).upper() == f.text and not any(g.lemmas & kinds for g in feats[k + 1 : i - 1]):
                out.add(f.text)  # (but "об'єднання співвласників … (ОСББ)" is a kind of organisation)
        return out

    def abbreviations(self, feats: list[Feat]) -> list[Cand]:
        out = []
        for i, f in enumerate(feats):
            if not self.is_abbr(f) or not re.search(r"[А-ЯЁЄІЇҐ]", f.text):
                continue
            if f.text in self.lex.loc_abbrevs:
                out.append(Cand(i, i + 1, "LOC", "abbr"))
            elif f.text not in self.lex.legal_forms and not re.fullmatch(r"[IVXLCМХІ]+", f.text):
                # "Диканської РДА", "Луганське ОТВ АМКУ": capitalised adjectives before belong to the name
                start = i
                while start > 0 and feats[start - 1].cap and feats[start - 1].adj and not feats[start - 1].line_start:
                    start -= 1
                end = i + 1
                if start < i and end < n_ok(feats) and self.is_abbr(feats[end]):
                    end += 1
                out.append(Cand(start, end, "ORG", "abbr"))
        return out

    def known_persons(self, feats: list[Feat]) -> list[Cand]:
        return [Cand(i, i + 1, "PER", "known") for i, f in enumerate(feats) if f.cap and f.lemmas & self.lex.persons]

    def nicknames(self, feats: list[Feat]) -> list[Cand]:
        """A capitalised animate common noun inside a sentence is a character's name: "Тюлень
        сказав", "зустріли Сніговика" (titles, organisation words and places aside)."""
        out = []
        skip = self.lex.titles | self.lex.org_heads | self.lex.org_descriptors | self.lex.places
        for i, f in enumerate(feats):
            if not f.cap or f.upper or f.sent_start or f.names or not f.known_common or f.function or f.geo:
                continue
            if f.lemmas & skip or (i > 0 and feats[i - 1].text in OPEN_QUOTES):
                continue
            best = parse_word(self.lang, f.text)[0]
            if best.tag.POS == "NOUN" and "anim" in best.tag.grammemes:
                out.append(Cand(i, i + 1, "PER", "name"))
        return out

    def known_orgs(self, feats: list[Feat]) -> list[Cand]:
        out = []
        for i, f in enumerate(feats):
            if not f.cap:
                continue
            if (
                not f.upper
                and not f.sent_start
                and not (
                    i > 0
                    and feats[i - 1].cap
                    and is_word(feats[i - 1])
                    and not feats[i - 1].lemmas & self.lex.org_descriptors  # "Команда Феррари"
                )
                and not (i + 1 < len(feats) and feats[i + 1].cap and is_word(feats[i + 1]))
                and dictionary_org(self.lang, f.text)
            ):
                out.append(Cand(i, i + 1, "ORG", "known"))  # "Феррари", "Газпрома": the dictionary says so
                continue
            if i + 1 < len(feats) and any(
                f"{a} {b}" in self.lex.orgs for a in f.lemmas for b in feats[i + 1].lemmas
            ):  # "Частного корреспондента": the adjective's lemma need not be the best parse's
                out.append(Cand(i, i + 2, "ORG", "known"))
            elif f.lemmas & self.lex.orgs:
                out.append(Cand(i, i + 1, "ORG", "known"))
        return out

    def gazetteer(self, feats: list[Feat]) -> list[Cand]:
        out = []
        places = self.lex.places
        for i, f in enumerate(feats):
            if not f.cap or f.upper or f.function or f.lower in self.lex.not_entities:
                continue
            if i + 1 < len(feats) and feats[i + 1].cap and f"{f.lemma} {feats[i + 1].lemma}" in places:
                out.append(Cand(i, i + 2, "LOC", "gaz"))
                continue
            if f.names and f.after_prep and self.conv["name_over_place"] and f.lemmas & places:
                out.append(Cand(i, i + 1, "LOC", "gaz"))  # "у Львові", "до Сави"
                continue
            if f.names or (f.sent_start and f.known_common) or f.lemmas & self.lex.org_heads:
                continue
            if f.lemmas & places or (f.geo and not f.known_common and not f.sent_start):
                out.append(Cand(i, i + 1, "LOC", "gaz"))
        return out

    def names(self, feats: list[Feat]) -> list[Cand]:
        """Runs of capitalised tokens pymorphy3 knows as names, surnames, patronymics."""
        out = []
        n = len(feats)
        i = 0
        while i < n:
            f = feats[i]
            if (
                f.cap
                and not f.upper
                and f.names
                and len(f.text) > 2
                and not f.function
                and not (f.known_common and (f.sent_start or f.line_start or (i and not is_word(feats[i - 1]))))
                and not (f.after_prep and self.is_place(f) and self.conv["name_over_place"])  # "у Львові"
            ):
                j = i + 1
                while j < n and feats[j].cap and not feats[j].upper and (feats[j].names or not feats[j].known_common):
                    j += 1
                start = i
                while start >= 2 and feats[start - 1].text == "." and INITIAL.match(feats[start - 2].text):
                    start -= 2
                out.append(Cand(start, j, "PER", "name"))
                i = j
                continue
            i += 1
        return out

    # -- natasha, corrected ----------------------------------------------------------

    def natasha(self, tokens: list[Token], feats: list[Feat]) -> list[Cand]:
        out = []
        for start, end, typ in ner_token_spans([t.text for t in tokens]):
            out.extend(self.fix_natasha(Cand(start, end, typ, "ner"), feats))
        return out

    def quoted(self, feats: list[Feat], c: Cand) -> bool:
        """A name standing alone in quotes: «Дискавери», «Ориона», «Жара продолжается» (ships,
        works, products), which the tagger takes for places and people."""
        a, b = c.start, c.end
        return a > 0 and b < len(feats) and feats[a - 1].text in OPEN_QUOTES and feats[b].text in CLOSE_QUOTES

    def closes_quoted(self, feats: list[Feat], c: Cand) -> bool:
        """A place closing a longer quoted name is part of it: «Наші гроші. Львів», «Ввімкни
        Україну»; where names do not nest it is no place of its own."""
        if c.end >= len(feats) or feats[c.end].text not in CLOSE_QUOTES:
            return False
        for k in range(c.start - 1, max(-1, c.start - 8), -1):
            t = feats[k].text
            if t in CLOSE_QUOTES and not (t in OPEN_QUOTES and opens(feats, k)):
                return False
            if t in OPEN_QUOTES and opens(feats, k):
                return k < c.start - 1 and feats[k + 1].cap
        return False

    def fix_natasha(self, c: Cand, feats: list[Feat]) -> list[Cand]:
        # Split at line breaks, commas and conjunctions ("Соколов і Арутюнов"); person and place
        # spans also at prepositions ("Мелітополі з Оленою").
        pieces: list[tuple[int, int]] = []
        s = c.start
        for k in range(c.start, c.end):
            f = feats[k]
            # "Всемирной продовольственной и сельскохозяйственной организации": adjectives
            # sharing one head are one organisation
            shared = c.type == "ORG" and f.lower != "," and k > c.start and feats[k - 1].adj
            cut = (
                (f.lower in CONJ and not shared)
                or f.text in LIST_MARKS
                or (c.type != "ORG" and f.text in DASHES)  # "Монако • Парагвай", "Алонсо — Шумахер"
                or (c.type != "ORG" and f.pos in ("ADP", "CCONJ"))
                or (not f.cap and f.lemmas & self.lex.titles)  # "Києва міністр армії"
            )
            if cut or (f.line_start and k > s):
                if k > s:
                    pieces.append((s, k))
                s = k if not cut else k + 1
        if s < c.end:
            pieces.append((s, c.end))
        out = []
        for a, b in pieces:
            if c.type == "PER":
                out.extend(self.fix_person(a, b, feats))
                continue
            while a < b and (
                (not is_word(feats[a]) and feats[a].text not in OPEN_QUOTES)
                or feats[a].lemmas & self.lex.titles  # "Замглавы Федеральной службы", "Суддя суду"
            ):
                a += 1
            while b > a and (
                (not is_word(feats[b - 1]) and feats[b - 1].text not in CLOSE_QUOTES)
                or (not feats[b - 1].cap and feats[b - 1].pos in ("VERB", "AUX"))  # "Тюлень заплескав"
            ):
                b -= 1
            if a < b and not any(f.cap or f.upper for f in feats[a:b]):
                continue  # nothing capitalised left: "армії" after "Києва міністр"
            lone = feats[a]
            if (
                b - a == 1
                and lone.function
                and not (lone.upper or lone.names or lone.geo or lone.lemmas & self.lex.places)
            ):
                continue  # "Все дружно отметили": a pronoun after a heading
            titled = a > 0 and bool(feats[a - 1].lemmas & self.lex.titles)  # "архиепископ Лонгин Клинский"
            if (c.type == "LOC" or (c.type == "ORG" and titled)) and b - a > 1 and self.first_name_first(feats[a:b]):
                out.extend(self.fix_person(a, b, feats))  # "Ахмат-Хаджи Кадырова", "Лонгин Клинский"
                continue
            if a < b:
                typ = c.type
                if typ == "ORG" and all(self.sure_place(f) for f in feats[a:b]):
                    typ = "LOC"  # "Києва" alone is the city
                elif typ == "LOC" and b - a == 1 and feats[a].lemmas & self.lex.org_heads:
                    typ = "ORG"  # "Дума"
                elif (
                    typ == "LOC"
                    and not self.conv["trust_ner_person"]
                    and all(f.names and not self.sure_place(f) for f in feats[a:b])
                ):
                    typ = "PER"  # "Олена", "Романові": a name the tagger took for a place
                elif (
                    typ == "ORG"
                    and b - a == 1
                    and "Name" in feats[a].names
                    and not feats[a].lemmas & (self.lex.orgs | self.lex.org_heads)
                    and not dictionary_org(self.lang, feats[a].text)
                    and not (a > 0 and feats[a - 1].lemmas & self.lex.org_descriptors)  # "профсоюза Юнайт"
                ):
                    typ = "PER"  # "Віктор", "Дмитрика": a first name alone is a person
                out.append(Cand(a, b, typ, "ner"))
        return out

    def first_name_first(self, span: list[Feat]) -> bool:
        """A first name followed by another capitalised word, and nothing the dictionary calls a
        place: a person the tagger took for a place."""
        k = 0
        while k < len(span) - 1 and span[k].known_common and span[k].sent_start:
            k += 1  # "Поддержку Кирсану Илюмжинову"
        rest = span[k:]
        org_words = self.lex.org_heads | self.lex.org_descriptors | self.lex.orgs
        return (
            len(rest) > 1
            and "Name" in rest[0].names
            and rest[1].cap
            # the uk dictionary's place tag layout is shared by some surnames ("Фісталь"): after a first
            # name ("Володимир" is a town as well) only the place list or a place adjective says place
            and not any(
                f.lemmas & (self.lex.regions | self.lex.places) or (f.geo and (f.adj or self.lang == "ru"))
                for f in rest[1:] + ([] if rest[0].person_like else rest[:1])
            )
            and not any(f.upper or f.lemmas & org_words or dictionary_org(self.lang, f.text) for f in rest)
            and not any(f.text in OPEN_QUOTES or f.text in CLOSE_QUOTES for f in rest)
        )

    def is_place(self, f: Feat) -> bool:
        if f.function or (f.person_like and self.conv["name_over_place"]):
            return False
        return bool(f.lemmas & self.lex.places) or f.geo or f.text in self.lex.loc_abbrevs

    def sure_place(self, f: Feat) -> bool:
        """A place by the dictionary or the hand-kept regions, and no organisation's name."""
        if f.function or f.lemmas & (self.lex.orgs | self.lex.org_heads):
            return False
        if f.person_like and self.conv["name_over_place"]:
            return False
        return f.geo or bool(f.lemmas & self.lex.regions) or f.text in self.lex.loc_abbrevs

    def looks_like_place(self, span: list[Feat]) -> bool:
        if len(span) == 1:
            f = span[0]
            if f.function:
                return False
            if not self.sure_place(f):
                return False  # only the long list says place ("Славко"): trust the tagger's person
            return not f.names or (f.geo and not f.sent_start)
        return not any(f.names for f in span) and any(self.is_place(f) for f in span)

    def fix_person(self, a: int, b: int, feats: list[Feat]) -> list[Cand]:
        # titles and lower-case words before the name are not part of it
        while a < b and (feats[a].lemmas & self.lex.titles or not feats[a].cap):
            a += 1
        k = a
        while k < b and (
            feats[k].cap
            or INITIAL.match(feats[k].text)
            or feats[k].text in ".-'’"
            or (feats[k].lower in NAME_PARTICLES and k + 1 < b and feats[k + 1].cap)
        ):
            k += 1
        b = k
        out = []
        # an organisation the dictionary knows before the name: "лидера Аль-Кайды Усамы бин Ладена"
        if b - a > 1 and dictionary_org(self.lang, feats[a].text) and "Name" in feats[a + 1].names:
            out.append(Cand(a, a + 1, "ORG", "known"))
            a += 1
        # a capitalised common word opening the sentence: "Візит Дрісколла"
        while a < b - 1 and (feats[a].sent_start or feats[a].line_start) and feats[a].known_common:
            if feats[a].names:
                break
            a += 1
        # a place before the name: "Донеччини Анатолія Близнюка", "Великої Британії Кір Стармер"
        if not self.conv["trust_ner_person"]:
            k = a
            while (
                k < b - 1
                and (self.is_place(feats[k]) or (feats[k].adj and feats[k].cap))
                and feats[k].gent
                and not feats[k].names
            ):
                k += 1
            if a < k < b and any(f.names for f in feats[k:b]) and any(self.is_place(f) for f in feats[a:k]):
                out.append(Cand(a, k, "LOC", "ner"))
                a = k
        if a >= b:
            return out
        span = feats[a:b]
        one = span[0]
        if (
            len(span) == 1
            and one.sent_start
            and one.known_common
            and not one.names
            and not one.lemmas & self.lex.places
        ):
            return out  # "Подана первая заявка", "Супруга «барона»": a word opening the sentence
        if self.conv["trust_ner_person"]:
            # but not a place both the dictionary and the place list know, and no name ("Эфиопия",
            # "Царицыно" in a list),
            # nor a place's name spelt with a space for its hyphen ("Коста Рика")
            place = (
                len(span) == 1 and not span[0].names and span[0].geo and bool(span[0].lemmas & self.lex.places)
            ) or (len(span) > 1 and "-".join(f.lower for f in span) in self.lex.places)
            out.append(Cand(a, b, "LOC" if place else "PER", "ner"))
        elif self.looks_like_place(span):
            out.append(Cand(a, b, "LOC", "ner"))
        elif len(span) == 1 and not span[0].names and (span[0].known_common or span[0].function):
            pass  # "Нагадаємо", "Вона": a capitalised common word
        else:
            out.append(Cand(a, b, "PER", "ner"))
        return out

    # -- putting it together ---------------------------------------------------------

    def __call__(self, text: str, tokens: list[Token], feats: list[Feat]) -> list[Entity]:
        cands = (
            self.quoted_orgs(feats)
            + self.streets(feats)
            + self.bare_streets(feats)
            + self.settlements(feats)
            + self.adj_locs(feats)
            + self.org_heads(feats)
            + self.org_words(feats)
            + (self.gov_places(feats) + self.org_nouns(feats) if self.conv["gov_places"] else [])
            + self.state_bodies(feats)
            + self.latin_orgs(feats)
            + self.abbreviations(feats)
            + self.natasha(tokens, feats)
            + self.known_orgs(feats)
            + self.known_persons(feats)
            + self.gazetteer(feats)
            + self.names(feats)
            + (self.nicknames(feats) if self.conv["nicknames"] else [])
        )
        # a name alone in quotes is a thing or an organisation, not a place or a person (unless a
        # place word stands before it: "урочище «Маяк»")
        cands = [c for c in cands if c.type not in ("LOC", "PER") or c.rule == "quoted" or not self.quoted(feats, c)]
        if not self.conv["nested_loc"]:
            cands = [c for c in cands if c.type != "LOC" or c.rule == "quoted" or not self.closes_quoted(feats, c)]
        common = self.common_abbreviations(feats)
        if common:
            cands = [c for c in cands if c.end - c.start > 1 or feats[c.start].text not in common]
        cands = [self.widen(c, feats) for c in cands if self.keep(c, feats)]
        cands.sort(key=lambda c: (-PRIORITY[c.rule], -(c.end - c.start), c.start))
        taken = [False] * len(tokens)
        chosen: list[Cand] = []
        for c in cands:
            if any(taken[c.start : c.end]):
                continue
            for k in range(c.start, c.end):
                taken[k] = True
            chosen.append(c)
        chosen = self.glosses(chosen, feats)
        chosen = self.one_person(chosen, feats)
        if not self.conv["nested_loc"]:
            chosen = self.named_after(chosen, feats)
            chosen = self.unit_abbreviations(chosen, feats)
        if not self.conv["nested_loc"]:
            chosen = self.place_tails(chosen, feats)
        entities = []
        # anaphors are sought before descriptors join the names: "компания Microsoft ... компании"
        # is as often another company as the same one
        anaphors = self.descriptor_anaphora(chosen, feats) if self.conv["descriptor_anaphora"] else []
        if self.conv["descriptor_inside"]:
            taken = {k for c in chosen for k in range(c.start, c.end)}
            chosen = [
                self.with_descriptor(c, feats) if c.type == "ORG" else self.with_geo_word(c, feats, taken)
                for c in chosen
            ]
        taken = {k for c in chosen for k in range(c.start, c.end)}
        chosen += [c for c in anaphors if not taken & set(range(c.start, c.end))]
        for c in chosen:
            start, end = self.extent(c, tokens, feats)
            entities.append(Entity(start=start, end=end, type=c.type, text=text[start:end]))  # type: ignore[arg-type]
        if self.conv["nested_loc"]:
            entities += self.nested_locs(text, chosen, cands, tokens)
            entities += self.unit_orgs(text, chosen, cands, tokens, feats)
            entities += self.units_of_persons(text, chosen, tokens, feats)
            entities += self.coordinated_orgs(text, tokens, feats)
        return sorted(entities, key=lambda e: (e.start, e.end))

    def unit_abbreviations(self, chosen: list[Cand], feats: list[Feat]) -> list[Cand]:
        """ "ГУ Держгеокадастру у Дніпропетровській області", "ГУ ДСНС України": where names do not
        nest, an abbreviation right before an organisation's name is its unit, one name with it."""
        return _absorb_next(
            chosen,
            lambda c, d: (
                c.type == "ORG"
                and c.end - c.start == 1
                and feats[c.start].upper
                and d.type == "ORG"
                and not feats[d.start].line_start
            ),
        )

    def named_after(self, chosen: list[Cand], feats: list[Feat]) -> list[Cand]:
        """ "Інституту зоології ім. Шмальгаузена", "парку ім. Т. Г. Шевченка": where names do not
        nest (NER-UK), the person an organisation or a place is named after belongs to its name."""
        by_start = {c.start: c for c in chosen}
        out = []
        merged: set[int] = set()
        for c in sorted(chosen, key=lambda c: c.start):
            if id(c) in merged:
                continue
            k = c.end
            if c.type in ("ORG", "LOC") and k < len(feats) and feats[k].lower in ("ім", "імені"):
                k += 1
                if k < len(feats) and feats[k].text == ".":
                    k += 1
                p = by_start.get(k)
                if p is not None and p.type == "PER":
                    c = Cand(c.start, p.end, c.type, c.rule)
                    merged.add(id(p))
            out.append(c)
        return out

    def one_person(self, chosen: list[Cand], feats: list[Feat]) -> list[Cand]:
        """A surname the text gives a person with a first name ("Іван Калязін") names that person
        wherever it stands alone, not the town the tagger or the place list took it for."""
        surnames = set()
        for c in chosen:
            if c.type == "PER" and any("Name" in f.names for f in feats[c.start : c.end - 1]):
                last = feats[c.end - 1]
                if last.cap and not last.lemmas & self.lex.regions:
                    surnames |= last.lemmas
        # a first name the text uses for a person inside a sentence is that person where it opens
        # one too ("Роман", "Ігор", "Марина" are also a novel, "of games", a marina)
        first = {
            feats[c.start].lemma
            for c in chosen
            if c.type == "PER"
            and c.end - c.start == 1
            and "Name" in feats[c.start].names
            and not feats[c.start].sent_start
        }
        if not surnames and not first:
            return chosen
        out = []
        for c in chosen:
            f = feats[c.start]
            if c.type == "LOC" and c.end - c.start == 1 and f.lemmas & surnames and not f.after_prep:
                c = Cand(c.start, c.end, "PER", c.rule, c.char_start, c.char_end)
            out.append(c)
        taken = {k for c in chosen for k in range(c.start, c.end)}
        for k, f in enumerate(feats):
            if k in taken or not f.cap or f.upper or f.after_prep:
                continue
            if f.lemmas & surnames or (f.sent_start and f.lemma in first and "Name" in f.names):
                out.append(Cand(k, k + 1, "PER", "name"))  # one the rules and the tagger left out
        return out

    def name_part(self, f: Feat) -> bool:
        return (
            f.cap and not f.upper and not f.function and (bool(f.names) or not f.known_common) and not self.is_place(f)
        )

    def widen(self, c: Cand, feats: list[Feat]) -> Cand:
        if c.type == "PER":
            return self.widen_person(c, feats)
        if c.type == "ORG" and c.end < len(feats) and feats[c.end].text.startswith("№"):
            # "прокуратура №1", "Луцьксантехмонтаж №536"
            end = c.end + 1
            if feats[c.end].text == "№" and end < len(feats) and feats[end].text[:1].isdigit():
                end += 1
            if feats[end - 1].text[-1:].isdigit():
                return Cand(c.start, end, c.type, c.rule)
        return c

    def widen_person(self, c: Cand, feats: list[Feat]) -> Cand:
        """Initials, first names and patronymics the tagger left out: "О . М . Бутлеров",
        "Ганна Іванівна", "Ігор Пукшин", "Винник Н. В."."""
        n = len(feats)
        a, b = c.start, c.end
        while True:
            if a >= 2 and feats[a - 1].text == "." and INITIAL.match(feats[a - 2].text) and not feats[a - 1].line_start:
                a -= 2
            elif a >= 1 and not feats[a].line_start and feats[a - 1].names and self.name_part(feats[a - 1]):
                a -= 1
            else:
                break
        while b < n and not feats[b].line_start:
            if b + 1 < n and INITIAL.match(feats[b].text) and feats[b].cap and feats[b + 1].text == ".":
                b += 2
            elif feats[b].names & {"Patr", "Surn"} and self.name_part(feats[b]) and b - c.start < 4:
                b += 1
            else:
                break
        if (a, b) == (c.start, c.end):
            return c
        return Cand(a, b, c.type, c.rule)

    def keep(self, c: Cand, feats: list[Feat]) -> bool:
        if c.end - c.start == 1 and feats[c.start].lower in self.lex.not_entities:
            return False
        k = c.start
        if k > 0 and feats[k - 1].text == "." and feats[k].glued_prev and not feats[k - 1].glued_prev:
            return False  # a domain zone: "в зоне .РФ", ".UA"
        two = c.end - c.start == 2 and f"{feats[c.start].lemma} {feats[c.start + 1].lemma}"
        if c.type == "ORG" and c.rule in ("orghead", "ner") and two in self.lex.places and two not in self.lex.orgs:
            c.type = "LOC"  # "Российской Федерации" is a place
        return True

    def extent(self, c: Cand, tokens: list[Token], feats: list[Feat]) -> tuple[int, int]:
        a, b = c.start, c.end
        # an unbalanced quote at the edge belongs outside the name
        if feats[a].text in OPEN_QUOTES and not any(f.text in CLOSE_QUOTES for f in feats[a + 1 : b]):
            a += 1
        if b - 1 > a and feats[b - 1].text in CLOSE_QUOTES and not any(f.text in OPEN_QUOTES for f in feats[a : b - 1]):
            b -= 1
        if a >= b:
            a, b = c.start, c.end
        return tokens[a].start, tokens[b - 1].end

    def unit_orgs(
        self, text: str, chosen: list[Cand], cands: list[Cand], tokens: list[Token], feats: list[Feat]
    ) -> list[Entity]:
        """A part of a named organisation is an organisation too, around the one it belongs to
        (factRuEval nests them): "пресс-служба МЧС", "антимонопольной комиссии Европейского союза";
        and in "Комиссия ЕС", taken whole, "ЕС" is one as well."""
        out = []
        taken = {k for c in chosen for k in range(c.start, c.end)}
        for c in chosen:
            if c.type == "ORG" and c.end - c.start > 1:
                # "Комиссия ЕС", "Судейский комитет ФИФА": the organisation it belongs to
                inner = [
                    d
                    for d in cands
                    if d.type == "ORG"
                    and c.start < d.start
                    and d.end <= c.end
                    and d.rule in ("abbr", "known", "orgword", "ner")
                    and (feats[d.start - 1].lemmas & self.lex.org_units or self.owner_after(feats, d.start))
                ]
                inner += self.owner_heads(c, feats)
                if inner:
                    d = max(inner, key=lambda d: d.end)
                    start, end = self.extent(d, tokens, feats)
                    out.append(Entity(start=start, end=end, type="ORG", text=text[start:end]))
            k = c.start - 1
            if c.type != "ORG" or k < 0 or k in taken:
                continue
            unit, head = feats[k], feats[c.start]
            if unit.cap or unit.pos != "NOUN" or not unit.lemmas & self.lex.org_units:
                continue
            if not (head.gent or head.upper or not head.known_common):
                continue
            while k > 0 and k - 1 not in taken and feats[k - 1].adj and not feats[k - 1].function:
                k -= 1
            start, end = self.extent(Cand(k, c.end, "ORG", "unit"), tokens, feats)
            out.append(Entity(start=start, end=end, type="ORG", text=text[start:end]))
        return out

    def units_of_persons(self, text: str, chosen: list[Cand], tokens: list[Token], feats: list[Feat]) -> list[Entity]:
        """ "пресс-служба Кадырова", "администрация президента Обамы", "пресс-служба президента
        Украины": the staff of a person or of a post is an organisation (factRuEval nests the name)."""
        out = []
        taken = {k for c in chosen for k in range(c.start, c.end)}
        for c in chosen:
            k = c.start - 1
            if k < 0 or k in taken or not feats[c.start].gent:
                continue
            titled = not feats[k].cap and bool(feats[k].lemmas & self.lex.titles) and feats[k].gent
            if not (c.type == "PER" or (titled and c.type == "LOC")):
                continue
            if titled:
                k -= 1
            if k < 0 or k in taken:
                continue
            unit = feats[k]
            if unit.pos != "NOUN" or (unit.cap and not unit.sent_start) or not unit.lemmas & self.lex.org_units:
                continue
            start, end = self.extent(Cand(k, c.end, "ORG", "unit"), tokens, feats)
            out.append(Entity(start=start, end=end, type="ORG", text=text[start:end]))
        return out

    def coordinated_orgs(self, text: str, tokens: list[Token], feats: list[Feat]) -> list[Entity]:
        """ "федерациями Ирака, Сирии и Ливана": one organisation for each place, reaching from the
        shared plural noun to its place (how factRuEval's extents fall)."""
        out = []
        n = len(feats)
        kinds = self.lex.gov_nouns | self.lex.org_descriptors | self.lex.org_heads
        for i, f in enumerate(feats):
            if f.cap or f.pos != "NOUN" or f.sing or not f.lemmas & kinds:
                continue
            places = []
            j = i + 1
            while j < n and feats[j].cap and feats[j].gent and self.is_place(feats[j]):
                places.append(j)
                if j + 2 < n and feats[j + 1].text in (",", "и") and not feats[j + 2].line_start:
                    j += 2
                else:
                    break
            if len(places) < 2:
                continue
            start = i
            while start > 0 and self.qualifier(feats[start - 1]):
                start -= 1
            for p in places:
                s, e = tokens[start].start, tokens[p].end
                out.append(Entity(start=s, end=e, type="ORG", text=text[s:e]))
        return out

    def owner_after(self, feats: list[Feat], k: int) -> bool:
        """Whether the name at ``k`` follows a lower-case noun of the outer name in the genitive
        chain ("Института этнологии и антропологии РАН"), not a descriptor in apposition
        ("федерации ФИДЕ", "сайте РТС") or a quote."""
        p = feats[k - 1]
        return p.pos == "NOUN" and not p.cap and is_word(p) and not p.lemmas & self.lex.org_descriptors

    def owner_heads(self, c: Cand, feats: list[Feat]) -> list[Cand]:
        """ "Палаты представителей Конгресса США", "Парламентской ассамблеи Совета Европы": a
        capitalised organisation name in the genitive closing a longer one."""
        for h in range(c.start + 2, c.end):
            f = feats[h]
            if f.cap and f.pos == "NOUN" and f.gent and f.lemmas & self.lex.org_heads:
                a = h
                while a > c.start + 1 and feats[a - 1].cap and feats[a - 1].adj:
                    a -= 1
                if self.owner_after(feats, a):
                    return [Cand(a, c.end, "ORG", "orghead")]
        return []

    def nested_locs(self, text: str, chosen: list[Cand], cands: list[Cand], tokens: list[Token]) -> list[Entity]:
        out = []
        # an organisation named like a place ("администрации Кремля") nests no place
        orgs = {(c.start, c.end) for c in cands if c.type == "ORG" and c.rule in ("known", "abbr")}
        for outer in chosen:
            if outer.type not in ("ORG", "MISC"):  # "программы «… — модернизация России»" too
                continue
            for c in cands:
                if (
                    c.type == "LOC"
                    and (c.start, c.end) not in orgs
                    and outer.start <= c.start
                    and c.end <= outer.end
                    and (c.start, c.end)
                    != (
                        outer.start,
                        outer.end,
                    )
                ):
                    s, e = tokens[c.start].start, tokens[c.end - 1].end
                    out.append(Entity(start=s, end=e, type="LOC", text=text[s:e]))
        return list({(e.start, e.end): e for e in out}.values())


def recognize(doc: Doc, recognizer: Recognizer, lang: str) -> list[Entity]:
    parses = doc.extras.get("morph_parses")
    if parses is None or len(parses) != len(doc.tokens):
        doc.sentences, doc.tokens, parses = tokenize_doc(doc.text, lang)
        doc.extras["morph_parses"] = parses
    feats = features(lang, doc.text, doc.tokens, doc.sentences)
    return recognizer(doc.text, doc.tokens, feats)


@component("slavic_ner")
def make_slavic_ner(lang: str, config: dict[str, Any]) -> Any:
    check_lang(lang)
    conventions = {**CONVENTIONS[lang], **{k: bool(v) for k, v in config.items() if k in CONVENTIONS[lang]}}
    recognizer = Recognizer(lang, conventions)
    ner_tagger()  # load the model now, not on the first document
    parse_word(lang, "тест")

    def slavic_ner(doc: Doc) -> Doc:
        doc.entities = recognize(doc, recognizer, lang)
        return doc

    return slavic_ner
