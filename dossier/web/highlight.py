"""Article text as HTML with its evidence spans highlighted, every character escaped.

Spans overlap and nest (a source inside an attribution, an entity inside a quote), so
the text is cut at every span boundary and each piece is wrapped in one ``<span>``
carrying the classes and ids of all the layers that cover it. Nothing of the article
is ever emitted unescaped.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from html import escape
from itertools import pairwise

from markupsafe import Markup


@dataclass(frozen=True)
class Layer:
    """One highlighted range: CSS classes, an optional anchor id, a tooltip, data attributes."""

    start: int
    end: int
    classes: tuple[str, ...]
    anchor: str | None = None  # id put on the first piece, so ``#anchor`` links scroll to it
    title: str | None = None
    data: dict[str, str] = field(default_factory=dict)


def highlight(text: str, layers: list[Layer]) -> Markup:
    """``text`` as escaped HTML, with each layer's range wrapped in spans.

    Line breaks stay as they are: the page shows the text with ``white-space: pre-wrap``.
    """
    n = len(text)
    valid = [layer for layer in layers if 0 <= layer.start < layer.end <= n]
    cuts = sorted({0, n, *(x for layer in valid for x in (layer.start, layer.end))})
    # A sweep over the cuts keeps the layers open at each piece: rescanning every layer for every piece
    # took minutes on a long article with tens of thousands of spans.
    starting: dict[int, list[int]] = defaultdict(list)
    ending: dict[int, list[int]] = defaultdict(list)
    for i, layer in enumerate(valid):
        starting[layer.start].append(i)
        ending[layer.end].append(i)
    open_now: set[int] = set()
    anchored: set[str] = set()
    out: list[str] = []
    for a, b in pairwise(cuts):
        open_now.difference_update(ending.get(a, ()))
        open_now.update(starting.get(a, ()))
        piece = escape(text[a:b])
        covering = [valid[i] for i in sorted(open_now)]  # in the order given, as titles and anchors expect
        if not covering:
            out.append(piece)
            continue
        classes = sorted({c for layer in covering for c in layer.classes})
        attrs = [f'class="{escape(" ".join(classes))}"']
        for layer in covering:
            if layer.anchor and layer.anchor not in anchored:
                anchored.add(layer.anchor)
                attrs.append(f'id="{escape(layer.anchor)}"')
        titles = [layer.title for layer in covering if layer.title]
        if titles:
            attrs.append(f'title="{escape(" · ".join(titles))}"')
        data: dict[str, str] = {}
        for layer in covering:
            for key, value in layer.data.items():
                data[key] = f"{data[key]} {value}" if key in data else value
        attrs.extend(f'data-{escape(k)}="{escape(v)}"' for k, v in sorted(data.items()))
        out.append(f"<span {' '.join(attrs)}>{piece}</span>")
    return Markup("".join(out))
