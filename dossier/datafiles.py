"""Reading the package's data files: YAML documents and one-entry-a-line word lists.

Shared by every layer (nlp, resolve, trackers) so that they read their files alike and a broken file is
reported the same way: its path, and for YAML the line and column of the mistake. Each caller passes
the error class of its kind of file (AliasError, TrackerError, ...), which its own callers catch.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


def load_yaml(path: Path | str, error: type[Exception]) -> Any:
    """The content of the YAML file ``path``; ``error(message)`` when it cannot be read or parsed."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as e:
        raise error(f"{path}: cannot read: {e.strerror or e}") from None
    except UnicodeDecodeError as e:
        raise error(f"{path}: cannot read: not UTF-8 text (byte {e.start})") from None
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as e:
        raise error(f"{path}: not valid YAML{_where(e)}: {_problem(e)}") from None


def read_lines(path: Path | str) -> list[str]:
    """The stripped, non-blank lines of ``path``; a line starting with ``#`` is a comment.

    A ``#`` later in a line is part of the entry: comments stand on lines of their own.
    """
    out = []
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            out.append(line)
    return out


def is_slug(value: object) -> bool:
    """Whether ``value`` is a lower-case ASCII slug ("us-peace-plan-28"), as ids in data files must be."""
    return isinstance(value, str) and _SLUG.fullmatch(value) is not None


def _where(e: yaml.YAMLError) -> str:
    mark = getattr(e, "problem_mark", None) or getattr(e, "context_mark", None)
    return f" at line {mark.line + 1}, column {mark.column + 1}" if mark is not None else ""


def _problem(e: yaml.YAMLError) -> str:
    # A MarkedYAMLError's str() repeats the marks as '"<unicode string>", line N': keep the words only.
    problem = getattr(e, "problem", None)
    context = getattr(e, "context", None)
    if problem:
        return f"{problem} ({context})" if context else problem
    return str(e).splitlines()[0] if str(e) else type(e).__name__
