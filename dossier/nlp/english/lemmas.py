"""A faster driver for spaCy's rule lemmatizer: the same lemmas, cached across documents.

spaCy's ``Lemmatizer`` walks the Doc token by token in Python, which costs as much as the
parser on news text. This component reads the tokens' (word, POS, morphology) as arrays,
asks the pipeline's own lemmatizer only for combinations it has not seen before, and
writes all lemmas back at once. Those first lookups run on a twin of the lemmatizer whose
word index is held in sets: spaCy keeps it as lists (57,000 nouns) and scans one for every
candidate form, which made a new word cost a fifth of a millisecond.
"""

from __future__ import annotations

import numpy
from spacy.attrs import LEMMA, MORPH, ORTH, POS
from spacy.language import Language
from spacy.lookups import Lookups
from spacy.pipeline import Lemmatizer
from spacy.tokens import Doc

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
    return twin


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
