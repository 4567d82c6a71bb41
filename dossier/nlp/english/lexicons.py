"""Reading the English NER data files in ``dossier/nlp/lexicons/en`` (one entry a line, ``#`` comments)."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from dossier.nlp.wordlists import read_lines

LEXICON_DIR = Path(__file__).resolve().parents[1] / "lexicons" / "en"


@cache
def load_lexicon(name: str) -> tuple[str, ...]:
    return tuple(read_lines(LEXICON_DIR / f"{name}.txt"))
