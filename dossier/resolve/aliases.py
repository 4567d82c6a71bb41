"""Moved to ``dossier.nlp.aliases`` (the in-document actor naming reads it too).

Re-exported here for dossier/cli/resolve.py and tests/test_datafiles.py until they import it from nlp.
"""

from dossier.nlp.aliases import DEFAULT_PATH, AliasError, AliasTable, KnownActor, default_aliases, normalize

__all__ = ["DEFAULT_PATH", "AliasError", "AliasTable", "KnownActor", "default_aliases", "normalize"]
