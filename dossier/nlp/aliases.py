"""The editable alias table: known actors with their names in every language.

``aliases.yaml`` beside this file is the default; ``AliasTable.load(path)`` reads another.
A mention is looked up as written, then (Ukrainian, Russian) by its nominative form,
then word by word through inflection ("Збройних сил України" -> "Збройні сили України").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from dossier.datafiles import is_slug, load_yaml
from dossier.nlp.morph import name_lemma, same_word, words

DEFAULT_PATH = Path(__file__).with_name("aliases.yaml")
TYPES = ("PER", "ORG", "LOC", "MISC")


class AliasError(ValueError):
    """The alias file is not valid YAML or an entry lacks what it needs."""


@dataclass(frozen=True, slots=True)
class KnownActor:
    id: str
    type: str
    name: str
    names: dict[str, tuple[str, ...]] = field(default_factory=dict)


def normalize(name: str) -> str:
    """Lower case, one kind of apostrophe, no leading article or trailing possessive."""
    name = name.replace("’", "'").replace("ʼ", "'").strip().lower()
    name = re.sub(r"^the\s+", "", name)
    name = re.sub(r"'s?$", "", name)
    return " ".join(name.split())


class AliasTable:
    def __init__(self, actors: list[KnownActor]) -> None:
        self.actors = actors
        self._exact: dict[str, KnownActor] = {}
        # Names by language, word count and first letter: inflection never changes the first letter.
        self._by_words: dict[tuple[str, int, str], list[tuple[list[str], KnownActor]]] = {}
        # Surnames of known persons (last word of a full name) -> the persons who bear them.
        self._surnames: dict[str, set[str]] = {}
        self._by_id = {a.id: a for a in actors}
        self._memo: dict[tuple[str, str, str | None], KnownActor | None] = {}
        for actor in actors:
            for lang, names in actor.names.items():
                for name in names:
                    self._exact.setdefault(normalize(name), actor)
                    ws = words(name)
                    if actor.type == "PER" and len(ws) > 1:
                        self._surnames.setdefault(ws[-1].lower(), set()).add(actor.id)
                    if ws and lang in ("uk", "ru"):
                        self._by_words.setdefault((lang, len(ws), ws[0][:1].lower()), []).append((ws, actor))

    @classmethod
    def load(cls, path: Path | str = DEFAULT_PATH) -> AliasTable:
        path = Path(path)
        data = load_yaml(path, AliasError)
        if not isinstance(data, list):
            raise AliasError(f"{path}: expected a list of actors")
        actors, seen = [], set()
        for i, entry in enumerate(data, 1):
            where = f"{path}: entry {i}"
            if not isinstance(entry, dict):
                raise AliasError(f"{where}: expected a mapping with id, type, name, names")
            aid, atype, name, names = entry.get("id"), entry.get("type"), entry.get("name"), entry.get("names") or {}
            if not is_slug(aid):
                raise AliasError(f"{where}: id {aid!r} is not a lower-case ASCII slug")
            if aid in seen:
                raise AliasError(f"{where}: id {aid!r} appears twice")
            if atype not in TYPES:
                raise AliasError(f"{where} ({aid}): type must be one of {', '.join(TYPES)}")
            if not isinstance(name, str) or not name:
                raise AliasError(f"{where} ({aid}): missing name")
            if not isinstance(names, dict) or not all(isinstance(v, list) for v in names.values()):
                raise AliasError(f"{where} ({aid}): names must map a language to a list of names")
            seen.add(aid)
            table = {str(lang): tuple(str(n) for n in ns) for lang, ns in names.items()}
            table.setdefault("en", ())
            table["en"] = (name, *table["en"])
            actors.append(KnownActor(aid, atype, name, table))
        return cls(actors)

    def lookup(self, mention: str, lang: str, etype: str | None = None) -> KnownActor | None:
        """The known actor ``mention`` names, or None; ``etype`` must agree when given."""
        key = (mention, lang, etype)
        if key not in self._memo:
            if len(self._memo) > 100_000:
                self._memo.clear()
            self._memo[key] = self._lookup_typed(mention, lang, etype)
        return self._memo[key]

    def _lookup_typed(self, mention: str, lang: str, etype: str | None) -> KnownActor | None:
        found = self._lookup(mention, lang)
        if found is None and etype in (None, "PER"):
            found = self._by_surname(mention, lang)
        if found is None or (etype and found.type != etype and {found.type, etype} != {"LOC", "ORG"}):
            return None
        return found

    def _by_surname(self, mention: str, lang: str) -> KnownActor | None:
        """A lone surname that only one known person bears ("Іваненка" -> Іван Іваненко)."""
        ws = words(mention)
        if len(ws) != 1:
            return None
        ids = set(self._surnames.get(ws[0].lower(), ()))
        if not ids and lang in ("uk", "ru"):
            for surname, bearers in self._surnames.items():
                if surname[:1] != ws[0][:1].lower():
                    continue
                if same_word(ws[0], surname, lang):
                    ids |= bearers
        return self._by_id[next(iter(ids))] if len(ids) == 1 else None

    def _lookup(self, mention: str, lang: str) -> KnownActor | None:
        key = normalize(mention)
        if key in self._exact:
            return self._exact[key]
        if lang not in ("uk", "ru"):
            return None
        ws = words(mention)
        if not ws:
            return None
        for etype in ("PER", "LOC", "ORG"):
            lemma = normalize(" ".join(name_lemma(w, lang, etype) for w in ws))
            if lemma in self._exact:
                return self._exact[lemma]
        for cand, actor in self._by_words.get((lang, len(ws), ws[0][:1].lower()), ()):
            if all(same_word(a, b, lang) for a, b in zip(ws, cand, strict=True)):
                return actor
        return None


@cache
def default_aliases() -> AliasTable:
    return AliasTable.load(DEFAULT_PATH)
