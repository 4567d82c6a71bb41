"""The plain records that flow between stages.

Every stage takes and returns these (or lists of them); nothing here knows about
HTTP, SQL or models. Offsets are Python ``str`` indices into the document text.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal

EntityType = Literal["PER", "ORG", "LOC", "MISC"]
AttributionKind = Literal["direct", "indirect", "mixed"]
Polarity = Literal["support", "oppose", "neutral", "mixed"]

ANALYSIS_SCHEMA = "dossier.analysis/1"


@dataclass(frozen=True, slots=True, order=True)
class Span:
    """A half-open character range ``[start, end)`` into a document's text.

    ``pieces`` holds the parts of a discontinuous span (a quote interrupted by
    "he said"); when empty the span is the single range ``start..end``.
    """

    start: int
    end: int
    pieces: tuple[tuple[int, int], ...] = ()

    def parts(self) -> tuple[tuple[int, int], ...]:
        return self.pieces or ((self.start, self.end),)

    def text(self, text: str) -> str:
        return text[self.start : self.end]

    def to_json(self, text: str) -> dict[str, Any]:
        out: dict[str, Any] = {"start": self.start, "end": self.end, "text": self.text(text)}
        if len(self.pieces) > 1:
            out["pieces"] = [list(p) for p in self.pieces]
        return out

    @classmethod
    def from_parts(cls, parts: list[tuple[int, int]]) -> Span:
        parts = sorted(parts)
        if len(parts) == 1:
            return cls(parts[0][0], parts[0][1])
        return cls(parts[0][0], parts[-1][1], tuple(parts))


@dataclass(slots=True)
class Document:
    """One article's text and metadata, as extracted by ingest or read from a file."""

    text: str
    url: str | None = None
    canonical_url: str | None = None
    path: str | None = None
    site: str | None = None
    title: str | None = None
    author: str | None = None
    published: str | None = None  # ISO date (YYYY-MM-DD) or datetime
    published_source: str | None = None  # how it was found: "metadata", "htmldate", "feed", "cli", ...
    language: str | None = None  # ISO 639-1, or "und"
    raw_sha256: str | None = None  # content address of the raw bytes kept by ingest

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(slots=True)
class Entity:
    """A mention of a person, organisation, place or other named thing."""

    start: int
    end: int
    type: EntityType
    actor: str | None = None  # document-level actor id
    text: str = ""

    def to_json(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "text": self.text, "type": self.type, "actor": self.actor}


@dataclass(slots=True)
class Actor:
    """A person, organisation or place as one document (or the store) knows it."""

    id: str
    type: EntityType
    name: str
    aliases: list[str] = field(default_factory=list)
    roles: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "type": self.type, "name": self.name, "aliases": self.aliases, "roles": self.roles}


@dataclass(slots=True)
class Attribution:
    """Who said what: a quote or reported speech with its cue and source."""

    id: str
    kind: AttributionKind
    content: Span
    cue: Span | None = None
    source: Span | None = None
    speaker: str | None = None  # actor id; None when anonymous or unresolved
    anonymous: bool = False
    via: str | None = None  # actor id of who relays the report ("according to Bloomberg")
    relay: bool = False  # this attribution itself passes on someone else's report

    def to_json(self, text: str) -> dict[str, Any]:
        return {
            "id": self.id,
            "kind": self.kind,
            "content": self.content.to_json(text),
            "cue": self.cue.to_json(text) if self.cue else None,
            "source": self.source.to_json(text) if self.source else None,
            "speaker": self.speaker,
            "anonymous": self.anonymous,
            "via": self.via,
            "relay": self.relay,
        }


@dataclass(slots=True)
class Event:
    """A visit, talks, meeting, call, agreement or signing."""

    type: str
    trigger: Span
    date: str | None = None  # YYYY-MM-DD, or partial: "--11-20" (no year known), "2025-11", "2025-W47" (a week)
    place: str | None = None  # actor id of a LOC
    participants: list[str] = field(default_factory=list)

    def to_json(self, text: str) -> dict[str, Any]:
        return {
            "type": self.type,
            "trigger": self.trigger.to_json(text),
            "date": self.date,
            "place": self.place,
            "participants": self.participants,
        }


@dataclass(slots=True)
class Stance:
    """An actor's position on a tracked issue (or one of its points)."""

    actor: str
    issue: str
    polarity: Polarity
    point: str | None = None
    hedged: bool = False
    evidence: list[Span] = field(default_factory=list)

    def to_json(self, text: str) -> dict[str, Any]:
        return {
            "actor": self.actor,
            "issue": self.issue,
            "point": self.point,
            "polarity": self.polarity,
            "hedged": self.hedged,
            "evidence": [e.to_json(text) for e in self.evidence],
        }


@dataclass(slots=True)
class Analysis:
    """Everything the analysis found in one document."""

    document: Document
    entities: list[Entity] = field(default_factory=list)
    actors: list[Actor] = field(default_factory=list)
    attributions: list[Attribution] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    stances: list[Stance] = field(default_factory=list)
    cited_source: str | None = None  # actor id of the outlet the whole article relays

    def to_json(self) -> dict[str, Any]:
        text = self.document.text
        doc = self.document.to_json()
        doc["cited_source"] = self.cited_source
        return {
            "schema": ANALYSIS_SCHEMA,
            "document": doc,
            "entities": [e.to_json() for e in self.entities],
            "actors": [a.to_json() for a in self.actors],
            "attributions": [a.to_json(text) for a in self.attributions],
            "events": [e.to_json(text) for e in self.events],
            "stances": [s.to_json(text) for s in self.stances],
        }
