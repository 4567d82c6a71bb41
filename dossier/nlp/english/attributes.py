"""A faster driver for spaCy's attribute ruler: the same POS, morphology and lemma exceptions.

spaCy's ``AttributeRuler`` runs its Matcher over every token and sets the attributes of
each match in Python; on news text that costs as much as the parser. Almost all of its
patterns look at one token only (its tag, lower-case form, dependency label, whether it is
space), so what they do to a token is fixed by those four values: this driver works it out
once per combination, with the ruler's own Matcher, writes the common attributes (POS,
MORPH, LEMMA) as arrays, and leaves the few multi-token patterns to a Matcher of their own.
Patterns are applied in the ruler's order, later ones winning, as the ruler does.

Only a few hundred lower-case forms are named by any pattern (``_LowerForms``); every other
word shares one cache entry per (tag, dependency, space), so new words cost nothing either.
"""

# No ``from __future__ import annotations``: spaCy (with confection 0.1 and pydantic v1) reads the
# factory's annotations at run time to validate its arguments, and a string is a ForwardRef it cannot read.

import re
from typing import Any

from spacy.attrs import DEP, IS_SPACE, LEMMA, LOWER, MORPH, POS, TAG
from spacy.language import Language
from spacy.matcher import Matcher
from spacy.parts_of_speech import IDS as POS_IDS
from spacy.pipeline import AttributeRuler
from spacy.pipeline.attributeruler import set_token_attrs
from spacy.tokens import Doc

NAME = "dossier_cached_attribute_ruler"
KEY_ATTRS = {"TAG", "LOWER", "DEP", "IS_SPACE"}  # what single-token patterns may look at to be cacheable
ARRAY_ATTRS = {"POS", "MORPH", "LEMMA"}
MAX_CACHE = 500_000


class _Outcome:
    """What the single-token patterns do to tokens with one combination of key values."""

    __slots__ = ("attr_ids", "lemma", "morph", "pos", "simple")

    def __init__(self, attr_ids: tuple[int, ...], ruler: AttributeRuler, doc: Doc) -> None:
        self.attr_ids = attr_ids
        merged: dict[str, Any] = {}
        for attr_id in attr_ids:
            merged.update(ruler.attrs[attr_id])
        names = {doc.vocab.strings[k] if isinstance(k, int) else k for k in merged}
        self.simple = names <= ARRAY_ATTRS
        self.pos = self.morph = self.lemma = None
        if self.simple:
            for key, value in merged.items():
                name = doc.vocab.strings[key] if isinstance(key, int) else key
                text = doc.vocab.strings[value] if isinstance(value, int) else value
                if name == "POS":
                    self.pos = POS_IDS[text]
                elif name == "MORPH":
                    self.morph = doc.vocab.morphology.add(text)
                else:
                    self.lemma = doc.vocab.strings.add(text)


class _LowerForms:
    """Which lower-case forms the single-token patterns can tell apart.

    A form that no pattern names (as a string or in an ``IN`` list) and no ``REGEX`` matches
    fails every ``LOWER`` test, so it leads to the same outcome as any other such form.
    """

    def __init__(self, patterns: list[list[dict[str, Any]]]) -> None:
        self.words: set[str] = set()
        self.regexes: list[re.Pattern[str]] = []
        self.complete = True  # False: some LOWER test this class cannot read, so every form counts
        for pattern in patterns:
            value = pattern[0].get("LOWER")
            if value is None:
                continue
            if isinstance(value, str):
                self.words.add(value)
            elif isinstance(value, dict) and set(value) <= {"IN", "REGEX"}:
                self.words.update(value.get("IN", ()))
                if "REGEX" in value:
                    self.regexes.append(re.compile(value["REGEX"]))
            else:
                self.complete = False

    def named(self, form: str) -> bool:
        return not self.complete or form in self.words or any(r.search(form) for r in self.regexes)


