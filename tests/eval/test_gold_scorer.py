import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from dossier.eval.gold import align_actors, evaluate_gold, find_gold
from dossier.records import Actor, Analysis, Attribution, Document, Entity, Event, Span, Stance

SHARED = Path(__file__).resolve().parents[2] / ".." / "shared"
TEXT = "Bloomberg reports that talks went well. The agency writes: “It is fine.” On Monday Smith met Jones in Kyiv."


def span(s: str) -> dict[str, Any]:
    start = TEXT.index(s)
    return {"start": start, "end": start + len(s), "text": s}


def sp(s: str) -> Span:
    start = TEXT.index(s)
    return Span(start, start + len(s))


def gold_dir(tmp_path: Path, article: str = "smith-jones") -> Path:
    folder = tmp_path / article
    folder.mkdir()
    (folder / "en.txt").write_text(TEXT, encoding="utf-8")
    gold = {
        "schema": "dossier.gold/1",
        "document": {"file": "en.txt", "language": "en", "published_assumed": "2025-11-19"},
        "actors": [
            {"id": "bloomberg", "type": "ORG", "name": "Bloomberg"},
            {"id": "smith", "type": "PER", "name": "Smith"},
            {"id": "jones", "type": "PER", "name": "Jones"},
            {"id": "kyiv", "type": "LOC", "name": "Kyiv"},
        ],
        "entities": [
            {**span("Bloomberg"), "type": "ORG", "actor": "bloomberg"},
            {**span("Smith"), "type": "PER", "actor": "smith"},
            {**span("Jones"), "type": "PER", "actor": "jones"},
            {**span("Kyiv"), "type": "LOC", "actor": "kyiv"},
        ],
        "ignore_entity_spans": [span("Monday")],
        "attributions": [
            {
                "id": "a-lead",
                "kind": "indirect",
                "speaker": "bloomberg",
                "optional": False,
                "content": span("talks went well"),
                "cue": span("reports"),
                "source": span("Bloomberg"),
            },
            {
                "id": "a-agency",
                "kind": "direct",
                "speaker": "bloomberg",
                "optional": False,
                "content": span("It is fine."),
                "cue": span("writes"),
                "source": span("The agency"),
            },
        ],
        "events": [
            {
                "id": "ev-talks-nov20",
                "type": "meeting",
                "date": "2025-11-17",
                "place": "kyiv",
                "participants": ["smith", "jones"],
                "trigger": span("met"),
            },
        ],
        "issue": {"id": "plan"},
        "stances": [
            {"actor": "smith", "polarity": "oppose"},
            {"actor": "jones", "polarity": "support", "optional": True},
        ],
    }
    (folder / "en.gold.json").write_text(json.dumps(gold), encoding="utf-8")
    return tmp_path


def analyze(doc: Document) -> Analysis:
    """A hand-made analysis with its own actor slugs."""
    assert doc.published == "2025-11-19" and doc.language == "en"
    return Analysis(
        document=doc,
        entities=[
            Entity(*sp("Bloomberg").parts()[0], "ORG", actor="bloomberg-lp"),
            Entity(*sp("Monday").parts()[0], "PER", actor="monday"),  # ignored span: neither right nor wrong
            Entity(*sp("Smith").parts()[0], "PER", actor="j-smith"),
            Entity(*sp("Jones in").parts()[0], "PER", actor="jones"),  # lenient only
        ],
        actors=[Actor("bloomberg-lp", "ORG", "Bloomberg"), Actor("j-smith", "PER", "Smith")],
        attributions=[
            Attribution("p1", "indirect", sp("talks went well"), source=sp("Bloomberg"), speaker="bloomberg-lp"),
            Attribution("p2", "direct", sp("It is fine"), source=sp("The agency"), speaker="the-agency"),
            Attribution("p3", "indirect", sp("On Monday Smith met Jones")),
        ],
        events=[Event("meeting", sp("met"), date="2025-11-17", place=None, participants=["j-smith"])],
        stances=[Stance("j-smith", "plan", "oppose"), Stance("bloomberg-lp", "plan", "support")],
    )


def test_scores_through_the_actor_alignment(tmp_path: Path):
    (result,) = evaluate_gold(gold_dir(tmp_path), analyze=analyze)
    assert result["actor_alignment"] == {"bloomberg-lp": "bloomberg", "j-smith": "smith", "jones": "jones"}
    ents = result["entities"]
    assert (ents["exact"]["tp"], ents["exact"]["pred"], ents["exact"]["gold"]) == (2, 3, 4)
    assert ents["lenient"]["tp"] == 3 and ents["lenient"]["f1"] == 0.8571
    att = result["attributions"]
    assert (att["required"], att["required_found"], att["required_right_speaker"], att["spurious"]) == (2, 2, 1, 1)
    assert [it["speaker_right"] for it in att["items"]] == [True, False]
    (event,) = result["events"]
    assert event["date_right"] and event["participants_found"] == ["smith"]
    assert event["participants_missing"] == ["jones"] and not event["place_right"]
    stances = result["stances"]
    assert (stances["required"], stances["right"], stances["spurious"]) == (1, 1, 1)
    assert "bars" not in result  # bars are defined for the reference article only


