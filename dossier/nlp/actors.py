"""``actors``: group the entity mentions of one document into document-level actors.

"Daniel Driscoll", "Dan Driscoll", "Driscoll's" and "General Driscoll" become one actor,
and so do "Деном Дрісколлом" and "Дрісколла": persons are grouped by surname (compared
through inflection), kept apart when their first names disagree (nicknames and initials
agree); a first name alone joins the one person who bears it; words a recogniser glued to
a name ("Великої Британії Кір Стармер", "Візит Дрісколла") are trimmed; two surnames joined
("Witkoff-Dmitriev" plan) name no person. Other mentions are grouped by their normal form,
and an acronym joins the organisation it abbreviates ("НАБУ"). Ids are the alias table's id
for known actors, otherwise a transliterated slug of the actor's name (Ukrainian national
system for uk, ICAO for ru). Each person's roles are the titles written around the name.
"""

from __future__ import annotations

import re
from bisect import bisect_left, insort
from collections import Counter
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from dossier.nlp.aliases import AliasTable, KnownActor, default_aliases, normalize
from dossier.nlp.doc import Doc
from dossier.nlp.lexicon import read_list, read_yaml
from dossier.nlp.morph import (
    grammemes,
    is_common_word,
    lemma_candidates,
    name_lemma,
    parses,
    person_gender,
    same_word,
    words,
)
from dossier.nlp.names import first_names_match
from dossier.nlp.registry import component
from dossier.nlp.translit import slugify
from dossier.records import Actor, Entity

_POSSESSIVE = re.compile(r"['’]s?$")


@dataclass
class _Cluster:
    type: str
    mentions: list[Entity] = field(default_factory=list)
    known: KnownActor | None = None
    surname: str | None = None  # persons: the surname as first written in full
    first: str | None = None  # persons: a first name, when some mention has one
    key: str | None = None  # others: the normal form
    starts: list[int] = field(default_factory=list)  # persons: mention starts, sorted

    def add(self, e: Entity) -> None:
        self.mentions.append(e)
        insort(self.starts, e.start)


@cache
def title_lemmas(lang: str) -> frozenset[str]:
    """Title words (lower-case nominative) for ``lang``, single words and phrases alike."""
    return frozenset(t.lower() for t in read_list(lang, "titles"))


def is_title_word(word: str, lang: str) -> bool:
    titles = title_lemmas(lang)
    low = word.lower().replace("’", "'")
    return low in titles or bool(lemma_candidates(word, lang) & titles)


def core_words(text: str, etype: str, lang: str) -> list[str]:
    """The words of a mention without possessive, leading article and (persons) titles."""
    text = _POSSESSIVE.sub("", text.strip())
    ws = words(text)
    if ws and ws[0].lower() == "the":
        ws = ws[1:]
    if etype == "PER":
        # Titles, and (Ukrainian, Russian) common words a recogniser glued to the name:
        # "Великої Британії Кір Стармер", "Візит Дрісколла".
        while len(ws) > 1 and (is_title_word(ws[0], lang) or is_common_word(ws[0], lang)):
            ws = ws[1:]
        ws = [_POSSESSIVE.sub("", w) for w in ws]
    return ws


@cache
def _title_links(lang: str) -> dict[str, frozenset[str]]:
    data = read_yaml(lang, "titles_links") or {}
    return {k: frozenset(str(w).lower() for w in data.get(k) or []) for k in ("links", "conjunctions", "acronym_skip")}


def role_before(text: str, start: int, lang: str, limit: int = 8) -> str | None:
    """The title phrase written just before a name ("Greek Prime Minister" Kyriakos ...).

    Walks back over the words of the same clause (English: capitalised words, titles and
    "of/to/for"; Ukrainian, Russian: any word longer than a preposition, as in "міністр
    оборони України"), then drops leading words until the phrase starts with a title or
    (English) a capitalised word.
    """
    left = text[max(0, start - 160) : start]
    found: list[tuple[int, str]] = []
    links = _title_links(lang)["links"]
    for m in reversed(list(re.finditer(r"\w+\.(?=\s)|\w+(?:['’\-]\w+)*|[^\w\s]", left))):
        w = m.group()
        if w.endswith(".") and len(w) > 1 and not is_title_word(w, lang):
            break  # a full stop, unless it ends an abbreviated title ("Gov.", "Sen.")
        if not w[0].isalnum() or len(found) >= limit:
            break
        if lang == "en":
            ok = w[0].isupper() or is_title_word(w, lang) or w.lower() in links
        else:
            ok = len(w) > 2 or w[0].isupper()
            if not ok and w.lower() in _title_links(lang)["conjunctions"] and found:
                # "Министр связи и массовых коммуникаций": a conjunction between lower-case words
                # of one title, but not between two people ("Стармер і прем'єр-міністр").
                prev = left[: m.start()].rstrip().rsplit(None, 1)[-1:] or [""]
                ok = prev[0][:1].islower()
        if not ok:
            break
        found.append((m.start(), w))
    found.reverse()
    dropped: list[tuple[int, str]] = []
    while found and not is_title_word(found[0][1], lang) and not (lang == "en" and found[0][1][0].isupper()):
        dropped.append(found.pop(0))
    if not any(is_title_word(w, lang) for _, w in found):
        return None
    # Adjectives belong to the title: "міський голова", "бывший посол".
    while dropped and lang != "en" and _adjective(dropped[-1][1], lang):
        found.insert(0, dropped.pop())
    return left[found[0][0] :].strip() or None


