"""Readers for the attribution corpora: PolNeAR (brat) and the ukru JSONL.

Both become ``AttributionDoc``: the text and its gold attributions, each role a tuple
of ``(start, end)`` pieces (``spans.Pieces``; empty when the role is absent).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from dossier.eval.entity_corpora import CorpusError, read_utf8
from dossier.eval.spans import Pieces, pieces

# Opening quotation marks of every style the issue lists, plus the ASCII ones.
QUOTE_MARKS = "\"'“”„‟«»‚‘’‹›「『"


@dataclass(slots=True)
class GoldAttribution:
    content: Pieces
    cue: Pieces = ()
    source: Pieces = ()
    kind: str | None = None  # "direct", "indirect", "mixed" when the corpus says
    relay: bool = False
    speaker: str | None = None


@dataclass(slots=True)
class AttributionDoc:
    name: str
    text: str
    language: str
    attributions: list[GoldAttribution] = field(default_factory=list)


def is_quoted(text: str, content: Pieces) -> bool:
    """PolNeAR's direct quotes: the content (spaces aside) opens with a quotation mark."""
    if not content:
        return False
    start, end = content[0]
    stripped = text[start:end].lstrip()
    return bool(stripped) and stripped[0] in QUOTE_MARKS


_T_LINE = re.compile(r"^(T\d+)\t(\S+) (\d+ \d+(?:;\d+ \d+)*)\t")


def read_polnear_ann(ann: str, text: str) -> list[GoldAttribution]:
    """The attributions of one PolNeAR ``.ann``: ``E`` lines tie ``T`` spans by role."""
    spans: dict[str, tuple[str, Pieces]] = {}
    for line in ann.splitlines():
        m = _T_LINE.match(line)
        if m:
            parts = [tuple(int(x) for x in p.split()) for p in m[3].split(";")]
            spans[m[1]] = (m[2], pieces(parts))
    out = []
    for line in ann.splitlines():
        if not line.startswith("E"):
            continue
        roles: dict[str, list[tuple[int, int]]] = {"Content": [], "Cue": [], "Source": []}
        for arg in line.split("\t", 1)[1].split() if "\t" in line else []:
            role, _, ref = arg.partition(":")
            role = role.rstrip("0123456789")  # Content2 is a further piece of the content
            if role in roles and ref in spans:
                roles[role].extend(spans[ref][1])
        content = pieces(roles["Content"])
        if not content:
            continue  # an anchor without content cannot be scored
        kind = "direct" if is_quoted(text, content) else None
        out.append(GoldAttribution(content, pieces(roles["Cue"]), pieces(roles["Source"]), kind))
    return out


def read_polnear(directory: Path) -> Iterator[AttributionDoc]:
    """``text/NAME.txt`` + ``attributions/NAME_ANNOTATOR.ann``; the first annotator's file in
    sorted file-name order is the one scored."""
    text_dir, ann_dir = directory / "text", directory / "attributions"
    if not text_dir.is_dir() or not ann_dir.is_dir():
        raise CorpusError(f"{directory}: expected text/ and attributions/ (PolNeAR layout)")
    first: dict[str, Path] = {}
    for ann in sorted(ann_dir.glob("*.ann")):
        name = ann.stem.rsplit("_", 1)[0]
        first.setdefault(name, ann)
    for name, ann in sorted(first.items()):
        txt = text_dir / f"{name}.txt"
        if not txt.exists():
            raise CorpusError(f"{ann}: no text/{name}.txt")
        text = read_utf8(txt)
        yield AttributionDoc(name, text, "en", read_polnear_ann(read_utf8(ann), text))


def read_ukru(path: Path) -> Iterator[AttributionDoc]:
    """One JSON object a line: ``doc``, ``lang``, ``text``, ``attributions`` (spans as piece lists)."""
    # split on "\n" only: a JSON string may hold U+2028, which str.splitlines would cut at.
    for lineno, line in enumerate(read_utf8(path).split("\n"), 1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
            attributions = [
                GoldAttribution(
                    content=pieces(a["content"]),
                    cue=pieces(a.get("cue")),
                    source=pieces(a.get("source")),
                    kind=a.get("kind"),
                    relay=bool(a.get("relay", False)),
                    speaker=a.get("speaker"),
                )
                for a in record.get("attributions", [])
            ]
            yield AttributionDoc(str(record.get("doc", lineno)), record["text"], record["lang"], attributions)
        except (ValueError, KeyError, TypeError) as exc:
            raise CorpusError(f"{path}:{lineno}: not an attribution record ({exc})") from None


def read_attribution_corpus(path: Path) -> Iterator[AttributionDoc]:
    """A PolNeAR directory, or a ukru JSONL file (or a directory holding one)."""
    if path.is_dir():
        if (path / "text").is_dir():
            return read_polnear(path)
        jsonl = sorted(path.glob("*.jsonl"))
        if len(jsonl) == 1:
            return read_ukru(jsonl[0])
        raise CorpusError(f"{path}: neither a PolNeAR directory (text/, attributions/) nor one holding a .jsonl")
    if path.is_file():
        return read_ukru(path)
    raise CorpusError(f"{path}: no such file or directory")
