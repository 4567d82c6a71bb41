"""Read ``dossier.analysis/1`` JSON (what ``dossier analyze --json`` prints) back into records,
so that saved output can be scored like an analysis made in process."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import fields
from pathlib import Path
from typing import Any

from dossier.eval.entity_corpora import CorpusError
from dossier.records import ANALYSIS_SCHEMA, Actor, Analysis, Attribution, Document, Entity, Event, Span, Stance


def _span(obj: dict[str, Any] | None) -> Span | None:
    if not obj:
        return None
    if obj.get("pieces"):
        return Span.from_parts([(int(s), int(e)) for s, e in obj["pieces"]])
    return Span(int(obj["start"]), int(obj["end"]))


def analysis_from_json(obj: dict[str, Any]) -> Analysis:
    if obj.get("schema") != ANALYSIS_SCHEMA:
        raise CorpusError(f"not a {ANALYSIS_SCHEMA} object (schema {obj.get('schema')!r})")
    names = {f.name for f in fields(Document)}
    doc = Document(**{k: v for k, v in obj["document"].items() if k in names})
    return Analysis(
        document=doc,
        entities=[Entity(e["start"], e["end"], e["type"], e.get("actor"), e.get("text", "")) for e in obj["entities"]],
        actors=[Actor(a["id"], a["type"], a["name"], a.get("aliases", []), a.get("roles", [])) for a in obj["actors"]],
        attributions=[
            Attribution(
                id=a["id"],
                kind=a["kind"],
                content=_span(a["content"]),
                cue=_span(a.get("cue")),
                source=_span(a.get("source")),
                speaker=a.get("speaker"),
                anonymous=bool(a.get("anonymous")),
                via=a.get("via"),
                relay=bool(a.get("relay")),
            )
            for a in obj["attributions"]
        ],
        events=[
            Event(e["type"], _span(e["trigger"]), e.get("date"), e.get("place"), e.get("participants", []))
            for e in obj["events"]
        ],
        stances=[
            Stance(
                s["actor"],
                s["issue"],
                s["polarity"],
                s.get("point"),
                bool(s.get("hedged")),
                [_span(x) for x in s.get("evidence", []) if x],
            )
            for s in obj["stances"]
        ],
        cited_source=obj["document"].get("cited_source"),
    )


def read_analyses(path: Path) -> Iterator[Analysis]:
    """Analyses from a file holding one JSON object or JSON lines."""
    try:
        raw = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise CorpusError(f"{path}: cannot read: {exc}") from None
    try:
        objects = [json.loads(raw)]
    except ValueError:
        try:
            objects = [json.loads(line) for line in raw.splitlines() if line.strip()]
        except ValueError as exc:
            raise CorpusError(f"{path}: neither a JSON object nor JSON lines ({exc})") from None
    for obj in objects:
        try:
            yield analysis_from_json(obj)
        except (KeyError, TypeError, ValueError) as exc:
            raise CorpusError(f"{path}: not a {ANALYSIS_SCHEMA} object ({type(exc).__name__}: {exc})") from None
