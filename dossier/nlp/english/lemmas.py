"""A faster driver for spaCy's rule lemmatizer: the same lemmas, cached across documents.

spaCy's ``Lemmatizer`` walks the Doc token by token in Python, which costs as much as the
parser on news text. This component reads the tokens' (word, POS, morphology) as arrays,
asks the pipeline's own lemmatizer only for combinations it has not seen before, and
writes all lemmas back at once. Those first lookups run on a twin of the lemmatizer whose
word index is held in sets: spaCy keeps it as lists (57,000 nouns) and scans one for every
candidate form, which made a new word cost a fifth of a millisecond.

The twin also fixes which candidate wins (``rule_lemmas``): spaCy changed it within 3.8 (3.8.7
keeps the first rule's form, later 3.8 releases the last one found in the word index: "hopes"
-> "hope" or "hop"), so the lemmas, and what is built on them, no longer depend on the release.
"""

# No ``from __future__ import annotations``: spaCy (with confection 0.1 and pydantic v1) reads the
# factory's annotations at run time to validate its arguments, and a string is a ForwardRef it cannot read.

import numpy
from spacy.attrs import LEMMA, MORPH, ORTH, POS
from spacy.language import Language
from spacy.lookups import Lookups
from spacy.pipeline import Lemmatizer
from spacy.tokens import Doc, Token

NAME = "dossier_cached_lemmatizer"
MAX_CACHE = 500_000  # (word, POS, morphology) combinations kept; a rough bound on memory


class CachedLemmatizer:
    def __init__(self, lemmatizer: Lemmatizer) -> None:
        self.lemmatizer = lemmatizer
        self.lemmatize = _indexed_twin(lemmatizer).lemmatize
        self.cache: dict[tuple[int, int, int], int] = {}

    def __call__(self, doc: Doc) -> Doc:
        if not len(doc):
            return doc
        rows = doc.to_array([ORTH, POS, MORPH, LEMMA])
        strings = doc.vocab.strings
        lemmas = rows[:, 3].copy()
        cache = self.cache
        for i, (orth, pos, morph, lemma) in enumerate(rows.tolist()):
            if lemma and not self.lemmatizer.overwrite:
                continue
            key = (orth, pos, morph)
            found = cache.get(key)
            if found is None:
                found = strings.add(self.lemmatize(doc[i])[0])
                if len(cache) < MAX_CACHE:
                    cache[key] = found
            lemmas[i] = found
        doc.from_array([LEMMA], lemmas.reshape(-1, 1).astype(numpy.uint64))
        return doc


def _indexed_twin(lemmatizer: Lemmatizer) -> Lemmatizer:
    """A lemmatizer of the same class, mode and tables, but with ``lemma_index`` in sets.

    Its rules only ask whether a form is in the index, so the lemmas are the same. A class
    that cannot be built this way is used as it is.
    """
    if lemmatizer.mode != "rule" or "lemma_index" not in lemmatizer.lookups.tables:
        return lemmatizer
    lookups = Lookups()
    for name in lemmatizer.lookups.tables:
        table = lemmatizer.lookups.get_table(name)
        if name == "lemma_index":
            lookups.add_table(name, {pos: frozenset(words) for pos, words in table.items()})
        else:
            lookups.set_table(name, table)
    try:
        twin = type(lemmatizer)(
            lemmatizer.vocab, lemmatizer.model, lemmatizer.name, mode=lemmatizer.mode, overwrite=lemmatizer.overwrite
        )
        twin.initialize(lookups=lookups)
    except (TypeError, ValueError):
        return lemmatizer
    twin.lemmatize = lambda token: rule_lemmas(twin, token)
    return twin


def rule_lemmas(lemmatizer: Lemmatizer, token: Token) -> list[str]:
    """The candidate lemmas of ``token`` by ``lemmatizer``'s rules, best first, as spaCy 3.8.18's
    ``rule_lemmatize`` gives them (the cue model and the lexicons were made with these): forms in
    the word index first, the last rule's first; then forms with non-letters; exceptions before all.
    """
    string = token.text
    univ_pos = token.pos_.lower()
    if univ_pos in ("", "eol", "space") or lemmatizer.is_base_form(token):
        return [string.lower()]
    lookups = lemmatizer.lookups
    index = lookups.get_table("lemma_index", {}).get(univ_pos, {})
    exceptions = lookups.get_table("lemma_exc", {}).get(univ_pos, {})
    rules = lookups.get_table("lemma_rules", {}).get(univ_pos, {})
    if not (index or exceptions or rules):
        return [string] if univ_pos == "propn" else [string.lower()]
    orig = string
    string = string.lower()
    forms: list[str] = []
    oov_forms: list[str] = []
    for old, new in rules:
        if string.endswith(old):
            form = string[: len(string) - len(old)] + new
            if not form:
                pass
            elif form in index:
                forms.insert(0, form)
            elif not form.isalpha():
                forms.append(form)
            else:
                oov_forms.append(form)
    forms = list(dict.fromkeys(forms))  # no duplicates, order kept
    for form in exceptions.get(string, []):
        if form not in forms:
            forms.insert(0, form)
    return forms or oov_forms or [orig]


@Language.factory(NAME)
def make_cached_lemmatizer(nlp: Language, name: str) -> CachedLemmatizer:
    return CachedLemmatizer(nlp.get_pipe("lemmatizer"))


def use_cached_lemmatizer(nlp: Language) -> None:
    """Swap a rule lemmatizer in ``nlp`` for the cached driver (no change for other pipelines)."""
    if "lemmatizer" not in nlp.pipe_names or NAME in nlp.pipe_names:
        return
    lemmatizer = nlp.get_pipe("lemmatizer")
    if not isinstance(lemmatizer, Lemmatizer) or lemmatizer.mode != "rule":
        return
    nlp.add_pipe(NAME, after="lemmatizer")
    nlp.disable_pipe("lemmatizer")
