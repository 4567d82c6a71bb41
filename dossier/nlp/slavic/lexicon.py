"""The per-language word lists the Slavic NER rules read (``lexicons/LANG/ner_*``)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from dossier.nlp.slavic.models import check_lang, parse_word
from dossier.nlp.wordlists import read_lines

LEXICONS = Path(__file__).resolve().parent.parent / "lexicons"


def read_list(lang: str, name: str, lower: bool = True) -> frozenset[str]:
    """One entry a line; ``#`` starts a comment line."""
    lines = read_lines(LEXICONS / lang / f"{name}.txt")
    return frozenset(line.lower() for line in lines) if lower else frozenset(lines)


def lemmatised(lang: str, names: frozenset[str]) -> frozenset[str]:
    """The names plus, for multi-word ones, their word-by-word lemmas ("российский федерация"),
    which is how the rules look multi-word names up."""
    out = set(names)
    for name in names:
        if " " in name:
            out.add(" ".join(parse_word(lang, w)[0].normal_form for w in name.split()))
    return frozenset(out)


@dataclass(frozen=True, slots=True)
class NerLexicon:
    titles: frozenset[str]  # lemmas: president, minister... (never inside a name)
    legal_forms: frozenset[str]  # exact tokens: ТОВ, ООО...
    org_descriptors: frozenset[str]  # lemmas: company, party... before a quoted name
    org_heads: frozenset[str]  # lemmas: ministry, court... heading a capitalised name
    loc_abbrevs: frozenset[str]  # exact tokens: США, РФ...
    loc_nouns: frozenset[str]  # lemmas: region, district... after a capitalised adjective
    settlement_words: frozenset[str]  # lower-case tokens: с, смт, село... before a settlement's name
    street_nouns: frozenset[str]  # lower-case tokens: вул, просп...
    places: frozenset[str]  # lower-case nominative place names, single or multi-word
    regions: frozenset[str]  # the hand-kept part of ``places``: countries, regions, lands
    org_prefixes: tuple[str, ...]  # "укр", "мін": starts of compound organisation names
    org_suffixes: tuple[str, ...]  # "енерго", "буд": ends of compound organisation names
    not_entities: frozenset[str]  # lower case: "змі", "інтернет"
    gov_nouns: frozenset[str]  # lemmas: government, authorities... + a place = an organisation
    loc_preps: frozenset[str]  # prepositions of place: "у", "до", "з"
    loc_descriptors: frozenset[str]  # lemmas: airport, business centre... before a quoted place name
    doc_nouns: frozenset[str]  # lemmas: law, code, coat of arms... whose names end in a place
    org_units: frozenset[str]  # lemmas: commission, press service... a part of the organisation after it
    org_nouns: frozenset[str]  # lemmas: national team, government... alone name one organisation
    misc_nouns: frozenset[str]  # lemmas: ship, film... before a quoted name of a thing or work
    persons: frozenset[str]  # lemmas of persons the dictionary does not mark as names: "бог"
    orgs: frozenset[str]  # lemma sequences of organisations mistaken for places: "нато", "европейский союз"
    state_bodies: frozenset[str]  # lemmas: ministry, embassy... named by a country's adjective
    geo_words: frozenset[str]  # lemmas: city, river, state... right before a place's name


@cache
def ner_lexicon(lang: str) -> NerLexicon:
    check_lang(lang)
    parts = read_list(lang, "ner_org_parts")
    return NerLexicon(
        titles=read_list(lang, "ner_titles"),
        legal_forms=read_list(lang, "ner_legal_forms", lower=False),
        org_descriptors=read_list(lang, "ner_org_descriptors"),
        org_heads=read_list(lang, "ner_org_heads"),
        loc_abbrevs=read_list(lang, "ner_loc_abbrevs", lower=False),
        loc_nouns=read_list(lang, "ner_loc_nouns"),
        street_nouns=read_list(lang, "ner_street_nouns"),
        settlement_words=read_list(lang, "ner_settlement_words"),
        places=lemmatised(lang, read_list(lang, "ner_places") | read_list(lang, "ner_regions")),
        regions=lemmatised(lang, read_list(lang, "ner_regions")),
        org_prefixes=tuple(sorted(p[:-1] for p in parts if p.endswith("-"))),
        org_suffixes=tuple(sorted(p[1:] for p in parts if p.startswith("-"))),
        not_entities=read_list(lang, "ner_not_entities"),
        gov_nouns=read_list(lang, "ner_gov_nouns"),
        org_nouns=read_list(lang, "ner_org_nouns"),
        org_units=read_list(lang, "ner_org_units"),
        doc_nouns=read_list(lang, "ner_doc_nouns"),
        loc_descriptors=read_list(lang, "ner_loc_descriptors"),
        loc_preps=read_list(lang, "ner_loc_preps"),
        persons=read_list(lang, "ner_persons"),
        misc_nouns=read_list(lang, "ner_misc_nouns"),
        orgs=lemmatised(lang, read_list(lang, "ner_orgs")),
        state_bodies=read_list(lang, "ner_state_bodies"),
        geo_words=read_list(lang, "ner_geo_words"),
    )
