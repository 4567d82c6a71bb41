"""Readers for the named-entity corpora: factRuEval-2016, NER-UK 2.0 (brat), CoNLL-2003.

Each reader yields ``EntityDoc``: the text the analysis runs on and the gold mentions
as ``(start, end, type)`` with types mapped to PER, ORG, LOC (others kept under their
own name so that a prediction on them counts as wrong, never as right).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

FORMATS = ("factrueval", "ner-uk", "conll")
LANGUAGE = {"factrueval": "ru", "ner-uk": "uk", "conll": "en"}
SCORED_TYPES = ("PER", "ORG", "LOC")

FACTRUEVAL_TYPES = {"Person": "PER", "Org": "ORG", "Location": "LOC", "LocOrg": "LOC"}
NER_UK_TYPES = {"PERS": "PER", "ORG": "ORG", "LOC": "LOC"}


class CorpusError(ValueError):
    """The path does not hold the layout the format expects."""


@dataclass(frozen=True, slots=True, order=True)
class GoldEntity:
    start: int
    end: int
    type: str


@dataclass(slots=True)
class EntityDoc:
    name: str
    text: str
    language: str
    entities: list[GoldEntity] = field(default_factory=list)


def read_utf8(path: Path) -> str:
    """A corpus file's text; an error names the file (a corpus may hold one stray non-UTF-8 file)."""
    try:
        # newline="" keeps "\r\n" so that the corpus offsets stay valid.
        with path.open(encoding="utf-8", newline="") as f:
            return f.read()
    except UnicodeDecodeError as exc:
        raise CorpusError(f"{path}: not UTF-8 (byte {exc.object[exc.start]:#04x} at offset {exc.start})") from None


def read_factrueval(directory: Path) -> Iterator[EntityDoc]:
    """``book_N.txt`` + ``.spans`` + ``.objects``; an object's extent is that of its spans."""
    books = sorted(directory.glob("book_*.txt"), key=lambda p: _natural_key(p.stem))
    if not books:
        raise CorpusError(f"{directory}: no book_N.txt files (factRuEval layout)")
    for txt in books:
        spans: dict[str, tuple[int, int]] = {}
        for line in read_utf8(txt.with_suffix(".spans")).splitlines():
            fields = line.split("#", 1)[0].split()
            if len(fields) >= 4:
                start, size = int(fields[2]), int(fields[3])
                spans[fields[0]] = (start, start + size)
        entities = set()
        for line in read_utf8(txt.with_suffix(".objects")).splitlines():
            fields = line.split("#", 1)[0].split()
            if len(fields) < 3 or fields[1] not in FACTRUEVAL_TYPES:
                continue
            extents = [spans[s] for s in fields[2:] if s in spans]
            if extents:
                start = min(s for s, _ in extents)
                end = max(e for _, e in extents)
                entities.add(GoldEntity(start, end, FACTRUEVAL_TYPES[fields[1]]))
        yield EntityDoc(txt.stem, read_utf8(txt), "ru", sorted(entities))


_BRAT_T = re.compile(r"^T\d+\t(\S+)[ \t](\d+)[ \t](\d+)((?:;\d+ \d+)*)\t")


def read_brat_entities(ann: str, types: dict[str, str]) -> list[GoldEntity]:
    """Text-bound annotations of a brat ``.ann``; a discontinuous one spans first to last piece."""
    entities = set()
    for line in ann.splitlines():
        m = _BRAT_T.match(line)
        if not m:
            continue  # relations, notes, or the second line of a mention that crosses a line end
        label = types.get(m[1], m[1])
        ends = [int(m[3])] + [int(x.split()[1]) for x in m[4].split(";") if x]
        entities.add(GoldEntity(int(m[2]), max(ends), label))
    return sorted(entities)


def read_ner_uk(directory: Path) -> Iterator[EntityDoc]:
    """``NAME.txt`` (tokens separated by spaces, a sentence a line) + brat ``NAME.ann``."""
    anns = sorted(directory.glob("*.ann"))
    if not anns:
        raise CorpusError(f"{directory}: no .ann files (NER-UK brat layout)")
    for ann in anns:
        txt = ann.with_suffix(".txt")
        if not txt.exists():
            raise CorpusError(f"{ann}: no matching .txt")
        yield EntityDoc(ann.stem, read_utf8(txt), "uk", read_brat_entities(read_utf8(ann), NER_UK_TYPES))


def read_conll(path: Path) -> Iterator[EntityDoc]:
    """CoNLL-2003 (``token POS chunk NER``, IOB1 or IOB2); ``-DOCSTART-`` separates documents.

    The text is rebuilt with single spaces between tokens and a newline between sentences.
    """
    if path.is_dir():
        files = sorted(p for p in path.iterdir() if p.is_file() and not p.name.startswith(".") and p.suffix != ".md")
        if not files:
            raise CorpusError(f"{path}: no CoNLL files")
    else:
        files = [path]
    for file in files:
        n = 0
        sentences: list[list[tuple[str, str]]] = []
        current: list[tuple[str, str]] = []
        for line in read_utf8(file).splitlines():
            fields = line.split()
            if not fields:
                if current:
                    sentences.append(current)
                    current = []
            elif fields[0] == "-DOCSTART-":
                if current:
                    sentences.append(current)
                    current = []
                if sentences:
                    n += 1
                    yield _conll_doc(f"{file.name}:{n}", sentences)
                    sentences = []
            else:
                current.append((fields[0], fields[-1]))
        if current:
            sentences.append(current)
        if sentences:
            n += 1
            yield _conll_doc(f"{file.name}:{n}", sentences)


def _conll_doc(name: str, sentences: list[list[tuple[str, str]]]) -> EntityDoc:
    parts: list[str] = []
    entities: list[GoldEntity] = []
    pos = 0
    for i, sentence in enumerate(sentences):
        if i:
            parts.append("\n")
            pos += 1
        open_type: str | None = None
        open_start = 0
        prev_end = pos
        for j, (token, tag) in enumerate(sentence):
            if j:
                parts.append(" ")
                pos += 1
            start, end = pos, pos + len(token)
            parts.append(token)
            pos = end
            prefix, _, label = tag.partition("-")
            # IOB1: I- continues a mention of the same type; B- starts a new one next to it.
            continues = label and open_type == label and prefix == "I"
            if open_type and not continues:
                entities.append(GoldEntity(open_start, prev_end, open_type))
                open_type = None
            if label and not continues:
                open_type, open_start = label, start
            prev_end = end
        if open_type:
            entities.append(GoldEntity(open_start, prev_end, open_type))
    return EntityDoc(name, "".join(parts), "en", entities)


def read_entity_corpus(path: Path, fmt: str) -> Iterator[EntityDoc]:
    if not path.exists():
        raise CorpusError(f"{path}: no such file or directory")
    if fmt == "factrueval":
        return read_factrueval(_need_dir(path))
    if fmt == "ner-uk":
        return read_ner_uk(_need_dir(path))
    if fmt == "conll":
        return read_conll(path)
    raise CorpusError(f"unknown format {fmt!r}; one of {', '.join(FORMATS)}")


def _need_dir(path: Path) -> Path:
    if not path.is_dir():
        raise CorpusError(f"{path}: not a directory")
    return path


def _natural_key(name: str) -> tuple[object, ...]:
    return tuple(int(t) if t.isdigit() else t for t in re.split(r"(\d+)", name))
