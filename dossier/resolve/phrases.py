"""Moved to ``dossier.nlp.phrases`` (stances and events match these patterns).

Re-exported here for dossier/trackers until it imports it from nlp.
"""

from dossier.nlp.phrases import TOKEN, Word, compile_pattern, find_all, match_at, tokenize

__all__ = ["TOKEN", "Word", "compile_pattern", "find_all", "match_at", "tokenize"]
