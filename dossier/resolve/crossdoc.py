"""One actor across documents, languages and scripts.

Each document's ``actors`` step gives slugs that differ between languages ("dzhulianna-smit" in
Ukrainian and Russian, "julianne-smith" in English). ``resolve_actors`` maps every slug of a
collection onto one canonical id, conservatively, since a wrong merge is worse than a missed one:

1. the alias table (``aliases.yaml``): any name of the actor that names a known actor;
2. persons: the same surname (Latin folded spellings, rapidfuzz) and a compatible first name (same
   initial, and the same name, a nickname or a close spelling); every first name in one group must
   agree with every first name in the other, so "J. Smith" never joins "John" and "Jane" at once;
3. a lone surname joins the only person of the collection who bears it, never one of several;
4. organisations, places and other names: the same folded spelling, or within one language the same
   words through inflection;
5. never two actors the same document kept apart (its ``actors`` step saw them side by side and
   decided they differ) unless written in different scripts, which that step does not compare
   ("Грегори Чамитофф (Gregory Chamitoff)"); never across types (except what the alias table says).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from rapidfuzz import fuzz
from rapidfuzz.distance import Levenshtein

from dossier.nlp.aliases import AliasTable, default_aliases
from dossier.nlp.morph import grammemes, lemma_candidates, parses, words
from dossier.nlp.names import first_names_match
from dossier.nlp.translit import has_cyrillic
from dossier.resolve.actors import fold

FIRST_NAME_RATIO = 75.0  # folded first names with the same initial: "aleksandr" / "alexander"
NAME_RATIO = 92.0  # folded names of organisations and places (6 letters or more)
_UK_ONLY = re.compile(r"[іїєґІЇЄҐ]")


@dataclass(slots=True)
class ActorRecord:
    """A document-level actor as stored: its slug, type, name and the names it was seen with."""

    id: str
    type: str
    name: str
    names: list[tuple[str, str | None]] = field(default_factory=list)  # (alias, language)
    documents: frozenset[int | str] = frozenset()
    mentions: int = 0


@dataclass(slots=True)
class Resolution:
    """Where one slug went: its canonical id, and why (``self``, ``alias``, ``name``, ``surname``)."""

    actor_id: str
    canonical_id: str
    method: str


def script_of(text: str) -> str:
    """ISO 15924 code of a name's script: Cyrl, Latn, or Zyyy (neither)."""
    if has_cyrillic(text):
        return "Cyrl"
    return "Latn" if any("a" <= c.lower() <= "z" for c in text) else "Zyyy"


def guess_language(text: str) -> str:
    if not has_cyrillic(text):
        return "en"
    return "uk" if _UK_ONLY.search(text) else "ru"


@dataclass
class _Group:
    """Actors found to be one; merged groups keep their members' evidence."""

    ids: set[str]
    type: str
    known: str | None
    documents: set[tuple[int | str, str]]  # (document, script of the name there)
    firsts: set[str]  # folded first names (initials as one letter)
    surnames: set[str]  # folded surnames
    keys: set[str]  # folded full names (others) or "first surname" (persons)
    lemma_names: set[tuple[str, tuple[str, ...]]]  # (language, words) for inflection checks
    lone: bool  # a person known only by a surname (or first name)
    compound: str | None = None  # "Witkoff-Dmitriev": the known persons a hyphenated name joins


def _is_patronymic(word: str, lang: str) -> bool:
    """A patronymic and nothing else ("Николаевич"; "Абрамович" is also a surname)."""
    tags = [grammemes(p) for p in parses(word, lang)]
    return any("Patr" in t for t in tags) and not any("Surn" in t for t in tags)


def _is_first_name(word: str, lang: str) -> bool:
    """A first name and never a surname ("Раиса"; "Райса", the inflected "Райс", is a surname)."""
    tags = [grammemes(p) for p in parses(word, lang)]
    return any("Name" in t for t in tags) and not any("Surn" in t for t in tags)


