"""``slavic_tokens``: sentences and tokens (razdel) with lemma and POS (pymorphy3).

Offsets are exact indices into the original text. The pymorphy3 analyzer and the
parses of every token are left in ``doc.extras`` (``"morph"``, ``"morph_parses"``)
for later components, so nobody parses twice.
"""

from __future__ import annotations

from typing import Any

from razdel import sentenize, tokenize

from dossier.nlp.doc import Doc, Token
from dossier.nlp.registry import component
from dossier.nlp.slavic.models import check_lang, morph_analyzer, parse_word

# pymorphy3 (OpenCorpora) part of speech -> Universal Dependencies tag.
UPOS = {
    "NOUN": "NOUN",
    "ADJF": "ADJ",
    "ADJS": "ADJ",
    "COMP": "ADJ",
    "VERB": "VERB",
    "INFN": "VERB",
    "PRTF": "VERB",
    "PRTS": "VERB",
    "GRND": "VERB",
    "NUMR": "NUM",
    "ADVB": "ADV",
    "NPRO": "PRON",
    "PRED": "ADV",
    "PREP": "ADP",
    "CONJ": "CCONJ",
    "PRCL": "PART",
    "INTJ": "INTJ",
}
APOSTROPHES = frozenset("'’ʼ")
PROPER = frozenset({"Name", "Surn", "Patr", "Geox", "Orgn", "Trad"})


def upos(parse: Any, text: str) -> str | None:
    tag = parse.tag
    if tag.POS is None:
        if "PNCT" in tag:
            return "PUNCT"
        if "NUMB" in tag or "ROMN" in tag:
            return "NUM"
        if "LATN" in tag:
            return "X"
        return "PUNCT" if not any(c.isalnum() for c in text) else None
    if tag.POS == "NOUN" and PROPER & tag.grammemes:
        return "PROPN"
    return UPOS.get(tag.POS)


def merged_tokens(text: str) -> list[tuple[int, str]]:
    """razdel's tokens, with pieces written together joined again: letters and digits ("G8", "5G")
    and words around an apostrophe ("Остап'юка", "П’явки")."""
    out: list[tuple[int, str]] = []
    for tok in tokenize(text):
        word = tok.text
        if out:
            start, prev = out[-1]
            touching = start + len(prev) == tok.start
            mixed = prev[-1:].isalnum() and word[:1].isalnum() and prev[-1].isdigit() != word[0].isdigit()
            apostrophe = prev[-1:] in APOSTROPHES and prev[:-1][-1:].isalpha() and word[:1].isalpha()
            if touching and (mixed or apostrophe):
                out[-1] = (start, prev + word)
                continue
            if touching and len(out) > 1 and prev in APOSTROPHES and word[:1].isalpha():
                start0, before = out[-2]
                if start0 + len(before) == start and before[-1:].isalpha():
                    out[-2:] = [(start0, before + prev + word)]
                    continue
        out.append((tok.start, word))
    return out


def tokenize_doc(text: str, lang: str) -> tuple[list[tuple[int, int]], list[Token], list[tuple[Any, ...]]]:
    sentences: list[tuple[int, int]] = []
    tokens: list[Token] = []
    parses: list[tuple[Any, ...]] = []
    for sent in sentenize(text):
        if not sent.text.strip():
            continue
        sentences.append((sent.start, sent.stop))
        for offset, word in merged_tokens(sent.text):
            start = sent.start + offset
            found = parse_word(lang, word)
            best = found[0] if found else None
            tokens.append(
                Token(
                    start=start,
                    end=start + len(word),
                    text=word,
                    lemma=best.normal_form if best is not None else word.lower(),
                    pos=upos(best, word) if best is not None else None,
                )
            )
            parses.append(found)
    return sentences, tokens, parses


@component("slavic_tokens")
def make_slavic_tokens(lang: str, config: dict[str, Any]) -> Any:
    check_lang(lang)
    morph_analyzer(lang)  # build now, not on the first document

    def slavic_tokens(doc: Doc) -> Doc:
        doc.sentences, doc.tokens, parses = tokenize_doc(doc.text, lang)
        doc.extras["morph"] = morph_analyzer(lang)
        doc.extras["morph_parses"] = parses
        return doc

    return slavic_tokens
