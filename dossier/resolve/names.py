"""Moved to ``dossier.nlp.names`` (the in-document actor naming compares first names too).

Re-exported here for tests/test_datafiles.py until it imports it from nlp.
"""

from dossier.nlp.names import NICKNAMES, first_names_match, nickname_groups

__all__ = ["NICKNAMES", "first_names_match", "nickname_groups"]
