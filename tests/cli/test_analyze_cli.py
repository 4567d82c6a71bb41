"""``dossier analyze`` end to end, as a user runs it (a subprocess of the installed command)."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

# A language with no pipeline of its own gets the default one, which loads no models:
# these tests are about reading inputs and writing JSON, and stay fast.
NO_MODELS = ["--lang", "xx"]


def dossier(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([sys.executable, "-m", "dossier", *args], input=stdin, capture_output=True)


def test_txt_text_is_kept_exactly(tmp_path: Path):
    raw = "  \ufeffLeading spaces,\r\nWindows line ends\r\n\r\nand a last line without one".encode()
    path = tmp_path / "article.txt"
    path.write_bytes(raw)
    run = dossier("analyze", str(path), *NO_MODELS, "--published", "2025-11-22", "--json")
    assert run.returncode == 0, run.stderr
    result = json.loads(run.stdout)
    assert result["schema"] == "dossier.analysis/1"
    assert result["document"]["text"] == raw.decode()
    assert result["document"]["path"] == str(path)
    assert result["document"]["published"] == "2025-11-22"
    assert result["document"]["language"] == "xx"


def test_stdin(tmp_path: Path):
    run = dossier("analyze", "-", *NO_MODELS, "--json", stdin="\r\n  Київ, 20 листопада.\r\n".encode())
    assert run.returncode == 0, run.stderr
    assert json.loads(run.stdout)["document"]["text"] == "\r\n  Київ, 20 листопада.\r\n"


def test_jsonl_records_and_their_errors(tmp_path: Path):
    path = tmp_path / "docs.jsonl"
    lines = [
        json.dumps({"text": " first\n", "title": "One", "published": "2025-11-20"}),
        "{not json",
        json.dumps({"title": "no text"}),
        json.dumps({"text": "second", "path": "kept/path.txt"}),
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    run = dossier("analyze", str(path), *NO_MODELS)  # no flag: a human summary
    assert run.returncode == 0 and f"== {path}:1 (xx, 7 chars, published 2025-11-20)".encode() in run.stdout
    run = dossier("analyze", str(path), *NO_MODELS, "--jsonl")
    assert run.returncode == 0
    out = [json.loads(line) for line in run.stdout.decode().splitlines()]
    assert [o["document"]["text"] for o in out] == [" first\n", "second"]
    assert [o["document"]["path"] for o in out] == [f"{path}:1", "kept/path.txt"]
    assert out[0]["document"]["title"] == "One" and out[0]["document"]["published"] == "2025-11-20"
    errors = run.stderr.decode()
    assert f"{path}:2: not valid JSON" in errors and f"{path}:3: the record has neither" in errors
    assert "Traceback" not in errors

    path.write_bytes("\n".join(lines).encode("utf-16"))  # refused whole, not as a line of garbage each
    run = dossier("analyze", str(path), *NO_MODELS, "--jsonl")
    assert run.returncode == 1 and run.stdout == b""
    assert f"{path}: JSON Lines must be UTF-8, this file is UTF-16".encode() in run.stderr


def test_directory_gives_one_line_per_document(tmp_path: Path):
    (tmp_path / "b.txt").write_text("Bee", encoding="utf-8")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "a.txt").write_text("Ay", encoding="utf-8")
    (tmp_path / "notes.csv").write_text("x,y", encoding="utf-8")
    (tmp_path / ".hidden").mkdir()
    (tmp_path / ".hidden" / "c.txt").write_text("hidden", encoding="utf-8")
    run = dossier("analyze", str(tmp_path), *NO_MODELS, "--json")  # several documents: JSON lines
    assert run.returncode == 0, run.stderr
    out = [json.loads(line) for line in run.stdout.decode().splitlines()]
    assert [(Path(o["document"]["path"]).name, o["document"]["text"]) for o in out] == [
        ("b.txt", "Bee"),
        ("a.txt", "Ay"),
    ]


def test_bad_inputs_are_reported_and_the_rest_go_on(tmp_path: Path):
    good = tmp_path / "good.txt"
    good.write_text("Fine.", encoding="utf-8")
    latin1 = tmp_path / "latin1.txt"
    latin1.write_bytes("café".encode("latin-1"))
    empty = tmp_path / "empty.txt"
    empty.write_text("  \n", encoding="utf-8")
    run = dossier("analyze", str(tmp_path / "missing.txt"), str(latin1), str(empty), str(good), *NO_MODELS, "--json")
    assert run.returncode == 0
    assert json.loads(run.stdout)["document"]["text"] == "Fine."  # the one good input: one object
    errors = run.stderr.decode()
    assert "missing.txt: no such file or directory" in errors
    assert "latin1.txt: not UTF-8 text" in errors and "empty.txt: the input holds no text" in errors
    assert "Traceback" not in errors

    nothing = dossier("analyze", str(latin1), *NO_MODELS)
    assert nothing.returncode == 1 and b"nothing could be analysed" in nothing.stderr
    bad_date = dossier("analyze", str(good), "--published", "22.11.2025")
    assert bad_date.returncode == 2 and b"YYYY-MM-DD" in bad_date.stderr
    bad_lang = dossier("analyze", str(good), "--lang", "english")
    assert bad_lang.returncode == 2 and b"not a language code" in bad_lang.stderr


def test_a_text_over_the_analysis_limit_is_refused_with_its_reason_and_the_rest_go_on(tmp_path: Path):
    (tmp_path / "long.txt").write_text("Word. " * 50, encoding="utf-8")
    (tmp_path / "short.txt").write_text("A short note.", encoding="utf-8")
    run = subprocess.run(
        [sys.executable, "-m", "dossier", "analyze", str(tmp_path), *NO_MODELS, "--jsonl"],
        capture_output=True,
        env={**os.environ, "DOSSIER_MAX_CHARS": "100"},
    )
    assert run.returncode == 0, run.stderr
    assert [json.loads(line)["document"]["text"] for line in run.stdout.splitlines()] == ["A short note."]
    errors = run.stderr.decode()
    assert "long.txt: analysis failed: TextTooLong: the text has 300 characters" in errors
    assert "limit of 100 (set DOSSIER_MAX_CHARS to raise it" in errors


def test_html_is_extracted(tmp_path: Path):
    page = tmp_path / "page.html"
    body = "<p>" + " ".join(["The minister said the talks in Kyiv went well."] * 8) + "</p>"
    page.write_text(f"<html><head><title>Talks</title></head><body><article>{body}</article></body></html>")
    run = dossier("analyze", str(page), *NO_MODELS, "--json")
    assert run.returncode == 0, run.stderr
    doc = json.loads(run.stdout)["document"]
    assert "talks in Kyiv" in doc["text"] and doc["path"] == str(page) and doc["language"] == "xx"


@pytest.mark.slow
@pytest.mark.parametrize("lang", ["en", "uk", "ru"])
def test_every_span_indexes_the_text(tmp_path: Path, lang: str):
    """With the real pipelines, every offset points at the characters it names, whatever the line ends."""
    texts = {
        "en": "\r\n  Army Secretary Dan Driscoll visited Kyiv on Thursday.\r\n“We are ready,” he said.\r\n",
        "uk": "\r\n  Міністр армії США Ден Дрісколл відвідав Київ.\r\n«Ми готові», — сказав він.\r\n",
        "ru": "\r\n  Министр армии США Дэн Дрисколл посетил Киев.\r\n«Мы готовы», — сказал он.\r\n",
    }
    path = tmp_path / f"{lang}.txt"
    path.write_bytes(texts[lang].encode())
    run = dossier("analyze", str(path), "--lang", lang, "--published", "2025-11-22", "--json")
    assert run.returncode == 0, run.stderr
    result = json.loads(run.stdout)
    text = result["document"]["text"]
    assert text == texts[lang]
    for e in result["entities"]:
        assert text[e["start"] : e["end"]] == e["text"]
    for a in result["attributions"]:
        for role in ("content", "cue", "source"):
            if a[role]:
                assert text[a[role]["start"] : a[role]["end"]] == a[role]["text"]


@pytest.mark.slow
@pytest.mark.parametrize(
    ("lang", "text", "speaker"),
    [
        ("en", "\ufeffZelensky said: “We 🇺🇦 will win 😀.”\r\n", "volodymyr-zelensky"),
        ("uk", "\ufeffЗеленський заявив, що план потребує змін.\r\n", "volodymyr-zelensky"),
    ],
)
def test_a_byte_order_mark_is_kept_and_hides_no_name(tmp_path: Path, lang: str, text: str, speaker: str):
    """A file saved with a BOM: the text keeps it (offsets count it), and the name glued to it is still found."""
    path = tmp_path / f"{lang}.txt"
    path.write_bytes(text.encode())
    run = dossier("analyze", str(path), "--lang", lang, "--json")
    assert run.returncode == 0, run.stderr
    result = json.loads(run.stdout)
    assert result["document"]["text"] == text
    [attribution] = result["attributions"]
    assert attribution["speaker"] == speaker
    assert attribution["source"]["text"] == text[1 : text.index(" ")]
    assert all(text[e["start"] : e["end"]] == e["text"] for e in result["entities"])
