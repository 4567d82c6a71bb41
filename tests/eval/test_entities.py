import json
import subprocess
import sys
from pathlib import Path

import pytest

from dossier.eval.entities import EntityScores, evaluate_entities
from dossier.records import Entity

SHARED = Path(__file__).resolve().parents[2] / ".." / "shared"


def test_exact_and_lenient_scores_on_a_hand_made_pair():
    gold = [(0, 5, "PER"), (10, 20, "ORG"), (30, 35, "LOC"), (40, 45, "MISC")]
    pred = [
        (0, 5, "PER"),  # right
        (10, 15, "ORG"),  # lenient only
        (30, 35, "PER"),  # wrong type
        (40, 45, "LOC"),  # on a MISC span: wrong
        (50, 55, "MISC"),  # not scored
    ]
    s = EntityScores()
    s.add_document(gold, pred)
    assert (s.exact.tp, s.exact.pred, s.exact.gold) == (1, 4, 3)
    assert round(s.exact.f1, 4) == 0.2857
    assert (s.lenient.tp, round(s.lenient.precision, 4), round(s.lenient.recall, 4)) == (2, 0.5, 0.6667)
    assert round(s.lenient.f1, 4) == 0.5714
    assert s.exact_by_type["PER"].to_json()["precision"] == 0.5
    assert s.lenient_by_type["ORG"].f1 == 1.0
    assert s.exact_by_type["LOC"].tp == 0


def test_lenient_matching_is_one_to_one():
    s = EntityScores()
    s.add_document([(0, 10, "PER")], [(0, 4, "PER"), (5, 10, "PER")])
    assert (s.lenient.tp, s.lenient.pred, s.lenient.gold) == (1, 2, 1)


def _conll(tmp_path: Path) -> Path:
    path = tmp_path / "eng.testa"
    path.write_text(
        "-DOCSTART- -X- O O\n\nEU NNP I-NP I-ORG\nrejects VBZ I-VP O\nGerman JJ I-NP I-MISC\n\n"
        "Peter NNP I-NP I-PER\nBlackburn NNP I-NP I-PER\n",
        encoding="utf-8",
    )
    return path


def test_evaluate_any_callable_on_a_corpus(tmp_path: Path):
    def capitalised_words_are_people(text: str) -> list[Entity]:
        out, pos = [], 0
        for word in text.split():
            start = text.index(word, pos)
            pos = start + len(word)
            if word[0].isupper():
                out.append(Entity(start, pos, "PER", text=word))
        return out

    scores = evaluate_entities(_conll(tmp_path), "conll", predict=capitalised_words_are_people, collect_errors=True)
    # EU, German, Peter, Blackburn predicted PER; gold: EU ORG, Peter Blackburn PER (German MISC)
    assert (scores.exact.tp, scores.exact.pred, scores.exact.gold) == (0, 4, 2)
    assert (scores.lenient.tp, scores.lenient.pred) == (1, 4)
    assert scores.docs == 1 and scores.chars == len("EU rejects German\nPeter Blackburn")
    assert [(e["error"], e["type"], e["text"], e.get("gold_type")) for e in scores.errors] == [
        ("missed", "ORG", "EU", None),
        ("missed", "PER", "Peter Blackburn", None),
        ("spurious", "PER", "EU", "ORG"),
        ("spurious", "PER", "German", "MISC"),
        ("spurious", "PER", "Peter", None),
        ("spurious", "PER", "Blackburn", None),
    ]


def test_cli_prints_json_and_refuses_a_bad_format(tmp_path: Path):
    path = _conll(tmp_path)
    run = subprocess.run(
        [sys.executable, "-m", "dossier", "eval", "entities", str(path), "--format", "conll", "--lang", "xx", "--json"],
        capture_output=True,
        text=True,
        check=True,
    )
    result = json.loads(run.stdout)
    assert result["exact"]["gold"] == 2 and result["docs"] == 1 and result["language"] == "xx"
    bad = subprocess.run(
        [sys.executable, "-m", "dossier", "eval", "entities", str(path), "--format", "brat"],
        capture_output=True,
        text=True,
    )
    assert bad.returncode == 2 and "unknown --format" in bad.stderr and "Traceback" not in bad.stderr


@pytest.mark.slow
def test_gold_counts_of_the_development_corpora():
    """The readers see every mention of the shared development sets (standard counts)."""
    conll = SHARED / "eval" / "conll2003-dev" / "eng.testa"
    if not conll.exists():
        pytest.skip("shared evaluation data not present")
    scores = evaluate_entities(conll, "conll", predict=lambda text: [])
    assert scores.docs == 216
    assert {t: m.gold for t, m in scores.exact_by_type.items()} == {"PER": 1842, "ORG": 1341, "LOC": 1837}


def test_lenient_errors_name_misses_false_alarms_and_boundaries():
    from dossier.eval.entities import lenient_errors

    text = "Army Secretary Dan Driscoll visited Kyiv and Lviv."
    gold = [(15, 27, "PER"), (36, 40, "LOC"), (45, 49, "LOC")]
    pred = [(0, 27, "PER"), (36, 40, "LOC"), (0, 4, "ORG")]
    assert [(e["error"], e["text"], e.get("gold")) for e in lenient_errors(text, gold, pred)] == [
        ("spurious", "Army", None),
        ("boundary", "Army Secretary Dan Driscoll", "Dan Driscoll"),
        ("missed", "Lviv", None),
    ]
