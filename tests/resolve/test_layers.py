"""Data flows one way: analysis (dossier.nlp) feeds resolution (dossier.resolve), never the reverse."""

from __future__ import annotations

import ast
from pathlib import Path

import dossier.nlp


def test_nlp_never_imports_resolve() -> None:
    root = Path(dossier.nlp.__file__).parent
    offenders = []
    for path in sorted(root.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else []
            if isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            offenders += [f"{path.relative_to(root)}: {n}" for n in names if n.startswith("dossier.resolve")]
    assert offenders == []