def _nominative_titles(role: str, lang: str) -> str:
    """A role as a dictionary would list it: "міністром армії США" -> "міністр армії США"."""
    if lang not in ("uk", "ru"):
        return role
    out = []
    for w in role.split():
        bare = w.strip(",.;:")
        if bare and is_title_word(bare, lang) and bare.lower() not in title_lemmas(lang):
            lemma = next((c for c in lemma_candidates(bare, lang) if c in title_lemmas(lang)), bare)
            w = w.replace(bare, lemma)
        out.append(w)
    return " ".join(out)


def _adjective(word: str, lang: str) -> bool:
    found = parses(word, lang)
    return bool(found) and bool(grammemes(found[0]) & {"ADJF", "PRTF"})


def role_after(text: str, end: int, lang: str, limit: int = 8) -> str | None:
    """The title phrase in apposition after a name ("Петро Гайдейчук, голова ОТГ, ...")."""
    m = re.match(r"[ \t]*,[ \t]*", text[end : end + 4])
    if not m:
        return None
    start = end + m.end()
    right = text[start : start + 160]
    taken: list[tuple[int, str]] = []
    for t in re.finditer(r"\w+(?:['’\-]\w+)*|[^\w\s]", right):
        w = t.group()
        if not w[0].isalnum():
            if w in '«»"„“”':
                continue
            break
        taken.append((t.end(), w))
        if len(taken) >= limit:
            break
    head = [w for _, w in taken[:3] if w.lower() not in ("the", "a", "an")]
    if not taken or not any(is_title_word(w, lang) for w in head):
        return None
    return right[: taken[-1][0]].strip() or None


_ACRONYM = re.compile(r"[A-ZА-ЯЁІЇЄҐ]{2,6}")


def _acronym_keys(name: str, lang: str) -> set[str]:
    """The acronyms ``_is_acronym_of`` accepts for ``name``: its initials, with and without the last."""
    ws = [w for w in re.split(r"[\s\-]+", name) if w and w.lower() not in _title_links(lang)["acronym_skip"]]
    initials = "".join(w[0] for w in ws).upper()
    return {initials, initials[:-1]}


def _is_acronym_of(acronym: str, name: str, lang: str) -> bool:
    """ "NABU" of "National Anti-Corruption Bureau of Ukraine"; a trailing country may be left out."""
    ws = [w for w in re.split(r"[\s\-]+", name) if w and w.lower() not in _title_links(lang)["acronym_skip"]]
    initials = "".join(w[0] for w in ws).upper()
    return len(acronym) >= 2 and (initials == acronym.upper() or initials[:-1] == acronym.upper())


@cache
def _org_nouns(lang: str) -> tuple[str, ...]:
    data = read_yaml(lang, "org_nouns") or {}
    return tuple(str(n).lower() for k in ("media", "other") for n in data.get(k) or [] if " " not in str(n))


def _without_org_noun(ws: list[str], lang: str) -> list[str]:
    """An organisation named with a common noun before its name is that name: "агентства
    Bloomberg", "газета The Guardian", "the news agency Reuters" are Bloomberg, the Guardian, Reuters.
    Only before a capitalised name: "Міністерство оборони" keeps its noun."""
    nouns = _org_nouns(lang)
    i = 0
    while i < len(ws) - 1 and (ws[i].lower() in nouns or any(same_word(ws[i], n, lang) for n in nouns if lang != "en")):
        i += 1
    if 0 < i < len(ws) and ws[i][:1].isupper():
        rest = ws[i:]
        return rest[1:] if len(rest) > 1 and rest[0].lower() == "the" else rest
    return ws


def _first_and_surname(ws: list[str]) -> tuple[str | None, str]:
    return (ws[0] if len(ws) > 1 else None), ws[-1]


