import json
import subprocess
import sys
from pathlib import Path

from dossier.eval.bench import bench, corpus_layout, load_documents
from dossier.records import Analysis, Document


def test_layouts_are_recognised(tmp_path: Path):
    (tmp_path / "polnear" / "text").mkdir(parents=True)
    (tmp_path / "polnear" / "attributions").mkdir()
    (tmp_path / "fre").mkdir()
    (tmp_path / "fre" / "book_1.spans").write_text("", encoding="utf-8")
    (tmp_path / "conll").mkdir()
    (tmp_path / "conll" / "eng.testa").write_text("-DOCSTART- -X- O O\n\nEU NNP I-NP I-ORG\n", encoding="utf-8")
    (tmp_path / "plain").mkdir()
    (tmp_path / "plain" / "a.txt").write_text("text", encoding="utf-8")
    assert corpus_layout(tmp_path / "polnear") == "polnear"
    assert corpus_layout(tmp_path / "fre") == "factrueval"
    assert corpus_layout(tmp_path / "conll") == "conll"
    assert corpus_layout(tmp_path / "conll" / "eng.testa") == "conll"
    assert corpus_layout(tmp_path / "plain") == "txt"


def test_bench_times_every_document_after_a_warm_up(tmp_path: Path):
    for name, text in [("a.txt", "One.\r\n"), ("b.txt", "Two words."), ("c.txt", "Three")]:
        (tmp_path / name).write_text(text, encoding="utf-8", newline="")
    docs = load_documents(tmp_path, language="en", limit=2)
    assert [d.text for d in docs] == ["One.\r\n", "Two words."]
    seen: list[str] = []

    def analyze(doc: Document) -> Analysis:
        seen.append(doc.text)
        return Analysis(document=doc)

    result = bench(docs, analyze=analyze, one_core=False)  # pinning would pin the test process too
    assert seen == ["One.\r\n", "One.\r\n", "Two words."]  # the first document warms the pipeline up
    assert result["docs"] == 2 and result["chars"] == 16
    assert result["docs_per_second"] > 0 and result["peak_rss_mb"] > 10
    assert result["by_language"]["en"]["docs"] == 2


def test_cli_json(tmp_path: Path):
    (tmp_path / "a.txt").write_text("Some text to time.", encoding="utf-8")
    run = subprocess.run(
        [sys.executable, "-m", "dossier", "bench", "analyze", str(tmp_path), "--lang", "xx", "--json"],
        capture_output=True,
        text=True,
        check=True,
    )
    result = json.loads(run.stdout)
    assert result["layout"] == "txt" and result["docs"] == 1 and result["chars"] == 18
    assert result["pinned_to_cpu"] is not None  # one core, as the speed bars are stated
    missing = subprocess.run(
        [sys.executable, "-m", "dossier", "bench", "analyze", str(tmp_path / "none")], capture_output=True, text=True
    )
    assert missing.returncode == 2 and "no such file" in missing.stderr
