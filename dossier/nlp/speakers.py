"""``speakers``: resolve each attribution's source span to an actor.

In order: a named person inside the source; an anonymous source ("one of the sources",
"a ... official", "джерело", "собеседник издания": anonymous, no speaker, relayed by the
outlet when its journalists are named); a pronoun (the nearest earlier person of the right
gender, preferring a previous speaker, then a sentence's subject; "who"/"який" take the name
right before; Ukrainian and Russian cues without a subject speak for the last person); a
title ("the Greek Prime Minister" -> the person named with that role, before or in
apposition, or with another name of the office; a bare "Президент" -> the last person
speaking; never the country or organisation the title names); an organisation noun ("the
agency", "агентство" -> the outlet already quoted or cited; "the ministry" -> only an
organisation whose name holds the noun); finally an organisation or place named in the
source. Also sets ``via`` (who relays a report) and ``doc.cited_source`` (the outlet the
whole article relays: "Headline — Bloomberg", or "according to X" in the lead).
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from functools import cache
from typing import Any

from dossier.nlp.actors import is_title_word, role_after, role_before
from dossier.nlp.aliases import default_aliases
from dossier.nlp.doc import Doc
from dossier.nlp.lexicon import read_list, read_yaml
from dossier.nlp.morph import analyzer, grammemes, lemma_candidates, parses, person_gender, same_word, words
from dossier.nlp.registry import component
from dossier.records import Attribution, Entity, Span

_SENTENCE = re.compile(r"[^.!?\n]+(?:[.!?]+[\"»”’]?|\n|$)")


# Where the lead ends at the latest when no two long prose lines end it earlier.
_LEAD_CHARS = 1500

_PRONOUN_KINDS = ("masc", "femn", "plur", "neut", "rel", "first")


@dataclass(frozen=True, slots=True)
class Lexicons:
    anonymous: frozenset[str]
    pronouns: dict[str, str]  # pronoun -> masc/femn/plur/neut
    media_nouns: tuple[str, ...]
    other_nouns: tuple[str, ...]
    body_nouns: tuple[str, ...]  # "the department", "відомство": any public body named before
    media_people: frozenset[str]
    prepositions: frozenset[str]
    indefinite: frozenset[str]
    determiners: frozenset[str]


@cache
def lexicons(lang: str) -> Lexicons:
    pron = read_yaml(lang, "pronouns") or {}
    nouns = read_yaml(lang, "org_nouns") or {}
    return Lexicons(
        anonymous=frozenset(w.lower() for w in read_list(lang, "anonymous")),
        pronouns={p.lower(): g for g, ps in pron.items() if g in _PRONOUN_KINDS for p in ps},
        media_nouns=tuple(n.lower() for n in nouns.get("media", [])),
        other_nouns=tuple(n.lower() for n in nouns.get("other", [])),
        body_nouns=tuple(n.lower() for n in nouns.get("body", [])),
        media_people=frozenset(n.lower() for n in nouns.get("media_people", [])),
        prepositions=frozenset(p.lower() for p in pron.get("prepositions", [])),
        indefinite=frozenset(w.lower() for w in read_list(lang, "anonymous_indefinite")),
        determiners=frozenset(w.lower() for w in (read_yaml(lang, "titles_links") or {}).get("determiners", [])),
    )


@cache
def first_name_genders(lang: str) -> dict[str, str]:
    data = read_yaml(lang, "pronouns_first_names") or {}
    return {str(n).lower(): g for g in ("masc", "femn") for n in data.get(g) or []}


@cache
def role_synonyms(lang: str) -> tuple[tuple[str, ...], ...]:
    return tuple(tuple(p.strip().lower() for p in line.split("|") if p.strip()) for line in read_list(lang, "roles"))


def sentences_of(doc: Doc) -> list[tuple[int, int]]:
    """The document's sentences (from the tokens component, or a plain splitter), cut at
    line breaks too: a headline or byline without a full stop is no part of the next sentence."""
    cached = doc.extras.get("actors.sentences")
    if cached is not None:
        return cached
    text = doc.text
    base = doc.sentences or [(m.start(), m.end()) for m in _SENTENCE.finditer(text) if m.group().strip()]
    out: list[tuple[int, int]] = []

    def add(start: int, end: int) -> None:
        piece = text[start:end]
        if piece.strip():
            lead = len(piece) - len(piece.lstrip())
            out.append((start + lead, start + len(piece.rstrip())))

    for start, end in base:
        pos = start
        for m in re.finditer(r"\n", text[start:end]):
            add(pos, start + m.end())
            pos = start + m.end()
        add(pos, end)
    doc.extras["actors.sentences"] = out
    return out


def widen_to_words(text: str, span: Span) -> Span:
    """``span`` grown to whole words, so a source cut inside a word ("єр-міністр") reads whole."""
    start, end = span.start, span.end
    while start > 0 and (
        text[start - 1].isalnum() or (text[start - 1] in "'’ʼ-" and text[start - 2 : start - 1].isalnum())
    ):
        start -= 1
    while end < len(text) and text[end].isalnum():
        end += 1
    return Span(start, end)


def _describes(word: str, lang: str) -> bool:
    """An adjective or a nationality that may stand before a title ("Russian", "Российский")."""
    if lang == "en":
        return word[:1].isupper() and word.lower().endswith(("an", "ese", "ish", "i", "ch"))
    found = parses(word, lang)
    return bool(found) and "ADJF" in grammemes(found[0])


def _inside(pos: int, span: Span) -> bool:
    """Whether ``pos`` lies in one of the span's pieces (a quote interrupted by "he said" has two)."""
    return any(start <= pos < end for start, end in span.parts())


