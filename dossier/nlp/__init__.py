"""Per-language analysis pipelines: entities, attributions, events, stances."""

from dossier.nlp.analyze import analyze

__all__ = ["analyze"]
