import json
import subprocess
import sys
from pathlib import Path

import pytest

from dossier.eval.attribution import evaluate_attribution
from dossier.eval.attribution_corpora import read_polnear
from dossier.records import Attribution, Span

TEXT = "“We will win,” she said. The mayor said that taxes will fall. Rain is expected, officials warned."
SHARED = Path(__file__).resolve().parents[2] / ".." / "shared"


def at(s: str, after: int = 0) -> tuple[int, int]:
    start = TEXT.index(s, after)
    return start, start + len(s)


def brat(label: str, s: str) -> str:
    start, end = at(s)
    return f"{label} {start} {end}\t{s}"


def polnear(tmp_path: Path) -> Path:
    (tmp_path / "text").mkdir()
    (tmp_path / "attributions").mkdir()
    (tmp_path / "text" / "a_2016.txt").write_text(TEXT, encoding="utf-8")
    ann = "\n".join(
        [
            "T1\t" + brat("Content", "“We will win,”"),
            "T2\t" + brat("Source", "she"),
            "T3\t" + brat("Cue", "said"),
            "T4\t" + brat("Attribution", "said"),
            "E1\tAttribution:T4 Content:T1 Cue:T3 Source:T2",
            "T5\t" + brat("Content", "taxes will fall"),
            "T6\t" + brat("Source", "The mayor"),
            "E2\tAttribution:T4 Content:T5 Source:T6",
            "T7\t" + brat("Content", "Rain is expected"),
            "T8\t" + brat("Source", "officials"),
            "E3\tAttribution:T4 Content:T7 Source:T8",
            "T9\t" + brat("Discard", "Rain"),
        ]
    )
    (tmp_path / "attributions" / "a_2016_b2.ann").write_text(ann, encoding="utf-8")
    # a second annotator's file: sorted after the first, so not scored
    (tmp_path / "attributions" / "a_2016_c3.ann").write_text("", encoding="utf-8")
    return tmp_path


def predict(text: str, language: str) -> list[Attribution]:
    def span(s: str) -> Span:
        return Span(*at(s))

    return [
        # direct quote without its marks: 11 of 14 characters shared, so found; source right
        Attribution("p1", "direct", span("We will win"), source=span("she")),
        # 10 of 15 characters: found; the source is wrong
        Attribution("p2", "indirect", span("taxes will"), source=span("taxes")),
        # 4 of 16: not found
        Attribution("p3", "indirect", span("Rain"), source=span("officials")),
        Attribution("p4", "indirect", span("The mayor said")),
    ]


def test_polnear_reader_takes_the_first_annotator_and_marks_quotes(tmp_path: Path):
    (doc,) = read_polnear(polnear(tmp_path))
    assert doc.name == "a_2016" and doc.language == "en"
    assert [a.kind for a in doc.attributions] == ["direct", None, None]
    assert doc.attributions[0].cue == (at("said"),)
    assert doc.attributions[1].source == (at("The mayor"),)


def test_scores_on_a_hand_made_pair(tmp_path: Path):
    report = evaluate_attribution(polnear(tmp_path), predict=predict).to_json()
    (group,) = report["groups"]
    assert (group["language"], group["relays"]) == ("en", "included")
    every = group["all"]
    assert (every["content"]["tp"], every["content"]["pred"], every["content"]["gold"]) == (2, 4, 3)
    assert every["content"]["f1"] == 0.5714
    assert every["end_to_end"]["tp"] == 1 and every["end_to_end"]["f1"] == 0.2857
    assert every["source_accuracy"] == 0.5
    # "taxes" shares characters with nothing in "The mayor": still wrong under the looser rule
    assert every["source_accuracy_any_overlap"] == 0.5
    direct = group["direct"]
    assert (direct["content"]["tp"], direct["content"]["pred"], direct["content"]["gold"]) == (1, 1, 1)
    assert direct["end_to_end"]["f1"] == 1.0


