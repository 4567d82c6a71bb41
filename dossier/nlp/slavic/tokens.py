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
    """razdel's tokens, with letter-digit pieces written together joined again ("G8", "5G")."""
    out: list[tuple[int, str]] = []
    for tok in tokenize(text):
        if out:
            start, prev = out[-1]
            touching = start + len(prev) == tok.start and prev[-1:].isalnum() and tok.text[:1].isalnum()
            if touching and prev[-1].isdigit() != tok.text[0].isdigit():
                out[-1] = (start, prev + tok.text)
                continue
        out.append((tok.start, tok.text))
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
