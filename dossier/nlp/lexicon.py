"""Reading the per-language data files under dossier/nlp/lexicons/LANG/."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

from dossier.datafiles import load_yaml, read_lines

LEXICONS = Path(__file__).with_name("lexicons")


class LexiconError(ValueError):
    """A lexicon file is missing or malformed."""


@cache
def read_list(lang: str, name: str) -> tuple[str, ...]:
    """The entries of ``LANG/NAME.txt`` (see ``dossier.datafiles.read_lines``).

    A language without the file has no entries (the component then finds nothing of that kind).
    """
    path = LEXICONS / lang / f"{name}.txt"
    return tuple(read_lines(path)) if path.exists() else ()


@cache
def read_yaml(lang: str, name: str) -> Any:
    """The content of ``LANG/NAME.yaml`` (None when the language has none)."""
    path = LEXICONS / lang / f"{name}.yaml"
    if not path.exists():
        return None
    data = load_yaml(path, LexiconError)
    _no_booleans(data, path)
    return data


def _no_booleans(data: Any, path: Path) -> None:
    # YAML reads bare on/off/yes/no as booleans; in a word list that is always a mistake.
    if isinstance(data, dict):
        for value in data.values():
            _no_booleans(value, path)
    elif isinstance(data, list):
        for item in data:
            if isinstance(item, bool):
                raise LexiconError(f'{path}: {item!r} in a word list: quote words such as "on" or "no"')
            _no_booleans(item, path)
