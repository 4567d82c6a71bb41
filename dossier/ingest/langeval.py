"""Measure language identification on labelled text files.

    python -m dossier.ingest.langeval ../shared/eval/ner-uk-dev=uk ../shared/eval/factrueval-dev=ru \\
        ../shared/gold/driscoll-kyiv=STEM

``DIR=LANG`` takes every .txt under DIR as language LANG; ``DIR=STEM`` takes the file name (``uk.txt``).
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from dossier.ingest.language import identify_language


def evaluate(directory: Path, language: str) -> tuple[int, int, list[tuple[str, str, str]]]:
    """``(correct, total, errors)`` over the .txt files of ``directory``; errors are (file, want, got)."""
    correct, errors, files = 0, [], sorted(directory.rglob("*.txt"))
    for file in files:
        want = file.stem if language == "STEM" else language
        got = identify_language(file.read_text(encoding="utf-8", errors="replace"))
        if got == want:
            correct += 1
        else:
            errors.append((file.name, want, got))
    return correct, len(files), errors


def main(argv: list[str]) -> int:
    if not argv or any("=" not in arg for arg in argv):
        print(__doc__, file=sys.stderr)
        return 2
    for arg in argv:
        directory, language = arg.rsplit("=", 1)
        started = time.perf_counter()
        correct, total, errors = evaluate(Path(directory), language)
        if not total:
            print(f"{directory}: no .txt files", file=sys.stderr)
            continue
        seconds = time.perf_counter() - started
        print(f"{directory} ({language}): {correct}/{total} = {100 * correct / total:.2f}% in {seconds:.1f} s")
        for name, want, got in errors[:20]:
            print(f"  {name}: want {want}, got {got}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