class Covering:
    """Which of a list of spans contain a position, by bisection (a long document has thousands
    of attributions; scanning them all for every pronoun made the analysis quadratic)."""

    def __init__(self, spans: list[Span]) -> None:
        pieces = sorted((s, e, k) for k, span in enumerate(spans) for s, e in span.parts())
        self._starts = [p[0] for p in pieces]
        self._ends = [p[1] for p in pieces]
        self._keys = [p[2] for p in pieces]
        self._reach: list[int] = []  # the furthest end among pieces 0..i
        for end in self._ends:
            self._reach.append(max(end, self._reach[-1]) if self._reach else end)

    def at(self, pos: int) -> list[int]:
        """Indices (into the list given) of the spans with a piece holding ``pos``."""
        out = []
        i = bisect_right(self._starts, pos) - 1
        while i >= 0 and self._reach[i] > pos:
            if self._ends[i] > pos:
                out.append(self._keys[i])
            i -= 1
        return out


@cache
def _outlet_lexicon(lang: str) -> tuple[frozenset[str], tuple[str, ...]]:
    """Outlet names and nouns (lexicons/LANG/attribution_outlets.txt, English attribution_media.txt):
    whole words, and prefixes written with a final "*"."""
    entries = [w.lower() for w in (*read_list(lang, "attribution_outlets"), *read_list(lang, "attribution_media"))]
    return frozenset(w for w in entries if not w.endswith("*")), tuple(w[:-1] for w in entries if w.endswith("*"))


def _outlet_words(name: str, lang: str) -> bool:
    whole, prefixes = _outlet_lexicon(lang)
    low = name.lower()
    ws = [w.lower() for w in words(name)]
    return any(w in whole or w.startswith(prefixes) for w in ws) or any(" " in o and o in low for o in whole)


def _key(a: Attribution) -> int:
    return (a.source or a.cue or a.content).start


def _word_in(word: str, vocab: frozenset[str] | set[str], lang: str) -> bool:
    low = word.lower().replace("’", "'")
    return low in vocab or bool(lemma_candidates(word, lang) & vocab)