def ukru(tmp_path: Path) -> Path:
    ru = "Иванов заявил, что цены вырастут, сообщает ТАСС."
    uk = "«Все буде добре», — сказав Петренко."

    def sp(text: str, s: str) -> list[list[int]]:
        start = text.index(s)
        return [[start, start + len(s)]]

    records = [
        {
            "doc": "ru-1",
            "lang": "ru",
            "text": ru,
            "attributions": [
                {
                    "content": sp(ru, "цены вырастут"),
                    "cue": sp(ru, "заявил"),
                    "source": sp(ru, "Иванов"),
                    "speaker": "Иванов",
                    "kind": "indirect",
                    "relay": False,
                },
                {
                    "content": sp(ru, "Иванов заявил, что цены вырастут"),
                    "cue": sp(ru, "сообщает"),
                    "source": sp(ru, "ТАСС"),
                    "speaker": "ТАСС",
                    "kind": "indirect",
                    "relay": True,
                },
            ],
        },
        {
            "doc": "uk-1",
            "lang": "uk",
            "text": uk,
            "attributions": [
                {
                    "content": sp(uk, "Все буде добре"),
                    "cue": sp(uk, "сказав"),
                    "source": sp(uk, "Петренко"),
                    "speaker": "Петренко",
                    "kind": "direct",
                    "relay": False,
                },
            ],
        },
    ]
    path = tmp_path / "dev.jsonl"
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in records) + "\n", encoding="utf-8")
    return path


def test_ukru_scored_with_and_without_relays(tmp_path: Path):
    def only_the_minister(text: str, language: str) -> list[Attribution]:
        if language != "ru":
            return []
        start = text.index("цены вырастут")
        return [Attribution("p1", "indirect", Span(start, start + 13), source=Span(0, 6))]

    report = evaluate_attribution(ukru(tmp_path), predict=only_the_minister).to_json()
    groups = {(g["language"], g["relays"]): g for g in report["groups"]}
    assert set(groups) == {(lang, r) for lang in ("ru", "uk", "all") for r in ("included", "excluded")}
    assert groups["ru", "included"]["all"]["content"]["recall"] == 0.5
    assert groups["ru", "excluded"]["all"]["content"]["f1"] == 1.0
    assert groups["ru", "excluded"]["all"]["end_to_end"]["f1"] == 1.0
    assert groups["uk", "included"]["direct"]["content"]["gold"] == 1
    assert groups["all", "excluded"]["all"]["content"]["gold"] == 2

    only_uk = evaluate_attribution(ukru(tmp_path), language="uk", predict=only_the_minister).to_json()
    assert only_uk["docs"] == 1 and [g["language"] for g in only_uk["groups"]] == ["uk", "uk"]


def test_cli_on_a_bad_path_is_a_clear_error(tmp_path: Path):
    run = subprocess.run(
        [sys.executable, "-m", "dossier", "eval", "attribution", str(tmp_path / "nothing")],
        capture_output=True,
        text=True,
    )
    assert run.returncode == 2 and "no such file" in run.stderr and "Traceback" not in run.stderr


@pytest.mark.slow
def test_quotation_marks_baseline_on_polnear_dev():
    """A quotation-marks-only baseline finds direct quotes and no sources, as issue 3 describes."""
    import re

    dev = SHARED / "eval" / "polnear-dev"
    if not dev.exists():
        pytest.skip("shared evaluation data not present")

    def quotes(text: str, language: str) -> list[Attribution]:
        return [
            Attribution(str(i), "direct", Span(m.start(), m.end()))
            for i, m in enumerate(re.finditer(r'“[^”]+”|"[^"\n]+"', text))
            if len(m[0].split()) >= 3
        ]

    (group,) = evaluate_attribution(dev, predict=quotes).to_json()["groups"]
    assert group["all"]["content"]["gold"] == 2192  # first annotator of each of the 84 texts
    assert 0.5 < group["direct"]["content"]["f1"] < 0.75
    assert group["all"]["end_to_end"]["f1"] < 0.05


def test_errors_list_what_went_wrong(tmp_path: Path):
    report = evaluate_attribution(polnear(tmp_path), predict=predict, collect_errors=True).to_json()
    assert [(e["error"], e["content"]) for e in report["errors"]] == [
        ("missed", "Rain is expected"),
        ("spurious", "Rain"),
        ("spurious", "The mayor said"),
        ("source", "taxes will"),
    ]
    assert report["errors"][-1]["gold_source"] == "The mayor"