class ActorBuilder:
    def __init__(self, lang: str, aliases: AliasTable) -> None:
        self.lang = lang
        self.aliases = aliases

    def __call__(self, doc: Doc) -> Doc:
        text = doc.text
        lang = doc.lang
        clusters: list[_Cluster] = []
        ents = sorted(doc.entities, key=lambda e: (e.start, e.end))
        for e in ents:
            if not e.text:
                e.text = text[e.start : e.end]
        # Persons with a first name go first, so surname-only mentions find them wherever they are.
        persons = [e for e in ents if e.type == "PER"]
        compounds = self._compounds(persons, lang)
        persons = [e for e in persons if id(e) not in compounds]
        full = [e for e in persons if len(core_words(e.text, "PER", lang)) > 1]
        short = [e for e in persons if len(core_words(e.text, "PER", lang)) <= 1]
        for e in full:
            self._add_person(clusters, e, lang, full_name=True)
        for e in short:
            self._add_person(clusters, e, lang, full_name=False)
        for e in ents:
            if e.type != "PER":
                self._add_other(clusters, e, lang)
            elif id(e) in compounds:
                self._add_other(clusters, e, lang, etype="MISC")
        self._merge_known(clusters)
        self._merge_acronyms(clusters, lang)
        doc.actors = self._finish(clusters, text, lang)
        return doc

    # --- grouping

    def _add_person(self, clusters: list[_Cluster], e: Entity, lang: str, full_name: bool) -> None:
        ws = core_words(e.text, "PER", lang)
        if not ws:
            ws = words(e.text) or [e.text]
        first, surname = _first_and_surname(ws)
        known = self.aliases.lookup(" ".join(ws), lang, "PER")
        candidates = []
        for c in clusters:
            if c.type != "PER" or c.surname is None:
                continue
            if known and c.known and known.id != c.known.id:
                continue
            if not same_word(surname, c.surname, lang) and not (known and c.known and known.id == c.known.id):
                continue
            if first and c.first and not first_names_match(first, c.first, lang):
                continue
            candidates.append(c)
        if candidates:
            # Several persons share the surname: the one mentioned last before this mention.
            before = [c for c in candidates if c.starts[0] < e.start] or candidates

            def last_before(c: _Cluster) -> int:
                i = bisect_left(c.starts, e.start)
                return c.starts[i - 1] if i else -1

            best = max(before, key=last_before)
            best.add(e)
            best.first = best.first or first
            best.known = best.known or known
            return
        if not full_name and not known:
            # A first name alone ("Віталія" after "Віталій Кличко") is the one person who bears it.
            bearers = [c for c in clusters if c.type == "PER" and c.first and first_names_match(surname, c.first, lang)]
            if len(bearers) == 1 and len(surname) > 2 and not is_common_word(surname, lang):
                bearers[0].add(e)
                return
        clusters.append(_Cluster("PER", [e], known, surname=surname, first=first, starts=[e.start]))

    def _compounds(self, persons: list[Entity], lang: str) -> set[int]:
        """Mentions joining two persons' surnames ("Witkoff-Dmitriev" plan): names of no person."""
        surnames = [core_words(e.text, "PER", lang)[-1] for e in persons if core_words(e.text, "PER", lang)]
        surnames = [s for s in surnames if "-" not in s]
        out: set[int] = set()
        for e in persons:
            ws = core_words(e.text, "PER", lang)
            if len(ws) != 1 or "-" not in ws[0]:
                continue
            parts = [p for p in ws[0].split("-") if p]
            if len(parts) >= 2 and all(
                any(same_word(p, s, lang) for s in surnames) or self.aliases.lookup(p, lang, "PER") for p in parts
            ):
                out.add(id(e))
        return out

    def _add_other(self, clusters: list[_Cluster], e: Entity, lang: str, etype: str | None = None) -> None:
        etype = etype or e.type
        ws = core_words(e.text, etype, lang)
        if etype == "ORG":
            ws = _without_org_noun(ws, lang)
        known = None
        if etype != "MISC" or e.type == "MISC":
            known = self.aliases.lookup(e.text, lang, etype) or (ws and self.aliases.lookup(" ".join(ws), lang, etype))
        known = known or None
        key = normalize(" ".join(name_lemma(w, lang, etype) for w in ws) if ws else e.text)
        for c in clusters:
            if c.type == "PER":
                continue
            if (known and c.known and known.id == c.known.id) or (
                not (known and c.known) and c.type == etype and c.key == key
            ):
                c.mentions.append(e)
                c.known = c.known or known
                return
        clusters.append(_Cluster(etype, [e], known, key=key))

    def _merge_acronyms(self, clusters: list[_Cluster], lang: str) -> None:
        """An organisation's acronym is the organisation: "СБУ" is the "Служба безпеки України".

        Each acronym joins the first organisation (in ``clusters`` order) one of whose names of several
        words it abbreviates; the names are indexed by their initials (comparing every acronym with every
        name made a long document quadratic).
        """
        orgs = [c for c in clusters if c.type == "ORG"]
        by_initials: dict[str, list[int]] = {}  # initials -> positions in orgs, ascending

        def index(i: int, mentions: list[Entity]) -> None:
            for m in mentions:
                if " " in m.text.strip():
                    for key in _acronym_keys(m.text, lang):
                        positions = by_initials.setdefault(key, [])
                        if i not in positions:
                            insort(positions, i)

        for i, c in enumerate(orgs):
            index(i, c.mentions)
        merged: set[int] = set()
        for j, short in enumerate(orgs):
            acronyms = {m.text.strip() for m in short.mentions if _ACRONYM.fullmatch(m.text.strip())}
            if not acronyms or short.known:
                continue
            keys = [a.upper() for a in acronyms if len(a) >= 2]
            candidates = sorted({i for k in keys for i in by_initials.get(k, ()) if i != j and i not in merged})
            if candidates:
                full = orgs[candidates[0]]
                full.mentions.extend(short.mentions)
                index(candidates[0], short.mentions)
                clusters.remove(short)
                merged.add(j)

    def _merge_known(self, clusters: list[_Cluster]) -> None:
        # Two groups the alias table calls one actor (a LOC "US" and an ORG "US") are one.
        by_id: dict[str, _Cluster] = {}
        for c in list(clusters):
            if c.known is None:
                continue
            if c.known.id in by_id:
                by_id[c.known.id].mentions.extend(c.mentions)
                clusters.remove(c)
            else:
                by_id[c.known.id] = c

    # --- naming

    def _finish(self, clusters: list[_Cluster], text: str, lang: str) -> list[Actor]:
        actors: list[Actor] = []
        used: set[str] = set()
        clusters.sort(key=lambda c: min(m.start for m in c.mentions))
        for c in clusters:
            c.mentions.sort(key=lambda m: m.start)
            etype = "MISC" if c.type == "MISC" else Counter(m.type for m in c.mentions).most_common(1)[0][0]
            name = c.known.name if c.known else self._name(c, lang)
            aid = c.known.id if c.known else (slugify(name, lang) or slugify(c.mentions[0].text, lang) or "actor")
            if aid in used and not c.known:
                base = f"{aid}-{etype.lower()}"
                aid, n = base, 2
                while aid in used:
                    aid, n = f"{base}-{n}", n + 1
            used.add(aid)
            aliases: list[str] = []
            for m in c.mentions:
                m.actor = aid
                if m.text != name and m.text not in aliases:
                    aliases.append(m.text)
            roles: list[str] = []
            if etype == "PER":
                for m in c.mentions:
                    role = role_before(text, m.start, lang) or role_after(text, m.end, lang)
                    ws = words(m.text)
                    inside = [w for w in ws[:-1] if is_title_word(w, lang)]
                    if inside and len(ws) > 1:
                        role = " ".join([role, *inside]) if role else " ".join(inside)
                    role = role and _nominative_titles(role, lang)
                    if role and role not in roles:
                        roles.append(role)
            actors.append(Actor(id=aid, type=etype, name=name, aliases=aliases, roles=roles))
        return actors

    def _name(self, c: _Cluster, lang: str) -> str:
        """The fullest name among the mentions, in the nominative for Ukrainian and Russian."""

        def name_words(text: str) -> list[str]:
            ws = core_words(text, c.type, lang)
            return _without_org_noun(ws, lang) if c.type == "ORG" else ws

        best = max(c.mentions, key=lambda m: (len(name_words(m.text)), -m.start))
        ws = name_words(best.text) or words(best.text) or [best.text]
        if lang in ("uk", "ru") and c.type == "PER":
            gender = person_gender([w for m in c.mentions for w in core_words(m.text, "PER", lang)], lang)
            last = len(ws) - 1
            return " ".join(name_lemma(w, lang, "PER", gender, surname=0 < i == last) for i, w in enumerate(ws))
        if lang in ("uk", "ru") and len(ws) == 1:
            return name_lemma(ws[0], lang, c.type)
        if c.type != "PER" and lang in ("uk", "ru"):
            # Prefer a mention written in the nominative for multi-word organisations and places.
            for m in c.mentions:
                mws = name_words(m.text)
                if mws and name_lemma(mws[0], lang, c.type).lower() == mws[0].lower():
                    return " ".join(mws)
        return " ".join(ws)


@component("actors")
def make_actors(lang: str, config: dict[str, Any]) -> ActorBuilder:
    """Settings: ``aliases`` = path of an alias table (default: dossier/nlp/aliases.yaml)."""
    path = config.get("aliases")
    return ActorBuilder(lang, AliasTable.load(path) if path else default_aliases())
