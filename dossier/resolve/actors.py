"""Actors across documents and scripts: one id for "Дрісколл", "Дрисколл" and "Driscoll".

Each document's ``actors`` step gives document-level actors with slug ids. ``ActorResolver``
maps them onto ids shared by a whole collection: first through the alias table, then by
comparing Latin spellings (transliterated, folded so that "Deniel Driskoll" and "Daniel
Driscoll" or "Dzhulianna Smit" and "Julianne Smith" meet) with rapidfuzz, for actors of the
same type whose surnames agree. Otherwise an actor keeps its own slug.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from rapidfuzz import fuzz

from dossier.records import Actor
from dossier.resolve.aliases import AliasTable, default_aliases
from dossier.resolve.translit import to_ascii

# Spellings that transliteration and English usage render differently ("dzh" for "j",
# "kh" for "h", doubled letters); folded away before names are compared.
_FOLDS = (
    (r"dzh", "j"),
    (r"zh", "j"),
    (r"kh", "h"),
    (r"ck", "k"),
    (r"c(?=[aou])", "k"),
    (r"ph", "f"),
    (r"th", "t"),
    (r"ie", "i"),
    (r"iy|yi|ii|yy|iu|yu|ia|ya", lambda m: m.group()[0].replace("y", "i")),
    (r"y", "i"),
    (r"w", "v"),
    (r"(.)\1", r"\1"),
    (r"e(?=\b)", ""),
)


def fold(name: str, lang: str | None = None) -> str:
    """A loose Latin key for comparing spellings of one name across scripts."""
    s = to_ascii(name, lang).lower()
    s = re.sub(r"[^a-z ]+", " ", s)
    for pattern, repl in _FOLDS:
        s = re.sub(pattern, repl, s)
    return " ".join(s.split())


@dataclass
class _Known:
    id: str
    type: str
    keys: set[str] = field(default_factory=set)
    surnames: set[str] = field(default_factory=set)


class ActorResolver:
    """Collection-wide ids for document-level actors; feed it documents in any order."""

    def __init__(self, aliases: AliasTable | None = None, threshold: float = 88.0) -> None:
        self.aliases = aliases or default_aliases()
        self.threshold = threshold
        self._known: list[_Known] = []
        self._by_id: dict[str, _Known] = {}

    def resolve(self, actor: Actor, lang: str | None = None) -> str:
        """The collection id for ``actor`` (a document-level actor of language ``lang``)."""
        names = [actor.name, *actor.aliases]
        for name in names:
            known = self.aliases.lookup(name, lang or "en", actor.type)
            if known:
                return self._remember(known.id, actor, names, lang)
        keys = {fold(n, lang) for n in names if n.strip()}
        surnames = {k.split()[-1] for k in keys if k}
        best, best_score = None, 0.0
        for cand in self._known:
            if cand.type != actor.type:
                continue
            if actor.type == "PER" and not any(
                fuzz.ratio(a, b) >= self.threshold for a in surnames for b in cand.surnames
            ):
                continue
            score = max((fuzz.token_sort_ratio(a, b) for a in keys for b in cand.keys), default=0.0)
            if score > best_score:
                best, best_score = cand, score
        if best is not None and best_score >= self.threshold:
            return self._remember(best.id, actor, names, lang)
        return self._remember(actor.id, actor, names, lang)

    def _remember(self, aid: str, actor: Actor, names: list[str], lang: str | None) -> str:
        known = self._by_id.get(aid)
        if known is None:
            known = self._by_id[aid] = _Known(aid, actor.type)
            self._known.append(known)
        for n in names:
            k = fold(n, lang)
            if k:
                known.keys.add(k)
                if actor.type == "PER" and len(k.split()) > 1:
                    known.surnames.add(k.split()[-1])
        if not known.surnames and actor.type == "PER":
            known.surnames |= {k.split()[-1] for k in known.keys if k}
        return aid
