"""``english_ner``: PER/ORG/LOC/MISC mentions from spaCy's NER, mapped and corrected by rules.

spaCy's English pipelines tag OntoNotes' 18 types; ``LABELS`` maps them to ours and drops
numbers and dates. ``rules`` then fixes what the statistical model gets wrong in news.
"""

from __future__ import annotations

from typing import Any

from spacy.tokens import Doc as SpacyDoc

from dossier.nlp.doc import Doc
from dossier.nlp.english import rules
from dossier.nlp.english.tokens import spacy_doc
from dossier.nlp.registry import Component, component
from dossier.records import Entity

LABELS = {
    "PERSON": "PER",
    "ORG": "ORG",
    "GPE": "LOC",
    "LOC": "LOC",
    "FAC": "LOC",
    "NORP": "MISC",
    "EVENT": "MISC",
    "WORK_OF_ART": "MISC",
    "LAW": "MISC",
    "PRODUCT": "MISC",
    "LANGUAGE": "MISC",
    # PER/ORG/LOC/MISC as such, for pipelines trained on CoNLL-style labels.
    "PER": "PER",
    "MISC": "MISC",
}


def entities(parsed: SpacyDoc, text: str, *, use_rules: bool = True) -> list[Entity]:
    """Our entities for one parsed document, sorted by position."""
    mentions = [rules.Mention(ent.start, ent.end, LABELS[ent.label_]) for ent in parsed.ents if ent.label_ in LABELS]
    if use_rules:
        mentions = rules.apply(parsed, text, mentions)
    out = []
    for m in sorted(mentions, key=lambda m: (m.start, m.end)):
        start = parsed[m.start].idx
        last = parsed[m.end - 1]
        end = last.idx + len(last)
        out.append(Entity(start=start, end=end, type=m.type, text=text[start:end]))  # type: ignore[arg-type]
    return out


@component("english_ner")
def english_ner(lang: str, config: dict[str, Any]) -> Component:
    """Settings: ``rules`` (the corrections in ``rules``, default on); ``model``/``exclude`` as for
    english_tokens, used only when english_tokens has not run before."""
    settings = dict(config)
    use_rules = settings.get("rules", True)

    def run(doc: Doc) -> Doc:
        doc.entities = entities(spacy_doc(doc, settings), doc.text, use_rules=use_rules)
        return doc

    return run