def _person_name(name: str, lang: str) -> tuple[str | None, str | None]:
    """(first name, surname), folded; either may be None ("Борис Николаевич" has no surname)."""
    ws = [w for w in words(name) if w[:1].isupper()]  # titles a mention kept ("президента") are lower case
    if not ws:
        return None, None
    if len(ws) == 1:
        if lang in ("uk", "ru") and _is_first_name(ws[0], lang):
            return fold(ws[0], lang) or None, None
        return None, fold(ws[0], lang) or None
    if lang in ("uk", "ru") and len(ws) == 2 and _is_patronymic(ws[1], lang):
        return fold(ws[0], lang) or None, None
    first = ws[0].rstrip(".")
    return (fold(first, lang) or None), (fold(ws[-1], lang) or None)


def _names_of(record: ActorRecord) -> list[tuple[str, str]]:
    """The actor's name and its other-language names of as many words, each with a language."""
    own = [lang or guess_language(alias) for alias, lang in record.names if alias == record.name]
    out = [(record.name, own[0] if own else guess_language(record.name))]
    n_words = len(words(record.name))
    seen = {record.name}
    for alias, lang in record.names:
        lang = lang or guess_language(alias)
        if alias not in seen and len(words(alias)) >= n_words and lang != out[0][1]:
            seen.add(alias)
            out.append((alias, lang))
    return out


def _group(record: ActorRecord, aliases: AliasTable) -> _Group:
    names = _names_of(record)
    known = None
    for alias, lang in [*names, *record.names]:
        found = aliases.lookup(alias, lang or guess_language(alias), record.type)
        if found is not None:
            known = found.id
            break
    firsts: set[str] = set()
    surnames: set[str] = set()
    keys: set[str] = set()
    lemma_names: set[tuple[str, tuple[str, ...]]] = set()
    lone = True
    for alias, lang in names:
        ws = tuple(words(alias))
        if ws:
            lemma_names.add((lang, ws))
        if record.type == "PER":
            first, surname = _person_name(alias, lang)
            if first and surname:
                lone = False
                firsts.add(first)
                surnames.add(surname)
                keys.add(f"{first} {surname}")
            elif surname:
                surnames.add(surname)
            elif first:
                firsts.add(first)
        else:
            key = fold(alias, lang)
            if key:
                keys.add(key)
    compound = None
    if record.type in ("ORG", "MISC"):
        compound = next((c for alias, lang in names if (c := _compound(alias, lang, aliases))), None)
    return _Group(
        {record.id},
        record.type,
        known,
        {(d, script_of(record.name)) for d in record.documents},
        firsts,
        surnames,
        keys,
        lemma_names,
        lone,
        compound,
    )


def _compound(name: str, lang: str, aliases: AliasTable) -> str | None:
    """The known persons each part of a hyphenated name names, joined ("Witkoff-Dmitriev"); else None."""
    parts = [p for p in re.split(r"\s*[-–—]\s*", name.strip()) if p]
    if len(parts) < 2 or any(len(words(p)) != 1 for p in parts):
        return None
    ids = []
    for p in parts:
        found = aliases.lookup(p, lang, "PER")
        if found is None:
            return None
        ids.append(found.id)
    return "+".join(ids)


def block_keys(folded: str) -> set[str]:
    """Where to look for spellings of a folded name: its first two letters, and its first letter with
    the next consonant, so that one changed letter early on still meets ("hussein" / "hassein")."""
    if not folded:
        return set()
    keys = {folded[:2]}
    consonant = next((c for c in folded[1:] if c not in "aeiou "), "")
    keys.add(folded[0] + "_" + consonant)
    return keys


def _firsts_agree(a: set[str], b: set[str]) -> bool:
    """Every first name of one group can name the person every first name of the other names."""
    for x in a:
        for y in b:
            if x[0] != y[0]:
                return False
            if len(x) == 1 or len(y) == 1:
                continue
            if fuzz.ratio(x, y) < FIRST_NAME_RATIO and not first_names_match(x, y, "en"):
                return False
    return True


