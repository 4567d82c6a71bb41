"""Reading the one-entry-a-line word lists under ``dossier/nlp/lexicons/``.

The reader itself is ``dossier.datafiles.read_lines``, shared with the other data files (``nlp/nicknames.txt``); the nlp
lexicon modules import it from here.
"""

from __future__ import annotations

from dossier.datafiles import read_lines

__all__ = ["read_lines"]
