"""Reading the English NER data files in ``dossier/nlp/lexicons/en`` (one entry a line, ``#`` comments)."""

from __future__ import annotations

from functools import cache
from pathlib import Path

LEXICON_DIR = Path(__file__).resolve().parents[1] / "lexicons" / "en"


@cache
def load_lexicon(name: str) -> tuple[str, ...]:
    path = LEXICON_DIR / f"{name}.txt"
    entries = []
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            entries.append(line)
    return tuple(entries)