class SpeakerResolver:
    def __init__(self, lang: str) -> None:
        self.lang = lang
        self.lex = lexicons(lang)

    def prepare(self, doc: Doc) -> None:
        """Index the document's sentences, actors and entities (also for the events component,
        which resolves pronouns among an event's participants the same way)."""
        self.doc = doc
        self.lang = doc.lang if doc.lang in ("en", "uk", "ru") else self.lang
        self.lex = lexicons(self.lang)
        self.sentences = sentences_of(doc)
        self._starts = [start for start, _ in self.sentences]
        self.types = {a.id: a.type for a in doc.actors}
        self.ents = sorted((e for e in doc.entities if e.actor), key=lambda e: e.start)
        self._roles: dict[tuple[int, int], list[str]] = {}
        self._ent_starts = [e.start for e in self.ents]
        self._speakers_so_far: set[str] = set()
        self._mentions: dict[str, list[Entity]] = {}
        for e in self.ents:
            self._mentions.setdefault(e.actor or "", []).append(e)
        self._persons = [e for e in self.ents if e.type == "PER"]
        self._person_starts = [e.start for e in self._persons]
        self._genders: dict[str, str | None] = {}
        self._roles_of: dict[str, list[str]] = {}
        self._noun_orgs: dict[str, list[int]] = {}  # noun -> starts of organisations whose name holds it
        self._outlet_orgs: list[int] | None = None
        self._atts = list(doc.attributions)
        self._contents = Covering([a.content for a in self._atts])
        self._direct = [a for a in self._atts if a.kind == "direct"]
        self._direct_contents = Covering([a.content for a in self._direct])
        self._with_speaker: list[Attribution] | None = None

    def pronoun_referent(self, start: int, end: int) -> str | None:
        """The actor a personal pronoun at ``[start, end)`` stands for (he/she/they, він/вона/вони,
        он/она/они and their other cases), or None when it is no such pronoun or unresolved."""
        gender = self.lex.pronouns.get(self.doc.text[start:end].lower())
        if gender not in ("masc", "femn", "plur"):
            return None
        if self._with_speaker is None:
            self._with_speaker = sorted((a for a in self._atts if a.source and a.speaker), key=_key)
        earlier = self._with_speaker[: bisect_left(self._with_speaker, start, key=_key)]
        return self._antecedent(Span(start, end), gender, [a for a in earlier if a.source and a.source.end <= start])

    def __call__(self, doc: Doc) -> Doc:
        self.prepare(doc)
        atts = sorted(doc.attributions, key=lambda a: (a.source or a.cue or a.content).start)
        resolved: list[Attribution] = []
        for a in atts:
            if a.speaker is None and not a.anonymous and a.source is not None:
                self._resolve(a, resolved)
            elif a.speaker is None and not a.anonymous and a.source is None and a.cue is not None:
                self._dropped_subject(a, resolved)
            resolved.append(a)
            if a.speaker:
                self._speakers_so_far.add(a.speaker)
        # "I" inside a quote is its speaker, who may be named only after the quote: a second pass.
        for a in atts:
            if (
                a.speaker is None
                and not a.anonymous
                and a.source is not None
                and self._pronoun(words(widen_to_words(doc.text, a.source).text(doc.text))) == "first"
            ):
                self._resolve(a, resolved)
        doc.cited_source = doc.cited_source or self._cited_source(atts)
        self._set_via(atts)
        return doc

    # --- one source span

    def _resolve(self, a: Attribution, earlier: list[Attribution]) -> None:
        assert a.source is not None
        text = self.doc.text
        src = widen_to_words(text, a.source)
        stext = src.text(text)
        inside = self._entities_in(src.start - 200, src.end)
        inside = [e for e in inside if e.start < src.end and e.end > src.start]
        persons = [e for e in inside if e.type == "PER" and text[e.end : e.end + 2] not in ("'s", "’s")]
        persons = persons or [e for e in inside if e.type == "PER"]
        if persons:
            a.speaker = persons[-1].actor
            return
        ws = words(stext)
        # "sources in the Kremlin" is anonymous; "Bloomberg ... officials" is Bloomberg, but
        # "a Homeland Security Department official" is anonymous again (indefinite).
        # (an "organisation" a recogniser read into "Джерело розповіло" is no name)
        org = next((e for e in inside if e.type == "ORG" and not self._anonymous(words(e.text)[:1])), None)
        indefinite = bool(ws) and ws[0].lower() in self.lex.indefinite
        if self._anonymous(ws if org is None or indefinite else words(text[src.start : org.start])):
            a.anonymous = True
            # "a source told the agency", "одне з джерел, з якими поспілкувалися журналісти":
            # the outlet relays what its anonymous source said.
            if any(_word_in(w, self.lex.media_people, self.lang) for w in ws):
                a.via = self._by_org_noun(src, ("media", ""), earlier)
            elif a.cue is not None:
                # "a senior official told Reuters", "джерело розповіло виданню NovaPress"
                a.via = self._outlet_told(a.cue.end)
            return
        gender = self._pronoun(ws)
        if gender == "rel":
            a.speaker = self._relative(src)
            return
        if gender == "first":
            # "«Я вас захищатиму», – каже він мені" inside Баєв's quote: "I" is Баєв; outside
            # any quote it is the author, who is no actor here.
            outer = [
                o for o in self.doc.attributions if o is not a and o.kind == "direct" and _inside(src.start, o.content)
            ]
            if outer:
                a.speaker = min(outer, key=lambda o: o.content.end - o.content.start).speaker
            return
        if gender:
            a.speaker = self._antecedent(src, gender, earlier)
            return
        # Title words outside the names in the source ("General" in "General Staff" is a name).
        outside = "".join(
            c if not any(e.start <= src.start + i < e.end for e in inside) else " " for i, c in enumerate(stext)
        )
        if any(is_title_word(w, self.lang) for w in words(outside)):
            # The speaker is a person in that office; unknown, it stays unresolved rather
            # than falling to the organisation or country the title names ("директор ЧАЕС").
            a.speaker = self._by_role(src, ws, self._feminine(a, ws)) or self._bare_title(src, ws, earlier)
            return
        noun = self._org_noun(ws)
        # "агентство Reuters", "the news agency Interfax": the source names the organisation
        # itself, which wins over whatever the noun alone would point back to.
        named_orgs = [e for e in inside if e.type == "ORG" and not self._only_org_nouns(e.text)]
        # one wholly inside the source first (a recogniser may glue "Як повідомляє агентство")
        named_orgs = [e for e in named_orgs if src.start <= e.start and e.end <= src.end] or named_orgs
        if noun and named_orgs:
            a.speaker = max(named_orgs, key=lambda e: e.end - e.start).actor
            return
        if noun:
            a.speaker = self._by_org_noun(src, noun, earlier)
            if a.speaker:
                return
        for etype in ("ORG", "LOC", "MISC"):
            named = [e for e in inside if e.type == etype]
            if named:
                a.speaker = max(named, key=lambda e: e.end - e.start).actor
                return

    def _entities_in(self, start: int, end: int) -> list[Entity]:
        """Entities starting in ``[start, end)`` (the entity list is sorted by start)."""
        return self.ents[bisect_left(self._ent_starts, start) : bisect_left(self._ent_starts, end)]

    def _dropped_subject(self, a: Attribution, earlier: list[Attribution]) -> None:
        """Ukrainian and Russian drop a known subject ("Зараз він обережний, каже, що ..."):
        a personal cue verb with no source speaks for the nearest earlier person."""
        morph = analyzer(self.lang)
        assert a.cue is not None
        cue = words(a.cue.text(self.doc.text))
        if morph is None or len(cue) != 1 or re.search(r"(ться|ться|ється|ется|ится|лось|лося)$", cue[0].lower()):
            return
        parse = parses(cue[0], self.lang)[0]
        g = grammemes(parse)
        if "VERB" not in g or not g & {"3per", "past"}:
            return
        if "neut" in g:
            return  # "джерело повідомило": a neuter subject is no person left unsaid
        gender = "femn" if "femn" in g else "plur" if "plur" in g else "masc"
        a.speaker = self._antecedent(a.cue, gender, earlier, sentences_back=1)

    def _anonymous(self, ws: list[str]) -> bool:
        return any(_word_in(w, self.lex.anonymous, self.lang) for w in ws[:8])

    def _pronoun(self, ws: list[str]) -> str | None:
        # "he", "He’s" (the contraction's "s" is a word of its own here), "вона".
        content = [w for w in ws if w.lower() not in ("s", "’s", "'s")]
        if len(content) == 1:
            w = re.sub(r"['’]s$", "", content[0].lower())
            return self.lex.pronouns.get(w)
        return None

    # --- pronouns

    def _sentence_index(self, pos: int) -> int:
        """The sentence holding ``pos`` (or the last one starting before it)."""
        return max(0, bisect_right(self._starts, pos) - 1)

    def _gender(self, actor: str) -> str | None:
        """masc/femn of a person where the dictionary is sure (Ukrainian, Russian names) or,
        in English, where the first name tells (lexicons/en/pronouns_first_names.yaml)."""
        if actor not in self._genders:
            self._genders[actor] = self._find_gender(actor)
        return self._genders[actor]

    def _find_gender(self, actor: str) -> str | None:
        if analyzer(self.lang) is None:
            names = first_name_genders(self.lang)
            found = {
                names[w.lower()]
                for e in self._mentions.get(actor, [])
                for w in words(e.text)[:-1]
                if w.lower() in names
            }
            return found.pop() if len(found) == 1 else None
        return person_gender([w for e in self._mentions.get(actor, []) for w in words(e.text)], self.lang)

    def _compatible(self, actor: str | None, gender: str) -> bool:
        if actor is None:
            return False
        atype = self.types.get(actor)
        if gender == "neut":
            # "it" stands for an organisation only as a speaker already ("the ministry said it ...").
            return atype == "ORG" and actor in self._speakers_so_far
        if gender == "plur":
            # "вони", "они" never stand for one person (English "they" may: singular they)
            return atype == "ORG" or (atype == "PER" and self.lang == "en")
        if atype != "PER":
            return False
        known = self._gender(actor)
        return known is None or known == gender

    def _antecedent(self, src: Span, gender: str, earlier: list[Attribution], sentences_back: int = 3) -> str | None:
        """The nearest earlier compatible person: a previous speaker, else a sentence's subject."""
        quotes = [self._atts[k].content for k in self._contents.at(src.start)]
        here = self._sentence_index(src.start)
        for i in range(here, max(-1, here - sentences_back - 1), -1):
            s_start, s_end = self.sentences[i] if self.sentences else (0, len(self.doc.text))
            limit = min(s_end, src.start)
            # ``earlier`` is in text order: only those starting in this sentence
            window = earlier[bisect_left(earlier, s_start, key=_key) : bisect_left(earlier, limit, key=_key)]
            for a in reversed(window):
                if (
                    a.source
                    and s_start <= a.source.start < limit
                    and self._compatible(a.speaker, gender)
                    and self._visible(a.source, src, quotes)
                ):
                    return a.speaker
            cands = [
                e
                for e in self._entities_in(s_start, limit)
                if self._compatible(e.actor, gender) and self._visible(e, src, quotes)
            ]
            if cands:
                subjects = [e for e in cands if not self._after_preposition(e)]
                return (subjects or cands)[0].actor
        return None

    def _relative(self, src: Span) -> str | None:
        """ "Ivan Petrov, who ...": the person (or organisation) named right before the pronoun."""
        s_start = self.sentences[self._sentence_index(src.start)][0] if self.sentences else 0
        before = [e for e in self._entities_in(s_start, src.start) if e.end <= src.start and src.start - e.end <= 40]
        for etype in ("PER", "ORG"):
            named = [e for e in before if e.type == etype and self.types.get(e.actor or "") == etype]
            if named:
                return named[-1].actor
        return None

    def _visible(self, e: Entity | Span, src: Span, quotes: list[Span]) -> bool:
        # A name inside someone's direct quote is an antecedent only for a pronoun in the same
        # quote; names in reported speech are the narrator's words and stay visible.
        return all(any(q == self._direct[k].content for q in quotes) for k in self._direct_contents.at(e.start))

    def _after_preposition(self, e: Entity) -> bool:
        before = words(self.doc.text[max(0, e.start - 40) : e.start])
        preps = self.lex.prepositions
        return bool(before) and before[-1].lower() in preps

    # --- titles and roles

    def _feminine(self, a: Attribution, ws: list[str]) -> bool:
        """Whether a Ukrainian or Russian source is a woman by its grammar: a feminine title
        ("прем'єрка", "министерша") or a feminine past-tense cue ("наголосила", "заявила")."""
        if analyzer(self.lang) is None:
            return False
        titles = [w for w in ws if is_title_word(w, self.lang)]
        for w in titles:
            nouns = [grammemes(p) for p in parses(w, self.lang) if "NOUN" in grammemes(p)]
            if nouns and all("femn" in g for g in nouns):
                return True
        cue = words(a.cue.text(self.doc.text)) if a.cue else []
        if len(cue) == 1:
            verbs = [grammemes(p) for p in parses(cue[0], self.lang) if "VERB" in grammemes(p)]
            return bool(verbs) and all("femn" in g and "past" in g for g in verbs)
        return False

    def _by_role(self, src: Span, ws: list[str], feminine: bool = False) -> str | None:
        """The person named with the role the source describes ("the Greek Prime Minister").

        The person whose title agrees in the most words, the nearest on a tie; earlier in the
        text, or later when every word agrees (a headline's "Голова КМДА" named below it).
        """
        content = [w for w in ws if w.lower() not in self.lex.determiners]

        def best_of(cands: list[Entity]) -> tuple[tuple[int, int], str] | None:
            best = None
            for e in cands:
                if feminine and self._gender(e.actor or "") == "masc":
                    continue  # "Прем'єрка наголосила" is no man with that title
                role = self._role_words(e)
                matched = [w for w in content if any(self._same(w, r) or self._nationality_of(w, r) for r in role)]
                if not any(is_title_word(w, self.lang) for w in matched):
                    continue
                key = (len(matched), -abs(e.start - src.start))
                if best is None or key > best[0]:
                    best = (key, e.actor or "")
            return best

        # The nearest fifty persons either side: a role is introduced close to where it is used.
        persons = self._persons
        cut = bisect_right(self._person_starts, src.start)
        earlier = best_of([e for e in persons[max(0, cut - 50) : cut] if e.start < src.start])
        if earlier:
            return earlier[1]
        later = best_of([e for e in persons[cut : cut + 50] if e.start >= src.end])
        if later and later[0][0] == len(content):
            return later[1]
        return None

    def _bare_title(self, src: Span, ws: list[str], earlier: list[Attribution]) -> str | None:
        """A bare title ("Президент", "the Russian leader") that names no one's known role:
        the person who spoke last, within the last few sentences, as a definite description."""
        content = [w for w in ws if w.lower() not in self.lex.determiners]
        bare = all(is_title_word(w, self.lang) or _describes(w, self.lang) for w in content)
        if not content or not bare:
            return None
        here = self._sentence_index(src.start)
        first = self.sentences[max(0, here - 3)][0] if self.sentences else 0
        titles = [w for w in content if is_title_word(w, self.lang)]
        for a in reversed(earlier):
            if a.source and first <= a.source.start < src.start and self.types.get(a.speaker or "") == "PER":
                # Someone known in another office is not "the president".
                known = self._actor_roles(a.speaker or "")
                if known and not any(self._same(t, r) for t in titles for r in known):
                    return None
                return a.speaker
        return None

    def _nationality_of(self, adjective: str, name: str) -> bool:
        """ "British" of "Britain", "грецький" of "Греції", "греческий" of "Греции": an adjective
        in the source and a capitalised country in the role that share their first letters."""
        if not name[:1].isupper() or not _describes(adjective, self.lang) or is_title_word(adjective, self.lang):
            return False
        a, n = adjective.lower(), name.lower()
        k = 0
        while k < min(len(a), len(n)) and a[k] == n[k]:
            k += 1
        stem = a[: max(4, len(a) - 4)]
        return (k >= 3 and k >= min(len(a), len(n)) - 4) or (len(stem) >= 5 and stem in n)  # "Великобритании"

    def _actor_roles(self, actor: str) -> list[str]:
        """The role words written with any mention of ``actor``."""
        if actor not in self._roles_of:
            self._roles_of[actor] = [r for e in self._mentions.get(actor, []) for r in self._role_words(e)]
        return self._roles_of[actor]

    def _role_words(self, e: Entity) -> list[str]:
        key = (e.start, e.end)
        if key not in self._roles:
            text = self.doc.text
            phrase = " ".join(
                r for r in (role_before(text, e.start, self.lang), role_after(text, e.end, self.lang)) if r
            )
            found = words(phrase) + [w for w in words(e.text)[:-1] if is_title_word(w, self.lang)]
            found += self._synonyms(found)
            # "премьер" names the "премьер-министр" too.
            found += [p for w in found if "-" in w for p in w.split("-") if len(p) > 2]
            self._roles[key] = found
        return self._roles[key]

    def _synonyms(self, role: list[str]) -> list[str]:
        """Words of the other names of an office the role names (lexicons/LANG/roles.txt)."""
        out: list[str] = []
        for group in role_synonyms(self.lang):
            for name in group:
                parts = name.split()
                if any(
                    all(self._same(p, role[i + k]) for k, p in enumerate(parts))
                    for i in range(len(role) - len(parts) + 1)
                ):
                    out += [w for other in group if other != name for w in other.split()]
                    break
        return out

    def _same(self, a: str, b: str) -> bool:
        if self.lang in ("uk", "ru"):
            return same_word(a, b, self.lang)
        x, y = a.lower().rstrip("."), b.lower().rstrip(".")
        return x == y or x.rstrip("s") == y.rstrip("s")

    # --- organisation nouns

    def _org_noun(self, ws: list[str]) -> tuple[str, str] | None:
        low = [w.lower() for w in ws if w.lower() not in self.lex.determiners]
        phrase = " ".join(low)
        kinds = (("media", self.lex.media_nouns), ("body", self.lex.body_nouns), ("other", self.lex.other_nouns))
        for kind, nouns in kinds:
            for n in nouns:
                if phrase == n or (self.lang == "en" and phrase.endswith(" " + n)):
                    return kind, n
                if self.lang != "en" and low and " " not in n and any(same_word(w, n, self.lang) for w in low[:2]):
                    return kind, n
        return None

    def _by_org_noun(self, src: Span, noun: tuple[str, str], earlier: list[Attribution]) -> str | None:
        kind, word = noun
        # An organisation whose own name holds the noun: "the ministry" -> "Ministry of Defence".
        found = self._last_org_before(src.start, (word,)) if word else None
        if found is not None:
            return found.actor
        if kind == "body":
            # "У відомстві заявили": the body named last, in the last few sentences, whose own
            # name says it is one ("Міністерство оборони", "Служба безпеки").
            first = self.sentences[max(0, self._sentence_index(src.start) - 3)][0] if self.sentences else 0
            found = self._last_org_before(src.start, self.lex.other_nouns)
            return found.actor if found is not None and found.start >= first else None
        if kind != "media":
            return None  # "the ministry" is no outlet quoted before; unnamed, it stays unresolved
        # "the agency" is an outlet: one that relayed a report before (not "the Kremlin said"),
        # the article's cited source, or an organisation named as an outlet ("агентство Reuters").
        prior = [a.speaker for a in reversed(earlier) if a.speaker and a.relay and self.types.get(a.speaker) == "ORG"]
        if prior:
            return prior[0]
        if self.doc.cited_source:
            return self.doc.cited_source
        if self._outlet_orgs is None:
            self._outlet_orgs = [i for i, e in enumerate(self.ents) if e.type == "ORG" and self._named_as_outlet(e)]
        before = [i for i in self._outlet_orgs[: bisect_left(self._outlet_orgs, self._ents_before(src.start))]]
        return self.ents[before[-1]].actor if before else None

    def _outlet_told(self, pos: int) -> str | None:
        """The outlet right after a cue, as its addressee ("told Reuters", "сообщил изданию РБК")."""
        for e in self._entities_in(pos, pos + 40):
            gap = words(self.doc.text[pos : e.start])
            if e.type == "ORG" and len(gap) <= 2 and (self._named_as_outlet(e) or _outlet_words(e.text, self.lang)):
                return e.actor
            break
        return None

    def _ents_before(self, pos: int) -> int:
        """How many entities end by ``pos`` (counted in start order; entities do not overlap)."""
        i = bisect_left(self._ent_starts, pos)
        while i > 0 and self.ents[i - 1].end > pos:
            i -= 1
        return i

    def _last_org_before(self, pos: int, nouns: tuple[str, ...]) -> Entity | None:
        """The last organisation named before ``pos`` whose own name holds one of ``nouns``."""
        key = "|".join(nouns)
        if key not in self._noun_orgs:
            self._noun_orgs[key] = [
                i
                for i, e in enumerate(self.ents)
                if e.type == "ORG" and any(self._same(w, n) for w in words(e.text) for n in nouns)
            ]
        idx = self._noun_orgs[key]
        cut = bisect_left(idx, self._ents_before(pos))
        return self.ents[idx[cut - 1]] if cut else None

    def _only_org_nouns(self, phrase: str) -> bool:
        """Whether a phrase is nothing but organisation nouns ("Агентство" a recogniser tagged)."""
        nouns = (*self.lex.media_nouns, *self.lex.body_nouns, *self.lex.other_nouns)
        ws = [w for w in words(phrase) if w.lower() not in self.lex.determiners]
        return bool(ws) and all(any(self._same(w, n) for n in nouns if " " not in n) for w in ws)

    def _named_as_outlet(self, e: Entity) -> bool:
        """An organisation written with an outlet noun in or right before its name."""
        before = words(self.doc.text[max(0, e.start - 30) : e.start])[-2:]
        return any(self._same(w, n) for w in [*before, *words(e.text)] for n in self.lex.media_nouns if " " not in n)

    # --- relays and the cited source

    def _cited_source(self, atts: list[Attribution]) -> str | None:
        """The outlet an article relays: "Headline — Bloomberg", or "according to X" in the lead."""
        text = self.doc.text
        head_end = min(len(text), 600)
        # a dash between spaces ("so-called Witkoff-Dmitriev plan, according to X" is no byline),
        # and the outlet is the whole rest of the line
        for m in re.finditer(r"(?:^|\s)[—–-]\s+([^\n—–]{2,60}?)[\s.]*(?:\n|$)", text[:head_end]):
            for e in self._entities_in(m.start(1), m.end(1)):
                if e.type == "ORG" and e.end >= m.end(1) - 1:
                    return e.actor
        title = self.doc.document.title or ""
        m = re.search(r"\s[—–|-]\s*([^—–|]{2,60})$", title)
        if m:
            tail = m.group(1).strip()
            for e in self.ents:
                if e.type == "ORG" and e.text.strip() == tail:
                    return e.actor
            known = default_aliases().lookup(tail, self.lang, "ORG")
            if known:
                return known.id
        lead = self._lead_end()
        for a in atts:
            if (a.source or a.content).start > lead:
                break
            # Only an outlet passing the report on ("according to Bloomberg"), not any
            # organisation that said something in the lead ("The Kremlin said ...").
            if a.speaker and self.types.get(a.speaker) == "ORG" and a.relay:
                return a.speaker
        return None

    def _lead_end(self) -> int:
        # The first two paragraphs of running text (lines long enough to be prose); in text
        # wrapped into short lines, the lines up to about two paragraphs' length, not the whole text.
        seen, pos = 0, 0
        for line in self.doc.text.splitlines(keepends=True):
            pos += len(line)
            if len(line.strip()) > 120:
                seen += 1
                if seen == 2:
                    return pos
            if pos >= _LEAD_CHARS:
                return pos
        return pos

    def _set_via(self, atts: list[Attribution]) -> None:
        relays = [a for a in atts if a.relay and a.speaker]
        if not relays:
            return
        # The relays whose content holds a position, or that sit in its sentence, by index.
        around = Covering([Span(r.content.start, r.content.end) for r in relays])
        by_sentence: dict[int, list[int]] = {}
        for k, r in enumerate(relays):
            by_sentence.setdefault(self._sentence_index((r.source or r.content).start), []).append(k)
        for b in atts:
            if b.relay or b.via:
                continue
            where = (b.source or b.cue or b.content).start
            for k in sorted({*around.at(where), *by_sentence.get(self._sentence_index(where), [])}):
                r = relays[k]
                if r is not b and r.speaker != b.speaker:
                    b.via = r.speaker
                    break


@component("speakers")
def make_speakers(lang: str, config: dict[str, Any]) -> SpeakerResolver:
    return SpeakerResolver(lang)
