"""Score the analysis of the reference articles (``gold/NAME/LANG.txt`` + ``LANG.gold.json``).

Predicted actor ids are free slugs, so each predicted actor is first aligned to the gold
actor whose entity mentions its own mentions overlap most (by characters); an actor with
no overlapping mention aligns to the gold actor of the same id, if any. Speakers,
participants, places and stance holders are judged through that alignment.

Per language:
- entities: exact and lenient P/R/F1 (``entities``), predictions overlapping an
  ``ignore_entity_spans`` span dropped;
- attributions: gold and predicted contents paired one to one as in ``attribution``
  (shared characters ≥ half of the longer content). A required attribution is *right*
  when paired and its predicted speaker aligns to the gold speaker; a gold speaker of
  ``null`` (an anonymous source) needs a predicted speaker of ``null`` marked
  ``anonymous``. A prediction paired with no gold attribution (required or optional)
  is *spurious*; ``optional`` gold items are neither required nor penalised;
- events: each gold event against the predicted events of its type (or whose trigger
  overlaps its trigger), the best one taken: date, place and participants;
- stances: each gold stance against the predicted stances on the gold issue held by
  the aligned actor: polarity and hedging.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from dossier.eval.entities import EntityScores, lenient_errors
from dossier.eval.entity_corpora import CorpusError, read_utf8
from dossier.eval.spans import greedy_match, half_overlap, overlap
from dossier.records import Analysis, Document

Analyze = Callable[[Document], Analysis]

# The bars of issue 3 for the reference article, per language.
BARS = {
    "driscoll-kyiv": {
        "entity_lenient_f1": 0.95,
        "max_spurious_attributions": 1,
        # the 20 November talks: dated, and these among the participants
        "events": {"ev-talks-nov20": ["denys-shmyhal", "oleksandr-syrskyi"]},
    }
}


@dataclass(slots=True)
class GoldFile:
    article: str
    language: str
    path: Path
    text: str
    gold: dict[str, Any]

    @property
    def published(self) -> str | None:
        return self.gold.get("document", {}).get("published_assumed")


def find_gold(directory: Path, language: str | None = None) -> list[GoldFile]:
    """Every ``LANG.gold.json`` with its ``LANG.txt`` under ``directory`` (an article folder or their parent)."""
    if not directory.is_dir():
        raise CorpusError(f"{directory}: not a directory")
    files = []
    for gold_path in sorted(directory.rglob("*.gold.json")):
        try:
            gold = json.loads(read_utf8(gold_path))
        except ValueError as exc:
            raise CorpusError(f"{gold_path}: not JSON ({exc})") from None
        lang = gold.get("document", {}).get("language") or gold_path.name.split(".")[0]
        if language and lang != language:
            continue
        txt = gold_path.parent / gold.get("document", {}).get("file", f"{lang}.txt")
        if not txt.exists():
            raise CorpusError(f"{gold_path}: no {txt.name} beside it")
        text = read_utf8(txt)
        files.append(GoldFile(gold_path.parent.name, lang, txt, text, gold))
    if not files:
        raise CorpusError(f"{directory}: no LANG.gold.json files" + (f" for {language!r}" if language else ""))
    return files


def align_actors(analysis: Analysis, gold: dict[str, Any]) -> dict[str, str]:
    """Predicted actor id -> gold actor id, by the characters their mentions share."""
    gold_mentions = [(e["start"], e["end"], e["actor"]) for e in gold.get("entities", []) if e.get("actor")]
    shared: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for e in analysis.entities:
        if not e.actor:
            continue
        for s, t, actor in gold_mentions:
            n = max(0, min(e.end, t) - max(e.start, s))
            if n:
                shared[e.actor][actor] += n
    gold_ids = {a["id"] for a in gold.get("actors", [])}
    mapping = {pred: max(counts.items(), key=lambda kv: (kv[1], kv[0]))[0] for pred, counts in shared.items()}
    for actor in analysis.actors:
        if actor.id not in mapping and actor.id in gold_ids:
            mapping[actor.id] = actor.id
    return mapping


def _pieces(span: dict[str, Any] | None) -> tuple[tuple[int, int], ...]:
    if not span:
        return ()
    if span.get("pieces"):
        return tuple((int(s), int(e)) for s, e in span["pieces"])
    return ((int(span["start"]), int(span["end"])),)


def score_entities(analysis: Analysis, gold: dict[str, Any]) -> dict[str, Any]:
    ignore = [(s["start"], s["end"]) for s in gold.get("ignore_entity_spans", [])]

    def ignored(start: int, end: int) -> bool:
        return any(min(end, t) > max(start, s) for s, t in ignore)

    want = [(e["start"], e["end"], e["type"]) for e in gold.get("entities", []) if not ignored(e["start"], e["end"])]
    got = [(e.start, e.end, e.type) for e in analysis.entities if not ignored(e.start, e.end)]
    scores = EntityScores()
    scores.add_document(want, got)
    out = scores.to_json()
    errors = lenient_errors(analysis.document.text, want, got)
    return {"exact": out["exact"], "lenient": out["lenient"], "by_type": out["by_type"], "errors": errors}


def score_attributions(analysis: Analysis, gold: dict[str, Any], actors: dict[str, str]) -> dict[str, Any]:
    text = analysis.document.text
    golds = gold.get("attributions", [])
    preds = analysis.attributions
    g_content = [_pieces(g["content"]) for g in golds]
    p_content = [p.content.parts() for p in preds]
    pairs = greedy_match(
        len(golds),
        len(preds),
        lambda g, p: overlap(g_content[g], p_content[p]) if half_overlap(g_content[g], p_content[p]) else 0,
    )
    paired = dict(pairs)
    items = []
    for i, g in enumerate(golds):
        item: dict[str, Any] = {
            "id": g.get("id", str(i)),
            "optional": bool(g.get("optional", False)),
            "found": i in paired,
            "speaker_expected": g.get("speaker"),
            "speaker_predicted": None,
            "speaker_right": False,
            "source_right": False,
        }
        if i in paired:
            p = preds[paired[i]]
            predicted = actors.get(p.speaker, p.speaker) if p.speaker else None
            item["speaker_predicted"] = predicted
            item["predicted_speaker_id"] = p.speaker
            item["anonymous"] = p.anonymous
            if g.get("speaker") is None:
                item["speaker_right"] = p.speaker is None and p.anonymous
            else:
                item["speaker_right"] = predicted == g["speaker"]
            g_source = _pieces(g.get("source"))
            p_source = p.source.parts() if p.source else ()
            item["source_right"] = (not g_source and not p_source) or (
                bool(g_source and p_source) and half_overlap(g_source, p_source)
            )
        items.append(item)
    matched_preds = set(paired.values())
    spurious = [
        {"content": p.content.text(text)[:120], "speaker": p.speaker}
        for j, p in enumerate(preds)
        if j not in matched_preds
    ]
    required = [it for it in items if not it["optional"]]
    return {
        "required": len(required),
        "required_found": sum(it["found"] for it in required),
        "required_right_speaker": sum(it["speaker_right"] for it in required),
        "spurious": len(spurious),
        "items": items,
        "spurious_items": spurious,
    }


def score_events(analysis: Analysis, gold: dict[str, Any], actors: dict[str, str]) -> list[dict[str, Any]]:
    out = []
    for g in gold.get("events", []):
        trigger = _pieces(g.get("trigger"))
        candidates = [e for e in analysis.events if e.type == g.get("type") or overlap(trigger, e.trigger.parts()) > 0]
        expected = set(g.get("participants", []))

        def fit(e: Any, expected: set[str] = expected, g: dict[str, Any] = g, trigger: Any = trigger) -> tuple:
            found = {actors.get(a, a) for a in e.participants} & expected
            return (e.date == g.get("date"), len(found), overlap(trigger, e.trigger.parts()) > 0)

        best = max(candidates, key=fit, default=None)
        item: dict[str, Any] = {"id": g.get("id"), "type": g.get("type"), "found": best is not None}
        item["date_expected"] = g.get("date")
        if best is not None:
            participants = {actors.get(a, a) for a in best.participants}
            item.update(
                type_predicted=best.type,
                trigger_predicted=best.trigger.text(analysis.document.text),
                date_predicted=best.date,
                date_right=best.date == g.get("date") or bool(g.get("optional_date")),
                place_right=g.get("place") is None or actors.get(best.place or "", best.place) == g.get("place"),
                participants_found=sorted(participants & expected),
                participants_missing=sorted(expected - participants),
            )
        else:
            item.update(
                date_right=False, place_right=False, participants_found=[], participants_missing=sorted(expected)
            )
        out.append(item)
    return out


def score_stances(analysis: Analysis, gold: dict[str, Any], actors: dict[str, str]) -> dict[str, Any]:
    issue = (gold.get("issue") or {}).get("id")
    predicted: dict[str, list[Any]] = defaultdict(list)
    for s in analysis.stances:
        if issue is None or s.issue == issue:
            predicted[actors.get(s.actor, s.actor)].append(s)
    items = []
    for g in gold.get("stances", []):
        found = predicted.get(g["actor"], [])
        polarities = sorted({s.polarity for s in found})
        items.append(
            {
                "actor": g["actor"],
                "optional": bool(g.get("optional", False)),
                "polarity_expected": g["polarity"],
                "polarity_predicted": polarities,
                "right": g["polarity"] in polarities,
                "hedged_right": any(s.polarity == g["polarity"] and s.hedged == bool(g.get("hedged")) for s in found),
            }
        )
    gold_actors = {g["actor"] for g in gold.get("stances", [])}
    required = [it for it in items if not it["optional"]]
    return {
        "required": len(required),
        "right": sum(it["right"] for it in required),
        "spurious": sum(len(v) for k, v in predicted.items() if k not in gold_actors),
        "items": items,
    }


def score_gold_file(gold_file: GoldFile, analysis: Analysis) -> dict[str, Any]:
    gold = gold_file.gold
    actors = align_actors(analysis, gold)
    result: dict[str, Any] = {
        "article": gold_file.article,
        "language": gold_file.language,
        "entities": score_entities(analysis, gold),
        "attributions": score_attributions(analysis, gold, actors),
        "events": score_events(analysis, gold, actors),
        "stances": score_stances(analysis, gold, actors),
        "actor_alignment": dict(sorted(actors.items())),
    }
    bars = BARS.get(gold_file.article)
    if bars:
        att = result["attributions"]
        checks = {
            "attributions_right_speaker": att["required_right_speaker"] == att["required"],
            "spurious_attributions": att["spurious"] <= bars["max_spurious_attributions"],
            "entity_lenient_f1": result["entities"]["lenient"]["f1"] >= bars["entity_lenient_f1"],
        }
        for event_id, needed in bars["events"].items():
            ev = next((e for e in result["events"] if e["id"] == event_id), None)
            checks[f"event {event_id}"] = bool(
                ev and ev["found"] and ev["date_right"] and set(needed) <= set(ev["participants_found"])
            )
        result["bars"] = {**checks, "all": all(checks.values())}
    return result


class MissingAnalysis(CorpusError):
    """No saved analysis has this reference text; the language is left out."""


def saved_analyses(paths: list[Path]) -> Analyze:
    """An ``Analyze`` that returns saved ``dossier analyze --json`` output for the same text."""
    from dossier.eval.analysis_json import read_analyses

    by_text = {a.document.text: a for path in paths for a in read_analyses(path)}

    def lookup(document: Document) -> Analysis:
        try:
            return by_text[document.text]
        except KeyError:
            raise MissingAnalysis(document.path) from None

    return lookup


def evaluate_gold(directory: Path, language: str | None = None, analyze: Analyze | None = None) -> list[dict[str, Any]]:
    """Analyse every reference article under ``directory`` with its assumed publication date, and score it."""
    if analyze is None:
        from dossier.nlp.analyze import analyze
    results = []
    for gf in find_gold(directory, language):
        document = Document(
            text=gf.text,
            path=str(gf.path),
            language=gf.language,
            published=gf.published,
            published_source="cli" if gf.published else None,
        )
        try:
            results.append(score_gold_file(gf, analyze(document)))
        except MissingAnalysis:
            continue
    if not results:
        raise CorpusError("no saved analysis has the text of any reference article")
    return results