def close_spellings(x: str, y: str, min_len: int = 6) -> bool:
    """Folded spellings of one name: equal, one letter apart in a name of ``min_len`` letters or more
    ("lovenkron" / "louenkron"), two apart from ten letters; "balzak" / "balak" are two names."""
    if x == y:
        return True
    if x[:1] != y[:1]:
        return False
    n = min(len(x), len(y))
    d = Levenshtein.distance(x, y, score_cutoff=2)
    return (d <= 1 and n >= min_len) or (d <= 2 and n >= 10)


def _surnames_agree(a: set[str], b: set[str], min_len: int = 6) -> bool:
    return any(close_spellings(x, y, min_len) for x in a for y in b)


def _same_words(a: _Group, b: _Group) -> bool:
    """Names of one language whose words have a normal form in common ("Газпрома" / "Газпром")."""
    for lang_a, wa in a.lemma_names:
        for lang_b, wb in b.lemma_names:
            if lang_a != lang_b or len(wa) != len(wb):
                continue
            if all(lemma_candidates(x, lang_a) & lemma_candidates(y, lang_a) for x, y in zip(wa, wb, strict=True)):
                return True
    return False


def _digits(g: _Group) -> set[str]:
    return {"".join(c for c in " ".join(ws) if c.isdigit()) for _, ws in g.lemma_names}


def _same_other(a: _Group, b: _Group) -> bool:
    if _digits(a) != _digits(b):  # "G-20" is not "G8", whatever the letters say
        return False
    if a.keys & b.keys:
        return True
    for x in a.keys:
        for y in b.keys:
            if min(len(x), len(y)) >= 6 and x[0] == y[0] and fuzz.ratio(x, y) >= NAME_RATIO:
                return True
    return _same_words(a, b)


class _Groups:
    """Union of groups by id, keeping every merged group's evidence."""

    def __init__(self, groups: Iterable[_Group]) -> None:
        self.of: dict[str, _Group] = {}
        for g in groups:
            for i in g.ids:
                self.of[i] = g

    def live(self) -> list[_Group]:
        return list({id(g): g for g in self.of.values()}.values())

    def merge(self, a: _Group, b: _Group) -> _Group:
        if a is b:
            return a
        a.ids |= b.ids
        a.documents |= b.documents
        a.firsts |= b.firsts
        a.surnames |= b.surnames
        a.keys |= b.keys
        a.lemma_names |= b.lemma_names
        a.lone = a.lone and b.lone
        a.known = a.known or b.known
        a.compound = a.compound or b.compound
        for i in b.ids:
            self.of[i] = a
        return a


def _can_merge(a: _Group, b: _Group) -> bool:
    return a is not b and a.type == b.type and not (a.documents & b.documents)


def _merge_in_blocks(
    groups: _Groups,
    blocks: Iterable[list[_Group]],
    agree: Callable[[_Group, _Group], bool],
    method: dict[str, str],
) -> None:
    """Merge every two groups of a block that ``agree``, unless known ids or ``_can_merge`` keep them apart."""
    for block in blocks:
        for i, a in enumerate(block):
            for b in block[i + 1 :]:
                # Either may have merged into another group since the block was made: compare the current ones.
                a, b = groups.of[min(a.ids)], groups.of[min(b.ids)]
                if (a.known and b.known and a.known != b.known) or not _can_merge(a, b):
                    continue
                if agree(a, b):
                    for x in b.ids - a.ids:
                        method.setdefault(x, "name")
                    groups.merge(a, b)


