"""Reading the one-entry-a-line word lists under ``dossier/nlp/lexicons/``."""

from __future__ import annotations

from pathlib import Path


def read_lines(path: Path) -> list[str]:
    """The stripped, non-blank lines of ``path``; a line starting with ``#`` is a comment."""
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            out.append(line)
    return out
