"""The ``Doc`` that pipeline components read and fill in, layer by layer."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from dossier.records import Actor, Analysis, Attribution, Document, Entity, Event, Stance


@dataclass(slots=True)
class Token:
    start: int
    end: int
    text: str
    lemma: str | None = None
    pos: str | None = None


@dataclass(slots=True)
class Doc:
    """One document's text plus the layers of spans found so far.

    Components add to the layers in pipeline order: ``sentences`` and ``tokens``
    first, then ``entities``, ``actors``, ``attributions``, ``events``, ``stances``.
    ``extras`` carries data one component leaves for a later one (a parse, say).
    """

    document: Document
    sentences: list[tuple[int, int]] = field(default_factory=list)
    tokens: list[Token] = field(default_factory=list)
    entities: list[Entity] = field(default_factory=list)
    actors: list[Actor] = field(default_factory=list)
    attributions: list[Attribution] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    stances: list[Stance] = field(default_factory=list)
    cited_source: str | None = None
    extras: dict[str, Any] = field(default_factory=dict)

    @property
    def text(self) -> str:
        return self.document.text

    @property
    def lang(self) -> str:
        return self.document.language or "und"

    def to_analysis(self) -> Analysis:
        return Analysis(
            document=self.document,
            entities=sorted(self.entities, key=lambda e: (e.start, e.end)),
            actors=self.actors,
            attributions=self.attributions,
            events=self.events,
            stances=self.stances,
            cited_source=self.cited_source,
        )