def resolve_actors(records: list[ActorRecord], aliases: AliasTable | None = None) -> dict[str, Resolution]:
    """Every record's canonical id. Deterministic: the same records give the same answer in any order."""
    aliases = aliases or default_aliases()
    records = sorted(records, key=lambda r: r.id)
    by_id = {r.id: r for r in records}
    groups = _Groups(_group(r, aliases) for r in records)
    method: dict[str, str] = {}

    # 1. The alias table: one group per known actor, whatever the documents say.
    by_known: dict[str, _Group] = {}
    for r in records:
        g = groups.of[r.id]
        if g.known is None:
            continue
        if g.known in by_known:
            g = groups.merge(by_known[g.known], g)
        by_known[g.known] = g
        method[r.id] = "alias"

    # 2. Persons with a first name and a surname, blocked by the surname's beginning (``block_keys``).
    persons = [g for g in groups.live() if g.type == "PER" and not g.lone]
    blocks: dict[str, list[_Group]] = defaultdict(list)
    for g in sorted(persons, key=lambda g: min(g.ids)):
        for s in {k for x in g.surnames for k in block_keys(x)}:
            blocks[s].append(g)
    _merge_in_blocks(
        groups,
        blocks.values(),
        lambda a, b: _surnames_agree(a.surnames, b.surnames) and _firsts_agree(a.firsts, b.firsts),
        method,
    )

    # 3. A lone surname joins the one person who bears it (several bearers: it stays apart).
    full: dict[str, list[_Group]] = defaultdict(list)
    for g in sorted((g for g in groups.live() if g.type == "PER" and not g.lone), key=lambda g: min(g.ids)):
        for k in {k for x in g.surnames for k in block_keys(x)}:
            full[k].append(g)
    lone = sorted((g for g in groups.live() if g.type == "PER" and g.lone and g.surnames), key=lambda g: min(g.ids))
    for g in lone:
        candidates = {id(f): f for k in {k for x in g.surnames for k in block_keys(x)} for f in full.get(k, ())}
        bearers = [f for f in candidates.values() if _surnames_agree(g.surnames, f.surnames, min_len=7)]
        if len(bearers) == 1 and _can_merge(bearers[0], g) and not (g.known and bearers[0].known != g.known):
            for x in g.ids:
                method.setdefault(x, "surname")
            groups.merge(bearers[0], g)
    # Lone surnames without a bearer: the same surname in every script is one name ("Smith", "Смит").
    by_surname: dict[str, _Group] = {}
    for g in lone:
        g = groups.of[min(g.ids)]
        if not g.lone or g.firsts:
            continue
        for surname in sorted(g.surnames):
            other = by_surname.get(surname)
            other = groups.of[min(other.ids)] if other else None
            if other is not None and other.lone and _can_merge(other, g):
                for x in g.ids - other.ids:
                    method.setdefault(x, "name")
                g = groups.merge(other, g)
            by_surname.setdefault(surname, g)

    # 4. Names made of known persons' names ("the Witkoff-Dmitriev plan"), organisation or other alike.
    by_compound: dict[str, _Group] = {}
    for g in sorted((g for g in groups.live() if g.compound), key=lambda g: min(g.ids)):
        first = by_compound.setdefault(g.compound, g)  # type: ignore[arg-type]
        first = groups.of[min(first.ids)]
        if first is not g and not (first.documents & g.documents):
            for x in g.ids:
                method.setdefault(x, "name")
            groups.merge(first, g)
    # 5. Organisations, places, other names: blocked by the folded name's beginning.
    other_blocks: dict[tuple[str, str], list[_Group]] = defaultdict(list)
    for g in sorted((g for g in groups.live() if g.type != "PER"), key=lambda g: min(g.ids)):
        for k in {b for x in g.keys for b in block_keys(x)}:
            other_blocks[(g.type, k)].append(g)
    _merge_in_blocks(groups, other_blocks.values(), _same_other, method)

    out: dict[str, Resolution] = {}
    for g in groups.live():
        canonical = g.known or _canonical(g, by_id)
        for i in sorted(g.ids):
            how = "self" if i == canonical else method.get(i, "name")
            out[i] = Resolution(i, canonical, how)
    return out


def _canonical(g: _Group, by_id: dict[str, ActorRecord]) -> str:
    """The member whose name reads best everywhere: Latin script first, then a full name without
    initials, then the most mentioned, then the shortest id."""
    return min(
        g.ids,
        key=lambda i: (
            script_of(by_id[i].name) != "Latn",
            len(words(by_id[i].name)) < 2,
            min((len(w) for w in words(by_id[i].name)), default=0) < 2,  # "J. Smith": an initial
            -by_id[i].mentions,
            len(i),
            i,
        ),
    )
