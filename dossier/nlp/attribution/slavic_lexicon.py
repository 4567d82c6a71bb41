"""Ukrainian and Russian attribution lexicons, with every inflected form of each verb.

The lexicons are data files under ``dossier/nlp/lexicons/{uk,ru}/attribution_*``. Verb lemmas
are expanded once per process into all their word forms with pymorphy3, so finding a cue is
a dictionary look-up per word instead of a morphological parse.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

import pymorphy3

from dossier.datafiles import load_yaml
from dossier.nlp.lexicon import LexiconError
from dossier.nlp.wordlists import read_lines

LEXICONS = Path(__file__).resolve().parents[1] / "lexicons"
LANGS = ("uk", "ru")
APOSTROPHES = str.maketrans({"’": "'", "ʼ": "'", "`": "'", "ʹ": "'"})


def norm(word: str) -> str:
    """Lower case with one apostrophe, the key every lexicon uses."""
    return word.lower().translate(APOSTROPHES).replace("ё", "е")


@dataclass(frozen=True, slots=True)
class Morph:
    """What the rules need to know about one word form (all readings pooled)."""

    pos: frozenset[str]
    cases: frozenset[str]
    name: bool  # a first name, surname or patronymic reading
    lemma: str
    first_person: bool = False  # "напомним", "нагадаємо", "прошу": the author's or speaker's own voice
    anim: bool = False  # an animate noun reading
    finite: bool = False  # a finite verb reading (not only an infinitive)
    future: bool = False  # every verb reading is in the future tense ("заявит", "оголосить")

    @property
    def nominative(self) -> bool:
        return "nomn" in self.cases

    def is_(self, *pos: str) -> bool:
        return not self.pos.isdisjoint(pos)


@dataclass(frozen=True, slots=True)
class Lexicon:
    lang: str
    verbs: dict[str, frozenset[str]]  # word form -> flags (say, think, urge, object, name, neg)
    verb_lemmas: dict[str, str]  # word form -> lemma
    according: tuple[tuple[str, ...], ...]  # ("по", "словам"), ("согласно",)
    impersonal: frozenset[str]
    outlets: frozenset[str]  # one- or multi-word outlet names and nouns, normalised
    outlet_words: frozenset[str]  # single words of outlet nouns, every inflected form
    light: dict[str, frozenset[str]]  # verb form -> noun lemmas ("выразил" -> надежда, ...)
    words: dict[str, frozenset[str]]  # attribution_words.yaml: key -> normalised entries
    phrases: dict[str, tuple[tuple[str, ...], ...]]  # multi-word entries of the same file, split

    def has(self, key: str, word: str) -> bool:
        return norm(word) in self.words.get(key, frozenset())


@cache
def analyzer(lang: str) -> pymorphy3.MorphAnalyzer:
    if lang not in LANGS:
        raise ValueError(f"slavic attribution supports {LANGS}, not {lang!r}")
    return pymorphy3.MorphAnalyzer(lang=lang)


# Forms that can be a cue: finite verbs, gerunds and active participles ("считающему");
# passive participles ("заявленные") only for belief adjectives ("уверен", "впевнений").
CUE_POS = frozenset({"VERB", "GRND", "PRTF"})
BELIEF_POS = frozenset({"ADJF", "ADJS", "PRTS", "PRTF"})


def _forms(morph: pymorphy3.MorphAnalyzer, lemma: str, pos: frozenset[str] | None = None) -> set[str]:
    forms = {norm(lemma)} if pos is None else set()
    for parse in morph.parse(lemma):
        if norm(parse.normal_form) != norm(lemma) and norm(parse.word) != norm(lemma):
            continue
        for f in parse.lexeme:
            if pos is None or f.tag.POS in pos:
                if f.tag.POS == "PRTF" and "pssv" in f.tag and pos is CUE_POS:
                    continue
                forms.add(norm(f.word))
    return forms


@cache
def load_lexicon(lang: str) -> Lexicon:
    morph = analyzer(lang)
    base = LEXICONS / lang
    verbs: dict[str, set[str]] = {}
    lemmas: dict[str, str] = {}
    for line in read_lines(base / "attribution_verbs.txt"):
        lemma, _, flags = line.partition("\t")
        flagset = {f.strip() for f in flags.split(",") if f.strip()} or {"say"}
        pos = BELIEF_POS if morph.parse(lemma.strip())[0].tag.POS in ("ADJF", "ADJS") else CUE_POS
        for form in _forms(morph, lemma.strip(), pos):
            verbs.setdefault(form, set()).update(flagset)
            lemmas.setdefault(form, norm(lemma.strip()))
    according = tuple(tuple(norm(w) for w in line.split()) for line in read_lines(base / "attribution_according.txt"))
    impersonal = frozenset(norm(w) for w in read_lines(base / "attribution_impersonal.txt"))
    outlets = frozenset(norm(w) for w in read_lines(base / "attribution_outlets.txt"))
    outlet_words: set[str] = set()
    for entry in outlets:
        if " " not in entry and entry.isalpha() and entry.islower() and len(entry) > 4:
            outlet_words.update(_forms(morph, entry))
        outlet_words.add(entry)
    light: dict[str, set[str]] = {}
    for line in read_lines(base / "attribution_light_verbs.txt"):
        verb, _, noun = line.partition("\t")
        for form in _forms(morph, verb.strip(), CUE_POS):
            light.setdefault(form, set()).add(norm(noun.strip()))
    path = base / "attribution_words.yaml"
    raw = load_yaml(path, LexiconError)
    if not isinstance(raw, dict) or not all(isinstance(v, list) for v in raw.values()):
        raise LexiconError(f"{path}: expected a mapping of word lists")
    words = {k: frozenset(norm(str(w)) for w in v) for k, v in raw.items()}
    phrases = {k: tuple(tuple(norm(str(w)).split()) for w in v) for k, v in raw.items()}
    return Lexicon(
        lang=lang,
        verbs={k: frozenset(v) for k, v in verbs.items()},
        verb_lemmas=lemmas,
        according=according,
        impersonal=impersonal,
        outlets=outlets,
        outlet_words=frozenset(outlet_words),
        light={k: frozenset(v) for k, v in light.items()},
        words=words,
        phrases=phrases,
    )


@lru_cache(maxsize=200_000)
def morph_of(lang: str, word: str) -> Morph:
    """Pooled readings of a word form (cached: news repeats its words)."""
    parses = analyzer(lang).parse(word.translate(APOSTROPHES))
    pos: set[str] = set()
    cases: set[str] = set()
    name = False
    first_person = False
    anim = False
    finite = False
    verb_readings = 0
    future_readings = 0
    for p in parses:
        tag = p.tag
        if tag.POS == "VERB" and ("infn" in tag.grammemes or p.word == p.normal_form):
            # the Ukrainian dictionary tags infinitives VERB (,infn); a verb's lemma is its infinitive
            pos.add("INFN")
        elif tag.POS:
            if tag.POS == "VERB":
                finite = True
                verb_readings += 1
                future_readings += "futr" in tag
            pos.add(tag.POS)
        elif "LATN" in tag:
            pos.add("LATN")
        elif "NUMB" in tag:
            pos.add("NUMB")
        if tag.case:
            cases.add(tag.case)
        elif tag.POS in ("NOUN", "ADJF"):
            cases.add("nomn")  # some Ukrainian dictionary forms carry no case: the base form
        if tag.POS == "VERB" and "1per" in tag:
            first_person = True
        if tag.POS == "NOUN" and "anim" in tag:
            anim = True
        if "Name" in tag or "Surn" in tag or "Patr" in tag:
            name = True
    lemma = parses[0].normal_form if parses else word.lower()
    future = verb_readings > 0 and future_readings == verb_readings
    return Morph(frozenset(pos), frozenset(cases), name, lemma, first_person, anim, finite, future)


@lru_cache(maxsize=50_000)
def analyzer_tag(lang: str, word: str) -> frozenset[str]:
    """Grammemes of the most likely reading of a word form."""
    parses = analyzer(lang).parse(word.translate(APOSTROPHES))
    return frozenset(parses[0].tag.grammemes) if parses else frozenset()