def test_anonymous_gold_speaker_needs_an_anonymous_prediction(tmp_path: Path):
    root = gold_dir(tmp_path)
    path = root / "smith-jones" / "en.gold.json"
    gold = json.loads(path.read_text(encoding="utf-8"))
    gold["attributions"][0]["speaker"] = None
    path.write_text(json.dumps(gold), encoding="utf-8")

    def anonymous(doc: Document) -> Analysis:
        a = analyze(doc)
        a.attributions[0].speaker, a.attributions[0].anonymous = None, True
        return a

    (result,) = evaluate_gold(root, analyze=anonymous)
    assert result["attributions"]["items"][0]["speaker_right"]

    def unresolved(doc: Document) -> Analysis:
        a = anonymous(doc)
        a.attributions[0].anonymous = False  # no speaker, but not marked anonymous either
        return a

    (result,) = evaluate_gold(root, analyze=unresolved)
    assert not result["attributions"]["items"][0]["speaker_right"]


def test_missing_text_is_a_clear_error(tmp_path: Path):
    root = gold_dir(tmp_path)
    (root / "smith-jones" / "en.txt").unlink()
    run = subprocess.run([sys.executable, "-m", "dossier", "eval", "gold", str(root)], capture_output=True, text=True)
    assert run.returncode == 2 and "no en.txt" in run.stderr and "Traceback" not in run.stderr


def oracle(doc: Document) -> Analysis:
    """The gold itself as an analysis: what a perfect pipeline returns."""
    folder = Path(doc.path).parent
    gold = json.loads((folder / f"{doc.language}.gold.json").read_text(encoding="utf-8"))

    def s(d: dict[str, Any] | None) -> Span | None:
        return Span(d["start"], d["end"]) if d else None

    return Analysis(
        document=doc,
        entities=[Entity(e["start"], e["end"], e["type"], actor=e["actor"]) for e in gold["entities"]],
        actors=[Actor(a["id"], a["type"], a["name"]) for a in gold["actors"]],
        attributions=[
            Attribution(
                a["id"],
                a["kind"],
                s(a["content"]),
                s(a.get("cue")),
                s(a.get("source")),
                speaker=a["speaker"],
                anonymous=a["speaker"] is None,
            )
            for a in gold["attributions"]
        ],
        events=[Event(e["type"], s(e["trigger"]), e["date"], e["place"], e["participants"]) for e in gold["events"]],
        stances=[
            Stance(t["actor"], gold["issue"]["id"], t["polarity"], hedged=bool(t.get("hedged")))
            for t in gold["stances"]
        ],
    )


def test_reference_article_bars_pass_for_a_perfect_analysis_and_fail_for_none():
    root = SHARED / "gold"
    if not root.exists():
        pytest.skip("shared gold data not present")
    results = evaluate_gold(root, analyze=oracle)
    assert {r["language"] for r in results} == {"en", "uk", "ru"}
    for r in results:
        assert r["bars"]["all"], r["bars"]
        assert r["entities"]["lenient"]["f1"] == 1.0
        assert r["attributions"]["required_right_speaker"] == 5 and r["attributions"]["spurious"] == 0
        assert r["stances"]["right"] == r["stances"]["required"] == 6
    for r in evaluate_gold(root, language="uk", analyze=lambda d: Analysis(document=d)):
        assert not any(v for k, v in r["bars"].items() if k != "spurious_attributions")


def test_align_actors_falls_back_to_the_same_id():
    doc = Document(text="x")
    gold = {"actors": [{"id": "nato"}], "entities": []}
    assert align_actors(Analysis(document=doc, actors=[Actor("nato", "ORG", "NATO")]), gold) == {"nato": "nato"}


def test_find_gold_filters_by_language(tmp_path: Path):
    root = gold_dir(tmp_path)
    assert [g.language for g in find_gold(root)] == ["en"]
    with pytest.raises(ValueError, match="for 'uk'"):
        find_gold(root, "uk")


def test_saved_analysis_json_scores_like_the_analysis_itself(tmp_path: Path):
    from dossier.eval.gold import saved_analyses

    root = gold_dir(tmp_path)
    (expected,) = evaluate_gold(root, analyze=analyze)
    text = (root / "smith-jones" / "en.txt").read_text(encoding="utf-8")
    doc = Document(text=text, language="en", published="2025-11-19")
    saved = tmp_path / "saved.jsonl"
    saved.write_text(json.dumps(analyze(doc).to_json(), ensure_ascii=False) + "\n", encoding="utf-8")
    (result,) = evaluate_gold(root, analyze=saved_analyses([saved]))
    assert result == expected

    run = subprocess.run(
        [sys.executable, "-m", "dossier", "eval", "gold", str(root), "--analysis", str(saved), "--json"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert json.loads(run.stdout)["results"] == [expected]