class CachedAttributeRuler:
    def __init__(self, ruler: AttributeRuler) -> None:
        self.ruler = ruler
        self.single = Matcher(ruler.vocab)
        self.multi = Matcher(ruler.vocab)
        self.has_multi = False
        single: list[list[dict[str, Any]]] = []
        for attr_id in range(len(ruler.attrs)):
            patterns = ruler.matcher.get(str(attr_id))[1]
            if all(len(p) == 1 for p in patterns):
                self.single.add(str(attr_id), patterns)
                single.extend(patterns)
            else:
                self.multi.add(str(attr_id), patterns)
                self.has_multi = True
        self.forms = _LowerForms(single)
        self.lower_key: dict[int, int] = {}  # LOWER -> itself when a pattern names it, else 0
        self.cache: dict[tuple[int, ...], _Outcome] = {}

    def __call__(self, doc: Doc) -> Doc:
        if not len(doc):
            return doc
        strings = doc.vocab.strings
        lower_key = self.lower_key
        outcomes: list[_Outcome] = []
        for i, (tag, lower, dep, space) in enumerate(doc.to_array([TAG, LOWER, DEP, IS_SPACE]).tolist()):
            form = lower_key.get(lower)
            if form is None:
                form = lower if self.forms.named(strings[lower]) else 0
                if len(lower_key) < MAX_CACHE:
                    lower_key[lower] = form
            key = (tag, form, dep, space)
            outcome = self.cache.get(key)
            if outcome is None:
                found = self.single(doc[i : i + 1], allow_missing=True, as_spans=False)
                outcome = _Outcome(tuple(sorted(int(strings[m]) for m, _, _ in found)), self.ruler, doc)
                if len(self.cache) < MAX_CACHE:
                    self.cache[key] = outcome
            outcomes.append(outcome)
        # Multi-token patterns: (token, attr_id) pairs, the ruler's "index" picking the token in the match.
        extra: dict[int, list[int]] = {}
        if self.has_multi:
            for match_id, start, end in self.multi(doc, allow_missing=True, as_spans=False):
                attr_id = int(strings[match_id])
                target = doc[start:end][self.ruler.indices[attr_id]].i
                extra.setdefault(target, []).append(attr_id)
        values = doc.to_array([POS, MORPH, LEMMA])
        slow: list[int] = []
        for i, outcome in enumerate(outcomes):
            if i in extra or not outcome.simple:
                slow.append(i)
                continue
            if outcome.pos is not None:
                values[i, 0] = outcome.pos
            if outcome.morph is not None:
                values[i, 1] = outcome.morph
            if outcome.lemma is not None:
                values[i, 2] = outcome.lemma
        doc.from_array([POS, MORPH, LEMMA], values)
        for i in slow:
            for attr_id in sorted([*outcomes[i].attr_ids, *extra.get(i, [])]):
                set_token_attrs(doc[i], self.ruler.attrs[attr_id])
        return doc


@Language.factory(NAME)
def make_cached_attribute_ruler(nlp: Language, name: str) -> CachedAttributeRuler:
    return CachedAttributeRuler(nlp.get_pipe("attribute_ruler"))


def _cacheable(ruler: AttributeRuler) -> bool:
    for attr_id in range(len(ruler.attrs)):
        for pattern in ruler.matcher.get(str(attr_id))[1]:
            if len(pattern) == 1 and not set(pattern[0]) <= KEY_ATTRS:
                return False
    return True


def use_cached_attribute_ruler(nlp: Language) -> None:
    """Swap the attribute ruler of ``nlp`` for the cached driver when its patterns allow it."""
    if "attribute_ruler" not in nlp.pipe_names or NAME in nlp.pipe_names:
        return
    ruler = nlp.get_pipe("attribute_ruler")
    if not isinstance(ruler, AttributeRuler) or not _cacheable(ruler):
        return
    nlp.add_pipe(NAME, after="attribute_ruler")
    nlp.disable_pipe("attribute_ruler")
